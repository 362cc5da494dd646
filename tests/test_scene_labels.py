"""Edge labels sit on their own edge, clear of every node and of each other, at every step of
every example; and stepping (forward, back, jumping, editing) leaves no stale pixels behind.

Geometry comes from the items themselves (label rectangles, node shapes and tags, the curves);
pictures from the offscreen platform, which keeps each window's backing store: grabbing it
shows exactly what the incremental repaints left there.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from core.autodiff.engine import run
from core.autodiff.trace import BackwardStep
from core.documents.document import Document
from core.documents.examples import example_names, load_example

pytest.importorskip("PySide6")

from PySide6.QtCore import QRectF  # noqa: E402
from PySide6.QtGui import QImage, QPainter  # noqa: E402

from gui import animation  # noqa: E402
from gui.edge_routing import points_along  # noqa: E402
from gui.scene import GraphScene  # noqa: E402
from gui.view import GraphView  # noqa: E402

TOLERANCE = 2.0  # px of overlap forgiven (antialiased borders)
CS231N = "x = -2\ny = 5\nz = -4\nq = x + y\nf = q * z\n"


@pytest.fixture(autouse=True)
def no_animation():
    animation.set_enabled(False)
    yield
    animation.set_enabled(False)


def example_scene(name: str, scale: float = 1.0) -> GraphScene:
    document = load_example(name)
    scene = GraphScene()
    scene.set_run(run(document.build()), document.positions or None)
    scene.set_presentation_scale(scale)
    return scene


def program_scene(text: str) -> GraphScene:
    scene = GraphScene()
    scene.set_run(run(Document.from_program(text).build()))
    return scene


def shrunk(rect: QRectF, by: float = TOLERANCE) -> QRectF:
    return rect.adjusted(by, by, -by, -by)


def curve_distance(edge, x: float, y: float) -> float:
    """How far a scene point is from the edge's curve (on a fine polyline)."""
    fractions = tuple(i / 400 for i in range(401))
    return min(math.hypot(px - x, py - y) for px, py in points_along(edge.segments, fractions))


def check_labels(scene: GraphScene, where: str) -> None:
    nodes = scene.node_items()
    shown = {key: edge for key, edge in scene.edge_items().items() if edge.label_shown()}
    rects = {key: edge.mapRectToScene(edge.label_rect) for key, edge in shown.items()}
    keys = sorted(rects)
    for i, a in enumerate(keys):
        for b in keys[i + 1 :]:
            assert not shrunk(rects[a]).intersects(rects[b]), (where, a, b)
    for key, rect in rects.items():
        for nid, node in nodes.items():
            body = node.mapRectToScene(node.shape_rect)
            assert not shrunk(rect).intersects(body), (where, key, "over node", nid)
            if node.shown_gradient_lines():
                tag = node.mapRectToScene(node.tag_rect)
                assert not shrunk(rect).intersects(tag), (where, key, "over the tag of", nid)
        edge = shown[key]
        if edge.leader is None:  # on its own edge: the curve runs through the label
            centre = rect.center()
            assert curve_distance(edge, centre.x(), centre.y()) < 1.0, (where, key)
        else:  # beside it, pointing at a point of its own curve, close by
            assert curve_distance(edge, edge.leader.x(), edge.leader.y()) < 1.0, (where, key)
            reach = 8.5 * (rect.height() + 4 * scene.presentation_scale())  # FAR's rows
            assert abs(rect.center().y() - edge.leader.y()) < reach, (where, key)


def current_edge(scene: GraphScene):
    vm = scene.view_model
    key = vm.step_edge.get(scene.position)
    return None if key is None else scene.edge_items()[key]


@pytest.mark.parametrize("scale", [1.0, 2.0])
@pytest.mark.parametrize("name", example_names())
def test_labels_never_overlap_nodes_or_each_other_at_any_step(qapp, name, scale):
    scene = example_scene(name, scale)
    trace = scene.view_model.trace
    for k in range(len(trace) + 1):
        scene.show_position(k)
        check_labels(scene, f"{name} ×{scale} step {k}")
        edge = current_edge(scene)
        if edge is not None and isinstance(trace.steps[k - 1], BackwardStep):
            assert edge.label_shown(), (name, k)  # the current step's label is always drawn
    shown = sum(e.label_shown() for e in scene.edge_items().values())
    assert shown >= 0.6 * len(scene.view_model.edge_step), name  # most labels find a place
    scene.clear()


