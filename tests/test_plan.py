"""The compiled plan gives the step-recording engine's numbers exactly, for every op and shape."""

from __future__ import annotations

import numpy as np
import pytest

from core.autodiff import ops
from core.autodiff.engine import run
from core.autodiff.graph import Graph, GraphError, Role
from core.autodiff.plan import Plan
from core.lang.expr import parse
from core.training.nn import NetworkSpec, bind_columns, build_network

RNG = np.random.default_rng(7)

UNARY_SHAPES = [(), (5,), (4, 3)]
BINARY_SHAPES = [((), ()), ((5,), ()), ((), (5,)), ((5,), (5,)), ((4, 3), (3,)), ((4, 3), (4, 1))]
DOMAIN = {  # ops whose argument 0 must be positive (or a probability) to stay finite
    "log": "positive",
    "sqrt": "positive",
    "pow": "positive",
    "powc": "positive",
    "bce": "probability",
}


def same(a, b) -> bool:
    """Bit-for-bit: equal shapes and equal numbers (NaN where NaN), same scalar/array kind."""
    if isinstance(a, np.ndarray) != isinstance(b, np.ndarray):
        return False
    return np.shape(a) == np.shape(b) and np.array_equal(a, b, equal_nan=True)


def sample(shape, kind: str = "any", rng=RNG):
    if kind == "positive":
        v = rng.uniform(0.2, 2.0, size=shape)
    elif kind == "probability":
        v = rng.uniform(0.05, 0.95, size=shape)
    else:
        v = rng.normal(size=shape)
        v[np.abs(v) < 0.05] = 0.3  # keep away from kinks, where only conventions differ
    return v if shape else float(v)


def assert_plan_matches_engine(graph: Graph, overrides=None, **mode) -> None:
    """Objective, every leaf's gradient and every value the output depends on, exactly."""
    expected = run(graph, overrides, record=False, **mode)
    wrt = [n.id for n in graph.leaves() if n.id in graph.ancestors(graph.output) and not n.literal]
    plan = Plan(graph, wrt=wrt)
    # the first pass takes the general steps and makes the steps for these shapes; the second
    # and third run those (the third adds into the arrays the second made)
    for _ in range(3):
        got = plan.run(overrides, **mode)
        assert got.objective == expected.objective or (
            np.isnan(got.objective) and np.isnan(expected.objective)
        )
        for nid in wrt:
            assert same(got.gradients[nid], expected.gradients[nid]), nid
        for nid, value in got.values.items():
            assert same(value, expected.values[nid]), nid


def op_graph(name: str, shapes, params=None) -> Graph:
    """op(a, b) followed by an uneven weighting, so the upstream gradient is not all ones."""
    op = ops.REGISTRY[name]
    g = Graph()
    kind = DOMAIN.get(name, "any")
    for k, shape in enumerate(shapes):
        g.add_leaf("ab"[k], sample(shape, kind if k == 0 else "any"), Role.PARAM)
    if name == "bce":
        g.set_value("b", (RNG.random(shapes[1]) > 0.5).astype(float) if shapes[1] else 1.0)
    g.add_op(name, tuple("ab"[: op.arity]), node_id="f", params=params)
    value = run_forward(g, "f")
    g.add_leaf("c", sample(np.shape(value)), Role.CONST)
    g.add_op("tanh", ("f",), node_id="t")
    g.add_op("mul", ("t", "c"), node_id="out")
    g.set_output("out")
    return g


def run_forward(g: Graph, node: str):
    probe = g.copy()
    probe.set_output(node)
    return run(probe, record=False).values[node]


ELEMENTWISE_UNARY = [n for n, op in ops.REGISTRY.items() if op.arity == 1 and op.local is not None]
ELEMENTWISE_BINARY = [n for n, op in ops.REGISTRY.items() if op.arity == 2 and op.local is not None]


