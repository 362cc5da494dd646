"""The study views follow every change of weights: the lab's updates, Keep weights, Reset, edits
and a new program, on every example, without an internal error.

The path that crashed the window: Study → Gradient Check, close it, Train → Training Lab, One
update, Study → Gradient Check again. The lab's run holds its own leaf values (the training
data and the trained weights, in training mode when there is dropout); a view that checked it
at the program's numbers mixed two shapes (TypeError/IndexError on 5 of the 9 examples).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from core.autodiff.graph import Role
from core.documents.examples import list_examples
from core.teaching.chain import cost_summary
from core.teaching.gradcheck import check_gradients, run_leaf_values

EXAMPLES = [info.name for info in list_examples()]


@pytest.fixture(autouse=True)
def no_animation():
    from gui import animation

    animation.set_enabled(False)
    yield
    animation.set_enabled(True)


@pytest.fixture
def reporter():
    """The window's error reporter, emptied: a guarded override that failed is recorded here."""
    from gui import error_report

    error_report.REPORTER.clear()
    yield error_report.REPORTER
    error_report.REPORTER.clear()


@pytest.fixture
def window(qtbot, isolated_settings, tmp_path: Path, monkeypatch, reporter):
    from gui.main_window import MainWindow

    win = MainWindow(recovery_dir=tmp_path / "recovery")
    qtbot.addWidget(win)
    win.errors = []
    monkeypatch.setattr(win, "report_error", lambda title, text: win.errors.append(text))
    monkeypatch.setattr(win, "ask_unsaved_changes", lambda: "discard")
    assert win.open_initial()
    win.show()
    qtbot.waitExposed(win)
    return win


def no_errors(window, reporter) -> None:
    details = "\n".join(record.details for record in reporter.records.values())
    assert not reporter.records, details
    assert not window.errors


def assert_gradcheck_follows(window, expect_ok: bool = False) -> None:
    """The view's check is the check of the run on screen, at that run's own leaf values
    (``expect_ok``: and every row agrees; not always so, a ReLU exactly at its kink does not)."""
    view = window.study.views["gradcheck"]
    run = window.controller.run
    assert view.report is not None
    expected = check_gradients(run.graph, result=run)
    assert view.report == expected and expected.rows
    assert view.report.ok or not expect_ok, view.report.worst
    assert len(view.row_texts()) == len(expected.rows)
    # backprop's column is the run's own gradients (the lab's, after an update)
    leaves = run_leaf_values(run)
    for leaf in run.graph.leaves():
        if leaf.literal or np.ndim(leaves[leaf.id]) != 0:
            continue
        row = next(r for r in view.report.rows if r.name == leaf.display)
        assert row.backprop == float(run.gradients.get(leaf.id, 0.0))


def assert_batch_follows(window) -> None:
    view = window.study.views["batch"]
    run = window.controller.run
    leaves = run_leaf_values(run)
    assert view.report is not None
    for leaf in run.graph.leaves():
        if leaf.role is not Role.PARAM or leaf.literal or np.ndim(leaves[leaf.id]) != 0:
            continue
        rows = [r for r in view.report.rows if r.name == leaf.display]
        if rows:  # the value shown is the weight on screen, not the program's number
            assert rows[0].value == float(leaves[leaf.id])
    assert view.report.relation == "mean"


def assert_cost_follows(window) -> None:
    view = window.study.views["cost"]
    cost = cost_summary(window.controller.run.graph)
    assert f"<b>{cost.naive_multiplications}</b>" in view.current.text()


def trigger(window, name: str) -> None:
    window.actions[name].trigger()


@pytest.mark.parametrize("example", EXAMPLES)
def test_gradient_check_after_a_lab_update_shows_the_new_weights_check(
    qtbot, window, reporter, example
):
    assert window.open_example(example, ask=False)
    document_run = window.controller.run
    trigger(window, "study_gradcheck")
    view = window.study.views["gradcheck"]
    qtbot.waitExposed(view)
    view.close()
    trigger(window, "lab_open")
    window.lab.panel.step_button.click()  # One update
    lab_run = window.controller.run
    assert lab_run is not document_run  # the window shows the lab's recorded update
    trigger(window, "study_gradcheck")
    assert view.isVisible()
    no_errors(window, reporter)
    assert_gradcheck_follows(window, expect_ok=True)
    # and once more, a second update on from the first
    window.lab.panel.step_button.click()
    assert window.controller.run is not lab_run
    no_errors(window, reporter)
    assert_gradcheck_follows(window)


@pytest.mark.parametrize("example", ["lecture", "lego_regression", "xor", "paired_regression"])
def test_the_study_views_follow_every_change_of_weights(qtbot, window, reporter, example):
    assert window.open_example(example, ask=False)
    for name in ("gradcheck", "cost", "batch"):
        window.study.open_view(name)

    def check(after: str) -> None:
        no_errors(window, reporter)
        assert_gradcheck_follows(window)
        assert_batch_follows(window)
        assert_cost_follows(window)
        assert all(view.isVisible() for view in window.study.views.values()), after

    trigger(window, "lab_open")
    check("lab open")
    panel = window.lab.panel
    panel.step_button.click()
    check("one update")
    trigger(window, "lab_epoch")
    check("one epoch")
    panel.keep_button.click()
    check("keep weights")
    window.controller.undo_stack.undo()
    check("undo keep weights")
    panel.reset_button.click()
    check("reset")
    panel.step_button.click()
    check("one update after reset")
    # an edit of a leaf on the graph
    run = window.controller.run
    leaf = next(n for n in run.graph.leaves() if n.role is Role.PARAM and not n.literal)
    window.controller.set_leaf_value(leaf.id, np.asarray(leaf.value, dtype=float) + 0.25)
    check("leaf edit")
    # a new program typed into the editor
    if window.controller.is_program:
        window.editor.edit.setPlainText("x = 1.5\nw = 0.3\ny = 1.0\nloss = (sigmoid(w*x) - y)**2\n")
        window.editor.flush()
        assert window.controller.error is None
        check("new program")
    trigger(window, "file_new")
    check("file new")
