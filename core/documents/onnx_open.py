"""An ONNX model opened with a sample and a loss chosen by a person (the window asks once).

A model file carries weights but no data: its inputs would start at zeros and nothing says what
it should have computed. ``read_plan`` reads the model once and says what there is to choose
(each input's name and shape, the output's shape and the op that computes it) together with the
document that opens without choices; ``choose`` turns the chosen values, loss and target into
the document, checking each field the way the command line's ``--set``, ``--loss`` and
``--target`` do (the same rules, so the same numbers open the same graph).

Where the document goes: a plain fully connected network stays a network document (View → Show
Neurons draws it neuron by neuron) when the network's own loss computes what ``--loss`` computes
on the model's output: none, ``mse``, or ``bce`` on a sigmoid output. The network's
``softmax_ce`` reads the logits before its softmax while ``--loss softmax_ce`` reads the model's
output as the logits, and its ``bce`` needs a sigmoid output, so those choices open the model as a
program, with the loss written under it, and the numbers stay those of ``trace --loss``.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from ..frameworks.onnx_import import (
    OnnxError,
    add_loss,
    loss_target,
    model_to_graph,
    row_numbers,
    split_row,
)
from ..lang.value_text import ValueTextError, read_value
from ..text.i18n import tr
from .document import Document, DocumentError
from .graph_program import (
    model_document,
    network_spec_of,
    program_of_model,
    read_onnx,
)

MAX_TYPED = 64  # inputs with more numbers than this are offered as one number (zeros: "0")


class ChoiceError(ValueError):
    """A chosen value that does not fit; ``field`` is the input's name, "target" or "csv"."""

    def __init__(self, field_name: str, message: str) -> None:
        super().__init__(message)
        self.field = field_name


@dataclass(frozen=True)
class ModelInput:
    name: str  # the ONNX name (the leaf's id and name)
    shape: tuple[int, ...]


@dataclass(frozen=True)
class OnnxPlan:
    """What a model offers to choose, and the document it opens as without choices."""

    path: str
    inputs: tuple[ModelInput, ...]
    output: str  # the output's name as the graph shows it
    output_shape: tuple[int, ...]
    output_op: str  # the op that computes the output ("sigmoid", "softmax", "add" …)
    default: Document  # inputs at zeros, no loss, the caption saying so
    notes: tuple[str, ...] = ()  # e.g. "the model has 2 outputs; showing the first"
    proto: Any = field(default=None, repr=False, compare=False)

    @property
    def name(self) -> str:
        return Path(self.path).name

    @property
    def is_network(self) -> bool:
        return self.default.source_kind == "network"

    def opens_as_network(self, loss: str | None) -> bool:
        """Whether the choice keeps the network document (see the module's docstring)."""
        spec = self.default.spec
        if spec is None or not self.is_network:
            return False
        if loss is None or loss == "mse":
            return True
        return loss == "bce" and spec.output_activation == "sigmoid"


def read_plan(path: str | Path) -> OnnxPlan:
    """Read the model (DocumentError for any refusal, before anything is asked)."""
    from ..autodiff.engine import run

    proto = read_onnx(path)
    default = model_document(proto, path)
    try:
        model = model_to_graph(proto, Path(path).stem, str(path))
        values = run(model.graph, record=False).values
    except (OnnxError, ValueError) as exc:
        raise DocumentError("", str(exc)) from exc
    graph = model.graph
    inputs = tuple(ModelInput(name, tuple(np.shape(graph[name].value))) for name in model.inputs)
    out = graph[model.prediction]
    return OnnxPlan(
        str(path),
        inputs,
        out.display,
        tuple(np.shape(values[model.prediction])),
        out.op or "",
        default,
        tuple(model.notes),
        proto,
    )


# ---------------------------------------------------------------------------- the fields


def shape_text(shape: tuple[int, ...]) -> str:
    return "×".join(map(str, shape)) or "1"


def number_text(value: float) -> str:
    """A number as a person would type it: 0, 0.5, -1, 1e-07 (exact: repr's digits)."""
    text = repr(float(value))
    return text[:-2] if text.endswith(".0") else text


def value_text(value: Any) -> str:
    """A value as a field shows it: a number, or a JSON list in the value's shape."""
    array = np.asarray(value, dtype=float)
    if array.ndim == 0:
        return number_text(float(array))
    return "[" + ", ".join(value_text(item) for item in array) + "]"


def zeros_text(shape: tuple[int, ...]) -> str:
    """The field's default: zeros written out in the shape, or "0" for a large input."""
    if int(np.prod(shape)) > MAX_TYPED:
        return "0"
    return value_text(np.zeros(shape))


def default_target_text(plan: OnnxPlan, loss: str | None) -> str:
    """The target offered for ``loss``: class 0 for softmax_ce, else zeros of the output."""
    if loss is None:
        return ""
    if loss == "softmax_ce" and plan.output_shape:
        return "0"
    return zeros_text(plan.output_shape)


def fit(where: str, value: Any, shape: tuple[int, ...]) -> np.ndarray:
    """``value`` in ``shape``: the shape itself, one number for every entry, or a flat list
    of as many numbers as the shape holds (read row by row)."""
    array = np.asarray(value, dtype=float)
    if array.shape == shape:
        return array
    if array.ndim == 0:
        return np.full(shape, float(array))
    if array.ndim == 1 and array.size == int(np.prod(shape)):
        return array.reshape(shape)
    raise ChoiceError(
        where,
        tr(
            "{where}: needs {want} numbers (a list in that shape, or one number for every "
            "entry), got {got}",
            where=where,
            want=shape_text(shape),
            got=shape_text(array.shape),
        ),
    )


