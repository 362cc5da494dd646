"""The explorer window: the graph in the middle, the player at the bottom, panels in docks.

Data flows one way: DocumentController (Document → Run) → Player (a cursor) → GraphScene and
the panels, which show the Run's state at the cursor. The window wires these together, owns the
menus (every command is an action from gui.actions, defined once), asks before unsaved work is
lost, and remembers its layout. Dialogs go through small methods (``ask_unsaved_changes``,
``report_error``, ``choose_open_path`` …) so tests can replace them.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QEvent, QRect, QSignalBlocker, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QGuiApplication
from PySide6.QtWidgets import (
    QDockWidget,
    QFileDialog,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QStyle,
    QToolBar,
    QWidget,
)

from core.autodiff.engine import Run
from core.documents.document import Document, DocumentError, load_document, save_document
from core.io.atomic import WriteError
from core.text.i18n import tr_text

from .actions import Actions
from .crash_log import Crash
from .document_controller import DocumentController
from .features import Features, install_features
from .legend import LegendDialog
from .override_guard import guard_overrides
from .panels.editor import ProgramEditor
from .panels.explanation import ExplanationPanel, NodeInspector, problem_note
from .panels.player_bar import PlayerBar
from .player import DEFAULT_SPEED, Player
from .qt_typed import QT_TRANSLATE_NOOP
from .recovery import Recovery, RecoveryEntry, orphaned_entries
from .scene import GraphScene
from .settings import Settings, recovery_directory
from .view import GraphView
from .window_parts import Menus, WindowParts

if TYPE_CHECKING:
    from core.documents.onnx_open import OnnxPlan

    from .error_notice import ErrorNotice
    from .export_dialog import ExportMenu
    from .file_drop import FileDrop
    from .find import FindBar
    from .i18n import LanguageMenu
    from .lab.feature import Lab
    from .presentation import Presentation
    from .study import StudyTools

APP_NAME = "Backprop Studio"
DEFAULT_SIZE = (1440, 900)
FRAME_ALLOWANCE = (8, 36)  # the window manager's frame and title bar, outside geometry()
FILE_FILTER = QT_TRANSLATE_NOOP(
    "MainWindow", "Backprop Studio documents (*.json *.bps);;All files (*)"
)
OPEN_FILTER = QT_TRANSLATE_NOOP(
    "MainWindow",
    "Backprop Studio documents and ONNX models (*.json *.bps *.onnx);;"
    "Backprop Studio documents (*.json *.bps);;ONNX models (*.onnx);;All files (*)",
)
ABOUT_TEXT = QT_TRANSLATE_NOOP(
    "MainWindow",
    """<h3>Backprop Studio</h3>
