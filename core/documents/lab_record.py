"""The training lab's state as a document keeps it, so a teacher can share a setup.

TensorFlow Playground keeps its whole state in its URL; a document keeps the lab's in an
optional ``lab`` object, next to the network (whose spec already holds the features and the
penalty, and whose ``values`` hold the weights after Keep weights)::

    "lab": {
      "data": {"source": "circle", "samples": 200, "noise": null, "seed": 0,
               "test_fraction": 0.2, "path": "", "sha256": ""},
      "settings": {"learning_rate": 0.2, "batch_size": null, "momentum": 0.9,
                   "max_epochs": 2000, "stop": [["weights", 1e-06], ["early", 200.0]],
                   "speed": null},
      "hidden": ["noise", "command"],
      "plots": {"show_test": true, "discretize": false}
    }

``data.source`` is "document" (the document's own values), "csv" (``path``, with the file's
SHA-256 when it was saved, so a changed file can be told apart) or a generated set's name,
which with its seed, samples, noise and split regenerates exactly the same samples.
``hidden`` names the controls a teacher hid (classroom mode, ``CONTROLS``). Every key is
optional; what is absent takes the lab's defaults. ``LabRecordError`` names the bad field as
a path below ``lab`` (the document reader prefixes it), in the style of core.documents.document.
"""

from __future__ import annotations

import hashlib
import math
import os
import re
from dataclasses import dataclass
from typing import Any

from ..io.limits import number_problem
from ..text.i18n import tr
from ..training import datasets
from ..training.train import STOP_RULES
from . import fields
from .fields import FieldError

LAB_KEYS = ("data", "settings", "hidden", "plots")
DATA_KEYS = ("source", "samples", "noise", "seed", "test_fraction", "path", "sha256")
SETTINGS_KEYS = ("learning_rate", "batch_size", "momentum", "max_epochs", "stop", "speed")
PLOT_KEYS = ("show_test", "discretize")
CONTROLS: tuple[str, ...] = (
    "run",
    "source",
    "samples",
    "noise",
    "seed",
    "held_out",
    "new_network",
    "features",
    "learning_rate",
    "batch",
    "momentum",
    "speed",
    "penalty",
    "stop",
    "command",
)
"""The lab's controls a teacher can hide one by one (classroom mode)."""
MAX_SEED = 1_000_000
MAX_EPOCHS = 100_000_000
MAX_PATH = 4_096
SHA256 = re.compile(r"^[0-9a-f]{64}$")


class LabRecordError(FieldError):
    """A bad field of a document's ``lab``, by its path below ``lab`` (the document reader
    prefixes it)."""


@dataclass(frozen=True)
class LabRecord:
    """What the lab trains on and how; the defaults are the lab's own."""

    source: str = "document"  # "document", "csv" or a generated set's name
    samples: int = 200
    noise: float | None = None  # None: the set's own default
    seed: int = 0
    test_fraction: float = 0.0
    path: str = ""  # the CSV file
    sha256: str = ""  # the CSV file's hash when the document was saved
    learning_rate: float = 0.05
    batch_size: int | None = None  # None: full batch
    momentum: float = 0.0
    max_epochs: int = 2000
    stop: tuple[tuple[str, float], ...] = ()
    speed: float | None = None  # epochs per second; None: as fast as it goes
    hidden: tuple[str, ...] = ()
    show_test: bool = True
    discretize: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {
            "data": {
                "source": self.source,
                "samples": int(self.samples),
                "noise": None if self.noise is None else float(self.noise),
                "seed": int(self.seed),
                "test_fraction": float(self.test_fraction),
                "path": self.path,
                "sha256": self.sha256,
            },
            "settings": {
                "learning_rate": float(self.learning_rate),
                "batch_size": None if self.batch_size is None else int(self.batch_size),
                "momentum": float(self.momentum),
                "max_epochs": int(self.max_epochs),
                "stop": [[rule, float(threshold)] for rule, threshold in self.stop],
                "speed": None if self.speed is None else float(self.speed),
            },
            "hidden": list(self.hidden),
            "plots": {"show_test": self.show_test, "discretize": self.discretize},
        }


def file_hash(path: str | os.PathLike[str]) -> str:
    """The SHA-256 of a file's bytes, hex; "" when it cannot be read."""
    digest = hashlib.sha256()
    try:
        with open(path, "rb") as f:
            for block in iter(lambda: f.read(1 << 20), b""):
                digest.update(block)
    except OSError:
        return ""
    return digest.hexdigest()


# ---------------------------------------------------------------------------- reading


