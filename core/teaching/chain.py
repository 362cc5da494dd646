"""The chain rule written out: a node's gradient as a sum over every path to the output.

This is the lecture's ∂a/∂w11 = ∂a/∂h1·∂h1/∂z1·∂z1/∂w11 + ∂a/∂h2·∂h2/∂z1·∂z1/∂w11, for any
node of any graph, with the numbers taken from the run's trace (the same local derivatives
backprop multiplied by). It also counts what expanding every path costs against backprop, which
multiplies once per edge: the lecture's point that backprop computes each partial derivative once.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from ..autodiff.engine import Run, unbroadcast
from ..autodiff.graph import Graph
from ..autodiff.notation import format_number, name_of, operand, partial
from ..autodiff.trace import BackwardStep
from ..text.i18n import tr

MAX_LISTED_PATHS = 200


@dataclass(frozen=True)
class PathTerm:
    nodes: tuple[str, ...]  # from the output down to the node: (out, …, node)
    symbols: str  # "∂a/∂h1 · ∂h1/∂z1 · ∂z1/∂w11"
    numbers: str  # "0.3 · 0.24 · 0.5"
    product: Any


@dataclass(frozen=True)
class ChainExpansion:
    node: str
    paths: tuple[PathTerm, ...]
    total: Any | None  # Σ of the listed products, summed to the node's shape; None if unavailable
    path_count: int  # every path, listed or not
    truncated: bool  # more paths than MAX_LISTED_PATHS
    naive_multiplications: int  # expanding every path of this node: Σ (factors − 1)
    backprop_multiplications: int  # one upstream × local per edge that leads from it to the output
    reason: str = ""  # why numbers are unavailable (a matrix op on a path)


@dataclass(frozen=True)
class CostSummary:
    """For every leaf at once: expanding all paths versus one backward pass."""

    naive_multiplications: int
    backprop_multiplications: int
    path_count: int


def _path_tables(graph: Graph) -> tuple[dict[str, int], dict[str, int]]:
    """Per node: how many paths reach the output, and the total number of edges on them."""
    out = graph.require_output()
    paths: dict[str, int] = {out: 1}
    lengths: dict[str, int] = {out: 0}
    for nid in reversed(graph.order()):
        if nid == out:
            continue
        p = n_edges = 0
        for edge in graph.consumers(nid):
            if edge.target in paths:
                p += paths[edge.target]
                n_edges += lengths[edge.target] + paths[edge.target]
        if p:
            paths[nid] = p
            lengths[nid] = n_edges
    return paths, lengths


def _edges_between(graph: Graph, node_id: str, paths: dict[str, int]) -> int:
    """Edges lying on some path from node_id to the output."""
    count, seen, stack = 0, {node_id}, [node_id]
    while stack:
        for edge in graph.consumers(stack.pop()):
            if edge.target in paths:
                count += 1
                if edge.target not in seen:
                    seen.add(edge.target)
                    stack.append(edge.target)
    return count


def cost_summary(graph: Graph) -> CostSummary:
    """Naive expansion for every non-literal leaf against backprop's one multiply per edge."""
    paths, lengths = _path_tables(graph)
    naive = total_paths = 0
    for leaf in graph.leaves():
        if leaf.id in paths and not leaf.literal:
            naive += lengths[leaf.id] - paths[leaf.id]
            total_paths += paths[leaf.id]
    relevant = set(paths)
    backprop = sum(1 for e in graph.edges() if e.target in relevant and not graph[e.source].literal)
    return CostSummary(naive, backprop, total_paths)


def expand(run: Run, node_id: str, max_paths: int = MAX_LISTED_PATHS) -> ChainExpansion:
    """Every path from ``node_id`` to the output, each a product of the trace's local derivatives."""
    graph = run.graph
    out = graph.require_output()
    paths, lengths = _path_tables(graph)
    if node_id not in paths:
        return ChainExpansion(
            node_id, (), None, 0, False, 0, 0, tr("the output does not depend on it")
        )
    local_of: dict[tuple[str, str, int], Any] = {}
    if run.trace is not None:
        for step in run.trace.steps:
            if isinstance(step, BackwardStep):
                local_of[(step.source, step.target, step.position)] = step.local
    seed = run.gradients[out]
    listed: list[PathTerm] = []
    reason = ""

    def walk(current: str, chain: list[tuple[str, str, int]]) -> None:
        nonlocal reason
        if len(listed) >= max_paths:
            return
        if current == out:
            listed.append(_term(graph, chain, local_of, seed))
            return
        for edge in graph.consumers(current):
            if edge.target in paths:
                walk(edge.target, [(edge.target, current, edge.position), *chain])
                if len(listed) >= max_paths:
                    return

    walk(node_id, [])
    total = None
    if any(t.product is None for t in listed):
        reason = tr("a matrix operation lies on a path; its local derivative is a Jacobian")
    elif len(listed) == paths[node_id]:
        with np.errstate(all="ignore"):  # huge products sum to inf, said as such, no warning
            acc = sum(np.asarray(t.product, dtype=float) for t in listed)
        total = unbroadcast(acc, np.shape(run.values[node_id]))
    return ChainExpansion(
        node=node_id,
        paths=tuple(listed),
        total=total,
        path_count=paths[node_id],
        truncated=len(listed) < paths[node_id],
        naive_multiplications=lengths[node_id] - paths[node_id],
        backprop_multiplications=_edges_between(graph, node_id, paths),
        reason=reason,
    )


def _term(
    graph: Graph,
    chain: list[tuple[str, str, int]],
    local_of: dict[tuple[str, str, int], Any],
    seed: Any,
) -> PathTerm:
    """One path's product; ``chain`` runs from the output's edge down to the node's."""
    symbols = [partial(graph, top, bottom) for top, bottom, _ in chain]
    factors = [local_of.get(key) for key in chain]
    nodes = tuple([chain[0][0], *[bottom for _, bottom, _ in chain]]) if chain else ()
    product: Any
    if any(f is None for f in factors):
        product = None
    else:
        product = np.asarray(seed, dtype=float)
        with np.errstate(all="ignore"):  # 1e200 · 1e200 is inf in the text, not a warning
            for f in factors:
                product = product * np.asarray(f, dtype=float)
        product = float(product) if product.ndim == 0 else product
    numbers = [operand(f) if f is not None else "J" for f in factors]
    seed_scalar = np.ndim(seed) == 0 and float(seed) == 1.0
    if not seed_scalar:
        out = name_of(graph, chain[0][0]) if chain else ""
        symbols.insert(0, f"∂L/∂{out}")
        numbers.insert(0, format_number(seed))
    return PathTerm(nodes, " · ".join(symbols), " · ".join(numbers), product)
