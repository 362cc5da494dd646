"""One training run of the lab: data bound to the document's graph, core's Trainer, and the
numbers the plots draw. No widgets here (only QtCore's translate for its messages), so the
lab's arithmetic is tested without a window.

Every number comes from core: epochs from ``core.training.train.Trainer`` (the compiled plan), recorded
updates from the step-recording engine (``Trainer.step_epoch(record=True)`` and
``core.training.train.recorded_update``), heat maps and the loss surface from ``core.autodiff.plan.Plan`` forward
passes. This module only decides *what* to evaluate (which node is the prediction, which
inputs are features, which grid) and keeps what the plots need between frames.

Binding (the lecture's "same program, one sample or a whole data set"): a program's input
leaves take the table's columns of the same names; a network takes x1..xn and y
(``core.training.nn.bind_columns``). Inputs named y, y1, y_2 … are targets, the other inputs features.
"""

from __future__ import annotations

import re
import sys
import time
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from PySide6.QtCore import QCoreApplication

from core.autodiff import engine
from core.autodiff.engine import Run
from core.autodiff.graph import Graph
from core.autodiff.plan import Plan
from core.documents.recipe import own_samples, run_from_trace
from core.text.i18n import count, tr_text
from core.training import datasets
from core.training.data import DataError, Table, bind, delimiter_text, input_leaves, load_csv
from core.training.layered import training_plan
from core.training.nn import (
    Network,
    bind_columns,
    input_names,
    is_wide,
    target_names,
    weight_name,
)
from core.training.train import TrainConfig, Trainer, TrainError, TrainResult, recorded_update

translate = QCoreApplication.translate  # lupdate reads translate("LabSession", "…")

TARGET_NAME = re.compile(r"^[yY](_?\d+)?$")
DOCUMENT = "document"
CSV = "csv"
GRID = 64  # heat-map resolution per axis: smooth enough, and one forward pass of 4096 points
SURFACE_GRID = 61
MAX_HIDDEN_MAPS = 32
HIDDEN_NAME = re.compile(r"^[hH]\d*(_\d+)?$")


class LabError(ValueError):
    """Data or settings the lab cannot train with; the message is shown as it is."""


# ---------------------------------------------------------------------------- data


@dataclass(frozen=True)
class DataChoice:
    """What the person picked: the document's own values, a generated set, or a CSV file."""

    source: str = DOCUMENT  # DOCUMENT, CSV or a core.training.datasets name
    samples: int = 200
    noise: float | None = None
    seed: int = 0
    test_fraction: float = 0.0
    path: str = ""


@dataclass
class BoundData:
    """Training (and held-out) data, bound by leaf id for the trainer and by column for plots."""

    train: dict[str, Any]  # leaf id -> array whose first axis runs over the samples
    test: dict[str, Any] | None
    train_columns: dict[str, np.ndarray]  # feature and target name -> one number per sample
    test_columns: dict[str, np.ndarray] | None
    description: str
    samples: int


def _rows(value: Any, rows: np.ndarray) -> Any:
    arr = np.asarray(value, dtype=float)
    return arr[rows]


