"""Find a node (Ctrl+F): by its name or its formula, subscripts typed as plain digits (``w11``
finds w₁₁). The match is selected (the inspector shows it) and brought into view; F3 and
Shift+F3 go to the next and previous match, Esc closes the bar.

Matching is on a normalised text (gui-independent, in ``normalise`` and ``find_nodes``): lower
case, sub- and superscript digits as digits, no spaces, underscores or multiplication dots, so
what a person types on a plain keyboard finds what the graph writes in mathematics.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import QLabel, QLineEdit, QToolBar, QToolButton

from .actions import ActionSpec
from .override_guard import guard_overrides
from .qt_typed import QT_TRANSLATE_NOOP

if TYPE_CHECKING:
    from .window_parts import WindowParts

Key = QKeySequence.StandardKey

SPECS = (
    ActionSpec(
        "edit_find",
        QT_TRANSLATE_NOOP("Actions", "&Find Node…"),
        (Key.Find,),
        QT_TRANSLATE_NOOP("Actions", "Find a node by its name or formula (w11 finds w₁₁)"),
    ),
    ActionSpec(
        "edit_find_next",
        QT_TRANSLATE_NOOP("Actions", "Find &Next"),
        ("F3",),
        QT_TRANSLATE_NOOP("Actions", "Go to the next node that matches"),
    ),
    ActionSpec(
        "edit_find_previous",
        QT_TRANSLATE_NOOP("Actions", "Find &Previous"),
        ("Shift+F3",),
        QT_TRANSLATE_NOOP("Actions", "Go to the previous node that matches"),
    ),
)

_PLAIN = str.maketrans(
    "₀₁₂₃₄₅₆₇₈₉⁰¹²³⁴⁵⁶⁷⁸⁹₊₋⁺⁻−×·",
    "01234567890123456789+-+--**",
    " _\t",
)


def normalise(text: str) -> str:
    """What matching compares: lower case, plain digits, no spaces or underscores."""
    return text.translate(_PLAIN).casefold()


def find_nodes(query: str, texts: dict[str, tuple[str, ...]]) -> list[str]:
    """Node ids whose texts (name first, then formulas) contain ``query``: exact names
    first, then names that start with it, then any other match, each in the graph's order."""
    q = normalise(query)
    if not q:
        return []
    exact, prefix, other = [], [], []
    for nid, candidates in texts.items():
        plain = [normalise(t) for t in candidates if t]
        if not plain:
            continue
        name = plain[0]
        if name == q:
            exact.append(nid)
        elif name.startswith(q):
            prefix.append(nid)
        elif any(q in t for t in plain):
            other.append(nid)
    return exact + prefix + other


@guard_overrides
class FindEdit(QLineEdit):
    """The query field: Esc closes the bar, Enter and Shift+Enter step through the matches."""

    def __init__(self, bar: FindBar) -> None:
        super().__init__(bar)
        self._bar = bar

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt override)
        key = event.key()
        if key == Qt.Key.Key_Escape:
            self._bar.close_bar()
            event.accept()
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            shift = event.modifiers() & Qt.KeyboardModifier.ShiftModifier
            self._bar.step(-1 if shift else +1)
            event.accept()
        else:
            super().keyPressEvent(event)


