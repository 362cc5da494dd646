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
from PySide6.QtWidgets import QGraphicsItem, QGraphicsScene, QStyleOptionGraphicsItem, QWidget

from gui import palette
from gui.items import ARROW_LOD, DETAIL_LOD, TEXT, Z_EDGE, Z_FOCUS_EDGE, Style, qcolor
from gui.items.node_item import NodeItem
from gui.override_guard import guard_overrides
from gui.scene_adapter import EdgeState

EdgeKey = tuple[str, str, int]

# On screen the many plain edges are drawn 1 px wide (scaled by the presentation scale) and
# darker, which looks about as heavy as palette.EDGE at Style.edge_width: Qt's raster engine
# strokes a cosmetic pen of at most 1 px with its fast line drawer, which skips what lies
# outside the repainted area, where a wider pen builds and fills the outline of the whole curve
# (3-5 times the cost of repainting the view after a scroll). Exports keep the wider pen.
SCREEN_LINE = (70, 70, 70)


def screen_pen(style: Style) -> QPen:
    pen = QPen(qcolor(SCREEN_LINE), 1.0 * style.scale)
    pen.setCosmetic(True)
    pen.setCapStyle(Qt.PenCapStyle.FlatCap)
    return pen


def curve_through(points: list[QPointF]) -> tuple[QPainterPath, QPointF]:
    """A smooth left-to-right curve: cubic segments that leave and enter horizontally.
    Also returns the last control point (the direction the curve arrives from)."""
    path = QPainterPath(points[0])
    control = points[0]
    for a, b in zip(points, points[1:], strict=False):
        dx = max(abs(b.x() - a.x()) * 0.5, 20.0)
        control = QPointF(b.x() - dx, b.y())
        path.cubicTo(QPointF(a.x() + dx, a.y()), control, b)
    return path, control