class Model:
    """What the lab needs to know about the document's graph: its inputs, features, targets,
    prediction node and hidden neurons."""

    def __init__(self, graph: Graph, network: Network | None = None) -> None:
        self.graph = graph
        self.network = network
        if network is not None:
            spec = network.spec
            self.features = input_names(spec)
            self.targets = target_names(spec)
            self.layer = network.granularity == "layer"
            self.prediction = network.predictions[0] if network.predictions else None
        else:
            names = input_leaves(graph)
            self.targets = [n for n in names if TARGET_NAME.match(n)]
            self.features = [n for n in names if not TARGET_NAME.match(n)]
            self.layer = False
            self.prediction = self._program_prediction()
        self.hidden = self._hidden_nodes()

    # ------------------------------------------------------------------ structure
    def _program_prediction(self) -> str | None:
        """The node the loss compares with the target: the other argument of y's first
        consumer (``y_hat`` in ``(y_hat - y)**2``, ``a`` in ``bce(a, y)``)."""
        if len(self.targets) != 1:
            return None
        target = self.graph.by_name(self.targets[0])
        if target is None:
            return None
        for edge in self.graph.consumers(target.id):
            others = [a for a in self.graph[edge.target].args if a != target.id]
            if len(others) == 1:
                return others[0]
        return None

    def _hidden_nodes(self) -> list[tuple[str, int | None, str]]:
        """(node id, column or None, label) for each hidden neuron the output depends on:
        h1_2 at neuron granularity, a column of H1 at layer granularity, h1/h2 in programs."""
        out: list[tuple[str, int | None, str]] = []
        if self.prediction is None:
            return out
        needed = self.graph.ancestors(self.prediction)
        for node in self.graph.nodes.values():
            if node.id not in needed or node.is_leaf or not node.name:
                continue
            if not HIDDEN_NAME.match(node.name):
                continue
            if self.layer:
                assert self.network is not None
                layer = int(node.name[1:] or 1)
                width = self.network.spec.sizes[layer]
                out.extend((node.id, j, f"h{layer}_{j + 1}") for j in range(width))
            else:
                out.append((node.id, None, node.name))
        return out[:MAX_HIDDEN_MAPS]

    @property
    def view(self) -> str:
        """ "line" (one feature: points and the fitted curve), "plane" (two features: a heat
        map), or "" (only the loss can be drawn)."""
        if self.prediction is None or len(self.targets) != 1:
            return ""
        if not self._column_per_input():
            return ""
        if len(self.features) == 1:
            return "line"
        if len(self.features) == 2:
            return "plane"
        return ""

    def _column_per_input(self) -> bool:
        """Every feature and target of a program is one number per sample (a scalar or a
        vector), so the plots can draw it as a column: ``X = [[1, 2], [3, 4]]`` is a matrix of
        samples × features, which neither the fitted line nor the plane can show."""
        if self.network is not None:
            return True
        for name in self.features + self.targets:
            node = self.graph.by_name(name)
            if node is None or np.ndim(node.value) > 1:
                return False
        return True

    # ------------------------------------------------------------------ binding
    def document_data(self, choice: DataChoice) -> BoundData:
        """The document's own input values as the training set (the lecture's examples)."""
        graph = self.graph
        if self.network is not None:
            ids = list(self.network.inputs) + list(self.network.targets)
        else:
            ids = [graph.by_name(n).id for n in self.features + self.targets]  # type: ignore[union-attr]
        try:  # the same values and split as ``train PROGRAM`` without --data (core.documents.recipe)
            train, test, n = own_samples(graph, ids, choice.test_fraction, choice.seed)
        except (ValueError, DataError) as exc:
            raise LabError(str(exc)) from exc
        if n == 1:
            what = translate("LabSession", "the document's {n} sample")
        else:
            what = translate("LabSession", "the document's {n} samples")
        return BoundData(
            train,
            test,
            self.columns(train),
            None if test is None else self.columns(test),
            what.format(n=count(n)),
            n - (0 if test is None else len(next(iter(test.values())))),
        )

    def table_data(self, train: Table, test: Table | None, description: str) -> BoundData:
        """Bind tables by name (programs) or as x1..xn, y (networks)."""
        try:
            if self.network is not None:
                bound = bind_columns(self.network, train.columns)
                bound_test = bind_columns(self.network, test.columns) if test else None
            else:
                bound = {self.graph.by_name(k).id: v for k, v in bind(self.graph, train).items()}  # type: ignore[union-attr]
                bound_test = (
                    {self.graph.by_name(k).id: v for k, v in bind(self.graph, test).items()}  # type: ignore[union-attr]
                    if test
                    else None
                )
        except KeyError as exc:
            raise LabError(f"{train.source}: {exc.args[0]}") from exc
        except (DataError, ValueError) as exc:
            raise LabError(str(exc)) from exc
        return BoundData(
            bound,
            bound_test,
            self.columns(bound),
            None if bound_test is None else self.columns(bound_test),
            description,
            len(train),
        )

    def columns(self, bound: dict[str, Any]) -> dict[str, np.ndarray]:
        """Feature and target columns by name (x, x1, y …) for the plots."""
        out: dict[str, np.ndarray] = {}
        if self.layer:
            for matrix, names in (("X", self.features), ("Y", self.targets)):
                if matrix in bound:
                    m = np.atleast_2d(np.asarray(bound[matrix], dtype=float))
                    for c, name in enumerate(names):
                        out[name] = m[:, c]
            return out
        for name in self.features + self.targets:
            node = self.graph.by_name(name)
            if node is not None and node.id in bound:
                value = np.asarray(bound[node.id], dtype=float)
                if value.ndim == 1:
                    out[name] = value
        return out

    def inputs_for(self, columns: dict[str, np.ndarray]) -> dict[str, Any]:
        """Leaf values (by id) that feed feature columns into the graph, for predictions."""
        if self.layer:
            return {"X": np.column_stack([columns[n] for n in self.features])}
        return {self.graph.by_name(n).id: columns[n] for n in self.features}  # type: ignore[union-attr]


