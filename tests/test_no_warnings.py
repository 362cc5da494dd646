"""No NumPy warning reaches the terminal: every example, with its own values and with values
that overflow (±1e200), underflow (1e-320) or vanish (0), run, explained step by step and node by
node (chain expansions included), gradient-checked, turned into questions and trained until it
diverges, all with warnings as errors."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

from core.autodiff.engine import run
from core.documents.examples import example_names, load_example
from core.teaching.chain import cost_summary, expand
from core.teaching.explain import describe_step, node_report, running_sum_text
from core.teaching.gradcheck import check_gradients
from core.teaching.predict import questions
from core.teaching.quiz import graph_questions

SCALES = (None, 1e200, -1e200, 1e-320, 0.0)


def scaled(name: str, scale: float | None):
    graph = load_example(name).build()
    if scale is not None:
        for leaf in graph.leaves():
            if not leaf.literal:
                shape = np.shape(leaf.value)
                graph.set_value(leaf.id, np.full(shape, scale) if shape else scale)
    return graph


@pytest.mark.parametrize("scale", SCALES)
@pytest.mark.parametrize("name", example_names())
def test_examples_explain_without_warnings(name, scale):
    graph = scaled(name, scale)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        result = run(graph)
        assert result.trace is not None
        for position in range(len(result.trace) + 1):
            describe_step(graph, result.trace, position)
        for node_id in graph.order():
            node_report(result, node_id)
            expand(result, node_id)
            running_sum_text(graph, result.trace, node_id, len(result.trace))
        cost_summary(graph)
        check_gradients(graph, {})
        questions(graph, result.trace)
        graph_questions(result)


def test_a_chain_product_that_overflows_is_inf_without_a_warning():
    graph = scaled("linear_collapse", 1e200)
    result = run(graph)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        paths = [p for nid in graph.order() for p in expand(result, nid).paths]
    assert any(p.product is not None and not np.all(np.isfinite(p.product)) for p in paths)


@pytest.mark.parametrize("name", ["paired_regression", "xor", "lego_regression"])
def test_training_until_it_diverges_gives_no_warning(name):
    from core.autodiff.graph import Role
    from core.training.train import TrainConfig, Trainer

    document = load_example(name)
    graph = document.network().graph if document.source_kind == "network" else document.build()
    data = {
        leaf.id: np.asarray(leaf.value, dtype=float)
        for leaf in graph.leaves()
        if leaf.role is Role.INPUT and np.ndim(leaf.value) >= 1
    }
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        trainer = Trainer(graph, data, None, TrainConfig(learning_rate=1e6, max_epochs=200))
        result = trainer.run()
    assert result is not None  # diverged, or saturated (xor's sigmoids): no warning either way


def test_python_parser_warnings_never_reach_the_terminal():
    """`1if x` makes Python's parser warn (SyntaxWarning: invalid decimal literal); a program
    typed in the editor gets our message or a graph, never Python's warning."""
    import contextlib
    import warnings

    from core.lang.expr import ProgramError, parse

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for text in ("x = 1\nloss = 1if x else 2\n", "x = 1\nloss = 0x1for\n", "loss = 1e400abc\n"):
            with contextlib.suppress(ProgramError):
                parse(text)
    assert [str(w.message) for w in caught] == []


def test_every_parse_of_typed_text_is_quiet():
    """Python's parser is called in one place only, core.lang.program_literals.parse_quietly, so no
    new caller can let its SyntaxWarning reach the terminal; and the callers that decide about
    typed text (a new program or an edit; a literal set from the window) stay quiet."""
    import re
    import warnings
    from pathlib import Path

    from core.lang.program_literals import assigned_names, set_literal

    root = Path(__file__).resolve().parents[1]
    callers = [
        str(path.relative_to(root))
        for folder in ("core", "gui")
        for path in (root / folder).rglob("*.py")
        if re.search(r"\bast\.parse\(", path.read_text(encoding="utf-8"))
    ]
    # gui/sibling_core.py parses gui's own modules as the installed package imports them (what
    # Python's import would compile anyway), never typed text
    assert [Path(c).name for c in callers] == ["program_literals.py", "sibling_core.py"]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert assigned_names("x = 1\nloss = 1if x else 2\n") == {"x", "loss"}
        assert set_literal("x = 1\nloss = 1if x else 2\n", "x", 3.0) is not None
        assert assigned_names("loss = 0x1for\n") is None
    assert [str(w.message) for w in caught] == []


def test_telling_a_new_program_from_an_edit_does_not_warn_either():
    """The window compares the names two programs assign (Python's parser again): typed text
    like `1if x` must not print its SyntaxWarning there either (the monkey found it)."""
    import warnings

    from gui.document_controller import _new_program

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert not _new_program("x = 1\nloss = x\n", "x = 1\nloss = 1if x else 2\n")
        assert _new_program("x = 1\nloss = x\n", "w = 1if 1 else 0\nq = w\n")
    assert [str(w.message) for w in caught] == []
