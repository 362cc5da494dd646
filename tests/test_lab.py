"""The training lab in the window (offscreen, animations off, private settings and files)."""

from __future__ import annotations

import math
import xml.dom.minidom
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QComboBox,
    QLineEdit,
    QWidget,
)

from core.autodiff import ops
from core.autodiff.trace import UpdateStep
from core.teaching.explain import describe_step
from core.training.nn import NetworkSpec
from core.training.train import TrainConfig, Trainer
from gui.lab.envelope import POINTS
from gui.lab.session import CSV, DOCUMENT


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


@pytest.fixture
def lab(window):
    window.lab.open()
    return window.lab


def choose(combo: QComboBox, data) -> None:
    index = combo.findData(data)
    assert index >= 0, data
    combo.setCurrentIndex(index)


def train_until_stopped(qtbot, lab, timeout: int = 20_000) -> None:
    lab.train()
    qtbot.waitUntil(lambda: not lab.driver.running, timeout=timeout)
    assert lab.session.finished


def lstsq_line(lab) -> np.ndarray:
    cols = lab.session.data.train_columns
    x, y = cols["x"], cols["y"]
    return np.linalg.lstsq(np.column_stack([np.ones_like(x), x]), y, rcond=None)[0]


# ---------------------------------------------------------------------------- opening


def assert_curve_shows(x, y, history) -> None:
    """The loss curve holds the history's numbers: every epoch while they fit the plot's
    buckets (gui.lab.envelope), else each bucket's low and high and the last epoch."""
    if len(history) <= 2 * POINTS:
        np.testing.assert_array_equal(x, np.arange(1, len(history) + 1))
        np.testing.assert_array_equal(y, history)
        return
    assert x[-1] == len(history) and y[-1] == history[-1]
    assert np.nanmin(y) == np.nanmin(history) and np.nanmax(y) == np.nanmax(history)
    assert set(y[np.isfinite(y)]) <= set(history[np.isfinite(history)])


def test_the_train_menu_opens_the_lab_on_the_documents_data(window):
    assert window.lab.panel is None and window.lab.plots is None  # built on first open
    window.actions["lab_open"].trigger()
    lab = window.lab
    assert window.docks["lab_dock"].isVisible() and window.docks["lab_plots_dock"].isVisible()
    assert lab.session is not None and lab.session.data.samples == 5
    assert lab.panel.data_status.text() == "Training on the document's 5 samples"
    assert lab.plots.line is not None and lab.plots.surface is not None


def test_every_lab_widget_has_an_object_name(lab):
    roots = [lab.panel, lab.tabs]
    kinds = (QAbstractButton, QAbstractSpinBox, QComboBox, QLineEdit)
    unnamed = []
    for root in roots:
        for widget in root.findChildren(QWidget):
            if isinstance(widget, kinds) and not widget.objectName():
                if widget.parent() is not None and isinstance(widget.parent(), kinds):
                    continue  # a spin box's own line edit
                unnamed.append(type(widget).__name__)
    assert unnamed == []
    for name in ("lab_panel", "lab_plots", "lab_plot_area", "lab_activations", "lab_tabs"):
        assert lab.window.findChild(QWidget, name) is not None, name


# ---------------------------------------------------------------------------- training


