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

from . import ops
from .engine import objective_seed, unbroadcast
from .graph import Graph, GraphError, Node, Role

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
    """The engine's ``_plain`` in the plan's dtype: scalars as NumPy float64 (float32 in a
    float32 plan), arrays of the plan's dtype."""

    def normalise(r: Value) -> Value:
        if type(r) is _ndarray:
            if r.ndim and r.dtype == dtype:
                return r
        elif type(r) is dtype:
            return r
        arr = np.asarray(r, dtype=np.float64)
        if arr.ndim == 0:
            return dtype(arr)
        return arr if dtype is np.float64 else arr.astype(dtype)

    return normalise


def _fit(c: Value, arg: Value) -> Value:
    """A contribution summed back to its argument's shape; free when the shapes already match."""
    if type(c) is _ndarray and type(arg) is _ndarray and c.shape == arg.shape:
        return c
    if type(c) is not _ndarray and type(c) is not np.float64:
        c = np.asarray(c, dtype=float)  # the engine's _plain before unbroadcast
        if c.ndim == 0:
            c = np.float64(c)
    return unbroadcast(c, getattr(arg, "shape", ()))


# ---------------------------------------------------------------------------- shapes


def _reduction(
    c_shape: tuple[int, ...], shape: tuple[int, ...], scalar: type = np.float64
) -> Callable[[Value], Value] | None:
    """``unbroadcast`` from ``c_shape`` to ``shape`` as a fixed list of reductions, decided once:
    the same ``np.add.reduce`` calls (``ndarray.sum`` is that ufunc) on the same axes in the same
    order, so the same bits. None when the engine would do anything else (a broadcast back).
    A number comes out as ``scalar`` (the engine's float64; float32 in a float32 plan)."""
    lead = len(c_shape) - len(shape)
    if lead < 0:
        return None
    rest = list(c_shape[lead:])
    keep = []
    for axis, size in enumerate(shape):
        if size == 1 and rest[axis] != 1:
            keep.append(axis)
            rest[axis] = 1
    if tuple(rest) != tuple(shape):
        return None
    reduce = np.add.reduce
    keep_t = tuple(keep)
    if not shape:  # down to a number: the engine's np.float64 of the last sum
        if lead == 1:
            return lambda c: scalar(reduce(c, axis=0))

        def to_number(c: Value) -> Value:
            for _ in range(lead):
                c = reduce(c, axis=0)
            return scalar(c)

        return to_number
    if lead == 1 and not keep_t:
        return lambda c: reduce(c, axis=0)

    def to_shape(c: Value) -> Value:
        for _ in range(lead):
            c = reduce(c, axis=0)
        for axis in keep_t:
            c = reduce(c, axis=axis, keepdims=True)
        return c

    return to_shape


def _same(a: Value, b: Value) -> bool:
    """The same kind of value with the same bits (NaN where NaN)."""
    return (
        type(a) is type(b)
        and np.shape(a) == np.shape(b)
        and bool(np.array_equal(a, b, equal_nan=True))
    )


class _Layout:
    """All trained parameters as one flat vector, and back: one update, one norm, no loop.

    Scattered values are views into the vector (arrays) or NumPy scalars of its dtype (float64
    as the engine keeps them). Vectors are never written in place, so a reference is a
    snapshot."""

    def __init__(self, values: list[Value], dtype: type) -> None:
        self.dtype = dtype
        self.shapes = [np.shape(v) for v in values]
        self.sizes = [int(np.prod(s)) if s else 1 for s in self.shapes]
        self.offsets = np.cumsum([0, *self.sizes]).tolist()
        self.size = self.offsets[-1]
        self.arrays = all(type(v) is np.ndarray for v in values)
        self.scalars = not any(type(v) is np.ndarray for v in values)
        self.pieces = list(zip(self.shapes, self.offsets, self.offsets[1:], strict=False))

    def gather(self, values: list[Value]) -> np.ndarray:
        if self.arrays:
            return np.concatenate([v.ravel() for v in values], dtype=self.dtype)
        if self.scalars:
            return np.array(values, dtype=self.dtype)
        return np.concatenate([np.ravel(v) for v in values], dtype=self.dtype)

    def scatter(self, flat: np.ndarray) -> list[Value]:
        if self.scalars:
            return list(flat if flat.dtype == self.dtype else flat.astype(self.dtype))
        out: list[Value] = []
        for shape, start, stop in self.pieces:
            out.append(flat[start:stop].reshape(shape) if shape else self.dtype(flat[start]))
        return out


