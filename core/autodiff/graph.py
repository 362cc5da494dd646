"""The graph IR: leaves and operations with ordered argument edges and stable ids.

A node keeps its arguments as an ordered tuple of node ids, so ``x * x`` has two edges from
``x`` (positions 0 and 1) and nothing is merged. Order is deterministic: nodes are kept in
insertion order and sorted topologically with that order as the tie-break.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from enum import Enum
from typing import Any

import numpy as np

from . import ops
from .notation import format_number


class Role(str, Enum):
    """What a leaf is for: data fed in, a trainable weight, or a fixed number."""

    INPUT = "input"
    PARAM = "param"
    CONST = "const"


class GraphError(ValueError):
    """A graph that cannot be built or run; the message says which node and why."""


@dataclass(frozen=True)
class Node:
    id: str
    op: str | None = None  # None for a leaf
    args: tuple[str, ...] = ()
    role: Role | None = None  # leaves only
    value: Any = None  # leaves only: a float or an array
    params: dict[str, float] = field(default_factory=dict)
    name: str | None = None  # the program's variable name, if any
    label: str = ""  # what to print on the node when it has no name
    line: int | None = None  # where it came from in a program (1-based)
    column: int | None = None
    literal: bool = False  # an unnamed number written inside an expression
    group: str | None = None  # e.g. "layer 1": lets a view fold neurons into their layer

    @property
    def is_leaf(self) -> bool:
        return self.op is None

    @property
    def display(self) -> str:
        return self.name or self.label or self.id

    @property
    def operation(self) -> ops.Op:
        """The op an op node applies (a leaf has none: GraphError, not a KeyError on None)."""
        if self.op is None:
            raise GraphError(f"{self.id!r} is a leaf: it applies no op")
        return ops.REGISTRY[self.op]

    def with_value(self, value: Any) -> Node:
        return replace(self, value=value)


@dataclass(frozen=True)
class Edge:
    source: str  # the argument
    target: str  # the operation that consumes it
    position: int


class Graph:
    """An ordered collection of nodes with one output. Mutated only while being built."""

    def __init__(self) -> None:
        self.nodes: dict[str, Node] = {}
        self.output: str | None = None
        self._order: list[str] | None = None
        self._consumers: dict[str, list[Edge]] | None = None

    # ------------------------------------------------------------------ building
    def _add(self, node: Node) -> Node:
        if node.id in self.nodes:
            raise GraphError(f"node id {node.id!r} is used twice")
        self.nodes[node.id] = node
        self._order = None
        self._consumers = None
        return node

    def new_id(self, stem: str = "_") -> str:
        k = len(self.nodes) + 1
        while f"{stem}{k}" in self.nodes:
            k += 1
        return f"{stem}{k}"

    def add_leaf(
        self,
        node_id: str,
        value: Any,
        role: Role = Role.PARAM,
        *,
        name: str | None = None,
        label: str = "",
        line: int | None = None,
        column: int | None = None,
        literal: bool = False,
        group: str | None = None,
    ) -> Node:
        return self._add(
            Node(
                id=node_id,
                role=Role(role),
                value=as_value(value),
                name=name,
                label=label or (name or node_id),
                line=line,
                column=column,
                literal=literal,
                group=group,
            )
        )

    def add_op(
        self,
        op_name: str,
        args: tuple[str, ...] | list[str],
        *,
        node_id: str | None = None,
        params: dict[str, float] | None = None,
        name: str | None = None,
        label: str = "",
        line: int | None = None,
        column: int | None = None,
        group: str | None = None,
    ) -> Node:
        if op_name not in ops.REGISTRY:
            raise GraphError(f"unknown operation {op_name!r}")
        op = ops.REGISTRY[op_name]
        args = tuple(args)
        if len(args) != op.arity:
            raise GraphError(f"{op_name} takes {op.arity} argument(s), got {len(args)}")
        for a in args:
            if a not in self.nodes:
                raise GraphError(f"{op_name} refers to unknown node {a!r}")
        unknown = set(params or {}) - set(op.params)
        if unknown:
            raise GraphError(f"{op_name} has no parameter {sorted(unknown)[0]!r}")
        return self._add(
            Node(
                id=node_id or self.new_id(),
                op=op_name,
                args=args,
                params={**op.params, **(params or {})},
                name=name,
                label=label,
                line=line,
                column=column,
                group=group,
            )
        )

    def rename(self, node_id: str, name: str) -> None:
        """Give an existing node a display name (a program's assignment target)."""
        self.nodes[node_id] = replace(self.nodes[node_id], name=name)

    def require_output(self) -> str:
        """The output's id, for code that needs one (a graph being built may have none yet)."""
        if self.output is None:
            raise GraphError("the graph has no output")
        return self.output

    def set_output(self, node_id: str) -> None:
        if node_id not in self.nodes:
            raise GraphError(f"output {node_id!r} is not a node")
        self.output = node_id

    def set_value(self, node_id: str, value: Any) -> None:
        node = self.nodes[node_id]
        if not node.is_leaf:
            raise GraphError(f"{node.display!r} is computed, not a leaf; its value cannot be set")
        self.nodes[node_id] = node.with_value(as_value(value))

    def copy(self) -> Graph:
        g = Graph()
        g.nodes = dict(self.nodes)
        g.output = self.output
        return g

    # ------------------------------------------------------------------ reading
    def structure_key(self) -> tuple[Any, ...]:
        """Everything but the numbers: node ids in order, each node's op, argument edges, role,
        literal flag and op parameters, and the output. Two graphs with the same key differ only
        in leaf values, so a view can keep its items and a player its position."""
        return (
            self.output,
            tuple(
                (
                    nid,
                    node.op,
                    node.args,
                    node.role,
                    node.literal,
                    tuple(sorted(node.params.items())),
                )
                for nid, node in self.nodes.items()
            ),
        )

    def same_structure(self, other: Graph) -> bool:
        """Only leaf values differ between the two graphs (see ``structure_key``)."""
        return self.structure_key() == other.structure_key()

    def __len__(self) -> int:
        return len(self.nodes)

    def __contains__(self, node_id: object) -> bool:
        return node_id in self.nodes

    def __getitem__(self, node_id: str) -> Node:
        return self.nodes[node_id]

    def edges(self) -> Iterator[Edge]:
        for node in self.nodes.values():
            for pos, src in enumerate(node.args):
                yield Edge(src, node.id, pos)

    def leaves(self) -> list[Node]:
        return [n for n in self.nodes.values() if n.is_leaf]

    def by_name(self, name: str) -> Node | None:
        """The node a person calls ``name``: its variable name, else its id."""
        for node in self.nodes.values():
            if node.name == name:
                return node
        return self.nodes.get(name)

    def consumers(self, node_id: str) -> list[Edge]:
        if self._consumers is None:
            table: dict[str, list[Edge]] = {nid: [] for nid in self.nodes}
            for e in self.edges():
                table[e.source].append(e)
            self._consumers = table
        return self._consumers[node_id]

    def order(self) -> list[str]:
        """Deterministic topological order (insertion order breaks ties)."""
        if self._order is None:
            rank = {nid: i for i, nid in enumerate(self.nodes)}
            if all(rank[a] < rank[n.id] for n in self.nodes.values() for a in n.args):
                self._order = list(self.nodes)
            else:
                import networkx as nx  # only for graphs not built in order (saves start-up time)

                try:
                    self._order = list(
                        nx.lexicographical_topological_sort(
                            self.to_networkx(), key=rank.__getitem__
                        )
                    )
                except nx.NetworkXUnfeasible as exc:
                    raise GraphError("the graph has a cycle") from exc
        return self._order

    def to_networkx(self) -> Any:
        """A networkx MultiDiGraph (parallel edges kept, keyed by argument position)."""
        import networkx as nx

        g = nx.MultiDiGraph()
        for node in self.nodes.values():
            g.add_node(node.id, leaf=node.is_leaf)
        for e in self.edges():
            g.add_edge(e.source, e.target, key=e.position)
        return g

    def ancestors(self, node_id: str) -> set[str]:
        seen: set[str] = set()
        stack = [node_id]
        while stack:
            for a in self.nodes[stack.pop()].args:
                if a not in seen:
                    seen.add(a)
                    stack.append(a)
        return seen

    def formula(self, node_id: str) -> str:
        """The node's op written with its arguments' display names, e.g. ``σ(w1 · x1)``."""
        node = self.nodes[node_id]
        if node.is_leaf:
            return node.display
        op = node.operation
        texts = [self._arg_text(a) for a in node.args]
        return op.render(*texts, **node.params)

    def _arg_text(self, node_id: str) -> str:
        node = self.nodes[node_id]
        if node.literal:
            return format_number(node.value)
        return node.display


def as_value(value: Any) -> Any:
    """Scalars are NumPy float64 (fast, a float subclass, and 1/0 gives inf rather than raising);
    everything else is a float array."""
    if isinstance(value, (int, float, np.floating, np.integer)) and not isinstance(value, bool):
        return np.float64(value)
    arr = np.asarray(value, dtype=float)
    if arr.ndim == 0:
        return np.float64(arr)
    return arr
