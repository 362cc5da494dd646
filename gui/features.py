"""Optional parts of the window (the language menu, error notices, study tools, the training
lab, presentation, export, find, dropped files): each a module with an ``install`` that takes
the window's parts (gui.window_parts) and returns the feature. The window owns the ``Features``
this builds; a feature that needs another is handed it here, so every edge is in this file.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import gui.error_notice
import gui.export_dialog
import gui.file_drop
import gui.find
import gui.i18n
import gui.lab
import gui.presentation
import gui.study

if TYPE_CHECKING:
    from gui.error_notice import ErrorNotice
    from gui.export_dialog import ExportMenu
    from gui.file_drop import FileDrop
    from gui.find import FindBar
    from gui.i18n import LanguageMenu
    from gui.lab.feature import Lab
    from gui.presentation import Presentation
    from gui.study import StudyTools
    from gui.window_parts import WindowParts


@dataclass(frozen=True)
class Features:
    """The window's features, in the order they are installed."""

    language_menu: LanguageMenu  # first: the language is chosen before others make widgets
    error_notice: ErrorNotice  # internal errors: the recovery file at once, then one notice
    study: StudyTools
    lab: Lab  # hides the numbers predict mode (study) has not reached
    presentation: Presentation
    exporter: ExportMenu
    find_bar: FindBar
    file_drop: FileDrop  # files dropped on the window; a CSV goes to the lab


def install_features(parts: WindowParts) -> Features:
    language_menu = gui.i18n.install(parts)
    error_notice = gui.error_notice.install(parts)
    study = gui.study.install(parts)
    lab = gui.lab.install(parts, study)
    return Features(
        language_menu=language_menu,
        error_notice=error_notice,
        study=study,
        lab=lab,
        presentation=gui.presentation.install(parts),
        exporter=gui.export_dialog.install(parts),
        find_bar=gui.find.install(parts),
        file_drop=gui.file_drop.install(parts, lab),
    )
