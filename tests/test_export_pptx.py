"""PowerPoint decks: the slides the PDF deck plans, with real text and speaker notes."""

from __future__ import annotations

import sys

import pytest

pptx = pytest.importorskip("pptx")

from core.autodiff.engine import run as engine_run  # noqa: E402
from core.documents.examples import load_example  # noqa: E402
from core.teaching.explain import describe_step  # noqa: E402
from core.teaching.slides import DeckOptions, ExportError  # noqa: E402
from gui.export.painting import deck_slides  # noqa: E402
from gui.export.pptx import write_pptx  # noqa: E402
from gui.export_cli import main as export_main  # noqa: E402


@pytest.fixture(scope="module")
def lecture():
    document = load_example("lecture")
    return document, engine_run(document.build())


def texts(slide) -> list[str]:
    return [shape.text_frame.text for shape in slide.shapes if shape.has_text_frame]


def test_pptx_has_the_decks_slides_with_equations_as_text_and_notes(lecture, tmp_path, qapp):
    document, run = lecture
    options = DeckOptions(phase="backward")
    written = write_pptx(run, tmp_path / "deck.pptx", document=document, options=options)
    planned = deck_slides(run, options)
    deck = pptx.Presentation(str(tmp_path / "deck.pptx"))
    assert len(deck.slides) == len(planned) == written.pages
    assert deck.slide_width * 9 == deck.slide_height * 16  # 16:9
    title = deck.slides[0]
    assert any("x1 = 0.5" in t for t in texts(title))  # the program, as text
    assert [p.kind for p in planned[:2]] == ["title", "graph"] and planned[-1].kind == "finished"
    finished = texts(deck.slides[-1])
    assert "Every value and gradient" in finished
    assert any("∂loss/∂w₁₁ = −0.1" in t for t in finished)  # the gradients, as text
    for slide, plan in list(zip(deck.slides, planned, strict=True))[2:-1]:
        step = describe_step(run.graph, run.trace, plan.last)
        shown = texts(slide)
        assert step.equation in shown[-1]  # the equation is editable text, not only pixels
        assert step.title in shown
        assert f"step {plan.last} of {len(run.trace)}" in shown
        pictures = [s for s in slide.shapes if s.shape_type == 13]
        assert len(pictures) == 1 and pictures[0].image.size[0] >= 2000  # high resolution
        notes = slide.notes_slide.notes_text_frame.text
        assert step.detail in notes and step.equation in notes


def test_pptx_from_the_command_line(tmp_path, capsys):
    target = tmp_path / "d.pptx"
    assert export_main(["lecture", "--pptx", str(target), "--group-layers"]) == 0
    assert "slides" in capsys.readouterr().out
    deck = pptx.Presentation(str(target))
    assert 5 < len(deck.slides) < 40


def test_pptx_refuses_size_and_keeps_the_old_file_when_the_folder_is_missing(tmp_path, capsys):
    assert export_main(["lecture", "--pptx", str(tmp_path / "d.pptx"), "--size", "800x600"]) == 2
    assert "16:9" in capsys.readouterr().err
    assert export_main(["lecture", "--pptx", str(tmp_path / "no" / "d.pptx")]) == 2
    assert "does not exist" in capsys.readouterr().err


def test_without_python_pptx_the_message_says_how_to_install(lecture, tmp_path, monkeypatch, qapp):
    document, run = lecture
    monkeypatch.setitem(sys.modules, "pptx", None)
    with pytest.raises(ExportError, match=r"backprop-studio\[pptx\]"):
        write_pptx(run, tmp_path / "deck.pptx", document=document)
    assert not (tmp_path / "deck.pptx").exists()