def test_paired_regression_trains_until_a_rule_fires_and_finds_the_least_squares_line(qtbot, lab):
    p = lab.panel
    p.learning_rate.setValue(0.05)
    p.stop_weights.setChecked(False)
    p.eps_gradient.setText("1e-9")
    p.eps_gradient.editingFinished.emit()
    p.max_epochs.setValue(100_000)
    train_until_stopped(qtbot, lab)
    result = lab.session.result
    assert result.stop_reason == "gradient"
    w = lab.session.parameters()
    np.testing.assert_allclose([w["w0"], w["w1"]], lstsq_line(lab), atol=1e-8)
    # the plots hold the history's numbers
    history = lab.session.history("train_loss")
    x, y = lab.plots.loss.data()["train"]
    assert_curve_shows(x, y, history)
    assert lab.plots.loss.stop.isVisible() and lab.plots.loss.stop.value() == result.epoch
    assert "‖∇Q‖ < ε" in lab.plots.loss.stop.label.format
    xs, ys = lab.plots.line.curve.getData()
    np.testing.assert_allclose(ys, w["w0"] + w["w1"] * xs, atol=1e-12)
    px, py = lab.plots.surface.path.getData()
    np.testing.assert_array_equal(np.column_stack([px, py]), np.array(lab.session.path))
    assert (px[-1], py[-1]) == (w["w0"], w["w1"])
    assert "Stopped: ‖∇Q‖" in p.message.text()
    # the graph shows the trained weights
    assert lab.window.controller.run.values["w1"] == w["w1"]
    assert lab.window.scene.node_item("w1").shown_value_text() != ""


def test_pause_and_resume_give_exactly_an_uninterrupted_run(qtbot, window):
    lab = window.lab
    window.open_example("xor", ask=False)
    lab.open()
    p = lab.panel
    choose(p.source, "circle")
    p.samples.setValue(120)
    p.test_fraction.setValue(0.25)
    p.batch_size.setValue(20)
    p.momentum.setValue(0.5)
    p.learning_rate.setValue(0.3)
    p.stop_weights.setChecked(False)
    p.stop_gradient.setChecked(False)
    p.stop_early.setChecked(False)  # on by default with held-out data
    p.max_epochs.setValue(150)
    lab.rebuild_session()
    session = lab.session
    pauses = 0
    while not session.finished and pauses < 1000:
        lab.train()
        qtbot.wait(15)
        lab.pause()
        pauses += 1
        assert not lab.driver.running
    assert lab.session is session
    assert pauses >= 2 and session.epoch == 150
    config = TrainConfig(0.3, max_epochs=150, batch_size=20, momentum=0.5, seed=0)
    headless = Trainer(session.model.graph, session.data.train, session.data.test, config)
    headless.run()
    for nid, value in headless.parameters().items():
        assert session.parameters()[nid] == value
    for name in ("train_loss", "test_loss", "train_accuracy", "grad_norm"):
        np.testing.assert_array_equal(session.history(name), headless.history.column(name))
    # the heat map shows the trained network's output
    _box, prediction, hidden = session.plane()
    np.testing.assert_array_equal(lab.plots.plane.image.image, prediction)
    assert len(hidden) == 2
    for image, values in zip(lab.plots.plane.hidden.images, hidden, strict=True):
        np.testing.assert_array_equal(image.image, values)
    x, y = lab.plots.loss.data()["test"]
    assert_curve_shows(x, y, headless.history.column("test_loss"))


def test_one_update_plays_forward_backward_and_the_update_arithmetic(lab):
    window = lab.window
    lab.panel.learning_rate.setValue(0.05)
    lab._settings_changed()
    before = lab.session.parameters()
    window.actions["lab_step"].trigger()
    run = window.controller.run
    assert lab.session.epoch == 1
    assert window.player.position == 0 and window.player.length == len(run.trace)
    updates = [s for s in run.trace.steps if isinstance(s, UpdateStep)]
    assert [u.node for u in updates] == ["w0", "w1"]
    window.player.to_end()
    text = window.explanation.plain_text()
    last = updates[-1]
    assert text == "\n".join(
        [
            describe_step(run.graph, run.trace, len(run.trace)).title,
            describe_step(run.graph, run.trace, len(run.trace)).equation,
            describe_step(run.graph, run.trace, len(run.trace)).detail,
        ]
    )
    assert "w₁ ← w₁ − η · ∂loss/∂w₁" in text  # the gradient the backward pass named
    assert last.old == before["w1"] and last.new == last.old - 0.05 * last.gradient
    assert lab.session.parameters()["w1"] == last.new
    assert window.scene.node_item("w1").shown_value_text() != ""


