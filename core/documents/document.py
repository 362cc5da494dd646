"""Versioned JSON documents: a program or a network spec, leaf values, the output and positions.

The file format, version 1 (every key but ``format``, ``version`` and ``source`` optional)::

    {
      "format": "backprop-studio",
      "version": 1,
      "title": "lecture example",
      "caption": "What to notice, in a sentence or three.",
      "source": {"kind": "program", "text": "x1 = 0.5\\n..."}
             or {"kind": "network", "spec": {"sizes": [2, 2, 1], ...}, "samples": 4},
      "values": {"w11": 0.3, "X": [[0.5, -1.0], [1.0, 2.0]]},
      "output": "loss",
      "positions": {"z1": [120.0, -40.0]},
      "lab": {"data": {"source": "circle", "seed": 0, ...}, "settings": {...}, ...}
    }

``values`` override leaf values by variable name (numbers, or nested lists for vectors and
matrices); inputs may change shape (more samples), parameters and constants may not.
``output`` (a variable name, or null for the program's last assignment / the network's loss)
picks the output. ``lab`` (core.documents.lab_record) is the training lab's data source,
settings and classroom mode. ``positions`` are node ids to scene coordinates; ids that the graph no longer
has are kept and ignored, so an edited program does not invalidate a file.

Loading validates everything and says which field is wrong, as a path
(``source.spec.sizes[1]: must be a positive integer, got -3``). Files are read as JSON only:
never pickled, never evaluated. A file from a newer version is refused politely.
"""

from __future__ import annotations

import dataclasses
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from ..autodiff.graph import Graph, GraphError, Role
from ..io.atomic import write_text
from ..io.limits import (
    MAX_ABS,
    NotARegularFile,
    TooLarge,
    json_int,
    number_problem,
    printable,
    read_limited,
    short_repr,
    shorten,
)
from ..text.i18n import count, tr
from ..text.passthrough import json_reason, os_reason
from ..training.nn import Network, NetworkSpec, SpecError, build_network
from . import fields
from .fields import FieldError
from .lab_record import LabRecord, LabRecordError, lab_from_dict

if TYPE_CHECKING:
    from ..lang.expr import Program

FORMAT = "backprop-studio"
VERSION = 1
MAX_BYTES = 20 * 1024 * 1024
MAX_SAMPLES = 100_000
MAX_TITLE = 1_000  # characters
MAX_CAPTION = 20_000
TOP_KEYS = (
    "format",
    "version",
    "title",
    "caption",
    "source",
    "values",
    "output",
    "positions",
    "lab",
)
SOURCE_KEYS = {"program": ("kind", "text"), "network": ("kind", "spec", "samples")}

Value = Any


class DocumentError(FieldError):
    """A document that cannot be read or built; ``field`` is the path of the bad field ("" for
    the file as a whole). When only building failed, ``document`` holds what was read, so a
    window can still show, say, the broken program text in its editor."""

    def __init__(self, field_path: str, message: str, document: Document | None = None) -> None:
        super().__init__(printable(shorten(field_path, 120)), message)
        self.document = document


