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
        ({"name": "circle", "noise": 25}, r"fraction from 0 to 1 \(Playground's 25 % is 0.25\)"),
        ({"name": "sin", "noise": 1.01}, "got 1.01"),
    ],
)
def test_bad_requests(kwargs, message):
    with pytest.raises(DataError, match=message):
        datasets.generate(**kwargs)


def test_reg_gauss_follows_playgrounds_definition():
    table = datasets.generate("reg-gauss", 3000, noise=0.0, seed=4)
    x1, x2, y = (table.column(k) for k in ("x1", "x2", "y"))
    assert np.all(np.abs(x1) <= 6) and np.all(np.abs(x2) <= 6)
    for i in range(len(y)):  # written out point by point, independently of the vectorised label
        label = 0.0
        for cx, cy, sign in datasets.REG_GAUSS_CENTRES:
            d = float(np.hypot(x1[i] - cx, x2[i] - cy))
            value = sign * max(0.0, 1.0 - d / 2.0)
            if abs(value) > abs(label):
                label = value
        assert y[i] == pytest.approx(label, abs=1e-12)
    assert y.min() < -0.8 and y.max() > 0.8 and np.mean(y == 0) > 0.2
    signs = [s for _x, _y, s in datasets.REG_GAUSS_CENTRES]
    assert signs == [1, -1, 1, -1, 1, -1]
    centre = datasets.reg_gauss_label(np.array([0.0, 4.0, 0.0]), np.array([2.5, -2.5, 0.0]))
    np.testing.assert_allclose(centre, [-1.0, -1.0, 0.0])  # a centre's own value; far: 0
    noisy = datasets.generate("reg-gauss", 3000, noise=0.5, seed=4)
    assert not np.allclose(
        noisy.column("y"), datasets.reg_gauss_label(noisy.column("x1"), noisy.column("x2"))
    )


@pytest.mark.parametrize(
    "name, f",
    [
        ("sin", np.sin),
        ("cos", np.cos),
        ("tanh", np.tanh),
        ("abs", np.abs),
        ("step", lambda x: np.where(x >= 0, 1.0, 0.0)),
    ],
)
def test_function_sets_sample_their_curve_on_minus_pi_to_pi(name, f):
    table = datasets.generate(name, 500, noise=0.0, seed=1)
    assert table.names == ["x", "x1", "y"]
    x = table.column("x")
    np.testing.assert_array_equal(x, table.column("x1"))
    assert -np.pi <= x.min() < -2.9 and 2.9 < x.max() <= np.pi
    np.testing.assert_array_equal(table.column("y"), f(x))
    noisy = datasets.generate(name, 4000, noise=0.1, seed=1)
    residual = noisy.column("y") - f(noisy.column("x"))
    assert np.std(residual) == pytest.approx(0.1, rel=0.1)
    assert datasets.info(name).kind == "regression"


def test_noise_at_the_limit_is_accepted():
    assert len(datasets.generate("xor", 20, noise=datasets.MAX_NOISE)) == 20
