"""Every op in the registry: its VJP against central finite differences, its closed form, and
its stability at ±1e4."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.autodiff import ops
from core.autodiff.engine import unbroadcast

# Domains that keep each op smooth and away from its kinks (the kinks have their own tests).
AWAY_FROM_ZERO = st.one_of(st.floats(0.05, 5.0), st.floats(-5.0, -0.05))
POSITIVE = st.floats(0.1, 5.0)
ANY = st.floats(-5.0, 5.0)
PROBABILITY = st.floats(0.05, 0.95)
UNARY_DOMAINS = {
    "neg": ANY,
    "exp": ANY,
    "log": POSITIVE,
    "sqrt": POSITIVE,
    "abs": AWAY_FROM_ZERO,
    "sin": ANY,
    "cos": ANY,
    "identity": ANY,
    "sigmoid": ANY,
    "tanh": ANY,
    "softsign": AWAY_FROM_ZERO,
    "step": AWAY_FROM_ZERO,
    "softplus": ANY,
    "relu": AWAY_FROM_ZERO,
    "leaky_relu": AWAY_FROM_ZERO,
    "elu": AWAY_FROM_ZERO,
    "powc": POSITIVE,
    "dropout": ANY,
}
BINARY_DOMAINS = {
    "add": (ANY, ANY),
    "sub": (ANY, ANY),
    "mul": (ANY, ANY),
    "div": (ANY, AWAY_FROM_ZERO),
    "pow": (POSITIVE, st.floats(-2.0, 3.0)),
    "squared_error": (ANY, ANY),
    "bce": (PROBABILITY, st.floats(0.0, 1.0)),
    "bce_logits": (ANY, st.floats(0.0, 1.0)),
}
TENSOR_OPS = {"matmul", "sum", "mean", "softmax", "mse", "softmax_ce", "log_softmax"}
TENSOR_OPS |= {"reduce_sum", "reduce_mean", "transpose", "reshape", "flatten", "features"}


def test_every_op_has_a_domain_in_these_tests() -> None:
    covered = set(UNARY_DOMAINS) | set(BINARY_DOMAINS) | TENSOR_OPS
    assert covered == set(ops.REGISTRY), set(ops.REGISTRY) ^ covered


def numeric_vjp(op, args, params, i, g, h=1e-6):
    """∂/∂args[i] of Σ g·f(args), by central differences, element by element."""
    base = [np.array(a, dtype=float) for a in args]
    out = np.zeros_like(base[i])
    for idx in np.ndindex(base[i].shape):
        plus = [a.copy() for a in base]
        minus = [a.copy() for a in base]
        plus[i][idx] += h
        minus[i][idx] -= h
        f_plus = np.sum(g * op.apply(tuple(plus), params))
        f_minus = np.sum(g * op.apply(tuple(minus), params))
        out[idx] = (f_plus - f_minus) / (2 * h)
    return out


def analytic_vjp(op, args, params, i, g):
    ans = op.apply(tuple(args), params)
    grad = op.backward(i, g, ans, tuple(args), params)
    return unbroadcast(grad, np.shape(args[i]))


def params_for(name: str) -> dict:
    params = dict(ops.REGISTRY[name].params)
    if name == "dropout":
        params.update(training=1.0, seed=3.0, p=0.3)
    if name == "leaky_relu":
        params["a"] = 0.2
    if name == "elu":
        params["alpha"] = 1.5
    if name == "powc":
        params["p"] = 3.0
    return params


@pytest.mark.parametrize("name", sorted(UNARY_DOMAINS))
@settings(max_examples=25, deadline=None)
@given(data=st.data())
def test_unary_vjp_matches_finite_differences(name, data) -> None:
    op = ops.REGISTRY[name]
    x = np.array(data.draw(st.lists(UNARY_DOMAINS[name], min_size=1, max_size=4)))
    g = np.array(data.draw(st.lists(ANY, min_size=len(x), max_size=len(x))))
    params = params_for(name)
    got = analytic_vjp(op, [x], params, 0, g)
    want = numeric_vjp(op, [x], params, 0, g)
    np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("name", sorted(BINARY_DOMAINS))
@settings(max_examples=25, deadline=None)
@given(data=st.data())
def test_binary_vjp_matches_finite_differences(name, data) -> None:
    op = ops.REGISTRY[name]
    da, db = BINARY_DOMAINS[name]
    a = np.array(data.draw(st.lists(da, min_size=3, max_size=3)))
    b = data.draw(db)  # a scalar broadcast against a vector: exercises unbroadcast
    g = np.array(data.draw(st.lists(ANY, min_size=3, max_size=3)))
    for i in (0, 1):
        got = analytic_vjp(op, [a, b], {}, i, g)
        want = numeric_vjp(op, [a, b], {}, i, g)
        np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-6)


TENSOR_CASES = [
    ("matmul", lambda r: [r.normal(size=(4, 3)), r.normal(size=(3, 2))]),
    ("matmul", lambda r: [r.normal(size=(4, 3)), r.normal(size=3)]),
    ("matmul", lambda r: [r.normal(size=3), r.normal(size=(3, 2))]),
    ("matmul", lambda r: [r.normal(size=3), r.normal(size=3)]),
    ("sum", lambda r: [r.normal(size=(3, 2))]),
    ("mean", lambda r: [r.normal(size=(3, 2))]),
    ("softmax", lambda r: [r.normal(size=(3, 4))]),
    ("softmax", lambda r: [r.normal(size=4)]),
    ("mse", lambda r: [r.normal(size=(5, 2)), r.normal(size=(5, 2))]),
    ("softmax_ce", lambda r: [r.normal(size=(5, 3)), np.eye(3)[[0, 2, 1, 1, 0]]]),
    ("log_softmax", lambda r: [r.normal(size=(3, 4))]),
    ("log_softmax", lambda r: [r.normal(size=4)]),
    ("reduce_sum", lambda r: [r.normal(size=(3, 2))]),
    ("reduce_mean", lambda r: [r.normal(size=(3, 2))]),
    ("transpose", lambda r: [r.normal(size=(3, 2))]),
    ("reshape", lambda r: [r.normal(size=(3, 2))]),
    ("flatten", lambda r: [r.normal(size=(3, 2))]),
]
PARAM_CASES = [
    ("reduce_sum", {"axis": 0.0}, (3, 2)),
    ("reduce_sum", {"axis": 1.0, "keepdims": 1.0}, (3, 2)),
    ("reduce_sum", {"all": 1.0, "keepdims": 1.0}, (3, 2)),
    ("reduce_sum", {"all": 1.0}, (4,)),
    ("reduce_mean", {"axis": 0.0, "keepdims": 1.0}, (3, 2)),
    ("reduce_mean", {"axis": -1.0}, (3, 2)),
    ("reduce_mean", {"all": 1.0}, (3, 2)),
    ("reshape", {"rows": 2.0, "cols": 3.0}, (3, 2)),
    ("reshape", {"rows": -1.0, "rank": 1.0}, (3, 2)),
    ("reshape", {"rows": 0.0, "cols": -1.0}, (3, 2)),
    ("reshape", {"rows": 1.0, "cols": -1.0}, (6,)),
    ("flatten", {"axis": 0.0}, (3, 2)),
    ("flatten", {"axis": 1.0}, (5,)),
    ("features", {"mask": 127.0}, (5, 2)),  # every feature of x1 and x2
    ("features", {"mask": 4.0 + 32.0}, (4, 1)),  # x1², sin x1 of one input
    ("features", {"mask": 16.0 + 64.0}, (3, 2)),  # x1·x2, sin x2
]


@pytest.mark.parametrize(("name", "params", "shape"), PARAM_CASES)
def test_shape_ops_with_parameters_match_finite_differences(name, params, shape) -> None:
    rng = np.random.default_rng(3)
    op = ops.REGISTRY[name]
    params = {**op.params, **params}
    x = rng.normal(size=shape)
    g = rng.normal(size=np.shape(op.apply((x,), params)))
    np.testing.assert_allclose(
        analytic_vjp(op, [x], params, 0, g), numeric_vjp(op, [x], params, 0, g), rtol=1e-6
    )


def test_shape_ops_follow_numpy() -> None:
    x = np.arange(6.0).reshape(3, 2)
    get = ops.REGISTRY.__getitem__
    assert get("reduce_sum").apply((x,), {"axis": 0.0}).tolist() == [6.0, 9.0]
    assert get("reduce_mean").apply((x,), {"axis": 1.0, "keepdims": 1.0}).shape == (3, 1)
    assert get("reduce_sum").apply((x,), {"all": 1.0, "keepdims": 1.0}).shape == (1, 1)
    assert get("transpose").apply((x,), {}).tolist() == x.T.tolist()
    assert get("reshape").apply((x,), {"rows": 0.0, "cols": -1.0}).shape == (3, 2)
    assert get("reshape").apply((x,), {"rows": -1.0, "rank": 1.0}).shape == (6,)
    assert get("flatten").apply((x,), {"axis": 0.0}).shape == (1, 6)
    z = np.array([[1.0, 2.0, 3.0]])
    np.testing.assert_allclose(
        get("log_softmax").apply((z,), {}), np.log(np.exp(z) / np.exp(z).sum()), rtol=1e-15
    )


@pytest.mark.parametrize(("name", "make"), TENSOR_CASES)
def test_tensor_vjp_matches_finite_differences(name, make) -> None:
    rng = np.random.default_rng(7)
    op = ops.REGISTRY[name]
    args = make(rng)
    g = rng.normal(size=np.shape(op.apply(tuple(args), {})))
    for i in range(op.arity):
        got = analytic_vjp(op, args, {}, i, g)
        want = numeric_vjp(op, args, {}, i, g)
        np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-7)


def test_activation_table_closed_forms() -> None:
    """The lecture's table, value by value."""
    x = np.array([-2.0, -0.5, 0.0, 0.5, 2.0])

    def f(name, **p):
        return ops.REGISTRY[name].apply((x,), {**ops.REGISTRY[name].params, **p})

    def d(name, **p):
        op = ops.REGISTRY[name]
        params = {**op.params, **p}
        return op.local_derivative(0, op.apply((x,), params), (x,), params)

    sig = 1 / (1 + np.exp(-x))
    np.testing.assert_allclose(f("sigmoid"), sig)
    np.testing.assert_allclose(d("sigmoid"), sig * (1 - sig))
    np.testing.assert_allclose(f("tanh"), (np.exp(x) - np.exp(-x)) / (np.exp(x) + np.exp(-x)))
    np.testing.assert_allclose(d("tanh"), 1 - np.tanh(x) ** 2)
    np.testing.assert_allclose(f("softsign"), x / (1 + np.abs(x)))
    np.testing.assert_allclose(d("softsign"), 1 / (1 + np.abs(x)) ** 2)
    np.testing.assert_array_equal(f("step"), [0, 0, 1, 1, 1])
    np.testing.assert_array_equal(d("step"), [0, 0, 0, 0, 0])
    np.testing.assert_allclose(f("softplus"), np.log(1 + np.exp(x)))
    np.testing.assert_allclose(d("softplus"), 1 / (1 + np.exp(-x)))
    np.testing.assert_array_equal(f("relu"), [0, 0, 0, 0.5, 2])
    np.testing.assert_array_equal(d("relu"), [0, 0, 1, 1, 1])  # relu'(0) = 1: x ≥ 0 branch
    np.testing.assert_allclose(f("leaky_relu", a=0.1), [-0.2, -0.05, 0, 0.5, 2])
    np.testing.assert_allclose(d("leaky_relu", a=0.1), [0.1, 0.1, 1, 1, 1])
    elu = np.where(x < 0, 2.0 * (np.exp(x) - 1), x)
    np.testing.assert_allclose(f("elu", alpha=2.0), elu)
    np.testing.assert_allclose(d("elu", alpha=2.0), np.where(x < 0, elu + 2.0, 1.0))
    np.testing.assert_array_equal(f("identity"), x)


