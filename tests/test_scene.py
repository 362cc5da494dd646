"""The graph scene shows exactly what the engine recorded, at every position, both ways.

Offscreen Qt (tests/conftest.py), animations off except where an animation is the subject.
"""

from __future__ import annotations

import math
import random

import pytest
from scene_graphs import lecture_graph, mlp_graph

from core.autodiff.engine import evaluate, run
from core.autodiff.graph import Graph, Role
from core.autodiff.notation import format_number
from core.autodiff.trace import BackwardStep

pytest.importorskip("PySide6")

from PySide6.QtCore import QPointF, Qt  # noqa: E402
from PySide6.QtGui import QColor, QImage, QPainter  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from gui import animation, edge_routing, palette  # noqa: E402
from gui.scene import GraphScene  # noqa: E402
from gui.scene_adapter import RunView  # noqa: E402
from gui.view import GraphView  # noqa: E402


@pytest.fixture(autouse=True)
def no_animation():
    animation.set_enabled(False)
    animation.set_speed(1.0)
    yield
    animation.set_enabled(False)


@pytest.fixture
def lecture_run():
    return run(lecture_graph())


@pytest.fixture
def scene(qapp, lecture_run):
    s = GraphScene()
    s.set_run(lecture_run)
    yield s
    s.clear()


def expected_value(trace, node, k):
    v = trace.value_at(node, k)
    return "" if v is None else format_number(v)


def expected_gradient(trace, node, k):
    g, _, _ = trace.gradient_at(node, k)
    return "" if g is None else format_number(g)


def snapshot(scene: GraphScene):
    nodes = {
        nid: (item.shown_value_text(), item.shown_gradient_text(), item.shown_gradient_lines())
        for nid, item in scene.node_items().items()
    }
    edges = {key: item.shown_text() for key, item in scene.edge_items().items()}
    return nodes, edges


def assert_matches_trace(scene: GraphScene, run_, k: int) -> None:
    trace = run_.trace
    for nid, item in scene.node_items().items():
        assert item.shown_value_text() == expected_value(trace, nid, k), (nid, k)
        assert item.shown_gradient_text() == expected_gradient(trace, nid, k), (nid, k)


def test_every_position_shows_the_traces_numbers(scene, lecture_run):
    trace = lecture_run.trace
    assert_matches_trace(scene, lecture_run, 0)
    for k in range(1, len(trace) + 1):
        scene.show_position(k)
        assert scene.position == k
        assert_matches_trace(scene, lecture_run, k)
        step = trace.steps[k - 1]
        if isinstance(step, BackwardStep):
            edge = scene.edge_item(step.target, step.source, step.position)
            up, loc = format_number(step.upstream), format_number(step.local)
            loc = f"({loc})" if loc.startswith("−") else loc  # 0.5 × (−2), never 0.5 × −2
            assert edge.shown_text() == f"{up} × {loc} = {format_number(step.contribution)}"
            assert edge.focused
            assert scene.node_item(step.target).focus_level == 2
    # at the end every edge that carried gradient shows its local derivative
    for i, step in enumerate(trace.steps[:-1]):
        if isinstance(step, BackwardStep):
            edge = scene.edge_item(step.target, step.source, step.position)
            assert edge.shown_text() == f"×{format_number(step.local)}", i


def test_before_computation_values_are_hidden_and_leaves_shown(scene):
    assert scene.node_item("h1").shown_value_text() == ""
    assert scene.node_item("h1").shown_gradient_text() == ""
    assert scene.node_item("w11").shown_value_text() == format_number(0.3)
    assert all(e.shown_text() == "" for e in scene.edge_items().values())


def test_stepping_back_restores_exactly(scene, lecture_run):
    start = snapshot(scene)
    n = len(lecture_run.trace)
    states = {}
    for k in range(n + 1):
        scene.show_position(k)
        states[k] = snapshot(scene)
    for k in range(n, -1, -1):
        scene.show_position(k)
        assert snapshot(scene) == states[k], k
    assert snapshot(scene) == start
    assert not any(item.focus_level for item in scene.node_items().values())