@guard_overrides
class EdgeItem(QGraphicsItem):
    def __init__(
        self,
        key: EdgeKey,
        source: NodeItem,
        target: NodeItem,
        arity: int,
        style: Style,
        route: list[tuple[float, float]] | None = None,
        *,
        defer_geometry: bool = False,
    ) -> None:
        """With ``defer_geometry`` the caller runs ``adjust()`` once every edge into the
        target exists (the entry slots depend on all of them)."""
        super().__init__()
        self.key = key
        self.source = source
        self.target = target
        self.arity = arity
        self.style = style
        self.route = route or []
        self.state = EdgeState("", None, None, False)
        self.focused = False
        self._pen_cache: QPen | None = None
        self._outline: QPainterPath | None = None
        self._bounds: QRectF | None = None
        self._empty = True
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemHasNoContents, True)
        self.weight_scale = 1.0
        self.gradient_scale = 1.0
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)  # z stays Z_EDGE (0, the default)
        source.edges.append(self)
        target.edges.append(self)
        self.path = QPainterPath()
        self.arrow = QPolygonF()
        self.label_rect = QRectF()
        self._mid: QPointF | None = None
        self._spots: list[QPointF] | None = None
        self._placed: tuple[float, float, QRectF] | None = None  # label width, height, place
        if not defer_geometry:
            self.adjust()

    # ------------------------------------------------------------------ geometry
    def node_moved(self) -> None:
        """An end was dragged: the routed bends no longer fit, draw a plain curve."""
        self.route = []
        self.adjust()

    def adjust(self) -> None:
        old = QRectF(self._bounds) if self._bounds is not None else None
        self.prepareGeometryChange()
        start = self.source.anchor_out()
        end = self.target.anchor_in(self)
        points = [start, *(QPointF(x, y) for x, y in self.route), end]
        self.path, control = curve_through(points)
        self._mid = None
        self._spots = None
        self._placed = None  # the path changed: labels are placed anew
        self._shape: QPainterPath | None = None
        self._outline = None
        angle = math.atan2(end.y() - control.y(), end.x() - control.x())
        a = self.style.arrow
        self.arrow = QPolygonF(
            [
                end,
                QPointF(end.x() - a * math.cos(angle - 0.4), end.y() - a * math.sin(angle - 0.4)),
                QPointF(end.x() - a * math.cos(angle + 0.4), end.y() - a * math.sin(angle + 0.4)),
            ]
        )
        self._update_bounds()
        if old is not None:
            self.invalidate_line(old)

    @property
    def mid(self) -> QPointF:
        """The middle of the curve (computed on demand: most edges never show a label)."""
        if self._mid is None:
            self._mid = self.path.pointAtPercent(0.5)
        return self._mid

    LABEL_SPOTS = (0.5, 0.62, 0.38, 0.74, 0.26, 0.85, 0.15)
    LABEL_SHIFTS = (0.0, -1.0, 1.0, -2.0, 2.0, -3.0, 3.0, -4.0, 4.0)  # label heights off the edge

    def _spot_points(self) -> list[QPointF]:
        """The points along the curve where a label may sit, computed once per path
        (pointAtPercent is slow, and a label is placed again whenever its width changes)."""
        if self._spots is None:
            self._spots = [
                self.mid if t == 0.5 else self.path.pointAtPercent(t) for t in self.LABEL_SPOTS
            ]
        return self._spots

    def _label_rect(self) -> QRectF:
        """Midpoint of the edge, or the nearest spot along (or just beside) it that does not
        cover a node or its gradient tag. On the same path a label keeps its place (and its
        size) while its text fits with less than LABEL_SLACK to spare: new numbers of about the
        same length (a leaf edited, training) then cost no geometry at all."""
        if not self.state.text:
            return QRectF()
        st = self.style
        w = st.width(st.edge_font, self.state.text) + 2 * st.tag_pad
        h = st.height(st.edge_font) + 0.6 * st.tag_pad
        placed = self._placed
        if placed is not None and placed[1] == h and w <= placed[0] <= w + self._slack():
            return placed[2]
        rect = self._place_label(w, h)
        self._placed = (w, h, rect)
        return rect

    LABEL_SLACK = 2.0  # digits of spare width a placed label keeps before it is placed anew

    def _slack(self) -> float:
        return self.LABEL_SLACK * self.style.width(self.style.edge_font, "0")

    def _place_label(self, w: float, h: float) -> QRectF:
        """The first free spot (in LABEL_SHIFTS × LABEL_SPOTS order), else the least covered.
        Plain arithmetic on tuples: this runs for every label whose width changed."""
        scene = self.scene()
        mid = self.mid
        centre = QRectF(mid.x() - w / 2, mid.y() - h / 2, w, h)
        if scene is None:
            return centre
        if not self._blockers(scene, centre):  # the usual case, asked in a small area (a big
            return centre  # one returns many items, each costing a Python wrapper)
        spots = [(p.x() - w / 2, p.y() - h / 2) for p in self._spot_points()]
        xs, ys = [x for x, _ in spots], [y for _, y in spots]
        reach = max(abs(s) for s in self.LABEL_SHIFTS) * h
        area = QRectF(min(xs), min(ys) - reach, max(xs) - min(xs) + w, max(ys) - min(ys) + h)
        area.adjust(0, 0, 0, 2 * reach)
        blockers = self._blockers(scene, area)
        if not blockers:
            return centre
        best, best_overlap = centre, float("inf")
        for shift in self.LABEL_SHIFTS:
            dy = shift * h
            for x, y in spots:
                top = y + dy
                right, bottom = x + w, top + h
                overlap = 0.0
                for bl, bt, br, bb in blockers:
                    ow = min(right, br) - max(x, bl)
                    oh = min(bottom, bb) - max(top, bt)
                    if ow > 0 and oh > 0:
                        overlap += ow * oh
                if overlap == 0.0:
                    return QRectF(x, top, w, h)
                if overlap < best_overlap:
                    best, best_overlap = QRectF(x, top, w, h), overlap
        return best

    @staticmethod
    def _blockers(scene: QGraphicsScene, area: QRectF) -> list[tuple[float, float, float, float]]:
        """(left, top, right, bottom) of what a label in ``area`` must not cover: nodes and
        their gradient tags."""
        blockers = []
        for item in scene.items(area, Qt.ItemSelectionMode.IntersectsItemBoundingRect):
            if isinstance(item, NodeItem):
                b = item.mapRectToScene(item.occupied_rect())
                if b.intersects(area):
                    blockers.append((b.left(), b.top(), b.right(), b.bottom()))
        return blockers

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
        if self._shape is None:  # built on demand and kept: hit tests ask often
            stroker = QPainterPathStroker()
            stroker.setWidth(8 * self.style.scale)
            self._shape = stroker.createStroke(self.path)
        return self._shape

    def restroke(self) -> bool:
        """The weight or its scale changed: a new pen, and the cached background redrawn under
        the line only if the pen really differs (new weights at every training frame mostly
        keep their colour and, rounded, their width). Returns whether it did."""
        if self._pen_cache is not None:
            pen = self._make_pen()
            if pen == self._pen_cache:
                return False
        self._pen_cache = None
        self.invalidate_line()
        return True

    def restyle(self) -> None:
        """Fonts, sizes or colour scales changed."""
        self._pen_cache = None
        self.adjust()

    # ------------------------------------------------------------------ state
    def set_state(self, state: EdgeState) -> None:
        if state == self.state:
            return
        text_changed = state.text != self.state.text
        weight_changed = state.weight != self.state.weight
        self.state = state
        if weight_changed:
            self.restroke()
        if text_changed and self._label_rect() != self.label_rect:
            self.prepareGeometryChange()
            self._update_bounds()
        self._sync_contents()
        self.update()

    def set_focused(self, focused: bool) -> None:
        if focused == self.focused:
            return
        self.focused = focused
        self.setZValue(Z_FOCUS_EDGE if focused else Z_EDGE)
        self._sync_contents()
        self.update()

    def shown_text(self) -> str:
        """The label currently on the edge ("" for none)."""
        return self.state.text

    def _pen(self) -> QPen:
        """The line's pen when not focused (cached: the background layer draws many)."""
        if self._pen_cache is None:
            self._pen_cache = self._make_pen()
            self._outline = None
        return self._pen_cache

    def _make_pen(self) -> QPen:
        st = self.style
        w = self.state.weight
        if w is not None:
            width = palette.weight_width(w, self.weight_scale, 1.5 * st.scale, 7.0 * st.scale)
            # rounded to 1/8 px (invisible): a weight that barely moved keeps its pen, and the
            # cached background is not redrawn for it
            pen = QPen(qcolor(palette.stroke(w, self.weight_scale)), round(width * 8) / 8)
            if palette.dashed(w):
                pen.setStyle(Qt.PenStyle.DashLine)
        else:  # the many plain edges: a cosmetic pen strokes fastest
            pen = QPen(qcolor(palette.EDGE), st.edge_width)
            pen.setCosmetic(True)
        pen.setCapStyle(Qt.PenCapStyle.FlatCap)
        return pen

    def focus_pen(self) -> QPen:
        """Thicker and darker while the edge is the current step's."""
        st = self.style
        pen = QPen(self._pen())
        pen.setCosmetic(False)
        pen.setWidthF(
            (pen.widthF() if self.state.weight is not None else st.edge_width) + 1.2 * st.scale
        )
        if self.state.weight is None:
            pen.setColor(TEXT)
        return pen

    # ------------------------------------------------------------------ painting
    def paint_line(self, painter: QPainter, lod: float, screen: QPen | None = None) -> None:
        """The line and its arrowhead. Called by the scene's background layer, which draws
        every edge in one cached pass; the item itself only paints labels and focus.
        ``screen``: the pen for plain edges on screen (see screen_pen)."""
        own = pen = self._pen()
        if screen is not None and pen.isCosmetic():
            pen = screen
        if pen.isCosmetic() or lod < ARROW_LOD:
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawPath(self.path)
        else:  # wide or dashed: fill the outline computed once (stroking costs twice as much)
            if self._outline is None:
                self._outline = QPainterPathStroker(pen).createStroke(self.path)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QBrush(pen.color()))
            painter.drawPath(self._outline)
        if lod >= ARROW_LOD:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QBrush(own.color()))
            painter.drawPolygon(self.arrow)

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        st = self.style
        lod = option.levelOfDetailFromTransform(painter.worldTransform())
        if self.focused:
            pen = self.focus_pen()
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.setPen(QPen(qcolor(palette.HALO), pen.widthF() + st.halo))
            painter.drawPath(self.path)
            painter.setPen(pen)
            painter.drawPath(self.path)
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

    def _sync_contents(self) -> None:
        """No label and no focus: nothing for the item to paint (the background has the line),
        so the view skips it entirely."""
        empty = not (self.focused or self.state.text)
        if empty != self._empty:
            scene = self.scene()
            if empty and scene is not None:
                # Qt discards update() from an item with no contents, so the highlight or label
                # it drew last would stay on screen: repaint that area through the scene.
                scene.update(self.sceneBoundingRect())
            self._empty = empty
            self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemHasNoContents, empty)

    def invalidate_line(self, rect: QRectF | None = None) -> None:
        """The line changed: the scene's cached background must redraw where it was/is."""
        scene = self.scene()
        if scene is not None:
            area = self._bounds if rect is None else rect.united(self._bounds)
            scene.invalidate(area, QGraphicsScene.SceneLayer.BackgroundLayer)
