"""The interface language: Qt's translators for the window, core.text.i18n for the texts core writes.

One switch changes both, so a step's explanation and the menu above it are never in different
languages. The language is chosen at start from (first match wins) ``--lang=ru`` on the command
line, the environment variable ``BACKPROP_STUDIO_LANG``, the choice remembered in QSettings
(View → Language), and the system locale; English otherwise.

Switching while the window is open installs another QTranslator; Qt then sends every widget a
``QEvent.LanguageChange``, and the window and each panel re-set their texts (``retranslate``)
from the English sources, which stay in the code. No restart is needed.

Translations live in ``resources/i18n/backprop_studio_<lang>.ts`` (sources, edited with Qt
Linguist or by hand) and the compiled ``.qm`` next to it, which is committed; a test checks it is
current. Rebuild both after changing a string in gui/: ``python -m gui.i18n --update``.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QCoreApplication,
    QLibraryInfo,
    QLocale,
    QObject,
    QSettings,
    QTranslator,
    Signal,
)
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QApplication

from core.package_data import resource_dir
from core.text import i18n as core_i18n

from .actions import ActionSpec
from .qt_typed import QT_TRANSLATE_NOOP

if TYPE_CHECKING:
    from .window_parts import WindowParts

LANGUAGES: dict[str, str] = {"en": "English", "ru": "Русский"}
"""Code → the language's own name (menus show each language in itself)."""
LOCALES = {"en": QLocale.Language.English, "ru": QLocale.Language.Russian}
SETTINGS_KEY = "ui/language"
ENVIRONMENT_VARIABLE = "BACKPROP_STUDIO_LANG"
CATALOG = "backprop_studio"
QT_CATALOGS = ("qtbase",)  # Qt's own dialogs: Save/Discard/Cancel, file dialogs
SOURCE_DIR = resource_dir("i18n")
"""The catalogs: package data, which in a checkout (and an editable install) is the source."""
GUI_DIR = Path(__file__).resolve().parent


class _State:
    """The translators currently installed on the application (one language at a time)."""

    language = core_i18n.SOURCE_LANGUAGE
    translators: list[QTranslator] = []


def normalize(code: str) -> str:
    """A supported language code for ``code`` (``ru_RU.UTF-8`` → ``ru``); English otherwise."""
    return core_i18n.language_for_locale(code or "")


def current_language() -> str:
    return _State.language


def catalog_path(code: str, suffix: str = ".qm") -> Path:
    """The compiled catalog (or, with ``suffix=".ts"``, its source) for ``code``."""
    return SOURCE_DIR / f"{CATALOG}_{code}{suffix}"


def apply_language(code: str) -> str:
    """Install the translators for ``code`` and switch core's texts; returns the code used.

    Every widget receives ``QEvent.LanguageChange`` (posted: it arrives at the next event loop
    turn). A language whose catalog cannot be read falls back to English rather than failing.
    """
    code = normalize(code)
    app = QCoreApplication.instance()
    if app is None:
        raise RuntimeError("apply_language needs a QApplication")
    for translator in _State.translators:
        app.removeTranslator(translator)
        translator.deleteLater()
    translators = _load_translators(code, app)
    if translators is None and code != core_i18n.SOURCE_LANGUAGE:
        code = core_i18n.SOURCE_LANGUAGE
        translators = _load_translators(code, app)
    _State.translators = translators or []
    core_i18n.set_language(code)
    # counts in spin boxes and tables group their thousands the language's way (3 000 эпох)
    locale = QLocale(LOCALES.get(code, QLocale.Language.English))
    QLocale.setDefault(locale)
    if isinstance(app, QApplication):  # widgets keep the locale they were made with: tell them
        for widget in app.topLevelWidgets():
            widget.setLocale(locale)
    _State.language = code
    for translator in _State.translators:
        app.installTranslator(translator)  # installing or removing one posts LanguageChange
    return code


def _load_translators(code: str, parent: QObject) -> list[QTranslator] | None:
    """Ours (for English only the plural forms: "1 path", "2 paths") and Qt's own."""
    ours = QTranslator(parent)
    if not ours.load(str(catalog_path(code))):
        return None
    translators = [ours]
    if code == core_i18n.SOURCE_LANGUAGE:
        return translators
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    for name in QT_CATALOGS:
        qt = QTranslator(parent)
        if qt.load(f"{name}_{code}", qt_dir):
            translators.append(qt)
    return translators


