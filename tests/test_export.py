"""Exports: PDF decks, PNG slide folders, SVG/PNG pictures and the headless command.

Pages are read back: pypdfium2 renders PDF pages to pixels and extracts their text, so a test
sees what a reader of the handout sees (the step's equation as the caption, a highlighted step,
nothing blank).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QRectF
from PySide6.QtGui import QImage

from core.autodiff.engine import run as engine_run
from core.documents.examples import example_names, load_example
from core.teaching.explain import describe_step
from core.teaching.slides import MAX_GROUP, DeckOptions, ExportError, Slide, step_groups
from gui.export import painting, writers
from gui.export import scene as export_scene
from gui.export.painting import deck_slides
from gui.layout import assign_ranks

REPO = Path(__file__).resolve().parent.parent
HALO = (255, 196, 0)  # gui.palette.HALO: the current step's highlight


@pytest.fixture(scope="module")
def lecture():
    document = load_example("lecture")
    return document, engine_run(document.build())


@pytest.fixture(autouse=True)
def _app(qapp):
    return qapp


def pdf_pages(path: Path):
    pdfium = pytest.importorskip("pypdfium2")
    return pdfium.PdfDocument(str(path))


def pixels(image: QImage) -> np.ndarray:
    image = image.convertToFormat(QImage.Format.Format_RGB888)
    w, h, stride = image.width(), image.height(), image.bytesPerLine()
    data = np.frombuffer(image.constBits(), dtype=np.uint8, count=stride * h)
    return data.reshape(h, stride)[:, : w * 3].reshape(h, w, 3).copy()


def ink(rgb: np.ndarray) -> float:
    """Share of pixels that are not (near) white."""
    return float(np.mean(rgb.min(axis=2) < 235))


def has_halo(rgb: np.ndarray) -> bool:
    diff = np.abs(rgb.astype(int) - np.array(HALO)).sum(axis=2)
    return int((diff < 40).sum()) > 50


# ---------------------------------------------------------------------------- planning pages


def test_one_page_per_step_between_the_opening_and_the_finished_run(lecture):
    _, run = lecture
    n, b = len(run.trace), run.trace.backward_start
    # the program, the whole graph, the steps, then the finished run (every value and gradient)
    assert len(deck_slides(run, DeckOptions(phase="both"))) == 2 + n + 1
    assert len(deck_slides(run, DeckOptions(phase="forward"))) == 2 + b  # not finished yet
    assert len(deck_slides(run, DeckOptions(phase="backward"))) == 2 + n - b + 1
    assert len(deck_slides(run, DeckOptions(phase="forward", title_page=False))) == b
    slides = deck_slides(run, DeckOptions(phase="backward"))
    assert slides[:3] == [Slide("title"), Slide("graph"), Slide("steps", b + 1, b + 1)]
    assert slides[-2:] == [Slide("steps", n, n), Slide("finished", n, n)]


@pytest.mark.parametrize("name", example_names())
def test_grouped_pages_cover_every_step_once_per_layer_and_phase(name):
    run = engine_run(load_example(name).build())
    n, b = len(run.trace), run.trace.backward_start
    groups = step_groups(run, 1, n, True, assign_ranks(run.graph))
    covered = [k for first, last in groups for k in range(first, last + 1)]
    assert covered == list(range(1, n + 1))
    assert all(last - first + 1 <= MAX_GROUP for first, last in groups)
    assert not any(first <= b < last for first, last in groups), "a page mixes both passes"
    assert len(groups) < n or n <= 2


def test_lecture_forward_pass_groups_follow_its_layers(lecture):
    _, run = lecture
    groups = step_groups(run, 1, run.trace.backward_start, True, assign_ranks(run.graph))
    # z1 | z2 (the first layer, 6 steps split in two) | h1 | h2 | a | loss
    assert groups == [(1, 3), (4, 6), (7, 10), (11, 14), (15, 17), (18, 20)]
    named = [run.trace[last - 1].node for _, last in groups]
    assert named == ["z1", "z2", "h1", "h2", "a", "loss"]


def test_bad_options_are_refused(lecture):
    _, run = lecture
    with pytest.raises(ExportError):
        deck_slides(run, DeckOptions(phase="sideways").checked())
    with pytest.raises(ExportError):
        DeckOptions(size=(4, 4)).checked()
    with pytest.raises(ExportError, match="steps 0 to 57"):
        export_scene.scene_at(run, 58)


# ---------------------------------------------------------------------------- PDF decks


def test_pdf_deck_pages_are_16_9_non_blank_and_captioned_with_the_step(lecture, tmp_path):
    document, run = lecture
    path = tmp_path / "deck.pdf"
    written = writers.write_pdf(run, path, document=document, options=DeckOptions(phase="forward"))
    b = run.trace.backward_start
    assert written.pages == 2 + b
    raw = path.read_bytes()
    assert raw.startswith(b"%PDF") and b"/Subtype /Image" not in raw, "graphs must be vector"
    pdf = pdf_pages(path)
    assert len(pdf) == 2 + b
    for index in (0, 1, 9, b):
        page = pdf[index + 1 if index else 0]  # step k is page k + 2 (after the whole graph)
        width, height = page.get_size()
        assert abs(width / height - 16 / 9) < 0.01
        rgb = page.render(scale=0.5, rev_byteorder=True).to_numpy()[:, :, :3]
        assert ink(rgb) > 0.02, f"page {index + 1} is blank"
        text = page.get_textpage().get_text_range()
        if index == 0:
            assert "Lectureexample" in _squash(text) and "w11=0.3" in _squash(text)  # a heading
            continue
        assert has_halo(rgb), f"page {index + 1} does not highlight its step"
        equation = describe_step(run.graph, run.trace, index).equation
        assert _squash(equation) in _squash(text), f"page {index + 1} lacks its equation"
        assert _squash(f"step {index} of {len(run.trace)}") in _squash(text)


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_grouped_pdf_lists_every_equation_of_its_steps(lecture, tmp_path):
    document, run = lecture
    path = tmp_path / "grouped.pdf"
    options = DeckOptions(phase="both", group_layers=True)
    slides = deck_slides(run, options)
    written = writers.write_pdf(run, path, document=document, options=options)
    pdf = pdf_pages(path)
    assert written.pages == len(pdf) == len(slides) < len(run.trace) / 2
    assert slides[-1].kind == "finished"
    for index in (2, len(slides) - 2):
        text = _squash(pdf[index].get_textpage().get_text_range())
        for k in slides[index].positions:
            assert _squash(describe_step(run.graph, run.trace, k).equation) in text


def test_captions_are_large_and_the_step_is_never_cut_off(lecture):
    document, run = lecture
    for options in (DeckOptions(), DeckOptions(group_layers=True)):
        deck = painting.DeckPainter(run, document, options=options)
        for slide in deck_slides(run, options)[2:]:
            if slide.kind != "steps":
                continue
            cap = deck.caption(slide)
            box = deck._caption_box(cap, QRectF(48, 30, 1824, 1018))
            assert box.equation_font.pixelSize() >= 24  # ≥ 18 pt at 1920 × 1080
            assert box.rect.height() < 0.5 * painting.CANVAS_HEIGHT
            deck.scene.show_steps(slide.first, slide.last)
            area = QRectF(48, 120, 1824, box.rect.top() - 136)
            source = export_scene.graph_window(deck.scene, area, "auto")
            assert source.contains(deck.scene.focus_rect()), slide
            whole = export_scene.graph_window(deck.scene, area, "fit")
            assert whole.contains(export_scene.content_rect(deck.scene))


def test_a_single_step_after_a_group_highlights_only_itself(lecture):
    _, run = lecture
    scene = export_scene.ExportScene(run)
    scene.show_steps(1, 3)
    group = scene.focus_rect()
    scene.show_steps(3, 3)
    single = scene.focus_rect()
    assert group.contains(single) and single.width() < group.width()
    assert scene.node_item("w11").focus_level == 0 and scene.node_item("z1").focus_level == 2


def test_export_scene_shows_the_engine_numbers(lecture):
    _, run = lecture
    scene = export_scene.scene_at(run, len(run.trace))
    state = run.trace.state_at(len(run.trace))
    from core.autodiff.notation import format_number

    for nid, item in scene.node_items().items():
        assert item.shown_value_text() == format_number(state.values[nid])
        assert not item.cacheMode().value  # uncached: vector output


# ---------------------------------------------------------------------------- PNG and SVG


def test_png_folder_numbered_slides_of_the_requested_size(lecture, tmp_path):
    document, run = lecture
    folder = tmp_path / "slides"
    folder.mkdir()
    (folder / "slide-999.png").write_bytes(b"old deck")
    (folder / "notes.txt").write_text("mine")
    options = DeckOptions(phase="backward", group_layers=True, size=(640, 360))
    written = writers.write_png_folder(run, folder, document=document, options=options)
    names = sorted(p.name for p in folder.glob("slide-*.png"))
    assert names == [f"slide-{k:03d}.png" for k in range(1, written.pages + 1)]
    assert (folder / "notes.txt").exists()
    assert written.pages == len(deck_slides(run, options))
    for path in written.paths:
        image = QImage(str(path))
        assert not image.isNull() and (image.width(), image.height()) == (640, 360)
    assert ink(pixels(QImage(str(written.paths[1])))) > 0.02


def test_view_png_and_svg_have_the_requested_size(lecture, tmp_path):
    _, run = lecture
    png = writers.write_view_png(run, tmp_path / "g.png", position=12, size=(1000, 500))
    image = QImage(str(png.paths[0]))
    assert (image.width(), image.height()) == (1000, 500)
    assert has_halo(pixels(image)) and ink(pixels(image)) > 0.02
    svg = writers.write_view_svg(run, tmp_path / "g.svg", position=12, size=(800, 400))
    root = ET.parse(svg.paths[0]).getroot()
    assert root.tag.endswith("svg")
    assert (root.get("width"), root.get("height")) == ("800", "400")
    text = svg.paths[0].read_text(encoding="utf-8")
    assert "<text" in text and "e+07" not in text  # real text; no endless dimming sheet
    natural = writers.write_view_svg(run, tmp_path / "n.svg")
    assert natural.size[0] > natural.size[1] > 100


def svg_pixels(path: Path, size: tuple[int, int]) -> np.ndarray:
    """The SVG rendered back by Qt's renderer (QSvgRenderer) at ``size``."""
    from PySide6.QtGui import QPainter
    from PySide6.QtSvg import QSvgRenderer

    image = QImage(size[0], size[1], QImage.Format.Format_RGB32)
    image.fill(0xFF00FF)  # magenta: any pixel the SVG leaves unpainted shows
    painter = QPainter(image)
    QSvgRenderer(str(path)).render(painter)
    painter.end()
    return pixels(image)


