"""“New network…”: a fully connected network for the 2-D data sets, like ``--mlp 2-8-8-1``.

The dialog only reads a core.training.nn.NetworkSpec from its fields (core validates it and names the
field that is wrong); the lab opens it as a new document.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from core.autodiff import ops
from core.training.nn import GRANULARITIES, NetworkSpec, SpecError
from gui.lab.session import LabError
from gui.qt_typed import QT_TRANSLATE_NOOP

DRAWN_AS = {  # granularity -> how the choice reads in the dialog
    "neuron": QT_TRANSLATE_NOOP("NetworkDialog", "neuron by neuron"),
    "layer": QT_TRANSLATE_NOOP("NetworkDialog", "layer by layer (matrices)"),
}

OUTPUTS = {  # output activation -> the loss that reads it
    "sigmoid": "bce",
    "identity": "mse",
    "tanh": "mse",
}


def parse_sizes(text: str) -> tuple[int, ...]:
    """ "2-8-8-1" (or with spaces, commas, ×) → (2, 8, 8, 1); LabError says what is wrong."""
    cleaned = text.replace("×", "-").replace(",", "-").replace(" ", "-")
    parts = [p for p in cleaned.split("-") if p]
    try:
        sizes = tuple(int(p) for p in parts)
    except ValueError:
        raise LabError(
            QCoreApplication.translate(
                "NetworkDialog",
                "sizes: write whole numbers joined by '-', e.g. 2-8-8-1 (got {got})",
            ).format(got=repr(text))
        ) from None
    if len(sizes) < 2:
        raise LabError(
            QCoreApplication.translate(
                "NetworkDialog", "sizes: give at least the inputs and the outputs, e.g. 2-8-8-1"
            )
        )
    return sizes


def make_spec(
    sizes: str,
    activation: str = "tanh",
    output: str = "sigmoid",
    granularity: str = "layer",
    seed: int = 0,
) -> NetworkSpec:
    try:
        return NetworkSpec(
            parse_sizes(sizes),
            activation=activation,
            output_activation=output,
            loss=OUTPUTS.get(output, "mse"),
            granularity=granularity,
            seed=seed,
        )
    except SpecError as exc:
        raise LabError(str(exc)) from exc


class NetworkDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("lab_network_dialog")
        self.setWindowTitle(self.tr("New network"))
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.sizes = QLineEdit("2-8-8-1", self)
        self.sizes.setObjectName("lab_network_sizes")
        form.addRow(self.tr("layer sizes"), self.sizes)
        self.activation = _combo(self, "lab_network_activation", ops.ACTIVATIONS, "tanh")
        form.addRow(self.tr("hidden activation f"), self.activation)
        self.output = _combo(self, "lab_network_output", tuple(OUTPUTS), "sigmoid")
        self.output.setToolTip(self.tr("sigmoid → binary cross-entropy; identity → squared error"))
        form.addRow(self.tr("output"), self.output)
        # layer by layer: fast to train and to redraw; View → Show Neurons draws every neuron
        self.granularity = _combo(self, "lab_network_granularity", GRANULARITIES, "layer")
        for k, name in enumerate(GRANULARITIES):
            self.granularity.setItemText(
                k, QCoreApplication.translate("NetworkDialog", DRAWN_AS.get(name, name))
            )
        self.granularity.setToolTip(
            self.tr(
                "layer: one node per layer operation (fast); View → Show Neurons draws each neuron"
            )
        )
        form.addRow(self.tr("draw"), self.granularity)
        self.seed = QSpinBox(self)
        self.seed.setObjectName("lab_network_seed")
        self.seed.setRange(0, 1_000_000)
        form.addRow(self.tr("seed"), self.seed)
        layout.addLayout(form)
        self.error = QLabel(self)
        self.error.setObjectName("lab_network_error")
        self.error.setStyleSheet("color: #b2182b;")
        self.error.setWordWrap(True)
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.spec: NetworkSpec | None = None

    def _accept(self) -> None:
        try:
            self.spec = make_spec(
                self.sizes.text(),
                self.activation.currentData(),
                self.output.currentData(),
                self.granularity.currentData(),
                self.seed.value(),
            )
        except LabError as exc:
            self.error.setText(str(exc))
            return
        self.accept()


def _combo(parent: QWidget, name: str, items: tuple[str, ...], current: str) -> QComboBox:
    combo = QComboBox(parent)
    combo.setObjectName(name)
    for item in items:
        combo.addItem(item, item)
    combo.setCurrentIndex(combo.findData(current))
    return combo
