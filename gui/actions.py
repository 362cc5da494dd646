"""Every command of the window, declared once: name, text, shortcut, tip.

Menus, toolbars, the player bar and later features (training lab, presentation mode, export,
predict mode) look actions up by name instead of creating their own, so a shortcut exists in
exactly one place and a test can check that none is bound twice.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, QObject
from PySide6.QtGui import QAction, QIcon, QKeySequence
from PySide6.QtWidgets import QApplication, QStyle

from .qt_typed import QT_TRANSLATE_NOOP

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
    ActionSpec(
        "file_new",
        QT_TRANSLATE_NOOP("Actions", "&New"),
        (Key.New,),
        QT_TRANSLATE_NOOP("Actions", "Start a new program"),
        Pixmap.SP_FileIcon,
    ),
    ActionSpec(
        "file_open",
        QT_TRANSLATE_NOOP("Actions", "&Open…"),
        (Key.Open,),
        QT_TRANSLATE_NOOP("Actions", "Open a document"),
        Pixmap.SP_DialogOpenButton,
    ),
    ActionSpec(
        "file_save",
        QT_TRANSLATE_NOOP("Actions", "&Save"),
        (Key.Save,),
        QT_TRANSLATE_NOOP("Actions", "Save the document"),
        Pixmap.SP_DialogSaveButton,
    ),
    ActionSpec(
        "file_save_as",
        QT_TRANSLATE_NOOP("Actions", "Save &As…"),
        (Key.SaveAs,),
        QT_TRANSLATE_NOOP("Actions", "Save the document under a new name"),
    ),
    ActionSpec(
        "file_quit",
        QT_TRANSLATE_NOOP("Actions", "&Quit"),
        ("Ctrl+Q",),
        QT_TRANSLATE_NOOP("Actions", "Close the window"),
    ),
    ActionSpec(
        "edit_undo",
        QT_TRANSLATE_NOOP("Actions", "&Undo"),
        (Key.Undo,),
        QT_TRANSLATE_NOOP("Actions", "Undo the last edit"),
        icon_text=QT_TRANSLATE_NOOP("Actions", "Undo"),
    ),
    ActionSpec(
        "edit_redo",
        QT_TRANSLATE_NOOP("Actions", "&Redo"),
        (Key.Redo,),
        QT_TRANSLATE_NOOP("Actions", "Redo the edit just undone"),
        icon_text=QT_TRANSLATE_NOOP("Actions", "Redo"),
    ),
    ActionSpec(
        "view_zoom_in",
        QT_TRANSLATE_NOOP("Actions", "Zoom &In"),
        (Key.ZoomIn, "Ctrl+="),
        QT_TRANSLATE_NOOP("Actions", "Enlarge the graph"),
    ),
    ActionSpec(
        "view_zoom_out",
        QT_TRANSLATE_NOOP("Actions", "Zoom &Out"),
        (Key.ZoomOut,),
        QT_TRANSLATE_NOOP("Actions", "Shrink the graph"),
    ),
    ActionSpec(
        "view_fit",
        QT_TRANSLATE_NOOP("Actions", "&Fit to Window"),
        ("Ctrl+0",),
        QT_TRANSLATE_NOOP("Actions", "Show the whole graph"),
    ),
    ActionSpec(
        "view_reset_zoom",
        QT_TRANSLATE_NOOP("Actions", "&Actual Size"),
        ("Ctrl+1",),
        QT_TRANSLATE_NOOP("Actions", "Zoom to 100 %"),
    ),
    ActionSpec(
        "view_show_neurons",
        QT_TRANSLATE_NOOP("Actions", "Show &Neurons"),
        ("Ctrl+Shift+N",),
        QT_TRANSLATE_NOOP(
            "Actions", "Expand the network's layers into their neurons (same weights)"
        ),
        checkable=True,
    ),
    ActionSpec(
        "play_toggle",
        QT_TRANSLATE_NOOP("Actions", "&Play"),
        ("Space",),
        QT_TRANSLATE_NOOP("Actions", "Play or pause the steps"),
        Pixmap.SP_MediaPlay,
    ),
    ActionSpec(
        "play_step_back",
        QT_TRANSLATE_NOOP("Actions", "Step &Back"),
        ("Left",),
        QT_TRANSLATE_NOOP("Actions", "Undo one step"),
        Pixmap.SP_MediaSeekBackward,
    ),
    ActionSpec(
        "play_step_forward",
        QT_TRANSLATE_NOOP("Actions", "Step &Forward"),
        ("Right",),
        QT_TRANSLATE_NOOP("Actions", "Do the next step"),
        Pixmap.SP_MediaSeekForward,
    ),
    ActionSpec(
        "play_to_start",
        QT_TRANSLATE_NOOP("Actions", "To &Start"),
        ("Home",),
        QT_TRANSLATE_NOOP("Actions", "Back to the leaves"),
        Pixmap.SP_MediaSkipBackward,
    ),
    ActionSpec(
        "play_to_end",
        QT_TRANSLATE_NOOP("Actions", "To &End"),
        ("End",),
        QT_TRANSLATE_NOOP("Actions", "Show the finished run"),
        Pixmap.SP_MediaSkipForward,
    ),
    ActionSpec(
        "play_to_backward",
        QT_TRANSLATE_NOOP("Actions", "Start of &Backward Pass"),
        ("B",),
        QT_TRANSLATE_NOOP("Actions", "Jump to the moment the backward pass begins"),
        icon_text=QT_TRANSLATE_NOOP("Actions", "⇤ Backward pass"),
    ),
    ActionSpec(
        "help_legend",
        QT_TRANSLATE_NOOP("Actions", "&Legend"),
        ("F1",),
        QT_TRANSLATE_NOOP("Actions", "What the colours, lines, shapes and dots of the graph mean"),
    ),
    ActionSpec(
        "help_about",
        QT_TRANSLATE_NOOP("Actions", "&About Backprop Studio"),
        (),
        QT_TRANSLATE_NOOP("Actions", "What this program shows"),
    ),
)


class Actions:
    """Name → QAction, owned by the window. ``add`` lets later features register theirs.

    A spec's text, tip and icon text are English sources marked
    ``QT_TRANSLATE_NOOP("Actions", "…")``: they are translated when the action is made and again
    by ``retranslate`` after a language switch."""

    def __init__(self, parent: QObject) -> None:
        self._parent = parent
        self._actions: dict[str, QAction] = {}
        self._specs: dict[str, ActionSpec] = {}
        for spec in SPECS:
            self.add(spec)

    def add(self, spec: ActionSpec, triggered: Callable[..., object] | None = None) -> QAction:
        if spec.name in self._actions:
            raise KeyError(f"action {spec.name!r} is defined twice")
        action = QAction(self._parent)
        action.setObjectName(spec.name)
        if spec.shortcuts:
            action.setShortcuts([seq for s in spec.shortcuts for seq in _sequences(s)])
        if spec.icon is not None:
            action.setIcon(_standard_icon(spec.icon))
        action.setCheckable(spec.checkable)
        _set_texts(action, spec)
        if triggered is not None:
            action.triggered.connect(triggered)
        self._actions[spec.name] = action
        self._specs[spec.name] = spec
        return action

    def retranslate(self) -> None:
        """Every action's texts again, in the language now installed."""
        for name, spec in self._specs.items():
            _set_texts(self._actions[name], spec)

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


def translate(text: str) -> str:
    """An action text in the current language (the "Actions" context of the catalog)."""
    return QCoreApplication.translate("Actions", text) if text else text


def _set_texts(action: QAction, spec: ActionSpec) -> None:
    action.setText(translate(spec.text))
    if spec.tip:
        action.setStatusTip(translate(spec.tip))
        action.setToolTip(_tooltip(spec))
    if spec.icon_text:
        action.setIconText(translate(spec.icon_text))


def _tooltip(spec: ActionSpec) -> str:
    text = translate(spec.text).replace("&", "").rstrip("…")
    tip = translate(spec.tip)
    if spec.shortcuts:
        keys = _sequences(spec.shortcuts[0])
        if keys:
            key = keys[0].toString(QKeySequence.SequenceFormat.NativeText)
            return f"{text} ({key}): {tip}"
    return f"{text}: {tip}"


def _standard_icon(pixmap: QStyle.StandardPixmap) -> QIcon:
    app = QApplication.instance()
    style = app.style() if isinstance(app, QApplication) else None
    return style.standardIcon(pixmap) if style is not None else QIcon()
