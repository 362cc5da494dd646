"""The graph scene: one item per node and edge, showing the engine's trace at a cursor position.

Data flows one way: ``set_run`` takes an engine Run, ``show_position(k)`` makes every item show
the state after the first k steps. A step touches only what changed (``trace.nodes_touched``,
the edges whose backward step lies between the two positions, and the old/new focus); the rest
of the graph is dimmed by one overlay item rather than by repainting every item differently.
Nothing here computes a number: texts come from gui.scene_adapter, which reads the trace.
"""

from __future__ import annotations

import gc
from contextlib import contextmanager

from PySide6.QtCore import QLineF, QPointF, QRect, QRectF, QSizeF, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QGraphicsItem, QGraphicsScene, QStyleOptionGraphicsItem, QWidget

from core.autodiff.engine import Run

from . import animation, edge_routing, palette
from .items import ARROW_LOD, Z_DIM, Style, qcolor
from .items.edge_item import EdgeItem, screen_pen
from .items.node_item import NodeItem
from .items.token_item import TokenItem
from .label_placement import FRACTIONS, LabelPlanner, Spot
from .layout import layered_layout
from .override_guard import guard_overrides, not_a_qt_override
from .scene_adapter import (
    NO_FOCUS,
    EdgeKey,
    Focus,
    RunView,
    edge_tooltip,
    node_tooltip,
    robust_scale,
    scalar,
)

LINE = tuple(i / 16 for i in range(17))  # an edge as a polyline, to tell which edge is nearest
OVERVIEW_ZOOM = 0.3  # below this zoom (no text is drawn anyway) ...
OVERVIEW_MIN_NODES = 400  # ... a graph this big is drawn in batches
DIM_ALPHA = palette.DIM_ALPHA  # how much the rest of the graph fades while a step is highlighted
HUGE = 1.0e7


@guard_overrides
class DimOverlay(QGraphicsItem):
    """A translucent sheet of background colour between the graph and the current step."""

    def __init__(self) -> None:
        super().__init__()
        self.setZValue(Z_DIM)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemUsesExtendedStyleOption)
        self._colour = qcolor(palette.BACKGROUND, DIM_ALPHA)

    def set_alpha(self, alpha: int) -> None:
        self._colour = qcolor(palette.BACKGROUND, alpha)
        self.update()

    def alpha(self) -> int:
        return self._colour.alpha()

    def boundingRect(self) -> QRectF:  # noqa: N802 (Qt override)
        return QRectF(-HUGE, -HUGE, 2 * HUGE, 2 * HUGE)

    def shape(self) -> QPainterPath:
        return QPainterPath()  # never picked by the mouse

    def contains(self, point: object) -> bool:  # any point Qt asks about
        return False

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        painter.fillRect(option.exposedRect, self._colour)