<p>Watch a neural network compute. Any formula or network becomes a graph of operations; the
forward pass computes every node's value, and the backward pass sends the gradient back along
every edge: <b>upstream gradient × local derivative = contribution</b>, summed where paths
meet.</p>
<p>It accompanies lecture 10, <i>Neural network basics</i>: the neuron a(x) = Σ w<sub>j</sub>
x<sub>j</sub>, fully connected layers, why a non-linearity is needed, activation functions and
their derivatives, gradient descent w<sup>t</sup> = w<sup>t−1</sup> − η∇Q(w<sup>t−1</sup>), and
backpropagation on the graph x → z → h → a with the lecture's notation (x, w, b, z, h, a, p, v,
f, Q, η, ε). Backpropagation computes each partial derivative once and reuses it: select a node
to see its chain rule over every path and what expanding every path would cost.</p>
<p>Keys: Space play/pause · ← → step · Home/End start/end · B start of the backward pass.</p>
""",
)


@guard_overrides
class MainWindow(QMainWindow):
    """One document, its graph, the step player and the panels."""

    language_changed = Signal()  # after retranslate(): features re-set their own texts
    actions: Actions  # type: ignore[assignment]  # by name; hides QWidget.actions(), never called

    def __init__(
        self,
        settings: Settings | None = None,
        recovery_dir: Path | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("main_window")
        self.settings = settings if settings is not None else Settings()
        self.controller = DocumentController(self)
        self.player = Player(self)
        self.actions = Actions(self)
        self.addActions(list(self.actions))  # shortcuts work even with menus/toolbars hidden
        self.docks: dict[str, QDockWidget] = {}
        self._dock_titles: dict[str, str] = {}  # dock name -> English title (translated on show)
        self.selected_node: str | None = None
        self._error_message: str | None = None  # the status bar's build error, while shown
        self._caption_message: str | None = None  # the status bar's example caption
        self._shown_position = 0
        self._reset_player = True

        self.scene = GraphScene(self)
        self.view = GraphView(self.scene, self)
        self.view.setObjectName("graph_view")
        self.setCentralWidget(self.view)
        self._build_docks()
        self.player_bar = PlayerBar(
            self.player,
            [
                self.actions[name]
                for name in (
                    "play_to_start",
                    "play_step_back",
                    "play_toggle",
                    "play_step_forward",
                    "play_to_end",
                    "play_to_backward",
                )
            ],
            self,
        )
        self.addToolBar(Qt.ToolBarArea.BottomToolBarArea, self.player_bar)
        self._build_main_toolbar()
        self._build_menus()
        self._build_status_bar()
        self._connect()
        self.features: Features = install_features(self.parts())
        self._apply_default_layout()
        self.settings.restore_window(self, available_geometry(self))
        self.player_bar.set_speed(self.settings.player_speed(DEFAULT_SPEED))

        self.recovery = Recovery(
            recovery_dir if recovery_dir is not None else recovery_directory(),
            snapshot=self.controller.snapshot,
            save=save_document,
            is_modified=lambda: self.controller.modified,
            interval_s=self.settings.autosave_interval_s(),
            parent=self,
        )
        self.recovery.start()
        self.controller.on_change(self.recovery.schedule)  # every edit, undo and redo
        self.last_crash: Crash | None = None  # what the previous session left (gui.crash_log)
        self._update_title()

    # ================================================================== building
    def _build_docks(self) -> None:
        self.explanation = ExplanationPanel(self)
        self.inspector = NodeInspector(self)
        self.editor = ProgramEditor(self)
        for name, title, widget, area in (
            (
                "explanation_dock",
                QT_TRANSLATE_NOOP("Docks", "Explanation"),
                self.explanation,
                "bottom",
            ),
            ("editor_dock", QT_TRANSLATE_NOOP("Docks", "Program editor"), self.editor, "right"),
            (
                "inspector_dock",
                QT_TRANSLATE_NOOP("Docks", "Node inspector"),
                self.inspector,
                "right",
            ),
        ):
            self.add_dock(name, title, widget, area)
        # one column of tabs at the right leaves the graph as wide as possible; selecting a
        # node brings the inspector forward
        self.tabifyDockWidget(self.docks["editor_dock"], self.docks["inspector_dock"])
        self.docks["editor_dock"].raise_()
        self.setCorner(Qt.Corner.BottomRightCorner, Qt.DockWidgetArea.RightDockWidgetArea)

    def add_dock(self, name: str, title: str, widget: QWidget, area: str) -> QDockWidget:
        """Add a dock (objectName ``name``, so its place is saved) and a View menu toggle.

        ``title`` is the English source, marked ``QT_TRANSLATE_NOOP("Docks", "…")``: the window
        translates it, now and after every language switch."""
        areas = {
            "left": Qt.DockWidgetArea.LeftDockWidgetArea,
            "right": Qt.DockWidgetArea.RightDockWidgetArea,
            "bottom": Qt.DockWidgetArea.BottomDockWidgetArea,
            "top": Qt.DockWidgetArea.TopDockWidgetArea,
        }
        dock = QDockWidget(self)
        dock.setObjectName(name)
        dock.setWidget(widget)
        self.addDockWidget(areas[area], dock)
        self.docks[name] = dock
        self._dock_titles[name] = title
        toggle = dock.toggleViewAction()
        toggle.setObjectName(f"view_toggle_{name}")
        self._translate_dock(name)
        menu = getattr(self, "panels_menu", None)
        if menu is not None:
            menu.addAction(toggle)
        return dock

    def parts(self) -> WindowParts:
        """What the features may use of this window (gui.window_parts)."""
        return WindowParts(
            window=self,
            settings=self.settings,
            controller=self.controller,
            player=self.player,
            player_bar=self.player_bar,
            scene=self.scene,
            view=self.view,
            actions=self.actions,
            menus=Menus(
                file=self.file_menu,
                edit=self.edit_menu,
                view=self.view_menu,
                panels=self.panels_menu,
                help=self.help_menu,
            ),
            main_toolbar=self.main_toolbar,
            docks=self.docks,
            explanation=self.explanation,
            inspector=self.inspector,
            editor=self.editor,
            language_changed=self.language_changed,
            # looked up when called: tests replace the window's methods after it is made
            add_dock=lambda name, title, widget, area: self.add_dock(name, title, widget, area),
            retranslate=lambda: self.retranslate(),
            fit_view=lambda: self.fit_view(),
            report_error=lambda title, message: self.report_error(title, message),
            maybe_save=lambda: self.maybe_save(),
            open_file=lambda path: self.open_file(path),
            selected_node=lambda: self.selected_node,
            autosave=self._autosave,
        )

    def _autosave(self) -> bool:
        if not hasattr(self, "recovery"):  # made after the features
            return False
        self.recovery.autosave()
        return True

    # the features, by the names tests and benchmarks use
    @property
    def language_menu(self) -> LanguageMenu:
        return self.features.language_menu

    @property
    def error_notice(self) -> ErrorNotice:
        return self.features.error_notice

    @property
    def study(self) -> StudyTools:
        return self.features.study

    @property
    def lab(self) -> Lab:
        return self.features.lab

    @property
    def presentation(self) -> Presentation:
        return self.features.presentation

    @property
    def exporter(self) -> ExportMenu:
        return self.features.exporter

    @property
    def find_bar(self) -> FindBar:
        return self.features.find_bar

    @property
    def file_drop(self) -> FileDrop:
        return self.features.file_drop

    def _translate_dock(self, name: str) -> None:
        dock = self.docks[name]
        title = QCoreApplication.translate("Docks", self._dock_titles[name])
        dock.setWindowTitle(title)
        toggle = dock.toggleViewAction()  # Qt resets its text to the title: set it after
        toggle.setText(self.tr("Show %1").replace("%1", title))
        toggle.setStatusTip(self.tr("Show or hide the panel “%1”").replace("%1", title))

    def _apply_default_layout(self) -> None:
        """1440×900, or the available screen (less the window manager's frame) when smaller,
        placed on it: a laptop at 1366×768 sees the player bar and the explanation."""
        available = available_geometry(self)
        width = min(DEFAULT_SIZE[0], available.width() - FRAME_ALLOWANCE[0])
        height = min(DEFAULT_SIZE[1], available.height() - FRAME_ALLOWANCE[1])
        self.setGeometry(
            available.left() + (available.width() - width) // 2,
            available.top() + max(0, (available.height() - FRAME_ALLOWANCE[1] - height) // 2),
            width,
            height,
        )
        self.resizeDocks([self.docks["editor_dock"]], [340], Qt.Orientation.Horizontal)
        self.resizeDocks([self.docks["explanation_dock"]], [190], Qt.Orientation.Vertical)

    def _build_main_toolbar(self) -> None:
        bar = QToolBar(self.tr("Main"), self)
        bar.setObjectName("main_toolbar")
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        for name in ("file_new", "file_open", "file_save", None, "edit_undo", "edit_redo", None):
            if name is None:
                bar.addSeparator()
            else:
                bar.addAction(self.actions[name])
        for name in ("view_zoom_in", "view_zoom_out", "view_fit", "view_show_neurons"):
            bar.addAction(self.actions[name])
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, bar)
        self.main_toolbar = bar

    def _build_menus(self) -> None:
        a = self.actions
        bar = self.menuBar()
        file_menu = bar.addMenu("")
        file_menu.setObjectName("menu_file")
        file_menu.addActions([a["file_new"], a["file_open"]])
        self.recent_menu = QMenu(self)
        self.recent_menu.setObjectName("menu_recent")
        self.recent_menu.aboutToShow.connect(self._fill_recent_menu)
        file_menu.addMenu(self.recent_menu)
        file_menu.addSeparator()
        file_menu.addActions([a["file_save"], a["file_save_as"]])
        file_menu.addSeparator()
        file_menu.addAction(a["file_quit"])

        edit_menu = bar.addMenu("")
        edit_menu.setObjectName("menu_edit")
        edit_menu.addActions([a["edit_undo"], a["edit_redo"]])

        view_menu = bar.addMenu("")
        view_menu.setObjectName("menu_view")
        view_menu.addActions(
            [a["view_zoom_in"], a["view_zoom_out"], a["view_fit"], a["view_reset_zoom"]]
        )
        view_menu.addSeparator()
        view_menu.addAction(a["view_show_neurons"])
        view_menu.addSeparator()
        self.panels_menu = view_menu.addMenu("")
        self.panels_menu.setObjectName("menu_panels")
        for dock in self.docks.values():
            self.panels_menu.addAction(dock.toggleViewAction())
        self.view_menu = view_menu

        play_menu = bar.addMenu("")
        play_menu.setObjectName("menu_play")
        play_menu.addActions(
            [
                a["play_toggle"],
                a["play_step_forward"],
                a["play_step_back"],
                a["play_to_start"],
                a["play_to_end"],
                a["play_to_backward"],
            ]
        )
        self.play_menu = play_menu

        self.examples_menu = bar.addMenu("")
        self.examples_menu.setObjectName("menu_examples")
        self.examples_menu.aboutToShow.connect(self._fill_examples_menu)
        self._examples_filled = False

        help_menu = bar.addMenu("")
        help_menu.setObjectName("menu_help")
        help_menu.addAction(a["help_legend"])
        help_menu.addSeparator()
        help_menu.addAction(a["help_about"])
        self.help_menu = help_menu
        self.file_menu, self.edit_menu = file_menu, edit_menu
        self._retranslate_menus()

    def _retranslate_menus(self) -> None:
        self.file_menu.setTitle(self.tr("&File"))
        self.recent_menu.setTitle(self.tr("Open &Recent"))
        self.edit_menu.setTitle(self.tr("&Edit"))
        self.view_menu.setTitle(self.tr("&View"))
        self.panels_menu.setTitle(self.tr("&Panels"))
        self.play_menu.setTitle(self.tr("&Play"))
        self.examples_menu.setTitle(self.tr("E&xamples"))
        self.help_menu.setTitle(self.tr("&Help"))

    def _build_status_bar(self) -> None:
        status = self.statusBar()
        self.problem_label = QLabel(self)
        self.problem_label.setObjectName("status_problem")
        self.problem_label.setStyleSheet("color: #b2182b; font-weight: bold;")
        self.problem_label.hide()
        self.summary_label = QLabel(self)
        self.summary_label.setObjectName("status_summary")
        status.addPermanentWidget(self.problem_label, 1)
        status.addPermanentWidget(self.summary_label)

    def _connect(self) -> None:
        a, p, c = self.actions, self.player, self.controller
        a.connect("file_new", self.new_document)
        a.connect("file_open", self.open_document)
        a.connect("file_save", self.save)
        a.connect("file_save_as", self.save_as)
        a.connect("file_quit", self.close)
        a.connect("edit_undo", c.undo_stack.undo)
        a.connect("edit_redo", c.undo_stack.redo)
        c.undo_stack.canUndoChanged.connect(a["edit_undo"].setEnabled)
        c.undo_stack.canRedoChanged.connect(a["edit_redo"].setEnabled)
        c.undo_stack.undoTextChanged.connect(lambda t: self._undo_text("edit_undo", t))
        c.undo_stack.redoTextChanged.connect(lambda t: self._undo_text("edit_redo", t))
        a["edit_undo"].setEnabled(False)
        a["edit_redo"].setEnabled(False)
        a.connect("view_zoom_in", self.view.zoom_in)
        a.connect("view_zoom_out", self.view.zoom_out)
        a.connect("view_fit", self._fit_all)
        a.connect("view_reset_zoom", self.view.reset_zoom)
        a["view_show_neurons"].toggled.connect(self._show_neurons_toggled)
        a.connect("play_toggle", p.toggle)
        a.connect("play_step_forward", p.step_forward)
        a.connect("play_step_back", p.step_back)
        a.connect("play_to_start", p.to_start)
        a.connect("play_to_end", p.to_end)
        a.connect("play_to_backward", p.to_backward_start)
        a.connect("help_about", self.show_about)
        a.connect("help_legend", self.show_legend)

        p.position_changed.connect(self._position_changed)
        p.playing_changed.connect(self._playing_changed)
        self.player_bar.speed_box.currentIndexChanged.connect(self._speed_changed)

        c.document_replaced.connect(self._document_replaced)
        c.run_changed.connect(self._run_changed)
        c.build_failed.connect(self._build_failed)
        c.build_ok.connect(self._build_ok)
        c.program_text_changed.connect(self.editor.set_text)
        c.positions_changed.connect(self._positions_changed)
        c.modified_changed.connect(lambda _m: self._update_title())
        c.title_changed.connect(lambda _t: self._update_title())

        self.editor.program_edited.connect(c.edit_program)
        self.scene.node_selected.connect(self._node_selected)
        self.scene.leaf_activated.connect(self.edit_leaf)
        self.scene.node_moved.connect(self._node_moved)

    # ================================================================== documents
    def open_initial(self, path: str | None = None, example: str = "lecture") -> bool:
        """Open ``path`` if given (falling back to the example on failure), else the example.
        An example's name that is not a file here opens that example, as ``trace NAME`` does."""
        if path and not Path(path).exists() and _is_example_name(path):
            return self.open_example(path, ask=False)
        if path and self.open_file(path, ask=False):
            return True
        return self.open_example(example, ask=False)

    def new_document(self) -> None:
        if not self.maybe_save():
            return
        self.controller.new_document()
        self.statusBar().showMessage(self.tr("New program: type it in the program editor."), 8000)

    def open_document(self) -> None:
        if not self.maybe_save():
            return
        path = self.choose_open_path()
        if path:
            self.open_file(path, ask=False)

    def open_file(self, path: str | Path, ask: bool = True) -> bool:
        """Open a file; a broken or foreign one leaves the current document untouched."""
        if ask and not self.maybe_save():
            return False
        self.editor.flush()
        try:
            self.controller.open_path(path, ask_onnx=self.ask_onnx_document)
        except DocumentError as exc:
            self.report_error(self.tr("Cannot open the file"), f"{Path(path).name}: {exc}")
            if not Path(path).exists():
                self.settings.remove_recent_file(path)
            return False
        self.settings.add_recent_file(path)
        self.settings.set_last_directory(Path(path).resolve().parent)
        self.recovery.remove()
        self.statusBar().showMessage(self.tr("Opened %1").replace("%1", str(path)), 6000)
        return True

    def open_example(self, name: str, ask: bool = True) -> bool:
        from core.documents.examples import load_example

        if ask and not self.maybe_save():
            return False
        try:
            document = load_example(name)
            self.controller.load(document)  # no path: Save asks where, examples stay pristine
        except (DocumentError, FileNotFoundError) as exc:
            self.report_error(self.tr("Cannot open the example"), f"{name}: {exc}")
            return False
        if document.caption:
            self._caption_message = tr_text(document.caption)
            self.statusBar().showMessage(self._caption_message, 20000)
        return True

    def save(self) -> bool:
        if self.controller.path is None:
            return self.save_as()
        return self._save_to(self.controller.path)

    def save_as(self) -> bool:
        suggested = self.controller.path or Path(
            self.settings.last_directory() or Path.cwd(), f"{self.controller.title}.json"
        )
        path = self.choose_save_path(str(suggested))
        if not path:
            return False
        return self._save_to(Path(path))

    def _save_to(self, path: Path) -> bool:
        self.editor.flush()
        try:
            saved = self.controller.save(path)
        except (OSError, DocumentError, ValueError) as exc:
            text = str(exc) if isinstance(exc, WriteError) else f"{path}: {exc}"
            self.report_error(self.tr("Cannot save"), text)
            return False
        self.settings.add_recent_file(saved)
        self.settings.set_last_directory(saved.resolve().parent)
        self.recovery.remove()
        self.statusBar().showMessage(self.tr("Saved %1").replace("%1", str(saved)), 6000)
        return True

    def maybe_save(self) -> bool:
        """True when it is fine to replace or close the document (saved, discarded)."""
        self.editor.flush()
        if not self.controller.modified:
            return True
        answer = self.ask_unsaved_changes()
        if answer == "save":
            return self.save()
        return answer == "discard"

    def edit_leaf(self, node_id: str) -> None:
        run = self.controller.run
        if run is None or node_id not in run.graph or not run.graph[node_id].is_leaf:
            return
        node = run.graph[node_id]
        if node.literal:
            self.statusBar().showMessage(
                self.tr("That number is written in the program: edit it in the editor."), 6000
            )
            return
        value = self.ask_leaf_value(node.display, run.values[node_id])
        if value is not None:
            self.controller.set_leaf_value(node_id, value)

    # ------------------------------------------------------------------ dialogs (patchable)
    def ask_unsaved_changes(self) -> str:
        """ "save", "discard" or "cancel"."""
        buttons = (
            QMessageBox.StandardButton.Save
            | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel
        )
        answer = QMessageBox.warning(
            self,
            APP_NAME,
            self.tr("“%1” has unsaved changes. Save them?").replace("%1", self._shown_title()),
            buttons,
            QMessageBox.StandardButton.Save,
        )
        return {
            QMessageBox.StandardButton.Save: "save",
            QMessageBox.StandardButton.Discard: "discard",
        }.get(answer, "cancel")

    def report_error(self, title: str, message: str) -> None:
        QMessageBox.critical(self, title, message)

    def choose_open_path(self) -> str:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Open document"), self.settings.last_directory(), self.tr(OPEN_FILTER)
        )
        return path

    def choose_save_path(self, suggested: str) -> str:
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Save document"), suggested, self.tr(FILE_FILTER)
        )
        return path

    def ask_leaf_value(self, name: str, current: Any) -> Any | None:
        from .panels.value_dialog import ValueDialog

        dialog = ValueDialog(name, current, self)
        if dialog.exec() == ValueDialog.DialogCode.Accepted:
            return dialog.value()
        return None

    def ask_onnx_document(self, plan: OnnxPlan) -> Document | None:
        """The ONNX model's document with the sample and loss asked for; None: cancelled."""
        from .onnx_dialog import OnnxDialog

        dialog = OnnxDialog(plan, self)
        accepted = dialog.exec() == OnnxDialog.DialogCode.Accepted
        return dialog.document if accepted else None

    def ask_recover(self, entry: RecoveryEntry) -> bool:
        answer = QMessageBox.question(
            self,
            APP_NAME,
            self.recover_question(entry),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.Yes,
        )
        return answer == QMessageBox.StandardButton.Yes

    def recover_question(self, entry: RecoveryEntry) -> str:
        """The question ``ask_recover`` asks: it names the crash log when there is one."""
        crash = self.last_crash
        if crash is None:
            text = self.tr(
                "Backprop Studio did not close properly last time. Recover the unsaved document %1?"
            )
        else:
            text = self.tr(
                "Backprop Studio crashed last time (%2). Recover the unsaved document %1?\n\n"
                "What it was doing is written in %3."
            )
            text = text.replace("%2", crash.describe()).replace("%3", str(crash.log))
        return text.replace("%1", entry.describe())

    def report_crash(self, crash: Crash) -> None:
        """After a crash that left nothing unsaved: say so, and where its log is."""
        text = self.tr(
            "Backprop Studio crashed last time (%1). Nothing unsaved was lost.\n\n"
            "What it was doing is written in %2."
        )
        QMessageBox.information(
            self, APP_NAME, text.replace("%1", crash.describe()).replace("%2", str(crash.log))
        )

    def show_legend(self) -> None:
        """Help → Legend (F1): a non-modal window drawn with the graph's own items; made anew
        each time, so it is in the current language."""
        old = getattr(self, "legend", None)
        if old is not None:
            old.close()
            old.deleteLater()
        self.legend = LegendDialog(self)
        self.legend.show()
        self.legend.raise_()

    def show_about(self) -> None:
        QMessageBox.about(self, self.tr("About Backprop Studio"), self.tr(ABOUT_TEXT))

    # ------------------------------------------------------------------ recovery
    def offer_recovery(self, crashes: list[Crash] | None = None) -> bool:
        """After a crash: offer the newest orphaned recovery file; True if one was restored.
        ``crashes`` (gui.crash_log.previous_crashes) name the crash log in the question, or in
        a message of their own when nothing unsaved was left."""
        self.last_crash = crashes[0] if crashes else None
        entries = orphaned_entries(self.recovery.directory)
        if self.last_crash is not None and not entries:
            self.report_crash(self.last_crash)
        for entry in entries:
            if not self.ask_recover(entry):
                entry.discard()
                continue
            try:
                document = load_document(entry.document_path)
                self.controller.load(document, entry.original_path, modified=True)
            except DocumentError as exc:
                self.report_error(self.tr("Cannot recover"), f"{entry.describe()}: {exc}")
                continue
            finally:
                entry.discard()
            self.recovery.write_now()  # it is unsaved again, now under this session
            self.statusBar().showMessage(
                self.tr("Recovered the unsaved document. Save it to keep it.")
            )
            return True
        return False

    # ================================================================== reacting
    def _document_replaced(self) -> None:
        self.statusBar().clearMessage()  # a message about the previous document is stale now
        self.player.pause()
        self._reset_player = True
        self.selected_node = None
        doc = self.controller.document
        if self.controller.is_program:
            self.editor.set_text(doc.program or "")
            self.editor.set_read_only(False)
        else:
            self._document_texts_for_network()
        self.explanation.set_caption(tr_text(doc.caption))
        with QSignalBlocker(self.actions["view_show_neurons"]):
            self.actions["view_show_neurons"].setChecked(self.controller.is_neuron_network)
        self.actions["view_show_neurons"].setEnabled(doc.source_kind == "network")

    def _run_changed(self, run: Run, same_structure: bool) -> None:
        reset = self._reset_player
        self._reset_player = False
        trace = run.trace
        self.scene.set_run(run, dict(self.controller.document.positions) or None)
        self._positions = self.scene.positions()
        length = len(trace) if trace is not None else 0
        backward = trace.backward_start if trace is not None else length
        updates = _update_start(trace) if trace is not None else length
        target = self._position_for_new_trace(same_structure or reset, length, backward)
        with QSignalBlocker(self.player):
            self.player.set_length(
                length, keep_position=not reset, backward_start=backward, update_start=updates
            )
            if target is not None:
                self.player.seek(target)
        self._show(self.player.position, animate=False)
        self.player_bar.sync()
        auto_zoom = self.view.manual_zoom() is None
        if reset or (not same_structure and auto_zoom):
            self.fit_view()
            QTimer.singleShot(0, self.fit_view)  # again once the viewport has its final size
        if self.selected_node is not None and self.selected_node not in run.graph:
            self.selected_node = None
        self.inspector.show_node(run, self.selected_node)
        note = problem_note(run)
        self.problem_label.setText(note.replace("\n", "   "))
        self.problem_label.setVisible(bool(note))
        self.actions["view_show_neurons"].setEnabled(
            self.controller.document.source_kind == "network"
        )
        with QSignalBlocker(self.actions["view_show_neurons"]):
            self.actions["view_show_neurons"].setChecked(self.controller.is_neuron_network)

    def _position_for_new_trace(self, same: bool, length: int, backward: int) -> int | None:
        """Where the player goes when the graph itself changed (program edit, Show Neurons):
        the same phase, since step k of another graph is another step. None: stay (clamped)."""
        player = self.player
        if same or player.position == 0:
            return None
        if player.at_end:
            return length
        if player.position > player.backward_start:
            return backward
        return min(player.position, backward)

    def _build_failed(self, error: Exception) -> None:
        from core.lang.expr import ProgramError

        cause = error.__cause__ if isinstance(error.__cause__, ProgramError) else None
        self.editor.show_error(cause or error)
        self._error_message = self.tr("✗ %1 (the graph shows the last program that worked)")
        self._error_message = self._error_message.replace("%1", str(cause or error))
        self.statusBar().showMessage(self._error_message, 15000)
        if not self.controller.is_program:
            self.report_error(self.tr("Cannot show this"), str(error))

    def _build_ok(self, summary: str) -> None:
        if self.controller.is_program:
            self.editor.show_ok(summary + self._overrides_note())
        self.summary_label.setText(summary)
        status = self.statusBar()
        shown = status.currentMessage()
        caption = tr_text(self.controller.document.caption)
        stale = (self._error_message, self._caption_message)
        if shown and shown in stale and shown != caption:  # error fixed, or caption's program gone
            status.clearMessage()
        self.explanation.set_caption(caption)
        self.explanation.show_step(self.controller.run, self.player.position)

    def _overrides_note(self) -> str:
        """Values set on the graph that the program's text cannot say (a leaf defined by an
        expression, not a literal): the editor names them, so its text never silently lies."""
        values = self.controller.document.values
        if not values:
            return ""
        from core.autodiff.notation import format_number

        listed = ", ".join(f"{name} = {format_number(value)}" for name, value in values.items())
        return "\n" + self.tr("Set on the graph, not in the text: %1").replace("%1", listed)

    def _position_changed(self, position: int) -> None:
        animate = self.player.playing or position == self._shown_position + 1
        self._show(position, animate=animate and position > self._shown_position)

    def _show(self, position: int, animate: bool) -> None:
        self.scene.show_position(position, animate=animate)
        self._shown_position = position
        self.explanation.show_step(self.controller.run, position)

    def fit_view(self) -> None:
        """Automatic framing (gui.framing): the whole graph at Start and End and whenever it
        fits readably, else a readable zoom that follows the step; resizing keeps to it."""
        self.view.frame_automatically()

    def _fit_all(self) -> None:
        self.view.fit_all()

    def _playing_changed(self, playing: bool) -> None:
        action = self.actions["play_toggle"]
        icon = (
            QStyle.StandardPixmap.SP_MediaPause if playing else QStyle.StandardPixmap.SP_MediaPlay
        )
        action.setIcon(self.style().standardIcon(icon))
        text = (
            QT_TRANSLATE_NOOP("Actions", "&Pause")
            if playing
            else QT_TRANSLATE_NOOP("Actions", "&Play")
        )
        action.setText(QCoreApplication.translate("Actions", text))

    def _speed_changed(self, _index: int) -> None:
        self.settings.set_player_speed(self.player.speed)
        try:
            from . import animation
        except ImportError:  # pragma: no cover - the scene helper's module
            return
        animation.set_speed(animation.speed_for_player(self.player.speed))

    def _node_selected(self, node_id: str) -> None:
        self.selected_node = node_id or None
        self.inspector.show_node(self.controller.run, self.selected_node)
        dock = self.docks["inspector_dock"]
        if self.selected_node and dock.isVisible():
            dock.raise_()

    def _node_moved(self, node_id: str) -> None:
        positions = self.scene.positions()
        if node_id in positions:
            old = getattr(self, "_positions", {}).get(node_id)
            self.controller.move_nodes({node_id: positions[node_id]}, {node_id: old} if old else {})
        self._positions = positions

    def _positions_changed(self, positions: dict) -> None:
        """Undo/redo of a drag: same run, so the scene only moves the nodes named."""
        if self.controller.run is not None and positions:
            self.scene.set_run(self.controller.run, positions)
        self._positions = self.scene.positions()

    def _show_neurons_toggled(self, checked: bool) -> None:
        self.controller.set_granularity("neuron" if checked else "layer")
        with QSignalBlocker(self.actions["view_show_neurons"]):
            self.actions["view_show_neurons"].setChecked(self.controller.is_neuron_network)

    def _undo_text(self, name: str, text: str) -> None:
        if name == "edit_undo":
            label = self.tr("&Undo %1") if text else QCoreApplication.translate("Actions", "&Undo")
        else:
            label = self.tr("&Redo %1") if text else QCoreApplication.translate("Actions", "&Redo")
        self.actions[name].setText(label.replace("%1", text))

    def _update_title(self) -> None:
        self.setWindowTitle(f"{self._shown_title()}[*] — {APP_NAME}")
        self.setWindowModified(self.controller.modified)

    def _shown_title(self) -> str:
        """The document's title in the current language (an example's, or "untitled")."""
        return tr_text(QCoreApplication.translate("DocumentController", self.controller.title))

    # ------------------------------------------------------------------ menus filled lazily
    def _fill_recent_menu(self) -> None:
        menu = self.recent_menu
        menu.clear()
        files = self.settings.recent_files()
        for index, path in enumerate(files, start=1):
            action = menu.addAction(f"&{index % 10} {Path(path).name}")
            action.setStatusTip(path)
            action.setToolTip(path)
            action.triggered.connect(lambda _=False, p=path: self.open_file(p))
        if not files:
            empty = menu.addAction(self.tr("(no recent files)"))
            empty.setEnabled(False)
        else:
            menu.addSeparator()
            menu.addAction(self.tr("Clear list"), self.settings.clear_recent_files)

    def _fill_examples_menu(self) -> None:
        if self._examples_filled:
            return
        from core.documents.examples import list_examples

        try:
            examples = list_examples()
        except (DocumentError, FileNotFoundError) as exc:
            self.report_error(self.tr("Examples are missing"), str(exc))
            return
        for info in examples:
            action = QAction(tr_text(info.title), self.examples_menu)
            action.setObjectName(f"example_{info.name}")
            action.setStatusTip(tr_text(info.caption))
            action.setToolTip(tr_text(info.caption))
            action.triggered.connect(lambda _=False, n=info.name: self.open_example(n))
            self.examples_menu.addAction(action)
        self.examples_menu.setToolTipsVisible(True)
        self._examples_filled = True

    def example_actions(self) -> list[QAction]:
        self._fill_examples_menu()
        return [a for a in self.examples_menu.actions() if a.objectName().startswith("example_")]

    # ================================================================== language
    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt override)
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        """Re-set every text from its English source after a language switch (gui.i18n), then
        tell the features (``language_changed``) to re-set theirs. Panels re-set their own fixed
        texts on QEvent.LanguageChange; what core writes is asked for again in the new language."""
        self.actions.retranslate()
        self._playing_changed(self.player.playing)
        self._undo_text("edit_undo", self.controller.undo_stack.undoText())
        self._undo_text("edit_redo", self.controller.undo_stack.redoText())
        self._retranslate_menus()
        for name in self.docks:
            if name in self._dock_titles:
                self._translate_dock(name)
        self.main_toolbar.setWindowTitle(self.tr("Main"))
        for action in self.example_actions() if self._examples_filled else []:
            self.examples_menu.removeAction(action)
            action.deleteLater()
        self._examples_filled = False
        self._update_title()
        doc = self.controller.document
        self.explanation.set_caption(tr_text(doc.caption))
        if not self.controller.is_program:
            self._document_texts_for_network()
        run = self.controller.run
        if run is not None:
            self.scene.set_run(run)  # same structure: keeps items, re-reads captions and tags
            self._show(self.player.position, animate=False)
            self.inspector.show_node(run, self.selected_node)
            if self.controller.error is None:
                self._build_ok(self.controller.summary())
        self.language_changed.emit()

    def _document_texts_for_network(self) -> None:
        doc = self.controller.document
        spec = doc.spec
        sizes = "–".join(str(s) for s in spec.sizes) if spec is not None else ""
        self.editor.set_text(_network_description(doc))
        self.editor.set_read_only(
            True,
            self.tr("A %1 network built from its spec; the editor is for programs.").replace(
                "%1", sizes
            ),
        )

    # ================================================================== closing
    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt override)
        self.player.pause()
        if not self.maybe_save():
            event.ignore()
            return
        self.settings.save_window(self)
        self.settings.sync()
        self.recovery.stop()
        self.recovery.remove()
        event.accept()


