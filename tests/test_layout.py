"""The layered layout: left to right, deterministic, few crossings, fast on big graphs (no Qt)."""

from __future__ import annotations

from math import comb

import pytest
from scene_graphs import lecture_graph, mlp_graph, random_graph

from core.autodiff.graph import Graph, Role
from gui.layout import assign_ranks, count_crossings, layered_layout


def test_every_edge_points_right_and_ranks_are_columns():
    g = lecture_graph()
    layout = layered_layout(g)
    for e in g.edges():
        assert layout.ranks[e.source] < layout.ranks[e.target]
        assert layout.positions[e.source][0] < layout.positions[e.target][0]
    for layer in layout.layers:
        xs = {layout.positions[n][0] for n in layer}
        assert len(xs) == 1  # one column per rank
    assert layout.ranks["loss"] == max(layout.ranks.values())


def test_leaves_sit_just_before_their_first_consumer():
    g = lecture_graph()
    ranks = assign_ranks(g)
    for node in g.leaves():
        consumers = [e.target for e in g.consumers(node.id)]
        assert ranks[node.id] == min(ranks[c] for c in consumers) - 1, node.id
    # the lecture's picture: v11 sits in z1's column, p11 in h1's
    assert ranks["v11"] == ranks["z1"]
    assert ranks["p11"] == ranks["h1"]


def test_layout_is_deterministic():
    a = layered_layout(lecture_graph())
    b = layered_layout(lecture_graph())
    assert a.positions == b.positions
    assert a.layers == b.layers
    big_a = layered_layout(random_graph(600, seed=3))
    big_b = layered_layout(random_graph(600, seed=3))
    assert big_a.positions == big_b.positions


def test_lecture_graph_has_only_its_two_unavoidable_crossings():
    # x1, x2 -> z1, z2 and z1, z2 -> h1, h2 are each a K2,2: one crossing each, at least
    g = lecture_graph()
    layout = layered_layout(g)
    assert layout.crossings == 2
    assert count_crossings(g, layout.positions, layout.routes) <= 2


def test_2_4_4_1_network_reaches_the_two_layer_lower_bound():
    # inputs -> layer 1 is a K2,4 and layer 1 -> layer 2 a K4,4 (drawn between two columns):
    # at least C(2,2)·C(4,2) + C(4,2)·C(4,2) = 6 + 36 crossings; nothing more is avoidable
    g = mlp_graph([2, 4, 4, 1])
    layout = layered_layout(g)
    bound = comb(2, 2) * comb(4, 2) + comb(4, 2) * comb(4, 2)
    assert layout.crossings <= bound


def test_crossing_counter_counts_a_simple_x():
    g = Graph()
    for name in ("a", "b"):
        g.add_leaf(name, 1.0, Role.INPUT)
    g.add_op("neg", ["a"], node_id="na")
    g.add_op("neg", ["b"], node_id="nb")
    g.add_op("add", ["na", "nb"], node_id="out")
    g.set_output("out")
    crossed = {"a": (0, 0), "b": (0, 10), "na": (10, 10), "nb": (10, 0), "out": (20, 5)}
    straight = {**crossed, "na": (10, 0), "nb": (10, 10)}
    assert count_crossings(g, crossed) == 1
    assert count_crossings(g, straight) == 0
    layout = layered_layout(g)
    assert layout.crossings == 0


def test_nodes_in_a_column_keep_their_sizes_apart():
    g = lecture_graph()
    sizes = {nid: (60.0 + 10 * (i % 3), 40.0 + 15 * (i % 4)) for i, nid in enumerate(g.nodes)}
    layout = layered_layout(g, sizes, node_gap=12.0)
    for layer in layout.layers:
        ys = sorted(layer, key=lambda n: layout.positions[n][1])
        for upper, lower in zip(ys, ys[1:], strict=False):
            gap = layout.positions[lower][1] - layout.positions[upper][1]
            assert gap >= (sizes[upper][1] + sizes[lower][1]) / 2 + 12.0 - 1e-6


def test_anchors_align_the_attachment_points_of_a_chain():
    # a chain x -> neg -> neg: each node has a tall label below; with anchors, centres line up
    g = Graph()
    g.add_leaf("x", 1.0, Role.INPUT)
    g.add_op("neg", ["x"], node_id="n1")
    g.add_op("neg", ["n1"], node_id="n2")
    g.set_output("n2")
    sizes = {"x": (50.0, 40.0), "n1": (50.0, 120.0), "n2": (50.0, 80.0)}
    anchors = {"x": 20.0, "n1": 20.0, "n2": 20.0}
    layout = layered_layout(g, sizes, anchors=anchors)
    ys = {n: layout.positions[n][1] for n in g.nodes}
    assert ys["x"] == pytest.approx(ys["n1"]) == pytest.approx(ys["n2"])


def test_long_edges_get_routes_through_the_columns_they_cross():
    g = Graph()
    g.add_leaf("x", 1.0, Role.INPUT)
    g.add_op("exp", ["x"], node_id="e1")
    g.add_op("exp", ["e1"], node_id="e2")
    g.add_op("exp", ["e2"], node_id="e3")
    g.add_op("add", ["e3", "e1"], node_id="out")  # e1 -> out skips two columns
    g.set_output("out")
    layout = layered_layout(g)
    route = layout.routes[("e1", "out", 1)]
    assert len(route) == layout.ranks["out"] - layout.ranks["e1"] - 1
    xs = [p[0] for p in route]
    assert xs == sorted(xs)
    assert layout.positions["e1"][0] < xs[0] and xs[-1] < layout.positions["out"][0]


def test_parallel_edges_and_shared_nodes_are_fine():
    g = Graph()
    g.add_leaf("x", 2.0, Role.INPUT, name="x")
    g.add_op("mul", ["x", "x"], node_id="sq")
    g.add_op("add", ["sq", "x"], node_id="out")
    g.set_output("out")
    layout = layered_layout(g)
    assert set(layout.positions) == {"x", "sq", "out"}
    assert layout.crossings == 0


def test_big_graph_lays_out_with_every_node_placed():
    g = random_graph(2500, seed=1)
    layout = layered_layout(g)
    assert set(layout.positions) == set(g.nodes)
    for e in g.edges():
        assert layout.positions[e.source][0] < layout.positions[e.target][0]