@pytest.mark.parametrize("shape", UNARY_SHAPES, ids=str)
@pytest.mark.parametrize("name", ELEMENTWISE_UNARY)
def test_every_elementwise_unary_op(name, shape):
    if name == "dropout":
        g = op_graph(name, [shape], {"p": 0.5, "seed": 3.0})
        assert_plan_matches_engine(g, training=True, dropout_seed=11)
        assert_plan_matches_engine(g, training=False)
        return
    assert_plan_matches_engine(op_graph(name, [shape]))


@pytest.mark.parametrize("shapes", BINARY_SHAPES, ids=str)
@pytest.mark.parametrize("name", ELEMENTWISE_BINARY)
def test_every_elementwise_binary_op(name, shapes):
    assert_plan_matches_engine(op_graph(name, shapes))


@pytest.mark.parametrize(
    "name, params", [("powc", {"p": 3.0}), ("leaky_relu", {"a": 0.2}), ("elu", {"alpha": 0.5})]
)
def test_op_parameters(name, params):
    assert_plan_matches_engine(op_graph(name, [(6,)], params))


@pytest.mark.parametrize(
    "shapes", [((4, 3), (3, 2)), ((3,), (3, 2)), ((4, 3), (3,)), ((3,), (3,))], ids=str
)
def test_matmul(shapes):
    assert_plan_matches_engine(op_graph("matmul", shapes))


@pytest.mark.parametrize("name", ["sum", "mean", "softmax"])
@pytest.mark.parametrize("shape", [(5,), (4, 3)], ids=str)
def test_reductions_and_softmax(name, shape):
    assert_plan_matches_engine(op_graph(name, [shape]))


SHAPE_OP_CASES = [
    ("log_softmax", None, (4, 3)),
    ("log_softmax", None, (5,)),
    ("reduce_sum", {"axis": 0.0}, (4, 3)),
    ("reduce_sum", {"all": 1.0, "keepdims": 1.0}, (4, 3)),
    ("reduce_mean", {"axis": 1.0, "keepdims": 1.0}, (4, 3)),
    ("reduce_mean", {"all": 1.0}, (5,)),
    ("transpose", None, (4, 3)),
    ("reshape", {"rows": 2.0, "cols": 6.0}, (4, 3)),
    ("flatten", {"axis": 0.0}, (4, 3)),
    ("features", {"mask": 127.0}, (6, 2)),
]


@pytest.mark.parametrize(("name", "params", "shape"), SHAPE_OP_CASES, ids=str)
def test_shape_ops(name, params, shape):
    assert_plan_matches_engine(op_graph(name, [shape], params))


@pytest.mark.parametrize("shapes", [((4, 3), (4, 3)), ((3,), (3,)), ((4, 3), (3,))], ids=str)
def test_mse(shapes):
    assert_plan_matches_engine(op_graph("mse", shapes))


@pytest.mark.parametrize("rows", [None, 4])
def test_softmax_ce(rows):
    shape = (rows, 3) if rows else (3,)
    g = Graph()
    g.add_leaf("z", RNG.normal(size=shape), Role.PARAM)
    labels = RNG.integers(0, 3, size=rows or 1)
    g.add_leaf("y", np.eye(3)[labels].reshape(shape), Role.PARAM)
    g.add_op("softmax_ce", ("z", "y"), node_id="ce")
    g.set_output("ce")
    assert_plan_matches_engine(g)


def test_every_registry_op_is_covered():
    covered = set(ELEMENTWISE_UNARY) | set(ELEMENTWISE_BINARY)
    covered |= {"matmul", "sum", "mean", "softmax", "mse", "softmax_ce"}
    covered |= {name for name, _, _ in SHAPE_OP_CASES}
    assert covered == set(ops.REGISTRY)


def test_shared_subexpressions_and_repeated_arguments():
    g = Graph()
    g.add_leaf("x", RNG.normal(size=6), Role.INPUT)
    g.add_leaf("w", 0.7, Role.PARAM)
    g.add_op("mul", ("w", "x"), node_id="wx")
    g.add_op("mul", ("wx", "wx"), node_id="sq")  # x * x: two edges from one node
    g.add_op("tanh", ("wx",), node_id="t")
    g.add_op("add", ("sq", "t"), node_id="s")
    g.add_op("mul", ("s", "w"), node_id="out")  # w reached along three paths
    g.set_output("out")
    assert_plan_matches_engine(g)