def test_one_sample_is_shown_and_not_applied(lab):
    p = lab.panel
    choose(p.step_mode, "sample")
    p.sample.setValue(3)
    lab.one_update()
    assert lab.session.epoch == 0 and not lab.shown_step.applied
    run = lab.window.controller.run
    assert run.values["x"] == 2.0 and run.values["y"] == 5.2  # sample 3 of the document
    assert "not applied" in p.message.text() or "shown only" in p.message.text()


def test_the_one_sample_update_names_its_gradient_after_the_samples_loss(lab):
    choose(lab.panel.step_mode, "sample")
    lab.one_update()
    lab.window.player.to_end()
    text = lab.window.explanation.plain_text()
    assert "∂loss/∂w" in text and "∂Q/∂" not in text  # one sample's loss, not the objective Q
    assert "∂Q/∂w" not in lab.panel.message.text() and "∂L/∂w" in lab.panel.message.text()
    assert lab.window.player_bar.position_text().endswith("· done")
    lab.window.player.step_back()
    assert lab.window.player_bar.position_text().endswith("· update")


def test_status_text_never_moves_the_controls_below_it(qtbot, lab):
    p = lab.panel
    box = p.stop_early.parentWidget()
    where = box.mapTo(p, box.rect().topLeft())
    for status, message in (
        ("epoch 1", "ok"),
        (
            "epoch 12   (3,000 epochs/s)\nQ train 0.1\naccuracy 50.0 %\n‖∇Q‖ 1   ‖Δw‖ 2",
            "two\nlines",
        ),
        ("", ""),
    ):
        p.set_status(status)
        p.set_message(message)
        qtbot.wait(10)
        assert box.mapTo(p, box.rect().topLeft()) == where, (status, message)


def test_early_stopping_without_held_out_data_names_no_command_line_flag(lab):
    p = lab.panel
    p.test_fraction.setValue(0.0)
    p.stop_early.setChecked(True)
    lab.rebuild_session()
    lab.train()
    shown = " ".join([p.message.text(), p.data_status.text(), p.status.text()])
    assert "held-out" in shown and "--" not in shown


def test_one_epoch_and_reset(lab):
    start = lab.session.parameters()
    lab.one_epoch()
    lab.one_epoch()
    assert lab.session.epoch == 2
    assert lab.panel.status.text().startswith("epoch 2")
    lab.window.actions["lab_reset"].trigger()
    assert lab.session.epoch == 0 and lab.session.parameters() == start
    assert lab.plots.loss.data()["train"][1].size == 0


# ---------------------------------------------------------------------------- data


def test_a_bad_csv_shows_its_message_and_keeps_the_previous_data(lab, tmp_path):
    previous = lab.session
    bad = tmp_path / "bad.csv"
    bad.write_text("x,y\n1,2\n3,four\n")
    p = lab.panel
    p.csv_path.setText(str(bad))
    choose(p.source, CSV)
    status = p.data_status.text()
    assert "line 3" in status and "'four' is not a number" in status
    assert "Still training on: the document's 5 samples" in status
    assert lab.session is previous
    lab.one_epoch()
    assert lab.session.epoch == 1
    good = tmp_path / "good.csv"
    good.write_text("x,y\n0,1\n1,3\n2,5\n")
    p.csv_path.setText(str(good))
    p.csv_path.editingFinished.emit()
    assert lab.session is not previous and lab.session.data.samples == 3
    assert lab.session.epoch == 0


