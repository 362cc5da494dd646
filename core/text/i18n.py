"""Translation of the texts core writes (step explanations, node reports, predict and quiz texts).

The window's own strings use Qt's translation system; core cannot import Qt, so it keeps a small
catalog of its own: English templates are the keys, ``resources/i18n/core_<lang>.json`` holds the
translations. Mathematical notation (∂, σ, ·, subscripts) and numbers are the same in every
language, so they live in the placeholders, never in the catalog.

Two entry points:

- ``tr("Forward: {name}", name="h₁")`` for a template written in core's source. A test collects
  every such literal and checks the catalog has it, with the same placeholders.
- ``tr_text(text)`` for a text that comes from data (an op's summary, an example's caption): looked
  up verbatim and never formatted, so braces in it are harmless.

Missing entries fall back to English, so a stale catalog degrades, it does not crash.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ..package_data import resource_dir

LANGUAGES: tuple[str, ...] = ("en", "ru")
"""Supported languages; English is the source language and needs no catalog."""

SOURCE_LANGUAGE = "en"

_language = SOURCE_LANGUAGE
_catalogs: dict[str, dict[str, str]] = {}


def _normalize(code: str) -> str:
    """``ru``, ``ru_RU``, ``ru-RU.UTF-8`` → ``ru``."""
    return code.strip().replace("-", "_").split("_")[0].split(".")[0].lower()


def language_for_locale(name: str) -> str:
    """The supported language for a locale name (``QLocale.system().name()``), else English."""
    code = _normalize(name)
    return code if code in LANGUAGES else SOURCE_LANGUAGE


def set_language(code: str) -> None:
    """Switch every text core writes from now on. Accepts ``"ru"`` or a locale like ``"ru_RU"``."""
    global _language
    normalized = _normalize(code)
    if normalized not in LANGUAGES:
        raise ValueError(f"unsupported language {code!r}; supported: {', '.join(LANGUAGES)}")
    if normalized != SOURCE_LANGUAGE:
        catalog(normalized)  # load now, so a broken catalog fails at the switch, not mid-sentence
    _language = normalized


def language() -> str:
    return _language


@contextmanager
def using_language(code: str) -> Iterator[None]:
    """Temporarily switch language (tests, exporting a text in the other language)."""
    previous = _language
    set_language(code)
    try:
        yield
    finally:
        set_language(previous)


def catalog_path(code: str) -> Path:
    """The catalog for ``code`` (package data: resources/i18n/, installed or in the checkout)."""
    return resource_dir("i18n") / f"core_{code}.json"


def _read_catalog_text(code: str) -> str:
    return catalog_path(code).read_text("utf-8")


def catalog(code: str) -> dict[str, str]:
    """English template → translation for ``code``, loaded once (empty for English)."""
    if code == SOURCE_LANGUAGE:
        return {}
    if code not in _catalogs:
        data = json.loads(_read_catalog_text(code))
        messages = data.get("messages") if isinstance(data, dict) else None
        if not isinstance(messages, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in messages.items()
        ):
            raise ValueError(f"core_{code}.json: 'messages' must map English text to text")
        _catalogs[code] = messages
    return _catalogs[code]


def tr(text: str, /, **kwargs: object) -> str:
    """``text`` (an English template written in core) in the current language, formatted."""
    translated = catalog(_language).get(text, text) if _language != SOURCE_LANGUAGE else text
    return translated.format(**kwargs)


def tr_text(text: str) -> str:
    """A text from data (op summary, example title or caption) in the current language, verbatim."""
    if _language == SOURCE_LANGUAGE or not text:
        return text
    return catalog(_language).get(text, text)


def count(n: int) -> str:
    """A count grouped by thousands the interface's way: 3,000 in English, 3 000 in Russian
    (a no-break space). Values in formulas keep the program's form and never go through here."""
    text = f"{int(n):,}"
    return text.replace(",", "\u00a0") if _language == "ru" else text


_CONDITIONAL = re.compile(r"^(?P<value>.+?) if (?P<condition>.+?) else (?P<other>.+)$")


def formula_words(text: str) -> str:
    """The few words a formula writes (``1 if z ≥ 0 else 0``) in the interface's language; the
    notation around them is unchanged."""
    if _language == SOURCE_LANGUAGE:
        return text
    found = _CONDITIONAL.match(text)
    if not found:
        return text
    return tr(
        "{value} if {condition} else {other}",
        value=found["value"],
        condition=found["condition"],
        other=formula_words(found["other"]),
    )
