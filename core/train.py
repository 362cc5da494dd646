"""Gradient descent with the lecture's stopping rules, pausable, on the compiled plan.

One update is w^t = w^{t−1} − η ∇Q(w^{t−1}) (with momentum μ: b ← μ b + ∇Q, w ← w − η b, the
form PyTorch uses). An epoch is one pass over the training samples: one update in full batch,
one per mini-batch otherwise (the samples shuffled by a seeded generator each epoch).

What one row of the history means (epoch t takes w^{t−1} to w^t):
- ``train_loss``: the mean loss over the epoch's batches, each measured before its update (in
  full batch Q(w^{t−1})); ``train_accuracy`` likewise, for classification losses;
- ``test_loss`` / ``test_accuracy``: on the held-out samples at w^t;
- ``grad_norm``: ‖∇Q(w^{t−1})‖ in full batch; with mini-batches the norm of the epoch's
  batch gradients averaged by sample count;
- ``step_norm``: ‖w^t − w^{t−1}‖ over all trained parameters.

Stopping rules (each optional, checked after every epoch in the order given; ``max_epochs``
always applies): ``weights`` when step_norm < ε, ``gradient`` when grad_norm < ε, ``early`` when
test_loss has not improved for ``patience`` epochs (then the best parameters are restored).
A loss or gradient that is not finite stops the run as ``diverged`` and keeps the last
parameters whose loss was finite.

State never changes in place: every update makes new arrays, so keeping the previous or best
parameters costs a reference, and ``snapshot()`` / ``restore()`` pause and resume exactly.
"""

from __future__ import annotations

import math
import time
from array import array
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from core import engine
from core.graph import Graph, Role
from core.i18n import count, tr
from core.plan import Plan, resolve_dtype
from core.trace import Trace, UpdateStep

Value = Any
STOP_RULES = ("weights", "gradient", "early")
DEFAULT_THRESHOLDS = {"weights": 1e-6, "gradient": 1e-6, "early": 20}


class TrainError(ValueError):
    """Training that cannot start or continue; the message says why."""


def _unknown_rule(name: str) -> str:
    return tr(
        "unknown stopping rule {rule}; choose from {rules}",
        rule=repr(name),
        rules=", ".join(STOP_RULES),
    )


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


# ---------------------------------------------------------------------------- configuration


@dataclass(frozen=True)
class StopRule:
    """``weights``/``gradient`` with ε as threshold, or ``early`` with the patience in epochs."""

    name: str
    threshold: float

    @classmethod
    def parse(cls, text: str) -> StopRule:
        """``weights``, ``gradient=1e-4``, ``early=10`` (the command line's spelling)."""
        name, sep, value = text.partition("=")
        name = name.strip()
        if name not in STOP_RULES:
            raise TrainError(_unknown_rule(name))
        if not sep:
            return cls(name, DEFAULT_THRESHOLDS[name])
        try:
            threshold = float(value)
        except ValueError:
            raise TrainError(
                tr(
                    "stopping rule {rule}: {value} is not a number",
                    rule=repr(text),
                    value=repr(value),
                )
            ) from None
        return cls(name, threshold)

    def validate(self) -> None:
        if self.name not in STOP_RULES:
            raise TrainError(_unknown_rule(self.name))
        if self.name == "early":
            if self.threshold != int(self.threshold) or self.threshold < 1:
                raise TrainError(
                    tr("early stopping needs a whole patience ≥ 1, got {got}", got=self.threshold)
                )
        elif not (math.isfinite(self.threshold) and self.threshold > 0):
            raise TrainError(
                tr(
                    "{rule}: ε must be a positive number, got {got}",
                    rule=self.name,
                    got=self.threshold,
                )
            )