def lab_from_dict(data: Any) -> LabRecord:
    """Validate a document's ``lab`` object; LabRecordError names the field below ``lab``."""
    fields.an_object("", data, LabRecordError)
    fields.known_keys("", data, LAB_KEYS, LabRecordError)
    kw: dict[str, Any] = {}
    block = data.get("data", {})
    fields.an_object("data", block, LabRecordError)
    fields.known_keys("data", block, DATA_KEYS, LabRecordError)
    if "source" in block:
        kw["source"] = _source(block["source"])
    if "samples" in block:
        kw["samples"] = _int("data.samples", block["samples"], 2, datasets.MAX_SAMPLES)
    if block.get("noise") is not None:
        kw["noise"] = _number("data.noise", block["noise"], 0.0, datasets.MAX_NOISE)
    if "seed" in block:
        kw["seed"] = _int("data.seed", block["seed"], 0, MAX_SEED)
    if "test_fraction" in block:
        kw["test_fraction"] = _number("data.test_fraction", block["test_fraction"], 0.0, 0.9)
    if "path" in block:
        kw["path"] = fields.text("data.path", block["path"], LabRecordError, MAX_PATH)
    if "sha256" in block:
        digest = fields.text("data.sha256", block["sha256"], LabRecordError, 64)
        if digest and not SHA256.match(digest):
            raise LabRecordError(
                "data.sha256", tr("must be 64 lowercase hexadecimal digits or empty")
            )
        kw["sha256"] = digest
    if kw.get("source") == "csv" and not kw.get("path"):
        raise LabRecordError("data.path", tr("missing: the CSV file to train on"))
    settings = data.get("settings", {})
    fields.an_object("settings", settings, LabRecordError)
    fields.known_keys("settings", settings, SETTINGS_KEYS, LabRecordError)
    if "learning_rate" in settings:
        rate = _number("settings.learning_rate", settings["learning_rate"], 0.0, 1e6)
        if rate <= 0:
            raise LabRecordError(
                "settings.learning_rate", tr("must be a number above 0, got {got}", got=rate)
            )
        kw["learning_rate"] = rate
    if settings.get("batch_size") is not None:
        kw["batch_size"] = _int(
            "settings.batch_size", settings["batch_size"], 1, datasets.MAX_SAMPLES
        )
    if "momentum" in settings:
        kw["momentum"] = _number("settings.momentum", settings["momentum"], 0.0, 0.99)
    if "max_epochs" in settings:
        kw["max_epochs"] = _int("settings.max_epochs", settings["max_epochs"], 1, MAX_EPOCHS)
    if "stop" in settings:
        kw["stop"] = _stop(settings["stop"])
    if settings.get("speed") is not None:
        kw["speed"] = _number("settings.speed", settings["speed"], 0.001, 1e6)
    if "hidden" in data:
        kw["hidden"] = _hidden(data["hidden"])
    plots = data.get("plots", {})
    fields.an_object("plots", plots, LabRecordError)
    fields.known_keys("plots", plots, PLOT_KEYS, LabRecordError)
    for key in PLOT_KEYS:
        if key in plots:
            if not isinstance(plots[key], bool):
                raise LabRecordError(
                    f"plots.{key}",
                    tr("must be true or false, got {got}", got=fields.kind(plots[key])),
                )
            kw[key] = plots[key]
    return LabRecord(**kw)


def _source(value: Any) -> str:
    allowed = ("document", "csv", *datasets.names())
    if not isinstance(value, str) or value not in allowed:
        hint = fields.did_you_mean(value, allowed)
        raise LabRecordError(
            "data.source",
            tr(
                "unknown data source {got}{hint}; choose from {allowed}",
                got=fields.kind(value),
                hint=hint,
                allowed=", ".join(allowed),
            ),
        )
    return value


def _int(where: str, value: Any, low: int, high: int) -> int:
    if not fields.is_int(value) or not low <= value <= high:
        raise LabRecordError(
            where,
            tr(
                "must be a whole number from {low} to {high}, got {got}",
                low=low,
                high=high,
                got=fields.kind(value),
            ),
        )
    return int(value)


def _number(where: str, value: Any, low: float, high: float) -> float:
    if number_problem(value) is not None or not low <= float(value) <= high:
        raise LabRecordError(
            where,
            tr(
                "must be a number from {low} to {high}, got {got}",
                low=f"{low:g}",
                high=f"{high:g}",
                got=fields.kind(value),
            ),
        )
    return float(value)


def _stop(value: Any) -> tuple[tuple[str, float], ...]:
    if not isinstance(value, list):
        raise LabRecordError(
            "settings.stop",
            tr("must be a list of [rule, threshold] pairs, got {got}", got=fields.kind(value)),
        )
    out: list[tuple[str, float]] = []
    for k, item in enumerate(value):
        where = f"settings.stop[{k}]"
        if not (isinstance(item, list) and len(item) == 2 and isinstance(item[0], str)):
            raise LabRecordError(
                where, tr("must be a [rule, threshold] pair, got {got}", got=fields.kind(item))
            )
        rule = item[0]
        if rule not in STOP_RULES or rule == "max_epochs":
            raise LabRecordError(
                where,
                tr(
                    "unknown stopping rule {got}; choose from {allowed}",
                    got=repr(rule),
                    allowed="weights, gradient, early",
                ),
            )
        threshold = _number(where, item[1], 0.0, 1e12)
        if threshold <= 0 or (rule == "early" and not math.isclose(threshold, round(threshold))):
            raise LabRecordError(
                where,
                tr("the threshold must be above 0 (early: a whole number of epochs)"),
            )
        if any(r == rule for r, _ in out):
            raise LabRecordError(where, tr("{name} is listed twice", name=repr(rule)))
        out.append((rule, threshold))
    return tuple(out)


def _hidden(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list):
        raise LabRecordError(
            "hidden", tr("must be a list of control names, got {got}", got=fields.kind(value))
        )
    out: list[str] = []
    for k, name in enumerate(value):
        if not isinstance(name, str) or name not in CONTROLS:
            hint = fields.did_you_mean(name, CONTROLS)
            raise LabRecordError(
                f"hidden[{k}]",
                tr(
                    "unknown control {got}{hint}; choose from {allowed}",
                    got=fields.kind(name),
                    hint=hint,
                    allowed=", ".join(CONTROLS),
                ),
            )
        if name not in out:
            out.append(name)
    return tuple(n for n in CONTROLS if n in out)
