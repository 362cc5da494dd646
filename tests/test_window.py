"""The explorer window end to end (offscreen, animations off, private settings and files)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QAction

from core.autodiff.engine import run as engine_run
from core.autodiff.notation import format_number
from core.documents.examples import list_examples, load_example

LECTURE_PROGRAM_START = "# The lecture's backprop graph"


@pytest.fixture(autouse=True)
def no_animation():
    from gui import animation

    animation.set_enabled(False)
    yield
    animation.set_enabled(True)


def make_window(qtbot, monkeypatch, recovery_dir: Path, open_example: bool = True):
    from gui.main_window import MainWindow

    window = MainWindow(recovery_dir=recovery_dir)
    qtbot.addWidget(window)
    window.errors = []
    monkeypatch.setattr(window, "report_error", lambda title, text: window.errors.append(text))
    monkeypatch.setattr(window, "ask_unsaved_changes", lambda: "discard")
    monkeypatch.setattr(window, "ask_recover", lambda entry: False)
    if open_example:
        assert window.open_initial()
    window.show()
    qtbot.waitExposed(window)
    return window


@pytest.fixture
def window(qtbot, isolated_settings, tmp_path, monkeypatch):
    return make_window(qtbot, monkeypatch, tmp_path / "recovery")


def shown(window) -> dict[str, tuple[str, str]]:
    """Every node's (value text, gradient text) as the scene shows it."""
    graph = window.controller.run.graph
    return {
        nid: (
            window.scene.node_item(nid).shown_value_text(),
            window.scene.node_item(nid).shown_gradient_text(),
        )
        for nid in graph.nodes
    }


def expected_at(run, position: int) -> dict[str, tuple[str, str]]:
    """What the engine says should be on screen: core's own fold of the trace."""
    state = run.trace.state_at(position)
    out = {}
    for nid in run.graph.nodes:
        value = state.values.get(nid)
        gradient = state.gradients.get(nid)
        out[nid] = (
            "" if value is None else format_number(value),
            "" if gradient is None else format_number(gradient),
        )
    return out


# ---------------------------------------------------------------------------- the first screen


def test_opens_on_the_lecture_example(window):
    assert window.windowTitle() == "lecture example[*] — Backprop Studio"
    assert not window.isWindowModified()
    assert window.editor.text().startswith(LECTURE_PROGRAM_START)
    assert window.player.position == 0
    assert window.player.length == len(window.controller.run.trace)
    assert window.player_bar.label.text() == f"step 0 of {window.player.length} · start"
    for name in ("explanation_dock", "inspector_dock", "editor_dock"):
        assert window.findChild(type(window.docks[name]), name) is window.docks[name]
    assert "sum of two paths" in window.explanation.plain_text()  # the example's caption