@pytest.mark.parametrize("position", [0, 12, 40, 57])
def test_svg_renders_the_same_picture_as_png(lecture, tmp_path, position):
    """One background, the dimming translucent: the SVG read back looks like the PNG (it
    used to paint a second opaque background over the dimmed graph after the sheet)."""
    _, run = lecture
    size = (1200, 600)
    writers.write_view_png(run, tmp_path / "g.png", position=position, size=size)
    writers.write_view_svg(run, tmp_path / "g.svg", position=position, size=size)
    png = pixels(QImage(str(tmp_path / "g.png"))).astype(float)
    svg = svg_pixels(tmp_path / "g.svg", size).astype(float)
    assert ink(png.astype(np.uint8)) > 0.02
    assert abs(ink(svg.astype(np.uint8)) - ink(png.astype(np.uint8))) < 0.003
    assert np.abs(png - svg).mean() < 1.0  # of 255, averaged over the picture
    assert np.mean(np.abs(png - svg).max(axis=2) > 60) < 0.005  # few pixels differ visibly


def pdf_page_pixels(page, width: int) -> np.ndarray:
    """A PDF page rendered back by pdfium, ``width`` pixels across (RGB)."""
    scale = width / page.get_width()
    return page.render(scale=scale, rev_byteorder=True).to_numpy()[:, :, :3].copy()


