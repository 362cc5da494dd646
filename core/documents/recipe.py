"""Training settings that travel between the window and the terminal.

Two facts live here so that the lab and ``backprop-studio train`` cannot drift apart:

- ``PRESETS``: the defaults of each generated set (held-out share, η, μ, batch, epoch budget
  and early-stopping patience), chosen so that the default network (2-8-8-1, tanh, sigmoid
  output, binary cross-entropy) solves every classification set in seconds: the lab applies
  them when a set is chosen, and tests hold the accuracy they reach.
- ``train_argv``: the ``train`` options that reproduce a lab run bit for bit (the same data,
  split, initial weights, shuffling and settings; tests parse the line with shlex and compare
  the histories).

Also ``own_samples``: the document's own input values as training data, split with the seed,
for the lab's “this document's values” and for ``train PROGRAM`` without ``--data``.
"""

from __future__ import annotations

import math
import shlex
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..autodiff.engine import Run
from ..autodiff.graph import Graph, Role
from ..autodiff.trace import Trace, UpdateStep
from ..text.i18n import tr
from ..training.data import split_rows
from ..training.nn import NetworkSpec
from ..training.train import DEFAULT_THRESHOLDS, StopRule, TrainConfig

PROG = ("backprop-studio", "train")


@dataclass(frozen=True)
class Preset:
    """What training a generated set with the default network needs to succeed."""

    samples: int
    test_fraction: float
    learning_rate: float
    momentum: float
    batch_size: int | None  # None: full batch (one update per epoch)
    max_epochs: int
    patience: int | None  # early stopping on the held-out loss; None: off


def patience_for(max_epochs: int) -> int:
    """Early-stopping patience scaled to the epoch budget (a tenth of it, at least the rule's
    own default): patience 20 on a 10,000-epoch budget stops on the first flat stretch."""
    return max(int(DEFAULT_THRESHOLDS["early"]), int(max_epochs) // 10)


def _classification(samples: int, epochs: int) -> Preset:
    # full batch with momentum: on these sets it converges in fewer epochs than mini-batches,
    # and an epoch costs one matrix product per layer (measured: under 3 s each headless)
    return Preset(samples, 0.2, 0.2, 0.9, None, epochs, patience_for(epochs))


PRESETS: dict[str, Preset] = {
    "circle": _classification(200, 2000),
    "xor": _classification(200, 2000),
    "gauss": _classification(200, 2000),
    "spiral": _classification(500, 10000),  # 200 points leave the spiral's arms too sparse
    "regression": Preset(200, 0.2, 0.05, 0.0, None, 2000, patience_for(2000)),
    "plane": Preset(200, 0.2, 0.05, 0.0, None, 2000, patience_for(2000)),
    "reg-gauss": Preset(300, 0.2, 0.1, 0.9, None, 4000, patience_for(4000)),
    **{
        name: Preset(200, 0.2, 0.1, 0.9, None, 4000, patience_for(4000))
        for name in ("sin", "cos", "tanh", "abs", "step")
    },
}
DOCUMENT_PRESET = Preset(0, 0.0, 0.05, 0.0, None, 2000, None)  # the lecture's few samples


def preset(name: str) -> Preset:
    """The set's defaults (``DOCUMENT_PRESET`` for anything that is not a generated set)."""
    return PRESETS.get(name, DOCUMENT_PRESET)


def preset_config(name: str, seed: int = 0) -> TrainConfig:
    """The TrainConfig the lab starts with on a generated set (stop rules as the panel's)."""
    p = preset(name)
    stop = [StopRule("weights", DEFAULT_THRESHOLDS["weights"]), StopRule("gradient", 1e-4)]
    if p.patience is not None and p.test_fraction > 0:
        stop.append(StopRule("early", float(p.patience)))
    return TrainConfig(
        learning_rate=p.learning_rate,
        max_epochs=p.max_epochs,
        batch_size=p.batch_size,
        momentum=p.momentum,
        stop=tuple(stop),
        seed=seed,
    )


# ---------------------------------------------------------------------------- own values


def own_samples(
    graph: Graph, ids: list[str], test_fraction: float, seed: int
) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray] | None, int]:
    """(train, test or None, total samples): the leaves ``ids`` (inputs and targets) at the
    values the document gives them, split with ``seed`` as ``train --seed`` splits a table.
    ValueError if they disagree on the number of samples."""
    values = {nid: np.atleast_1d(np.asarray(graph[nid].value, dtype=float)) for nid in ids}
    lengths = {v.shape[0] for v in values.values()}
    if len(lengths) > 1:
        detail = ", ".join(f"{graph[k].display}: {v.shape[0]}" for k, v in values.items())
        raise ValueError(
            tr("the document's inputs disagree on the number of samples ({detail})", detail=detail)
        )
    n = lengths.pop() if lengths else 1
    train_rows, test_rows = split_rows(n, test_fraction, seed)
    train = {k: v[train_rows] for k, v in values.items()}
    test = None if test_rows is None else {k: v[test_rows] for k, v in values.items()}
    return train, test, n


