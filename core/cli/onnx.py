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

from ..frameworks.onnx_import import (
    LOSSES,
    OnnxError,
    OnnxModel,
    add_loss,
    open_onnx,
    row_numbers,
    split_row,
)
from ..text.i18n import tr


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options that apply to .onnx sources (ignored, and refused if given, for the others)."""
    group = parser.add_argument_group(tr("ONNX models (.onnx sources)"))
    group.add_argument(
        "--loss",
        choices=LOSSES,
        help=tr("add a loss node on the model's output (needs a target)"),
    )
    group.add_argument(
        "--target",
        metavar=tr("VALUES"),
        help=tr(
            "the loss's target: a number or a JSON list (softmax_ce: a class index or one-hot)"
        ),
    )
    group.add_argument(
        "--data",
        metavar=tr("F.csv"),
        help=tr("take the inputs (then the target) from a CSV row"),
    )
    group.add_argument(
        "--row",
        type=int,
        default=1,
        metavar="N",
        help=tr("which data row of --data (default 1)"),
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
    numbers = row_numbers(path, row)
    shapes = [np.shape(model.graph[name].value) for name in model.inputs]
    needed = sum(int(np.prod(shape)) if shape else 1 for shape in shapes)
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
    values, rest = split_row(numbers, shapes)
    for name, value in zip(model.inputs, values, strict=True):
        model.graph.set_value(name, value)
    if not rest:
        return None
    return rest[0] if len(rest) == 1 else np.asarray(rest)


def train_document(path: str, loss: str | None, table: Any) -> tuple[Any, Any]:
    """(program document, feed) to train an ONNX model on a table: the first columns fill the
    model's inputs in order (one column per input feature, one row per sample), the remaining
    columns are the target of ``loss``. ``feed(table)`` gives the trainer's data."""
    from ..autodiff.graph import Role
    from ..documents.document import Document, DocumentError
    from ..documents.graph_program import onnx_document
    from ..lang.expr import ProgramError, parse

    if loss is None:
        raise OnnxError(tr("training an ONNX model needs a loss: --loss mse, bce or softmax_ce"))
    try:
        document = onnx_document(path, as_network=False)
        graph = document.build()
    except DocumentError as exc:
        raise OnnxError(str(exc)) from exc
    inputs = [n for n in graph.leaves() if n.role is Role.INPUT and not n.literal]
    widths = [int(np.shape(n.value)[-1]) if np.ndim(n.value) else 1 for n in inputs]
    needed, columns = sum(widths), len(table.names)
    if columns <= needed:
        raise OnnxError(
            tr(
                "{source} has {count} columns; the model's inputs take the first {needed} and "
                "the target needs at least one more",
                source=table.source,
                count=columns,
                needed=needed,
            )
        )
    lines = document.program.rstrip("\n").splitlines()
    output = lines.pop()[len("output(") : -1]  # graph_to_program ends with output(NAME)
    names = {n.name for n in graph.nodes.values() if n.name}
    target = next(t for t in ("target", "target_1", "target_2", "_target") if t not in names)
    lossname = next(t for t in ("loss", "loss_1", "loss_2", "_loss") if t not in names)
    zeros = [[0.0] * (columns - needed)]
    lines.append(f"{target}: input = {zeros!r}")
    if loss == "mse":
        lines.append(f"{lossname} = mse({output}, {target})")
    else:
        lines.append(f"{lossname} = mean({loss}({output}, {target}))")
    lines.append(f"output({lossname})")
    text = "\n".join(lines) + "\n"
    try:
        parse(text)
    except ProgramError as exc:  # pragma: no cover - the writer's own output
        raise OnnxError(f"{path}: {exc}") from exc
    trained = Document.from_program(text, title=document.title, caption=document.caption)
    names_in_order = [n.name for n in inputs] + [target]
    spans = [*widths, columns - needed]

    def feed(data: Any) -> dict[str, Any]:
        out, k = {}, 0
        for name, width in zip(names_in_order, spans, strict=True):
            cols = [data.columns[c] for c in data.names[k : k + width]]
            out[name] = np.column_stack(cols)
            k += width
        return out

    return trained, feed