@pytest.mark.parametrize("name", ["lecture", "lego_regression"])
def test_pdf_pages_render_the_same_pictures_as_png_slides(name, tmp_path):
    """Each page of a PDF deck, read back through pdfium, against the PNG slide of the same
    page and state: title, whole graph, highlighted steps, matrix panels, the finished run."""
    document = load_example(name)
    run = engine_run(document.build())
    options = DeckOptions(group_layers=True, size=(1920, 1080))
    writers.write_pdf(run, tmp_path / "d.pdf", document=document, options=options)
    slides = writers.write_png_folder(run, tmp_path / "png", document=document, options=options)
    pdf = pdf_pages(tmp_path / "d.pdf")
    assert len(pdf) == len(slides.paths) > 5
    pngs = [pixels(QImage(str(path))).astype(int) for path in slides.paths]
    for k, png in enumerate(pngs):
        page = pdf_page_pixels(pdf[k], 1920).astype(int)
        assert page.shape == png.shape == (1080, 1920, 3)
        difference = np.abs(page - png)
        assert ink(png.astype(np.uint8)) > 0.02, k
        assert difference.mean() < 1.6, k  # of 255, averaged over the page
        assert np.mean(difference.max(axis=2) > 60) < 0.008, k  # few pixels differ visibly
    # the measure tells pages apart: the next slide's PNG is far from this page
    other = np.abs(pdf_page_pixels(pdf[3], 1920).astype(int) - pngs[4])
    assert other.mean() > 2 * 1.6 or np.mean(other.max(axis=2) > 60) > 2 * 0.008


