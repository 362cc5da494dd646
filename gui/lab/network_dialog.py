"""“New network…”: a fully connected network for the data sets, like ``--mlp 2-8-8-1``, with
TensorFlow Playground's feature inputs and an L1/L2 penalty (``--features``, ``--regularization``).

The dialog only reads a core.training.nn.NetworkSpec from its fields (core validates it and names the
field that is wrong); the lab opens it as a new document.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from core.autodiff import ops
from core.autodiff.ops import FEATURE_LABELS, FEATURE_NAMES
from core.training.nn import GRANULARITIES, NetworkSpec, SpecError

from ..qt_typed import QT_TRANSLATE_NOOP
from .session import LabError

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


REG_RATES = (0.0, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0)  # Playground's choices
REGULARIZATION_TEXT = {
    "none": QT_TRANSLATE_NOOP("NetworkDialog", "none"),
    "l1": QT_TRANSLATE_NOOP("NetworkDialog", "L1: λ·Σ|w|"),
    "l2": QT_TRANSLATE_NOOP("NetworkDialog", "L2: λ·Σw²"),
}


def network_features(chosen: tuple[str, ...], inputs: int) -> tuple[str, ...]:
    """The spec's features for the toggles ``chosen``: none when they are just the raw inputs
    x1 … xn the first size asks for (the network Playground draws without feature toggles)."""
    ordered = tuple(n for n in FEATURE_NAMES if n in chosen)
    if ordered == tuple(f"x{i}" for i in range(1, inputs + 1)):
        return ()
    if set(ordered) <= {"x1", "x2"} and len(ordered) != inputs:  # sizes typed, toggles untouched
        return ()
    return ordered


def make_spec(
    sizes: str,
    activation: str = "tanh",
    output: str = "sigmoid",
    granularity: str = "layer",
    seed: int = 0,
    features: tuple[str, ...] = (),
    regularization: str = "none",
    reg_rate: float = 0.0,
) -> NetworkSpec:
    try:
        parsed = parse_sizes(sizes)
        return NetworkSpec(
            parsed,
            activation=activation,
            output_activation=output,
            loss=OUTPUTS.get(output, "mse"),
            granularity=granularity,
            seed=seed,
            features=network_features(features, parsed[0]) if features else (),
            regularization=regularization,
            reg_rate=reg_rate if regularization != "none" else 0.0,
        )
    except SpecError as exc:
        raise LabError(str(exc)) from exc


class FeatureToggles(QWidget):
    """Playground's seven feature checkboxes in one row; ``toggled`` after each click."""

    toggled = Signal()

    def __init__(self, parent: QWidget | None = None, name: str = "lab_features") -> None:
        super().__init__(parent)
        self.setObjectName(name)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(2)
        self.boxes: dict[str, QCheckBox] = {}
        for feature in FEATURE_NAMES:
            box = QCheckBox(FEATURE_LABELS[feature], self)
            box.setObjectName(f"{name}_{feature}")
            box.toggled.connect(self.toggled)
            row.addWidget(box)
            self.boxes[feature] = box
        row.addStretch(1)
        self.setToolTip(
            QCoreApplication.translate(
                "NetworkDialog",
                "Feature inputs computed from x1 and x2 (as in TensorFlow Playground): nodes of "
                "the graph, so the gradient runs through them; the first size is their number",
            )
        )
        self.set_chosen(("x1", "x2"))

    def chosen(self) -> tuple[str, ...]:
        return tuple(n for n in FEATURE_NAMES if self.boxes[n].isChecked())

    def set_chosen(self, names: tuple[str, ...]) -> None:
        for feature, box in self.boxes.items():
            box.blockSignals(True)
            box.setChecked(feature in names)
            box.blockSignals(False)


def regularization_combo(parent: QWidget, name: str) -> QComboBox:
    combo = QComboBox(parent)
    combo.setObjectName(name)
    for kind, text in REGULARIZATION_TEXT.items():
        combo.addItem(QCoreApplication.translate("NetworkDialog", text), kind)
    combo.setToolTip(
        QCoreApplication.translate(
            "NetworkDialog",
            "A penalty on the weights (not the biases) added to the loss: Q = loss + penalty",
        )
    )
    return combo


def rate_combo(parent: QWidget, name: str) -> QComboBox:
    combo = QComboBox(parent)
    combo.setObjectName(name)
    for rate in REG_RATES:
        combo.addItem(f"{rate:g}", rate)
    combo.setCurrentIndex(combo.findData(0.01))
    combo.setToolTip(QCoreApplication.translate("NetworkDialog", "λ, the regularisation rate"))
    return combo


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
        self.features = FeatureToggles(self, "lab_network_features")
        self.features.toggled.connect(self._features_toggled)
        form.addRow(self.tr("features"), self.features)
        self.regularization = regularization_combo(self, "lab_network_regularization")
        form.addRow(self.tr("regularisation"), self.regularization)
        self.reg_rate = rate_combo(self, "lab_network_reg_rate")
        form.addRow(self.tr("rate λ"), self.reg_rate)
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

    def _features_toggled(self) -> None:
        """The first size follows the number of features (Playground's input column)."""
        count = len(self.features.chosen())
        parts = self.sizes.text().split("-", 1)
        if count and parts[0].strip().isdigit():
            self.sizes.setText("-".join([str(count), *parts[1:]]))

    def _accept(self) -> None:
        try:
            self.spec = make_spec(
                self.sizes.text(),
                self.activation.currentData(),
                self.output.currentData(),
                self.granularity.currentData(),
                self.seed.value(),
                self.features.chosen(),
                self.regularization.currentData(),
                float(self.reg_rate.currentData()),
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
