"""The window asks for an ONNX model's sample and loss as it opens it: the dialog's fields are
checked as they are typed (a bad one keeps the dialog, with a message naming the field), OK opens
the model with those numbers and the loss node (the same numbers ``trace --loss`` computes, and
the gradients agree with finite differences), Cancel opens it as before: zeros, no loss."""

from __future__ import annotations

import random

import numpy as np
import pytest

onnx = pytest.importorskip("onnx")
from onnx import helper  # noqa: E402
from PySide6.QtCore import QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication, QDialogButtonBox  # noqa: E402

from core.autodiff.engine import run  # noqa: E402
from core.documents.graph_program import onnx_document  # noqa: E402
from core.documents.onnx_open import (  # noqa: E402
    ChoiceError,
    choose,
    default_target_text,
    input_value,
    read_plan,
    target_value,
)
from core.frameworks.onnx_import import add_loss, open_onnx  # noqa: E402
from core.teaching.gradcheck import check_gradients  # noqa: E402
from gui.onnx_dialog import OnnxDialog  # noqa: E402
from tests.test_onnx import make_model, network  # noqa: E402

X = [[0.5, -1.0]]


def saved(tmp_path, proto, name="net.onnx"):
    path = tmp_path / name
    onnx.save(proto, str(path))
    return path


def with_output_op(proto, op):
    """The network with ``op`` (Sigmoid, Softmax) applied to its output."""
    proto.graph.node.append(helper.make_node(op, ["output"], ["p"]))
    proto.graph.output[0].name = "p"
    return proto


def two_input_model():
    """Not a network: y = tanh(a·w + b) with inputs a (1×3) and b (scalar-like 1×1)."""
    w = np.array([[0.5], [-1.25], [2.0]])
    nodes = [
        helper.make_node("MatMul", ["a", "w"], ["aw"]),
        helper.make_node("Add", ["aw", "b"], ["s"]),
        helper.make_node("Tanh", ["s"], ["y"]),
    ]
    return make_model(nodes, {"a": [1, 3], "b": [1, 1]}, {"w": w})


def reference(path, values, loss=None, target=None):
    """What the command line computes: the model's own graph, the values set, add_loss."""
    model = open_onnx(path)
    for name, value in values.items():
        model.graph.set_value(name, np.asarray(value, dtype=float))
    if loss is not None:
        add_loss(model, loss, target)
    return run(model.graph, record=False)


# ---------------------------------------------------------------------------- core: the plan


def test_the_plan_names_the_inputs_the_output_and_opens_as_before_without_choices(tmp_path):
    path = saved(tmp_path, network((2, 3, 2))[0])
    plan = read_plan(path)
    assert [(i.name, i.shape) for i in plan.inputs] == [("input", (1, 2))]
    assert plan.output == "output" and plan.output_shape == (1, 2)
    assert plan.default == onnx_document(path)
    assert plan.is_network and plan.opens_as_network(None) and plan.opens_as_network("mse")
    assert not plan.opens_as_network("bce")  # the output is no sigmoid
    assert not plan.opens_as_network("softmax_ce")


@pytest.mark.parametrize(
    ("output_op", "loss", "target", "kind"),
    [
        (None, None, None, "network"),
        (None, "mse", [[0.25, -0.5]], "network"),
        ("Sigmoid", "bce", [[1.0, 0.0]], "network"),
        (None, "bce", [[1.0, 0.0]], "program"),  # logits: the network's bce needs a sigmoid
        (None, "softmax_ce", 1, "program"),
        ("Softmax", "softmax_ce", 0, "program"),  # the network's CE would read Z instead
        ("Softmax", "mse", [[0.0, 1.0]], "network"),
    ],
)
def test_chosen_values_and_loss_compute_what_the_command_line_computes(
    tmp_path, output_op, loss, target, kind
):
    proto, _ = network((2, 3, 2), act="Tanh")
    if output_op:
        proto = with_output_op(proto, output_op)
    path = saved(tmp_path, proto)
    plan = read_plan(path)
    document = choose(plan, {"input": np.array(X)}, loss, target)
    assert document.source_kind == kind
    graph = document.build()
    got, want = run(graph, record=False), reference(path, {"input": X}, loss, target)
    assert got.objective == pytest.approx(want.objective, rel=1e-12)
    if loss is not None:
        loss_node = graph.by_name("loss")
        assert loss_node is not None and graph.output == loss_node.id
        assert (graph.by_name("Y") or graph.by_name("target")) is not None
    if loss == "bce" and output_op is None:
        return  # logits far outside 0..1 are clipped: the dialog warns; nothing to check here
    assert want.objective != pytest.approx(reference(path, {}, loss, target).objective)
    assert check_gradients(graph).ok


