"""The matrix step on a deck page: formula, shapes, a corner of each factor, one worked entry.

A layer-level backward step (∂L/∂W = Xᵀ · ∂L/∂Z, or a bias's ∂L/∂b = 1ᵀ · ∂L/∂Z) is painted under its equation so a student
can check one number by hand: the three matrices side by side with their shapes, the row of
the left factor and the column of the right factor that make the worked entry marked in
yellow, and the entry written out as its sum of products. Every number is core's
(core.teaching.matrix_step reads them from the trace); this module only lays them out.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QRectF, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QPainter

from core.teaching.matrix_step import Factor, MatrixStep

from .painting_text import FAINT, INK, WRAP, page_font, text_height

FORMULA_PX = 28.0
LABEL_PX = 22.0
CELL_PX = 21.0
WORKED_PX = 25.0
GAP = 40.0
MARK = QColor(255, 226, 140)  # the worked entry's row, column and result (a pale halo yellow)

translate = QCoreApplication.translate  # lupdate reads translate("Context", "text")


class MatrixPanel:
    """A MatrixStep laid out ``width`` wide; ``height`` is what it needs."""

    def __init__(self, step: MatrixStep, width: float) -> None:
        self.step = step
        self.width = width
        self.formula_font = page_font(FORMULA_PX)
        self.label_font = page_font(LABEL_PX, bold=True)
        self.cell_font = page_font(CELL_PX, mono=True)
        self.worked_font = page_font(WORKED_PX)
        self.row_h = QFontMetricsF(self.cell_font).height() * 1.15
        if step.column_sum:
            self.worked = translate("Export", "Add up one column: {text}").format(
                text=step.worked_text()
            )
        else:
            self.worked = translate("Export", "Check one entry: {text}").format(
                text=step.worked_text()
            )
        rows = max(self._rows(f) for f in (step.left, step.right, step.result))
        self.blocks_h = LABEL_PX * 1.5 + rows * self.row_h
        self.worked_h = text_height(self.worked_font, self.worked, width)
        self.height = FORMULA_PX * 1.5 + 10 + self.blocks_h + 12 + self.worked_h

    @staticmethod
    def _rows(factor: Factor) -> int:
        return len(factor.corner) + (1 if factor.more_rows else 0)

    def paint(self, painter: QPainter, left: float, top: float) -> None:
        step = self.step
        painter.setFont(self.formula_font)
        painter.setPen(INK)
        metrics = QFontMetricsF(self.formula_font)
        line = QRectF(left, top, self.width, FORMULA_PX * 1.5)
        painter.drawText(line, int(Qt.AlignmentFlag.AlignVCenter), step.formula)
        painter.setPen(FAINT)
        shapes_left = left + metrics.horizontalAdvance(step.formula) + GAP
        painter.drawText(
            QRectF(shapes_left, top, self.width, FORMULA_PX * 1.5),
            int(Qt.AlignmentFlag.AlignVCenter),
            step.shapes,
        )
        y = top + FORMULA_PX * 1.5 + 10
        block_w = (self.width - 2 * GAP) / 3
        w = step.worked
        marks = (
            {(w.row, k) for k in range(len(step.left.corner[0]) if step.left.corner else 0)},
            {(k, w.column) for k in range(len(step.right.corner))},
            {(w.row, w.column)},
        )
        for i, (factor, marked) in enumerate(
            zip((step.result, step.left, step.right), (marks[2], marks[0], marks[1]), strict=True)
        ):
            self._paint_factor(painter, factor, marked, left + i * (block_w + GAP), y, block_w)
        painter.setFont(self.worked_font)
        painter.setPen(INK)
        worked_top = y + self.blocks_h + 12
        painter.drawText(QRectF(left, worked_top, self.width, self.worked_h + 4), WRAP, self.worked)

    def _paint_factor(
        self,
        painter: QPainter,
        factor: Factor,
        marked: set[tuple[int, int]],
        left: float,
        top: float,
        width: float,
    ) -> None:
        """Label and shape, then the corner of the matrix, "…" and "⋮" where it goes on."""
        painter.setFont(self.label_font)
        painter.setPen(INK)
        label = f"{factor.name}  {factor.shape_text}"
        label = QFontMetricsF(self.label_font).elidedText(label, Qt.TextElideMode.ElideRight, width)
        painter.drawText(QRectF(left, top, width, LABEL_PX * 1.4), 0, label)
        metrics = QFontMetricsF(self.cell_font)
        columns = len(factor.corner[0]) if factor.corner else 0
        widest = max(
            (metrics.horizontalAdvance(t) for row in factor.corner for t in row), default=0
        )
        cell_w = min(widest + 24, width / (columns + (1 if factor.more_columns else 0) or 1))
        y = top + LABEL_PX * 1.5
        painter.setFont(self.cell_font)
        right = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        for r, row in enumerate(factor.corner):
            for c, text in enumerate(row):
                cell = QRectF(left + c * cell_w, y, cell_w - 8, self.row_h)
                if (r, c) in marked:
                    painter.fillRect(cell.adjusted(-4, 0, 4, 0), MARK)
                painter.setPen(INK)
                painter.drawText(cell, int(right), text)
            if factor.more_columns:
                painter.setPen(FAINT)
                painter.drawText(
                    QRectF(left + columns * cell_w, y, cell_w, self.row_h),
                    int(Qt.AlignmentFlag.AlignVCenter),
                    " …",
                )
            y += self.row_h
        if factor.more_rows:
            painter.setPen(FAINT)
            painter.drawText(QRectF(left, y, cell_w - 8, self.row_h), int(right), "⋮")