@dataclass(frozen=True)
class TrainConfig:
    learning_rate: float = 0.1
    max_epochs: int = 1000
    batch_size: int | None = None  # None (or ≥ the samples): full batch
    momentum: float = 0.0
    stop: tuple[StopRule, ...] = ()
    shuffle: bool = True
    seed: int = 0  # for the mini-batch shuffle
    dtype: str = "float64"
    min_delta: float = 0.0  # early stopping: how much lower counts as an improvement
    restore_best: bool = True  # early stopping returns the best parameters

    def __post_init__(self) -> None:
        rules = tuple(StopRule.parse(r) if isinstance(r, str) else r for r in self.stop)
        object.__setattr__(self, "stop", rules)

    def validate(self) -> None:
        if not (math.isfinite(self.learning_rate) and self.learning_rate > 0):
            raise TrainError(
                tr(
                    "the learning rate must be a positive number, got {got}",
                    got=self.learning_rate,
                )
            )
        if not isinstance(self.max_epochs, int) or self.max_epochs < 1:
            raise TrainError(
                tr("max_epochs must be a whole number ≥ 1, got {got}", got=repr(self.max_epochs))
            )
        if self.batch_size is not None and (
            not isinstance(self.batch_size, int) or self.batch_size < 1
        ):
            raise TrainError(
                tr(
                    "the batch size must be a whole number ≥ 1, got {got}",
                    got=repr(self.batch_size),
                )
            )
        if not (0.0 <= self.momentum < 1.0):
            raise TrainError(
                tr("momentum must be at least 0 and below 1, got {got}", got=self.momentum)
            )
        resolve_dtype(self.dtype)
        names = [r.name for r in self.stop]
        for rule in self.stop:
            rule.validate()
            if names.count(rule.name) > 1:
                raise TrainError(tr("stopping rule {rule} is given twice", rule=repr(rule.name)))


# ---------------------------------------------------------------------------- records


@dataclass(frozen=True)
class EpochRecord:
    epoch: int
    train_loss: float
    test_loss: float  # NaN without held-out data
    train_accuracy: float  # NaN unless the loss is a classification loss
    test_accuracy: float
    grad_norm: float
    step_norm: float


HISTORY_FIELDS = (
    "train_loss",
    "test_loss",
    "train_accuracy",
    "test_accuracy",
    "grad_norm",
    "step_norm",
)


class History:
    """One row per epoch, stored as packed doubles (8 bytes a number) so long runs stay small."""

    def __init__(self, columns: Mapping[str, Sequence[float]] | None = None) -> None:
        self._columns = {f: array("d", (columns or {}).get(f, ())) for f in HISTORY_FIELDS}

    def append(self, record: EpochRecord) -> None:
        for name, column in self._columns.items():
            column.append(getattr(record, name))

    def __len__(self) -> int:
        return len(self._columns["train_loss"])

    def column(self, name: str) -> np.ndarray:
        """A copy of one field over all epochs (index 0 is epoch 1)."""
        return np.array(self._columns[name], dtype=float)

    def row(self, index: int) -> EpochRecord:
        if index < 0:
            index += len(self)
        values = {name: col[index] for name, col in self._columns.items()}
        return EpochRecord(epoch=index + 1, **values)

    def last(self) -> EpochRecord | None:
        return self.row(-1) if len(self) else None

    def to_dict(self) -> dict[str, list[float]]:
        return {name: list(col) for name, col in self._columns.items()}

    def copy(self) -> History:
        return History({name: col for name, col in self._columns.items()})


@dataclass(frozen=True)
class TrainResult:
    stop_reason: str  # "weights" | "gradient" | "early" | "max_epochs" | "diverged"
    epoch: int  # the epoch after which training stopped
    message: str
    train_loss: float  # at the returned parameters, over all training samples
    test_loss: float
    train_accuracy: float
    test_accuracy: float
    parameters: dict[str, Value]  # by leaf id
    best_epoch: int | None = None  # early stopping: the epoch whose parameters are returned


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


