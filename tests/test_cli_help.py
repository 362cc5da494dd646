"""Every ``--help`` of the command line speaks the chosen language: in Russian no English word
is left outside notation, code and option names, and the English text is the one it was.

The parsers are found by walking them (tests/help_texts.py), so a new subcommand or option is
checked without editing a list here. The word check is test_russian_everywhere's, with its
reviewed allow-list, plus what a person types at this command line: the options' choices
(forward, layer, l2 …), the subcommands and the examples' names.
"""

from __future__ import annotations

import argparse
import ast
import json
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from help_texts import all_parsers, fixed_width, help_pages, help_structure
from test_russian_everywhere import CYRILLIC, english

from core.cli.common import translate_argparse
from core.text import i18n as core_i18n

ROOT = Path(__file__).resolve().parent.parent
SNAPSHOT = Path(__file__).resolve().parent / "snapshots" / "help_en.json"
PARSER_FILES = [
    ROOT / "core" / "cli" / "main.py",
    ROOT / "core" / "cli" / "train.py",
    ROOT / "core" / "cli" / "onnx.py",
    ROOT / "gui" / "export_cli.py",
]

HELP_ALLOWED = {
    # products and tools the export writes for, named as they are spelled
    "PowerPoint", "Impress", "Google", "Slides", "imageio", "ffmpeg",
    # what a person types: the stopping rules' keywords, a file name pattern, the variable
    "weights", "gradient", "early", "slide", "BACKPROP_STUDIO_LANG",
}  # fmt: skip
"""Reviewed: names and code a person types, never an English sentence."""

UNWRAPPED = "10000"  # columns: each help on one line
ENGLISH_WORD = re.compile(r"[A-Za-z]{3,}")


@contextmanager
def language(code: str) -> Iterator[None]:
    """The language as ``--lang=CODE`` chooses it (core's texts and argparse's own), English
    again afterwards for the tests that follow."""
    core_i18n.set_language(code)
    translate_argparse()
    try:
        yield
    finally:
        core_i18n.set_language("en")
        translate_argparse()


def typed_words(parsers: list[argparse.ArgumentParser]) -> set[str]:
    """The words a person types at this command line: every option's choices, the
    subcommands, the examples' names."""
    from core.documents.examples import example_names

    words = set(example_names())
    for parser in parsers:
        for action in parser._actions:
            for choice in action.choices or ():
                words |= set(re.findall(r"[A-Za-z_]+", str(choice)))
    return words


def untranslated(parsers: list[argparse.ArgumentParser]) -> list[tuple[str, str, list[str]]]:
    """(command, line, its English words) for every line of every --help that has one."""
    allowed = HELP_ALLOWED | typed_words(parsers)
    lines = []
    with fixed_width(UNWRAPPED):  # a wrapped line would split backprop-studio at its hyphen
        for parser in parsers:
            lines += [(parser.prog, line) for line in parser.format_help().splitlines()]
    return english([(where, line) for where, line in lines if line.strip()], allowed)


def test_every_russian_help_is_russian_word_by_word():
    with language("ru"):
        parsers = all_parsers()
        bad = untranslated(parsers)
        pages = help_pages()
    assert {"backprop-studio", "backprop-studio trace", "backprop-studio train"} <= set(pages)
    assert "backprop-studio export" in pages
    assert not bad, "\n".join(f"{prog}: {line!r} {words}" for prog, line, words in bad)
    for prog, page in pages.items():
        assert page.startswith("использование: "), prog
    assert "градиентным спуском" in pages["backprop-studio train"]
    assert "обратного распространения ошибки" in pages["backprop-studio"]
    assert "функция активации" in pages["backprop-studio train"]


def test_every_option_text_has_a_russian_translation():
    """Each help, description, epilog and group title of every parser differs from its English
    and holds Cyrillic (a text left in English would pass the word check if all its words
    happened to be allowed)."""
    english_texts = help_structure()
    with language("ru"):
        russian_texts = help_structure()
    checked = 0
    for prog, texts in english_texts.items():
        theirs = russian_texts[prog]
        pairs = [(texts[k], theirs[k]) for k in ("description", "epilog")]
        pairs += list(zip(texts["groups"], theirs["groups"], strict=True))
        for mine, other in zip(texts["actions"], theirs["actions"], strict=True):
            pairs.append((mine["help"], other["help"]))
            pairs += list(zip(mine["commands"], other["commands"], strict=True))
        for en, ru in pairs:
            if isinstance(en, (list, tuple)):  # a subcommand: (name, help)
                en, ru = en[1], ru[1]
            if en and ENGLISH_WORD.search(en):
                checked += 1
                assert ru != en and CYRILLIC.search(ru), (prog, en, ru)
    assert checked > 80


