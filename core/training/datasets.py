"""Generated data sets, seeded: the lecture's paired regression and TensorFlow Playground's sets.

Classroom exercises from TensorFlow Playground carry over: ``circle``, ``xor``, ``gauss`` and
``spiral`` follow its generators (the same geometry, radius 5 or 6, and its noise scale, where
0.5 is the slider's 50 %), with labels 0 and 1 instead of −1 and +1 so they suit a sigmoid
output and binary cross-entropy. ``plane`` is its regression plane y = (x1 + x2) / 10 and
``reg-gauss`` its multi-Gaussian regression: six centres of alternating sign, the label
sign·max(0, 1 − d/2) of the centre that gives the largest magnitude; both keep Playground's
labels in [−1, 1], which an identity output and MSE fit.
Noise is a fraction on every set, at most 1 (``MAX_NOISE``): Playground's slider shows percent,
and its 25 is 0.25 here.
The 1-D function sets ``sin``, ``cos``, ``tanh``, ``abs`` and ``step`` sample x uniformly on
[−π, π] and add Gaussian noise of standard deviation ``noise`` to y = f(x), as the paired
regression does; they are the curves a one-hidden-layer network is shown to approximate
(Cybenko's theorem).
``regression`` is the lecture's paired regression: y = w0 + w1·x + Gaussian noise of standard
deviation ``noise``, with w0 = 0.5 and w1 = 2 (``TRUE_LINE``).

Column names follow the lecture and ``--mlp`` networks: x1, x2 → y. The paired regression has
x → y, and the same x again as x1 so that a one-input network (``--mlp 1-4-1``) can fit it.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from ..text.i18n import count as count_text
from ..text.i18n import tr
from .data import DataError, Table

TRUE_LINE = (0.5, 2.0)  # (w0, w1) of the paired-regression set
MAX_SAMPLES = 1_000_000
MAX_NOISE = 1.0  # noise is a fraction: Playground's 25 % is 0.25
REG_GAUSS_CENTRES = (  # (x1, x2, sign) of Playground's multi-Gaussian regression
    (-4.0, 2.5, 1.0),
    (0.0, 2.5, -1.0),
    (4.0, 2.5, 1.0),
    (-4.0, -2.5, -1.0),
    (0.0, -2.5, 1.0),
    (4.0, -2.5, -1.0),
)
FUNCTIONS: dict[str, Callable[[np.ndarray], np.ndarray]] = {
    "sin": np.sin,
    "cos": np.cos,
    "tanh": np.tanh,
    "abs": np.abs,
    "step": lambda x: (x >= 0).astype(float),
}


@dataclass(frozen=True)
class DatasetInfo:
    name: str
    kind: str  # "classification" (labels 0/1) or "regression"
    columns: tuple[str, ...]
    default_noise: float
    summary: str


Generator = Callable[[np.random.Generator, int, float], dict[str, np.ndarray]]


def _halves(n: int) -> tuple[int, int]:
    return n // 2, n - n // 2


def _circle(rng: np.random.Generator, n: int, noise: float) -> dict[str, np.ndarray]:
    radius = 5.0
    xs, ys, labels = [], [], []
    for count, (lo, hi) in zip(_halves(n), ((0.0, 0.5), (0.7, 1.0)), strict=True):
        r = rng.uniform(radius * lo, radius * hi, count)
        angle = rng.uniform(0.0, 2 * math.pi, count)
        x, y = r * np.sin(angle), r * np.cos(angle)
        nx = rng.uniform(-radius, radius, count) * noise
        ny = rng.uniform(-radius, radius, count) * noise
        labels.append((np.hypot(x + nx, y + ny) < radius * 0.5).astype(float))
        xs.append(x)
        ys.append(y)
    return {"x1": np.concatenate(xs), "x2": np.concatenate(ys), "y": np.concatenate(labels)}


def _xor(rng: np.random.Generator, n: int, noise: float) -> dict[str, np.ndarray]:
    padding = 0.3
    x = rng.uniform(-5.0, 5.0, n)
    y = rng.uniform(-5.0, 5.0, n)
    x = x + np.where(x > 0, padding, -padding)
    y = y + np.where(y > 0, padding, -padding)
    nx = rng.uniform(-5.0, 5.0, n) * noise
    ny = rng.uniform(-5.0, 5.0, n) * noise
    label = ((x + nx) * (y + ny) >= 0).astype(float)
    return {"x1": x, "x2": y, "y": label}


def _gauss(rng: np.random.Generator, n: int, noise: float) -> dict[str, np.ndarray]:
    variance = 0.5 + (4.0 - 0.5) * (noise / 0.5)  # Playground maps noise 0..0.5 to 0.5..4
    sd = math.sqrt(max(variance, 0.0))
    parts = []
    for count, (center, label) in zip(
        _halves(n), (((2.0, 2.0), 1.0), ((-2.0, -2.0), 0.0)), strict=True
    ):
        parts.append(
            (
                rng.normal(center[0], sd, count),
                rng.normal(center[1], sd, count),
                np.full(count, label),
            )
        )
    return {k: np.concatenate([p[c] for p in parts]) for c, k in enumerate(("x1", "x2", "y"))}


def _spiral(rng: np.random.Generator, n: int, noise: float) -> dict[str, np.ndarray]:
    parts = []
    for count, (delta, label) in zip(_halves(n), ((0.0, 1.0), (math.pi, 0.0)), strict=True):
        i = np.arange(count)
        r = i / max(count, 1) * 5.0
        t = 1.75 * i / max(count, 1) * 2 * math.pi + delta
        x = r * np.sin(t) + rng.uniform(-1.0, 1.0, count) * noise
        y = r * np.cos(t) + rng.uniform(-1.0, 1.0, count) * noise
        parts.append((x, y, np.full(count, label)))
    return {k: np.concatenate([p[c] for p in parts]) for c, k in enumerate(("x1", "x2", "y"))}


def _plane(rng: np.random.Generator, n: int, noise: float) -> dict[str, np.ndarray]:
    radius = 6.0
    x = rng.uniform(-radius, radius, n)
    y = rng.uniform(-radius, radius, n)
    nx = rng.uniform(-radius, radius, n) * noise
    ny = rng.uniform(-radius, radius, n) * noise
    return {"x1": x, "x2": y, "y": ((x + nx) + (y + ny)) / 10.0}


def reg_gauss_label(x1: np.ndarray, x2: np.ndarray) -> np.ndarray:
    """sign·max(0, 1 − d/2) of the centre whose value is largest in magnitude (the first on a tie)."""
    best = np.zeros(np.broadcast(x1, x2).shape)
    for cx, cy, sign in REG_GAUSS_CENTRES:
        value = sign * np.clip(1.0 - np.hypot(x1 - cx, x2 - cy) / 2.0, 0.0, 1.0)
        best = np.where(np.abs(value) > np.abs(best), value, best)
    return best


def _reg_gauss(rng: np.random.Generator, n: int, noise: float) -> dict[str, np.ndarray]:
    radius = 6.0
    x = rng.uniform(-radius, radius, n)
    y = rng.uniform(-radius, radius, n)
    nx = rng.uniform(-radius, radius, n) * noise
    ny = rng.uniform(-radius, radius, n) * noise
    return {"x1": x, "x2": y, "y": reg_gauss_label(x + nx, y + ny)}


def _function(name: str) -> Generator:
    f = FUNCTIONS[name]

    def generate(rng: np.random.Generator, n: int, noise: float) -> dict[str, np.ndarray]:
        x = rng.uniform(-math.pi, math.pi, n)
        return {"x": x, "x1": x, "y": f(x) + rng.normal(0.0, noise, n)}

    return generate


def _regression(rng: np.random.Generator, n: int, noise: float) -> dict[str, np.ndarray]:
    w0, w1 = TRUE_LINE
    x = rng.uniform(-2.0, 2.0, n)
    return {"x": x, "x1": x, "y": w0 + w1 * x + rng.normal(0.0, noise, n)}


DATASETS: dict[str, tuple[DatasetInfo, Generator]] = {
    info.name: (info, gen)
    for info, gen in (
        (
            DatasetInfo(
                "regression",
                "regression",
                ("x", "x1", "y"),
                0.5,
                "paired regression y = 0.5 + 2x + noise (x1 = x)",
            ),
            _regression,
        ),
        (
            DatasetInfo("circle", "classification", ("x1", "x2", "y"), 0.0, "a disc inside a ring"),
            _circle,
        ),
        (
            DatasetInfo("xor", "classification", ("x1", "x2", "y"), 0.0, "the four XOR quadrants"),
            _xor,
        ),
        (
            DatasetInfo("gauss", "classification", ("x1", "x2", "y"), 0.0, "two Gaussian clouds"),
            _gauss,
        ),
        (
            DatasetInfo(
                "spiral", "classification", ("x1", "x2", "y"), 0.0, "two interleaved spirals"
            ),
            _spiral,
        ),
        (
            DatasetInfo(
                "plane", "regression", ("x1", "x2", "y"), 0.0, "the plane y = (x1 + x2)/10"
            ),
            _plane,
        ),
        (
            DatasetInfo(
                "reg-gauss",
                "regression",
                ("x1", "x2", "y"),
                0.0,
                "six signed Gaussian bumps (labels −1 … 1)",
            ),
            _reg_gauss,
        ),
        *(
            (
                DatasetInfo(name, "regression", ("x", "x1", "y"), 0.0, summary),
                _function(name),
            )
            for name, summary in (
                ("sin", "y = sin x on [−π, π]"),
                ("cos", "y = cos x on [−π, π]"),
                ("tanh", "y = tanh x on [−π, π]"),
                ("abs", "y = |x| on [−π, π]"),
                ("step", "y = 0 for x < 0, 1 from 0 on [−π, π]"),
            )
        ),
    )
}


def names() -> list[str]:
    return list(DATASETS)


def info(name: str) -> DatasetInfo:
    if name not in DATASETS:
        raise DataError(
            tr(
                "unknown data set {name}; choose from {names}",
                name=repr(name),
                names=", ".join(DATASETS),
            )
        )
    return DATASETS[name][0]


def check_noise(level: float) -> None:
    """Refuse noise above 1: it is a fraction, and a percent typed from Playground's slider
    (25) would silently give a near-random set."""
    if level > MAX_NOISE:
        raise DataError(
            tr(
                "noise is a fraction from 0 to 1 (Playground's 25 % is 0.25), got {got}",
                got=f"{level:g}",
            )
        )


def generate(name: str, samples: int = 200, noise: float | None = None, seed: int = 0) -> Table:
    """``samples`` rows of the named set; ``noise`` None means the set's default."""
    meta = info(name)
    if isinstance(samples, bool) or not isinstance(samples, (int, np.integer)) or samples < 2:
        raise DataError(
            tr("samples must be a whole number of at least 2, got {got}", got=repr(samples))
        )
    if samples > MAX_SAMPLES:
        raise DataError(
            tr(
                "samples must be at most {limit}, got {got}",
                limit=count_text(MAX_SAMPLES),
                got=count_text(samples),
            )
        )
    level = meta.default_noise if noise is None else float(noise)
    if not math.isfinite(level) or level < 0:
        raise DataError(tr("noise must be a finite number ≥ 0, got {got}", got=repr(noise)))
    check_noise(level)
    rng = np.random.default_rng(seed)
    columns = DATASETS[name][1](rng, int(samples), level)
    return Table({k: np.asarray(columns[k], dtype=float) for k in meta.columns}, name)


def generate_split(
    name: str,
    samples: int = 200,
    noise: float | None = None,
    seed: int = 0,
    test_fraction: float = 0.0,
) -> tuple[Table, Table | None]:
    """``generate`` then the seeded train/test split, with the same seed (as ``train --seed``)."""
    return generate(name, samples, noise, seed).split(test_fraction, seed=seed)
