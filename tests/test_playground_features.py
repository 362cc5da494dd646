"""TensorFlow Playground's feature inputs and L1/L2 regularisation in networks.

Features are nodes computed from the raw inputs, so gradients reach x1 and x2 through them;
the penalty is a node added to the loss, so its gradient reaches every weight and no bias.
Both granularities give the same numbers; closed forms and central differences hold them.
"""

from __future__ import annotations

import io
import json
import re

import numpy as np
import pytest

from core.autodiff import engine, ops
from core.cli.train import build_parser, run
from core.training import datasets
from core.training.nn import (
    NetworkSpec,
    SpecError,
    bind_columns,
    build_network,
    column_map,
    neuron_to_layer_values,
    param_map,
)
from core.training.train import TrainConfig, Trainer

EVERY = ops.FEATURE_NAMES
SPECS = [
    NetworkSpec((7, 3, 1), features=EVERY, output_activation="sigmoid", loss="bce"),
    NetworkSpec((2, 1), features=("x1^2", "x2^2"), output_activation="sigmoid", loss="bce"),
    NetworkSpec((2, 2, 1), features=("sin(x1)", "x1"), activation="sigmoid"),
    NetworkSpec((2, 3, 2), regularization="l2", reg_rate=0.05, seed=3),
    NetworkSpec((2, 3, 1), regularization="l1", reg_rate=0.2, activation="relu", seed=1),
    NetworkSpec(
        (3, 4, 1), features=("x1*x2", "x2^2", "sin(x2)"), regularization="l2", reg_rate=1.0
    ),
]


def _ids(spec: NetworkSpec) -> str:
    return f"{'-'.join(map(str, spec.sizes))}-{','.join(spec.features)}-{spec.regularization}"


def _values(spec: NetworkSpec, samples: int, seed: int = 5) -> dict:
    rng = np.random.default_rng(seed)
    values = {name: float(rng.normal(0, 0.8)) for name in param_map(spec)}
    for name, (matrix, _) in column_map(spec).items():
        col = rng.normal(0, 1.5, samples)
        if matrix == "Y" and spec.loss == "bce":
            col = rng.integers(0, 2, samples).astype(float)
        values[name] = col
    return values


def _central(graph, overrides, leaf, eps=1e-6):
    base = np.asarray(overrides.get(leaf, graph[leaf].value), dtype=float)
    grad = np.zeros_like(base)
    for index in np.ndindex(base.shape):
        plus, minus = base.copy(), base.copy()
        plus[index] += eps
        minus[index] -= eps
        f_plus = engine.evaluate(graph, {**overrides, leaf: plus})
        f_minus = engine.evaluate(graph, {**overrides, leaf: minus})
        grad[index] = (f_plus - f_minus) / (2 * eps)
    return grad


@pytest.mark.parametrize("spec", SPECS, ids=_ids)
def test_both_granularities_give_the_same_objective_and_gradients(spec):
    neuron = build_network(spec.with_granularity("neuron"))
    layer = build_network(spec.with_granularity("layer"))
    nv = _values(spec, 4)
    rn = engine.run(neuron.graph, nv, record=False)
    rl = engine.run(layer.graph, neuron_to_layer_values(spec, nv), record=False)
    assert rn.objective == pytest.approx(rl.objective, abs=1e-12, rel=1e-12)
    for name, (leaf, index) in param_map(spec).items():
        assert rn.gradients[name] == pytest.approx(np.asarray(rl.gradients[leaf])[index], abs=1e-12)
    for name, (matrix, c) in column_map(spec).items():
        assert np.allclose(rn.gradients[name], np.asarray(rl.gradients[matrix])[:, c], atol=1e-12)


@pytest.mark.parametrize("granularity", ["neuron", "layer"])
@pytest.mark.parametrize("spec", SPECS, ids=_ids)
def test_gradients_through_features_and_penalty_match_central_differences(spec, granularity):
    spec = spec.with_granularity(granularity)
    net = build_network(spec)
    nv = _values(spec, 3, seed=9)
    overrides = nv if granularity == "neuron" else neuron_to_layer_values(spec, nv)
    r = engine.run(net.graph, overrides, record=False)
    for leaf in net.params + net.inputs:  # the inputs: the chain rule through the features
        numeric = _central(net.graph, overrides, leaf)
        assert np.allclose(r.gradients[leaf], numeric, atol=1e-6, rtol=1e-5), leaf


