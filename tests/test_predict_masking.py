"""Predict mode hides every number the player has not reached, in every view on screen.

The check is blunt on purpose: at a step whose answer is pending it collects the text of every
visible widget (labels, buttons, line edits, text views, tables and their headers, combo
boxes, tooltips, window titles, the status bar), every number drawn on the graph, and every
plot's title, legend, text items and data, and asserts the pending answer appears nowhere in
the forms the app writes numbers in (format_number with 4 and 7 digits, ``:.4g``). Numbers
already known at the cursor are allowed (the maths can make an answer equal an earlier value).
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QStatusBar,
    QTableWidget,
    QTextEdit,
    QWidget,
)

from core.autodiff.notation import format_number
from core.autodiff.trace import BackwardStep, UpdateStep

NUMBER = re.compile(r"[−-]?(?:\d+(?:\.\d+)?|\.\d+)(?:e[−+-]?\d+)?")


@pytest.fixture(autouse=True)
def no_animation():
    from gui import animation

    animation.set_enabled(False)
    yield
    animation.set_enabled(True)


@pytest.fixture
def window(qtbot, isolated_settings, tmp_path: Path, monkeypatch):
    monkeypatch.setenv("BACKPROP_STUDIO_LANG", "en")
    from gui.main_window import MainWindow

    win = MainWindow(recovery_dir=tmp_path / "recovery")
    qtbot.addWidget(win)
    monkeypatch.setattr(win, "report_error", lambda title, text: None)
    monkeypatch.setattr(win, "ask_unsaved_changes", lambda: "discard")
    assert win.open_initial()
    win.show()
    qtbot.waitExposed(win)
    return win


# ---------------------------------------------------------------------------- what is on screen


def _widget_texts(widget: QWidget) -> list[str]:
    out = [widget.toolTip(), widget.windowTitle() if widget.isWindow() else ""]
    if isinstance(widget, QLabel | QAbstractButton):
        out.append(widget.text())
    elif isinstance(widget, QLineEdit):
        out += [widget.text(), widget.placeholderText()]
    elif isinstance(widget, QTextEdit | QPlainTextEdit):
        out.append(widget.toPlainText())
    elif isinstance(widget, QComboBox):
        out.append(widget.currentText())
    elif isinstance(widget, QAbstractSpinBox):
        out.append(widget.text())
    elif isinstance(widget, QStatusBar):
        out.append(widget.currentMessage())
    if isinstance(widget, QTableWidget):
        for r in range(widget.rowCount()):
            header = widget.verticalHeaderItem(r)
            out.append(header.text() if header else "")
            for c in range(widget.columnCount()):
                item = widget.item(r, c)
                out += [item.text(), item.toolTip()] if item is not None else []
        for c in range(widget.columnCount()):
            header = widget.horizontalHeaderItem(c)
            out.append(header.text() if header else "")
    return out


def _scene_texts(window) -> list[str]:
    from gui.items.edge_item import EdgeItem
    from gui.items.node_item import NodeItem
    from gui.items.token_item import TokenItem

    out = []
    for item in window.scene.items():
        if not item.isVisible():
            continue
        out.append(item.toolTip())
        if isinstance(item, NodeItem):
            out += [item.shown_value_text(), *item.shown_gradient_lines()]
        elif isinstance(item, EdgeItem):
            out.append(item.shown_text())
        elif isinstance(item, TokenItem):
            out.append(item.text)
    return out


def _plot_contents(widget) -> tuple[list[str], list[np.ndarray]]:
    """Titles, labels, legends, text items and data of a visible pyqtgraph widget."""
    import pyqtgraph as pg

    texts: list[str] = []
    data: list[np.ndarray] = []
    for item in widget.scene().items():
        if not item.isVisible():
            continue
        if isinstance(item, pg.LabelItem):
            texts.append(item.text)
        elif isinstance(item, pg.TextItem):
            texts.append(item.textItem.toPlainText())
        elif isinstance(item, pg.PlotDataItem | pg.ScatterPlotItem | pg.PlotCurveItem):
            xs, ys = item.getData()
            for values in (xs, ys):
                if values is not None:
                    data.append(np.asarray(values, dtype=float))
        if hasattr(item, "toolTip"):
            texts.append(item.toolTip())
    return texts, data


def screen(app: QApplication) -> tuple[list[str], list[np.ndarray]]:
    """Every text and every plotted number visible in the application's windows."""
    import pyqtgraph as pg

    texts: list[str] = []
    data: list[np.ndarray] = []
    for top in app.topLevelWidgets():
        if not top.isVisible():
            continue
        for widget in [top, *top.findChildren(QWidget)]:
            if not widget.isVisible():
                continue
            texts += _widget_texts(widget)
            if isinstance(widget, pg.GraphicsView):
                more_texts, more_data = _plot_contents(widget)
                texts += more_texts
                data += more_data
            if getattr(widget, "objectName", lambda: "")() == "graph_view":
                texts += _scene_texts(top)
    return [t for t in texts if t], data