def load_data(model: Model, choice: DataChoice) -> BoundData:
    """The person's choice of data, bound to the model; LabError says what is wrong."""
    if choice.source == DOCUMENT:
        return model.document_data(choice)
    try:
        if choice.source == CSV:
            if not choice.path:
                raise LabError(translate("LabSession", "choose a CSV file first"))
            table = load_csv(choice.path)
            train, test = table.split(choice.test_fraction, seed=choice.seed)
            n = len(table)
            description = translate("LabSession", "{source} ({n} rows, {delimiter})").format(
                source=table.source, n=n, delimiter=delimiter_text(table.delimiter)
            )
        else:
            info = datasets.info(choice.source)
            train, test = datasets.generate_split(
                choice.source, choice.samples, choice.noise, choice.seed, choice.test_fraction
            )
            description = translate("LabSession", "{summary}, {n} samples").format(
                summary=tr_text(info.summary), n=count(choice.samples)
            )
    except DataError as exc:
        raise LabError(str(exc)) from exc
    return model.table_data(train, test, description)


# ---------------------------------------------------------------------------- probes


class GridProbe:
    """The prediction and every hidden neuron over a grid of inputs, in one forward pass of a
    plan compiled for the prediction node (evaluation mode: dropout off)."""

    def __init__(self, model: Model, dtype: str = "float64") -> None:
        assert model.prediction is not None
        self.model = model
        probe = model.graph.copy()
        probe.set_output(model.prediction)
        # a neuron network runs through its layers (core.training.layered): a heat-map frame
        # is a few matrix products, not every neuron's operations over 4096 points
        self.plan = training_plan(probe, dtype, wrt=[])

    def evaluate(
        self, parameters: dict[str, Any], inputs: dict[str, Any]
    ) -> tuple[np.ndarray, list[np.ndarray]]:
        plan = self.plan
        plan.set_leaves({nid: v for nid, v in {**parameters, **inputs}.items() if nid in plan.slot})
        plan.forward(training=False)
        assert self.model.prediction is not None  # plane() is drawn only for a model with one
        prediction = np.asarray(plan.value(self.model.prediction), dtype=float)
        if prediction.ndim == 2:
            prediction = prediction[:, 0]
        hidden = []
        for nid, column, _label in self.model.hidden:
            value = np.asarray(plan.value(nid), dtype=float)
            hidden.append(value[:, column] if column is not None else value)
        return prediction, hidden


@dataclass
class Surface:
    """Q(p0, p1) over a grid of the two parameters (the lecture's paired-regression picture)."""

    names: tuple[str, str]  # leaf ids
    xs: np.ndarray
    ys: np.ndarray
    q: np.ndarray  # q[i, j] = Q(xs[i], ys[j])

    def contains(self, p0: float, p1: float, margin: float = 0.05) -> bool:
        wx = (self.xs[-1] - self.xs[0]) * margin
        wy = (self.ys[-1] - self.ys[0]) * margin
        return (
            self.xs[0] + wx <= p0 <= self.xs[-1] - wx and self.ys[0] + wy <= p1 <= self.ys[-1] - wy
        )


