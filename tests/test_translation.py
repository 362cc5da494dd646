"""The Russian interface: the catalog is current and complete, both languages load, every text a
person sees in the window is Russian, and the language switches while the window is open."""

from __future__ import annotations

import ast
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QSettings, QTranslator
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QDockWidget,
    QLabel,
    QLineEdit,
    QMenu,
    QTableWidget,
    QToolBar,
    QWidget,
)

from core.text import i18n as core_i18n
from gui import i18n

ROOT = Path(__file__).resolve().parent.parent
GUI = ROOT / "gui"
CYRILLIC = re.compile(r"[А-Яа-яЁё]")
LATIN_WORD = re.compile(r"(?<![A-Za-z_])[A-Za-z]{3,}(?![A-Za-z_])")
PLACEHOLDER = re.compile(r"%\d|%n|\{\w*\}")

NOTATION = {
    # names and notation the lecture writes the same way in Russian
    "Backprop", "backprop", "Studio", "XOR", "ReLU", "Softmax", "Dropout", "sigmoid", "tanh",
    "softsign", "softplus", "relu", "exp", "log", "sqrt", "abs", "sin", "cos", "max", "min",
    "loss", "Lego", "FC", "PNG", "SVG", "PDF", "CSV", "JSON", "Enter", "Home", "End", "Space",
    "Ctrl", "Shift", "Alt", "Del", "Esc", "Tab", "English", "e-06", "bps", "json", "seed",
}  # fmt: skip
"""Latin words allowed in a Russian text with no Cyrillic: notation, key names, file types,
the lecture's own English terms and the language menu's "English" (each language in itself)."""


@pytest.fixture(autouse=True)
def english_afterwards(qapp):
    yield
    i18n.apply_language("en")
    QCoreApplication.processEvents()


# ---------------------------------------------------------------------------- the catalog


def _class_of(parents: list[ast.AST]) -> str | None:
    for node in reversed(parents):
        if isinstance(node, ast.ClassDef):
            return node.name
    return None


def _literal(node: ast.AST) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def extract(path: Path) -> tuple[set[tuple[str, str]], list[str]]:
    """(context, source) of every translatable literal, as lupdate reads Python, and the calls
    lupdate would silently miss (a plural count passed to translate(): use self.tr)."""
    found: set[tuple[str, str]] = set()
    problems: list[str] = []

    def visit(node: ast.AST, parents: list[ast.AST]) -> None:
        if isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            args = node.args
            if name == "tr" and isinstance(func, ast.Attribute) and args and _literal(args[0]):
                context = _class_of(parents)
                if context is not None:
                    found.add((context, _literal(args[0])))
            elif name in ("translate", "QT_TRANSLATE_NOOP") and len(args) >= 2:
                ctx, src = _literal(args[0]), _literal(args[1])
                if ctx is not None and src is not None:
                    found.add((ctx, src))
                    if name == "translate" and len(args) >= 4:
                        problems.append(f"{path.name}:{node.lineno}: plural via translate()")
        for child in ast.iter_child_nodes(node):
            visit(child, [*parents, node])

    tree = ast.parse(path.read_text("utf-8"))
    visit(tree, [])
    # lupdate does not look inside f-strings
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):
            for inner in ast.walk(node):
                if isinstance(inner, ast.Call) and getattr(inner.func, "attr", "") in (
                    "tr",
                    "translate",
                ):
                    problems.append(f"{path.name}:{inner.lineno}: tr() inside an f-string")
    return found, problems


def code_messages() -> set[tuple[str, str]]:
    messages: set[tuple[str, str]] = set()
    for path in sorted(GUI.rglob("*.py")):
        messages |= extract(path)[0]
    return messages


def ts_messages(code: str) -> dict[tuple[str, str], ET.Element]:
    tree = ET.parse(i18n.catalog_path(code, ".ts"))
    out = {}
    for context in tree.getroot().findall("context"):
        name = context.find("name").text
        for message in context.findall("message"):
            translation = message.find("translation")
            if translation is not None and translation.get("type") in ("vanished", "obsolete"):
                continue
            out[(name, message.find("source").text)] = message
    return out