def _forms(answer: float) -> set[str]:
    """The ways the app writes a number."""
    forms = {format_number(answer), format_number(answer, 7), f"{answer:.4g}"}
    return {f.replace("-", "−") for f in forms}


def _known(trace, position: int) -> set[str]:
    state = trace.state_at(position)
    values = [*state.values.values(), *state.gradients.values()]
    for step in trace.steps[:position]:
        if isinstance(step, BackwardStep):
            values += [step.local, step.contribution, step.upstream]
        elif isinstance(step, UpdateStep):
            values += [step.old, step.new, step.gradient]
    values += list(trace.leaf_values.values())
    out: set[str] = set()
    for value in values:
        arr = np.asarray(value, dtype=float)
        for v in [*arr.reshape(-1)[:64], float(np.mean(arr))]:  # an array shows as its mean
            out |= _forms(float(v))
    return out


def leaks(window, answer: float) -> list[str]:
    """Where the pending ``answer`` shows (texts with it, and plot data holding it)."""
    predict = window.study.predict
    trace = window.controller.run.trace
    forms = _forms(answer) - _known(trace, window.player.position)
    texts, data = screen(QApplication.instance())
    found = [
        text
        for text in texts
        if any(token.replace("-", "−") in forms for token in NUMBER.findall(text))
    ]
    if forms:  # a known number equal to the answer may be plotted (it is on screen anyway)
        for values in data:
            finite = values[np.isfinite(values)]
            if np.any(np.isclose(finite, answer, rtol=1e-9, atol=0.0)):
                found.append(f"plot data holding {answer!r}")
    assert predict.question is not None
    return found


def _open_every_view(window) -> None:
    for name in ("gradcheck", "cost", "batch"):
        window.study.open_view(name)


# ---------------------------------------------------------------------------- the checks


def test_no_view_shows_a_pending_answer_of_the_lecture(window):
    _open_every_view(window)
    window.lab.open()
    window.scene.select_node("loss")
    predict = window.study.predict
    window.study.set_predict(True)
    checked = 0
    while window.player.position < window.player.length:
        q = predict.question
        if q is None:
            window.player.step_forward()
            continue
        for node in (q.node, "loss"):
            window.scene.select_node(node)
            assert leaks(window, q.answer) == [], (window.player.position, q.prompt)
        checked += 1
        assert predict.submit(format_number(q.answer)).correct
    assert checked > 10
    # at the end every number may show, and the views show theirs again
    assert not window.study.locked()
    assert window.study.views["gradcheck"].table.isVisible()
    assert window.lab.plots.isVisible()


def test_the_update_question_is_not_answered_by_the_lab_plots(window):
    """paired_regression, One update, Predict on, step to “what is the new value of w₀?”: the
    Fit plot's title and the descent path's “now” dot would show the new weights."""
    assert window.open_example("paired_regression", ask=False)
    window.lab.open()
    window.lab.one_update()
    _open_every_view(window)
    window.study.set_predict(True)
    predict = window.study.predict
    updates = 0
    while window.player.position < window.player.length:
        q = predict.question
        if q is None:
            window.player.step_forward()
            continue
        if q.kind == "update":
            updates += 1
            assert window.lab.plots_lock.isVisible()
            assert not window.lab.export_button.isEnabled()
            assert "Predict mode" in window.lab.plots_lock.text()
        assert leaks(window, q.answer) == [], (window.player.position, q.prompt)
        assert predict.submit(format_number(q.answer)).correct
    assert updates == 2
    assert window.lab.plots.isVisible()  # played to the end: the plots are back
    assert window.lab.export_button.isEnabled()
    assert "Predict mode" not in window.lab.panel.status.text()


def test_vector_steps_are_asked_about_one_named_element(window):
    assert window.open_example("xor", ask=False)
    window.study.set_predict(True)
    predict = window.study.predict
    q = predict.question
    assert q is not None and q.element is not None
    assert "element [1" in q.prompt
    assert "sample 1 of the 4 samples" in window.study.panel.prompt.text()
    assert leaks(window, q.answer) == []
    assert not window.actions["play_step_forward"].isEnabled()


def test_turning_predict_off_clears_and_hides_its_panel(window):
    study = window.study
    study.set_predict(True)
    assert study.dock.isVisible() and study.panel.prompt.text()
    study.set_predict(False)
    assert not study.dock.isVisible()
    assert study.panel.prompt.text() == ""
    assert not study.panel.check_button.isEnabled()
    assert not study.panel.answer.isEnabled()
    assert not study.locked()


def test_a_locked_view_says_why_and_comes_back(window):
    view = window.study.open_view("gradcheck")
    assert view.table.isVisible()
    window.study.set_predict(True)
    assert view.lock_label.isVisible() and not view.table.isVisible()
    assert "Predict mode is on" in view.lock_label.text()
    window.study.set_predict(False)
    assert view.table.isVisible() and not view.lock_label.isVisible()