def test_the_current_label_is_whole_and_on_top(qapp):
    scene = example_scene("lecture")
    vm = scene.view_model
    for k, key in vm.step_edge.items():
        scene.show_position(k)
        edge = scene.edge_items()[key]
        assert edge.label_shown() and edge.focused
        assert edge.shown_text().count("=") == 1  # the whole product
        assert edge.zValue() > max(n.zValue() for n in scene.node_items().values())
    scene.clear()


def test_the_cs231n_label_of_y_to_q_sits_on_its_own_edge(qapp):
    """q = x + y, f = q * z: the label of y → q must not be drawn next to z."""
    scene = program_scene(CS231N)
    vm = scene.view_model
    graph = vm.graph
    q = next(n for n, node in graph.nodes.items() if node.name == "q")
    key = next(k for k in vm.edge_step if graph[k[0]].name == "y" and k[1] == q)
    for k in range(vm.edge_step[key], vm.length + 1):
        scene.show_position(k)
        check_labels(scene, f"cs231n step {k}")
        edge = scene.edge_items()[key]
        centre = edge.mapRectToScene(edge.label_rect).center()
        own = curve_distance(edge, centre.x(), centre.y())
        for other_key, other in scene.edge_items().items():
            if other_key != key:
                assert own <= curve_distance(other, centre.x(), centre.y()), (k, other_key)
    scene.clear()


def test_a_crowded_layer_graph_keeps_its_labels_apart(qapp):
    """Many edges into one node (a wide sum): labels move along their edges, step aside with
    a leader line or, when nothing is free, the done ones stay hidden; never a pile."""
    terms = " + ".join(f"w{i} * x{i}" for i in range(1, 9))
    lines = [f"x{i} = {i / 10}" for i in range(1, 9)]
    lines += [f"w{i} = {(-1) ** i * i / 7:.3f}" for i in range(1, 9)]
    scene = program_scene("\n".join([*lines, f"s = {terms}", "loss = s * s", ""]))
    for k in range(scene.length + 1):
        scene.show_position(k)
        check_labels(scene, f"sum step {k}")
    scene.clear()


def polyline_distance(c, points) -> float:
    """How far the point ``c`` is from the polyline through ``points``."""
    best = math.inf
    for (ax, ay), (bx, by) in zip(points, points[1:], strict=False):
        dx, dy = bx - ax, by - ay
        length = dx * dx + dy * dy
        t = (
            0.0
            if length == 0
            else max(0.0, min(1.0, ((c[0] - ax) * dx + (c[1] - ay) * dy) / length))
        )
        best = min(best, math.hypot(c[0] - ax - t * dx, c[1] - ay - t * dy))
    return best


def edge_lines(scene: GraphScene) -> dict:
    """Every edge as a fine polyline (edges do not move while stepping)."""
    fractions = tuple(i / 64 for i in range(65))
    return {key: points_along(e.segments, fractions) for key, e in scene.edge_items().items()}


def misread_labels(scene: GraphScene, lines: dict, *, current: bool) -> list:
    """Shown labels that would be read as another edge's: their centre nearer another edge
    than their own, or a leader line that runs through a node. ``current``: the current
    step's label too (else only the done ones)."""
    bodies = [n.mapRectToScene(n.shape_rect) for n in scene.node_items().values()]
    wrong = []
    for key, edge in scene.edge_items().items():
        if not edge.label_shown() or (edge.focused and not current):
            continue
        rect = edge.mapRectToScene(edge.label_rect)
        c = (rect.center().x(), rect.center().y())
        own = polyline_distance(c, lines[key])
        nearest = min(
            ((polyline_distance(c, line), k) for k, line in lines.items() if k != key),
            default=(math.inf, None),
        )
        if nearest[0] < own - TOLERANCE:
            wrong.append((key, "nearer", nearest[1]))
        if edge.leader is not None:
            end = (c[0], rect.bottom() if edge.leader.y() > rect.bottom() else rect.top())
            for t in (0.25, 0.5, 0.75):
                x = end[0] + (edge.leader.x() - end[0]) * t
                y = end[1] + (edge.leader.y() - end[1]) * t
                if any(shrunk(b).contains(x, y) for b in bodies):
                    wrong.append((key, "leader through a node"))
                    break
    return wrong


