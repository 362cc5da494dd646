"""The program editor: line numbers, a rebuild a moment after typing stops, errors underlined.

The editor only edits text. It emits ``program_edited`` once typing pauses; the window parses,
and reports back with ``show_error`` (the span of a core.lang.expr.ProgramError gets a wavy red
underline and its message goes in the status line) or ``show_ok``. Undo belongs to the
document (a QUndoStack shared with leaf edits and node moves), so the editor's own undo is off
and Ctrl+Z reaches the window's Undo action even while the editor has focus.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QRect, QSize, Qt, QTimer, Signal
from PySide6.QtGui import (
    QColor,
    QFontDatabase,
    QKeyEvent,
    QKeySequence,
    QPainter,
    QPaintEvent,
    QResizeEvent,
    QTextCharFormat,
    QTextCursor,
    QTextFormat,
)
from PySide6.QtWidgets import QLabel, QPlainTextEdit, QTextEdit, QVBoxLayout, QWidget

from ..override_guard import guard_overrides

DEBOUNCE_MS = 300
ERROR_COLOUR = QColor("#d7191c")
_DOCUMENT_KEYS = (QKeySequence.StandardKey.Undo, QKeySequence.StandardKey.Redo)


@guard_overrides
class _LineNumbers(QWidget):
    def __init__(self, editor: CodeEdit) -> None:
        super().__init__(editor)
        self.editor = editor

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt override)
        return QSize(self.editor.line_number_width(), 0)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt override)
        self.editor.paint_line_numbers(event)


@guard_overrides
class CodeEdit(QPlainTextEdit):
    """A plain-text editor with a line-number gutter and a highlighted error line."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("program_text")
        font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        font.setPointSizeF(max(font.pointSizeF(), 10.5) * 1.15)
        self.setFont(font)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.setTabStopDistance(self.fontMetrics().horizontalAdvance(" ") * 4)
        self.setUndoRedoEnabled(False)
        self._gutter = _LineNumbers(self)
        self._error_line: int | None = None
        self.blockCountChanged.connect(self._update_margin)
        self.updateRequest.connect(self._update_gutter)
        self._update_margin()

    # ------------------------------------------------------------------ gutter
    def line_number_width(self) -> int:
        digits = len(str(max(1, self.blockCount())))
        return 12 + self.fontMetrics().horizontalAdvance("9") * max(2, digits)

    def _update_margin(self, *_: object) -> None:
        self.setViewportMargins(self.line_number_width(), 0, 0, 0)

    def _update_gutter(self, rect: QRect, dy: int) -> None:
        if dy:
            self._gutter.scroll(0, dy)
        else:
            self._gutter.update(0, rect.y(), self._gutter.width(), rect.height())

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt override)
        super().resizeEvent(event)
        r = self.contentsRect()
        self._gutter.setGeometry(QRect(r.left(), r.top(), self.line_number_width(), r.height()))

    def paint_line_numbers(self, event: QPaintEvent) -> None:
        painter = QPainter(self._gutter)
        palette = self.palette()
        painter.fillRect(event.rect(), palette.alternateBase())
        block = self.firstVisibleBlock()
        number = block.blockNumber()
        top = round(self.blockBoundingGeometry(block).translated(self.contentOffset()).top())
        bottom = top + round(self.blockBoundingRect(block).height())
        height = self.fontMetrics().height()
        width = self._gutter.width() - 6
        while block.isValid() and top <= event.rect().bottom():
            if block.isVisible() and bottom >= event.rect().top():
                is_error = self._error_line == number + 1
                painter.setPen(ERROR_COLOUR if is_error else palette.placeholderText().color())
                painter.drawText(
                    0, top, width, height, Qt.AlignmentFlag.AlignRight, str(number + 1)
                )
            block = block.next()
            top = bottom
            bottom = top + round(self.blockBoundingRect(block).height())
            number += 1
        painter.end()

    # ------------------------------------------------------------------ errors
    def set_error_span(
        self,
        line: int | None,
        column: int | None,
        end_line: int | None = None,
        end_column: int | None = None,
    ) -> None:
        """Underline from (line, column) to (end_line, end_column), 1-based, end exclusive.

        Without a column the whole line is marked; without an end, the rest of the word.
        """
        self._error_line = line
        self._gutter.update()
        if line is None:
            self.setExtraSelections([])
            return
        doc = self.document()
        line = max(1, min(line, doc.blockCount()))
        block = doc.findBlockByNumber(line - 1)
        cursor = QTextCursor(block)
        if column is None:
            cursor.movePosition(
                QTextCursor.MoveOperation.EndOfBlock, QTextCursor.MoveMode.KeepAnchor
            )
        else:
            start = block.position() + max(0, min(column - 1, block.length() - 1))
            cursor.setPosition(start)
            if end_column is not None:
                end_block = doc.findBlockByNumber(max(line, end_line or line) - 1)
                end = end_block.position() + max(0, min(end_column - 1, end_block.length() - 1))
                cursor.setPosition(max(end, start), QTextCursor.MoveMode.KeepAnchor)
            else:
                cursor.movePosition(
                    QTextCursor.MoveOperation.EndOfWord, QTextCursor.MoveMode.KeepAnchor
                )
        if cursor.selectionStart() == cursor.selectionEnd():
            cursor = _widen_empty_span(cursor, block)
        underline = QTextEdit.ExtraSelection()
        fmt = QTextCharFormat()
        fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.WaveUnderline)
        fmt.setUnderlineColor(ERROR_COLOUR)
        underline.format = fmt
        underline.cursor = cursor
        shade = QTextEdit.ExtraSelection()
        line_format = QTextCharFormat()
        line_format.setBackground(QColor(215, 25, 28, 28))
        line_format.setProperty(QTextFormat.Property.FullWidthSelection, True)
        shade.format = line_format
        shade.cursor = QTextCursor(block)
        self.setExtraSelections([shade, underline])

    def error_span(self) -> tuple[int, int] | None:
        """(start, end) character positions of the underlined span, or None (tests)."""
        for selection in self.extraSelections():
            if selection.format.underlineStyle() == QTextCharFormat.UnderlineStyle.WaveUnderline:
                return selection.cursor.selectionStart(), selection.cursor.selectionEnd()
        return None

    # ------------------------------------------------------------------ keys
    def event(self, event: QEvent) -> bool:
        """Leave Undo/Redo to the window: they undo document edits, not keystrokes."""
        if (
            event.type() == QEvent.Type.ShortcutOverride
            and isinstance(event, QKeyEvent)
            and any(event.matches(key) for key in _DOCUMENT_KEYS)
        ):
            event.ignore()
            return True
        return super().event(event)