@dataclass(frozen=True)
class TrainerState:
    """Everything needed to continue exactly where a trainer was (see ``Trainer.restore``)."""

    epoch: int
    params: np.ndarray  # every trained parameter, flattened in ``param_ids`` order
    previous: np.ndarray
    velocity: np.ndarray | None
    rng_state: dict[str, Any]
    history: dict[str, list[float]]
    best: tuple[float, int, np.ndarray]  # early stopping: (test loss, epoch, parameters)
    result: TrainResult | None
    seconds: float
    param_ids: tuple[str, ...] = ()
    updates: int = 0


# ---------------------------------------------------------------------------- the trainer


def _copy(v: Value) -> Value:
    return v.copy() if type(v) is np.ndarray else v


class _Layout:
    """All trained parameters as one flat vector, and back: one update, one norm, no loop.

    Scattered values are views into the vector (arrays) or NumPy float64 (scalars, as the engine
    keeps them). Vectors are never written in place, so a reference is a snapshot."""

    def __init__(self, values: Sequence[Value], dtype: type) -> None:
        self.dtype = dtype
        self.shapes = [np.shape(v) for v in values]
        self.sizes = [int(np.prod(s)) if s else 1 for s in self.shapes]
        self.offsets = np.cumsum([0, *self.sizes]).tolist()
        self.arrays = all(type(v) is np.ndarray for v in values)
        self.scalars = not any(type(v) is np.ndarray for v in values)

    def gather(self, values: Sequence[Value]) -> np.ndarray:
        if self.arrays:
            return np.concatenate([v.ravel() for v in values], dtype=self.dtype)
        if self.scalars:
            return np.array(values, dtype=self.dtype)
        return np.concatenate([np.ravel(v) for v in values], dtype=self.dtype)

    def scatter(self, flat: np.ndarray) -> list[Value]:
        if self.scalars:
            return list(flat if flat.dtype == np.float64 else flat.astype(np.float64))
        out: list[Value] = []
        for shape, start, stop in zip(self.shapes, self.offsets, self.offsets[1:], strict=False):
            out.append(flat[start:stop].reshape(shape) if shape else np.float64(flat[start]))
        return out


def _sq(flat: np.ndarray) -> float:
    """‖v‖². Long vectors avoid BLAS: its threaded dot can wait milliseconds for a busy core."""
    if flat.size <= 4096:
        return float(np.dot(flat, flat))
    return float(np.einsum("i,i->", flat, flat))


