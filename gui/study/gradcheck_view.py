"""Check the maths: backprop's gradient next to a finite-difference estimate, leaf by leaf.

The numbers are core.teaching.gradcheck.check_gradients's: for every leaf it nudges the value by ±h,
re-evaluates the objective and compares (L(x+h) − L(x−h)) / 2h with backprop's ∂L/∂x. Rows
where the two agree are green, the others red. The view follows the run on screen.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from core.autodiff.engine import Run
from core.autodiff.notation import format_number, name_of, pretty
from core.teaching.gradcheck import GradCheck, check_gradients

from ..fonts import math_font
from .study_dialog import StudyDialog

if TYPE_CHECKING:
    from ..window_parts import WindowParts
    from . import StudyTools

AGREE = QColor("#d8f0d8")
DISAGREE = QColor("#f6d0d0")
DIGITS = 8  # enough to see backprop and the estimate agree to many places


class GradCheckView(StudyDialog):
    """A table of every leaf's gradient: backprop, finite difference, their difference."""

    def __init__(self, parts: WindowParts, study: StudyTools) -> None:
        super().__init__(parts, study)
        self.setObjectName("gradcheck_view")
        self.report: GradCheck | None = None
        self.resize(760, 480)
        layout = QVBoxLayout(self)
        self.summary = QLabel(self)
        self.summary.setObjectName("gradcheck_summary")
        self.summary.setWordWrap(True)
        font = math_font(self.font(), 1.1)
        self.summary.setFont(font)
        layout.addWidget(self.summary)
        self.table = QTableWidget(0, 6, self)
        self.table.setObjectName("gradcheck_table")
        self.table.setFont(font)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        layout.addWidget(self.table, 1)
        self.note = QLabel(self)
        self.note.setObjectName("gradcheck_note")
        self.note.setWordWrap(True)
        layout.addWidget(self.note)
        parts.controller.run_changed.connect(lambda *_: self.refresh_if_visible())
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Gradient Check"))
        self.note.setText(
            self.tr(
                "Each leaf is nudged by ±h and the objective computed again: "
                "(L(x+h) − L(x−h)) / 2h estimates ∂L/∂x without backprop. "
                "Relative difference = |backprop − estimate| / max(|backprop|, |estimate|)."
            )
        )
        self._set_headers()

    def _set_headers(self) -> None:
        run = self.parts.controller.run
        out = name_of(run.graph, run.output) if run is not None else "L"
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Leaf"),
                self.tr("Backprop ∂%1/∂x").replace("%1", out),
                self.tr("Finite difference"),
                self.tr("Difference"),
                self.tr("Relative"),
                self.tr("Agree"),
            ]
        )

    def refresh(self) -> None:
        run: Run | None = self.parts.controller.run
        self._set_headers()
        if run is None:
            self.report = None
            self.table.setRowCount(0)
            self.summary.setText(self.tr("No graph."))
            return
        self.report = check_gradients(run.graph, result=run)
        rows = self.report.rows
        self.table.setRowCount(len(rows))
        yes, no = self.tr("yes"), self.tr("no")
        for r, row in enumerate(rows):
            cells = (
                pretty(row.name),
                format_number(row.backprop, DIGITS),
                format_number(row.numeric, DIGITS),
                f"{row.difference:.1e}",
                f"{row.relative:.1e}",
                ("✓ " + yes) if row.ok else ("✗ " + no),
            )
            brush = QBrush(AGREE if row.ok else DISAGREE)
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setBackground(brush)
                if c:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                self.table.setItem(r, c, item)
        bad = sum(1 for row in rows if not row.ok)
        step = f"{self.report.step:g}"
        if not rows:
            text = self.tr("This graph has no leaves to check.")
        elif bad == 0:
            text = self.tr(
                "Every gradient agrees with its finite-difference estimate (%n check(s))",
                "",
                len(rows),
            )
            text += " " + self.tr("(h = %1).").replace("%1", step)
        else:
            text = self.tr("%n gradient(s) disagree with the finite-difference estimate", "", bad)
            text += " " + self.tr("(h = %1).").replace("%1", step)
        self.summary.setText(text)

    def row_texts(self) -> list[list[str]]:
        """The table as text (tests)."""
        return [
            [_text(self.table.item(r, c)) for c in range(self.table.columnCount())]
            for r in range(self.table.rowCount())
        ]


def _text(item: QTableWidgetItem | None) -> str:
    return "" if item is None else item.text()