LECTURE = """
x1 = 0.5
x2 = -1.2
w11 = 0.3
w12 = -0.4
w21 = 0.8
w22 = 0.1
z1 = w11*x1 + w21*x2
z2 = w12*x1 + w22*x2
v11 = 0.5
v12 = -0.3
v21 = 0.9
v22 = 0.2
h1 = sigmoid(v11*z1 + v21*z2)
h2 = sigmoid(v12*z1 + v22*z2)
p11 = 0.7
p21 = -0.6
a = p11*h1 + p21*h2
y = 1
loss = 0.5*(a - y)**2
"""


def test_program_for_one_sample_and_for_a_data_set():
    graph = parse(LECTURE).graph
    assert_plan_matches_engine(graph)
    data = {"x1": RNG.normal(size=40), "x2": RNG.normal(size=40), "y": RNG.normal(size=40)}
    assert_plan_matches_engine(graph, data)


NETWORKS = [
    ((2, 8, 8, 1), "tanh", "sigmoid", "bce"),
    ((2, 5, 3), "relu", "identity", "mse"),
    ((3, 4, 2), "sigmoid", "sigmoid", "bce"),
    ((2, 4, 4, 1), ("elu", "softsign"), "identity", "mse"),
]


@pytest.mark.parametrize("granularity", ["neuron", "layer"])
@pytest.mark.parametrize("sizes, act, out, loss", NETWORKS)
def test_networks_at_both_granularities(sizes, act, out, loss, granularity):
    spec = NetworkSpec(
        sizes, activation=act, output_activation=out, loss=loss, granularity=granularity, seed=3
    )
    assert_plan_matches_engine(build_network(spec, samples=1).graph)
    assert_plan_matches_engine(build_network(spec, samples=30).graph)


def test_softmax_network_and_dropout_in_training():
    spec = NetworkSpec(
        (4, 6, 3),
        activation="relu",
        output_activation="softmax",
        loss="softmax_ce",
        granularity="layer",
        dropout=0.3,
    )
    graph = build_network(spec, samples=20).graph
    assert_plan_matches_engine(graph)
    assert_plan_matches_engine(graph, training=True, dropout_seed=5)


def test_neuron_dropout_in_training():
    spec = NetworkSpec((2, 4, 1), loss="mse", dropout=0.5, granularity="neuron")
    assert_plan_matches_engine(build_network(spec, samples=10).graph, training=True, dropout_seed=2)


def test_leaf_values_can_change_between_runs():
    spec = NetworkSpec((2, 4, 1), output_activation="sigmoid", loss="bce", granularity="layer")
    net = build_network(spec, samples=5)
    plan = Plan(net.graph)
    for seed in range(3):
        rng = np.random.default_rng(seed)
        cols = {"x1": rng.normal(size=12), "x2": rng.normal(size=12), "y": rng.random(12) > 0.5}
        data = bind_columns(net, cols)
        data["W1"] = rng.normal(size=(2, 4))
        got = plan.run(data)
        expected = run(net.graph, data, record=False)
        assert got.objective == expected.objective
        for name in plan.wrt:
            assert same(got.gradients[name], expected.gradients[name])


@pytest.mark.parametrize("granularity", ["neuron", "layer"])
def test_steps_made_for_one_shape_are_not_used_for_another(granularity):
    """Mini-batches, the held-out set and a grid of inputs change the number of samples: each
    set of shapes gets its own steps, and a set seen before gets its steps back."""
    spec = NetworkSpec((2, 4, 3), output_activation="sigmoid", loss="bce", granularity=granularity)
    net = build_network(spec, samples=5)
    plan = Plan(net.graph)
    for samples in (5, 12, 5, 1, 12, 12):
        rng = np.random.default_rng(samples)
        cols = {f"x{i}": rng.normal(size=samples) for i in (1, 2)}
        cols.update({f"y{j}": (rng.random(samples) > 0.5).astype(float) for j in (1, 2, 3)})
        data = bind_columns(net, cols)
        got = plan.run(data)
        expected = run(net.graph, data, record=False)
        assert got.objective == expected.objective
        for name in plan.wrt:
            assert same(got.gradients[name], expected.gradients[name]), (samples, name)