def test_the_first_screen_does_not_load_plots(tmp_path):
    """Start-up stays quick: building the window imports neither pyqtgraph nor the lab."""
    import os

    code = (
        "import sys; from gui.app import create_application, create_window; "
        "app = create_application([]); window = create_window([]); "
        "print(sorted(m for m in sys.modules if m.startswith('pyqtgraph')))"
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_CONFIG_HOME": str(tmp_path)}
    env["XDG_DATA_HOME"] = str(tmp_path)
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env=env,
        cwd=Path(__file__).resolve().parent.parent,
        timeout=60,
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip().splitlines()[-1] == "[]"


# ---------------------------------------------------------------------------- playing


@pytest.mark.parametrize("name", [info.name for info in list_examples()])
def test_every_example_plays_to_the_end_showing_the_engines_numbers(window, name):
    assert window.open_example(name, ask=False)
    run = window.controller.run
    fresh = engine_run(load_example(name).build())
    assert window.player.position == 0
    assert shown(window) == expected_at(run, 0)
    step = window.actions["play_step_forward"]
    for k in range(1, window.player.length + 1):
        step.trigger()
        assert window.player.position == k
        assert shown(window) == expected_at(run, k), f"{name}: step {k}"
    # the end: every value and gradient equals an independent run of the engine
    end = shown(window)
    for nid in run.graph.nodes:
        assert end[nid][0] == format_number(fresh.values[nid])
        gradient = fresh.gradients.get(nid)
        assert end[nid][1] == ("" if gradient is None else format_number(gradient))
    assert window.player_bar.label.text().endswith("· done")
    step.trigger()  # stays at the end
    assert window.player.position == window.player.length


def test_stepping_back_to_the_start_restores_every_state(window):
    states = [shown(window)]
    for _ in range(window.player.length):
        window.player.step_forward()
        states.append(shown(window))
    for k in range(window.player.length - 1, -1, -1):
        window.actions["play_step_back"].trigger()
        assert shown(window) == states[k], f"position {k}"
    window.player.to_end()
    window.actions["play_to_start"].trigger()
    assert shown(window) == states[0]
    window.actions["play_to_backward"].trigger()
    assert window.player.position == window.controller.run.trace.backward_start
    assert shown(window) == states[window.player.position]


def test_play_runs_to_the_end_on_its_own(window, qtbot):
    window.player.set_speed(60)
    window.actions["play_toggle"].trigger()
    assert window.player.playing
    assert window.actions["play_toggle"].text() == "&Pause"
    qtbot.waitUntil(lambda: not window.player.playing, timeout=10_000)
    assert window.player.position == window.player.length
    assert window.actions["play_toggle"].text() == "&Play"


def test_keyboard_drives_the_player(window, qtbot):
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_Right)
    qtbot.keyClick(window.view, Qt.Key.Key_Right)
    assert window.player.position == 2
    qtbot.keyClick(window.view, Qt.Key.Key_Left)
    assert window.player.position == 1
    qtbot.keyClick(window.view, Qt.Key.Key_End)
    assert window.player.position == window.player.length
    qtbot.keyClick(window.view, Qt.Key.Key_Home)
    assert window.player.position == 0
    qtbot.keyClick(window.view, Qt.Key.Key_Space)
    assert window.player.playing
    qtbot.keyClick(window.view, Qt.Key.Key_Space)
    assert not window.player.playing


def test_timeline_slider_scrubs(window):
    window.player_bar.slider.setValue(20)
    assert window.player.position == 20
    assert shown(window) == expected_at(window.controller.run, 20)
    window.player.seek(5)
    assert window.player_bar.slider.value() == 5
    assert window.player_bar.label.text().startswith("step 5 of")


def test_explanation_follows_the_step(window):
    from core.teaching.explain import describe_step

    run = window.controller.run
    window.player.seek(run.trace.backward_start + 2)
    text = describe_step(run.graph, run.trace, window.player.position)
    assert text.equation in window.explanation.plain_text()
    assert window.explanation.equation.font().pointSizeF() > window.font().pointSizeF() * 1.5


def test_no_shortcut_is_bound_twice(window):
    window.example_actions()  # menus filled lazily are included too
    owners: dict[str, str] = {}
    for action in window.findChildren(QAction):
        for sequence in action.shortcuts():
            key = sequence.toString()
            assert key not in owners, f"{key} is bound to {owners[key]} and {action.objectName()}"
            owners[key] = action.objectName() or action.text()
    for key in ("Space", "Left", "Right", "Home", "End", "Ctrl+Z", "Ctrl+S", "Ctrl+O"):
        assert key in owners


# ---------------------------------------------------------------------------- editing