def test_switching_data_during_training_pauses_and_starts_clean(qtbot, lab):
    p = lab.panel
    p.max_epochs.setValue(10**7)
    p.stop_weights.setChecked(False)
    p.stop_gradient.setChecked(False)
    p.learning_rate.setValue(0.001)
    lab.train()
    qtbot.waitUntil(lambda: lab.session.epoch > 5, timeout=5000)
    assert lab.driver.running
    choose(p.source, "regression")
    assert not lab.driver.running
    assert lab.session.epoch == 0 and lab.session.data.samples == 160  # 20 % held out
    assert lab.plots.loss.data()["train"][1].size == 0
    assert p.train_button.text() == "Train"
    lab.train()
    qtbot.waitUntil(lambda: lab.session.epoch > 3, timeout=5000)
    lab.window.open_example("xor", ask=False)  # another document while training
    assert not lab.driver.running
    assert lab.session.model.network is not None and lab.session.epoch == 0
    assert p.data_choice().source == DOCUMENT  # regression cannot feed x1, x2
    assert "x1" in p.message.text()
    assert lab.window.errors == []


def test_the_window_keeps_working_while_training(qtbot, lab):
    window = lab.window
    p = lab.panel
    p.max_epochs.setValue(10**7)
    p.stop_weights.setChecked(False)
    p.stop_gradient.setChecked(False)
    p.learning_rate.setValue(0.001)
    lab.train()
    qtbot.waitUntil(lambda: lab.session.epoch > 5, timeout=5000)
    zoom = window.view.zoom()
    window.actions["view_zoom_in"].trigger()
    assert window.view.zoom() > zoom
    window.scene.select_node("w1")
    qtbot.waitUntil(lambda: lab.window.controller.run.values["w1"] != 0.5, timeout=5000)
    assert window.inspector.node_id == "w1"
    qtbot.wait(300)  # live runs keep arriving; the selection and the inspector stay
    assert window.scene.selected_node() == "w1" and window.inspector.node_id == "w1"
    assert lab.driver.running
    lab.pause()
    value = window.controller.run.values["w1"]
    assert value == lab.session.parameters()["w1"]
    assert "w₁" in window.inspector.toPlainText()


def test_keep_weights_writes_the_document_and_undo_takes_them_back(qtbot, lab):
    window = lab.window
    train_until_stopped(qtbot, lab)
    trained = lab.session.parameters()
    window.lab.panel.keep_button.click()
    assert window.controller.document.values["w1"] == float(trained["w1"])
    assert window.isWindowModified()
    assert lab.session.epoch > 0  # keeping does not restart the run
    window.controller.undo_stack.undo()
    assert "w1" not in window.controller.document.values
    assert lab.session.epoch == 0 and lab.session.parameters()["w1"] == 0.5


def test_a_new_network_trains_on_the_spiral(qtbot, lab, monkeypatch):
    spec = NetworkSpec((2, 4, 1), "tanh", "sigmoid", "bce", granularity="layer")
    monkeypatch.setattr(lab, "ask_network_spec", lambda: spec)
    lab.window.actions["lab_new_network"].trigger()
    assert lab.window.controller.document.source_kind == "network"
    assert lab.panel.data_choice().source == "spiral"
    assert lab.session.model.view == "plane" and len(lab.session.model.hidden) == 4
    lab.one_epoch()
    assert math.isfinite(lab.session.history("train_loss")[-1])


# ---------------------------------------------------------------------------- plots


def test_plots_export_as_png_and_svg(lab, tmp_path):
    lab.one_epoch()
    png = lab.export(str(tmp_path / "plots.png"))
    svg = lab.export(str(tmp_path / "plots.svg"))
    from PySide6.QtGui import QImage

    image = QImage(str(png))
    assert image.width() >= 1200
    document = xml.dom.minidom.parse(str(svg))
    texts = " ".join(
        node.firstChild.data
        for node in document.getElementsByTagName("text")
        if node.firstChild is not None
    )
    assert "epoch" in texts
    lab.tabs.setCurrentWidget(lab.explorer)
    assert Path(lab.export(str(tmp_path / "activation.svg"))).exists()


