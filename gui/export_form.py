"""The rows File → Export's dialogs share: which pass, the picture's size, the frame rate, and
Save / Cancel under the form.

The slides dialog (gui.export_dialog), the animation dialog (gui.animation_dialog) and the
worksheet dialog (gui.worksheet_dialog) ask some of the same questions; built here once, they
offer them in the same words, in the same order, and hand back the same kind of answer (a size
is a (width, height) of ints), so a fix to one row is a fix to every dialog that shows it.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

translate = QCoreApplication.translate  # lupdate reads translate("Context", "text"); each text
# keeps the context it had in its dialog, and with it its translation

Size = tuple[int, int]


def phase_box(parent: QWidget) -> QComboBox:
    """Both passes, the forward or the backward one; its data is core.teaching.slides' phase."""
    box = QComboBox(parent)
    for text, value in (
        (translate("ExportDialog", "Forward and backward pass"), "both"),
        (translate("ExportDialog", "Forward pass only"), "forward"),
        (translate("ExportDialog", "Backward pass only"), "backward"),
    ):
        box.addItem(text, value)
    return box


def size_box(parent: QWidget, sizes: Sequence[Size]) -> QComboBox:
    """``sizes`` as "1920 × 1080", the first chosen; read the choice with ``chosen_size``."""
    box = QComboBox(parent)
    for size in sizes:
        width, height = int(size[0]), int(size[1])
        box.addItem(f"{width} × {height}", (width, height))
    return box


def chosen_size(box: QComboBox) -> Size:
    """The size a ``size_box`` shows (Qt hands item data back as a list or a tuple)."""
    width, height = box.currentData()
    return (int(width), int(height))


def fps_box(parent: QWidget) -> QSpinBox:
    """Frames per second, within what the recorder takes (gui.export.recording, loaded here:
    the window imports this module at start, the recorder only when an animation is made)."""
    from .export.recording import DEFAULT_FPS, FPS_LIMITS

    box = QSpinBox(parent)
    box.setRange(*FPS_LIMITS)
    box.setValue(DEFAULT_FPS)
    box.setSuffix(translate("AnimationDialog", " frames/s"))
    return box


def finish(dialog: QDialog, form: QFormLayout) -> QDialogButtonBox:
    """Lay ``form`` out in ``dialog`` over Save and Cancel (Save accepts, Cancel rejects)."""
    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, dialog
    )
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    layout = QVBoxLayout(dialog)
    layout.addLayout(form)
    layout.addWidget(buttons)
    return buttons
