"""Export to frameworks: ONNX files that open again with the same values and gradients, PyTorch
scripts that are valid Python embedding the weights (run only where torch is installed), and
the program writer the window uses to open an ONNX model."""

from __future__ import annotations

import ast
import importlib.util
import json
import subprocess
import sys

import numpy as np
import pytest

onnx = pytest.importorskip("onnx")

from core.autodiff.engine import run  # noqa: E402
from core.autodiff.graph import Graph, Role  # noqa: E402
from core.documents.examples import example_names, load_example  # noqa: E402
from core.documents.graph_program import graph_to_program  # noqa: E402
from core.frameworks.onnx_export import graph_to_model, write_onnx  # noqa: E402
from core.frameworks.onnx_import import OnnxError, add_loss, open_onnx  # noqa: E402
from core.frameworks.torch_export import graph_script, network_script, script_for  # noqa: E402
from core.lang.expr import parse  # noqa: E402
from gui import export_cli  # noqa: E402

HAS_TORCH = importlib.util.find_spec("torch") is not None


def example_graph(name):
    document = load_example(name)
    network = document.network() if document.source_kind == "network" else None
    return (network.graph if network else document.build()), network


def input_values(graph):
    return {n.name or n.id: n.value for n in graph.leaves() if n.role is Role.INPUT}


def assert_same_run(original: Graph, reopened: Graph, rtol=1e-13):
    """Objective and every non-constant leaf's gradient, matched by name."""
    first = run(original, record=False)
    second = run(reopened, input_values(original), record=False)
    assert second.objective == pytest.approx(first.objective, rel=rtol, abs=1e-15)
    for leaf in original.leaves():
        if leaf.literal or leaf.role is Role.CONST or leaf.id not in first.gradients:
            continue
        got = second.gradient(leaf.name or leaf.id)
        np.testing.assert_allclose(got, first.gradients[leaf.id], rtol=rtol, atol=1e-15)


@pytest.mark.parametrize("name", example_names())
def test_onnx_round_trip_of_every_example(tmp_path, name):
    graph, _ = example_graph(name)
    path = tmp_path / f"{name}.onnx"
    write_onnx(graph, path, name)
    model = open_onnx(path)
    assert_same_run(graph, model.graph, rtol=1e-12 if name == "xor" else 1e-13)


OP_PROGRAMS = {
    "elementwise": "x: input = [0.5, -1.2, 2.0]\nw = [0.3, 0.7, -0.4]\n"
    "h = exp(x) * sin(w) + cos(x) / (abs(w) + 1) - sqrt(w * w + 1) + log(w * w + 2)\n"
    "g = softsign(h) + softplus(h) - sigmoid(h) * tanh(h) + relu(h) + elu(h) + leaky_relu(h, 0.25)\n"
    "out = sum(-g ** 2.0 + identity(g)) + mean(dropout(g))\n",
    "tensor": "X: input = [[0.5, -1.0, 0.25], [1.5, 0.3, -0.7]]\nW = [[0.2, -0.4], [0.9, 0.1], [-0.3, 0.5]]\n"
    "Z = X @ W\nL = log_softmax(Z) + softmax(Z)\nT = transpose(L)\n"
    "R = reshape(T, 1, 4)\nF = flatten(R, 0)\n"
    "S = reduce_sum(Z, 0) + reduce_mean(Z, 1, 1) + reduce_sum(Z, all=1, keepdims=1)\n"
    "out = mean(F) + mean(S)\n",
    "losses": "z: input = [[0.2, -0.5, 1.0], [0.1, 0.4, -0.3]]\nY: input = [[0, 1, 0], [1, 0, 0]]\n"
    "w = 0.8\na = sigmoid(w * z)\n"
    "out = mean(softmax_ce(w * z, Y)) + mse(a, Y) + mean(bce(a, Y)) + mean(bce_logits(z, Y))"
    " + mean(squared_error(a, Y))\n",
}


@pytest.mark.parametrize("name", sorted(OP_PROGRAMS))
def test_onnx_round_trip_covers_every_op_it_writes(tmp_path, name):
    graph = parse(OP_PROGRAMS[name]).graph
    path = tmp_path / "ops.onnx"
    write_onnx(graph, path)
    reopened = open_onnx(path).graph
    # LeakyRelu's alpha is stored as float32 by ONNX: 0.25 is exact, so this holds tightly
    assert_same_run(graph, reopened, rtol=1e-12)