@dataclass(frozen=True)
class Document:
    """One saved graph. ``source_kind`` says whether ``program`` or ``spec`` is the source."""

    title: str = ""
    caption: str = ""
    source_kind: str = "program"  # "program" | "network"
    program: str | None = None  # the program text (program kind)
    spec: NetworkSpec | None = None  # the network (network kind)
    samples: int = 1  # network kind: how many seeded samples the network is built with
    values: dict[str, Value] = field(default_factory=dict)  # floats or nested lists
    output: str | None = None
    positions: dict[str, tuple[float, float]] = field(default_factory=dict)
    lab: LabRecord | None = None  # the training lab's data, settings and classroom mode

    # ------------------------------------------------------------------ making one
    @classmethod
    def from_program(cls, text: str, **kw: Any) -> Document:
        return cls(source_kind="program", program=text, **kw)

    @classmethod
    def from_network(cls, spec: NetworkSpec, **kw: Any) -> Document:
        return cls(source_kind="network", spec=spec, **kw)

    def replace(self, **changes: Any) -> Document:
        return dataclasses.replace(self, **changes)

    # ------------------------------------------------------------------ building
    def build(self) -> Graph:
        """The graph with ``values`` applied and ``output`` chosen; DocumentError names the field."""
        if self.source_kind == "network":
            return self.network().graph
        return self.build_program().graph

    def build_program(self) -> Program:  # core.lang.expr is imported only when needed
        """The program kind's Program, with ``values`` and ``output`` applied."""
        from ..lang.expr import ProgramError, parse

        if self.source_kind != "program" or self.program is None:
            raise DocumentError("source.kind", tr("this document holds a network, not a program"))
        try:
            program = parse(self.program, output=self.output)
        except ProgramError as exc:
            if self.output is not None and _lacks_output(self.program, self.output):
                raise DocumentError(
                    "output",
                    tr("there is no variable named {name}", name=short_repr(self.output)),
                    self,
                ) from exc
            raise DocumentError("source.text", str(exc), self) from exc
        self._apply_values(program.graph)
        return program

    def network(self) -> Network:
        """The network kind's Network, with ``values`` and ``output`` applied."""
        if self.source_kind != "network" or self.spec is None:
            raise DocumentError("source.kind", tr("this document holds a program, not a network"))
        net = build_network(self.spec, samples=self.samples)
        self._apply_values(net.graph)
        if self.output is not None:
            node = net.graph.by_name(self.output)
            if node is None:
                raise DocumentError(
                    "output",
                    tr("there is no node named {name}", name=short_repr(self.output))
                    + _hint(self.output, net.graph),
                    self,
                )
            net.graph.set_output(node.id)
        return net

    def _apply_values(self, graph: Graph) -> None:
        program_shapes = {
            n.id: np.shape(n.value)
            for n in graph.leaves()
            if n.role is Role.INPUT and not n.literal
        }
        for name, value in self.values.items():
            where = f"values.{name}"
            node = graph.by_name(name)
            if node is None or node.literal:
                raise DocumentError(
                    where,
                    tr("there is no variable named {name}", name=short_repr(name))
                    + _hint(name, graph),
                    self,
                )
            if not node.is_leaf:
                raise DocumentError(
                    where,
                    tr(
                        "{name} is computed from other nodes; only leaves take values",
                        name=short_repr(name),
                    ),
                    self,
                )
            new = np.asarray(value, dtype=float)
            old = np.asarray(node.value, dtype=float)
            if node.role is not Role.INPUT and new.shape != old.shape:
                raise DocumentError(
                    where,
                    _shape_mismatch(node.role, _shape_text(new.shape), _shape_text(old.shape)),
                    self,
                )
            try:
                graph.set_value(node.id, new if new.ndim else value)  # converted once
            except GraphError as exc:  # pragma: no cover - guarded above
                raise DocumentError(where, str(exc), self) from exc
        self._check_sample_counts(graph, program_shapes)

    def _check_sample_counts(self, graph: Graph, program_shapes: dict[str, tuple]) -> None:
        """Inputs of one shape in the program (x and y of paired data, or single samples made
        vectors here) go together: each must then have the same number of samples."""
        groups: dict[tuple, list[tuple[str, int]]] = {}
        for nid, shape in program_shapes.items():
            now = np.shape(graph[nid].value)
            if now and (shape or now != shape):
                groups.setdefault(shape, []).append((graph[nid].display, now[0]))
        for members in groups.values():
            members.sort(key=lambda m: m[0] not in self.values)  # the document's own first
            first, count = members[0]
            for other, other_count in members[1:]:
                if other_count != count:
                    raise DocumentError(
                        f"values.{first}",
                        tr(
                            "input {name} has {count} values but input {other} has "
                            "{other_count}; inputs that go together need the same number of "
                            "samples",
                            name=repr(first),
                            count=count,
                            other=repr(other),
                            other_count=other_count,
                        ),
                        self,
                    )

    def capture(self, graph: Graph, positions: dict[str, Any] | None = None) -> Document:
        """This document with ``values`` holding every named leaf of ``graph`` that differs
        from what the source alone builds (what Save writes after a person edits values)."""
        if self.source_kind == "network":
            assert self.spec is not None  # a network document always has one
            base = build_network(self.spec, samples=self.samples).graph
        else:
            base = self.replace(values={}).build_program().graph
        values: dict[str, Value] = {}
        for node in graph.leaves():
            if node.literal:
                continue
            before = base.nodes.get(node.id)
            same = (
                before is not None
                and np.shape(before.value) == np.shape(node.value)
                and np.array_equal(np.asarray(before.value), np.asarray(node.value))
            )
            if not same:
                values[node.name or node.id] = _plain(node.value)
        kept = self.positions if positions is None else _positions_from(positions)
        return self.replace(values=values, positions=kept)

    # ------------------------------------------------------------------ writing
    def to_dict(self) -> dict[str, Any]:
        if self.source_kind == "network":
            assert self.spec is not None
            source: dict[str, Any] = {"kind": "network", "spec": self.spec.to_dict()}
            if self.samples != 1:
                source["samples"] = int(self.samples)
        else:
            source = {"kind": "program", "text": self.program or ""}
        out = {
            "format": FORMAT,
            "version": VERSION,
            "title": self.title,
            "caption": self.caption,
            "source": source,
            "values": {k: _plain(v) for k, v in self.values.items()},
            "output": self.output,
            "positions": {k: [float(x), float(y)] for k, (x, y) in self.positions.items()},
        }
        if self.lab is not None:
            out["lab"] = self.lab.to_dict()
        return out

    def dumps(self) -> str:
        """The document as JSON text: objects one key a line, lists kept on one line."""
        data = self.to_dict()
        _document_from_dict(data)  # refuse to write what could not be read back (NaN, ...)
        return _pretty(data) + "\n"