@guard_overrides
class Overview(QGraphicsItem):
    """The whole graph in a few batched draw calls, for big graphs zoomed far out.

    Painting thousands of items one by one costs a Python call each; far out, where no text is
    legible anyway, the scene hides them and this one item draws every edge as a line and every
    node as a box, plus a ring around the current step so it stays findable."""

    def __init__(self) -> None:
        super().__init__()
        self.setZValue(Z_DIM + 1)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self._lines: list[QLineF] = []
        self._ops: list[QRectF] = []
        self._leaves: list[QRectF] = []
        self._focus: list[QPointF] = []
        self._bounds = QRectF()

    def rebuild(self, nodes: dict[str, NodeItem], edges: dict[EdgeKey, EdgeItem]) -> None:
        self.prepareGeometryChange()
        self._lines = [QLineF(nodes[s].pos(), nodes[t].pos()) for s, t, _ in edges]
        self._ops, self._leaves = [], []
        rect = QRectF()
        for item in nodes.values():
            box = item.shape_rect.translated(item.pos())
            (self._leaves if item.is_leaf else self._ops).append(box)
            rect = rect.united(box)
        self._bounds = rect.adjusted(-200, -200, 200, 200)

    def set_focus_points(self, points: list[QPointF]) -> None:
        self._focus = points
        self.update()

    def boundingRect(self) -> QRectF:  # noqa: N802 (Qt override)
        return self._bounds

    def shape(self) -> QPainterPath:
        return QPainterPath()

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        smooth = painter.testRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        pen = QPen(qcolor(palette.EDGE), 1.0)
        pen.setCosmetic(True)
        painter.setPen(pen)
        painter.drawLines(self._lines)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(qcolor(palette.POSITIVE_FILL))
        painter.drawRects(self._ops)
        painter.setBrush(qcolor(palette.TEXT_FAINT))
        painter.drawRects(self._leaves)
        if self._focus:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
            ring = QPen(qcolor(palette.HALO), 5.0)
            ring.setCosmetic(True)
            painter.setPen(ring)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            scale = painter.worldTransform().m11() or 1.0
            r = 16.0 / scale
            for p in self._focus:
                painter.drawEllipse(p, r, r)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, smooth)  # the view does not
        # save the painter's state around each item (DontSavePainterState)