def test_the_english_help_is_unchanged():
    """The texts of every parser, and on the Python that recorded them argparse's whole pages,
    equal the snapshot taken before the texts were made translatable."""
    snapshot = json.loads(SNAPSHOT.read_text("utf-8"))
    with language("en"):
        texts = json.loads(json.dumps(help_structure()))
        pages = help_pages()
    assert texts == snapshot["texts"]
    if snapshot["python"] == "{}.{}".format(*sys.version_info[:2]):  # argparse's layout changes
        assert pages == snapshot["pages"]


def test_the_snapshot_comparison_fails_on_a_changed_string(monkeypatch):
    """Not vacuous: one changed help string makes the English comparison fail."""
    snapshot = json.loads(SNAPSHOT.read_text("utf-8"))
    from core.cli import main as cli_main

    build = cli_main.build_parser

    def changed() -> argparse.ArgumentParser:
        parser = build()
        parser._actions[0].help = "show help"
        return parser

    monkeypatch.setattr(cli_main, "build_parser", changed)
    texts = json.loads(json.dumps(help_structure()))
    assert texts != snapshot["texts"]
    assert help_pages() != snapshot["pages"]


def test_the_check_finds_an_untranslated_option():
    """Not vacuous: an option added in English is found in a Russian --help."""
    with language("ru"):
        parsers = all_parsers()
        parsers[0].add_argument("--shiny", help="make it shiny (default: off)")
        bad = untranslated(parsers)
    assert {word for _, _, words in bad for word in words} == {
        "SHINY",
        "make",
        "shiny",
        "default",
        "off",
    }


def _literal_texts(path: Path) -> list[tuple[int, str]]:
    """(line, text) of every help=, description=, epilog=, metavar= and group title written as
    a plain string literal (not through tr) in a parser's code."""
    found = []
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if not isinstance(node, ast.Call):
            continue
        values = [k.value for k in node.keywords if k.arg in {"help", "description", "epilog"}]
        values += [k.value for k in node.keywords if k.arg == "metavar"]
        name = getattr(node.func, "attr", getattr(node.func, "id", ""))
        if name == "add_argument_group" and node.args:
            values.append(node.args[0])
        for value in values:
            parts = value.values if isinstance(value, ast.JoinedStr) else [value]
            for part in parts:
                is_text = isinstance(part, ast.Constant) and isinstance(part.value, str)
                if is_text and ENGLISH_WORD.search(part.value):
                    found.append((node.lineno, part.value))
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):  # parser.description = "…"
        named = isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant)
        if named and any(getattr(t, "attr", "") in {"description", "epilog"} for t in node.targets):
            found.append((node.lineno, str(node.value.value)))
    return found


def test_every_option_text_goes_through_the_catalog():
    """A help written as a bare literal would stay English whatever the catalog holds; through
    tr() it is a key test_i18n and test_russian_everywhere require a translation for."""
    bad = {path.name: _literal_texts(path) for path in PARSER_FILES}
    assert not any(bad.values()), bad


WINDOW_USAGE_EN = (
    "usage: backprop-studio [DOCUMENT.json | PROGRAM.bp | MODEL.onnx | EXAMPLE]\n"
    "       backprop-studio --install-desktop-entry | --uninstall-desktop-entry"
)


def test_the_windows_usage_speaks_the_language():
    """``python -m gui.app --help`` (the window's own entry point): the same English as
    before, and Russian with its second line under the first."""
    from gui.app import usage

    with language("en"):
        assert usage() == WINDOW_USAGE_EN
    with language("ru"):
        text = usage()
    first, second = text.splitlines()
    assert (
        first.startswith("использование: ")
        and "ДОКУМЕНТ.json | ПРОГРАММА.bp | МОДЕЛЬ.onnx | ПРИМЕР" in first
    )
    assert second.index("backprop-studio") == first.index("backprop-studio")
    assert not english([("usage", line) for line in text.splitlines()])