# ---------------------------------------------------------------------------- reading


def loads_document(text: str | bytes) -> Document:
    """Parse and validate a document from JSON text; then check that it builds."""
    if isinstance(text, bytes):
        if len(text) > MAX_BYTES:
            raise DocumentError("", _too_big(len(text)))
        try:
            text = text.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise DocumentError(
                "",
                tr("not a Backprop Studio document: not UTF-8 text (byte {byte})", byte=exc.start),
            ) from exc
    elif len(text) > MAX_BYTES or len(text.encode("utf-8", "surrogatepass")) > MAX_BYTES:
        raise DocumentError("", _too_big(len(text.encode("utf-8", "surrogatepass"))))
    try:
        data = json.loads(text, object_pairs_hook=_no_duplicates, parse_int=json_int)
    except json.JSONDecodeError as exc:
        raise DocumentError(
            "",
            tr(
                "not a JSON document: line {line}, column {column}: {reason}",
                line=exc.lineno,
                column=exc.colno,
                reason=json_reason(exc.msg),
            ),
        ) from exc
    except RecursionError as exc:
        raise DocumentError("", tr("not a Backprop Studio document: nested too deeply")) from exc
    except _DuplicateKey as exc:
        raise DocumentError(str(exc.args[0]), tr("appears twice in the same object")) from exc
    except ValueError as exc:  # pragma: no cover - json_int keeps long integers readable
        raise DocumentError("", tr("not a JSON document: {reason}", reason=str(exc))) from exc
    document = _document_from_dict(data)
    document.build()  # names the bad field; the error carries the document
    return document


def load_document(path: str | os.PathLike[str]) -> Document:
    """Read a document file (at most 20 MB); DocumentError says what is wrong."""
    path = Path(path)
    try:
        data = read_limited(path, MAX_BYTES)
    except NotARegularFile as exc:
        raise DocumentError(
            "", tr("cannot read {path}: not a regular file", path=repr(str(path)))
        ) from exc
    except TooLarge as exc:
        raise DocumentError("", _too_big(exc.size)) from exc
    except OSError as exc:
        raise DocumentError(
            "", tr("cannot read {path}: {reason}", path=repr(str(path)), reason=os_reason(exc))
        ) from exc
    return loads_document(data)


def save_document(document: Document, path: str | os.PathLike[str]) -> None:
    """Write atomically (core.io.atomic): a failure leaves an existing file as it was."""
    write_text(path, document.dumps())


# ---------------------------------------------------------------------------- validation


class _DuplicateKey(Exception):
    pass


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise _DuplicateKey(key)
        out[key] = value
    return out


