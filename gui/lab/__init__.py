"""The training lab (issue 5): train the document's graph on data and watch gradient descent.

``install(parts, study)`` adds the Train menu; the panel, the plots and pyqtgraph load only when the
lab first opens (Train → Training Lab, Ctrl+L), so the window starts as fast as before.
Modules: session (data binding, core Trainer, what the plots evaluate; no Qt), driver (time
slices on the GUI thread), budget (what occasional updates cost), contour (a decision boundary
with NumPy), panel (controls), plots and activation (pyqtgraph), network_dialog, feature
(the wiring, and the BACKPROP_STUDIO_LAB start-up option).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..study import StudyTools
    from ..window_parts import WindowParts
    from .feature import Lab


def install(parts: WindowParts, study: StudyTools) -> Lab:
    from .feature import install as install_lab

    return install_lab(parts, study)