def available_geometry(widget: QWidget) -> QRect:
    """The screen area a window may use (without panels and docks of the desktop)."""
    screen = widget.screen() or QGuiApplication.primaryScreen()
    return screen.availableGeometry()


def _update_start(trace) -> int:
    """Index of the trace's first gradient-descent update step (its length if none)."""
    from core.autodiff.trace import UpdateStep

    return next(
        (i for i, step in enumerate(trace.steps) if isinstance(step, UpdateStep)), len(trace)
    )


def _network_description(document: Document) -> str:
    """Read-only text for the editor when the document is a network, not a program."""
    spec = document.spec
    if spec is None:
        return ""
    translate = QCoreApplication.translate
    rows = (
        (translate("MainWindow", "sizes:"), " → ".join(str(s) for s in spec.sizes)),
        (translate("MainWindow", "activation:"), spec.activation),
        (translate("MainWindow", "output:"), spec.output_activation),
        (translate("MainWindow", "loss:"), spec.loss),
        (translate("MainWindow", "granularity:"), spec.granularity),
        (translate("MainWindow", "samples:"), str(document.samples)),
    )
    width = max(len(label) for label, _ in rows) + 1
    lines = [
        translate(
            "MainWindow", "# This document is a network built from its spec (not a program):"
        ),
        *(f"#   {label:<{width}}{value}" for label, value in rows),
        translate(
            "MainWindow",
            "# Double-click a leaf to change a value; View → Show Neurons expands the layers.",
        ),
    ]
    return "\n".join(lines) + "\n"


def _is_example_name(word: str) -> bool:
    """True for a built-in example's name (``lecture``, ``xor``, …): the command line's words."""
    from core.documents.examples import example_names

    return word in example_names()