def _document_from_dict(data: Any) -> Document:
    if not isinstance(data, dict):
        raise DocumentError(
            "",
            tr(
                "not a Backprop Studio document: expected a JSON object, got {kind}",
                kind=fields.kind(data),
            ),
        )
    if "format" not in data:
        raise DocumentError("format", tr("missing: this is not a Backprop Studio document"))
    if data["format"] != FORMAT:
        raise DocumentError(
            "format",
            tr(
                "expected {expected}, got {got}: this is not a Backprop Studio document",
                expected=repr(FORMAT),
                got=short_repr(data["format"]),
            ),
        )
    fields.known_keys("", data, TOP_KEYS, DocumentError)
    version = data.get("version")
    if version is None:
        raise DocumentError("version", tr("missing (this one reads version 1)"))
    if not fields.is_int(version) or version < 1:
        raise DocumentError(
            "version", tr("must be a positive integer, got {got}", got=short_repr(version))
        )
    if version > VERSION:
        raise DocumentError(
            "version",
            tr(
                "this file was made by a newer Backprop Studio (version {version}); "
                "this one reads version {supported}",
                version=version,
                supported=VERSION,
            ),
        )
    title = fields.text("title", data.get("title", ""), DocumentError, MAX_TITLE)
    caption = fields.text("caption", data.get("caption", ""), DocumentError, MAX_CAPTION)
    output = data.get("output")
    if output is not None and (not isinstance(output, str) or not output):
        raise DocumentError(
            "output", tr("must be a variable name or null, got {got}", got=short_repr(output))
        )
    kind, program, spec, samples = _source(data.get("source"))
    values = _values(data.get("values", {}))
    positions = _positions(data.get("positions", {}))
    lab = None
    if "lab" in data:
        try:
            lab = lab_from_dict(data["lab"])
        except LabRecordError as exc:
            raise DocumentError(f"lab.{exc.field}" if exc.field else "lab", exc.message) from exc
    return Document(title, caption, kind, program, spec, samples, values, output, positions, lab)


def _source(source: Any) -> tuple[str, str | None, NetworkSpec | None, int]:
    if source is None:
        raise DocumentError("source", tr("missing: a program or a network"))
    fields.an_object("source", source, DocumentError)
    kind = source.get("kind")
    if not isinstance(kind, str) or kind not in SOURCE_KEYS:
        raise DocumentError(
            "source.kind", tr("must be 'program' or 'network', got {got}", got=short_repr(kind))
        )
    fields.known_keys("source", source, SOURCE_KEYS[kind], DocumentError)
    if kind == "program":
        if "text" not in source:
            raise DocumentError("source.text", tr("missing: the program's text"))
        return kind, fields.text("source.text", source["text"], DocumentError), None, 1
    if "spec" not in source:
        raise DocumentError("source.spec", tr("missing: the network's spec"))
    try:
        spec = NetworkSpec.from_dict(source["spec"])
    except SpecError as exc:
        path = "source.spec" if exc.field == "spec" else f"source.spec.{exc.field}"
        raise DocumentError(path, exc.message) from exc
    except (TypeError, OverflowError) as exc:  # pragma: no cover - from_dict checks types
        raise DocumentError("source.spec", str(exc)) from exc
    samples = source.get("samples", 1)
    if not fields.is_int(samples) or not 1 <= samples <= MAX_SAMPLES:
        raise DocumentError(
            "source.samples",
            tr(
                "must be an integer from 1 to {limit}, got {got}",
                limit=count(MAX_SAMPLES),
                got=short_repr(samples),
            ),
        )
    return kind, None, spec, int(samples)


def _values(values: Any) -> dict[str, Value]:
    if not isinstance(values, dict):
        raise DocumentError(
            "values", tr("must be an object of name: number, got {kind}", kind=fields.kind(values))
        )
    out: dict[str, Value] = {}
    for name, value in values.items():
        where = f"values.{name}"
        if not name:
            raise DocumentError("values", tr("a value has an empty name"))
        if isinstance(value, list):
            _check_array(where, value)
            out[name] = value
        else:
            out[name] = _finite(where, value)
    return out


