"""File → Export → Animation…: the played steps as a GIF or an MP4, from the window.

A small dialog asks for the format, the pass (or a range of steps), the frame rate, the
frame size and the player's speed (the window's own by default, so the film plays as the
class saw it); a progress dialog shows the frames recorded and can be cancelled, in which
case nothing is written (gui.export.video writes through a temporary file). The recording
builds its own offscreen scene from the window's run and node positions.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QProgressDialog,
    QSpinBox,
    QWidget,
)

from core.autodiff.engine import Run
from core.teaching.slides import phase_range

from . import export_form, player
from .export.recording import AnimationOptions

if TYPE_CHECKING:
    from .export_dialog import ExportMenu

FRAME_SIZES = ((1280, 720), (1920, 1080), (960, 540), (640, 360))

translate = QCoreApplication.translate  # lupdate reads translate("Context", "text")


class AnimationDialog(QDialog):
    """Format, steps, frame rate, frame size and speed of an animation."""

    def __init__(self, run: Run, speed: float, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("export_animation_dialog")
        self.setWindowTitle(translate("AnimationDialog", "Export Animation"))
        self.run = run
        form = QFormLayout()
        self.kind = QComboBox(self)
        self.kind.addItem(translate("AnimationDialog", "Animated GIF (slides, web pages)"), "gif")
        self.kind.addItem(translate("AnimationDialog", "MP4 video (H.264)"), "mp4")
        form.addRow(translate("AnimationDialog", "Format:"), self.kind)
        self.phase = export_form.phase_box(self)
        form.addRow(translate("AnimationDialog", "Pass:"), self.phase)
        self.first = QSpinBox(self)
        self.last = QSpinBox(self)
        steps = QHBoxLayout()
        steps.addWidget(self.first)
        steps.addWidget(QLabel(translate("AnimationDialog", "to"), self))
        steps.addWidget(self.last)
        form.addRow(translate("AnimationDialog", "Steps:"), steps)
        self.fps = export_form.fps_box(self)
        form.addRow(translate("AnimationDialog", "Frame rate:"), self.fps)
        self.size_box = export_form.size_box(self, FRAME_SIZES)
        form.addRow(translate("AnimationDialog", "Frame size:"), self.size_box)
        self.speed = QDoubleSpinBox(self)
        self.speed.setRange(player.MIN_SPEED, player.MAX_SPEED)
        self.speed.setDecimals(2)
        self.speed.setValue(speed)
        self.speed.setSuffix(translate("AnimationDialog", " steps/s"))
        self.speed.setToolTip(
            translate(
                "AnimationDialog", "How fast the steps follow each other (the player's speed)"
            )
        )
        form.addRow(translate("AnimationDialog", "Speed:"), self.speed)
        export_form.finish(self, form)
        self.phase.currentIndexChanged.connect(self._phase_changed)
        self.first.valueChanged.connect(lambda v: self.last.setMinimum(v))
        self._phase_changed()

    def _phase_changed(self, *_args: object) -> None:
        """The step boxes span the chosen pass, all of it."""
        first, last = phase_range(self.run, str(self.phase.currentData()))
        last = max(first, last)
        for box in (self.first, self.last):
            box.setRange(first, last)
        self.first.setValue(first)
        self.last.setValue(last)

    def kind_chosen(self) -> str:
        return str(self.kind.currentData())

    def options(self) -> AnimationOptions:
        phase = str(self.phase.currentData())
        first, last = self.first.value(), self.last.value()
        whole = phase_range(self.run, phase)
        return AnimationOptions(
            phase=phase,
            steps=None if (first, last) == whole else (first, last),
            fps=self.fps.value(),
            size=export_form.chosen_size(self.size_box),
            speed=round(self.speed.value(), 2),
        )


def export_animation(menu: ExportMenu) -> str:
    """The command behind File → Export → Animation…; returns the path written, or ""."""
    from core.teaching.slides import ExportError

    from .export.video import write_animation
    from .export.writers import Cancelled
    from .export_dialog import _error_text, _with_suffix

    w, p = menu.window, menu.parts
    run = p.controller.run
    if run is None or run.trace is None or not len(run.trace):
        return ""
    chosen = menu.ask_animation_options(run)
    if chosen is None:
        return ""
    kind, options = chosen
    path = _with_suffix(menu.choose_file(kind, menu._suggested(kind)), kind)
    if not path:
        return ""
    progress = QProgressDialog(
        translate("AnimationDialog", "Recording the animation…"),
        translate("AnimationDialog", "Cancel"),
        0,
        100,
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
        written = write_animation(
            run,
            path,
            kind,
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
    seconds = written.frames / options.fps
    w.statusBar().showMessage(
        translate("AnimationDialog", "Wrote {path} ({frames} frames, {seconds} s)").format(
            path=path, frames=written.frames, seconds=f"{seconds:.1f}"
        ),
        8000,
    )
    return path
