"""Gradient descent: the lecture's answers, each stopping rule, exact pause/resume, two paths."""

from __future__ import annotations

import math

import numpy as np
import pytest

from core.autodiff import engine
from core.autodiff.trace import UpdateStep
from core.lang.expr import parse
from core.training import datasets
from core.training.nn import NetworkSpec, bind_columns, build_network
from core.training.train import (
    Accuracy,
    StopRule,
    TrainConfig,
    Trainer,
    TrainError,
    detect_accuracy,
    recorded_update,
)

LINE = """
x = 0.5
y = 1.0
w0 = 0.0
w1 = 0.0
a = w0 + w1*x
loss = (a - y)**2
"""


def line_data(samples=200, noise=0.5, seed=0, slope=None):
    table = datasets.generate("regression", samples, noise=noise, seed=seed)
    x = table.column("x")
    y = table.column("y") if slope is None else slope * x
    return {"x": x, "y": y}


def same_numbers(a, b) -> bool:
    return np.shape(a) == np.shape(b) and np.array_equal(a, b, equal_nan=True)


def assert_same_state(t1: Trainer, t2: Trainer) -> None:
    assert t1.epoch == t2.epoch
    h1, h2 = t1.history.to_dict(), t2.history.to_dict()
    for name in h1:
        np.testing.assert_array_equal(h1[name], h2[name], err_msg=name)
    for (k1, v1), (k2, v2) in zip(t1.parameters().items(), t2.parameters().items(), strict=True):
        assert k1 == k2 and same_numbers(v1, v2), k1


def test_paired_regression_reaches_the_least_squares_line():
    data = line_data()
    config = TrainConfig(learning_rate=0.1, max_epochs=20_000, stop=("gradient=1e-12",))
    trainer = Trainer(parse(LINE).graph, data, config=config)
    result = trainer.run()
    assert result.stop_reason == "gradient"
    design = np.column_stack([np.ones_like(data["x"]), data["x"]])
    (w0, w1), *_ = np.linalg.lstsq(design, data["y"], rcond=None)
    assert result.parameters["w0"] == pytest.approx(w0, abs=1e-10)
    assert result.parameters["w1"] == pytest.approx(w1, abs=1e-10)
    residual = data["y"] - (w0 + w1 * data["x"])
    assert result.train_loss == pytest.approx(np.mean(residual**2), rel=1e-12)


def test_one_epoch_is_one_gradient_step_by_hand():
    data = line_data(samples=20)
    trainer = Trainer(parse(LINE).graph, data, config=TrainConfig(learning_rate=0.05))
    record = trainer.step_epoch()
    x, y = data["x"], data["y"]
    g0, g1 = np.mean(2 * (0 - y)), np.mean(2 * (0 - y) * x)  # at w0 = w1 = 0
    params = trainer.parameters()
    assert params["w0"] == pytest.approx(-0.05 * g0, rel=1e-13)
    assert params["w1"] == pytest.approx(-0.05 * g1, rel=1e-13)
    assert record.train_loss == pytest.approx(np.mean(y**2), rel=1e-13)
    assert record.grad_norm == pytest.approx(math.hypot(g0, g1), rel=1e-13)
    assert record.step_norm == pytest.approx(0.05 * math.hypot(g0, g1), rel=1e-12)


@pytest.mark.parametrize("rule, column", [("gradient", "grad_norm"), ("weights", "step_norm")])
def test_norm_rules_fire_at_the_first_epoch_below_epsilon(rule, column):
    eps = 1e-4
    trainer = Trainer(
        parse(LINE).graph,
        line_data(),
        config=TrainConfig(learning_rate=0.05, max_epochs=5000, stop=(f"{rule}={eps}",)),
    )
    result = trainer.run()
    assert result.stop_reason == rule
    values = trainer.history.column(column)
    first = int(np.argmax(values < eps)) + 1
    assert values[-1] < eps and np.all(values[:-1] >= eps)
    assert result.epoch == first == trainer.epoch == len(trainer.history)
    assert f"ε = {eps:g}" in result.message


def test_early_stopping_fires_after_patience_and_restores_the_best():
    # trained toward y = 2x from w1 = 0, judged on y = x: the held-out loss falls, then rises
    train, test = line_data(noise=0.0, slope=2.0), line_data(noise=0.0, slope=1.0, seed=1)
    config = TrainConfig(learning_rate=0.02, max_epochs=1000, stop=("early=7",))
    trainer = Trainer(parse(LINE).graph, train, test, config)
    result = trainer.run()
    assert result.stop_reason == "early"
    test_loss = trainer.history.column("test_loss")
    best = int(np.argmin(test_loss)) + 1
    assert 1 < best < len(test_loss)
    assert result.best_epoch == best and result.epoch == best + 7
    again = Trainer(parse(LINE).graph, train, test, TrainConfig(learning_rate=0.02))
    again.run(max_epochs=best)
    assert result.parameters == again.parameters()
    assert result.test_loss == pytest.approx(test_loss[best - 1], rel=1e-12)