def test_plots_export_on_a_full_disk_keeps_the_old_file(lab, tmp_path, monkeypatch):
    import errno

    from core.io import atomic

    def no_space(*_args):
        raise OSError(errno.ENOSPC, "No space left on device")

    for name in ("plots.png", "plots.svg"):
        target = tmp_path / name
        target.write_bytes(b"old")
        monkeypatch.setattr(atomic.os, "fsync", no_space)
        with pytest.raises(atomic.WriteError, match="cannot write .*: No space left on device"):
            lab.export(str(target))
        monkeypatch.undo()
        assert target.read_bytes() == b"old"
    assert not list(tmp_path.glob(".plots*"))


@pytest.mark.parametrize("name", ops.ACTIVATIONS)
def test_the_activation_explorer_plots_the_ops_own_f_and_derivative(lab, name):
    from gui.lab.activation import curves

    explorer = lab.explorer
    explorer.choice.setCurrentText(name)
    z, f, d = curves(name, explorer.params())
    fz, dz = explorer.f_curve.getData()[1], explorer.d_curve.getData()[1]
    np.testing.assert_array_equal(fz, f)
    np.testing.assert_array_equal(dz, d)
    op = ops.REGISTRY[name]
    h = 1e-6
    away = np.abs(z) > 1e-3  # kinks at 0 follow the ops' conventions
    plus = np.asarray(op.apply((z + h,), explorer.params()), dtype=float)
    minus = np.asarray(op.apply((z - h,), explorer.params()), dtype=float)
    np.testing.assert_allclose(d[away], ((plus - minus) / (2 * h))[away], atol=1e-6)
    assert explorer.d_text.text().startswith("f′(z) = ")
    if name == "step":
        assert "cannot train" in explorer.note.text()
    else:
        assert "largest |f′|" in explorer.note.text()


def test_the_activation_parameter_changes_the_curve(lab):
    explorer = lab.explorer
    explorer.choice.setCurrentText("leaky_relu")
    assert explorer.parameter.isEnabled() and explorer.parameter_label.text() == "a"
    explorer.parameter.setValue(0.2)
    z, d = explorer.d_curve.getData()
    assert d[0] == pytest.approx(0.2) and "0.2" in explorer.d_text.text()
    explorer.choice.setCurrentText("tanh")
    assert not explorer.parameter.isEnabled()


def test_start_up_options_parse():
    from gui.lab.feature import _parse_options

    assert _parse_options("net=2-8-8-1, data=spiral;train") == {
        "net": "2-8-8-1",
        "data": "spiral",
        "train": "",
    }


def test_log_axis_ticks_stay_few_and_readable():
    from gui.lab.plots import log_ticks

    def labels(low, high):
        return [text for _pos, text in log_ticks(math.log10(low), math.log10(high))]

    assert labels(0.03, 3) == ["0.05", "0.1", "0.2", "0.5", "1", "2"]
    assert labels(1e-6, 20) == ["1e-06", "0.0001", "0.01", "1"]
    assert labels(0.6, 0.75) == ["0.6", "0.7"]
    for low, high in ((1e-12, 1e3), (0.2, 0.9), (1, 1e5)):
        assert 2 <= len(labels(low, high)) <= 9


def test_a_matrix_of_samples_shows_the_loss_plot_only(qtbot, window, lab):
    """X holds samples × features: no fitted line can show it (it used to be a KeyError)."""
    window.controller.edit_program(
        "X = [[1, 2], [3, 4]]\nw = [0.1, 0.2]\ny = [1, 0]\nloss = mse(X @ w, y)\n"
    )
    qtbot.waitUntil(lambda: lab.session is not None and lab.session.model.view == "")
    assert lab.plots.loss is not None and lab.plots.line is None and lab.plots.plane is None
    lab.train()
    qtbot.waitUntil(lambda: not lab.driver.running, timeout=20_000)
    assert len(lab.session.history("train_loss")) > 0


