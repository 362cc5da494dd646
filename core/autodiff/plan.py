"""A graph compiled once into flat forward and backward instructions, for training.

``core.autodiff.engine.run`` records a Step for everything a person can watch; training repeats the same
arithmetic thousands of times and must not. A ``Plan`` resolves node ids to slots in a list once,
keeps only the nodes the output depends on, and in the backward pass only the edges that lead to
a trained parameter (or to the leaves named in ``wrt``). No Step objects, no dicts per epoch.

Same answer, bit for bit: in float64 every instruction performs the very operations of
``core.autodiff.ops`` in the engine's order (forward ``op.forward``; backward ``upstream * local`` or the
op's VJP, then the engine's ``unbroadcast``; contributions summed in the engine's order), and
the objective and its seed come from the engine's ``objective_seed``. The plan knows no op: where
an op declares exact fast kernels (``Op.fast``, see ``core.autodiff.ops``) it uses them, and it runs one
``np.errstate`` per pass instead of one per operation. ``tests/test_plan.py`` holds every op of
the registry to exact equality with the engine.

float32 (``dtype="float32"``) is offered for speed on large layers. It follows the same
formulas in single precision (so it does not equal the float64 engine; tests hold it to a
relative 1e-4), with an op's ``fast32`` kernels where its formula must change.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from core.autodiff import ops
from core.autodiff.engine import objective_seed, unbroadcast
from core.autodiff.graph import Graph, GraphError, Node, Role

Value = Any
Params = dict[str, Any]
Slots = list[Any]  # values or gradients, one slot per kept node
ForwardStep = Callable[[Slots], None]  # writes one node's value
BackwardStep = Callable[[Slots, Slots], None]  # adds one edge's contribution to a gradient
Kernel = Callable[..., Value]

DTYPES = {"float64": np.float64, "float32": np.float32}
_ndarray = np.ndarray


@dataclass
class PlanResult:
    """What ``Plan.run`` returns: the engine's Run reduced to what training needs."""

    objective: float
    gradients: dict[str, Value]  # by leaf id, for the leaves in ``Plan.wrt``
    values: dict[str, Value]  # by node id, every node the output depends on


def resolve_dtype(dtype: Any) -> type:
    if isinstance(dtype, str):
        if dtype not in DTYPES:
            raise ValueError(f"dtype must be float64 or float32, got {dtype!r}")
        return DTYPES[dtype]
    if dtype in (np.float64, np.float32, float):
        return np.float32 if dtype is np.float32 else np.float64
    raise ValueError(f"dtype must be float64 or float32, got {dtype!r}")


# ---------------------------------------------------------------------------- value handling


def _make_normaliser(dtype: type) -> Callable[[Value], Value]:
    """The engine's ``_plain``: scalars as NumPy float64, arrays in the plan's dtype."""

    def normalise(r: Value) -> Value:
        if type(r) is _ndarray:
            if r.ndim and r.dtype == dtype:
                return r
        elif type(r) is np.float64:
            return r
        arr = np.asarray(r, dtype=np.float64)
        if arr.ndim == 0:
            return np.float64(arr)
        return arr if dtype is np.float64 else arr.astype(dtype)

    return normalise


def _normalised(kernel: Kernel, normalise: Callable[[Value], Value]) -> Kernel:
    """A kernel whose result is brought back to the plan's dtype (float32 plans)."""

    def wrapped(*args: Value) -> Value:
        return normalise(kernel(*args))

    return wrapped


def _fit(c: Value, arg: Value) -> Value:
    """A contribution summed back to its argument's shape; free when the shapes already match."""
    if type(c) is _ndarray and type(arg) is _ndarray and c.shape == arg.shape:
        return c
    if type(c) is not _ndarray and type(c) is not np.float64:
        c = np.asarray(c, dtype=float)  # the engine's _plain before unbroadcast
        if c.ndim == 0:
            c = np.float64(c)
    return unbroadcast(c, getattr(arg, "shape", ()))


# ---------------------------------------------------------------------------- the plan


