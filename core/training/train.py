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

The parts live beside this module, each testable alone: ``core.training.optim`` (``step(w, g)``: plain
descent, momentum), ``core.training.stopping`` (one object per rule, ``check(record) -> Stop | None``),
``core.training.train_data`` (binding data to the plan's leaves, loss and accuracy). ``Trainer`` owns the
epoch loop, the flat parameter vector and the snapshots.

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

from ..autodiff import engine
from ..autodiff.graph import Graph
from ..autodiff.plan import Plan, resolve_dtype
from ..autodiff.trace import Trace, UpdateStep
from ..text.i18n import tr
from .layered import training_plan
from .optim import make_optimiser
from .stopping import (
    DEFAULT_THRESHOLDS,
    STOP_RULES,
    BestEpoch,
    Rule,
    Stop,
    StopRule,
    build_rules,
    diverged,
)
from .train_data import (
    Accuracy,
    Evaluator,
    bind_data,
    count_samples,
    detect_accuracy,
    feed,
)
from .train_errors import TrainError

Value = Any
Rows = np.ndarray | None  # a batch's rows of the training data; None: all

__all__ = [  # the trainer's parts, importable from here as before
    "Accuracy",
    "DEFAULT_THRESHOLDS",
    "STOP_RULES",
    "StopRule",
    "TrainError",
    "detect_accuracy",
]


# ---------------------------------------------------------------------------- configuration


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

    def column(self, name: str, start: int = 0) -> np.ndarray:
        """A copy of one field over all epochs (index 0 is epoch 1), or from epoch
        ``start`` + 1 on (a plot takes each epoch once)."""
        column = self._columns[name]
        return np.array(column[start:] if start else column, dtype=float)

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
class TrainerState:
    """Everything needed to continue exactly where a trainer was (see ``Trainer.restore``)."""

    epoch: int
    params: np.ndarray  # every trained parameter, flattened in ``param_ids`` order
    previous: np.ndarray
    velocity: np.ndarray | None
    rng_state: Mapping[str, Any]
    history: dict[str, list[float]]
    best: tuple[float, int, np.ndarray]  # early stopping: (test loss, epoch, parameters)
    result: TrainResult | None
    seconds: float
    param_ids: tuple[str, ...] = ()
    updates: int = 0


# ---------------------------------------------------------------------------- the trainer


def _copy(v: Value) -> Value:
    return v.copy() if type(v) is np.ndarray else v


def _sq(flat: np.ndarray) -> float:
    """‖v‖². Long vectors avoid BLAS: its threaded dot can wait milliseconds for a busy core."""
    if flat.size <= 4096:
        return float(np.dot(flat, flat))
    return float(np.einsum("i,i->", flat, flat))


def _batches(n: int, size: int | None, rng: np.random.Generator, shuffle: bool) -> list[Rows]:
    """One epoch's batches as rows of the training data (None: all of them, in full batch)."""
    if size is None or size >= n:
        return [None]
    order = rng.permutation(n) if shuffle else np.arange(n)
    return [order[k : k + size] for k in range(0, n, size)]


class Trainer:
    """Trains the PARAM leaves of ``graph`` on data bound to its input leaves.

    ``train`` and ``test`` map input names (or ids) to arrays whose first axis runs over the
    samples (vectors for neuron-level graphs and programs, X and Y matrices for layer ones).
    ``step_epoch()`` runs one epoch; ``run(max_epochs, should_stop)`` runs until a stopping rule
    fires, ``max_epochs`` more epochs have run, or ``should_stop()`` says so (a GUI time-slices
    with it); ``result`` is set once a rule has fired.

    The parts, each replaceable alone: the data bound to the plan (``core.training.train_data``), the
    ``evaluator`` (loss and accuracy), the ``optimiser`` (``core.training.optim``: one ``step(w, g)`` per
    batch), the stopping ``rules`` (``core.training.stopping``: ``check(record)`` after each epoch). The
    trainer owns the epoch loop, the parameter vector and the snapshots.
    """

    def __init__(
        self,
        graph: Graph,
        train: Mapping[str, Value],
        test: Mapping[str, Value] | None = None,
        config: TrainConfig | None = None,
        *,
        accuracy: Accuracy | None | str = "auto",
        layers: bool = True,
    ) -> None:
        self.graph = graph
        self.config = config or TrainConfig()
        self.config.validate()
        # a neuron network trains through its layers' kernels (core.training.layered) unless ``layers``
        # is False: then every neuron's operations run one by one, the engine's very bits
        self.plan = training_plan(graph, self.config.dtype, layers)
        self.param_ids: list[str] = list(self.plan.wrt)
        if not self.param_ids:
            raise TrainError(
                tr(
                    "nothing to train: the output depends on no parameter "
                    "(declare one in a program with e.g. `w: param = 0.1`)"
                )
            )
        columns = bind_data(self.plan, train, "training")
        self.samples = count_samples(graph, columns, "training")
        self._train = self.plan.pack_data(columns)
        self._test = None
        self.test_samples = 0
        if test:
            columns = bind_data(self.plan, test, "test")
            self.test_samples = count_samples(graph, columns, "test")
            self._test = self.plan.pack_data(columns)
        if any(r.name == "early" for r in self.config.stop) and self._test is None:
            raise TrainError(
                tr("early stopping needs held-out data: hold out a share of the samples")
            )
        self.accuracy: Accuracy | None = (
            detect_accuracy(graph) if isinstance(accuracy, str) else accuracy
        )
        self.evaluator = Evaluator(self.plan, self.accuracy)
        batch = self.config.batch_size
        self.full_batch = batch is None or batch >= self.samples
        self._training_mode = any(n.op == "dropout" for n in graph.nodes.values())
        if self._test is not None:
            self._check_fit(self._test, "test")
        self._check_fit(self._train, "training")  # and fed: the training data stay in the plan
        self._w = self.plan.flatten([self.plan.leaf(pid) for pid in self.param_ids])
        self._scattered: list[Value] | None = None
        self._set_flat(self._w)
        self._previous = self._w  # the last parameters whose loss was finite
        self.optimiser = make_optimiser(self.config.learning_rate, self.config.momentum)
        self._rng = np.random.default_rng(self.config.seed)
        self._best = BestEpoch(self._w, self.config.min_delta)
        self.rules = self._build_rules()
        self.epoch = 0
        self.history = History()
        self.result: TrainResult | None = None
        self.seconds = 0.0  # time spent inside step_epoch (the training loop only)
        self.updates = 0  # parameter updates applied so far
        self.last_trace: Trace | None = None
        self.last_trace_mode = (False, 0)  # (training, dropout seed) the last trace ran with
        self._predictors: dict[str, Plan] = {}

    def _check_fit(self, data: Mapping[str, Value], what: str) -> None:
        """One forward pass on ``data``, so data whose shapes the program cannot take (a column
        of numbers where the program multiplies a matrix of samples × features) are refused
        here, in one sentence naming the shapes, not in the middle of training."""
        feed(self.plan, data)
        try:
            self.plan.forward(training=False)
        except ValueError as exc:
            shapes = ", ".join(
                f"{self.graph[k].display} {tuple(np.shape(v))}" for k, v in data.items()
            )
            if what == "test":
                message = tr(
                    "the test data do not fit the program ({shapes}): {reason}",
                    shapes=shapes,
                    reason=str(exc),
                )
            else:
                message = tr(
                    "the training data do not fit the program ({shapes}): {reason}",
                    shapes=shapes,
                    reason=str(exc),
                )
            raise TrainError(message) from exc

    def _build_rules(self) -> list[Rule]:
        cfg = self.config
        return build_rules(cfg.stop, cfg.max_epochs, self._best, cfg.restore_best)

    @classmethod
    def from_tables(
        cls,
        graph_or_network: Any,
        train: Any,
        test: Any = None,
        config: TrainConfig | None = None,
    ) -> Trainer:
        """A trainer for a Graph (columns feed the input leaves of the same names) or a
        ``core.training.nn.Network`` (x1..xn and y columns become X and Y at layer granularity), with
        ``core.training.data.Table`` training and optional test data."""
        from .data import bind

        binder: Callable[[Any], dict[str, Value]]
        if isinstance(graph_or_network, Graph):
            graph = graph_or_network

            def binder(table: Any) -> dict[str, Value]:
                return bind(graph, table)
        else:
            from .nn import bind_columns

            graph = graph_or_network.graph

            def binder(table: Any) -> dict[str, Value]:
                try:
                    return bind_columns(graph_or_network, table.columns)
                except KeyError as exc:
                    raise TrainError(f"{table.source}: {exc.args[0]}") from exc

        return cls(graph, binder(train), binder(test) if test is not None else None, config)

    # ------------------------------------------------------------------ parameters
    def _set_flat(self, flat: np.ndarray) -> None:
        """Make ``flat`` the current parameters, in the trainer and in the plan's leaves."""
        self._w = flat
        self._scattered = None
        self.plan.load_params(flat)

    @property
    def _params(self) -> list[Value]:
        """The current parameters, one value per ``param_ids`` entry (made when first read)."""
        if self._scattered is None:
            self._scattered = self.plan.unflatten(self._w)
        return self._scattered

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
            self._train
            if data is None
            else self.plan.pack_data(bind_data(self.plan, data, "evaluation"))
        )
        result = self.evaluator.evaluate(resolved)
        feed(self.plan, self._train)
        return result

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
        """One pass over the batches, then the held-out evaluation, the record and the rules."""
        started = time.perf_counter()
        epoch = self.epoch + 1
        start = self._w
        n = self.samples
        batches = _batches(n, self.config.batch_size, self._rng, self.config.shuffle)
        loss_sum = 0.0
        correct = counted = 0
        grad_sum: np.ndarray | None = None
        grad_sq = 0.0
        failure: tuple[str, float] | None = None
        for b, rows in enumerate(batches):
            if rows is not None:
                feed(self.plan, self._train, rows)
            loss, grads, values = self._gradient(epoch * 100_003 + b, record)
            if not math.isfinite(loss):
                failure = ("loss", loss)
                self._set_flat(self._previous)
                break
            g = grads
            grad_sq = _sq(g)
            if not math.isfinite(grad_sq):
                failure = ("gradient", grad_sq)
                break
            size_b = n if rows is None else len(rows)
            loss_sum += loss * size_b
            c, k = self.evaluator.score(values)
            correct += c
            counted += k
            if len(batches) > 1:
                grad_sum = g * size_b if grad_sum is None else grad_sum + g * size_b
            self._update(g, record)
        if failure is not None:
            return self._diverged(epoch, started, *failure)
        if grad_sum is not None:
            grad_sq = _sq(grad_sum / n)
        step_sq = _sq(self._w - start)
        test_loss = test_acc = math.nan
        if self._test is not None:
            test_loss, test_acc = self.evaluator.evaluate(self._test)
            if self.full_batch:
                feed(self.plan, self._train)
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

    def _gradient(
        self, seed: int, record: bool
    ) -> tuple[float, np.ndarray, Mapping[str, Value] | None]:
        """The batch's loss and flat gradient (and the engine's values when recording)."""
        if record:
            return self._engine_step(seed)
        loss = self.plan.forward(training=self._training_mode, dropout_seed=seed)
        return loss, self.plan.gradient_flat(), None

    def _diverged(self, epoch: int, started: float, what: str, value: float) -> EpochRecord:
        feed(self.plan, self._train)
        self.epoch = epoch
        cfg = self.config
        self._finish(diverged(epoch, what, value, cfg.learning_rate, self.updates))
        self.seconds += time.perf_counter() - started
        loss_value = value if what == "loss" else math.nan
        grad_value = value if what == "gradient" else math.nan
        nan = math.nan
        return self._record_epoch(epoch, loss_value, nan, nan, nan, grad_value, nan)

    def _record_epoch(
        self,
        epoch: int,
        train_loss: float,
        test_loss: float,
        train_acc: float,
        test_acc: float,
        g: float,
        s: float,
    ) -> EpochRecord:
        record = EpochRecord(epoch, train_loss, test_loss, train_acc, test_acc, g, s)
        self.history.append(record)
        return record

    def _update(self, g: np.ndarray, record: bool) -> None:
        """One optimiser step on the flat vector; recorded as UpdateSteps when ``record``."""
        step = self.optimiser.step(self._w, g)
        old = self._params if record else []
        self._previous = self._w
        self._set_flat(step.new)
        self.updates += 1
        if record and self.last_trace is not None:
            lr, mu = self.optimiser.learning_rate, self.optimiser.momentum
            scattered = self.plan.unflatten(step.direction)
            updates = [
                UpdateStep(nid, w0, lr, d, w1, mu)
                for nid, w0, d, w1 in zip(self.param_ids, old, scattered, self._params, strict=True)
            ]
            self.last_trace = Trace([*self.last_trace.steps, *updates], self.last_trace.leaf_values)

    def _engine_step(self, seed: int) -> tuple[float, np.ndarray, dict[str, Value]]:
        """The same update computed by core.autodiff.engine with every step recorded."""
        overrides = {nid: self.plan.leaf(nid) for nid in self.plan.leaf_ids}
        run = engine.run(
            self.graph, overrides, record=True, training=self._training_mode, dropout_seed=seed
        )
        self.last_trace = run.trace
        self.last_trace_mode = (run.training, run.dropout_seed)
        dtype = self.plan.dtype
        grads = [run.gradients[nid] for nid in self.param_ids]
        if dtype is not np.float64:
            grads = [g.astype(dtype) if type(g) is np.ndarray else g for g in grads]
        return run.objective, self.plan.flatten(grads), run.values

    # ------------------------------------------------------------------ stopping
    def _check_rules(self, rec: EpochRecord) -> None:
        if self._test is not None:
            self._best.observe(rec, self._w)
        for rule in self.rules:
            stop = rule.check(rec)
            if stop is not None:
                if stop.restore is not None:
                    self._set_flat(stop.restore)
                self._finish(stop)
                return

    def _finish(self, stop: Stop) -> None:
        train_loss, train_acc = self.evaluator.evaluate(self._train)
        test_loss = test_acc = math.nan
        if self._test is not None:
            test_loss, test_acc = self.evaluator.evaluate(self._test)
            feed(self.plan, self._train)
        self.result = TrainResult(
            stop_reason=stop.reason,
            epoch=self.epoch,
            message=stop.message,
            train_loss=train_loss,
            test_loss=test_loss,
            train_accuracy=train_acc,
            test_accuracy=test_acc,
            parameters=self.parameters(),
            best_epoch=stop.best_epoch,
        )

    def reopen(self, max_epochs: int | None = None) -> None:
        """Allow more epochs after a stop (not after divergence), optionally raising the limit."""
        if self.result is not None and self.result.stop_reason == "diverged":
            raise TrainError(tr("a diverged run cannot go on; start again with a smaller η"))
        if max_epochs is not None:
            self.config = with_config(self.config, max_epochs=max_epochs)
            self.rules = self._build_rules()
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
        return TrainerState(
            epoch=self.epoch,
            params=self._w.copy(),
            previous=self._previous.copy(),
            velocity=self.optimiser.state(),
            rng_state=self._rng.bit_generator.state,
            history=self.history.to_dict(),
            best=self._best.state(),
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
        self.optimiser.load(state.velocity)
        self._rng = np.random.default_rng()
        self._rng.bit_generator.state = state.rng_state
        self.history = History(state.history)
        self._best.load(state.best)
        self.result = state.result
        self.seconds = state.seconds
        self.updates = state.updates
        feed(self.plan, self._train)


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
    return Trace([*run.trace.steps, *updates], run.trace.leaf_values), new_values


def with_config(config: TrainConfig, **changes: Any) -> TrainConfig:
    """A copy of ``config`` with some fields changed (validated)."""
    new = replace(config, **changes)
    new.validate()
    return new