@guard_overrides
class ProgramEditor(QWidget):
    """The editor plus its status line; emits the text once typing has paused."""

    program_edited = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("program_editor")
        self.edit = CodeEdit(self)
        self._set_placeholder()
        self.status = QLabel(self)
        self.status.setObjectName("program_status")
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.edit, 1)
        layout.addWidget(self.status)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self.flush)
        self._loading = False
        self._last_emitted: str | None = None
        self.edit.textChanged.connect(self._typed)

    def _set_placeholder(self) -> None:
        self.edit.setPlaceholderText(
            self.tr("One assignment per line, e.g.")
            + "\nx1 = 0.5\nw1 = 0.3\nh = sigmoid(w1 * x1)\nloss = 0.5 * (h - 1)**2"
        )

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt override)
        if event.type() == QEvent.Type.LanguageChange:
            self._set_placeholder()
        super().changeEvent(event)

    # ------------------------------------------------------------------ text
    def text(self) -> str:
        return self.edit.toPlainText()

    def set_text(self, text: str) -> None:
        """Replace the text without emitting ``program_edited`` (loading, undo/redo)."""
        if text == self.text():
            self._last_emitted = text
            return
        old = self.text()
        cursor_at = _common_prefix(old, text)
        self._loading = True
        try:
            self.edit.setPlainText(text)
        finally:
            self._loading = False
        self._timer.stop()
        self._last_emitted = text
        cursor = self.edit.textCursor()
        cursor.setPosition(min(cursor_at, len(text)))
        self.edit.setTextCursor(cursor)

    def _typed(self) -> None:
        if not self._loading:
            self._timer.start()

    def flush(self) -> None:
        """Emit a pending edit now (the debounce timer's end; also before saving)."""
        self._timer.stop()
        text = self.text()
        if text != self._last_emitted:
            self._last_emitted = text
            self.program_edited.emit(text)

    @property
    def pending(self) -> bool:
        return self._timer.isActive()

    def set_read_only(self, read_only: bool, note: str = "") -> None:
        self.edit.setReadOnly(read_only)
        if note:
            self.status.setStyleSheet("")
            self.status.setText(note)

    # ------------------------------------------------------------------ feedback
    def show_error(self, error: Exception) -> None:
        """A core.lang.expr.ProgramError (or any error naming line/column attributes)."""
        self.edit.set_error_span(
            getattr(error, "line", None),
            getattr(error, "column", None),
            getattr(error, "end_line", None),
            getattr(error, "end_column", None),
        )
        self.status.setStyleSheet(f"color: {ERROR_COLOUR.name()}; font-weight: bold;")
        note = self.tr("(the graph shows the last program that worked)")
        self.status.setText(f"✗ {error}  {note}")

    def show_ok(self, message: str) -> None:
        self.edit.set_error_span(None, None)
        self.status.setStyleSheet("")
        self.status.setText(f"✓ {message}")


def _widen_empty_span(cursor: QTextCursor, block) -> QTextCursor:
    """An empty span (e.g. "unexpected end of line"): mark the next character, else the one
    before (the end of the line), else the whole line."""
    position = cursor.position()
    moved = cursor.movePosition(
        QTextCursor.MoveOperation.NextCharacter, QTextCursor.MoveMode.KeepAnchor
    )
    if moved and cursor.selectedText() not in ("", "\u2029"):
        return cursor
    if position > block.position():
        before = QTextCursor(block)
        before.setPosition(position - 1)
        before.setPosition(position, QTextCursor.MoveMode.KeepAnchor)
        return before
    whole = QTextCursor(block)
    whole.movePosition(QTextCursor.MoveOperation.EndOfBlock, QTextCursor.MoveMode.KeepAnchor)
    return whole


def _common_prefix(a: str, b: str) -> int:
    n = min(len(a), len(b))
    i = 0
    while i < n and a[i] == b[i]:
        i += 1
    return i