def test_default_activation_parameters_are_the_lecture_defaults() -> None:
    assert ops.REGISTRY["leaky_relu"].params == {"a": 0.01}
    assert ops.REGISTRY["elu"].params == {"alpha": 1.0}


@pytest.mark.parametrize(
    "name", ["sigmoid", "softplus", "tanh", "elu", "softsign", "leaky_relu", "relu"]
)
def test_activations_are_finite_at_extremes_without_warnings(name) -> None:
    op = ops.REGISTRY[name]
    x = np.array([-1e4, -700.0, 0.0, 700.0, 1e4])
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # the stable forms must not even warn
        y = op.apply((x,), op.params)
        d = op.local_derivative(0, y, (x,), op.params)
    assert np.all(np.isfinite(y)) and np.all(np.isfinite(d))


def test_losses_and_softmax_are_finite_at_extremes_without_warnings() -> None:
    z = np.array([[1e4, -1e4, 0.0], [-1e4, -1e4, -1e4]])
    y = np.array([[0.0, 1.0, 0.0], [1.0, 0.0, 0.0]])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for name, args in [
            ("softmax", (z,)),
            ("softmax_ce", (z, y)),
            ("bce_logits", (z, y)),
            ("bce", (ops.stable_sigmoid(z), y)),
        ]:
            op = ops.REGISTRY[name]
            out = op.apply(args, {})
            assert np.all(np.isfinite(out)), name
            for i in range(op.arity):
                grad = op.backward(i, np.ones_like(out), out, args, {})
                assert np.all(np.isfinite(grad)), (name, i)
    ce = ops.REGISTRY["softmax_ce"].apply((z, y), {})
    np.testing.assert_allclose(ce, [2e4, 0.0 + np.log(3.0)])


