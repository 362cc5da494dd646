"""One node of the graph: its shape says what it is, its text what it holds right now.

Shapes: operations are ellipses; leaves are rectangles: inputs with square-ish corners and a
thin border, parameters as pills with a thick border, named constants with a dotted border,
literal numbers written in an expression small and faded. Inside: the name (or the op), the
op's formula, the value once computed. Under it, a tag with ∂L/∂node and its running sum.
The size is fixed when the run is set (from the widest text it will ever show), so stepping
only repaints; it never moves anything.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QBrush, QFont, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from .. import palette
from ..override_guard import guard_overrides
from ..scene_adapter import NodeCaption, NodeState
from . import DETAIL_LOD, TEXT, TEXT_FAINT, Z_FOCUS_NODE, Z_NODE, Style, qcolor

PLACEHOLDER = "?"  # drawn faintly where a value is not computed yet (not a number, not "shown")


def _settle(have: float, need: float, slack: float) -> float:
    """The size to keep on a refresh: the current one while it holds ``need`` without more
    than ``slack`` to spare, else exactly ``need``."""
    return have if need <= have <= need + slack else need


@guard_overrides
class NodeItem(QGraphicsItem):
    def __init__(
        self, node_id: str, caption: NodeCaption, style: Style, problem: str = "", note: str = ""
    ) -> None:
        super().__init__()
        self.node_id = node_id
        self.caption = caption
        self.style = style
        self.problem = problem  # the engine's message when the first NaN/inf appeared here
        self.note = note or ("⚠ first NaN/∞" if problem else "")  # the short label above it
        self.state = NodeState("", "", (), None, None, False)
        self.focus_level = 0  # 0 none, 1 read by the current step, 2 changed by it
        self.value_scale = 1.0
        self.gradient_scale = 1.0
        self.shape_rect = self.tag_rect = self.note_rect = self._bounds = QRectF()
        self._path = QPainterPath()
        self._line_fonts: list = []
        self._text_height = 0.0
        flags = QGraphicsItem.GraphicsItemFlag
        self.setFlags(flags.ItemIsMovable | flags.ItemIsSelectable)
        self.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        self.setZValue(Z_NODE)

    # ------------------------------------------------------------------ geometry
    @property
    def is_leaf(self) -> bool:
        return self.caption.kind != "op"

    def _lines(self) -> list[tuple[str, QFont]]:
        """(role, font) of the text lines inside the shape."""
        st = self.style
        if self.caption.kind == "literal":
            return [("title", st.literal_font)]
        named = self.caption.kind != "op" or self.caption.subtitle
        lines = [("title", st.title_font if named else st.formula_font)]
        if self.caption.subtitle:
            lines.append(("subtitle", st.subtitle_font))
        lines.append(("value", st.value_font))
        return lines

    def measure(
        self, value_texts: tuple[str, ...], tags: list[tuple[str, ...]], *, loose: bool = False
    ) -> bool:
        """Fix the size from the widest value and the largest tag this node will ever show.

        With ``loose`` (new numbers on the same graph: a leaf edited, training) a size that
        still holds the new texts is kept unless it wastes more than SLACK, and only the width
        or height that is too small grows. Texts that flip between two shapes (a tag on one
        line or two) thus settle after a refresh or two, and then a refresh moves no edge and
        places no label again. Returns whether the geometry changed."""
        st = self.style
        line_fonts = self._lines()
        widths, height = [], 0.0
        for role, font in line_fonts:
            if role == "title":
                widths.append(st.width(font, self.caption.title))
            elif role == "subtitle":
                widths.append(st.width(font, self.caption.subtitle))
            else:
                widths.append(max(st.width(font, t) for t in (*value_texts, "NaN", PLACEHOLDER)))
            height += st.height(font)
        text_w = max(widths)
        kind = self.caption.kind
        if kind == "op":
            w = text_w * 1.22 + 2 * st.pad
            h = height * 1.12 + 1.2 * st.pad
            w = max(w, h)  # never narrower than tall: reads as a circle or a wide ellipse
        elif kind == "literal":
            w, h = text_w + st.pad, height + 0.5 * st.pad
        else:
            w, h = text_w + 2.4 * st.pad, height + 0.9 * st.pad
            if kind == "param":
                w += h * 0.35  # room for the pill's round ends
        tag_w = max((st.width(st.tag_font, t) for lines in tags for t in lines), default=0.0)
        tag_h = max((len(lines) for lines in tags), default=0) * st.height(st.tag_font)
        tw = tag_w + 2 * st.tag_pad if tag_h else 0.0
        th = tag_h + 1.2 * st.tag_pad if tag_h else 0.0
        nw = st.width(st.note_font, self.note) + st.tag_pad if self.note else 0.0
        if loose and line_fonts == self._line_fonts and not self.shape_rect.isNull():
            slack = self.SLACK * st.width(st.value_font, "0") * (1.22 if kind == "op" else 1.0)
            tag_slack = self.TAG_SLACK * st.height(st.tag_font)
            w = _settle(self.shape_rect.width(), w, slack)
            tw = _settle(self.tag_rect.width(), tw, slack)
            th = _settle(self.tag_rect.height(), th, tag_slack)
            old = (self.shape_rect.width(), self.tag_rect.width(), self.tag_rect.height())
            if (w, tw, th) == old and nw == self.note_rect.width():
                return False
        self.prepareGeometryChange()
        self._line_fonts = line_fonts
        self.shape_rect = QRectF(-w / 2, -h / 2, w, h)
        self._text_height = height
        if th:
            self.tag_rect = QRectF(-tw / 2, h / 2 + st.tag_gap, tw, th)
        else:
            self.tag_rect = QRectF(0, h / 2, 0, 0)
        self.note_rect = QRectF()
        if self.note:
            nh = st.height(st.note_font)
            self.note_rect = QRectF(-nw / 2, -h / 2 - nh - st.tag_gap, nw, nh)
        m = st.halo
        rect = self.shape_rect.adjusted(-m, -m, m, m)
        if th:
            rect = rect.united(self.tag_rect.adjusted(-2, -2, 2, 2))
        if self.note:
            rect = rect.united(self.note_rect)
        self._bounds = rect
        self._path = QPainterPath()
        if kind == "op":
            self._path.addEllipse(self.shape_rect)
        elif kind == "param":
            self._path.addRoundedRect(self.shape_rect, h / 2, h / 2)
        else:
            radius = 4 * st.scale
            self._path.addRoundedRect(self.shape_rect, radius, radius)
        self.update()
        return True

    SLACK = 7.0  # digits of spare width a node keeps on a refresh before it shrinks (a number
    # near 0 flips between "0.0012" and "−9.876e−04" as training goes: no shrinking for that)
    TAG_SLACK = 2.0  # and spare lines of its gradient tag

    def footprint(self) -> tuple[float, float, float]:
        """(width, height, distance from top to the shape's centre) for the layout."""
        r = self._bounds
        return r.width(), r.height(), -r.top()

    def boundingRect(self) -> QRectF:  # noqa: N802 (Qt override)
        return self._bounds

    def occupied_rect(self) -> QRectF:
        """Shape plus the gradient tag when shown (what an edge label must not cover)."""
        rect = self._path.boundingRect()
        return rect.united(self.tag_rect) if self.state.gradient_lines else rect

    def shape(self) -> QPainterPath:
        path = QPainterPath(self._path)
        if self.state.gradient_lines:
            path.addRect(self.tag_rect)
        return path

    def reserved_rect(self) -> QRectF:
        """Shape, the gradient tag's room (whether or not it is shown yet) and the NaN note:
        where no edge label may go, at any position of the run."""
        rect = self._path.boundingRect()
        if not self.tag_rect.isEmpty():
            rect = rect.united(self.tag_rect)
        return rect.united(self.note_rect) if self.note else rect

    # ------------------------------------------------------------------ state
    def set_state(self, state: NodeState) -> None:
        if state != self.state:
            if bool(state.gradient_lines) != bool(self.state.gradient_lines):
                self.prepareGeometryChange()  # the shape (for picking) includes the tag
            self.state = state
            self.update()

    def set_focus_level(self, level: int) -> None:
        if level == self.focus_level:
            return
        self.focus_level = level
        self.setZValue(Z_FOCUS_NODE if level else Z_NODE)
        self.update()

    def shown_value_text(self) -> str:
        """The value text on screen ("" while not computed): format_number of the trace's value."""
        return self.state.value_text

    def shown_gradient_text(self) -> str:
        """The running ∂L/∂node on screen, "" before the first term arrives."""
        return self.state.gradient_text

    def shown_gradient_lines(self) -> tuple[str, ...]:
        return self.state.gradient_lines

    def is_flagged(self) -> bool:
        """True when a NaN or infinity is shown here (red outline)."""
        return self.state.nonfinite

    # ------------------------------------------------------------------ painting
    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        st = self.style
        lod = option.levelOfDetailFromTransform(painter.worldTransform())
        state = self.state
        if self.focus_level:
            width = st.halo * (2.0 if self.focus_level == 2 else 1.1)
            alpha = 255 if self.focus_level == 2 else 150
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.setPen(QPen(qcolor(palette.HALO, alpha), width))
            painter.drawPath(self._path)
        painter.setBrush(QBrush(qcolor(self._fill_rgb())))
        painter.setPen(self._border_pen())
        painter.drawPath(self._path)
        if self.isSelected():
            pen = QPen(qcolor(palette.SELECTION), 2 * st.scale, Qt.PenStyle.DashLine)
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            m = 4 * st.scale
            painter.drawRoundedRect(self.shape_rect.adjusted(-m, -m, m, m), m, m)
        if lod < DETAIL_LOD:
            return
        self._paint_text(painter)
        if state.gradient_lines:
            self._paint_tag(painter)
        if self.note:
            painter.setFont(st.note_font)
            painter.setPen(qcolor(palette.NONFINITE))
            painter.drawText(self.note_rect, Qt.AlignmentFlag.AlignCenter, self.note)

    def _border_pen(self) -> QPen:
        st = self.style
        kind = self.caption.kind
        if self.state.nonfinite:
            return QPen(qcolor(palette.NONFINITE), 3.5 * st.scale)
        if self.focus_level == 2:
            return QPen(TEXT, st.focus_border)
        if kind == "param":
            return QPen(TEXT, st.param_border)
        if kind == "const":
            return QPen(TEXT_FAINT, st.border, Qt.PenStyle.DotLine)
        if kind == "literal":
            return QPen(qcolor(palette.LITERAL_TEXT, 120), st.border * 0.8, Qt.PenStyle.DotLine)
        if kind == "input":
            return QPen(TEXT_FAINT, st.border)
        return QPen(TEXT, st.border)

    def _fill_rgb(self) -> palette.RGB:
        """The node's fill: its value's colour (white for a literal)."""
        if self.caption.kind == "literal":
            return palette.BACKGROUND
        return palette.fill(self.state.value, self.value_scale)

    def _paint_text(self, painter: QPainter) -> None:
        st = self.style
        r = self.shape_rect
        y = -self._text_height / 2
        literal = self.caption.kind == "literal"
        for role, font in self._line_fonts:
            h = st.height(font)
            rect = QRectF(r.left(), y, r.width(), h)
            painter.setFont(font)
            if role == "title":
                colour = qcolor(palette.LITERAL_TEXT) if literal else TEXT
                painter.setPen(colour)
                painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, self.caption.title)
            elif role == "subtitle":  # faint, but readable on the node's own fill
                painter.setPen(qcolor(palette.readable_on(self._fill_rgb())))
                painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, self.caption.subtitle)
            elif self.state.value_text:
                colour = qcolor(palette.NONFINITE) if self.state.value_bad else TEXT
                painter.setPen(colour)
                painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, self.state.value_text)
            else:
                painter.setPen(qcolor(palette.TEXT_FAINT, 120))
                painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, PLACEHOLDER)
            y += h

    def _paint_tag(self, painter: QPainter) -> None:
        st = self.style
        lines = self.state.gradient_lines
        fm_h = st.height(st.tag_font)
        width = max(st.width(st.tag_font, t) for t in lines) + 2 * st.tag_pad
        height = len(lines) * fm_h + 1.2 * st.tag_pad
        rect = QRectF(-width / 2, self.tag_rect.top(), width, height)
        border = qcolor(palette.NONFINITE) if self.state.gradient_bad else qcolor(palette.EDGE)
        painter.setPen(QPen(border, st.border))
        painter.setBrush(QBrush(qcolor(palette.fill(self.state.gradient, self.gradient_scale))))
        radius = 5 * st.scale
        painter.drawRoundedRect(rect, radius, radius)
        painter.setFont(st.tag_font)
        y = rect.top() + 0.6 * st.tag_pad
        painter.setPen(TEXT)  # every line carries a name or a number (a partial sum too)
        for line in lines:
            painter.drawText(
                QRectF(rect.left(), y, rect.width(), fm_h), Qt.AlignmentFlag.AlignCenter, line
            )
            y += fm_h
