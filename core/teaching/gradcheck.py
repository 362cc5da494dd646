"""Backprop's gradients against central finite differences, leaf by leaf.

The check is what lets a student trust the numbers on screen: for every leaf it nudges the value
by ±h, re-evaluates the objective, and compares (L(x+h) − L(x−h)) / 2h with backprop's ∂L/∂x.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from ..autodiff.engine import Run, evaluate, leaf_values, run
from ..autodiff.graph import Graph

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
    dropout_seed: int = 0,
) -> GradCheck:
    """Compare every non-literal leaf's gradient with a central difference of the objective.

    With ``result`` the check is made where that run was computed: its own leaf values (a lab
    run's are its training data and trained weights, not the program's numbers), so its
    gradients and the nudged values always have the same shapes, in the run's own mode
    (a training run's dropout masks are drawn again with its seed)."""
    if result is None:
        result = run(graph, overrides, record=False, training=training, dropout_seed=dropout_seed)
        base = leaf_values(graph, overrides)
    else:
        base = run_leaf_values(result, overrides)
        training, dropout_seed = result.training, result.dropout_seed
    scale = max(1.0, abs(result.objective))
    rows: list[GradRow] = []
    for leaf in graph.leaves():
        if leaf.literal:
            continue
        grad = result.gradients.get(leaf.id)
        value = base[leaf.id]
        if isinstance(value, float):
            numeric = _central(graph, base, leaf.id, None, step, training, dropout_seed)
            rows.append(
                _row(leaf.display, 0.0 if grad is None else grad, numeric, rtol, atol * scale)
            )
            continue
        arr = np.asarray(value)
        g = np.zeros_like(arr) if grad is None else np.asarray(grad)
        for index in list(np.ndindex(arr.shape))[:MAX_ELEMENTS_PER_LEAF]:
            numeric = _central(graph, base, leaf.id, index, step, training, dropout_seed)
            label = f"{leaf.display}[{', '.join(str(i) for i in index)}]"
            rows.append(_row(label, float(g[index]), numeric, rtol, atol * scale))
    return GradCheck(tuple(rows), result.objective, step)


def run_leaf_values(result: Run, overrides: dict[str, Any] | None = None) -> dict[str, Any]:
    """The leaf values ``result`` was computed with, by leaf id (the program's own numbers, then
    ``overrides``, then what the run itself holds, which wins)."""
    base = leaf_values(result.graph, overrides)
    for nid in base:
        if nid in result.values:
            base[nid] = result.values[nid]
    return base


def _central(
    graph: Graph,
    base: dict[str, Any],
    leaf_id: str,
    index: tuple[int, ...] | None,
    step: float,
    training: bool,
    dropout_seed: int = 0,
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
        return evaluate(
            graph, leaves={**base, leaf_id: moved}, training=training, dropout_seed=dropout_seed
        )

    return (at(x + h) - at(x - h)) / (2.0 * h)


def _row(name: str, backprop: float, numeric: float, rtol: float, atol: float) -> GradRow:
    backprop, numeric = float(backprop), float(numeric)
    diff = abs(backprop - numeric)
    denom = max(abs(backprop), abs(numeric))
    relative = 0.0 if denom == 0 else diff / denom
    ok = bool(np.isfinite(backprop) and np.isfinite(numeric) and diff <= atol + rtol * denom)
    return GradRow(name, backprop, numeric, diff, relative, ok)
