"""Write a graph as an ONNX model (``export SOURCE --onnx model.onnx``), built with the ``onnx``
helper API, so it opens in Netron and here again with the same values and gradients.

Parameters become initializers and constants ``Constant`` nodes, both in float64 (DOUBLE), so
nothing is rounded; inputs (data and targets) become graph inputs with the shapes of the current
values (ONNX stores no input values: give them again with ``--set`` when reopening). Every op is
written as the ONNX ops that open as it (or as an equal formula: ``mse`` is ReduceMean of the
squared difference). Two numbers can move in the last bits on the way: LeakyRelu's and Elu's
alpha, which ONNX stores in float32; and ``bce`` is written without its clip to [1e-12, 1−1e-12]
(ONNX's Clip does not open here), so it differs only where a probability is saturated.
``step`` has no differentiable ONNX equivalent and is refused.
"""

from __future__ import annotations

import os
from typing import Any

import numpy as np

from ..autodiff.graph import Graph, Role
from ..io.atomic import write_bytes
from ..text.i18n import tr
from .onnx_import import OnnxError, onnx_module

OPSET = 17
UNARY = {
    "neg": "Neg",
    "exp": "Exp",
    "log": "Log",
    "sqrt": "Sqrt",
    "abs": "Abs",
    "sin": "Sin",
    "cos": "Cos",
    "identity": "Identity",
    "sigmoid": "Sigmoid",
    "tanh": "Tanh",
    "softsign": "Softsign",
    "softplus": "Softplus",
    "relu": "Relu",
    "dropout": "Dropout",  # inference: the identity, as it opens again
}
BINARY = {"add": "Add", "sub": "Sub", "mul": "Mul", "div": "Div", "matmul": "MatMul", "pow": "Pow"}


def graph_to_model(graph: Graph, title: str = "backprop-studio") -> Any:
    """The checked ModelProto of ``graph`` (OnnxError for an op ONNX cannot express here)."""
    onnx = onnx_module()
    from onnx import TensorProto, helper, numpy_helper

    from ..autodiff.engine import run

    values = run(graph, record=False).values
    writer = _Writer(graph, helper, numpy_helper, TensorProto)
    out_id = graph.require_output()
    relevant = graph.ancestors(out_id) | {out_id}
    for nid in graph.order():
        if nid in relevant:
            writer.node(nid, values)
    out = writer.tensor[out_id]
    outputs = [_value_info(helper, TensorProto, out, values[out_id])]
    model_graph = helper.make_graph(
        writer.nodes, title or "graph", writer.inputs, outputs, writer.initializers
    )
    model = helper.make_model(
        model_graph,
        opset_imports=[helper.make_opsetid("", OPSET)],
        producer_name="backprop-studio",
    )
    model.ir_version = min(model.ir_version, 8)  # readable by older onnx and onnxruntime
    onnx.checker.check_model(model)
    return model


def write_onnx(graph: Graph, path: str | os.PathLike[str], title: str = "") -> None:
    """``graph`` as an .onnx file, written atomically."""
    write_bytes(path, graph_to_model(graph, title).SerializeToString())


def _value_info(helper: Any, tensor_proto: Any, name: str, value: Any) -> Any:
    return helper.make_tensor_value_info(name, tensor_proto.DOUBLE, list(np.shape(value)))