def test_a_program_model_takes_each_input_and_a_flat_list_or_one_number(tmp_path):
    path = saved(tmp_path, two_input_model(), "two.onnx")
    plan = read_plan(path)
    assert not plan.is_network and [i.name for i in plan.inputs] == ["a", "b"]
    a = input_value(plan.inputs[0], "[0.2, -0.4, 0.1]")  # flat: read row by row
    b = input_value(plan.inputs[1], "0.3")  # one number fills the input
    np.testing.assert_array_equal(a, [[0.2, -0.4, 0.1]])
    np.testing.assert_array_equal(b, [[0.3]])
    target = target_value(plan, "mse", "0.5")
    document = choose(plan, {"a": a, "b": b}, "mse", target)
    assert document.source_kind == "program"
    assert "a: input = [[0.2, -0.4, 0.1]]" in document.program
    graph = document.build()
    want = reference(path, {"a": a, "b": b}, "mse", 0.5)
    assert run(graph, record=False).objective == pytest.approx(want.objective, rel=1e-14)
    assert check_gradients(graph).ok


@pytest.mark.parametrize(
    ("field", "text", "message"),
    [
        ("input", "[1, 2, 3]", "input: needs 1×2 numbers"),
        ("input", "abc", "input: 'abc' is not a number"),
        ("input", "nan", "input: the value must be a finite number"),
        ("input", "", "input: type a number or a list"),
        ("input", "[[1, 2], [3]]", "input: the rows of a matrix need the same length"),
        ("input", "__import__('os')", "is not a number"),
        ("target", "[1, 2, 3]", "target: the target has shape 3 but the output"),
        ("target", "7", "target: class 7 is not one of the model's 2 outputs"),
    ],
)
def test_each_refusal_names_its_field(tmp_path, field, text, message):
    plan = read_plan(saved(tmp_path, network((2, 3, 2))[0]))
    with pytest.raises(ChoiceError, match=message) as caught:
        if field == "input":
            input_value(plan.inputs[0], text)
        else:
            target_value(plan, "softmax_ce", text)
    assert caught.value.field == field


def test_untouched_defaults_always_build(tmp_path):
    protos = {
        "net": network((2, 3, 2))[0],
        "sigmoid": with_output_op(network((2, 3, 1))[0], "Sigmoid"),
        "softmax": with_output_op(network((2, 3, 3))[0], "Softmax"),
        "two": two_input_model(),
        "sin": network((2, 3, 1), act="Sin")[0],
    }
    for name, proto in protos.items():
        plan = read_plan(saved(tmp_path, proto, f"{name}.onnx"))
        values = {item.name: input_value(item, "0") for item in plan.inputs}
        for loss in (None, "mse", "bce", "softmax_ce"):
            target = None
            if loss is not None:
                target = target_value(plan, loss, default_target_text(plan, loss))
            graph = choose(plan, values, loss, target).build()
            assert np.isfinite(run(graph, record=False).objective), (name, loss)


def test_a_large_input_is_offered_as_one_number_that_fills_it(qtbot, tmp_path):
    proto, _ = network((100, 2, 1), act="Tanh")
    plan = read_plan(saved(tmp_path, proto, "wide.onnx"))
    dialog = OnnxDialog(plan)
    qtbot.addWidget(dialog)
    assert dialog.inputs["input"].text() == "0" and dialog._check()
    dialog.inputs["input"].setText("0.25")
    dialog.accept()
    assert dialog.document is not None and dialog.document.source_kind == "network"
    x = dialog.document.network().graph["X"].value
    assert x.shape == (1, 100) and np.all(x == 0.25)


# ---------------------------------------------------------------------------- the window