def _check_array(where: str, value: list, depth: int = 0) -> tuple[int, ...]:
    """Finite numbers in a rectangular nested list; returns its shape."""
    if depth > 3:
        raise DocumentError(where, tr("lists nest at most 4 deep"))
    if not value:
        raise DocumentError(where, tr("an empty list holds no value"))
    kinds = set(map(type, value))
    if kinds <= {float, int}:  # the common case, checked at NumPy's speed (2,000,000 samples)
        numbers = np.asarray(value, dtype=float)
        if np.isfinite(numbers).all() and (np.abs(numbers) <= MAX_ABS).all():
            return (len(value),)
    shapes = set()
    for i, item in enumerate(value):
        if isinstance(item, list):
            shapes.add(_check_array(f"{where}[{i}]", item, depth + 1))
        else:
            _finite(f"{where}[{i}]", item)
            shapes.add(())
        if len(shapes) > 1:
            raise DocumentError(
                where, tr("rows must all have the same length (row {row} differs)", row=i)
            )
    return (len(value), *shapes.pop())


def _finite(where: str, value: Any) -> float:
    """A number within ±1e300 (a huge integer is refused here, by its path, not by float())."""
    problem = number_problem(value)
    if problem == "type":
        raise DocumentError(where, tr("must be a number, got {kind}", kind=fields.kind(value)))
    if problem == "not_finite":
        raise DocumentError(where, tr("must be a finite number, got {got}", got=repr(value)))
    if problem is not None:
        raise DocumentError(
            where,
            tr(
                "{got} is too large: numbers must lie within ±{limit}",
                got=short_repr(value),
                limit=f"{MAX_ABS:g}",
            ),
        )
    return float(value)


def _positions(positions: Any) -> dict[str, tuple[float, float]]:
    if not isinstance(positions, dict):
        raise DocumentError(
            "positions",
            tr("must be an object of node: [x, y], got {kind}", kind=fields.kind(positions)),
        )
    out = {}
    for node, pair in positions.items():
        where = f"positions.{node}"
        if not isinstance(pair, list) or len(pair) != 2:
            raise DocumentError(where, tr("must be [x, y], got {got}", got=short_repr(pair)))
        out[node] = (_finite(f"{where}[0]", pair[0]), _finite(f"{where}[1]", pair[1]))
    return out


def _positions_from(positions: dict[str, Any]) -> dict[str, tuple[float, float]]:
    return {k: (float(v[0]), float(v[1])) for k, v in positions.items()}


# ---------------------------------------------------------------------------- small helpers


def _lacks_output(text: str, output: str) -> bool:
    from ..lang.expr import ProgramError, parse

    try:
        program = parse(text)
    except ProgramError:
        return False
    return output not in program.names


def _hint(name: str, graph: Graph) -> str:
    names = [n.name or n.id for n in graph.nodes.values() if not n.literal]
    return fields.did_you_mean(name, names)


def _shape_text(shape: tuple[int, ...]) -> str:
    return "×".join(map(str, shape)) if shape else tr("scalar")


def _too_big(size: int) -> str:
    return tr(
        "the file is {size} MB; documents are limited to {limit} MB",
        size=f"{size / (1024 * 1024):.1f}",
        limit=MAX_BYTES // (1024 * 1024),
    )


def _shape_mismatch(role: Role | None, new: str, old: str) -> str:
    """One sentence per role (inputs may change shape), so a language can decline its name."""
    if role is Role.CONST:
        return tr("shape {new} does not match the const's shape {old}", new=new, old=old)
    return tr("shape {new} does not match the param's shape {old}", new=new, old=old)


def _plain(value: Value) -> Any:
    arr = np.asarray(value, dtype=float)
    return float(arr) if arr.ndim == 0 else arr.tolist()


def _pretty(obj: Any, depth: int = 0) -> str:
    if isinstance(obj, dict) and obj:
        pad = "  " * (depth + 1)
        items = [
            f"{pad}{json.dumps(k, ensure_ascii=False)}: {_pretty(v, depth + 1)}"
            for k, v in obj.items()
        ]
        return "{\n" + ",\n".join(items) + "\n" + "  " * depth + "}"
    return json.dumps(obj, ensure_ascii=False, allow_nan=False)
