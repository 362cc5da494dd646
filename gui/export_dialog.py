"""File → Export: the current view as PNG or SVG, the run as a PDF deck or a folder of PNG slides,
an animation (gui.animation_dialog), a worksheet (gui.worksheet_dialog), the graph as a PyTorch
script or an ONNX model.

The window's side of gui.export: small option dialogs, file choosers and a progress dialog.
Pictures of the view render the window's own scene (what is on screen, at a chosen resolution);
decks build their own offscreen scene from the same run and node positions. Every dialog goes
through a method (``ask_view_options``, ``ask_deck_options``, ``ask_animation_options``,
``ask_worksheet_blank``, ``choose_file``, ``choose_folder``) so tests can answer for the person.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject, QRectF, Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QLabel,
    QMenu,
    QProgressDialog,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from . import export_form
from .actions import ActionSpec
from .qt_typed import QT_TRANSLATE_NOOP

if TYPE_CHECKING:
    from .window_parts import WindowParts

CONTEXT = "ExportDialog"
SCALES = (1, 2, 3, 4)
SLIDE_SIZES = ((1920, 1080), (1280, 720), (3840, 2160), (1024, 768))

SPECS = (
    ActionSpec(
        "file_export_view_png",
        QT_TRANSLATE_NOOP("Actions", "Export View as &PNG…"),
        (),
        QT_TRANSLATE_NOOP("Actions", "Save the graph as shown, as a picture at a chosen size"),
    ),
    ActionSpec(
        "file_export_view_svg",
        QT_TRANSLATE_NOOP("Actions", "Export View as &SVG…"),
        (),
        QT_TRANSLATE_NOOP("Actions", "Save the graph as shown, as a scalable drawing"),
    ),
    ActionSpec(
        "file_export_slides_pdf",
        QT_TRANSLATE_NOOP("Actions", "Export Slides as P&DF…"),
        (),
        QT_TRANSLATE_NOOP(
            "Actions", "A 16:9 deck: a title page, then the graph and explanation of every step"
        ),
    ),
    ActionSpec(
        "file_export_slides_png",
        QT_TRANSLATE_NOOP("Actions", "Export Slides as PNG &Folder…"),
        (),
        QT_TRANSLATE_NOOP("Actions", "The same deck as numbered pictures, for any slide tool"),
    ),
    ActionSpec(
        "file_export_animation",
        QT_TRANSLATE_NOOP("Actions", "&Animation…"),
        (),
        QT_TRANSLATE_NOOP(
            "Actions", "The played steps as an animated GIF or an MP4 video, tokens moving"
        ),
    ),
    ActionSpec(
        "file_export_worksheet",
        QT_TRANSLATE_NOOP("Actions", "&Worksheet…"),
        (),
        QT_TRANSLATE_NOOP(
            "Actions",
            "A PDF for the class: the graph with numbered blanks for the values or gradients, "
            "then an answer key",
        ),
    ),
    ActionSpec(
        "file_export_pytorch",
        QT_TRANSLATE_NOOP("Actions", "P&yTorch Script…"),
        (),
        QT_TRANSLATE_NOOP(
            "Actions",
            "A Python script with the same network in PyTorch, the current weights and a forward "
            "and backward pass that prints every gradient",
        ),
    ),
    ActionSpec(
        "file_export_onnx",
        QT_TRANSLATE_NOOP("Actions", "&ONNX Model…"),
        (),
        QT_TRANSLATE_NOOP(
            "Actions", "The graph as an .onnx file, for Netron, PyTorch and other frameworks"
        ),
    ),
)


translate = QCoreApplication.translate  # lupdate reads translate("Context", "text")


@dataclass(frozen=True)
class ViewOptions:
    whole_graph: bool = False  # else: the part of the graph visible in the window
    scale: int = 2  # pixels per on-screen pixel (PNG); SVG ignores it


class ViewDialog(QDialog):
    """What to picture (visible part or whole graph) and, for PNG, at what resolution."""

    def __init__(self, kind: str, sizes: dict[bool, tuple[int, int]], parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("export_view_dialog")
        self.kind = kind
        self.sizes = sizes
        self.setWindowTitle(
            translate("ExportDialog", "Export View as PNG")
            if kind == "png"
            else translate("ExportDialog", "Export View as SVG")
        )
        form = QFormLayout()
        self.visible = QRadioButton(translate("ExportDialog", "What the window shows"), self)
        self.whole = QRadioButton(translate("ExportDialog", "The whole graph"), self)
        self.visible.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.visible)
        group.addButton(self.whole)
        region = QVBoxLayout()
        region.addWidget(self.visible)
        region.addWidget(self.whole)
        form.addRow(translate("ExportDialog", "Picture:"), region)
        self.scale = QComboBox(self)
        for k in SCALES:
            self.scale.addItem(f"{k}×", k)
        self.scale.setCurrentIndex(1)
        self.size_label = QLabel(self)
        if kind == "png":
            form.addRow(translate("ExportDialog", "Resolution:"), self.scale)
            form.addRow("", self.size_label)
        self.scale.currentIndexChanged.connect(self._update)
        self.visible.toggled.connect(self._update)
        export_form.finish(self, form)
        self._update()

    def options(self) -> ViewOptions:
        return ViewOptions(self.whole.isChecked(), int(self.scale.currentData()))

    def _update(self) -> None:
        w, h = self.sizes[self.whole.isChecked()]
        k = int(self.scale.currentData())
        self.size_label.setText(
            translate("ExportDialog", "{w} × {h} pixels").format(w=w * k, h=h * k)
        )


class DeckDialog(QDialog):
    """Which steps get pages, grouping, title page, zoom, and (PNG folder) the slide size."""

    def __init__(self, kind: str, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("export_deck_dialog")
        self.kind = kind
        self.setWindowTitle(
            translate("ExportDialog", "Export Slides as PDF")
            if kind == "pdf"
            else translate("ExportDialog", "Export Slides as PNG Folder")
        )
        form = QFormLayout()
        self.phase = export_form.phase_box(self)
        form.addRow(translate("ExportDialog", "Steps:"), self.phase)
        self.group = QCheckBox(translate("ExportDialog", "One page per layer (shorter deck)"), self)
        self.group.setToolTip(
            translate(
                "ExportDialog",
                "Consecutive steps of one layer share a page, which lists all their equations",
            )
        )
        form.addRow("", self.group)
        self.title = QCheckBox(
            translate("ExportDialog", "Title page with the program and its values"), self
        )
        self.title.setChecked(True)
        form.addRow("", self.title)
        self.zoom = QComboBox(self)
        self.zoom.addItem(
            translate("ExportDialog", "Readable: zoom to the step when the graph is large"), "auto"
        )
        self.zoom.addItem(translate("ExportDialog", "Always the whole graph"), "fit")
        form.addRow(translate("ExportDialog", "Graph:"), self.zoom)
        self.size_box = export_form.size_box(self, SLIDE_SIZES)
        if kind == "png":
            form.addRow(translate("ExportDialog", "Slide size:"), self.size_box)
        else:  # a PDF page is always 16:9; outside the form it would sit over "Steps:"
            self.size_box.hide()
        export_form.finish(self, form)

    def options(self):  # -> core.teaching.slides.DeckOptions
        from core.teaching.slides import DeckOptions

        return DeckOptions(
            phase=str(self.phase.currentData()),
            group_layers=self.group.isChecked(),
            title_page=self.title.isChecked(),
            zoom=str(self.zoom.currentData()),
            size=export_form.chosen_size(self.size_box),
        )


class ExportMenu(QObject):
    """File → Export and what its commands do (``window.exporter``)."""

    def __init__(self, parts: WindowParts) -> None:
        super().__init__(parts.window)
        self.parts = parts
        self.window = parts.window  # the dialogs' parent and its status bar
        handlers = (
            self.export_view_png,
            self.export_view_svg,
            self.export_slides_pdf,
            self.export_slides_png,
            self.export_animation,
            self.export_worksheet,
            self.export_pytorch,
            self.export_onnx,
        )
        self.actions = [
            parts.actions.add(spec, lambda _=False, f=f: f())
            for spec, f in zip(SPECS, handlers, strict=True)
        ]
        self.menu = QMenu(parts.window)
        self.menu.setObjectName("menu_export")
        self.menu.addActions(self.actions[:2])
        self.menu.addSeparator()
        self.menu.addActions(self.actions[2:6])
        self.menu.addSeparator()
        self.menu.addActions(self.actions[6:])
        quit_action = parts.actions["file_quit"]
        parts.menus.file.insertMenu(quit_action, self.menu)
        parts.menus.file.insertSeparator(quit_action)
        parts.language_changed.connect(self.retranslate)
        self.retranslate()

    def retranslate(self) -> None:
        self.menu.setTitle(translate("ExportDialog", "&Export"))

    # ------------------------------------------------------------------ the view
    def export_view_png(self) -> str:
        return self._export_view("png")

    def export_view_svg(self) -> str:
        return self._export_view("svg")

    def _export_view(self, kind: str) -> str:
        from core.teaching.slides import ExportError

        from .export.scene import content_rect
        from .export.writers import write_scene_png, write_scene_svg

        w, p = self.window, self.parts
        if p.controller.run is None:
            return ""
        flight = p.scene.current_flight()
        if flight is not None:
            flight.finish()  # a token half way along an edge is not a state worth keeping
        visible = p.view.mapToScene(p.view.viewport().rect()).boundingRect()
        whole = content_rect(p.scene)
        zoom = p.view.zoom()
        sizes = {
            False: (max(16, p.view.viewport().width()), max(16, p.view.viewport().height())),
            True: (max(16, round(whole.width() * zoom)), max(16, round(whole.height() * zoom))),
        }
        options = self.ask_view_options(kind, sizes)
        if options is None:
            return ""
        path = _with_suffix(self.choose_file(kind, self._suggested(kind)), kind)
        if not path:
            return ""
        source = whole if options.whole_graph else visible
        size = sizes[options.whole_graph]
        try:
            if kind == "png":
                size = (size[0] * options.scale, size[1] * options.scale)
                written = write_scene_png(p.scene, path, source, size)
            else:
                written = write_scene_svg(p.scene, path, QRectF(source), size, self._title())
        except (OSError, ExportError) as exc:
            p.report_error(translate("ExportDialog", "Cannot export"), _error_text(path, exc))
            return ""
        width, height = written.size
        w.statusBar().showMessage(
            translate("ExportDialog", "Wrote {path} ({w} × {h})").format(
                path=path, w=width, h=height
            ),
            8000,
        )
        return path

    # ------------------------------------------------------------------ decks
    def export_slides_pdf(self) -> str:
        return self._export_deck("pdf")

    def export_slides_png(self) -> str:
        return self._export_deck("png")

    def _export_deck(self, kind: str) -> str:
        from core.teaching.slides import ExportError

        from .export.painting import deck_slides
        from .export.writers import Cancelled, write_pdf, write_png_folder

        w, p = self.window, self.parts
        run = p.controller.run
        if run is None:
            return ""
        options = self.ask_deck_options(kind)
        if options is None:
            return ""
        if kind == "pdf":
            path = _with_suffix(self.choose_file("pdf", self._suggested("pdf")), "pdf")
        else:
            path = self.choose_folder(self._suggested("slides"))
        if not path:
            return ""
        pages = len(deck_slides(run, options, p.controller.document, p.scene.positions()))
        progress = QProgressDialog(
            translate("ExportDialog", "Exporting slides…"),
            translate("ExportDialog", "Cancel"),
            0,
            pages,
            w,
        )
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(500)

        def advance(done: int, total: int) -> bool:
            progress.setValue(done)
            return not progress.wasCanceled()

        write = write_pdf if kind == "pdf" else write_png_folder
        try:
            written = write(
                run,
                path,
                document=p.controller.document,
                positions=p.scene.positions(),
                options=options,
                progress=advance,
            )
        except Cancelled:
            w.statusBar().showMessage(
                translate("ExportDialog", "Export cancelled; nothing was written"), 8000
            )
            return ""
        except (OSError, ExportError) as exc:
            p.report_error(translate("ExportDialog", "Cannot export"), _error_text(path, exc))
            return ""
        finally:
            progress.reset()
            progress.deleteLater()
        w.statusBar().showMessage(
            translate("ExportDialog", "Wrote {path} ({n} pages)").format(
                path=path, n=written.pages
            ),
            8000,
        )
        return path

    # ------------------------------------------------------------------ animations
    def export_animation(self) -> str:
        from .animation_dialog import export_animation

        return export_animation(self)

    # ------------------------------------------------------------------ worksheets
    def export_worksheet(self) -> str:
        from .worksheet_dialog import export_worksheet

        return export_worksheet(self)

    # ------------------------------------------------------------------ frameworks
    def export_pytorch(self) -> str:
        return self._export_framework("py")

    def export_onnx(self) -> str:
        return self._export_framework("onnx")

    def _export_framework(self, kind: str) -> str:
        """The current graph (with its current values) as a PyTorch script or an ONNX model."""
        w, p = self.window, self.parts
        run = p.controller.run
        if run is None:
            return ""
        path = _with_suffix(self.choose_file(kind, self._suggested(kind)), kind)
        if not path:
            return ""
        try:
            if kind == "py":
                from core.frameworks.torch_export import TorchExportError, script_for, write_script

                network = p.controller.network
                try:
                    text = script_for(run.graph, self._title(), network)
                except TorchExportError as exc:
                    raise ValueError(str(exc)) from exc
                write_script(text, path)
            else:
                from core.frameworks.onnx_export import write_onnx

                write_onnx(run.graph, path, self._title())
        except (OSError, ValueError) as exc:  # OnnxError and TorchExportError are ValueErrors
            p.report_error(translate("ExportDialog", "Cannot export"), _error_text(path, exc))
            return ""
        w.statusBar().showMessage(translate("ExportDialog", "Wrote {path}").format(path=path), 8000)
        return path

    # ------------------------------------------------------------------ dialogs (patchable)
    def ask_view_options(self, kind: str, sizes: dict[bool, tuple[int, int]]) -> ViewOptions | None:
        dialog = ViewDialog(kind, sizes, self.window)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.options()

    def ask_deck_options(self, kind: str):  # -> core.teaching.slides.DeckOptions | None
        dialog = DeckDialog(kind, self.window)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.options()

    def ask_animation_options(self, run):  # -> tuple[str, AnimationOptions] | None
        from .animation_dialog import AnimationDialog

        dialog = AnimationDialog(run, self.parts.player.speed, self.window)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.kind_chosen(), dialog.options()

    def ask_worksheet_blank(self, run) -> str | None:  # "forward" | "backward" | "both"
        from .worksheet_dialog import WorksheetDialog

        dialog = WorksheetDialog(run, self.window)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.blank_chosen()

    def choose_file(self, kind: str, suggested: str) -> str:
        filters = {
            "png": translate("ExportDialog", "PNG pictures (*.png)"),
            "svg": translate("ExportDialog", "SVG drawings (*.svg)"),
            "pdf": translate("ExportDialog", "PDF documents (*.pdf)"),
            "py": translate("ExportDialog", "Python scripts (*.py)"),
            "onnx": translate("ExportDialog", "ONNX models (*.onnx)"),
            "gif": translate("ExportDialog", "Animated GIF pictures (*.gif)"),
            "mp4": translate("ExportDialog", "MP4 videos (*.mp4)"),
        }
        path, _ = QFileDialog.getSaveFileName(
            self.window, translate("ExportDialog", "Export"), suggested, filters[kind]
        )
        return path

    def choose_folder(self, suggested: str) -> str:
        return QFileDialog.getExistingDirectory(
            self.window, translate("ExportDialog", "Folder for the slides"), suggested
        )

    def _suggested(self, kind: str) -> str:
        folder = Path(self.parts.settings.last_directory() or Path.home())
        stem = self._title().replace("/", "-").replace(" ", "_") or "graph"
        if kind == "slides":
            name = f"{stem}_slides"
        elif kind == "worksheet":
            name = f"{stem}_worksheet.pdf"
        else:
            name = f"{stem}.{kind}"
        return str(folder / name)

    def _title(self) -> str:
        return self.parts.controller.title


def _with_suffix(path: str, kind: str) -> str:
    """A chosen name gets its extension if the person left it off."""
    if path and not path.lower().endswith(f".{kind}"):
        path += f".{kind}"
    return path


def install(parts: WindowParts) -> ExportMenu:
    """File → Export (a gui.features entry)."""
    return ExportMenu(parts)


def _error_text(path: str, exc: Exception) -> str:
    """``cannot write F: reason`` as core.io.atomic says it; other errors after the path."""
    from core.io.atomic import WriteError

    return str(exc) if isinstance(exc, WriteError) else f"{path}: {exc}"
