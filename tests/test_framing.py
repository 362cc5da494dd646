"""Framing (gui.framing): the rules on numbers, then every example walked through its steps in
the window (1600×1000) and in presentation mode (1920×1080), checked from item geometry: the
current step's items inside the viewport, the whole graph fitted at Start and End, and no jump
while the step already fits."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRect, QRectF
from PySide6.QtWidgets import QApplication

from gui import framing
from gui.framing import Box, Frame

VIEW = (1000.0, 600.0)


# ---------------------------------------------------------------------------- the rules
def test_whole_is_fitted_and_centred_and_a_tiny_graph_not_blown_up():
    graph = Box(0, 0, 2000, 400)
    frame = framing.whole(graph, VIEW)
    assert frame.centre == (1000, 200)
    visible = frame.visible(VIEW)
    assert visible.contains(graph)
    assert visible.width == pytest.approx(graph.width, rel=0.01)  # the width is used
    tiny = framing.whole(Box(0, 0, 10, 10), VIEW)
    assert tiny.zoom == framing.MAX_FIT_ZOOM


def test_no_motion_while_the_step_is_in_view():
    graph = Box(0, 0, 5000, 3000)
    current = Frame(1.0, (1500, 1500))
    step = Box(1400, 1400, 100, 80)  # well inside
    assert framing.follow(current, VIEW, graph, step, 1.0) == current


def test_pan_before_zoom_and_by_the_least_distance():
    graph = Box(0, 0, 5000, 3000)
    current = Frame(1.0, (1500, 1500))
    step = Box(1900, 1450, 150, 80)  # just past the right edge (visible up to x = 2000)
    frame = framing.follow(current, VIEW, graph, step, 1.0)
    assert frame.zoom == 1.0 and frame.centre[1] == 1500  # no zoom, no vertical motion
    right = frame.visible(VIEW).right
    assert right == pytest.approx(step.right + framing.MARGIN_PX)  # just enough


def test_zooms_out_only_for_a_step_that_does_not_fit():
    graph = Box(0, 0, 5000, 3000)
    current = Frame(1.0, (1500, 1500))
    big = Box(1000, 1000, 1600, 300)
    frame = framing.follow(current, VIEW, graph, big, 1.0)
    assert frame.zoom < 1.0
    assert frame.visible(VIEW).contains(big)
    small = Box(1100, 1100, 50, 50)  # the next step is small again: back to the readable zoom
    assert framing.follow(frame, VIEW, graph, small, 1.0).zoom == 1.0


def test_never_a_blank_half():
    graph = Box(0, 0, 5000, 500)
    step = Box(4950, 200, 40, 40)  # at the graph's right end
    frame = framing.follow(None, VIEW, graph, step, 1.0)
    visible = frame.visible(VIEW)
    assert visible.right <= graph.right + 1e-6  # the view stays within the graph ...
    assert visible.contains(step)
    assert frame.centre[1] == pytest.approx(250)  # ... and a short graph is centred
    assert framing.blank_fraction(visible, graph) == pytest.approx(0.0, abs=0.2)


def test_looks_ahead_when_it_has_to_move():
    graph = Box(0, 0, 5000, 3000)
    current = Frame(1.0, (1500, 1500))
    step = Box(2000, 1450, 60, 60)
    ahead = Box(2000, 1450, 600, 60)  # the next steps, further right
    frame = framing.follow(current, VIEW, graph, step, 1.0, ahead)
    assert frame.visible(VIEW).contains(ahead)


# ---------------------------------------------------------------------------- every example
def _examples() -> list[str]:
    from core.documents.examples import example_names

    return list(example_names())


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
    yield window
    window.presentation.leave()


def _open(qtbot, window, name: str, size: tuple[int, int], present: bool, monkeypatch) -> None:
    assert window.open_example(name, ask=False)
    if present:
        p = window.presentation
        monkeypatch.setattr(p, "screen_rect", lambda: QRect(0, 0, *size))
        monkeypatch.setattr(p, "show_full_screen", lambda: _show_at(window, size))
        window.show()
        p.enter()
    else:
        _show_at(window, size)
    qtbot.waitExposed(window)
    qtbot.wait(30)  # the deferred refits
    window.player.seek(0)


def _show_at(window, size: tuple[int, int]) -> None:
    window.setGeometry(0, 0, *size)
    window.show()


def _tolerant(view, rect: QRectF) -> QRectF:
    t = 3.0 / view.zoom()  # a few screen pixels: whole-pixel scrolling
    return rect.adjusted(-t, -t, t, t)


def _check_whole(view, scene, where) -> None:
    visible = view.visible_rect()
    graph = scene.graph_rect()
    assert _tolerant(view, visible).contains(graph), where
    share = max(graph.width() / visible.width(), graph.height() / visible.height())
    assert share >= 0.6, (where, share)


def _walk(window, name: str, stride: int) -> None:
    view, scene, player = window.view, window.scene, window.player
    length = scene.length
    assert length > 0
    _check_whole(view, scene, (name, 0))
    readable = view.readable_zoom()
    previous = view.current_frame()
    for k in range(1, length + 1):
        before = view.visible_rect()
        player.step_forward()
        assert scene.position == k
        if k == length:
            _check_whole(view, scene, (name, "end"))
            break
        if k % stride and k != length - 1:
            previous = view.current_frame()
            continue
        step = scene.focus_rect(whole=True)
        if step.isNull():
            continue
        visible = view.visible_rect()
        assert _tolerant(view, visible).contains(step), (name, k, visible, step)
        # no jump when the step was already in view at a readable zoom
        m = framing.MARGIN_PX / previous.zoom
        inner = before.adjusted(m, m, -m, -m)
        if k > 1 and previous.zoom >= readable * 0.999 and inner.contains(step):
            now = view.current_frame()
            assert now.zoom == pytest.approx(previous.zoom), (name, k)
            moved = (
                max(abs(a - b) for a, b in zip(now.centre, previous.centre, strict=True)) * now.zoom
            )
            assert moved <= 1.0, (name, k, moved)
        previous = view.current_frame()
    player.step_back()  # and back from End: the step is in view again
    assert _tolerant(view, view.visible_rect()).contains(scene.focus_rect(whole=True))
    player.to_start()
    _check_whole(view, scene, (name, "start again"))


@pytest.mark.parametrize("name", _examples())
def test_every_example_framed_in_the_window(qtbot, window, name, monkeypatch):
    _open(qtbot, window, name, (1600, 1000), False, monkeypatch)
    _walk(window, name, stride=1)


@pytest.mark.parametrize("name", _examples())
def test_every_example_framed_in_presentation_mode(qtbot, window, name, monkeypatch):
    _open(qtbot, window, name, (1920, 1080), True, monkeypatch)
    assert window.presentation.active
    _walk(window, name, stride=1)


def test_the_fit_does_not_depend_on_whether_a_scroll_bar_shows(qtbot, window):
    """Framing fits into the viewport less a scroll bar's room, shown or not. It once used the
    viewport as it was: a bar that showed shrank it, the smaller fit hid the bar, the bigger fit
    showed it again, for ever, and the window froze at 100 % CPU (the monkey, seed 1)."""
    assert window.open_example("neuron", ask=False)
    _show_at(window, (1280, 1052))
    qtbot.waitExposed(window)
    view = window.view
    sizes, shown = set(), set()
    for zoom in (0.05, 4.0, 0.05, 4.0):  # the whole scene in view; then far bigger than it
        view.set_zoom(zoom)
        QApplication.processEvents()
        shown.add(view.verticalScrollBar().isVisible() or view.horizontalScrollBar().isVisible())
        sizes.add(view._viewport_size())
    assert shown == {True, False}  # the bars did come and go
    assert len(sizes) == 1, sizes
