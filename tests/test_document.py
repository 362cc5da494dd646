"""Documents (read, validate, write atomically) and the lecture's examples built from them."""

from __future__ import annotations

import json
import math
import os

import numpy as np
import pytest

from core.autodiff import engine
from core.documents.document import (
    MAX_BYTES,
    Document,
    DocumentError,
    load_document,
    loads_document,
    save_document,
)
from core.documents.examples import (
    DEFAULT,
    ORDER,
    ExampleInfo,
    example_path,
    examples_dir,
    list_examples,
    load_example,
)
from core.training.nn import NetworkSpec

PROGRAM = "x1 = 0.5\nx2 = -1.0\nw1 = 0.3\nw2 = 0.8\nb = 0.1\nh = sigmoid(w1*x1 + w2*x2 + b)\n"
PROGRAM += "loss = 0.5 * (h - 1.0)**2\n"


def _doc(**overrides) -> dict:
    data = {
        "format": "backprop-studio",
        "version": 1,
        "title": "t",
        "caption": "c",
        "source": {"kind": "program", "text": PROGRAM},
        "values": {},
        "output": None,
        "positions": {},
    }
    data.update(overrides)
    return data


def _leaf_values(graph) -> dict:
    return {n.id: n.value for n in graph.leaves()}


def _same_values(a: dict, b: dict) -> bool:
    return a.keys() == b.keys() and all(
        np.shape(a[k]) == np.shape(b[k]) and np.array_equal(np.asarray(a[k]), np.asarray(b[k]))
        for k in a
    )


# ---------------------------------------------------------------------------- round trips


def test_program_document_round_trip(tmp_path):
    doc = Document.from_program(
        PROGRAM,
        title="a neuron",
        caption="notice things",
        values={"w1": -0.25, "x1": [0.5, 1.5, 2.5]},
        output="h",
        positions={"h": (10.0, -20.5), "w1": (0.0, 3.0)},
    )
    path = tmp_path / "doc.json"
    save_document(doc, path)
    back = load_document(path)
    assert back == doc
    g1, g2 = doc.build(), back.build()
    assert g2.output == "h"
    assert _same_values(_leaf_values(g1), _leaf_values(g2))
    assert g2["w1"].value == -0.25 and list(g2["x1"].value) == [0.5, 1.5, 2.5]
    assert engine.run(g1).objective == engine.run(g2).objective
    assert os.listdir(tmp_path) == ["doc.json"]  # no temporary file left behind


def test_network_document_round_trip(tmp_path):
    spec = NetworkSpec(
        (2, 3, 2), activation=("relu",), dropout=(0.25,), granularity="layer", seed=3
    )
    doc = Document.from_network(
        spec, samples=5, title="net", values={"b1": [0.1, -0.2, 0.3]}, positions={"Z1": (1, 2)}
    )
    path = tmp_path / "net.json"
    save_document(doc, path)
    back = load_document(path)
    assert back.spec == spec and back.samples == 5
    g1, g2 = doc.build(), back.build()
    assert _same_values(_leaf_values(g1), _leaf_values(g2))
    assert g2["X"].value.shape == (5, 2)
    assert list(g2["b1"].value) == [0.1, -0.2, 0.3]


def test_exact_floats_survive_a_round_trip(tmp_path):
    awkward = [0.1 + 0.2, 1 / 3, 1e-300, -2.5e17, 123456789.123456789]
    doc = Document.from_program("x = 1.0\nw = 2.0\na = w*x\n", values={"x": awkward})
    save_document(doc, tmp_path / "f.json")
    assert load_document(tmp_path / "f.json").values["x"] == awkward


def test_capture_records_edited_leaves_and_reopens_exactly(tmp_path):
    doc = load_example("lecture")
    graph = doc.build()
    graph.set_value("w11", 0.123)
    graph.set_value("x2", -0.5)
    captured = doc.capture(graph, positions={"a": [4, 5]})
    assert captured.values == {"w11": 0.123, "x2": -0.5}
    save_document(captured, tmp_path / "edited.json")
    reopened = load_document(tmp_path / "edited.json").build()
    assert _same_values(_leaf_values(graph), _leaf_values(reopened))
    assert load_document(tmp_path / "edited.json").positions == {"a": (4.0, 5.0)}


