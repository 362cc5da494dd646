"""The lecture as examples: each one click from the Examples menu, ready to play to the end.

Opened through the menu action (the same code as any document), played by the player's own
timer, and at the end every number the scene shows is compared with an independent engine run
of the example file.
"""

from __future__ import annotations

import os

import pytest

from core.autodiff.engine import run as engine_run
from core.autodiff.notation import format_number
from core.documents.examples import ORDER, example_names, list_examples, load_example
from core.teaching.explain import describe_step
from core.text.i18n import tr_text

LECTURE_TOPICS = {
    "neuron": "1. the neuron a(x) = Σ w_j x_j",
    "fc_layer": "2. a fully connected layer",
    "linear_collapse": "3. two linear layers collapse into one",
    "nonlinear_layers": "3. … and differ with a non-linearity",
    "cybenko": "3. one hidden layer approximates any continuous function (Cybenko)",
    "lecture": "4. the lecture's backprop graph",
    "lego_regression": "5. the regression network",
    "lego_classification": "5. the classification network",
    "paired_regression": "6. paired regression",
    "xor": "7. XOR needs a hidden layer",
}


@pytest.fixture(autouse=True)
def no_animation():
    from gui import animation

    animation.set_enabled(False)
    yield
    animation.set_enabled(True)


@pytest.fixture(scope="module")
def window(qapp, tmp_path_factory):
    from PySide6.QtCore import QSettings

    from gui.main_window import MainWindow

    settings_dir = tmp_path_factory.mktemp("settings")
    for fmt in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(fmt, QSettings.Scope.UserScope, str(settings_dir))
    window = MainWindow(recovery_dir=tmp_path_factory.mktemp("recovery"))
    window.ask_unsaved_changes = lambda: "discard"
    window.errors = []
    window.report_error = lambda title, text: window.errors.append(text)
    window.show()
    yield window
    window.close()
    window.deleteLater()
    for fmt in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):  # conftest's sandbox
        QSettings.setPath(fmt, QSettings.Scope.UserScope, os.environ["XDG_CONFIG_HOME"])


def test_every_topic_of_the_lecture_has_its_example_in_order():
    infos = list_examples()
    assert [i.name for i in infos] == list(ORDER) == list(LECTURE_TOPICS)
    for info in infos:
        assert info.title and len(info.caption) > 40, f"{info.name} needs a caption"


def test_the_networks_are_the_lectures():
    regression = load_example("lego_regression").build()
    ops = [regression[n].op for n in regression.order() if not regression[n].is_leaf]
    # FC (matmul + add), ReLU, Dropout, FC, ReLU, FC, loss
    assert ops == ["matmul", "add", "relu", "dropout", "matmul", "add", "relu", "matmul", "add"] + [
        "mse"
    ]
    classification = load_example("lego_classification").build()
    assert "softmax" in {classification[n].op for n in classification.nodes}
    lecture = load_example("lecture").build()
    for name in ("x1", "x2", "w11", "w12", "w21", "w22", "z1", "z2", "h1", "h2", "p11", "p21"):
        assert lecture.by_name(name) is not None, name


@pytest.mark.parametrize("name", example_names())
def test_example_opens_from_the_menu_and_plays_to_the_end(window, qtbot, name):
    action = next(a for a in window.example_actions() if a.objectName() == f"example_{name}")
    action.trigger()
    assert window.errors == []
    document = load_example(name)
    expected = engine_run(document.build())
    run = window.controller.run
    assert run.graph.nodes.keys() == expected.graph.nodes.keys()
    assert tr_text(document.caption) in window.explanation.plain_text()  # what to notice
    player = window.player
    assert player.position == 0 and player.length == len(expected.trace) > 0
    seen: list[int] = []
    player.position_changed.connect(seen.append)
    try:
        player.set_speed(60)
        player.play()
        qtbot.waitUntil(lambda: player.at_end and not player.playing, timeout=15000)
    finally:
        player.position_changed.disconnect(seen.append)
    assert seen == list(range(1, len(expected.trace) + 1)), "every step shown once, in order"
    final = expected.trace.state_at(len(expected.trace))
    for nid in expected.graph.nodes:
        item = window.scene.node_item(nid)
        assert item.shown_value_text() == format_number(final.values[nid]), nid
        gradient = final.gradients.get(nid)
        assert item.shown_gradient_text() == ("" if gradient is None else format_number(gradient))
    last = describe_step(expected.graph, expected.trace, len(expected.trace)).equation
    assert last in window.explanation.plain_text()
