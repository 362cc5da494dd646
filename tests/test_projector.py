"""Sizes on a projector and a laptop: presentation mode's text at 1080p, visited nodes' contrast
(WCAG AA, computed from the palette), and a window that fits a 1366×768 screen."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QByteArray, QRect
from PySide6.QtGui import QFontInfo

from gui import palette

HD = (1920, 1080)


@pytest.fixture(autouse=True)
def no_animation():
    from gui import animation

    animation.set_enabled(False)
    yield
    animation.set_enabled(True)


def _window(qtbot, tmp_path, monkeypatch):
    from gui.main_window import MainWindow

    window = MainWindow(recovery_dir=tmp_path / "recovery")
    qtbot.addWidget(window)
    monkeypatch.setattr(window, "report_error", lambda title, text: None)
    monkeypatch.setattr(window, "ask_unsaved_changes", lambda: "discard")
    return window


def _present(qtbot, window, monkeypatch, size=HD) -> None:
    p = window.presentation
    monkeypatch.setattr(p, "screen_rect", lambda: QRect(0, 0, *size))

    def full_screen():
        window.setGeometry(0, 0, *size)
        window.show()

    monkeypatch.setattr(p, "show_full_screen", full_screen)
    window.show()
    p.enter()
    qtbot.waitExposed(window)
    qtbot.wait(30)


def _px(font, zoom: float) -> float:
    return font.pixelSize() * zoom


@pytest.mark.parametrize("name", ["lecture", "xor", "lego_regression"])
def test_presentation_text_is_big_enough_at_1080p(
    qtbot, isolated_settings, tmp_path, monkeypatch, name
):
    window = _window(qtbot, tmp_path, monkeypatch)
    assert window.open_example(name, ask=False)
    _present(qtbot, window, monkeypatch)
    try:
        equation = QFontInfo(window.explanation.equation.font()).pixelSize()
        assert equation >= 40
        st, view, player = window.scene.style, window.view, window.player
        length = window.scene.length
        backward = player.backward_start
        for k in sorted({1, backward // 2, backward - 1, backward + 2, (backward + length) // 2}):
            player.seek(k)
            zoom = view.zoom()
            assert _px(st.value_font, zoom) >= 28 - 0.5, (name, k)
            assert _px(st.edge_font, zoom) >= 28 - 0.5, (name, k)  # edge products
            assert _px(st.tag_font, zoom) >= 22 - 0.5, (name, k)  # gradient labels
            for font in (st.title_font, st.formula_font, st.subtitle_font):  # node names
                assert _px(font, zoom) >= 22 - 0.5, (name, k)
    finally:
        window.presentation.leave()


def _fills() -> list[palette.RGB]:
    """Every fill a node or a gradient tag can have: both signs at every intensity."""
    fills = [palette.NEUTRAL, palette.INPUT_FILL, palette.BACKGROUND]
    for value in (0.01, 0.3, 1.0, 3.0, 100.0, float("inf")):
        fills += [palette.fill(value, 1.0), palette.fill(-value, 1.0)]
    return fills


def test_visited_nodes_keep_aa_contrast_in_presentation_mode():
    alpha = palette.PRESENTATION_DIM_ALPHA
    for fill in _fills():
        text = palette.over(palette.TEXT, palette.BACKGROUND, alpha)
        behind = palette.over(fill, palette.BACKGROUND, alpha)
        assert palette.contrast_ratio(text, behind) >= 4.5, fill
    # the window's own stronger fade would not pass: the test can fail
    strong = palette.over(palette.POSITIVE_FILL, palette.BACKGROUND, palette.DIM_ALPHA)
    text = palette.over(palette.TEXT, palette.BACKGROUND, palette.DIM_ALPHA)
    assert palette.contrast_ratio(text, strong) < 4.5


def test_contrast_ratio_is_wcag():
    assert palette.contrast_ratio((0, 0, 0), (255, 255, 255)) == pytest.approx(21.0)
    assert palette.contrast_ratio((118, 118, 118), (255, 255, 255)) == pytest.approx(4.54, abs=0.01)


def test_presentation_mode_uses_the_light_fade_and_gives_it_back(
    qtbot, isolated_settings, tmp_path, monkeypatch
):
    window = _window(qtbot, tmp_path, monkeypatch)
    assert window.open_initial()
    before = window.scene.dim_alpha()
    _present(qtbot, window, monkeypatch)
    assert window.scene.dim_alpha() == palette.PRESENTATION_DIM_ALPHA
    window.presentation.leave()
    assert window.scene.dim_alpha() == before == palette.DIM_ALPHA


# ---------------------------------------------------------------------------- a laptop
LAPTOP = QRect(0, 0, 1366, 768)


def _laptop_window(qtbot, tmp_path, monkeypatch):
    import gui.main_window as main_window

    monkeypatch.setattr(main_window, "available_geometry", lambda widget: QRect(LAPTOP))
    window = _window(qtbot, tmp_path, monkeypatch)
    assert window.open_initial()
    window.show()
    qtbot.waitExposed(window)
    qtbot.wait(30)
    return window


def test_the_window_fits_a_1366x768_screen_with_the_player_and_explanation(
    qtbot, isolated_settings, tmp_path, monkeypatch
):
    window = _laptop_window(qtbot, tmp_path, monkeypatch)
    assert LAPTOP.contains(window.frameGeometry()), window.frameGeometry()
    inside = window.rect()
    bar = window.player_bar
    assert bar.isVisible() and inside.contains(bar.geometry())
    for action in bar.actions():  # none pushed into the toolbar's overflow menu
        widget = bar.widgetForAction(action)
        if widget is not None and action.isVisible():
            assert widget.isVisible(), action.text()
            assert bar.rect().contains(widget.geometry()), action.text()
    dock = window.docks["explanation_dock"]
    assert dock.isVisible() and inside.contains(dock.geometry())
    assert dock.height() >= 120
    equation = window.explanation.equation
    window.player.seek(3)
    assert equation.isVisible() and equation.text()
    # the graph keeps room too, and its text is readable while stepping
    assert window.view.height() >= 300
    assert window.scene.style.value_font.pixelSize() * window.view.zoom() >= 12 - 0.5


def test_on_a_laptop_the_training_lab_leaves_the_graph_room(
    qtbot, isolated_settings, tmp_path, monkeypatch
):
    """Cybenko's example opens the lab (controls left, plots right): on 1366 px the graph kept
    230 px between them; the plots' column narrows so the graph keeps about 40 %."""
    window = _laptop_window(qtbot, tmp_path, monkeypatch)
    assert window.open_example("cybenko", ask=False)
    qtbot.waitUntil(lambda: window.docks["lab_plots_dock"].isVisible(), timeout=5000)
    qtbot.wait(200)  # the docks are sized once the lab has settled
    plots = window.docks["lab_plots_dock"]
    assert window.view.width() >= 0.35 * window.width(), (window.view.width(), plots.width())
    assert plots.width() >= plots.minimumSizeHint().width()
    assert window.rect().contains(window.player_bar.geometry())


