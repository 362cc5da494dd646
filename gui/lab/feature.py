"""The training lab in the window: the Train menu, the panel and plot docks, and the wiring.

Data flow: the document's graph (DocumentController) → a Session (data + core Trainer) → the
TrainingDriver runs epochs in time slices → each frame the plots redraw from the history, and
at a lower, self-adjusting rate the graph shows the current weights: the lab hands the window a
Run of the document's graph with the trained parameters, through the controller's own
``run_changed`` signal, so the scene, the player and the inspector all keep working (zoom,
select, inspect) on live numbers. The document itself changes only on “Keep weights” (one
undoable edit). Any other change of the document ends the session and starts a fresh one.
"""

from __future__ import annotations

import dataclasses
import os
import time
from typing import TYPE_CHECKING, Any

import numpy as np
from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtWidgets import (
    QFileDialog,
    QLabel,
    QMenu,
    QStackedWidget,
    QTabWidget,
    QToolButton,
    QWidget,
)

from core.autodiff.notation import format_number
from core.documents.document import Document
from core.documents.lab_record import LabRecord
from core.text.i18n import count
from core.training.nn import NetworkSpec

from ..actions import ActionSpec
from ..qt_typed import QT_TRANSLATE_NOOP
from .budget import Budget
from .driver import FRAME_S, TrainingDriver

if (
    TYPE_CHECKING
):  # the panel and the session (core.training.train, data sets) load when the lab opens
    from ..study import StudyTools
    from ..window_parts import WindowParts
    from .activation import ActivationExplorer
    from .panel import TrainingPanel
    from .plots import LabPlots
    from .session import Model, Session, StepShown

ENV_VAR = "BACKPROP_STUDIO_LAB"
SPECS = (
    ActionSpec(
        "lab_open",
        QT_TRANSLATE_NOOP("Actions", "Training &Lab"),
        ("Ctrl+L",),
        QT_TRANSLATE_NOOP("Actions", "Train the graph on data and watch gradient descent"),
    ),
    ActionSpec(
        "lab_train",
        QT_TRANSLATE_NOOP("Actions", "&Train / Pause"),
        ("Ctrl+T",),
        QT_TRANSLATE_NOOP("Actions", "Start training, or pause it"),
    ),
    ActionSpec(
        "lab_step",
        QT_TRANSLATE_NOOP("Actions", "One &Update, Step by Step"),
        (),
        QT_TRANSLATE_NOOP(
            "Actions", "Record the next update and play it: forward, backward, w ← w − η·∂Q/∂w"
        ),
    ),
    ActionSpec(
        "lab_epoch",
        QT_TRANSLATE_NOOP("Actions", "One &Epoch"),
        (),
        QT_TRANSLATE_NOOP("Actions", "Train one epoch"),
    ),
    ActionSpec(
        "lab_reset",
        QT_TRANSLATE_NOOP("Actions", "&Reset Training"),
        (),
        QT_TRANSLATE_NOOP("Actions", "Back to epoch 0 with the document's weights"),
    ),
    ActionSpec(
        "lab_new_network",
        QT_TRANSLATE_NOOP("Actions", "New &Network…"),
        (),
        QT_TRANSLATE_NOOP("Actions", "A fully connected network for the 2-D data sets"),
    ),
    ActionSpec(
        "lab_activations",
        QT_TRANSLATE_NOOP("Actions", "&Activation Explorer"),
        (),
        QT_TRANSLATE_NOOP("Actions", "Plot any activation f and its derivative f′"),
    ),
)
HEAVY_SHARE = 0.02  # heat maps may take this share of the time while training
GRAPH_SHARE = 0.015  # and the graph view (frames and training share the rest)
GRAPH_MIN_INTERVAL = 0.1  # seconds: at most 10 graph refreshes a second
GRAPH_MAX_COST = 0.035  # seconds: a graph slower to redraw (the event loop would wait more than
# 50 ms for it, with a slice) is redrawn on pause only
GRAPH_PROBE_NODES = 120  # larger graphs are first measured on a pause, not mid-training
# (new weights on a ~300-node graph cost the scene ~25 ms plus the repaint, see bench_scene)
STATUS_INTERVAL = 0.25  # the status text is read, not watched: each change relays its panel out
HEAVY_MAX_INTERVAL = 1.0  # the heat maps follow at least once a second