def test_feature_nodes_hold_their_formulas_at_both_granularities():
    spec = NetworkSpec((7, 1), features=EVERY)
    nv = _values(spec, 5)
    x1, x2 = nv["x1"], nv["x2"]
    want = {
        "x1": x1,
        "x2": x2,
        "x1^2": x1**2,
        "x2^2": x2**2,
        "x1*x2": x1 * x2,
        "sin(x1)": np.sin(x1),
        "sin(x2)": np.sin(x2),
    }
    neuron = build_network(spec)
    rn = engine.run(neuron.graph, nv, record=False)
    for name, value in want.items():
        np.testing.assert_allclose(rn.values[name], value, rtol=1e-15)
        if name not in ("x1", "x2"):
            assert neuron.graph[name].group == "features"
    layer = build_network(spec.with_granularity("layer"))
    rl = engine.run(layer.graph, neuron_to_layer_values(spec, nv), record=False)
    np.testing.assert_allclose(rl.values["F"], np.column_stack(list(want.values())), rtol=1e-15)
    # ∂Q/∂x1 = Σ_k ∂Q/∂f_k · ∂f_k/∂x1, with ∂f/∂x1 = 1, 0, 2x1, 0, x2, cos x1, 0
    g = rn.gradients
    by_hand = g["x1^2"] * 2 * x1 + g["x1*x2"] * x2 + g["sin(x1)"] * np.cos(x1)
    upstream_x1 = [t for t in neuron.graph.nodes.values() if t.args and t.args[-1] == "x1"]
    direct = sum(rn.gradients[t.id] * rn.values[t.args[0]] for t in upstream_x1 if t.op == "mul")
    np.testing.assert_allclose(g["x1"], by_hand + direct, rtol=1e-12)


def test_features_are_kept_in_playgrounds_order():
    spec = NetworkSpec((2, 1), features=["sin(x2)", "x1^2"])
    assert spec.features == ("x1^2", "sin(x2)")
    assert spec.raw_inputs == 2
    assert NetworkSpec((2, 1), features=("x1", "sin(x1)")).raw_inputs == 1
    assert NetworkSpec.from_dict(spec.to_dict()) == spec
    assert spec.to_dict()["features"] == ["x1^2", "sin(x2)"]
    assert "features" not in NetworkSpec((2, 1)).to_dict()  # old documents stay as they were


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"sizes": (2, 1), "features": ("x3",)}, "features[0]: unknown feature 'x3'"),
        ({"sizes": (2, 1), "features": ("x1^3", "x1")}, "did you mean 'x1^2'?"),
        ({"sizes": (2, 1), "features": ("x1", "x1")}, "features[1]: 'x1' is listed twice"),
        ({"sizes": (3, 1), "features": ("x1", "x2")}, "sizes[0]: the first size is the number"),
        ({"sizes": (2, 1), "regularization": "l3"}, "unknown regularisation 'l3'"),
        ({"sizes": (2, 1), "regularization": "l2", "reg_rate": -1.0}, "reg_rate: must be"),
        ({"sizes": (2, 1), "reg_rate": float("nan")}, "reg_rate: must be a finite number"),
        ({"sizes": (2, 1), "regularization": "l1", "loss": "none"}, "added to a loss"),
    ],
)
def test_bad_features_and_penalties_name_the_field(kwargs, message):
    with pytest.raises(SpecError, match=re.escape(message)):
        NetworkSpec(**kwargs)


# ---------------------------------------------------------------------------- the penalty


@pytest.mark.parametrize("granularity", ["neuron", "layer"])
@pytest.mark.parametrize("kind", ["l1", "l2"])
def test_the_penalty_is_its_closed_form_and_spares_the_biases(kind, granularity):
    rate = 0.03
    plain = NetworkSpec((2, 3, 1), granularity=granularity, seed=4)
    spec = NetworkSpec(
        (2, 3, 1), granularity=granularity, seed=4, regularization=kind, reg_rate=rate
    )
    nv = _values(plain, 6)
    overrides = nv if granularity == "neuron" else neuron_to_layer_values(plain, nv)
    r0 = engine.run(build_network(plain).graph, overrides, record=False)
    net = build_network(spec)
    r = engine.run(net.graph, overrides, record=False)
    weights = {k: v for k, v in nv.items() if k in param_map(plain) and k.startswith(("w", "v"))}
    assert len(weights) == 2 * 3 + 3 * 1
    norm = (
        sum(abs(w) for w in weights.values())
        if kind == "l1"
        else sum(w * w for w in weights.values())
    )
    assert net.graph.output == "Q"
    assert r.objective == pytest.approx(r0.objective + rate * norm, abs=1e-12)
    assert float(r.values["penalty"]) == pytest.approx(rate * norm, abs=1e-14)
    for name, (leaf, index) in param_map(plain).items():

        def grad(run, name=name, leaf=leaf, index=index):
            return (
                run.gradients[name]
                if granularity == "neuron"
                else np.asarray(run.gradients[leaf])[index]
            )

        extra = grad(r) - grad(r0)
        if name in weights:
            w = weights[name]
            assert extra == pytest.approx(rate * (np.sign(w) if kind == "l1" else 2 * w), abs=1e-12)
        else:  # a bias: no penalty
            assert extra == pytest.approx(0.0, abs=1e-15), name


