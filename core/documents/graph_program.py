"""Write any graph as a program in the app's language, so the window (and everything that works
on documents: decks, training, saving) can open what has no program of its own, such as an
ONNX model. Parsing the program gives the same ops on the same numbers.

Names become identifiers of the language (``0.weight`` → ``p_0_weight``, ``/fc1/Gemm`` →
``fc1_Gemm``); nodes without a name of their own (Gemm's transpose and product) are written
inside the expression of the node that uses them, so they stay unnamed, labelled by formula.
Numbers are written with ``repr``, which Python reads back as the very same float64.
"""

from __future__ import annotations

import keyword
import re
from typing import Any

import numpy as np

from ..autodiff import ops
from ..autodiff.graph import Graph, Role

BINARY = {"add": "+", "sub": "-", "mul": "*", "div": "/", "matmul": "@"}
RESERVED = {"output", "param", "parameter", "input", "const", "constant"}


def number(value: Any) -> str:
    v = float(value)
    text = repr(v)
    return f"({text})" if v < 0 else text


def literal(value: Any) -> str:
    arr = np.asarray(value, dtype=float)
    if arr.ndim == 0:
        return repr(float(arr))
    if arr.ndim == 1:
        return "[" + ", ".join(repr(float(v)) for v in arr) + "]"
    return "[" + ", ".join(literal(row) for row in arr) + "]"


def identifier(name: str, used: set[str], prefix: str) -> str:
    """An identifier of the language for ``name``, unique among ``used``."""
    text = re.sub(r"\W+", "_", name).strip("_") or prefix
    if text[0].isdigit():
        text = f"{prefix}_{text}"
    if (
        keyword.iskeyword(text)
        or text in RESERVED
        or text in ops.REGISTRY
        or text in ("sigma", "σ", "ReLU", "ln")
    ):
        text = f"{prefix}_{text}"
    candidate, k = text, 2
    while candidate in used:
        candidate = f"{text}_{k}"
        k += 1
    used.add(candidate)
    return candidate


def graph_to_program(graph: Graph, title: str = "") -> tuple[str, dict[str, str]]:
    """(program text, our node id → its variable) for the part of ``graph`` the output needs."""
    out_id = graph.require_output()
    relevant = graph.ancestors(out_id) | {out_id}
    order = [nid for nid in graph.order() if nid in relevant]
    uses: dict[str, int] = {}
    for nid in order:
        for a in graph[nid].args:
            uses[a] = uses.get(a, 0) + 1
    used: set[str] = set()
    names: dict[str, str] = {}
    text: dict[str, str] = {}  # an inlined node's expression
    lines = [f"# {line}" for line in (title or "graph").splitlines()[:1]]
    for nid in order:
        node = graph[nid]
        if node.is_leaf:
            if node.literal:
                text[nid] = number(node.value)
                continue
            names[nid] = identifier(node.display, used, "v" if node.role is Role.INPUT else "p")
            role = node.role.value if node.role else "param"
            lines.append(f"{names[nid]}: {role} = {literal(node.value)}")
            text[nid] = names[nid]
            continue
        expression = _expression(node, [text[a] for a in node.args])
        inline = node.name is None and uses.get(nid, 0) == 1 and nid != graph.output
        if inline:
            text[nid] = f"({expression})" if not _atomic(expression) else expression
            continue
        names[nid] = identifier(node.display, used, "v")
        lines.append(f"{names[nid]} = {expression}")
        text[nid] = names[nid]
    lines.append(f"output({names[out_id]})")
    return "\n".join(lines) + "\n", names


def _atomic(expression: str) -> bool:
    """A call like ``relu(x)`` needs no parentheses where it is used."""
    return bool(re.fullmatch(r"[A-Za-z_]\w*\(.*\)", expression)) and _balanced_call(expression)


def _balanced_call(expression: str) -> bool:
    depth = 0
    for k, ch in enumerate(expression):
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth == 0 and k != len(expression) - 1:
                return False
    return True