def test_step_is_refused_with_the_nodes_name():
    graph = parse("x = 0.3\nw = 1.0\nh = step(w * x)\n").graph
    with pytest.raises(OnnxError, match="h: step has no ONNX equivalent"):
        graph_to_model(graph)


def test_exported_model_passes_the_checker_and_keeps_names(tmp_path):
    graph, _ = example_graph("lego_regression")
    model = graph_to_model(graph, "lego")
    onnx.checker.check_model(model)
    names = {t.name for t in model.graph.initializer}
    assert {"W1", "b1", "W2", "b2", "W3", "b3"} <= names
    assert {i.name for i in model.graph.input} == {"X", "Y"}
    assert all(t.data_type == onnx.TensorProto.DOUBLE for t in model.graph.initializer)


def test_export_cli_writes_onnx_and_it_opens_with_trace(tmp_path, capsys):
    import core.cli.main as cli

    target = tmp_path / "lecture.onnx"
    assert export_cli.main(["lecture", "--onnx", str(target)]) == 0
    assert "wrote" in capsys.readouterr().out
    graph, _ = example_graph("lecture")
    sets = [
        f"--set={k}={json.dumps(np.asarray(v).tolist())}" for k, v in input_values(graph).items()
    ]
    assert cli.main(["trace", str(target), "--json", *sets]) == 0
    data = json.loads(capsys.readouterr().out)
    want = run(graph, record=False)
    assert data["objective"] == pytest.approx(want.objective, rel=1e-14)
    for leaf in graph.leaves():
        if leaf.role is Role.PARAM and not leaf.literal:
            np.testing.assert_allclose(data["gradients"][leaf.display], want.gradients[leaf.id])


# ---------------------------------------------------------------------------- PyTorch


def _script_ok(text: str) -> ast.Module:
    tree = ast.parse(text)
    imports = {
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, (ast.Import, ast.ImportFrom))
        for alias in node.names
    }
    assert imports <= {"json", "math", "torch", "nn"}
    assert 'if __name__ == "__main__":' in text
    assert "objective.backward()" in text
    return tree


def test_a_network_becomes_linear_layers_with_its_weights(tmp_path):
    graph, network = example_graph("lego_regression")
    text = network_script(network, "lego")
    _script_ok(text)
    assert "self.fc1 = nn.Linear(2, 4)" in text and "nn.ReLU()" in text
    w1 = np.asarray(network.graph["W1"].value)
    # nn.Linear keeps weightᵀ: its first row is W1's first column, every digit
    first_row = ", ".join(repr(float(v)) for v in w1[:, 0])
    assert f"[[{first_row}]" in text
    assert '"W1"' in text and "weight.grad.T" in text


def test_a_neuron_network_reports_every_neuron_weight():
    document = load_example("xor")
    network = document.network()
    text = network_script(network, "xor")
    _script_ok(text)
    for name in network.params:
        assert f'grads["{name}"]' in text


def test_a_program_becomes_a_forward_of_torch_functions():
    graph, _ = example_graph("lecture")
    text = graph_script(graph, "lecture")
    _script_ok(text)
    for leaf in graph.leaves():
        if leaf.role is Role.PARAM and not leaf.literal:
            assert f"grads[{leaf.display!r}]" in text
    assert "torch.sigmoid(" in text


@pytest.mark.parametrize("name", sorted(OP_PROGRAMS))
def test_every_op_has_a_torch_form(name):
    _script_ok(graph_script(parse(OP_PROGRAMS[name]).graph, name))


def test_onnx_model_script_uses_python_names_and_reports_onnx_names(tmp_path):
    from tests.test_onnx import network

    proto, _ = network()
    path = tmp_path / "net.onnx"
    onnx.save(proto, str(path))
    model = open_onnx(path)
    add_loss(model, "mse", 0.5)
    text = script_for(model.graph, "net")
    _script_ok(text)
    assert "grads['0.weight']" in text and "self.p_0_weight = nn.Parameter(" in text


