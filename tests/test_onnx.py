"""ONNX models open as graphs: every supported op's values against NumPy and its gradients
against finite differences, the refusals (one message each), and the command line."""

from __future__ import annotations

import json

import numpy as np
import pytest

onnx = pytest.importorskip("onnx")
from onnx import TensorProto, helper, numpy_helper  # noqa: E402

import core.cli.main as cli  # noqa: E402
from core.autodiff.engine import run  # noqa: E402
from core.autodiff.graph import Role  # noqa: E402
from core.frameworks.onnx_import import (  # noqa: E402
    MAX_NODES,
    SUPPORTED,
    OnnxError,
    add_loss,
    open_onnx,
    short_name,
)
from core.teaching.gradcheck import check_gradients  # noqa: E402

RNG = np.random.default_rng(11)
F = TensorProto.FLOAT


def make_model(nodes, inputs, inits=None, output="y", opset=17, out_shape=None):
    """A checked model: ``inputs`` name -> shape, ``inits`` name -> array (stored float32)."""
    graph = helper.make_graph(
        nodes,
        "test",
        [helper.make_tensor_value_info(n, F, s) for n, s in inputs.items()],
        [helper.make_tensor_value_info(output, F, out_shape)],
        [
            numpy_helper.from_array(
                np.asarray(v, dtype=np.float32 if v.dtype.kind == "f" else v.dtype), n
            )
            for n, v in (inits or {}).items()
        ],
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", opset)])
    if out_shape is None:  # let ONNX work out the output's shape (the checker wants one)
        model = onnx.shape_inference.infer_shapes(model)
        if not model.graph.output[0].type.tensor_type.HasField("shape"):
            model.graph.output[0].type.tensor_type.shape.SetInParent()
    onnx.checker.check_model(model)
    return model


def opened(tmp_path, model, name="m.onnx"):
    path = tmp_path / name
    onnx.save(model, str(path))
    return open_onnx(path), path


def f32(shape, low=-1.5, high=1.5):
    return RNG.uniform(low, high, size=shape).astype(np.float32).astype(float)


def unary(op, **attrs):
    return [helper.make_node(op, ["x"], ["y"], name=f"the_{op}", **attrs)]


def softplus(x):
    return np.log1p(np.exp(x))


A02, A07 = float(np.float32(0.2)), float(np.float32(0.7))  # attributes are stored as float32


# (id, nodes, input shapes, initializers, NumPy reference of (inputs, inits), domain of x)
CASES = [
    ("Relu", unary("Relu"), None, lambda x: np.maximum(x, 0)),
    ("LeakyRelu", unary("LeakyRelu", alpha=0.2), None, lambda x: np.where(x >= 0, x, A02 * x)),
    ("LeakyRelu-default", unary("LeakyRelu"), None, lambda x: np.where(x >= 0, x, 0.01 * x)),
    ("Elu", unary("Elu", alpha=0.7), None, lambda x: np.where(x >= 0, x, A07 * np.expm1(x))),
    ("Sigmoid", unary("Sigmoid"), None, lambda x: 1 / (1 + np.exp(-x))),
    ("Tanh", unary("Tanh"), None, np.tanh),
    ("Softplus", unary("Softplus"), None, softplus),
    ("Softsign", unary("Softsign"), None, lambda x: x / (1 + np.abs(x))),
    ("Exp", unary("Exp"), None, np.exp),
    ("Log", unary("Log"), "positive", np.log),
    ("Sqrt", unary("Sqrt"), "positive", np.sqrt),
    ("Abs", unary("Abs"), None, np.abs),
    ("Sin", unary("Sin"), None, np.sin),
    ("Cos", unary("Cos"), None, np.cos),
    ("Neg", unary("Neg"), None, np.negative),
    ("Identity", unary("Identity"), None, lambda x: x),
    ("Dropout", unary("Dropout"), None, lambda x: x),
    ("Softmax", unary("Softmax"), None, lambda x: np.exp(x) / np.exp(x).sum(-1, keepdims=True)),
    (
        "LogSoftmax",
        unary("LogSoftmax", axis=-1),
        None,
        lambda x: x - np.log(np.exp(x).sum(-1, keepdims=True)),
    ),
    ("Flatten", unary("Flatten", axis=1), None, lambda x: x.reshape(x.shape[0], -1)),
    ("Flatten-0", unary("Flatten", axis=0), None, lambda x: x.reshape(1, -1)),
    ("Transpose", unary("Transpose", perm=[1, 0]), None, lambda x: x.T),
    ("Transpose-default", unary("Transpose"), None, lambda x: x.T),
]
SHAPE = (3, 4)


def _domain(kind):
    x = f32(SHAPE, 0.2, 2.0) if kind == "positive" else f32(SHAPE)
    x[np.abs(x) < 0.05] = 0.3  # away from kinks
    return x


@pytest.mark.parametrize(("op", "nodes", "domain", "reference"), CASES, ids=[c[0] for c in CASES])
def test_unary_ops_values_and_gradients(tmp_path, op, nodes, domain, reference):
    x = _domain(domain)
    model, _ = opened(tmp_path, make_model(nodes, {"x": list(SHAPE)}))
    result = run(model.graph, {"x": x})
    np.testing.assert_allclose(result.values["y"], reference(x), rtol=1e-12, atol=1e-15)
    report = check_gradients(model.graph, {"x": x})
    assert report.ok, report.worst()
    assert model.graph["x"].role is Role.INPUT


def binary(op):
    return [helper.make_node(op, ["x", "w"], ["y"], name=op)]


BINARY_CASES = [
    ("Add", lambda x, w: x + w),
    ("Sub", lambda x, w: x - w),
    ("Mul", lambda x, w: x * w),
    ("Div", lambda x, w: x / w),
]


@pytest.mark.parametrize(("op", "reference"), BINARY_CASES, ids=[c[0] for c in BINARY_CASES])
@pytest.mark.parametrize("w_shape", [(4,), (3, 4), ()], ids=str)
def test_binary_ops_broadcast_like_onnx(tmp_path, op, reference, w_shape):
    x, w = f32(SHAPE), f32(w_shape, 0.5, 2.0)
    model, _ = opened(tmp_path, make_model(binary(op), {"x": list(SHAPE)}, {"w": np.asarray(w)}))
    assert model.params == ["w"] and model.graph["w"].role is Role.PARAM
    result = run(model.graph, {"x": x})
    np.testing.assert_allclose(result.values["y"], reference(x, w), rtol=1e-12)
    assert check_gradients(model.graph, {"x": x}).ok


def test_matmul_and_its_gradients_against_numpy(tmp_path):
    x, w = f32((3, 2)), f32((2, 5))
    model, _ = opened(tmp_path, make_model(binary("MatMul"), {"x": [3, 2]}, {"w": w}))
    result = run(model.graph, {"x": x})
    np.testing.assert_allclose(result.values["y"], x @ w, rtol=1e-12)
    # objective = mean(y): dL/dw = xᵀ·1/n, dL/dx = 1/n·wᵀ
    ones = np.full((3, 5), 1 / 15)
    np.testing.assert_allclose(result.gradients["w"], x.T @ ones, rtol=1e-12)
    np.testing.assert_allclose(result.gradients["x"], ones @ w.T, rtol=1e-12)


@pytest.mark.parametrize(
    ("attrs", "a_shape", "b_shape"),
    [
        ({}, (3, 2), (2, 4)),
        ({"transB": 1}, (3, 2), (4, 2)),
        ({"transA": 1}, (2, 3), (2, 4)),
        ({"transA": 1, "transB": 1, "alpha": 0.5, "beta": 2.0}, (2, 3), (4, 2)),
        ({"alpha": -1.5}, (3, 2), (2, 4)),
    ],
    ids=str,
)
@pytest.mark.parametrize("with_c", [True, False])
def test_gemm_with_every_attribute(tmp_path, attrs, a_shape, b_shape, with_c):
    a, b, c = f32(a_shape), f32(b_shape), f32((4,))
    inits = {"B": b, "C": c} if with_c else {"B": b}
    node = helper.make_node("Gemm", ["A", "B", "C"] if with_c else ["A", "B"], ["y"], **attrs)
    model, _ = opened(tmp_path, make_model([node], {"A": list(a_shape)}, inits))
    a_ = a.T if attrs.get("transA") else a
    b_ = b.T if attrs.get("transB") else b
    want = attrs.get("alpha", 1.0) * a_ @ b_ + (attrs.get("beta", 1.0) * c if with_c else 0)
    result = run(model.graph, {"A": a})
    np.testing.assert_allclose(result.values["y"], want, rtol=1e-12)
    assert check_gradients(model.graph, {"A": a}).ok


def test_pow_with_a_constant_exponent_from_an_initializer_and_from_a_constant(tmp_path):
    x = f32(SHAPE, 0.2, 2.0)
    nodes = [helper.make_node("Pow", ["x", "p"], ["y"])]
    model, _ = opened(tmp_path, make_model(nodes, {"x": list(SHAPE)}, {"p": np.array(3.0)}))
    np.testing.assert_allclose(run(model.graph, {"x": x}).values["y"], x**3, rtol=1e-12)
    assert check_gradients(model.graph, {"x": x}).ok
    assert "p" not in model.graph  # an exponent is a parameter of the op, not a leaf
    nodes = [
        helper.make_node(
            "Constant", [], ["p"], value=numpy_helper.from_array(np.array(0.5, np.float32))
        ),
        helper.make_node("Pow", ["x", "p"], ["y"]),
    ]
    model, _ = opened(tmp_path, make_model(nodes, {"x": list(SHAPE)}))
    np.testing.assert_allclose(run(model.graph, {"x": x}).values["y"], np.sqrt(x), rtol=1e-12)


def test_constant_becomes_a_constant_leaf(tmp_path):
    nodes = [
        helper.make_node(
            "Constant", [], ["c"], value=numpy_helper.from_array(np.full(4, 2.5, np.float32))
        ),
        helper.make_node("Mul", ["x", "c"], ["y"]),
    ]
    model, _ = opened(tmp_path, make_model(nodes, {"x": list(SHAPE)}))
    assert model.graph["c"].role is Role.CONST
    x = f32(SHAPE)
    np.testing.assert_allclose(run(model.graph, {"x": x}).values["y"], 2.5 * x)


@pytest.mark.parametrize(
    ("shape", "want"), [([2, 6], (2, 6)), ([-1], (12,)), ([0, -1], (3, 4)), ([4, 3], (4, 3))]
)
def test_reshape(tmp_path, shape, want):
    nodes = [helper.make_node("Reshape", ["x", "s"], ["y"])]
    inits = {"s": np.array(shape, dtype=np.int64)}
    model, _ = opened(tmp_path, make_model(nodes, {"x": list(SHAPE)}, inits))
    x = f32(SHAPE)
    y = run(model.graph, {"x": x}).values["y"]
    assert y.shape == want
    np.testing.assert_array_equal(y.reshape(-1), x.reshape(-1))
    assert check_gradients(model.graph, {"x": x}).ok


@pytest.mark.parametrize("op", ["ReduceSum", "ReduceMean"])
@pytest.mark.parametrize(
    ("axes", "keepdims"), [([1], 0), ([0], 1), ([-1], 1), (None, 0), (None, 1), ([0, 1], 0)]
)
def test_reductions(tmp_path, op, axes, keepdims):
    x = f32(SHAPE)
    if op == "ReduceSum":  # axes are an input since opset 13
        inits = {} if axes is None else {"axes": np.array(axes, dtype=np.int64)}
        ins = ["x"] if axes is None else ["x", "axes"]
        node = helper.make_node(op, ins, ["y"], keepdims=keepdims)
        model_proto = make_model([node], {"x": list(SHAPE)}, inits)
    else:  # ReduceMean kept its axes attribute until opset 18
        kwargs = {} if axes is None else {"axes": axes}
        node = helper.make_node(op, ["x"], ["y"], keepdims=keepdims, **kwargs)
        model_proto = make_model([node], {"x": list(SHAPE)}, opset=17)
    model, _ = opened(tmp_path, model_proto)
    fn = np.sum if op == "ReduceSum" else np.mean
    want = fn(x, axis=None if axes is None else tuple(axes), keepdims=bool(keepdims))
    got = run(model.graph, {"x": x}).values["y"]
    assert np.shape(got) == np.shape(want)
    np.testing.assert_allclose(got, want, rtol=1e-12)
    assert check_gradients(model.graph, {"x": x}).ok


def test_every_supported_op_is_tested_here():
    tested = {c[0].split("-")[0] for c in CASES} | {c[0] for c in BINARY_CASES}
    tested |= {"MatMul", "Gemm", "Pow", "Constant", "Reshape", "ReduceSum", "ReduceMean"}
    assert tested == set(SUPPORTED)


# ---------------------------------------------------------------------------- a small network


def network(sizes=(2, 8, 1), act="Relu", seed=0):
    """What torch.onnx.export writes for nn.Sequential(Linear, act, Linear): Gemm with transB."""
    rng = np.random.default_rng(seed)
    nodes, inits, previous = [], {}, "input"
    for k, (n_in, n_out) in enumerate(zip(sizes, sizes[1:], strict=False)):
        inits[f"{2 * k}.weight"] = rng.normal(size=(n_out, n_in)).astype(np.float32)
        inits[f"{2 * k}.bias"] = rng.normal(size=n_out).astype(np.float32)
        last = k == len(sizes) - 2
        out = "output" if last else f"/{2 * k}/Gemm_output_0"
        nodes.append(
            helper.make_node(
                "Gemm",
                [previous, f"{2 * k}.weight", f"{2 * k}.bias"],
                [out],
                name=f"/{2 * k}/Gemm",
                transB=1,
            )
        )
        previous = out
        if not last:
            act_out = f"/{2 * k + 1}/{act}_output_0"
            nodes.append(helper.make_node(act, [out], [act_out], name=f"/{2 * k + 1}/{act}"))
            previous = act_out
    return make_model(nodes, {"input": ["batch", sizes[0]]}, inits, output="output"), inits


def test_a_network_keeps_the_onnx_names_and_reads_float32_exactly(tmp_path):
    proto, inits = network()
    model, _ = opened(tmp_path, proto)
    assert model.inputs == ["input"]
    assert model.params == ["0.weight", "0.bias", "2.weight", "2.bias"]
    for name, value in inits.items():
        leaf = model.graph[name]
        assert leaf.name == name and leaf.value.dtype == np.float64
        np.testing.assert_array_equal(leaf.value, value.astype(np.float64))  # exact widening
    assert model.graph["/0/Gemm_output_0"].display == "0/Gemm"
    assert model.graph["input"].value.shape == (1, 2)  # the symbolic batch is one sample


def test_the_network_against_a_numpy_forward_and_backward(tmp_path):
    proto, inits = network()
    model, _ = opened(tmp_path, proto)
    add_loss(model, "mse", 0.25)
    x = np.array([[0.5, -1.0]])
    result = run(model.graph, {"input": x})
    w1, b1 = inits["0.weight"].astype(float), inits["0.bias"].astype(float)
    w2, b2 = inits["2.weight"].astype(float), inits["2.bias"].astype(float)
    z1 = x @ w1.T + b1
    h = np.maximum(z1, 0)
    a = h @ w2.T + b2
    loss = float(np.mean((a - 0.25) ** 2))
    assert result.objective == pytest.approx(loss, rel=1e-14)
    da = 2 * (a - 0.25)
    dz1 = (da @ w2) * (z1 >= 0)
    np.testing.assert_allclose(result.gradients["2.weight"], da.T @ h, rtol=1e-13)
    np.testing.assert_allclose(result.gradients["2.bias"], da.sum(0), rtol=1e-13)
    np.testing.assert_allclose(result.gradients["0.weight"], dz1.T @ x, rtol=1e-13)
    np.testing.assert_allclose(result.gradients["0.bias"], dz1.sum(0), rtol=1e-13)


@pytest.mark.parametrize(("loss", "target"), [("mse", [[0.3]]), ("bce", 1.0), ("softmax_ce", 2)])
def test_losses_agree_with_finite_differences(tmp_path, loss, target):
    sizes = (2, 4, 3) if loss == "softmax_ce" else (2, 4, 1)
    proto, _ = network(sizes, act="Tanh")
    if loss == "bce":  # probabilities: a sigmoid on the output
        proto.graph.node.append(helper.make_node("Sigmoid", ["output"], ["p"]))
        proto.graph.output[0].name = "p"
    model, _ = opened(tmp_path, proto)
    add_loss(model, loss, target)
    assert model.graph.output == "loss"
    assert check_gradients(model.graph, {"input": [[0.4, -0.2]]}).ok


def test_softmax_ce_target_is_a_class_index_or_one_hot(tmp_path):
    proto, _ = network((2, 3, 3), act="Tanh")
    model, _ = opened(tmp_path, proto)
    add_loss(model, "softmax_ce", 1)
    np.testing.assert_array_equal(model.graph["target"].value, [[0.0, 1.0, 0.0]])
    model, _ = opened(tmp_path, proto)
    with pytest.raises(OnnxError, match="class 5 is not one of the model's 3 outputs"):
        add_loss(model, "softmax_ce", 5)


def test_short_names():
    assert short_name("/fc1/Gemm_output_0") == "fc1/Gemm"
    assert short_name("/Relu_output_0") == "Relu"
    assert short_name("output") == "output"
    assert short_name("0.weight") == "0.weight"


# ---------------------------------------------------------------------------- refusals


def test_unsupported_op_names_the_op_the_node_its_index_and_what_is_supported(tmp_path):
    nodes = [
        helper.make_node("Relu", ["x"], ["h"], name="first"),
        helper.make_node("Conv", ["h", "w"], ["y"], name="my_conv"),
    ]
    proto = make_model(nodes, {"x": [1, 1, 3, 3]}, {"w": f32((1, 1, 2, 2))})
    with pytest.raises(OnnxError) as info:
        opened(tmp_path, proto)
    message = str(info.value)
    assert "node 1 (Conv 'my_conv')" in message and "Gemm" in message and "ReduceMean" in message
    assert "\n" not in message


def test_unsupported_attribute_is_refused(tmp_path):
    nodes = [helper.make_node("Softmax", ["x"], ["y"], name="sm", axis=0)]
    with pytest.raises(OnnxError, match=r"node 0 \(Softmax 'sm'\): only the last axis"):
        opened(tmp_path, make_model(nodes, {"x": list(SHAPE)}))
    nodes = [helper.make_node("Transpose", ["x"], ["y"], name="t", perm=[0, 1, 2])]
    with pytest.raises(OnnxError, match="perm"):
        opened(tmp_path, make_model(nodes, {"x": [2, 3, 4]}))


def test_a_non_constant_exponent_is_refused(tmp_path):
    nodes = [helper.make_node("Pow", ["x", "e"], ["y"], name="pw")]
    proto = make_model(nodes, {"x": list(SHAPE), "e": []})
    with pytest.raises(OnnxError, match="the exponent must be a constant"):
        opened(tmp_path, proto)


def test_not_a_model_too_large_and_missing_files(tmp_path, monkeypatch):
    bad = tmp_path / "junk.onnx"
    bad.write_bytes(b"\xff\xfe this is not protobuf" * 10)
    with pytest.raises(OnnxError, match="not an ONNX model"):
        open_onnx(bad)
    with pytest.raises(OnnxError, match="no such file"):
        open_onnx(tmp_path / "missing.onnx")
    proto, _ = network()
    path = tmp_path / "net.onnx"
    onnx.save(proto, str(path))
    import core.frameworks.onnx_import as module

    monkeypatch.setattr(module, "MAX_BYTES", 100)
    with pytest.raises(OnnxError, match="larger than the 0 MB limit"):
        open_onnx(path)


def test_the_checker_runs(tmp_path):
    proto, _ = network()
    proto.graph.node[0].input[0] = "nowhere"  # a dangling input: the checker refuses
    path = tmp_path / "bad.onnx"
    path.write_bytes(proto.SerializeToString())
    with pytest.raises(OnnxError, match="checker"):
        open_onnx(path)


def test_node_and_element_limits(tmp_path, monkeypatch):
    import core.frameworks.onnx_import as module

    proto, _ = network()
    monkeypatch.setattr(module, "MAX_NODES", 2)
    with pytest.raises(OnnxError, match="3 nodes is more than the 2"):
        opened(tmp_path, proto)
    monkeypatch.setattr(module, "MAX_NODES", MAX_NODES)
    monkeypatch.setattr(module, "MAX_ELEMENTS", 10)
    with pytest.raises(OnnxError, match="tensor 0.weight has 16 numbers, more than the 10"):
        opened(tmp_path, proto)


def external_model(folder, location):
    """The network with 0.weight's numbers in weights.bin, referenced as ``location``."""
    proto, _ = network()
    tensor = proto.graph.initializer[0]
    data = numpy_helper.to_array(tensor).tobytes()
    tensor.ClearField("float_data")
    tensor.raw_data = b""
    tensor.data_location = TensorProto.EXTERNAL
    for key, value in (("location", location), ("offset", "0"), ("length", str(len(data)))):
        entry = tensor.external_data.add()
        entry.key, entry.value = key, value
    (folder / "weights.bin").write_bytes(data)
    (folder.parent / "weights.bin").write_bytes(data)  # what "../weights.bin" would read
    path = folder / "ext.onnx"
    path.write_bytes(proto.SerializeToString())
    return path, data


def test_external_data_next_to_the_model_is_read(tmp_path):
    path, data = external_model(tmp_path, "weights.bin")
    model = open_onnx(path)
    np.testing.assert_array_equal(
        model.graph["0.weight"].value.reshape(-1), np.frombuffer(data, np.float32)
    )


@pytest.mark.parametrize("location", ["../weights.bin", "/etc/passwd", "sub/../../x.bin"])
def test_external_data_outside_the_folder_is_refused(tmp_path, location):
    folder = tmp_path / "model"
    folder.mkdir()
    path, _ = external_model(folder, location)
    with pytest.raises(OnnxError, match="outside the model's folder"):
        open_onnx(path)


def test_without_onnx_the_message_says_how_to_install(monkeypatch, tmp_path):
    import builtins

    real = builtins.__import__

    def no_onnx(name, *args, **kwargs):
        if name == "onnx" or name.startswith("onnx."):
            raise ImportError("no onnx")
        return real(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_onnx)
    with pytest.raises(OnnxError, match=r"pip install 'backprop-studio\[onnx\]'"):
        open_onnx(tmp_path / "m.onnx")


# ---------------------------------------------------------------------------- the command line


def saved_network(tmp_path, **kw):
    proto, inits = network(**kw)
    path = tmp_path / "net.onnx"
    onnx.save(proto, str(path))
    return path, inits


def test_trace_json_keys_are_the_onnx_names(tmp_path, capsys):
    path, _ = saved_network(tmp_path)
    code = cli.main(
        [
            "trace",
            str(path),
            "--json",
            "--set",
            "input=[[0.5, -1]]",
            "--loss",
            "mse",
            "--target",
            "0.25",
        ]
    )
    assert code == 0
    data = json.loads(capsys.readouterr().out)
    assert set(data["gradients"]) == {"input", "0.weight", "0.bias", "2.weight", "2.bias", "target"}
    assert np.shape(data["gradients"]["0.weight"]) == (8, 2)
    assert data["output"] == "loss"


def test_zeros_by_default_with_a_note(tmp_path, capsys):
    path, _ = saved_network(tmp_path)
    assert cli.main(["trace", str(path), "--json"]) == 0
    captured = capsys.readouterr()
    assert "input input (1×2) is all zeros" in captured.err
    assert json.loads(captured.out)["values"]["input"] == [[0.0, 0.0]]


def test_check_agrees_with_finite_differences(tmp_path, capsys):
    path, _ = saved_network(tmp_path, act="Tanh")
    code = cli.main(
        ["check", str(path), "--set", "input=[[0.5, -1]]", "--loss", "mse", "--target", "1"]
    )
    assert code == 0
    assert "0 disagree" in capsys.readouterr().out


def test_a_csv_row_gives_the_inputs_and_the_target(tmp_path, capsys):
    path, _ = saved_network(tmp_path)
    data = tmp_path / "d.csv"
    data.write_text("x1,x2,y\n0,0,0\n0.5,-1,0.25\n")
    assert (
        cli.main(["trace", str(path), "--json", "--data", str(data), "--row", "2", "--loss", "mse"])
        == 0
    )
    by_row = json.loads(capsys.readouterr().out)
    cli.main(
        [
            "trace",
            str(path),
            "--json",
            "--set",
            "input=[[0.5, -1]]",
            "--loss",
            "mse",
            "--target",
            "0.25",
        ]
    )
    by_set = json.loads(capsys.readouterr().out)
    assert by_row["objective"] == by_set["objective"]
    assert by_row["gradients"]["0.weight"] == by_set["gradients"]["0.weight"]


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--target", "1"], "--target needs --loss"),
        (["--loss", "mse"], "needs a target"),
        (
            ["--loss", "softmax_ce", "--target", "[1, 2, 3]"],
            "the target has shape 3 but the output",
        ),
        (["--data", "missing.csv"], "no such file"),
    ],
)
def test_bad_options_exit_2_with_one_message(tmp_path, capsys, extra, message):
    path, _ = saved_network(tmp_path)
    assert cli.main(["trace", str(path), *extra]) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


