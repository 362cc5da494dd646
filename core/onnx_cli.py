"""The command line's side of ONNX models: ``--loss``, ``--target``, ``--data F.csv --row N``.

``trace``, ``check`` (and ``export``) open an ``.onnx`` source through ``load``: the model's
inputs start at zeros (a note on standard error says so) unless ``--set`` or a CSV row gives
them; ``--loss`` adds a loss node on the model's output with ``--target`` (or the row's
remaining numbers) as the target.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any, TextIO

import numpy as np

from core.i18n import tr
from core.onnx_import import LOSSES, OnnxError, OnnxModel, add_loss, open_onnx


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options that apply to .onnx sources (ignored, and refused if given, for the others)."""
    group = parser.add_argument_group("ONNX models (.onnx sources)")
    group.add_argument(
        "--loss", choices=LOSSES, help="add a loss node on the model's output (needs a target)"
    )
    group.add_argument(
        "--target",
        metavar="VALUES",
        help="the loss's target: a number or a JSON list (softmax_ce: a class index or one-hot)",
    )
    group.add_argument(
        "--data", metavar="F.csv", help="take the inputs (then the target) from a CSV row"
    )
    group.add_argument(
        "--row", type=int, default=1, metavar="N", help="which data row of --data (default 1)"
    )


def onnx_options_given(args: argparse.Namespace) -> list[str]:
    """The ONNX-only options on the command line (refused for other sources)."""
    given = []
    for flag, attr in (("--loss", "loss"), ("--target", "target"), ("--data", "data")):
        if getattr(args, attr, None) is not None:
            given.append(flag)
    return given


def _number_list(text: str, flag: str) -> Any:
    try:
        value = json.loads(text) if text.strip().startswith("[") else float(text)
        array = np.asarray(value, dtype=float)
    except (ValueError, TypeError) as exc:
        raise OnnxError(
            tr("{flag} {text}: not a number or a list of numbers", flag=flag, text=text[:60])
        ) from exc
    if not np.all(np.isfinite(array)):
        raise OnnxError(
            tr("{flag} {text}: the values must be finite numbers", flag=flag, text=text[:60])
        )
    return array if array.ndim else float(array)


def load(
    path: str, args: argparse.Namespace | None = None, stderr: TextIO | None = None
) -> OnnxModel:
    """The model with the command line's data and loss applied; OnnxError on any refusal."""
    model = open_onnx(path)
    loss = getattr(args, "loss", None)
    target_text = getattr(args, "target", None)
    data = getattr(args, "data", None)
    given = {item.partition("=")[0].strip() for item in (getattr(args, "set", None) or [])}
    target = None if target_text is None else _number_list(target_text, "--target")
    if data is not None:
        target = (
            _feed_row(model, data, getattr(args, "row", 1), loss is not None and target is None)
            or target
        )
        given |= set(model.inputs)
    if target is not None and loss is None:
        raise OnnxError(tr("--target needs --loss (mse, bce or softmax_ce)"))
    if loss is not None:
        if target is None:
            raise OnnxError(tr("--loss {loss} needs a target: --target VALUES", loss=loss))
        add_loss(model, loss, target)
    stream = sys.stderr if stderr is None else stderr
    for name in model.inputs:
        if name not in given:
            shape = "×".join(map(str, np.shape(model.graph[name].value))) or "1"
            model.notes.append(
                tr(
                    "input {name} ({shape}) is all zeros: give it with --set {name}=[...] or "
                    "--data F.csv --row N",
                    name=name,
                    shape=shape,
                )
            )
    for note in model.notes:
        print(tr("note: {note}", note=note), file=stream)
    return model


def _feed_row(model: OnnxModel, path: str, row: int, wants_target: bool) -> Any:
    """Fill the inputs, in order, from the numbers of data row ``row`` (1-based); with
    ``wants_target`` the numbers left over are the target (returned)."""
    from core.data import DataError, load_csv

    try:
        table = load_csv(path)
    except DataError as exc:
        raise OnnxError(str(exc)) from exc
    if not 1 <= row <= len(table):
        raise OnnxError(
            tr(
                "--row {row}: {path} has data rows 1 to {count}",
                row=row,
                path=path,
                count=len(table),
            )
        )
    numbers = [float(table.columns[name][row - 1]) for name in table.names]
    needed = sum(int(np.size(model.graph[name].value)) for name in model.inputs)
    if len(numbers) < needed or (len(numbers) > needed and not wants_target):
        raise OnnxError(
            tr(
                "{path} has {count} columns but the model's inputs take {needed} numbers "
                "(and a target only with --loss)",
                path=path,
                count=len(numbers),
                needed=needed,
            )
        )
    k = 0
    for name in model.inputs:
        shape = np.shape(model.graph[name].value)
        size = int(np.prod(shape)) if shape else 1
        chunk = np.asarray(numbers[k : k + size]).reshape(shape)
        model.graph.set_value(name, chunk if shape else float(chunk))
        k += size
    rest = numbers[k:]
    if not rest:
        return None
    return rest[0] if len(rest) == 1 else np.asarray(rest)
