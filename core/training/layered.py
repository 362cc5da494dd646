"""A neuron graph trained through its layers: one matrix product and activation per layer.

The lecture draws a network neuron by neuron (``w11·x1 + w21·x2 + b1``, then ``tanh``); at
that granularity the compiled plan runs about ten small operations per weight, where the same
network drawn as layers runs three per layer. The arithmetic is the same up to the order of the
sums (``x1·w11 + x2·w21`` against one BLAS dot product), so a trainer may compute a neuron
graph through the layer kernels and show every neuron's value and gradient as before: its
parameters stay one number per weight, by the neuron graph's leaf ids.

``find_layers`` recognises the shape ``core.training.nn.build_network`` draws at neuron granularity
(and any graph of the same form, whoever built it): inputs feed neurons whose weighted sums are
left-to-right additions of ``weight · input`` terms and a bias, each followed by one activation
shared by its layer (none at an identity output), then a per-output loss (``bce`` or
``squared_error`` against a target) averaged over the outputs with a literal ``k``, or no
loss. Anything else (dropout, whose masks are drawn per neuron; a weight used twice; a node
outside the pattern) is not recognised, and the graph trains through the ordinary plan.

``LayeredPlan`` answers the trainer like ``core.autodiff.plan.Plan``: leaves and values by the neuron
graph's ids (``a`` is column 0 of the layer output, ``x2`` column 1 of the input matrix), the
parameters as one flat vector in the layer plan's order (W1 by rows, b1, W2, …). Its numbers
agree with the neuron plan's to rounding (tests hold 100 epochs of training to 1e-12).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..autodiff.graph import Graph, Node, Role
from ..autodiff.plan import Plan, resolve_dtype

Value = Any
LOSSES = {"bce": "bce", "squared_error": "mse"}  # per-output loss -> the layer graph's loss


@dataclass(frozen=True)
class Layer:
    """One layer of neurons: ``weights[i][j]`` from input i to neuron j, one bias per neuron."""

    weights: tuple[tuple[str, ...], ...]  # leaf ids, [input][neuron]
    biases: tuple[str, ...]
    sums: tuple[str, ...]  # each neuron's weighted sum z
    outputs: tuple[str, ...]  # the activation of each neuron (the sum itself when no activation)
    activation: str | None
    activation_params: tuple[tuple[str, float], ...] = ()  # elu's alpha, leaky_relu's slope


@dataclass(frozen=True)
class Layers:
    """What ``find_layers`` recognised in a neuron graph."""

    inputs: tuple[str, ...]  # input leaves, in the order of the input matrix's columns
    layers: tuple[Layer, ...]
    targets: tuple[str, ...]  # target leaves, one per output (none without a loss)
    loss: str  # "bce", "squared_error" or "none"


# ---------------------------------------------------------------------------- recognising


class _NoMatch(Exception):
    """The graph is not of the recognised form."""


def find_layers(graph: Graph) -> Layers | None:
    """The graph's layers, or None when it is not a neuron network of the recognised form."""
    if graph.output is None:
        return None
    try:
        return _match(graph)
    except _NoMatch:
        return None


def _require(condition: bool) -> None:
    if not condition:
        raise _NoMatch