def test_editing_a_leaf_recomputes_and_keeps_the_position(window, monkeypatch):
    window.player.seek(30)
    monkeypatch.setattr(window, "ask_leaf_value", lambda name, current: 0.9)
    window.scene.leaf_activated.emit("w11")
    run = window.controller.run
    assert run.values["w11"] == 0.9
    assert window.player.position == 30
    fresh = engine_run(load_example("lecture").build(), {"w11": 0.9})
    assert run.objective == fresh.objective
    assert shown(window) == expected_at(run, 30)
    window.player.to_end()
    assert window.scene.node_item("loss").shown_value_text() == format_number(fresh.values["loss"])
    assert window.isWindowModified()
    assert window.actions["edit_undo"].isEnabled()
    window.actions["edit_undo"].trigger()
    assert window.controller.run.values["w11"] == 0.3
    assert window.player.position == window.player.length
    assert not window.isWindowModified()
    window.actions["edit_redo"].trigger()
    assert window.controller.run.values["w11"] == 0.9


def test_a_value_set_on_the_graph_is_written_into_the_program_line(window, monkeypatch):
    """Double-click x₁ and set 1: the editor must not keep reading ``x1 = 0.5``."""
    assert "x1 = 0.5" in window.editor.text()
    monkeypatch.setattr(window, "ask_leaf_value", lambda name, current: 1)
    window.edit_leaf("x1")
    assert window.controller.run.values["x1"] == 1.0
    assert "x1 = 1.0" in window.editor.text() and "x1 = 0.5" not in window.editor.text()
    assert window.controller.document.values == {}  # no hidden override left behind
    window.actions["edit_undo"].trigger()  # one undoable edit
    assert "x1 = 0.5" in window.editor.text()
    assert window.controller.run.values["x1"] == 0.5
    assert not window.isWindowModified()
    window.actions["edit_redo"].trigger()
    assert "x1 = 1.0" in window.editor.text()


def test_a_new_program_typed_over_an_example_drops_its_title_and_caption(
    window, tmp_path, monkeypatch
):
    assert window.open_example("neuron", ask=False)
    assert window.statusBar().currentMessage()  # the example's caption
    assert "neuron" in window.windowTitle()
    window.editor.edit.setPlainText("p = 2.0\nq = 3.0\nr = p*q\n")  # no name in common
    window.editor.flush()
    assert window.controller.document.caption == "" and window.controller.document.title == ""
    assert "neuron" not in window.windowTitle()
    assert window.statusBar().currentMessage() == ""  # the old caption is gone
    target = tmp_path / "mine.json"
    monkeypatch.setattr(window, "choose_save_path", lambda suggested: str(target))
    assert window.save()
    window.open_example("lecture", ask=False)
    assert window.open_file(target)
    assert window.controller.document.caption == ""
    assert window.windowTitle().startswith("mine")
    # an edit of the example keeps them
    assert window.open_example("neuron", ask=False)
    window.editor.edit.setPlainText(window.editor.text() + "\n# my note\n")
    window.editor.flush()
    assert window.controller.document.caption != "" and "neuron" in window.windowTitle()


def test_the_status_bar_drops_a_fixed_error_and_another_documents_caption(window):
    from core.documents.document import Document
    from core.training.nn import NetworkSpec

    text = window.editor.text()
    window.editor.edit.setPlainText(text.replace("z1 = w11*x1 + w21*x2", "z1 = w11*x1 + w21*"))
    window.editor.flush()
    assert "✗" in window.statusBar().currentMessage()
    window.editor.edit.setPlainText(text)
    window.editor.flush()
    assert window.statusBar().currentMessage() == ""  # fixed: the error is not shown any more
    assert window.open_example("neuron", ask=False)
    assert window.statusBar().currentMessage()
    spec = NetworkSpec(sizes=(2, 3, 1))  # as BACKPROP_STUDIO_LAB="net=2-3-1" loads one
    window.controller.load(Document.from_network(spec, title="2-3-1 network"))
    assert window.statusBar().currentMessage() == ""


