"""The lab's arithmetic without a window: binding, probes, the loss surface, recorded updates.

Every number the lab draws must be a number core computes; these tests hold the lab's grids,
surfaces and recorded updates to the engine and to a headless Trainer, exactly.
"""

from __future__ import annotations

import numpy as np
import pytest

from core.autodiff import engine
from core.autodiff.trace import UpdateStep
from core.documents.examples import load_example
from core.training import datasets
from core.training.nn import NetworkSpec, build_network
from core.training.train import TrainConfig, Trainer, recorded_update
from gui.lab.session import (
    CSV,
    DataChoice,
    LabError,
    Model,
    Session,
    load_data,
    loss_surface,
    run_from_trace,
)


def paired() -> Model:
    return Model(load_example("paired_regression").build())


def network(gran: str = "neuron", sizes=(2, 8, 8, 1)):
    return build_network(NetworkSpec(sizes, "tanh", "sigmoid", "bce", granularity=gran))


# ---------------------------------------------------------------------------- what the graph is


def test_paired_regression_is_a_line_with_two_parameters():
    model = paired()
    assert (model.features, model.targets, model.prediction, model.view) == (
        ["x"],
        ["y"],
        "y_hat",
        "line",
    )
    assert model.hidden == []


def test_the_lecture_program_has_a_prediction_and_hidden_neurons():
    model = Model(load_example("lecture").build())
    assert model.features == ["x1", "x2"] and model.targets == ["y"]
    assert model.prediction == "a" and model.view == "plane"
    assert [label for _nid, _col, label in model.hidden] == ["h1", "h2"]


@pytest.mark.parametrize("gran", ["neuron", "layer"])
def test_networks_name_every_hidden_neuron(gran):
    net = network(gran)
    model = Model(net.graph, net)
    assert model.features == ["x1", "x2"] and model.targets == ["y"] and model.view == "plane"
    labels = [label for _nid, _col, label in model.hidden]
    assert labels == [f"h{layer}_{j}" for layer in (1, 2) for j in range(1, 9)]


# ---------------------------------------------------------------------------- binding


def test_document_data_are_the_documents_values_and_split_cleanly():
    model = paired()
    data = load_data(model, DataChoice())
    assert data.samples == 5 and data.test is None
    np.testing.assert_array_equal(data.train_columns["x"], [0, 1, 2, 3, 4])
    split = load_data(model, DataChoice(test_fraction=0.4))
    assert split.samples == 3 and len(split.test_columns["x"]) == 2
    together = np.sort(np.concatenate([split.train_columns["x"], split.test_columns["x"]]))
    np.testing.assert_array_equal(together, [0, 1, 2, 3, 4])


def test_generated_data_bind_by_name_to_programs_and_networks():
    data = load_data(paired(), DataChoice("regression", 50, seed=3))
    table = datasets.generate("regression", 50, seed=3)
    np.testing.assert_array_equal(data.train["x"], table.column("x"))
    net = network("layer")
    bound = load_data(Model(net.graph, net), DataChoice("spiral", 60, test_fraction=0.25))
    assert bound.train["X"].shape == (45, 2) and bound.test["Y"].shape == (15, 1)
    np.testing.assert_array_equal(bound.train_columns["x1"], bound.train["X"][:, 0])


def test_data_that_do_not_bind_say_which_column_is_missing():
    with pytest.raises(LabError, match="x"):
        load_data(paired(), DataChoice("spiral", 50))  # the program needs x, the set has x1, x2
    net = network()
    with pytest.raises(LabError, match="x1"):
        load_data(Model(net.graph, net), DataChoice("regression", 50))


