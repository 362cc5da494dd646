"""Help → Legend (F1): what the picture's colours, lines and shapes mean, drawn with the very
items the graph is drawn with (NodeItem, EdgeItem, TokenItem), so the key can never drift
from the picture. Each row: samples on the left, a sentence on the right."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRect, QRectF, Qt
from PySide6.QtGui import QPainter, QPainterPath
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGraphicsItem,
    QGraphicsScene,
    QGraphicsSimpleTextItem,
    QGraphicsTextItem,
    QGraphicsView,
    QStyleOptionGraphicsItem,
    QVBoxLayout,
    QWidget,
)

from core.autodiff.notation import format_number

from . import edge_routing, palette
from .items import Style, qcolor
from .items.edge_item import EdgeItem, screen_pen
from .items.node_item import NodeItem
from .items.token_item import TokenItem
from .override_guard import guard_overrides
from .scene_adapter import EdgeState, NodeCaption, NodeState

SAMPLES_WIDTH = 340.0  # the left column, where the items are drawn
TEXT_WIDTH = 400.0
ROW_GAP = 22.0


@guard_overrides
class LegendScene(QGraphicsScene):
    """A few real items, each put in a state that shows one convention. Edge lines are drawn
    by the background layer, as in the graph scene."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.item_style = Style()
        self.nodes: list[NodeItem] = []
        self.edges: list[EdgeItem] = []
        self.tokens: list[TokenItem] = []
        self.texts: list[QGraphicsTextItem] = []
        self._y = 0.0

    def drawBackground(self, painter: QPainter, rect: QRectF | QRect) -> None:  # noqa: N802
        painter.fillRect(rect, qcolor(palette.BACKGROUND))
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        lod = QStyleOptionGraphicsItem.levelOfDetailFromTransform(painter.worldTransform())
        for edge in self.edges:
            edge.paint_line(painter, lod, screen_pen(self.item_style))

    # ------------------------------------------------------------------ building
    def node(
        self,
        x: float,
        y: float,
        title: str,
        kind: str,
        value: float | None = None,
        value_text: str = "",
        *,
        gradient: tuple[str, float] | None = None,
        focus: int = 0,
        nonfinite: bool = False,
        note: str = "",
    ) -> NodeItem:
        caption = NodeCaption(title, "", kind, "")
        item = NodeItem(f"legend{len(self.nodes)}", caption, self.item_style, note=note)
        lines: tuple[str, ...] = ()
        if gradient is not None:
            lines = (gradient[0],)
        item.measure((value_text,) if value_text else (), [lines] if lines else [])
        item.set_state(
            NodeState(
                value_text,
                "",
                lines,
                value,
                gradient[1] if gradient is not None else None,
                nonfinite,
                nonfinite,
            )
        )
        item.set_focus_level(focus)
        item.setFlags(QGraphicsItem.GraphicsItemFlag(0))  # a picture, not a graph to edit
        item.setPos(x, y)
        self.addItem(item)
        self.nodes.append(item)
        return item

    def edge(
        self,
        start: tuple[float, float],
        end: tuple[float, float],
        weight: float | None = None,
        label: str = "",
        tone: float | None = None,
        *,
        focused: bool = False,
    ) -> EdgeItem:
        item = EdgeItem((f"e{len(self.edges)}", "", 0), self.item_style)
        item.set_geometry(edge_routing.curve([start, end], self.item_style.arrow))
        state = EdgeState(label, tone, weight, bool(label))
        rect = None
        if label:
            st = self.item_style
            w = st.width(st.edge_font, label) + 2 * st.tag_pad
            h = st.height(st.edge_font) + 0.6 * st.tag_pad
            (mx, my), *_ = edge_routing.points_along(item.segments, (0.5,))
            rect = QRectF(mx - w / 2, my - h / 2, w, h)
        self.addItem(item)
        item.set_state(state, rect)
        item.set_focused(focused)
        self.edges.append(item)
        return item

    def token(
        self, start: tuple[float, float], end: tuple[float, float], backward: bool, text: str
    ) -> TokenItem:
        path = QPainterPath(QPointF(*start))
        path.lineTo(QPointF(*end))
        tone = -0.5 if backward else 0.5
        item = TokenItem(path, backward, text, tone, 1.0, self.item_style)
        item.set_progress(0.45)
        self.addItem(item)
        self.tokens.append(item)
        return item

    def caption(self, x: float, y: float, text: str) -> None:
        """A short note beside a sample (a weight's number), left-aligned at x, centred on y."""
        if not text:
            return
        item = QGraphicsSimpleTextItem(text)
        item.setFont(self.item_style.value_font)
        item.setBrush(qcolor(palette.TEXT))
        item.setPos(x, y - item.boundingRect().height() / 2)
        self.addItem(item)

    def row(self, height: float, text: str) -> float:
        """Starts a row ``height`` high with ``text`` beside it; returns the row's centre."""
        label = QGraphicsTextItem()
        label.setTextWidth(TEXT_WIDTH)
        label.setHtml(text)
        label.setDefaultTextColor(qcolor(palette.TEXT))
        font = label.font()
        font.setPixelSize(15)
        label.setFont(font)
        tall = max(height, label.boundingRect().height())
        label.setPos(SAMPLES_WIDTH + 20, self._y + (tall - label.boundingRect().height()) / 2)
        self.addItem(label)
        self.texts.append(label)
        centre = self._y + tall / 2
        self._y += tall + ROW_GAP
        return centre