def startup_language(settings: QSettings | None, arguments: list[str] | None = None) -> str:
    """The language to start in: command line, environment, remembered choice, system locale."""
    args = QCoreApplication.arguments() if arguments is None else arguments
    for arg in args:
        for prefix in ("--lang=", "--language="):
            if arg.startswith(prefix):
                return normalize(arg[len(prefix) :])
    env = os.environ.get(ENVIRONMENT_VARIABLE, "").strip()
    if env:
        return normalize(env)
    if settings is not None:
        saved = settings.value(SETTINGS_KEY, "")
        if isinstance(saved, str) and saved in LANGUAGES:
            return saved
    return normalize(QLocale.system().name())


class LanguageMenu(QObject):
    """View → Language: one checkable action per language; choosing one switches live and is
    remembered."""

    language_chosen = Signal(str)

    def __init__(self, parts: WindowParts) -> None:
        super().__init__(parts.window)
        self.parts = parts
        self.menu = parts.menus.view.addMenu("")
        self.menu.setObjectName("menu_language")
        self.group = QActionGroup(self)
        self.group.setExclusive(True)
        self.actions: dict[str, QAction] = {}
        for code, name in LANGUAGES.items():
            spec = ActionSpec(
                f"view_language_{code}",
                name,  # each language in itself: not translated
                tip=QT_TRANSLATE_NOOP(
                    "Actions", "Show the interface and the explanations in this language"
                ),
                checkable=True,
            )
            action = parts.actions.add(spec, lambda _=False, c=code: self.choose(c))
            self.group.addAction(action)
            self.menu.addAction(action)
            self.actions[code] = action
        parts.language_changed.connect(self.retranslate)
        self.retranslate()

    def choose(self, code: str) -> None:
        """Switch to ``code`` now and remember it for the next start."""
        used = apply_language(code)
        self.parts.settings.store.setValue(SETTINGS_KEY, used)
        self.sync()
        self.language_chosen.emit(used)

    def sync(self) -> None:
        action = self.actions.get(current_language())
        if action is not None:
            action.setChecked(True)

    def retranslate(self) -> None:
        self.menu.setTitle(QCoreApplication.translate("LanguageMenu", "&Language"))
        self.sync()


def install(parts: WindowParts) -> LanguageMenu:
    """Start in the chosen language and add View → Language (a gui.features entry)."""
    code = startup_language(parts.settings.store)
    if code != current_language() or not _State.translators:
        apply_language(code)
    menu = LanguageMenu(parts)
    parts.retranslate()  # now, not at the next event loop turn: the first paint is translated
    return menu


# ---------------------------------------------------------------------------- catalogs


def update_catalogs(languages: tuple[str, ...] = ("ru",)) -> None:
    """Re-extract the strings of gui/ into the .ts sources and compile the .qm files
    (pyside6-lupdate / pyside6-lrelease, which come with PySide6)."""
    for code in (core_i18n.SOURCE_LANGUAGE, *languages):
        ts = SOURCE_DIR / f"{CATALOG}_{code}.ts"
        subprocess.run(lupdate_command(ts, code), check=True)
        drop_core_texts(ts)
        compile_catalog(ts, ts.with_suffix(".qm"))


def drop_core_texts(ts: Path) -> None:
    """lupdate also collects bare ``tr("…")`` calls, which in gui/ are core.text.i18n's (the scene's
    Qt-free texts, translated by resources/i18n/core_<lang>.json): drop their context-less
    entries so each text has exactly one catalog."""
    text = ts.read_text("utf-8")
    cleaned = re.sub(r"<context>\s*<name></name>.*?</context>\s*", "", text, flags=re.DOTALL)
    if cleaned != text:
        ts.write_text(cleaned, "utf-8")


def lupdate_command(ts: Path, code: str) -> list[str]:
    """English gets only the plural forms ("%n path(s)" → "1 path", "2 paths")."""
    sources = sorted(str(p) for p in GUI_DIR.rglob("*.py"))
    options = ["-silent", "-no-obsolete", "-locations", "none", "-target-language", code]
    if code == core_i18n.SOURCE_LANGUAGE:
        options.append("-pluralonly")
    return [_tool("lupdate"), *options, *sources, "-ts", str(ts)]


def compile_catalog(ts: Path, qm: Path) -> None:
    subprocess.run([_tool("lrelease"), "-silent", str(ts), "-qm", str(qm)], check=True)


def _tool(name: str) -> str:
    found = shutil.which(f"pyside6-{name}")
    if found is None:
        raise FileNotFoundError(f"pyside6-{name} is not installed (it comes with PySide6)")
    return found


if __name__ == "__main__":
    if "--update" in sys.argv[1:]:
        update_catalogs()
    else:
        print("usage: python -m gui.i18n --update   (re-extract gui/ strings, compile .qm)")
