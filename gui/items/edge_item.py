"""One argument edge: a curve from the argument's right side into the operation's left side.

Weight edges (out of a parameter) are coloured by the weight's sign, thicker for larger |w|,
and dashed when negative (sign is never colour alone). On the way back the edge carries a label
on its curve: the local derivative ("×0.5") once its backward step has happened, and while it
is the current step the whole product "upstream × local = contribution". Where the curve runs
and where the label sits is decided by the scene (gui.edge_routing, gui.label_placement).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QPainter, QPainterPath, QPainterPathStroker, QPen, QPolygonF
from PySide6.QtWidgets import QGraphicsItem, QGraphicsScene, QStyleOptionGraphicsItem, QWidget

from .. import palette
from ..override_guard import guard_overrides
from ..scene_adapter import EdgeState
from . import ARROW_LOD, DETAIL_LOD, TEXT, Z_EDGE, Z_FOCUS_EDGE, Style, qcolor

if TYPE_CHECKING:
    from ..edge_routing import EdgeGeometry

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


@guard_overrides
class EdgeItem(QGraphicsItem):
    """Paints what the scene decided: the curve (see gui.edge_routing), the state's label at
    the place gui.label_placement chose, and the highlight while the step is current."""

    def __init__(self, key: EdgeKey, style: Style, route: list[tuple[float, float]] | None = None):
        super().__init__()
        self.key = key
        self.style = style
        self.route = route or []  # the layout's bends, kept while neither end is dragged
        self.state = EdgeState("", None, None, False)
        self.focused = False
        self._pen_cache: QPen | None = None
        self._outline: QPainterPath | None = None
        self._shape: QPainterPath | None = None
        self._bounds = QRectF()
        self._empty = True
        self._extent = QRectF()  # every scene rectangle covered since it last had no contents
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemHasNoContents, True)
        self.weight_scale = 1.0
        self.gradient_scale = 1.0
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)  # z stays Z_EDGE (0, the default)
        self.path = QPainterPath()
        self.arrow = QPolygonF()
        self.segments: tuple = ()
        self.label_rect = QRectF()  # where the label is drawn; null when none is shown
        self.leader: QPointF | None = None  # the point on the curve a label beside it points to

    # ------------------------------------------------------------------ geometry
    def set_geometry(self, geometry: EdgeGeometry) -> None:
        """A new curve (the scene routed it). The label is placed again by the scene."""
        old = QRectF(self._bounds)
        self._remember_extent()
        self.prepareGeometryChange()
        self.path = geometry.path
        self.arrow = geometry.arrow
        self.segments = geometry.segments
        self._shape = None
        self._outline = None
        self._bounds = self._compute_bounds()
        if not old.isNull():
            self.invalidate_line(old)

    def _compute_bounds(self) -> QRectF:
        """Everything paint() may touch: the curve with its halo and arrow, and the label with
        its border's half width and a pixel for antialiasing (the view does not add it:
        DontAdjustForAntialiasing), and the leader line."""
        st = self.style
        m = st.halo + st.arrow + 8 * st.scale
        rect = self.path.boundingRect().adjusted(-m, -m, m, m)
        if not self.label_rect.isNull():
            p = 1.5 * st.scale + 1.0
            rect = rect.united(self.label_rect.adjusted(-p, -p, p, p))
            if self.leader is not None:
                rect = rect.united(QRectF(self.leader, self.leader).adjusted(-p, -p, p, p))
        return rect

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
        """Fonts, sizes or colour scales changed (the scene routes and places again)."""
        self._pen_cache = None
        self._outline = None

    # ------------------------------------------------------------------ state
    def set_state(self, state: EdgeState, label: QRectF | None = None, leader=None) -> None:
        """Show ``state``; its label (if it has text) in ``label``, with a leader line to the
        point ``leader`` on the curve when the label sits beside it. ``label`` None: no label
        drawn (no text, or no free place for this one)."""
        label = QRectF() if label is None or not state.text else QRectF(label)
        leader = QPointF(leader) if leader is not None and not label.isNull() else None
        if state == self.state and label == self.label_rect and leader == self.leader:
            return
        self._remember_extent()
        if state.weight != self.state.weight:
            self.state = state
            self.restroke()
        self.state = state
        if label != self.label_rect or leader != self.leader:
            self.prepareGeometryChange()
            self.label_rect, self.leader = label, leader
            self._bounds = self._compute_bounds()
        self._sync_contents()
        self.update()

    def set_focused(self, focused: bool) -> None:
        if focused == self.focused:
            return
        self.focused = focused
        self.setZValue(Z_FOCUS_EDGE if focused else Z_EDGE)
        self._sync_contents()
        self.update()

    def label_shown(self) -> bool:
        """Whether a label is drawn (an edge's text may have no free place: then it is not)."""
        return not self.label_rect.isNull()

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
        if lod < DETAIL_LOD or self.label_rect.isNull():
            return
        rect = self.label_rect
        border = TEXT if self.focused else qcolor(palette.EDGE)
        if self.leader is not None:
            painter.setPen(QPen(border, 1.0 * st.scale))
            ends = (
                rect.center().x(),
                rect.bottom() if self.leader.y() > rect.bottom() else rect.top(),
            )
            painter.drawLine(QPointF(*ends), self.leader)
            painter.setBrush(QBrush(border))
            r = 2.0 * st.scale
            painter.drawEllipse(self.leader, r, r)
        fill = palette.fill(self.state.tone, self.gradient_scale)
        painter.setPen(QPen(border, (2.0 if self.focused else 1.0) * st.scale))
        painter.setBrush(QBrush(qcolor(fill)))
        radius = rect.height() / 2
        painter.drawRoundedRect(rect, radius, radius)
        painter.setFont(st.edge_font)
        painter.setPen(TEXT)
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, self.state.text)

    def _remember_extent(self) -> None:
        """Called before the bounds may change: what the item covers now may hold paint."""
        if not self._empty:
            self._extent = self._extent.united(self.sceneBoundingRect())

    def _sync_contents(self) -> None:
        """No label and no focus: nothing for the item to paint (the background has the line),
        so the view skips it entirely.

        Qt drops every pending repaint of an item that has no contents when it processes the
        scene's dirty items, the repaint of where it was (prepareGeometryChange) included. An
        item that turns empty would leave its last label and highlight on screen, and where
        its label was a moment before (a step changes the label, then the focus, in one go).
        So every rectangle it covered since it last was empty is repainted through the scene."""
        empty = not (self.focused or not self.label_rect.isNull())
        if empty == self._empty:
            return
        scene = self.scene()
        if empty and scene is not None:
            scene.update(self._extent.united(self.sceneBoundingRect()))
        self._extent = QRectF()
        self._empty = empty
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemHasNoContents, empty)

    def invalidate_line(self, rect: QRectF | None = None) -> None:
        """The line changed: the scene's cached background must redraw where it was/is."""
        scene = self.scene()
        if scene is not None:
            area = self._bounds if rect is None else rect.united(self._bounds)
            scene.invalidate(area, QGraphicsScene.SceneLayer.BackgroundLayer)
