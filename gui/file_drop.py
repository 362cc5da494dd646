"""Files dropped on the window open as File → Open would open them (a gui.features entry).

A document (.json, .bps) or an ONNX model (.onnx, opened as File → Open opens it) replaces the
current one after the unsaved-changes question; a program (.bp, the command line's program
files) opens as a new untitled document the same way; a .csv goes to the training lab as its
data (the document stays). Anything else is not accepted, so the cursor says so while it is
dragged. The drop is handled after the drag has finished (a question asked inside
the drop would hold up the program the file came from).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QMimeData, QObject, QTimer
from PySide6.QtGui import QDragMoveEvent, QDropEvent

from .override_guard import guard_overrides

if TYPE_CHECKING:
    from .lab.feature import Lab
    from .window_parts import WindowParts

DOCUMENTS = (".json", ".bps", ".onnx")
PROGRAMS = (".bp",)
DATA = (".csv",)
ACCEPTED = DOCUMENTS + PROGRAMS + DATA


def dropped_file(mime: QMimeData | None) -> Path | None:
    """The first local file with a suffix the window opens, or None."""
    if mime is None or not mime.hasUrls():
        return None
    for url in mime.urls():
        if url.isLocalFile():
            path = Path(url.toLocalFile())
            if path.suffix.lower() in ACCEPTED:
                return path
    return None


@guard_overrides
class FileDrop(QObject):
    """Watches the window's drag and drop events (``window.file_drop``); a CSV file goes to
    the training lab."""

    def __init__(self, parts: WindowParts, lab: Lab) -> None:
        super().__init__(parts.window)
        self.parts = parts
        self.lab = lab
        parts.window.setAcceptDrops(True)
        # the graph's scene accepts every drag, and the editor takes dropped text: a file
        # dropped on either is the window's, so their viewports are watched too
        for widget in (parts.window, parts.view.viewport(), parts.editor.edit.viewport()):
            widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        kind = event.type()
        if kind in (QEvent.Type.DragEnter, QEvent.Type.DragMove):
            assert isinstance(event, QDragMoveEvent)  # DragEnter's event is one too
            if dropped_file(event.mimeData()) is not None:
                event.acceptProposedAction()
                return True
            if watched is self.parts.view.viewport():
                event.ignore()  # the scene takes no drags of its own
                return True
            return False  # text dragged into the editor stays the editor's
        if kind == QEvent.Type.Drop:
            assert isinstance(event, QDropEvent)
            path = dropped_file(event.mimeData())
            if path is None:
                return False
            event.acceptProposedAction()
            QTimer.singleShot(0, lambda p=path: self.open(p))
            return True
        return super().eventFilter(watched, event)

    def open(self, path: Path) -> bool:
        """Open a dropped file by its kind; True when something was opened."""
        suffix = path.suffix.lower()
        if suffix in DATA:
            self.lab.use_csv(str(path))
            return True
        if suffix in PROGRAMS:
            return self.open_program(path)
        return self.parts.open_file(path)  # asks about unsaved changes first

    def open_program(self, path: Path) -> bool:
        from core.cli.common import UsageError, read_text
        from core.documents.document import Document, DocumentError

        parts = self.parts
        if not parts.maybe_save():
            return False
        try:
            text = read_text(str(path))
            parts.controller.load(Document.from_program(text, title=path.stem))
        except (UsageError, DocumentError, OSError, ValueError) as exc:
            parts.report_error(self.tr("Cannot open the file"), f"{path.name}: {exc}")
            return False
        parts.window.statusBar().showMessage(self.tr("Opened %1").replace("%1", str(path)), 6000)
        return True


def install(parts: WindowParts, lab: Lab) -> FileDrop:
    return FileDrop(parts, lab)