def test_max_epochs_and_the_first_listed_rule_win():
    trainer = Trainer(parse(LINE).graph, line_data(), config=TrainConfig(max_epochs=3))
    result = trainer.run()
    assert (result.stop_reason, result.epoch) == ("max_epochs", 3)
    config = TrainConfig(learning_rate=0.05, max_epochs=5000, stop=("weights=1", "gradient=100"))
    result = Trainer(parse(LINE).graph, line_data(), config=config).run()
    assert (result.stop_reason, result.epoch) == ("weights", 1)


def test_mini_batch_of_all_samples_equals_full_batch():
    data = line_data(samples=64)
    full = Trainer(parse(LINE).graph, data, config=TrainConfig(max_epochs=25))
    full.run()
    for size in (64, 1000):
        batched = Trainer(
            parse(LINE).graph, data, config=TrainConfig(max_epochs=25, batch_size=size, seed=9)
        )
        assert batched.full_batch
        batched.run()
        assert_same_state(full, batched)


def test_mini_batches_follow_the_engine_batch_by_batch():
    data = line_data(samples=50)
    config = TrainConfig(learning_rate=0.1, batch_size=16, max_epochs=2, seed=4)
    trainer = Trainer(parse(LINE).graph, data, config=config)
    trainer.run()
    assert trainer.updates == 2 * 4  # batches of 16, 16, 16, 2
    graph = parse(LINE).graph
    w = {"w0": np.float64(0.0), "w1": np.float64(0.0)}
    rng = np.random.default_rng(4)
    for _ in range(2):
        order = rng.permutation(50)
        for k in range(0, 50, 16):
            rows = order[k : k + 16]
            run = engine.run(graph, {"x": data["x"][rows], "y": data["y"][rows], **w}, record=False)
            w = {name: w[name] - 0.1 * run.gradients[name] for name in w}
    assert trainer.parameters() == w


def test_shuffling_is_seeded():
    data = line_data(samples=40)

    def train(seed):
        t = Trainer(parse(LINE).graph, data, config=TrainConfig(batch_size=8, seed=seed))
        t.run(max_epochs=5)
        return t

    assert_same_state(train(1), train(1))
    assert train(1).parameters() != train(2).parameters()


def classification_trainer(granularity="layer", layers=True, **config):
    train, test = datasets.generate_split("xor", 120, noise=0.1, seed=3, test_fraction=0.25)
    spec = NetworkSpec(
        (2, 5, 1),
        activation="tanh",
        output_activation="sigmoid",
        loss="bce",
        granularity=granularity,
        seed=2,
    )
    net = build_network(spec)
    assert test is not None
    return Trainer(
        net.graph,
        bind_columns(net, train.columns),
        bind_columns(net, test.columns),
        TrainConfig(**{"learning_rate": 0.3, "max_epochs": 60, **config}),
        layers=layers,
    )


def test_pause_and_resume_equal_an_uninterrupted_run():
    settings = {"batch_size": 16, "momentum": 0.8, "stop": ("early=1000",), "seed": 5}
    whole = classification_trainer(**settings)
    whole.run(max_epochs=30)
    first = classification_trainer(**settings)
    first.run(max_epochs=12)
    state = first.snapshot()
    first.run(max_epochs=5)  # the snapshot does not move with the trainer
    second = classification_trainer(**settings)
    second.restore(state)
    second.run(max_epochs=18)
    assert_same_state(whole, second)
    ticks = iter(range(1000))
    sliced = classification_trainer(**settings)
    while sliced.epoch < 30:
        sliced.run(max_epochs=30 - sliced.epoch, should_stop=lambda: next(ticks) % 4 == 3)
    assert_same_state(whole, sliced)


def test_restore_refuses_another_graphs_state():
    state = classification_trainer().snapshot()
    other = Trainer(parse(LINE).graph, line_data())
    with pytest.raises(TrainError, match="different parameters"):
        other.restore(state)