class Trainer:
    """Trains the PARAM leaves of ``graph`` on data bound to its input leaves.

    ``train`` and ``test`` map input names (or ids) to arrays whose first axis runs over the
    samples (vectors for neuron-level graphs and programs, X and Y matrices for layer ones).
    ``step_epoch()`` runs one epoch; ``run(max_epochs, should_stop)`` runs until a stopping rule
    fires, ``max_epochs`` more epochs have run, or ``should_stop()`` says so (a GUI time-slices
    with it); ``result`` is set once a rule has fired.
    """

    def __init__(
        self,
        graph: Graph,
        train: Mapping[str, Value],
        test: Mapping[str, Value] | None = None,
        config: TrainConfig | None = None,
        *,
        accuracy: Accuracy | None | str = "auto",
    ) -> None:
        self.graph = graph
        self.config = config or TrainConfig()
        self.config.validate()
        self.plan = Plan(graph, dtype=self.config.dtype)
        self.param_ids: list[str] = list(self.plan.wrt)
        if not self.param_ids:
            raise TrainError(
                tr(
                    "nothing to train: the output depends on no parameter "
                    "(declare one in a program with e.g. `w: param = 0.1`)"
                )
            )
        dtype = self.plan.dtype
        self._train = self._resolve(train, "training", dtype)
        self.samples = self._count(self._train, "training")
        self._test = self._resolve(test, "test", dtype) if test else None
        self.test_samples = self._count(self._test, "test") if self._test else 0
        if any(r.name == "early" for r in self.config.stop) and self._test is None:
            raise TrainError(
                tr("early stopping needs held-out data: hold out a share of the samples")
            )
        self.accuracy = detect_accuracy(graph) if accuracy == "auto" else accuracy
        batch = self.config.batch_size
        self.full_batch = batch is None or batch >= self.samples
        self._training_mode = any(n.op == "dropout" for n in graph.nodes.values())
        self._set_inputs(self._train)
        self._slots = [self.plan.slot[pid] for pid in self.param_ids]
        self._layout = _Layout([self.plan.leaf(pid) for pid in self.param_ids], dtype)
        self._w = self._layout.gather([self.plan.leaf(pid) for pid in self.param_ids])
        self._set_flat(self._w)
        self._previous = self._w  # the last parameters whose loss was finite
        self._velocity: np.ndarray | None = None
        self._rng = np.random.default_rng(self.config.seed)
        self._best: tuple[float, int, np.ndarray] = (math.inf, 0, self._w)
        self.epoch = 0
        self.history = History()
        self.result: TrainResult | None = None
        self.seconds = 0.0  # time spent inside step_epoch (the training loop only)
        self.updates = 0  # parameter updates applied so far
        self.last_trace: Trace | None = None
        self._predictors: dict[str, Plan] = {}

    @classmethod
    def from_tables(
        cls,
        graph_or_network: Any,
        train: Any,
        test: Any = None,
        config: TrainConfig | None = None,
    ) -> Trainer:
        """A trainer for a Graph (columns feed the input leaves of the same names) or a
        ``core.nn.Network`` (x1..xn and y columns become X and Y at layer granularity), with
        ``core.data.Table`` training and optional test data."""
        from core.data import bind

        if isinstance(graph_or_network, Graph):
            graph = graph_or_network

            def binder(table):
                return bind(graph, table)
        else:
            from core.nn import bind_columns

            graph = graph_or_network.graph

            def binder(table):
                try:
                    return bind_columns(graph_or_network, table.columns)
                except KeyError as exc:
                    raise TrainError(f"{table.source}: {exc.args[0]}") from exc

        return cls(graph, binder(train), binder(test) if test is not None else None, config)

    # ------------------------------------------------------------------ data
    def _resolve(self, data: Mapping[str, Value], what: str, dtype: type) -> dict[str, Value]:
        out: dict[str, Value] = {}
        trained = set(self.plan.wrt)
        for key, value in data.items():
            nid = key if key in self.plan.slot else None
            if nid is None:
                node = self.graph.by_name(key)
                if node is None or node.id not in self.plan.slot:
                    continue  # a column the program does not use
                nid = node.id
            if not self.graph[nid].is_leaf:
                raise TrainError(
                    tr(
                        "{name} is computed by the program; data can only set leaves",
                        name=repr(key),
                    )
                )
            if nid in trained:
                raise TrainError(_data_sets_parameter(key, what))
            arr = np.asarray(value, dtype=np.float64)
            out[nid] = np.float64(arr) if arr.ndim == 0 else arr.astype(dtype, copy=False)
        return out

    def _count(self, data: dict[str, Value], what: str) -> int:
        lengths = {nid: v.shape[0] for nid, v in data.items() if type(v) is np.ndarray}
        if not lengths:
            raise TrainError(_data_problem(what, "unbound"))
        if len(set(lengths.values())) > 1:
            detail = ", ".join(f"{self.graph[k].display}: {n}" for k, n in lengths.items())
            raise TrainError(_data_problem(what, "disagree", detail))
        n = next(iter(lengths.values()))
        if n < 1:
            raise TrainError(_data_problem(what, "empty"))
        return n

    def _set_inputs(self, data: dict[str, Value], rows: np.ndarray | None = None) -> None:
        set_leaf = self.plan.set_leaf
        for nid, value in data.items():
            if rows is None or type(value) is not np.ndarray:
                set_leaf(nid, value)
            else:
                set_leaf(nid, value[rows])

    def _set_flat(self, flat: np.ndarray) -> None:
        """Make ``flat`` the current parameters, in the trainer and in the plan's leaf slots."""
        self._w = flat
        self._params = self._layout.scatter(flat)
        values = self.plan.values
        for slot, value in zip(self._slots, self._params, strict=True):
            values[slot] = value

    # ------------------------------------------------------------------ reading
    @property
    def finished(self) -> bool:
        return self.result is not None

    def parameters(self) -> dict[str, Value]:
        """The current parameter values by leaf id (copies)."""
        return {nid: _copy(v) for nid, v in zip(self.param_ids, self._params, strict=True)}

    def trained_graph(self) -> Graph:
        """A copy of the graph whose parameter leaves hold the current values."""
        g = self.graph.copy()
        for nid, value in zip(self.param_ids, self._params, strict=True):
            g.set_value(nid, np.asarray(value, dtype=float))
        return g

    def predict(self, inputs: Mapping[str, Value], node: str | None = None) -> Value:
        """The value of ``node`` (default: the prediction the accuracy is scored on) for
        ``inputs`` at the current parameters, in evaluation mode; targets are not needed (a
        decision boundary is drawn from a grid of inputs this way)."""
        if node is None:
            if self.accuracy is None:
                raise TrainError(tr("name the node to predict: this loss has no prediction node"))
            node = self.accuracy.pairs[0][0]
        target = self.graph.by_name(node)
        if target is None:
            raise TrainError(tr("there is no node named {name}", name=repr(node)))
        plan = self._predictors.get(target.id)
        if plan is None:
            probe = self.graph.copy()
            probe.set_output(target.id)
            plan = Plan(probe, dtype=self.plan.dtype, wrt=[])
            self._predictors[target.id] = plan
        for nid, value in zip(self.param_ids, self._params, strict=True):
            if nid in plan.slot:
                plan.set_leaf(nid, value)
        for key, value in inputs.items():
            node_ = self.graph.by_name(key)
            if node_ is not None and node_.id in plan.slot:
                plan.set_leaf(node_.id, value)
        plan.forward(training=False)
        return _copy(plan.value(target.id))

    def evaluate(self, data: Mapping[str, Value] | None = None) -> tuple[float, float]:
        """(loss, accuracy) at the current parameters on ``data`` (default: the training set)."""
        resolved = (
            self._train if data is None else self._resolve(data, "evaluation", self.plan.dtype)
        )
        result = self._evaluate(resolved)
        self._set_inputs(self._train)
        return result

    def _evaluate(self, data: dict[str, Value]) -> tuple[float, float]:
        self._set_inputs(data)
        loss = self.plan.forward(training=False)
        correct, counted = self._score()
        return loss, (correct / counted if counted else math.nan)

    def _score(self, values: Mapping[str, Value] | None = None) -> tuple[int, int]:
        acc = self.accuracy
        if acc is None:
            return 0, 0
        get = self.plan.value if values is None else values.__getitem__
        correct = counted = 0
        for pred_id, target_id in acc.pairs:
            pred, target = np.asarray(get(pred_id)), np.asarray(get(target_id))
            if acc.kind == "argmax":
                hits = np.argmax(pred, axis=-1) == np.argmax(target, axis=-1)
            else:
                hits = (pred >= acc.threshold) == (target >= 0.5)
            correct += int(np.count_nonzero(hits))
            counted += hits.size
        return correct, counted

    # ------------------------------------------------------------------ training
    def run(
        self,
        max_epochs: int | None = None,
        should_stop: Callable[[], bool] | None = None,
    ) -> TrainResult | None:
        """Epochs until a rule fires (returns the result), or pause after ``max_epochs`` more
        epochs or when ``should_stop()`` is true (returns None; call ``run`` again to go on)."""
        done = 0
        while self.result is None:
            if max_epochs is not None and done >= max_epochs:
                break
            if should_stop is not None and should_stop():
                break
            self.step_epoch()
            done += 1
        return self.result

    def step_epoch(self, record: bool = False) -> EpochRecord:
        """One epoch. With ``record`` each update goes through the step-recording engine (same
        numbers) and ``last_trace`` holds the last one: forward, backward and UpdateSteps."""
        if self.result is not None:
            raise TrainError(tr("training has finished ({reason})", reason=self.result.message))
        with np.errstate(all="ignore"):  # overflow is caught below and reported as divergence
            return self._epoch(record)

    def _epoch(self, record: bool) -> EpochRecord:
        started = time.perf_counter()
        epoch = self.epoch + 1
        start = self._w
        n = self.samples
        if self.full_batch:
            batches: list[np.ndarray | None] = [None]
        else:
            order = self._rng.permutation(n) if self.config.shuffle else np.arange(n)
            size = self.config.batch_size
            assert size is not None
            batches = [order[k : k + size] for k in range(0, n, size)]
        loss_sum = 0.0
        correct = counted = 0
        grad_sum: np.ndarray | None = None
        grad_sq = 0.0
        failure: tuple[str, float] | None = None
        for b, rows in enumerate(batches):
            if rows is not None:
                self._set_inputs(self._train, rows)
            seed = epoch * 100_003 + b
            if record:
                loss, grads, values = self._engine_step(seed)
            else:
                loss = self.plan.forward(training=self._training_mode, dropout_seed=seed)
                grads = self.plan.backward()
                values = None
            if not math.isfinite(loss):
                failure = ("loss", loss)
                self._set_flat(self._previous)
                break
            g = self._layout.gather(grads)
            grad_sq = _sq(g)
            if not math.isfinite(grad_sq):
                failure = ("gradient", grad_sq)
                break
            size_b = n if rows is None else len(rows)
            loss_sum += loss * size_b
            c, k = self._score(values)
            correct += c
            counted += k
            if len(batches) > 1:
                grad_sum = g * size_b if grad_sum is None else grad_sum + g * size_b
            self._apply_update(g, record)
        if failure is not None:
            self._set_inputs(self._train)
            self.epoch = epoch
            self._finish_diverged(epoch, *failure)
            self.seconds += time.perf_counter() - started
            loss_value = failure[1] if failure[0] == "loss" else math.nan
            grad_value = failure[1] if failure[0] == "gradient" else math.nan
            nan = math.nan
            return self._record_epoch(epoch, loss_value, nan, nan, nan, grad_value, nan)
        if grad_sum is not None:
            grad_sq = _sq(grad_sum / n)
        step_sq = _sq(self._w - start)
        test_loss = test_acc = math.nan
        if self._test is not None:
            test_loss, test_acc = self._evaluate(self._test)
            if self.full_batch:
                self._set_inputs(self._train)
        self.epoch = epoch
        record_ = self._record_epoch(
            epoch,
            loss_sum / n,
            test_loss,
            correct / counted if counted else math.nan,
            test_acc,
            math.sqrt(grad_sq),
            math.sqrt(step_sq),
        )
        self._check_rules(record_)
        self.seconds += time.perf_counter() - started
        return record_

    def _record_epoch(self, epoch, train_loss, test_loss, train_acc, test_acc, g, s) -> EpochRecord:
        record = EpochRecord(epoch, train_loss, test_loss, train_acc, test_acc, g, s)
        self.history.append(record)
        return record

    def _apply_update(self, g: np.ndarray, record: bool) -> None:
        """w ← w − η b with b = ∇Q (or b ← μ b + ∇Q with momentum), on the flat vector."""
        lr = self.config.learning_rate
        mu = self.config.momentum
        if mu:
            direction = g if self._velocity is None else mu * self._velocity + g
            self._velocity = direction
        else:
            direction = g
        new = self._w - lr * direction
        old = self._params
        self._previous = self._w
        self._set_flat(new)
        self.updates += 1
        if record and self.last_trace is not None:
            scattered = self._layout.scatter(direction)
            updates = [
                UpdateStep(nid, w0, lr, d, w1, mu)
                for nid, w0, d, w1 in zip(self.param_ids, old, scattered, self._params, strict=True)
            ]
            self.last_trace = Trace(
                list(self.last_trace.steps) + updates, self.last_trace.leaf_values
            )

    def _engine_step(self, seed: int) -> tuple[float, list[Value], dict[str, Value]]:
        """The same update computed by core.engine with every step recorded."""
        overrides = {nid: self.plan.leaf(nid) for nid in self.plan.leaf_ids}
        run = engine.run(
            self.graph, overrides, record=True, training=self._training_mode, dropout_seed=seed
        )
        self.last_trace = run.trace
        dtype = self.plan.dtype
        grads = [run.gradients[nid] for nid in self.param_ids]
        if dtype is not np.float64:
            grads = [g.astype(dtype) if type(g) is np.ndarray else g for g in grads]
        return run.objective, grads, run.values

    # ------------------------------------------------------------------ stopping
    def _check_rules(self, rec: EpochRecord) -> None:
        cfg = self.config
        if self._test is not None and math.isfinite(rec.test_loss):
            best_loss = self._best[0]
            if rec.test_loss < best_loss - cfg.min_delta:
                self._best = (rec.test_loss, rec.epoch, self._w)
        for rule in cfg.stop:
            if rule.name == "weights" and rec.step_norm < rule.threshold:
                return self._finish(
                    "weights",
                    tr(
                        "‖w^t − w^(t−1)‖ = {norm} < ε = {eps} at epoch {epoch}",
                        norm=f"{rec.step_norm:.3g}",
                        eps=f"{rule.threshold:g}",
                        epoch=rec.epoch,
                    ),
                )
            if rule.name == "gradient" and rec.grad_norm < rule.threshold:
                return self._finish(
                    "gradient",
                    tr(
                        "‖∇Q‖ = {norm} < ε = {eps} at epoch {epoch}",
                        norm=f"{rec.grad_norm:.3g}",
                        eps=f"{rule.threshold:g}",
                        epoch=rec.epoch,
                    ),
                )
            if rule.name == "early":
                best_loss, best_epoch, best_params = self._best
                if rec.epoch - best_epoch >= rule.threshold:
                    numbers = {
                        "patience": int(rule.threshold),
                        "best": f"{best_loss:.4g}",
                        "epoch": best_epoch,
                    }
                    if cfg.restore_best and best_epoch > 0:
                        self._set_flat(best_params)
                        message = tr(
                            "held-out loss has not improved for {patience} epochs "
                            "(best {best} at epoch {epoch}); parameters restored from epoch "
                            "{epoch}",
                            **numbers,
                        )
                    else:
                        message = tr(
                            "held-out loss has not improved for {patience} epochs "
                            "(best {best} at epoch {epoch})",
                            **numbers,
                        )
                    return self._finish("early", message, best_epoch=best_epoch)
        if rec.epoch >= cfg.max_epochs:
            self._finish(
                "max_epochs",
                tr("reached the maximum of {epochs} epochs", epochs=count(cfg.max_epochs)),
            )

    def _finish_diverged(self, epoch: int, what: str, value: float) -> None:
        shown = "NaN" if math.isnan(value) else ("inf" if value > 0 else "-inf")
        numbers = {"epoch": epoch, "value": shown, "lr": f"{self.config.learning_rate:g}"}
        if what == "loss" and self.updates == 0:
            message = tr(
                "diverged in epoch {epoch}: the loss became {value} at the initial parameters "
                "(check the data and the program); the last parameters with a finite loss are kept",
                **numbers,
            )
        elif what == "loss":
            message = tr(
                "diverged in epoch {epoch}: the loss became {value} (try a learning rate below "
                "η = {lr}); the last parameters with a finite loss are kept",
                **numbers,
            )
        else:
            message = tr(
                "diverged in epoch {epoch}: the gradient became {value} (try a learning rate "
                "below η = {lr}); the parameters before this update are kept",
                **numbers,
            )
        self._finish("diverged", message)

    def _finish(self, reason: str, message: str, *, best_epoch: int | None = None) -> None:
        train_loss, train_acc = self._evaluate(self._train)
        test_loss = test_acc = math.nan
        if self._test is not None:
            test_loss, test_acc = self._evaluate(self._test)
            self._set_inputs(self._train)
        self.result = TrainResult(
            stop_reason=reason,
            epoch=self.epoch,
            message=message,
            train_loss=train_loss,
            test_loss=test_loss,
            train_accuracy=train_acc,
            test_accuracy=test_acc,
            parameters=self.parameters(),
            best_epoch=best_epoch,
        )

    def reopen(self, max_epochs: int | None = None) -> None:
        """Allow more epochs after a stop (not after divergence), optionally raising the limit."""
        if self.result is not None and self.result.stop_reason == "diverged":
            raise TrainError(tr("a diverged run cannot go on; start again with a smaller η"))
        if max_epochs is not None:
            self.config = with_config(self.config, max_epochs=max_epochs)
        if self.result is not None and self.epoch >= self.config.max_epochs:
            raise TrainError(
                tr(
                    "epoch {epoch} already reached max_epochs={limit}",
                    epoch=self.epoch,
                    limit=self.config.max_epochs,
                )
            )
        self.result = None

    # ------------------------------------------------------------------ pause and resume
    def snapshot(self) -> TrainerState:
        """An independent copy of the whole training state."""
        best_loss, best_epoch, best_params = self._best
        return TrainerState(
            epoch=self.epoch,
            params=self._w.copy(),
            previous=self._previous.copy(),
            velocity=None if self._velocity is None else self._velocity.copy(),
            rng_state=self._rng.bit_generator.state,
            history=self.history.to_dict(),
            best=(best_loss, best_epoch, best_params.copy()),
            result=self.result,
            seconds=self.seconds,
            param_ids=tuple(self.param_ids),
            updates=self.updates,
        )

    def restore(self, state: TrainerState) -> None:
        """Continue from ``state`` (taken from this trainer or one built the same way)."""
        if list(state.param_ids) != self.param_ids or state.params.shape != self._w.shape:
            raise TrainError(tr("this state belongs to a graph with different parameters"))
        self.epoch = state.epoch
        self._set_flat(state.params.copy())
        self._previous = state.previous.copy()
        self._velocity = None if state.velocity is None else state.velocity.copy()
        self._rng = np.random.default_rng()
        self._rng.bit_generator.state = state.rng_state
        self.history = History(state.history)
        best_loss, best_epoch, best_params = state.best
        self._best = (best_loss, best_epoch, best_params.copy())
        self.result = state.result
        self.seconds = state.seconds
        self.updates = state.updates
        self._set_inputs(self._train)