@pytest.mark.parametrize("name", example_names())
def test_done_labels_read_as_their_own_edge(qapp, name):
    """A label beside its edge (with a leader line) is still nearer its own edge than any
    other: the eye joins a label to the nearest line (the CS231n label of y → q once sat by z,
    an exported slide put h₂'s product by the p₂₁ edge). Where no such place is free, a done
    label stays hidden rather than mislead."""
    scene = example_scene(name)
    lines = edge_lines(scene)
    for k in range(scene.length + 1):
        scene.show_position(k)
        assert not misread_labels(scene, lines, current=False), (name, k)
    scene.clear()


@pytest.mark.parametrize("text", [CS231N, None])
def test_every_label_of_a_layer_graph_reads_as_its_own(qapp, text):
    """Layer-level graphs (X·W₁ with wide array labels) piled the labels of the edges into
    X·W₁ above X, the current one with a leader across the others; now every label, the
    current one too, sits by its own edge. The CS231n program likewise."""
    scene = program_scene(text) if text else example_scene("lego_regression")
    lines = edge_lines(scene)
    for k in range(scene.length + 1):
        scene.show_position(k)
        assert not misread_labels(scene, lines, current=True), k
        check_labels(scene, f"step {k}")
    scene.clear()


def test_an_exported_slide_puts_h2s_product_by_its_edge(qapp):
    """The deck's scene at the step h₂ ← p₂₁·h₂: the product is by the h₂ edge, not p₂₁'s."""
    from gui.export.painting import DeckPainter

    document = load_example("lecture")
    r = run(document.build())
    deck = DeckPainter(r, document)
    scene = deck.scene
    graph = r.graph
    h2 = next(n for n, node in graph.nodes.items() if node.name == "h2")
    p21 = next(n for n, node in graph.nodes.items() if node.name == "p21")
    k, step = next(
        (i, s)
        for i, s in enumerate(r.trace.steps, start=1)
        if isinstance(s, BackwardStep) and s.target == h2
    )
    scene.show_steps(k, k)
    key = (h2, step.source, step.position)
    other = next(e for e in scene.edge_items() if e[0] == p21 and e[1] == step.source)
    edge = scene.edge_items()[key]
    assert edge.label_shown() and "=" in edge.shown_text()
    centre = edge.mapRectToScene(edge.label_rect).center()
    lines = edge_lines(scene)
    c = (centre.x(), centre.y())
    assert polyline_distance(c, lines[key]) < polyline_distance(c, lines[other])
    assert not misread_labels(scene, lines, current=True)
    scene.clear()


# ---------------------------------------------------------------------- exact repaint


def rendered(scene: GraphScene, view: GraphView) -> QImage:
    """The picture a full repaint of the view draws (no cache of the last frame involved)."""
    image = QImage(view.viewport().size(), QImage.Format.Format_ARGB32)
    image.fill(0)
    painter = QPainter(image)
    view.render(painter, QRectF(image.rect()), view.viewport().rect())
    painter.end()
    return image


def on_screen(qapp, view: GraphView) -> QImage:
    """What the window shows after the pending (incremental) repaints: its backing store."""
    qapp.processEvents()
    return view.screen().grabWindow(view.winId()).toImage()


def full_repaint(qapp, view: GraphView) -> QImage:
    view.resetCachedContent()
    view.viewport().update()
    return on_screen(qapp, view)


def stale_pixels(a: QImage, b: QImage) -> int:
    """Pixels that differ visibly (more than a rounding step of antialiasing: a repaint
    clipped to a small region blends an edge's last pixel a shade differently)."""
    assert a.size() == b.size()

    def pixels(image: QImage) -> np.ndarray:
        image = image.convertToFormat(QImage.Format.Format_RGB32)
        raw = np.frombuffer(image.constBits(), np.uint8, image.sizeInBytes())
        return raw.reshape(image.height(), image.bytesPerLine())[:, : image.width() * 4]

    diff = np.abs(pixels(a).astype(int) - pixels(b).astype(int)).reshape(a.height(), -1, 4)
    return int(np.count_nonzero(diff.max(axis=2) > 16))