def loss_surface(
    graph: Graph,
    train: dict[str, Any],
    names: tuple[str, str],
    box: tuple[float, float, float, float],
    size: int = SURFACE_GRID,
) -> Surface:
    """Q on a ``size`` × ``size`` grid over ``box`` = (x0, x1, y0, y1): one forward pass of the
    compiled plan per grid point, the same objective the trainer minimises."""
    plan = Plan(graph, wrt=[])
    for nid, value in train.items():
        plan.set_leaf(nid, value)
    xs = np.linspace(box[0], box[1], size)
    ys = np.linspace(box[2], box[3], size)
    q = np.empty((size, size))
    a, b = names
    for i, x in enumerate(xs):
        plan.set_leaf(a, np.float64(x))
        for j, y in enumerate(ys):
            plan.set_leaf(b, np.float64(y))
            q[i, j] = plan.forward()
    return Surface(names, xs, ys, q)


def surface_box(points: np.ndarray, pad: float = 2.5) -> tuple[float, float, float, float]:
    """A square-ish box around the points with room for the path to reach the minimum."""
    lo = points.min(axis=0)
    hi = points.max(axis=0)
    span = max(float(np.max(hi - lo)), 1.0)
    margin = max(pad, 0.35 * span)
    return (lo[0] - margin, hi[0] + margin, lo[1] - margin, hi[1] + margin)


# ---------------------------------------------------------------------------- the session


@dataclass
class StepShown:
    """A recorded update for the window's player, and what it is."""

    run: Run
    applied: bool  # the trainer made this update (False: one sample, shown only)
    note: str