# ---------------------------------------------------------------------------- the plan


@dataclass(frozen=True)
class _Edge:
    """One backward edge: ``g[a] (+)= kernel(g[o], v[o], *v[args])``, the ``nth`` term of a."""

    kernel: Kernel
    o: int
    args: tuple[int, ...]
    a: int
    nth: int
    dynamic: bool  # the node has parameters (dropout's change with the mode): no shortcuts


class Plan:
    """A graph compiled for repeated forward and backward passes with changing leaf values.

    ``set_leaf`` / ``set_leaves`` change inputs or parameters; ``forward()`` returns the
    objective (the output, or the mean of its elements); ``backward()`` returns the gradients of
    the ``wrt`` leaves in that order. ``run()`` does both and answers like ``engine.run``.

    No dispatch per epoch: the first pass with a new set of leaf shapes runs the general steps
    and notes, per node and per edge, what the result was; the passes after it run steps made
    for those shapes (no normalising where results are already plain, ``unbroadcast`` as its
    fixed reductions, a gradient's third and later terms added into the array its second term
    made). A trainer alternating between training and held-out data keeps one set per shape.
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
        self._out = self.slot[out]
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
        self._shapes: dict[int, tuple[int, ...]] = {}
        self._key: tuple[Any, ...] | None = None
        for nid in self.leaf_ids:
            self.set_leaf(nid, nodes[nid].value)
        self._dynamic: list[tuple[dict[str, Any], dict[str, Any]]] = []  # dropout params
        self._live: dict[str, dict[str, Any]] = {}
        self._fast = fast
        self._nodes = [nodes[nid] for nid in order if not nodes[nid].is_leaf]
        self._forward = [self._compile_forward(node) for node in self._nodes]
        self._edges, self._wrt_slots = self._compile_backward()
        self._backward = self._edges  # what runs backward, edge by edge (before specialising)
        self._special_forward: dict[tuple[Any, ...], list[ForwardStep]] = {}
        self._special_backward: dict[tuple[Any, ...], list[BackwardStep]] = {}
        self._mode: tuple[bool, int] | None = None
        self.set_mode(False, 0)
        self.layout = _Layout([self.values[k] for k in self._wrt_slots], self.dtype)
        self.gradients: Slots = [None] * len(order)

    # ------------------------------------------------------------------ leaves
    def set_leaf(self, node_id: str, value: Value) -> None:
        """A leaf's value in the plan's dtype (scalars are NumPy float64, as in the engine, or
        float32 in a float32 plan)."""
        k = self.slot[node_id]
        if not (
            type(value) is self.dtype
            or (type(value) is _ndarray and value.ndim and value.dtype == self.dtype)
        ):
            arr = np.asarray(value, dtype=np.float64)
            if arr.ndim == 0:
                value = self.dtype(arr)
            else:
                value = arr if self.dtype is np.float64 else arr.astype(self.dtype)
        self.values[k] = value
        shape = value.shape
        if self._shapes.get(k) != shape:
            self._shapes[k] = shape
            self._key = None  # the steps made for the old shapes do not apply

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

    def pack_data(self, data: Mapping[str, Value]) -> dict[str, Value]:
        """Data by leaf id as this plan takes them (here: as they are)."""
        return dict(data)

    def translate_pairs(self, pairs: tuple[tuple[str, str], ...]) -> tuple[tuple[str, str], ...]:
        """(prediction, target) node pairs to score, by the ids this plan answers ``value`` for."""
        return pairs

    # ------------------------------------------------------------------ parameters as one vector
    def flatten(self, values: list[Value]) -> np.ndarray:
        """Values (or gradients) of the ``wrt`` leaves, in that order, as one flat vector."""
        return self.layout.gather(values)

    def unflatten(self, flat: np.ndarray) -> list[Value]:
        """A flat vector back as one value per ``wrt`` leaf (views into it where arrays)."""
        return self.layout.scatter(flat)

    def load_params(self, flat: np.ndarray) -> None:
        """Make ``flat`` the values of the ``wrt`` leaves (their shapes never change)."""
        values = self.values
        for slot, value in zip(self._wrt_slots, self.layout.scatter(flat), strict=True):
            values[slot] = value

    def gradient_flat(self) -> np.ndarray:
        """``backward()`` as one flat vector in ``flatten``'s order."""
        return self.layout.gather(self.backward())

    # ------------------------------------------------------------------ running
    def set_mode(self, training: bool, dropout_seed: int = 0) -> None:
        """Dropout's training flag and seed offset, exactly as ``engine.op_params`` sets them."""
        if self._mode == (training, dropout_seed):
            return
        self._mode = (training, dropout_seed)
        for base, live in self._dynamic:
            live["training"] = 1.0 if training else 0.0
            live["seed"] = base.get("seed", 0.0) + dropout_seed

    def _shape_key(self) -> tuple[Any, ...]:
        if self._key is None:
            self._key = tuple(sorted(self._shapes.items()))
        return self._key

    def forward(self, *, training: bool = False, dropout_seed: int = 0) -> float:
        """Every kept node's value; returns the objective."""
        if self._mode != (training, dropout_seed):
            self.set_mode(training, dropout_seed)
        v = self.values
        steps = self._special_forward.get(self._shape_key())
        with np.errstate(all="ignore"):
            if steps is None:
                for step in self._forward:
                    step(v)
                self._special_forward[self._shape_key()] = self._specialise_forward()
            else:
                for step in steps:
                    step(v)
            result = v[self._out]
            if type(result) is np.float32:  # a float32 plan's number: its seed is one too
                objective, self._seed = float(result), np.float32(1.0)
            else:
                objective, self._seed = objective_seed(result)
        return objective

    def backward(self) -> list[Value]:
        """Gradients of the objective for the ``wrt`` leaves (call after ``forward``)."""
        v = self.values
        g: Slots = [None] * len(v)
        g[self._out] = self._seed
        steps = self._special_backward.get(self._shape_key())
        with np.errstate(all="ignore"):
            if steps is None:
                self._special_backward[self._shape_key()] = self._probe_backward(v, g)
            else:
                for step in steps:
                    step(v, g)
        self.gradients = g
        return [g[k] for k in self._wrt_slots]

    def gradient(self, node_id: str) -> Value:
        """dL/d(node) after the last ``backward`` (None for a node no trained leaf needs)."""
        return self.gradients[self.slot[node_id]]

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

    def _forward_kernel(self, node: Node) -> Kernel:
        op = node.operation
        kernels = self._kernels(op, self._params_for(node))
        return (kernels.forward if kernels else None) or op.forward

    def _compile_forward(self, node: Node, plain: bool = False) -> ForwardStep:
        """One closure per node, its slots bound as defaults (the fastest lookup in the loop);
        with ``plain`` the kernel's result is known to need no normalising."""
        fn = self._forward_kernel(node)
        params = self._params_for(node)
        out = self.slot[node.id]
        idx = tuple(self.slot[a] for a in node.args)
        norm = self._normalise
        if len(idx) == 1:
            (i,) = idx
            if params:

                def unary_p(
                    v: Slots, fn: Kernel = fn, i: int = i, out: int = out, p: Params = params
                ) -> None:
                    v[out] = norm(fn(v[i], **p))

                return unary_p

            if plain:

                def unary_plain(v: Slots, fn: Kernel = fn, i: int = i, out: int = out) -> None:
                    v[out] = fn(v[i])

                return unary_plain

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

        if plain:

            def binary_plain(
                v: Slots, fn: Kernel = fn, i: int = i, j: int = j, out: int = out
            ) -> None:
                v[out] = fn(v[i], v[j])

            return binary_plain

        def binary(v: Slots, fn: Kernel = fn, i: int = i, j: int = j, out: int = out) -> None:
            v[out] = norm(fn(v[i], v[j]))

        return binary

    def _is_plain(self, r: Value) -> bool:
        """Whether ``r`` is already what the normaliser would make of it."""
        if type(r) is _ndarray:
            return bool(r.ndim) and r.dtype == self.dtype
        return type(r) is self.dtype

    def _specialise_forward(self) -> list[ForwardStep]:
        """Steps for the current shapes: each parameterless node whose last result was plain
        drops its normaliser (a kernel's result type follows its arguments' types and shapes)."""
        v = self.values
        steps = []
        for node in self._nodes:
            if node.params:
                steps.append(self._compile_forward(node))
                continue
            fn = self._forward_kernel(node)
            r = fn(*(v[self.slot[a]] for a in node.args))
            steps.append(self._compile_forward(node, plain=self._is_plain(r)))
        return steps

    def _compile_backward(self) -> tuple[list[_Edge], list[int]]:
        nodes = self.graph.nodes
        needs = {nid: False for nid in self.order}
        for nid in self.wrt:
            needs[nid] = True
        for nid in self.order:
            node = nodes[nid]
            if not node.is_leaf:
                needs[nid] = any(needs[a] and not nodes[a].literal for a in node.args)
        edges = []
        terms: dict[str, int] = {}
        for nid in reversed(self.order):
            node = nodes[nid]
            if node.is_leaf or not needs[nid]:
                continue
            for pos, src in enumerate(node.args):
                if nodes[src].literal or not needs[src]:
                    continue
                nth = terms.get(src, 0)
                terms[src] = nth + 1
                edges.append(self._edge(node, pos, src, nth))
        return edges, [self.slot[nid] for nid in self.wrt]

    def _edge(self, node: Node, pos: int, src: str, nth: int) -> _Edge:
        op = node.operation
        params = self._params_for(node)
        kernels = self._kernels(op, params)
        if kernels is not None and kernels.backward is not None:
            kernel = kernels.backward[pos]
        else:
            kernel = self._generic_kernel(op, pos, params)
        idx = tuple(self.slot[x] for x in node.args)
        return _Edge(kernel, self.slot[node.id], idx, self.slot[src], nth, bool(params))

    def _probe_backward(self, v: Slots, g: Slots) -> list[BackwardStep]:
        """The general backward pass (the engine's ``_plain`` and ``unbroadcast`` on every
        edge), noting what each edge gave; returns the steps made for these shapes."""
        single = self.dtype is np.float32
        norm = self._normalise
        steps: list[BackwardStep] = []
        array_sum: set[int] = set()  # gradients summed into an array this pass made
        for e in self._edges:
            r = e.kernel(g[e.o], v[e.o], *(v[x] for x in e.args))
            plain = self._is_plain(r)
            if single:
                r = norm(r)
            x = v[e.a]
            fit: Callable[[Value], Value] | None = None
            kind = "general"
            both_arrays = type(r) is _ndarray and type(x) is _ndarray
            if plain and (
                (both_arrays and r.shape == x.shape)
                or (type(r) is self.dtype and type(x) is self.dtype)
            ):
                kind = "direct"
            elif plain and type(r) is _ndarray and (type(x) is _ndarray or type(x) is self.dtype):
                fit = _reduction(r.shape, tuple(getattr(x, "shape", ())), self.dtype)
                if fit is not None:
                    kind = "reduce"
            c = r if kind == "direct" else _fit(r, x)
            if single:
                c = norm(c)  # unbroadcast's number is float64
            if kind == "reduce" and fit is not None and not _same(c, fit(r)):
                kind = "general"  # not what the fixed reductions give: keep the general step
            in_place = (
                e.nth >= 2
                and e.a in array_sum
                and type(c) is _ndarray
                and c.shape == g[e.a].shape
                and c.dtype == g[e.a].dtype
            )
            if e.nth == 0:
                g[e.a] = c
            else:
                g[e.a] = g[e.a] + c
                if e.nth == 1 and type(g[e.a]) is _ndarray:
                    array_sum.add(e.a)
            if kind == "general" or e.dynamic:
                steps.append(self._general_step(e, e.kernel, norm if single else None))
            else:
                steps.append(self._special_step(e, e.kernel, fit, in_place))
        return steps

    @staticmethod
    def _special_step(
        e: _Edge, kernel: Kernel, fit: Callable[[Value], Value] | None, in_place: bool
    ) -> BackwardStep:
        """An edge whose result needs no normalising and at most fixed reductions."""
        o, a, args = e.o, e.a, e.args
        add = np.add
        if len(args) == 1:
            (i,) = args
            if fit is None:
                if e.nth == 0:

                    def u_set(v: Slots, g: Slots, k: Kernel = kernel) -> None:
                        g[a] = k(g[o], v[o], v[i])

                    return u_set
                if in_place:

                    def u_into(v: Slots, g: Slots, k: Kernel = kernel) -> None:
                        add(g[a], k(g[o], v[o], v[i]), out=g[a])

                    return u_into

                def u_add(v: Slots, g: Slots, k: Kernel = kernel) -> None:
                    g[a] = g[a] + k(g[o], v[o], v[i])

                return u_add
            if e.nth == 0:

                def u_set_fit(v: Slots, g: Slots, k: Kernel = kernel, f: Any = fit) -> None:
                    g[a] = f(k(g[o], v[o], v[i]))

                return u_set_fit
            if in_place:

                def u_into_fit(v: Slots, g: Slots, k: Kernel = kernel, f: Any = fit) -> None:
                    add(g[a], f(k(g[o], v[o], v[i])), out=g[a])

                return u_into_fit

            def u_add_fit(v: Slots, g: Slots, k: Kernel = kernel, f: Any = fit) -> None:
                g[a] = g[a] + f(k(g[o], v[o], v[i]))

            return u_add_fit
        i, j = args
        if fit is None:
            if e.nth == 0:

                def b_set(v: Slots, g: Slots, k: Kernel = kernel) -> None:
                    g[a] = k(g[o], v[o], v[i], v[j])

                return b_set
            if in_place:

                def b_into(v: Slots, g: Slots, k: Kernel = kernel) -> None:
                    add(g[a], k(g[o], v[o], v[i], v[j]), out=g[a])

                return b_into

            def b_add(v: Slots, g: Slots, k: Kernel = kernel) -> None:
                g[a] = g[a] + k(g[o], v[o], v[i], v[j])

            return b_add
        if e.nth == 0:

            def b_set_fit(v: Slots, g: Slots, k: Kernel = kernel, f: Any = fit) -> None:
                g[a] = f(k(g[o], v[o], v[i], v[j]))

            return b_set_fit
        if in_place:

            def b_into_fit(v: Slots, g: Slots, k: Kernel = kernel, f: Any = fit) -> None:
                add(g[a], f(k(g[o], v[o], v[i], v[j])), out=g[a])

            return b_into_fit

        def b_add_fit(v: Slots, g: Slots, k: Kernel = kernel, f: Any = fit) -> None:
            g[a] = g[a] + f(k(g[o], v[o], v[i], v[j]))

        return b_add_fit

    @staticmethod
    def _general_step(
        e: _Edge, kernel: Kernel, norm: Callable[[Value], Value] | None
    ) -> BackwardStep:
        """An edge as the engine takes it: normalised, then ``unbroadcast`` when shapes differ
        (``norm``: a float32 plan's normaliser, before and after)."""
        o, a, args, first = e.o, e.a, e.args, e.nth == 0

        if norm is None:

            def general(v: Slots, g: Slots) -> None:
                r = kernel(g[o], v[o], *(v[x] for x in args))
                x = v[a]
                if type(r) is not _ndarray or type(x) is not _ndarray or r.shape != x.shape:
                    r = _fit(r, x)
                g[a] = r if first else g[a] + r

            return general

        def general32(v: Slots, g: Slots, norm: Callable[[Value], Value] = norm) -> None:
            r = norm(kernel(g[o], v[o], *(v[x] for x in args)))
            x = v[a]
            if type(r) is not _ndarray or type(x) is not _ndarray or r.shape != x.shape:
                r = norm(_fit(r, x))
            g[a] = r if first else g[a] + r

        return general32

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