def test_random_jumps_land_on_the_same_state_as_a_fresh_scene(qapp, scene, lecture_run):
    n = len(lecture_run.trace)
    rng = random.Random(7)
    for k in [rng.randrange(n + 1) for _ in range(25)] + [n, 0, n // 2]:
        scene.show_position(k)
        fresh = GraphScene()
        fresh.set_run(lecture_run)
        fresh.show_position(k)
        assert snapshot(scene) == snapshot(fresh), k


def test_running_sums_list_the_contributions_in_order(scene, lecture_run):
    trace = lecture_run.trace
    steps = [
        (i, s) for i, s in enumerate(trace.steps, start=1)
        if isinstance(s, BackwardStep) and s.target == "z1"
    ]  # fmt: skip
    assert len(steps) == 2
    (p1, first), (p2, second) = steps
    scene.show_position(p1)
    lines = scene.node_item("z1").shown_gradient_lines()
    # a partial sum is not yet the gradient: no "∂loss/∂z₁ = −0.0423", which would be false
    assert lines == ("∂loss/∂z₁", f"after 1 of 2 terms: {format_number(first.after)}")
    scene.show_position(p2)
    lines = scene.node_item("z1").shown_gradient_lines()
    c2 = format_number(second.contribution)
    assert lines[0] == "∂loss/∂z₁ ="
    assert lines[1] == format_number(first.contribution)
    assert lines[2] == (f"− {c2[1:]}" if c2.startswith("−") else f"+ {c2}")
    assert lines[3] == f"= {format_number(second.after)}"


def test_unnamed_nodes_are_named_by_their_formula(scene, lecture_run):
    """Not ∂loss/∂(·): the tag names the sum by its (abbreviated) formula."""
    scene.show_position(scene.length)
    graph = lecture_run.graph
    for nid, node in graph.nodes.items():
        if not node.is_leaf and not node.name:
            lines = scene.node_item(nid).shown_gradient_lines()
            assert lines and "(·)" not in lines[0], (nid, lines)
            assert not scene.node_item(nid).caption.title.startswith("· "), nid  # not "· + ·"
    tags = {(scene.node_item(n).shown_gradient_lines() or ("",))[0] for n in graph.nodes}
    assert any(t.startswith("∂loss/∂(v₁₁·z₁ + ") for t in tags), tags


def test_shown_gradients_agree_with_central_differences(scene, lecture_run):
    graph = lecture_run.graph
    scene.show_position(len(lecture_run.trace))
    h = 1e-6
    for leaf in graph.leaves():
        if leaf.literal:
            continue
        v = leaf.value
        fd = (evaluate(graph, {leaf.id: v + h}) - evaluate(graph, {leaf.id: v - h})) / (2 * h)
        shown = scene.node_item(leaf.id).shown_gradient_text()
        assert float(shown.replace("−", "-")) == pytest.approx(fd, rel=2e-3, abs=1e-6), leaf.id


def test_set_run_with_the_same_structure_keeps_positions(scene, lecture_run):
    scene.node_item("h1").setPos(QPointF(-500.0, 900.0))
    scene.show_position(30)
    before = scene.positions()
    edited = run(lecture_graph({"x1": 2.0}))
    scene.set_run(edited)
    assert scene.positions() == before
    assert scene.position == 30
    assert_matches_trace(scene, edited, 30)
    assert scene.node_item("x1").shown_value_text() == "2"


def test_set_run_with_positions_places_nodes(qapp, lecture_run):
    s = GraphScene()
    given = {nid: (float(i * 10), float(-i)) for i, nid in enumerate(lecture_run.graph.nodes)}
    s.set_run(lecture_run, given)
    for nid, (x, y) in given.items():
        px, py = s.positions()[nid]
        assert (px, py) == pytest.approx((x, y))
    # a different structure rebuilds and starts over at position 0
    other = Graph()
    other.add_leaf("x", 1.0, Role.INPUT, name="x")
    other.add_op("exp", ["x"], node_id="e", name="e")
    other.set_output("e")
    s.show_position(5)
    s.set_run(run(other))
    assert s.position == 0
    assert set(s.node_items()) == {"x", "e"}


def test_edges_follow_moved_nodes(scene, lecture_run):
    consumer = next(e.target for e in scene.run.graph.consumers("h1"))
    edge = scene.edge_item("h1", consumer, 1)
    before = edge.path.pointAtPercent(0.0)
    x, y = scene.positions()["h1"]
    scene.set_run(lecture_run, {"h1": (x + 40.0, y + 25.0)})
    after = edge.path.pointAtPercent(0.0)
    assert after.x() - before.x() == pytest.approx(40.0)
    assert after.y() - before.y() == pytest.approx(25.0)


def test_tooltips_name_the_formula_and_the_local_derivative(scene):
    assert scene.tooltip_at(scene.node_item("h1").scenePos()).startswith("h₁ = σ(")
    edge = scene.edge_item("z1", next(e.target for e in scene.run.graph.consumers("z1")), 1)
    tip = scene.tooltip_at(edge.path.pointAtPercent(0.5))
    assert tip.startswith("∂") and "/∂z₁ = " in tip


def test_nan_is_shown_and_flagged(qapp):
    g = Graph()
    g.add_leaf("x", -1.0, Role.INPUT, name="x")
    g.add_op("log", ["x"], node_id="l", name="l")
    g.add_op("mul", ["l", "x"], node_id="out", name="out")
    g.set_output("out")
    r = run(g)
    s = GraphScene()
    s.set_run(r)
    s.show_position(len(r.trace))
    item = s.node_item("l")
    assert item.shown_value_text() == "NaN"
    assert item.is_flagged()
    assert "NaN" in item.problem or "not a finite" in item.problem
    assert not s.node_item("x").is_flagged() or s.node_item("x").shown_gradient_text() == "NaN"
    s.show_position(0)
    assert not item.is_flagged()


def test_selection_and_signals(qtbot, scene):
    with qtbot.waitSignal(scene.node_selected) as blocker:
        scene.select_node("h1")
    assert blocker.args == ["h1"]
    assert scene.selected_node() == "h1"
    with qtbot.waitSignal(scene.node_selected) as blocker:
        scene.select_node(None)
    assert blocker.args == [""]


def test_mouse_select_double_click_and_drag(qtbot, scene):
    view = GraphView(scene)
    qtbot.addWidget(view)
    view.resize(1280, 800)
    view.show()
    view.reset_zoom()
    item = scene.node_item("w11")
    view.centerOn(item)
    qtbot.waitExposed(view)
    at = view.mapFromScene(item.scenePos())
    with qtbot.waitSignal(scene.node_selected) as selected:
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=at)
    assert selected.args == ["w11"]
    with qtbot.waitSignal(scene.leaf_activated) as activated:
        qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=at)
    qtbot.mouseRelease(view.viewport(), Qt.MouseButton.LeftButton, pos=at)  # QTest omits it
    assert activated.args == ["w11"]
    # double-clicking an operation does not open a leaf editor
    qtbot.wait(QApplication.doubleClickInterval() + 50)  # not a triple click
    op = scene.node_item("h1")
    view.centerOn(op)
    op_at = view.mapFromScene(op.scenePos())
    with qtbot.assertNotEmitted(scene.leaf_activated):
        qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=op_at)
        qtbot.mouseRelease(view.viewport(), Qt.MouseButton.LeftButton, pos=op_at)
    qtbot.wait(QApplication.doubleClickInterval() + 50)
    # drag w11 by 60 px: it moves, node_moved fires once the mouse is released
    view.centerOn(item)
    at = view.mapFromScene(item.scenePos())
    before = item.pos()
    with qtbot.waitSignal(scene.node_moved) as moved:
        qtbot.mousePress(view.viewport(), Qt.MouseButton.LeftButton, pos=at)
        for dx in (10, 20, 40, 60):
            qtbot.mouseMove(view.viewport(), pos=at + type(at)(dx, 0))
        qtbot.mouseRelease(view.viewport(), Qt.MouseButton.LeftButton, pos=at + type(at)(60, 0))
    assert moved.args == ["w11"]
    assert item.pos().x() - before.x() == pytest.approx(60.0, abs=2.0)
    for edge in scene.edges_of("w11"):  # the edges followed the drag
        assert edge.path.pointAtPercent(0.0) == edge_routing.exit_point(item)


