"""The study tools in the window: predict mode, the quiz, the gradient check, naive versus
backprop and batch accumulation (offscreen, animations off, private settings, English)."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest

from core.autodiff.engine import run as engine_run
from core.autodiff.notation import format_number
from core.autodiff.trace import BackwardStep, ForwardStep
from core.teaching import quiz
from core.teaching.chain import cost_summary
from core.teaching.gradcheck import check_gradients
from core.teaching.predict import question_at, reveals
from core.training.nn import NetworkSpec, build_network


@pytest.fixture(autouse=True)
def no_animation():
    from gui import animation

    animation.set_enabled(False)
    yield
    animation.set_enabled(True)


@pytest.fixture
def window(qtbot, isolated_settings, tmp_path: Path, monkeypatch):
    monkeypatch.setenv("BACKPROP_STUDIO_LANG", "en")
    from gui.main_window import MainWindow

    win = MainWindow(recovery_dir=tmp_path / "recovery")
    qtbot.addWidget(win)
    monkeypatch.setattr(win, "report_error", lambda title, text: None)
    monkeypatch.setattr(win, "ask_unsaved_changes", lambda: "discard")
    assert win.open_initial()
    win.show()
    qtbot.waitExposed(win)
    return win


def open_program(window, text: str) -> None:
    window.editor.edit.setPlainText(text)
    window.editor.flush()
    assert window.controller.error is None


# ---------------------------------------------------------------------------- predict mode


def test_predict_mode_scores_right_and_wrong_answers(window):
    predict = window.study.predict
    window.actions["study_predict"].setChecked(True)
    assert predict.enabled and window.study.dock.isVisible()
    run = window.controller.run
    q = predict.question
    assert q is not None and q.position == 0 and q.kind == "forward"
    assert q == question_at(run.graph, run.trace, 0)
    assert window.study.panel.prompt.text() == q.prompt

    # not a number: said so, not scored, the player stays
    verdict = predict.submit("zero point five")
    assert verdict is not None and not verdict.valid
    assert predict.score.asked == 0 and window.player.position == 0
    assert "not a number" in window.study.panel.verdict.text()

    verdict = predict.submit(format_number(q.answer))
    assert verdict.correct
    assert (predict.score.asked, predict.score.correct) == (1, 1)
    assert window.player.position == 1  # the step was played after the answer
    assert "Right" in window.study.panel.verdict.text()
    assert q.explanation.equation in window.study.panel.explanation.text()

    q2 = predict.question
    assert q2 is not None and q2.position == 1
    verdict = predict.submit(str(q2.answer * 3 + 1))
    assert not verdict.correct
    assert (predict.score.asked, predict.score.correct, predict.score.streak) == (2, 1, 0)
    assert format_number(q2.answer) in window.study.panel.verdict.text()
    assert window.study.panel.score_label.text() == predict.score.text()

    # a jump leaves no verdict about another step on screen
    window.player.seek(10)
    assert window.study.panel.verdict.isHidden()
    window.player.seek(2)
    # stepping back and answering the same step again does not count twice
    window.player.step_back()
    assert predict.question.position == 1
    predict.submit(format_number(q2.answer))
    assert predict.score.asked == 2


def test_tolerance_is_the_students_to_set(window):
    predict = window.study.predict
    predict.set_enabled(True)
    q = predict.question
    window.study.panel.tolerance.setValue(20.0)  # percent
    assert predict.rel_tol == pytest.approx(0.2)
    assert predict.submit(str(q.answer * 1.15)).correct
    window.study.panel.tolerance.setValue(1.0)
    q = predict.question
    assert not predict.submit(str(q.answer * 1.15 + 0.01)).correct


def test_hint_shows_the_formula_without_the_number(window):
    predict = window.study.predict
    predict.set_enabled(True)
    window.player.seek(window.player.backward_start + 2)
    q = predict.question
    assert q is not None and q.kind == "backward"
    predict.show_hint()
    hint = window.study.panel.hint.text()
    assert hint == q.hint and "∂" in hint
    assert not reveals(hint, q.answer)


def test_forward_controls_wait_for_an_answer(window):
    predict = window.study.predict
    predict.set_enabled(True)
    assert predict.question is not None
    for name in ("play_step_forward", "play_toggle", "play_to_end", "play_to_backward"):
        assert not window.actions[name].isEnabled()
        window.actions[name].trigger()
    assert window.player.position == 0
    assert not window.player_bar.slider.isEnabled()
    predict.reveal()  # play it unanswered: not scored
    assert window.player.position == 1 and predict.score.asked == 0
    predict.set_enabled(False)
    assert all(
        window.actions[n].isEnabled() for n in ("play_step_forward", "play_toggle", "play_to_end")
    )
    assert window.player_bar.slider.isEnabled()


_TOKEN = re.compile(r"(?<![\w.])[−-]?(?:\d+(?:\.\d+)?|\.\d+)(?:e[−+-]?\d+)?(?![\w.])")


def known_numbers(trace, position: int) -> set[float]:
    """Every number the screen may already show after ``position`` steps: values, running
    gradients, and what the steps so far carried (locals, contributions)."""
    state = trace.state_at(position)
    known: list = [*state.values.values(), *state.gradients.values()]
    for step in trace.steps[:position]:
        if isinstance(step, BackwardStep):
            known += [step.local, step.contribution, step.upstream]
    out = set()
    for value in known:
        if value is not None and np.size(value) == 1:
            out.add(float(format_number(value).replace("−", "-")))
    return out


def leaks(text: str, answer: float, known: set[float]) -> list[str]:
    """Numbers in ``text`` that would be accepted as the answer and are not already known at
    the cursor (a number can equal the answer by the maths: ∂(½u²)/∂u = u)."""
    return [
        token
        for token in _TOKEN.findall(text)
        if reveals(token, answer)
        and not any(reveals(token, k, rel_tol=1e-9, abs_tol=1e-12) for k in known)
    ]


def _shown_scene_texts(window, q, step) -> list[str]:
    scene = window.scene
    node = scene.node_item(q.node)
    texts = [node.shown_value_text(), node.shown_gradient_text()]
    if isinstance(step, BackwardStep):
        texts.append(scene.edge_item(q.node, q.source, step.position).shown_text())
    return texts


@pytest.mark.parametrize(
    "program",
    [
        None,  # the lecture's graph
        "x = 1.5\nw = -0.7\nb = 0.2\nz = w*x + b\nh = tanh(z)\nloss = (h - 1)**2 + 0.1*w*w\n",
    ],
)
def test_predict_mode_never_reveals_the_answer_early(window, program):
    if program is not None:
        open_program(window, program)
    run = window.controller.run
    trace = run.trace
    predict = window.study.predict
    predict.set_enabled(True)
    asked = 0
    while window.player.position < window.player.length:
        q = predict.question
        position = window.player.position
        if q is None:
            window.player.step_forward()
            continue
        asked += 1
        step = trace[position]
        window.scene.select_node(q.node)  # the inspector shows the asked node
        inspector = window.inspector.toPlainText()
        known = known_numbers(trace, position)
        assert not leaks(inspector, q.answer, known), (position, q.prompt, inspector)
        assert not reveals(q.prompt, q.answer) and not reveals(q.hint, q.answer)
        texts = _shown_scene_texts(window, q, step)
        if isinstance(step, ForwardStep):
            assert texts[0] == ""  # the value is not on the node yet
        else:
            assert texts[2] == ""  # the edge carries no label yet
            before, _, _ = trace.gradient_at(q.node, position)
            expected = "" if before is None else format_number(before)
            assert texts[1] == expected  # the running sum as it was before this edge
        for text in texts:
            assert not leaks(text, q.answer, known), (q.prompt, text)
        assert predict.submit(format_number(q.answer)).correct
        # once answered and played, the number is there
        if isinstance(step, ForwardStep):
            assert window.scene.node_item(q.node).shown_value_text() == format_number(step.value)
    assert asked == predict.score.asked == predict.score.correct > 5
    assert "finished" in window.study.panel.prompt.text()


def test_inspector_shows_everything_again_when_predict_mode_ends(window):
    predict = window.study.predict
    predict.set_enabled(True)
    window.scene.select_node("w11")
    assert "not computed" in window.inspector.toPlainText()
    assert "Predict mode" in window.inspector.toPlainText()
    predict.set_enabled(False)
    text = window.inspector.toPlainText()
    assert "Predict mode" not in text
    assert format_number(window.controller.run.gradients["w11"]) in text


def test_a_new_run_restarts_the_score(window):
    predict = window.study.predict
    predict.set_enabled(True)
    predict.submit(format_number(predict.question.answer))
    assert predict.score.asked == 1
    window.open_example("neuron", ask=False)
    assert predict.score.asked == 0
    assert predict.question is not None and predict.question.position == 0


def test_batch_graphs_ask_about_one_element_of_each_array(window):
    window.open_example("xor", ask=False)
    predict = window.study.predict
    predict.set_enabled(True)
    run = window.controller.run
    expected = question_at(run.graph, run.trace, 0, arrays="first")
    q = predict.question
    assert q is not None and q.element is not None and q.answer == expected.answer
    assert "counting from 1" in q.prompt  # it says which element is asked
    assert not window.actions["play_step_forward"].isEnabled()


# ---------------------------------------------------------------------------- quiz


def test_quiz_asks_the_lecture_question_then_the_graph(window):
    dialog = window.study.open_quiz()
    run = window.controller.run
    expected = [quiz.gradient_descent_quiz(), *quiz.graph_questions(run, seed=0)]
    assert [q.prompt for q in dialog.questions] == [q.prompt for q in expected]
    first = dialog.question
    assert first.key == "gradient_descent" and len(dialog.buttons) == 4
    assert all(b.metaObject().className() == "QRadioButton" for b in dialog.buttons)
    assert [b.text() for b in dialog.buttons] == list(quiz.GD_OPTIONS)  # the lecture's order
    right = next(iter(first.correct))
    wrong = (right + 1) % 4
    dialog.choose([wrong])
    verdict = dialog.check()
    assert not verdict.correct
    assert dialog.feedback_labels[wrong].isVisibleTo(dialog)
    assert dialog.feedback_labels[wrong].text().endswith(first.feedback[wrong])
    assert dialog.feedback_labels[right].isVisibleTo(dialog)  # the missed right answer
    assert first.explanation in dialog.verdict_label.text()
    assert dialog.score_label.text() == "Score: 0 of 1"
    assert dialog.check() is None  # graded once

    dialog.next_question()
    q = dialog.question
    assert q.multiple
    assert all(b.metaObject().className() == "QCheckBox" for b in dialog.buttons)
    dialog.choose(sorted(q.correct))
    assert dialog.check().correct
    assert dialog.score_label.text() == "Score: 1 of 2"


def test_quiz_options_highlight_their_nodes(window):
    dialog = window.study.open_quiz()
    while dialog.question is not None and not any(dialog.question.option_nodes):
        dialog.next_question()
    q = dialog.question
    assert q is not None
    index = next(i for i, nodes in enumerate(q.option_nodes) if nodes)
    dialog.choose([index])
    selected = {i.node_id for i in window.scene.selectedItems() if hasattr(i, "node_id")}
    assert selected == set(q.option_nodes[index])


def test_quiz_ends_with_the_score(window):
    dialog = window.study.open_quiz()
    for _ in range(len(dialog.questions)):
        dialog.choose(sorted(dialog.question.correct))
        dialog.check()
        dialog.next_question()
    n = len(dialog.questions)
    assert dialog.prompt.text() == f"Done: {n} of {n} right."


# ---------------------------------------------------------------------------- check the maths


def test_gradient_check_view_agrees_with_the_engines_check(window):
    view = window.study.open_view("gradcheck")
    run = window.controller.run
    check = check_gradients(run.graph)
    rows = view.row_texts()
    assert len(rows) == len(check.rows) == 13
    for shown, row in zip(rows, check.rows, strict=True):
        assert shown[1] == format_number(row.backprop, 8)
        assert shown[2] == format_number(row.numeric, 8)
        assert shown[5].startswith("✓" if row.ok else "✗")
        assert float(shown[1].replace("−", "-")) == pytest.approx(row.numeric, rel=1e-6, abs=1e-9)
    assert view.summary.text().startswith("Every gradient agrees")
    # it follows the run on screen
    window.open_example("neuron", ask=False)
    assert len(view.row_texts()) == len(check_gradients(window.controller.run.graph).rows)


def test_gradient_check_view_marks_a_kink_red(window):
    open_program(window, "x = 0.0\nw = 2.0\nloss = relu(w*x)\n")
    view = window.study.open_view("gradcheck")
    check = check_gradients(window.controller.run.graph)
    assert not check.ok  # relu at 0: backprop picks a side, the estimate averages them
    bad = [r for r in view.row_texts() if r[5].startswith("✗")]
    assert len(bad) == sum(1 for r in check.rows if not r.ok) >= 1
    assert "disagree" in view.summary.text()
    colour = view.table.item(0, 0).background().color().name()
    assert colour in ("#d8f0d8", "#f6d0d0")


def test_naive_versus_backprop_counts_and_growth(window):
    from gui.study.cost_view import growth

    view = window.study.open_view("cost")
    cost = cost_summary(window.controller.run.graph)
    text = view.current.text()
    for number in (cost.naive_multiplications, cost.backprop_multiplications, cost.path_count):
        assert str(number) in text
    rows = growth(2)
    for row in rows:
        sizes = (2, *([2] * row.hidden_layers), 1)
        graph = build_network(NetworkSpec(sizes=sizes, activation="sigmoid")).graph
        assert row.cost == cost_summary(graph)
    naive = [r.cost.naive_multiplications for r in rows]
    backprop = [r.cost.backprop_multiplications for r in rows]
    # backprop grows by the same amount per layer; expanding paths multiplies
    assert len({b - a for a, b in zip(backprop, backprop[1:], strict=False)}) == 1
    assert all(b / a > 2 for a, b in zip(naive, naive[1:], strict=False))
    assert view.table.rowCount() == len(rows)
    assert view.plot is not None  # pyqtgraph, loaded when the view opened
    view.width_box.setValue(3)
    assert view.rows[0].cost == growth(3)[0].cost


def test_batch_accumulation_adds_up(window):
    from gui.study.batch import breakdown

    window.open_example("xor", ask=False)
    view = window.study.open_view("batch")
    run = window.controller.run
    graph = run.graph
    result = view.report
    assert result.samples == 4 and result.relation == "mean"
    assert view.table.columnCount() == 4 + 4
    x1 = graph["x1"].value
    for row in result.rows:
        assert row.mean == pytest.approx(np.mean(row.per_sample), abs=1e-15)
        assert row.batch == pytest.approx(float(run.gradients[row.name]), abs=1e-15)
        assert row.mean == pytest.approx(row.batch, rel=1e-9, abs=1e-12)
        assert row.new_value == pytest.approx(row.value - 0.1 * row.batch, abs=1e-12)
    # each sample's column is the engine run on that sample alone
    overrides = {n: np.asarray(graph[n].value)[2:3] for n in ("x1", "x2", "y")}
    alone = engine_run(graph, overrides, record=False)
    w11 = next(r for r in result.rows if r.name == "w11")
    assert w11.per_sample[2] == pytest.approx(float(alone.gradients["w11"]))
    assert len(x1) == 4
    assert view.column(4) == [format_number(r.mean, 7) for r in result.rows]
    view.rate.setValue(0.5)
    assert view.report.learning_rate == 0.5
    assert breakdown(graph, 0.5).rows == view.report.rows


def _shown(text: str) -> float:
    return float(text.replace("−", "-"))


def test_batch_view_rows_add_up_from_the_numbers_shown(window):
    """w − η·∂Q/∂w computed by hand from the row's own texts gives the new w shown (a gradient
    of −0.10002 written as −0.1 beside a new w of 0.310002 would not)."""
    open_program(window, "x = 1.0002\nw: param = 0.3\nloss = -0.1 * x * w\n")
    view = window.study.open_view("batch")
    view.rate.setValue(0.1)
    (row,) = range(view.table.rowCount())
    cells = [view.table.item(row, c).text() for c in range(view.table.columnCount())]
    gradient, w, new = _shown(cells[-3]), _shown(cells[-2]), _shown(cells[-1])
    assert cells[-3] == "−0.10002" and cells[-1] == "0.310002"
    assert new == pytest.approx(w - 0.1 * gradient, abs=5e-7)
    window.open_example("xor", ask=False)
    for r in range(view.table.rowCount()):
        cells = [view.table.item(r, c).text() for c in range(view.table.columnCount())]
        gradient, w, new = _shown(cells[-3]), _shown(cells[-2]), _shown(cells[-1])
        assert new == pytest.approx(w - 0.1 * gradient, abs=1e-6 * max(1.0, abs(new)))


def test_update_steps_are_called_update_in_the_player(window):
    from core.training.train import recorded_update
    from gui.lab.session import run_from_trace

    graph = window.controller.run.graph
    trace, _new = recorded_update(graph, None, 0.5)
    run = run_from_trace(graph, trace)
    window.controller.run = run
    window.controller.run_changed.emit(run, True)
    player = window.player
    assert 0 < player.backward_start < player.update_start < player.length
    player.seek(player.update_start)
    assert window.player_bar.position_text().endswith("· backward")
    player.seek(player.update_start + 1)
    assert window.player_bar.position_text().endswith("· update")
    player.to_end()
    assert window.player_bar.position_text().endswith("· done")


def test_batch_view_with_one_sample_says_so(window):
    view = window.study.open_view("batch")
    assert view.report.samples == 1
    assert "single sample" in view.summary.text()


def test_predict_mode_asks_for_the_updated_weights_of_a_recorded_step(window):
    """The lab plays one gradient-descent update through the window (forward, backward, then
    w ← w − η·∂Q/∂w): predict mode asks for each new weight too."""
    from core.autodiff.trace import UpdateStep
    from core.training.train import recorded_update
    from gui.lab.session import run_from_trace

    graph = window.controller.run.graph
    trace, new_values = recorded_update(graph, None, 0.5)
    run = run_from_trace(graph, trace)
    window.controller.run = run
    window.controller.run_changed.emit(run, True)  # as the lab hands the window a run
    predict = window.study.predict
    predict.set_enabled(True)
    first_update = next(i for i, s in enumerate(trace.steps) if isinstance(s, UpdateStep))
    window.player.seek(first_update)
    q = predict.question
    assert q is not None and q.kind == "update"
    assert "η = 0.5" in q.prompt
    assert window.scene.node_item(q.node).shown_value_text() == format_number(
        trace.steps[first_update].old
    )  # the old weight until the answer is in
    assert predict.submit(format_number(new_values[q.node])).correct
    assert window.scene.node_item(q.node).shown_value_text() == format_number(new_values[q.node])
