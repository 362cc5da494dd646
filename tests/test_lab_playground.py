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
    from core.training.train import TrainConfig, Trainer

    document = load_example("cybenko")
    assert "continuous function" in document.caption and "approximates g(x)" in document.caption
    spec = document.spec
    assert spec.sizes[0] == 1 and spec.depth == 2 and spec.activation == "sigmoid"
    graph = document.build()
    x = np.ravel(graph["X"].value)
    np.testing.assert_allclose(np.ravel(graph["Y"].value), np.sin(x), atol=1e-4)
    data = {"X": np.asarray(graph["X"].value), "Y": np.asarray(graph["Y"].value)}
    config = TrainConfig(learning_rate=0.5, momentum=0.9, max_epochs=3000)
    trainer = Trainer(graph, data, None, config)
    trainer.run()
    assert trainer.result.train_loss < 1e-4  # sin x to within about 0.01 everywhere