@contextmanager
def gc_paused():
    """Building thousands of items allocates many objects; Python's cyclic collector would
    otherwise rescan them all again and again (half the time of opening a 5,000-node graph)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


@guard_overrides
class GraphScene(QGraphicsScene):
    node_selected = Signal(str)  # node id, "" when the selection is cleared
    leaf_activated = Signal(str)  # double-click on a leaf
    node_moved = Signal(str)  # after a drag ends
    focus_changed = Signal(QRectF)  # scene rectangle of the node the current step changes
    position_shown = Signal(int)  # show_position moved to this position (views follow it)
    style: Style  # type: ignore[assignment]  # sizes and fonts; hides QGraphicsScene.style()

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.style = Style()
        self.run: Run | None = None
        self.view_model: RunView | None = None
        self._nodes: dict[str, NodeItem] = {}
        self._edges: dict[EdgeKey, EdgeItem] = {}
        self._incoming: dict[str, list[EdgeItem]] = {}  # node -> edges into it
        self._outgoing: dict[str, list[EdgeItem]] = {}  # node -> edges out of it
        self._labels: LabelPlanner | None = None  # where edge labels go (built on demand)
        self._hidden: frozenset[EdgeKey] = frozenset()  # done labels the current one covers
        self._drag_from: dict[str, QPointF] = {}  # nodes being dragged: where they started
        self._position = 0
        self._direction = 1  # +1 stepping forward, −1 back: where following looks ahead
        self._focus: Focus = NO_FOCUS
        self._flight: animation.TokenFlight | None = None
        self._pending: set[str] = set()  # nodes still showing the state before the animation
        self._rect = QRectF()
        self._graph_rect: QRectF | None = None  # graph_rect(), while no node moved or resized
        self._overlay = DimOverlay()
        self._overlay.setVisible(False)
        self.addItem(self._overlay)
        self._overview = Overview()
        self._overview.setVisible(False)
        self.addItem(self._overview)
        self._overview_on = False
        self._view_zoom = 1.0
        self._background = qcolor(palette.BACKGROUND)
        self._rendering = False  # render() (export) is painting: the lines as exported
        self._skip_background = False  # render(background=False): a layer over another one
        self.selectionChanged.connect(self._emit_selection)
        self.node_moved.connect(self._update_scene_rect)
        self.node_moved.connect(self._positions_changed)

    # ------------------------------------------------------------------ building
    def set_run(self, run: Run, positions: dict[str, tuple[float, float]] | None = None) -> None:
        """Show a run. Same structure as the one shown: keep items and positions, refresh
        numbers and stay at the current position (clamped). Otherwise rebuild, lay out, and
        show position 0. ``positions`` (node centres, unscaled) override the layout."""
        with gc_paused():
            self._set_run(run, positions)

    def _set_run(self, run: Run, positions: dict[str, tuple[float, float]] | None) -> None:
        self._finish_animation()
        keep = self.run is not None and self.run.graph.same_structure(run.graph)
        if not keep:
            self.set_overview(False)
            self._set_focus(NO_FOCUS)
        self.run = run
        self.view_model = RunView(run, self.view_model if keep else None)
        if keep:
            position = min(self._position, self.view_model.length)
            changed, rerouted = self._refresh_items(position, positions)
            self._update_labels(changed, rerouted)
        else:
            position = 0
            self._build_items(positions)
            self._labels = None
        self._position = position
        self._hidden = self._hidden_at(position)
        for key in self._edges:
            self._show_edge(key, position)
        self._set_focus(self.view_model.focus(position))
        if keep and self._overview_on:
            self._overview.rebuild(self._nodes, self._edges)
        self.set_view_zoom(self._view_zoom)

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
            item = NodeItem(
                nid,
                vm.captions[nid],
                self.style,
                vm.first_problem.get(nid, ""),
                vm.problem_note.get(nid, ""),
            )
            self._measure(item, 0)
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
        self._incoming = {nid: [] for nid in graph.nodes}
        self._outgoing = {nid: [] for nid in graph.nodes}
        for e in graph.edges():
            key = (e.source, e.target, e.position)
            route = [] if (e.source in moved or e.target in moved) else routes.get(key)
            edge = EdgeItem(key, self.style, route)
            self._edges[key] = edge
            self._outgoing[e.source].append(edge)
            self._incoming[e.target].append(edge)
        self._route(self._edges.values())  # every edge exists: entry slots are final
        for edge in self._edges.values():
            self.addItem(edge)
        self._apply_scales()
        self._update_scene_rect()
        self.invalidate(QRectF(), QGraphicsScene.SceneLayer.BackgroundLayer)

    def _update_scene_rect(self, *_args) -> None:
        """The graph plus a wide margin: room to pan past the edges and to drag nodes out,
        and scrollbars that do not come and go while fitting."""
        self._graph_rect = None
        rect = self.graph_rect()
        margin = max(rect.width(), rect.height(), 400.0) * 0.5
        self._rect = rect.adjusted(-margin, -margin, margin, margin).united(self._rect)
        self.setSceneRect(self._rect)

    def _measure(self, item: NodeItem, position: int, *, loose: bool = False) -> bool:
        """Size the node for everything it will show, and show its state at ``position``.
        ``loose``: keep the size while the texts fit (see NodeItem.measure). Returns whether
        the node's geometry changed."""
        vm = self.view_model
        assert vm is not None
        nid = item.node_id
        values = {vm.value_text(nid, 0), vm.value_text(nid, vm.length)} - {""}
        changed = item.measure(tuple(values), vm.all_tag_lines(nid), loose=loose)
        item.set_state(vm.node_state(nid, position))
        return changed

    def _refresh_items(
        self, position: int, positions: dict[str, tuple[float, float]] | None = None
    ) -> tuple[list[str], list[EdgeItem]]:
        """New numbers on the same graph (a leaf edited, the lab's weights at every frame):
        only what changed is touched. A node keeps its size while its texts fit, so edges are
        re-routed only around a node that moved or resized. Returns those nodes and edges."""
        vm = self.view_model
        assert vm is not None
        resized: list[NodeItem] = []
        for nid, item in self._nodes.items():
            item.caption = vm.captions[nid]
            item.problem = vm.first_problem.get(nid, "")
            item.note = vm.problem_note.get(nid, "")
            if self._measure(item, position, loose=True):
                resized.append(item)
        moved, dragged = self._apply_positions(positions) if positions else (set(), [])
        rerouted = self._route(self._edges_around(n.node_id for n in resized if n not in moved))
        if resized or moved:
            self._update_scene_rect()
        self._apply_scales()
        changed = [n.node_id for n in resized] + [n.node_id for n in moved]
        return changed, rerouted + dragged

    def _apply_scales(self) -> None:
        """Typical magnitudes for colour and width, taken from this run's own numbers; items
        repaint only when a scale they use changed."""
        vm = self.view_model
        if vm is None:
            return
        vs, gs = vm.value_scale(), vm.gradient_scale()
        ws = robust_scale(scalar(vm.run.values[n]) for n in vm.param_edges)
        for item in self._nodes.values():
            if (item.value_scale, item.gradient_scale) != (vs, gs):
                item.value_scale, item.gradient_scale = vs, gs
                item.update()
        for edge in self._edges.values():
            if edge.gradient_scale != gs:
                edge.gradient_scale = gs
                edge.update()  # the label's fill
            if edge.weight_scale != ws:
                edge.weight_scale = ws
                if edge.state.weight is not None:
                    edge.restroke()

    def graph_rect(self) -> QRectF:
        """The rectangle the graph occupies, with a small margin (what 'fit to window' shows).
        Kept until a node moves or resizes: the view asks at every step it follows."""
        if self._graph_rect is None:
            self._graph_rect = self._measure_graph_rect()
        return QRectF(self._graph_rect)

    def _measure_graph_rect(self) -> QRectF:
        rect = QRectF()
        for item in self._nodes.values():
            rect = rect.united(item.sceneBoundingRect())
        margin = 40 * self.style.scale
        return rect.adjusted(-margin, -margin, margin, margin)

    def _apply_positions(
        self, positions: dict[str, tuple[float, float]]
    ) -> tuple[set[NodeItem], list[EdgeItem]]:
        """Move nodes to saved centres; returns the nodes that actually moved (the window
        passes the document's positions with every run, mostly where the nodes already are)
        and the edges routed again."""
        s = self.style.scale
        moved = set()
        for nid, (x, y) in positions.items():
            item = self._nodes.get(nid)
            if item is not None and item.pos() != QPointF(x * s, y * s):
                item.setPos(x * s, y * s)
                moved.add(item)
        if moved:
            self._graph_rect = None
        return moved, self._route(self._edges_around((n.node_id for n in moved), dragged=True))

    # ------------------------------------------------------------------ routing
    def _edges_around(self, node_ids, *, dragged: bool = False) -> list[EdgeItem]:
        """The edges to route again after these nodes resized: their own; after a drag also
        the other edges into the nodes they feed (entry slots follow the sources' heights),
        and the nodes' own edges drop the layout's bends (they no longer fit)."""
        affected: dict[EdgeItem, None] = {}
        for nid in node_ids:
            for edge in self._incoming[nid]:
                affected[edge] = None
            for edge in self._outgoing[nid]:
                affected[edge] = None
                if dragged:
                    affected.update(dict.fromkeys(self._incoming[edge.key[1]]))
            if dragged:
                for edge in (*self._incoming[nid], *self._outgoing[nid]):
                    edge.route = []
        return list(affected)

    def _route(self, edges) -> list[EdgeItem]:
        """New curves for these edges, from the nodes' current places and sizes. Returns the
        edges whose curve actually changed (a node that grew on its far side moves none)."""
        nodes = self._nodes
        changed = []
        for edge in edges:
            source, target, _ = edge.key
            incoming = edge_routing.entry_order(
                self._incoming[target], lambda e: nodes[e.key[0]].pos().y()
            )
            start = edge_routing.exit_point(nodes[source])
            end = edge_routing.entry_point(nodes[target], incoming.index(edge), len(incoming))
            points = [(start.x(), start.y()), *edge.route, (end.x(), end.y())]
            geometry = edge_routing.curve(points, self.style.arrow)
            if geometry.segments != edge.segments or geometry.arrow != edge.arrow:
                edge.set_geometry(geometry)
                changed.append(edge)
        return changed

    def edges_of(self, node_id: str) -> list[EdgeItem]:
        """The edges into and out of a node."""
        return [*self._incoming.get(node_id, ()), *self._outgoing.get(node_id, ())]

    # ------------------------------------------------------------------ edge labels
    def _planner(self) -> LabelPlanner:
        """The label places of this run and layout (built when first needed)."""
        if self._labels is None:
            vm = self.view_model
            assert vm is not None
            order = sorted(vm.edge_step, key=vm.edge_step.__getitem__)
            nodes = {}
            for nid, item in self._nodes.items():
                r = item.mapRectToScene(item.reserved_rect())
                nodes[nid] = (r.left(), r.top(), r.right(), r.bottom())
            self._labels = LabelPlanner(
                order,
                lambda key: edge_routing.points_along(self._edges[key].segments, FRACTIONS),
                lambda key: self._label_size(self._done_text(key)),
                nodes,
                gap=2.0 * self.style.scale,
                line=lambda key: edge_routing.points_along(self._edges[key].segments, LINE),
                edges=list(self._edges),
            )
        return self._labels

    def _done_text(self, key: EdgeKey) -> str:
        vm = self.view_model  # the current run's (the planner outlives a refresh)
        assert vm is not None
        return vm.done_text(key)

    def _label_size(self, text: str) -> tuple[float, float]:
        st = self.style
        return st.width(st.edge_font, text) + 2 * st.tag_pad, st.height(
            st.edge_font
        ) + 0.6 * st.tag_pad

    LABEL_SLACK = 2.0  # digits of spare width a placed label keeps on a refresh

    def _update_labels(self, nodes: list[str], edges: list[EdgeItem]) -> None:
        """New numbers, or nodes moved, on the same graph: only the labels that must move are
        placed again: those on re-routed edges, those a resized or moved node now meets, and
        those whose new text no longer fits their place (or leaves more than LABEL_SLACK
        digits to spare). Every other label stays exactly where it was."""
        planner, vm = self._labels, self.view_model
        if planner is None or vm is None:
            self._labels = None
            return
        rerouted = {edge.key for edge in edges}
        again: set[EdgeKey] = set()
        for nid in dict.fromkeys(nodes):
            item = self._nodes[nid]
            r = item.mapRectToScene(item.reserved_rect())
            again |= planner.move_node(nid, (r.left(), r.top(), r.right(), r.bottom()))
        slack = self.LABEL_SLACK * self.style.width(self.style.edge_font, "0")
        for key in planner.placed():
            placed = planner.done_size(key)
            if placed is not None and key not in again and key not in rerouted:
                w, h = self._label_size(vm.done_text(key))
                if placed[1] != h or not w <= placed[0] <= w + slack:
                    again.add(key)
        planner.place_again(again, rerouted)

    def _current_label(self, position: int) -> tuple[EdgeKey, Spot, frozenset] | None:
        """The label of the step that leads to ``position`` (a backward step), its place and
        the done labels it hides."""
        vm = self.view_model
        if vm is None or position not in vm.step_edge:
            return None
        key = vm.step_edge[position]
        text = vm.edge_state(key, position).text
        if not text:
            return None
        spot, hidden = self._planner().current_spot(key, self._label_size(text))
        return key, spot, hidden

    def _hidden_at(self, position: int) -> frozenset[EdgeKey]:
        current = self._current_label(position)
        return frozenset() if current is None else current[2]

    def _show_edge(self, key: EdgeKey, position: int) -> None:
        """The edge's state at ``position`` with its label where the planner puts it."""
        vm = self.view_model
        assert vm is not None
        state = vm.edge_state(key, position)
        spot: Spot | None = None
        if state.text:
            if vm.edge_step.get(key) == position:
                current = self._current_label(position)
                spot = current[1] if current is not None else None
            elif key not in self._hidden:
                spot = self._planner().done_spot(key)
        if spot is None:
            self._edges[key].set_state(state)
            return
        left, top, right, bottom = spot.rect
        leader = QPointF(*spot.anchor) if spot.anchor is not None else None
        self._edges[key].set_state(state, QRectF(left, top, right - left, bottom - top), leader)

    def _place_labels_again(self) -> None:
        """After nodes moved: every shown label placed anew."""
        self._labels = None
        self._hidden = self._hidden_at(self._position)
        for key, edge in self._edges.items():
            if edge.state.text:
                self._show_edge(key, self._position)

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
        self._direction = 1 if position > old else -1
        touched = vm.trace.nodes_touched(old, position)
        edges = vm.edges_changed(old, position, touched)
        fly = animate and self.sends_tokens() and position == old + 1
        reveal = vm.revealed_by(position) if fly else set()
        for nid in touched - reveal:
            self._nodes[nid].set_state(vm.node_state(nid, position))
        old_hidden = self._hidden
        self._hidden = self._hidden_at(position)
        for key in edges | (old_hidden ^ self._hidden):
            self._show_edge(key, position)
        self._position = position
        self._set_focus(vm.focus(position))
        if fly:
            self._launch(position, reveal)
        self.position_shown.emit(position)

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
        if self._overview_on:
            self._show_only_focus(old)
        rect = self.focus_rect(whole=False)
        if not rect.isNull():
            self.focus_changed.emit(rect)

    def highlight_steps(self, first: int, last: int) -> None:
        """Highlight the steps ``first`` to ``last`` together (a page showing a group of
        steps): the nodes they change, those they read and the edges they use. The numbers
        shown stay those of the current position; one step (first >= last) is ``last``'s
        own highlight."""
        vm = self.view_model
        if vm is None:
            return
        if first >= last:
            self._set_focus(vm.focus(last))
            return
        primary: set[str] = set()
        secondary: set[str] = set()
        edges: set[EdgeKey] = set()
        for position in range(first, last + 1):
            focus = vm.focus(position)
            primary |= focus.primary
            secondary |= focus.secondary
            edges |= focus.edges
        union = Focus(frozenset(primary), frozenset(secondary - primary), frozenset(edges))
        self._set_focus(union if primary or edges else NO_FOCUS)

    def focus_rect(self, whole: bool = True) -> QRectF:
        """Scene rectangle around the current step: the node it changes, and with ``whole``
        (the default) also the nodes it read and the edges it used; null when none. Following
        keeps only the changed node in view: a whole step can span the graph, and chasing it
        would scroll at every step."""
        rect = QRectF()
        for nid in self._focus.primary | (self._focus.secondary if whole else frozenset()):
            rect = rect.united(self._nodes[nid].sceneBoundingRect())
        for key in self._focus.edges if whole else ():
            rect = rect.united(self._edges[key].sceneBoundingRect())
        return rect

    def step_rect(self, position: int) -> QRectF:
        """Roughly where the step leading to ``position`` is (its nodes and edges as they are
        drawn now), without showing it: the view looks at coming steps before zooming."""
        vm = self.view_model
        rect = QRectF()
        if vm is None or not 0 < position <= vm.length:
            return rect
        focus = vm.focus(position)
        for nid in focus.primary | focus.secondary:
            rect = rect.united(self._nodes[nid].sceneBoundingRect())
        for key in focus.edges:
            rect = rect.united(self._edges[key].sceneBoundingRect())
        return rect

    @property
    def direction(self) -> int:
        """+1 after stepping forward, −1 after stepping back."""
        return self._direction

    def follow_rect(self, room: QSizeF, ahead: int = 32) -> QRectF:
        """Where following should look: the node the current step changes together with
        those the next steps change (in the direction of travel), as many in a row as fit into
        ``room``. Framing them at once, the view then need not scroll for several steps (each
        scroll repaints the whole view); null when no step is current."""
        rect = self.focus_rect(whole=False)
        vm = self.view_model
        if vm is None or rect.isNull():
            return rect
        width, height = room.width(), room.height()
        position = self._position
        for _ in range(ahead):
            position += self._direction
            if not 0 < position <= vm.length:
                break
            for nid in vm.focus(position).primary:
                grown = rect.united(self._nodes[nid].sceneBoundingRect())
                if grown.width() > width or grown.height() > height:
                    return rect
                rect = grown
        return rect

    # ------------------------------------------------------------------ overview (far out)
    def set_view_zoom(self, zoom: float) -> None:
        """The view tells its zoom; far out on a big graph the scene switches to overview."""
        self._view_zoom = zoom
        self.set_overview(zoom < OVERVIEW_ZOOM and len(self._nodes) > OVERVIEW_MIN_NODES)

    def set_overview(self, on: bool) -> None:
        """Far out on a big graph: hide the items and draw everything in batches (the view
        decides, from its zoom). The current step's items stay visible on top."""
        if on == self._overview_on:
            return
        self._overview_on = on
        if on:
            self._overview.rebuild(self._nodes, self._edges)
        for item in (*self._nodes.values(), *self._edges.values()):
            item.setVisible(not on)
        self._overview.setVisible(on)
        if on:
            self._show_only_focus(NO_FOCUS)
        self.invalidate(QRectF(), QGraphicsScene.SceneLayer.BackgroundLayer)

    def _positions_changed(self, *_args) -> None:
        if self._overview_on:
            self._overview.rebuild(self._nodes, self._edges)

    def overview_on(self) -> bool:
        return self._overview_on

    def _show_only_focus(self, old: Focus) -> None:
        focus = self._focus
        for nid in old.primary | old.secondary:
            if nid in self._nodes:
                self._nodes[nid].setVisible(False)
        for key in old.edges:
            if key in self._edges:
                self._edges[key].setVisible(False)
        for nid in focus.primary | focus.secondary:
            self._nodes[nid].setVisible(True)
        for key in focus.edges:
            self._edges[key].setVisible(True)
        self._overview.set_focus_points([self._nodes[n].pos() for n in focus.primary])

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
                edge.label_rect,
            )
            self.addItem(token)
            tokens.append(token)
        self._pending = set(reveal)
        self._flight = animation.TokenFlight(tokens, self._land, self)
        self.start_flight(self._flight)

    def sends_tokens(self) -> bool:
        """Whether a step shown with ``animate`` sends tokens: the global switch (tests turn
        it off); a recording scene always does."""
        return animation.enabled()

    def start_flight(self, flight: animation.TokenFlight) -> None:
        """Start a step's tokens on Qt's clock; a recording scene drives them frame by frame."""
        flight.start()

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

    def drawBackground(self, painter: QPainter, rect: QRectF | QRect) -> None:  # noqa: N802
        """Background colour and every edge's line, in one pass the view caches
        (CacheBackground): a step then repaints only nodes, labels and the current edge."""
        if self._skip_background:
            return
        painter.fillRect(rect, self._background)
        if self._overview_on or not self._edges:
            return
        lod = QStyleOptionGraphicsItem.levelOfDetailFromTransform(painter.worldTransform())
        smooth = painter.testRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, lod >= ARROW_LOD)
        mode = Qt.ItemSelectionMode.IntersectsItemBoundingRect
        screen = None if self._rendering else screen_pen(self.style)
        for item in self.items(rect, mode, Qt.SortOrder.AscendingOrder):
            if isinstance(item, EdgeItem):
                item.paint_line(painter, lod, screen)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, smooth)

    @not_a_qt_override  # QGraphicsScene.render is not virtual: only our exporters call it
    def render(
        self,
        painter: QPainter,
        target: QRectF | QRect | None = None,
        source: QRectF | QRect | None = None,
        mode: Qt.AspectRatioMode = Qt.AspectRatioMode.KeepAspectRatio,
        *,
        background: bool = True,
    ) -> None:
        """Render into another paint device (export, screenshot) without the node caches.
        ``background=False`` leaves out the background colour and the plain edges' lines
        (drawBackground), for a layer painted over another one.

        Qt keeps one "needs repainting" flag per cached item, shared by every device: painting
        the scene into an image would clear it, and the view would keep showing old numbers.
        Rendering uncached and then restoring the cache mode leaves the view's cache honest."""
        nodes = list(self._nodes.values())
        for item in nodes:
            item.setCacheMode(QGraphicsItem.CacheMode.NoCache)
        self._rendering = True
        self._skip_background = not background
        try:
            super().render(painter, target or QRectF(), source or QRectF(), mode)
        finally:
            self._rendering = False
            self._skip_background = False
            for item in nodes:
                item.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)

    def background_colour(self) -> QColor:
        """The colour drawBackground paints (the scene's brush stays empty)."""
        return QColor(self._background)

    def tooltip_at(self, point: QPointF) -> str:
        """Hover text for what is under a scene point: a node's formula, an edge's local
        derivative formula (built on demand, so big graphs do not pay for tooltips)."""
        vm = self.view_model
        if vm is None:
            return ""
        for item in self.items(point):
            if isinstance(item, NodeItem):
                text = node_tooltip(vm.graph, item.node_id)
                return f"{text}\n{item.problem}" if item.problem else text
            if isinstance(item, EdgeItem):
                return edge_tooltip(vm.graph, *item.key)
        return ""

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

    # ------------------------------------------------------------------ dragging nodes
    def _selected_nodes(self) -> list[NodeItem]:
        return [item for item in self.selectedItems() if isinstance(item, NodeItem)]

    def mousePressEvent(self, event) -> None:  # noqa: N802 (Qt override)
        super().mousePressEvent(event)  # selects the node under the pointer
        self._drag_from = {item.node_id: item.pos() for item in self._selected_nodes()}

    def mouseMoveEvent(self, event) -> None:  # noqa: N802
        super().mouseMoveEvent(event)  # moves every selected node
        if not self._drag_from:
            return
        moving = [n for n in self._drag_from if self._nodes[n].pos() != self._drag_from[n]]
        if moving:
            self._graph_rect = None
            self._update_labels(moving, self._route(self._edges_around(moving, dragged=True)))
            self._hidden = self._hidden_at(self._position)
            for key, edge in self._edges.items():
                if edge.state.text:
                    self._show_edge(key, self._position)

    def mouseReleaseEvent(self, event) -> None:  # noqa: N802
        super().mouseReleaseEvent(event)
        started, self._drag_from = self._drag_from, {}
        for node_id in sorted(started):
            if node_id in self._nodes and self._nodes[node_id].pos() != started[node_id]:
                self.node_moved.emit(node_id)

    def mouseDoubleClickEvent(self, event) -> None:  # noqa: N802
        for item in self.items(event.scenePos()):
            if isinstance(item, NodeItem):
                if item.is_leaf:
                    self.leaf_activated.emit(item.node_id)
                    event.accept()
                    return
                break
        super().mouseDoubleClickEvent(event)

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
            self._measure(item, self._position)
        for edge in self._edges.values():
            edge.route = [(x * ratio, y * ratio) for x, y in edge.route]
            edge.restyle()
        self._route(self._edges.values())
        self._place_labels_again()
        self._rect = QRectF()
        self._update_scene_rect()
        self._positions_changed()

    def presentation_scale(self) -> float:
        return self.style.scale

    def set_dim_alpha(self, alpha: int) -> None:
        """How strongly the rest of the graph fades behind the current step (0–255)."""
        self._overlay.set_alpha(alpha)

    def dim_alpha(self) -> int:
        return self._overlay.alpha()