def test_view_zoom_fit_and_keys(qtbot, scene):
    view = GraphView(scene)
    qtbot.addWidget(view)
    view.resize(1280, 800)
    view.show()
    view.reset_zoom()
    assert view.zoom() == pytest.approx(1.0)
    view.zoom_in()
    assert view.zoom() > 1.0
    qtbot.keyClick(view, Qt.Key.Key_0)
    assert view.zoom() == pytest.approx(1.0)
    qtbot.keyClick(view, Qt.Key.Key_Minus)
    assert view.zoom() < 1.0
    qtbot.keyClick(view, Qt.Key.Key_Plus)
    assert view.zoom() == pytest.approx(1.0)
    view.fit_all()
    rect = view.mapToScene(view.viewport().rect()).boundingRect()
    assert rect.contains(scene.graph_rect().adjusted(5, 5, -5, -5))


def test_follow_keeps_the_current_step_in_view(qtbot, scene, lecture_run):
    view = GraphView(scene)
    qtbot.addWidget(view)
    view.resize(500, 400)
    view.show()
    view.reset_zoom()
    view.set_follow(True)
    for k in (3, 25, len(lecture_run.trace)):
        scene.show_position(k)
        visible = view.mapToScene(view.viewport().rect()).boundingRect()
        primary = next(iter(scene.view_model.focus(k).primary))
        assert visible.contains(scene.node_item(primary).sceneBoundingRect().center())