def test_a_saved_geometry_larger_than_the_screen_is_not_restored(
    qtbot, isolated_settings, tmp_path, monkeypatch
):
    from gui.settings import Settings

    big = _window(qtbot, tmp_path / "big", monkeypatch)
    big.setGeometry(0, 0, 1900, 1150)
    settings = Settings()
    settings.save_window(big)
    saved = settings.store.value("window/geometry")
    assert isinstance(saved, QByteArray) and not saved.isEmpty()
    window = _laptop_window(qtbot, tmp_path, monkeypatch)
    assert LAPTOP.contains(window.frameGeometry()), window.frameGeometry()


def test_subtitles_keep_aa_contrast_on_every_fill():
    """The op line under a node's name (σ(·), w11 · x1) is faint grey on white, darker on a
    strong fill: 4.5:1 everywhere, and on a projector's light fade too."""
    for fill in _fills():
        text = palette.readable_on(fill)
        assert palette.contrast_ratio(text, fill) >= 4.5, fill
        alpha = palette.PRESENTATION_DIM_ALPHA
        faded = palette.over(text, palette.BACKGROUND, alpha)
        behind = palette.over(fill, palette.BACKGROUND, alpha)
        assert palette.contrast_ratio(faded, behind) >= 4.5, fill
    assert palette.readable_on(palette.BACKGROUND) != palette.TEXT  # still fainter than values
    strong = palette.fill(100.0, 1.0)
    assert palette.contrast_ratio(palette.TEXT_FAINT, strong) < 4.5  # the plain grey would fail