@pytest.mark.parametrize("kind", ["png", "svg"])
def test_letterboxing_uses_the_page_background(lecture, tmp_path, kind):
    """A size of another aspect ratio than the graph's pads with the background colour, not
    black bars."""
    _, run = lecture
    size = (2400, 1000)
    if kind == "png":
        writers.write_view_png(run, tmp_path / "w.png", size=size)
        rgb = pixels(QImage(str(tmp_path / "w.png")))
    else:
        writers.write_view_svg(run, tmp_path / "w.svg", size=size)
        rgb = svg_pixels(tmp_path / "w.svg", size)
    from gui import palette

    edges = np.concatenate([rgb[:, :3].reshape(-1, 3), rgb[:, -3:].reshape(-1, 3)])
    assert (edges == np.array(palette.BACKGROUND, dtype=np.uint8)).all()


def test_window_view_export_keeps_the_windows_selection_and_cache(lecture, tmp_path, qtbot):
    _, run = lecture
    from gui.scene import GraphScene

    scene = GraphScene()
    scene.set_run(run)
    scene.show_position(9)
    scene.select_node("w11")
    modes = {nid: item.cacheMode() for nid, item in scene.node_items().items()}
    writers.write_scene_svg(scene, tmp_path / "v.svg", scene.graph_rect(), (600, 300))
    writers.write_scene_png(scene, tmp_path / "v.png", scene.graph_rect(), (600, 300))
    assert scene.selected_node() == "w11"
    assert {nid: item.cacheMode() for nid, item in scene.node_items().items()} == modes
    assert all(item.opacity() == 1.0 for item in scene.items())


# ---------------------------------------------------------------------------- the command


def cli(capsys, *args: str) -> tuple[int, str, str]:
    from gui.export_cli import main

    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_writes_and_says_what(capsys, tmp_path):
    code, out, _ = cli(capsys, "lecture", "--pdf", str(tmp_path / "d.pdf"), "--group-layers")
    assert code == 0 and re.fullmatch(r"wrote .*d\.pdf \(\d+ pages\)\n", out)
    code, out, _ = cli(
        capsys, "lecture", "--png", str(tmp_path / "p.png"), "--step", "5", "--size", "640x480"
    )
    assert code == 0 and "640×480, step 5 of 57" in out
    assert QImage(str(tmp_path / "p.png")).width() == 640
    program = tmp_path / "tiny.bp"
    program.write_text("x = 2.0\nw = 0.5\nloss = (w*x - 1)**2\n")
    code, out, _ = cli(capsys, str(program), "--svg", str(tmp_path / "t.svg"), "--set", "x=3")
    assert code == 0 and (tmp_path / "t.svg").exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["lectur", "--pdf", "x.pdf"], "did you mean 'lecture'"),
        (["missing.bp", "--pdf", "x.pdf"], "missing.bp: no such file"),
        (["lecture", "--svg", "x.svg", "--step", "99"], "steps 0 to 57"),
        (["lecture", "--pdf", "x.pdf", "--step", "3"], "--step"),
        (["lecture", "--png", "x.png", "--size", "12x"], "--size"),
        (["lecture", "--pdf", "x.pdf", "--size", "800x600"], "16:9"),
        (["lecture", "--pdf", "x.pdf", "--set", "w11=abc"], "not a number"),
        (["lecture", "--pdf", "x.pdf", "--set", "zz=1"], "--set zz: there is no variable"),
        (["lecture", "--pdf", "/no/such/folder/x.pdf"], "does not exist"),
    ],
)
def test_cli_bad_input_exits_2_with_one_message(capsys, tmp_path, monkeypatch, args, message):
    monkeypatch.chdir(tmp_path)
    code, out, err = cli(capsys, *args)
    assert code == 2 and out == ""
    assert message in err and err.count("\n") == 1 and err.startswith("backprop-studio export:")
    assert not list(tmp_path.iterdir())


