"""Data bound to a plan's input leaves, fed to it whole or by rows, and scored.

Training data arrive as a mapping from input names (or leaf ids) to arrays whose first axis runs
over the samples. ``bind_data`` resolves them to leaf ids of the plan and says in one sentence
what is wrong (a trained parameter given as data, a computed node, columns of different lengths);
``feed`` writes them, or some rows of them, into the plan's leaf slots. ``Evaluator`` measures the
loss and the accuracy at the plan's current parameters; ``detect_accuracy`` finds how to score
the classification losses.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..autodiff.graph import Graph, Role
from ..text.i18n import tr
from .layered import TrainingPlan
from .train_errors import TrainError

Value = Any


def _data_sets_parameter(key: str, what: str) -> str:
    """Whole sentences per data set (training, test, evaluation), so each translates as one."""
    name = repr(key)
    if what == "training":
        return tr("{name} is a trained parameter; it cannot also be training data", name=name)
    if what == "test":
        return tr("{name} is a trained parameter; it cannot also be test data", name=name)
    return tr("{name} is a trained parameter; it cannot also be evaluation data", name=name)


def _data_problem(what: str, problem: str, detail: str = "") -> str:
    """What is wrong with the training or the test data, as one sentence."""
    test = what == "test"
    if problem == "unbound":
        if test:
            return tr("the test data bind no input of the program to a column of samples")
        return tr("the training data bind no input of the program to a column of samples")
    if problem == "disagree":
        if test:
            return tr("the test data disagree on the number of samples ({detail})", detail=detail)
        return tr("the training data disagree on the number of samples ({detail})", detail=detail)
    if test:
        return tr("the test data have no samples")
    return tr("the training data have no samples")


def bind_data(plan: TrainingPlan, data: Mapping[str, Value], what: str) -> dict[str, Value]:
    """``data`` by leaf id of ``plan``, as arrays of the plan's dtype (scalars as float64);
    columns the program does not use are dropped. ``what``: training, test or evaluation."""
    graph = plan.graph
    out: dict[str, Value] = {}
    trained = set(plan.wrt)
    for key, value in data.items():
        nid = key if key in plan.slot else None
        if nid is None:
            node = graph.by_name(key)
            if node is None or node.id not in plan.slot:
                continue  # a column the program does not use
            nid = node.id
        if not graph[nid].is_leaf:
            raise TrainError(
                tr(
                    "{name} is computed by the program; data can only set leaves",
                    name=repr(key),
                )
            )
        if nid in trained:
            raise TrainError(_data_sets_parameter(key, what))
        arr = np.asarray(value, dtype=np.float64)
        out[nid] = np.float64(arr) if arr.ndim == 0 else arr.astype(plan.dtype, copy=False)
    return out


def count_samples(graph: Graph, data: Mapping[str, Value], what: str) -> int:
    """The number of samples all of ``data``'s columns agree on (scalars broadcast)."""
    lengths: dict[str, int] = {nid: v.shape[0] for nid, v in data.items() if type(v) is np.ndarray}
    if not lengths:
        raise TrainError(_data_problem(what, "unbound"))
    if len(set(lengths.values())) > 1:
        detail = ", ".join(f"{graph[k].display}: {n}" for k, n in lengths.items())
        raise TrainError(_data_problem(what, "disagree", detail))
    n = next(iter(lengths.values()))
    if n < 1:
        raise TrainError(_data_problem(what, "empty"))
    return n


def feed(plan: TrainingPlan, data: Mapping[str, Value], rows: np.ndarray | None = None) -> None:
    """Write ``data`` (or only ``rows`` of its columns) into the plan's leaves."""
    set_leaf = plan.set_leaf
    for nid, value in data.items():
        if rows is None or type(value) is not np.ndarray:
            set_leaf(nid, value)
        else:
            set_leaf(nid, value[rows])


@dataclass(frozen=True)
class Accuracy:
    """How to score predictions: threshold (sigmoid p ≥ 0.5, or logit ≥ 0) or row argmax."""

    pairs: tuple[tuple[str, str], ...]  # (prediction node, target leaf)
    kind: str = "threshold"  # or "argmax"
    threshold: float = 0.5


def detect_accuracy(graph: Graph) -> Accuracy | None:
    """Accuracy for the classification losses (bce, bce_logits, softmax_ce) fed by data."""
    found: dict[str, list[tuple[str, str]]] = {}
    for node in graph.nodes.values():
        if node.op in ("bce", "bce_logits", "softmax_ce"):
            target = graph[node.args[1]]
            if target.is_leaf and target.role == Role.INPUT:
                found.setdefault(node.op, []).append((node.args[0], target.id))
    if len(found) != 1:
        return None
    op, pairs = next(iter(found.items()))
    if op == "softmax_ce":
        return Accuracy(tuple(pairs), "argmax")
    return Accuracy(tuple(pairs), "threshold", 0.5 if op == "bce" else 0.0)


class Evaluator:
    """The loss and accuracy of ``plan`` at its current parameters."""

    def __init__(self, plan: TrainingPlan, accuracy: Accuracy | None) -> None:
        self.plan = plan
        self.accuracy = accuracy
        # the same pairs by the ids the plan answers for (a layered plan: its layer matrices)
        self._plan_pairs = plan.translate_pairs(accuracy.pairs) if accuracy is not None else ()

    def evaluate(self, data: Mapping[str, Value]) -> tuple[float, float]:
        """(loss, accuracy) on ``data`` in evaluation mode; ``data`` stays fed afterwards."""
        feed(self.plan, data)
        loss = self.plan.forward(training=False)
        correct, counted = self.score()
        return loss, (correct / counted if counted else math.nan)

    def score(self, values: Mapping[str, Value] | None = None) -> tuple[int, int]:
        """(correct, counted) predictions in the plan's last forward pass (or in ``values``)."""
        acc = self.accuracy
        if acc is None:
            return 0, 0
        get = self.plan.value if values is None else values.__getitem__
        pairs = self._plan_pairs if values is None else acc.pairs
        correct = counted = 0
        for pred_id, target_id in pairs:
            pred, target = np.asarray(get(pred_id)), np.asarray(get(target_id))
            if acc.kind == "argmax":
                hits = np.argmax(pred, axis=-1) == np.argmax(target, axis=-1)
            else:
                hits = (pred >= acc.threshold) == (target >= 0.5)
            correct += int(np.count_nonzero(hits))
            counted += hits.size
        return correct, counted