def test_a_diverging_run_keeps_the_log_axis_readable(qtbot, lab):
    """A loss of 1e301 and then inf: ticks only where a float can write them (it used to be an
    OverflowError in the log ticks)."""
    from gui.lab.plots import log_ticks

    p = lab.panel
    p.learning_rate.setValue(p.learning_rate.maximum())
    train_until_stopped(qtbot, lab)
    assert lab.session.result.stop_reason == "diverged"
    ticks = lab.plots.loss.plot.getAxis("left")._tickLevels
    assert ticks and all(math.isfinite(pos) and "inf" not in text for pos, text in ticks[0])
    assert log_ticks(0, 330)[-1][0] <= 307
    assert log_ticks(-400, -350) == [] and log_ticks(math.nan, 1) == []
    assert all(math.isfinite(float(text)) for _pos, text in log_ticks(250, 340))


# ---------------------------------------------------------------------------- lab = command line


def _cli_history(line: str) -> dict[str, list[float]]:
    """Run the shown command line through the CLI's entry point, in this process."""
    import contextlib
    import io
    import json
    import shlex

    import core.cli.main as cli

    words = shlex.split(line)
    assert words[:2] == ["backprop-studio", "train"], line
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli.main([*words[1:], "--json", "--history"])
    assert code == 0, err.getvalue()
    history = json.loads(out.getvalue())["history"]
    return {k: [math.nan if v is None else v for v in col] for k, col in history.items()}


def _finish(session) -> None:
    while not session.finished:
        session.run_for(1.0)


def _assert_same_history(session, cli_history) -> None:
    lab_history = session.trainer.history.to_dict()
    assert set(lab_history) == set(cli_history)
    for name, column in lab_history.items():
        np.testing.assert_array_equal(np.asarray(column, dtype=float), cli_history[name], name)


def test_new_network_draws_by_layer_with_defaults_that_work(window, monkeypatch):
    from gui.lab.network_dialog import NetworkDialog, make_spec

    dialog = NetworkDialog(window)
    assert dialog.granularity.currentData() == "layer"
    dialog._accept()
    assert dialog.spec == make_spec("2-8-8-1") and dialog.spec.granularity == "layer"
    monkeypatch.setattr(window.lab, "ask_network_spec", lambda: dialog.spec)
    window.lab.new_network()
    p = window.lab.panel
    assert window.controller.is_layer_network
    assert p.data_choice().source == "spiral"
    assert p.samples.value() == 500 and p.test_fraction.value() == pytest.approx(0.2)
    assert p.stop_early.isChecked() and p.patience.value() == p.max_epochs.value() // 10
    # neuron drawing is one click away, from the panel itself
    assert p.draw_neurons.defaultAction() is window.actions["view_show_neurons"]
    p.draw_neurons.click()
    assert window.controller.is_neuron_network


def test_the_shown_command_line_reproduces_the_lab_bit_for_bit(window, monkeypatch):
    """The issue's case: a 2-8-8-1 network on spiral, η 0.5, seed 0, 307 epochs."""
    from gui.lab.network_dialog import make_spec

    monkeypatch.setattr(window.lab, "ask_network_spec", lambda: make_spec("2-8-8-1"))
    window.lab.new_network()
    lab = window.lab
    p = lab.panel
    p.samples.setValue(200)
    p.learning_rate.setValue(0.5)
    p.max_epochs.setValue(307)
    lab.rebuild_session()
    line = p.command.text()
    assert "--dataset spiral" in line and "--lr 0.5" in line and "--epochs 307" in line
    session = lab.session
    _finish(session)
    assert session.epoch == 307 or session.result.stop_reason != "max_epochs"
    _assert_same_history(session, _cli_history(line))
    p.copy_command.click()
    from PySide6.QtGui import QGuiApplication

    assert QGuiApplication.clipboard().text() == line


def test_the_document_values_run_is_reproduced_by_train_program(lab):
    p = lab.panel
    assert p.data_choice().source == DOCUMENT
    p.test_fraction.setValue(0.4)
    p.batch_size.setValue(2)
    p.max_epochs.setValue(60)
    lab.rebuild_session()
    line = p.command.text()
    assert line.startswith("backprop-studio train paired_regression --seed 0")
    assert "--data" not in line and "--dataset" not in line
    session = lab.session
    _finish(session)
    assert session.trainer.test_samples == 2
    _assert_same_history(session, _cli_history(line))


