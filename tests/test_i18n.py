"""Core's own translations: every text core writes has a Russian entry with the same placeholders,
the catalog holds nothing stale, and Russian explanations keep the notation and numbers."""

from __future__ import annotations

import ast
import json
import keyword
import re
import string
from pathlib import Path

import numpy as np
import pytest

from core.autodiff import ops
from core.autodiff.engine import run
from core.autodiff.graph import Graph, Role
from core.documents.document import load_document
from core.documents.examples import list_examples, load_example
from core.teaching.chain import expand
from core.teaching.explain import describe_step, node_report
from core.text import i18n

CORE = Path(__file__).resolve().parent.parent / "core"
CYRILLIC = re.compile(r"[А-Яа-яЁё]")
LATIN_WORD = re.compile(r"(?<![A-Za-z_])[A-Za-z]{3,}(?![A-Za-z_])")
NUMBER = re.compile(r"(?<![\w.])[−-]?\d+(?:\.\d+)?(?:e[−+-]?\d+)?(?![\w.])")


@pytest.fixture(autouse=True)
def english_afterwards():
    yield
    i18n.set_language("en")


def _tr_calls() -> list[tuple[str, int, ast.expr]]:
    calls = []
    for path in sorted(CORE.rglob("*.py")):
        tree = ast.parse(path.read_text("utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
            if name == "tr" and node.args:
                calls.append((path.name, node.lineno, node.args[0]))
    return calls


def _gui_tr_calls() -> list[tuple[str, int, ast.expr]]:
    """core.text.i18n.tr("…") called as a bare name in gui/ (the scene's Qt-free texts); self.tr
    there is Qt's and lives in the .ts catalog."""
    calls = []
    for path in sorted((CORE.parent / "gui").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            is_call = isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
            if is_call and node.func.id == "tr" and node.args:
                calls.append((path.name, node.lineno, node.args[0]))
    return calls


def source_templates() -> set[str]:
    calls = _tr_calls() + _gui_tr_calls()
    return {arg.value for _, _, arg in calls if isinstance(arg, ast.Constant)}


def data_texts() -> set[str]:
    """Texts core shows from data: op summaries, the generated sets' descriptions, and every
    example's title, caption and program comments (shown in the interface's language)."""
    from core.documents.examples import comment_texts
    from core.training import datasets

    texts = {op.summary for op in ops.REGISTRY.values()}
    texts |= {datasets.info(name).summary for name in datasets.names()}
    for info in list_examples():
        texts |= {info.title, info.caption}
        document = load_document(info.path)
        texts |= set(comment_texts(document.program or ""))
    return {t for t in texts if t}


def fields(text: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(text) if f is not None}


def russian() -> dict[str, str]:
    return i18n.catalog("ru")


def test_every_tr_call_passes_a_literal_template() -> None:
    calls = _tr_calls()
    assert len(calls) > 40  # explain, chain, predict, quiz
    bad = [
        f"{f}:{line}"
        for f, line, arg in calls
        if not (isinstance(arg, ast.Constant) and isinstance(arg.value, str))
    ]
    assert not bad, f"tr() needs a string literal (use tr_text for data): {bad}"


def test_every_core_text_has_russian_with_the_same_placeholders() -> None:
    catalog = russian()
    needed = source_templates() | data_texts()
    missing = sorted(needed - set(catalog))
    assert not missing, f"untranslated: {missing}"
    mismatched = [k for k in needed if fields(k) != fields(catalog[k])]
    assert not mismatched, f"placeholders differ: {mismatched}"


def test_catalog_holds_nothing_stale() -> None:
    stale = sorted(set(russian()) - source_templates() - data_texts())
    assert not stale, f"no longer used (or an example caption changed): {stale}"


def test_russian_entries_are_russian() -> None:
    """A sentence left in English would pass the key check; only pure notation may stay Latin.
    A --help placeholder may become the lecture's symbol (MOMENTUM: μ), one Greek letter."""
    for english, translated in russian().items():
        plain = re.sub(r"\{\w*\}", " ", english)  # placeholders are not words of the text
        words = [w for w in LATIN_WORD.findall(plain) if len(w) >= 4]
        if words and not re.fullmatch(r"[α-ω]", translated):
            assert CYRILLIC.search(translated), f"not translated: {english!r}"


def test_language_switching() -> None:
    assert i18n.language() == "en"
    i18n.set_language("ru_RU")
    assert i18n.language() == "ru"
    assert i18n.tr("Forward: {name}", name="h₁") == "Прямой проход: h₁"
    assert i18n.tr("a template nobody wrote {x}", x=1) == "a template nobody wrote 1"
    with i18n.using_language("en"):
        assert i18n.tr("Forward: {name}", name="h₁") == "Forward: h₁"
    assert i18n.language() == "ru"
    with pytest.raises(ValueError, match="unsupported language"):
        i18n.set_language("de")
    assert i18n.language() == "ru"
    assert i18n.language_for_locale("ru_RU.UTF-8") == "ru"
    assert i18n.language_for_locale("de_DE") == "en"
    assert i18n.language_for_locale("C") == "en"
    # data texts are never formatted: braces in an op's summary survive
    summary = ops.REGISTRY["softmax_ce"].summary
    assert "{1}" in i18n.tr_text(summary) and CYRILLIC.search(i18n.tr_text(summary))


def test_catalog_file_is_valid_json_with_messages() -> None:
    data = json.loads(i18n.catalog_path("ru").read_text("utf-8"))
    assert data["language"] == "ru" and isinstance(data["messages"], dict)


def _batch_graph() -> Graph:
    g = Graph()
    g.add_leaf("x", np.array([0.5, -1.0, 2.0]), Role.INPUT, name="x")
    g.add_leaf("w", 0.3, Role.PARAM, name="w")
    g.add_op("mul", ["w", "x"], node_id="wx")
    g.add_op("tanh", ["wx"], node_id="h", name="h")
    g.set_output("h")
    return g


@pytest.mark.parametrize("example", ["lecture", "lego_classification", "xor"])
def test_russian_explanations_keep_notation_and_numbers(example: str) -> None:
    _check_explanations(load_example(example).build())


def test_russian_explanations_of_a_batch_seed() -> None:
    _check_explanations(_batch_graph())


def _check_explanations(graph: Graph) -> None:
    result = run(graph)
    trace = result.trace
    assert trace is not None
    names = set()
    for node in graph.nodes.values():
        names |= set(LATIN_WORD.findall(f"{node.id} {node.name or ''} {node.label}"))
    template_words = {  # Python's keywords are notation (the parser's messages name them)
        w.lower()
        for t in source_templates()
        for w in LATIN_WORD.findall(t)
        if len(w) >= 4 and w not in keyword.kwlist
    }
    for k in range(len(trace) + 1):
        english = describe_step(graph, trace, k)
        i18n.set_language("ru")
        ru = describe_step(graph, trace, k)
        i18n.set_language("en")
        assert CYRILLIC.search(ru.title) and CYRILLIC.search(ru.detail)
        shared = k > 0 and not any(
            t in english.equation
            for t in ("(vector–Jacobian product)", "per sample", "] mean ", " terms: ")
        )
        if shared:
            assert ru.equation == english.equation  # notation and numbers are shared
        # op names (softmax, sigmoid) are notation: a derivative's formula writes them
        allowed = names | set(LATIN_WORD.findall(english.equation)) | set(ops.REGISTRY)
        for text in (ru.title, ru.detail):
            leftover = {
                w
                for w in LATIN_WORD.findall(text)
                if w not in allowed and w.lower() in template_words
            }
            assert not leftover, f"English left in {text!r}: {leftover}"
        assert sorted(NUMBER.findall(ru.detail)) == sorted(NUMBER.findall(english.detail))
        assert sorted(NUMBER.findall(ru.equation)) == sorted(NUMBER.findall(english.equation))


def test_node_reports_and_chain_reasons_in_russian() -> None:
    result = run(load_example("lego_regression").build())
    i18n.set_language("ru")
    for node_id in result.graph.order():
        report = node_report(result, node_id)
        assert CYRILLIC.search(report.kind), report.kind
    reason = expand(result, "W1").reason
    assert reason and CYRILLIC.search(reason)
    i18n.set_language("en")
    assert expand(result, "W1").reason.startswith("a matrix operation")


def test_example_titles_and_captions_in_russian() -> None:
    i18n.set_language("ru")
    for info in list_examples():
        assert CYRILLIC.search(i18n.tr_text(info.title)), info.title
        assert CYRILLIC.search(i18n.tr_text(info.caption)), info.caption


def test_parser_errors_in_russian_keep_names_and_positions() -> None:
    from core.lang.expr import ProgramError, parse

    with pytest.raises(ProgramError) as english:
        parse("h = sigmod(1.0)")
    assert (
        str(english.value)
        == "line 1, column 5: unknown function 'sigmod' (did you mean 'sigmoid'?)"
    )
    with i18n.using_language("ru"), pytest.raises(ProgramError) as caught:
        parse("h = sigmod(1.0)")
    error = caught.value
    assert (error.line, error.column) == (1, 5)
    assert str(error).startswith("строка 1, столбец 5: ")
    assert CYRILLIC.search(error.message) and "'sigmod'" in error.message
    assert "'sigmoid'" in error.message  # the suggestion survives translation
    with i18n.using_language("ru"), pytest.raises(ProgramError, match=r"x \+= 1"):
        parse("x = 1\nx += 1")