def test_animation_lands_on_the_exact_state_even_when_interrupted(qtbot, scene, lecture_run):
    animation.set_enabled(True)
    animation.set_speed(1.0)
    trace = lecture_run.trace
    forward = next(i for i, s in enumerate(trace.steps, start=1) if s.kind == "forward")
    scene.show_position(forward - 1)
    node = trace.steps[forward - 1].node
    scene.show_position(forward, animate=True)
    assert scene.is_animating()
    tokens = scene.current_flight().tokens
    assert len(tokens) == len(trace.steps[forward - 1].args)
    assert scene.node_item(node).shown_value_text() == ""  # appears when the tokens arrive
    qtbot.waitUntil(lambda: not scene.is_animating(), timeout=3000)
    assert scene.node_item(node).shown_value_text() == expected_value(trace, node, forward)
    assert all(t.scene() is None for t in tokens)
    # interrupt: next step while animating, then step back while animating
    b = trace.backward_start + 3
    scene.show_position(b - 1)
    scene.show_position(b, animate=True)
    assert scene.is_animating()
    scene.show_position(b + 1, animate=True)
    scene.show_position(b - 5, animate=True)  # backwards: no animation, exact state
    assert not scene.is_animating()
    assert_matches_trace(scene, lecture_run, b - 5)
    fresh = GraphScene()
    fresh.set_run(lecture_run)
    fresh.show_position(b - 5)
    assert snapshot(scene) == snapshot(fresh)


def test_backward_token_carries_the_contribution(scene, lecture_run):
    animation.set_enabled(True)
    trace = lecture_run.trace
    k = trace.backward_start + 2
    step = trace.steps[k - 1]
    assert isinstance(step, BackwardStep)
    scene.show_position(k - 1)
    scene.show_position(k, animate=True)
    (token,) = scene.current_flight().tokens
    assert token.text == format_number(step.contribution)
    assert token.backward
    scene.current_flight().finish()
    assert not scene.is_animating()
    assert_matches_trace(scene, lecture_run, k)


def test_weight_edges_are_thicker_for_larger_weights_and_dashed_when_negative(scene):
    consumers = {
        e.source: (e.source, e.target, e.position)
        for e in scene.run.graph.edges()
        if e.source in ("w11", "w21", "w12")
    }
    pens = {w: scene.edge_items()[key]._pen() for w, key in consumers.items()}
    assert pens["w21"].widthF() > pens["w11"].widthF()  # |0.8| > |0.3|
    assert pens["w12"].style() == Qt.PenStyle.DashLine  # −0.2
    assert pens["w11"].style() == Qt.PenStyle.SolidLine
    assert palette.fill(0.5, 1.0) != palette.fill(-0.5, 1.0)
    assert palette.fill(0.0, 1.0) == palette.NEUTRAL