def _match(graph: Graph) -> Layers:
    nodes = graph.nodes
    out = graph.output
    assert out is not None
    expected: set[tuple[str, int, str]] = set()  # (node, position, argument): every kept edge

    def uses(node: Node) -> None:
        for pos, a in enumerate(node.args):
            expected.add((node.id, pos, a))

    outputs, targets, loss = _head(graph, nodes[out], uses)
    layers: list[Layer] = []
    current = outputs
    while True:
        layer, sources = _layer(graph, current, uses)
        layers.append(layer)
        if all(nodes[s].is_leaf for s in sources):
            for s in sources:
                _require(nodes[s].role == Role.INPUT and np.ndim(nodes[s].value) <= 1)
            inputs = sources
            break
        current = sources
    layers.reverse()
    for hidden in layers[:-1]:
        _require(hidden.activation is not None)  # a hidden layer without one: not nn's form
    # every edge the output depends on is one of the pattern's, and nothing else is there
    kept = graph.ancestors(out) | {out}
    actual = {(n, pos, a) for n in kept for pos, a in enumerate(nodes[n].args)}
    _require(actual == expected)
    leaves = [graph[n] for n in kept if graph[n].is_leaf]
    params = [n for n in leaves if n.role == Role.PARAM and not n.literal]
    named = [w for layer in layers for row in layer.weights for w in row]
    named += [b for layer in layers for b in layer.biases]
    _require(len(set(named)) == len(named) and {n.id for n in params} == set(named))
    for t in targets:
        _require(np.ndim(nodes[t].value) <= 1)
    return Layers(tuple(inputs), tuple(layers), tuple(targets), loss)


def _head(graph: Graph, top: Node, uses: Any) -> tuple[list[str], list[str], str]:
    """(outputs, targets, loss) from the output node down to the network's outputs."""
    nodes = graph.nodes
    if top.op in LOSSES:
        uses(top)
        return [top.args[0]], [_target(graph, top.args[1])], str(top.op)
    if top.op == "div":  # (t1 + … + tk) / k: the mean over the outputs
        total, k = (nodes[a] for a in top.args)
        _require(k.is_leaf and k.literal and k.role == Role.CONST)
        uses(top)
        terms = _chain(graph, total, uses)
        _require(len(terms) >= 2 and float(k.value) == len(terms))
        ops_used = {nodes[t].op for t in terms}
        if len(ops_used) == 1 and next(iter(ops_used)) in LOSSES:
            loss = str(next(iter(ops_used)))
            outputs, targets = [], []
            for t in terms:
                node = nodes[t]
                uses(node)
                outputs.append(node.args[0])
                targets.append(_target(graph, node.args[1]))
            return outputs, targets, loss
        return list(terms), [], "none"
    return [top.id], [], "none"


def _target(graph: Graph, nid: str) -> str:
    node = graph[nid]
    _require(node.is_leaf and node.role == Role.INPUT)
    return nid


def _chain(graph: Graph, node: Node, uses: Any) -> list[str]:
    """The terms of a left-to-right chain of additions ``((t1 + t2) + t3) + …``."""
    _require(node.op == "add" and not node.params)
    terms: list[str] = []
    while True:
        uses(node)
        left, right = node.args
        terms.append(right)
        left_node = graph[left]
        if left_node.op == "add" and not left_node.name and len(graph.consumers(left)) == 1:
            node = left_node
            continue
        terms.append(left)
        break
    terms.reverse()
    return terms


def _neuron(graph: Graph, out: str, uses: Any) -> tuple[Any, str, list[str], list[str], str]:
    """((activation, its parameters), sum, weights, sources, bias) of the neuron whose output
    is ``out``."""
    nodes = graph.nodes
    node = nodes[out]
    activation: tuple[str, tuple[tuple[str, float], ...]] | None = None
    if node.op is not None and node.op != "add":
        op = node.operation
        _require(op.arity == 1 and op.local is not None and "training" not in node.params)
        uses(node)
        activation = (node.op, tuple(sorted(node.params.items())))
        node = nodes[node.args[0]]
    terms = _chain(graph, node, uses)
    bias = terms[-1]
    b = nodes[bias]
    _require(b.is_leaf and b.role == Role.PARAM and not b.literal and np.ndim(b.value) == 0)
    weights, sources = [], []
    for t in terms[:-1]:
        product = nodes[t]
        _require(product.op == "mul" and not product.params)
        uses(product)
        w_id, s_id = product.args
        w = nodes[w_id]
        if not (w.is_leaf and w.role == Role.PARAM):
            w_id, s_id = s_id, w_id
            w = nodes[w_id]
        _require(w.is_leaf and w.role == Role.PARAM and not w.literal and np.ndim(w.value) == 0)
        _require(not (nodes[s_id].is_leaf and nodes[s_id].role == Role.PARAM))
        weights.append(w_id)
        sources.append(s_id)
    return activation, node.id, weights, sources, bias


