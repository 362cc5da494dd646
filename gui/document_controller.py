"""The current document, its run, and every edit to it as an undoable command.

The Document (core.documents.document) is the single truth: program text, leaf values, positions, and for
networks the spec. Each edit replaces it with a new Document through a QUndoStack command
holding both versions, so undo and redo are just "show that document again". A document that
fails to build (a program being typed) is still the document, so the editor keeps the person's
text, but the last run that worked stays on screen and ``build_failed`` says why.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from core.autodiff.engine import Run, run
from core.autodiff.graph import Graph, GraphError, Role
from core.documents.document import Document, DocumentError, load_document, save_document
from core.documents.lab_record import LabRecord
from core.lang.program_literals import assigned_names
from core.training.nn import SpecError

from .override_guard import guard_overrides
from .qt_typed import QT_TRANSLATE_NOOP

NEW_PROGRAM = """\
# Type a program: one assignment per line; the last one is the output.
# Leaves are numbers (x, y, x1 … are inputs; other names are trainable parameters).
x = 2.0
w = 0.5
b = 0.1
a = sigmoid(w*x + b)
y = 1.0
loss = 0.5*(a - y)**2
"""


@guard_overrides
class DocumentCommand(QUndoCommand):
    """Switch between two versions of the document; ``kind`` says what has to be redone."""

    def __init__(
        self,
        controller: DocumentController,
        before: Document,
        after: Document,
        text: str,
        kind: str,
    ) -> None:
        super().__init__(text)
        self.controller = controller
        self.before = before
        self.after = after
        self.kind = kind  # "program" | "values" | "positions" | "structure"
        self.moved_from: dict[str, tuple[float, float]] = {}  # positions commands only
        self.moved_to: dict[str, tuple[float, float]] = {}

    def redo(self) -> None:
        self.controller._apply(self.after, self.kind, self.moved_to)

    def undo(self) -> None:
        self.controller._apply(self.before, self.kind, self.moved_from)


class DocumentController(QObject):
    """Owns the Document, its path, its last good Run and the undo stack."""

    document_replaced = Signal()  # a different document: reset the player, reload the editor
    run_changed = Signal(object, bool)  # (Run, same structure as the run shown before)
    build_failed = Signal(object)  # the exception; a ProgramError's position via error_of()
    build_ok = Signal(str)  # a one-line summary of the graph
    program_text_changed = Signal(str)  # undo/redo changed the text: the editor must follow
    positions_changed = Signal(dict)  # undo/redo moved nodes: the scene must follow
    modified_changed = Signal(bool)
    title_changed = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.document = Document.from_program(NEW_PROGRAM, title="untitled")
        self.path: Path | None = None
        self.program_path: Path | None = None  # a program file the document was read from
        self.run: Run | None = None
        self.network = None  # core.training.nn.Network for network documents
        self.error: Exception | None = None
        self.undo_stack = QUndoStack(self)
        self.undo_stack.cleanChanged.connect(self._clean_changed)
        self._dirty_without_undo = False  # a recovered document is unsaved from the start
        self._modified = False
        # the training lab's state for Save (gui.lab sets it; None: the document keeps its own)
        self.lab_record: Callable[[], LabRecord | None] | None = None

    # ------------------------------------------------------------------ reading state
    @property
    def modified(self) -> bool:
        return self._modified

    @property
    def title(self) -> str:
        if self.document.title:
            return self.document.title
        if self.path is not None:
            return self.path.stem
        return QT_TRANSLATE_NOOP("DocumentController", "untitled")

    @property
    def is_program(self) -> bool:
        return self.document.source_kind == "program"

    @property
    def is_layer_network(self) -> bool:
        spec = self.document.spec
        return (
            self.document.source_kind == "network"
            and spec is not None
            and (spec.granularity == "layer")
        )

    @property
    def is_neuron_network(self) -> bool:
        spec = self.document.spec
        return (
            self.document.source_kind == "network"
            and spec is not None
            and (spec.granularity == "neuron")
        )

    # ------------------------------------------------------------------ whole documents
    def load(
        self,
        document: Document,
        path: str | Path | None = None,
        modified: bool = False,
        program_path: str | Path | None = None,
    ):
        """Show ``document``; raises DocumentError (and changes nothing) if it does not build.
        ``program_path``: the program file it was read from (what ``train`` can read)."""
        new_run, network = self._build(document)
        self.undo_stack.clear()
        self.document = document
        self.path = Path(path) if path is not None else None
        self.program_path = Path(program_path) if program_path is not None else None
        self.network = network
        self.run = new_run
        self.error = None
        self._dirty_without_undo = modified
        self.undo_stack.setClean()
        self._update_modified()
        self.title_changed.emit(self.title)
        self.document_replaced.emit()
        self.run_changed.emit(new_run, False)
        self.build_ok.emit(self.summary())

    def open_path(
        self, path: str | Path, ask_onnx: Callable[[Any], Document | None] | None = None
    ) -> None:
        """Read and show a file: a saved document (.json); an ONNX model, opened as a network
        or a program with no file of its own (saving asks for a .json name); or a program file
        (anything else, e.g. ``prog.bp``), opened as a new program of that name that Save
        writes as a document. DocumentError leaves the current document untouched.

        ``ask_onnx(plan)`` (core.documents.onnx_open.OnnxPlan) may give the model's document
        with a chosen sample and loss; None (cancelled, or no one to ask) opens the model with
        its inputs at zeros and no loss."""
        if str(path).lower().endswith(".onnx"):
            from core.documents.onnx_open import read_plan

            plan = read_plan(path)
            chosen = ask_onnx(plan) if ask_onnx is not None else None
            self.load(chosen if chosen is not None else plan.default, None, modified=True)
            return
        if Path(path).suffix.lower() in (".json", ".bps"):
            self.load(load_document(path), path)
            return
        from core.cli.common import UsageError, read_text

        try:
            text = read_text(str(path))
        except UsageError as exc:
            raise DocumentError("", str(exc)) from exc
        if text.lstrip().startswith("{"):  # a document saved under another name
            self.load(load_document(path), path)
            return
        # no path: Save asks where to write the document, and never overwrites the program
        document = Document.from_program(text, title=Path(path).stem)
        self.load(document, program_path=path)

    def new_document(self) -> None:
        self.load(Document.from_program(NEW_PROGRAM, title="untitled"))

    def save(self, path: str | Path | None = None, positions: dict | None = None) -> Path:
        """Write the document (to ``path``, else its own); OSError/DocumentError propagate."""
        target = Path(path) if path is not None else self.path
        if target is None:
            raise ValueError("the document has no file yet: use Save As")
        document = self.document
        if positions is not None:
            document = document.replace(positions=_rounded(positions))
        record = self.lab_record() if self.lab_record is not None else None
        if record is not None:  # the lab as it is now (a lab never opened keeps the file's)
            document = document.replace(lab=record)
        save_document(document, target)
        self.document = document
        if self.path != target:
            self.path = target
            self.title_changed.emit(self.title)
        self._dirty_without_undo = False
        self.undo_stack.setClean()
        self._update_modified()
        return target

    # ------------------------------------------------------------------ edits (undoable)
    def edit_program(self, text: str) -> None:
        if not self.is_program or text == (self.document.program or ""):
            return
        after = self.document.replace(program=text, values=self._values_kept_for(text))
        if (after.title or after.caption) and _new_program(self.document.program or "", text):
            # the title and the caption described the program that was there (an example's):
            # a new program typed over it gets neither, so save and reopen show the file's name
            after = after.replace(title="", caption="")
        self._push(after, self.tr("Edit program"), "program")

    def set_leaf_value(self, node_id: str, value: Any) -> None:
        if self.run is None:
            return
        node = self.run.graph[node_id]
        key = node.name or node.id
        label = self.tr("Set %1").replace("%1", key)
        if self.is_program:  # the program's own line says the new number (one undoable edit)
            from core.lang.program_literals import set_literal

            text = set_literal(self.document.program or "", key, _plain(value))
            if text is not None:
                values = {k: v for k, v in self.document.values.items() if k != key}
                self._push(self.document.replace(program=text, values=values), label, "program")
                return
        values = {**self.document.values, key: _plain(value)}
        self._push(self.document.replace(values=values), label, "values")

    def move_nodes(
        self,
        positions: dict[str, tuple[float, float]],
        previous: dict[str, tuple[float, float]] | None = None,
    ) -> None:
        """Record a drag: ``positions`` now, ``previous`` before (where undo puts them back)."""
        new = _rounded(positions)
        merged = {**self.document.positions, **new}
        if merged == self.document.positions:
            return
        names = ", ".join(sorted(positions))
        command = DocumentCommand(
            self,
            self.document,
            self.document.replace(positions=merged),
            self.tr("Move %1").replace("%1", names),
            "positions",
        )
        command.moved_to = new
        command.moved_from = {k: v for k, v in _rounded(previous or {}).items() if k in new}
        self.undo_stack.push(command)

    def set_granularity(self, granularity: str) -> None:
        """Redraw a network at neuron or layer granularity with the same numbers."""
        doc = self.document
        if doc.source_kind != "network" or doc.spec is None or self.network is None:
            return
        if doc.spec.granularity == granularity:
            return
        try:
            spec = doc.spec.with_granularity(granularity)
            values = self.network.values_for(granularity)
            after = doc.replace(spec=spec, values={k: _plain(v) for k, v in values.items()})
            try:
                after.build()
            except DocumentError as exc:
                if exc.field != "output":
                    raise
                after = after.replace(output=None)
            after = after.capture(after.build())
        except (DocumentError, SpecError, GraphError) as exc:
            self.error = exc
            self.build_failed.emit(exc)
            return
        text = self.tr("Show neurons") if granularity == "neuron" else self.tr("Show layers")
        self._push(after, text, "structure")

    def set_network_spec(self, spec: Any, text: str) -> bool:
        """Rebuild a network document from ``spec`` (features or regularisation changed), one
        undoable edit. Leaf values whose shape still fits are kept (a penalty changes no
        weight); the others start from the spec's seeded initial values."""
        doc = self.document
        if doc.source_kind != "network" or doc.spec is None or self.network is None:
            return False
        if doc.spec == spec:
            return True
        try:
            from core.training.nn import build_network

            network = build_network(spec, samples=doc.samples)
            fresh = network.leaf_values()
            old = self.network.leaf_values()
            values = {}
            for k in network.inputs + network.targets + network.params:
                keep = k in old and np.shape(old[k]) == np.shape(fresh[k])
                values[k] = _plain(old[k] if keep else fresh[k])
            after = doc.replace(spec=spec, values=values)
            after = after.capture(after.build())
        except (DocumentError, SpecError, GraphError) as exc:
            self.error = exc
            self.build_failed.emit(exc)
            return False
        self._push(after, text, "structure")
        return True

    # ------------------------------------------------------------------ internals
    def _push(self, after: Document, text: str, kind: str) -> None:
        self.undo_stack.push(DocumentCommand(self, self.document, after, text, kind))

    def _apply(
        self, document: Document, kind: str, moved: dict[str, tuple[float, float]] | None = None
    ) -> None:
        """Make ``document`` current (a command's redo/undo)."""
        text_changed = (document.program or "") != (self.document.program or "")
        title = self.title
        self.document = document
        if self.title != title:
            self.title_changed.emit(self.title)
        if text_changed:
            self.program_text_changed.emit(document.program or "")
        if kind == "positions":
            self.positions_changed.emit(dict(moved or {}))
            return
        self.rebuild()

    def rebuild(self) -> None:
        """Run the current document; on failure keep the last good run and report."""
        try:
            new_run, network = self._build(self.document)
        except DocumentError as exc:
            self.error = exc
            self.build_failed.emit(exc)
            return
        same = self.run is not None and self.run.graph.same_structure(new_run.graph)
        self.run = new_run
        self.network = network
        self.error = None
        self.run_changed.emit(new_run, same)
        self.build_ok.emit(self.summary())

    def _build(self, document: Document) -> tuple[Run, Any]:
        network = None
        try:
            if document.source_kind == "network":
                network = document.network()
                graph = network.graph
            else:
                graph = document.build()
            result = run(graph)
        except DocumentError:
            raise
        except (GraphError, SpecError, ValueError) as exc:
            raise DocumentError("", str(exc), document) from exc
        return result, network

    def _values_kept_for(self, text: str) -> dict[str, Any]:
        """Leaf values set by double-click survive a program edit unless the edit retyped that
        leaf's number (the newest edit wins), removed it, or changed its shape."""
        values = self.document.values
        if not values:
            return {}
        from core.lang.expr import ProgramError, parse

        try:
            new = parse(text).graph
        except ProgramError:
            return dict(values)  # cannot tell yet: keep them until the program parses
        try:
            old: Graph | None = parse(self.document.program or "").graph
        except ProgramError:
            old = None
        kept = {}
        for name, value in values.items():
            node = new.by_name(name)
            if node is None or not node.is_leaf or node.literal:
                continue
            if node.role is not Role.INPUT and np.shape(node.value) != np.shape(value):
                continue
            before = old.by_name(name) if old is not None else None
            if before is not None and not _same_value(before.value, node.value):
                continue  # the person typed a new number for it
            kept[name] = value
        return kept

    def _clean_changed(self, _clean: bool) -> None:
        self._update_modified()

    def _update_modified(self) -> None:
        modified = self._dirty_without_undo or not self.undo_stack.isClean()
        if modified != self._modified:
            self._modified = modified
            self.modified_changed.emit(modified)

    def summary(self) -> str:
        if self.run is None:
            return ""
        graph = self.run.graph
        leaves = sum(1 for n in graph.nodes.values() if n.is_leaf and not n.literal)
        ops = sum(1 for n in graph.nodes.values() if not n.is_leaf)
        steps = len(self.run.trace) if self.run.trace is not None else 0
        output = graph[graph.output].display if graph.output else "?"
        return ", ".join(
            (
                self.tr("%n leaves", "", leaves),
                self.tr("%n operations", "", ops),
                self.tr("output %1").replace("%1", output),
                self.tr("%n steps", "", steps),
            )
        )

    def snapshot(self) -> tuple[Document, str, str | None]:
        """(document, title, original path) for the recovery file."""
        return self.document, self.title, str(self.path) if self.path else None

    def on_change(self, callback: Callable[[], None]) -> None:
        """Call ``callback`` after any edit, undo or redo (recovery, menus)."""
        self.undo_stack.indexChanged.connect(lambda _i: callback())


def _same_value(a: Any, b: Any) -> bool:
    return np.shape(a) == np.shape(b) and bool(np.array_equal(np.asarray(a), np.asarray(b)))


def _plain(value: Any) -> Any:
    arr = np.asarray(value, dtype=float)
    return float(arr) if arr.ndim == 0 else arr.tolist()


def _rounded(positions: dict) -> dict[str, tuple[float, float]]:
    return {k: (round(float(x), 2), round(float(y), 2)) for k, (x, y) in positions.items()}


def _new_program(before: str, after: str) -> bool:
    """Whether ``after`` is another program, not an edit of ``before``: it parses, assigns
    something, and keeps none of the names ``before`` assigned."""
    old, new = assigned_names(before), assigned_names(after)
    if not old or not new:
        return False
    return not (old & new)
