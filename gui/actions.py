"""Every command of the window, declared once: name, text, shortcut, tip.

Menus, toolbars, the player bar and later features (training lab, presentation mode, export,
predict mode) look actions up by name instead of creating their own, so a shortcut exists in
exactly one place and a test can check that none is bound twice.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QIcon, QKeySequence
from PySide6.QtWidgets import QApplication, QStyle

Key = QKeySequence.StandardKey
Pixmap = QStyle.StandardPixmap


@dataclass(frozen=True)
class ActionSpec:
    name: str
    text: str
    shortcuts: tuple[str | QKeySequence.StandardKey, ...] = ()
    tip: str = ""
    icon: QStyle.StandardPixmap | None = None
    checkable: bool = False
    icon_text: str = ""  # short text for a toolbar button, when the full text is too long


# The window's built-in commands. Player keys are single keys (a presentation clicker sends
# them too); editors swallow them while they have focus, so typing a space never steps.
SPECS: tuple[ActionSpec, ...] = (
    ActionSpec("file_new", "&New", (Key.New,), "Start a new program", Pixmap.SP_FileIcon),
    ActionSpec("file_open", "&Open…", (Key.Open,), "Open a document", Pixmap.SP_DialogOpenButton),
    ActionSpec("file_save", "&Save", (Key.Save,), "Save the document", Pixmap.SP_DialogSaveButton),
    ActionSpec("file_save_as", "Save &As…", (Key.SaveAs,), "Save the document under a new name"),
    ActionSpec("file_quit", "&Quit", ("Ctrl+Q",), "Close the window"),
    ActionSpec("edit_undo", "&Undo", (Key.Undo,), "Undo the last edit", icon_text="Undo"),
    ActionSpec("edit_redo", "&Redo", (Key.Redo,), "Redo the edit just undone", icon_text="Redo"),
    ActionSpec("view_zoom_in", "Zoom &In", (Key.ZoomIn, "Ctrl+="), "Enlarge the graph"),
    ActionSpec("view_zoom_out", "Zoom &Out", (Key.ZoomOut,), "Shrink the graph"),
    ActionSpec("view_fit", "&Fit to Window", ("Ctrl+0",), "Show the whole graph"),
    ActionSpec("view_reset_zoom", "&Actual Size", ("Ctrl+1",), "Zoom to 100 %"),
    ActionSpec(
        "view_show_neurons",
        "Show &Neurons",
        ("Ctrl+Shift+N",),
        "Expand the network's layers into their neurons (same weights)",
        checkable=True,
    ),
    ActionSpec("play_toggle", "&Play", ("Space",), "Play or pause the steps", Pixmap.SP_MediaPlay),
    ActionSpec(
        "play_step_back", "Step &Back", ("Left",), "Undo one step", Pixmap.SP_MediaSeekBackward
    ),
    ActionSpec(
        "play_step_forward",
        "Step &Forward",
        ("Right",),
        "Do the next step",
        Pixmap.SP_MediaSeekForward,
    ),
    ActionSpec(
        "play_to_start", "To &Start", ("Home",), "Back to the leaves", Pixmap.SP_MediaSkipBackward
    ),
    ActionSpec(
        "play_to_end", "To &End", ("End",), "Show the finished run", Pixmap.SP_MediaSkipForward
    ),
    ActionSpec(
        "play_to_backward",
        "Start of &Backward Pass",
        ("B",),
        "Jump to the moment the backward pass begins",
        icon_text="⇤ Backward pass",
    ),
    ActionSpec("help_about", "&About Backprop Studio", (), "What this program shows"),
)


class Actions:
    """Name → QAction, owned by the window. ``add`` lets later features register theirs."""

    def __init__(self, parent: QObject) -> None:
        self._parent = parent
        self._actions: dict[str, QAction] = {}
        for spec in SPECS:
            self.add(spec)

    def add(self, spec: ActionSpec, triggered: Callable[..., object] | None = None) -> QAction:
        if spec.name in self._actions:
            raise KeyError(f"action {spec.name!r} is defined twice")
        action = QAction(spec.text, self._parent)
        action.setObjectName(spec.name)
        if spec.shortcuts:
            action.setShortcuts([seq for s in spec.shortcuts for seq in _sequences(s)])
        if spec.tip:
            action.setStatusTip(spec.tip)
            action.setToolTip(_tooltip(spec))
        if spec.icon is not None:
            action.setIcon(_standard_icon(spec.icon))
        action.setCheckable(spec.checkable)
        if spec.icon_text:
            action.setIconText(spec.icon_text)
        if triggered is not None:
            action.triggered.connect(triggered)
        self._actions[spec.name] = action
        return action

    def __getitem__(self, name: str) -> QAction:
        return self._actions[name]

    def __contains__(self, name: object) -> bool:
        return name in self._actions

    def __iter__(self) -> Iterator[QAction]:
        return iter(self._actions.values())

    def connect(self, name: str, slot: Callable[..., object]) -> None:
        self._actions[name].triggered.connect(slot)


def _sequences(value: str | QKeySequence.StandardKey) -> list[QKeySequence]:
    """All platform bindings of a standard key (Redo is both Ctrl+Shift+Z and Ctrl+Y)."""
    if isinstance(value, QKeySequence.StandardKey):
        return [s for s in QKeySequence.keyBindings(value) if not s.isEmpty()]
    return [QKeySequence(value)]


def _tooltip(spec: ActionSpec) -> str:
    text = spec.text.replace("&", "").rstrip("…")
    if spec.shortcuts:
        keys = _sequences(spec.shortcuts[0])
        if keys:
            key = keys[0].toString(QKeySequence.SequenceFormat.NativeText)
            return f"{text} ({key}): {spec.tip}"
    return f"{text}: {spec.tip}"


def _standard_icon(pixmap: QStyle.StandardPixmap) -> QIcon:
    app = QApplication.instance()
    style = app.style() if isinstance(app, QApplication) else None
    return style.standardIcon(pixmap) if style is not None else QIcon()
