"""The lab's Playground controls: feature toggles and the penalty in New network… and the panel."""

from __future__ import annotations

import numpy as np
import pytest


@pytest.fixture(autouse=True)
def no_animation():
    from gui import animation

    animation.set_enabled(False)
    yield
    animation.set_enabled(True)


@pytest.fixture
def window(qtbot, isolated_settings, tmp_path, monkeypatch):
    from gui.main_window import MainWindow

    window = MainWindow(recovery_dir=tmp_path / "recovery")
    qtbot.addWidget(window)
    window.errors = []
    monkeypatch.setattr(window, "report_error", lambda title, text: window.errors.append(text))
    monkeypatch.setattr(window, "ask_unsaved_changes", lambda: "discard")
    monkeypatch.setattr(window, "ask_recover", lambda entry: False)
    assert window.open_example("paired_regression", ask=False)
    window.show()
    qtbot.waitExposed(window)
    return window


def choose(combo, data) -> None:
    index = combo.findData(data)
    assert index >= 0, data
    combo.setCurrentIndex(index)


def test_the_dialog_builds_features_and_a_penalty(window):
    from gui.lab.network_dialog import NetworkDialog, make_spec

    dialog = NetworkDialog(window)
    assert dialog.features.chosen() == ("x1", "x2")
    dialog._accept()
    assert dialog.spec == make_spec("2-8-8-1") and not dialog.spec.features  # as before
    dialog.features.boxes["x1"].setChecked(False)
    dialog.features.boxes["x2"].setChecked(False)
    dialog.features.boxes["x1^2"].setChecked(True)
    dialog.features.boxes["x2^2"].setChecked(True)
    dialog.sizes.setText("2-1")
    choose(dialog.regularization, "l2")
    choose(dialog.reg_rate, 0.03)
    dialog._accept()
    assert dialog.spec.features == ("x1^2", "x2^2") and dialog.spec.sizes == (2, 1)
    assert dialog.spec.regularization == "l2" and dialog.spec.reg_rate == 0.03
    dialog.features.boxes["sin(x1)"].setChecked(True)  # the first size follows the features
    assert dialog.sizes.text() == "3-1"
    dialog.sizes.setText("1-8-1")  # typed sizes win over the untouched raw inputs
    assert make_spec("1-8-1", features=("x1", "x2")).features == ()


def test_the_panel_toggles_rebuild_the_network_and_undo_takes_them_back(window, monkeypatch):
    from gui.lab.network_dialog import make_spec

    lab = window.lab
    monkeypatch.setattr(lab, "ask_network_spec", lambda: make_spec("2-1"))
    lab.new_network()
    p = lab.panel
    choose(p.source, "circle")
    assert lab.rebuild_session()
    assert p.features.chosen() == ("x1", "x2") and p.features.isEnabled()
    p.features.boxes["x1"].setChecked(False)
    p.features.boxes["x1^2"].setChecked(True)
    p.features.boxes["x2"].setChecked(False)
    p.features.boxes["x2^2"].setChecked(True)
    spec = window.controller.document.spec
    assert spec.features == ("x1^2", "x2^2") and spec.sizes == (2, 1)
    graph = window.controller.network.graph
    assert "F" in graph.nodes and graph["F"].op == "features"  # drawn by layer: one node
    assert lab.session is not None and lab.session.model.features == ["x1", "x2"]
    p.learning_rate.setValue(0.5)
    p.max_epochs.setValue(300)
    lab.rebuild_session()
    session = lab.session
    while not session.finished:
        session.run_for(1.0)
    assert session.trainer.result.test_accuracy >= 0.95
    assert "--features 'x1^2,x2^2'" in p.command.text()  # quoted for the shell
    window.controller.undo_stack.undo()
    assert window.controller.document.spec.features == ("x1^2",)  # one toggle, one edit
    while window.controller.undo_stack.canUndo():
        window.controller.undo_stack.undo()
    assert window.controller.document.spec.features == ()
    assert p.features.chosen() == ("x1", "x2")


def test_the_panel_penalty_keeps_the_weights_and_shows_in_the_graph(window, monkeypatch):
    from gui.lab.network_dialog import make_spec

    lab = window.lab
    monkeypatch.setattr(lab, "ask_network_spec", lambda: make_spec("2-3-1"))
    lab.new_network()
    p = lab.panel
    before = {k: np.copy(v) for k, v in window.controller.network.leaf_values().items()}
    assert not p.reg_rate.isEnabled()
    choose(p.regularization, "l1")
    assert p.reg_rate.isEnabled()
    choose(p.reg_rate, 0.1)
    spec = window.controller.document.spec
    assert spec.regularization == "l1" and spec.reg_rate == 0.1
    network = window.controller.network
    assert network.graph.output == "Q" and "penalty" in network.graph.nodes
    for k in network.params:
        np.testing.assert_array_equal(network.leaf_values()[k], before[k])
    assert "--regularization l1 --reg-rate 0.1" in p.command.text()
    run = window.controller.run
    w1 = np.asarray(network.leaf_values()["W1"])
    assert run.objective == pytest.approx(
        float(run.values["loss"])
        + 0.1 * (np.abs(w1).sum() + np.abs(network.leaf_values()["W2"]).sum())
    )


