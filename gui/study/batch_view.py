"""Batch accumulation made visible: each sample's gradient, then their mean, then the update.

Read left to right, a row is the story of one weight in one step of gradient descent on a batch:
the gradient each sample asks for, their mean (which is the engine's ∂Q/∂w on the whole batch,
shown beside it, because Q is the mean of the samples' losses), then w − η·∂Q/∂w. The numbers
come from gui.study.batch (the engine run per sample and on the batch, core.training.train's update).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDoubleSpinBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from core.autodiff.notation import format_number, pretty

from ..fonts import math_font
from .batch import BatchBreakdown, breakdown
from .study_dialog import StudyDialog

if TYPE_CHECKING:
    from ..window_parts import WindowParts
    from . import StudyTools

MEAN_COLOUR = QColor("#e3ecf7")
UPDATE_COLOUR = QColor("#e6f3e0")
VALUE_DIGITS = 7  # a small step must still show: 6 → 6.000339
# the gradients are written to the same precision, so that w − η·∂Q/∂w can be checked by hand
# from the numbers in the row (a gradient of −0.10002 shown as −0.1 next to a new w of 0.310002
# would not add up)


class BatchView(StudyDialog):
    """The per-sample table for the run on screen, with the learning rate η to set."""

    def __init__(self, parts: WindowParts, study: StudyTools) -> None:
        super().__init__(parts, study)
        self.setObjectName("batch_view")
        self.report: BatchBreakdown | None = None
        self.resize(980, 520)
        layout = QVBoxLayout(self)
        font = math_font(self.font(), 1.05)
        self.summary = QLabel(self)
        self.summary.setObjectName("batch_summary")
        self.summary.setWordWrap(True)
        self.summary.setFont(font)
        layout.addWidget(self.summary)
        row = QHBoxLayout()
        self.rate_label = QLabel(self)
        self.rate = QDoubleSpinBox(self)
        self.rate.setObjectName("batch_rate")
        self.rate.setDecimals(3)
        self.rate.setRange(0.001, 10.0)
        self.rate.setSingleStep(0.05)
        self.rate.setValue(0.1)
        self.rate.valueChanged.connect(lambda _v: self.refresh())
        self.rate_label.setBuddy(self.rate)
        row.addWidget(self.rate_label)
        row.addWidget(self.rate)
        row.addStretch(1)
        layout.addLayout(row)
        self.table = QTableWidget(0, 0, self)
        self.table.setObjectName("batch_table")
        self.table.setFont(font)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        layout.addWidget(self.table, 1)
        parts.controller.run_changed.connect(lambda *_: self.refresh_if_visible())
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Batch Accumulation"))
        self.rate_label.setText(self.tr("Step size &η:"))

    def refresh(self) -> None:
        run = self.parts.controller.run
        if run is None:
            self.report = None
            self.table.setRowCount(0)
            self.summary.setText(self.tr("No graph."))
            return
        result = breakdown(run.graph, self.rate.value(), result=run)
        self.report = result
        samples = result.samples
        headers = [self.tr("sample %1").replace("%1", str(i + 1)) for i in range(samples)] + [
            self.tr("mean"),
            self.tr("∂Q/∂w on the batch"),
            "w",
            "w − η·∂Q/∂w",
        ]
        self.table.setColumnCount(len(headers))
        self.table.setHorizontalHeaderLabels(headers)
        self.table.setRowCount(len(result.rows))
        self.table.setVerticalHeaderLabels([pretty(r.name) for r in result.rows])
        for r, row in enumerate(result.rows):
            cells = [format_number(g, VALUE_DIGITS) for g in row.per_sample] + [
                format_number(row.mean, VALUE_DIGITS),
                format_number(row.batch, VALUE_DIGITS),
                format_number(row.value, VALUE_DIGITS),
                format_number(row.new_value, VALUE_DIGITS),
            ]
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                if c in (samples, samples + 1):
                    item.setBackground(QBrush(MEAN_COLOUR))
                elif c == samples + 3:
                    item.setBackground(QBrush(UPDATE_COLOUR))
                self.table.setItem(r, c, item)
        self.summary.setText(self._summary_text(result))

    def _summary_text(self, result: BatchBreakdown) -> str:
        if result.samples <= 1:
            return self.tr(
                "The data on screen is a single sample, so its gradient is the whole story. Open "
                "an example with several samples (XOR, paired regression, the Lego networks) to "
                "see a batch add up."
            )
        text = self.tr(
            "%n samples. Each column on the left is one sample's gradient ∂Lᵢ/∂w (the engine run "
            "on that sample alone); ",
            "",
            result.samples,
        )
        if result.relation == "mean":
            text += self.tr(
                "their mean is the batch gradient ∂Q/∂w, because Q is the mean of the samples' "
                "losses; gradient descent then steps w − η·∂Q/∂w."
            )
        elif result.relation == "sum":
            text += self.tr(
                "here Q adds the samples' losses, so the batch gradient is their sum, not their "
                "mean; gradient descent then steps w − η·∂Q/∂w."
            )
        else:
            text += self.tr(
                "here Q does not split into one loss per sample, so the batch gradient is not "
                "their mean; gradient descent still steps w − η·∂Q/∂w."
            )
        if result.truncated:
            text += " " + self.tr("Only the first %n parameters are listed.", "", len(result.rows))
        return text

    def column(self, index: int) -> list[str]:
        """One column's texts (tests)."""
        return [_text(self.table.item(r, index)) for r in range(self.table.rowCount())]


def _text(item: QTableWidgetItem | None) -> str:
    return "" if item is None else item.text()