def shown_view(qapp, scene: GraphScene) -> GraphView:
    view = GraphView(scene)
    view.resize(900, 560)
    view.show()
    view.fit_all()
    qapp.processEvents()
    return view


@pytest.mark.parametrize("name", example_names())
def test_forward_and_back_restores_the_picture_exactly(qapp, name):
    scene = example_scene(name)
    view = shown_view(qapp, scene)
    n = scene.length
    for k in range(0, n):
        scene.show_position(k)
        before = rendered(scene, view)
        scene.show_position(k + 1)
        scene.show_position(k)
        assert rendered(scene, view) == before, (name, k)
    view.close()
    scene.clear()


@pytest.mark.parametrize("name", example_names())
def test_incremental_repaints_leave_what_a_full_repaint_draws(qapp, name):
    """Step (→ then ←, as the ghost labels appeared), scrub and play through the real paint
    path with only the dirty regions repainted; the window must then show exactly what a
    full repaint of the same state shows."""
    scene = example_scene(name)
    view = shown_view(qapp, scene)
    n = scene.length
    start = scene.view_model.trace.backward_start
    moves = []
    for k in range(start, n):
        moves += [(k, k + 1, k)]  # step forward, then back
    moves += [(0, start + 3, start - 2, n, start + 5)]  # scrubbing
    moves += [tuple(range(start - 2, min(n, start + 8)))]  # playing
    for path in moves:
        for k in path:
            scene.show_position(k)
            qapp.processEvents()
        incremental = on_screen(qapp, view)
        assert stale_pixels(incremental, full_repaint(qapp, view)) == 0, (name, path)
    view.close()
    scene.clear()


def test_an_edit_repaints_exactly(qapp):
    """New numbers on the same graph (a leaf edited): labels change width, nodes may grow."""
    document = load_example("lecture")
    scene = GraphScene()
    scene.set_run(run(document.build()), document.positions or None)
    view = shown_view(qapp, scene)
    for k in (scene.view_model.trace.backward_start + 4, scene.length):
        scene.show_position(k)
        on_screen(qapp, view)
        for x1 in (-123.456, 0.5, 7.25):
            graph = document.build()
            leaf = next(n for n, node in graph.nodes.items() if node.name == "x1")
            scene.set_run(run(graph, {leaf: x1}), document.positions or None)
            incremental = on_screen(qapp, view)
            assert stale_pixels(incremental, full_repaint(qapp, view)) == 0, (k, x1)
    view.close()
    scene.clear()


# ---------------------------------------------------------------------- incremental placement


def test_new_weights_move_only_the_labels_that_no_longer_fit(qapp, monkeypatch):
    """The training lab sends new numbers on the same graph at every frame: a label whose new
    text still fits its place stays exactly there and is not placed again (placing every label
    anew made a refresh twice as slow); only those whose text changed width, whose edge was
    routed again (a node resized) or that a resized node now meets move."""
    from gui.label_placement import LabelPlanner
    from tests.scene_graphs import mlp_graph

    graph = mlp_graph([3, 5, 4, 1])
    params = {nid: float(node.value) for nid, node in graph.nodes.items() if not node.args}
    scene = GraphScene()
    scene.set_run(run(graph))
    scene.show_position(scene.length)
    placed = []
    original = LabelPlanner._place_done
    monkeypatch.setattr(
        LabelPlanner, "_place_done", lambda self, key: (placed.append(key), original(self, key))
    )

    def node_rects():
        return {n: i.mapRectToScene(i.reserved_rect()) for n, i in scene.node_items().items()}

    width = scene.style.width
    moves, grown = 0, 0
    for i in range(1, 6):
        before = {k: e.mapRectToScene(e.label_rect) for k, e in scene.edge_items().items()}
        texts = {k: scene.view_model.done_text(k) for k in scene.view_model.edge_step}
        nodes = node_rects()
        curves = {k: e.segments for k, e in scene.edge_items().items()}
        placed.clear()
        flip = {nid: -v if j % i == 0 else v for j, (nid, v) in enumerate(params.items())}
        scene.set_run(run(graph, flip))  # signs flip: some labels gain or lose a "−"
        vm = scene.view_model
        font = scene.style.edge_font
        allowed = {  # a text of another width (in px) may have to move
            k for k in vm.edge_step if width(font, vm.done_text(k)) != width(font, texts[k])
        }
        grown += len(allowed)
        allowed |= {k for k, e in scene.edge_items().items() if e.segments != curves[k]}
        for nid, rect in node_rects().items():
            if rect != nodes[nid]:
                near = rect.adjusted(-9, -9, 9, 9)
                allowed |= {k for k, r in before.items() if r.intersects(near)}
        assert set(placed) <= allowed, (i, set(placed) - allowed)  # nothing else placed again
        current = vm.step_edge.get(scene.position)  # its product changed: placed anew
        for key, edge in scene.edge_items().items():
            if key not in placed and key != current and edge.label_shown():
                assert edge.mapRectToScene(edge.label_rect) == before[key], (i, key)
        moves += len(placed)
        check_labels(scene, f"refresh {i}")
    assert grown > 0  # some labels had to move
    assert moves < len(scene.view_model.edge_step) * 5
    scene.clear()