def run_from_trace(
    graph: Graph, trace: Trace, training: bool = False, dropout_seed: int = 0
) -> Run:
    """A Run the window (or ``trace --lr``) shows for a recorded update: values and gradients
    as they stand before the update steps, the whole trace (forward, backward, updates).
    ``training`` and ``dropout_seed`` say how the trace was computed (a gradient check of the
    run recomputes it so)."""
    first_update = next(
        (i for i, s in enumerate(trace.steps) if isinstance(s, UpdateStep)), len(trace)
    )
    state = trace.state_at(first_update)
    assert graph.output is not None
    out = state.values.get(graph.output)
    objective = math.nan if out is None else float(np.mean(np.asarray(out, dtype=float)))
    values, gradients = dict(state.values), dict(state.gradients)
    return Run(graph, values, gradients, objective, trace, [], training, dropout_seed)


# ---------------------------------------------------------------------------- command line


def _number(value: float) -> str:
    """The shortest text that reads back as the same float (so the run is bit-identical)."""
    value = float(value)
    return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)


def network_argv(spec: NetworkSpec, data_kind: str, seed: int) -> list[str] | None:
    """``--mlp …`` options that build ``spec`` (None if ``--mlp`` cannot say it: dropout, an
    initialisation other than xavier, or one activation per layer)."""
    if not isinstance(spec.activation, str):
        return None
    plain = NetworkSpec(
        spec.sizes,
        activation=spec.activation,
        output_activation=spec.output_activation,
        loss=spec.loss,
        granularity=spec.granularity,
        seed=spec.seed,
        features=spec.features,
        regularization=spec.regularization,
        reg_rate=spec.reg_rate,
    )
    if plain != spec:
        return None
    argv = ["--mlp", "-".join(str(s) for s in spec.sizes)]
    if spec.activation != "tanh":
        argv += ["--activation", spec.activation]
    inferred_loss = "bce" if data_kind == "classification" else "mse"
    if spec.loss != inferred_loss:
        argv += ["--loss", spec.loss]
    inferred_output = {"bce": "sigmoid", "softmax_ce": "softmax"}.get(spec.loss, "identity")
    if spec.output_activation != inferred_output:
        argv += ["--output", spec.output_activation]
    if spec.granularity != "layer":
        argv += ["--granularity", spec.granularity]
    if spec.seed != seed:
        argv += ["--init-seed", str(spec.seed)]
    if spec.features:
        argv += ["--features", ",".join(spec.features)]
    if spec.regularization != "none":
        argv += ["--regularization", spec.regularization, "--reg-rate", _number(spec.reg_rate)]
    return argv


def data_argv(
    source: str,
    *,
    path: str = "",
    samples: int = 200,
    noise: float | None = None,
    seed: int = 0,
    test_fraction: float = 0.0,
) -> list[str]:
    """The data options: ``source`` is "document" (no option: the document's own values),
    "csv" (``--data path``) or a generated set's name."""
    argv: list[str] = []
    if source == "csv":
        argv += ["--data", path]
    elif source != "document":
        argv += ["--dataset", source, "--samples", str(samples)]
        if noise is not None:
            argv += ["--noise", _number(noise)]
    argv += ["--seed", str(seed)]
    if test_fraction > 0:
        argv += ["--test-fraction", _number(test_fraction)]
    return argv


def config_argv(config: TrainConfig) -> list[str]:
    """The optimisation and stopping options that give ``config``."""
    argv = ["--epochs", str(config.max_epochs), "--lr", _number(config.learning_rate)]
    if config.batch_size is not None:
        argv += ["--batch-size", str(config.batch_size)]
    if config.momentum:
        argv += ["--momentum", _number(config.momentum)]
    if config.stop:
        argv += ["--stop", *(f"{r.name}={_number(r.threshold)}" for r in config.stop)]
    if config.dtype != "float64":
        argv += ["--dtype", config.dtype]
    return argv


def train_argv(source: list[str], data: list[str], config: TrainConfig) -> list[str]:
    """Everything after ``backprop-studio train``."""
    return [*source, *data, *config_argv(config)]


def command_line(argv: list[str]) -> str:
    """The line to paste into a terminal (quoted for a POSIX shell)."""
    return shlex.join([*PROG, *argv])


