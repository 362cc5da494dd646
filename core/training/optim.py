"""Optimisers: how one gradient moves the parameters, on the trainer's flat vector.

An optimiser is a small unit with one job, ``step(w, g) -> OptimiserStep``: given the current
parameters w and the gradient g = ∇Q(w) (flat float vectors of the same length), it returns the
new parameters and the direction b it moved along (w_new = w − η·b), which the recorded
``UpdateStep`` shows. It never writes into w or g, so the trainer can keep references as
snapshots. Any state it keeps (the velocity of momentum) comes out through ``state()`` and goes
back through ``load()`` for an exact pause and resume. The next optimiser is one more class here
and one line in ``make_optimiser``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

import numpy as np


@dataclass(frozen=True)
class OptimiserStep:
    new: np.ndarray  # w − η·direction
    direction: np.ndarray  # b: ∇Q for plain descent, the velocity with momentum


class Optimiser(Protocol):
    learning_rate: float  # η, shown in the recorded update
    momentum: float  # μ, shown in the recorded update (0 for plain descent)

    def step(self, w: np.ndarray, g: np.ndarray) -> OptimiserStep: ...

    def state(self) -> np.ndarray | None: ...

    def load(self, state: np.ndarray | None) -> None: ...


class GradientDescent:
    """w^t = w^{t−1} − η ∇Q(w^{t−1}); no state."""

    momentum = 0.0

    def __init__(self, learning_rate: float) -> None:
        self.learning_rate = learning_rate

    def step(self, w: np.ndarray, g: np.ndarray) -> OptimiserStep:
        return OptimiserStep(w - self.learning_rate * g, g)

    def state(self) -> np.ndarray | None:
        return None

    def load(self, state: np.ndarray | None) -> None:
        """Plain descent keeps nothing between steps."""


class Momentum:
    """b ← μ b + ∇Q (b = ∇Q at the first step), w ← w − η b: the form PyTorch uses."""

    def __init__(self, learning_rate: float, momentum: float) -> None:
        self.learning_rate = learning_rate
        self.momentum = momentum
        self.velocity: np.ndarray | None = None

    def step(self, w: np.ndarray, g: np.ndarray) -> OptimiserStep:
        b = g if self.velocity is None else self.momentum * self.velocity + g
        self.velocity = b
        return OptimiserStep(w - self.learning_rate * b, b)

    def state(self) -> np.ndarray | None:
        return None if self.velocity is None else self.velocity.copy()

    def load(self, state: np.ndarray | None) -> None:
        self.velocity = None if state is None else state.copy()


def make_optimiser(learning_rate: float, momentum: float = 0.0) -> Optimiser:
    """The optimiser a training configuration asks for (momentum 0 is plain descent)."""
    if momentum:
        return Momentum(learning_rate, momentum)
    return GradientDescent(learning_rate)
