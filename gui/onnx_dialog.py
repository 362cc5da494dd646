"""Opening an ONNX model: a sample for its inputs and, if wanted, a loss on its output.

A model file holds weights but no data, so the window asks once, as it opens one: each input's
value (zeros offered, the shape shown; or the numbers of a CSV file's row, as ``--data F.csv
--row N`` reads them) and a loss (none, mse, bce, softmax_ce) with its target (zeros of the
output, class 0 for softmax_ce). Every field is checked as it is typed by core (the rules of
``--set`` and ``--target``: float and json.loads only, never eval), the first problem is shown
in one sentence that starts with the field's name, and OK waits until there is none. OK builds
the document (core.documents.onnx_open.choose); Cancel opens the model as it opens without the
dialog, inputs at zeros and no loss, so the open is never lost.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from core.autodiff.engine import run
from core.documents.document import Document, DocumentError
from core.documents.onnx_open import (
    ChoiceError,
    OnnxPlan,
    choose,
    default_target_text,
    input_value,
    row_values,
    shape_text,
    target_value,
    value_text,
    zeros_text,
)

from .override_guard import guard_overrides
from .qt_typed import QT_TRANSLATE_NOOP

ERROR_STYLE = "color: #b2182b;"
NOTE_STYLE = "color: #7f4f00;"  # a warning that does not stop OK (dark amber, AA on white)
HINT_STYLE = "color: #595959;"

LOSS_TEXT = {  # the combo's items: what each loss computes
    None: QT_TRANSLATE_NOOP("OnnxDialog", "none: the objective is the output"),
    "mse": QT_TRANSLATE_NOOP("OnnxDialog", "mse: mean squared error"),
    "bce": QT_TRANSLATE_NOOP("OnnxDialog", "bce: binary cross-entropy (probabilities)"),
    "softmax_ce": QT_TRANSLATE_NOOP(
        "OnnxDialog", "softmax_ce: cross-entropy of the softmax (logits)"
    ),
}


@guard_overrides
class OnnxDialog(QDialog):
    """Asks for the sample and the loss of ``plan``'s model; ``document`` after OK."""

    def __init__(self, plan: OnnxPlan, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("onnx_dialog")
        self.setWindowTitle(self.tr("Open ONNX Model: %1").replace("%1", plan.name))
        self.plan = plan
        self.document: Document | None = None
        self._target_default = ""
        self._csv_target: np.ndarray | None = None  # the row's numbers after the inputs
        layout = QVBoxLayout(self)
        intro = QLabel(
            self.tr(
                "Give the model's inputs a sample and, if you like, a loss on its output. "
                "Cancel opens it with the inputs at zeros and no loss."
            ),
            self,
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        for note in plan.notes:
            label = QLabel(note, self)
            label.setWordWrap(True)
            label.setStyleSheet(HINT_STYLE)
            layout.addWidget(label)
        layout.addWidget(self._sample_box())
        layout.addWidget(self._loss_box())
        self.opens_as = QLabel(self)
        self.opens_as.setObjectName("onnx_opens_as")
        self.opens_as.setWordWrap(True)
        self.opens_as.setStyleSheet(HINT_STYLE)
        layout.addWidget(self.opens_as)
        self.note = QLabel(self)
        self.note.setObjectName("onnx_note")
        self.note.setWordWrap(True)
        self.note.setStyleSheet(NOTE_STYLE)
        layout.addWidget(self.note)
        self.message = QLabel(self)
        self.message.setObjectName("onnx_message")
        self.message.setWordWrap(True)
        self.message.setStyleSheet(ERROR_STYLE)
        layout.addWidget(self.message)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(520)
        # a field the CSV row fills reads as not typed into: the window's colour behind it
        self.setStyleSheet('QLineEdit[readOnly="true"] { background: palette(window); }')
        self._loss_changed()

    # ------------------------------------------------------------------ building the form
    def _sample_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Sample"), self)
        form = self._sample_form = QFormLayout(box)
        self.from_csv = QCheckBox(self.tr("From a CSV file:"), box)
        self.from_csv.setObjectName("onnx_from_csv")
        self.from_csv.setToolTip(
            self.tr(
                "The row's numbers fill the inputs in order; the numbers left over are the target"
            )
        )
        self.csv_path = QLineEdit(box)
        self.csv_path.setObjectName("onnx_csv_path")
        self.csv_path.setPlaceholderText(self.tr("data.csv"))
        self.browse = QPushButton(self.tr("Browse…"), box)
        self.browse.setObjectName("onnx_csv_browse")
        self.browse.clicked.connect(self._browse)
        self.row = QSpinBox(box)
        self.row.setObjectName("onnx_csv_row")
        self.row.setRange(1, 1_000_000_000)
        self.row.setPrefix(self.tr("row "))
        line = QHBoxLayout()
        line.addWidget(self.csv_path, 1)
        line.addWidget(self.browse)
        line.addWidget(self.row)
        form.addRow(self.from_csv, line)
        self.csv_status = QLabel(box)
        self.csv_status.setObjectName("onnx_csv_status")
        self.csv_status.setWordWrap(True)
        self.csv_status.setStyleSheet(HINT_STYLE)
        form.addRow(self.csv_status)
        self.inputs: dict[str, QLineEdit] = {}
        for item in self.plan.inputs:
            edit = QLineEdit(zeros_text(item.shape), box)
            edit.setObjectName(f"onnx_input_{item.name}")
            edit.setToolTip(
                self.tr("%1 numbers (%2): a list in that shape, or one number for all")
                .replace("%1", str(int(np.prod(item.shape))))
                .replace("%2", shape_text(item.shape))
            )
            edit.textChanged.connect(self._check)
            label = QLabel(f"<b>{_escaped(item.name)}</b> ({shape_text(item.shape)})", box)
            label.setBuddy(edit)
            form.addRow(label, edit)
            self.inputs[item.name] = edit
        if not self.plan.inputs:
            form.addRow(QLabel(self.tr("The model has no inputs."), box))
        self.from_csv.toggled.connect(self._csv_changed)
        self.csv_path.textChanged.connect(self._csv_changed)
        self.row.valueChanged.connect(self._csv_changed)
        self._enable_csv(False)
        return box

    def _loss_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Loss"), self)
        form = QFormLayout(box)
        self.loss = QComboBox(box)
        self.loss.setObjectName("onnx_loss")
        for loss, text in LOSS_TEXT.items():
            self.loss.addItem(self.tr(text), loss)
        self.loss.currentIndexChanged.connect(self._loss_changed)
        form.addRow(self.tr("loss"), self.loss)
        self.target = QLineEdit(box)
        self.target.setObjectName("onnx_target")
        self.target.textChanged.connect(self._check)
        self.target_label = QLabel(box)
        self.target_label.setBuddy(self.target)
        form.addRow(self.target_label, self.target)
        self.target_hint = QLabel(box)
        self.target_hint.setWordWrap(True)
        self.target_hint.setStyleSheet(HINT_STYLE)
        form.addRow(self.target_hint)
        return box

    # ------------------------------------------------------------------ reacting
    def chosen_loss(self) -> str | None:
        return self.loss.currentData()

    def _loss_changed(self) -> None:
        plan, loss = self.plan, self.chosen_loss()
        new_default = default_target_text(plan, loss)
        if self.target.text().strip() in ("", self._target_default):
            self.target.blockSignals(True)
            self.target.setText(new_default)
            self.target.blockSignals(False)
        self._target_default = new_default
        self.target.setEnabled(loss is not None)
        self.target_label.setText(
            self.tr("target (%1)").replace("%1", shape_text(plan.output_shape))
        )
        if loss is None:
            hint = self.tr(
                "Without a loss the objective is the output %1 (its mean when it holds several "
                "numbers)."
            )
        elif loss == "softmax_ce":
            hint = self.tr(
                "A class index (0 to %2), or one-hot numbers in the shape of the output %1."
            )
        else:
            hint = self.tr("Numbers in the shape of the output %1, or one number for all.")
        classes = plan.output_shape[-1] if plan.output_shape else 1
        bold = f"<b>{_escaped(plan.output)}</b>"
        self.target_hint.setText(hint.replace("%1", bold).replace("%2", str(classes - 1)))
        if plan.opens_as_network(loss):
            self.opens_as.setText(
                self.tr(
                    "Opens as a fully connected network: View → Show Neurons draws every weight."
                )
            )
        elif plan.is_network and loss == "bce":
            self.opens_as.setText(
                self.tr("Opens as a program: the network's own bce would need a sigmoid output.")
            )
        elif plan.is_network:
            self.opens_as.setText(
                self.tr(
                    "Opens as a program: softmax_ce reads the model's output as logits, as "
                    "trace --loss does."
                )
            )
        else:
            self.opens_as.setText(self.tr("Opens as a program."))
        _show(self.note, self._loss_note(loss))
        self._csv_changed()

    def _loss_note(self, loss: str | None) -> str:
        op, output = self.plan.output_op, self.plan.output
        if loss == "bce" and op != "sigmoid":
            return self.tr(
                "bce reads probabilities, but %1 does not end in a sigmoid: values outside "
                "0 to 1 are clipped."
            ).replace("%1", f"<b>{_escaped(output)}</b>")
        if loss == "softmax_ce" and op == "softmax":
            return self.tr(
                "softmax_ce reads %1 as logits and takes their softmax, but %1 already is a "
                "softmax."
            ).replace("%1", f"<b>{_escaped(output)}</b>")
        return ""

    def _enable_csv(self, on: bool) -> None:
        for widget in (self.csv_path, self.browse, self.row):
            widget.setEnabled(on)
        for edit in self.inputs.values():
            _set_read_only(edit, on)

    def _csv_changed(self) -> None:
        """With a CSV file the inputs (and the target) show the row's numbers."""
        on = self.from_csv.isChecked()
        self._enable_csv(on)
        self._csv_target = None
        _set_read_only(self.target, False)
        self.csv_status.setText("")
        self.csv_status.setVisible(False)
        if on:
            try:
                values, rest = row_values(self.plan, self.csv_path.text(), self.row.value())
            except ChoiceError:
                pass  # _check says what is wrong
            else:
                for name, value in values.items():
                    _set_quietly(self.inputs[name], value_text(value))
                self._csv_target = rest
                if rest is not None and self.chosen_loss() is not None:
                    shown = rest if rest.size > 1 else rest[0]
                    _set_quietly(self.target, value_text(shown))
                    _set_read_only(self.target, True)
                left = 0 if rest is None else int(rest.size)
                self.csv_status.setText(
                    self.tr(
                        "Numbers after the inputs: %1, the target when a loss is chosen."
                    ).replace("%1", str(left))
                )
                self.csv_status.setVisible(True)
        self._check()

    def _browse(self) -> None:
        path = self.choose_csv_path()
        if path:
            self.csv_path.setText(path)

    def choose_csv_path(self) -> str:  # patchable, like the window's file choosers
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Sample from a CSV file"), "", self.tr("CSV files (*.csv);;All files (*)")
        )
        return path

    # ------------------------------------------------------------------ checking
    def choices(self) -> tuple[dict[str, Any], str | None, Any]:
        """(values, loss, target) from the fields; ChoiceError names the first bad field."""
        if self.from_csv.isChecked():
            row_values(self.plan, self.csv_path.text(), self.row.value())  # its message
        values = {
            item.name: input_value(item, self.inputs[item.name].text()) for item in self.plan.inputs
        }
        loss = self.chosen_loss()
        target = None if loss is None else target_value(self.plan, loss, self.target.text())
        return values, loss, target

    def _check(self) -> bool:
        try:
            self.choices()
        except ChoiceError as exc:
            _show(self.message, str(exc))
            self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(False)
            return False
        _show(self.message, "")
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(True)
        return True

    def accept(self) -> None:
        """OK only with a document that builds and runs; otherwise the message says why."""
        try:
            values, loss, target = self.choices()
            document = choose(self.plan, values, loss, target)
            run(document.build(), record=False)
        except (ChoiceError, DocumentError, ValueError) as exc:
            _show(self.message, str(exc))
            return
        self.document = document
        super().accept()


def _show(label: QLabel, text: str) -> None:
    """An empty label takes no room."""
    label.setText(text)
    label.setVisible(bool(text))


def _set_read_only(edit: QLineEdit, on: bool) -> None:
    if edit.isReadOnly() != on:
        edit.setReadOnly(on)
        edit.style().unpolish(edit)  # the style sheet reads the property again
        edit.style().polish(edit)


def _set_quietly(edit: QLineEdit, text: str) -> None:
    edit.blockSignals(True)
    edit.setText(text)
    edit.blockSignals(False)


def _escaped(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
