"""The lecture as a library of examples: documents in ``resources/examples/*.json``.

Examples are ordinary documents, loaded by the same code as any file a person opens. They are
package data (core/package_data.py: ``backprop_studio.resources.examples`` installed,
resources/examples/ beside core/ in a checkout, which works without installing).
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path

from ..package_data import resource_dir
from ..text.i18n import SOURCE_LANGUAGE, language, tr_text
from .document import Document, DocumentError, load_document

ORDER: tuple[str, ...] = (
    "neuron",
    "fc_layer",
    "linear_collapse",
    "nonlinear_layers",
    "cybenko",
    "lecture",
    "lego_regression",
    "lego_classification",
    "paired_regression",
    "xor",
)
"""The lecture's order; files not listed here follow, alphabetically."""

DEFAULT = "lecture"
"""The example the window opens on."""


@dataclass(frozen=True)
class ExampleInfo:
    name: str  # the file name without .json: what ``load_example`` and the CLI take
    title: str
    caption: str
    path: Path


def examples_dir() -> Path:
    """The folder holding the example files (package data: resources/examples/)."""
    folder = resource_dir("examples")
    if not (folder / f"{DEFAULT}.json").is_file():
        raise FileNotFoundError("the example files (resources/examples/*.json) are missing")
    return folder


def example_names() -> list[str]:
    present = {p.stem for p in examples_dir().glob("*.json")}
    return [n for n in ORDER if n in present] + sorted(present - set(ORDER))


def example_path(name: str) -> Path:
    names = example_names()
    if name not in names:
        close = difflib.get_close_matches(name, names, n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        raise DocumentError("", f"no example named {name!r}{hint}; examples: {', '.join(names)}")
    return examples_dir() / f"{name}.json"


def load_example(name: str) -> Document:
    """The example as a Document, read and validated like any file; in another language its
    program's comment lines are that language's (the code is the same in every language)."""
    document = load_document(example_path(name))
    if document.program is not None and language() != SOURCE_LANGUAGE:
        document = document.replace(program=translate_comments(document.program))
    return document


def comment_texts(program: str) -> list[str]:
    """The text of every whole-line comment (``# …``), the keys of their translations."""
    return [line.strip()[1:].strip() for line in program.splitlines() if _is_comment(line)]


def translate_comments(program: str) -> str:
    """``program`` with each whole-line comment in the current language (``tr_text``); lines of
    code, and comments with no translation, are kept as written."""
    out = []
    for line in program.splitlines(keepends=True):
        if _is_comment(line):
            indent = line[: len(line) - len(line.lstrip())]
            body = line.strip()[1:].strip()
            ending = line[len(line.rstrip("\r\n")) :]
            line = f"{indent}# {tr_text(body)}{ending}"
        out.append(line)
    return "".join(out)


def _is_comment(line: str) -> bool:
    return line.lstrip().startswith("#") and len(line.strip()) > 1


def list_examples() -> list[ExampleInfo]:
    """Every example in the lecture's order, with its title and caption."""
    out = []
    for name in example_names():
        path = examples_dir() / f"{name}.json"
        doc = load_document(path)
        out.append(ExampleInfo(name, doc.title or name, doc.caption, path))
    return out