def test_a_program_has_no_feature_toggles(window):
    window.lab.open()
    p = window.lab.panel
    assert not p.features.isEnabled() and not p.regularization.isEnabled()


def test_no_feature_at_all_is_refused_with_a_message(window, monkeypatch):
    from gui.lab.network_dialog import make_spec

    lab = window.lab
    monkeypatch.setattr(lab, "ask_network_spec", lambda: make_spec("2-1"))
    lab.new_network()
    p = lab.panel
    p.features.boxes["x1"].setChecked(False)  # a network on x2 alone
    assert window.controller.document.spec.features == ("x2",)
    p.features.boxes["x2"].setChecked(False)  # nothing left: refused, the toggle comes back
    assert "at least one feature" in p.message.text()
    assert window.controller.document.spec.features == ("x2",)
    assert p.features.chosen() == ("x2",)


@pytest.mark.parametrize("granularity", ["layer", "neuron"])
def test_curve_fitting_draws_each_hidden_neurons_term_and_they_sum_to_the_curve(
    window, granularity
):
    """Cybenko's picture: the output of a one-hidden-layer network is Σ pⱼ·hⱼ(x) + bias."""
    assert window.open_example("cybenko", ask=False)
    if granularity == "neuron":
        window.controller.set_granularity("neuron")
    lab = window.lab
    lab.open()
    assert lab.rebuild_session()
    session = lab.session
    for _ in range(5):
        session.one_epoch()
    xs, curve = session.curve()
    txs, terms = session.contributions()
    np.testing.assert_array_equal(xs, txs)
    assert len(terms) == 6
    params = session.parameters()
    bias = float(np.ravel(params["b2"] if granularity == "layer" else params["c1"])[0])
    np.testing.assert_allclose(np.sum(terms, axis=0) + bias, curve, rtol=1e-12, atol=1e-12)
    line = lab.plots.line
    assert line is not None and len(line.terms) == 6
    lab.plots.refresh()
    shown_x, shown_y = line.terms[2].getData()
    np.testing.assert_allclose(shown_y, terms[2])


def test_no_terms_for_two_hidden_layers_or_two_inputs(window, monkeypatch):
    from gui.lab.network_dialog import make_spec

    lab = window.lab
    monkeypatch.setattr(lab, "ask_network_spec", lambda: make_spec("1-3-3-1", output="identity"))
    lab.new_network()
    assert lab.panel.data_choice().source == "sin"  # a one-input network: a curve to fit
    assert lab.rebuild_session() and lab.session.contributions() is None
    assert lab.plots.line is not None and lab.plots.line.terms == []
    monkeypatch.setattr(lab, "ask_network_spec", lambda: make_spec("2-3-1"))
    lab.new_network()
    assert lab.session.contributions() is None and lab.plots.line is None


def test_the_cybenko_example_fits_sin_with_the_captions_settings():
    from core.documents.examples import load_example
    from core.training.train import StopRule, TrainConfig, Trainer

    document = load_example("cybenko")
    assert "continuous function" in document.caption and "approximates g(x)" in document.caption
    spec = document.spec
    assert spec.sizes[0] == 1 and spec.depth == 2 and spec.activation == "sigmoid"
    graph = document.build()
    x = np.ravel(graph["X"].value)
    np.testing.assert_allclose(np.ravel(graph["Y"].value), np.sin(x), atol=1e-4)
    data = {"X": np.asarray(graph["X"].value), "Y": np.asarray(graph["Y"].value)}
    record = document.lab  # the example opens the lab with the settings its caption names
    rates = (record.learning_rate, record.momentum)
    assert rates == (0.3, 0.9) and "η 0.3, μ 0.9" in document.caption
    config = TrainConfig(
        learning_rate=record.learning_rate,
        momentum=record.momentum,
        max_epochs=record.max_epochs,
        stop=tuple(StopRule(rule, threshold) for rule, threshold in record.stop),
    )
    trainer = Trainer(graph, data, None, config)
    trainer.run()
    assert trainer.result.train_loss < 5e-5  # sin x to within about 0.01 everywhere
    losses = np.asarray(trainer.history.to_dict()["train_loss"], dtype=float)
    assert np.all(np.diff(losses[500:]) <= 1e-12)  # and smoothly: no momentum spike


def _train_out(session) -> dict:
    while not session.finished:
        session.run_for(1.0)
    return session.trainer.history.to_dict()