def test_save_is_atomic_and_refuses_unreadable_values(tmp_path):
    path = tmp_path / "keep.json"
    good = Document.from_program(PROGRAM, title="good")
    save_document(good, path)
    before = path.read_text()
    bad = good.replace(values={"w1": float("nan")})
    with pytest.raises(DocumentError, match=r"values\.w1: must be a finite number, got nan"):
        save_document(bad, path)
    assert path.read_text() == before
    assert os.listdir(tmp_path) == ["keep.json"]
    save_document(good.replace(title="newer"), path)  # replacing an existing file works
    assert load_document(path).title == "newer"


def test_written_json_is_readable_and_never_pickled(tmp_path):
    path = tmp_path / "d.json"
    save_document(Document.from_program(PROGRAM, values={"x1": [1.0, 2.0]}), path)
    text = path.read_text(encoding="utf-8")
    data = json.loads(text)
    assert data["format"] == "backprop-studio" and data["version"] == 1
    assert '"x1": [1.0, 2.0]' in text  # lists stay on one line


# ---------------------------------------------------------------------------- bad documents


BAD = [
    ("{", "not a JSON document: line 1, column 2: Expecting property name"),
    ('{"format": "backprop-studio",\n "version": 1,,}', "not a JSON document: line 2, column 15"),
    ("[1, 2]", "not a Backprop Studio document: expected a JSON object, got a list"),
    ('"hello"', "expected a JSON object, got text 'hello'"),
    (_doc(format="other-app"), "format: expected 'backprop-studio', got 'other-app'"),
    ({"version": 1}, "format: missing: this is not a Backprop Studio document"),
    (
        _doc(version=7),
        "version: this file was made by a newer Backprop Studio (version 7); "
        "this one reads version 1",
    ),
    (_doc(version="1"), "version: must be a positive integer, got '1'"),
    (_doc(version=0), "version: must be a positive integer, got 0"),
    (_doc(colour="red"), "colour: unknown key; known keys: format, version"),
    (_doc(titel="x"), "titel: unknown key (did you mean 'title'?)"),
    (_doc(title=3), "title: must be text, got 3"),
    (_doc(caption=None), "caption: must be text, got null"),
    (_doc(source=None), "source: missing: a program or a network"),
    (_doc(source="x = 1"), "source: must be an object, got text 'x = 1'"),
    (
        _doc(source={"kind": "picture"}),
        "source.kind: must be 'program' or 'network', got 'picture'",
    ),
    (_doc(source={"kind": "program"}), "source.text: missing: the program's text"),
    (_doc(source={"kind": "program", "text": 5}), "source.text: must be text, got 5"),
    (_doc(source={"kind": "program", "text": "a = 1", "spec": {}}), "source.spec: unknown key"),
    (_doc(source={"kind": "network"}), "source.spec: missing: the network's spec"),
    (_doc(source={"kind": "network", "spec": [2, 1]}), "source.spec: must be an object, got list"),
    (
        _doc(source={"kind": "network", "spec": {"sizes": [2, -3, 1]}}),
        "source.spec.sizes[1]: must be a positive integer, got -3",
    ),
    (
        _doc(source={"kind": "network", "spec": {"sizes": [2, 1], "activaton": "relu"}}),
        "source.spec.activaton: unknown key (did you mean 'activation'?)",
    ),
    (
        _doc(source={"kind": "network", "spec": {"sizes": [2, 1]}, "samples": 0}),
        "source.samples: must be an integer from 1 to 100,000, got 0",
    ),
    (
        _doc(source={"kind": "program", "text": "x = 1\ny = sigmod(x)\n"}),
        "source.text: line 2, column 5: unknown function 'sigmod'",
    ),
    (_doc(values=[1, 2]), "values: must be an object of name: number, got a list"),
    (_doc(values={"w1": "0.3"}), "values.w1: must be a number, got text '0.3'"),
    (_doc(values={"w1": True}), "values.w1: must be a number, got true"),
    (_doc(values={"x1": [[1.0, 2.0], [3.0]]}), "values.x1: rows must all have the same length"),
    (_doc(values={"x1": []}), "values.x1: an empty list holds no value"),
    (
        _doc(values={"w11": 1.0}),
        "values.w11: there is no variable named 'w11' (did you mean 'w1'?)",
    ),
    (
        _doc(values={"h": 1.0}),
        "values.h: 'h' is computed from other nodes; only leaves take values",
    ),
    (_doc(values={"w1": [1.0, 2.0]}), "values.w1: shape 2 does not match the param's shape scalar"),
    (_doc(output=3), "output: must be a variable name or null, got 3"),
    (_doc(output="q"), "output: there is no variable named 'q'"),
    (_doc(positions={"h": [1.0]}), "positions.h: must be [x, y], got [1.0]"),
    (_doc(positions={"h": [1.0, "a"]}), "positions.h[1]: must be a number, got text 'a'"),
    (_doc(positions=[]), "positions: must be an object of node: [x, y], got a list"),
    ('{"format": "backprop-studio", "format": "x"}', "format: appears twice in the same object"),
]


