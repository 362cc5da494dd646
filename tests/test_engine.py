"""The engine on known answers: the lecture's graph, x·x, shared subexpressions, batches,
non-finite values, the trace and its state fold, the chain-rule expansion and its costs."""

from __future__ import annotations

import math
import tracemalloc

import numpy as np
import pytest

from core.autodiff.engine import run, unbroadcast
from core.autodiff.graph import Graph, GraphError, Role
from core.autodiff.trace import BackwardStep, ForwardStep, SeedStep
from core.lang.expr import parse
from core.teaching.chain import cost_summary, expand
from core.teaching.explain import describe_step, node_report, running_sum_text
from core.teaching.gradcheck import check_gradients

LECTURE = """
x1 = 1.0
x2 = 0.5
w11 = 0.5
w21 = -0.3
w12 = 0.8
w22 = 0.2
v11 = 0.4
v21 = -0.6
v12 = 0.7
v22 = 0.1
p11 = 0.9
p21 = -0.4
z1 = w11*x1 + w21*x2
z2 = w12*x1 + w22*x2
h1 = sigmoid(v11*z1 + v21*z2)
h2 = sigmoid(v12*z1 + v22*z2)
a = p11*h1 + p21*h2
"""


def sig(t: float) -> float:
    return 1 / (1 + math.exp(-t))


def test_lecture_graph_values_and_the_two_path_sum() -> None:
    r = run(parse(LECTURE).graph)
    z1, z2 = 0.5 * 1 - 0.3 * 0.5, 0.8 * 1 + 0.2 * 0.5
    h1, h2 = sig(0.4 * z1 - 0.6 * z2), sig(0.7 * z1 + 0.1 * z2)
    assert r.value("a") == pytest.approx(0.9 * h1 - 0.4 * h2, abs=1e-15)
    # ∂a/∂p11 = h1: "the larger h1, the more p11 matters"
    assert r.gradient("p11") == pytest.approx(h1, abs=1e-15)
    # ∂a/∂w11 = ∂a/∂h1·∂h1/∂z1·∂z1/∂w11 + ∂a/∂h2·∂h2/∂z1·∂z1/∂w11
    two_paths = 0.9 * h1 * (1 - h1) * 0.4 * 1.0 + (-0.4) * h2 * (1 - h2) * 0.7 * 1.0
    assert r.gradient("w11") == pytest.approx(two_paths, abs=1e-15)
    chain = expand(r, "w11")
    assert chain.path_count == 2 and not chain.truncated
    assert sorted(t.product for t in chain.paths) == pytest.approx(
        sorted([0.9 * h1 * (1 - h1) * 0.4, -0.4 * h2 * (1 - h2) * 0.7]), abs=1e-15
    )
    assert chain.total == pytest.approx(r.gradient("w11"), abs=1e-15)
    assert check_gradients(r.graph).ok


def test_which_weights_influence_da_dw11() -> None:
    """The slide's question, answered by the graph: v11, v12, p11, p21 lie on w11's paths."""
    r = run(parse(LECTURE).graph)
    on_paths = {n for t in expand(r, "w11").paths for n in t.nodes}
    graph = r.graph
    weights_on_paths = set()
    for nid in on_paths:
        for a in graph[nid].args:
            if graph[a].role is Role.PARAM:
                weights_on_paths.add(a)
    assert {"v11", "v12", "p11", "p21", "w11"} <= weights_on_paths
    assert "w22" not in weights_on_paths and "v22" not in weights_on_paths


def test_x_times_x_has_two_edges_and_gradient_2x() -> None:
    r = run(parse("x = 3.0\ny = x * x").graph)
    edges = [e for e in r.graph.edges() if e.source == "x"]
    assert [e.position for e in edges] == [0, 1]
    assert r.gradient("x") == 6.0
    steps = [s for s in r.trace.steps if isinstance(s, BackwardStep) and s.target == "x"]
    assert [(s.term, s.terms) for s in steps] == [(1, 2), (2, 2)]
    assert steps[0].before is None and steps[1].before == 3.0 and steps[1].after == 6.0


