"""palette.readable_on runs in every node's paint: its answers are cached, and the cache must
answer exactly what the search answered before it, whatever sequence the colour comes in."""

from __future__ import annotations

import numpy as np
import pytest

from gui import palette

# (background, colour, ratio) -> what readable_on answered before it was cached
BEFORE = [
    ((247, 247, 247), palette.TEXT_FAINT, 4.5, (80, 80, 80)),  # the neutral fill
    ((216, 213, 230), palette.TEXT_FAINT, 4.5, (59, 59, 59)),  # fill(0.3)
    ((187, 181, 215), palette.TEXT_FAINT, 4.5, (38, 38, 38)),  # fill(1)
    ((178, 171, 210), palette.TEXT_FAINT, 4.5, (34, 34, 34)),  # the strongest positive
    ((250, 219, 180), palette.TEXT_FAINT, 4.5, (63, 63, 63)),  # fill(-0.3)
    ((252, 193, 119), palette.TEXT_FAINT, 4.5, (51, 51, 51)),  # fill(-1)
    ((253, 184, 99), palette.TEXT_FAINT, 4.5, (46, 46, 46)),  # the strongest negative
    (palette.BACKGROUND, palette.TEXT_FAINT, 4.5, (84, 84, 84)),
    (palette.HALO, palette.TEXT_FAINT, 4.5, (51, 51, 51)),
    ((178, 171, 210), palette.TEXT_FAINT, 7.0, palette.TEXT),  # AAA is out of reach: TEXT
]


@pytest.mark.parametrize(("background", "colour", "ratio", "expected"), BEFORE)
def test_the_cached_answer_is_the_one_given_before(background, colour, ratio, expected):
    palette._readable_on.cache_clear()
    assert palette.readable_on(background, colour, ratio) == expected  # computed
    assert palette.readable_on(background, colour, ratio) == expected  # from the cache
    assert palette._readable_on.cache_info().hits >= 1


def test_every_fill_gets_what_the_uncached_search_gives():
    search = palette._readable_on.__wrapped__
    for value in np.concatenate([np.linspace(-5, 5, 201), [-1e9, 1e9, float("inf")]]):
        fill = palette.fill(float(value), 1.0)
        assert palette.readable_on(fill) == search(fill, palette.TEXT_FAINT, 4.5), value


def test_colours_in_any_sequence_share_one_cache_entry():
    palette._readable_on.cache_clear()
    fill = palette.fill(-1.0, 1.0)
    answers = {
        palette.readable_on(fill),
        palette.readable_on(list(fill)),  # a list is not hashable: a key is made of it
        palette.readable_on(np.array(fill, dtype=np.uint8)),  # a NumPy row's ints
        palette.readable_on((*fill, 255)),  # an rgba tuple: opaque, so its alpha is dropped
        palette.readable_on(fill, list(palette.TEXT_FAINT), 9 / 2),
    }
    assert answers == {(51, 51, 51)}
    info = palette._readable_on.cache_info()
    assert (info.misses, info.hits) == (1, 4)
    assert all(type(c) is int for c in palette.readable_on(np.array(fill)))


def test_the_cache_is_bounded():
    assert palette._readable_on.cache_info().maxsize is not None
