"""The record of one run: an immutable list of steps and the state a person sees after any prefix.

Steps are named tuples: immutable and cheap to make (a 10,000-node run records 30,000 of them).

Cursor convention: position ``k`` (0 ≤ k ≤ len(trace)) means "the first k steps have happened".
At 0 only the leaves' values are known; at ``len(trace)`` everything is. ``state_at(k)`` is the
one fold that the player, the exporters and the command line share, so they cannot disagree.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from typing import Any, Literal, NamedTuple

Value = Any  # a float or a NumPy array


class ForwardStep(NamedTuple):
    """An operation node receives its arguments' values and computes its own."""

    node: str
    args: tuple[str, ...]
    arg_values: tuple[Value, ...]
    value: Value
    finite: bool = True
    kind: Literal["forward"] = "forward"


class SeedStep(NamedTuple):
    """The backward pass starts: ∂L/∂L = 1 (or 1/n per sample when L averages n samples)."""

    node: str
    gradient: Value
    kind: Literal["seed"] = "seed"


class BackwardStep(NamedTuple):
    """Along one edge u → v: upstream ∂L/∂v × local ∂v/∂u = contribution, added into ∂L/∂u."""

    source: str  # v: the operation the gradient comes from
    target: str  # u: its argument, which receives the contribution
    position: int  # which argument of v u is
    upstream: Value
    local: Value | None  # None where the op only has a vector-Jacobian product
    contribution: Value
    before: Value | None  # ∂L/∂u before this edge; None for the first edge into u
    after: Value  # the running sum after this edge
    term: int  # 1-based index of this term among the edges into u
    terms: int  # how many edges carry gradient into u in all
    finite: bool = True
    kind: Literal["backward"] = "backward"


class UpdateStep(NamedTuple):
    """A parameter moves against its gradient: new = old − η · ∂Q/∂w. With momentum μ > 0 it
    moves along b = μ·b + ∂Q/∂w instead, and ``gradient`` holds that b."""

    node: str
    old: Value
    learning_rate: float
    gradient: Value
    new: Value
    momentum: float = 0.0
    kind: Literal["update"] = "update"


Step = ForwardStep | SeedStep | BackwardStep | UpdateStep


@dataclass(frozen=True)
class State:
    """Everything shown at one cursor position."""

    position: int
    values: dict[str, Value]  # nodes whose value is known
    gradients: dict[str, Value]  # nodes whose gradient has started to accumulate
    terms: dict[str, tuple[Value, ...]]  # contributions received so far, per node
    complete: frozenset[str]  # nodes whose gradient has received every term
    step: Step | None  # the step that brought us here (None at position 0)


class Trace:
    """An immutable sequence of steps with indexes for fast random access to state."""

    def __init__(self, steps: list[Step], leaf_values: dict[str, Value]) -> None:
        self.steps: tuple[Step, ...] = tuple(steps)
        self.leaf_values = dict(leaf_values)
        self.backward_start = next(
            (i for i, s in enumerate(self.steps) if isinstance(s, SeedStep)), len(self.steps)
        )
        self._indexed = False

    def _index(self) -> None:
        """Per-node positions of value and gradient changes, built on first random access."""
        if self._indexed:
            return
        self._value_at: dict[str, list[tuple[int, Value]]] = {}
        self._grad_at: dict[str, list[tuple[int, Value, int, int]]] = {}
        for i, step in enumerate(self.steps, start=1):
            if isinstance(step, ForwardStep):
                self._value_at.setdefault(step.node, []).append((i, step.value))
            elif isinstance(step, UpdateStep):
                self._value_at.setdefault(step.node, []).append((i, step.new))
            elif isinstance(step, SeedStep):
                self._grad_at.setdefault(step.node, []).append((i, step.gradient, 1, 1))
            elif isinstance(step, BackwardStep):
                self._grad_at.setdefault(step.target, []).append(
                    (i, step.after, step.term, step.terms)
                )
        self._value_keys = {k: [p for p, *_ in v] for k, v in self._value_at.items()}
        self._grad_keys = {k: [p for p, *_ in v] for k, v in self._grad_at.items()}
        self._indexed = True

    def __len__(self) -> int:
        return len(self.steps)

    def __getitem__(self, index: int) -> Step:
        return self.steps[index]

    @property
    def forward_count(self) -> int:
        return sum(1 for s in self.steps if isinstance(s, ForwardStep))

    def value_at(self, node: str, position: int) -> Value | None:
        """The node's value as shown after ``position`` steps, or None if not yet computed."""
        self._index()
        entries = self._value_at.get(node)
        base = self.leaf_values.get(node)
        if not entries:
            return base
        k = bisect.bisect_right(self._value_keys[node], position)
        return entries[k - 1][1] if k else base

    def gradient_at(self, node: str, position: int) -> tuple[Value | None, int, int]:
        """(running ∂L/∂node, terms received, terms expected) after ``position`` steps."""
        self._index()
        entries = self._grad_at.get(node)
        if not entries:
            return None, 0, 0
        k = bisect.bisect_right(self._grad_keys[node], position)
        if not k:
            return None, 0, entries[0][3]
        _, value, term, terms = entries[k - 1]
        return value, term, terms

    def terms_at(self, node: str, position: int) -> tuple[Value, ...]:
        """The contributions that have reached ``node`` after ``position`` steps, in order."""
        out = []
        for i in range(min(position, len(self.steps))):
            step = self.steps[i]
            if isinstance(step, BackwardStep) and step.target == node:
                out.append(step.contribution)
        return tuple(out)

    def nodes_touched(self, start: int, stop: int) -> set[str]:
        """Nodes whose shown state differs somewhere between two cursor positions."""
        lo, hi = sorted((start, stop))
        touched: set[str] = set()
        for step in self.steps[lo:hi]:
            if isinstance(step, BackwardStep):
                touched.add(step.target)
            else:
                touched.add(step.node)
        return touched

    def state_at(self, position: int) -> State:
        """The fold over the first ``position`` steps."""
        position = max(0, min(position, len(self.steps)))
        values = dict(self.leaf_values)
        gradients: dict[str, Value] = {}
        terms: dict[str, list[Value]] = {}
        complete: set[str] = set()
        for step in self.steps[:position]:
            if isinstance(step, ForwardStep):
                values[step.node] = step.value
            elif isinstance(step, UpdateStep):
                values[step.node] = step.new
            elif isinstance(step, SeedStep):
                gradients[step.node] = step.gradient
                complete.add(step.node)
            else:
                gradients[step.target] = step.after
                terms.setdefault(step.target, []).append(step.contribution)
                if step.term == step.terms:
                    complete.add(step.target)
        return State(
            position=position,
            values=values,
            gradients=gradients,
            terms={k: tuple(v) for k, v in terms.items()},
            complete=frozenset(complete),
            step=self.steps[position - 1] if position else None,
        )
