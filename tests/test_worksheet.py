"""Worksheets: numbered blanks for the forward values and the gradients, an answer key with
the same numbering, the engine's numbers as answers, in English or Russian."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from core.autodiff.engine import run as engine_run
from core.autodiff.notation import format_number
from core.autodiff.trace import ForwardStep
from core.documents.examples import load_example
from core.teaching.worksheet import worksheet_blanks

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def lecture():
    document = load_example("lecture")
    return document, engine_run(document.build())


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_blanks_are_numbered_in_the_order_the_run_computes_them(lecture):
    _, run = lecture
    forward = worksheet_blanks(run, "forward")
    computed = [s.node for s in run.trace.steps if isinstance(s, ForwardStep)]
    assert [b.node for b in forward] == computed
    assert [b.number for b in forward] == list(range(1, len(forward) + 1))
    assert all(b.answer == format_number(run.values[b.node]) for b in forward)
    backward = worksheet_blanks(run, "backward")
    assert backward[0].label == "∂loss/∂loss" and backward[0].answer == "1"
    assert {b.node for b in backward} >= {"w11", "x1", "z1"}
    assert all(b.answer == format_number(run.gradients[b.node]) for b in backward)
    both = worksheet_blanks(run, "both")
    assert len(both) == len(forward) + len(backward)
    assert [b.label for b in both] == [b.label for b in forward + backward]
    with pytest.raises(ValueError):
        worksheet_blanks(run, "sideways")


def test_the_worksheet_pdf_has_the_sheet_the_blanks_and_the_answer_key(lecture, tmp_path, qapp):
    from gui.export.worksheet import write_worksheet

    document, run = lecture
    path = tmp_path / "sheet.pdf"
    written = write_worksheet(run, path, "both", document=document)
    pdf = pdfium.PdfDocument(str(path))
    assert written.pages == len(pdf) == 3
    sheet, blanks, key = (squash(pdf[i].get_textpage().get_text_range()) for i in range(3))
    for blank in worksheet_blanks(run, "both"):
        assert squash(f"{blank.number}. {blank.label} = ________") in blanks
        assert squash(f"{blank.number}. {blank.label} = {blank.answer}") in key
        assert squash(f"{blank.label} = {blank.answer}") not in blanks + sheet  # no answers
    assert "w₁₁0.3" in sheet  # the leaves hold their values on the graph
    assert "0.3894" not in sheet  # h₁'s value is a blank there


def test_worksheet_from_the_command_line_in_russian(tmp_path):
    done = subprocess.run(
        [sys.executable, "-m", "gui.export_cli", "lecture", "--worksheet", "w.pdf",
         "--blank", "backward", "--language", "ru"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env={**__import__("os").environ, "PYTHONPATH": str(REPO), "QT_QPA_PLATFORM": "offscreen"},
        timeout=240,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    pdf = pdfium.PdfDocument(str(tmp_path / "w.pdf"))
    assert len(pdf) == 3
    assert "Ответы" in pdf[2].get_textpage().get_text_range()
    refused = subprocess.run(
        [sys.executable, "-m", "gui.export_cli", "lecture", "--pdf", "d.pdf", "--blank", "forward"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env={**__import__("os").environ, "PYTHONPATH": str(REPO), "QT_QPA_PLATFORM": "offscreen"},
        timeout=240,
    )
    assert refused.returncode == 2 and "--blank is for --worksheet" in refused.stderr