@pytest.fixture
def window(qtbot, isolated_settings, tmp_path, monkeypatch):
    from gui import animation
    from gui.main_window import MainWindow

    animation.set_enabled(False)
    win = MainWindow(recovery_dir=tmp_path / "recovery")
    qtbot.addWidget(win)
    win.errors = []
    monkeypatch.setattr(win, "report_error", lambda title, text: win.errors.append(text))
    monkeypatch.setattr(win, "ask_unsaved_changes", lambda: "discard")
    assert win.open_initial()
    yield win
    animation.set_enabled(True)


def answering(fill):
    """Run ``fill(dialog)`` on the ONNX dialog once it is shown (modal: exec's own loop)."""
    seen = []

    def poll():
        modal = QApplication.activeModalWidget()
        if isinstance(modal, OnnxDialog) and not seen:
            seen.append(modal)
            fill(modal)
            return
        if not seen:
            QTimer.singleShot(5, poll)

    QTimer.singleShot(0, poll)
    return seen


def ok_button(dialog):
    return dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)


def test_the_window_asks_and_opens_the_sample_and_the_loss(window, tmp_path):
    path = saved(tmp_path, network((2, 3, 2), act="Tanh")[0])

    def fill(dialog):
        assert dialog.inputs["input"].text() == "[[0, 0]]"  # zeros offered, in the shape
        dialog.inputs["input"].setText("[[0.5, -1]]")
        dialog.loss.setCurrentIndex(dialog.loss.findData("mse"))
        assert dialog.target.text() == "[[0, 0]]"
        dialog.target.setText("[[0.25, -0.5]]")
        assert ok_button(dialog).isEnabled() and not dialog.message.text()
        ok_button(dialog).click()

    seen = answering(fill)
    assert window.open_file(str(path), ask=False), window.errors
    assert seen, "the dialog was not shown"
    controller = window.controller
    assert controller.is_layer_network and controller.path is None and controller.modified
    graph = controller.run.graph
    np.testing.assert_array_equal(graph["X"].value, X)
    np.testing.assert_array_equal(graph["Y"].value, [[0.25, -0.5]])
    assert graph.output == "loss" and graph["loss"].op == "mse"
    want = reference(path, {"input": X}, "mse", [[0.25, -0.5]])
    assert controller.run.objective == pytest.approx(want.objective, rel=1e-12)
    np.testing.assert_allclose(
        controller.run.gradients["W1"], want.gradients["0.weight"].T, rtol=1e-12
    )
    assert check_gradients(graph).ok
    controller.set_granularity("neuron")  # Show Neurons keeps the numbers
    assert controller.is_neuron_network
    assert controller.run.objective == pytest.approx(want.objective, rel=1e-12)
    assert check_gradients(controller.run.graph).ok


def test_softmax_ce_opens_as_a_program_with_the_class_made_one_hot(window, tmp_path):
    path = saved(tmp_path, network((2, 3, 3), act="Relu")[0])

    def fill(dialog):
        dialog.inputs["input"].setText("[0.5, -1]")
        dialog.loss.setCurrentIndex(dialog.loss.findData("softmax_ce"))
        assert dialog.target.text() == "0"  # class 0 offered
        dialog.target.setText("2")
        assert "program" in dialog.opens_as.text()
        ok_button(dialog).click()

    answering(fill)
    assert window.open_file(str(path), ask=False), window.errors
    controller = window.controller
    assert controller.is_program
    graph = controller.run.graph
    np.testing.assert_array_equal(graph.by_name("target").value, [[0.0, 0.0, 1.0]])
    want = reference(path, {"input": X}, "softmax_ce", 2)
    assert controller.run.objective == pytest.approx(want.objective, rel=1e-12)
    assert check_gradients(graph).ok


def test_cancel_opens_the_model_as_before(window, tmp_path):
    path = saved(tmp_path, network((2, 3, 1))[0])

    def fill(dialog):
        dialog.inputs["input"].setText("[[3, 4]]")
        dialog.loss.setCurrentIndex(dialog.loss.findData("mse"))
        dialog.reject()

    answering(fill)
    assert window.open_file(str(path), ask=False), window.errors
    assert window.controller.document == onnx_document(path)
    graph = window.controller.run.graph
    np.testing.assert_array_equal(graph["X"].value, [[0.0, 0.0]])
    assert graph.output == "A" and "starts at zeros" in window.controller.document.caption