def test_shared_subexpression_sums_every_path() -> None:
    r = run(parse("x = 0.7\nu = sin(x)\nv = u * u + exp(u) + u").graph)
    u = math.sin(0.7)
    want = (2 * u + math.exp(u) + 1) * math.cos(0.7)
    assert r.gradient("x") == pytest.approx(want, rel=1e-14)
    assert r.gradient("u") == pytest.approx(2 * u + math.exp(u) + 1, rel=1e-14)
    assert expand(r, "x").path_count == 4  # u*u twice, exp(u), u


def test_batch_values_average_the_loss_and_unbroadcast_scalars() -> None:
    program = parse("x = 0.0\ny = 0.0\nw = 2.0\nb = 0.5\nloss = (w*x + b - y)**2").graph
    xs, ys = np.array([1.0, 2.0, 3.0]), np.array([2.0, 5.0, 5.0])
    r = run(program, {"x": xs, "y": ys})
    residual = 2.0 * xs + 0.5 - ys
    assert r.objective == pytest.approx(np.mean(residual**2))
    assert isinstance(r.gradients["w"], float)
    assert r.gradient("w") == pytest.approx(np.mean(2 * residual * xs))
    assert r.gradient("b") == pytest.approx(np.mean(2 * residual))
    seed = next(s for s in r.trace.steps if isinstance(s, SeedStep))
    np.testing.assert_allclose(seed.gradient, [1 / 3] * 3)
    assert check_gradients(program, {"x": xs, "y": ys}).ok


def test_unbroadcast_sums_leading_and_size_one_axes() -> None:
    g = np.arange(12.0).reshape(3, 4)
    np.testing.assert_array_equal(unbroadcast(g, (4,)), g.sum(axis=0))
    np.testing.assert_array_equal(unbroadcast(g, (3, 1)), g.sum(axis=1, keepdims=True))
    assert unbroadcast(g, ()) == g.sum()


def test_matrix_program_gradients_match_finite_differences() -> None:
    text = """
X: input = [[1.0, 2.0], [0.5, -1.0], [0.0, 3.0]]
W = [[0.1, -0.2, 0.3], [0.4, 0.5, -0.6]]
b = [0.1, 0.0, -0.1]
Y: input = [[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0]]
loss = softmax_ce(X @ W + b, Y)
"""
    g = parse(text).graph
    r = run(g)
    assert r.gradients["W"].shape == (2, 3) and r.gradients["b"].shape == (3,)
    assert check_gradients(g).ok


def test_trace_order_and_state_fold() -> None:
    r = run(parse(LECTURE).graph)
    trace = r.trace
    kinds = [s.kind for s in trace.steps]
    n_ops = sum(1 for n in r.graph.nodes.values() if not n.is_leaf)
    assert kinds[:n_ops] == ["forward"] * n_ops and kinds[n_ops] == "seed"
    n_edges = sum(1 for e in r.graph.edges() if not r.graph[e.source].literal)
    assert kinds.count("backward") == n_edges
    assert trace.backward_start == n_ops
    start = trace.state_at(0)
    assert set(start.values) == {n.id for n in r.graph.leaves()} and not start.gradients
    end = trace.state_at(len(trace))
    assert end.values == r.values
    for nid, g in r.gradients.items():
        assert end.gradients[nid] == g
    for k in range(len(trace) + 1):  # random access agrees with the fold everywhere
        state = trace.state_at(k)
        for nid in r.graph.nodes:
            assert trace.value_at(nid, k) == state.values.get(nid)
            assert trace.gradient_at(nid, k)[0] == state.gradients.get(nid)


def test_same_graph_same_steps() -> None:
    a = [s.kind + getattr(s, "node", "") for s in run(parse(LECTURE).graph).trace.steps]
    b = [s.kind + getattr(s, "node", "") for s in run(parse(LECTURE).graph).trace.steps]
    assert a == b


def test_running_sum_text_shows_each_term() -> None:
    r = run(parse(LECTURE).graph)
    last_into_z1 = max(
        i + 1
        for i, s in enumerate(r.trace.steps)
        if isinstance(s, BackwardStep) and s.target == "z1"
    )
    text = running_sum_text(r.graph, r.trace, "z1", last_into_z1)
    assert text.startswith("∂a/∂z₁ = ") and text.count("+") == 1


