"""What the study views share: they follow the run on screen while open, refresh when shown,
and retranslate and refresh on a language switch."""

from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QDialog

from gui.override_guard import guard_overrides


@guard_overrides
class StudyDialog(QDialog):
    """Subclasses define ``retranslate()`` and ``refresh()``."""

    def retranslate(self) -> None:
        raise NotImplementedError

    def refresh(self) -> None:
        raise NotImplementedError

    def refresh_if_visible(self) -> None:
        if self.isVisible():
            self.refresh()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt override)
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
            self.refresh()
        super().changeEvent(event)

    def showEvent(self, event) -> None:  # noqa: N802 (Qt override)
        self.refresh()
        super().showEvent(event)