class Lab(QObject):
    """The training lab of one window (``window.lab``)."""

    def __init__(self, parts: WindowParts, study: StudyTools) -> None:
        super().__init__(parts.window)
        self.parts = parts
        self.study = study  # predict mode hides the numbers the player has not reached
        self.window = parts.window  # the parent of the lab's widgets and dialogs
        self.panel: TrainingPanel | None = None
        self.plots: LabPlots | None = None  # made when the lab first opens
        self.explorer: ActivationExplorer | None = None
        self.tabs: QTabWidget | None = None
        self.session: Session | None = None
        self.shown_step: StepShown | None = None
        self.driver = TrainingDriver(self)
        self.driver.frame.connect(self._frame)
        self.driver.finished.connect(self._finished)
        self.driver.running_changed.connect(self._running_changed)
        self._emitting = False  # the lab itself is handing the window a run
        self._live_shown = False  # the window shows a run the lab made (not the document's)
        self._applying = False  # “Keep weights” is writing the document
        self._heavy_due = 0.0
        self._graph_due = 0.0
        self._status_due = 0.0
        self._graph_note_shown = False
        self.budget = Budget()  # what the heat maps and the graph view cost to update
        self._install_actions()
        self._replaced = False
        parts.controller.document_replaced.connect(self._document_replaced)
        parts.controller.run_changed.connect(self._run_changed)
        parts.controller.lab_record = self.record  # Save writes the lab into the document

    # ================================================================== actions and docks
    def _install_actions(self) -> None:
        w = self.window
        slots = {
            "lab_open": self.open,
            "lab_train": self.toggle_training,
            "lab_step": self.one_update,
            "lab_epoch": self.one_epoch,
            "lab_reset": self.reset,
            "lab_new_network": self.new_network,
            "lab_activations": lambda: self.open("activations"),
        }
        menu = QMenu(w)
        menu.setObjectName("menu_train")
        for spec in SPECS:
            action = self.parts.actions.add(spec, lambda _=False, s=slots[spec.name]: s())
            menu.addAction(action)
            if spec.name in ("lab_open", "lab_reset"):
                menu.addSeparator()
        w.menuBar().insertMenu(self.parts.menus.help.menuAction(), menu)
        self.menu = menu
        self.parts.language_changed.connect(self.retranslate)
        self.retranslate()

    def retranslate(self) -> None:
        self.menu.setTitle(self.tr("&Train"))

    def open(self, tab: str = "training") -> None:
        """Show the lab (building it on first use: this is when pyqtgraph is imported)."""
        if self.panel is None:
            self._build()
        assert self.tabs is not None
        for name in ("lab_dock", "lab_plots_dock"):
            dock = self.parts.docks[name]
            dock.show()
            dock.raise_()
        self.tabs.setCurrentIndex(1 if tab == "activations" else 0)
        if self.session is None:
            self.rebuild_session()

    def _build(self) -> None:
        from .activation import ActivationExplorer
        from .panel import TrainingPanel
        from .plots import LabPlots

        w = self.window
        self.panel = TrainingPanel(w)
        self.plots = LabPlots(w)
        self.explorer = ActivationExplorer(w)
        tabs = QTabWidget(w)
        tabs.setObjectName("lab_tabs")
        self.plots_stack = QStackedWidget(tabs)  # the plots, or why predict mode hides them
        self.plots_lock = QLabel(self.plots_stack)
        self.plots_lock.setObjectName("lab_plots_lock")
        self.plots_lock.setWordWrap(True)
        self.plots_lock.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.plots_lock.setStyleSheet(
            "color: #555555; font-style: italic; font-size: 13pt; padding: 24px;"
        )
        self.plots_stack.addWidget(self.plots)
        self.plots_stack.addWidget(self.plots_lock)
        tabs.addTab(self.plots_stack, self.tr("Training"))
        tabs.addTab(self.explorer, self.tr("Activations"))
        export = QToolButton(tabs)
        export.setObjectName("lab_export")
        export.setText(self.tr("Export…"))
        export.setToolTip(self.tr("Save the plots shown as PNG or SVG"))
        export.clicked.connect(self.export_dialog)
        self.plots.on_export = export.click  # the plots' own menu; does nothing when disabled
        tabs.setCornerWidget(export, Qt.Corner.TopRightCorner)
        self.export_button = export
        self.tabs = tabs
        add_dock = self.parts.add_dock
        add_dock("lab_dock", QT_TRANSLATE_NOOP("Docks", "Training"), self.panel, "left")
        add_dock("lab_plots_dock", QT_TRANSLATE_NOOP("Docks", "Training plots"), tabs, "right")
        p = self.panel
        p.data_changed.connect(self._data_changed)
        p.settings_changed.connect(self._settings_changed)
        p.train_clicked.connect(self.toggle_training)
        p.step_clicked.connect(self.one_update)
        p.epoch_clicked.connect(self.one_epoch)
        p.reset_clicked.connect(self.reset)
        p.keep_clicked.connect(self.keep_weights)
        p.new_network_clicked.connect(self.new_network)
        p.network_changed.connect(self._network_changed)
        p.browse_clicked.connect(self._browse_csv)
        p.speed_changed.connect(self.driver.set_speed)
        actions = self.parts.actions
        if "view_show_neurons" in actions:  # a network drawn by layer: its neurons in one click
            p.draw_neurons.setDefaultAction(actions["view_show_neurons"])
        else:
            p.draw_neurons.hide()
        self.parts.controller.modified_changed.connect(lambda _m: self.update_command())
        self.parts.controller.title_changed.connect(lambda _t: self.update_command())
        self.study.lock_changed.connect(lambda _locked: self._show_lock())
        self._show_lock()
        QTimer.singleShot(0, self._size_docks)

    def _locked(self) -> bool:
        """Predict mode hides numbers the player has not reached: the plots and the status
        would show the recorded update's loss and new weights before they are asked."""
        return self.study.locked()

    def _show_lock(self) -> None:
        if self.panel is None or self.plots is None:  # built together, when the lab opens
            return
        locked = self._locked()
        if locked:
            self.plots_lock.setText(self.study.lock_text())
        self.plots_stack.setCurrentWidget(self.plots_lock if locked else self.plots)
        self.export_button.setEnabled(not locked)  # a saved picture would show them too
        self._update_status()

    def _size_docks(self) -> None:
        """Room for the plots: a right column, mostly plots; the editor keeps a strip."""
        w, docks = self.window, self.parts.docks
        panel, plots = docks["lab_dock"], docks["lab_plots_dock"]
        # the panel takes the left column's whole height (the explanation stays under the
        # graph): under the explanation its last rows were cut off on a 1600 × 1000 window
        w.setCorner(Qt.Corner.BottomLeftCorner, Qt.DockWidgetArea.LeftDockWidgetArea)
        w.resizeDocks([panel, plots], [310, plots_width(w.width(), panel, plots)], HORIZONTAL)
        editor = docks["editor_dock"]
        if editor.isVisible() and not editor.isFloating():
            w.resizeDocks([editor, plots], [200, 800], Qt.Orientation.Vertical)
        QTimer.singleShot(50, self.parts.fit_view)  # the graph's area, once the docks settled

    # ================================================================== sessions
    def _model(self) -> Model | None:
        from .session import Model

        c = self.parts.controller
        if c.run is None:
            return None
        network = c.network if c.document.source_kind == "network" else None
        graph = network.graph if network is not None else c.run.graph
        return Model(graph, network)

    def rebuild_session(self, keep_on_error: bool = False) -> bool:
        """A fresh session for the current document and the panel's data and settings.
        With ``keep_on_error`` (the person changed the data) a failure keeps the old one."""
        from .session import LabError, Session, load_data

        if self.panel is None:
            return False
        self.driver.pause()
        self.panel.take_pending_data_change()
        previous = self.session
        doc = self.parts.controller.document
        self.panel.show_network(doc.spec if doc.source_kind == "network" else None)
        model = self._model()
        if model is None:
            self._set_session(None)
            return False
        try:
            config = self.panel.train_config()
            data = load_data(model, self.panel.data_choice())
            session = Session(model, data, config)
        except LabError as exc:
            if keep_on_error and previous is not None:
                self.panel.set_data_status(
                    f"✗ {exc}\n"
                    + self.tr("Still training on: {data}").format(data=previous.data.description),
                    error=True,
                )
                return False
            self.panel.set_data_status(f"✗ {exc}", error=True)
            self._set_session(None)
            return False
        self._set_session(session)
        return True

    def _set_session(self, session: Session | None) -> None:
        self.session = session
        self.shown_step = None
        self._heavy_due = self._graph_due = 0.0
        if self.plots is not None:
            self.plots.set_session(session)
        if self.panel is None:
            return
        if session is None:
            self.panel.set_status("")
            return
        n = session.data.samples
        held = session.trainer.test_samples
        text = self.tr("Training on {data}").format(data=session.data.description)
        if held:
            text += self.tr(": {n} to train, {k} held out").format(n=count(n), k=count(held))
        self.panel.set_data_status(text)
        self.panel.set_sample_count(n)
        self.panel.set_message(self._binding_text(session))
        self._update_status()
        self.update_command()
        if self._live_shown:  # the graph shows another session's weights: back to the document's
            self._show_run(session.display_run())
        # showing the document's own numbers again is cheaper than showing new ones: that
        # measurement would mislead; the first redraw with trained weights measures instead
        self.budget.forget("graph")

    def command_argv(self) -> list[str] | None:
        """The ``backprop-studio train`` options that reproduce this session (core.documents.recipe);
        None when the document must be saved first for a terminal to read it."""
        from core.documents import recipe
        from core.training import datasets

        from .session import CSV, DOCUMENT

        if self.panel is None or self.session is None:
            return None
        choice = self.panel.data_choice()
        generated = choice.source not in (DOCUMENT, CSV)
        kind = datasets.info(choice.source).kind if generated else "unknown"
        c = self.parts.controller
        path = c.path or getattr(c, "program_path", None)
        source = recipe.program_argv(
            c.document,
            str(path) if path else None,
            c.modified,
            kind,
            choice.seed,
            own_values=choice.source == DOCUMENT,
        )
        if source is None:
            return None
        data = recipe.data_argv(
            choice.source,
            path=choice.path,
            samples=choice.samples,
            noise=choice.noise,
            seed=choice.seed,
            test_fraction=choice.test_fraction,
        )
        return recipe.train_argv(source, data, self.session.config)

    def update_command(self) -> None:
        """Show the command line for the current settings (or why there is none)."""
        from core.documents.recipe import command_line

        if self.panel is None:
            return
        argv = self.command_argv() if self.session is not None else None
        if argv is None:
            why = (
                self.tr("Save the document (Ctrl+S) to get a command line that trains it")
                if self.session is not None
                else ""
            )
            self.panel.set_command("", why)
        else:
            self.panel.set_command(command_line(argv))

    def _binding_text(self, session: Session) -> str:
        model = session.model
        names = ", ".join(model.features + model.targets)
        return self.tr(
            "Columns {names} feed the inputs of the same names. The graph shows the document's "
            "own sample(s) with the current weights."
        ).format(names=names)

    def _data_changed(self) -> None:
        self.rebuild_session(keep_on_error=True)

    def _settings_changed(self) -> None:
        from .session import LabError

        if self.session is None or self.panel is None:
            return
        try:
            self.session.set_config(self.panel.train_config())
        except LabError as exc:
            self.panel.set_message(f"✗ {exc}", "error")
            return
        self.update_command()
        self.panel.set_message(self.tr("Settings apply from the next epoch."))

    def _document_replaced(self) -> None:
        self._replaced = True  # the run_changed that follows is a new document, not an edit

    def _run_changed(self, _run, _same: bool) -> None:
        """The document's graph or values changed (edit, undo, another document)."""
        from .session import DOCUMENT

        if self._emitting or self._applying:
            return
        replaced, self._replaced = self._replaced, False
        self._live_shown = False  # the window shows the document's own run again
        self.driver.pause()
        record = self.parts.controller.document.lab
        if replaced and record is not None:  # a shared setup: the lab as the teacher saved it
            self.apply_record(record)
            return
        if self.panel is None:
            self.session = None
            return
        if not self.rebuild_session() and self.panel.data_choice().source != DOCUMENT:
            message = self.panel.data_status.text()
            index = self.panel.source.findData(DOCUMENT)
            self.panel.source.blockSignals(True)
            self.panel.source.setCurrentIndex(index)
            self.panel.source.blockSignals(False)
            self.panel._source_changed()  # noqa: SLF001 (its own widgets' state)
            if self.session is not None:
                self.panel.set_message(
                    message + "\n" + self.tr("Using the document's own values instead."), "error"
                )
            return
        if self.session is not None and not replaced:  # a new document keeps its binding text
            self.panel.set_message(
                self.tr("The document changed: training starts again from its values.")
            )

    # ================================================================== documents
    def record(self) -> LabRecord | None:
        """The lab as a document keeps it (data, settings, classroom mode, plot toggles);
        None when the lab was never opened (the document's own record then stays)."""
        if self.panel is None or self.plots is None:
            return None
        return dataclasses.replace(
            self.panel.record(),
            show_test=self.plots.show_test.isChecked(),
            discretize=self.plots.discretize.isChecked(),
        )

    def apply_record(self, record: LabRecord) -> None:
        """Open the lab with a document's data, settings and hidden controls: the same
        samples, split and settings, so Train gives the run that was saved, number for number."""
        from core.documents.lab_record import file_hash

        from .session import CSV

        if self.panel is None:
            self._build()
        assert self.panel is not None and self.plots is not None
        self.panel.apply_record(record)
        self.plots.set_plane_options(record.show_test, record.discretize)
        self.open()
        self.rebuild_session()
        if record.source == CSV and record.sha256 and file_hash(record.path) != record.sha256:
            self.panel.set_message(
                self.tr("{path} changed since the document was saved: the run may differ.").format(
                    path=record.path
                ),
                "error",
            )

    # ================================================================== commands
    def toggle_training(self) -> None:
        if self.driver.running:
            self.pause()
        else:
            self.train()

    def train(self) -> None:
        from .session import LabError

        self.open()
        session = self.session
        if session is None or self.panel is None:
            return
        try:
            session.set_config(self.panel.train_config())
            session.resume()
        except LabError as exc:
            self.panel.set_message(f"✗ {exc}", "error")
            return
        self.parts.player.pause()
        self.parts.player.to_end()  # values and gradients of the current weights
        now = time.perf_counter()
        self._graph_due = now + max(GRAPH_MIN_INTERVAL, self.budget.cost("graph") / GRAPH_SHARE)
        self._heavy_due = now
        self.budget.skip()
        self._graph_note_shown = False
        self.driver.start(session)
        self.panel.set_message(
            self.tr(
                "Training… the graph shows the current weights (edge width and colour) on the "
                "document's sample(s). Pause at any moment; One update shows the next step."
            )
        )

    def pause(self) -> None:
        self.driver.pause()

    def one_epoch(self) -> None:
        self.open()
        self.driver.pause()
        if self.session is None or self.panel is None:
            return
        if self.session.finished:
            self.panel.set_message(self._stopped_text(), "done")
            return
        self.session.one_epoch()
        self._redraw()
        if self.session.finished:
            self._finished()
            return
        text = self.tr("Epoch {n} done: one pass over the training data.").format(
            n=self.session.epoch
        )
        advice = self.stall_text()
        self.panel.set_message(text + ("\n" + advice if advice else ""))

    def one_update(self) -> None:
        """Record the next update and hand it to the window's player, at its first step."""
        from .session import LabError

        self.open()
        self.driver.pause()
        session = self.session
        if session is None or self.panel is None:
            return
        try:
            if self.panel.step_mode_value == "sample":
                shown = session.sample_update(self.panel.sample.value() - 1)
            else:
                shown = session.record_update()
        except LabError as exc:
            self.panel.set_message(f"✗ {exc}", "error")
            return
        self.shown_step = shown
        self._redraw(show_graph=False)
        self._show_run(shown.run)
        self.parts.player.seek(0)
        self.parts.view.setFocus()
        if self.panel.step_mode_value == "sample":  # one sample's loss, not the objective Q
            how = self.tr(
                "Step through it with → (Space plays): the forward pass, the backward pass, then "
                "w ← w − η·∂L/∂w for each parameter at the end, with this sample's own loss L "
                "(End jumps there)."
            )
        else:
            how = self.tr(
                "Step through it with → (Space plays): the forward pass, the backward pass, then "
                "w ← w − η·∂Q/∂w for each parameter at the end (End jumps there)."
            )
        self.panel.set_message(shown.note + "\n" + how)

    def reset(self) -> None:
        self.open()
        self.driver.pause()
        if self.session is None or self.panel is None:
            return
        self.session.reset()
        self._redraw()
        self.panel.set_message(self.tr("Back to epoch 0."))

    def keep_weights(self) -> None:
        """Write the trained weights into the document as one undoable edit."""
        from ..document_controller import DocumentCommand

        self.driver.pause()
        session = self.session
        if session is None:
            return
        controller = self.parts.controller
        before = controller.document
        values = dict(before.values)
        graph = session.model.graph
        for nid, value in session.parameters().items():
            node = graph[nid]
            values[node.name or node.id] = _plain(value)
        after = before.replace(values=values)
        text = self.tr("Keep weights of epoch {n}").format(n=count(session.epoch))
        self._applying = True
        try:
            controller.undo_stack.push(DocumentCommand(controller, before, after, text, "values"))
        finally:
            self._applying = False
        if self.panel is not None:
            self.panel.set_message(
                self.tr(
                    "The document now holds the weights of epoch {n} (Undo takes them back)."
                ).format(n=count(session.epoch)),
                "done",
            )

    def _network_changed(self) -> None:
        """The panel's feature toggles or penalty changed: rebuild the network document with
        them (one undoable edit; weights whose shape still fits are kept)."""
        from .session import LabError

        c = self.parts.controller
        doc = c.document
        if self.panel is None or doc.source_kind != "network" or doc.spec is None:
            return
        try:
            spec = self.panel.network_choice(doc.spec)
        except LabError as exc:
            self.panel.set_message(f"✗ {exc}", "error")
            self.panel.show_network(doc.spec)
            return
        if spec == doc.spec:
            return
        self.driver.pause()
        if not c.set_network_spec(spec, self.tr("Change features or penalty")):
            self.panel.show_network(doc.spec)

    def new_network(self) -> None:

        spec = self.ask_network_spec()
        if spec is None or not self.parts.maybe_save():
            return
        self.open()
        assert self.panel is not None
        source = self.panel.data_choice().source
        wanted = _data_for_inputs(source, spec.raw_inputs)
        if wanted != source:
            self.panel.source.blockSignals(True)
            self.panel.source.setCurrentIndex(self.panel.source.findData(wanted))
            self.panel.source.blockSignals(False)
            self.panel._source_changed()  # noqa: SLF001
        sizes = "-".join(str(s) for s in spec.sizes)
        title = self.tr("{sizes} network").format(sizes=sizes)
        self.parts.controller.load(Document.from_network(spec, title=title))

    # ------------------------------------------------------------------ dialogs (patchable)
    def ask_network_spec(self) -> NetworkSpec | None:
        from .network_dialog import NetworkDialog

        dialog = NetworkDialog(self.window)
        if dialog.exec() == NetworkDialog.DialogCode.Accepted:
            return dialog.spec
        return None

    def choose_csv_path(self) -> str:
        path, _ = QFileDialog.getOpenFileName(
            self.window,
            self.tr("Training data"),
            self.parts.settings.last_directory(),
            self.tr("CSV files (*.csv);;All files (*)"),
        )
        return path

    def choose_export_path(self) -> str:
        path, _ = QFileDialog.getSaveFileName(
            self.window,
            self.tr("Export plots"),
            "training.png",
            self.tr("PNG image (*.png);;SVG drawing (*.svg)"),
        )
        return path

    def _browse_csv(self) -> None:
        path = self.choose_csv_path()
        if path:
            self.use_csv(path)

    def use_csv(self, path: str) -> None:
        """Train on the CSV file at ``path`` (Browse…, or a file dropped on the window)."""
        from .session import CSV

        self.open()
        if self.panel is None:
            return
        self.panel.csv_path.setText(path)
        index = self.panel.source.findData(CSV)
        if self.panel.source.currentIndex() != index:
            self.panel.source.setCurrentIndex(index)  # emits data_changed
        else:
            self._data_changed()

    def export_dialog(self) -> None:
        path = self.choose_export_path()
        if path:
            try:
                target = self.export(path)
            except OSError as exc:
                self.parts.report_error(self.tr("Cannot export"), str(exc))
                return
            self.window.statusBar().showMessage(self.tr("Saved {path}").format(path=target), 6000)

    def export(self, path: str):
        """Export the tab shown (the training plots or the activation explorer)."""
        assert self.tabs is not None and self.plots is not None
        if self.tabs.currentWidget() is self.explorer:
            from .plots import export_scene

            return export_scene(self.explorer.plot_widget.scene(), path, self.explorer.width())
        return self.plots.export(path)

    # ================================================================== drawing
    def _frame(self) -> None:
        """One frame while training: the cheap plots every frame; the heat maps and the graph
        view when due, each keeping to its share of the time (gui.lab.budget)."""
        session = self.session
        if session is None or self.plots is None:
            return
        budget = self.budget
        budget.gap(self.driver.last_gap)
        now = time.perf_counter()
        self.plots.refresh(heavy=False)
        if now >= self._status_due:  # four times a second (STATUS_INTERVAL)
            self._update_status()
            self._status_due = now + STATUS_INTERVAL
        limited = self.driver.speed is not None  # slowed down to watch: draw everything
        if now >= self._heavy_due and self.plots.has_heavy():
            start = time.perf_counter()
            self.plots.refresh_heavy()
            budget.updated("heavy", time.perf_counter() - start)
            wait = FRAME_S if limited else budget.cost("heavy") / HEAVY_SHARE
            self._heavy_due = now + min(max(FRAME_S, wait), HEAVY_MAX_INTERVAL)
        elif now >= self._graph_due and self._graph_live():
            start = time.perf_counter()
            self._show_run(session.display_run(), measure=False)
            budget.updated("graph", time.perf_counter() - start)
            wait = GRAPH_MIN_INTERVAL if limited else budget.cost("graph") / GRAPH_SHARE
            self._graph_due = now + max(GRAPH_MIN_INTERVAL, wait)
        else:
            budget.updated("light", 0.0)

    def _graph_live(self) -> bool:
        """Whether the graph view can follow training: a graph whose redraw takes longer than
        GRAPH_MAX_COST would stall the window each time, so it is redrawn on pause instead. A
        large graph not yet measured waits for the first pause to be measured."""
        assert self.session is not None  # asked while a session trains
        if not self.budget.known("graph"):
            if len(self.session.model.graph.nodes) <= GRAPH_PROBE_NODES:
                return True
        elif self.budget.cost("graph") <= GRAPH_MAX_COST or self.budget.count("graph") < 2:
            return True  # cheap enough, or slow only once so far (one unlucky frame)
        if not self._graph_note_shown and self.panel is not None:
            self._graph_note_shown = True
            self.panel.set_message(
                self.tr(
                    "Training… this graph is large to redraw, so it shows the new weights when "
                    "you pause; the plots follow live."
                )
            )
        return False

    def _redraw(self, show_graph: bool = True) -> None:
        """Everything at once (paused: after a step, an epoch, a reset)."""
        if self.session is None:
            return
        if self.plots is not None:
            self.plots.refresh(heavy=True)
        self._update_status()
        if show_graph:
            self._show_run(self.session.display_run())

    def _show_run(self, run, measure: bool = True) -> None:
        """Hand the window a run of the document's graph (same structure, new numbers)."""
        controller = self.parts.controller
        start = time.perf_counter()
        self._emitting = True
        self._live_shown = True
        try:
            controller.run = run
            controller.run_changed.emit(run, True)
        finally:
            self._emitting = False
        if measure:  # the scene's cost of new numbers (without the repaint: a lower bound)
            self.budget.record("graph", time.perf_counter() - start)

    def _finished(self) -> None:
        self._redraw()
        if self.panel is not None:
            advice = self.stall_text()
            if advice:
                self.panel.set_message(self._stopped_text() + "\n" + advice, "error")
            else:
                self.panel.set_message(self._stopped_text(), "done")

    def stall_text(self) -> str:
        """Why the run is not learning and what to try (core.documents.recipe.stall_advice), or ""."""
        from core.documents.recipe import stall_advice

        session = self.session
        if session is None:
            return ""
        chance = None
        targets = session.model.targets
        if len(targets) == 1 and targets[0] in session.data.train_columns:
            y = session.data.train_columns[targets[0]]
            if len(y) and np.all((y == 0) | (y == 1)):
                share = float(np.mean(y))
                chance = max(share, 1.0 - share)
        result = session.result
        return stall_advice(
            session.history("train_loss"),
            session.history("train_accuracy"),
            chance,
            result.stop_reason if result is not None else "",
            session.config.learning_rate,
            session.config.max_epochs,
        )

    def _stopped_text(self) -> str:
        result = self.session.result if self.session is not None else None
        if result is None:
            return ""
        return self.tr("Stopped: {message}").format(message=result.message)

    def _running_changed(self, running: bool) -> None:
        if self.panel is not None:
            self.panel.set_running(running)
        if not running and self.session is not None and not self.session.finished:
            self._redraw()
            if self.panel is not None:
                text = self.tr("Paused at epoch {n}. Train goes on exactly from here.").format(
                    n=self.session.epoch
                )
                advice = self.stall_text()
                self.panel.set_message(text + ("\n" + advice if advice else ""))

    def _update_status(self) -> None:
        if self.panel is None or self.session is None:
            return
        if self._locked():
            self.panel.set_status(
                self.tr("Predict mode: the loss and the weights appear at the end of the run.")
            )
            return
        t = self.session.trainer
        row = t.history.last()
        lines = [self.tr("epoch {n}").format(n=count(t.epoch))]
        if self.driver.running:
            lines[0] += self.tr("   ({rate} epochs/s)").format(
                rate=f"{self.driver.epochs_per_second():,.0f}"
            )
        if row is not None:
            loss = self.tr("Q train {value}").format(value=format_number(row.train_loss))
            if np.isfinite(row.test_loss):
                loss += self.tr("   held out {value}").format(value=format_number(row.test_loss))
            lines.append(loss)
            if np.isfinite(row.train_accuracy):
                acc = self.tr("accuracy {value} %").format(value=f"{100 * row.train_accuracy:.1f}")
                if np.isfinite(row.test_accuracy):
                    acc += self.tr("   held out {value} %").format(
                        value=f"{100 * row.test_accuracy:.1f}"
                    )
                lines.append(acc)
            lines.append(
                f"‖∇Q‖ {format_number(row.grad_norm)}   ‖Δw‖ {format_number(row.step_norm)}"
            )
        self.panel.set_status("\n".join(lines))

    # ================================================================== start-up option
    def apply_environment(self, text: str) -> None:
        """BACKPROP_STUDIO_LAB="data=spiral,net=2-8-8-1,lr=0.3,train" (see the README)."""
        from .session import CSV

        options = _parse_options(text)
        if "net" in options:
            from .network_dialog import make_spec

            spec = make_spec(
                options["net"],
                options.get("act", "tanh"),
                options.get("out", "sigmoid"),
                options.get("gran", "layer"),
            )
            self.parts.controller.load(
                Document.from_network(spec, title=f"{options['net']} network")
            )
        self.open(options.get("tab", "training"))
        p = self.panel
        assert p is not None
        if "data" in options:  # first: a generated set brings its defaults (core.documents.recipe)
            if options["data"].endswith(".csv"):
                p.csv_path.setText(options["data"])
                p.source.setCurrentIndex(p.source.findData(CSV))
            else:
                p.source.setCurrentIndex(p.source.findData(options["data"]))
        for key, widget in (
            ("samples", p.samples),
            ("seed", p.seed),
            ("batch", p.batch_size),
            ("epochs", p.max_epochs),
        ):
            if key in options:
                widget.setValue(int(options[key]))
        for key, number in (
            ("noise", p.noise),
            ("test", p.test_fraction),
            ("lr", p.learning_rate),
            ("momentum", p.momentum),
        ):
            if key in options:
                number.setValue(float(options[key]))
        if "activation" in options and self.explorer is not None:
            self.explorer.choice.setCurrentText(options["activation"])
        self.rebuild_session(keep_on_error=True)
        if "speed" in options:
            index = p.speed.findData(float(options["speed"]))
            if index >= 0:
                p.speed.setCurrentIndex(index)
        if "train" in options:
            self.train()
            if "pause" in options:
                QTimer.singleShot(int(float(options["pause"]) * 1000), self.pause)
        elif "step" in options:
            self.one_update()


