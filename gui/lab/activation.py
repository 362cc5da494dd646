"""The activation explorer: any activation of the lecture's table, f and f′ plotted together.

Both curves are computed by the op's own code in core.autodiff.ops (``Op.apply`` and
``Op.local_derivative``: the numbers backprop multiplies by), and the formulas are the op's
templates, so what is drawn is what the graph computes. pyqtgraph is imported with the lab.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from core.autodiff import ops
from core.autodiff.notation import format_number
from core.text.i18n import formula_words, tr_text

from .. import plot_menu

PARAMETER_SYMBOLS = {"alpha": "α"}  # the lecture writes ELU's parameter as α, leaky ReLU's as a

F_COLOUR = "#1f5fa8"
DERIVATIVE_COLOUR = "#e8710a"
Z_RANGE = (-5.0, 5.0)
POINTS = 1001  # odd, so z = 0 is one of the points (kinks and the step land on it)


def curves(name: str, params: dict[str, float]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(z, f(z), f′(z)) with the op's own forward and local derivative."""
    op = ops.REGISTRY[name]
    z = np.linspace(*Z_RANGE, POINTS)
    f = np.asarray(op.apply((z,), params), dtype=float)
    d = op.local_derivative(0, f, (z,), params)
    return z, f, np.broadcast_to(np.asarray(d, dtype=float), z.shape).copy()


def formulas(name: str, params: dict[str, float]) -> tuple[str, str]:
    """("f(z) = σ(z)", "f′(z) = σ(z)(1 − σ(z))") from the op's templates."""
    op = ops.REGISTRY[name]
    merged: dict[str, Any] = {**op.params, **params}
    if op.display_params is not None:
        merged.update(op.display_params(merged))
    return (
        f"f(z) = {op.render('z', **params)}",
        f"f′(z) = {formula_words(op.derivatives[0].format('z', **merged))}",
    )


class ActivationExplorer(QWidget):
    """Pick an activation (and its a or α); see f and f′ with the derivative's formula."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("lab_activations")
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.choice = QComboBox(self)
        self.choice.setObjectName("lab_activation")
        for name in ops.ACTIVATIONS:
            self.choice.addItem(name, name)
        form.addRow(self.tr("activation f"), self.choice)
        self.parameter = QDoubleSpinBox(self)
        self.parameter.setObjectName("lab_activation_parameter")
        self.parameter.setDecimals(3)
        self.parameter.setRange(0.0, 5.0)
        self.parameter.setSingleStep(0.05)
        self.parameter_label = QLabel(self.tr("parameter"), self)
        form.addRow(self.parameter_label, self.parameter)
        layout.addLayout(form)
        big = QFont(self.font())
        big.setPointSizeF(big.pointSizeF() * 1.35)
        self.f_text = _label(self, "lab_activation_f", big, F_COLOUR)
        self.d_text = _label(self, "lab_activation_derivative", big, DERIVATIVE_COLOUR)
        self.summary = _label(self, "lab_activation_summary", self.font(), "#333")
        self.note = _label(self, "lab_activation_note", self.font(), "#b2182b")
        for widget in (self.f_text, self.d_text, self.summary, self.note):
            layout.addWidget(widget)
        self.plot_widget = pg.PlotWidget(self)
        self.plot_widget.setObjectName("lab_activation_plot")
        self.plot_widget.setBackground("w")
        plot = self.plot_widget.getPlotItem()
        plot_menu.no_plot_menu(plot)  # ours instead (gui.plot_menu): pyqtgraph's is English
        plot_menu.install(self.plot_widget, lambda: [plot])
        font = QFont()
        font.setPointSize(10)
        for side in ("left", "bottom"):
            plot.getAxis(side).setStyle(tickFont=font)
            plot.getAxis(side).setTextPen(pg.mkPen("#222"))
        plot.setLabel("bottom", "z", **{"font-size": "11pt", "color": "#222"})
        plot.showGrid(x=True, y=True, alpha=0.2)
        plot.addLegend(offset=(8, 8), labelTextSize="11pt", labelTextColor="#222")
        self.f_curve = plot.plot(name="f(z)", pen=pg.mkPen(F_COLOUR, width=3), antialias=True)
        self.d_curve = plot.plot(
            name="f′(z)",
            pen=pg.mkPen(DERIVATIVE_COLOUR, width=3, style=Qt.PenStyle.DashLine),
            antialias=True,
        )
        layout.addWidget(self.plot_widget, 1)
        self.choice.currentIndexChanged.connect(self._chosen)
        self.parameter.valueChanged.connect(self.refresh)
        self._chosen()

    def params(self) -> dict[str, float]:
        op = ops.REGISTRY[self.choice.currentData()]
        if not op.params:
            return {}
        key = next(iter(op.params))
        return {key: self.parameter.value()}

    def _chosen(self, _index: int = 0) -> None:
        op = ops.REGISTRY[self.choice.currentData()]
        has = bool(op.params)
        self.parameter.setEnabled(has)
        if has:
            key = next(iter(op.params))
            self.parameter_label.setText(PARAMETER_SYMBOLS.get(key, key))
        else:
            self.parameter_label.setText(self.tr("parameter"))
        if has:
            self.parameter.blockSignals(True)
            self.parameter.setValue(float(next(iter(op.params.values()))))
            self.parameter.blockSignals(False)
        self.refresh()

    def refresh(self) -> None:
        name = self.choice.currentData()
        params = self.params()
        z, f, d = curves(name, params)
        self.f_curve.setData(z, f)
        self.d_curve.setData(z, d)
        f_text, d_text = formulas(name, params)
        self.f_text.setText(f_text)
        self.d_text.setText(d_text)
        self.summary.setText(tr_text(ops.REGISTRY[name].summary))
        largest = float(np.max(np.abs(d)))
        where = float(z[int(np.argmax(np.abs(d)))])
        if largest == 0.0:
            self.note.setText(
                self.tr(
                    "f′(z) = 0 at every z: every gradient that passes through this activation is "
                    "multiplied by 0, so no weight before it ever changes. Gradient descent "
                    "cannot train a network of step units."
                )
            )
        else:
            self.note.setText(
                self.tr("largest |f′| on the plot: {value} at z = {z}").format(
                    value=format_number(largest), z=format_number(where)
                )
            )


def _label(parent: QWidget, name: str, font: QFont, colour: str) -> QLabel:
    label = QLabel(parent)
    label.setObjectName(name)
    label.setFont(font)
    label.setWordWrap(True)
    label.setStyleSheet(f"color: {colour};")
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label