def test_a_bad_value_shows_a_message_and_keeps_the_dialog(window, tmp_path):
    path = saved(tmp_path, two_input_model(), "two.onnx")
    checks = []

    def fill(dialog):
        dialog.inputs["a"].setText("[1, 2]")
        checks.append(dialog.message.text())
        checks.append(ok_button(dialog).isEnabled())
        dialog.accept()  # what the monkey does: OK without the button
        checks.append(dialog.isVisible())
        dialog.inputs["a"].setText("[[1, 2, 3]]")
        dialog.inputs["b"].setText("1e301")
        checks.append(dialog.message.text())
        dialog.inputs["b"].setText("-0.5")
        checks.append(dialog.message.text())
        ok_button(dialog).click()

    answering(fill)
    assert window.open_file(str(path), ask=False), window.errors
    assert checks[0].startswith("a: needs 1×3 numbers") and checks[1] is False
    assert checks[2] is True  # still open
    assert checks[3].startswith("b: ") and "too large" in checks[3]
    assert checks[4] == ""
    graph = window.controller.run.graph
    np.testing.assert_array_equal(graph.by_name("a").value, [[1.0, 2.0, 3.0]])
    np.testing.assert_array_equal(graph.by_name("b").value, [[-0.5]])
    assert window.controller.run.objective == pytest.approx(np.tanh(1 * 0.5 - 2.5 + 6 - 0.5))


def test_a_csv_row_fills_the_inputs_and_the_target(window, tmp_path):
    path = saved(tmp_path, network((2, 3, 1), act="Tanh")[0])
    data = tmp_path / "d.csv"
    data.write_text("x1,x2,y\n0,0,0\n0.5,-1,0.25\n", encoding="utf-8")
    shown = []

    def fill(dialog):
        dialog.loss.setCurrentIndex(dialog.loss.findData("mse"))
        dialog.from_csv.setChecked(True)
        shown.append(dialog.message.text())  # no file yet
        dialog.csv_path.setText(str(data))
        dialog.row.setValue(3)
        shown.append(dialog.message.text())
        dialog.row.setValue(2)
        shown.append((dialog.inputs["input"].text(), dialog.target.text()))
        shown.append(dialog.inputs["input"].isReadOnly())
        ok_button(dialog).click()

    answering(fill)
    assert window.open_file(str(path), ask=False), window.errors
    assert shown[0].startswith("CSV file: choose a file")
    assert shown[1].startswith("CSV file: row 3: ") and "data rows 1 to 2" in shown[1]
    assert shown[2] == ("[[0.5, -1]]", "0.25") and shown[3] is True
    want = reference(path, {"input": X}, "mse", 0.25)
    assert window.controller.run.objective == pytest.approx(want.objective, rel=1e-12)
    assert check_gradients(window.controller.run.graph).ok


@pytest.mark.parametrize("seed", range(12))
def test_random_answers_always_leave_a_document_of_the_model(window, tmp_path, seed):
    """The monkey's way: random texts in the fields, random choices, OK or Cancel."""
    from gui import error_report

    proto = [network((2, 3, 2))[0], two_input_model()][seed % 2]
    path = saved(tmp_path, proto, f"m{seed}.onnx")
    data = tmp_path / "d.csv"
    data.write_text("x1,x2,y\n1,2,3\n", encoding="utf-8")
    rng = random.Random(seed)
    texts = ["", "0", "1.5", "-3", "nan", "inf", "abc", "[1, 2]", "[[1, 2], [3, 4]]", "1e400"]
    reported = error_report.REPORTER.total

    def fill(dialog):
        dialog.choose_csv_path = lambda: str(data)
        for _ in range(6):
            what = rng.randrange(5)
            if what == 0:
                dialog.loss.setCurrentIndex(rng.randrange(dialog.loss.count()))
            elif what == 1:
                dialog.from_csv.click()
            elif what == 2:
                dialog.browse.click()
            elif what == 3:
                dialog.row.setValue(rng.choice([1, 2, 10**9]))
            else:
                edits = [*dialog.inputs.values(), dialog.target, dialog.csv_path]
                rng.choice(edits).setText(rng.choice([*texts, str(data)]))
        dialog.accept() if rng.random() < 0.6 else dialog.reject()
        if dialog.isVisible():
            dialog.reject()

    seen = answering(fill)
    assert window.open_file(str(path), ask=False), window.errors
    assert seen and window.controller.title == f"m{seed}"
    assert np.isfinite(window.controller.run.objective)
    assert error_report.REPORTER.total == reported