@dataclass
class Session:
    """Training on bound data; ``run_for`` time-slices, the rest reads for plots and views."""

    model: Model
    data: BoundData
    config: TrainConfig
    trainer: Trainer = field(init=False)
    path: list[tuple[float, float]] = field(default_factory=list)
    surface: Surface | None = None

    def __post_init__(self) -> None:
        try:
            self.trainer = Trainer(self.model.graph, self.data.train, self.data.test, self.config)
        except (TrainError, ValueError) as exc:
            raise LabError(str(exc)) from exc
        self._initial = self.trainer.snapshot()
        self._probe: GridProbe | None = None
        self.surface_params = self._surface_params()
        if self.surface_params is not None:
            self.path = [self._pair()]

    # ------------------------------------------------------------------ settings
    def set_config(self, config: TrainConfig) -> None:
        """New settings, continuing from exactly where training is (a fresh trainer restored
        from this one's state, so a new batch size or rule takes effect at the next epoch)."""
        if config == self.config:
            return
        try:
            trainer = Trainer(self.model.graph, self.data.train, self.data.test, config)
        except (TrainError, ValueError) as exc:
            raise LabError(str(exc)) from exc
        trainer.restore(self.trainer.snapshot())
        self.trainer = trainer
        self.config = config

    def reset(self) -> None:
        """Back to epoch 0 with the document's weights (the settings stay)."""
        self.trainer.restore(self._initial)
        if self.surface_params is not None:
            self.path = [self._pair()]

    # ------------------------------------------------------------------ training
    @property
    def finished(self) -> bool:
        return self.trainer.result is not None

    @property
    def result(self) -> TrainResult | None:
        return self.trainer.result

    @property
    def epoch(self) -> int:
        return self.trainer.epoch

    def can_continue(self) -> str:
        """ "" if training can go on, else why not (after a stop, ``resume`` reopens)."""
        result = self.trainer.result
        if result is None:
            return ""
        if result.stop_reason == "diverged":
            return translate(
                "LabSession", "the run diverged: Reset, then try a smaller learning rate η"
            )
        if self.trainer.epoch >= self.config.max_epochs:
            return translate(
                "LabSession", "epoch {n} reached the maximum: raise “at most … epochs”"
            ).format(n=count(self.trainer.epoch))
        return ""

    def resume(self) -> None:
        """Reopen a stopped run so that Train goes on (LabError if it cannot)."""
        if self.trainer.result is None:
            return
        reason = self.can_continue()
        if reason:
            raise LabError(reason)
        self.trainer.reopen()

    def run_for(self, seconds: float) -> int:
        """Epochs until ``seconds`` have passed (at least one) or a rule fires."""
        return self.run_epochs(sys.maxsize, seconds)

    def run_epochs(self, count: int, seconds: float) -> int:
        """At most ``count`` epochs, and no longer than ``seconds`` (at least one epoch)."""
        trainer = self.trainer
        deadline = time.perf_counter() + seconds
        path = self.path if self.surface_params is not None else None
        done = 0
        while trainer.result is None and done < count:
            trainer.step_epoch()
            done += 1
            if path is not None:
                path.append(self._pair())
            if time.perf_counter() >= deadline:
                break
        return done

    def one_epoch(self) -> None:
        if self.trainer.result is None:
            self.run_for(0.0)

    def record_update(self) -> StepShown:
        """The trainer's next update, through the step-recording engine: forward, backward, then
        w ← w − η·∂Q/∂w for each parameter. In full batch that is one epoch; with mini-batches
        the whole next epoch runs recorded and its last update is shown."""
        trainer = self.trainer
        if trainer.result is not None:
            raise LabError(
                translate(
                    "LabSession", "training has stopped ({reason}); Reset to start again"
                ).format(reason=trainer.result.message)
            )
        updates_before = trainer.updates
        trainer.step_epoch(record=True)
        if self.surface_params is not None:
            self.path.append(self._pair())
        trace = trainer.last_trace
        assert trace is not None
        made = trainer.updates - updates_before
        if made <= 1:
            note = translate(
                "LabSession", "epoch {epoch}: one update on the whole batch ({samples})"
            ).format(epoch=count(trainer.epoch), samples=count(self.data.samples))
        else:
            note = translate(
                "LabSession", "epoch {epoch}: {made} mini-batch updates; showing the last"
            ).format(epoch=count(trainer.epoch), made=count(made))
        run = run_from_trace(self.model.graph, trace, *trainer.last_trace_mode)
        return StepShown(run, True, note)

    def sample_update(self, index: int) -> StepShown:
        """What one training sample alone would do to the current weights (not applied)."""
        n = self.data.samples
        if not 0 <= index < n:
            raise LabError(translate("LabSession", "choose a sample from 1 to {n}").format(n=n))
        one = {
            nid: np.float64(v[index]) if np.ndim(v) == 1 else np.asarray(v)[index : index + 1]
            for nid, v in self.data.train.items()
        }
        overrides = {**one, **self.trainer.parameters()}
        trace, _new = recorded_update(self.model.graph, overrides, self.config.learning_rate)
        note = translate(
            "LabSession",
            "sample {k} of {n} alone, at epoch {epoch} "
            "(shown only: training averages over the batch)",
        ).format(k=index + 1, n=n, epoch=count(self.trainer.epoch))
        return StepShown(run_from_trace(self.model.graph, trace), False, note)

    # ------------------------------------------------------------------ reading
    def parameters(self) -> dict[str, Any]:
        return self.trainer.parameters()

    def display_run(self) -> Run:
        """The document's graph with the current weights, recorded for the scene (values on
        the document's own inputs, gradients of its loss)."""
        return engine.run(self.model.graph, self.trainer.parameters(), record=True)

    def history(self, name: str) -> np.ndarray:
        return self.trainer.history.column(name)

    def _surface_params(self) -> tuple[str, str] | None:
        ids = self.trainer.param_ids
        if len(ids) != 2:
            return None
        if any(np.ndim(self.model.graph[nid].value) != 0 for nid in ids):
            return None
        return ids[0], ids[1]

    def _pair(self) -> tuple[float, float]:
        params = self.trainer.parameters()
        assert self.surface_params is not None
        a, b = self.surface_params
        return float(params[a]), float(params[b])

    def ensure_surface(self) -> Surface | None:
        """The loss surface around the path so far; recomputed only when the path leaves it."""
        if self.surface_params is None:
            return None
        points = np.array(self.path, dtype=float)
        points = points[np.all(np.isfinite(points), axis=1)]
        if not len(points):
            return self.surface
        if self.surface is not None and all(self.surface.contains(*p) for p in points[-1:]):
            return self.surface
        if self.surface is not None:
            old = self.surface
            points = np.vstack(
                [points, [[old.xs[0], old.ys[0]], [old.xs[-1], old.ys[-1]]]]
            )  # grow, never shrink
        box = surface_box(points)
        self.surface = loss_surface(self.model.graph, self.data.train, self.surface_params, box)
        return self.surface

    def probe(self) -> GridProbe | None:
        if self.model.prediction is None:
            return None
        if self._probe is None:
            self._probe = GridProbe(self.model, self.config.dtype)
        return self._probe

    def feature_range(self) -> list[tuple[float, float]]:
        """Per feature: the data's range with a margin (train and test)."""
        out = []
        for name in self.model.features:
            parts = [self.data.train_columns.get(name)]
            if self.data.test_columns:
                parts.append(self.data.test_columns.get(name))
            values = np.concatenate([p for p in parts if p is not None])
            lo, hi = float(values.min()), float(values.max())
            pad = max(0.1 * (hi - lo), 0.5)
            out.append((lo - pad, hi + pad))
        return out

    def curve(self, points: int = 200) -> tuple[np.ndarray, np.ndarray]:
        """The prediction over the single feature's range (the fitted line)."""
        probe = self.probe()
        assert probe is not None and len(self.model.features) == 1
        lo, hi = self.feature_range()[0]
        xs = np.linspace(lo, hi, points)
        prediction, _ = probe.evaluate(
            self.trainer.parameters(), self.model.inputs_for({self.model.features[0]: xs})
        )
        return xs, np.broadcast_to(prediction, xs.shape).copy()

    def contributions(self, points: int = 200) -> tuple[np.ndarray, list[np.ndarray]] | None:
        """For a network with one input, one hidden layer and one output: each hidden neuron's
        term pⱼ·hⱼ(x) of the output's weighted sum over the input's range (Cybenko's picture:
        the sum of these bumps, plus the bias, is the curve). None for any other model."""
        network = self.model.network
        if network is None or len(self.model.features) != 1:
            return None
        spec = network.spec
        if spec.depth != 2 or spec.sizes[-1] != 1 or not self.model.hidden:
            return None
        probe = self.probe()
        assert probe is not None
        lo, hi = self.feature_range()[0]
        xs = np.linspace(lo, hi, points)
        params = self.trainer.parameters()
        _prediction, hidden = probe.evaluate(
            params, self.model.inputs_for({self.model.features[0]: xs})
        )
        width = spec.sizes[1]
        if self.model.layer:
            weights = np.asarray(params["W2"], dtype=float)[:, 0]
        else:
            wide = is_wide(width, 1)
            weights = np.array(
                [float(params[weight_name(2, j, 1, wide)]) for j in range(1, width + 1)]
            )
        return xs, [weights[j] * np.broadcast_to(h, xs.shape) for j, h in enumerate(hidden)]

    def plane(self, size: int = GRID) -> tuple[tuple, np.ndarray, list[np.ndarray]]:
        """((x0, x1, y0, y1), prediction[i, j] at (xs[i], ys[j]), hidden neurons likewise)."""
        probe = self.probe()
        assert probe is not None and len(self.model.features) == 2
        (x0, x1), (y0, y1) = self.feature_range()
        xs = np.linspace(x0, x1, size)
        ys = np.linspace(y0, y1, size)
        gx, gy = np.meshgrid(xs, ys, indexing="ij")
        f1, f2 = self.model.features
        inputs = self.model.inputs_for({f1: gx.ravel(), f2: gy.ravel()})
        prediction, hidden = probe.evaluate(self.trainer.parameters(), inputs)
        shape = (size, size)
        pred = np.broadcast_to(prediction, (size * size,)).reshape(shape)
        maps = [np.broadcast_to(h, (size * size,)).reshape(shape) for h in hidden]
        return (x0, x1, y0, y1), pred, maps
