"""A neuron graph trained through its layers' kernels gives the neuron-by-neuron numbers.

The neuron plan runs every weight's product and every partial sum as the window draws them
(the engine's very bits); the layered plan runs one matrix product per layer. They differ only
in the order of the sums, so after 100 epochs (momentum, mini-batches, held-out data) every
weight agrees to 1e-12 relative, at both granularities.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from core.autodiff import engine
from core.autodiff.graph import Graph, Role
from core.autodiff.plan import Plan
from core.training import datasets
from core.training.layered import LayeredPlan, find_layers, training_plan
from core.training.nn import NetworkSpec, bind_columns, build_network, param_map
from core.training.train import TrainConfig, Trainer

SPECS = [
    NetworkSpec((2, 8, 8, 1), "tanh", "sigmoid", "bce", granularity="neuron"),
    NetworkSpec((2, 5, 3), "relu", "identity", "mse", granularity="neuron", seed=2),
    NetworkSpec((3, 4, 2), "sigmoid", "sigmoid", "bce", granularity="neuron", seed=1),
    NetworkSpec((2, 4, 4, 1), ("elu", "softsign"), "identity", "mse", granularity="neuron"),
    NetworkSpec((2, 3, 2), "tanh", "identity", "none", granularity="neuron"),
    NetworkSpec((1, 12, 1), "tanh", "identity", "mse", granularity="neuron", seed=4),
]


def rel_error(a, b) -> float:
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    return float(np.max(np.abs(a - b) / np.maximum(np.abs(b), 1e-300)))


@pytest.mark.parametrize("spec", SPECS, ids=lambda s: f"{s.sizes}-{s.loss}")
def test_networks_drawn_by_neurons_are_recognised(spec):
    net = build_network(spec, samples=3)
    found = find_layers(net.graph)
    assert found is not None
    assert [len(layer.biases) for layer in found.layers] == list(spec.sizes[1:])
    assert found.inputs == tuple(net.inputs)
    assert found.targets == tuple(net.targets)
    assert isinstance(training_plan(net.graph), LayeredPlan)


def test_other_graphs_keep_their_own_plan():
    layer = build_network(NetworkSpec((2, 3, 1), granularity="layer"), samples=3).graph
    dropout = build_network(
        NetworkSpec((2, 3, 1), granularity="neuron", dropout=0.5), samples=3
    ).graph
    shared = Graph()  # one weight used by two products: no matrix holds it
    shared.add_leaf("x1", 1.0, Role.INPUT)
    shared.add_leaf("x2", 2.0, Role.INPUT)
    shared.add_leaf("w", 0.5, Role.PARAM)
    shared.add_leaf("b", 0.1, Role.PARAM)
    shared.add_op("mul", ("w", "x1"), node_id="p1")
    shared.add_op("mul", ("w", "x2"), node_id="p2")
    shared.add_op("add", ("p1", "p2"), node_id="s")
    shared.add_op("add", ("s", "b"), node_id="z")
    shared.add_op("tanh", ("z",), node_id="a")
    shared.set_output("a")
    for graph in (layer, dropout, shared):
        assert find_layers(graph) is None
        assert isinstance(training_plan(graph), Plan)
    assert not isinstance(training_plan(build_network(SPECS[0]).graph, layers=False), LayeredPlan)


@pytest.mark.parametrize("spec", SPECS, ids=lambda s: f"{s.sizes}-{s.loss}")
def test_objective_and_gradients_follow_the_neuron_plan(spec):
    net = build_network(spec, samples=40)
    exact = Plan(net.graph)
    layered = LayeredPlan(net.graph, find_layers(net.graph))
    assert layered.wrt == exact.wrt
    objective = exact.forward()
    assert layered.forward() == pytest.approx(objective, rel=1e-13)
    assert rel_error(layered.backward(), exact.backward()) < 1e-12
    for nid in exact.order:  # every neuron's sum and activation, and the data, by neuron id
        if nid in layered._where:  # noqa: SLF001 (the nodes the layers compute)
            np.testing.assert_allclose(layered.value(nid), exact.value(nid), rtol=1e-12, atol=1e-15)


def spiral(samples=240):
    table = datasets.generate("spiral", samples, seed=0)
    return table.split(0.25, seed=0)


@pytest.mark.parametrize("batch_size", [None, 32])
def test_100_epochs_agree_with_the_neuron_engine_at_both_granularities(batch_size):
    train, test = spiral()
    config = TrainConfig(learning_rate=0.1, momentum=0.9, max_epochs=100, batch_size=batch_size)
    trained = {}
    for granularity, layers in (("neuron", False), ("neuron", True), ("layer", True)):
        spec = NetworkSpec((2, 6, 6, 1), "tanh", "sigmoid", "bce", granularity=granularity)
        net = build_network(spec)
        trainer = Trainer(
            net.graph,
            bind_columns(net, train.columns),
            bind_columns(net, test.columns),
            config,
            layers=layers,
        )
        assert isinstance(trainer.plan, LayeredPlan) == (granularity == "neuron" and layers)
        result = trainer.run()
        assert result is not None and result.epoch == 100
        trained[granularity, layers] = (trainer, result)
    plain, _ = trained["neuron", False]
    reference = plain.parameters()
    through_layers, _ = trained["neuron", True]
    got = through_layers.parameters()
    assert list(got) == list(reference)
    assert all(type(v) is np.float64 for v in got.values())
    assert rel_error(list(got.values()), list(reference.values())) <= 1e-12
    layer_trainer, _ = trained["layer", True]
    matrices = layer_trainer.parameters()
    spec = NetworkSpec((2, 6, 6, 1), "tanh", "sigmoid", "bce", granularity="neuron")
    as_neurons = [matrices[leaf][index] for leaf, index in param_map(spec).values()]
    ordered = [reference[name] for name in param_map(spec)]
    assert rel_error(as_neurons, ordered) <= 1e-12
    for name in ("train_loss", "test_loss", "grad_norm", "step_norm"):
        want = plain.history.column(name)
        assert rel_error(through_layers.history.column(name), want) <= 1e-10, name
        assert rel_error(layer_trainer.history.column(name), want) <= 1e-10, name
    for name in ("train_accuracy", "test_accuracy"):
        np.testing.assert_array_equal(
            through_layers.history.column(name), plain.history.column(name), err_msg=name
        )


def test_the_trainer_still_answers_by_neuron_ids():
    """Parameters, predictions, a recorded update and a pause all speak the neuron graph."""
    train, _ = spiral(60)
    spec = SPECS[0]
    net = build_network(spec)
    data = bind_columns(net, train.columns)
    config = TrainConfig(learning_rate=0.2, max_epochs=50)
    fast, plain = Trainer(net.graph, data, None, config), Trainer(net.graph, data, None, config,
                                                                  layers=False)  # fmt: skip
    for trainer in (fast, plain):
        trainer.run(max_epochs=5)
        trainer.step_epoch(record=True)  # through the step-recording engine, then on
        trainer.run(max_epochs=5)
    assert fast.last_trace is not None and not fast.last_trace_mode[0]
    assert rel_error(list(fast.parameters().values()), list(plain.parameters().values())) < 1e-12
    xs = {"x1": np.linspace(-1, 1, 7), "x2": np.linspace(1, -1, 7)}
    np.testing.assert_allclose(fast.predict(xs), plain.predict(xs), rtol=1e-12)
    state = fast.snapshot()
    before = fast.parameters()
    fast.run(max_epochs=3)
    fast.restore(state)
    assert fast.parameters() == before
    run = engine.run(net.graph, fast.parameters(), record=False)  # the window's display run
    assert np.isfinite(run.objective)
    loss, accuracy = fast.evaluate()
    assert loss == pytest.approx(plain.evaluate()[0], rel=1e-12)
    assert 0.0 <= accuracy <= 1.0


def test_float32_through_the_layers_stays_float32():
    train, test = spiral(80)
    net = build_network(SPECS[0])
    config = TrainConfig(learning_rate=0.1, momentum=0.9, max_epochs=20, dtype="float32")
    trainer = Trainer(net.graph, bind_columns(net, train.columns), bind_columns(net, test.columns),
                      config)  # fmt: skip
    assert isinstance(trainer.plan, LayeredPlan)
    trainer.run(max_epochs=5)
    inner = trainer.plan.inner
    for buffers in (inner.values, inner.gradients):
        for v in buffers:
            assert v is None or v.dtype == np.float32
    assert trainer.snapshot().params.dtype == np.float32
    assert all(type(v) is np.float32 for v in trainer.parameters().values())
    exact = Trainer(net.graph, bind_columns(net, train.columns), bind_columns(net, test.columns),
                    replace(config, dtype="float64"))  # fmt: skip
    exact.run(max_epochs=5)
    got, want = trainer.parameters(), exact.parameters()
    np.testing.assert_allclose([got[k] for k in want], list(want.values()), rtol=1e-3, atol=1e-5)
