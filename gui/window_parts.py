"""What a feature of the window may use: the window's parts, named and typed in one place.

The features (gui.features) are handed a ``WindowParts``, never the MainWindow itself, so every
edge between the window and a feature is a field here that a reader and the type checker see.
``window`` is the window as Qt knows it (a QMainWindow): the parent of a feature's widgets and
dialogs, where its toolbars and docks go, its status bar, and what full screen shows. The
window's own methods a feature may call are the callables below; they look the method up when
called, so a test that replaces one on the window (``report_error``) is obeyed by the features.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtCore import SignalInstance
    from PySide6.QtWidgets import QDockWidget, QMainWindow, QMenu, QToolBar, QWidget

    from .actions import Actions
    from .document_controller import DocumentController
    from .panels.editor import ProgramEditor
    from .panels.explanation import ExplanationPanel, NodeInspector
    from .panels.player_bar import PlayerBar
    from .player import Player
    from .scene import GraphScene
    from .settings import Settings
    from .view import GraphView


@dataclass(frozen=True)
class Menus:
    """The window's menus a feature adds its commands to (its own menus go on the menu bar)."""

    file: QMenu
    edit: QMenu
    view: QMenu
    panels: QMenu  # View → Panels: a toggle per dock
    help: QMenu  # features' own menus go before Help


@dataclass(frozen=True)
class WindowParts:
    """Everything of the window a feature may use."""

    window: QMainWindow
    settings: Settings
    controller: DocumentController  # the document and its run
    player: Player  # the cursor over the run's steps
    player_bar: PlayerBar
    scene: GraphScene
    view: GraphView
    actions: Actions  # every command, by name; features add theirs here
    menus: Menus
    main_toolbar: QToolBar
    docks: dict[str, QDockWidget]  # by objectName: the window's and the features' own
    explanation: ExplanationPanel
    inspector: NodeInspector
    editor: ProgramEditor
    language_changed: SignalInstance  # after retranslate(): features re-set their own texts
    add_dock: Callable[[str, str, QWidget, str], QDockWidget]  # name, title, widget, area
    retranslate: Callable[[], None]
    fit_view: Callable[[], None]
    report_error: Callable[[str, str], None]  # title, message
    maybe_save: Callable[[], bool]  # asks about unsaved changes; False: the user cancelled
    open_file: Callable[[str | Path], bool]
    selected_node: Callable[[], str | None]
    autosave: Callable[[], bool]  # the unsaved document to the recovery folder now; False: no
    # recovery folder yet (the window makes it after the features)