def test_cli_language_russian_explains_in_russian(capsys, tmp_path, monkeypatch):
    from gui import i18n

    monkeypatch.delenv("BACKPROP_STUDIO_LANG", raising=False)
    try:
        code, _, _ = cli(
            capsys, "lecture", "--pdf", str(tmp_path / "ru.pdf"), "--phase", "forward",
            "--language", "ru",
        )  # fmt: skip
    finally:
        i18n.apply_language("en")
    assert code == 0
    text = pdf_pages(tmp_path / "ru.pdf")[1].get_textpage().get_text_range()
    assert re.search(r"[А-Яа-я]{4}", _squash(text)), "the step's explanation is not in Russian"
    code, _, _ = cli(capsys, "lecture", "--pdf", str(tmp_path / "en.pdf"), "--phase", "forward")
    text = pdf_pages(tmp_path / "en.pdf")[1].get_textpage().get_text_range()
    assert code == 0 and not re.search(r"[А-Яа-я]", text)


def test_bad_program_names_line_and_column(capsys, tmp_path):
    bad = tmp_path / "bad.bp"
    bad.write_text("x = 1\ny = x +\n")
    code, _, err = cli(capsys, str(bad), "--pdf", str(tmp_path / "x.pdf"))
    assert code == 2 and "line 2" in err


