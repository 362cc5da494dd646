"""A bias's backward step written out like a matrix product's: ∂L/∂b = 1ᵀ · ∂L/∂Z, the
column sums of ∂L/∂Z, with one entry as a sum a student adds by hand. The numbers are the
engine's (the recorded upstream and contribution), the shown terms add up to the shown
entry, and the entry is the loss's derivative by finite differences."""

from __future__ import annotations

import math
import re

import numpy as np
import pytest

from core.autodiff.engine import run as engine_run
from core.autodiff.notation import format_number
from core.autodiff.trace import BackwardStep
from core.documents.document import Document
from core.documents.examples import load_example
from core.teaching.matrix_step import bias_step, matrix_step, shown_number, written_out
from core.teaching.slides import DeckOptions
from core.training.nn import NetworkSpec


def documents() -> dict[str, Document]:
    return {
        "lego_regression": load_example("lego_regression"),
        "lego_classification": load_example("lego_classification"),
        "layers 2-3-2 on 5 samples": Document.from_network(
            NetworkSpec((2, 3, 2), granularity="layer", seed=3), samples=5
        ),
    }


def bias_positions(run) -> list[int]:
    """Backward steps from a sum into an argument broadcast over the rows (found from the
    shapes, independently of bias_step)."""
    out = []
    for k, s in enumerate(run.trace.steps, start=1):
        if (
            isinstance(s, BackwardStep)
            and run.graph[s.source].op == "add"
            and np.ndim(s.upstream) == 2
            and np.shape(s.contribution) != np.shape(s.upstream)
        ):
            out.append(k)
    return out


@pytest.fixture(scope="module", params=list(documents()))
def case(request):
    document = documents()[request.param]
    return document, engine_run(document.build())


def test_every_bias_step_is_the_column_sums_of_the_recorded_upstream(case):
    _, run = case
    positions = bias_positions(run)
    assert positions
    for k in positions:
        step = run.trace[k - 1]
        m = bias_step(run.graph, run.trace, k)
        assert m is not None and m.column_sum and written_out(run.graph, run.trace, k) == m
        upstream = np.asarray(step.upstream, dtype=float)
        contribution = np.asarray(step.contribution, dtype=float).reshape(-1)
        samples, columns = upstream.shape
        w = m.worked
        assert w.value == contribution[w.column]  # the recorded entry itself
        assert [b for _, b in w.pairs] == list(upstream[:, w.column])
        assert all(a == 1.0 for a, _ in w.pairs)
        assert math.fsum(b for _, b in w.pairs) == pytest.approx(w.value, rel=1e-12, abs=1e-15)
        np.testing.assert_allclose(upstream.sum(axis=0), contribution, rtol=1e-12, atol=1e-15)
        assert m.formula == f"{m.result_name} = 1ᵀ · {m.right.name}"
        assert m.left.shape == (1, samples) and m.right.shape == (samples, columns)
        assert m.result.shape in ((columns,), (1, columns))
        assert m.shapes == f"{m.result.shape_text} = [1×{samples}] · [{samples}×{columns}]"
        assert m.left.corner[0] == ("1",) * min(samples, 4)
        assert m.result.corner[0][w.column] == format_number(w.value)  # one the page shows


def test_the_terms_as_shown_add_up_to_the_entry_as_shown(case):
    _, run = case
    for k in bias_positions(run):
        m = bias_step(run.graph, run.trace, k)
        text = m.worked_text()
        entry, rule, terms, total = text.split(" = ")
        assert entry == f"{m.result_name}[{m.worked.column + 1}]"
        assert rule == f"Σₖ {m.right.name}[k,{m.worked.column + 1}]"
        shown = [shown_number(t.strip("()")) for t in terms.split(" + ")]
        assert len(shown) == len(m.worked.pairs)  # these networks have at most 5 samples
        assert "·" not in terms  # a sum to add, no products by one
        assert format_number(math.fsum(shown)) == total == format_number(m.worked.value)


def test_the_entry_is_the_loss_derivative_by_finite_differences(case):
    _, run = case
    for k in bias_positions(run):
        step = run.trace[k - 1]
        m = bias_step(run.graph, run.trace, k)
        bias = np.array(run.values[step.target], dtype=float)
        index = (m.worked.column,) if bias.ndim == 1 else (0, m.worked.column)
        h = 1e-6

        def loss(delta: float, bias=bias, index=index, target=step.target) -> float:
            nudged = bias.copy()
            nudged[index] += delta
            return engine_run(run.graph, {target: nudged}, record=False).objective

        estimate = (loss(h) - loss(-h)) / (2 * h)
        assert step.terms == 1  # a bias feeds one sum: this term is its whole gradient
        assert estimate == pytest.approx(m.worked.value, rel=1e-6, abs=1e-9)
        assert np.asarray(run.gradients[step.target]).reshape(-1)[m.worked.column] == (
            m.worked.value
        )


def test_other_steps_are_not_bias_steps(case):
    _, run = case
    biases = set(bias_positions(run))
    for k in range(1, len(run.trace) + 1):
        if k not in biases:
            assert bias_step(run.graph, run.trace, k) is None
        if matrix_step(run.graph, run.trace, k) is not None:
            assert written_out(run.graph, run.trace, k) == matrix_step(run.graph, run.trace, k)
    neuron = engine_run(load_example("neuron").build())  # numbers, not matrices: no panel
    assert all(bias_step(neuron.graph, neuron.trace, k) is None for k in range(1, 30))


def test_a_bias_page_writes_the_column_sum_out(qapp, tmp_path):
    import pypdfium2 as pdfium

    from gui.export.writers import write_pdf

    document = load_example("lego_regression")
    run = engine_run(document.build())
    k = bias_positions(run)[-1]
    path = tmp_path / "bias.pdf"
    options = DeckOptions(steps=(k, k), title_page=False)
    assert write_pdf(run, path, document=document, options=options).pages == 1
    text = re.sub(r"\s+", "", pdfium.PdfDocument(str(path))[0].get_textpage().get_text_range())
    m = bias_step(run.graph, run.trace, k)
    for part in (m.formula, m.shapes, "Add up one column: " + m.worked_text()):
        assert re.sub(r"\s+", "", part) in text