@pytest.mark.parametrize("granularity", ["neuron", "layer"])
def test_recorded_and_compiled_updates_agree_on_networks(granularity):
    """Bit for bit on the graph's own plan; a neuron graph trained through its layers (the
    default, core.training.layered) sums in another order and agrees to rounding."""
    fast = classification_trainer(granularity, layers=False, batch_size=32, momentum=0.5)
    recorded = classification_trainer(granularity, layers=False, batch_size=32, momentum=0.5)
    layered = classification_trainer(granularity, batch_size=32, momentum=0.5)
    for _ in range(3):
        fast.step_epoch()
        recorded.step_epoch(record=True)
        layered.step_epoch()
    assert_same_state(fast, recorded)
    for name, want in fast.parameters().items():
        np.testing.assert_allclose(layered.parameters()[name], want, rtol=1e-12, atol=1e-15)
    steps = recorded.last_trace.steps
    updates = [s for s in steps if isinstance(s, UpdateStep)]
    assert [u.node for u in updates] == recorded.param_ids
    for u in updates:
        assert same_numbers(u.new, u.old - u.learning_rate * u.gradient)
        assert same_numbers(recorded.parameters()[u.node], u.new)


def test_recorded_and_compiled_updates_agree_on_a_program():
    data = line_data(samples=30)
    fast = Trainer(parse(LINE).graph, data, config=TrainConfig(learning_rate=0.1))
    recorded = Trainer(parse(LINE).graph, data, config=TrainConfig(learning_rate=0.1))
    for _ in range(5):
        fast.step_epoch()
        recorded.step_epoch(record=True)
    assert_same_state(fast, recorded)
    kinds = [s.kind for s in recorded.last_trace.steps]
    assert kinds[-2:] == ["update", "update"] and "seed" in kinds and "backward" in kinds


def test_recorded_and_compiled_updates_agree_with_dropout():
    spec = NetworkSpec((2, 6, 1), loss="mse", granularity="layer", dropout=0.4, seed=1)
    net = build_network(spec)
    table = datasets.generate("plane", 60, seed=1)

    def trainer():
        return Trainer(net.graph, bind_columns(net, table.columns), config=TrainConfig())

    fast, recorded = trainer(), trainer()
    for _ in range(3):
        fast.step_epoch()
        recorded.step_epoch(record=True)
    assert_same_state(fast, recorded)


def test_one_recorded_update_for_the_window():
    graph = parse(LINE).graph
    trace, new = recorded_update(graph, {"x": 2.0, "y": 3.0}, learning_rate=0.1)
    run = engine.run(graph, {"x": 2.0, "y": 3.0}, record=False)
    updates = [s for s in trace.steps if isinstance(s, UpdateStep)]
    assert [u.node for u in updates] == ["w0", "w1"]
    for u in updates:
        assert u.gradient == run.gradients[u.node]
        assert u.new == u.old - 0.1 * u.gradient == new[u.node]
    assert trace.state_at(len(trace)).values["w1"] == new["w1"]
    with pytest.raises(TrainError, match="learning rate"):
        recorded_update(graph, learning_rate=0.0)


def test_divergence_stops_and_keeps_the_last_finite_parameters():
    trainer = Trainer(
        parse(LINE).graph, line_data(), config=TrainConfig(learning_rate=5.0, max_epochs=10_000)
    )
    result = trainer.run()
    assert result.stop_reason == "diverged"
    assert "η = 5" in result.message and "became" in result.message
    losses = trainer.history.column("train_loss")
    assert not np.isfinite(losses[-1]) and np.all(np.isfinite(losses[:-1]))
    assert all(math.isfinite(v) for v in result.parameters.values())
    assert math.isfinite(result.train_loss)
    with pytest.raises(TrainError, match="finished"):
        trainer.step_epoch()
    with pytest.raises(TrainError, match="diverged"):
        trainer.reopen(100)


def test_a_loss_that_is_not_finite_at_the_start_is_reported_as_such():
    program = "x = 1\nw = 0.5\nloss = log(w * x)\n"
    trainer = Trainer(parse(program).graph, {"x": np.array([1.0, -1.0])})
    result = trainer.run()
    assert result.stop_reason == "diverged"
    assert "initial parameters" in result.message
    assert result.parameters["w"] == 0.5


def test_momentum_uses_the_velocity_form():
    data = line_data(samples=20)
    plain = Trainer(parse(LINE).graph, data, config=TrainConfig(learning_rate=0.1))
    heavy = Trainer(parse(LINE).graph, data, config=TrainConfig(learning_rate=0.1, momentum=0.9))
    heavy.step_epoch()
    plain.step_epoch()
    assert heavy.parameters() == plain.parameters()  # first step: velocity b = ∇Q
    velocity = list(heavy.optimiser.state())
    w = heavy.parameters()
    g = engine.run(parse(LINE).graph, {**data, **w}, record=False).gradients
    heavy.step_epoch()
    for k, name in enumerate(("w0", "w1")):  # b ← μb + ∇Q, w ← w − ηb
        assert heavy.parameters()[name] == w[name] - 0.1 * (0.9 * velocity[k] + g[name])


