"""Decks that teach: the opening pages, the finished run, the update of a trained run, a
range of steps, and a matrix product's backward step written out so one number can be
checked by hand (and is: the worked entry is the recorded gradient entry, the sum of its
products, and a finite-difference estimate of the loss's derivative)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from core.autodiff.engine import run as engine_run
from core.autodiff.notation import format_number
from core.autodiff.trace import BackwardStep
from core.documents.examples import example_names, load_example
from core.documents.recipe import run_from_trace
from core.teaching.explain import describe_step
from core.teaching.matrix_step import matrix_step
from core.teaching.slides import DeckOptions, Slide, finished_lines, update_lines
from core.training.train import recorded_update

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def lecture():
    document = load_example("lecture")
    return document, engine_run(document.build())


@pytest.fixture(scope="module")
def regression():
    document = load_example("lego_regression")
    return document, engine_run(document.build())


@pytest.fixture(autouse=True)
def _app(qapp):
    return qapp


def slides_of(run, **options):
    from gui.export.painting import deck_slides

    return deck_slides(run, DeckOptions(**options))


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


# ---------------------------------------------------------------------------- the plan


def test_a_deck_opens_with_the_program_and_the_whole_graph_and_ends_finished(lecture):
    _, run = lecture
    n = len(run.trace)
    slides = slides_of(run)
    assert slides[:2] == [Slide("title"), Slide("graph")]
    assert slides[-1] == Slide("finished", n, n)
    grouped = slides_of(run, group_layers=True)  # --group-layers stays
    assert grouped[:2] == slides[:2] and grouped[-1] == slides[-1]
    assert len(grouped) < len(slides) / 2


def test_steps_a_to_b_pick_a_range(lecture):
    _, run = lecture
    n = len(run.trace)
    middle = slides_of(run, steps=(10, 14))
    assert [s for s in middle if s.kind == "steps"] == [Slide("steps", k, k) for k in range(10, 15)]
    assert middle[-1].kind == "steps"  # the run is not finished at step 14
    end = slides_of(run, steps=(50, n), title_page=False)
    assert end[0] == Slide("steps", 50, 50) and end[-1] == Slide("finished", n, n)


def test_the_finished_run_lists_every_leafs_gradient_from_the_engine(lecture):
    _, run = lecture
    lines = finished_lines(run, len(run.trace))
    assert lines[0] == f"loss = {format_number(run.objective)}"
    graph = run.graph
    leaves = [n for n in graph.leaves() if not n.literal]
    assert len(lines) == 1 + len(leaves)
    for node in leaves:
        name = graph[node.id].display
        wanted = format_number(run.gradients[node.id])
        assert any(line.endswith(f" = {wanted}") and "∂loss/∂" in line for line in lines), name
    assert lines[1].startswith("∂loss/∂w")  # parameters first


def test_a_trained_run_ends_with_the_update(lecture):
    _, run = lecture
    trace, new_values = recorded_update(run.graph, learning_rate=0.5)
    trained = run_from_trace(run.graph, trace)
    end = next(k for k, s in enumerate(trace.steps) if s.kind == "update")
    slides = slides_of(trained)
    assert slides[-2:] == [Slide("finished", end, end), Slide("update", end + 1, len(trace))]
    lines = update_lines(trained, end + 1, len(trace))
    assert lines == [
        describe_step(trained.graph, trace, k).equation for k in range(end + 1, len(trace) + 1)
    ]
    assert any(line.endswith(f"= {format_number(new_values['w11'])}") for line in lines)
    forward_only = slides_of(trained, phase="forward")
    assert forward_only[-1].kind == "steps"


# ---------------------------------------------------------------------------- matrix steps


def matrix_positions(run):
    return [
        k
        for k, s in enumerate(run.trace.steps, start=1)
        if isinstance(s, BackwardStep) and run.graph[s.source].op == "matmul"
    ]


@pytest.mark.parametrize("name", ["lego_regression", "lego_classification"])
def test_every_matrix_step_is_written_out_with_numbers_from_the_trace(name):
    run = engine_run(load_example(name).build())
    positions = matrix_positions(run)
    assert positions
    for k in positions:
        step = run.trace[k - 1]
        m = matrix_step(run.graph, run.trace, k)
        assert m is not None
        contribution = np.asarray(step.contribution)
        w = m.worked
        assert w.value == contribution[w.row, w.column]  # the recorded entry itself
        assert sum(w.products) == pytest.approx(w.value, rel=1e-12, abs=1e-15)
        left, right = m.left.shape, m.right.shape
        assert left[1] == right[0] and m.result.shape == (left[0], right[1]) == contribution.shape
        assert (
            m.shapes
            == f"[{left[0]}×{left[1]}] = ".replace(f"[{left[0]}×{left[1]}]", m.result.shape_text)
            + f"{m.left.shape_text} · {m.right.shape_text}"
        )
        assert m.worked_text().endswith(f"= {format_number(w.value)}")
        if step.position == 1:
            assert "ᵀ · ∂" in m.formula  # ∂L/∂W = Xᵀ · ∂L/∂Z
        else:
            assert m.formula.endswith("ᵀ")  # ∂L/∂X = ∂L/∂Z · Wᵀ
    other = [k for k in range(1, len(run.trace) + 1) if k not in positions]
    assert all(matrix_step(run.graph, run.trace, k) is None for k in other)


def test_the_worked_entry_is_the_loss_derivative_by_finite_differences(regression):
    _, run = regression
    k = max(p for p in matrix_positions(run) if run.trace[p - 1].target == "W1")
    m = matrix_step(run.graph, run.trace, k)
    step = run.trace[k - 1]
    assert step.terms == 1  # W₁ feeds one product: this term is its whole gradient
    w = m.worked
    weights = np.array(run.values["W1"], dtype=float)
    h = 1e-6

    def loss(delta: float) -> float:
        nudged = weights.copy()
        nudged[w.row, w.column] += delta
        return engine_run(run.graph, {"W1": nudged}, record=False).objective

    estimate = (loss(h) - loss(-h)) / (2 * h)
    assert estimate == pytest.approx(w.value, rel=1e-6, abs=1e-9)
    assert run.gradients["W1"][w.row, w.column] == w.value


def test_the_worked_entry_is_one_the_page_shows(regression):
    _, run = regression
    for k in matrix_positions(run):
        m = matrix_step(run.graph, run.trace, k)
        shown = m.result.corner
        assert m.worked.row < len(shown) and m.worked.column < len(shown[0])
        assert shown[m.worked.row][m.worked.column] == format_number(m.worked.value)


# ---------------------------------------------------------------------------- the pages


def test_layer_pages_write_the_matrix_step_out(regression, tmp_path):
    from test_export import pdf_pages

    from gui.export.writers import write_pdf

    document, run = regression
    options = DeckOptions(group_layers=True)
    slides = slides_of(run, group_layers=True)
    path = tmp_path / "layers.pdf"
    write_pdf(run, path, document=document, options=options)
    pages = [squash(p.get_textpage().get_text_range()) for p in pdf_pages(path)]
    assert len(pages) == len(slides)
    last_matrix = max(matrix_positions(run))
    index = next(
        i for i, s in enumerate(slides) if s.kind == "steps" and last_matrix in s.positions
    )
    m = matrix_step(run.graph, run.trace, last_matrix)
    text = pages[index]
    assert squash(m.formula) in text and squash(m.shapes) in text
    assert squash(m.worked_text()) in text
    for row in m.left.corner[:2]:
        assert all(squash(entry) in text for entry in row)
    assert "Thewholegraph" in pages[1]
    assert "Everyvalueandgradient" in pages[-1]
    assert squash(f"∂loss/∂b₃ = {format_number(run.gradients['b3'])}") in pages[-1]


def test_a_whole_graph_too_large_to_read_is_split_into_readable_parts(regression):
    from gui.export.painting import DeckPainter

    document, run = regression
    deck = DeckPainter(run, document)
    finished = [s for s in deck.slides() if s.kind == "finished"]
    assert len(finished) == finished[0].parts >= 2
    tiles = [deck.tile(s) for s in finished]
    from gui.export.scene import content_rect

    deck.show(finished[0])
    whole = content_rect(deck.scene)
    assert tiles[0].left() <= whole.left() + 1 and tiles[-1].right() >= whole.right() - 1
    for a, b in zip(tiles, tiles[1:], strict=False):
        assert a.right() > b.left()  # they overlap: nothing falls between two pages


def test_the_command_line_deck_takes_a_range(tmp_path):
    done = subprocess.run(
        [sys.executable, "-m", "gui.export_cli", "lecture", "--pdf", "r.pdf", "--steps", "21-25"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env={**__import__("os").environ, "PYTHONPATH": str(REPO), "QT_QPA_PLATFORM": "offscreen"},
        timeout=240,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "wrote r.pdf (7 pages)"  # title, graph, steps 21-25


@pytest.mark.parametrize("name", example_names())
def test_every_example_deck_paints(name, tmp_path):
    from gui.export.writers import write_png_folder

    document = load_example(name)
    run = engine_run(document.build())
    options = DeckOptions(group_layers=True, size=(480, 270))
    written = write_png_folder(run, tmp_path, document=document, options=options)
    assert written.pages == len(slides_of(run, group_layers=True, size=(480, 270)))