def test_a_changed_document_asks_to_be_saved_for_its_command_line(lab, window, tmp_path):
    window.controller.edit_program("# my own fit\n" + window.controller.document.program)
    assert lab.panel.command.text().startswith("backprop-studio train paired_regression")
    window.controller.undo_stack.undo()  # a comment changes no number: still the example
    program = window.controller.document.program
    window.controller.edit_program(program.replace("w1 = 0.5", "w1 = 0.25"))
    p = lab.panel
    assert p.command.text() == "" and "Save" in p.command.placeholderText()
    assert not p.copy_command.isEnabled()
    target = tmp_path / "fit.json"
    window.controller.save(target)
    assert str(target) in p.command.text()
    lab.rebuild_session()
    _finish(lab.session)
    _assert_same_history(lab.session, _cli_history(p.command.text()))


def test_a_stalled_run_says_why_and_what_to_try(lab, qtbot):
    from gui.lab.network_dialog import make_spec

    lab.ask_network_spec = lambda: make_spec("2-2-1")
    lab.new_network()
    p = lab.panel
    choose(p.source, "circle")
    p.learning_rate.setValue(0.0001)
    p.momentum.setValue(0.0)
    p.max_epochs.setValue(300)
    lab.rebuild_session()
    lab.train()
    qtbot.waitUntil(lambda: lab.session.finished, timeout=20000)
    text = p.message.text()
    assert "stalled" in text and "0.0001" in text and "neurons" in text


def test_one_epoch_replaces_the_previous_message(lab, window, monkeypatch):
    from gui.lab.network_dialog import make_spec

    lab.one_update()
    assert "Step through it" in lab.panel.message.text()
    window.actions["lab_epoch"].trigger()
    text = lab.panel.message.text()
    assert "Step through it" not in text and "Epoch 2 done" in text
    monkeypatch.setattr(lab, "ask_network_spec", lambda: make_spec("2-4-1"))
    lab.new_network()  # another document: not "the document changed"
    assert "document changed" not in lab.panel.message.text()
    window.actions["lab_epoch"].trigger()
    assert "Epoch 1 done" in lab.panel.message.text()


def test_the_window_opens_a_program_file_and_train_reads_it(window, tmp_path):
    path = tmp_path / "line.bp"
    text = "x = [0.0, 1.0, 2.0, 3.0]\ny = [1.0, 3.0, 5.0, 7.0]\nw0 = 0.0\nw1 = 0.0\n"
    text += "y_hat = w0 + w1 * x\nloss = mean((y_hat - y)**2)\n"
    path.write_text(text, encoding="utf-8")
    assert window.open_initial(str(path))
    c = window.controller
    assert c.document.program == text and c.title == "line" and not window.errors
    assert c.path is None  # Save asks where: the program file is never overwritten as JSON
    assert c.run.values["loss"] == pytest.approx(21.0)
    window.lab.open()
    p = window.lab.panel
    p.max_epochs.setValue(40)
    window.lab.rebuild_session()
    line = p.command.text()
    assert f"train {path}" in line
    _finish(window.lab.session)
    _assert_same_history(window.lab.session, _cli_history(line))


def test_a_semicolon_csv_says_which_delimiter_was_used(lab, tmp_path):
    path = tmp_path / "pairs.csv"
    path.write_text("x;y\n0,5;1,5\n1;2,5\n1,5;3,5\n", encoding="utf-8")
    p = lab.panel
    p.csv_path.setText(str(path))
    choose(p.source, CSV)
    assert lab.session is not None and lab.session.data.samples == 3
    assert "semicolon-separated" in p.data_status.text()
    np.testing.assert_array_equal(lab.session.data.train_columns["x"], [0.5, 1.0, 1.5])
