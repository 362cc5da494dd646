"""A Russian student sees Russian everywhere: every window, dock, dialog, menu and plot, the lab
with every generated set, every example's caption and comments, the error messages the README
lists, an exported deck and the command line. Unlike test_translation's walk, a text is checked
word by word: «Обучение на two interleaved spirals» fails although it holds Cyrillic.

Allowed Latin words are notation and code only: the short reviewed list below, the names of
the graph's nodes, the ops and functions of the program language, the data sets' names (they
are what --dataset takes) and anything quoted as code ('…', `…`, "…").
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QAbstractButton, QComboBox, QLabel, QLineEdit, QWidget

from core.autodiff import ops
from core.text import i18n as core_i18n
from core.training import datasets
from gui import i18n

ALLOWED = {
    # the lecture's own English terms and notation
    "loss", "ReLU", "softmax", "Softmax", "seed", "Dropout", "dropout", "FC", "XOR", "OR",
    "AND", "NAND", "sigmoid", "tanh", "softsign", "softplus", "SoftPlus", "SoftSign", "Leaky",
    "ELU", "LeakyReLU", "exp", "log", "sqrt", "abs", "sin", "cos", "max", "min", "mean",
    "sum", "NaN", "inf", "one", "hot", "matmul", "diag",
    # program-language keywords and roles, the document format's field names (code)
    "param", "input", "const", "parameter", "constant", "output", "null", "spec", "sizes",
    "activation", "output_activation", "granularity", "neuron", "layer", "init", "bce",
    "mse", "softmax_ce", "max_epochs", "identity", "sigma", "True", "False", "None", "int",
    "float",
    "program", "network", "format", "version", "source",
    "kind", "text", "values", "positions", "title", "caption", "samples", "mlp", "lab",
    # names, file types, keys
    "Backprop", "Studio", "backprop-studio", "Lego", "PNG", "SVG", "PDF", "CSV", "JSON", "UTF",
    "Enter", "Home", "End", "Space", "PageUp", "PageDown", "Ctrl", "Shift", "Alt", "Del", "Esc",
    "Tab", "English", "bps", "json", "csv", "png", "svg", "pdf", "Python", "NUL", "Qt",
    "PyTorch", "ONNX", "onnx", "Netron",  # the frameworks and file type File → Export names
    "GIF", "MP4", "gif", "mp4", "H.264",  # the animation formats File → Export → Animation… writes
    "TensorFlow", "Playground",  # the web page whose feature toggles the lab has
}  # fmt: skip
"""Reviewed: each is notation, a name, or code a person types; never an English sentence."""

PYTHON_WORDS = {
    "def", "class", "import", "and", "or", "for", "while", "with", "try", "match", "if",
    "else", "pass", "return", "yield", "del", "global", "nonlocal", "assert", "raise",
    "break", "continue", "await", "lambda",
}  # fmt: skip
"""Python's keywords: allowed only where a refused program's message names the construct."""

WORD = re.compile(r"(?<![A-Za-z_0-9\\])[A-Za-z]{3,}(?![A-Za-z_0-9])")
CODE = re.compile(
    r"'[^'\n]*'|`[^`\n]*`|\"[^\"\n]*\"|<[^>]+>|\S*[/\\]\S*|--[\w-]+|\w+\.\w+"
    r"|backprop-studio(?: (?:train|trace|check|export))?"  # the command's name, as it says it
)
CYRILLIC = re.compile(r"[А-Яа-яЁё]")


def code_words() -> set[str]:
    """Names a person types: ops and functions, their parameters, data sets, stopping rules."""
    from core.training.train import STOP_RULES

    words = set(ops.REGISTRY) | set(datasets.names()) | set(STOP_RULES)
    words |= {part for name in datasets.names() for part in name.split("-")}  # reg-gauss
    for op in ops.REGISTRY.values():
        words |= set(op.params)
    from core.lang import expr

    for table in ("FUNCTION_NAMES", "ALIASES"):
        words |= set(getattr(expr, table, {}) or {})
    return words


def english(texts, allowed: set[str] = frozenset()) -> list[tuple[str, str, list[str]]]:
    """(where, text, the English words in it) for every text that has one."""
    ok = ALLOWED | code_words() | set(allowed)
    bad = []
    for where, text in texts:
        plain = CODE.sub(" ", text.replace("&", ""))
        words = [w for w in WORD.findall(plain) if w not in ok and w.lower() not in ok]
        if words:
            bad.append((where, text, words))
    return bad


def graph_names(window) -> set[str]:
    """The names of the nodes on screen, and of every example's (the Examples menu's tips
    name them: s_one, gap)."""
    from core.documents.examples import example_names, load_example

    graphs = [window.controller.run.graph]
    graphs += [load_example(name).build() for name in example_names()]
    words: set[str] = set()
    for graph in graphs:
        for node in graph.nodes.values():
            text = f"{node.id} {node.name or ''} {node.label or ''}"
            words |= set(re.findall(r"[A-Za-z]+", text))  # Drop1 is shown as Drop₁
    return words


def widget_texts(top: QWidget) -> list[tuple[str, str]]:
    out = [("window", top.windowTitle()), ("tooltip", top.toolTip())]
    for label in top.findChildren(QLabel):
        out.append((f"label {label.objectName()}", label.text()))
    for button in top.findChildren(QAbstractButton):
        out.append((f"button {button.objectName()}", button.text()))
        out.append((f"tooltip {button.objectName()}", button.toolTip()))
    for edit in top.findChildren(QLineEdit):
        out.append((f"placeholder {edit.objectName()}", edit.placeholderText()))
    for combo in top.findChildren(QComboBox):
        out += [(f"combo {combo.objectName()}", combo.itemText(i)) for i in range(combo.count())]
    for widget in top.findChildren(QWidget):
        out.append((f"tooltip {widget.objectName()}", widget.toolTip()))
        for name in ("prefix", "suffix", "specialValueText"):
            getter = getattr(widget, name, None)
            if callable(getter):
                out.append((f"{name} {widget.objectName()}", getter()))
    return [(w, t) for w, t in out if t and t.strip()]


def plot_texts(layout_widget) -> list[tuple[str, str]]:
    """Titles, axis labels, legends and labels of a pyqtgraph view."""
    import pyqtgraph as pg

    out = []
    for item in layout_widget.scene().items():
        if isinstance(item, pg.LabelItem):
            out.append(("plot label", item.text))
        elif isinstance(item, pg.AxisItem):
            out.append(("axis", item.labelText))
        elif isinstance(item, pg.TextItem):
            out.append(("plot text", item.toPlainText()))
    return [(w, t) for w, t in out if t and t.strip()]


@pytest.fixture
def ru_window(qtbot, isolated_settings, tmp_path, monkeypatch):
    from test_translation import make_window

    window = make_window(qtbot, tmp_path, monkeypatch, "ru")
    window.errors = []
    monkeypatch.setattr(window, "report_error", lambda title, text: window.errors.append(text))
    yield window
    i18n.apply_language("en")
    QCoreApplication.processEvents()


# ---------------------------------------------------------------------------- the window


def test_every_window_dock_dialog_and_menu_is_russian_word_by_word(ru_window, qtbot):
    from test_translation import visible_texts

    from gui.animation_dialog import AnimationDialog
    from gui.export_dialog import DeckDialog, ViewDialog
    from gui.lab.network_dialog import NetworkDialog
    from gui.main_window import ABOUT_TEXT
    from gui.panels.value_dialog import ValueDialog
    from gui.plot_menu import build_menu

    window = ru_window
    study = window.study
    study.set_predict(True)
    window.scene.select_node("w11")
    study.predict.show_hint()
    study.predict.submit("0.1")
    for name in ("gradcheck", "cost", "batch"):
        study.open_view(name)
    quiz = study.open_quiz()
    quiz.choose([0])
    quiz.check()
    QCoreApplication.processEvents()
    texts = visible_texts(window)
    texts.append(("about", QCoreApplication.translate("MainWindow", ABOUT_TEXT)))
    texts += widget_texts(quiz)
    if study.views["cost"].plot is not None:
        texts += plot_texts(study.views["cost"].plot)
    dialogs = [
        ViewDialog("png", {False: (800, 600), True: (1600, 900)}, window),
        ViewDialog("svg", {False: (800, 600), True: (1600, 900)}, window),
        DeckDialog("pdf", window),
        DeckDialog("png", window),
        AnimationDialog(window.controller.run, 2.0, window),
        ValueDialog("x1", 0.5, window),
        NetworkDialog(window),
    ]
    for dialog in dialogs:
        texts += widget_texts(dialog)
    menu = build_menu(window, list, export=lambda: None)
    texts += [("plot menu", a.text()) for a in menu.actions()]
    texts.append(("inspector", window.inspector.toPlainText()))
    texts.append(("explanation", window.explanation.plain_text()))
    assert len(texts) > 300
    assert not english(texts, graph_names(window))


def test_the_lab_with_every_generated_set_and_every_activation(
    ru_window, qtbot, tmp_path, monkeypatch
):
    from core.training.nn import NetworkSpec

    window = ru_window
    lab = window.lab
    assert window.open_example("paired_regression", ask=False)
    lab.open()
    panel = lab.panel
    texts = widget_texts(panel)
    for name in datasets.names():
        inputs = 2 if "x2" in datasets.info(name).columns else 1  # the 1-D sets: sin, cos, …
        document = window.controller.document
        fits = document.source_kind == "network" and document.spec.sizes[0] == inputs
        if name != "regression" and not fits:
            spec = (
                NetworkSpec((2, 3, 1), "tanh", "sigmoid", "bce", granularity="neuron")
                if inputs == 2
                else NetworkSpec((1, 3, 1), "sigmoid", granularity="neuron")
            )
            monkeypatch.setattr(lab, "ask_network_spec", lambda spec=spec: spec)
            window.actions["lab_new_network"].trigger()
            texts.append(("network title", window.windowTitle()))
        panel.source.setCurrentIndex(panel.source.findData(name))
        panel.samples.setValue(60)
        assert lab.rebuild_session()
        lab.one_epoch()
        QCoreApplication.processEvents()
        texts += [(f"{name}: {w}", t) for w, t in widget_texts(panel)]
        texts += [(f"{name}: {w}", t) for w, t in plot_texts(lab.plots.area)]
        assert "Данные для обучения" in panel.data_status.text()
    # pyqtgraph's English menus are off; ours is there instead
    for item in lab.plots.plot_items():
        assert not item.menuEnabled() and not item.getViewBox().menuEnabled()
    assert not lab.plots.area.scene().contextMenu
    assert lab.plots.area.contextMenuPolicy() == Qt.ContextMenuPolicy.CustomContextMenu
    budget = f"{panel.max_epochs.value():,}".replace(",", " ")
    assert panel.max_epochs.value() >= 1000  # grouped the Russian way:
    assert panel.max_epochs.text().replace("\u00a0", " ").startswith(budget)
    lab.tabs.setCurrentIndex(1)
    explorer = lab.explorer
    for k in range(explorer.choice.count()):
        explorer.choice.setCurrentIndex(k)
        texts += [(f"activation {k}: {w}", t) for w, t in widget_texts(explorer)]
        texts += [(f"activation {k}: {w}", t) for w, t in plot_texts(explorer.plot_widget)]
    texts += widget_texts(lab.tabs)
    bad_csv = tmp_path / "bad.csv"
    bad_csv.write_text("x1,y\n1,2\n3,4\n", "utf-8")  # a 2-input network needs x2
    panel.csv_path.setText(str(bad_csv))
    panel.source.setCurrentIndex(panel.source.findData("csv"))
    lab.rebuild_session(keep_on_error=True)
    texts.append(("csv error", panel.data_status.text()))
    assert "✗" in panel.data_status.text()
    assert not english(texts, graph_names(window))


def test_every_example_caption_comment_and_step(ru_window):
    from core.documents.examples import example_names

    window = ru_window
    texts = []
    for name in example_names():
        assert window.open_example(name, ask=False)
        QCoreApplication.processEvents()
        where = f"example {name}"
        texts.append((f"{where} caption", window.statusBar().currentMessage()))
        texts.append((f"{where} title", window.windowTitle()))
        comments = [line for line in window.editor.text().splitlines() if line.startswith("#")]
        assert comments, name  # every example says what it is
        texts += [(f"{where} comment", line) for line in comments]
        length = len(window.controller.run.trace)
        for position in (0, 1, length // 2, length):
            window.player.seek(position)
            texts.append((f"{where} step {position}", window.explanation.plain_text()))
        for node in list(window.controller.run.graph.nodes)[:25]:
            window.scene.select_node(node)
            texts.append((f"{where} inspector {node}", window.inspector.toPlainText()))
        assert not english(texts, graph_names(window)), name
        texts = []


# ---------------------------------------------------------------------------- errors

BAD_PROGRAMS = [
    "x = (1 +",  # syntax error
    "y = sigmod(1)",  # unknown function, with a suggestion
    "y = z + 1",  # unknown name
    "y = x + 1\nx = 2",  # used before it has a value
    "x = 1\nx = 2",  # assigned twice
    "y = sigmoid(1, 2)",  # wrong argument count
    "x = 1\ny = leaky_relu(x, a=x)",  # a parameter that is not a number
    "y = elu(1, beta=2)",  # unknown keyword
    "x: weight = 1",  # unknown role
    "x = 1\nx + 1",  # an expression on its own
    "",  # no assignment at all
    "y = a.b",
    "y = a[0]",
    "y = lambda: 1",
    "y = [i for i in a]",
    "y = f'{a}'",
    "y = 'text'",
    "y = True",
    "import os",
    "def f():\n    pass",
    "class A:\n    pass",
    "y = (a := 1)",
    "a, b = 1, 2",
    "x = 1\nx += 1",
    "y = 1 < 2",
    "y = 1 and 2",
    "y = 7 // 2",
    "y = 7 % 2",
    "y = " + "(" * 300 + "1" + ")" * 300,  # nesting too deep
    "y = 'never closed",
    "y = (1]",
    "y = 1)",
    "  y = 1",
    "y = 07",
    "y = 1 ¤ 2",
]


def test_every_refused_program_is_explained_in_russian(monkeypatch):
    from core.lang import expr
    from core.lang.expr import ProgramError, parse

    texts = []
    with core_i18n.using_language("ru"):
        for text in BAD_PROGRAMS:
            with pytest.raises(ProgramError) as info:
                parse(text)
            texts.append((repr(text[:30]), str(info.value)))
        big = "\n".join(f"x{k} = {k}" for k in range(400))
        monkeypatch.setattr(expr, "MAX_AST_NODES", 100)  # too many elements, cheaply
        with pytest.raises(ProgramError) as info:
            parse(big)
        texts.append(("elements", str(info.value)))
        monkeypatch.setattr(expr, "MAX_BYTES", 1000)  # too large, cheaply
        with pytest.raises(ProgramError) as info:
            parse(big)
        texts.append(("size", str(info.value)))
    assert all(CYRILLIC.search(t) for _, t in texts), texts
    assert not english(texts, PYTHON_WORDS)


def _documents(tmp_path: Path) -> list[Path]:
    good = {"format": "backprop-studio", "version": 1}
    cases = {
        "not_json.json": "{ nope",
        "trailing.json": '{"a": 1} extra',
        "list.json": "[1, 2]",
        "foreign.json": json.dumps({"format": "other"}),
        "newer.json": json.dumps({**good, "version": 99}),
        "unknown_key.json": json.dumps({**good, "sourse": {}}),
        "nan.json": '{"format": "backprop-studio", "version": 1, "values": {"x": NaN}}',
        "bad_size.json": json.dumps(
            {**good, "source": {"kind": "network", "spec": {"sizes": [2, -3, 1]}}}
        ),
        "bad_activation.json": json.dumps(
            {**good, "source": {"kind": "network", "spec": {"sizes": [2, 1], "activation": "x"}}}
        ),
        "bad_program.json": json.dumps({**good, "source": {"kind": "program", "text": "y = ("}}),
        "latin1.json": b"\xff\xfe".decode("latin-1"),
    }
    paths = []
    for name, text in cases.items():
        path = tmp_path / name
        path.write_text(text, "utf-8" if name != "latin1.json" else "latin-1")
        paths.append(path)
    paths.append(tmp_path / "missing.json")
    paths.append(tmp_path)  # a folder
    return paths


def test_every_refused_document_and_data_file_is_explained_in_russian(ru_window, tmp_path):
    from core.training.data import DataError, load_csv

    window = ru_window
    for path in _documents(tmp_path):
        assert not window.open_file(path, ask=False), path
    assert len(window.errors) == len(_documents(tmp_path))
    texts = [("document error", text) for text in window.errors]
    csv_cases = {
        "empty.csv": "",
        "words.csv": "x,y\n1,two\n",
        "ragged.csv": "x,y\n1,2\n3\n",
        "nan.csv": "x,y\n1,nan\n",
        "nul.csv": "x,y\n1,\x002\n",
        "huge_cell.csv": "x,y\n1," + "9" * 200_000 + "\n",
    }
    with core_i18n.using_language("ru"):
        for name, text in csv_cases.items():
            path = tmp_path / name
            path.write_text(text, "utf-8")
            with pytest.raises(DataError) as info:
                load_csv(path)
            texts.append((name, str(info.value)))
        with pytest.raises(DataError) as info:
            load_csv(tmp_path / "none.csv")
        texts.append(("missing csv", str(info.value)))
    assert all(CYRILLIC.search(t) for _, t in texts), texts
    assert not english(texts, {"sourse"})  # the unknown key, named as the file spells it


# ---------------------------------------------------------------------------- outside the window


def test_the_command_lines_messages_are_russian(tmp_path, capsys, monkeypatch):
    from core.cli.main import main

    monkeypatch.setenv(i18n.ENVIRONMENT_VARIABLE, "ru")
    program = tmp_path / "prog.bp"
    program.write_text("x1 = 0.5\ny = sigmod(x1)\n", "utf-8")
    good = tmp_path / "good.bp"
    good.write_text("x1 = 0.5\nw = 2.0\ny = w * x1\n", "utf-8")
    runs = [
        (["trace", str(program)], 2),
        (["trace", str(tmp_path / "missing.bp")], 2),
        (["trace", str(good), "--set", "w=nan"], 2),
        (["trace", str(good), "--set", "w"], 2),
        (["trace", str(good)], 0),
        (["check", str(good)], 0),
        (["train", "--mlp", "2-3-1", "--dataset", "xor", "--samples", "20", "--epochs", "3"], 0),
        (["train", "--mlp", "2-3-1", "--dataset", "xor", "--stop", "sideways"], 2),
        (["train", "--list-datasets"], 0),
    ]
    texts = []
    try:
        for argv, status in runs:
            assert main(argv) == status, argv
            out, err = capsys.readouterr()
            texts += [(" ".join(argv), line) for line in (out + err).splitlines() if line.strip()]
        for argv in (["train", "--epochs", "x"], ["trace"], ["trace", "a", "--bogus"]):
            with pytest.raises(SystemExit):  # argparse's own errors
                main(argv)
            err = capsys.readouterr().err  # one line (core.cli.options), in Russian
            texts += [(" ".join(argv), line) for line in err.splitlines()]
            assert err.count("\n") == 1 and CYRILLIC.search(err), err
    finally:
        from core.cli.common import translate_argparse

        core_i18n.set_language("en")
        translate_argparse()  # argparse's English again for the tests that follow
    assert any(CYRILLIC.search(t) for _, t in texts)
    assert not english(texts, {"x1", "w", "y", "sigmod", "good", "prog"})  # the files' names


def test_an_exported_deck_is_russian(tmp_path, qapp):
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler) is not installed")
    from gui.export_cli import main

    deck = tmp_path / "deck.pdf"
    try:
        assert main(["lecture", "--pdf", str(deck), "--group-layers", "--language", "ru"]) == 0
    finally:
        from core.cli.common import translate_argparse

        core_i18n.set_language("en")
        translate_argparse()
    text = subprocess.run(
        ["pdftotext", "-layout", str(deck), "-"], capture_output=True, text=True, check=True
    ).stdout
    lines = [("deck", line) for line in text.splitlines() if line.strip()]
    assert lines[0][1].strip() == "Пример из лекции"  # a heading, though menus write it lowercase
    assert any("Прямой проход" in t for _, t in lines)
    names = {"x", "w", "z", "h", "v", "p", "a", "y", "loss"}
    assert not english(lines, names)


def test_no_catalog_entry_is_left_unfinished():
    """Core's catalog has every text core writes, and the .ts no unfinished or empty entry
    (test_i18n and test_translation check placeholders and staleness)."""
    import xml.etree.ElementTree as ET

    from test_i18n import data_texts, source_templates

    catalog = core_i18n.catalog("ru")
    assert not sorted((source_templates() | data_texts()) - set(catalog))
    assert all(text.strip() for text in catalog.values())
    root = ET.parse(i18n.catalog_path("ru", ".ts")).getroot()
    for message in root.iter("message"):
        translation = message.find("translation")
        forms = [f.text for f in translation.findall("numerusform")] or [translation.text]
        assert translation.get("type") != "unfinished", message.find("source").text
        assert all(form and form.strip() for form in forms), message.find("source").text


def test_the_check_finds_an_english_word_in_a_russian_sentence():
    """Not vacuous: a Russian sentence with English in it fails, notation and code pass."""
    assert english([("status", "Обучение на two interleaved spirals")])
    assert english([("formula", "f′(z) = 1 if z ≥ 0 else 0")])
    assert english([("crash", "Something went wrong")])
    assert not english([("status", "шаг обучения η = 0.05, loss = 0.25, 'sigmod'")])
    assert not english([("formula", "f′(z) = 1 при z ≥ 0, иначе f(z) + α")])


def test_the_gradient_check_counts_gradients_in_russian(ru_window):
    """«Все 13 градиентов совпадают … (h = 1e-06).», one pair of brackets (it read
    «(13 проверок) (h = 1e-06)»), the noun agreeing with the number."""
    ru_window.study.open_view("gradcheck")
    QCoreApplication.processEvents()
    text = ru_window.study.views["gradcheck"].summary.text()
    assert text.startswith("Все 13 градиентов совпадают с оценкой по конечным разностям (h = ")
    assert text.count("(") == 1