def input_value(item: ModelInput, text: str) -> np.ndarray:
    """What the field of ``item`` holds, as an array of its shape; ChoiceError if it cannot."""
    if not text.strip():
        raise ChoiceError(item.name, tr("{where}: type a number or a list", where=item.name))
    try:
        value = read_value(item.name, text)
    except ValueTextError as exc:
        raise ChoiceError(item.name, str(exc)) from None
    return fit(item.name, value, item.shape)


def target_value(plan: OnnxPlan, loss: str, text: str) -> np.ndarray:
    """The target field as ``loss`` compares it with the output (add_loss's rules)."""
    where = tr("target")
    if not text.strip():
        raise ChoiceError("target", tr("{where}: type a number or a list", where=where))
    try:
        value = read_value(where, text)
    except ValueTextError as exc:
        raise ChoiceError("target", str(exc)) from None
    array = np.asarray(value, dtype=float)
    shape = plan.output_shape
    if array.ndim == 1 and array.size == int(np.prod(shape)) and array.shape != shape:
        array = array.reshape(shape)  # a flat list of the right length, as for the inputs
    try:
        return loss_target(loss, array, shape, plan.output)
    except OnnxError as exc:
        raise ChoiceError("target", f"{where}: {exc}") from None


def row_values(
    plan: OnnxPlan, path: str, row: int
) -> tuple[dict[str, np.ndarray], np.ndarray | None]:
    """The inputs from CSV data row ``row`` (1-based), in order, and the numbers left over
    (the target when a loss is chosen; None when there are none)."""
    where = tr("CSV file")
    if not path.strip():
        raise ChoiceError("csv", tr("{where}: choose a file", where=where))
    try:
        numbers = row_numbers(path, row, tr("row"))
        values, rest = split_row(numbers, [item.shape for item in plan.inputs])
    except OnnxError as exc:
        raise ChoiceError("csv", f"{where}: {exc}") from None
    chosen = {
        item.name: np.asarray(v, dtype=float) for item, v in zip(plan.inputs, values, strict=True)
    }
    return chosen, (np.asarray(rest, dtype=float) if rest else None)


# ---------------------------------------------------------------------------- the document


def choose(
    plan: OnnxPlan,
    values: dict[str, Any],
    loss: str | None = None,
    target: Any = None,
) -> Document:
    """The document with the inputs at ``values`` (name → array of the input's shape) and,
    with ``loss``, a loss node on the output against ``target``. DocumentError if it cannot
    be built (the program too large for the editor); OnnxError for a loss not in LOSSES or a
    target that does not fit the output."""
    fitted = {item.name: fit(item.name, values[item.name], item.shape) for item in plan.inputs}
    goal = None
    if loss is not None:
        goal = loss_target(loss, target, plan.output_shape, plan.output)
    if plan.opens_as_network(loss):
        document = _network_document(plan, fitted, loss, goal)
        if document is not None:
            return document
    return _program_document(plan, fitted, loss, goal)


def _loss_words(loss: str | None) -> str:
    if loss is None:
        return tr("no loss: the objective is the output (its mean when it is a vector)")
    return tr("the loss is {loss} of the output and the target", loss=loss)


def _network_document(
    plan: OnnxPlan, values: dict[str, np.ndarray], loss: str | None, target: Any
) -> Document | None:
    found = network_spec_of(plan.proto)
    if found is None or len(plan.inputs) != 1:
        return None
    spec, layer_values, pairs = found
    n, k = spec.sizes[0], spec.sizes[-1]
    x = values[plan.inputs[0].name]
    if x.size != n or (target is not None and np.size(target) != k):
        return None  # the sample is not one row of the network's inputs: keep it a program
    layer_values = {**layer_values, "X": x.reshape(1, n).tolist()}
    if loss is not None:
        layer_values["Y"] = np.reshape(target, (1, k)).tolist()
    spec = dataclasses.replace(spec, loss=loss or "none")
    caption = tr(
        "Opened from the ONNX model {name} as a fully connected network ({names}) with the "
        "sample you gave; {loss}. View → Show Neurons draws every weight.",
        name=plan.name,
        loss=_loss_words(loss),
        names="; ".join(pairs),
    )
    return Document.from_network(
        spec, title=Path(plan.path).stem, caption=caption, values=layer_values, samples=1
    )


def _program_document(
    plan: OnnxPlan, values: dict[str, np.ndarray], loss: str | None, target: Any
) -> Document:
    try:
        model = model_to_graph(plan.proto, Path(plan.path).stem, plan.path)
        for name, value in values.items():
            model.graph.set_value(name, value if value.ndim else float(value))
        if loss is not None:
            add_loss(model, loss, target)
    except OnnxError as exc:
        raise DocumentError("", str(exc)) from exc
    text, _ = program_of_model(model.graph, plan.path)
    caption = tr(
        "Opened from the ONNX model {name} with the sample you gave; {loss}. The parameters are "
        "its initializers.",
        name=plan.name,
        loss=_loss_words(loss),
    )
    return Document.from_program(text, title=Path(plan.path).stem, caption=caption)