def program_argv(
    document: Any,
    path: str | None,
    modified: bool,
    data_kind: str,
    seed: int,
    own_values: bool = False,
) -> list[str] | None:
    """How ``train`` names the document being trained: ``--mlp …`` for a network still at its
    seeded weights (given data: ``--mlp`` has no values of its own), the file for a saved and
    unchanged document, an example's name for an unchanged example; None when only saving it
    would let the command line read it."""
    network = document.source_kind == "network" and document.spec is not None
    if network and not own_values and _at_initial_weights(document):
        argv = network_argv(document.spec, data_kind, seed)
        if argv is not None:
            return argv
    if path and not modified:
        return [path]
    name = _example_name(document)
    return [name] if name else None


def _at_initial_weights(document: Any) -> bool:
    from .document import Document

    if not document.values:
        return True
    try:
        built = document.network()
        fresh = Document.from_network(document.spec).network()
    except Exception:  # noqa: BLE001 - a document that does not build has no command line
        return False
    for nid in fresh.graph.nodes:
        node = fresh.graph[nid]
        if not node.is_leaf or node.role != Role.PARAM:
            continue
        other = built.graph.nodes.get(nid)
        if other is None or not np.array_equal(np.asarray(other.value), np.asarray(node.value)):
            return False
    return True


_EXAMPLES: dict[str, Any] = {}


def _code(program: str | None) -> str | None:
    """The program without its comments and blank lines (the language has no strings, so
    ``#`` always starts a comment)."""
    if program is None:
        return None
    lines = (line.split("#", 1)[0].rstrip() for line in program.splitlines())
    return "\n".join(line for line in lines if line)


def _example_name(document: Any) -> str | None:
    from .examples import example_names, load_example

    def key(doc: Any) -> tuple[Any, ...]:
        # comments aside: an example opened in Russian has its comment lines translated
        return (
            doc.source_kind,
            _code(doc.program),
            doc.spec,
            doc.samples,
            repr(doc.values),
            doc.output,
        )

    target = key(document)
    for name in example_names():
        if name not in _EXAMPLES:
            try:
                _EXAMPLES[name] = key(load_example(name))
            except Exception:  # noqa: BLE001 - a broken example simply matches nothing
                _EXAMPLES[name] = None
        if _EXAMPLES[name] == target:
            return name
    return None


# ---------------------------------------------------------------------------- stalls


def stall_advice(
    train_loss: np.ndarray,
    train_accuracy: np.ndarray,
    chance: float | None,
    stop_reason: str,
    learning_rate: float,
    max_epochs: int,
) -> str:
    """Why a run that ended (or paused) has not learned, with the likely remedy; "" when it
    is doing fine. ``chance`` is the majority class's share (None: not a classification).

    Flat: the training loss moved by under 1 % over the last tenth of the run. At chance:
    accuracy within 5 points of always answering the majority class."""

    losses = np.asarray(train_loss, dtype=float)
    if len(losses) < 10 or not np.all(np.isfinite(losses[-10:])):
        return ""
    tail = max(10, len(losses) // 10)
    recent = losses[-tail:]
    change = (recent[0] - recent[-1]) / max(abs(recent[0]), 1e-12)
    flat = abs(change) < 0.01
    accuracy = float(np.asarray(train_accuracy, dtype=float)[-1]) if len(train_accuracy) else 0.0
    at_chance = chance is not None and np.isfinite(accuracy) and accuracy <= chance + 0.05
    poor = chance is not None and np.isfinite(accuracy) and accuracy < 0.9
    eta = _number(learning_rate)
    if at_chance and flat:
        return tr(
            "Training has stalled: Q is flat and the accuracy ({accuracy} %) is at chance. "
            "Likely remedies: a larger learning rate η (now {eta}), momentum μ 0.9, more "
            "neurons (New network…, e.g. 2-8-8-1), or more epochs.",
            accuracy=f"{100 * accuracy:.1f}",
            eta=eta,
        )
    if poor and stop_reason in ("weights", "gradient"):
        return tr(
            "The stopping rule fired on a flat stretch, not at a good fit (accuracy "
            "{accuracy} %). Likely remedies: a larger η (now {eta}) or momentum μ 0.9 to cross "
            "the plateau, a smaller ε, or more neurons.",
            accuracy=f"{100 * accuracy:.1f}",
            eta=eta,
        )
    if poor and stop_reason == "max_epochs" and change > 0.01:
        return tr(
            "Q was still falling when the {epochs} epochs ran out (accuracy {accuracy} %): "
            "allow more epochs, or a larger η (now {eta}).",
            epochs=max_epochs,
            accuracy=f"{100 * accuracy:.1f}",
            eta=eta,
        )
    if poor and flat:
        return tr(
            "Q has stopped falling at {accuracy} % accuracy: the network is likely too small "
            "for this boundary (New network…, more neurons) or η (now {eta}) too small.",
            accuracy=f"{100 * accuracy:.1f}",
            eta=eta,
        )
    return ""