def test_the_ts_holds_exactly_the_strings_of_the_code():
    """A string added to gui/ without re-running `python -m gui.i18n --update` fails here."""
    code = code_messages()
    assert len(code) > 200
    catalog = set(ts_messages("ru"))
    assert not sorted(code - catalog), "run python -m gui.i18n --update"
    assert not sorted(catalog - code), "stale entries: run python -m gui.i18n --update"


def test_lupdate_reads_the_code_as_the_test_does(tmp_path):
    """The test's extractor and Qt's lupdate agree, and nothing hides from lupdate."""
    problems = [p for path in sorted(GUI.rglob("*.py")) for p in extract(path)[1]]
    assert not problems
    if shutil.which("pyside6-lupdate") is None:
        pytest.skip("pyside6-lupdate is not installed")
    ts = tmp_path / "fresh.ts"
    command = i18n.lupdate_command(ts, "ru")
    subprocess.run(command, check=True, capture_output=True)
    fresh = ET.parse(ts).getroot()
    found = {
        (c.find("name").text, m.find("source").text)
        for c in fresh.findall("context")
        for m in c.findall("message")
        if c.find("name").text  # bare tr() in gui/ is core.text.i18n's (see test_i18n)
    }
    assert found == set(ts_messages("ru"))


def _forms(message: ET.Element) -> list[str]:
    translation = message.find("translation")
    if message.get("numerus") == "yes":
        return [f.text or "" for f in translation.findall("numerusform")]
    return [translation.text or ""]


def test_every_message_has_a_russian_translation_with_the_same_placeholders():
    for (context, source), message in ts_messages("ru").items():
        translation = message.find("translation")
        assert translation.get("type") != "unfinished", (context, source)
        forms = _forms(message)
        assert all(forms), (context, source)
        if message.get("numerus") == "yes":
            assert len(forms) == 3, (context, source)  # Russian: 1, 2–4, 5–20 …
        for form in forms:
            assert sorted(PLACEHOLDER.findall(form)) == sorted(PLACEHOLDER.findall(source)), (
                context,
                source,
                form,
            )
            if source.count("&") == 1 and "&&" not in source:
                assert form.count("&") == 1, (context, source, form)  # the mnemonic survives
        words = [w for w in LATIN_WORD.findall(PLACEHOLDER.sub("", source)) if w not in NOTATION]
        if words:
            assert all(CYRILLIC.search(form) for form in forms), (context, source)


def test_english_plural_forms():
    for (context, source), message in ts_messages("en").items():
        assert message.get("numerus") == "yes"
        assert len(_forms(message)) == 2 and all(_forms(message)), (context, source)


def _expected(message: ET.Element, n: int) -> str:
    forms = _forms(message)
    if message.get("numerus") != "yes":
        return forms[0]
    if len(forms) == 2:  # English
        return forms[0 if n == 1 else 1]
    if n % 10 == 1 and n % 100 != 11:
        return forms[0]
    if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        return forms[1]
    return forms[2]


@pytest.mark.parametrize("code", ["en", "ru"])
def test_the_committed_qm_is_the_compiled_ts(code, tmp_path):
    """Every message of the .ts, looked up in the committed .qm, gives its translation; and
    where lrelease is installed, compiling the .ts gives the committed bytes."""
    qm = i18n.catalog_path(code)
    translator = QTranslator()
    assert translator.load(str(qm))
    for (context, source), message in ts_messages(code).items():
        for n in (1, 3, 5, 21) if message.get("numerus") == "yes" else (-1,):
            got = translator.translate(context, source, None, n)
            assert got == _expected(message, n), (context, source, n, got)
    if shutil.which("pyside6-lrelease") is None:
        return
    fresh = tmp_path / "fresh.qm"
    i18n.compile_catalog(i18n.catalog_path(code, ".ts"), fresh)
    assert fresh.read_bytes() == qm.read_bytes(), "run python -m gui.i18n --update"


# ---------------------------------------------------------------------------- languages


def test_both_languages_load(qapp):
    assert i18n.apply_language("ru_RU.UTF-8") == "ru"
    assert i18n.current_language() == core_i18n.language() == "ru"
    assert QCoreApplication.translate("Actions", "&New") == "&Создать"
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Отмена"  # Qt's own
    assert i18n.apply_language("en") == "en"
    assert core_i18n.language() == "en"
    assert QCoreApplication.translate("Actions", "&New") == "&New"
    assert i18n.apply_language("de") == "en"  # unsupported: English


