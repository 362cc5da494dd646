"""The network builder: names, seeded init, both granularities equal, gradients vs differences."""

from __future__ import annotations

import numpy as np
import pytest

from core.autodiff import engine
from core.autodiff.graph import Role
from core.training.nn import (
    NetworkSpec,
    SpecError,
    bind_columns,
    build_network,
    column_map,
    initial_parameters,
    layer_to_neuron_values,
    lego_classification,
    lego_regression,
    neuron_to_layer_values,
    param_map,
)

SPECS = [
    NetworkSpec((2, 4, 4, 1)),
    NetworkSpec((2, 2, 1), activation="sigmoid", output_activation="sigmoid", loss="bce"),
    NetworkSpec((3, 3, 2), activation="relu", loss="mse", seed=7),
    NetworkSpec((2, 3, 3, 2), activation=("softplus", "elu"), output_activation="tanh"),
    NetworkSpec((2, 3, 2), activation="leaky_relu", loss="none"),
    NetworkSpec((2, 3, 1), loss="none"),
    NetworkSpec((3, 1)),
    NetworkSpec((2, 2, 2, 2, 2, 1), activation="softsign", init="xavier_normal", seed=3),
    NetworkSpec((2, 3, 3, 2), activation="relu", dropout=(0.5, 0.25), init="he"),
    NetworkSpec((2, 3, 3), output_activation="sigmoid", loss="bce", seed=11),
    NetworkSpec((11, 2, 1), activation="identity"),
]


def _ids(spec: NetworkSpec) -> str:
    return f"{'-'.join(map(str, spec.sizes))}-{spec.activation}-{spec.loss}"


def _random_neuron_values(spec: NetworkSpec, samples: int, seed: int = 5) -> dict:
    """Non-trivial values for every neuron-level leaf (biases too, so index slips show)."""
    rng = np.random.default_rng(seed)
    values = {name: float(rng.normal(0, 0.8)) for name in param_map(spec)}
    for name, (matrix, _) in column_map(spec).items():
        col = rng.normal(0, 1, samples)
        if matrix == "Y" and spec.loss == "bce":
            col = rng.integers(0, 2, samples).astype(float)
        values[name] = float(col[0]) if samples == 1 else col
    return values


def _pair(spec: NetworkSpec, samples: int):
    neuron = build_network(spec.with_granularity("neuron"), samples=samples)
    layer = build_network(spec.with_granularity("layer"), samples=samples)
    return neuron, layer


# ---------------------------------------------------------------------------- equal numbers


@pytest.mark.parametrize("samples", [1, 4])
@pytest.mark.parametrize("spec", SPECS, ids=_ids)
def test_granularities_give_equal_objective_and_gradients(spec, samples):
    neuron, layer = _pair(spec, samples)
    nv = _random_neuron_values(spec, samples)
    lv = neuron_to_layer_values(spec, nv)
    rn = engine.run(neuron.graph, nv, record=False)
    rl = engine.run(layer.graph, lv, record=False)
    assert np.isfinite(rn.objective)
    assert rn.objective == pytest.approx(rl.objective, abs=1e-12, rel=1e-12)
    for name, (leaf, index) in param_map(spec).items():
        g_layer = np.asarray(rl.gradients[leaf])[index]
        assert rn.gradients[name] == pytest.approx(g_layer, abs=1e-12), name
    for name, (matrix, c) in column_map(spec).items():
        g_layer = np.asarray(rl.gradients[matrix])[:, c]
        assert np.allclose(rn.gradients[name], g_layer, atol=1e-12, rtol=0), name
    # the network outputs agree too
    a_layer = np.asarray(rl.values["A"])
    for j, a in enumerate(neuron.predictions):
        assert np.allclose(rn.values[a], a_layer[:, j], atol=1e-12, rtol=0)


@pytest.mark.parametrize("spec", SPECS[:4], ids=_ids)
def test_initial_graphs_already_agree(spec):
    neuron, layer = _pair(spec, 3)
    rn = engine.run(neuron.graph, record=False)
    rl = engine.run(layer.graph, record=False)
    assert rn.objective == pytest.approx(rl.objective, abs=1e-12)
    translated = neuron.values_for("layer")
    for leaf, value in layer.leaf_values().items():
        assert np.array_equal(np.asarray(translated[leaf]), np.asarray(value)), leaf