def test_dropout_is_identity_in_evaluation_and_seeded_in_training() -> None:
    op = ops.REGISTRY["dropout"]
    x = np.ones(1000)
    assert np.array_equal(op.apply((x,), {"p": 0.5, "seed": 1.0, "training": 0.0}), x)
    a = op.apply((x,), {"p": 0.5, "seed": 1.0, "training": 1.0})
    b = op.apply((x,), {"p": 0.5, "seed": 1.0, "training": 1.0})
    c = op.apply((x,), {"p": 0.5, "seed": 2.0, "training": 1.0})
    assert np.array_equal(a, b) and not np.array_equal(a, c)
    assert set(np.unique(a)) == {0.0, 2.0}  # kept units scaled by 1/(1-p)
    assert 400 < np.count_nonzero(a) < 600


def test_every_op_renders_its_formula_and_derivatives() -> None:
    for name, op in ops.REGISTRY.items():
        names = [f"u{i}" for i in range(op.arity)]
        text = op.render(*names)
        assert all(n in text for n in names), name
        assert len(op.derivatives) == op.arity, name


def test_log_of_zero_is_visible_not_hidden() -> None:
    op = ops.REGISTRY["log"]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with ops.quiet():
            assert op.apply((np.float64(0.0),), {}) == -np.inf
            assert np.isnan(ops.REGISTRY["div"].apply((np.float64(0.0), np.float64(0.0)), {}))