def test_export_cli_writes_a_pytorch_script(tmp_path, capsys):
    target = tmp_path / "model.py"
    assert export_cli.main(["lego_regression", "--pytorch", str(target)]) == 0
    _script_ok(target.read_text())
    assert "never run" not in capsys.readouterr().err


@pytest.mark.skipif(not HAS_TORCH, reason="PyTorch is not installed")
@pytest.mark.parametrize(
    "name", ["lecture", "lego_regression", "lego_classification", "xor", *sorted(OP_PROGRAMS)]
)
def test_the_script_prints_what_trace_prints(tmp_path, name):
    if name in OP_PROGRAMS:  # every op in the function form
        graph, network = parse(OP_PROGRAMS[name]).graph, None
    else:
        graph, network = example_graph(name)
    path = tmp_path / "model.py"
    path.write_text(script_for(graph, name, network))
    done = subprocess.run(
        [sys.executable, str(path)], capture_output=True, text=True, timeout=600, check=True
    )
    report = json.loads(done.stdout)
    want = run(graph, record=False)
    assert report["objective"] == pytest.approx(want.objective, rel=1e-9)
    for key, value in report["gradients"].items():
        node = graph.by_name(key)
        np.testing.assert_allclose(value, want.gradients.get(node.id, 0.0), rtol=1e-9, atol=1e-12)


# ---------------------------------------------------------------------------- programs


@pytest.mark.parametrize("name", example_names())
def test_every_graph_written_as_a_program_reads_back_the_same(name):
    graph, _ = example_graph(name)
    text, names = graph_to_program(graph, name)
    program = parse(text)
    first, second = run(graph, record=False), run(program.graph, record=False)
    assert second.objective == first.objective
    for nid, var in names.items():
        if graph[nid].is_leaf and nid in first.gradients:
            np.testing.assert_array_equal(second.gradients[var], first.gradients[nid])


def test_onnx_model_as_a_program_document(tmp_path):
    from core.documents.graph_program import onnx_document
    from tests.test_onnx import network

    proto, _ = network()
    path = tmp_path / "net.onnx"
    onnx.save(proto, str(path))
    document = onnx_document(path, as_network=False)
    assert document.title == "net" and document.source_kind == "program"
    graph = document.build()
    model = open_onnx(path)
    first, second = run(model.graph, record=False), run(graph, record=False)
    assert second.objective == first.objective
    assert graph.by_name("p_0_weight").role is Role.PARAM


@pytest.mark.parametrize("act", ["Relu", "Tanh", "Sigmoid"])
def test_a_linear_network_opens_as_a_network_that_shows_its_neurons(tmp_path, act):
    from core.documents.graph_program import onnx_document
    from tests.test_onnx import network

    proto, inits = network((2, 3, 2), act=act)
    path = tmp_path / "net.onnx"
    onnx.save(proto, str(path))
    document = onnx_document(path)
    assert document.source_kind == "network" and document.spec.sizes == (2, 3, 2)
    assert document.spec.hidden_activations == (act.lower(),)
    x = [[0.4, -0.9]]
    layer = run(document.network().graph, {"X": x}, record=False)
    model = open_onnx(path)
    want = run(model.graph, {"input": x}, record=False)
    assert layer.objective == pytest.approx(want.objective, rel=1e-14)
    np.testing.assert_allclose(
        layer.gradients["W1"], want.gradients["0.weight"].T, rtol=1e-13, atol=1e-16
    )
    neurons = document.replace(spec=document.spec.with_granularity("neuron"))
    values = document.network().values_for("neuron")
    neurons = neurons.replace(values={k: np.asarray(v).tolist() for k, v in values.items()})
    assert run(neurons.network().graph, record=False).objective == pytest.approx(
        run(document.network().graph, record=False).objective, rel=1e-12
    )


def test_a_model_that_is_not_a_plain_network_opens_as_a_program(tmp_path):
    from core.documents.graph_program import onnx_document
    from tests.test_onnx import network

    proto, _ = network((2, 3, 1), act="Sin")  # sin is not an activation of the lecture's table
    path = tmp_path / "net.onnx"
    onnx.save(proto, str(path))
    assert onnx_document(path).source_kind == "program"