def test_an_override_the_text_does_not_say_is_named_under_the_editor(window, monkeypatch):
    """A document saved with a value set on the graph (files written before the editor
    rewrote the line): the editor names the override instead of showing 0.5 silently."""
    from core.documents.document import Document

    document = Document.from_program("x = 0.5\nw = 2.0\nloss = w*x\n").replace(values={"x": 1.5})
    window.controller.load(document)
    assert window.controller.run.values["x"] == 1.5
    assert "Set on the graph, not in the text: x = 1.5" in window.editor.status.text()
    monkeypatch.setattr(window, "ask_leaf_value", lambda name, current: 3.0)
    window.edit_leaf("x")  # setting it again writes the line and drops the override
    assert "x = 3.0" in window.editor.text()
    assert "Set on the graph" not in window.editor.status.text()


def test_literals_are_rewritten_in_place_and_nothing_else_is():
    from core.lang.program_literals import set_literal

    program = "# inputs\nx = 0.5  # a comment\nw: param = -0.25\nv = [1, 2]\ny = x*w + sum(v)\n"
    assert set_literal(program, "w", 0.75) == program.replace("-0.25", "0.75")
    assert set_literal(program, "x", -2) == program.replace("x = 0.5", "x = -2.0")
    assert set_literal(program, "v", [3.5, 4]) == program.replace("[1, 2]", "[3.5, 4.0]")
    assert set_literal(program, "y", 1.0) is None  # an expression, not a literal
    assert set_literal(program, "nope", 1.0) is None
    assert set_literal("x = (", "x", 1.0) is None
    assert set_literal("α = 1.5\nβ = 2\n", "β", 3.0) == "α = 1.5\nβ = 3.0\n"


def test_retyping_an_edited_leaf_in_the_program_wins(window, monkeypatch):
    monkeypatch.setattr(window, "ask_leaf_value", lambda name, current: 0.9)
    window.edit_leaf("w11")
    text = window.editor.text().replace("w11 = 0.9", "w11 = 0.25")  # the line says 0.9 now
    window.editor.edit.setPlainText(text)
    window.editor.flush()
    assert window.controller.run.values["w11"] == 0.25
    assert window.controller.run.values["w12"] == -0.2


def test_a_bad_program_shows_its_error_and_keeps_the_graph(window, qtbot):
    window.player.to_end()
    before = shown(window)
    run_before = window.controller.run
    broken = window.editor.text().replace("z1 = w11*x1 + w21*x2", "z1 = w11*x1 + w21*")
    window.editor.edit.setPlainText(broken)
    qtbot.waitUntil(lambda: "✗" in window.editor.status.text(), timeout=3000)
    assert window.controller.run is run_before
    assert shown(window) == before
    assert window.editor.edit.error_span() is not None
    line = broken.splitlines().index("z1 = w11*x1 + w21*") + 1
    assert f"line {line}" in window.editor.status.text()
    assert window.controller.document.program == broken  # the person's text is kept
    fixed = broken.replace("z1 = w11*x1 + w21*", "z1 = w11*x1 + 2*w21*x2")
    window.editor.edit.setPlainText(fixed)
    window.editor.flush()
    assert window.editor.edit.error_span() is None
    assert window.controller.run is not run_before
    fresh = engine_run(window.controller.document.build())
    assert window.controller.run.objective == fresh.objective


def test_program_edits_undo_through_the_window(window):
    original = window.editor.text()
    window.editor.edit.setPlainText(original + "extra = loss * 2\n")
    window.editor.flush()
    assert window.controller.run.graph.output == "extra"
    window.controller.undo_stack.undo()
    assert window.editor.text() == original
    assert window.controller.run.graph.output == "loss"
    assert not window.controller.modified


def test_dragging_a_node_is_undoable(window):
    item = window.scene.node_item("h1")
    old = window.scene.positions()["h1"]
    item.setPos(item.pos().x() + 80, item.pos().y() + 40)
    window.scene.node_moved.emit("h1")
    moved = window.scene.positions()["h1"]
    assert window.controller.document.positions["h1"] == pytest.approx(moved, abs=0.01)
    assert window.isWindowModified()
    window.controller.undo_stack.undo()
    assert window.scene.positions()["h1"] == pytest.approx(old, abs=0.01)
    window.controller.undo_stack.redo()
    assert window.scene.positions()["h1"] == pytest.approx(moved, abs=0.01)