def _unit_local(op: ops.Op, i: int, args: tuple) -> np.ndarray:
    """∂out/∂arg_i elementwise, or the VJP of a unit upstream for the other ops."""
    ans = op.apply(args, {})
    if op.local is not None:
        return np.broadcast_to(op.local(i, ans, *args), np.shape(ans))
    return op.backward(i, np.ones_like(ans), ans, args, {})


@pytest.mark.parametrize("name", [n for n, op in ops.REGISTRY.items() if op.reads is not None])
def test_a_local_derivative_does_not_change_when_an_argument_it_does_not_read_is_nudged(name):
    """``Op.reads`` is what the quiz's "which values does this factor read" answers come from; a
    wrong declaration (mul reading itself, elu never reading x) fails here."""
    op = ops.get(name)
    rng = np.random.default_rng(3)
    for sign in (1.0, -1.0):  # both sides of the kinks, never across them
        shape = (2, 2)
        args = tuple(sign * rng.uniform(0.5, 2.0, shape) for _ in range(op.arity))
        for i in range(op.arity):
            reads = op.reads_of(i, args)
            assert all(0 <= k < op.arity for k in reads), name
            before = _unit_local(op, i, args)
            for k in set(range(op.arity)) - set(reads):
                nudged = tuple(a + 1e-3 if j == k else a for j, a in enumerate(args))
                np.testing.assert_array_equal(_unit_local(op, i, nudged), before, err_msg=name)
            for k in reads:  # and what it reads, it does read
                nudged = tuple(a + 1e-3 if j == k else a for j, a in enumerate(args))
                assert not np.array_equal(_unit_local(op, i, nudged), before), (name, i, k)
    if name == "elu":  # reads x only where some x is negative
        assert op.reads_of(0, (np.array([0.5, 1.0]),)) == ()
        assert op.reads_of(0, (np.array([0.5, -1.0]),)) == (0,)


def test_features_follow_their_formulas() -> None:
    x = np.array([[0.5, -2.0], [1.5, 3.0]])
    x1, x2 = x[:, 0], x[:, 1]
    op = ops.REGISTRY["features"]
    every = op.apply((x,), {"mask": ops.feature_mask(ops.FEATURE_NAMES)})
    want = np.column_stack([x1, x2, x1**2, x2**2, x1 * x2, np.sin(x1), np.sin(x2)])
    np.testing.assert_allclose(every, want, rtol=1e-15)
    mask = ops.feature_mask(["sin(x2)", "x1^2"])
    assert ops.mask_features(mask) == ("x1^2", "sin(x2)")  # Playground's order
    assert op.render("X", mask=mask) == "[x1², sin(x2)](X)"
