"""The dot that carries a number along an edge during an animation (a value forward, a
contribution backward). It draws its number beside it so the eye can follow what travels."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QBrush, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from .. import palette
from ..override_guard import guard_overrides
from . import TEXT, Z_TOKEN, Style, qcolor


@guard_overrides
class TokenItem(QGraphicsItem):
    def __init__(
        self,
        path: QPainterPath,
        backward: bool,
        text: str,
        tone: float | None,
        scale: float,
        style: Style,
        avoid: QRectF | None = None,
    ) -> None:
        super().__init__()
        self.path = path
        self.backward = backward
        self.text = text
        self.tone = tone
        self.tone_scale = scale
        self.style = style
        self.setZValue(Z_TOKEN)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        r = style.token_radius
        tw = style.width(style.token_font, text) + 2 * style.tag_pad
        th = style.height(style.token_font) + 0.6 * style.tag_pad
        self._dot = QRectF(-r, -r, 2 * r, 2 * r)
        self._above = QRectF(-tw / 2, -r - th - 2 * style.scale, tw, th)
        self._below = QRectF(-tw / 2, r + 2 * style.scale, tw, th)
        self._label = self._above
        self._avoid = avoid or QRectF()  # the edge's own label: the number must not cover it
        self._bounds = self._dot.united(self._above).united(self._below).adjusted(-2, -2, 2, 2)
        self.set_progress(0.0)

    def set_progress(self, t: float) -> None:
        """Move to fraction t of the trip (0 = start, 1 = arrived)."""
        t = min(1.0, max(0.0, t))
        pos = self.path.pointAtPercent(1.0 - t if self.backward else t)
        self.setPos(pos)
        label = self._above
        if not self._avoid.isNull() and self._above.translated(pos).intersects(self._avoid):
            label = self._below
        if label is not self._label:
            self._label = label
            self.update()

    def boundingRect(self) -> QRectF:  # noqa: N802 (Qt override)
        return self._bounds

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        st = self.style
        strong = palette.stroke(self.tone, self.tone_scale)
        painter.setPen(QPen(qcolor(palette.HALO), 3 * st.scale))
        painter.setBrush(QBrush(qcolor(strong)))
        painter.drawEllipse(self._dot)
        painter.setPen(QPen(TEXT, 1.2 * st.scale))
        painter.setBrush(QBrush(qcolor(palette.BACKGROUND)))
        radius = self._label.height() / 2
        painter.drawRoundedRect(self._label, radius, radius)
        painter.setFont(st.token_font)
        painter.drawText(self._label, Qt.AlignmentFlag.AlignCenter, self.text)