def test_selecting_a_node_fills_the_inspector(window):
    from core.teaching.chain import expand

    window.scene.node_selected.emit("w11")
    text = window.inspector.toPlainText()
    chain = expand(window.controller.run, "w11")
    assert chain.path_count == 2
    assert "Chain rule over 2 paths" in text
    for term in chain.paths:
        assert term.numbers in text
    assert f"{chain.naive_multiplications} multiplications" in text
    window.scene.node_selected.emit("")
    assert "Click a node" in window.inspector.toPlainText()


def test_the_inspector_on_the_output_says_the_backward_pass_starts_there(window):
    """No empty path ("1. = = 1") and no "-1 multiplications" for the output node."""
    window.scene.node_selected.emit("loss")
    text = window.inspector.toPlainText()
    assert "This is the output" in text and "∂loss/∂loss = 1" in text
    assert "= =" not in text and "-1" not in text and "Chain rule" not in text
    window.study.set_predict(True)
    window.scene.node_selected.emit("loss")
    text = window.inspector.toPlainText()
    assert "This is the output" in text and "= =" not in text


def test_nan_is_reported_where_it_first_appears(window):
    window.editor.edit.setPlainText("x = 0.0\nw = 1.0\nh = log(w*x)\nloss = h*h\n")
    window.editor.flush()
    run = window.controller.run
    assert run.problems
    assert window.problem_label.isVisibleTo(window)
    assert run.problems[0].message in window.problem_label.text()
    assert run.problems[0].message in window.explanation.plain_text()
    window.player.to_end()
    assert window.scene.node_item("h").shown_value_text() == "−∞"


# ---------------------------------------------------------------------------- files


def test_a_broken_file_leaves_the_document_untouched(window, tmp_path):
    document = window.controller.document
    for name, content in (
        ("garbage.json", "{not json"),
        ("foreign.json", '{"hello": "world"}'),
        ("binary.json", "\x00\x01\x02"),
    ):
        path = tmp_path / name
        path.write_text(content, encoding="utf-8")
        assert not window.open_file(path)
        assert window.controller.document is document
        assert window.windowTitle() == "lecture example[*] — Backprop Studio"
    assert len(window.errors) == 3
    assert "garbage.json" in window.errors[0] and "JSON" in window.errors[0]
    assert "format" in window.errors[1]
    assert not window.open_file(tmp_path / "missing.json")
    assert "missing.json" in window.errors[-1]


def test_save_and_reopen(window, tmp_path, monkeypatch):
    target = tmp_path / "mine.json"
    monkeypatch.setattr(window, "choose_save_path", lambda suggested: str(target))
    monkeypatch.setattr(window, "ask_leaf_value", lambda name, current: -1.5)
    window.edit_leaf("p11")
    assert window.isWindowModified()
    assert window.actions["file_save"].trigger() is None
    assert target.exists() and not window.isWindowModified()
    assert str(target.resolve()) in window.settings.recent_files()
    window.open_example("neuron", ask=False)
    assert window.open_file(target)
    assert window.controller.run.values["p11"] == -1.5
    assert window.controller.path == target


def test_unsaved_changes_are_never_lost_silently(window, monkeypatch, tmp_path):
    monkeypatch.setattr(window, "ask_leaf_value", lambda name, current: 2.0)
    window.edit_leaf("x1")
    document = window.controller.document
    monkeypatch.setattr(window, "ask_unsaved_changes", lambda: "cancel")
    assert not window.open_example("neuron")
    window.new_document()
    assert window.controller.document is document
    assert not window.close()
    assert window.isVisible()
    target = tmp_path / "kept.json"
    monkeypatch.setattr(window, "ask_unsaved_changes", lambda: "save")
    monkeypatch.setattr(window, "choose_save_path", lambda suggested: str(target))
    assert window.open_example("neuron")
    assert target.exists()
    assert window.controller.title == "the neuron"