class Plan:
    """A graph compiled for repeated forward and backward passes with changing leaf values.

    ``set_leaf`` / ``set_leaves`` change inputs or parameters; ``forward()`` returns the
    objective (the output, or the mean of its elements); ``backward()`` returns the gradients of
    the ``wrt`` leaves in that order. ``run()`` does both and answers like ``engine.run``.
    """

    def __init__(
        self,
        graph: Graph,
        *,
        dtype: Any = "float64",
        wrt: Iterable[str] | None = None,
        fast: bool = True,
    ) -> None:
        if graph.output is None:
            raise GraphError("the graph has no output")
        self.graph = graph
        self.dtype = resolve_dtype(dtype)
        self._normalise = _make_normaliser(self.dtype)
        nodes = graph.nodes
        out = graph.output
        kept = graph.ancestors(out) | {out}
        order = [nid for nid in graph.order() if nid in kept]
        self.order = order
        self.slot = {nid: k for k, nid in enumerate(order)}
        self.output = out
        self.leaf_ids = [nid for nid in order if nodes[nid].is_leaf]
        if wrt is None:
            wrt = [
                nid
                for nid in self.leaf_ids
                if nodes[nid].role == Role.PARAM and not nodes[nid].literal
            ]
        self.wrt: list[str] = list(wrt)
        for nid in self.wrt:
            if nid not in self.slot or not nodes[nid].is_leaf:
                raise GraphError(f"{nid!r} is not a leaf the output depends on")
        self.values: Slots = [None] * len(order)
        for nid in self.leaf_ids:
            self.set_leaf(nid, nodes[nid].value)
        self._dynamic: list[tuple[dict[str, Any], dict[str, Any]]] = []  # dropout params
        self._live: dict[str, dict[str, Any]] = {}
        self._fast = fast
        compiled = [self._compile_forward(nodes[nid]) for nid in order]
        self._forward = [f for f in compiled if f is not None]
        self._backward, self._wrt_slots = self._compile_backward()
        self._mode: tuple[bool, int] | None = None
        self.set_mode(False, 0)

    # ------------------------------------------------------------------ leaves
    def set_leaf(self, node_id: str, value: Value) -> None:
        """A leaf's value in the plan's dtype (scalars are NumPy float64, as in the engine)."""
        if type(value) is np.float64 or (
            type(value) is _ndarray and value.ndim and value.dtype == self.dtype
        ):
            self.values[self.slot[node_id]] = value
            return
        arr = np.asarray(value, dtype=np.float64)
        if arr.ndim == 0:
            self.values[self.slot[node_id]] = np.float64(arr)
        else:
            self.values[self.slot[node_id]] = (
                arr if self.dtype is np.float64 else arr.astype(self.dtype)
            )

    def set_leaves(self, values: Mapping[str, Value]) -> None:
        """Set leaves by id or by variable name (like the engine's overrides)."""
        for key, value in values.items():
            nid = key if key in self.slot else self._lookup(key)
            self.set_leaf(nid, value)

    def _lookup(self, key: str) -> str:
        node = self.graph.by_name(key)
        if node is None:
            raise GraphError(f"there is no variable named {key!r} to set")
        if not node.is_leaf:
            raise GraphError(f"{key!r} is computed by the program; only leaves can be set")
        if node.id not in self.slot:
            raise GraphError(f"the output does not depend on {key!r}")
        return node.id

    def leaf(self, node_id: str) -> Value:
        return self.values[self.slot[node_id]]

    def value(self, node_id: str) -> Value:
        """A node's value after the last ``forward``."""
        return self.values[self.slot[node_id]]

    # ------------------------------------------------------------------ running
    def set_mode(self, training: bool, dropout_seed: int = 0) -> None:
        """Dropout's training flag and seed offset, exactly as ``engine.op_params`` sets them."""
        if self._mode == (training, dropout_seed):
            return
        self._mode = (training, dropout_seed)
        for base, live in self._dynamic:
            live["training"] = 1.0 if training else 0.0
            live["seed"] = base.get("seed", 0.0) + dropout_seed

    def forward(self, *, training: bool = False, dropout_seed: int = 0) -> float:
        """Every kept node's value; returns the objective."""
        self.set_mode(training, dropout_seed)
        v = self.values
        with np.errstate(all="ignore"):
            for step in self._forward:
                step(v)
            objective, self._seed = objective_seed(v[self.slot[self.output]])
        return objective

    def backward(self) -> list[Value]:
        """Gradients of the objective for the ``wrt`` leaves (call after ``forward``)."""
        v = self.values
        g: Slots = [None] * len(v)
        g[self.slot[self.output]] = self._seed
        with np.errstate(all="ignore"):
            for step in self._backward:
                step(v, g)
        return [g[k] for k in self._wrt_slots]

    def run(
        self,
        overrides: Mapping[str, Value] | None = None,
        *,
        training: bool = False,
        dropout_seed: int = 0,
    ) -> PlanResult:
        """Forward and backward with ``overrides`` (by name or id); answers like engine.run."""
        if overrides:
            self.set_leaves(overrides)
        objective = self.forward(training=training, dropout_seed=dropout_seed)
        grads = self.backward()
        return PlanResult(
            objective,
            dict(zip(self.wrt, grads, strict=True)),
            {nid: self.values[k] for nid, k in self.slot.items()},
        )

    # ------------------------------------------------------------------ compiling
    def _params_for(self, node: Node) -> dict[str, Any]:
        """The node's op parameters; dropout gets one live dict that ``set_mode`` updates."""
        if "training" not in node.params:
            return node.params
        if node.id not in self._live:
            live = dict(node.params)
            self._live[node.id] = live
            self._dynamic.append((node.params, live))
        return self._live[node.id]

    def _kernels(self, op: ops.Op, params: dict[str, Any]) -> ops.Kernels | None:
        """The op's exact fast kernels, for a node without parameters (when ``fast``)."""
        if not self._fast or params:
            return None
        return op.kernels(single=self.dtype is np.float32)

    def _compile_forward(self, node: Node) -> ForwardStep | None:
        if node.is_leaf:
            return None
        op = node.operation
        params = self._params_for(node)
        kernels = self._kernels(op, params)
        fn: Kernel = (kernels.forward if kernels else None) or op.forward
        out = self.slot[node.id]
        idx = tuple(self.slot[a] for a in node.args)
        norm = self._normalise
        # One closure per node, its slots bound as defaults (the fastest lookup in the loop).
        if len(idx) == 1:
            (i,) = idx
            if params:

                def unary_p(
                    v: Slots, fn: Kernel = fn, i: int = i, out: int = out, p: Params = params
                ) -> None:
                    v[out] = norm(fn(v[i], **p))

                return unary_p

            def unary(v: Slots, fn: Kernel = fn, i: int = i, out: int = out) -> None:
                v[out] = norm(fn(v[i]))

            return unary
        i, j = idx
        if params:

            def binary_p(
                v: Slots,
                fn: Kernel = fn,
                i: int = i,
                j: int = j,
                out: int = out,
                p: Params = params,
            ) -> None:
                v[out] = norm(fn(v[i], v[j], **p))

            return binary_p

        def binary(v: Slots, fn: Kernel = fn, i: int = i, j: int = j, out: int = out) -> None:
            v[out] = norm(fn(v[i], v[j]))

        return binary

    def _compile_backward(self) -> tuple[list[BackwardStep], list[int]]:
        nodes = self.graph.nodes
        needs = {nid: False for nid in self.order}
        for nid in self.wrt:
            needs[nid] = True
        for nid in self.order:
            node = nodes[nid]
            if not node.is_leaf:
                needs[nid] = any(needs[a] and not nodes[a].literal for a in node.args)
        steps = []
        seen: set[str] = set()
        for nid in reversed(self.order):
            node = nodes[nid]
            if node.is_leaf or not needs[nid]:
                continue
            for pos, src in enumerate(node.args):
                if nodes[src].literal or not needs[src]:
                    continue
                first = src not in seen
                seen.add(src)
                steps.append(self._edge(node, pos, src, first))
        return steps, [self.slot[nid] for nid in self.wrt]

    def _edge(self, node: Node, pos: int, src: str, first: bool) -> BackwardStep:
        op = node.operation
        params = self._params_for(node)
        kernels = self._kernels(op, params)
        if kernels is not None and kernels.backward is not None:
            kernel = kernels.backward[pos]
        else:
            kernel = self._generic_kernel(op, pos, params)
        if self.dtype is np.float32:
            kernel = _normalised(kernel, self._normalise)
        o = self.slot[node.id]
        a = self.slot[src]
        idx = tuple(self.slot[x] for x in node.args)
        # One closure per edge, the kernel call and the shape check inlined (this is the loop
        # that runs thousands of times): _fit only when the shapes differ (a broadcast).
        if len(idx) == 1:
            (i,) = idx
            if first:

                def unary_first(
                    v: Slots, g: Slots, k: Kernel = kernel, o: int = o, i: int = i, a: int = a
                ) -> None:
                    r = k(g[o], v[o], v[i])
                    x = v[a]
                    if type(r) is not _ndarray or type(x) is not _ndarray or r.shape != x.shape:
                        r = _fit(r, x)
                    g[a] = r

                return unary_first

            def unary_add(
                v: Slots, g: Slots, k: Kernel = kernel, o: int = o, i: int = i, a: int = a
            ) -> None:
                r = k(g[o], v[o], v[i])
                x = v[a]
                if type(r) is not _ndarray or type(x) is not _ndarray or r.shape != x.shape:
                    r = _fit(r, x)
                g[a] = g[a] + r

            return unary_add
        i, j = idx
        if first:

            def binary_first(
                v: Slots,
                g: Slots,
                k: Kernel = kernel,
                o: int = o,
                i: int = i,
                j: int = j,
                a: int = a,
            ) -> None:
                r = k(g[o], v[o], v[i], v[j])
                x = v[a]
                if type(r) is not _ndarray or type(x) is not _ndarray or r.shape != x.shape:
                    r = _fit(r, x)
                g[a] = r

            return binary_first

        def binary_add(
            v: Slots,
            g: Slots,
            k: Kernel = kernel,
            o: int = o,
            i: int = i,
            j: int = j,
            a: int = a,
        ) -> None:
            r = k(g[o], v[o], v[i], v[j])
            x = v[a]
            if type(r) is not _ndarray or type(x) is not _ndarray or r.shape != x.shape:
                r = _fit(r, x)
            g[a] = g[a] + r

        return binary_add

    @staticmethod
    def _generic_kernel(op: ops.Op, pos: int, params: dict[str, Any]) -> Kernel:
        """The engine's own backward: ``upstream * local`` or the op's VJP, as engine.run does."""
        if op.local is not None:
            local_fn = op.local

            def elementwise(g: Value, ans: Value, *args: Value) -> Value:
                return g * local_fn(pos, ans, *args, **params)

            return elementwise
        vjp = op.vjp
        assert vjp is not None

        def product(g: Value, ans: Value, *args: Value) -> Value:
            return vjp(pos, g, ans, *args, **params)

        return product
