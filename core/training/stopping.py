"""The lecture's stopping rules as small objects, each answering one question after an epoch.

A rule is anything with ``check(record) -> Stop | None``: it reads the epoch's record (its number,
``step_norm``, ``grad_norm``, ``test_loss``) and says whether and why training stops. The trainer
asks its rules in the order given, then ``MaxEpochs``; the first ``Stop`` ends the run. A rule
never changes the trainer: a ``Stop`` that returns other parameters (early stopping's best epoch)
carries them in ``restore`` and the trainer applies them. ``BestEpoch`` follows the held-out loss
for early stopping; the trainer updates it before the rules are asked.

``StopRule`` is the configuration's spelling (``weights``, ``gradient=1e-4``, ``early=10``) and
``build_rules`` turns it into rule objects; the next rule is one class and one line there.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

import numpy as np

from ..text.i18n import count, tr
from .train_errors import TrainError

STOP_RULES = ("weights", "gradient", "early")
DEFAULT_THRESHOLDS = {"weights": 1e-6, "gradient": 1e-6, "early": 20}


def _unknown_rule(name: str) -> str:
    return tr(
        "unknown stopping rule {rule}; choose from {rules}",
        rule=repr(name),
        rules=", ".join(STOP_RULES),
    )


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


class Measured(Protocol):
    """What a rule reads from one epoch's record (``core.training.train.EpochRecord``)."""

    @property
    def epoch(self) -> int: ...
    @property
    def step_norm(self) -> float: ...
    @property
    def grad_norm(self) -> float: ...
    @property
    def test_loss(self) -> float: ...


@dataclass(frozen=True)
class Stop:
    """Why training stops: the reason's key, the sentence for people, and what to return."""

    reason: str  # "weights" | "gradient" | "early" | "max_epochs" | "diverged"
    message: str
    best_epoch: int | None = None  # early stopping: the epoch whose parameters are returned
    restore: np.ndarray | None = None  # parameters to return instead of the current ones


class Rule(Protocol):
    def check(self, record: Measured) -> Stop | None: ...


class BestEpoch:
    """The lowest held-out loss so far, its epoch and parameters (epoch 0: none yet).

    A loss counts as lower only by more than ``min_delta``."""

    def __init__(self, params: np.ndarray, min_delta: float = 0.0) -> None:
        self.loss = math.inf
        self.epoch = 0
        self.params = params
        self.min_delta = min_delta

    def observe(self, record: Measured, params: np.ndarray) -> None:
        if math.isfinite(record.test_loss) and record.test_loss < self.loss - self.min_delta:
            self.loss, self.epoch, self.params = record.test_loss, record.epoch, params

    def state(self) -> tuple[float, int, np.ndarray]:
        return self.loss, self.epoch, self.params.copy()

    def load(self, state: tuple[float, int, np.ndarray]) -> None:
        loss, epoch, params = state
        self.loss, self.epoch, self.params = loss, epoch, params.copy()


@dataclass(frozen=True)
class SmallStep:
    """``weights``: ‖w^t − w^{t−1}‖ < ε."""

    epsilon: float

    def check(self, record: Measured) -> Stop | None:
        if not record.step_norm < self.epsilon:
            return None
        message = tr(
            "‖w^t − w^(t−1)‖ = {norm} < ε = {eps} at epoch {epoch}",
            norm=f"{record.step_norm:.3g}",
            eps=f"{self.epsilon:g}",
            epoch=record.epoch,
        )
        return Stop("weights", message)


@dataclass(frozen=True)
class SmallGradient:
    """``gradient``: ‖∇Q‖ < ε."""

    epsilon: float

    def check(self, record: Measured) -> Stop | None:
        if not record.grad_norm < self.epsilon:
            return None
        message = tr(
            "‖∇Q‖ = {norm} < ε = {eps} at epoch {epoch}",
            norm=f"{record.grad_norm:.3g}",
            eps=f"{self.epsilon:g}",
            epoch=record.epoch,
        )
        return Stop("gradient", message)


@dataclass(frozen=True)
class EarlyStopping:
    """``early``: the held-out loss has not improved for ``patience`` epochs; with
    ``restore_best`` the best epoch's parameters are returned."""

    patience: float
    best: BestEpoch
    restore_best: bool = True

    def check(self, record: Measured) -> Stop | None:
        best = self.best
        if record.epoch - best.epoch < self.patience:
            return None
        numbers = {"patience": int(self.patience), "best": f"{best.loss:.4g}", "epoch": best.epoch}
        if self.restore_best and best.epoch > 0:
            message = tr(
                "held-out loss has not improved for {patience} epochs "
                "(best {best} at epoch {epoch}); parameters restored from epoch "
                "{epoch}",
                **numbers,
            )
            return Stop("early", message, best_epoch=best.epoch, restore=best.params)
        message = tr(
            "held-out loss has not improved for {patience} epochs (best {best} at epoch {epoch})",
            **numbers,
        )
        return Stop("early", message, best_epoch=best.epoch)


@dataclass(frozen=True)
class MaxEpochs:
    """The limit that always applies, asked after every other rule."""

    limit: int

    def check(self, record: Measured) -> Stop | None:
        if record.epoch < self.limit:
            return None
        return Stop(
            "max_epochs", tr("reached the maximum of {epochs} epochs", epochs=count(self.limit))
        )


def build_rules(
    specs: Sequence[StopRule], max_epochs: int, best: BestEpoch, restore_best: bool = True
) -> list[Rule]:
    """The configured rules in their order, then the epoch limit."""
    rules: list[Rule] = []
    for spec in specs:
        if spec.name == "weights":
            rules.append(SmallStep(spec.threshold))
        elif spec.name == "gradient":
            rules.append(SmallGradient(spec.threshold))
        elif spec.name == "early":
            rules.append(EarlyStopping(spec.threshold, best, restore_best))
        else:
            raise TrainError(_unknown_rule(spec.name))
    rules.append(MaxEpochs(max_epochs))
    return rules


def diverged(epoch: int, what: str, value: float, learning_rate: float, updates: int) -> Stop:
    """The loss (``what`` = "loss") or the gradient became ``value``, not finite, in ``epoch``."""
    shown = "NaN" if math.isnan(value) else ("inf" if value > 0 else "-inf")
    numbers = {"epoch": epoch, "value": shown, "lr": f"{learning_rate:g}"}
    if what == "loss" and updates == 0:
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
    return Stop("diverged", message)
