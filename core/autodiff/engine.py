"""Forward and backward over the graph IR, recording every step a person can watch.

The objective L is the output node's value when it is a single number, and the mean of its
elements otherwise (a loss over a batch of samples is averaged). Gradients are dL/d(node) for
every node the output depends on, each with the shape of the node's value: the gradient of a
broadcast argument is summed back to its shape in ``unbroadcast`` and nowhere else.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ..text.i18n import tr
from . import ops
from .graph import Graph, GraphError, Node, as_value
from .notation import format_number
from .shapes import shape_error
from .trace import BackwardStep, ForwardStep, SeedStep, Step, Trace

Value = Any


@dataclass(frozen=True)
class Problem:
    """Where a NaN or infinity first appeared, said so a person can find it."""

    node: str
    phase: str  # "forward" or "backward"
    message: str


@dataclass
class Run:
    graph: Graph
    values: dict[str, Value]
    gradients: dict[str, Value]
    objective: float
    trace: Trace | None
    problems: list[Problem] = field(default_factory=list)
    # how it was computed (a training run's dropout masks): a check of its gradients needs both
    training: bool = False
    dropout_seed: int = 0

    @property
    def output(self) -> str:
        return self.graph.require_output()

    def gradient(self, name: str) -> Value | None:
        node = self.graph.by_name(name)
        return None if node is None else self.gradients.get(node.id)

    def value(self, name: str) -> Value | None:
        node = self.graph.by_name(name)
        return None if node is None else self.values.get(node.id)


def unbroadcast(grad: Value, shape: tuple[int, ...]) -> Value:
    """Sum a gradient back to the shape of the argument that was broadcast to make it.

    The one place this happens, for the engine and the compiled plan alike; an array keeps its
    dtype (a float32 plan stays float32), anything else becomes float64.
    """
    shape = tuple(shape)
    if getattr(grad, "shape", None) == shape:
        return grad if shape else np.float64(grad)
    g = grad if type(grad) is np.ndarray else np.asarray(grad, dtype=float)
    if g.shape == shape:
        return g if g.ndim else np.float64(g)
    while g.ndim > len(shape):
        g = g.sum(axis=0)
    for axis, size in enumerate(shape):
        if size == 1 and g.shape[axis] != 1:
            g = g.sum(axis=axis, keepdims=True)
    if g.shape != shape:
        g = np.broadcast_to(g, shape)
    return np.float64(g) if g.ndim == 0 else g


def _plain(value: Value) -> Value:
    """Scalars travel as NumPy float64 (a float subclass: fast, prints and serialises cleanly)."""
    if type(value) is np.float64:
        return value
    arr = np.asarray(value, dtype=float)
    return np.float64(arr) if arr.ndim == 0 else arr


def _finite(value: Value) -> bool:
    if type(value) is np.float64:
        return math.isfinite(value)
    return bool(np.all(np.isfinite(value)))


def leaf_values(graph: Graph, overrides: dict[str, Value] | None = None) -> dict[str, Value]:
    """Leaf values, with ``overrides`` (by variable name or id) replacing the program's numbers."""
    values = {n.id: n.value for n in graph.leaves()}
    for key, value in (overrides or {}).items():
        node = graph.by_name(key)
        if node is None:
            raise GraphError(f"there is no variable named {key!r} to set")
        if not node.is_leaf:
            raise GraphError(f"{key!r} is computed by the program; only leaves can be set")
        values[node.id] = as_value(value)
    for nid, value in values.items():
        if value is None:
            raise GraphError(f"leaf {graph[nid].display!r} has no value")
    return values


def op_params(node: Node, training: bool, dropout_seed: int) -> dict[str, Any]:
    if "training" not in node.params:
        return node.params
    return {
        **node.params,
        "training": 1.0 if training else 0.0,
        "seed": node.params.get("seed", 0.0) + dropout_seed,
    }


def objective_seed(output_value: Value) -> tuple[float, Value]:
    """(L, dL/d output): L is the output itself when scalar, else the mean of its elements.

    Shared by the engine and the compiled plan; an array keeps its dtype."""
    if isinstance(output_value, float):
        return float(output_value), np.float64(1.0)
    arr = output_value if type(output_value) is np.ndarray else np.asarray(output_value, float)
    if arr.size == 1:
        return float(arr.reshape(-1)[0]), np.ones_like(arr)
    return float(np.mean(arr)), np.full_like(arr, 1.0 / arr.size)


def run(
    graph: Graph,
    overrides: dict[str, Value] | None = None,
    *,
    record: bool = True,
    training: bool = False,
    dropout_seed: int = 0,
) -> Run:
    """Forward then backward; with ``record`` every step goes into a Trace."""
    graph.require_output()  # GraphError before anything runs
    with ops.quiet():
        return _run(graph, overrides, record, training, dropout_seed)