# ---------------------------------------------------------------------- leader lines


def _dense_scene(case: str) -> GraphScene:
    from tests.scene_graphs import mlp_graph, random_graph

    scene = GraphScene()
    if case == "mlp 2-8-8-1":
        scene.set_run(run(mlp_graph([2, 8, 8, 1])))
    elif case == "random 300":
        scene.set_run(run(random_graph(300, 300, width=14, grow_until=300)))
    else:
        name, scale = case.split(" ×")
        document = load_example(name)
        scene.set_run(run(document.build()), document.positions or None)
        scene.set_presentation_scale(float(scale))
    return scene


@pytest.mark.parametrize(
    "case",
    [
        *(
            f"{name} ×{scale}"
            for name in ("lecture", "nonlinear_layers", "xor")
            for scale in (1, 2)
        ),
        "lego_classification ×1",
        "mlp 2-8-8-1",
        "random 300",
    ],
)
def test_a_label_beside_its_edge_is_joined_to_it_by_a_leader(qapp, case):
    """Where nothing on its edge is free a label sits beside it: then a thin line runs from
    the middle of the label's side facing the edge to its point on the curve (a dot there),
    and the item's bounding rectangle holds all of it, the dot with its pen included, so a
    step repaints exactly where the leader was. Examples at both scales and dense graphs."""
    from gui.items.edge_item import LEADER_DOT

    scene = _dense_scene(case)
    s = scene.presentation_scale()
    start = scene.view_model.trace.backward_start
    stride = 1 if scene.length < 400 else 5
    beside = 0
    for k in range(start, scene.length + 1, stride):
        scene.show_position(k)
        for key, edge in scene.edge_items().items():
            if not edge.label_shown():
                continue
            rect = edge.label_rect
            centre = rect.center()
            off = curve_distance(edge, centre.x(), centre.y())
            line = edge.leader_line()
            if off <= rect.height() / 2:
                continue  # on its own curve: nothing to join
            beside += 1
            assert line is not None, (case, k, key, off)  # never a label adrift
            a, b = line.p1(), line.p2()
            assert rect.left() <= a.x() <= rect.right(), (case, k, key)
            assert min(abs(a.y() - rect.top()), abs(a.y() - rect.bottom())) < 1e-6, (case, k, key)
            assert not rect.contains(b), (case, k, key)  # the line leaves the label ...
            assert curve_distance(edge, b.x(), b.y()) < 1.0, (case, k, key)  # ... to the curve
            d = (LEADER_DOT + 0.5) * s + 0.5  # the dot, its pen's half width, antialiasing
            dot = QRectF(b.x() - d, b.y() - d, 2 * d, 2 * d)
            assert edge.boundingRect().contains(dot), (case, k, key)
            bounds = edge.boundingRect()  # a rectangle: holding both ends, it holds the line
            assert bounds.contains(a) and bounds.contains(b), (case, k, key)
    assert beside > 0, case  # these graphs are dense enough to need leaders
    scene.clear()