@pytest.mark.parametrize(("document", "message"), BAD, ids=[m[:40] for _, m in BAD])
def test_bad_documents_name_the_problem(document, message):
    text = document if isinstance(document, str) else json.dumps(document)
    with pytest.raises(DocumentError) as info:
        loads_document(text)
    assert message in str(info.value)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('"values": {"w1": NaN}', "values.w1: must be a finite number, got nan"),
        (
            '"values": {"x1": [[1.0, 2.0], [Infinity, 0.0]]}',
            "values.x1[1][0]: must be a finite number, got inf",
        ),
        (
            '"positions": {"h": [1.0, -Infinity]}',
            "positions.h[1]: must be a finite number, got -inf",
        ),
    ],
)
def test_nan_and_infinity_are_refused_by_field(text, message):
    base = json.dumps(_doc(values={}, positions={}))
    key = text.split(":")[0]
    document = base.replace(f"{key}: {{}}", text)
    assert document != base
    with pytest.raises(DocumentError) as info:
        loads_document(document)
    assert message in str(info.value)


def test_newer_version_message_is_exact():
    with pytest.raises(DocumentError) as info:
        loads_document(json.dumps(_doc(version=7)))
    assert str(info.value) == (
        "version: this file was made by a newer Backprop Studio (version 7); "
        "this one reads version 1"
    )
    assert info.value.field == "version"


def test_files_over_20_mb_are_refused_before_reading(tmp_path):
    path = tmp_path / "huge.json"
    with open(path, "wb") as fh:
        fh.truncate(MAX_BYTES + 1)  # sparse: costs no disk
    with pytest.raises(DocumentError, match="the file is 20.0 MB; documents are limited to 20 MB"):
        load_document(path)
    with pytest.raises(DocumentError, match="documents are limited to 20 MB"):
        loads_document(" " * (MAX_BYTES + 10))


def test_unreadable_files_say_why(tmp_path):
    with pytest.raises(DocumentError, match="cannot read .*missing.json.*No such file"):
        load_document(tmp_path / "missing.json")
    (tmp_path / "bin.json").write_bytes(b"\xff\xfe\x00garbage")
    with pytest.raises(DocumentError, match="not UTF-8 text"):
        load_document(tmp_path / "bin.json")
    (tmp_path / "deep.json").write_text("[" * 100_000 + "]" * 100_000)
    with pytest.raises(DocumentError, match="not a Backprop Studio document"):
        load_document(tmp_path / "deep.json")