def test_english_uses_its_plural_forms(qapp):
    from gui.panels.explanation import InspectorText

    i18n.apply_language("en")
    words = InspectorText()
    assert words.chain_heading(1) == "Chain rule over 1 path"
    assert words.chain_heading(2) == "Chain rule over 2 paths"
    i18n.apply_language("ru")
    assert [words.chain_heading(n) for n in (1, 3, 5, 21)] == [
        "Цепное правило: 1 путь",
        "Цепное правило: 3 пути",
        "Цепное правило: 5 путей",
        "Цепное правило: 21 путь",
    ]


def test_startup_language_order(isolated_settings, monkeypatch):
    monkeypatch.delenv(i18n.ENVIRONMENT_VARIABLE, raising=False)
    store = QSettings(str(isolated_settings / "s.ini"), QSettings.Format.IniFormat)
    assert i18n.startup_language(store, ["app", "--lang=ru"]) == "ru"
    store.setValue(i18n.SETTINGS_KEY, "ru")
    assert i18n.startup_language(store, ["app"]) == "ru"
    assert i18n.startup_language(store, ["app", "--language=en"]) == "en"
    monkeypatch.setenv(i18n.ENVIRONMENT_VARIABLE, "en_GB")
    assert i18n.startup_language(store, ["app"]) == "en"
    assert i18n.normalize("ru_RU.UTF-8") == "ru" and i18n.normalize("C") == "en"


# ---------------------------------------------------------------------------- the window


def make_window(qtbot, tmp_path, monkeypatch, language: str):
    monkeypatch.setenv(i18n.ENVIRONMENT_VARIABLE, language)
    from gui import animation
    from gui.main_window import MainWindow

    animation.set_enabled(False)
    window = MainWindow(recovery_dir=tmp_path / "recovery")
    qtbot.addWidget(window)
    monkeypatch.setattr(window, "report_error", lambda title, text: None)
    monkeypatch.setattr(window, "ask_unsaved_changes", lambda: "discard")
    assert window.open_initial()
    window.show()
    qtbot.waitExposed(window)
    QCoreApplication.processEvents()
    return window


def visible_texts(window) -> list[tuple[str, str]]:
    """(where, text) for every text the window and its study windows show a person."""
    window._fill_examples_menu()
    window._fill_recent_menu()
    widgets: list[QWidget] = [window, *window.study.views.values()]
    out: list[tuple[str, str]] = [("title", window.windowTitle())]
    actions: set[QAction] = set()
    for top in widgets:
        actions |= set(top.findChildren(QAction))
        for menu in top.findChildren(QMenu):
            out.append(("menu", menu.title()))
            actions |= set(menu.actions())
        for dock in top.findChildren(QDockWidget):
            out.append(("dock", dock.windowTitle()))
        for bar in top.findChildren(QToolBar):
            out.append(("toolbar", bar.windowTitle()))
        for label in top.findChildren(QLabel):
            out.append((f"label {label.objectName()}", label.text()))
        for button in top.findChildren(QAbstractButton):
            out.append((f"button {button.objectName()}", button.text()))
        for edit in top.findChildren(QLineEdit):
            out.append((f"placeholder {edit.objectName()}", edit.placeholderText()))
        for combo in top.findChildren(QComboBox):
            out += [
                (f"combo {combo.objectName()}", combo.itemText(i)) for i in range(combo.count())
            ]
        for table in top.findChildren(QTableWidget):
            for c in range(table.columnCount()):
                item = table.horizontalHeaderItem(c)
                out.append((f"header {table.objectName()}", item.text() if item else ""))
        for widget in [top, *top.findChildren(QWidget)]:
            out.append((f"tooltip {widget.objectName()}", widget.toolTip()))
        if top is not window:
            out.append(("window", top.windowTitle()))
    for action in actions:
        if action.isSeparator():
            continue
        name = action.objectName() or action.text()
        out += [(f"action {name}", action.text()), (f"tip {name}", action.toolTip())]
        out.append((f"status {name}", action.statusTip()))
    return [(where, text) for where, text in out if text and text.strip()]


