"""Where the view looks: one framing policy for the window, presentation mode and export.

Pure geometry (no Qt), so the rules are tested on numbers and every caller gets the same ones:

* Start and End, and any graph whose whole fits at a readable size, are shown whole: fitted,
  centred, using the space (``whole``).
* While stepping, the step (its node, the edges it uses and the nodes they join) stays in view
  and the view moves as little as possible (``follow``): nothing moves while the step is already
  inside; zoom changes only when the step does not fit at the current zoom or the current zoom
  is too small to read; otherwise the view pans, by the least distance, and then as far as the
  next steps fit too (``ahead``), so it does not nudge at every step.
* A zoomed view never shows a blank half: along an axis where the graph is wider than the view,
  the view stays within the graph; where it is narrower, the graph is centred.

A ``Frame`` is a zoom (screen pixels per scene unit) and the scene point at the viewport's
centre. "Readable" is a text height on screen: the node value font times the zoom.
"""

from __future__ import annotations

from dataclasses import dataclass

WINDOW_TEXT_PX = 12.0  # node values at least this tall in the window, or zoom to the step
PRESENTATION_TEXT_PX = 28.0  # on a 1080p projector (the back row)
EXPORT_TEXT_PX = 19.0  # on the 1920×1080 slide canvas
MAX_FIT_ZOOM = 2.0  # fitting a tiny graph does not blow it up past this
EDGE_PX = 2.0  # a fitted graph keeps this far from the viewport's edge (screen pixels)
MARGIN_PX = 36.0  # the step keeps this far from the viewport's edge (screen pixels)
STEP_ZOOM_FLOOR = 0.6  # a big step zooms out to at most this share of the readable zoom
BLANK_SLACK = 0.2  # a view holding the step moves only when this much of it is past the graph


@dataclass(frozen=True)
class Box:
    """An axis-aligned rectangle in scene units."""

    left: float
    top: float
    width: float
    height: float

    @property
    def right(self) -> float:
        return self.left + self.width

    @property
    def bottom(self) -> float:
        return self.top + self.height

    @property
    def centre(self) -> tuple[float, float]:
        return (self.left + self.width / 2, self.top + self.height / 2)

    def is_empty(self) -> bool:
        return self.width <= 0 or self.height <= 0

    def united(self, other: Box | None) -> Box:
        if other is None or other.is_empty():
            return self
        if self.is_empty():
            return other
        left, top = min(self.left, other.left), min(self.top, other.top)
        right, bottom = max(self.right, other.right), max(self.bottom, other.bottom)
        return Box(left, top, right - left, bottom - top)

    def contains(self, other: Box, tolerance: float = 0.0) -> bool:
        t = tolerance
        return (
            other.left >= self.left - t
            and other.top >= self.top - t
            and other.right <= self.right + t
            and other.bottom <= self.bottom + t
        )


@dataclass(frozen=True)
class Frame:
    zoom: float
    centre: tuple[float, float]

    def visible(self, viewport: tuple[float, float]) -> Box:
        """The scene rectangle a viewport of this size shows."""
        w, h = viewport[0] / self.zoom, viewport[1] / self.zoom
        return Box(self.centre[0] - w / 2, self.centre[1] - h / 2, w, h)


def fit_zoom(content: Box, viewport: tuple[float, float], margin_px: float = 0.0) -> float:
    """The zoom at which ``content`` (plus ``margin_px`` on every side) just fits."""
    w = max(1.0, viewport[0] - 2 * margin_px)
    h = max(1.0, viewport[1] - 2 * margin_px)
    return min(w / max(content.width, 1e-9), h / max(content.height, 1e-9))


def readable_zoom(text_px_at_zoom_1: float, min_text_px: float) -> float:
    """The least zoom at which text ``text_px_at_zoom_1`` tall shows ``min_text_px`` tall."""
    return min_text_px / max(text_px_at_zoom_1, 1e-9)


def whole(graph: Box, viewport: tuple[float, float], max_zoom: float = MAX_FIT_ZOOM) -> Frame:
    """The whole graph, as large as fits (up to ``max_zoom``), centred; a pixel or two to
    spare so that whole-pixel scrolling never cuts an edge."""
    return Frame(min(fit_zoom(graph, viewport, EDGE_PX), max_zoom), graph.centre)


def fits_readably(graph: Box, viewport: tuple[float, float], readable: float) -> bool:
    """Whether the whole graph fits at a zoom where its text is readable."""
    return fit_zoom(graph, viewport) >= readable