def _layer(graph: Graph, outputs: list[str], uses: Any) -> tuple[Layer, list[str]]:
    """The layer whose neurons' outputs are ``outputs``, and the sources they share."""
    found = [_neuron(graph, o, uses) for o in outputs]
    activations = {f[0] for f in found}
    sources = found[0][3]
    _require(len(activations) == 1 and len(set(sources)) == len(sources))
    for f in found:
        _require(f[3] == sources)
    weights = tuple(tuple(f[2][i] for f in found) for i in range(len(sources)))
    activation = found[0][0]
    layer = Layer(
        weights=weights,
        biases=tuple(f[4] for f in found),
        sums=tuple(f[1] for f in found),
        outputs=tuple(outputs),
        activation=None if activation is None else activation[0],
        activation_params=() if activation is None else activation[1],
    )
    return layer, sources


# ---------------------------------------------------------------------------- the layer graph


def _id(name: str) -> str:
    """A node id of the layer graph; never one of a neuron graph's (nn names b1, a, loss)."""
    return f"layer:{name}"


_X, _Y, _A = _id("X"), _id("Y"), _id("A")


def layer_graph(layers: Layers, graph: Graph) -> tuple[Graph, dict[str, tuple[str, int]]]:
    """The same network drawn as layers (X·W1 + b1, …), and where each neuron's node is in it:
    neuron node id -> (layer node id, column)."""
    g = Graph()
    where: dict[str, tuple[str, int]] = {}
    nodes = graph.nodes
    x = np.zeros((1, len(layers.inputs)))
    g.add_leaf(_X, x, Role.INPUT)
    for c, nid in enumerate(layers.inputs):
        where[nid] = (_X, c)
    previous = _X
    depth = len(layers.layers)
    for k, layer in enumerate(layers.layers, start=1):
        w = np.array([[float(nodes[n].value) for n in row] for row in layer.weights])
        b = np.array([float(nodes[n].value) for n in layer.biases])
        g.add_leaf(_id(f"W{k}"), w, Role.PARAM)
        g.add_leaf(_id(f"b{k}"), b, Role.PARAM)
        g.add_op("matmul", (previous, _id(f"W{k}")), node_id=_id(f"XW{k}"))
        g.add_op("add", (_id(f"XW{k}"), _id(f"b{k}")), node_id=_id(f"Z{k}"))
        for j, nid in enumerate(layer.sums):
            where[nid] = (_id(f"Z{k}"), j)
        out = _id(f"Z{k}")
        if layer.activation is not None:
            out = _A if k == depth else _id(f"H{k}")
            params = dict(layer.activation_params) or None
            g.add_op(layer.activation, (_id(f"Z{k}"),), node_id=out, params=params)
        for j, nid in enumerate(layer.outputs):
            where[nid] = (out, j)
        previous = out
    if layers.loss == "none":
        g.set_output(previous)
        return g, where
    g.add_leaf(_Y, np.zeros((1, len(layers.targets))), Role.INPUT)
    for c, nid in enumerate(layers.targets):
        where[nid] = (_Y, c)
    if layers.loss == "bce":
        g.add_op("bce", (previous, _Y), node_id=_id("BCE"))
        g.add_op("mean", (_id("BCE"),), node_id=_id("loss"))
    else:
        g.add_op("mse", (previous, _Y), node_id=_id("loss"))
    g.set_output(_id("loss"))
    return g, where


# ---------------------------------------------------------------------------- the plan


