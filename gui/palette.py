"""Colours that carry sign and size, safe for colour-blind viewers and projectors (no Qt here).

A diverging scheme from ColorBrewer's PuOr (purple-orange), which stays distinguishable for
the common colour-vision deficiencies: purple for positive, orange for negative, near-white for
zero. Colour is never the only cue: numbers carry their − sign, and negative weight edges are
dashed. Fills stay light so dark text on them is always readable; strokes may be strong.
NaN/inf use a separate red plus a text marker, and the current step a yellow halo (outside the
diverging scale, so they cannot be mistaken for a value).
"""

from __future__ import annotations

import functools
import math
from collections.abc import Sequence

RGB = tuple[int, int, int]

NEUTRAL: RGB = (247, 247, 247)
POSITIVE_FILL: RGB = (178, 171, 210)  # PuOr #b2abd2
NEGATIVE_FILL: RGB = (253, 184, 99)  # PuOr #fdb863
POSITIVE_STROKE: RGB = (84, 39, 136)  # PuOr #542788
NEGATIVE_STROKE: RGB = (179, 88, 6)  # PuOr #b35806
NEUTRAL_STROKE: RGB = (150, 150, 150)

TEXT: RGB = (25, 25, 25)
TEXT_FAINT: RGB = (110, 110, 110)
BACKGROUND: RGB = (255, 255, 255)
EDGE: RGB = (135, 135, 135)
NONFINITE: RGB = (214, 0, 28)
HALO: RGB = (255, 196, 0)  # the current step
SELECTION: RGB = (0, 114, 178)  # Okabe-Ito blue

INPUT_FILL: RGB = (236, 236, 236)
LITERAL_TEXT: RGB = (120, 120, 120)

# the translucent sheet of BACKGROUND over everything but the current step (gui.scene): in the
# window a strong fade; on a projector a light one, so visited nodes keep WCAG AA contrast
# (4.5:1) between their text and their fill
DIM_ALPHA = 105
PRESENTATION_DIM_ALPHA = 50


def intensity(value: float | None, scale: float) -> float:
    """0 for zero, rising toward 1 as |value| passes the typical size ``scale``."""
    if value is None or not scale > 0:  # also a NaN scale
        return 0.0
    value, scale = abs(float(value)), float(scale)  # Python floats: an overflow is inf, silently
    if not math.isfinite(value):
        return 1.0
    if not math.isfinite(scale):
        return 0.0
    return 1.0 - math.exp(-2.0 * value / scale)


def _mix(a: RGB, b: RGB, t: float) -> RGB:
    t = min(1.0, max(0.0, t))
    return (
        round(a[0] + (b[0] - a[0]) * t),
        round(a[1] + (b[1] - a[1]) * t),
        round(a[2] + (b[2] - a[2]) * t),
    )


def fill(value: float | None, scale: float) -> RGB:
    """Light tint for a node or tag: purple if positive, orange if negative, white at zero."""
    if value is None or value == 0 or (isinstance(value, float) and math.isnan(value)):
        return NEUTRAL
    end = POSITIVE_FILL if value > 0 else NEGATIVE_FILL
    return _mix(NEUTRAL, end, intensity(value, scale))


def stroke(value: float | None, scale: float) -> RGB:
    """Strong line colour for a weight edge: grey for tiny weights, saturated for large."""
    if value is None or value == 0 or (isinstance(value, float) and math.isnan(value)):
        return NEUTRAL_STROKE
    end = POSITIVE_STROKE if value > 0 else NEGATIVE_STROKE
    return _mix(NEUTRAL_STROKE, end, 0.35 + 0.65 * intensity(value, scale))


def weight_width(value: float | None, scale: float, thin: float = 1.5, thick: float = 7.0) -> float:
    """Edge width for a weight: larger |w| draws thicker."""
    return thin + (thick - thin) * intensity(value, scale)


def dashed(value: float | None) -> bool:
    """The second cue for sign on lines: negative weights are dashed."""
    return value is not None and value < 0


def over(colour: RGB, sheet: RGB, alpha: int) -> RGB:
    """``colour`` seen through a sheet of ``sheet`` with opacity ``alpha`` (0–255)."""
    return _mix(colour, sheet, alpha / 255.0)


def relative_luminance(rgb: RGB) -> float:
    """WCAG 2 relative luminance of an sRGB colour."""

    def channel(c: int) -> float:
        v = c / 255.0
        return v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(a: RGB, b: RGB) -> float:
    """WCAG 2 contrast ratio (1 to 21); AA asks 4.5 for text."""
    la, lb = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def readable_on(
    background: Sequence[int], colour: Sequence[int] = TEXT_FAINT, ratio: float = 4.5
) -> RGB:
    """``colour``, darkened toward TEXT just enough to keep ``ratio`` (WCAG AA: 4.5) against
    ``background``, also under a projector's light fade of visited nodes: a faint grey reads
    on white but not on a strong purple or orange fill.

    Every node's subtitle asks this on every repaint, and the search below costs up to 42
    contrast ratios; the answers are cached by the colours as plain (r, g, b) tuples, so a
    list or a NumPy row asks the same question as the tuple it holds."""
    return _readable_on(rgb_key(background), rgb_key(colour), float(ratio))


def rgb_key(colour: Sequence[int]) -> RGB:
    """An sRGB colour as a hashable (r, g, b) of Python ints (an alpha, if any, is dropped:
    these colours are opaque)."""
    r, g, b = (int(c) for c in tuple(colour)[:3])
    return (r, g, b)


@functools.lru_cache(maxsize=1024)  # fills are a few hundred rounded mixes: all fit
def _readable_on(background: RGB, colour: RGB, ratio: float) -> RGB:
    faded_background = over(background, BACKGROUND, PRESENTATION_DIM_ALPHA)
    for step in range(21):
        mixed = _mix(colour, TEXT, step / 20)
        faded = over(mixed, BACKGROUND, PRESENTATION_DIM_ALPHA)
        if (
            contrast_ratio(mixed, background) >= ratio
            and contrast_ratio(faded, faded_background) >= ratio
        ):
            return mixed
    return TEXT


def hex_colour(rgb: RGB) -> str:
    return "#{:02x}{:02x}{:02x}".format(*rgb)