def test_a_saved_document_reopens_the_lab_and_reproduces_the_run_exactly(
    window, monkeypatch, tmp_path
):
    from gui.lab.network_dialog import make_spec

    lab = window.lab
    spec = make_spec("3-3-1", features=("x1", "x2", "x1^2"), regularization="l2", reg_rate=0.01)
    monkeypatch.setattr(lab, "ask_network_spec", lambda: spec)
    lab.new_network()
    p = lab.panel
    choose(p.source, "xor")
    p.samples.setValue(120)
    p.noise.setValue(0.1)
    p.seed.setValue(4)
    p.test_fraction.setValue(0.3)
    p.learning_rate.setValue(0.3)
    p.momentum.setValue(0.5)
    p.batch_size.setValue(20)
    p.max_epochs.setValue(60)
    p.eps_gradient.setText("0.00025")
    p.eps_gradient.editingFinished.emit()
    p.control_actions["noise"].setChecked(False)  # classroom mode: two controls hidden
    p.control_actions["command"].setChecked(False)
    lab.plots.discretize.setChecked(True)
    lab.rebuild_session()
    first = _train_out(lab.session)
    lab.keep_weights()
    kept = {k: np.copy(v) for k, v in window.controller.network.leaf_values().items()}
    path = tmp_path / "shared.json"
    assert window.controller.save(path) == path
    record = lab.record()
    assert window.open_example("xor", ask=False)  # something else in between
    choose(lab.panel.source, "spiral")  # and other settings in between
    lab.panel.samples.setValue(50)
    lab.panel.control_actions["command"].setChecked(True)
    lab.plots.discretize.setChecked(False)
    assert lab.record() != record
    assert window.open_file(path, ask=False)
    p = lab.panel
    assert lab.record() == record  # every setting, the hidden controls and the plot toggles
    assert p.data_choice().source == "xor" and p.samples.value() == 120 and p.seed.value() == 4
    assert p.noise.isHidden() and p.command_box.isHidden() and not p.source.isHidden()
    assert lab.plots.discretize.isChecked() and lab.plots.plane.discretize
    assert window.controller.document.spec == spec
    for k, v in window.controller.network.leaf_values().items():
        np.testing.assert_array_equal(v, kept[k])  # Keep weights went into the file
    # the kept weights are the start now: opening the file twice trains the same run twice
    lab.rebuild_session()
    again = _train_out(lab.session)
    assert set(again) == set(first)
    assert window.open_file(path, ask=False)
    third = _train_out(lab.session)
    for name, column in again.items():
        np.testing.assert_array_equal(np.asarray(column, float), np.asarray(third[name], float))


def test_reopening_before_keep_weights_reproduces_the_first_run(window, monkeypatch, tmp_path):
    from gui.lab.network_dialog import make_spec

    lab = window.lab
    monkeypatch.setattr(lab, "ask_network_spec", lambda: make_spec("2-4-1"))
    lab.new_network()
    p = lab.panel
    choose(p.source, "gauss")
    p.max_epochs.setValue(80)
    p.learning_rate.setValue(0.15)
    lab.rebuild_session()
    first = _train_out(lab.session)
    path = tmp_path / "gauss.json"
    window.controller.save(path)
    assert window.open_example("lecture", ask=False)
    assert window.open_file(path, ask=False)
    second = _train_out(lab.session)
    assert set(first) == set(second)
    for name, column in first.items():
        np.testing.assert_array_equal(np.asarray(column, float), np.asarray(second[name], float))


def test_show_test_data_and_discretize_output_on_the_plane(window, monkeypatch):
    from gui.lab.network_dialog import make_spec

    lab = window.lab
    monkeypatch.setattr(lab, "ask_network_spec", lambda: make_spec("2-3-1"))
    lab.new_network()
    plots = lab.plots
    assert plots.plane is not None and not plots.plane_options.isHidden()
    assert plots.plane.test is not None and plots.plane.test.isVisible()
    plots.show_test.setChecked(False)
    assert not plots.plane.test.isVisible()
    smooth = plots.plane.image.image.copy()
    plots.discretize.setChecked(True)
    shown = plots.plane.image.image
    assert set(np.unique(shown)) <= {0.0, 1.0} and len(np.unique(smooth)) > 2
    box, prediction, _ = lab.session.plane()
    np.testing.assert_array_equal(shown, np.where(prediction >= 0.5, 1.0, 0.0))
    assert window.open_example("paired_regression", ask=False)
    lab.rebuild_session()
    assert plots.plane is None and plots.plane_options.isHidden()  # one input: no plane


def test_classroom_mode_hides_controls_one_by_one(window):
    window.lab.open()
    p = window.lab.panel
    from core.documents.lab_record import CONTROLS

    assert set(p.control_actions) == set(CONTROLS)
    for name in CONTROLS:
        p.control_actions[name].setChecked(False)
        assert all(w.isHidden() for w in p.control_widgets(name)), name
        assert p.hidden_controls == (name,)
        p.control_actions[name].setChecked(True)
        assert p.hidden_controls == ()
    p.set_hidden_controls(("seed", "stop"))
    assert p.seed.isHidden() and p.stop_box.isHidden() and not p.samples.isHidden()
    assert window.lab.record().hidden == ("seed", "stop")


def test_opening_the_cybenko_example_opens_the_lab_ready_to_train(window):
    assert window.lab.panel is None
    assert window.open_example("cybenko", ask=False)
    p = window.lab.panel
    assert p is not None and window.docks["lab_dock"].isVisible()
    assert p.learning_rate.value() == 0.3 and p.momentum.value() == 0.9
    assert p.max_epochs.value() == 5000 and p.data_choice().source == "document"
    assert window.lab.plots.line is not None and len(window.lab.plots.line.terms) == 6