def test_softmax_classifier_matches_hand_computation():
    spec = NetworkSpec(
        (2, 3, 3),
        activation="tanh",
        output_activation="softmax",
        loss="softmax_ce",
        granularity="layer",
        seed=2,
    )
    net = build_network(spec, samples=5)
    values = net.leaf_values()
    r = engine.run(net.graph, record=False)
    w1, b1, w2, b2 = (values[k] for k in ("W1", "b1", "W2", "b2"))
    x, y = values["X"], values["Y"]
    z = np.tanh(x @ w1 + b1) @ w2 + b2
    logp = z - z.max(axis=1, keepdims=True)
    logp = logp - np.log(np.exp(logp).sum(axis=1, keepdims=True))
    assert r.objective == pytest.approx(float(np.mean(-(y * logp).sum(axis=1))), abs=1e-12)
    assert np.allclose(r.values["A"], np.exp(logp), atol=1e-12)
    assert np.allclose(np.asarray(r.values["A"]).sum(axis=1), 1.0)


def test_objective_is_mean_over_samples_of_mean_over_outputs():
    spec = NetworkSpec((2, 2, 3), granularity="neuron", seed=4)
    net = build_network(spec, samples=6)
    r = engine.run(net.graph, record=False)
    a = np.column_stack([r.values[k] for k in net.predictions])
    y = np.column_stack([r.values[k] for k in net.targets])
    assert r.objective == pytest.approx(float(np.mean((a - y) ** 2)), abs=1e-12)


# ---------------------------------------------------------------------------- finite differences


def _central_differences(graph, overrides, leaf_id, eps=1e-6):
    base = np.asarray(overrides.get(leaf_id, graph[leaf_id].value), dtype=float)
    grad = np.zeros_like(base)
    for index in np.ndindex(base.shape):
        plus, minus = base.copy(), base.copy()
        plus[index] += eps
        minus[index] -= eps
        fp = engine.evaluate(graph, {**overrides, leaf_id: plus})
        fm = engine.evaluate(graph, {**overrides, leaf_id: minus})
        grad[index] = (fp - fm) / (2 * eps)
    return grad


@pytest.mark.parametrize("granularity", ["neuron", "layer"])
@pytest.mark.parametrize(
    "spec",
    [
        NetworkSpec((2, 3, 1), activation="sigmoid", output_activation="sigmoid", loss="bce"),
        NetworkSpec((2, 3, 2, 2), activation=("tanh", "elu")),
        NetworkSpec((3, 2, 2), activation="softplus", loss="mse", dropout=0.3),
    ],
    ids=_ids,
)
def test_gradients_match_central_differences(spec, granularity):
    spec = spec.with_granularity(granularity)
    net = build_network(spec, samples=3)
    nv = _random_neuron_values(spec, 3, seed=9)
    overrides = nv if granularity == "neuron" else neuron_to_layer_values(spec, nv)
    r = engine.run(net.graph, overrides, record=False)
    for leaf in net.params + net.inputs:
        numeric = _central_differences(net.graph, overrides, leaf)
        assert np.allclose(r.gradients[leaf], numeric, atol=1e-6, rtol=1e-5), leaf


def test_softmax_ce_gradients_match_central_differences():
    spec = NetworkSpec(
        (2, 3, 3), output_activation="softmax", loss="softmax_ce", granularity="layer", seed=1
    )
    net = build_network(spec, samples=4)
    r = engine.run(net.graph, record=False)
    for leaf in net.params:
        numeric = _central_differences(net.graph, {}, leaf)
        assert np.allclose(r.gradients[leaf], numeric, atol=1e-6, rtol=1e-5), leaf


# ---------------------------------------------------------------------------- init