def _expression(node: Any, args: list[str]) -> str:
    op = ops.REGISTRY[node.op]
    if node.op in BINARY:
        return f"{args[0]} {BINARY[node.op]} {args[1]}"
    if node.op == "neg":
        return f"-{args[0]}"
    if node.op == "pow":
        return f"{args[0]} ** {args[1]}"
    if node.op == "powc":
        return f"{args[0]} ** {number(node.params['p'])}"
    settable = [p for p in op.params if p != "training"]
    extra = [f"{p}={_param(node.params[p])}" for p in settable if node.params[p] != op.params[p]]
    return f"{node.op}({', '.join([*args, *extra])})"


def _param(value: float) -> str:
    v = float(value)
    return repr(int(v)) if v.is_integer() and abs(v) < 1e15 else repr(v)


def onnx_document(path: Any, as_network: bool = True) -> Any:  # -> core.documents.document.Document
    """An ONNX model as a document for the window (DocumentError for any refusal): a plain
    fully connected network becomes a network document (so View → Show Neurons draws it neuron
    by neuron; ``W1`` is the first layer's weight in X·W1 form), anything else a program.

    The document has no file of its own: saving it writes a .json document, never the model."""
    return model_document(read_onnx(path), path, as_network)


def read_onnx(path: Any) -> Any:
    """The checked ModelProto of ``path``; DocumentError for any refusal."""
    from ..frameworks.onnx_import import OnnxError, read_model
    from .document import DocumentError

    try:
        return read_model(path)
    except OnnxError as exc:
        raise DocumentError("", str(exc)) from exc


def model_document(proto: Any, path: Any, as_network: bool = True) -> Any:
    """``onnx_document`` of a model already read: its inputs at zeros, no loss."""
    from pathlib import Path

    from ..frameworks.onnx_import import OnnxError, model_to_graph
    from ..text.i18n import tr
    from .document import Document, DocumentError

    try:
        model = model_to_graph(proto, Path(path).stem, str(path))
    except OnnxError as exc:
        raise DocumentError("", str(exc)) from exc
    found = network_spec_of(proto) if as_network else None
    if found is not None:
        spec, values, pairs = found
        caption = tr(
            "Opened from the ONNX model {name} as a fully connected network: {names}. The input "
            "X starts at zeros; View → Show Neurons draws every weight.",
            name=Path(path).name,
            names="; ".join(pairs),
        )
        return Document.from_network(
            spec, title=Path(path).stem, caption=caption, values=values, samples=1
        )
    text, names = program_of_model(model.graph, path)
    caption = tr(
        "Opened from the ONNX model {name}: the parameters are its initializers and the inputs "
        "start at zeros. Give the inputs their values on their nodes or in the program, and add "
        "a loss if you like, e.g. target: input = 0.5 and loss = mse({output}, target).",
        name=Path(path).name,
        output=names[model.graph.require_output()],
    )
    return Document.from_program(text, title=Path(path).stem, caption=caption)


def program_of_model(graph: Graph, path: Any) -> tuple[str, dict[str, str]]:
    """``graph_to_program`` for a model read from ``path``, refused (DocumentError) when the
    program would be larger than the editor takes."""
    from pathlib import Path

    from ..lang.expr import MAX_BYTES
    from ..text.i18n import tr
    from .document import DocumentError

    text, names = graph_to_program(graph, Path(path).name)
    if len(text.encode("utf-8")) > MAX_BYTES:
        raise DocumentError(
            "",
            tr(
                "{path}: the model is too large to show as a program ({size} MB, at most {limit} "
                "MB); trace and check open it from the command line",
                path=str(path),
                size=f"{len(text) / 1e6:.1f}",
                limit=MAX_BYTES // (1024 * 1024),
            ),
        )
    return text, names


ACTIVATION_OPS = {
    "Relu": "relu",
    "Tanh": "tanh",
    "Sigmoid": "sigmoid",
    "Softsign": "softsign",
    "Softplus": "softplus",
    "LeakyRelu": "leaky_relu",
    "Elu": "elu",
}


