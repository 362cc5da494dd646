"""The program editor alone: debounced edits, error spans, undo keys left to the window."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from core.lang.expr import ProgramError, parse
from gui.panels.editor import ProgramEditor


@pytest.fixture
def editor(qtbot):
    widget = ProgramEditor()
    qtbot.addWidget(widget)
    widget.resize(400, 300)
    widget.show()
    return widget


def test_typing_emits_once_after_a_pause(editor, qtbot):
    seen: list[str] = []
    editor.program_edited.connect(seen.append)
    editor.edit.setFocus()
    qtbot.keyClicks(editor.edit, "x = 1")
    assert seen == []  # still typing: nothing rebuilt yet
    qtbot.waitUntil(lambda: seen == ["x = 1"], timeout=2000)


def test_set_text_does_not_emit(editor, qtbot):
    seen: list[str] = []
    editor.program_edited.connect(seen.append)
    editor.set_text("w = 2\ny = w * 3\n")
    qtbot.wait(450)
    assert seen == []
    assert editor.text() == "w = 2\ny = w * 3\n"


def test_flush_emits_pending_text_now(editor, qtbot):
    seen: list[str] = []
    editor.program_edited.connect(seen.append)
    editor.edit.insertPlainText("a = 3")
    assert editor.pending
    editor.flush()
    assert seen == ["a = 3"] and not editor.pending
    editor.flush()  # nothing new
    assert seen == ["a = 3"]


def _error_for(text: str) -> ProgramError:
    with pytest.raises(ProgramError) as info:
        parse(text)
    return info.value


def test_error_span_is_underlined_where_the_parser_says(editor):
    text = "x = 1\ny = x + undefined_name\n"
    editor.set_text(text)
    error = _error_for(text)
    assert error.line == 2
    editor.show_error(error)
    span = editor.edit.error_span()
    assert span is not None
    start, end = span
    line_start = text.index("y = ")
    assert start == line_start + error.column - 1
    assert "undefined_name".startswith(text[start:end]) and end > start
    assert str(error) in editor.status.text()


def test_error_without_column_marks_the_line_and_ok_clears_it(editor):
    editor.set_text("a = 1\nb = a +\n")
    editor.show_error(ProgramError("something is wrong", line=2))
    start, end = editor.edit.error_span()
    assert (start, end) == (6, 13)
    editor.show_ok("2 nodes")
    assert editor.edit.error_span() is None
    assert "2 nodes" in editor.status.text()


def test_empty_span_at_end_of_line_still_visible(editor):
    editor.set_text("a = (1 +\n")
    editor.show_error(ProgramError("unexpected end", line=1, column=9, end_line=1, end_column=9))
    assert editor.edit.error_span() == (7, 8)  # the "+" that has nothing after it


def test_undo_keys_are_not_swallowed_by_the_editor(editor, qtbot):
    """Ctrl+Z must reach the window's Undo action: the editor's own undo is disabled."""
    from PySide6.QtGui import QAction, QKeySequence

    fired: list[bool] = []
    action = QAction("Undo", editor)
    action.setShortcut(QKeySequence(QKeySequence.StandardKey.Undo))
    action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
    action.triggered.connect(lambda: fired.append(True))
    editor.addAction(action)
    editor.activateWindow()
    editor.edit.setFocus()
    qtbot.waitUntil(editor.edit.hasFocus, timeout=1000)
    qtbot.keyClicks(editor.edit, "abc")
    qtbot.keyClick(editor.edit, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert fired == [True]
    assert editor.text() == "abc"


def test_space_types_into_the_editor_rather_than_triggering_shortcuts(editor, qtbot):
    from PySide6.QtGui import QAction, QKeySequence

    fired: list[bool] = []
    action = QAction("Play", editor)
    action.setShortcut(QKeySequence("Space"))
    action.triggered.connect(lambda: fired.append(True))
    editor.addAction(action)
    editor.activateWindow()
    editor.edit.setFocus()
    qtbot.waitUntil(editor.edit.hasFocus, timeout=1000)
    qtbot.keyClicks(editor.edit, "a b")
    qtbot.keyClick(editor.edit, Qt.Key.Key_Left)
    assert fired == []
    assert editor.text() == "a b"