def test_init_is_seeded_and_reproducible():
    spec = NetworkSpec((3, 5, 2), seed=12)
    a, b = initial_parameters(spec), initial_parameters(spec)
    for (wa, ba), (wb, bb) in zip(a, b, strict=True):
        assert np.array_equal(wa, wb) and np.array_equal(ba, bb)
    other = initial_parameters(NetworkSpec((3, 5, 2), seed=13))
    assert not np.array_equal(a[0][0], other[0][0])
    n1 = build_network(spec, samples=2).leaf_values()
    n2 = build_network(spec, samples=2).leaf_values()
    assert all(np.array_equal(np.asarray(n1[k]), np.asarray(n2[k])) for k in n1)


def test_weights_do_not_depend_on_the_number_of_samples():
    spec = NetworkSpec((2, 3, 1), seed=5)
    few = build_network(spec, samples=1).leaf_values()
    many = build_network(spec, samples=50).leaf_values()
    assert all(few[k] == many[k] for k in param_map(spec))


def test_init_schemes_follow_their_documented_scale():
    big = (200, 300)
    w = initial_parameters(NetworkSpec(big, init="xavier", granularity="layer"))[0][0]
    bound = np.sqrt(6 / 500)
    assert np.abs(w).max() <= bound and np.abs(w).max() > 0.95 * bound
    w = initial_parameters(NetworkSpec(big, init="xavier_normal", granularity="layer"))[0][0]
    assert np.std(w) == pytest.approx(np.sqrt(2 / 500), rel=0.05)
    w = initial_parameters(NetworkSpec(big, init="he", granularity="layer"))[0][0]
    assert np.std(w) == pytest.approx(np.sqrt(2 / 200), rel=0.05)
    w, b = initial_parameters(NetworkSpec(big, init="zeros", granularity="layer"))[0]
    assert not w.any() and not b.any()


# ---------------------------------------------------------------------------- names and groups


def test_neuron_names_follow_the_lecture():
    net = build_network(NetworkSpec((2, 2, 2, 1)))
    g = net.graph
    assert net.inputs == ["x1", "x2"] and net.targets == ["y"] and net.predictions == ["a"]
    assert net.params[:6] == ["w11", "w21", "b1", "w12", "w22", "b2"]
    assert {"v11", "v21", "v12", "v22", "c1", "c2", "p11", "p21", "d1"} <= set(net.params)
    # z1_1 = w11·x1 + w21·x2 + b1: w11 and w21 both feed neuron 1 (the backprop slide)
    assert g.ancestors("z1_1") >= {"w11", "w21", "b1", "x1", "x2"}
    assert "w12" not in g.ancestors("z1_1")
    assert g["z1_1"].label == "w11·x1 + w21·x2 + b1"
    assert g["h1_1"].op == "tanh" and g["h1_1"].args == ("z1_1",)
    assert g["a"].op == "add"  # identity output: the weighted sum is the output
    assert g["loss"].op == "squared_error" and g.output == "loss"
    for node in g.nodes.values():
        if node.name is not None:
            assert node.id == node.name
    groups = {n.id: n.group for n in g.nodes.values()}
    assert groups["x1"] == "input" and groups["w11"] == "layer 1" and groups["v12"] == "layer 2"
    assert groups["p21"] == "layer 3" and groups["loss"] == "loss"
    assert g["y"].role is Role.INPUT and g["w11"].role is Role.PARAM


def test_deep_and_wide_names_are_unambiguous():
    spec = NetworkSpec((12, 2, 2, 2, 3))
    names = list(param_map(spec))
    assert len(names) == len(set(names))
    assert {"w12_1", "w1_2", "v11", "p22", "w4_2_3", "b4_3"} <= set(names)
    assert "w12" not in names
    assert param_map(spec)["w12_1"] == ("W1", (11, 0))
    assert param_map(spec)["w4_2_3"] == ("W4", (1, 2))
    assert param_map(spec)["c2"] == ("b2", (1,))


def test_layer_graph_has_one_node_per_layer_operation():
    net = build_network(NetworkSpec((2, 3, 1), granularity="layer"), samples=2)
    g = net.graph
    assert [g[n].op for n in g.order() if not g[n].is_leaf] == [
        "matmul",
        "add",
        "tanh",
        "matmul",
        "add",
        "mse",
    ]
    assert g["X"].value.shape == (2, 2) and g["W1"].value.shape == (2, 3)
    assert g["b1"].value.shape == (3,) and g["Y"].value.shape == (2, 1)
    assert {g[n].group for n in ("W1", "b1", "XW1", "Z1", "H1")} == {"layer 1"}
    assert net.params == ["W1", "b1", "W2", "b2"]