def follow(
    current: Frame | None,
    viewport: tuple[float, float],
    graph: Box,
    step: Box,
    preferred_zoom: float,
    ahead: Box | None = None,
    max_zoom: float = MAX_FIT_ZOOM,
    margin_px: float = MARGIN_PX,
    core: Box | None = None,
    keep_zoom: bool = False,
) -> Frame:
    """The frame showing ``step`` that moves least from ``current`` (see the module's rules).

    ``preferred_zoom`` is the zoom to step at (a readable one, or the person's own); a step
    too big for it is zoomed out to, but never below STEP_ZOOM_FLOOR of it (text stays drawn):
    then ``core`` (the node the step changes) is kept in view and as much of the step around
    it as fits. ``ahead`` the next steps' places, framed too when the view has to move anyway;
    ``keep_zoom``: a coming step needs the current, smaller zoom, so do not zoom in and out
    again. ``current`` None (a page, no view yet): centre on the step."""
    graph = graph.united(step)
    fitted = min(fit_zoom(graph, viewport), max_zoom)
    step_fit = fit_zoom(step, viewport, margin_px)
    floor = max(fitted, preferred_zoom * STEP_ZOOM_FLOOR)
    target = max(floor, min(preferred_zoom, step_fit, max_zoom))
    zoom = target
    fits_now = current is not None and current.zoom <= step_fit * (1 + 1e-6)
    if (
        fits_now
        and current is not None
        and (current.zoom >= target * (1 - 1e-6) or (keep_zoom and current.zoom >= floor))
    ):
        zoom = current.zoom  # the step fits at this zoom: pan only
    start = current.centre if current is not None else step.centre
    if current is None:
        ahead = None
    core = core if core is not None and not core.is_empty() else step
    axes = []
    for i, span in enumerate((viewport[0] / zoom, viewport[1] / zoom)):
        lo, hi = (step.left, step.right) if i == 0 else (step.top, step.bottom)
        if hi - lo > span:  # too long for the view: keep the changed node in, moving least
            lo, hi = (core.left, core.right) if i == 0 else (core.top, core.bottom)
        axes.append(
            _axis(
                start[i],
                span,
                (lo, hi),
                (graph.left, graph.right) if i == 0 else (graph.top, graph.bottom),
                None
                if ahead is None
                else ((ahead.left, ahead.right), (ahead.top, ahead.bottom))[i],
                margin_px / zoom,
            )
        )
    return Frame(zoom, (axes[0], axes[1]))


def _axis(
    centre: float,
    span: float,
    step: tuple[float, float],
    graph: tuple[float, float],
    ahead: tuple[float, float] | None,
    margin: float,
) -> float:
    """One axis of ``follow``: the centre nearest ``centre`` that keeps ``step`` (with
    ``margin``) inside a window ``span`` long, and the window inside ``graph``."""
    if graph[1] - graph[0] <= span:
        return (graph[0] + graph[1]) / 2  # the whole extent fits: centred, nothing blank
    lo_g, hi_g = graph[0] + span / 2, graph[1] - span / 2  # centres keeping the view in the graph

    def window(a: float, b: float, margin: float = margin) -> tuple[float, float] | None:
        m = min(margin, max(0.0, (span - (b - a)) / 2))
        lo, hi = b + m - span / 2, a - m + span / 2
        return (lo, hi) if lo <= hi + 1e-9 else None

    need = window(*step) or ((step[0] + step[1]) / 2,) * 2
    inside = need[0] - 1e-9 <= centre <= need[1] + 1e-9
    overshoot = max(lo_g - centre, centre - hi_g, 0.0)  # blank beyond the graph's end
    if inside and overshoot <= BLANK_SLACK * span:
        return centre  # already in view: no jump
    ranges = [need, window(*step, margin=0.0) or need]
    toward = centre
    if ahead is not None and not inside:
        both = window(min(step[0], ahead[0]), max(step[1], ahead[1]))
        if both is not None:
            ranges.insert(0, both)
        else:  # the next steps do not all fit: as far toward them as the step allows
            toward = (ahead[0] + ahead[1]) / 2
    for lo, hi in ranges:  # the widest view that also stays inside the graph
        lo, hi = max(lo, lo_g), min(hi, hi_g)
        if lo <= hi:
            return min(max(toward, lo), hi)
    lo, hi = need  # cannot stay inside the graph and show the step: the step wins
    return min(max(centre, lo), hi)


def blank_fraction(visible: Box, graph: Box) -> float:
    """The share of the visible area the graph's rectangle does not cover (0 = all graph)."""
    if visible.is_empty():
        return 0.0
    left, right = max(visible.left, graph.left), min(visible.right, graph.right)
    top, bottom = max(visible.top, graph.top), min(visible.bottom, graph.bottom)
    covered = max(0.0, right - left) * max(0.0, bottom - top)
    return 1.0 - covered / (visible.width * visible.height)