def test_every_example_exports_headless_with_no_display(tmp_path):
    """A fresh machine with no display: QT_QPA_PLATFORM and DISPLAY unset, one process for all
    examples (the launcher's own entry point for the first, the export command for the rest)."""
    env = {k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "DISPLAY")}
    env.pop("WAYLAND_DISPLAY", None)
    script = (
        "import sys\n"
        "from gui.launcher import main\n"
        "out = sys.argv[1]\n"
        "codes = [main(['export', name, '--png-dir', f'{out}/{name}', '--phase', 'forward',\n"
        "               '--group-layers', '--size', '480x270']) for name in sys.argv[2:]]\n"
        "sys.exit(max(codes))\n"
    )
    names = example_names()
    done = subprocess.run(
        [sys.executable, "-c", script, str(tmp_path), *names],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.count("wrote ") == len(names)
    for name in names:
        slides = sorted((tmp_path / name).glob("slide-*.png"))
        assert len(slides) >= 2, name
        image = QImage(str(slides[-1]))
        assert (image.width(), image.height()) == (480, 270)
        assert ink(pixels(image)) > 0.01, name


def test_headless_pdf_through_the_console_entry_point(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "DISPLAY")}
    env.pop("WAYLAND_DISPLAY", None)
    done = subprocess.run(
        [sys.executable, "-m", "gui.launcher", "export", "lecture", "--pdf", "deck.pdf"],
        cwd=tmp_path,
        env={**env, "PYTHONPATH": str(REPO)},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "wrote deck.pdf (60 pages)"
    assert len(pdf_pages(tmp_path / "deck.pdf")) == 60


# ---------------------------------------------------------------------------- File → Export


@pytest.fixture
def window(qtbot, isolated_settings, tmp_path, monkeypatch):
    from gui import animation
    from gui.main_window import MainWindow

    animation.set_enabled(False)
    window = MainWindow(recovery_dir=tmp_path / "recovery")
    qtbot.addWidget(window)
    window.errors = []
    monkeypatch.setattr(window, "report_error", lambda title, text: window.errors.append(text))
    monkeypatch.setattr(window, "ask_unsaved_changes", lambda: "discard")
    assert window.open_initial()
    window.resize(1000, 700)
    window.show()
    qtbot.waitExposed(window)
    yield window
    animation.set_enabled(True)


def test_file_menu_has_the_eight_exports(window):
    names = [a.objectName() for a in window.exporter.menu.actions() if a.objectName()]
    assert names == [
        "file_export_view_png",
        "file_export_view_svg",
        "file_export_slides_pdf",
        "file_export_slides_png",
        "file_export_animation",
        "file_export_worksheet",
        "file_export_pytorch",
        "file_export_onnx",
    ]
    assert window.exporter.menu.menuAction() in window.file_menu.actions()


def test_export_view_png_at_twice_the_screen_resolution(window, monkeypatch, tmp_path):
    from gui.export_dialog import ViewOptions

    exporter = window.exporter
    window.player.seek(9)
    monkeypatch.setattr(exporter, "ask_view_options", lambda kind, sizes: ViewOptions(False, 2))
    monkeypatch.setattr(exporter, "choose_file", lambda kind, suggested: str(tmp_path / "v"))
    window.actions["file_export_view_png"].trigger()
    image = QImage(str(tmp_path / "v.png"))  # the extension is added
    viewport = window.view.viewport()
    assert (image.width(), image.height()) == (2 * viewport.width(), 2 * viewport.height())
    assert has_halo(pixels(image))
    assert window.errors == []


def test_export_whole_graph_as_svg(window, monkeypatch, tmp_path):
    from gui.export_dialog import ViewOptions

    exporter = window.exporter
    monkeypatch.setattr(exporter, "ask_view_options", lambda kind, sizes: ViewOptions(True, 1))
    monkeypatch.setattr(exporter, "choose_file", lambda kind, suggested: str(tmp_path / "g.svg"))
    window.actions["file_export_view_svg"].trigger()
    root = ET.parse(tmp_path / "g.svg").getroot()
    assert int(root.get("width")) > int(root.get("height")) > 50


def test_export_slides_from_the_window_and_cancel(window, monkeypatch, tmp_path):
    exporter = window.exporter
    run = window.controller.run
    options = DeckOptions(phase="forward", group_layers=True, size=(480, 270))
    monkeypatch.setattr(exporter, "ask_deck_options", lambda kind: options)
    monkeypatch.setattr(exporter, "choose_file", lambda kind, suggested: str(tmp_path / "d.pdf"))
    monkeypatch.setattr(exporter, "choose_folder", lambda suggested: str(tmp_path / "slides"))
    window.actions["file_export_slides_pdf"].trigger()
    assert len(pdf_pages(tmp_path / "d.pdf")) == len(deck_slides(run, options))
    window.actions["file_export_slides_png"].trigger()
    assert len(list((tmp_path / "slides").glob("slide-*.png"))) == len(deck_slides(run, options))
    assert "pages" in window.statusBar().currentMessage()
    monkeypatch.setattr(exporter, "ask_deck_options", lambda kind: None)
    monkeypatch.setattr(exporter, "choose_file", lambda kind, suggested: str(tmp_path / "no.pdf"))
    window.actions["file_export_slides_pdf"].trigger()
    assert not (tmp_path / "no.pdf").exists()
    assert window.errors == []


def test_dialogs_turn_choices_into_options(window, qtbot):
    from gui.export_dialog import DeckDialog, ViewDialog

    deck = DeckDialog("png", window)
    deck.phase.setCurrentIndex(2)
    deck.group.setChecked(True)
    deck.size_box.setCurrentIndex(1)
    assert deck.options() == DeckOptions(
        phase="backward", group_layers=True, title_page=True, zoom="auto", size=(1280, 720)
    )
    deck.show()
    assert deck.size_box.isVisible()
    pdf = DeckDialog("pdf", window)
    pdf.show()
    assert not pdf.size_box.isVisible()  # it stood at the top left, over the "Steps:" label
    assert pdf.options().size == (1920, 1080)  # still given: DeckOptions wants one
    pdf.close()
    deck.close()
    view = ViewDialog("png", {False: (800, 500), True: (2000, 900)}, window)
    view.whole.setChecked(True)
    view.scale.setCurrentIndex(2)
    assert view.size_label.text() == "6000 × 2700 pixels"
    assert view.options().whole_graph and view.options().scale == 3


# ---------------------------------------------------------------------------- a full disk


def _no_space(*_args):
    import errno

    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


@pytest.mark.parametrize("flag", ["--pdf", "--svg", "--png"])
def test_cli_on_a_full_disk_keeps_the_old_file(capsys, tmp_path, monkeypatch, flag):
    from core.io import atomic

    target = tmp_path / "old.out"
    target.write_bytes(b"the old deck")
    target.chmod(0o644)
    monkeypatch.setattr(atomic.os, "fsync", _no_space)
    code, out, err = cli(capsys, "lecture", flag, str(target))
    assert code == 2 and out == ""
    assert err == f"backprop-studio export: cannot write {target}: No space left on device\n"
    assert target.read_bytes() == b"the old deck"
    assert [p.name for p in tmp_path.iterdir()] == ["old.out"]


def test_png_folder_on_a_full_disk_keeps_the_old_deck(capsys, tmp_path, monkeypatch):
    from core.io import atomic

    folder = tmp_path / "slides"
    code, _, _ = cli(capsys, "neuron", "--png-dir", str(folder), "--size", "320x180")
    assert code == 0
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    monkeypatch.setattr(atomic.os, "fsync", _no_space)
    code, _, err = cli(capsys, "lecture", "--png-dir", str(folder), "--size", "320x180")
    assert code == 2 and "cannot write" in err and "No space left on device" in err
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before


def test_png_folder_into_a_read_only_folder_exits_2(capsys, tmp_path, monkeypatch):
    import errno

    from core.io import atomic

    def denied(*_args, **_kwargs):  # what a read-only folder answers (root is never refused)
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES))

    folder = tmp_path / "ro"
    folder.mkdir()
    monkeypatch.setattr(atomic.tempfile, "mkstemp", denied)
    code, _, err = cli(capsys, "neuron", "--png-dir", str(folder))
    assert code == 2 and err.startswith(f"backprop-studio export: cannot write {folder}/slide-001")
    assert err.endswith(": Permission denied\n") and err.count("\n") == 1
    assert not list(folder.iterdir())