def test_onnx_options_are_refused_for_programs(tmp_path, capsys):
    program = tmp_path / "p.bp"
    program.write_text("x = 1\ny = x * 2\n")
    assert cli.main(["trace", str(program), "--loss", "mse"]) == 2
    assert "only apply to .onnx models" in capsys.readouterr().err


def test_train_an_onnx_model_on_a_csv(tmp_path, capsys):
    from core.cli.train import main as train_main
    from core.documents.document import load_document

    proto, _ = network((2, 4, 1), act="Tanh")
    path = tmp_path / "net.onnx"
    onnx.save(proto, str(path))
    rows = ["x1,x2,y"] + [f"{a},{b},{a ^ b}" for a in (0, 1) for b in (0, 1)] * 3
    data = tmp_path / "xor.csv"
    data.write_text("\n".join(rows) + "\n")
    saved = tmp_path / "trained.json"
    argv = [str(path), "--data", str(data), "--loss", "mse", "--epochs", "300", "--lr", "0.3"]
    assert train_main([*argv, "--json", "--history", "--save", str(saved)]) == 0
    summary = json.loads(capsys.readouterr().out)
    losses = summary["history"]["train_loss"]
    assert summary["train_loss"] < 0.5 * losses[0], losses[:3]
    assert "0/Gemm" not in summary["parameters"] and "p_0_weight" in summary["parameters"]
    document = load_document(saved)
    assert document.build().by_name("p_0_weight").role is Role.PARAM


def test_train_an_onnx_model_needs_a_loss_and_a_target_column(tmp_path, capsys):
    from core.cli.train import main as train_main

    proto, _ = network((2, 4, 1))
    path = tmp_path / "net.onnx"
    onnx.save(proto, str(path))
    data = tmp_path / "d.csv"
    data.write_text("x1,x2\n0,1\n1,0\n")
    assert train_main([str(path), "--data", str(data)]) == 2
    assert "needs a loss" in capsys.readouterr().err
    assert train_main([str(path), "--data", str(data), "--loss", "mse"]) == 2
    assert "the target needs at least one more" in capsys.readouterr().err
