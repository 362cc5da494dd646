"""Batch accumulation: each sample's gradient, their average, then the update (no Qt here).

When the inputs hold several samples (a column x₁ of 4 values, a matrix X with 4 rows), the
objective Q is the mean of the samples' losses, so ∂Q/∂w is the mean of the per-sample
gradients. This module runs the engine once per sample (the inputs cut down to that row) and
once on the whole batch, so a view can show the per-sample numbers, their mean, the engine's
batch gradient beside it, and core.training.train's gradient-descent step w − η·∂Q/∂w.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from core.autodiff.engine import Run, leaf_values, run
from core.autodiff.graph import Graph, Role
from core.teaching.gradcheck import run_leaf_values
from core.training.train import recorded_update

MAX_ROWS = 60  # parameter elements listed (a layer network's matrices can be large)


@dataclass(frozen=True)
class ParamRow:
    name: str  # "w11", or "W1[1, 2]" for one element of a matrix (counted from 1)
    value: float
    per_sample: tuple[float, ...]
    mean: float
    batch: float  # the engine's ∂Q/∂w on the whole batch
    new_value: float  # core.training.train.recorded_update: w − η·∂Q/∂w


@dataclass(frozen=True)
class BatchBreakdown:
    samples: int
    inputs: tuple[str, ...]  # the leaves cut per sample
    rows: tuple[ParamRow, ...]
    learning_rate: float
    relation: str  # "mean", "sum" or "other": how the batch gradient relates to the samples'
    truncated: bool


def sample_count(graph: Graph, leaves: dict[str, Any] | None = None) -> int:
    """How many samples the inputs hold: the common first dimension of the array inputs (1 when
    every input is a single number, or when the array inputs disagree). ``leaves`` (by id) are
    the values a run used, when they are not the program's own (a lab run's training data)."""
    sizes = {
        int(np.shape(value)[0]) for value in _array_inputs(graph, leaves).values() if np.ndim(value)
    }
    return sizes.pop() if len(sizes) == 1 else 1


def _array_inputs(graph: Graph, leaves: dict[str, Any] | None) -> dict[str, Any]:
    values = leaves or {}
    out = {}
    for leaf in graph.leaves():
        value = values.get(leaf.id, leaf.value)
        if leaf.role is Role.INPUT and not leaf.literal and np.ndim(value) >= 1:
            out[leaf.id] = value
    return out


def _sample_overrides(graph: Graph, index: int, leaves: dict[str, Any]) -> dict[str, Any]:
    return {
        nid: np.asarray(value, dtype=float)[index : index + 1]
        for nid, value in _array_inputs(graph, leaves).items()
    }


def _elements(name: str, value: Any) -> list[tuple[str, tuple[int, ...]]]:
    if np.ndim(value) == 0:
        return [(name, ())]
    return [
        (f"{name}[{', '.join(str(i + 1) for i in index)}]", index)
        for index in np.ndindex(np.shape(value))
    ]


def breakdown(
    graph: Graph, learning_rate: float = 0.1, result: Run | None = None
) -> BatchBreakdown:
    """Per-sample gradients of every trainable parameter, their mean and the batch update.

    With ``result`` everything is computed at that run's own leaf values (the weights and data
    on screen: a lab run's trained weights and training batch), never the program's numbers."""
    leaves = run_leaf_values(result) if result is not None else leaf_values(graph)
    if result is None or result.training:  # a training run's dropout masks do not split by
        result = run(graph, leaves, record=False)  # sample: all of it in evaluation mode
    whole = result
    samples = sample_count(graph, leaves)
    per_sample = [
        run(graph, {**leaves, **_sample_overrides(graph, i, leaves)}, record=False)
        for i in range(samples)
    ]
    _, new_values = recorded_update(graph, leaves, learning_rate)
    params = [leaf for leaf in graph.leaves() if leaf.role is Role.PARAM and not leaf.literal]
    rows: list[ParamRow] = []
    means, batches, sums = [], [], []
    truncated = False
    for leaf in params:
        if leaf.id not in whole.gradients:
            continue
        for label, index in _elements(leaf.display, leaves[leaf.id]):
            if len(rows) >= MAX_ROWS:
                truncated = True
                break
            grads = tuple(
                float(np.asarray(r.gradients.get(leaf.id, 0.0), dtype=float)[index])
                for r in per_sample
            )
            mean = float(np.mean(grads))
            batch = float(np.asarray(whole.gradients[leaf.id], dtype=float)[index])
            value = float(np.asarray(leaves[leaf.id], dtype=float)[index])
            new = float(np.asarray(new_values[leaf.id], dtype=float)[index])
            rows.append(ParamRow(label, value, grads, mean, batch, new))
            means.append(mean)
            batches.append(batch)
            sums.append(float(np.sum(grads)))
    if np.allclose(means, batches, rtol=1e-6, atol=1e-9):
        relation = "mean"
    elif np.allclose(sums, batches, rtol=1e-6, atol=1e-9):
        relation = "sum"
    else:
        relation = "other"
    inputs = tuple(_sample_overrides(graph, 0, leaves)) if samples > 1 else ()
    return BatchBreakdown(samples, inputs, tuple(rows), learning_rate, relation, truncated)