def test_examples_menu_lists_every_example_with_its_caption(window):
    actions = window.example_actions()
    infos = list_examples()
    assert [a.text() for a in actions] == [i.title for i in infos]
    assert [a.statusTip() for a in actions] == [i.caption for i in infos]
    actions[0].trigger()
    assert window.controller.title == infos[0].title
    assert window.controller.path is None  # examples open as unsaved copies


def test_show_neurons_expands_a_layer_network_with_the_same_numbers(window):
    window.open_example("lego_regression", ask=False)
    action = window.actions["view_show_neurons"]
    assert action.isEnabled() and not action.isChecked()
    layer_run = window.controller.run
    window.player.to_end()
    action.trigger()
    neuron_run = window.controller.run
    assert action.isChecked()
    assert window.player.position == len(neuron_run.trace)  # the end stays the end
    assert shown(window) == expected_at(neuron_run, window.player.position)
    assert window.controller.document.spec.granularity == "neuron"
    assert len(neuron_run.graph) > len(layer_run.graph)
    assert neuron_run.objective == pytest.approx(layer_run.objective, rel=1e-12)
    window.player.seek(neuron_run.trace.backward_start + 5)
    action.trigger()
    assert window.controller.document.spec.granularity == "layer"
    assert window.player.position == window.controller.run.trace.backward_start
    assert window.controller.run.objective == pytest.approx(layer_run.objective, rel=1e-12)
    window.open_example("lecture", ask=False)
    assert not action.isEnabled()


# ---------------------------------------------------------------------------- settings, recovery


def test_settings_stay_in_the_test_directory(window, isolated_settings):
    store = window.settings.store
    assert Path(store.fileName()).resolve().is_relative_to(isolated_settings.resolve())
    assert Path(QSettings().fileName()).resolve().is_relative_to(isolated_settings.resolve())


def test_layout_is_remembered(qtbot, monkeypatch, isolated_settings, tmp_path):
    first = make_window(qtbot, monkeypatch, tmp_path / "recovery")
    first.docks["inspector_dock"].hide()
    first.resize(760, 560)
    assert first.close()
    second = make_window(qtbot, monkeypatch, tmp_path / "recovery")
    assert not second.docks["inspector_dock"].isVisible()
    assert second.docks["explanation_dock"].isVisible()
    assert (second.width(), second.height()) == (760, 560)


def _dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_recovery_file_written_offered_and_removed(qtbot, monkeypatch, isolated_settings, tmp_path):
    import json

    recovery_dir = tmp_path / "recovery"
    first = make_window(qtbot, monkeypatch, recovery_dir)
    assert not first.recovery.autosave()  # nothing unsaved: nothing written
    assert not any(recovery_dir.glob("session-*"))
    edited = first.editor.text() + "twice = loss * 2\n"
    first.editor.edit.setPlainText(edited)
    first.editor.flush()
    assert first.recovery.autosave()
    meta = first.recovery.meta_path
    assert meta.exists() and first.recovery.document_path.exists()
    # pretend the session crashed: its recovery files now belong to a process that is gone
    crashed_doc = recovery_dir / "session-crashed.doc"
    crashed_meta = recovery_dir / "session-crashed.json"
    crashed_doc.write_bytes(first.recovery.document_path.read_bytes())
    data = json.loads(meta.read_text())
    data["pid"] = _dead_pid()
    crashed_meta.write_text(json.dumps(data))
    assert first.close()  # clean exit: its own files go, the crashed pair stays
    assert not meta.exists()
    assert crashed_meta.exists()

    second = make_window(qtbot, monkeypatch, recovery_dir)
    offered = []
    monkeypatch.setattr(second, "ask_recover", lambda entry: offered.append(entry) or True)
    assert second.offer_recovery()
    assert len(offered) == 1 and "lecture example" in offered[0].describe()
    assert second.editor.text() == edited
    assert second.controller.run.graph.output == "twice"
    assert second.isWindowModified()  # recovered work is unsaved until saved
    assert not crashed_meta.exists()
    assert not second.offer_recovery()  # offered once