def test_outputs_with_activation_and_several_targets():
    net = build_network(NetworkSpec((2, 2, 2), output_activation="sigmoid", loss="bce"))
    g = net.graph
    assert net.targets == ["y1", "y2"] and net.predictions == ["a1", "a2"]
    assert g["a1"].op == "sigmoid" and g["a1"].args == ("z2_1",)
    assert g["e1"].op == "bce" and g["loss"].op == "div"
    assert g["y1"].value in (0.0, 1.0)


# ---------------------------------------------------------------------------- spec validation


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"sizes": [2, -3, 1]}, "sizes[1]: must be a positive integer, got -3"),
        ({"sizes": [2, 1.5]}, "sizes[1]: must be a positive integer, got 1.5"),
        ({"sizes": [2, True]}, "sizes[1]: must be a positive integer"),
        ({"sizes": [3]}, "sizes: needs at least an input and an output size"),
        ({"sizes": "2,1"}, "sizes: must be a list of layer sizes"),
        ({}, "sizes: missing"),
        (
            {"sizes": [2, 1], "activaton": "relu"},
            "activaton: unknown key (did you mean 'activation'?)",
        ),
        (
            {"sizes": [2, 3, 1], "activation": "relux"},
            "activation: unknown activation 'relux' (did you mean 'relu'?)",
        ),
        (
            {"sizes": [2, 3, 3, 1], "activation": ["relu"]},
            "activation: one activation per hidden layer: expected 2, got 1",
        ),
        (
            {"sizes": [2, 3, 3, 1], "activation": ["relu", "sigmod"]},
            "activation[1]: unknown activation 'sigmod'",
        ),
        (
            {"sizes": [2, 1], "output_activation": 3},
            "output_activation: must be the name of activation",
        ),
        (
            {"sizes": [2, 1], "loss": "bce"},
            "loss: 'bce' reads probabilities, so output_activation must be 'sigmoid'",
        ),
        (
            {"sizes": [2, 2], "loss": "softmax_ce", "granularity": "layer"},
            "loss: 'softmax_ce' needs output_activation 'softmax'",
        ),
        (
            {"sizes": [2, 2], "output_activation": "softmax"},
            "output_activation: 'softmax' couples every output neuron",
        ),
        ({"sizes": [2, 1], "loss": "hinge"}, "loss: unknown loss 'hinge'"),
        (
            {"sizes": [2, 1], "granularity": "neurons"},
            "granularity: unknown granularity 'neurons' (did you mean 'neuron'?)",
        ),
        ({"sizes": [2, 1], "seed": -1}, "seed: must be a non-negative integer below 2**63, got -1"),
        ({"sizes": [2, 1], "seed": 10**400}, "got 401-digit integer"),
        ({"sizes": [2, 1], "dropout": 10**400}, "must be a dropout rate in [0, 1), got 401-digit"),
        ({"sizes": [2, 1], "seed": 1.5}, "seed: must be a non-negative integer"),
        (
            {"sizes": [2, 3, 1], "dropout": 1.0},
            "dropout: must be a dropout rate in [0, 1), got 1.0",
        ),
        (
            {"sizes": [2, 3, 1], "dropout": [0.1, 0.2]},
            "dropout: one rate per hidden layer: expected 1, got 2",
        ),
        ({"sizes": [2, 3, 1], "dropout": ["x"]}, "dropout[0]: must be a dropout rate"),
        ({"sizes": [2, 1], "init": "glorot"}, "init: unknown initialisation 'glorot'"),
        ({"sizes": [200, 200, 1]}, "sizes: 40,200 weights is too many to draw one by one"),
    ],
)
def test_spec_validation_names_the_field(data, message):
    with pytest.raises(SpecError) as info:
        NetworkSpec.from_dict(data)
    assert message in str(info.value)
    assert str(info.value).startswith(info.value.field + ": ")


