"""Optional parts of the window (the language menu, error notices, study tools, the training
lab, presentation, export, find, dropped files): each a module with an ``install`` that takes
the window's parts (gui.window_parts) and returns the feature. The window owns the ``Features``
this builds; a feature that needs another is handed it here, so every edge is in this file.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from . import error_notice, export_dialog, file_drop, find, i18n, lab, presentation, study

if TYPE_CHECKING:
    from .error_notice import ErrorNotice
    from .export_dialog import ExportMenu
    from .file_drop import FileDrop
    from .find import FindBar
    from .i18n import LanguageMenu
    from .lab.feature import Lab
    from .presentation import Presentation
    from .study import StudyTools
    from .window_parts import WindowParts


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
    language_menu = i18n.install(parts)
    notice = error_notice.install(parts)
    study_tools = study.install(parts)
    the_lab = lab.install(parts, study_tools)
    return Features(
        language_menu=language_menu,
        error_notice=notice,
        study=study_tools,
        lab=the_lab,
        presentation=presentation.install(parts),
        exporter=export_dialog.install(parts),
        find_bar=find.install(parts),
        file_drop=file_drop.install(parts, the_lab),
    )