def untranslated(texts: list[tuple[str, str]], names: set[str]) -> list[tuple[str, str]]:
    """Texts with no Cyrillic that still hold a word which is not notation or a node's name."""
    bad = []
    for where, text in texts:
        if CYRILLIC.search(text):
            continue
        plain = re.sub(r"<[^>]+>", " ", text).replace("&", "")
        words = [w for w in LATIN_WORD.findall(plain) if w not in NOTATION and w not in names]
        if words:
            bad.append((where, text))
    return bad


def _names(window) -> set[str]:
    graph = window.controller.run.graph
    words: set[str] = set()
    for node in graph.nodes.values():
        words |= set(LATIN_WORD.findall(f"{node.id} {node.name or ''} {node.label or ''}"))
    return words


def test_every_visible_string_of_the_window_is_russian(
    qtbot, isolated_settings, tmp_path, monkeypatch
):
    window = make_window(qtbot, tmp_path, monkeypatch, "ru")
    study = window.study
    study.set_predict(True)
    window.scene.select_node("w11")
    study.predict.show_hint()
    study.predict.submit("0.1")
    for name in ("gradcheck", "cost", "batch"):
        study.open_view(name)
    dialog = study.open_quiz()
    dialog.choose([0])
    dialog.check()
    QCoreApplication.processEvents()
    texts = visible_texts(window)
    assert len(texts) > 150
    assert not untranslated(texts, _names(window))
    assert window.explanation.title.text() != ""
    assert CYRILLIC.search(window.explanation.plain_text())  # core's explanations too
    assert CYRILLIC.search(window.inspector.toPlainText())


def test_the_check_finds_english(qtbot, isolated_settings, tmp_path, monkeypatch):
    """The walk above would notice an English string (it is not vacuous)."""
    window = make_window(qtbot, tmp_path, monkeypatch, "ru")
    window.menuBar().addMenu("&Forgotten")
    bad = untranslated(visible_texts(window), _names(window))
    assert ("menu", "&Forgotten") in bad
    assert all("Forgotten" in text for _, text in bad)


def test_language_switches_live(qtbot, isolated_settings, tmp_path, monkeypatch):
    window = make_window(qtbot, tmp_path, monkeypatch, "en")
    monkeypatch.delenv(i18n.ENVIRONMENT_VARIABLE)
    window.study.set_predict(True)
    window.player.seek(3)
    english_step = window.explanation.plain_text()
    assert window.file_menu.title() == "&File"
    assert window.actions["view_language_en"].isChecked()

    window.actions["view_language_ru"].trigger()
    QCoreApplication.processEvents()
    assert window.settings.store.value(i18n.SETTINGS_KEY) == "ru"
    assert window.actions["view_language_ru"].isChecked()
    assert window.file_menu.title() == "&Файл"
    assert window.actions["file_new"].text() == "&Создать"
    assert window.docks["explanation_dock"].windowTitle() == "Объяснение"
    assert window.player_bar.label.text().startswith("шаг 3 из")
    assert window.study.menu.title() == "&Самопроверка"
    assert CYRILLIC.search(window.study.panel.prompt.text())  # the question, asked again
    assert window.study.panel.check_button.text() == "&Проверить"
    assert CYRILLIC.search(window.explanation.plain_text())
    assert window.explanation.plain_text() != english_step
    assert window.windowTitle().startswith("пример из лекции")

    window.actions["view_language_en"].trigger()
    QCoreApplication.processEvents()
    assert window.file_menu.title() == "&File"
    assert window.explanation.plain_text() == english_step
    assert window.study.panel.check_button.text() == "&Check"
    assert window.settings.store.value(i18n.SETTINGS_KEY) == "en"


def test_the_remembered_language_is_used_at_start(qtbot, isolated_settings, tmp_path, monkeypatch):
    monkeypatch.delenv(i18n.ENVIRONMENT_VARIABLE, raising=False)
    from gui.settings import Settings

    Settings().store.setValue(i18n.SETTINGS_KEY, "ru")
    from gui.main_window import MainWindow

    window = MainWindow(recovery_dir=tmp_path / "recovery")
    qtbot.addWidget(window)
    monkeypatch.setattr(window, "ask_unsaved_changes", lambda: "discard")
    assert window.open_initial()
    assert window.file_menu.title() == "&Файл"
    assert window.actions["view_language_ru"].isChecked()
