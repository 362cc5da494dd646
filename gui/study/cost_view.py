"""Naive versus backprop: what writing out every path would cost, against one backward pass.

The lecture's point: ∂p/∂x₁ written out is a sum over every path, and the same partial
derivatives appear in many of those products; backprop computes each one once and reuses it.
For the graph on screen core.teaching.chain.cost_summary counts both; the plot shows how the two counts
grow as hidden layers are added to a fully connected network (built with core.training.nn, counted the
same way): the naive count grows exponentially with depth, backprop's linearly. pyqtgraph is
imported only when this view opens, so the window starts quickly.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from core.teaching.chain import CostSummary, cost_summary
from core.training.nn import NetworkSpec, build_network

from .. import plot_menu
from ..fonts import math_font
from .study_dialog import StudyDialog

if TYPE_CHECKING:
    from ..window_parts import WindowParts
    from . import StudyTools

MAX_LAYERS = 8
NAIVE_COLOUR = "#d7301f"
BACKPROP_COLOUR = "#2166ac"


@dataclass(frozen=True)
class DepthCost:
    hidden_layers: int
    cost: CostSummary


def growth(width: int = 2, max_layers: int = MAX_LAYERS, inputs: int = 2) -> list[DepthCost]:
    """Costs of fully connected networks inputs → width × k → 1 for k = 1 … max_layers."""
    out = []
    for layers in range(1, max_layers + 1):
        spec = NetworkSpec(sizes=(inputs, *([width] * layers), 1), activation="sigmoid")
        out.append(DepthCost(layers, cost_summary(build_network(spec).graph)))
    return out


class CostView(StudyDialog):
    """The counts for the graph on screen, and a plot of their growth with depth."""

    def __init__(self, parts: WindowParts, study: StudyTools) -> None:
        super().__init__(parts, study)
        self.setObjectName("cost_view")
        self.rows: list[DepthCost] = []
        self.resize(820, 640)
        layout = QVBoxLayout(self)
        font = math_font(self.font(), 1.1)
        self.current = QLabel(self)
        self.current.setObjectName("cost_current")
        self.current.setWordWrap(True)
        self.current.setFont(font)
        self.current.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(self.current)

        row = QHBoxLayout()
        self.width_label = QLabel(self)
        self.width_box = QSpinBox(self)
        self.width_box.setObjectName("cost_width")
        self.width_box.setRange(1, 6)
        self.width_box.setValue(2)
        self.width_box.valueChanged.connect(lambda _v: self.refresh_growth())
        self.width_label.setBuddy(self.width_box)
        row.addWidget(self.width_label)
        row.addWidget(self.width_box)
        row.addStretch(1)
        layout.addLayout(row)

        self.plot_holder = QVBoxLayout()
        self.plot: Any = None  # a pyqtgraph PlotWidget once shown (pyqtgraph has no types)
        layout.addLayout(self.plot_holder, 1)
        self.table = QTableWidget(0, 4, self)
        self.table.setObjectName("cost_table")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.setMaximumHeight(220)
        layout.addWidget(self.table)
        self.note = QLabel(self)
        self.note.setObjectName("cost_note")
        self.note.setWordWrap(True)
        layout.addWidget(self.note)
        parts.controller.run_changed.connect(lambda *_: self.refresh_current_if_visible())
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Naive Versus Backprop"))
        self.width_label.setText(self.tr("&Neurons per hidden layer:"))
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Hidden layers"),
                self.tr("Paths"),
                self.tr("Expanding every path"),
                self.tr("Backprop"),
            ]
        )
        self.note.setText(
            self.tr(
                "Expanding every path multiplies the local derivatives along each path from each "
                "leaf to the output, again and again for the same edges. Backprop multiplies once "
                "per edge (upstream × local) and reuses every partial derivative it has computed."
            )
        )

    def refresh(self) -> None:
        self.refresh_current()
        self.refresh_growth()

    def refresh_current_if_visible(self) -> None:
        if self.isVisible():
            self.refresh_current()

    def refresh_current(self) -> None:
        run = self.parts.controller.run
        if run is None:
            self.current.setText(self.tr("No graph."))
            return
        cost = cost_summary(run.graph)
        text = self.tr(
            "<b>The graph on screen.</b> Writing out the chain rule for every leaf: %1 paths, "
            "<b>%2</b> multiplications. Backprop: <b>%3</b> multiplications, one per edge."
        )
        text = text.replace("%1", str(cost.path_count)).replace(
            "%2", str(cost.naive_multiplications)
        )
        self.current.setText(text.replace("%3", str(cost.backprop_multiplications)))

    def refresh_growth(self) -> None:
        self.rows = growth(self.width_box.value())
        self.table.setRowCount(len(self.rows))
        for r, row in enumerate(self.rows):
            cells = (
                row.hidden_layers,
                row.cost.path_count,
                row.cost.naive_multiplications,
                row.cost.backprop_multiplications,
            )
            for c, value in enumerate(cells):
                item = QTableWidgetItem(f"{value:,}".replace(",", "\u202f"))
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(r, c, item)
        self._plot()

    def _plot(self) -> None:
        try:
            import pyqtgraph as pg
        except ImportError:  # pragma: no cover - a dependency; the table still shows the numbers
            return
        if self.plot is None:
            pg.setConfigOptions(antialias=True, background="w", foreground="k")
            self.plot = pg.PlotWidget(self)
            self.plot.setObjectName("cost_plot")
            self.plot.setLogMode(y=True)
            self.plot.showGrid(x=True, y=True, alpha=0.3)
            self.plot.addLegend(offset=(10, 10))
            # pyqtgraph's own right-click menus are English only: ours (gui.plot_menu) instead
            self.plot.setMenuEnabled(False)
            plot_menu.install(self.plot, lambda: [self.plot.getPlotItem()])
            self.plot_holder.addWidget(self.plot)
        plot = self.plot
        plot.clear()
        plot.setTitle(self.tr("Multiplications for every leaf's gradient"))
        plot.setLabel("bottom", self.tr("hidden layers"))
        plot.setLabel("left", self.tr("multiplications (log scale)"))
        xs = [row.hidden_layers for row in self.rows]
        naive = [max(1, row.cost.naive_multiplications) for row in self.rows]
        backprop = [max(1, row.cost.backprop_multiplications) for row in self.rows]
        plot.plot(
            xs,
            naive,
            pen=pg.mkPen(NAIVE_COLOUR, width=3),
            symbol="o",
            symbolBrush=NAIVE_COLOUR,
            name=self.tr("expanding every path"),
        )
        plot.plot(
            xs,
            backprop,
            pen=pg.mkPen(BACKPROP_COLOUR, width=3),
            symbol="s",
            symbolBrush=BACKPROP_COLOUR,
            name=self.tr("backprop"),
        )
        plot.setYRange(0, math.log10(max(naive)) + 0.3)