def network_spec_of(model: Any) -> tuple[Any, dict[str, Any], list[str]] | None:
    """(NetworkSpec, layer values, caption lines) when the ONNX model is a plain fully
    connected network (what nn.Sequential of Linear and activations exports): one input of
    shape batch × n, Gemm (or MatMul + Add) layers each followed by at most one activation of
    the lecture's table (with its default parameter), a softmax allowed at the end. Else None,
    and the model opens as a program."""
    from onnx import helper, numpy_helper

    from ..training.nn import NetworkSpec, SpecError

    g = model.graph
    inits = {t.name: numpy_helper.to_array(t).astype(float) for t in g.initializer}
    inputs = [v for v in g.input if v.name not in inits]
    if len(inputs) != 1 or len(g.output) != 1:
        return None
    current: str = inputs[0].name
    alias: dict[str, str] = {}
    layers: list[tuple[np.ndarray, np.ndarray, str, str]] = []  # W (in×out), b, W's, b's name
    acts: list[str] = []
    pending: tuple[str, Any] | None = None  # a MatMul waiting for its bias
    for node in g.node:
        ins = [alias.get(i, i) for i in node.input]
        attrs = {a.name: helper.get_attribute_value(a) for a in node.attribute}
        op = node.op_type
        if op in ("Identity", "Dropout") and ins and ins[0] == current:
            if op == "Dropout" and len([o for o in node.output if o]) > 1:
                return None
            alias[node.output[0]] = current
            continue
        if not ins or ins[0] != current:
            return None
        if pending is not None and op != "Add":
            return None
        if op == "Gemm":
            if (
                attrs.get("transA", 0)
                or attrs.get("alpha", 1.0) != 1
                or attrs.get("beta", 1.0) != 1
            ):
                return None
            if len(ins) < 3 or ins[1] not in inits or ins[2] not in inits:
                return None
            w = inits[ins[1]].T if attrs.get("transB", 0) else inits[ins[1]]
            layers.append(
                (w, inits[ins[2]], ins[1] + ("ᵀ" if attrs.get("transB", 0) else ""), ins[2])
            )
            if len(layers) > len(acts) + 1:
                acts.append("identity")
        elif op == "MatMul" and len(ins) == 2 and ins[1] in inits:
            pending = (ins[1], inits[ins[1]])
        elif op == "Add" and pending is not None and len(ins) == 2 and ins[1] in inits:
            layers.append((pending[1], inits[ins[1]], pending[0], ins[1]))
            pending = None
            if len(layers) > len(acts) + 1:
                acts.append("identity")
        elif op in ACTIVATION_OPS and len(acts) < len(layers):
            if "alpha" in attrs and not (op == "Elu" and attrs["alpha"] == 1.0):
                return None
            acts.append(ACTIVATION_OPS[op])
        elif op == "Softmax" and len(acts) < len(layers) and attrs.get("axis", -1) in (-1, 1):
            acts.append("softmax")
        else:
            return None
        current = node.output[0]
    if (
        pending is not None
        or not layers
        or alias.get(g.output[0].name, g.output[0].name) != current
    ):
        return None
    sizes = [layers[0][0].shape[0]]
    for w, b, _, _ in layers:
        if w.ndim != 2 or w.shape[0] != sizes[-1] or b.shape != (w.shape[1],):
            return None
        sizes.append(w.shape[1])
    while len(acts) < len(layers):
        acts.append("identity")
    if "softmax" in acts[:-1]:
        return None
    try:
        spec = NetworkSpec(
            tuple(sizes),
            activation=tuple(acts[:-1]),
            output_activation=acts[-1],
            loss="none",
            granularity="layer",
        )
    except SpecError:
        return None
    values: dict[str, Any] = {"X": np.zeros((1, sizes[0])).tolist()}
    names = []
    for k, (w, b, wname, bname) in enumerate(layers, start=1):
        values[f"W{k}"] = w.tolist()
        values[f"b{k}"] = b.tolist()
        names.append(f"W{k} = {wname}, b{k} = {bname}")
    names.append(f"X = {inputs[0].name}")
    return spec, values, names
