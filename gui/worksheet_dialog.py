"""File → Export → Worksheet…: the window's run as a worksheet and its answer key, one PDF.

A small dialog asks which numbers are blanked (the forward values, the gradients, or both)
and says how many blanks that makes; the file is chosen next, as for every export. The
worksheet is the one ``backprop-studio export --worksheet`` writes (gui.export.worksheet),
made from the window's run (its values, trained or edited) and its node positions. A
progress dialog can cancel; a cancelled or failed export writes nothing and keeps an old
file (the writer goes through core.io.atomic).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QLabel,
    QProgressDialog,
    QWidget,
)

from core.autodiff.engine import Run
from core.teaching.worksheet import worksheet_blanks

from . import export_form

if TYPE_CHECKING:
    from .export_dialog import ExportMenu

translate = QCoreApplication.translate  # lupdate reads translate("Context", "text")


class WorksheetDialog(QDialog):
    """Which numbers the students write: forward values, gradients, or both."""

    def __init__(self, run: Run, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("export_worksheet_dialog")
        self.setWindowTitle(translate("WorksheetDialog", "Export Worksheet"))
        self.run = run
        form = QFormLayout()
        self.blank = QComboBox(self)
        self.blank.setObjectName("worksheet_blank")
        for text, value in (
            (translate("WorksheetDialog", "Forward values and gradients"), "both"),
            (translate("WorksheetDialog", "Forward values only"), "forward"),
            (translate("WorksheetDialog", "Gradients only (the backward pass)"), "backward"),
        ):
            self.blank.addItem(text, value)
        form.addRow(translate("WorksheetDialog", "Blanks:"), self.blank)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        form.addRow("", self.summary)
        self.buttons = export_form.finish(self, form)
        self.blank.currentIndexChanged.connect(self._update)
        self._update()

    def blank_chosen(self) -> str:
        return str(self.blank.currentData())

    def _update(self, *_args: object) -> None:
        """How many blanks the choice makes, and what follows them."""
        count = len(worksheet_blanks(self.run, self.blank_chosen()))
        self.summary.setText(
            translate(
                "WorksheetDialog",
                "Numbered blanks: {count}, marked on the graph and listed on a page to write "
                "in; then an answer key.",
            ).format(count=count)
        )


def export_worksheet(menu: ExportMenu) -> str:
    """The command behind File → Export → Worksheet…; returns the path written, or ""."""
    from core.teaching.slides import ExportError

    from .export.worksheet import write_worksheet
    from .export.writers import Cancelled
    from .export_dialog import _error_text, _with_suffix

    w, p = menu.window, menu.parts
    run = p.controller.run
    if run is None or run.trace is None or not len(run.trace):
        return ""
    blank = menu.ask_worksheet_blank(run)
    if blank is None:
        return ""
    path = _with_suffix(menu.choose_file("pdf", menu._suggested("worksheet")), "pdf")
    if not path:
        return ""
    progress = QProgressDialog(
        translate("WorksheetDialog", "Writing the worksheet…"),
        translate("WorksheetDialog", "Cancel"),
        0,
        3,
        w,
    )
    progress.setWindowModality(Qt.WindowModality.WindowModal)
    progress.setMinimumDuration(300)

    def advance(done: int, total: int) -> bool:
        if progress.maximum() != total:
            progress.setMaximum(total)
        progress.setValue(min(done, total))
        return not progress.wasCanceled()

    try:
        written = write_worksheet(
            run,
            path,
            blank,
            document=p.controller.document,
            positions=p.scene.positions(),
            progress=advance,
        )
    except Cancelled:
        w.statusBar().showMessage(
            translate("ExportDialog", "Export cancelled; nothing was written"), 8000
        )
        return ""
    except (OSError, ExportError, ValueError) as exc:
        p.report_error(translate("ExportDialog", "Cannot export"), _error_text(path, exc))
        return ""
    finally:
        progress.reset()
        progress.deleteLater()
    w.statusBar().showMessage(
        translate(
            "WorksheetDialog", "Wrote {path} ({n} pages: the sheet, the blanks, the answers)"
        ).format(path=path, n=written.pages),
        8000,
    )
    return path
