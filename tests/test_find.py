"""Find (Ctrl+F): nodes by name or formula with plain digits for subscripts, selected and framed;
F3 / Shift+F3 step through the matches; Esc closes."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from gui.find import find_nodes, normalise


def test_plain_digits_find_subscripts_and_names_come_first():
    assert normalise("w₁₁ · x₁") == "w11*x1"
    assert normalise("W_11") == "w11"
    texts = {"z1": ("z₁", "w₁₁·x₁ + w₂₁·x₂"), "w11": ("w₁₁",), "w112": ("w₁₁₂",), "x": ("x",)}
    assert find_nodes("w11", texts) == ["w11", "w112", "z1"]  # exact, prefix, formula
    assert find_nodes("", texts) == []
    assert find_nodes("nothing", texts) == []


@pytest.fixture
def window(qtbot, isolated_settings, tmp_path, monkeypatch):
    from gui.main_window import MainWindow

    window = MainWindow(recovery_dir=tmp_path / "recovery")
    qtbot.addWidget(window)
    monkeypatch.setattr(window, "report_error", lambda title, text: None)
    monkeypatch.setattr(window, "ask_unsaved_changes", lambda: "discard")
    assert window.open_initial()
    window.resize(1400, 900)
    window.show()
    qtbot.waitExposed(window)
    return window


def test_ctrl_f_finds_selects_and_frames_the_node(window, qtbot):
    bar = window.find_bar
    assert not bar.isVisible()
    assert "Ctrl+F" in [s.toString() for s in window.actions["edit_find"].shortcuts()]
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert bar.isVisible() and bar.edit.hasFocus()
    window.view.reset_zoom()
    window.view.centerOn(-5000, -5000)  # far from everything
    qtbot.keyClicks(bar.edit, "w21")
    assert bar.matches and bar.matches[0] == "w21"
    assert window.scene.selected_node() == "w21"
    assert window.selected_node == "w21"  # the inspector shows it
    item = window.scene.node_item("w21")
    assert window.view.visible_rect().contains(item.sceneBoundingRect())
    assert bar.count.text() == f"1 of {len(bar.matches)}"


def test_f3_and_shift_f3_step_through_matches_and_esc_closes(window, qtbot):
    bar = window.find_bar
    window.actions["edit_find"].trigger()
    qtbot.keyClicks(bar.edit, "w")  # every weight
    matches = list(bar.matches)
    assert len(matches) >= 3
    qtbot.keyClick(bar.edit, Qt.Key.Key_F3)
    assert window.scene.selected_node() == matches[1]
    qtbot.keyClick(bar.edit, Qt.Key.Key_F3, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClick(bar.edit, Qt.Key.Key_F3, Qt.KeyboardModifier.ShiftModifier)
    assert window.scene.selected_node() == matches[-1]  # wraps around
    qtbot.keyClick(bar.edit, Qt.Key.Key_Escape)
    assert not bar.isVisible()
    window.actions["edit_find_next"].trigger()  # F3 with the bar closed opens it and goes on
    assert bar.isVisible() and window.scene.selected_node() == matches[0]


def test_no_match_says_so(window, qtbot):
    bar = window.find_bar
    window.actions["edit_find"].trigger()
    qtbot.keyClicks(bar.edit, "qqq")
    assert bar.matches == [] and bar.count.text() == "No match"