def _train(spec: NetworkSpec, name: str = "spiral", epochs: int = 400) -> Trainer:
    train, test = datasets.generate_split(name, 200, None, 0, 0.2)
    net = build_network(spec)
    trainer = Trainer(
        net.graph,
        bind_columns(net, train.columns),
        bind_columns(net, test.columns),
        TrainConfig(learning_rate=0.1, max_epochs=epochs, momentum=0.9, seed=0),
    )
    trainer.run()
    return trainer


def _weight_norm(trainer: Trainer) -> float:
    params = trainer.result.parameters
    return float(np.sqrt(sum(np.sum(np.square(v)) for k, v in params.items() if k.startswith("W"))))


def test_l2_at_001_shrinks_the_weights_against_rate_0_on_the_same_seed():
    base = dict(sizes=(2, 8, 8, 1), output_activation="sigmoid", loss="bce", granularity="layer")
    free = _weight_norm(_train(NetworkSpec(**base, regularization="l2", reg_rate=0.0)))
    none = _weight_norm(_train(NetworkSpec(**base)))
    shrunk = _weight_norm(_train(NetworkSpec(**base, regularization="l2", reg_rate=0.01)))
    assert free == pytest.approx(none, rel=1e-12)  # rate 0 is no penalty at all
    assert shrunk < 0.8 * free, (shrunk, free)


# ---------------------------------------------------------------------------- the command line


def _cli(*argv: str) -> tuple[int, dict | str]:
    out, err = io.StringIO(), io.StringIO()
    code = run(build_parser().parse_args(list(argv)), stdout=out, stderr=err)
    return code, (json.loads(out.getvalue()) if code == 0 else err.getvalue())


@pytest.mark.parametrize("granularity", ["layer", "neuron"])
def test_circle_with_squares_and_no_hidden_layer_is_solved(granularity):
    code, data = _cli(
        "--mlp", "2-1", "--features", "x1^2,x2^2", "--dataset", "circle", "--test-fraction", "0.2",
        "--granularity", granularity, "--json",
    )  # fmt: skip
    assert code == 0, data
    assert data["test_accuracy"] >= 0.95
    code, plain = _cli("--mlp", "2-1", "--dataset", "circle", "--test-fraction", "0.2", "--json")
    assert plain["test_accuracy"] < 0.8  # without the features a line cannot separate a disc


def test_regularisation_from_the_command_line():
    code, data = _cli(
        "--mlp", "2-3-1", "--dataset", "xor", "--regularization", "l1", "--reg-rate", "0.1",
        "--epochs", "5", "--json",
    )  # fmt: skip
    assert code == 0 and set(data["parameters"]) == {"W1", "b1", "W2", "b2"}


@pytest.mark.parametrize(
    "argv, message",
    [
        (
            ["--mlp", "3-1", "--features", "x1^2,x2^2"],
            "--mlp: sizes[0]: the first size is the number of features: 2 features",
        ),
        (["--mlp", "2-1", "--features", "x1,x9"], "unknown feature 'x9'"),
        (["--mlp", "2-1", "--features", "x1,,x2"], "write the names separated by commas"),
        (["--mlp", "2-1", "--reg-rate", "0.1"], "--reg-rate needs --regularization l1 or l2"),
        (["paired_regression", "--features", "x1"], "--features only applies to --mlp"),
    ],
)
def test_bad_feature_and_penalty_options_exit_2(argv, message):
    code, err = _cli(*argv, "--dataset", "circle")
    assert code == 2 and message in err and "Traceback" not in err
