"""What the study views share: they follow the run on screen while open, refresh when shown,
retranslate and refresh on a language switch, and stay locked while predict mode hides numbers
the player has not reached (a line says why; the numbers return at the end of the run)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QBoxLayout, QDialog, QLabel, QWidget

from ..override_guard import guard_overrides

if TYPE_CHECKING:
    from ..window_parts import WindowParts
    from . import StudyTools


@guard_overrides
class StudyDialog(QDialog):
    """Subclasses define ``retranslate()`` and ``refresh()``; ``shows_run_numbers`` says whether
    the view shows numbers of the run (values, gradients, updates) that predict mode hides."""

    shows_run_numbers = True

    def __init__(self, parts: WindowParts, study: StudyTools) -> None:
        super().__init__(parts.window)
        self.parts = parts
        self.study = study
        self.lock_label = QLabel(self)
        self.lock_label.setObjectName("study_lock")
        self.lock_label.setWordWrap(True)
        self.lock_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.lock_label.setStyleSheet(
            "color: #555555; font-style: italic; font-size: 13pt; padding: 24px;"
        )
        self.lock_label.hide()
        self._hidden_by_lock: list[QWidget] = []
        if self.shows_run_numbers:
            study.lock_changed.connect(lambda _locked: self.refresh_if_visible())

    def retranslate(self) -> None:
        raise NotImplementedError

    def refresh(self) -> None:
        raise NotImplementedError

    # ------------------------------------------------------------------ predict lock
    def is_locked(self) -> bool:
        """True while predict mode hides the numbers this view would show."""
        return bool(self.shows_run_numbers and self.study.locked())

    def refresh_or_lock(self) -> None:
        if self.is_locked():
            self._lock()
        else:
            self._unlock()
            self.refresh()

    def _lock(self) -> None:
        self.lock_label.setText(self.study.lock_text())
        if self.lock_label.isHidden():
            layout = self.layout()
            if isinstance(layout, QBoxLayout) and layout.indexOf(self.lock_label) < 0:
                layout.insertWidget(0, self.lock_label, 1)
            children = self.findChildren(QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly)
            self._hidden_by_lock = [
                w for w in children if w is not self.lock_label and not w.isHidden()
            ]
            for widget in self._hidden_by_lock:
                widget.hide()
            self.lock_label.show()

    def _unlock(self) -> None:
        if self.lock_label.isHidden():
            return
        self.lock_label.hide()
        for widget in self._hidden_by_lock:
            widget.show()
        self._hidden_by_lock = []

    # ------------------------------------------------------------------ following the run
    def refresh_if_visible(self) -> None:
        if self.isVisible():
            self.refresh_or_lock()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt override)
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
            self.refresh_or_lock()
        super().changeEvent(event)

    def showEvent(self, event) -> None:  # noqa: N802 (Qt override)
        self.refresh_or_lock()
        super().showEvent(event)