def test_a_broken_program_still_hands_back_its_text():
    text = json.dumps(_doc(source={"kind": "program", "text": "x = 1\ny = (x +\n"}))
    with pytest.raises(DocumentError) as info:
        loads_document(text)
    assert info.value.field == "source.text"
    assert info.value.document is not None and info.value.document.program == "x = 1\ny = (x +\n"


def test_a_byte_order_mark_is_accepted():
    data = ("\ufeff" + json.dumps(_doc())).encode("utf-8")
    assert loads_document(data).title == "t"


def test_network_output_can_be_any_node():
    spec = NetworkSpec((2, 2, 1))
    doc = Document.from_network(spec, output="a")
    assert doc.build().output == "a"
    with pytest.raises(DocumentError, match="output: there is no node named 'b9'"):
        doc.replace(output="b9").build()


def test_network_values_check_shapes_but_let_inputs_grow():
    spec = NetworkSpec((2, 2, 1), granularity="layer")
    doc = Document.from_network(
        spec, values={"X": [[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]], "Y": [[1.0], [2.0], [3.0]]}
    )
    r = engine.run(doc.build())
    assert np.shape(r.values["A"]) == (3, 1)
    with pytest.raises(
        DocumentError, match=r"values\.W1: shape 3×2 does not match the param's shape 2×2"
    ):
        doc.replace(values={"W1": [[1.0, 2.0]] * 3}).build()


# ---------------------------------------------------------------------------- examples


def _all_finite(run) -> bool:
    return all(np.all(np.isfinite(v)) for v in run.values.values()) and all(
        np.all(np.isfinite(v)) for v in run.gradients.values()
    )


def test_examples_are_listed_in_the_lecture_order():
    infos = list_examples()
    assert [i.name for i in infos] == list(ORDER)
    assert all(isinstance(i, ExampleInfo) and i.path.is_file() for i in infos)
    for info in infos:
        assert info.title and info.caption
        sentences = [s for s in info.caption.replace("?", ".").split(". ") if s.strip()]
        assert 1 <= len(sentences) <= 3, info.name
    assert DEFAULT in ORDER and load_example(DEFAULT).title == "lecture example"


@pytest.mark.parametrize("name", ORDER)
def test_every_example_loads_builds_and_runs(name):
    doc = load_example(name)
    graph = doc.build()
    run = engine.run(graph)
    assert math.isfinite(run.objective) and not run.problems and _all_finite(run)
    assert len(run.trace) > 0
    # every gradient against central differences (evaluation mode: dropout is the identity)
    eps = 1e-6
    for leaf in graph.leaves():
        if leaf.literal:
            continue
        base = np.asarray(leaf.value, dtype=float)
        numeric = np.zeros_like(base)
        for index in np.ndindex(base.shape):
            plus, minus = base.copy(), base.copy()
            plus[index] += eps
            minus[index] -= eps
            fp = engine.evaluate(graph, {leaf.id: plus})
            fm = engine.evaluate(graph, {leaf.id: minus})
            numeric[index] = (fp - fm) / (2 * eps)
        got = run.gradients.get(leaf.id, np.zeros_like(base))
        assert np.allclose(got, numeric, atol=1e-6, rtol=1e-5), (name, leaf.id)