def test_a_bad_csv_gives_core_s_message(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("x,y\n1,2\n3,oops\n")
    with pytest.raises(LabError, match="line 3.*'oops' is not a number"):
        load_data(paired(), DataChoice(CSV, path=str(path)))
    with pytest.raises(LabError, match="choose a CSV file"):
        load_data(paired(), DataChoice(CSV))


# ---------------------------------------------------------------------------- probes


@pytest.mark.parametrize("gran", ["neuron", "layer"])
def test_heat_maps_are_the_engines_values_on_the_grid(gran):
    net = network(gran)
    model = Model(net.graph, net)
    session = Session(model, load_data(model, DataChoice("xor", 40)), TrainConfig(0.3))
    session.run_epochs(5, 10.0)
    box, prediction, hidden = session.plane(size=5)
    xs, ys = np.linspace(box[0], box[1], 5), np.linspace(box[2], box[3], 5)
    i, j = 3, 1
    point = {"x1": np.array([xs[i]]), "x2": np.array([ys[j]]), "y": np.array([0.0])}
    overrides = {**session.parameters()}
    if gran == "layer":
        overrides["X"] = np.array([[xs[i], ys[j]]])
        overrides["Y"] = np.array([[0.0]])
    else:
        overrides.update(point)
    run = engine.run(net.graph, overrides)
    assert prediction[i, j] == pytest.approx(float(np.ravel(run.values[model.prediction])[0]))
    for (nid, column, _label), values in zip(model.hidden, hidden, strict=True):
        value = np.atleast_2d(run.values[nid]) if column is not None else run.values[nid]
        expected = value[0, column] if column is not None else np.ravel(value)[0]
        assert values[i, j] == pytest.approx(float(expected), abs=1e-12)


def test_the_fitted_curve_is_the_programs_prediction():
    model = paired()
    session = Session(model, load_data(model, DataChoice()), TrainConfig(0.05))
    session.run_epochs(7, 10.0)
    xs, ys = session.curve(points=9)
    p = session.parameters()
    np.testing.assert_allclose(ys, p["w0"] + p["w1"] * xs, rtol=0, atol=1e-12)


def test_the_loss_surface_is_the_objective_the_trainer_minimises():
    model = paired()
    data = load_data(model, DataChoice())
    surface = loss_surface(model.graph, data.train, ("w0", "w1"), (-1, 2, 0, 3), size=7)
    for i, j in ((0, 0), (3, 5), (6, 2)):
        run = engine.run(model.graph, {"w0": surface.xs[i], "w1": surface.ys[j]})
        assert surface.q[i, j] == run.objective


def test_the_surface_grows_when_the_path_leaves_it():
    model = paired()
    session = Session(model, load_data(model, DataChoice()), TrainConfig(0.05))
    first = session.ensure_surface()
    assert first is not None and first.contains(*session.path[0])
    session.path.append((first.xs[-1] + 10.0, 0.0))
    grown = session.ensure_surface()
    assert grown is not first and grown.contains(*session.path[-1])
    assert grown.xs[0] <= first.xs[0] and grown.ys[-1] >= first.ys[-1]


# ---------------------------------------------------------------------------- training


def test_record_update_is_the_trainers_next_update_shown_as_arithmetic():
    model = paired()
    config = TrainConfig(0.05)
    session = Session(model, load_data(model, DataChoice()), config)
    before = session.parameters()
    shown = session.record_update()
    assert shown.applied and session.epoch == 1
    updates = [s for s in shown.run.trace.steps if isinstance(s, UpdateStep)]
    assert [u.node for u in updates] == ["w0", "w1"]
    after = session.parameters()
    for u in updates:
        assert u.old == before[u.node]
        assert u.new == u.old - 0.05 * u.gradient
        assert after[u.node] == u.new
        assert u.gradient == shown.run.gradients[u.node]
    headless = Trainer(model.graph, load_data(model, DataChoice()).train, config=config)
    headless.step_epoch()
    assert headless.parameters() == after


def test_a_single_sample_update_is_shown_but_not_applied():
    model = paired()
    session = Session(model, load_data(model, DataChoice()), TrainConfig(0.05))
    session.run_epochs(3, 10.0)
    before = session.parameters()
    shown = session.sample_update(2)
    assert not shown.applied and session.parameters() == before
    expected, _ = recorded_update(model.graph, {"x": 2.0, "y": 5.2, **before}, 0.05)
    assert shown.run.trace.steps == expected.steps


def test_run_from_trace_has_the_engines_values_and_gradients():
    model = paired()
    trace, _ = recorded_update(model.graph, {"w0": 0.3}, 0.1)
    run = run_from_trace(model.graph, trace)
    fresh = engine.run(model.graph, {"w0": 0.3})
    assert run.objective == fresh.objective
    for nid, value in fresh.values.items():
        np.testing.assert_array_equal(run.values[nid], value)
    for nid, value in fresh.gradients.items():
        np.testing.assert_array_equal(run.gradients[nid], value)


def test_new_settings_continue_exactly_where_training_was():
    net = network("layer")
    model = Model(net.graph, net)
    data = load_data(model, DataChoice("circle", 80, test_fraction=0.25))
    config = TrainConfig(0.2, max_epochs=10**6, batch_size=16, momentum=0.5)
    session = Session(model, data, config)
    session.run_epochs(6, 10.0)
    session.set_config(TrainConfig(0.2, max_epochs=10**6, batch_size=16, momentum=0.5, seed=0))
    session.run_epochs(6, 10.0)
    headless = Trainer(model.graph, data.train, data.test, config)
    headless.run(max_epochs=12)
    for nid, value in headless.parameters().items():
        np.testing.assert_array_equal(session.parameters()[nid], value)
    np.testing.assert_array_equal(
        session.history("train_loss"), headless.history.column("train_loss")
    )
    session.set_config(TrainConfig(0.01, max_epochs=10**6))  # a new η and full batch apply now
    session.run_epochs(1, 10.0)
    assert session.trainer.config.learning_rate == 0.01 and session.trainer.full_batch


def test_reset_goes_back_to_epoch_zero_and_the_documents_weights():
    model = paired()
    session = Session(model, load_data(model, DataChoice()), TrainConfig(0.05))
    start = session.parameters()
    session.run_epochs(20, 10.0)
    assert len(session.path) == 21
    session.reset()
    assert session.epoch == 0 and session.parameters() == start and len(session.path) == 1
    assert len(session.history("train_loss")) == 0


def test_a_stopped_run_can_go_on_only_when_a_rule_allows_it():
    model = paired()
    session = Session(model, load_data(model, DataChoice()), TrainConfig(0.05, max_epochs=3))
    session.run_epochs(10, 10.0)
    assert session.finished and session.result.stop_reason == "max_epochs"
    with pytest.raises(LabError, match="maximum"):
        session.resume()
    session.set_config(TrainConfig(0.05, max_epochs=5))
    session.resume()
    assert session.run_epochs(10, 10.0) == 2 and session.epoch == 5
    bad = Session(model, load_data(model, DataChoice()), TrainConfig(5.0, max_epochs=100))
    bad.run_epochs(100, 10.0)
    assert bad.result.stop_reason == "diverged"
    with pytest.raises(LabError, match="smaller learning rate"):
        bad.resume()


def test_early_stopping_without_held_out_data_is_refused_with_core_s_reason():
    model = paired()
    with pytest.raises(LabError, match="held-out"):
        Session(model, load_data(model, DataChoice()), TrainConfig(0.05, stop=("early",)))


# ---------------------------------------------------------------------------- contour


def test_contour_segments_lie_on_the_level_and_cross_every_cell_once():
    from gui.lab.contour import contour_segments

    xs, ys = np.linspace(-1, 1, 21), np.linspace(-2, 2, 41)
    gx, gy = np.meshgrid(xs, ys, indexing="ij")
    x, y = contour_segments(gx - 0.33, 0.0, xs, ys)  # a straight boundary x = 0.33
    assert len(x) == 2 * 40  # one segment per row of cells
    np.testing.assert_allclose(x, 0.33, atol=1e-12)
    x, y = contour_segments(gx**2 + gy**2, 0.64, xs, ys)  # a circle of radius 0.8
    assert len(x) > 0 and len(x) % 2 == 0
    np.testing.assert_allclose(np.hypot(x, y), 0.8, atol=0.02)
    assert contour_segments(np.ones((5, 5)), 0.0, xs[:5], ys[:5])[0].size == 0


def test_the_budget_takes_the_cheapest_recent_cost_and_attributes_repaints():
    from gui.lab.budget import Budget

    budget = Budget()
    for _ in range(5):  # ordinary frames: a 4 ms gap each
        budget.updated("light", 0.0)
        budget.gap(0.004)
    budget.updated("heavy", 0.003)
    budget.gap(0.010)  # the heat maps' repaint shows as 6 ms more than usual
    assert budget.cost("heavy") == pytest.approx(0.003 + 0.010 - budget._light_gap)
    budget.updated("heavy", 0.003)
    budget.gap(1.0)  # one unlucky frame (a garbage collection) does not set the cost
    assert budget.cost("heavy") < 0.02 and budget.count("heavy") == 2
    budget.skip()
    budget.gap(5.0)  # a gap that belongs to no frame of ours is ignored
    assert budget.count("heavy") == 2
    budget.record("graph", 0.2)
    assert budget.known("graph") and budget.cost("graph") == 0.2
    budget.forget("graph")
    assert not budget.known("graph") and budget.cost("graph") == 0.0
