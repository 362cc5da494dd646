"""Layered left-to-right layout of a computation graph, in plain Python (no Qt) so it tests fast.

Steps (Sugiyama-style, kept simple and deterministic):
1. Ranks: operations take their ``networkx.topological_generations`` rank (longest path from a
   leaf); each leaf then moves to the layer just before its first consumer, so a weight sits
   beside the operation it feeds, as in the lecture's pictures.
2. Edges that span several layers get invisible dummy nodes, one per crossed layer, so long
   edges reserve a lane instead of running through nodes.
3. Order inside each layer: a depth-first walk from the output (arguments in argument order)
   gives a tree-like start; barycenter sweeps (left-to-right, then right-to-left) reduce edge
   crossings; the best ordering seen is kept, crossings counted exactly per layer pair.
4. Coordinates: layers are columns as wide as their widest node; inside a column nodes keep
   their order and are pulled toward their neighbours' heights (an isotonic fit solved with
   pool-adjacent-violators), so chains come out straight.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import networkx as nx
import numpy as np

from core.autodiff.graph import Graph

EdgeKey = tuple[
    str, str, int
]  # (argument, consumer, argument position), as core.autodiff.graph.Edge
Size = tuple[float, float]

DEFAULT_SIZE: Size = (80.0, 50.0)
DUMMY_SIZE: Size = (0.0, 16.0)
MAX_DUMMIES_PER_NODE = 6  # beyond this (very long edges everywhere) lanes are not reserved


@dataclass
class Layout:
    """Where every node goes, plus what the drawing needs to route long edges."""

    positions: dict[str, tuple[float, float]]  # node id -> centre
    ranks: dict[str, int]  # node id -> column
    layers: list[list[str]]  # real node ids per column, top to bottom
    routes: dict[EdgeKey, list[tuple[float, float]]] = field(default_factory=dict)
    crossings: int = 0  # edge crossings between adjacent columns (dummies included)


# ---------------------------------------------------------------------- ranks


def assign_ranks(graph: Graph) -> dict[str, int]:
    """Column of each node: ops by topological generation, leaves just before first consumer."""
    if not graph.nodes:
        return {}
    digraph = nx.DiGraph()
    digraph.add_nodes_from(graph.nodes)
    digraph.add_edges_from((a, n.id) for n in graph.nodes.values() for a in n.args)
    ranks: dict[str, int] = {}
    for generation, ids in enumerate(nx.topological_generations(digraph)):
        for nid in ids:
            ranks[nid] = generation
    consumers: dict[str, list[str]] = {}
    for node in graph.nodes.values():
        for a in node.args:
            consumers.setdefault(a, []).append(node.id)
    for node in graph.nodes.values():
        if node.is_leaf and node.id in consumers:
            ranks[node.id] = max(0, min(ranks[c] for c in consumers[node.id]) - 1)
    # close gaps (a leaf-only first column can empty out) so columns are numbered 0..k
    used = sorted(set(ranks.values()))
    renumber = {r: i for i, r in enumerate(used)}
    return {nid: renumber[r] for nid, r in ranks.items()}


# ---------------------------------------------------------------------- layered graph


class _Layered:
    """Integer-indexed layered graph: real nodes 0..n-1, dummies after them."""

    def __init__(self, graph: Graph, ranks: dict[str, int], with_dummies: bool) -> None:
        self.ids = list(graph.nodes)
        index = {nid: i for i, nid in enumerate(self.ids)}
        self.rank = [ranks[nid] for nid in self.ids]
        self.pred: list[list[int]] = [[] for _ in self.ids]
        self.succ: list[list[int]] = [[] for _ in self.ids]
        self.chains: dict[EdgeKey, list[int]] = {}  # dummy chain of each long edge
        long_pairs: dict[tuple[int, int], list[int]] = {}
        for node in graph.nodes.values():
            v = index[node.id]
            for pos, a in enumerate(node.args):
                u = index[a]
                span = self.rank[v] - self.rank[u]
                if span <= 1 or not with_dummies:
                    self._link(u, v)
                    continue
                chain = long_pairs.get((u, v))
                if chain is None:  # parallel edges (x * x) share one lane
                    chain = []
                    prev = u
                    for r in range(self.rank[u] + 1, self.rank[v]):
                        d = len(self.rank)
                        self.rank.append(r)
                        self.pred.append([])
                        self.succ.append([])
                        self._link(prev, d)
                        chain.append(d)
                        prev = d
                    self._link(prev, v)
                    long_pairs[(u, v)] = chain
                self.chains[(a, node.id, pos)] = chain
        self.count = len(self.rank)
        depth = max(self.rank, default=-1) + 1
        self.layers: list[list[int]] = [[] for _ in range(depth)]

    def _link(self, u: int, v: int) -> None:
        self.succ[u].append(v)
        self.pred[v].append(u)


def _dummy_count(graph: Graph, ranks: dict[str, int]) -> int:
    return sum(
        max(0, ranks[n.id] - ranks[a] - 1) for n in graph.nodes.values() for a in set(n.args)
    )


# ---------------------------------------------------------------------- ordering


def _dfs_order(lg: _Layered, roots: list[int], forward: bool) -> list[list[int]]:
    """Columns filled in depth-first visiting order: a tree-like start for the sweeps."""
    nbrs = lg.succ if forward else lg.pred
    seen = [False] * lg.count
    order: list[int] = []
    for start in [*roots, *range(lg.count)]:
        if seen[start]:
            continue
        seen[start] = True
        if forward:
            order.append(start)
        stack = [(start, iter(nbrs[start]))]
        while stack:
            v, it = stack[-1]
            nxt = next(it, None)
            if nxt is None:
                stack.pop()
                if not forward:
                    order.append(v)
            elif not seen[nxt]:
                seen[nxt] = True
                if forward:
                    order.append(nxt)
                stack.append((nxt, iter(nbrs[nxt])))
    layers: list[list[int]] = [[] for _ in lg.layers]
    for v in order:
        layers[lg.rank[v]].append(v)
    return layers


def _starts(graph: Graph, lg: _Layered) -> list[list[list[int]]]:
    """Two starting orders: forward from the leaves (insertion order), back from the output.

    Forward suits layered networks (each input's weights gather around it); backward suits
    expression trees (arguments in argument order). The sweeps refine both; the best wins.
    """
    index = {nid: i for i, nid in enumerate(lg.ids)}
    sources = [i for i in range(len(lg.ids)) if not lg.pred[i]]
    sinks = [index[graph.output]] if graph.output in index else []
    sinks += [i for i in range(len(lg.ids)) if not lg.succ[i] and i not in sinks]
    return [_dfs_order(lg, sources, forward=True), _dfs_order(lg, sinks, forward=False)]


def _crossings_between(upper: list[int], lower_pos: dict[int, int], succ: list[list[int]]) -> int:
    """Crossings between two adjacent columns: inversions among the edges' target positions."""
    targets: list[int] = []
    for u in upper:
        targets.extend(sorted(lower_pos[v] for v in succ[u] if v in lower_pos))
    m = len(targets)
    if m < 2:
        return 0
    t = np.asarray(targets)
    total = 0
    step = max(1, 4_000_000 // m)  # rows per block: bounded memory for wide columns
    for start in range(0, m, step):
        block = t[start : start + step]
        later = np.arange(start, start + len(block))[:, None] < np.arange(m)[None, :]
        total += int(np.count_nonzero((block[:, None] > t[None, :]) & later))
    return total


def _total_crossings(lg: _Layered, layers: list[list[int]]) -> int:
    total = 0
    for r in range(len(layers) - 1):
        lower_pos = {v: i for i, v in enumerate(layers[r + 1])}
        total += _crossings_between(layers[r], lower_pos, lg.succ)
    return total


def _sweep(lg: _Layered, layers: list[list[int]], downward: bool) -> None:
    """One barycenter pass; nodes without neighbours on that side keep their relative place."""
    rng = range(1, len(layers)) if downward else range(len(layers) - 2, -1, -1)
    for r in rng:
        ref = layers[r - 1] if downward else layers[r + 1]
        ref_pos = {v: (i + 0.5) / len(ref) for i, v in enumerate(ref)} if ref else {}
        layer = layers[r]
        n = len(layer)
        keyed = []
        for i, v in enumerate(layer):
            nbrs = lg.pred[v] if downward else lg.succ[v]
            pos = [ref_pos[u] for u in nbrs if u in ref_pos]
            bary = sum(pos) / len(pos) if pos else (i + 0.5) / n
            keyed.append((bary, i, v))
        keyed.sort()
        layers[r] = [v for _, _, v in keyed]


def _crossing_matrix(lg: _Layered, layers: list[list[int]], r: int) -> np.ndarray:
    """C[i, j]: crossings among the edges of column r's i-th and j-th nodes when i is above j
    (against both neighbouring columns, whose order is held fixed)."""
    layer = layers[r]
    n = len(layer)
    matrix = np.zeros((n, n))
    for side, nbrs in ((r - 1, lg.pred), (r + 1, lg.succ)):
        if side < 0 or side >= len(layers) or not layers[side]:
            continue
        pos = {v: i for i, v in enumerate(layers[side])}
        hist = np.zeros((n, len(layers[side])))
        for i, v in enumerate(layer):
            for x in nbrs[v]:
                hist[i, pos[x]] += 1
        below = np.cumsum(hist, axis=1) - hist  # neighbours strictly above each position
        matrix += hist @ below.T
    return matrix


def _sift(lg: _Layered, layers: list[list[int]]) -> None:
    """Sifting: each node moves to the first place in its column with the fewest crossings;
    then adjacent swaps while they help. Small graphs only (quadratic in the column size)."""
    for r, layer in enumerate(layers):
        if len(layer) < 2:
            continue
        matrix = _crossing_matrix(lg, layers, r)
        order = list(range(len(layer)))
        for v in range(len(layer)):
            others = [u for u in order if u != v]
            above_all = matrix[v, others].sum()
            deltas = matrix[others, v] - matrix[v, others]
            costs = np.concatenate(([above_all], above_all + np.cumsum(deltas)))
            others.insert(int(np.argmin(costs)), v)  # ties go up: a small shake helps
            order = others
        layers[r] = [layer[i] for i in order]
    for _ in range(8):
        improved = False
        for r, layer in enumerate(layers):
            if len(layer) < 2:
                continue
            matrix = _crossing_matrix(lg, layers, r)
            order = list(range(len(layer)))
            for i in range(len(order) - 1):
                a, b = order[i], order[i + 1]
                if matrix[b, a] < matrix[a, b]:
                    order[i], order[i + 1] = b, a
                    improved = True
            layers[r] = [layer[i] for i in order]
        if not improved:
            break


def _order(graph: Graph, lg: _Layered, sweeps: int) -> int:
    """Best ordering over both starts; a start stops after 4 sweeps without improvement.
    Big graphs: one start, and crossings are counted only once, at the end."""
    small = lg.count <= 400
    big = lg.count > 2000
    best: list[list[int]] = []
    best_count = -1
    starts = _starts(graph, lg)
    if big:
        layers = starts[0]
        for k in range(sweeps):
            _sweep(lg, layers, downward=(k % 2 == 0))
        lg.layers = layers
        return _total_crossings(lg, layers)
    for layers in starts:
        count = _total_crossings(lg, layers)
        if best_count < 0 or count < best_count:
            best, best_count = [list(layer) for layer in layers], count
        local_best, stale = count, 0
        for k in range(sweeps):
            if best_count == 0 or stale >= 4:
                break
            _sweep(lg, layers, downward=(k % 2 == 0))
            if small:
                _sift(lg, layers)
            count = _total_crossings(lg, layers)
            stale = 0 if count < local_best else stale + 1
            local_best = min(local_best, count)
            if count < best_count:
                best, best_count = [list(layer) for layer in layers], count
    lg.layers = best
    return best_count


# ---------------------------------------------------------------------- coordinates


def _isotonic_fit(desired: list[float], offsets: list[float], weights: list[float]) -> list[float]:
    """Closest heights to ``desired`` keeping order and minimum gaps (pool adjacent violators)."""
    blocks: list[list[float]] = []  # [weighted sum, weight, count]
    for d, off, w in zip(desired, offsets, weights, strict=True):
        blocks.append([(d - off) * w, w, 1])
        while len(blocks) > 1 and blocks[-2][0] / blocks[-2][1] > blocks[-1][0] / blocks[-1][1]:
            s, ww, c = blocks.pop()
            blocks[-1][0] += s
            blocks[-1][1] += ww
            blocks[-1][2] += c
    out: list[float] = []
    for s, w, c in blocks:
        out.extend([s / w] * int(c))
    return [u + off for u, off in zip(out, offsets, strict=True)]


def _heights(
    lg: _Layered, sizes: list[Size], above: list[float], node_gap: float, rounds: int
) -> list[float]:
    """Anchor height of every node (anchors = the points edges attach to)."""
    y = [0.0] * lg.count
    offsets_of: list[list[float]] = []
    for layer in lg.layers:
        offsets = [0.0]
        for a, b in zip(layer, layer[1:], strict=False):
            offsets.append(offsets[-1] + (sizes[a][1] - above[a]) + above[b] + node_gap)
        offsets_of.append(offsets)
        shift = (offsets[-1] + above[layer[-1]] - above[layer[0]]) / 2 if layer else 0.0
        for v, off in zip(layer, offsets, strict=True):
            y[v] = off - shift

    def fit(r: int, sides: tuple[bool, ...]) -> None:
        layer = lg.layers[r]
        if not layer:
            return
        desired, weights = [], []
        for v in layer:
            nbrs: list[int] = []
            if True in sides:
                nbrs += lg.pred[v]
            if False in sides:
                nbrs += lg.succ[v]
            if nbrs:
                desired.append(sum(y[u] for u in nbrs) / len(nbrs))
                weights.append(1.0 + 0.5 * len(nbrs))
            else:
                desired.append(y[v])
                weights.append(0.25)
        for v, h in zip(layer, _isotonic_fit(desired, offsets_of[r], weights), strict=True):
            y[v] = h

    depth = len(lg.layers)
    for _ in range(rounds):
        for r in range(1, depth):
            fit(r, (True,))
        for r in range(depth - 2, -1, -1):
            fit(r, (False,))
    for r in range(depth):
        fit(r, (True, False))
    return y


# ---------------------------------------------------------------------- public


def layered_layout(
    graph: Graph,
    sizes: Mapping[str, Size] | None = None,
    *,
    anchors: Mapping[str, float] | None = None,
    layer_gap: float = 70.0,
    node_gap: float = 24.0,
    sweeps: int | None = None,
) -> Layout:
    """Positions (node centres) for a left-to-right drawing; same graph in, same layout out.

    ``sizes`` gives each node's footprint (width, height) in scene units; missing ones use
    DEFAULT_SIZE. ``anchors`` gives, per node, the distance from the top of its footprint to
    the point that is aligned and returned (where its edges attach; default: the middle), so a
    node with a tall label under it still lines up with its neighbours. ``layer_gap`` is the
    free space between columns (room for edge labels).
    """
    sizes = sizes or {}
    anchors = anchors or {}
    ranks = assign_ranks(graph)
    if not ranks:
        return Layout({}, {}, [])
    with_dummies = _dummy_count(graph, ranks) <= MAX_DUMMIES_PER_NODE * len(graph.nodes)
    lg = _Layered(graph, ranks, with_dummies)
    if sweeps is None:
        sweeps = 12 if lg.count <= 2000 else 4
    crossings = _order(graph, lg, sweeps)

    box: list[Size] = [sizes.get(nid, DEFAULT_SIZE) for nid in lg.ids]
    box += [DUMMY_SIZE] * (lg.count - len(lg.ids))
    above = [anchors.get(nid, box[i][1] / 2) for i, nid in enumerate(lg.ids)]
    above += [b[1] / 2 for b in box[len(lg.ids) :]]
    ys = _heights(lg, box, above, node_gap, rounds=3 if lg.count <= 2000 else 1)

    xs_of_layer: list[float] = []
    x = 0.0
    prev_half = 0.0
    for r, layer in enumerate(lg.layers):
        half = max((box[v][0] for v in layer), default=0.0) / 2
        x = half if r == 0 else x + prev_half + layer_gap + half
        xs_of_layer.append(x)
        prev_half = half

    positions = {nid: (xs_of_layer[lg.rank[i]], ys[i]) for i, nid in enumerate(lg.ids)}
    routes = {
        key: [(xs_of_layer[lg.rank[d]], ys[d]) for d in chain] for key, chain in lg.chains.items()
    }
    layers = [[lg.ids[v] for v in layer if v < len(lg.ids)] for layer in lg.layers]
    return Layout(positions, dict(ranks), layers, routes, crossings)


def _segments_cross(p1, p2, q1, q2) -> bool:
    def orient(a, b, c) -> float:
        return (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0])

    d1, d2 = orient(q1, q2, p1), orient(q1, q2, p2)
    d3, d4 = orient(p1, p2, q1), orient(p1, p2, q2)
    return ((d1 > 0 > d2) or (d1 < 0 < d2)) and ((d3 > 0 > d4) or (d3 < 0 < d4))


def count_crossings(
    graph: Graph,
    positions: Mapping[str, tuple[float, float]],
    routes: Mapping[EdgeKey, list[tuple[float, float]]] | None = None,
) -> int:
    """Proper crossings between edges drawn as polylines (centre, bends..., centre).

    Quadratic in the number of edges: meant for tests and small graphs. Edges sharing an end
    never count as crossing there; parallel edges (``x * x``) are counted once.
    """
    routes = routes or {}
    polylines = []
    seen: set[tuple[str, str]] = set()
    for e in graph.edges():
        if (e.source, e.target) in seen:
            continue
        seen.add((e.source, e.target))
        points = [
            positions[e.source],
            *routes.get((e.source, e.target, e.position), []),
            positions[e.target],
        ]
        polylines.append(((e.source, e.target), list(zip(points, points[1:], strict=False))))
    total = 0
    for i, (ends_a, segs_a) in enumerate(polylines):
        for ends_b, segs_b in polylines[i + 1 :]:
            if set(ends_a) & set(ends_b):
                continue
            if any(_segments_cross(*sa, *sb) for sa in segs_a for sb in segs_b):
                total += 1
    return total
