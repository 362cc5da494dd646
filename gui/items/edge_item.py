"""One argument edge: a curve from the argument's right side into the operation's left side.

Weight edges (out of a parameter) are coloured by the weight's sign, thicker for larger |w|,
and dashed when negative (sign is never colour alone). On the way back the edge carries a label
at its midpoint: the local derivative ("×0.5") once its backward step has happened, and while it
is the current step the whole product "upstream × local = contribution".
"""

from __future__ import annotations

import math

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QPainter, QPainterPath, QPainterPathStroker, QPen, QPolygonF
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from gui import palette
from gui.items import ARROW_LOD, DETAIL_LOD, TEXT, Z_EDGE, Z_FOCUS_EDGE, Style, qcolor
from gui.items.node_item import NodeItem
from gui.scene_adapter import EdgeState

EdgeKey = tuple[str, str, int]


def curve_through(points: list[QPointF]) -> QPainterPath:
    """A smooth left-to-right curve: cubic segments that leave and enter horizontally."""
    path = QPainterPath(points[0])
    for a, b in zip(points, points[1:], strict=False):
        dx = max(abs(b.x() - a.x()) * 0.5, 20.0)
        path.cubicTo(QPointF(a.x() + dx, a.y()), QPointF(b.x() - dx, b.y()), b)
    return path


class EdgeItem(QGraphicsItem):
    def __init__(
        self,
        key: EdgeKey,
        source: NodeItem,
        target: NodeItem,
        arity: int,
        style: Style,
        route: list[tuple[float, float]] | None = None,
    ) -> None:
        super().__init__()
        self.key = key
        self.source = source
        self.target = target
        self.arity = arity
        self.style = style
        self.route = route or []
        self.state = EdgeState("", None, None, False)
        self.focused = False
        self.weight_scale = 1.0
        self.gradient_scale = 1.0
        self.setZValue(Z_EDGE)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        source.edges.append(self)
        target.edges.append(self)
        self.adjust()

    # ------------------------------------------------------------------ geometry
    def node_moved(self) -> None:
        """An end was dragged: the routed bends no longer fit, draw a plain curve."""
        self.route = []
        self.adjust()

    def adjust(self) -> None:
        self.prepareGeometryChange()
        start = self.source.anchor_out()
        end = self.target.anchor_in(self)
        points = [start, *(QPointF(x, y) for x, y in self.route), end]
        self.path = curve_through(points)
        self.mid = self.path.pointAtPercent(0.5)
        tip_dir = self.path.pointAtPercent(0.96)
        angle = math.atan2(end.y() - tip_dir.y(), end.x() - tip_dir.x())
        a = self.style.arrow
        self.arrow = QPolygonF(
            [
                end,
                QPointF(end.x() - a * math.cos(angle - 0.4), end.y() - a * math.sin(angle - 0.4)),
                QPointF(end.x() - a * math.cos(angle + 0.4), end.y() - a * math.sin(angle + 0.4)),
            ]
        )
        self._update_bounds()

    LABEL_SPOTS = (0.5, 0.62, 0.38, 0.74, 0.26, 0.85, 0.15)
    LABEL_SHIFTS = (0.0, -1.0, 1.0, -2.0, 2.0)  # in label heights, above and below the edge

    def _label_rect(self) -> QRectF:
        """Midpoint of the edge, or the nearest spot along (or just beside) it that does not
        cover a node or its gradient tag."""
        if not self.state.text:
            return QRectF()
        st = self.style
        w = st.width(st.edge_font, self.state.text) + 2 * st.tag_pad
        h = st.height(st.edge_font) + 0.6 * st.tag_pad
        scene = self.scene()
        centre = QRectF(self.mid.x() - w / 2, self.mid.y() - h / 2, w, h)
        if scene is None:
            return centre
        best, best_overlap = centre, float("inf")
        for shift in self.LABEL_SHIFTS:
            for t in self.LABEL_SPOTS:
                p = self.mid if t == 0.5 else self.path.pointAtPercent(t)
                rect = QRectF(p.x() - w / 2, p.y() - h / 2 + shift * h, w, h)
                overlap = 0.0
                for item in scene.items(rect):
                    if isinstance(item, NodeItem):
                        hit = rect.intersected(item.mapRectToScene(item.shape().boundingRect()))
                        overlap += hit.width() * hit.height()
                if overlap == 0.0:
                    return rect
                if overlap < best_overlap:
                    best, best_overlap = rect, overlap
        return best

    def _update_bounds(self) -> None:
        m = self.style.halo + self.style.arrow + 8 * self.style.scale
        rect = self.path.boundingRect().adjusted(-m, -m, m, m)
        self.label_rect = self._label_rect()
        if not self.label_rect.isNull():
            rect = rect.united(self.label_rect)
        self._bounds = rect

    def boundingRect(self) -> QRectF:  # noqa: N802 (Qt override)
        return self._bounds

    def shape(self) -> QPainterPath:
        stroker = QPainterPathStroker()
        stroker.setWidth(8 * self.style.scale)
        return stroker.createStroke(self.path)

    def restyle(self) -> None:
        """Fonts or sizes changed (presentation scale)."""
        self.adjust()

    # ------------------------------------------------------------------ state
    def set_state(self, state: EdgeState) -> None:
        if state == self.state:
            return
        text_changed = state.text != self.state.text
        self.state = state
        if text_changed:
            self.prepareGeometryChange()
            self._update_bounds()
        self.update()

    def set_focused(self, focused: bool) -> None:
        if focused == self.focused:
            return
        self.focused = focused
        self.setZValue(Z_FOCUS_EDGE if focused else Z_EDGE)
        self.update()

    def shown_text(self) -> str:
        """The label currently on the edge ("" for none)."""
        return self.state.text

    def _pen(self) -> QPen:
        st = self.style
        w = self.state.weight
        if w is not None:
            pen = QPen(
                qcolor(palette.stroke(w, self.weight_scale)),
                palette.weight_width(w, self.weight_scale, 1.5 * st.scale, 7.0 * st.scale),
            )
            if palette.dashed(w):
                pen.setStyle(Qt.PenStyle.DashLine)
        else:
            pen = QPen(qcolor(palette.EDGE), st.edge_width)
        if self.focused:
            pen.setWidthF(pen.widthF() + 1.2 * st.scale)
            if w is None:
                pen.setColor(TEXT)
        pen.setCapStyle(Qt.PenCapStyle.FlatCap)
        return pen

    # ------------------------------------------------------------------ painting
    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        st = self.style
        lod = option.levelOfDetailFromTransform(painter.worldTransform())
        if lod < ARROW_LOD:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        pen = self._pen()
        if self.focused:
            painter.strokePath(self.path, QPen(qcolor(palette.HALO), pen.widthF() + st.halo))
        painter.strokePath(self.path, pen)
        if lod >= ARROW_LOD:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QBrush(pen.color()))
            painter.drawPolygon(self.arrow)
        if lod < DETAIL_LOD or not self.state.text:
            return
        rect = self.label_rect
        fill = palette.fill(self.state.tone, self.gradient_scale)
        border = TEXT if self.focused else qcolor(palette.EDGE)
        painter.setPen(QPen(border, (2.0 if self.focused else 1.0) * st.scale))
        painter.setBrush(QBrush(qcolor(fill)))
        radius = rect.height() / 2
        painter.drawRoundedRect(rect, radius, radius)
        painter.setFont(st.edge_font)
        painter.setPen(TEXT)
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, self.state.text)