def test_onnx_document_refusals_are_document_errors(tmp_path):
    from core.documents.document import DocumentError
    from core.documents.graph_program import onnx_document

    bad = tmp_path / "bad.onnx"
    bad.write_bytes(b"not a model")
    with pytest.raises(DocumentError, match="not an ONNX model"):
        onnx_document(bad)


# ---------------------------------------------------------------------------- the window


@pytest.fixture
def window(qtbot, isolated_settings, tmp_path, monkeypatch):
    from gui import animation
    from gui.main_window import MainWindow

    animation.set_enabled(False)
    window = MainWindow(recovery_dir=tmp_path / "recovery")
    qtbot.addWidget(window)
    window.errors = []
    monkeypatch.setattr(window, "report_error", lambda title, text: window.errors.append(text))
    monkeypatch.setattr(window, "ask_unsaved_changes", lambda: "discard")
    monkeypatch.setattr(window, "ask_onnx_document", lambda plan: None)  # Cancel: as before
    assert window.open_initial()
    yield window
    animation.set_enabled(True)


def test_the_window_opens_an_onnx_model_and_never_saves_over_it(window, tmp_path):
    from tests.test_onnx import network

    proto, inits = network()
    path = tmp_path / "net.onnx"
    onnx.save(proto, str(path))
    before = path.read_bytes()
    assert window.open_file(str(path), ask=False), window.errors
    controller = window.controller
    assert controller.path is None and controller.title == "net"
    weight = controller.run.graph.by_name("W1")  # a plain network: shown as one
    np.testing.assert_array_equal(weight.value, inits["0.weight"].astype(float).T)
    assert controller.is_layer_network
    assert path.read_bytes() == before


def test_the_window_refuses_a_broken_model_with_one_message(window, tmp_path):
    path = tmp_path / "broken.onnx"
    path.write_bytes(b"garbage")
    title = window.controller.title
    assert not window.open_file(str(path), ask=False)
    assert window.errors and "not an ONNX model" in window.errors[-1]
    assert window.controller.title == title


def test_export_menu_writes_pytorch_and_onnx(window, monkeypatch, tmp_path):
    exporter = window.exporter
    monkeypatch.setattr(exporter, "choose_file", lambda kind, suggested: str(tmp_path / "m"))
    script = exporter.export_pytorch()
    assert script.endswith("m.py") and not window.errors
    _script_ok((tmp_path / "m.py").read_text())
    model = exporter.export_onnx()
    assert model.endswith("m.onnx") and not window.errors
    assert_same_run(window.controller.run.graph, open_onnx(model).graph)


def test_export_menu_reports_a_graph_onnx_cannot_hold(window, monkeypatch, tmp_path):
    from core.documents.document import Document

    window.controller.load(Document.from_program("x = 0.3\nw = 1.0\nh = step(w * x)\n"))
    monkeypatch.setattr(window.exporter, "choose_file", lambda kind, suggested: str(tmp_path / "s"))
    assert window.exporter.export_onnx() == ""
    assert "step has no ONNX equivalent" in window.errors[-1]


def test_export_of_an_onnx_source_takes_its_sample_and_loss(tmp_path, capsys):
    from tests.test_onnx import network

    proto, _ = network()
    source = tmp_path / "net.onnx"
    onnx.save(proto, str(source))
    again = tmp_path / "again.onnx"
    args = ["--set", "input=[[0.5, -1]]", "--loss", "mse", "--target", "0.25"]
    assert export_cli.main([str(source), "--onnx", str(again), *args]) == 0
    assert "all zeros" not in capsys.readouterr().err
    model = open_onnx(source)
    add_loss(model, "mse", 0.25)
    model.graph.set_value("input", [[0.5, -1.0]])
    reopened = open_onnx(again).graph
    assert {i for i in ("input", "target") if reopened[i].role is Role.INPUT} == {"input", "target"}
    assert_same_run(model.graph, reopened)


@pytest.mark.parametrize(
    "argv",
    [
        ["lecture", "--onnx", "x.onnx", "--loss", "mse"],
        ["m.onnx", "--pdf", "x.pdf", "--loss", "mse"],
    ],
)
def test_onnx_options_elsewhere_are_refused(tmp_path, capsys, argv, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert export_cli.main(argv) == 2
    assert "--loss apply to .onnx models" in capsys.readouterr().err
