"""The one notice an internal error gets: non-modal, once, counted, with the report to copy.

gui/error_report.py collects every uncaught exception, every exception a guarded Qt override
caught and every critical Qt message. This feature connects a window to it: at once (an
immediate listener) the recovery file is written, so the document on screen is on disk
whatever happens next; after the current event (a deferred listener, never inside a paint) the
notice shows “Something went wrong in <place>. Your document is safe.” with *Details* (the
tracebacks) and *Copy report*. The same error again updates the count in the notice that is
already there; a different one is added to it. Nothing is stacked, and the window goes on.
"""

from __future__ import annotations

import platform
import sys
import time
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from . import error_report
from .error_report import ErrorRecord
from .override_guard import guard_overrides

if TYPE_CHECKING:
    from .window_parts import WindowParts

RECOVERY_REPEAT_S = 5.0  # the same error repeating rewrites the recovery file at most this often


@guard_overrides
class ErrorNotice(QDialog):
    """Lists the internal errors since it was last closed; ``records`` in order of arrival."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("error_notice")
        self.setModal(False)
        self.setWindowModality(Qt.WindowModality.NonModal)
        self.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)  # typing goes on
        self.records: list[ErrorRecord] = []
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        icon = QLabel(self)
        icon.setPixmap(
            self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning).pixmap(32, 32)
        )
        icon.setAlignment(Qt.AlignmentFlag.AlignTop)
        top.addWidget(icon)
        texts = QVBoxLayout()
        self.message = QLabel(self)
        self.message.setObjectName("error_notice_message")
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        font = self.message.font()
        font.setBold(True)
        self.message.setFont(font)
        texts.addWidget(self.message)
        self.count = QLabel(self)
        self.count.setObjectName("error_notice_count")
        self.count.setWordWrap(True)
        texts.addWidget(self.count)
        top.addLayout(texts, 1)
        layout.addLayout(top)
        self.details = QPlainTextEdit(self)
        self.details.setObjectName("error_notice_details")
        self.details.setReadOnly(True)
        self.details.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.details.setMinimumHeight(220)
        self.details.hide()
        layout.addWidget(self.details, 1)
        buttons = QHBoxLayout()
        self.details_button = QPushButton(self)
        self.details_button.setObjectName("error_notice_details_button")
        self.details_button.setCheckable(True)
        self.details_button.toggled.connect(self._show_details)
        self.copy_button = QPushButton(self)
        self.copy_button.setObjectName("error_notice_copy")
        self.copy_button.clicked.connect(self.copy_report)
        self.close_button = QPushButton(self)
        self.close_button.setObjectName("error_notice_close")
        self.close_button.clicked.connect(self.close)
        buttons.addWidget(self.details_button)
        buttons.addWidget(self.copy_button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        layout.addLayout(buttons)
        self.setMinimumWidth(480)
        self.resize(520, 150)
        self.retranslate()

    # ------------------------------------------------------------------ texts
    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Internal error"))
        self.details_button.setText(self.tr("&Details"))
        self.copy_button.setText(self.tr("&Copy report"))
        self.close_button.setText(self.tr("Close"))
        self._update_texts()

    def message_text(self) -> str:
        place = self.records[-1].place if self.records else error_report.FALLBACK_PLACE
        text = self.tr("Something went wrong in %1. Your document is safe.")
        return text.replace("%1", place)

    def count_text(self) -> str:
        if not self.records:
            return ""
        kinds = len(self.records)
        if kinds > 1:
            return self.tr("%n different internal errors so far; Details lists each.", "", kinds)
        times = self.records[0].count
        text = self.tr("The window goes on working.")
        if times > 1:
            text = self.tr("It happened %n times.", "", times) + " " + text
        return text

    def report(self) -> str:
        """What Copy report puts on the clipboard: versions, then each error with its count."""
        from PySide6 import __version__ as pyside_version
        from PySide6.QtCore import qVersion

        try:
            import numpy

            numpy_version = numpy.__version__
        except ImportError:  # pragma: no cover - a dependency
            numpy_version = "?"
        try:
            from importlib.metadata import version

            studio = version("backprop-studio")
        except Exception:  # noqa: BLE001 (not installed, run from a checkout)
            studio = "(not installed)"
        lines = [
            f"Backprop Studio {studio}: internal error report",
            f"Python {platform.python_version()} ({sys.platform}), PySide6 {pyside_version}, "
            f"Qt {qVersion()}, NumPy {numpy_version}",
            "",
        ]
        for record in self.records:
            lines.append(f"== {record.summary} — in {record.place} — {record.count}×")
            lines.append(record.details.rstrip())
            lines.append("")
        return "\n".join(lines)

    def _update_texts(self) -> None:
        self.message.setText(self.message_text())
        self.count.setText(self.count_text())
        self.details.setPlainText(self.report())

    # ------------------------------------------------------------------ the reporter's side
    def add(self, record: ErrorRecord) -> None:
        """Show ``record`` (the same kind again only updates the count); never steals focus."""
        if not any(r is record for r in self.records):
            self.records.append(record)
        self._update_texts()
        if self.isHidden():
            self.show()
        self.raise_()

    def copy_report(self) -> None:
        QGuiApplication.clipboard().setText(self.report())

    def _show_details(self, shown: bool) -> None:
        self.details.setVisible(shown)
        if shown:  # room for a traceback's lines
            self.resize(max(self.width(), 760), max(self.height(), 440))
        else:
            self.adjustSize()

    def done(self, result: int) -> None:
        """Closed (Close, Escape, the title bar): the next error starts a new notice."""
        self.records = []
        self.details_button.setChecked(False)
        super().done(result)

    def changeEvent(self, event) -> None:  # noqa: N802 (Qt override)
        from PySide6.QtCore import QEvent

        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


def install(parts: WindowParts) -> ErrorNotice:
    """The window's notice, and its recovery file written the moment an error is reported."""
    window = parts.window
    notice = ErrorNotice(window)
    reporter = error_report.REPORTER
    last_write = [-RECOVERY_REPEAT_S]

    def write_recovery(record: ErrorRecord) -> None:
        if not shiboken6.isValid(window):
            _remove()
            return
        now = time.monotonic()
        # a new error at once; the same one again (a paint failing each frame) now and then
        due = record.count == 1 or now - last_write[0] > RECOVERY_REPEAT_S
        if due and parts.autosave():  # the unsaved document; an unmodified one is safe already
            last_write[0] = now

    def show_notice(record: ErrorRecord) -> None:
        if not shiboken6.isValid(notice):
            _remove()
            return
        notice.add(record)

    def _remove() -> None:
        for listeners, listener in (
            (reporter.immediate, write_recovery),
            (reporter.deferred, show_notice),
        ):
            if listener in listeners:
                listeners.remove(listener)

    reporter.immediate.append(write_recovery)
    reporter.deferred.append(show_notice)
    window.destroyed.connect(lambda *_: _remove())
    return notice