def _parse_options(text: str) -> dict[str, str]:
    out = {}
    for part in text.replace(";", ",").split(","):
        key, _, value = part.strip().partition("=")
        if key:
            out[key.strip()] = value.strip()
    return out


def _plain(value: Any) -> Any:
    arr = np.asarray(value, dtype=float)
    return float(arr) if arr.ndim == 0 else arr.tolist()


def install(parts: WindowParts, study: StudyTools) -> Lab:
    """Add the Train menu; the lab's docks and pyqtgraph load when it first opens."""
    lab = Lab(parts, study)
    text = os.environ.get(ENV_VAR, "").strip()
    if text:
        QTimer.singleShot(200, lambda: lab.apply_environment(text))
    return lab


def _data_for_inputs(source: str, inputs: int) -> str:
    """A generated set a new network with ``inputs`` data columns can train on: the current
    one if it fits, else spiral for two inputs and sin for one (the curve-fitting picture)."""
    from core.training import datasets

    from .session import CSV, DOCUMENT

    if source == CSV:
        return source
    if source == DOCUMENT:  # a new network's own values are one random sample
        return "spiral" if inputs == 2 else "sin"
    if source == "regression":
        return "spiral" if inputs == 2 else source
    has_x2 = "x2" in datasets.info(source).columns
    if inputs == 2 and not has_x2:
        return "spiral"
    if inputs == 1 and has_x2:
        return "sin"
    return source


HORIZONTAL = Qt.Orientation.Horizontal
PLOTS_WIDTH = 640  # the plots' column where the window has room for it
GRAPH_SHARE = 0.4  # the graph keeps this much of a narrow window's width (a laptop's 1366 px)


def plots_width(window_width: int, panel: QWidget, plots: QWidget) -> int:
    """The plots' column: 640 px on a wide window; on a narrow one what is left once the lab's
    panel and 40 % for the graph are taken (else a 1366 px laptop kept 230 px for the graph)."""
    room = window_width - panel.minimumSizeHint().width() - int(GRAPH_SHARE * window_width)
    return max(plots.minimumSizeHint().width(), min(PLOTS_WIDTH, room))