def test_step_explanations_substitute_numbers() -> None:
    r = run(parse("x = 2.0\nw = -0.5\nh = sigmoid(w * x)").graph)
    texts = [describe_step(r.graph, r.trace, k) for k in range(len(r.trace) + 1)]
    assert texts[0].title == "Start"
    assert texts[1].equation == "w · x = (−0.5) · 2 = −1"
    assert texts[2].equation == "h = σ(w·x) = σ(−1) = 0.2689"
    back_w = next(t for t in texts if t.title == "Backward: edge w → (w·x)")
    local = sig(-1) * (1 - sig(-1))
    assert back_w.equation.endswith(f"· 2 = {local * 2:.4f}".replace("-", "−"))


def test_nan_is_marked_where_it_first_appears() -> None:
    r = run(parse("x = 0.0\nl = log(x)\ny = l * 2").graph)
    assert r.problems and r.problems[0].node == "l"
    assert "line 2" in r.problems[0].message and "−∞" in r.problems[0].message
    forward = [s for s in r.trace.steps if isinstance(s, ForwardStep)]
    assert not forward[0].finite


def test_0_over_0_gives_visible_nan() -> None:
    r = run(parse("x = 0.0\ny = x / x").graph)
    assert math.isnan(r.objective)
    assert "NaN" in r.problems[0].message


def test_overrides_name_unknown_and_computed_nodes_clearly() -> None:
    g = parse("x = 1.0\ny = x * 2").graph
    with pytest.raises(GraphError, match="no variable named 'z'"):
        run(g, {"z": 1.0})
    with pytest.raises(GraphError, match="only leaves"):
        run(g, {"y": 1.0})


def test_graph_rejects_bad_construction() -> None:
    g = Graph()
    g.add_leaf("x", 1.0, Role.INPUT)
    with pytest.raises(GraphError, match="unknown operation"):
        g.add_op("sigmod", ["x"])
    with pytest.raises(GraphError, match="takes 2 argument"):
        g.add_op("mul", ["x"])
    with pytest.raises(GraphError, match="unknown node"):
        g.add_op("exp", ["nope"])
    with pytest.raises(GraphError, match="used twice"):
        g.add_leaf("x", 2.0)


def test_cost_of_naive_expansion_grows_faster_than_backprop() -> None:
    def layered(depth: int) -> Graph:
        lines = ["x1 = 0.5", "x2 = -0.3"]
        prev = ["x1", "x2"]
        for d in range(depth):
            lines.append(f"a{d} = tanh(0.5*{prev[0]} + 0.3*{prev[1]})")
            lines.append(f"b{d} = tanh(0.2*{prev[0]} - 0.4*{prev[1]})")
            prev = [f"a{d}", f"b{d}"]
        lines.append(f"out = {prev[0]} + {prev[1]}")
        return parse("\n".join(lines)).graph

    costs = [cost_summary(layered(d)) for d in (1, 3, 6)]
    ratios = [c.naive_multiplications / c.backprop_multiplications for c in costs]
    assert ratios[0] < ratios[1] < ratios[2]
    assert costs[2].path_count == 2 * 2**6  # two inputs, two choices per layer


def test_node_report_has_formula_locals_and_chain() -> None:
    r = run(parse(LECTURE).graph)
    rep = node_report(r, "h1")
    assert rep.formula.startswith("h₁ = σ(")
    assert rep.locals[0].formula == "σ(v11*z1 + v21*z2)(1 − σ(v11*z1 + v21*z2))" or rep.locals
    assert rep.locals[0].number and rep.chain is not None and rep.chain.path_count == 1


def test_recording_a_10000_node_program_stays_small() -> None:
    lines = ["x = 0.5", "w = 1.0001"]
    prev = "x"
    for i in range(5000):
        lines.append(f"t{i} = {prev} * w + x")
        prev = f"t{i}"
    g = parse("\n".join(lines)).graph
    assert len(g) > 10_000
    tracemalloc.start()
    r = run(g)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert len(r.trace) > 20_000
    assert peak < 50e6
