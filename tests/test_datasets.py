"""Generated data sets: seeded, the right columns and labels, noise that does what it says."""

from __future__ import annotations

import numpy as np
import pytest

from core.training import datasets
from core.training.data import DataError


@pytest.mark.parametrize("name", datasets.names())
def test_every_set_is_seeded_and_shaped(name):
    meta = datasets.info(name)
    a = datasets.generate(name, 101, noise=0.2, seed=5)
    b = datasets.generate(name, 101, noise=0.2, seed=5)
    c = datasets.generate(name, 101, noise=0.2, seed=6)
    assert a.names == list(meta.columns)
    assert len(a) == 101
    for col in a.names:
        np.testing.assert_array_equal(a.column(col), b.column(col))
        assert np.all(np.isfinite(a.column(col)))
    assert any(not np.array_equal(a.column(k), c.column(k)) for k in a.names)
    if meta.kind == "classification":
        labels = a.column("y")
        assert set(np.unique(labels)) == {0.0, 1.0}
        assert abs(labels.mean() - 0.5) < 0.1


def test_paired_regression_follows_its_line():
    table = datasets.generate("regression", 2000, noise=0.1, seed=0)
    w1, w0 = np.polyfit(table.column("x"), table.column("y"), 1)
    assert w0 == pytest.approx(datasets.TRUE_LINE[0], abs=0.02)
    assert w1 == pytest.approx(datasets.TRUE_LINE[1], abs=0.02)
    exact = datasets.generate("regression", 50, noise=0.0)
    np.testing.assert_allclose(exact.column("y"), 0.5 + 2.0 * exact.column("x"))


def test_noiseless_labels_match_the_geometry():
    circle = datasets.generate("circle", 400, noise=0.0)
    r = np.hypot(circle.column("x1"), circle.column("x2"))
    np.testing.assert_array_equal(circle.column("y"), (r < 2.5).astype(float))
    xor = datasets.generate("xor", 400, noise=0.0)
    np.testing.assert_array_equal(
        xor.column("y"), (xor.column("x1") * xor.column("x2") >= 0).astype(float)
    )
    plane = datasets.generate("plane", 50, noise=0.0)
    np.testing.assert_allclose(plane.column("y"), (plane.column("x1") + plane.column("x2")) / 10)
    gauss = datasets.generate("gauss", 400, noise=0.0)
    ones = gauss.column("y") == 1
    assert gauss.column("x1")[ones].mean() > 1.5 > -1.5 > gauss.column("x1")[~ones].mean()


def test_noise_flips_some_labels():
    clean = datasets.generate("xor", 1000, noise=0.0, seed=1)
    noisy = datasets.generate("xor", 1000, noise=0.5, seed=1)
    truth = (noisy.column("x1") * noisy.column("x2") >= 0).astype(float)
    wrong = np.mean(noisy.column("y") != truth)
    assert 0.02 < wrong < 0.5
    assert np.mean(clean.column("y") != (clean.column("x1") * clean.column("x2") >= 0)) == 0


def test_split_gives_disjoint_train_and_test():
    train, test = datasets.generate_split("spiral", 200, seed=2, test_fraction=0.3)
    assert test is not None and len(train) == 140 and len(test) == 60
    whole = datasets.generate("spiral", 200, seed=2)
    joined = np.sort(np.concatenate([train.column("x1"), test.column("x1")]))
    np.testing.assert_array_equal(joined, np.sort(whole.column("x1")))


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"name": "moons"}, "unknown data set 'moons'; choose from regression, circle"),
        ({"name": "xor", "samples": 1}, "at least 2"),
        ({"name": "xor", "samples": 2.5}, "whole number"),
        ({"name": "xor", "noise": -1}, "noise must be"),
        ({"name": "xor", "noise": float("nan")}, "noise must be"),
    ],
)
def test_bad_requests(kwargs, message):
    with pytest.raises(DataError, match=message):
        datasets.generate(**kwargs)