class FindBar(QToolBar):
    """A thin bar over the graph: the query, how many match, previous/next, close."""

    def __init__(self, parts: WindowParts) -> None:
        super().__init__(parts.window)
        self.parts = parts
        self.setObjectName("find_bar")
        self.setMovable(False)
        self.edit = FindEdit(self)
        self.edit.setObjectName("find_edit")
        self.edit.setClearButtonEnabled(True)
        self.edit.setMaximumWidth(320)
        self.count = QLabel(self)
        self.count.setObjectName("find_count")
        self.count.setMinimumWidth(90)
        self.addWidget(self.edit)
        self.addWidget(self.count)
        self.previous = parts.actions.add(SPECS[2], lambda: self.step(-1))
        self.next = parts.actions.add(SPECS[1], lambda: self.step(+1))
        self.addAction(self.previous)
        self.addAction(self.next)
        close = QToolButton(self)
        close.setObjectName("find_close")
        close.setText("✕")
        close.clicked.connect(self.close_bar)
        self.close_button = close
        self.addWidget(close)
        self.matches: list[str] = []
        self.index = -1
        self._texts: dict[str, tuple[str, ...]] | None = None
        self.edit.textEdited.connect(self._search)
        parts.controller.run_changed.connect(self._run_changed)
        parts.language_changed.connect(self.retranslate)
        self.retranslate()
        self.hide()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Find"))
        self.edit.setPlaceholderText(self.tr("Find a node: name or formula (w11, x1, σ)"))
        self.close_button.setToolTip(self.tr("Close (Esc)"))
        self._show_count()

    # ------------------------------------------------------------------ opening and closing
    def open_bar(self) -> None:
        self.show()
        self.edit.setFocus()
        self.edit.selectAll()
        if self.edit.text():
            self._search(self.edit.text(), keep=True)

    def close_bar(self) -> None:
        self.hide()
        self.parts.view.setFocus()  # the player's keys work again

    # ------------------------------------------------------------------ searching
    def _run_changed(self, *_args) -> None:
        self._texts = None
        if self.isVisible() and self.edit.text():
            self._search(self.edit.text(), keep=True)

    def texts(self) -> dict[str, tuple[str, ...]]:
        """Each node's name, then its formula texts (built once per run)."""
        if self._texts is None:
            vm = self.parts.scene.view_model
            self._texts = {}
            if vm is not None:
                for nid, node in vm.graph.nodes.items():
                    caption = vm.captions[nid]
                    self._texts[nid] = (caption.title, node.display or "", nid, caption.subtitle)
        return self._texts

    def _search(self, text: str, keep: bool = False) -> None:
        current = self.matches[self.index] if keep and 0 <= self.index < len(self.matches) else None
        self.matches = find_nodes(text, self.texts())
        self.index = -1
        if self.matches:
            self.index = self.matches.index(current) if current in self.matches else 0
            self._go()
        self._show_count()

    def step(self, direction: int) -> None:
        """The next (+1) or previous (−1) match, wrapping around; opens the bar if closed."""
        if not self.isVisible():
            self.open_bar()
        if not self.matches:
            if self.edit.text():
                self._search(self.edit.text())
            return
        self.index = (self.index + direction) % len(self.matches)
        self._go()
        self._show_count()

    def _go(self) -> None:
        nid = self.matches[self.index]
        w = self.parts
        w.scene.select_node(nid)
        w.view.show_rect(w.scene.node_item(nid).sceneBoundingRect())

    def _show_count(self) -> None:
        if not self.edit.text():
            self.count.setText("")
        elif not self.matches:
            self.count.setText(self.tr("No match"))
        else:
            self.count.setText(
                self.tr("%1 of %2")
                .replace("%1", str(self.index + 1))
                .replace("%2", str(len(self.matches)))
            )
        self.count.setStyleSheet("" if self.matches or not self.edit.text() else "color: #b2182b;")


def install(parts: WindowParts) -> FindBar:
    """Ctrl+F opens the bar above the graph; F3 / Shift+F3 step (a gui.features entry)."""
    bar = FindBar(parts)
    parts.window.addToolBarBreak(Qt.ToolBarArea.TopToolBarArea)
    parts.window.addToolBar(Qt.ToolBarArea.TopToolBarArea, bar)
    action = parts.actions.add(SPECS[0], bar.open_bar)
    parts.window.addActions([action, bar.next, bar.previous])  # work while the bar is hidden
    parts.menus.edit.addSeparator()
    parts.menus.edit.addActions([action, bar.next, bar.previous])
    return bar