def test_presentation_scale_enlarges_text_but_keeps_saved_positions(scene):
    before = scene.positions()
    width = scene.node_item("h1").shape_rect.width()
    scene.set_presentation_scale(1.5)
    assert scene.node_item("h1").shape_rect.width() > width * 1.3
    after = scene.positions()
    for nid, (x, y) in before.items():
        assert after[nid] == pytest.approx((x, y))
    scene.set_presentation_scale(1.0)
    assert scene.node_item("h1").shape_rect.width() == pytest.approx(width)


def test_numbers_on_screen_are_at_least_11_points_at_100_percent(scene):
    # 15 px at 96 dpi is 11.25 pt
    style = scene.style
    for font in (style.value_font, style.tag_font, style.edge_font):
        assert font.pixelSize() >= 15


def test_renders_at_any_zoom_and_every_kind_of_node(qapp, scene, lecture_run):
    kinds = {item.caption.kind for item in scene.node_items().values()}
    assert kinds == {"op", "input", "param", "literal"}
    leaf, op = scene.node_item("w11"), scene.node_item("h1")
    assert leaf.shape().boundingRect().height() > 0 and op.shape().boundingRect().width() > 0
    scene.show_position(len(lecture_run.trace) // 2)
    rect = scene.graph_rect()
    for scale in (1.0, 0.2):
        image = QImage(
            int(rect.width() * scale) + 1,
            int(rect.height() * scale) + 1,
            QImage.Format.Format_ARGB32,
        )
        image.fill(Qt.GlobalColor.white)
        painter = QPainter(image)
        scene.render(painter, image.rect().toRectF(), rect)
        painter.end()
        assert not image.isNull()


def test_view_shows_the_new_state_after_an_export_render(qapp, lecture_run):
    """Rendering the scene into an image must not leave the view's node pictures stale
    (Qt shares one repaint flag per cached item between all paint devices)."""

    def make():
        scene = GraphScene()
        scene.set_run(lecture_run)
        view = GraphView(scene)
        view.resize(1280, 800)
        view.show()
        return scene, view

    def look(scene, view, export: bool) -> tuple[int, int, int]:
        if export:
            rect = scene.graph_rect()
            image = QImage(int(rect.width()), int(rect.height()), QImage.Format.Format_ARGB32)
            painter = QPainter(image)
            scene.render(painter, image.rect().toRectF(), rect)
            painter.end()
        view.fit_all()
        QApplication.processEvents()
        shot = view.grab().toImage()
        p = view.mapFromScene(scene.node_item("h1").scenePos())
        c = shot.pixelColor(p.x(), p.y())
        return (c.red(), c.green(), c.blue())

    scene, view = make()
    scene.show_position(0)
    look(scene, view, export=True)
    scene.show_position(len(lecture_run.trace))
    shown = look(scene, view, export=True)
    fresh_scene, fresh_view = make()
    fresh_scene.show_position(len(lecture_run.trace))
    assert shown == look(fresh_scene, fresh_view, export=False)
    view.close()
    fresh_view.close()


def test_batch_values_show_the_summary(qapp):
    import numpy as np

    g = Graph()
    g.add_leaf("x", np.array([1.0, 2.0, 3.0]), Role.INPUT, name="x")
    g.add_leaf("w", 0.5, Role.PARAM, name="w")
    g.add_op("mul", ["w", "x"], node_id="p", name="p")
    g.add_op("mean", ["p"], node_id="m", name="m")
    g.set_output("m")
    r = run(g)
    s = GraphScene()
    s.set_run(r)
    s.show_position(len(r.trace))
    assert s.node_item("x").shown_value_text() == format_number(np.array([1.0, 2.0, 3.0]))
    assert s.node_item("x").shown_value_text().startswith("[3]")
    assert s.node_item("w").shown_gradient_text() == format_number(r.gradients["w"])


def test_run_view_reads_only_the_trace(lecture_run):
    vm = RunView(lecture_run)
    trace = lecture_run.trace
    n = len(trace)
    for nid in lecture_run.graph.nodes:
        assert vm.node_state(nid, n).value_text == format_number(lecture_run.values[nid])
        if nid in lecture_run.gradients and not lecture_run.graph[nid].literal:
            assert vm.node_state(nid, n).gradient_text == format_number(lecture_run.gradients[nid])
    assert not math.isnan(vm.value_scale())


def test_mlp_plays_through_and_back(qapp):
    r = run(mlp_graph([2, 3, 1]))
    s = GraphScene()
    s.set_run(r)
    n = len(r.trace)
    for k in range(0, n + 1, 3):
        s.show_position(k)
    s.show_position(n)
    assert_matches_trace(s, r, n)
    s.show_position(0)
    assert_matches_trace(s, r, 0)


def test_dragging_the_background_pans(qtbot, scene):
    view = GraphView(scene)
    qtbot.addWidget(view)
    view.resize(600, 400)
    view.show()
    view.reset_zoom()
    qtbot.waitExposed(view)
    # find an empty spot: no item under it
    spot = next(
        p
        for p in (
            view.viewport().rect().center() + type(view.viewport().rect().center())(dx, dy)
            for dx in range(-250, 250, 25)
            for dy in range(-150, 150, 25)
        )
        if not view.items(p)
    )
    before = view.horizontalScrollBar().value(), view.verticalScrollBar().value()
    qtbot.mousePress(view.viewport(), Qt.MouseButton.LeftButton, pos=spot)
    for step in (10, 30, 60):
        qtbot.mouseMove(view.viewport(), pos=spot + type(spot)(step, step // 2))
    qtbot.mouseRelease(view.viewport(), Qt.MouseButton.LeftButton, pos=spot + type(spot)(60, 30))
    after = view.horizontalScrollBar().value(), view.verticalScrollBar().value()
    assert after != before


def test_big_graph_far_out_switches_to_overview_and_back(qapp):
    from scene_graphs import random_graph

    r = run(random_graph(700, seed=2))
    s = GraphScene()
    s.set_run(r)
    view = GraphView(s)
    view.resize(1280, 800)
    view.show()
    s.show_position(len(r.trace) // 3)
    view.fit_all()
    assert view.zoom() < 0.3 and s.overview_on()
    focus = s.view_model.focus(s.position)
    visible = [nid for nid, item in s.node_items().items() if item.isVisible()]
    assert set(visible) == set(focus.primary | focus.secondary)
    s.show_position(len(r.trace) // 3 + 1)  # stepping in overview keeps only the focus shown
    focus = s.view_model.focus(s.position)
    visible = [nid for nid, item in s.node_items().items() if item.isVisible()]
    assert set(visible) == set(focus.primary | focus.secondary)
    view.reset_zoom()
    assert not s.overview_on()
    assert all(item.isVisible() for item in s.node_items().values())
    assert_matches_trace(s, r, s.position)
    view.close()


def test_a_refresh_with_new_numbers_touches_geometry_only_where_a_node_must_grow(scene):
    """New numbers on the same graph (a leaf edited, the lab's weights each frame): nodes keep
    their size while the texts fit, so edges keep their curves and labels their place; a
    number that no longer fits grows its node, and every shown text is the new run's."""
    end = len(scene.view_model.trace)
    scene.show_position(end)
    paths = {key: edge.path for key, edge in scene.edge_items().items()}
    labels = {key: edge.label_rect for key, edge in scene.edge_items().items()}
    sizes = {nid: item.shape_rect for nid, item in scene.node_items().items()}
    scene.set_run(run(lecture_graph()))  # the same numbers again: no geometry at all
    for key, edge in scene.edge_items().items():
        assert edge.path is paths[key] and edge.label_rect == labels[key], key
    assert {nid: item.shape_rect for nid, item in scene.node_items().items()} == sizes

    nudged = run(lecture_graph({"w21": 0.7, "p11": 1.3}))
    scene.set_run(nudged)
    assert_matches_trace(scene, nudged, end)
    now = {nid: item.shape_rect for nid, item in scene.node_items().items()}
    resized = {nid for nid in sizes if now[nid] != sizes[nid]}
    assert len(resized) < len(sizes) // 3
    assert all(now[nid].width() > sizes[nid].width() for nid in resized)  # grew, as needed
    for key, edge in scene.edge_items().items():
        if not {key[0], key[1]} & resized:
            assert edge.path is paths[key], key  # not re-routed

    wide = run(lecture_graph({"x1": -123456.7}))
    scene.set_run(wide)
    assert_matches_trace(scene, wide, end)
    x1 = scene.node_item("x1")
    assert x1.shown_value_text() == "−1.235e+05"
    assert x1.shape_rect.width() > sizes["x1"].width()
    for edge in scene.edges_of("x1"):  # the grown node's edges follow its new outline
        assert edge.path is not paths[edge.key]
        exit_x = edge_routing.exit_point(x1).x()
        assert edge.path.pointAtPercent(0.0).x() == pytest.approx(exit_x, abs=0.5)

    scene.set_run(run(lecture_graph()))  # a little too wide now: kept (numbers come and go)
    assert x1.shape_rect.width() > sizes["x1"].width()
    x1.measure(("−1.235e+05 " * 3,), [], loose=True)  # far too wide: back to the snug size
    scene.set_run(run(lecture_graph()))
    assert x1.shape_rect.width() == pytest.approx(sizes["x1"].width())


def test_a_weight_that_barely_moves_keeps_its_pen(scene):
    end = len(scene.view_model.trace)
    scene.show_position(end)
    edge = next(e for e in scene.edge_items().values() if e.key[0] == "w11")
    pen = edge._pen()
    scene.set_run(run(lecture_graph({"w11": 0.30001})))
    assert edge._pen() is pen
    scene.set_run(run(lecture_graph({"w11": -0.9})))
    assert edge._pen().style() == Qt.PenStyle.DashLine


def test_follow_frames_the_next_steps_that_fit(scene):
    from PySide6.QtCore import QSizeF

    trace = scene.view_model.trace
    scene.show_position(3)
    here = scene.focus_rect(whole=False)
    assert scene.follow_rect(QSizeF(1.0, 1.0)) == here  # no room: just the current step
    wide = scene.follow_rect(QSizeF(1e6, 1e6), ahead=4)
    assert wide.contains(here)
    for k in range(4, 8):  # the next four steps' changed nodes are framed too
        for nid in scene.view_model.focus(k).primary:
            assert wide.contains(scene.node_item(nid).sceneBoundingRect()), (k, nid)
    scene.show_position(len(trace))
    scene.show_position(len(trace) - 1)  # stepping back looks back
    back = scene.follow_rect(QSizeF(1e6, 1e6), ahead=2)
    for nid in scene.view_model.focus(len(trace) - 3).primary:
        assert back.contains(scene.node_item(nid).sceneBoundingRect())


def _dark_pixels(scene, rect, scale: float) -> int:
    image = QImage(
        int(rect.width() * scale) + 1, int(rect.height() * scale) + 1, QImage.Format.Format_ARGB32
    )
    image.fill(Qt.GlobalColor.white)
    painter = QPainter(image)
    scene.render(painter, image.rect().toRectF(), rect)
    painter.end()
    return sum(
        1
        for y in range(image.height())
        for x in range(image.width())
        if QColor(image.pixel(x, y)).lightness() < 170
    )


def test_a_graph_fitted_on_a_laptop_still_draws_its_text(qapp, scene, lecture_run):
    """xor, nonlinear_layers and fc_layer fit a 1366 px window at zoom 0.40–0.44: their nodes
    were empty outlines there (text hidden below 0.45); names and values now draw down to 0.38."""
    from gui.items import DETAIL_LOD

    # DETAIL_LOD <= 0.40 is what the comparison below demands
    scene.show_position(len(lecture_run.trace))
    rect = scene.node_item("h1").sceneBoundingRect()
    outline_only = _dark_pixels(scene, rect, DETAIL_LOD - 0.05) / (DETAIL_LOD - 0.05) ** 2
    with_text = _dark_pixels(scene, rect, 0.40) / 0.40**2
    assert with_text > 1.5 * outline_only, (with_text, outline_only)