def test_a_new_export_gets_the_umask_mode_and_keeps_an_existing_mode(capsys, tmp_path):
    target = tmp_path / "p.png"
    old = os.umask(0o022)
    try:
        assert cli(capsys, "neuron", "--png", str(target))[0] == 0
        assert target.stat().st_mode & 0o777 == 0o644
        target.chmod(0o600)
        assert cli(capsys, "neuron", "--png", str(target))[0] == 0
        assert target.stat().st_mode & 0o777 == 0o600
    finally:
        os.umask(old)


def test_window_export_on_a_full_disk_says_so_and_keeps_the_old_file(window, monkeypatch, tmp_path):
    from core.io import atomic

    exporter = window.exporter
    options = DeckOptions(phase="forward", group_layers=True, size=(480, 270))
    target = tmp_path / "d.pdf"
    target.write_bytes(b"old deck")
    monkeypatch.setattr(exporter, "ask_deck_options", lambda kind: options)
    monkeypatch.setattr(exporter, "choose_file", lambda kind, suggested: str(target))
    monkeypatch.setattr(atomic.os, "fsync", _no_space)
    window.actions["file_export_slides_pdf"].trigger()
    assert window.errors == [f"cannot write {target}: No space left on device"]
    assert target.read_bytes() == b"old deck"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".d.pdf")] == []
    window.errors.clear()
    saved = tmp_path / "doc.json"
    saved.write_text("{}")
    window._save_to(saved)
    assert window.errors == [f"cannot write {saved}: No space left on device"]
    assert saved.read_text() == "{}"


def test_cancelling_a_deck_writes_nothing(lecture, tmp_path):
    from gui.export.pptx import write_pptx
    from gui.export.writers import Cancelled

    document, run = lecture
    options = DeckOptions(phase="forward", size=(480, 270))
    stop = lambda done, total: done < 3  # noqa: E731
    (tmp_path / "old.pdf").write_bytes(b"old")
    with pytest.raises(Cancelled):
        writers.write_pdf(
            run, tmp_path / "old.pdf", document=document, options=options, progress=stop
        )
    assert (tmp_path / "old.pdf").read_bytes() == b"old"
    with pytest.raises(Cancelled):
        writers.write_png_folder(
            run, tmp_path / "png", document=document, options=options, progress=stop
        )
    assert list((tmp_path / "png").iterdir()) == []
    with pytest.raises(Cancelled):
        write_pptx(run, tmp_path / "d.pptx", document=document, options=options, progress=stop)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["old.pdf", "png"]