def test_declined_recovery_is_discarded(qtbot, monkeypatch, isolated_settings, tmp_path):
    import json

    recovery_dir = tmp_path / "recovery"
    recovery_dir.mkdir()
    (recovery_dir / "session-1.doc").write_text(load_example("neuron").dumps())
    (recovery_dir / "session-1.json").write_text(
        json.dumps({"pid": _dead_pid(), "title": "the neuron", "original": None, "time": 0})
    )
    window = make_window(qtbot, monkeypatch, recovery_dir)
    assert not window.offer_recovery()
    assert not any(recovery_dir.glob("session-1*"))
    assert window.controller.title == "lecture example"


def test_value_dialog_parses_numbers_and_arrays(qtbot):
    from gui.panels.value_dialog import ValueDialog, parse_value

    assert parse_value(" −0.25 ", 1.0) == -0.25
    assert np.isnan(parse_value("nan", 1.0))
    assert parse_value("[[1, 2]]", np.zeros((1, 2))).tolist() == [[1.0, 2.0]]
    with pytest.raises(ValueError, match="1×2"):
        parse_value("[1, 2, 3]", np.zeros((1, 2)))
    with pytest.raises(ValueError, match="not a number"):
        parse_value("__import__('os')", 1.0)
    dialog = ValueDialog("w₁₁", 0.3)
    qtbot.addWidget(dialog)
    dialog.set_text("abc")
    dialog.accept()
    assert dialog.result() == 0 and "not a number" in dialog.message.text()
    dialog.set_text("0.75")
    dialog.accept()
    assert dialog.value() == 0.75


def test_new_document_is_a_runnable_program(window):
    from gui.document_controller import NEW_PROGRAM

    window.new_document()
    assert window.controller.title == "untitled"
    assert window.editor.text() == NEW_PROGRAM
    assert window.controller.run.graph.output == "loss"
    assert window.player.position == 0 and not window.isWindowModified()


def test_recovery_timer_writes_only_while_modified(qtbot, tmp_path):
    from core.documents.document import Document, load_document, save_document
    from gui.recovery import Recovery

    state = {"modified": False, "doc": Document.from_program("x = 1\ny = x*x\n", title="t")}
    recovery = Recovery(
        tmp_path,
        snapshot=lambda: (state["doc"], "t", None),
        save=save_document,
        is_modified=lambda: state["modified"],
        interval_s=0.05,
    )
    recovery.start()
    qtbot.wait(150)
    assert not recovery.document_path.exists()
    state["modified"] = True
    qtbot.waitUntil(recovery.document_path.exists, timeout=2000)
    assert load_document(recovery.document_path).program == "x = 1\ny = x*x\n"
    state["modified"] = False  # saved meanwhile: the next tick removes the file
    qtbot.waitUntil(lambda: not recovery.document_path.exists(), timeout=2000)
    recovery.stop()


def test_main_prints_usage():
    from gui.app import main

    assert main(["--help"]) == 0


def test_window_opens_a_file_given_on_the_command_line(qtbot, isolated_settings, tmp_path):
    from gui.app import create_window

    path = tmp_path / "given.json"
    path.write_text(load_example("xor").dumps(), encoding="utf-8")
    window = create_window([str(path)])
    qtbot.addWidget(window)
    assert window.controller.path == path
    assert window.windowTitle().startswith(load_example("xor").title)
    assert window.actions["view_show_neurons"].isChecked()  # xor is drawn neuron by neuron