class _Writer:
    def __init__(self, graph: Graph, helper: Any, numpy_helper: Any, tensor_proto: Any) -> None:
        self.graph = graph
        self.helper = helper
        self.numpy_helper = numpy_helper
        self.tensor_proto = tensor_proto
        self.nodes: list[Any] = []
        self.inputs: list[Any] = []
        self.initializers: list[Any] = []
        self.tensor: dict[str, str] = {}  # our node id -> its ONNX tensor name
        self.used: set[str] = set()

    def _name(self, wanted: str) -> str:
        name, k = wanted, 2
        while name in self.used:
            name = f"{wanted}_{k}"
            k += 1
        self.used.add(name)
        return name

    def _const(self, value: Any, stem: str, dtype: Any = np.float64) -> str:
        name = self._name(stem)
        tensor = self.numpy_helper.from_array(np.asarray(value, dtype=dtype), name)
        self.nodes.append(self.helper.make_node("Constant", [], [name], value=tensor))
        return name

    def _emit(self, op: str, args: list[str], out: str, **attrs: Any) -> str:
        self.nodes.append(self.helper.make_node(op, args, [out], name=out, **attrs))
        return out

    def node(self, nid: str, values: dict[str, Any]) -> None:
        node = self.graph[nid]
        if node.is_leaf:
            name = self._name(node.name or node.id)
            self.tensor[nid] = name
            value = np.asarray(node.value, dtype=np.float64)
            if node.role is Role.INPUT:
                self.inputs.append(_value_info(self.helper, self.tensor_proto, name, value))
            elif node.role is Role.PARAM:
                self.initializers.append(self.numpy_helper.from_array(value, name))
            else:
                self.used.discard(name)
                self.tensor[nid] = self._const(value, name)
            return
        args = [self.tensor[a] for a in node.args]
        out = self._name(node.name or node.id)
        self.tensor[nid] = out
        op, p = node.op, node.params
        if op in UNARY:
            self._emit(UNARY[op], args, out)
        elif op in BINARY:
            self._emit(BINARY[op], args, out)
        elif op == "powc":
            self._emit("Pow", [args[0], self._const(p["p"], f"{out}/p")], out)
        elif op == "leaky_relu":
            self._emit("LeakyRelu", args, out, alpha=float(p["a"]))
        elif op == "elu":
            self._emit("Elu", args, out, alpha=float(p["alpha"]))
        elif op in ("softmax", "log_softmax"):
            self._emit("Softmax" if op == "softmax" else "LogSoftmax", args, out, axis=-1)
        elif op in ("sum", "mean"):
            self._emit("ReduceSum" if op == "sum" else "ReduceMean", args, out, keepdims=0)
        elif op in ("reduce_sum", "reduce_mean"):
            self._reduce(op, args, out, p)
        elif op == "transpose":
            self._emit("Transpose", args, out)
        elif op == "reshape":
            dims = [int(p["rows"]), int(p["cols"])][: int(p["rank"])]
            self._emit("Reshape", [args[0], self._const(dims, f"{out}/shape", np.int64)], out)
        elif op == "flatten":
            self._emit("Flatten", args, out, axis=int(p["axis"]))
        elif op in ("squared_error", "mse"):
            diff = self._emit("Sub", args, self._name(f"{out}/diff"))
            if op == "squared_error":
                self._emit("Mul", [diff, diff], out)
            else:
                square = self._emit("Mul", [diff, diff], self._name(f"{out}/square"))
                self._emit("ReduceMean", [square], out, keepdims=0)
        elif op == "bce":
            self._bce(args, out)
        elif op == "bce_logits":
            soft = self._emit("Softplus", [args[0]], self._name(f"{out}/softplus"))
            yz = self._emit("Mul", [args[1], args[0]], self._name(f"{out}/yz"))
            self._emit("Sub", [soft, yz], out)
        elif op == "softmax_ce":
            logs = self._emit("LogSoftmax", [args[0]], self._name(f"{out}/logsoftmax"), axis=-1)
            terms = self._emit("Mul", [args[1], logs], self._name(f"{out}/ylog"))
            axes = self._const([-1], f"{out}/axes", np.int64)
            total = self._emit("ReduceSum", [terms, axes], self._name(f"{out}/sum"), keepdims=0)
            self._emit("Neg", [total], out)
        else:
            raise OnnxError(
                tr(
                    "{name}: {op} has no ONNX equivalent that opens here",
                    name=node.display,
                    op=op,
                )
            )

    def _reduce(self, op: str, args: list[str], out: str, p: dict[str, float]) -> None:
        keep = int(bool(p["keepdims"]))
        onnx_op = "ReduceSum" if op == "reduce_sum" else "ReduceMean"
        if p["all"]:
            self._emit(onnx_op, args, out, keepdims=keep)
        elif op == "reduce_sum":  # axes are an input of ReduceSum since opset 13
            axes = self._const([int(p["axis"])], f"{out}/axes", np.int64)
            self._emit(onnx_op, [args[0], axes], out, keepdims=keep)
        else:  # and an attribute of ReduceMean until opset 18
            self._emit(onnx_op, args, out, keepdims=keep, axes=[int(p["axis"])])

    def _bce(self, args: list[str], out: str) -> None:
        p, y = args
        one = self._const(1.0, f"{out}/one")
        log_p = self._emit("Log", [p], self._name(f"{out}/log_p"))
        q = self._emit("Sub", [one, p], self._name(f"{out}/1-p"))
        log_q = self._emit("Log", [q], self._name(f"{out}/log_1-p"))
        not_y = self._emit("Sub", [one, y], self._name(f"{out}/1-y"))
        a = self._emit("Mul", [y, log_p], self._name(f"{out}/y_log_p"))
        b = self._emit("Mul", [not_y, log_q], self._name(f"{out}/(1-y)_log_q"))
        total = self._emit("Add", [a, b], self._name(f"{out}/sum"))
        self._emit("Neg", [total], out)
