"""The graph scene: one item per node and edge, showing the engine's trace at a cursor position.

Data flows one way: ``set_run`` takes an engine Run, ``show_position(k)`` makes every item show
the state after the first k steps. A step touches only what changed (``trace.nodes_touched``,
the edges whose backward step lies between the two positions, and the old/new focus); the rest
of the graph is dimmed by one overlay item rather than by repainting every item differently.
Nothing here computes a number: texts come from gui.scene_adapter, which reads the trace.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QPainter, QPainterPath
from PySide6.QtWidgets import QGraphicsItem, QGraphicsScene, QStyleOptionGraphicsItem, QWidget

from core.engine import Run
from core.graph import Graph
from gui import animation, palette
from gui.items import Z_DIM, Style, qcolor
from gui.items.edge_item import EdgeItem
from gui.items.node_item import NodeItem
from gui.items.token_item import TokenItem
from gui.layout import layered_layout
from gui.scene_adapter import NO_FOCUS, EdgeKey, Focus, RunView, robust_scale, scalar

DIM_ALPHA = 105  # how much the rest of the graph fades while a step is highlighted
HUGE = 1.0e7


class DimOverlay(QGraphicsItem):
    """A translucent sheet of background colour between the graph and the current step."""

    def __init__(self) -> None:
        super().__init__()
        self.setZValue(Z_DIM)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemUsesExtendedStyleOption)
        self._colour = qcolor(palette.BACKGROUND, DIM_ALPHA)

    def boundingRect(self) -> QRectF:  # noqa: N802 (Qt override)
        return QRectF(-HUGE, -HUGE, 2 * HUGE, 2 * HUGE)

    def shape(self) -> QPainterPath:
        return QPainterPath()  # never picked by the mouse

    def contains(self, point: QPointF) -> bool:
        return False

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        painter.fillRect(option.exposedRect, self._colour)


def same_structure(a: Graph, b: Graph) -> bool:
    """Same node ids, kinds and argument edges: items and positions can be kept."""
    if list(a.nodes) != list(b.nodes):
        return False
    for nid, node in a.nodes.items():
        other = b.nodes[nid]
        if node.op != other.op or node.args != other.args or node.role != other.role:
            return False
        if node.literal != other.literal:
            return False
    return True


class GraphScene(QGraphicsScene):
    node_selected = Signal(str)  # node id, "" when the selection is cleared
    leaf_activated = Signal(str)  # double-click on a leaf
    node_moved = Signal(str)  # after a drag ends
    focus_changed = Signal(QRectF)  # scene rectangle of what the current step is about

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.style = Style()
        self.run: Run | None = None
        self.view_model: RunView | None = None
        self._nodes: dict[str, NodeItem] = {}
        self._edges: dict[EdgeKey, EdgeItem] = {}
        self._position = 0
        self._focus: Focus = NO_FOCUS
        self._flight: animation.TokenFlight | None = None
        self._pending: set[str] = set()  # nodes still showing the state before the animation
        self._rect = QRectF()
        self._overlay = DimOverlay()
        self._overlay.setVisible(False)
        self.addItem(self._overlay)
        self.setBackgroundBrush(qcolor(palette.BACKGROUND))
        self.selectionChanged.connect(self._emit_selection)
        self.node_moved.connect(self._update_scene_rect)

    # ------------------------------------------------------------------ building
    def set_run(self, run: Run, positions: dict[str, tuple[float, float]] | None = None) -> None:
        """Show a run. Same structure as the one shown: keep items and positions, refresh
        numbers and stay at the current position (clamped). Otherwise rebuild, lay out, and
        show position 0. ``positions`` (node centres, unscaled) override the layout."""
        self._finish_animation()
        keep = self.run is not None and same_structure(self.run.graph, run.graph)
        self.run = run
        self.view_model = RunView(run)
        if keep:
            self._refresh_items()
            if positions:
                self._apply_positions(positions)
            position = min(self._position, self.view_model.length)
        else:
            self._build_items(positions)
            position = 0
        self._position = position
        self._focus = NO_FOCUS
        self._show_all(position)

    def _build_items(self, positions: dict[str, tuple[float, float]] | None) -> None:
        vm = self.view_model
        assert vm is not None
        self.clearSelection()
        for item in list(self._nodes.values()) + list(self._edges.values()):
            self.removeItem(item)
        self._nodes.clear()
        self._edges.clear()
        self._rect = QRectF()
        graph = vm.graph
        for nid in graph.nodes:
            item = NodeItem(nid, vm.captions[nid], self.style, vm.first_problem.get(nid, ""))
            self._measure(item)
            self._nodes[nid] = item
        footprints = {nid: item.footprint() for nid, item in self._nodes.items()}
        given = positions or {}
        routes = {}
        if not all(nid in given for nid in graph.nodes):
            layout = layered_layout(
                graph,
                {nid: (w, h) for nid, (w, h, _) in footprints.items()},
                anchors={nid: top for nid, (_, _, top) in footprints.items()},
                layer_gap=self.style.layer_gap,
                node_gap=self.style.node_gap,
            )
            centres = dict(layout.positions)
            routes = layout.routes
        else:
            centres = {}
        s = self.style.scale
        for nid, (x, y) in given.items():
            if nid in graph.nodes:
                centres[nid] = (x * s, y * s)
        moved = set(given)
        for nid, item in self._nodes.items():
            item.setPos(*centres[nid])
            self.addItem(item)
        for e in graph.edges():
            key = (e.source, e.target, e.position)
            route = [] if (e.source in moved or e.target in moved) else routes.get(key)
            arity = len(graph[e.target].args)
            edge = EdgeItem(
                key, self._nodes[e.source], self._nodes[e.target], arity, self.style, route
            )
            self._edges[key] = edge
            self.addItem(edge)
        self._apply_scales()
        self._update_scene_rect()

    def _update_scene_rect(self, *_args) -> None:
        """The graph plus a wide margin: room to pan past the edges and to drag nodes out,
        and scrollbars that do not come and go while fitting."""
        rect = self.graph_rect()
        margin = max(rect.width(), rect.height(), 400.0) * 0.5
        self._rect = rect.adjusted(-margin, -margin, margin, margin).united(self._rect)
        self.setSceneRect(self._rect)

    def _measure(self, item: NodeItem) -> None:
        vm = self.view_model
        assert vm is not None
        final = vm.final_state(item.node_id)
        values = {final.value_text, vm.node_state(item.node_id, 0).value_text}
        item.measure(tuple(v for v in values if v), vm.all_tag_lines(item.node_id))

    def _refresh_items(self) -> None:
        vm = self.view_model
        assert vm is not None
        for nid, item in self._nodes.items():
            item.caption = vm.captions[nid]
            item.problem = vm.first_problem.get(nid, "")
            item.setToolTip(item.caption.tooltip + (f"\n{item.problem}" if item.problem else ""))
            self._measure(item)
        for edge in self._edges.values():
            edge.adjust()
        self._apply_scales()

    def _apply_scales(self) -> None:
        """Typical magnitudes for colour and width, taken from this run's own numbers."""
        vm = self.view_model
        if vm is None:
            return
        vs, gs = vm.value_scale(), vm.gradient_scale()
        ws = robust_scale(scalar(vm.run.values[n]) for n in vm.param_edges)
        for item in self._nodes.values():
            item.value_scale, item.gradient_scale = vs, gs
        for edge in self._edges.values():
            edge.weight_scale, edge.gradient_scale = ws, gs

    def graph_rect(self) -> QRectF:
        """The rectangle the graph occupies, with a small margin (what 'fit to window' shows)."""
        rect = QRectF()
        for item in self._nodes.values():
            rect = rect.united(item.sceneBoundingRect())
        margin = 40 * self.style.scale
        return rect.adjusted(-margin, -margin, margin, margin)

    def _apply_positions(self, positions: dict[str, tuple[float, float]]) -> None:
        s = self.style.scale
        for nid, (x, y) in positions.items():
            item = self._nodes.get(nid)
            if item is not None:
                item.setPos(x * s, y * s)
                for edge in item.edges:
                    edge.node_moved()

    # ------------------------------------------------------------------ showing a position
    @property
    def position(self) -> int:
        return self._position

    @property
    def length(self) -> int:
        return 0 if self.view_model is None else self.view_model.length

    def show_position(self, position: int, *, animate: bool = False) -> None:
        """Show the state after ``position`` steps; with animate, tokens carry the last step."""
        vm = self.view_model
        if vm is None:
            return
        self._finish_animation()
        position = max(0, min(int(position), vm.length))
        old = self._position
        if position == old:
            return
        touched = vm.trace.nodes_touched(old, position)
        edges = vm.edges_changed(old, position, touched)
        fly = animate and animation.enabled() and position == old + 1
        reveal = vm.revealed_by(position) if fly else set()
        for nid in touched - reveal:
            self._nodes[nid].set_state(vm.node_state(nid, position))
        for key in edges:
            self._edges[key].set_state(vm.edge_state(key, position))
        self._position = position
        self._set_focus(vm.focus(position))
        if fly:
            self._launch(position, reveal)

    def _show_all(self, position: int) -> None:
        vm = self.view_model
        assert vm is not None
        for nid, item in self._nodes.items():
            item.set_state(vm.node_state(nid, position))
        for key, edge in self._edges.items():
            edge.set_state(vm.edge_state(key, position))
        self._apply_scales()
        self._set_focus(vm.focus(position))

    def _set_focus(self, focus: Focus) -> None:
        old = self._focus
        if focus == old:
            self._overlay.setVisible(bool(focus.primary or focus.edges))
            return
        for nid in (old.primary | old.secondary) - (focus.primary | focus.secondary):
            if nid in self._nodes:
                self._nodes[nid].set_focus_level(0)
        for key in old.edges - focus.edges:
            if key in self._edges:
                self._edges[key].set_focused(False)
        for nid in focus.secondary:
            self._nodes[nid].set_focus_level(1)
        for nid in focus.primary:
            self._nodes[nid].set_focus_level(2)
        for key in focus.edges:
            self._edges[key].set_focused(True)
        self._focus = focus
        self._overlay.setVisible(bool(focus.primary or focus.edges))
        rect = self.focus_rect()
        if not rect.isNull():
            self.focus_changed.emit(rect)

    def focus_rect(self) -> QRectF:
        """Scene rectangle around the current step's nodes and edges (null when none)."""
        rect = QRectF()
        for nid in self._focus.primary | self._focus.secondary:
            rect = rect.united(self._nodes[nid].sceneBoundingRect())
        for key in self._focus.edges:
            rect = rect.united(self._edges[key].sceneBoundingRect())
        return rect

    # ------------------------------------------------------------------ animation
    def _launch(self, position: int, reveal: set[str]) -> None:
        vm = self.view_model
        assert vm is not None
        specs = vm.tokens(position)
        if not specs:
            self._pending = set()
            for nid in reveal:
                self._nodes[nid].set_state(vm.node_state(nid, position))
            return
        tokens = []
        gs, vs = vm.gradient_scale(), vm.value_scale()
        for spec in specs:
            edge = self._edges[spec.edge]
            token = TokenItem(
                edge.path,
                spec.backward,
                spec.text,
                spec.tone,
                gs if spec.backward else vs,
                self.style,
            )
            self.addItem(token)
            tokens.append(token)
        self._pending = set(reveal)
        self._flight = animation.TokenFlight(tokens, self._land, self)
        self._flight.start()

    def _land(self) -> None:
        """Tokens arrived (or were cut short): the revealed nodes take their exact state."""
        vm = self.view_model
        pending, self._pending = self._pending, set()
        self._flight = None
        if vm is None:
            return
        for nid in pending:
            if nid in self._nodes:
                self._nodes[nid].set_state(vm.node_state(nid, self._position))

    def _finish_animation(self) -> None:
        if self._flight is not None:
            self._flight.finish()

    def is_animating(self) -> bool:
        return self._flight is not None

    def current_flight(self) -> animation.TokenFlight | None:
        return self._flight

    # ------------------------------------------------------------------ queries
    def positions(self) -> dict[str, tuple[float, float]]:
        """Node centres in unscaled scene units (what a document saves)."""
        s = self.style.scale
        return {nid: (item.pos().x() / s, item.pos().y() / s) for nid, item in self._nodes.items()}

    def node_item(self, node_id: str) -> NodeItem:
        return self._nodes[node_id]

    def edge_item(self, source: str, target: str, position: int) -> EdgeItem:
        """The edge from argument ``source`` into op ``target`` at argument ``position``."""
        return self._edges[(source, target, position)]

    def node_items(self) -> dict[str, NodeItem]:
        return dict(self._nodes)

    def edge_items(self) -> dict[EdgeKey, EdgeItem]:
        return dict(self._edges)

    # ------------------------------------------------------------------ selection
    def select_node(self, node_id: str | None) -> None:
        if node_id is None or node_id not in self._nodes:
            self.clearSelection()
            return
        item = self._nodes[node_id]
        if item.isSelected() and len(self.selectedItems()) == 1:
            return
        self.blockSignals(True)
        self.clearSelection()
        self.blockSignals(False)
        item.setSelected(True)

    def selected_node(self) -> str:
        for item in self.selectedItems():
            if isinstance(item, NodeItem):
                return item.node_id
        return ""

    def _emit_selection(self) -> None:
        self.node_selected.emit(self.selected_node())

    # ------------------------------------------------------------------ presentation
    def set_presentation_scale(self, factor: float) -> None:
        """Bigger text and lines (projector); positions spread by the same factor."""
        factor = max(0.5, min(4.0, float(factor)))
        old = self.style.scale
        if abs(factor - old) < 1e-9:
            return
        self._finish_animation()
        ratio = factor / old
        self.style.set_scale(factor)
        for item in self._nodes.values():
            p = item.pos()
            item.setPos(p.x() * ratio, p.y() * ratio)
            self._measure(item)
        for edge in self._edges.values():
            edge.route = [(x * ratio, y * ratio) for x, y in edge.route]
            edge.restyle()
        self._rect = QRectF()
        self._update_scene_rect()

    def presentation_scale(self) -> float:
        return self.style.scale
