"""Presentation mode: full screen and back to the exact layout, clicker keys, clicks, laser."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication, QDockWidget, QToolBar

from gui.presentation import EXPLANATION_SCALE, KEEP_DOCK, SCENE_SCALE


@pytest.fixture(autouse=True)
def no_animation():
    from gui import animation

    animation.set_enabled(False)
    yield
    animation.set_enabled(True)


@pytest.fixture
def window(qtbot, isolated_settings, tmp_path, monkeypatch):
    from gui.main_window import MainWindow

    window = MainWindow(recovery_dir=tmp_path / "recovery")
    qtbot.addWidget(window)
    monkeypatch.setattr(window, "report_error", lambda title, text: None)
    monkeypatch.setattr(window, "ask_unsaved_changes", lambda: "discard")
    assert window.open_initial()
    window.resize(1200, 800)
    window.show()
    qtbot.waitExposed(window)
    qtbot.wait(120)  # the window's own refit after the first resize
    yield window
    window.presentation.leave()


def layout(window) -> dict:
    """What presentation mode must give back."""
    view = window.view
    centre = view.mapToScene(view.viewport().rect().center())
    return {
        "docks": {d.objectName() for d in window.findChildren(QDockWidget) if d.isVisible()},
        "bars": {b.objectName() for b in window.findChildren(QToolBar) if b.isVisible()},
        "menu": window.menuBar().isVisible(),
        "status": window.statusBar().isVisible(),
        "full": window.isFullScreen(),
        "geometry": window.geometry(),
        "zoom": round(view.zoom(), 6),
        "centre": (round(centre.x()), round(centre.y())),
        "scene_scale": window.scene.presentation_scale(),
        "explanation_scale": window.explanation.scale,
        "state": bytes(window.saveState()),
    }


def press(qtbot, window, key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.keyClick(window.view, key, modifier)


def test_f5_and_a_toolbar_button(window):
    action = window.actions["view_presentation"]
    assert [s.toString() for s in action.shortcuts()] == ["F5"]
    assert action in window.main_toolbar.actions()
    assert action in window.view_menu.actions()


def test_entering_shows_only_the_graph_and_the_explanation_scaled_up(window, qtbot):
    press(qtbot, window, Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: window.isFullScreen())
    assert window.presentation.active
    visible = [d.objectName() for d in window.findChildren(QDockWidget) if d.isVisible()]
    assert visible == [KEEP_DOCK]
    assert not any(bar.isVisible() for bar in window.findChildren(QToolBar))
    assert not window.menuBar().isVisible() and not window.statusBar().isVisible()
    assert window.scene.presentation_scale() == SCENE_SCALE
    assert window.explanation.scale >= EXPLANATION_SCALE
    assert window.actions["view_presentation"].isChecked()
    # at Start the whole graph; stepping, numbers on screen at least MIN_TEXT_PX tall
    from gui.presentation import BASE_TEXT_PX, MIN_TEXT_PX

    qtbot.wait(300)
    assert window.view.visible_rect().contains(window.scene.graph_rect())
    press(qtbot, window, Qt.Key.Key_Right)
    assert window.view.zoom() * BASE_TEXT_PX * SCENE_SCALE >= MIN_TEXT_PX - 1e-6


@pytest.mark.parametrize("leave_key", [Qt.Key.Key_Escape, Qt.Key.Key_F5])
def test_leaving_restores_the_exact_layout(window, qtbot, leave_key):
    window.player.seek(7)
    window.view.zoom_in()  # a zoom of the person's own, not the automatic fit
    window.view.centerOn(300, 200)
    window.docks["inspector_dock"].raise_()
    before = layout(window)
    press(qtbot, window, Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: window.isFullScreen())
    qtbot.wait(300)
    assert layout(window) != before
    press(qtbot, window, leave_key)
    qtbot.waitUntil(lambda: not window.isFullScreen())
    qtbot.wait(400)  # the deferred second restore after the window manager's resize
    after = layout(window)
    assert after == before
    assert not window.presentation.active
    assert not window.actions["view_presentation"].isChecked()
    assert window.player.position == 7


def test_clicker_keys_step_and_space_does_not_start_playing(window, qtbot):
    window.presentation.enter()
    assert window.player.position == 0
    for key in (Qt.Key.Key_PageDown, Qt.Key.Key_Right, Qt.Key.Key_Space, Qt.Key.Key_PageDown):
        press(qtbot, window, key)
    assert window.player.position == 4
    assert not window.player.playing
    for key in (Qt.Key.Key_PageUp, Qt.Key.Key_Left):
        press(qtbot, window, key)
    assert window.player.position == 2
    # the explanation follows the step, as in the window
    from core.teaching.explain import describe_step

    run = window.controller.run
    assert describe_step(run.graph, run.trace, 2).equation in window.explanation.plain_text()
    window.presentation.leave()
    press(qtbot, window, Qt.Key.Key_Space)  # outside presentation mode Space plays again
    assert window.player.playing
    window.player.pause()


def test_keys_with_modifiers_and_dialog_keys_are_left_alone(window, qtbot):
    window.presentation.enter()
    press(qtbot, window, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    assert window.player.position == 0
    press(qtbot, window, Qt.Key.Key_End)  # the player's own End still works
    assert window.player.position == window.player.length


def test_click_steps_forward_right_click_back_and_a_drag_does_nothing(window, qtbot):
    window.presentation.enter()
    viewport = window.view.viewport()
    centre = viewport.rect().center()
    qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=centre)
    qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=centre)
    assert window.player.position == 2
    qtbot.mouseClick(viewport, Qt.MouseButton.RightButton, pos=centre)
    assert window.player.position == 1
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=centre)
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=centre + QPoint(80, 0))
    assert window.player.position == 1
    assert window.scene.selected_node() == ""  # clicks never select while presenting


def test_laser_ring_follows_the_node_under_the_mouse(window, qtbot):
    window.presentation.enter()
    qtbot.wait(300)
    view = window.view
    laser = window.presentation.laser
    target = None
    for nid, item in window.scene.node_items().items():
        point = view.mapFromScene(item.scenePos())  # the shape's centre
        if view.viewport().rect().contains(point):
            target = nid, point
            break
    assert target is not None, "no node on screen"
    nid, point = target
    move = QMouseEvent(
        QEvent.Type.MouseMove,
        QPointF(point),
        QPointF(view.viewport().mapToGlobal(point)),
        Qt.MouseButton.NoButton,
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(view.viewport(), move)  # QTest's mouseMove sends none offscreen
    assert laser.node_id == nid
    assert laser.isVisible() and laser.scene() is window.scene
    assert laser.sceneBoundingRect().contains(window.scene.node_item(nid).scenePos())
    window.presentation.point_at(view.mapFromScene(window.scene.graph_rect().topLeft()).toPointF())
    assert laser.node_id == "" and not laser.isVisible()
    window.presentation.leave()
    assert laser.scene() is None


def test_closing_while_presenting_saves_the_normal_layout(window, qtbot, isolated_settings):
    before = {d.objectName() for d in window.findChildren(QDockWidget) if not d.isHidden()}
    state = bytes(window.saveState(1))
    window.presentation.enter()
    window.close()
    assert not window.presentation.active
    assert {d.objectName() for d in window.findChildren(QDockWidget) if not d.isHidden()} == before
    assert not window.menuBar().isHidden()
    assert bytes(window.settings.store.value("window/state")) == state