def test_spec_dict_round_trip():
    spec = NetworkSpec(
        (2, 3, 3, 1),
        activation=("relu", "tanh"),
        dropout=(0.5, 0.0),
        output_activation="sigmoid",
        loss="bce",
        granularity="layer",
        seed=4,
        init="he",
    )
    assert NetworkSpec.from_dict(spec.to_dict()) == spec
    plain = NetworkSpec((2, 1))
    assert NetworkSpec.from_dict(plain.to_dict()) == plain
    assert NetworkSpec([2, 1]).sizes == (2, 1)


# ---------------------------------------------------------------------------- data and translation


def test_bind_columns_for_both_granularities():
    columns = {"x1": [1.0, 2.0], "x2": [3.0, 4.0], "y": [0.5, 0.25], "extra": [9, 9]}
    spec = NetworkSpec((2, 2, 1))
    neuron, layer = _pair(spec, 1)
    on = bind_columns(neuron, columns)
    assert set(on) == {"x1", "x2", "y"} and list(on["x2"]) == [3.0, 4.0]
    ol = bind_columns(layer, columns)
    assert ol["X"].tolist() == [[1.0, 3.0], [2.0, 4.0]] and ol["Y"].tolist() == [[0.5], [0.25]]
    rn = engine.run(neuron.graph, on, record=False)
    rl = engine.run(layer.graph, ol, record=False)
    assert rn.objective == pytest.approx(rl.objective, abs=1e-12)


def test_bind_columns_errors_name_the_column():
    net = build_network(NetworkSpec((2, 1)))
    with pytest.raises(KeyError, match="missing data column 'x2'"):
        bind_columns(net, {"x1": [1.0], "y": [1.0]})
    with pytest.raises(ValueError, match="'y' has 2 rows but 'x1' has 1"):
        bind_columns(net, {"x1": [1.0], "x2": [1.0], "y": [1.0, 2.0]})


def test_value_translation_round_trip():
    spec = NetworkSpec((3, 2, 2))
    nv = _random_neuron_values(spec, 4)
    back = layer_to_neuron_values(spec, neuron_to_layer_values(spec, nv))
    assert set(back) == set(nv)
    for k in nv:
        assert np.array_equal(np.asarray(back[k]), np.asarray(nv[k])), k
    incomplete = {k: v for k, v in nv.items() if k != "w21"}
    with pytest.raises(KeyError, match="'w21' is missing: W1 needs every one"):
        neuron_to_layer_values(spec, incomplete)
    with pytest.raises(KeyError, match="'W9' is not a leaf"):
        layer_to_neuron_values(spec, {"W9": 1.0})


# ---------------------------------------------------------------------------- Lego


def test_lego_regression_is_fc_relu_dropout_fc_relu_fc():
    net = lego_regression()
    g = net.graph
    ops_in_order = [g[n].op for n in g.order() if not g[n].is_leaf]
    assert ops_in_order == [
        "matmul",
        "add",
        "relu",
        "dropout",
        "matmul",
        "add",
        "relu",
        "matmul",
        "add",
        "mse",
    ]
    r = engine.run(g)
    assert np.isfinite(r.objective) and not r.problems
    trained = engine.run(g, training=True, record=False)
    assert not np.array_equal(trained.values["Drop1"], r.values["Drop1"])
    neuron = lego_regression(granularity="neuron")
    rn = engine.run(neuron.graph, record=False)
    assert rn.objective == pytest.approx(r.objective, abs=1e-12)


def test_lego_classification_ends_in_softmax():
    net = lego_classification()
    g = net.graph
    ops_in_order = [g[n].op for n in g.order() if not g[n].is_leaf]
    assert ops_in_order[:9] == [
        "matmul",
        "add",
        "relu",
        "dropout",
        "matmul",
        "add",
        "relu",
        "matmul",
        "add",
    ]
    assert "softmax" in ops_in_order and g["A"].op == "softmax"
    r = engine.run(g)
    assert np.allclose(np.asarray(r.values["A"]).sum(axis=1), 1.0)
    assert np.isfinite(r.objective) and r.objective > 0
    with pytest.raises(SpecError, match="sizes: the Lego networks have 3 FC layers"):
        lego_classification((2, 3, 1))