class LayeredPlan:
    """The trainer's plan for a neuron graph, computed through its layer graph's plan."""

    def __init__(self, graph: Graph, layers: Layers, *, dtype: Any = "float64") -> None:
        self.graph = graph
        self.layers = layers
        self.dtype = resolve_dtype(dtype)
        inner_graph, self._where = layer_graph(layers, graph)
        self.inner = Plan(inner_graph, dtype=self.dtype)
        nodes = graph.nodes
        out = graph.require_output()
        kept = graph.ancestors(out) | {out}
        order = [nid for nid in graph.order() if nid in kept]
        self.order = order
        self.slot = {nid: k for k, nid in enumerate(order)}
        self.output = out
        self.leaf_ids = [nid for nid in order if nodes[nid].is_leaf]
        self.wrt = [
            nid for nid in self.leaf_ids if nodes[nid].role == Role.PARAM and not nodes[nid].literal
        ]
        # where each neuron parameter sits in the layer plan's flat vector
        offsets = np.cumsum([0, *self.inner.layout.sizes]).tolist()
        position: dict[str, int] = {}
        for k, layer in enumerate(layers.layers):
            base_w, base_b = offsets[2 * k], offsets[2 * k + 1]
            width = len(layer.biases)
            for i, row in enumerate(layer.weights):
                for j, nid in enumerate(row):
                    position[nid] = base_w + i * width + j
            for j, nid in enumerate(layer.biases):
                position[nid] = base_b + j
        self._perm = np.array([position[nid] for nid in self.wrt], dtype=np.intp)
        self._index = {nid: k for k, nid in enumerate(self.wrt)}
        self._columns: dict[str, Value] = {nid: nodes[nid].value for nid in self._data_ids()}
        self._stale = True
        self._refresh()
        self.load_params(self.flatten([nodes[nid].value for nid in self.wrt]))

    def _data_ids(self) -> tuple[str, ...]:
        return self.layers.inputs + self.layers.targets

    # ------------------------------------------------------------------ data
    def pack_data(self, data: Mapping[str, Value]) -> dict[str, Value]:
        """Columns by neuron leaf id as the layer graph's X and Y matrices (a leaf without data
        keeps its value for every sample, as in the neuron graph)."""
        rows = [np.shape(v)[0] for v in data.values() if np.ndim(v) == 1]
        if not rows or not any(k in self._columns for k in data):
            return dict(data)
        n = rows[0]
        out: dict[str, Value] = {k: v for k, v in data.items() if k not in self._columns}
        for matrix, ids in ((_X, self.layers.inputs), (_Y, self.layers.targets)):
            if ids:
                out[matrix] = self._stack(ids, data, n)
        return out

    def _stack(self, ids: tuple[str, ...], data: Mapping[str, Value], n: int) -> np.ndarray:
        m: np.ndarray = np.empty((n, len(ids)), dtype=self.dtype)
        for c, nid in enumerate(ids):
            m[:, c] = data[nid] if nid in data else self._columns[nid]
        return m

    def translate_pairs(self, pairs: tuple[tuple[str, str], ...]) -> tuple[tuple[str, str], ...]:
        """Scoring pairs (a_j, y_j) by neuron id as the one pair of layer matrices (A, Y)."""
        outputs = self.layers.layers[-1].outputs
        if tuple(pairs) == tuple(zip(outputs, self.layers.targets, strict=False)) and len(
            pairs
        ) == len(outputs):
            return ((self._where[outputs[0]][0], _Y),)
        return pairs

    # ------------------------------------------------------------------ leaves and values
    def set_leaf(self, node_id: str, value: Value) -> None:
        if node_id in self.inner.slot:
            self._refresh()  # columns set one by one before: into their matrices first
            self.inner.set_leaf(node_id, value)
            ids = {_X: self.layers.inputs, _Y: self.layers.targets}.get(node_id)
            if ids:  # the columns follow the matrix (a column set alone later rebuilds it)
                matrix = self.inner.leaf(node_id)
                for c, nid in enumerate(ids):
                    self._columns[nid] = matrix[:, c]
            return
        if node_id in self._columns:
            self._columns[node_id] = value
            self._stale = True
            return
        if node_id not in self._index:
            raise KeyError(node_id)
        flat = self._flat_params().copy()
        flat[self._perm[self._index[node_id]]] = float(value)
        self.load_params(flat)

    def set_leaves(self, values: Mapping[str, Value]) -> None:
        """Set leaves by id; the neuron parameters among them go in with one load."""
        params = {k: v for k, v in values.items() if k in self._index}
        for key, value in values.items():
            if key not in params:
                self.set_leaf(key, value)
        if params:
            flat = self._flat_params().copy()
            for key, value in params.items():
                flat[self._perm[self._index[key]]] = float(value)
            self.load_params(flat)

    def _flat_params(self) -> np.ndarray:
        inner = self.inner
        return inner.flatten([inner.leaf(nid) for nid in inner.wrt])

    def _refresh(self) -> None:
        """The input and target matrices from columns set one by one."""
        if not self._stale:
            return
        self._stale = False
        lengths = [np.shape(v)[0] for v in self._columns.values() if np.ndim(v) == 1]
        n = lengths[0] if lengths else 1
        for matrix, ids in ((_X, self.layers.inputs), (_Y, self.layers.targets)):
            if ids:
                self.inner.set_leaf(matrix, self._stack(ids, self._columns, n))

    def leaf(self, node_id: str) -> Value:
        if node_id in self._where:
            return self.value(node_id)
        if node_id in self.inner.slot:
            return self.inner.leaf(node_id)
        if node_id in self.slot and self.graph[node_id].role == Role.PARAM:
            return self.unflatten(self._flat_params())[self._index[node_id]]
        return self.graph[node_id].value

    def value(self, node_id: str) -> Value:
        """A node's value after the last ``forward`` (neuron ids map to a layer's column)."""
        place = self._where.get(node_id)
        if place is None:
            return self.inner.value(node_id)
        self._refresh()
        matrix, column = place
        m = self.inner.value(matrix)
        if np.ndim(m) == 0:
            return m
        col = m[:, column]
        if len(col) == 1:
            return self.dtype(col[0])
        return col.astype(self.dtype)

    # ------------------------------------------------------------------ parameters
    def flatten(self, values: list[Value]) -> np.ndarray:
        """Neuron parameters (in ``wrt`` order) as the layer plan's flat vector."""
        flat: np.ndarray = np.empty(len(self._perm), dtype=self.dtype)
        flat[self._perm] = np.asarray(values, dtype=np.float64)
        return flat

    def unflatten(self, flat: np.ndarray) -> list[Value]:
        """The flat vector as one NumPy number per neuron parameter (in ``wrt`` order), of
        the plan's dtype (float64, as the engine keeps numbers, or float32)."""
        return list(flat[self._perm].astype(self.dtype, copy=False))

    def load_params(self, flat: np.ndarray) -> None:
        self.inner.load_params(flat)

    def gradient_flat(self) -> np.ndarray:
        return self.inner.gradient_flat()

    # ------------------------------------------------------------------ running
    def forward(self, *, training: bool = False, dropout_seed: int = 0) -> float:
        self._refresh()
        return self.inner.forward(training=training, dropout_seed=dropout_seed)

    def backward(self) -> list[Value]:
        """Gradients of the neuron parameters, in ``wrt`` order."""
        return self.unflatten(self.inner.gradient_flat())


TrainingPlan = Plan | LayeredPlan  # what core.training.train_data binds, feeds and scores


def training_plan(
    graph: Graph, dtype: Any = "float64", layers: bool = True, *, wrt: list[str] | None = None
) -> TrainingPlan:
    """The plan a trainer runs: through the layers when ``graph`` is a neuron network of the
    recognised form (and ``layers``), else the graph's own compiled plan (with ``wrt``, the
    leaves whose gradients it computes: ``[]`` for forward passes only)."""
    found = find_layers(graph) if layers else None
    if found is None:
        return Plan(graph, dtype=dtype, wrt=wrt)
    return LayeredPlan(graph, found, dtype=dtype)
