"""Open an ONNX model (what ``torch.onnx.export`` writes) as a layer-granularity graph.

A model file is data from anywhere, so it is read with the ``onnx`` package only (protobuf:
no code runs), after these checks, each refusal one message: at most ``MAX_BYTES`` read (the
size is checked before reading), ``onnx.checker`` passes, external data only from files inside
the model's own folder (and within the size limit too), at most ``MAX_NODES`` nodes, and no
tensor with more than ``MAX_ELEMENTS`` numbers.

Initializers become parameter leaves, graph inputs input leaves, ``Constant`` nodes constants;
every node becomes one or a few of our ops (Gemm is transpose → matmul → scale → add). Leaves
keep their ONNX names exactly (``0.weight``, ``input``), so ``trace --json`` is keyed by them;
computed nodes keep the ONNX tensor name as their id and get a shortened display name
(``/fc1/Gemm_output_0`` is shown as ``fc1/Gemm``). Weights are read exactly as stored (float32
widens to float64 without rounding) and everything is computed in float64.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from ..autodiff.graph import Graph, GraphError, Role
from ..io.limits import NotARegularFile, TooLarge, read_limited, shorten
from ..text.i18n import tr
from ..training.nn import MAX_LAYER_PARAMS

MAX_BYTES = 100 * 1024 * 1024  # the model file, and its external data together
MAX_NODES = 5_000
MAX_ELEMENTS = MAX_LAYER_PARAMS  # numbers in one tensor: what a layer network may hold
INSTALL_HINT = "pip install 'backprop-studio[onnx]'"
LOSSES = ("mse", "bce", "softmax_ce")

# ONNX op -> the attributes we read (every other attribute is refused)
SUPPORTED: dict[str, tuple[str, ...]] = {
    "Gemm": ("alpha", "beta", "transA", "transB"),
    "MatMul": (),
    "Add": (),
    "Sub": (),
    "Mul": (),
    "Div": (),
    "Neg": (),
    "Relu": (),
    "LeakyRelu": ("alpha",),
    "Elu": ("alpha",),
    "Sigmoid": (),
    "Tanh": (),
    "Softplus": (),
    "Softsign": (),
    "Softmax": ("axis",),
    "LogSoftmax": ("axis",),
    "Exp": (),
    "Log": (),
    "Sqrt": (),
    "Abs": (),
    "Sin": (),
    "Cos": (),
    "Pow": (),
    "Identity": (),
    "Dropout": ("ratio", "seed", "is_test"),
    "Flatten": ("axis",),
    "Reshape": ("allowzero",),
    "Transpose": ("perm",),
    "Constant": ("value", "value_float", "value_floats", "value_int", "value_ints"),
    "ReduceSum": ("keepdims", "noop_with_empty_axes"),
    "ReduceMean": ("keepdims", "axes", "noop_with_empty_axes"),
}
UNARY = {
    "Neg": "neg",
    "Relu": "relu",
    "Sigmoid": "sigmoid",
    "Tanh": "tanh",
    "Softplus": "softplus",
    "Softsign": "softsign",
    "Exp": "exp",
    "Log": "log",
    "Sqrt": "sqrt",
    "Abs": "abs",
    "Sin": "sin",
    "Cos": "cos",
    "Identity": "identity",
}
BINARY = {"Add": "add", "Sub": "sub", "Mul": "mul", "Div": "div", "MatMul": "matmul"}
FLOAT_TYPES = {1, 10, 11, 16}  # FLOAT, FLOAT16, DOUBLE, BFLOAT16
INT_TYPES = {2, 3, 4, 5, 6, 7, 12, 13}


class OnnxError(ValueError):
    """A model that cannot be opened; the message says which file, node or tensor, and why."""


@dataclass
class OnnxModel:
    """A model opened as a graph, with what a command needs to feed it."""

    graph: Graph
    title: str
    inputs: list[str]  # graph input names (leaf ids, exactly the ONNX names)
    params: list[str]  # initializer names used by the graph
    prediction: str  # the node computing the model's (first) output
    notes: list[str] = field(default_factory=list)  # e.g. "input set to zeros"


def onnx_module() -> Any:
    """The ``onnx`` package, or OnnxError saying how to install it."""
    try:
        import onnx
    except ImportError as exc:
        raise OnnxError(
            tr(
                "opening .onnx files needs the onnx package: {command}",
                command=INSTALL_HINT,
            )
        ) from exc
    return onnx


def is_onnx_path(path: str | os.PathLike[str]) -> bool:
    return str(path).lower().endswith(".onnx")


# ---------------------------------------------------------------------------- reading safely


def read_model(path: str | os.PathLike[str]) -> Any:
    """The checked ModelProto of ``path`` (see the module's rules)."""
    onnx = onnx_module()
    where = str(path)
    try:
        data = read_limited(path, MAX_BYTES)
    except FileNotFoundError as exc:
        raise OnnxError(tr("{path}: no such file", path=where)) from exc
    except NotARegularFile as exc:
        raise OnnxError(tr("{path}: not a regular file", path=where)) from exc
    except TooLarge as exc:
        raise OnnxError(_too_large(where, exc.size)) from exc
    except OSError as exc:
        raise OnnxError(f"{where}: {exc.strerror or exc}") from exc
    try:
        model = onnx.load_model_from_string(data)
    except Exception as exc:  # protobuf's DecodeError and friends: not a model
        raise OnnxError(
            tr("{path}: not an ONNX model (the file cannot be decoded)", path=where)
        ) from exc
    _load_external_data(model, Path(path), len(data))
    _check_limits(model, where)
    try:
        onnx.checker.check_model(model)
    except Exception as exc:  # onnx.checker.ValidationError, or a C++ error as ValueError
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise OnnxError(
            tr(
                "{path}: the ONNX checker refuses the model: {reason}",
                path=where,
                reason=shorten(first, 200),
            )
        ) from exc
    return model


def _too_large(where: str, size: int) -> str:
    return tr(
        "{path}: {size} MB is larger than the {limit} MB limit for models",
        path=where,
        size=f"{size / 1e6:.1f}",
        limit=MAX_BYTES // (1024 * 1024),
    )


def _external_tensors(model: Any) -> list[Any]:
    """Initializers and Constant tensors whose numbers live in another file."""
    tensors = list(model.graph.initializer)
    for node in model.graph.node:
        tensors += [attr.t for attr in node.attribute if attr.type == 4]
    return [t for t in tensors if t.data_location == 1]  # EXTERNAL


def _load_external_data(model: Any, path: Path, read_so_far: int) -> None:
    """Read external tensor data, only from regular files inside the model's folder."""
    tensors = _external_tensors(model)
    if not tensors:
        return
    folder = path.resolve().parent
    total = read_so_far
    for tensor in tensors:
        info = {entry.key: entry.value for entry in tensor.external_data}
        location = info.get("location", "")
        target = (folder / location).resolve()
        if not location or Path(location).is_absolute() or not target.is_relative_to(folder):
            raise OnnxError(
                tr(
                    "{path}: tensor {tensor} keeps its data in {location}, outside the model's "
                    "folder; only files next to the model are read",
                    path=str(path),
                    tensor=shorten(tensor.name),
                    location=shorten(repr(location)),
                )
            )
        try:
            length = int(info.get("length", "-1"))
            offset = int(info.get("offset", "0"))
        except ValueError as exc:
            raise OnnxError(
                tr(
                    "{path}: tensor {tensor} has a malformed external-data entry",
                    path=str(path),
                    tensor=shorten(tensor.name),
                )
            ) from exc
        try:
            data = _read_part(target, offset, length, MAX_BYTES - total)
        except TooLarge as exc:
            raise OnnxError(_too_large(str(path), total + exc.size)) from exc
        except (OSError, NotARegularFile, ValueError) as exc:
            raise OnnxError(
                tr(
                    "{path}: cannot read the external data of tensor {tensor} from {location}",
                    path=str(path),
                    tensor=shorten(tensor.name),
                    location=shorten(repr(location)),
                )
            ) from exc
        total += len(data)
        tensor.raw_data = data
        del tensor.external_data[:]
        tensor.data_location = 0  # DEFAULT: the data now lives in the proto


def _read_part(target: Path, offset: int, length: int, limit: int) -> bytes:
    """``length`` bytes at ``offset`` of a regular file (all of it for length < 0), never more
    than ``limit`` bytes read."""
    info = os.stat(target)
    if not stat.S_ISREG(info.st_mode):
        raise NotARegularFile(str(target))
    if offset < 0 or offset > info.st_size:
        raise ValueError("offset outside the file")
    wanted = info.st_size - offset if length < 0 else length
    if wanted > limit:
        raise TooLarge(wanted, limit)
    with open(target, "rb") as stream:
        stream.seek(offset)
        data = stream.read(wanted)
    if len(data) != wanted:
        raise ValueError("the file is shorter than its entry says")
    return data


def _check_limits(model: Any, where: str) -> None:
    graph = model.graph
    if len(graph.node) > MAX_NODES:
        raise OnnxError(
            tr(
                "{path}: {count} nodes is more than the {limit} this app can show",
                path=where,
                count=f"{len(graph.node):,}",
                limit=f"{MAX_NODES:,}",
            )
        )
    tensors = [(t.name, list(t.dims)) for t in graph.initializer]
    for node in graph.node:
        for attr in node.attribute:
            if attr.type == 4:  # TENSOR
                tensors.append((node.output[0] if node.output else node.name, list(attr.t.dims)))
            elif attr.type in (6, 7):  # FLOATS, INTS
                count = len(attr.floats) + len(attr.ints)
                tensors.append((node.output[0] if node.output else node.name, [count]))
    for value in graph.input:
        tensors.append((value.name, [max(d, 1) for d in _declared_shape(value)]))
    for name, dims in tensors:
        count = int(np.prod([max(int(d), 0) for d in dims], dtype=object)) if dims else 1
        if count > MAX_ELEMENTS:
            raise OnnxError(
                tr(
                    "{path}: tensor {tensor} has {count} numbers, more than the {limit} "
                    "this app can show",
                    path=where,
                    tensor=shorten(name),
                    count=f"{count:,}",
                    limit=f"{MAX_ELEMENTS:,}",
                )
            )


def _declared_shape(value: Any) -> list[int]:
    """A graph input's declared shape; unknown or symbolic sizes (a batch ``N``) are 1."""
    tensor_type = value.type.tensor_type
    if not tensor_type.HasField("shape"):
        return [1]
    return [
        d.dim_value if d.HasField("dim_value") and d.dim_value > 0 else 1
        for d in tensor_type.shape.dim
    ]


# ---------------------------------------------------------------------------- building the graph


def open_onnx(path: str | os.PathLike[str]) -> OnnxModel:
    """The model at ``path`` as a graph (OnnxError for any refusal)."""
    model = read_model(path)
    return model_to_graph(model, Path(path).stem, str(path))


def model_to_graph(model: Any, title: str = "model", where: str = "model") -> OnnxModel:
    return _Builder(model, where).build(title)


def short_name(name: str) -> str:
    """A readable display for an ONNX tensor name: ``/fc1/Gemm_output_0`` → ``fc1/Gemm``."""
    text = name.strip("/")
    if text.endswith("_output_0"):
        text = text[: -len("_output_0")]
    return text or name


class _Builder:
    def __init__(self, model: Any, where: str) -> None:
        import onnx
        from onnx import numpy_helper

        self.onnx = onnx
        self.numpy_helper = numpy_helper
        self.model = model
        self.where = where
        self.graph = Graph()
        self.names: set[str] = set()
        self.constants: dict[str, np.ndarray] = {}  # initializers and Constant outputs, raw
        self.initializers: set[str] = set()
        self.params: list[str] = []
        self.notes: list[str] = []
        self.ranks = self._ranks()
        self.opset = next(
            (o.version for o in model.opset_import if o.domain in ("", "ai.onnx")), 13
        )

    # ------------------------------------------------------------ helpers
    def _ranks(self) -> dict[str, int]:
        """Tensor ranks from ONNX's shape inference (used for Softmax's axis and Flatten)."""
        try:
            inferred = self.onnx.shape_inference.infer_shapes(self.model)
        except Exception:  # inference is a help, not a requirement
            inferred = self.model
        ranks: dict[str, int] = {}
        g = inferred.graph
        for value in [*g.input, *g.value_info, *g.output]:
            t = value.type.tensor_type
            if t.HasField("shape"):
                ranks[value.name] = len(t.shape.dim)
        for init in g.initializer:
            ranks[init.name] = len(init.dims)
        return ranks

    def _array(self, tensor: Any, what: str) -> np.ndarray:
        if tensor.data_type not in FLOAT_TYPES | INT_TYPES | {9}:  # 9: BOOL (for training_mode)
            raise OnnxError(
                tr(
                    "{path}: tensor {tensor} holds {kind} values; only numbers are supported",
                    path=self.where,
                    tensor=shorten(what),
                    kind=self.onnx.TensorProto.DataType.Name(tensor.data_type),
                )
            )
        return np.asarray(self.numpy_helper.to_array(tensor))

    def _display(self, tensor_name: str) -> str:
        base = short_name(tensor_name)
        name, k = base, 2
        while name in self.names:
            name = f"{base}#{k}"
            k += 1
        self.names.add(name)
        return name

    def _fresh_id(self, stem: str) -> str:
        node_id, k = stem, 2
        while node_id in self.graph:
            node_id = f"{stem}#{k}"
            k += 1
        return node_id

    def _refuse(self, index: int, node: Any, message: str) -> OnnxError:
        return OnnxError(
            tr(
                "{path}: node {index} ({op} {name}): {message}",
                path=self.where,
                index=index,
                op=node.op_type,
                name=shorten(repr(node.name or (node.output[0] if node.output else ""))),
                message=message,
            )
        )

    def _leaf_for(self, tensor: str) -> str:
        """The leaf for an initializer used as data, made on first use."""
        if tensor not in self.graph:
            value = self.constants[tensor].astype(float)
            role = Role.PARAM if tensor in self.initializers else Role.CONST
            self.graph.add_leaf(tensor, value, role, name=tensor, label=short_name(tensor))
            self.names.add(tensor)
            if role is Role.PARAM:
                self.params.append(tensor)
        return tensor

    def _arg(self, tensor: str, index: int, node: Any) -> str:
        if tensor in self.graph:
            return tensor
        if tensor in self.constants:
            return self._leaf_for(tensor)
        raise self._refuse(
            index, node, tr("input {tensor} is not computed anywhere", tensor=shorten(repr(tensor)))
        )

    def _literal(self, value: float, near: str) -> str:
        node_id = self._fresh_id(f"{near}/{value:g}")
        self.graph.add_leaf(node_id, float(value), Role.CONST, label=f"{value:g}", literal=True)
        return node_id

    def _const_input(self, node: Any, index: int, position: int, what: str) -> np.ndarray | None:
        """A node input that must be a constant (Reshape's shape, Pow's exponent)."""
        if len(node.input) <= position or not node.input[position]:
            return None
        name = node.input[position]
        if name not in self.constants:
            raise self._refuse(
                index, node, tr("{what} must be a constant in the file, not computed", what=what)
            )
        return self.constants[name]

    # ------------------------------------------------------------ the walk
    def build(self, title: str) -> OnnxModel:
        g = self.model.graph
        for init in g.initializer:
            self._check_tensor_size(init.name, init.dims)
            self.constants[init.name] = self._array(init, init.name)
            self.initializers.add(init.name)
        inputs = []
        for value in g.input:
            if value.name in self.initializers:
                continue  # older exporters list initializers among the inputs
            shape = _declared_shape(value)
            elem = value.type.tensor_type.elem_type
            if elem and elem not in FLOAT_TYPES:
                raise OnnxError(
                    tr(
                        "{path}: input {name} holds {kind} values; only real numbers can be fed in",
                        path=self.where,
                        name=shorten(repr(value.name)),
                        kind=self.onnx.TensorProto.DataType.Name(elem),
                    )
                )
            zeros = np.zeros(shape) if shape else np.float64(0.0)
            self.graph.add_leaf(
                value.name,
                zeros,
                Role.INPUT,
                name=value.name,
                label=short_name(value.name),
                group="input",
            )
            self.names.add(value.name)
            inputs.append(value.name)
        for index, node in enumerate(g.node):
            self._node(index, node)
        if not g.output:
            raise OnnxError(tr("{path}: the model has no output", path=self.where))
        out = g.output[0].name
        if out not in self.graph:
            if out in self.constants:
                raise OnnxError(
                    tr(
                        "{path}: the model's output {name} is a constant",
                        path=self.where,
                        name=shorten(repr(out)),
                    )
                )
            raise OnnxError(
                tr(
                    "{path}: the model's output {name} is not computed",
                    path=self.where,
                    name=shorten(repr(out)),
                )
            )
        if len(g.output) > 1:
            self.notes.append(
                tr(
                    "the model has {count} outputs; showing the first, {name}",
                    count=len(g.output),
                    name=out,
                )
            )
        self.graph.set_output(out)
        return OnnxModel(self.graph, title, inputs, self.params, out, self.notes)

    def _check_tensor_size(self, name: str, dims: Any) -> None:
        count = int(np.prod([int(d) for d in dims], dtype=object)) if len(dims) else 1
        if count > MAX_ELEMENTS:  # _check_limits ran before; this guards model_to_graph callers
            raise OnnxError(
                tr(
                    "{path}: tensor {tensor} has {count} numbers, more than the {limit} "
                    "this app can show",
                    path=self.where,
                    tensor=shorten(name),
                    count=f"{count:,}",
                    limit=f"{MAX_ELEMENTS:,}",
                )
            )

    def _attributes(self, index: int, node: Any) -> dict[str, Any]:
        allowed = SUPPORTED[node.op_type]
        out: dict[str, Any] = {}
        for attr in node.attribute:
            if attr.name not in allowed:
                supported = ", ".join(allowed) if allowed else tr("none")
                raise self._refuse(
                    index,
                    node,
                    tr(
                        "attribute {attr} is not supported (supported: {supported})",
                        attr=shorten(repr(attr.name)),
                        supported=supported,
                    ),
                )
            out[attr.name] = self.onnx.helper.get_attribute_value(attr)
        return out

    def _node(self, index: int, node: Any) -> None:
        op = node.op_type
        if node.domain not in ("", "ai.onnx") or op not in SUPPORTED:
            raise self._refuse(
                index,
                node,
                tr(
                    "this operation is not supported; supported: {ops}",
                    ops=", ".join(SUPPORTED),
                ),
            )
        attrs = self._attributes(index, node)
        if op == "Constant":
            self._constant(index, node, attrs)
            return
        outputs = [o for o in node.output if o]
        if op == "Dropout":
            if len(outputs) > 1:
                raise self._refuse(index, node, tr("only its first output is supported"))
            mode = self._const_input(node, index, 2, "training_mode")
            if mode is not None and bool(np.asarray(mode).reshape(-1)[0]):
                raise self._refuse(
                    index, node, tr("only inference (training_mode false) is supported")
                )
        elif len(outputs) != 1:
            raise self._refuse(index, node, tr("only one output is supported"))
        out = outputs[0]
        display = self._display(out)
        if op in UNARY or op == "Dropout":
            x = self._arg(node.input[0], index, node)
            self._op(UNARY.get(op, "identity"), (x,), out, display, label=op)
        elif op in BINARY:
            a = self._arg(node.input[0], index, node)
            b = self._arg(node.input[1], index, node)
            self._op(BINARY[op], (a, b), out, display)
        elif op == "Gemm":
            self._gemm(index, node, attrs, out, display)
        elif op in ("LeakyRelu", "Elu"):
            x = self._arg(node.input[0], index, node)
            alpha = float(attrs.get("alpha", 0.01 if op == "LeakyRelu" else 1.0))
            name, key = ("leaky_relu", "a") if op == "LeakyRelu" else ("elu", "alpha")
            self._op(name, (x,), out, display, params={key: alpha})
        elif op in ("Softmax", "LogSoftmax"):
            self._softmax(index, node, attrs, out, display)
        elif op == "Pow":
            x = self._arg(node.input[0], index, node)
            p = self._const_input(node, index, 1, tr("the exponent"))
            if p is None or np.size(p) != 1:
                raise self._refuse(index, node, tr("the exponent must be one constant number"))
            self._op("powc", (x,), out, display, params={"p": float(np.reshape(p, -1)[0])})
        elif op == "Flatten":
            x = self._arg(node.input[0], index, node)
            self._op("flatten", (x,), out, display, params={"axis": float(attrs.get("axis", 1))})
        elif op == "Reshape":
            self._reshape(index, node, attrs, out, display)
        elif op == "Transpose":
            self._transpose(index, node, attrs, out, display)
        else:  # ReduceSum, ReduceMean
            self._reduce(index, node, attrs, out, display)

    def _op(
        self,
        name: str,
        args: tuple[str, ...],
        out: str,
        display: str,
        label: str = "",
        params: dict[str, float] | None = None,
    ) -> str:
        try:
            return self.graph.add_op(
                name, args, node_id=out, name=display, label=label, params=params
            ).id
        except GraphError as exc:  # a tensor name used twice: not valid SSA
            raise OnnxError(f"{self.where}: {exc}") from exc

    def _constant(self, index: int, node: Any, attrs: dict[str, Any]) -> None:
        if len(attrs) != 1 or len(node.output) != 1:
            raise self._refuse(index, node, tr("a Constant needs exactly one value and one output"))
        (key, value), out = next(iter(attrs.items())), node.output[0]
        if key == "value":
            array = self._array(value, out)
        else:
            array = np.asarray(value, dtype=float if "float" in key else np.int64)
        self.constants[out] = array

    def _gemm(self, index: int, node: Any, attrs: dict[str, Any], out: str, display: str) -> None:
        a = self._arg(node.input[0], index, node)
        b = self._arg(node.input[1], index, node)
        alpha, beta = float(attrs.get("alpha", 1.0)), float(attrs.get("beta", 1.0))
        if attrs.get("transA", 0):
            a = self.graph.add_op(
                "transpose",
                (a,),
                node_id=self._fresh_id(f"{out}/Aᵀ"),
                label=f"{self.graph[a].display}ᵀ",
            ).id
        if attrs.get("transB", 0):
            b = self.graph.add_op(
                "transpose",
                (b,),
                node_id=self._fresh_id(f"{out}/Bᵀ"),
                label=f"{self.graph[b].display}ᵀ",
            ).id
        has_c = len(node.input) > 2 and node.input[2]
        steps: list[tuple[str, tuple[str, ...]]] = [("matmul", (a, b))]
        if alpha != 1.0:
            steps.append(("mul", ("", self._literal(alpha, out))))
        if has_c:
            c = self._arg(node.input[2], index, node)
            if beta != 1.0:
                c = self.graph.add_op(
                    "mul", (c, self._literal(beta, out)), node_id=self._fresh_id(f"{out}/βC")
                ).id
            steps.append(("add", ("", c)))
        previous = ""
        for k, (name, args) in enumerate(steps):
            args = tuple(previous if arg == "" else arg for arg in args)
            if k == len(steps) - 1:
                previous = self._op(name, args, out, display)
            else:
                label = f"{self.graph[args[0]].display}·{self.graph[args[1]].display}"
                previous = self.graph.add_op(
                    name, args, node_id=self._fresh_id(f"{out}/{name}"), label=label
                ).id

    def _softmax(
        self, index: int, node: Any, attrs: dict[str, Any], out: str, display: str
    ) -> None:
        x = self._arg(node.input[0], index, node)
        rank = self.ranks.get(node.input[0])
        default = -1 if self.opset >= 13 else 1
        axis = int(attrs.get("axis", default))
        last = axis == -1 or (rank is not None and axis == rank - 1)
        if not last or (self.opset < 13 and rank is not None and rank > 2):
            raise self._refuse(index, node, tr("only the last axis is supported (axis = -1)"))
        self._op("softmax" if node.op_type == "Softmax" else "log_softmax", (x,), out, display)

    def _reshape(
        self, index: int, node: Any, attrs: dict[str, Any], out: str, display: str
    ) -> None:
        x = self._arg(node.input[0], index, node)
        shape = self._const_input(node, index, 1, tr("the shape"))
        if shape is None or np.ndim(shape) != 1 or len(shape) > 2:
            raise self._refuse(index, node, tr("only results with at most 2 axes are supported"))
        dims = [int(d) for d in shape]
        if attrs.get("allowzero", 0) and 0 in dims:
            raise self._refuse(index, node, tr("allowzero with a 0 in the shape is not supported"))
        params = {"rank": float(len(dims))}
        for key, d in zip(("rows", "cols"), dims, strict=False):
            params[key] = float(d)
        self._op("reshape", (x,), out, display, params=params)

    def _transpose(
        self, index: int, node: Any, attrs: dict[str, Any], out: str, display: str
    ) -> None:
        x = self._arg(node.input[0], index, node)
        perm = [int(p) for p in attrs.get("perm", [])]
        rank = self.ranks.get(node.input[0])
        if perm == [0, 1] or (not perm and rank is not None and rank < 2):
            self._op("identity", (x,), out, display, label="Transpose")
        elif perm in ([1, 0], []) and (rank is None or rank <= 2):
            self._op("transpose", (x,), out, display)
        else:
            raise self._refuse(
                index, node, tr("only the transpose of a 2-D value is supported (perm [1, 0])")
            )

    def _reduce(self, index: int, node: Any, attrs: dict[str, Any], out: str, display: str) -> None:
        x = self._arg(node.input[0], index, node)
        if "axes" in attrs:
            axes = [int(a) for a in attrs["axes"]]
        else:
            given = self._const_input(node, index, 1, tr("the axes"))
            axes = [] if given is None else [int(a) for a in np.reshape(given, -1)]
        if not axes and attrs.get("noop_with_empty_axes", 0):
            self._op("identity", (x,), out, display, label=node.op_type)
            return
        rank = self.ranks.get(node.input[0])
        params = {"keepdims": float(bool(attrs.get("keepdims", 1)))}
        if rank is not None and sorted(a % max(rank, 1) for a in axes) == list(range(rank)):
            axes = []
        if not axes:
            params["all"] = 1.0
        elif len(axes) == 1:
            params["axis"] = float(axes[0])
        else:
            raise self._refuse(
                index, node, tr("reducing over several (but not all) axes is not supported")
            )
        name = "reduce_sum" if node.op_type == "ReduceSum" else "reduce_mean"
        self._op(name, (x,), out, display, params=params)


# ---------------------------------------------------------------------------- feeding it


def add_loss(model: OnnxModel, loss: str, target: Any) -> None:
    """A loss node on the model's output: ``mse`` (mean over elements), ``bce`` (mean of the
    binary cross-entropy; the output must be probabilities) or ``softmax_ce`` (the output read
    as logits, averaged over rows). ``target`` is broadcast to the output's shape; for
    ``softmax_ce`` a whole number is a class index (one-hot)."""
    g = model.graph
    from ..autodiff.engine import run

    shape = np.shape(run(g, record=False).values[model.prediction])
    value = loss_target(loss, target, shape, g[model.prediction].display)
    target_id = "target" if "target" not in g else g.new_id("target")
    g.add_leaf(
        target_id, value if value.ndim else float(value), Role.INPUT, name=target_id, group="loss"
    )
    loss_id = "loss" if "loss" not in g else g.new_id("loss")
    if loss == "mse":
        g.add_op("mse", (model.prediction, target_id), node_id=loss_id, name=loss_id, group="loss")
    else:
        op = "bce" if loss == "bce" else "softmax_ce"
        per = g.add_op(
            op,
            (model.prediction, target_id),
            node_id=g.new_id(op.upper()),
            label=op.upper(),
            group="loss",
        ).id
        g.add_op("mean", (per,), node_id=loss_id, name=loss_id, group="loss")
    g.set_output(loss_id)


def loss_target(loss: str, target: Any, shape: tuple[int, ...], output: str) -> np.ndarray:
    """``target`` as the array ``loss`` compares with an output of ``shape`` (named ``output``
    in messages): broadcast to the shape; for ``softmax_ce`` a whole number is a class index,
    made one-hot. OnnxError says what does not fit."""
    if loss not in LOSSES:
        raise OnnxError(
            tr(
                "unknown loss {loss}; choose from {losses}",
                loss=shorten(repr(loss)),
                losses=", ".join(LOSSES),
            )
        )
    value = np.asarray(target, dtype=float)
    if loss == "softmax_ce" and value.ndim == 0 and shape and float(value).is_integer():
        classes = shape[-1]
        if not 0 <= int(value) < classes:
            raise OnnxError(
                tr(
                    "class {index} is not one of the model's {count} outputs",
                    index=int(value),
                    count=classes,
                )
            )
        value = np.broadcast_to(np.eye(classes)[int(value)], shape).copy()
    try:
        return np.broadcast_to(value, shape).astype(float)
    except ValueError as exc:
        raise OnnxError(
            tr(
                "the target has shape {got} but the output {name} has shape {want}",
                got="×".join(map(str, np.shape(target))) or "()",
                name=output,
                want="×".join(map(str, shape)) or "()",
            )
        ) from exc


def row_numbers(path: str, row: int, where: str = "--row") -> list[float]:
    """The numbers of data row ``row`` (1-based) of the CSV file ``path``, left to right;
    ``where`` names the row's field in the message when there is no such row."""
    from ..training.data import DataError, load_csv

    try:
        table = load_csv(path)
    except DataError as exc:
        raise OnnxError(str(exc)) from exc
    if not 1 <= row <= len(table):
        raise OnnxError(
            tr(
                "{where} {row}: {path} has data rows 1 to {count}",
                where=where,
                row=row,
                path=path,
                count=len(table),
            )
        )
    return [float(table.columns[name][row - 1]) for name in table.names]


def split_row(numbers: list[float], shapes: list[tuple[int, ...]]) -> tuple[list[Any], list[float]]:
    """The inputs' values, in order, from the first numbers of a row (each reshaped to its
    input's shape), and the numbers left over (a target). OnnxError when there are too few."""
    needed = sum(int(np.prod(shape)) if shape else 1 for shape in shapes)
    if len(numbers) < needed:
        raise OnnxError(
            tr(
                "the row has {count} numbers but the model's inputs take {needed}",
                count=len(numbers),
                needed=needed,
            )
        )
    values: list[Any] = []
    k = 0
    for shape in shapes:
        size = int(np.prod(shape)) if shape else 1
        chunk = np.asarray(numbers[k : k + size], dtype=float).reshape(shape)
        values.append(chunk if shape else float(chunk))
        k += size
    return values, numbers[k:]