@guard_overrides
class LegendDialog(QDialog):
    """The legend window: non-modal, so it can stay open beside the graph."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("legend")
        self.setWindowTitle(self.tr("Legend"))
        self.scene = LegendScene(self)
        self._fill(self.scene)
        self.view = QGraphicsView(self.scene, self)
        self.view.setObjectName("legend_view")
        self.view.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        self.view.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
        self.view.setInteractive(False)
        self.view.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        rect = self.scene.itemsBoundingRect().adjusted(-12, -12, 12, 12)
        self.scene.setSceneRect(rect)
        self.view.ensureVisible(rect.left(), rect.top(), 1, 1, 0, 0)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view)
        layout.addWidget(buttons)
        screen = self.screen().availableGeometry() if self.screen() is not None else None
        width, height = rect.width() + 50, rect.height() + 90
        if screen is not None:  # never larger than the screen: the view scrolls instead
            width, height = min(width, screen.width() * 0.9), min(height, screen.height() * 0.85)
        self.resize(int(width), int(height))

    def _fill(self, scene: LegendScene) -> None:
        """The rows, in the current language."""
        y = scene.row(
            90,
            self.tr(
                "<b>Fill colour</b>: the sign and size of a value. <span style='color:#542788'>"
                "Purple</span>: positive, <span style='color:#b35806'>orange</span>: negative, "
                "near white: close to zero; stronger colour means a larger number. The gradient "
                "tag under a node is coloured the same way by ∂loss/∂node."
            ),
        )
        scene.node(60, y - 18, "a", "op", 0.9, "0.9", gradient=("∂loss/∂a = 0.4", 0.4))
        scene.node(195, y - 18, "b", "op", -0.9, "−0.9", gradient=("∂loss/∂b = −0.4", -0.4))
        scene.node(310, y - 18, "c", "op", 0.0, "0")

        y = scene.row(
            70,
            self.tr(
                "<b>Shapes and outlines</b>: an ellipse is an operation; a rectangle an input; a "
                "pill with a thick outline a trainable parameter (a weight); a dotted outline a "
                "constant; a small faded number is written in the formula itself."
            ),
        )
        scene.node(40, y, "x₁", "input", 0.5, "0.5")
        scene.node(120, y, "w₁₁", "param", -0.3, "−0.3")
        scene.node(200, y, "c", "const", 1.0, "1")
        scene.node(255, y, "2", "literal")
        scene.node(310, y, "+", "op", 0.2, "0.2")

        y = scene.row(
            80,
            self.tr(
                "<b>Yellow halo</b>: what the current step is about: a strong halo and a thick "
                "outline on the node it computes, a light halo on the nodes it reads. A red outline "
                "and ⚠ mark the first NaN or ∞."
            ),
        )
        scene.node(60, y, "z₁", "op", 0.3, "0.3", focus=2)
        scene.node(165, y, "x₁", "input", 0.5, "0.5", focus=1)
        scene.node(270, y + 6, "h", "op", None, "NaN", nonfinite=True, note="⚠ NaN")

        y = scene.row(
            110,
            self.tr(
                "<b>Edges from a weight</b>: the thickness is the size of the weight (thicker: "
                "larger |w|), the colour its sign; a <b>dashed</b> edge is a negative weight. Thin "
                "grey edges carry a value that has no weight."
            ),
        )
        for dy, weight in ((-40, 2.0), (-13, 0.15), (14, -1.5), (41, None)):
            scene.edge((10, y + dy), (270, y + dy), weight=weight)
            scene.caption(285, y + dy, "w = " + format_number(weight) if weight else "")

        y = scene.row(
            90,
            self.tr(
                "<b>Edge labels</b> in the backward pass: the current edge shows upstream × local "
                "derivative = its contribution to the gradient; an edge already passed keeps its "
                "local derivative (×0.5)."
            ),
        )
        scene.edge((10, y - 22), (320, y - 22), label="0.4 × 0.5 = 0.2", tone=0.2, focused=True)
        scene.edge((10, y + 24), (320, y + 24), label="×0.5", tone=0.2)

        y = scene.row(
            90,
            self.tr(
                "<b>Dots</b> travel along the edges while a step is animated: a value forward "
                "(left to right), a contribution to a gradient backward (right to left)."
            ),
        )
        scene.edge((10, y - 20), (320, y - 20))
        scene.token((10, y - 20), (320, y - 20), False, "0.5")
        scene.edge((10, y + 30), (320, y + 30))
        scene.token((10, y + 30), (320, y + 30), True, "−0.2")
