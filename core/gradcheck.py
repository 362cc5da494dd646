"""Backprop's gradients against central finite differences, leaf by leaf.

The check is what lets a student trust the numbers on screen: for every leaf it nudges the value
by ±h, re-evaluates the objective, and compares (L(x+h) − L(x−h)) / 2h with backprop's ∂L/∂x.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from core.engine import Run, evaluate, leaf_values, run
from core.graph import Graph

MAX_ELEMENTS_PER_LEAF = 50


@dataclass(frozen=True)
class GradRow:
    name: str  # "w1", or "X[0, 1]" for one element of an array leaf
    backprop: float
    numeric: float
    difference: float  # |backprop − numeric|
    relative: float  # difference / max(|backprop|, |numeric|), 0 when both are 0
    ok: bool


@dataclass(frozen=True)
class GradCheck:
    rows: tuple[GradRow, ...]
    objective: float
    step: float

    @property
    def ok(self) -> bool:
        return all(r.ok for r in self.rows)

    @property
    def worst(self) -> GradRow | None:
        return max(self.rows, key=lambda r: r.relative, default=None)


def check_gradients(
    graph: Graph,
    overrides: dict[str, Any] | None = None,
    *,
    step: float = 1e-6,
    rtol: float = 1e-5,
    atol: float = 1e-7,
    result: Run | None = None,
    training: bool = False,
) -> GradCheck:
    """Compare every non-literal leaf's gradient with a central difference of the objective."""
    result = result or run(graph, overrides, record=False, training=training)
    base = leaf_values(graph, overrides)
    scale = max(1.0, abs(result.objective))
    rows: list[GradRow] = []
    for leaf in graph.leaves():
        if leaf.literal:
            continue
        grad = result.gradients.get(leaf.id)
        value = base[leaf.id]
        if isinstance(value, float):
            numeric = _central(graph, base, leaf.id, None, step, training)
            rows.append(
                _row(leaf.display, 0.0 if grad is None else grad, numeric, rtol, atol * scale)
            )
            continue
        arr = np.asarray(value)
        g = np.zeros_like(arr) if grad is None else np.asarray(grad)
        for index in list(np.ndindex(arr.shape))[:MAX_ELEMENTS_PER_LEAF]:
            numeric = _central(graph, base, leaf.id, index, step, training)
            label = f"{leaf.display}[{', '.join(str(i) for i in index)}]"
            rows.append(_row(label, float(g[index]), numeric, rtol, atol * scale))
    return GradCheck(tuple(rows), result.objective, step)


def _central(
    graph: Graph,
    base: dict[str, Any],
    leaf_id: str,
    index: tuple[int, ...] | None,
    step: float,
    training: bool,
) -> float:
    value = base[leaf_id]
    x = float(value) if index is None else float(np.asarray(value)[index])
    h = step * max(1.0, abs(x))

    def at(v: float) -> float:
        if index is None:
            moved: Any = v
        else:
            moved = np.array(value, dtype=float)
            moved[index] = v
        return evaluate(graph, leaves={**base, leaf_id: moved}, training=training)

    return (at(x + h) - at(x - h)) / (2.0 * h)


def _row(name: str, backprop: float, numeric: float, rtol: float, atol: float) -> GradRow:
    backprop, numeric = float(backprop), float(numeric)
    diff = abs(backprop - numeric)
    denom = max(abs(backprop), abs(numeric))
    relative = 0.0 if denom == 0 else diff / denom
    ok = bool(np.isfinite(backprop) and np.isfinite(numeric) and diff <= atol + rtol * denom)
    return GradRow(name, backprop, numeric, diff, relative, ok)