def test_accuracy_for_classification_losses():
    trainer = classification_trainer()
    assert trainer.accuracy == Accuracy((("A", "Y"),), "threshold", 0.5)
    result = trainer.run()
    predicted = trainer.trained_graph()
    data = trainer._train
    values = engine.run(predicted, {"X": data["X"], "Y": data["Y"]}, record=False).values
    expected = np.mean((values["A"] >= 0.5) == (values["Y"] >= 0.5))
    assert result.train_accuracy == expected
    assert 0.0 <= result.test_accuracy <= 1.0
    assert detect_accuracy(parse(LINE).graph) is None
    softmax = NetworkSpec(
        (2, 3), output_activation="softmax", loss="softmax_ce", granularity="layer"
    )
    assert detect_accuracy(build_network(softmax).graph).kind == "argmax"


def test_float32_training_tracks_float64():
    exact = classification_trainer(max_epochs=20)
    single = classification_trainer(max_epochs=20, dtype="float32")
    exact.run()
    single.run()
    np.testing.assert_allclose(
        single.history.column("train_loss"), exact.history.column("train_loss"), rtol=1e-4
    )
    assert single.parameters()["W1"].dtype == np.float32


def test_reopen_continues_after_max_epochs():
    trainer = Trainer(parse(LINE).graph, line_data(), config=TrainConfig(max_epochs=5))
    trainer.run()
    trainer.reopen(8)
    result = trainer.run()
    assert result.epoch == 8 and len(trainer.history) == 8


@pytest.mark.parametrize(
    "config, message",
    [
        (TrainConfig(learning_rate=0), "learning rate"),
        (TrainConfig(learning_rate=float("nan")), "learning rate"),
        (TrainConfig(max_epochs=0), "max_epochs"),
        (TrainConfig(batch_size=0), "batch size"),
        (TrainConfig(momentum=1.0), "momentum"),
        (TrainConfig(dtype="float16"), "float64 or float32"),
        (TrainConfig(stop=(StopRule("weights", -1.0),)), "positive"),
        (TrainConfig(stop=("early=0",)), "patience"),
        (TrainConfig(stop=("weights", "weights=2")), "twice"),
    ],
)
def test_bad_configurations(config, message):
    with pytest.raises((TrainError, ValueError), match=message):
        Trainer(parse(LINE).graph, line_data(), None, config)


def test_bad_setups():
    with pytest.raises(TrainError, match="unknown stopping rule 'patience'"):
        TrainConfig(stop=("patience",))
    with pytest.raises(TrainError, match="not a number"):
        StopRule.parse("weights=small")
    with pytest.raises(TrainError, match="held-out data"):
        Trainer(parse(LINE).graph, line_data(), config=TrainConfig(stop=("early",)))
    with pytest.raises(TrainError, match="nothing to train"):
        Trainer(parse("x = 1\nc: const = 2\nloss = c * x\n").graph, {"x": np.ones(3)})
    with pytest.raises(TrainError, match="disagree on the number of samples"):
        Trainer(parse(LINE).graph, {"x": np.ones(3), "y": np.ones(4)})
    with pytest.raises(TrainError, match="trained parameter"):
        Trainer(parse(LINE).graph, {"x": np.ones(3), "w0": np.ones(3)})
    with pytest.raises(TrainError, match="no input"):
        Trainer(parse(LINE).graph, {"unrelated": np.ones(3)})


