"""The training panel: data, gradient-descent settings, the lecture's stopping rules, buttons.

It only collects choices and shows state; the lab (gui.lab.feature) trains. ``data_choice()``
and ``train_config()`` read the widgets into core's terms (a DataChoice, a core.training.train
TrainConfig), so a test sets widgets and reads back exactly what training will use.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QCoreApplication, QLocale, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QDoubleValidator, QFont, QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSpinBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from core.documents.lab_record import CONTROLS, LabRecord, file_hash
from core.documents.recipe import patience_for, preset
from core.text.i18n import tr_text
from core.training import datasets
from core.training.nn import NetworkSpec, SpecError
from core.training.train import DEFAULT_THRESHOLDS, StopRule, TrainConfig, TrainError

from ..qt_typed import QT_TRANSLATE_NOOP
from .network_dialog import (
    FeatureToggles,
    network_features,
    rate_combo,
    regularization_combo,
)
from .session import CSV, DOCUMENT, DataChoice, LabError

translate = QCoreApplication.translate
CONTROL_TEXT = {  # classroom mode's menu, one line per control (core's CONTROLS)
    "run": QT_TRANSLATE_NOOP("LabControls", "Run buttons and status"),
    "source": QT_TRANSLATE_NOOP("LabControls", "Data source"),
    "samples": QT_TRANSLATE_NOOP("LabControls", "Samples"),
    "noise": QT_TRANSLATE_NOOP("LabControls", "Noise"),
    "seed": QT_TRANSLATE_NOOP("LabControls", "Seed"),
    "held_out": QT_TRANSLATE_NOOP("LabControls", "Held out"),
    "new_network": QT_TRANSLATE_NOOP("LabControls", "New network… and Show Neurons"),
    "features": QT_TRANSLATE_NOOP("LabControls", "Features"),
    "learning_rate": QT_TRANSLATE_NOOP("LabControls", "Learning rate η"),
    "batch": QT_TRANSLATE_NOOP("LabControls", "Batch size"),
    "momentum": QT_TRANSLATE_NOOP("LabControls", "Momentum μ"),
    "speed": QT_TRANSLATE_NOOP("LabControls", "Speed"),
    "penalty": QT_TRANSLATE_NOOP("LabControls", "Regularisation"),
    "stop": QT_TRANSLATE_NOOP("LabControls", "Stopping rules"),
    "command": QT_TRANSLATE_NOOP("LabControls", "Command line"),
}
ERROR_COLOUR = "#b2182b"
DONE_COLOUR = "#1a7f37"
DATA_DEBOUNCE_MS = 300  # spin boxes fire on every keystroke; regenerate once typing pauses


class TrainingPanel(QScrollArea):
    """The controls of the training lab (a dock's contents)."""

    data_changed = Signal()
    settings_changed = Signal()
    train_clicked = Signal()
    step_clicked = Signal()
    epoch_clicked = Signal()
    reset_clicked = Signal()
    keep_clicked = Signal()
    new_network_clicked = Signal()
    network_changed = Signal()  # the feature toggles or the penalty: the network is rebuilt
    speed_changed = Signal(object)  # epochs per second, or None for as fast as it goes
    browse_clicked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("lab_panel")
        self.setWidgetResizable(True)
        self.setFrameShape(QScrollArea.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._patience_auto = True  # the patience follows the epoch budget (patience_for)
        self.preset_source = ""  # the data whose defaults the settings were last set to
        self._labels: dict[QWidget, QLabel] = {}  # a control's label, hidden with it
        self.hidden_controls: tuple[str, ...] = ()
        body = QWidget(self)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.setSpacing(8)
        layout.addWidget(self._build_classroom(body))
        layout.addWidget(self._build_buttons(body))
        layout.addWidget(self._build_data(body))
        layout.addWidget(self._build_descent(body))
        layout.addWidget(self._build_stop(body))
        layout.addWidget(self._build_command(body))
        layout.addStretch(1)
        self.setWidget(body)
        self.setMinimumWidth(body.minimumSizeHint().width() + 16)
        self._data_timer = QTimer(self)
        self._data_timer.setSingleShot(True)
        self._data_timer.setInterval(DATA_DEBOUNCE_MS)
        self._data_timer.timeout.connect(self.data_changed)
        self._connect()
        self._source_changed()

    # ------------------------------------------------------------------ building
    def _build_classroom(self, parent: QWidget) -> QToolButton:
        """Classroom mode: a menu with one checkbox per control; unticked ones are hidden
        (the choice is saved in the document, core.documents.lab_record.CONTROLS)."""
        button = QToolButton(parent)
        button.setObjectName("lab_classroom")
        button.setText(self.tr("Controls shown ▾"))
        button.setToolTip(
            self.tr("Classroom mode: hide any of the lab's controls; a saved document keeps this")
        )
        button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(button)
        menu.setObjectName("lab_classroom_menu")
        self.control_actions: dict[str, QAction] = {}
        for name in CONTROLS:
            action = menu.addAction(translate("LabControls", CONTROL_TEXT[name]))
            action.setObjectName(f"lab_show_{name}")
            action.setCheckable(True)
            action.setChecked(True)
            action.toggled.connect(self._controls_toggled)
            self.control_actions[name] = action
        button.setMenu(menu)
        return button

    def control_widgets(self, name: str) -> list[QWidget]:
        """The widgets (and their labels) of one control that classroom mode hides."""
        table: dict[str, list[QWidget]] = {
            "run": [self.run_box],
            "source": [self.source, self.csv_row],
            "samples": [self.samples],
            "noise": [self.noise],
            "seed": [self.seed],
            "held_out": [self.test_fraction],
            "new_network": [self.new_network, self.draw_neurons],
            "features": [self.features, self.features_label],
            "learning_rate": [self.learning_rate],
            "batch": [self.batch_size],
            "momentum": [self.momentum],
            "speed": [self.speed],
            "penalty": [self.regularization, self.reg_rate],
            "stop": [self.stop_box],
            "command": [self.command_box],
        }
        widgets = table[name]
        return widgets + [self._labels[w] for w in widgets if w in self._labels]

    def set_hidden_controls(self, names: tuple[str, ...]) -> None:
        """Hide exactly these controls (and tick the menu to match)."""
        for name, action in self.control_actions.items():
            action.blockSignals(True)
            action.setChecked(name not in names)
            action.blockSignals(False)
        self._controls_toggled()

    def _controls_toggled(self, _checked: bool = False) -> None:
        hidden = tuple(n for n, a in self.control_actions.items() if not a.isChecked())
        self.hidden_controls = hidden
        for name in CONTROLS:
            for widget in self.control_widgets(name):
                if name == "source" and widget is self.csv_row:
                    widget.setVisible(name not in hidden and self.source.currentData() == CSV)
                else:
                    widget.setVisible(name not in hidden)

    def _build_data(self, parent: QWidget) -> QGroupBox:
        box = QGroupBox(self.tr("Data"), parent)
        box.setObjectName("lab_data_box")
        grid = QGridLayout(box)
        grid.setVerticalSpacing(4)
        self.source = QComboBox(box)
        self.source.setObjectName("lab_data_source")
        self.source.addItem(self.tr("this document's values"), DOCUMENT)
        for name in datasets.names():
            info = datasets.info(name)
            self.source.addItem(
                self.tr("{name}: {summary}").format(name=name, summary=tr_text(info.summary)), name
            )
        self.source.addItem(self.tr("CSV file…"), CSV)
        self.source.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.source.setMinimumContentsLength(14)
        self.source.setToolTip(
            self.tr(
                "Columns bind by name: a program's inputs take the columns of the same names; "
                "a network takes x1 … xn and y."
            )
        )
        grid.addWidget(self.source, 0, 0, 1, 4)
        self.samples = _spin(box, "lab_samples", 2, datasets.MAX_SAMPLES, 200)
        self.samples.setToolTip(self.tr("How many samples to generate"))
        self.noise = QDoubleSpinBox(box)
        self.noise.setObjectName("lab_noise")
        self.noise.setRange(-0.05, datasets.MAX_NOISE)
        self.noise.setSingleStep(0.05)
        self.noise.setDecimals(2)
        self.noise.setSpecialValueText(self.tr("default"))
        self.noise.setValue(-0.05)
        self.seed = _spin(box, "lab_seed", 0, 1_000_000, 0)
        self.seed.setToolTip(self.tr("Seed of the generator, the split and the mini-batch shuffle"))
        self.test_fraction = QDoubleSpinBox(box)
        self.test_fraction.setObjectName("lab_test_fraction")
        self.test_fraction.setRange(0.0, 0.9)
        self.test_fraction.setSingleStep(0.05)
        self.test_fraction.setDecimals(2)
        self.test_fraction.setToolTip(
            self.tr("The share of samples held out: never trained on, used for the test loss")
        )
        for row, pairs in enumerate(
            (
                ((self.tr("samples"), self.samples), (self.tr("noise"), self.noise)),
                ((self.tr("seed"), self.seed), (self.tr("held out"), self.test_fraction)),
            ),
            start=1,
        ):
            for k, (text, widget) in enumerate(pairs):
                label = QLabel(text, box)
                self._labels[widget] = label
                grid.addWidget(label, row, 2 * k)
                grid.addWidget(widget, row, 2 * k + 1)
        csv_line = QWidget(box)
        row_layout = QHBoxLayout(csv_line)
        row_layout.setContentsMargins(0, 0, 0, 0)
        self.csv_path = QLineEdit(csv_line)
        self.csv_path.setObjectName("lab_csv_path")
        self.csv_path.setPlaceholderText(self.tr("path/to/data.csv"))
        self.csv_browse = QToolButton(csv_line)
        self.csv_browse.setObjectName("lab_csv_browse")
        self.csv_browse.setText("…")
        self.csv_browse.setToolTip(self.tr("Choose a CSV file"))
        row_layout.addWidget(self.csv_path, 1)
        row_layout.addWidget(self.csv_browse)
        grid.addWidget(csv_line, 3, 0, 1, 4)
        self.csv_row = csv_line
        self.data_status = _label(box, "lab_data_status")
        grid.addWidget(self.data_status, 4, 0, 1, 4)
        self.new_network = QPushButton(self.tr("New network…"), box)
        self.new_network.setObjectName("lab_new_network")
        self.new_network.setToolTip(
            self.tr("Build a fully connected network (like --mlp 2-8-8-1) to train on 2-D data")
        )
        grid.addWidget(self.new_network, 5, 0, 1, 3)
        self.draw_neurons = QToolButton(box)  # the lab sets View → Show Neurons as its action
        self.draw_neurons.setObjectName("lab_draw_neurons")
        self.draw_neurons.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        grid.addWidget(self.draw_neurons, 5, 3)
        self.features_label = QLabel(self.tr("features"), box)
        grid.addWidget(self.features_label, 6, 0)
        self.features = FeatureToggles(box, "lab_features")
        grid.addWidget(self.features, 6, 1, 1, 3)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        return box

    def _build_descent(self, parent: QWidget) -> QGroupBox:
        box = QGroupBox(self.tr("Gradient descent  w ← w − η·∇Q(w)"), parent)
        box.setObjectName("lab_descent_box")
        grid = QGridLayout(box)
        grid.setVerticalSpacing(4)
        self.learning_rate = QDoubleSpinBox(box)
        self.learning_rate.setObjectName("lab_learning_rate")
        self.learning_rate.setDecimals(4)
        self.learning_rate.setRange(0.0001, 100.0)
        self.learning_rate.setStepType(QDoubleSpinBox.StepType.AdaptiveDecimalStepType)
        self.learning_rate.setValue(0.05)
        self.learning_rate.setToolTip(self.tr("The learning rate η: the size of each step"))
        self.batch_size = _spin(box, "lab_batch_size", 0, datasets.MAX_SAMPLES, 0)
        self.batch_size.setSpecialValueText(self.tr("full"))
        self.batch_size.setToolTip(
            self.tr("Samples per update; full batch makes one update per epoch (the lecture's GD)")
        )
        self.momentum = QDoubleSpinBox(box)
        self.momentum.setObjectName("lab_momentum")
        self.momentum.setRange(0.0, 0.99)
        self.momentum.setSingleStep(0.1)
        self.momentum.setDecimals(2)
        self.momentum.setToolTip(self.tr("μ: b ← μ·b + ∇Q, w ← w − η·b (0 is plain descent)"))
        self.speed = QComboBox(box)
        self.speed.setObjectName("lab_speed")
        self.speed.addItem(self.tr("max"), None)
        for rate in (300, 100, 30, 10, 3, 1):
            self.speed.addItem(self.tr("{n}/s").format(n=rate), float(rate))
        self.speed.setToolTip(
            self.tr("Epochs per second: slow down to watch the line and the descent path move")
        )
        self.regularization = regularization_combo(box, "lab_regularization")
        self.reg_rate = rate_combo(box, "lab_reg_rate")
        for row, pairs in enumerate(
            (
                ((self.tr("η"), self.learning_rate), (self.tr("batch"), self.batch_size)),
                ((self.tr("μ"), self.momentum), (self.tr("speed"), self.speed)),
                ((self.tr("penalty"), self.regularization), (self.tr("λ"), self.reg_rate)),
            )
        ):
            for k, (text, widget) in enumerate(pairs):
                label = QLabel(text, box)
                self._labels[widget] = label
                label.setToolTip(widget.toolTip())
                grid.addWidget(label, row, 2 * k)
                grid.addWidget(widget, row, 2 * k + 1)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        return box

    def _build_stop(self, parent: QWidget) -> QGroupBox:
        box = QGroupBox(self.tr("Stop when"), parent)
        box.setObjectName("lab_stop_box")
        self.stop_box = box
        grid = QGridLayout(box)
        grid.setVerticalSpacing(4)
        self.stop_weights = QCheckBox(self.tr("‖wᵗ − wᵗ⁻¹‖ < ε"), box)
        self.stop_weights.setObjectName("lab_stop_weights")
        self.eps_weights = _eps(box, "lab_eps_weights", DEFAULT_THRESHOLDS["weights"])
        self.stop_gradient = QCheckBox(self.tr("‖∇Q(wᵗ)‖ < ε"), box)
        self.stop_gradient.setObjectName("lab_stop_gradient")
        self.eps_gradient = _eps(box, "lab_eps_gradient", 1e-4)
        self.stop_early = QCheckBox(self.tr("held-out Q stops falling"), box)
        self.stop_early.setObjectName("lab_stop_early")
        self.stop_early.setToolTip(
            self.tr("Early stopping: needs held-out data; the best weights are restored")
        )
        self.patience = _spin(box, "lab_patience", 1, 1_000_000, int(DEFAULT_THRESHOLDS["early"]))
        self.patience.setPrefix(self.tr("for "))
        self.patience.setSuffix(self.tr(" epochs"))
        self.max_epochs = _spin(box, "lab_max_epochs", 1, 100_000_000, 2000)
        self.max_epochs.setSuffix(self.tr(" epochs"))
        self.stop_weights.setChecked(True)
        self.stop_gradient.setChecked(True)
        grid.addWidget(self.stop_weights, 0, 0)
        grid.addWidget(self.eps_weights, 0, 1)
        grid.addWidget(self.stop_gradient, 1, 0)
        grid.addWidget(self.eps_gradient, 1, 1)
        grid.addWidget(self.stop_early, 2, 0)
        grid.addWidget(self.patience, 2, 1)
        grid.addWidget(QLabel(self.tr("or at most"), box), 3, 0)
        grid.addWidget(self.max_epochs, 3, 1)
        grid.setColumnStretch(0, 1)
        return box

    def _build_command(self, parent: QWidget) -> QGroupBox:
        box = QGroupBox(self.tr("Same run in a terminal"), parent)
        box.setObjectName("lab_command_box")
        self.command_box = box
        row = QHBoxLayout(box)
        row.setContentsMargins(6, 4, 6, 4)
        self.command = QLineEdit(box)
        self.command.setObjectName("lab_command")
        self.command.setReadOnly(True)
        self.command.setToolTip(
            self.tr(
                "backprop-studio train with these settings: the same data, split, initial "
                "weights and shuffling give the same numbers, epoch by epoch"
            )
        )
        # the line can be long: it must not widen the dock (it scrolls, and Copy takes it all)
        self.command.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.command.setMinimumWidth(60)
        self.copy_command = QToolButton(box)
        self.copy_command.setObjectName("lab_command_copy")
        self.copy_command.setText(self.tr("Copy"))
        self.copy_command.setToolTip(self.tr("Copy the command line to the clipboard"))
        row.addWidget(self.command, 1)
        row.addWidget(self.copy_command)
        return box

    def _build_buttons(self, parent: QWidget) -> QWidget:
        box = QGroupBox(self.tr("Run"), parent)
        box.setObjectName("lab_run_box")
        self.run_box = box
        grid = QGridLayout(box)
        grid.setVerticalSpacing(4)
        self.train_button = _button(box, "lab_train", self.tr("Train"))
        self.train_button.setToolTip(self.tr("Train until a stopping rule fires; press to pause"))
        bold = QFont(self.train_button.font())
        bold.setBold(True)
        self.train_button.setFont(bold)
        self.step_button = _button(box, "lab_step", self.tr("One update"))
        self.step_button.setToolTip(
            self.tr(
                "Make the next update with every step recorded, then play it in the graph: "
                "forward, backward, and w ← w − η·∂Q/∂w for each parameter"
            )
        )
        self.epoch_button = _button(box, "lab_epoch", self.tr("One epoch"))
        self.reset_button = _button(box, "lab_reset", self.tr("Reset"))
        self.reset_button.setToolTip(self.tr("Back to epoch 0 with the document's weights"))
        self.keep_button = _button(box, "lab_keep", self.tr("Keep weights"))
        self.keep_button.setToolTip(
            self.tr("Write the trained weights into the document (one undoable edit)")
        )
        grid.addWidget(self.train_button, 0, 0, 1, 2)
        grid.addWidget(self.step_button, 1, 0)
        grid.addWidget(self.epoch_button, 1, 1)
        grid.addWidget(self.reset_button, 2, 0)
        grid.addWidget(self.keep_button, 2, 1)
        self.step_mode = QComboBox(box)
        self.step_mode.setObjectName("lab_step_mode")
        self.step_mode.addItem(self.tr("update = batch average"), "batch")
        self.step_mode.addItem(self.tr("update = one sample"), "sample")
        self.step_mode.setToolTip(
            self.tr(
                "What One update shows. The batch average is the update training makes; one "
                "sample shows what that sample alone would do (not applied)."
            )
        )
        grid.addWidget(self.step_mode, 3, 0)
        self.sample = _spin(box, "lab_sample", 1, datasets.MAX_SAMPLES, 1)
        self.sample.setPrefix(self.tr("sample "))
        self.sample.setEnabled(False)
        grid.addWidget(self.sample, 3, 1)
        self.status = _label(box, "lab_status")
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        font = QFont(self.status.font())
        font.setPointSizeF(font.pointSizeF() * 1.1)
        self.status.setFont(font)
        self.message = _label(box, "lab_message")
        # fixed room (the status writes at most 4 lines, a message rarely more), so that text
        # changing ten times a second never moves the controls below under the mouse
        self.status.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.status.setFixedHeight(4 * self.status.fontMetrics().lineSpacing() + 6)
        self.message.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.message.setMinimumHeight(5 * self.message.fontMetrics().lineSpacing() + 6)
        grid.addWidget(self.status, 4, 0, 1, 2)
        grid.addWidget(self.message, 5, 0, 1, 2)
        return box

    def _connect(self) -> None:
        self.source.currentIndexChanged.connect(self._source_changed)
        for spin in (self.samples, self.seed, self.noise, self.test_fraction):
            spin.valueChanged.connect(self._data_timer.start)
        self.csv_path.editingFinished.connect(self._csv_edited)
        self.csv_browse.clicked.connect(self.browse_clicked)
        for widget in (self.learning_rate, self.momentum, self.batch_size, self.max_epochs):
            widget.valueChanged.connect(self.settings_changed)
        self.patience.valueChanged.connect(self.settings_changed)
        for check in (self.stop_weights, self.stop_gradient, self.stop_early):
            check.toggled.connect(self.settings_changed)
        for edit in (self.eps_weights, self.eps_gradient):
            edit.editingFinished.connect(self.settings_changed)
        self.copy_command.clicked.connect(self._copy_command)
        self.max_epochs.valueChanged.connect(self._epochs_changed)
        self.patience.valueChanged.connect(self._patience_edited)
        self.train_button.clicked.connect(self.train_clicked)
        self.step_button.clicked.connect(self.step_clicked)
        self.epoch_button.clicked.connect(self.epoch_clicked)
        self.reset_button.clicked.connect(self.reset_clicked)
        self.keep_button.clicked.connect(self.keep_clicked)
        self.new_network.clicked.connect(self.new_network_clicked)
        self.features.toggled.connect(self.network_changed)
        self.regularization.currentIndexChanged.connect(self._penalty_changed)
        self.reg_rate.currentIndexChanged.connect(self._penalty_changed)
        self.speed.currentIndexChanged.connect(
            lambda _i: self.speed_changed.emit(self.speed.currentData())
        )
        self.step_mode.currentIndexChanged.connect(
            lambda _i: self.sample.setEnabled(self.step_mode.currentData() == "sample")
        )

    def _copy_command(self) -> None:
        text = self.command.text()
        if text:
            QGuiApplication.clipboard().setText(text)

    def _epochs_changed(self, epochs: int) -> None:
        """The patience follows the epoch budget until the person sets it themselves."""
        if self._patience_auto:
            self.patience.blockSignals(True)
            self.patience.setValue(patience_for(epochs))
            self.patience.blockSignals(False)

    def _patience_edited(self, _value: int) -> None:
        self._patience_auto = False

    def apply_preset(self, source: str) -> None:
        """The defaults that work for ``source`` (core.documents.recipe.PRESETS): samples, held out, η,
        μ, batch, epoch budget and early stopping, set without a signal per widget."""
        p = preset(source)
        generated = source in datasets.names()
        widgets = (
            self.samples,
            self.test_fraction,
            self.learning_rate,
            self.momentum,
            self.batch_size,
            self.max_epochs,
            self.patience,
            self.stop_early,
        )
        for widget in widgets:
            widget.blockSignals(True)
        try:
            if generated:
                self.samples.setValue(p.samples)
            self.test_fraction.setValue(p.test_fraction)
            self.learning_rate.setValue(p.learning_rate)
            self.momentum.setValue(p.momentum)
            self.batch_size.setValue(p.batch_size or 0)
            self.max_epochs.setValue(p.max_epochs)
            self.patience.setValue(p.patience or patience_for(p.max_epochs))
            self.stop_early.setChecked(p.patience is not None and p.test_fraction > 0)
        finally:
            for widget in widgets:
                widget.blockSignals(False)
        self._patience_auto = True
        self.preset_source = source

    def _source_changed(self, _index: int = 0) -> None:
        source = self.source.currentData()
        if source != CSV:
            self.apply_preset(source)
        generated = source not in (DOCUMENT, CSV)
        for widget in (self.samples, self.noise):
            widget.setEnabled(generated)
        self.csv_row.setVisible(source == CSV and "source" not in self.hidden_controls)
        self._data_timer.stop()
        if source == CSV and not self.csv_path.text().strip():
            self.set_data_status(self.tr("Choose a CSV file (with a header row)."), error=False)
            return
        self.data_changed.emit()

    def _penalty_changed(self, _index: int = 0) -> None:
        self.reg_rate.setEnabled(self.regularization.currentData() != "none")
        self.network_changed.emit()

    def show_network(self, spec: NetworkSpec | None) -> None:
        """Show a network's features and penalty; a program has neither (the rows are off)."""
        is_net = spec is not None
        for widget in (self.features, self.features_label, self.regularization):
            widget.setEnabled(is_net)
        for widget in (self.features, self.regularization, self.reg_rate):
            widget.blockSignals(True)
        if spec is None:
            self.features.set_chosen(())
            self.regularization.setCurrentIndex(self.regularization.findData("none"))
        else:
            raw = tuple(f"x{i}" for i in range(1, spec.raw_inputs + 1))
            self.features.set_chosen(spec.features or raw)
            self.regularization.setCurrentIndex(self.regularization.findData(spec.regularization))
            if spec.regularization != "none":
                index = self.reg_rate.findData(float(spec.reg_rate))
                if index < 0:  # a rate typed in a document: shown as it is
                    self.reg_rate.addItem(f"{spec.reg_rate:g}", float(spec.reg_rate))
                    index = self.reg_rate.count() - 1
                self.reg_rate.setCurrentIndex(index)
        self.reg_rate.setEnabled(is_net and self.regularization.currentData() != "none")
        for widget in (self.features, self.regularization, self.reg_rate):
            widget.blockSignals(False)

    def network_choice(self, spec: NetworkSpec) -> NetworkSpec:
        """``spec`` with the panel's features (the first size follows their number) and
        penalty; LabError when no feature is on."""
        chosen = self.features.chosen()
        if not chosen:
            raise LabError(self.tr("Choose at least one feature."))
        sizes = (len(chosen), *spec.sizes[1:])
        kind = self.regularization.currentData()
        try:
            return NetworkSpec(
                **{
                    **spec.to_dict(),
                    "sizes": sizes,
                    "features": network_features(chosen, len(chosen)),
                    "regularization": kind,
                    "reg_rate": float(self.reg_rate.currentData()) if kind != "none" else 0.0,
                }
            )
        except SpecError as exc:
            raise LabError(str(exc)) from exc

    def _csv_edited(self) -> None:
        if self.source.currentData() == CSV:
            self.data_changed.emit()

    # ------------------------------------------------------------------ reading
    def data_choice(self) -> DataChoice:
        noise = self.noise.value()
        return DataChoice(
            source=self.source.currentData(),
            samples=self.samples.value(),
            noise=None if noise < 0 else noise,
            seed=self.seed.value(),
            test_fraction=self.test_fraction.value(),
            path=self.csv_path.text().strip(),
        )

    def train_config(self) -> TrainConfig:
        """The settings as core's TrainConfig; LabError names a setting that is not valid."""
        stop = []
        for check, name, value in (
            (self.stop_weights, "weights", self.eps_weights.text()),
            (self.stop_gradient, "gradient", self.eps_gradient.text()),
            (self.stop_early, "early", str(self.patience.value())),
        ):
            if check.isChecked():
                try:
                    threshold = float(value)
                except ValueError:
                    raise LabError(
                        self.tr("ε for the {rule} rule must be a number, got {got}").format(
                            rule=name, got=repr(value)
                        )
                    ) from None
                if not math.isfinite(threshold):
                    raise LabError(
                        self.tr("ε for the {rule} rule must be finite").format(rule=name)
                    )
                stop.append(StopRule(name, threshold))
        batch = self.batch_size.value()
        config = TrainConfig(
            learning_rate=self.learning_rate.value(),
            max_epochs=self.max_epochs.value(),
            batch_size=batch or None,
            momentum=self.momentum.value(),
            stop=tuple(stop),
            seed=self.seed.value(),
        )
        try:
            config.validate()
        except TrainError as exc:
            raise LabError(str(exc)) from exc
        return config

    def record(self) -> LabRecord:
        """The panel's data, settings and hidden controls as a document keeps them."""
        choice = self.data_choice()
        stop = []
        for check, name, text in (
            (self.stop_weights, "weights", self.eps_weights.text()),
            (self.stop_gradient, "gradient", self.eps_gradient.text()),
        ):
            if check.isChecked():
                threshold = _number_or_nan(text)
                if math.isfinite(threshold) and threshold > 0:  # else training refuses it
                    stop.append((name, threshold))
        if self.stop_early.isChecked():
            stop.append(("early", float(self.patience.value())))
        path = choice.path if choice.source == CSV else ""
        return LabRecord(
            source=choice.source,
            samples=choice.samples,
            noise=choice.noise,
            seed=choice.seed,
            test_fraction=choice.test_fraction,
            path=path,
            sha256=file_hash(path) if path else "",
            learning_rate=self.learning_rate.value(),
            batch_size=self.batch_size.value() or None,
            momentum=self.momentum.value(),
            max_epochs=self.max_epochs.value(),
            stop=tuple(stop),
            speed=self.speed.currentData(),
            hidden=self.hidden_controls,
        )

    def apply_record(self, record: LabRecord) -> None:
        """Set every widget from a document's record, without the set's defaults overriding
        it and without a signal per widget (the lab rebuilds its session once, afterwards)."""
        widgets = (
            self.source,
            self.samples,
            self.noise,
            self.seed,
            self.test_fraction,
            self.csv_path,
            self.learning_rate,
            self.batch_size,
            self.momentum,
            self.max_epochs,
            self.patience,
            self.stop_weights,
            self.stop_gradient,
            self.stop_early,
            self.eps_weights,
            self.eps_gradient,
            self.speed,
        )
        for widget in widgets:
            widget.blockSignals(True)
        try:
            index = self.source.findData(record.source)
            self.source.setCurrentIndex(max(index, 0))
            generated = record.source not in (DOCUMENT, CSV)
            for widget in (self.samples, self.noise):
                widget.setEnabled(generated)
            self.samples.setValue(record.samples)
            self.noise.setValue(-0.05 if record.noise is None else record.noise)
            self.seed.setValue(record.seed)
            self.test_fraction.setValue(record.test_fraction)
            self.csv_path.setText(record.path)
            self.learning_rate.setValue(record.learning_rate)
            self.batch_size.setValue(record.batch_size or 0)
            self.momentum.setValue(record.momentum)
            self.max_epochs.setValue(record.max_epochs)
            rules = dict(record.stop)
            self.stop_weights.setChecked("weights" in rules)
            self.stop_gradient.setChecked("gradient" in rules)
            self.stop_early.setChecked("early" in rules)
            if "weights" in rules:
                self.eps_weights.setText(repr(rules["weights"]))
            if "gradient" in rules:
                self.eps_gradient.setText(repr(rules["gradient"]))
            if "early" in rules:
                self.patience.setValue(int(rules["early"]))
            speed = self.speed.findData(record.speed)
            self.speed.setCurrentIndex(max(speed, 0))
        finally:
            for widget in widgets:
                widget.blockSignals(False)
        self._patience_auto = "early" not in dict(record.stop)
        self.preset_source = record.source
        self.set_hidden_controls(record.hidden)
        self.speed_changed.emit(self.speed.currentData())

    def take_pending_data_change(self) -> None:
        """The data are being read now: a change still waiting for typing to pause is done."""
        self._data_timer.stop()

    @property
    def step_mode_value(self) -> str:
        return self.step_mode.currentData()

    # ------------------------------------------------------------------ showing
    def set_running(self, running: bool) -> None:
        self.train_button.setText(self.tr("Pause") if running else self.tr("Train"))

    def set_sample_count(self, n: int) -> None:
        self.sample.setMaximum(max(1, n))

    def set_status(self, text: str) -> None:
        self.status.setText(text)

    def set_message(self, text: str, kind: str = "info") -> None:
        colour = {"error": ERROR_COLOUR, "done": DONE_COLOUR}.get(kind)
        self.message.setStyleSheet(f"color: {colour};" if colour else "")
        self.message.setText(text)

    def set_command(self, line: str, why_not: str = "") -> None:
        """The ``backprop-studio train`` line for these settings, or why there is none."""
        self.command.setText(line)
        self.command.setCursorPosition(0)
        self.command.setPlaceholderText(why_not)
        self.command.setToolTip(line or why_not)
        self.copy_command.setEnabled(bool(line))

    def set_data_status(self, text: str, error: bool = False) -> None:
        self.data_status.setStyleSheet(f"color: {ERROR_COLOUR};" if error else "color: #444;")
        self.data_status.setText(text)


def _number_or_nan(text: str) -> float:
    try:
        return float(text)
    except ValueError:
        return math.nan


def _spin(parent: QWidget, name: str, low: int, high: int, value: int) -> QSpinBox:
    spin = QSpinBox(parent)
    spin.setObjectName(name)
    spin.setRange(low, high)
    spin.setValue(value)
    spin.setGroupSeparatorShown(True)
    return spin


def _eps(parent: QWidget, name: str, value: float) -> QLineEdit:
    edit = QLineEdit(f"{value:g}", parent)
    edit.setObjectName(name)
    validator = QDoubleValidator(0.0, 1e300, 20, edit)
    validator.setNotation(QDoubleValidator.Notation.ScientificNotation)
    validator.setLocale(QLocale.c())  # float() reads what it accepts, in every language
    edit.setValidator(validator)
    edit.setMaximumWidth(90)
    edit.setToolTip("ε")
    return edit


def _button(parent: QWidget, name: str, text: str) -> QPushButton:
    button = QPushButton(text, parent)
    button.setObjectName(name)
    button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
    return button


def _label(parent: QWidget, name: str) -> QLabel:
    label = QLabel(parent)
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label
