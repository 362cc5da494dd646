"""Change one leaf's value: a number, or for a vector/matrix leaf a JSON list of the same shape.

Text is read with float() and json.loads only (never eval). "nan" and "inf" are accepted on
purpose: a teacher can show how a non-finite value travels through the graph.
"""

from __future__ import annotations

import json
from typing import Any

import numpy as np
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from core.autodiff.notation import format_number

from ..override_guard import guard_overrides


def parse_value(text: str, like: Any) -> Any:
    """A float, or an array with the shape of ``like``; ValueError with a readable message."""
    translate = QCoreApplication.translate
    cleaned = text.strip().replace("−", "-")
    if not cleaned:
        raise ValueError(translate("ValueDialog", "type a number"))
    if np.ndim(like) == 0:
        try:
            return float(cleaned)
        except ValueError:
            message = translate("ValueDialog", "%1 is not a number")
            raise ValueError(message.replace("%1", repr(text.strip()))) from None
    try:
        data = json.loads(cleaned)
    except json.JSONDecodeError:
        message = translate("ValueDialog", "type a list of numbers, e.g. [[1, 2], [3, 4]]")
        raise ValueError(message) from None
    try:
        array = np.asarray(data, dtype=float)
    except (TypeError, ValueError):
        raise ValueError(translate("ValueDialog", "every entry must be a number")) from None
    if array.shape != np.shape(like):
        want = "×".join(map(str, np.shape(like)))
        got = "×".join(map(str, array.shape)) or translate("ValueDialog", "a single number")
        message = translate("ValueDialog", "the value must be %1, not %2")
        raise ValueError(message.replace("%1", want).replace("%2", got))
    return array


def value_text(value: Any) -> str:
    """How a value is offered for editing: full precision, plain ASCII."""
    if np.ndim(value) == 0:
        return repr(float(value))
    return json.dumps(np.asarray(value, dtype=float).tolist())


@guard_overrides
class ValueDialog(QDialog):
    """Asks for a new value of the leaf ``name``; ``value()`` is the parsed result."""

    def __init__(self, name: str, current: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("value_dialog")
        self.setWindowTitle(self.tr("Set %1").replace("%1", name))
        self._like = current
        self._value: Any = None
        layout = QVBoxLayout(self)
        prompt = self.tr("New value of <b>%1</b> (now %2):").replace("%1", name)
        layout.addWidget(QLabel(prompt.replace("%2", format_number(current))))
        self.scalar = np.ndim(current) == 0
        if self.scalar:
            self.editor: QLineEdit | QPlainTextEdit = QLineEdit(value_text(current), self)
            self.editor.selectAll()
        else:
            self.editor = QPlainTextEdit(value_text(current), self)
            self.editor.setMinimumWidth(420)
        layout.addWidget(self.editor)
        self.message = QLabel(self)
        self.message.setStyleSheet("color: #b2182b;")
        layout.addWidget(self.message)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel,
            Qt.Orientation.Horizontal,
            self,
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

    def text(self) -> str:
        if isinstance(self.editor, QLineEdit):
            return self.editor.text()
        return self.editor.toPlainText()

    def set_text(self, text: str) -> None:
        if isinstance(self.editor, QLineEdit):
            self.editor.setText(text)
        else:
            self.editor.setPlainText(text)

    def accept(self) -> None:
        try:
            self._value = parse_value(self.text(), self._like)
        except ValueError as exc:
            self.message.setText(str(exc))
            return
        super().accept()

    def value(self) -> Any:
        return self._value