def _run(
    graph: Graph,
    overrides: dict[str, Value] | None,
    record: bool,
    training: bool,
    dropout_seed: int,
) -> Run:
    order = graph.order()
    values = leaf_values(graph, overrides)
    steps: list[Step] = []
    problems: list[Problem] = []
    nodes = graph.nodes

    # ---------------------------------------------------------------- forward
    for nid in order:
        node = nodes[nid]
        if node.op is None:
            continue
        op = ops.REGISTRY[node.op]
        args = tuple(values[a] for a in node.args)
        try:
            value = _plain(op.apply(args, op_params(node, training, dropout_seed)))
        except ValueError as exc:  # NumPy refused the shapes: say where, in the program's words
            raise shape_error(graph, node, args) from exc
        values[nid] = value
        finite = _finite(value)
        if not finite and not any(p.phase == "forward" for p in problems):
            problems.append(_forward_problem(graph, node, args, value))
        if record:
            steps.append(ForwardStep(nid, node.args, args, value, finite))

    # ---------------------------------------------------------------- backward
    out = graph.require_output()
    objective, seed = objective_seed(values[out])
    relevant = graph.ancestors(out) | {out}
    expected: dict[str, int] = {}
    for nid in relevant:
        node = nodes[nid]
        for a in node.args:
            if not nodes[a].literal:
                expected[a] = expected.get(a, 0) + 1
    gradients: dict[str, Value] = {out: seed}
    received: dict[str, int] = {}
    if record:
        steps.append(SeedStep(out, seed))
    for nid in reversed(order):
        node = nodes[nid]
        if node.op is None or nid not in gradients:
            continue
        op = ops.REGISTRY[node.op]
        upstream = gradients[nid]
        args = tuple(values[a] for a in node.args)
        ans = values[nid]
        params = op_params(node, training, dropout_seed)
        for pos, src in enumerate(node.args):
            if nodes[src].literal:
                continue
            local = op.local_derivative(pos, ans, args, params)
            contribution = unbroadcast(
                _plain(op.backward(pos, upstream, ans, args, params, local)),
                getattr(args[pos], "shape", ()),
            )
            before = gradients.get(src)
            after = contribution if before is None else before + contribution
            gradients[src] = after
            received[src] = received.get(src, 0) + 1
            finite = _finite(after)
            if not finite and not any(p.phase == "backward" for p in problems):
                problems.append(_backward_problem(graph, node, src, contribution))
            if record:
                steps.append(
                    BackwardStep(
                        source=nid,
                        target=src,
                        position=pos,
                        upstream=upstream,
                        local=_display_local(op, pos, local, upstream, ans, args, params),
                        contribution=contribution,
                        before=before,
                        after=after,
                        term=received[src],
                        terms=expected[src],
                        finite=finite,
                    )
                )
    trace = Trace(steps, {n.id: values[n.id] for n in graph.leaves()}) if record else None
    return Run(graph, values, gradients, objective, trace, problems, training, dropout_seed)


def _display_local(
    op: ops.Op,
    pos: int,
    local: Value | None,
    upstream: Value,
    ans: Value,
    args: tuple[Value, ...],
    params: dict[str, Any],
) -> Value | None:
    """The local derivative shown on an edge: the elementwise one, or a scalar VJP of 1."""
    if local is not None:
        return _plain(local)
    if np.size(ans) == 1 and np.size(args[pos]) == 1:
        return _plain(op.backward(pos, np.ones_like(np.asarray(ans)), ans, args, params))
    return None


def _where(node: Node) -> str:
    return " " + tr("(line {line})", line=node.line) if node.line else ""


def _forward_problem(graph: Graph, node: Node, args: tuple, value: Value) -> Problem:
    shown = ", ".join(format_number(a) for a in args)
    return Problem(
        node.id,
        "forward",
        tr(
            "{name} = {formula} gave {value} from ({args}){where}: the first value that is not "
            "a finite number",
            name=node.display,
            formula=graph.formula(node.id),
            value=format_number(value),
            args=shown,
            where=_where(node),
        ),
    )


def _backward_problem(graph: Graph, node: Node, src: str, contribution: Value) -> Problem:
    return Problem(
        src,
        "backward",
        tr(
            "∂L/∂{name} became {value} on the edge into {target}{where}: the first gradient "
            "that is not a finite number",
            name=graph[src].display,
            value=format_number(contribution),
            target=node.display,
            where=_where(node),
        ),
    )


def evaluate(
    graph: Graph,
    overrides: dict[str, Value] | None = None,
    *,
    training: bool = False,
    dropout_seed: int = 0,
    leaves: dict[str, Value] | None = None,
) -> float:
    """The objective alone (used by finite differences). ``leaves`` (by id) skips name lookup."""
    values = dict(leaves) if leaves is not None else leaf_values(graph, overrides)
    with ops.quiet():
        for nid in graph.order():
            node = graph[nid]
            if node.op is None:
                continue
            op = ops.REGISTRY[node.op]
            params = op_params(node, training, dropout_seed)
            values[nid] = _plain(op.apply(tuple(values[a] for a in node.args), params))
    return objective_seed(values[graph.require_output()])[0]