def test_only_edges_toward_parameters_are_computed():
    spec = NetworkSpec((2, 3, 1), loss="mse", granularity="layer")
    plan = Plan(build_network(spec, samples=4).graph)
    assert plan.wrt == ["W1", "b1", "W2", "b2"]
    graph_edges = sum(1 for e in plan.graph.edges())
    assert graph_edges == 11
    assert len(plan._backward) == 9  # all but the edges into the data X (of X·W1) and Y (of mse)


def test_float32_follows_float64_closely():
    spec = NetworkSpec(
        (2, 8, 8, 1), output_activation="sigmoid", loss="bce", granularity="layer", seed=1
    )
    graph = build_network(spec, samples=64).graph
    exact = Plan(graph).run()
    single = Plan(graph, dtype="float32").run()
    assert single.values["A"].dtype == np.float32
    assert single.objective == pytest.approx(exact.objective, rel=1e-5)
    for name, grad in exact.gradients.items():
        assert single.gradients[name].dtype == np.float32
        np.testing.assert_allclose(single.gradients[name], grad, rtol=1e-3, atol=1e-6)


def single_precision_buffers(plan: Plan) -> list[str]:
    """The nodes whose value or gradient in ``plan`` is not float32 (array or number)."""

    def is_single(v) -> bool:
        return (type(v) is np.ndarray and v.dtype == np.float32) or type(v) is np.float32

    bad = [
        f"value {nid}" for nid, v in zip(plan.order, plan.values, strict=True) if not is_single(v)
    ]
    bad += [
        f"gradient {nid}"
        for nid, g in zip(plan.order, plan.gradients, strict=True)
        if g is not None and not is_single(g)
    ]
    return bad


@pytest.mark.parametrize(
    "sizes, act, out, loss, granularity",
    [
        ((2, 8, 8, 1), "tanh", "sigmoid", "bce", "layer"),
        ((6, 5, 4), "relu", "softmax", "softmax_ce", "layer"),
        ((2, 4, 2), "elu", "identity", "mse", "layer"),
        ((2, 3, 2), "tanh", "sigmoid", "bce", "neuron"),
        ((2, 3, 1), "softsign", "identity", "mse", "neuron"),
    ],
)
def test_a_float32_plan_holds_nothing_in_float64(sizes, act, out, loss, granularity):
    """Every value and every gradient, arrays and numbers (the loss, a neuron's weight), in
    single precision, on the general first pass and on the steps made for the shapes."""
    spec = NetworkSpec(sizes, act, out, loss, granularity=granularity, seed=1)
    plan = Plan(build_network(spec, samples=16).graph, dtype="float32")
    for _ in range(3):
        plan.forward()
        grads = plan.backward()
        assert single_precision_buffers(plan) == []
        assert all(g is not None for g in grads)
    assert plan.flatten(grads).dtype == np.float32


def test_float32_bce_stays_finite_when_the_sigmoid_saturates():
    g = Graph()
    g.add_leaf("z", np.array([40.0, -40.0, 0.0]), Role.PARAM)
    g.add_leaf("y", np.array([1.0, 0.0, 1.0]), Role.INPUT)
    g.add_op("sigmoid", ("z",), node_id="p")
    g.add_op("bce", ("p", "y"), node_id="loss")
    g.set_output("loss")
    result = Plan(g, dtype="float32").run()
    assert np.isfinite(result.objective)
    assert np.all(np.isfinite(result.gradients["z"]))


def test_bad_requests_are_refused():
    g = Graph()
    g.add_leaf("w", 1.0, Role.PARAM)
    with pytest.raises(GraphError, match="no output"):
        Plan(g)
    g.add_leaf("u", 2.0, Role.PARAM)
    g.add_op("exp", ("w",), node_id="e")
    g.set_output("e")
    with pytest.raises(GraphError, match="'u'"):
        Plan(g, wrt=["u"])
    with pytest.raises(ValueError, match="float64 or float32"):
        Plan(g, dtype="float16")
    with pytest.raises(GraphError, match="no variable"):
        Plan(g).run({"nope": 1.0})


