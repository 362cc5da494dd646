"""The loss curve's envelope: each bucket's low and high, whatever the chunks it came in."""

from __future__ import annotations

import numpy as np
import pytest

from gui.lab.envelope import Envelope


def buckets(envelope: Envelope, values: np.ndarray) -> list[tuple[float, float]]:
    """The (low, high) of the values each bucket claims, computed directly."""
    out = []
    for start, end in zip(envelope.starts, envelope.ends, strict=True):
        chunk = values[int(start) - 1 : int(end)]
        finite = chunk[np.isfinite(chunk)]
        out.append((finite.min(), finite.max()) if len(finite) else (np.nan, np.nan))
    return out


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_buckets_hold_the_low_and_high_of_their_epochs(seed):
    rng = np.random.default_rng(seed)
    values = rng.normal(size=50_000).cumsum()
    values[rng.integers(0, len(values), 300)] = np.nan
    values[1000:1200] = np.nan  # a run of gaps: whole buckets of nothing
    envelope = Envelope(points=64)
    fed = 0
    while fed < len(values):
        step = int(rng.integers(1, 3000))
        envelope.extend(values[fed : fed + step])
        fed += step
        assert len(envelope.lows) <= 2 * envelope.points
    assert envelope.count == len(values)
    np.testing.assert_array_equal(
        np.column_stack([envelope.lows, envelope.highs]), np.array(buckets(envelope, values))
    )
    # the buckets and the tail cover every epoch once, in order
    covered = np.concatenate(
        [np.arange(s, e + 1) for s, e in zip(envelope.starts, envelope.ends, strict=True)]
    )
    tail = np.arange(len(covered) + 1, len(values) + 1)
    np.testing.assert_array_equal(np.concatenate([covered, tail]), np.arange(1, len(values) + 1))
    np.testing.assert_array_equal(envelope.tail, values[len(covered) :])
    assert envelope.low == np.nanmin(values) and envelope.high == np.nanmax(values)
    x, y = envelope.curve()
    assert np.all(np.diff(x) >= 0) and x[-1] <= len(values)
    assert np.nanmin(y) == np.nanmin(values) and np.nanmax(y) == np.nanmax(values)


def test_short_curves_are_drawn_as_they_are_and_clear_starts_again():
    envelope = Envelope(points=16)
    values = np.linspace(1.0, 0.1, 30)
    envelope.extend(values[:7])
    envelope.extend(values[7:])
    x, y = envelope.curve()
    np.testing.assert_array_equal(x, np.arange(1, 31))
    np.testing.assert_array_equal(y, values)
    assert envelope.last == values[-1]
    envelope.clear()
    assert envelope.count == 0 and envelope.curve()[0].size == 0


def test_a_long_history_at_once_takes_buckets_of_its_size():
    values = np.exp(-np.linspace(0, 9, 1_000_003))
    envelope = Envelope(points=100)
    envelope.extend(values)
    assert len(envelope.lows) <= 200 and envelope.count == len(values)
    np.testing.assert_array_equal(
        np.column_stack([envelope.lows, envelope.highs]), np.array(buckets(envelope, values))
    )