def test_from_tables_and_predict_on_a_grid():
    train, test = datasets.generate_split("gauss", 80, seed=1, test_fraction=0.25)
    spec = NetworkSpec((2, 3, 1), output_activation="sigmoid", loss="bce", granularity="layer")
    net = build_network(spec)
    trainer = Trainer.from_tables(net, train, test, TrainConfig(learning_rate=0.5, max_epochs=40))
    trainer.run()
    assert trainer.test_samples == 20
    grid = np.array([[2.0, 2.0], [-2.0, -2.0], [0.5, -1.0]])
    probabilities = trainer.predict({"X": grid})
    assert probabilities.shape == (3, 1)
    assert probabilities[0, 0] > 0.5 > probabilities[1, 0]  # the two Gaussians' centres
    run = engine.run(trainer.trained_graph(), {"X": grid, "Y": np.zeros((3, 1))}, record=False)
    np.testing.assert_array_equal(probabilities, run.values["A"])
    hidden = trainer.predict({"X": grid}, node="H1")
    assert hidden.shape == (3, 3)
    program = Trainer.from_tables(parse(LINE).graph, datasets.generate("regression", 30))
    program.run(max_epochs=3)
    assert program.predict({"x": np.array([0.0, 1.0])}, node="a").shape == (2,)
    with pytest.raises(TrainError, match="prediction node"):
        program.predict({"x": 1.0})
    with pytest.raises(TrainError, match="no node named"):
        program.predict({"x": 1.0}, node="nope")
    with pytest.raises(TrainError, match="missing data column 'x2'"):
        Trainer.from_tables(net, datasets.generate("regression", 30))


def test_a_recorded_momentum_update_says_it_moves_along_b_not_the_gradient() -> None:
    """With μ > 0 the recorded step holds b = μ·b + ∂Q/∂w; the text must not call it ∂Q/∂w."""
    from core.autodiff.trace import UpdateStep
    from core.lang.expr import parse
    from core.teaching.explain import describe_step
    from core.training.train import TrainConfig, Trainer

    graph = parse("x = 0.0\ny = 0.0\nw = 0.5\nloss = (w*x - y)**2").graph
    data = {"x": np.array([1.0, 2.0, 3.0]), "y": np.array([2.0, 4.0, 6.0])}
    trainer = Trainer(graph, data, config=TrainConfig(learning_rate=0.01, momentum=0.9))
    trainer.step_epoch()
    trainer.step_epoch(record=True)
    trace = trainer.last_trace
    update = next(s for s in trace.steps if isinstance(s, UpdateStep))
    assert update.momentum == 0.9
    text = describe_step(graph, trace, list(trace.steps).index(update) + 1)
    assert "η · b =" in text.equation and "∂loss/∂w =" not in text.equation
    assert "b ← μ·b + ∂loss/∂w" in text.detail
    assert update.new == pytest.approx(update.old - 0.01 * update.gradient)


def test_momentum_velocity_over_many_updates_matches_the_closed_form():
    """With a constant gradient c, b_t = c(1 − μ^t)/(1 − μ) and w_t = w_0 − η Σ b_k: storing the
    gradient instead of the velocity shows from the third update on."""
    program = "x = 2.0\nw = 0.5\nloss = w * x\n"
    data = {"x": np.array([1.0, 2.0, 4.5])}  # ∇Q = mean(x) = 2.5 whatever w is
    lr, mu, c = 0.1, 0.9, 2.5
    trainer = Trainer(parse(program).graph, data, config=TrainConfig(learning_rate=lr, momentum=mu))
    w = 0.5
    for t in range(1, 6):
        trainer.step_epoch()
        b = c * (1.0 - mu**t) / (1.0 - mu)
        w -= lr * b
        assert float(trainer.optimiser.state()[0]) == pytest.approx(b, rel=1e-12), t
        assert trainer.parameters()["w"] == pytest.approx(w, rel=1e-12), t


def test_data_whose_shapes_the_program_cannot_take_are_refused_at_once():
    """A column of numbers bound to x where the program multiplies x, a matrix of samples ×
    features, by W: one sentence naming the shapes when training is set up (the lab's monkey
    once met NumPy's matmul error in the middle of training), for test data too."""
    import numpy as np
    import pytest

    from core.lang.expr import parse
    from core.training.train import TrainConfig, Trainer
    from core.training.train_errors import TrainError

    graph = parse(
        "x = [[1, 2, 3]]\nW: param = [[0.1], [0.2], [0.3]]\ny = [[1.0]]\nloss = mse(x @ W, y)\n"
    ).graph
    column = {"x": np.arange(5.0), "y": np.arange(5.0)}
    with pytest.raises(TrainError, match=r"training data do not fit the program \(x \(5,\)"):
        Trainer(graph, column, None, TrainConfig(learning_rate=0.1, max_epochs=3))
    good = {"x": np.ones((5, 3)), "y": np.ones((5, 1))}
    with pytest.raises(TrainError, match="test data do not fit the program"):
        Trainer(graph, good, column, TrainConfig(learning_rate=0.1, max_epochs=3))
    trainer = Trainer(
        graph,
        good,
        {"x": np.ones((2, 3)), "y": np.ones((2, 1))},
        TrainConfig(learning_rate=0.1, max_epochs=3),
    )
    trainer.run()
    assert trainer.epoch == 3