KINKED = ["relu", "leaky_relu", "elu", "step", "abs"]
AT_KINKS = np.array([-1.5, -0.0, 0.0, 1e-300, -1e-300, 0.0, 2.0])


def kinked_graph(name: str, value, params=None) -> Graph:
    """op(x) at exact zeros (and ±0, ±tiny), weighted unevenly so every upstream is non-zero."""
    g = Graph()
    g.add_leaf("x", value, Role.PARAM)
    g.add_op(name, ("x",), node_id="f", params=params)
    g.add_leaf("c", np.linspace(0.5, 1.5, np.size(value)).reshape(np.shape(value)), Role.CONST)
    g.add_op("mul", ("f", "c"), node_id="out")
    g.set_output("out")
    return g


@pytest.mark.parametrize("name", KINKED)
@pytest.mark.parametrize("value", [AT_KINKS, 0.0, -0.0], ids=["array", "zero", "minus-zero"])
def test_kinks_and_exact_zeros(name, value):
    """At a kink the plan must take the engine's convention (relu'(0) = 1, abs'(0) = 0, ...)."""
    assert_plan_matches_engine(kinked_graph(name, value))
    engine = run(kinked_graph(name, value), record=False).gradients["x"]
    for fast in (True, False):
        compiled = Plan(kinked_graph(name, value), fast=fast)
        for _ in range(2):  # the general steps, then those made for this shape
            plan = compiled.run()
            assert same(plan.gradients["x"], engine), fast


@pytest.mark.parametrize("name, params", [("leaky_relu", {"a": 0.2}), ("elu", {"alpha": 0.5})])
def test_kinks_with_parameters(name, params):
    assert_plan_matches_engine(kinked_graph(name, AT_KINKS, params))


def test_relu_gradient_at_zero_is_the_lectures_one():
    """relu'(0) = 1 is what the window shows; training must use the same number."""
    plan = Plan(kinked_graph("relu", np.array([0.0, -0.0]))).run()
    assert plan.gradients["x"].tolist() == [0.25, 0.75]  # c / 2: the objective is the mean


def test_relu_network_with_exact_zero_pre_activations():
    spec = NetworkSpec((2, 4, 1), activation="relu", loss="mse", granularity="layer", seed=2)
    net = build_network(spec, samples=6)
    data = bind_columns(
        net, {"x1": np.array([0.0, 0.0, 1.0, -1.0, 0.0, 2.0]), "x2": np.zeros(6), "y": np.ones(6)}
    )
    data["b1"] = np.zeros(np.shape(net.graph.by_name("b1").value))
    assert_plan_matches_engine(net.graph, data)


def test_fast_kernels_are_declared_on_the_ops_one_per_argument():
    """The training path's shortcuts are facts about the ops, declared next to them."""
    declared = [n for n, op in ops.REGISTRY.items() if op.fast is not None]
    assert {"relu", "sigmoid", "matmul", "bce", "softmax_ce"} <= set(declared)
    for name in declared:
        op = ops.REGISTRY[name]
        if op.fast.backward is not None:
            assert len(op.fast.backward) == op.arity, name


def test_the_plan_knows_no_op():
    """Every fact about an op lives in core/autodiff/ops.py: the planner names none of them."""
    import ast
    import inspect

    from core.autodiff import plan as plan_module

    tree = ast.parse(inspect.getsource(plan_module))
    strings = {n.value for n in ast.walk(tree) if isinstance(n, ast.Constant)}
    assert not strings & set(ops.REGISTRY)
    used = {
        n.attr
        for n in ast.walk(tree)
        if isinstance(n, ast.Attribute) and isinstance(n.value, ast.Name) and n.value.id == "ops"
    }
    assert used <= {"REGISTRY", "Op", "Kernels"}