# ---------------------------------------------------------------------------- one recorded update


def recorded_update(
    graph: Graph,
    overrides: Mapping[str, Value] | None = None,
    learning_rate: float = 0.1,
) -> tuple[Trace, dict[str, Value]]:
    """One gradient-descent step as a Trace a person can play: the engine's forward and
    backward steps, then one UpdateStep per parameter (old w, η, ∂Q/∂w, new w = w − η ∂Q/∂w).
    Returns the trace and the new parameter values by leaf id."""
    if not (math.isfinite(learning_rate) and learning_rate > 0):
        raise TrainError(
            tr("the learning rate must be a positive number, got {got}", got=learning_rate)
        )
    run = engine.run(graph, dict(overrides or {}), record=True)
    assert run.trace is not None
    updates = []
    new_values: dict[str, Value] = {}
    for nid in Plan(graph).wrt:
        old = run.values[nid]
        grad = run.gradients[nid]
        new = old - learning_rate * grad
        updates.append(UpdateStep(nid, old, learning_rate, grad, new))
        new_values[nid] = new
    return Trace(list(run.trace.steps) + updates, run.trace.leaf_values), new_values


def with_config(config: TrainConfig, **changes: Any) -> TrainConfig:
    """A copy of ``config`` with some fields changed (validated)."""
    new = replace(config, **changes)
    new.validate()
    return new
