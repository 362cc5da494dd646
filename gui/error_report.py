"""Internal errors become a report, never a crash: one place collects them.

Every uncaught exception (``sys.excepthook``: slots, timers), every exception a guarded Qt
override caught (gui/override_guard.py) and every critical or fatal Qt message ends here. Each is
logged with its traceback the first time, counted by kind (type, place, line), and handed to the
listeners: the window writes its recovery file at once (an immediate listener) and shows one
non-modal notice (a deferred listener: it runs after the current event, never inside a paint).
"""

from __future__ import annotations

import sys
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from types import TracebackType

from PySide6.QtCore import QCoreApplication, QMessageLogContext, QTimer, QtMsgType

FALLBACK_PLACE = "Backprop Studio"


@dataclass
class ErrorRecord:
    """One kind of internal error and how often it happened."""

    kind: tuple[str, str, str]  # exception type (or Qt message type), place, innermost line
    place: str  # shown to the user: "Gradient Check", "the graph", "Backprop Studio"
    summary: str  # "TypeError: only length-1 arrays can be converted"
    details: str  # the full traceback (or the Qt message with its source location)
    count: int = 1


@dataclass
class ErrorReporter:
    """Collects, counts and forwards internal errors (one per application: ``REPORTER``)."""

    records: dict[tuple[str, str, str], ErrorRecord] = field(default_factory=dict)
    immediate: list[Callable[[ErrorRecord], None]] = field(default_factory=list)
    deferred: list[Callable[[ErrorRecord], None]] = field(default_factory=list)
    stream: object = None  # where tracebacks are logged; None means sys.stderr at the time
    _busy: bool = False

    @property
    def total(self) -> int:
        return sum(record.count for record in self.records.values())

    def report_exception(self, exc: BaseException, origin: object = None) -> ErrorRecord:
        details = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
        frames = traceback.extract_tb(exc.__traceback__)
        line = f"{frames[-1].filename}:{frames[-1].lineno}" if frames else ""
        place = _place_of(origin, exc.__traceback__)
        summary = f"{type(exc).__name__}: {exc}"
        return self._record((type(exc).__name__, place, line), place, summary, details)

    def report_qt_message(self, kind: str, message: str, where: str) -> ErrorRecord:
        place = _active_dialog_title() or FALLBACK_PLACE
        details = f"Qt {kind} message: {message}\n  at {where}\n"
        return self._record((f"Qt {kind}", place, where or message), place, message, details)

    def clear(self) -> None:
        self.records.clear()

    def _record(self, kind: tuple, place: str, summary: str, details: str) -> ErrorRecord:
        record = self.records.get(kind)
        if record is None:
            record = self.records[kind] = ErrorRecord(kind, place, summary, details)
            print(f"Backprop Studio internal error in {place}:\n{details}", file=self._out())
        else:
            record.count += 1
        if self._busy:  # an error inside a listener: counted, not re-announced
            return record
        self._busy = True
        try:
            for listener in list(self.immediate):
                _call_quietly(listener, record, self._out())
        finally:
            self._busy = False
        if self.deferred and QCoreApplication.instance() is not None:
            for listener in list(self.deferred):
                QTimer.singleShot(0, lambda f=listener, r=record: _call_quietly(f, r, self._out()))
        return record

    def _out(self):
        return self.stream if self.stream is not None else sys.stderr


REPORTER = ErrorReporter()


def report_exception(exc: BaseException, origin: object = None) -> ErrorRecord:
    return REPORTER.report_exception(exc, origin)


def install() -> None:
    """Route uncaught exceptions and critical/fatal Qt messages to ``REPORTER``."""
    from PySide6.QtCore import qInstallMessageHandler

    sys.excepthook = _excepthook
    qInstallMessageHandler(_qt_message)


def _excepthook(
    exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None
) -> None:
    if issubclass(exc_type, KeyboardInterrupt):
        sys.__excepthook__(exc_type, exc, tb)
        return
    if exc.__traceback__ is None:
        exc = exc.with_traceback(tb)
    REPORTER.report_exception(exc)


_QT_KINDS = {
    QtMsgType.QtCriticalMsg: "critical",
    QtMsgType.QtFatalMsg: "fatal",
}


def _qt_message(mode: QtMsgType, context: QMessageLogContext, message: str) -> None:
    kind = _QT_KINDS.get(mode)
    if kind is None:  # debug, info, warning: printed as Qt would
        print(message, file=REPORTER._out())
        return
    where = f"{context.file}:{context.line}" if context.file else ""
    REPORTER.report_qt_message(kind, message, where)


def _call_quietly(listener: Callable[[ErrorRecord], None], record: ErrorRecord, out) -> None:
    try:
        listener(record)
    except Exception:  # noqa: BLE001 (a failing notice must not start a loop of notices)
        print("error while reporting an error:\n" + traceback.format_exc(), file=out)


def _place_of(origin: object, tb: TracebackType | None) -> str:
    """Where the user was: the dialog whose code failed, the graph, or the app."""
    candidates = [origin]
    frames = []
    while tb is not None:
        frames.append(tb.tb_frame)
        tb = tb.tb_next
    candidates += [frame.f_locals.get("self") for frame in reversed(frames)]
    for candidate in candidates:
        title = _dialog_title(candidate)
        if title:
            return title
    from PySide6.QtWidgets import QGraphicsItem, QGraphicsScene, QGraphicsView

    for candidate in candidates:
        if isinstance(candidate, (QGraphicsItem, QGraphicsScene, QGraphicsView)):
            return QCoreApplication.translate("ErrorNotice", "the graph")
    return _active_dialog_title() or FALLBACK_PLACE


def _dialog_title(candidate: object) -> str:
    from PySide6.QtWidgets import QDialog, QWidget

    if not isinstance(candidate, QWidget):
        return ""
    try:
        window = candidate.window()
        return window.windowTitle() if isinstance(window, QDialog) else ""
    except RuntimeError:  # its C++ object is already gone
        return ""


def _active_dialog_title() -> str:
    from PySide6.QtWidgets import QApplication

    if not isinstance(QCoreApplication.instance(), QApplication):
        return ""
    window = QApplication.activeWindow()  # offscreen, a closed dialog may still be "active"
    return _dialog_title(window) if window is not None and window.isVisible() else ""