def test_lecture_da_dw11_is_the_sum_of_its_two_paths():
    doc = load_example("lecture")
    graph = doc.replace(output="a").build()
    v = {n.id: n.value for n in graph.leaves()}
    sig = lambda t: 1.0 / (1.0 + math.exp(-t))  # noqa: E731
    z1 = v["w11"] * v["x1"] + v["w21"] * v["x2"]
    z2 = v["w12"] * v["x1"] + v["w22"] * v["x2"]
    h1 = sig(v["v11"] * z1 + v["v21"] * z2)
    h2 = sig(v["v12"] * z1 + v["v22"] * z2)
    # ∂a/∂h1 · ∂h1/∂z1 · ∂z1/∂w11 + ∂a/∂h2 · ∂h2/∂z1 · ∂z1/∂w11
    through_h1 = v["p11"] * (h1 * (1 - h1) * v["v11"]) * v["x1"]
    through_h2 = v["p21"] * (h2 * (1 - h2) * v["v12"]) * v["x1"]
    run = engine.run(graph)
    assert run.values["a"] == pytest.approx(v["p11"] * h1 + v["p21"] * h2, abs=1e-15)
    assert through_h1 != 0 and through_h2 != 0
    assert run.gradients["w11"] == pytest.approx(through_h1 + through_h2, abs=1e-15)
    assert run.gradients["p11"] == pytest.approx(h1, abs=1e-15)  # ∂a/∂p11 = h1
    # with the loss as output, the chain adds ∂L/∂a = a − y
    full = engine.run(doc.build())
    a = run.values["a"]
    assert full.gradients["w11"] == pytest.approx((a - v["y"]) * (through_h1 + through_h2))
    assert {n.id for n in graph.leaves()} == {
        "x1",
        "x2",
        "w11",
        "w12",
        "w21",
        "w22",
        "v11",
        "v12",
        "v21",
        "v22",
        "p11",
        "p21",
        "y",
    } | {n.id for n in graph.leaves() if n.literal}


def test_two_linear_layers_equal_one_for_any_input():
    graph = load_example("linear_collapse").build()
    rng = np.random.default_rng(0)
    for _ in range(5):
        x1, x2 = rng.normal(size=2)
        run = engine.run(graph, {"x1": x1, "x2": x2}, record=False)
        assert run.values["s"] == pytest.approx(run.values["s_one"], abs=1e-12)
        assert abs(run.objective) < 1e-12
    nonlinear = engine.run(load_example("nonlinear_layers").build(), record=False)
    assert abs(nonlinear.objective) > 0.1


def test_xor_network_solves_xor():
    doc = load_example("xor")
    assert doc.spec is not None and doc.spec.granularity == "neuron" and doc.spec.sizes == (2, 2, 1)
    run = engine.run(doc.build())
    a = np.asarray(run.values["a"])
    assert list(a > 0.5) == [False, True, True, False]


def test_lego_examples_are_the_lecture_networks():
    reg = load_example("lego_regression").build()
    ops_in_order = [reg[n].op for n in reg.order() if not reg[n].is_leaf]
    assert ops_in_order[:9] == [
        "matmul",
        "add",
        "relu",
        "dropout",
        "matmul",
        "add",
        "relu",
        "matmul",
        "add",
    ]
    cls = load_example("lego_classification").build()
    assert cls["A"].op == "softmax"


def test_paired_regression_holds_five_points():
    run = engine.run(load_example("paired_regression").build())
    assert np.shape(run.values["loss"]) == (5,)
    x = np.array([0.0, 1.0, 2.0, 3.0, 4.0])
    y = np.array([1.1, 2.9, 5.2, 7.1, 8.8])
    assert run.objective == pytest.approx(float(np.mean((0.0 + 0.5 * x - y) ** 2)))
    assert run.gradients["w1"] == pytest.approx(float(np.mean(2 * (0.5 * x - y) * x)))


def test_examples_are_found_in_the_source_tree_and_by_name():
    folder = examples_dir()
    assert (folder / "lecture.json").is_file()
    assert example_path("xor") == folder / "xor.json"
    with pytest.raises(
        DocumentError, match="no example named 'lectur' \\(did you mean 'lecture'\\?\\)"
    ):
        load_example("lectur")


def test_examples_fall_back_to_the_source_tree(monkeypatch):
    """When importlib.resources cannot give the folder, the one beside core/ is used."""
    import importlib.resources

    def broken(_package):
        raise NotADirectoryError("MultiplexedPath only supports directories")

    monkeypatch.setattr(importlib.resources, "files", broken)
    assert (examples_dir() / "lecture.json").is_file()
    assert [i.name for i in list_examples()] == list(ORDER)
