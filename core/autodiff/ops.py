"""Every primitive operation, declared once: forward, derivative, and the text shown for both.

Elementwise ops declare a *local derivative* (∂out/∂arg, elementwise); their vector-Jacobian
product is literally ``upstream * local``, so the number a person sees on an edge is the number
backprop multiplies by. Non-elementwise ops (matmul, reductions, softmax, losses over a row)
declare a VJP directly; for them the local derivative on screen is the VJP of a unit upstream
when everything is scalar.

Kink conventions (used everywhere, tests included): relu'(0) = 1, leaky_relu'(0) = 1,
elu'(0) = 1 (the lecture's table writes "x ≥ 0" for the linear branch); step'(x) = 0 everywhere,
including 0; abs'(0) = 0.

Non-finite results (log(0), 0/0, exp overflow) are not hidden: NumPy's warnings are silenced
inside the ops and the engine marks the first node whose value or gradient is not finite.

Fast kernels: an op may also declare ``fast`` (``Kernels``), shortcuts for the compiled training
path (``core.autodiff.plan``) that give the very bits of its own ``forward`` and ``upstream * local`` (or
VJP) while dropping work that cannot change a bit: a product with ones, a ``broadcast_to`` view
before an elementwise product, ``np.asarray`` on an array that already is one, a coercion to
float64 (so float32 stays float32). ``fast32`` replaces them in single precision where the
formula itself must change (bce's clip). ``tests/test_plan.py`` holds each to exact equality
with the engine, kinks and exact zeros included.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

Array = np.ndarray
Value = Any  # what ops compute on: a NumPy float64 scalar or a float array (see graph.as_value)
Kernel = Callable[..., Any]
BCE_EPS = 1e-12  # probabilities are clipped to [eps, 1 - eps] inside bce; documented in the README
BCE_EPS32 = 1e-7  # 1 − 1e-12 rounds to 1 in float32, so single precision clips here instead
_ndarray = np.ndarray
Reads = Callable[[int, tuple[Value, ...]], tuple[int, ...]]


@dataclass(frozen=True)
class Kernels:
    """Exact shortcuts for the compiled path; ``None`` means "use the op's own code".

    ``forward(*args)`` returns the value, ``backward[i](g, ans, *args)`` the contribution to
    argument i before it is summed back to the argument's shape. Used only for nodes without
    parameters.
    """

    forward: Kernel | None = None
    backward: tuple[Kernel, ...] | None = None


@dataclass(frozen=True)
class Op:
    """One primitive. ``template`` and ``derivatives`` use ``{0}``, ``{1}`` for the arguments."""

    name: str
    arity: int
    forward: Callable[..., Value]
    template: str
    derivatives: tuple[str, ...]
    summary: str
    local: Callable[..., Value] | None = None  # (i, ans, *args, **params) -> elementwise d/d arg i
    vjp: Callable[..., Value] | None = None  # (i, g, ans, *args, **params) -> grad wrt arg i
    params: dict[str, float] = field(default_factory=dict)
    param_names: tuple[str, ...] = ()  # optional positional parameters after the arguments
    display_params: Callable[[dict[str, Any]], dict[str, str]] | None = None  # extra template keys
    fast: Kernels | None = None  # exact shortcuts for the compiled training path (see above)
    fast32: Kernels | None = None  # their single-precision variant where a formula must change
    reads: Reads | None = None  # which arguments the local derivative reads (None: all of them)

    def reads_of(self, i: int, args: tuple[Value, ...]) -> tuple[int, ...]:
        """The positions of the arguments whose values ∂out/∂arg_i depends on at ``args``: a
        small nudge of any other node leaves this local derivative as it is (the quiz asks)."""
        if self.reads is None:
            return tuple(range(len(args)))
        return self.reads(i, args)

    @property
    def elementwise(self) -> bool:
        return self.local is not None

    def kernels(self, single: bool = False) -> Kernels | None:
        """The fast kernels for float64 (or, with ``single``, float32) plans."""
        if single and self.fast32 is not None:
            return self.fast32
        return self.fast

    def apply(self, args: tuple[Value, ...], params: dict[str, Any]) -> Value:
        return self.forward(*args, **params)

    def local_derivative(
        self, i: int, ans: Value, args: tuple[Value, ...], params: dict[str, Any]
    ) -> Value | None:
        """∂ans/∂arg_i as an elementwise array, or None where only a VJP exists."""
        if self.local is None:
            return None
        return self.local(i, ans, *args, **params)

    def backward(
        self,
        i: int,
        upstream: Value,
        ans: Value,
        args: tuple[Value, ...],
        params: dict[str, Any],
        local: Value | None = None,
    ) -> Value:
        """The VJP for argument i, before summing a broadcast argument back to its shape."""
        if self.local is not None:
            if local is None:
                local = self.local(i, ans, *args, **params)
            return upstream * local
        assert self.vjp is not None
        return self.vjp(i, upstream, ans, *args, **params)

    def render(self, *arg_texts: str, **params: Any) -> str:
        """The op's formula with argument texts substituted, for display."""
        merged = {**self.params, **params}
        if self.display_params is not None:
            merged.update(self.display_params(merged))
        return self.template.format(*arg_texts, **merged)


def quiet() -> np.errstate:
    """Silence NumPy's floating-point warnings for a whole run: non-finite results are not
    hidden, the engine marks where they first appear. Values are NumPy scalars or arrays, so
    1/0 gives inf (a Python float would raise ZeroDivisionError)."""
    return np.errstate(all="ignore")


_ONE = np.float64(1.0)
_MINUS_ONE = np.float64(-1.0)
REGISTRY: dict[str, Op] = {}


def register(op: Op) -> Op:
    if op.name in REGISTRY:
        raise ValueError(f"op {op.name!r} declared twice")
    REGISTRY[op.name] = op
    return op


def get(name: str) -> Op:
    return REGISTRY[name]


# ---------------------------------------------------------------- numerically stable helpers


def stable_sigmoid(x: Value) -> Value:
    x = np.asarray(x, dtype=float)
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def stable_softplus(x: Value) -> Value:
    x = np.asarray(x, dtype=float)
    return np.log1p(np.exp(-np.abs(x))) + np.maximum(x, 0.0)


def log_softmax(z: Value) -> Value:
    z = np.asarray(z, dtype=float)
    shifted = z - np.max(z, axis=-1, keepdims=True)
    return shifted - np.log(np.sum(np.exp(shifted), axis=-1, keepdims=True))


def softmax(z: Value) -> Value:
    return np.exp(log_softmax(z))


def dropout_mask(shape: tuple[int, ...], p: float, seed: float) -> Value:
    """Inverted-dropout mask: kept units are scaled by 1/(1-p) so evaluation needs no rescale."""
    if p <= 0.0:
        return np.ones(shape)
    if p >= 1.0:
        return np.zeros(shape)
    rng = np.random.default_rng(int(seed))
    return (rng.random(shape) >= p) / (1.0 - p)


# ---------------------------------------------------------------- what a local derivative reads


def constant_local(i: int, args: tuple[Value, ...]) -> tuple[int, ...]:
    """A local derivative that is a constant (1, −1, 0, the mask): it reads no value."""
    return ()


def piecewise_constant(i: int, args: tuple[Value, ...]) -> tuple[int, ...]:
    """Constant on each side of 0 (relu, leaky_relu, abs): a small nudge does not change it."""
    return ()


def _reads_other(i: int, args: tuple[Value, ...]) -> tuple[int, ...]:
    """A product's derivative for one factor is the other factor."""
    return (1 - i,)


def _elu_reads(i: int, args: tuple[Value, ...]) -> tuple[int, ...]:
    """1 for x ≥ 0, f(x) + α below: it reads x only where some x is negative."""
    return (0,) if np.any(np.asarray(args[0]) < 0) else ()


# ---------------------------------------------------------------- shared fast kernels


def _pass(
    g: Value, ans: Value, a: Value, b: Value = None
) -> Value:  # g * ones_like(ans) == g exactly
    return g


def _negate(
    g: Value, ans: Value, a: Value, b: Value = None
) -> Value:  # g * -ones_like(ans) == -g exactly
    return -g


def _own_log_softmax(z: Value) -> Value:
    """log_softmax in z's own dtype (no coercion to float64)."""
    shifted = z - np.max(z, axis=-1, keepdims=True)
    return shifted - np.log(np.sum(np.exp(shifted), axis=-1, keepdims=True))


def _unary(
    name: str,
    fwd: Callable[..., Value],
    local: Callable[..., Value],
    template: str,
    derivative: str,
    summary: str,
    fast: Kernels | None = None,
    reads: Reads | None = None,
    **params: float,
) -> Op:
    return register(
        Op(
            name=name,
            arity=1,
            forward=fwd,
            local=lambda i, ans, x, **p: local(ans, x, **p),
            template=template,
            derivatives=(derivative,),
            summary=summary,
            params=params,
            param_names=tuple(params),
            fast=fast,
            reads=reads,
        )
    )


# ---------------------------------------------------------------- arithmetic

register(
    Op(
        "add",
        2,
        lambda a, b: a + b,
        "{0} + {1}",
        ("1", "1"),
        "sum",
        local=lambda i, ans, a, b: _ONE,
        fast=Kernels(backward=(_pass, _pass)),
        reads=constant_local,
    )
)
register(
    Op(
        "sub",
        2,
        lambda a, b: a - b,
        "{0} − {1}",
        ("1", "−1"),
        "difference",
        local=lambda i, ans, a, b: _ONE if i == 0 else _MINUS_ONE,
        fast=Kernels(backward=(_pass, _negate)),
        reads=constant_local,
    )
)
register(
    Op(
        "mul",
        2,
        lambda a, b: a * b,
        "{0} · {1}",
        ("{1}", "{0}"),
        "product",
        local=lambda i, ans, a, b: b if i == 0 else a,
        fast=Kernels(backward=(lambda g, ans, a, b: g * b, lambda g, ans, a, b: g * a)),
        reads=_reads_other,
    )
)
register(
    Op(
        "div",
        2,
        lambda a, b: a / b,
        "{0} / {1}",
        ("1/{1}", "−{0}/{1}²"),
        "quotient",
        local=lambda i, ans, a, b: 1.0 / b if i == 0 else -a / (b * b),
        fast=Kernels(
            backward=(
                lambda g, ans, a, b: g * (1.0 / b),
                lambda g, ans, a, b: g * (-a / (b * b)),
            )
        ),
        reads=lambda i, args: (1,) if i == 0 else (0, 1),  # 1/b, then −a/b²
    )
)


def _pow_local(i: int, ans: Value, a: Value, b: Value) -> Value:
    if i == 0:
        return np.broadcast_to(b * np.power(a, b - 1.0), np.shape(ans))
    # d(a^b)/db = a^b ln a; where a == 0 and b > 0 the limit is 0
    safe = np.where(a > 0, a, 1.0)
    return np.broadcast_to(
        np.where(a > 0, ans * np.log(safe), np.where(a == 0, 0.0, np.nan)), np.shape(ans)
    )


register(
    Op(
        "pow",
        2,
        np.power,
        "{0}^{1}",
        ("{1}·{0}^({1}−1)", "{0}^{1}·ln {0}"),
        "power",
        local=_pow_local,
    )
)
_SUPERSCRIPTS = str.maketrans("0123456789-.", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻·")


def _exponent_text(params: dict[str, Any]) -> dict[str, str]:
    """x² reads better than x^2 on a slide; unusual exponents keep the caret."""
    p = float(params.get("p", 2.0))
    text = f"{p:g}"
    if p == int(p) and abs(p) < 10:
        lower = "" if p == 2 else f"{p - 1:g}".translate(_SUPERSCRIPTS)
        return {"sup": text.translate(_SUPERSCRIPTS), "sup1": lower}
    return {"sup": f"^{text}", "sup1": f"^({text}−1)"}


register(
    Op(
        "powc",
        1,
        lambda x, p=2.0: np.power(x, p),
        "{0}{sup}",
        ("{p:g}·{0}{sup1}",),
        "power with a constant exponent",
        local=lambda i, ans, x, p=2.0: p * np.power(x, p - 1.0),
        params={"p": 2.0},
        param_names=("p",),
        display_params=_exponent_text,
    )
)
_unary(
    "neg",
    np.negative,
    lambda ans, x: -np.ones_like(x),
    "−{0}",
    "−1",
    "negation",
    fast=Kernels(backward=(_negate,)),
    reads=constant_local,
)
_unary(
    "exp",
    np.exp,
    lambda ans, x: ans,
    "exp({0})",
    "exp({0})",
    "exponential",
    fast=Kernels(backward=(lambda g, ans, x: g * ans,)),
)
_unary("log", np.log, lambda ans, x: 1.0 / x, "ln({0})", "1/{0}", "natural logarithm")
_unary("sqrt", np.sqrt, lambda ans, x: 0.5 / ans, "√{0}", "1/(2√{0})", "square root")
_unary(
    "abs",
    np.abs,
    lambda ans, x: np.sign(x),
    "|{0}|",
    "sign({0})",
    "absolute value",
    reads=piecewise_constant,
)
_unary("sin", np.sin, lambda ans, x: np.cos(x), "sin({0})", "cos({0})", "sine")
_unary("cos", np.cos, lambda ans, x: -np.sin(x), "cos({0})", "−sin({0})", "cosine")

# ---------------------------------------------------------------- the lecture's activation table


def _identity_fast(
    x: Value,
) -> Value:  # values are never written in place, so an array needs no copy
    return x if type(x) is _ndarray else np.array(x, dtype=float)


def _sigmoid_fast(x: Value) -> Value:
    """stable_sigmoid in x's own dtype: where(x ≥ 0, 1/(1+e), e/(1+e)), e = exp(−|x|)."""
    if type(x) is not _ndarray:
        return stable_sigmoid(x)
    e = np.exp(-np.abs(x))
    d = 1.0 + e
    out = 1.0 / d
    np.divide(e, d, out=out, where=x < 0)
    return out


_unary(
    "identity",
    lambda x: np.array(x, dtype=float),
    lambda ans, x: np.ones_like(x),
    "{0}",
    "1",
    "identity",
    fast=Kernels(forward=_identity_fast, backward=(_pass,)),
    reads=constant_local,
)
_unary(
    "sigmoid",
    stable_sigmoid,
    lambda ans, x: ans * (1.0 - ans),
    "σ({0})",
    "σ({0})(1 − σ({0}))",
    "logistic sigmoid 1/(1+e^−x)",
    fast=Kernels(forward=_sigmoid_fast, backward=(lambda g, ans, x: g * (ans * (1.0 - ans)),)),
)
_unary(
    "tanh",
    np.tanh,
    lambda ans, x: 1.0 - ans * ans,
    "tanh({0})",
    "1 − tanh²({0})",
    "hyperbolic tangent",
    fast=Kernels(backward=(lambda g, ans, x: g * (1.0 - ans * ans),)),
)
_unary(
    "softsign",
    lambda x: x / (1.0 + np.abs(x)),
    lambda ans, x: 1.0 / (1.0 + np.abs(x)) ** 2,
    "softsign({0})",
    "1/(1 + |{0}|)²",
    "x/(1+|x|)",
)
_unary(
    "step",
    lambda x: np.where(np.asarray(x) >= 0, 1.0, 0.0),
    lambda ans, x: np.zeros_like(x, dtype=float),
    "step({0})",
    "0",
    "Heaviside step: 0 for x<0, 1 for x≥0",
    reads=constant_local,
)
_unary(
    "softplus",
    stable_softplus,
    lambda ans, x: stable_sigmoid(x),
    "softplus({0})",
    "1/(1 + e^−{0})",
    "log(1+e^x)",
)
_unary(
    "relu",
    lambda x: np.maximum(x, 0.0),
    lambda ans, x: np.where(np.asarray(x) >= 0, 1.0, 0.0),
    "ReLU({0})",
    "1 if {0} ≥ 0 else 0",
    "max(0, x)",
    # a bool multiplies as exactly 1.0 / 0.0: the same bits as the local derivative above
    fast=Kernels(backward=(lambda g, ans, x: g * (x >= 0),)),
    reads=piecewise_constant,
)
_unary(
    "leaky_relu",
    lambda x, a=0.01: np.where(np.asarray(x) >= 0, x, a * np.asarray(x)),
    lambda ans, x, a=0.01: np.where(np.asarray(x) >= 0, 1.0, a),
    "LeakyReLU({0}; a={a:g})",
    "1 if {0} ≥ 0 else {a:g}",
    "ax for x<0, x for x≥0",
    reads=piecewise_constant,
    a=0.01,
)
_unary(
    "elu",
    lambda x, alpha=1.0: np.where(np.asarray(x) >= 0, x, alpha * np.expm1(np.minimum(x, 0.0))),
    lambda ans, x, alpha=1.0: np.where(np.asarray(x) >= 0, 1.0, ans + alpha),
    "ELU({0}; α={alpha:g})",
    "1 if {0} ≥ 0 else f({0}) + {alpha:g}",
    "α(e^x−1) for x<0, x for x≥0",
    reads=_elu_reads,
    alpha=1.0,
)

ACTIVATIONS: tuple[str, ...] = (
    "sigmoid",
    "tanh",
    "softsign",
    "step",
    "softplus",
    "relu",
    "leaky_relu",
    "elu",
    "identity",
)


# ---------------------------------------------------------------- elementwise losses


def _bce(p: Value, y: Value) -> Value:
    q = np.clip(p, BCE_EPS, 1.0 - BCE_EPS)
    return -(y * np.log(q) + (1.0 - y) * np.log1p(-q))


def _bce_local(i: int, ans: Value, p: Value, y: Value) -> Value:
    q = np.clip(p, BCE_EPS, 1.0 - BCE_EPS)
    if i == 0:
        return np.broadcast_to((q - y) / (q * (1.0 - q)), np.shape(ans))
    return np.broadcast_to(np.log1p(-q) - np.log(q), np.shape(ans))


register(
    Op(
        "squared_error",
        2,
        lambda a, y: (a - y) ** 2,
        "({0} − {1})²",
        ("2({0} − {1})", "−2({0} − {1})"),
        "squared error (a − y)²",
        local=lambda i, ans, a, y: np.broadcast_to(
            2.0 * (a - y) * (1.0 if i == 0 else -1.0), np.shape(ans)
        ),
        fast=Kernels(
            backward=(
                lambda g, ans, a, y: g * (2.0 * (a - y)),  # 2(a − y)·1.0
                lambda g, ans, a, y: g * -(2.0 * (a - y)),  # 2(a − y)·(−1.0)
            )
        ),
    )
)


def _bce_kernels(eps: float) -> Kernels:
    """_bce and its local derivatives, unbroadcast-free, with the clip ``eps``."""

    def forward(p: Value, y: Value) -> Value:
        q = np.clip(p, eps, 1.0 - eps)
        return -(y * np.log(q) + (1.0 - y) * np.log1p(-q))

    def back_p(g: Value, ans: Value, p: Value, y: Value) -> Value:
        q = np.clip(p, eps, 1.0 - eps)
        return g * ((q - y) / (q * (1.0 - q)))

    def back_y(g: Value, ans: Value, p: Value, y: Value) -> Value:
        q = np.clip(p, eps, 1.0 - eps)
        return g * (np.log1p(-q) - np.log(q))

    return Kernels(forward=forward, backward=(back_p, back_y))


register(
    Op(
        "bce",
        2,
        _bce,
        "BCE({0}, {1})",
        ("({0} − {1}) / ({0}(1 − {0}))", "ln(1 − {0}) − ln {0}"),
        "binary cross-entropy −(y ln p + (1−y) ln(1−p)), p clipped to [1e-12, 1−1e-12]",
        local=_bce_local,
        fast=_bce_kernels(BCE_EPS),
        fast32=_bce_kernels(BCE_EPS32),
    )
)


def _bce_logits(z: Value, y: Value) -> Value:
    return stable_softplus(z) - y * z


register(
    Op(
        "bce_logits",
        2,
        _bce_logits,
        "BCE(σ({0}), {1})",
        ("σ({0}) − {1}", "−{0}"),
        "binary cross-entropy on a logit, stable for any z",
        local=lambda i, ans, z, y: np.broadcast_to(
            stable_sigmoid(z) - y if i == 0 else -z, np.shape(ans)
        ),
    )
)


# ---------------------------------------------------------------- tensor ops


def _matmul_vjp(i: int, g: Value, ans: Value, a: Value, b: Value) -> Value:
    a, b, g = np.asarray(a, dtype=float), np.asarray(b, dtype=float), np.asarray(g, dtype=float)
    if i == 0:
        if b.ndim == 1:  # a @ b is a matrix-vector (or dot) product
            return np.multiply.outer(g, b) if a.ndim > 1 else g * b
        return g @ b.T
    if a.ndim == 1:
        return np.multiply.outer(a, g) if b.ndim > 1 else g * a
    return a.T @ g


def _matmul_fast_0(g: Value, ans: Value, a: Value, b: Value) -> Value:
    if type(a) is _ndarray and type(b) is _ndarray and a.ndim == 2 and b.ndim == 2:
        if b.shape[1] == 1:  # (N,1)·(1,k): each entry is the one product g_i·b_j, rounded
            return g * b.T  # once either way (a BLAS sum 0 + (−0) may give +0: an equal number)
        return g @ b.T
    return _matmul_vjp(0, g, ans, a, b)


def _matmul_fast_1(g: Value, ans: Value, a: Value, b: Value) -> Value:
    if type(a) is _ndarray and type(b) is _ndarray and a.ndim == 2 and b.ndim == 2:
        return a.T @ g
    return _matmul_vjp(1, g, ans, a, b)


register(
    Op(
        "matmul",
        2,
        np.matmul,
        "{0} {1}",
        ("(·){1}ᵀ", "{0}ᵀ(·)"),
        "matrix product",
        vjp=_matmul_vjp,
        fast=Kernels(backward=(_matmul_fast_0, _matmul_fast_1)),
        reads=_reads_other,
    )
)


def _sum_vjp(i: int, g: Value, ans: Value, x: Value, axis: Value = None) -> Value:
    if axis is None:
        return np.broadcast_to(g, np.shape(x)).copy()
    return np.broadcast_to(np.expand_dims(g, int(axis)), np.shape(x)).copy()


def _sum_forward(x: Value, axis: Value = None) -> Value:
    return np.sum(x) if axis is None else np.sum(x, axis=int(axis))


def _mean_forward(x: Value, axis: Value = None) -> Value:
    return np.mean(x) if axis is None else np.mean(x, axis=int(axis))


def _mean_vjp(i: int, g: Value, ans: Value, x: Value, axis: Value = None) -> Value:
    n = np.size(x) if axis is None else np.shape(x)[int(axis)]
    return _sum_vjp(i, g, ans, x, axis) / n


def _mean_fast(x: Value) -> Value:
    """np.mean is ``np.add.reduce(x) / n`` behind a Python wrapper; the same division here."""
    if type(x) is _ndarray and x.size and x.dtype == np.float64:
        return np.add.reduce(x, axis=None) / x.size
    return _mean_forward(x)


def _reduce_fast_back(g: Value, ans: Value, x: Value, mean: bool = False) -> Value:
    """_sum_vjp / _mean_vjp: g spread over x's shape (then divided by n for a mean)."""
    shape = np.shape(x)
    if np.ndim(g) == 0:
        spread = np.empty(shape, dtype=x.dtype if type(x) is _ndarray else np.float64)
        # (g spread) / n == (g / n) spread: the same single division per element
        spread.fill(g / np.size(x) if mean else g)
        return spread
    spread = np.broadcast_to(g, shape)
    if mean:
        return spread / np.size(x)
    return spread.copy() if spread.base is not None else spread


register(
    Op(
        "sum",
        1,
        _sum_forward,
        "Σ {0}",
        ("1",),
        "sum of elements",
        vjp=_sum_vjp,
        params={},
        reads=constant_local,
        fast=Kernels(backward=(lambda g, ans, x: _reduce_fast_back(g, ans, x),)),
    )
)
register(
    Op(
        "mean",
        1,
        _mean_forward,
        "mean({0})",
        ("1/n",),
        "mean of elements",
        vjp=_mean_vjp,
        params={},
        reads=constant_local,
        fast=Kernels(
            forward=_mean_fast,
            backward=(lambda g, ans, x: _reduce_fast_back(g, ans, x, mean=True),),
        ),
    )
)


def _softmax_vjp(i: int, g: Value, ans: Value, z: Value) -> Value:
    return ans * (g - np.sum(g * ans, axis=-1, keepdims=True))


register(
    Op(
        "softmax",
        1,
        softmax,
        "softmax({0})",
        ("diag(s) − s sᵀ",),
        "softmax along the last axis",
        vjp=_softmax_vjp,
        fast=Kernels(
            forward=lambda z: np.exp(_own_log_softmax(z)),
            backward=(lambda g, ans, z: _softmax_vjp(0, g, ans, z),),
        ),
    )
)


def _log_softmax_vjp(i: int, g: Value, ans: Value, z: Value) -> Value:
    return g - np.exp(ans) * np.sum(g, axis=-1, keepdims=True)


register(
    Op(
        "log_softmax",
        1,
        log_softmax,
        "log softmax({0})",
        ("I − 1 softmax({0})ᵀ",),
        "logarithm of the softmax along the last axis (stable)",
        vjp=_log_softmax_vjp,
        fast=Kernels(
            forward=_own_log_softmax,
            backward=(lambda g, ans, z: _log_softmax_vjp(0, g, ans, z),),
        ),
    )
)


def _axis_text(params: dict[str, Any]) -> dict[str, str]:
    """Σ over one axis reads "Σ_1 X"; over every element just "Σ X"."""
    if params.get("all", 0.0):
        return {"over": ""}
    return {"over": f"{int(params.get('axis', -1.0))}".translate(_SUBSCRIPTS)}


_SUBSCRIPTS = str.maketrans("0123456789-", "₀₁₂₃₄₅₆₇₈₉₋")


def _reduce_axes(x: Value, axis: Value, all_axes: Value) -> Value:
    return None if all_axes else int(axis) % max(np.ndim(x), 1)


def _reduce_sum(x: Value, axis: float = -1.0, keepdims: float = 0.0, all: float = 0.0) -> Value:
    return np.sum(x, axis=_reduce_axes(x, axis, all), keepdims=bool(keepdims))


def _reduce_count(x: Value, axis: Value, all_axes: Value) -> Value:
    return np.size(x) if all_axes else np.shape(x)[_reduce_axes(x, axis, all_axes)]


def _reduce_mean(x: Value, axis: float = -1.0, keepdims: float = 0.0, all: float = 0.0) -> Value:
    return _reduce_sum(x, axis, keepdims, all) / _reduce_count(x, axis, all)


def _reduce_sum_vjp(
    i: int,
    g: Value,
    ans: Value,
    x: Value,
    axis: float = -1.0,
    keepdims: float = 0.0,
    all: float = 0.0,
) -> Value:
    """The gradient spread back over the reduced axis (or every element)."""
    g = np.asarray(g, dtype=float)
    if not keepdims:
        g = g.reshape(np.shape(x) if np.ndim(x) == 0 else _kept_shape(x, axis, all))
    return np.broadcast_to(g, np.shape(x)).copy()


def _kept_shape(x: Value, axis: Value, all_axes: Value) -> Value:
    if all_axes:
        return (1,) * np.ndim(x)
    shape = list(np.shape(x))
    shape[_reduce_axes(x, axis, all_axes)] = 1
    return tuple(shape)


def _reduce_mean_vjp(
    i: int,
    g: Value,
    ans: Value,
    x: Value,
    axis: float = -1.0,
    keepdims: float = 0.0,
    all: float = 0.0,
) -> Value:
    return _reduce_sum_vjp(i, g, ans, x, axis, keepdims, all) / _reduce_count(x, axis, all)


_REDUCE_PARAMS = {"axis": -1.0, "keepdims": 0.0, "all": 0.0}
register(
    Op(
        "reduce_sum",
        1,
        _reduce_sum,
        "Σ{over} {0}",
        ("1",),
        "sum along one axis (or of every element), optionally keeping the axis",
        vjp=_reduce_sum_vjp,
        params=dict(_REDUCE_PARAMS),
        param_names=("axis", "keepdims"),
        display_params=_axis_text,
    )
)
register(
    Op(
        "reduce_mean",
        1,
        _reduce_mean,
        "mean{over}({0})",
        ("1/n",),
        "mean along one axis (or of every element), optionally keeping the axis",
        vjp=_reduce_mean_vjp,
        params=dict(_REDUCE_PARAMS),
        param_names=("axis", "keepdims"),
        display_params=_axis_text,
    )
)


def _transpose_vjp(i: int, g: Value, ans: Value, x: Value) -> Value:
    return np.transpose(g)


register(
    Op(
        "transpose",
        1,
        lambda x: np.array(np.transpose(x), dtype=float),
        "{0}ᵀ",
        ("(·)ᵀ",),
        "transpose of a matrix (a vector or a number stays as it is)",
        vjp=_transpose_vjp,
        fast=Kernels(backward=(lambda g, ans, x: np.transpose(g),)),
    )
)


def _reshape_target(x: Value, rows: Value, cols: Value, rank: Value) -> Value:
    """ONNX's Reshape rule for a result of rank 0, 1 or 2: 0 keeps x's size on that axis,
    −1 takes what is left."""
    dims = [rows, cols][: int(rank)]
    shape = np.shape(x)
    out = []
    for k, d in enumerate(dims):
        d = int(d)
        out.append(shape[k] if d == 0 and k < len(shape) else d)
    return tuple(out)


def _reshape(x: Value, rows: float = 0.0, cols: float = -1.0, rank: float = 2.0) -> Value:
    return np.array(np.reshape(x, _reshape_target(x, rows, cols, rank)), dtype=float)


def _reshape_text(params: dict[str, Any]) -> dict[str, str]:
    dims = [params.get("rows", -1.0), params.get("cols", -1.0)][: int(params.get("rank", 2.0))]
    return {"shape": "×".join("?" if d < 0 else f"{d:g}" for d in dims) or "()"}


register(
    Op(
        "reshape",
        1,
        _reshape,
        "reshape({0}; {shape})",
        ("1 (the same numbers, rearranged)",),
        "the same numbers in another shape (rank 0, 1 or 2; 0 keeps a size, −1 fills in)",
        vjp=lambda i, g, ans, x, **p: np.reshape(g, np.shape(x)),
        params={"rows": 0.0, "cols": -1.0, "rank": 2.0},
        param_names=("rows", "cols", "rank"),
        display_params=_reshape_text,
    )
)


def _flatten(x: Value, axis: float = 1.0) -> Value:
    shape = np.shape(x)
    a = int(axis) % (len(shape) + 1) if shape else 0
    return np.array(np.reshape(x, (int(np.prod(shape[:a])), int(np.prod(shape[a:])))), dtype=float)


register(
    Op(
        "flatten",
        1,
        _flatten,
        "flatten({0})",
        ("1 (the same numbers, rearranged)",),
        "the same numbers as a matrix: axes before `axis` become rows, the rest columns",
        vjp=lambda i, g, ans, x, **p: np.reshape(g, np.shape(x)),
        params={"axis": 1.0},
        param_names=("axis",),
    )
)


def _mse_vjp(i: int, g: Value, ans: Value, a: Value, y: Value) -> Value:
    diff = np.asarray(a, dtype=float) - np.asarray(y, dtype=float)
    n = np.size(np.broadcast_to(diff, np.broadcast_shapes(np.shape(a), np.shape(y))))
    out = g * 2.0 * diff / n
    return out if i == 0 else -out


def _mse_fast_back(sign: float) -> Kernel:
    def back(g: Value, ans: Value, a: Value, y: Value) -> Value:
        diff = a - y
        out = g * 2.0 * diff / np.size(diff)
        return out if sign > 0 else -out

    return back


register(
    Op(
        "mse",
        2,
        lambda a, y: np.mean((np.asarray(a) - np.asarray(y)) ** 2),
        "MSE({0}, {1})",
        ("2({0} − {1})/n", "−2({0} − {1})/n"),
        "mean squared error over every element",
        vjp=_mse_vjp,
        fast=Kernels(
            forward=lambda a, y: np.mean((a - y) ** 2),
            backward=(_mse_fast_back(1.0), _mse_fast_back(-1.0)),
        ),
    )
)


def _softmax_ce(z: Value, y: Value) -> Value:
    return -np.sum(y * log_softmax(z), axis=-1)


def _softmax_ce_vjp(i: int, g: Value, ans: Value, z: Value, y: Value) -> Value:
    g = np.expand_dims(np.asarray(g, dtype=float), -1)
    ls = log_softmax(z)
    if i == 0:
        return g * (np.exp(ls) * np.sum(y, axis=-1, keepdims=True) - y)
    return -g * ls


def _row_upstream(g: Value) -> Value:
    return np.expand_dims(g, -1) if type(g) is _ndarray else np.expand_dims(np.float64(g), -1)


def _softmax_ce_fast_0(g: Value, ans: Value, z: Value, y: Value) -> Value:
    return _row_upstream(g) * (np.exp(_own_log_softmax(z)) * np.sum(y, axis=-1, keepdims=True) - y)


def _softmax_ce_fast_1(g: Value, ans: Value, z: Value, y: Value) -> Value:
    return -_row_upstream(g) * _own_log_softmax(z)


register(
    Op(
        "softmax_ce",
        2,
        _softmax_ce,
        "CE(softmax({0}), {1})",
        ("softmax({0}) − {1}", "−ln softmax({0})"),
        "softmax cross-entropy per row; {1} holds one-hot targets or probabilities",
        vjp=_softmax_ce_vjp,
        fast=Kernels(
            forward=lambda z, y: -np.sum(y * _own_log_softmax(z), axis=-1),
            backward=(_softmax_ce_fast_0, _softmax_ce_fast_1),
        ),
    )
)


def _dropout_forward(x: Value, p: float = 0.5, seed: float = 0.0, training: float = 0.0) -> Value:
    if not training:
        return np.array(x, dtype=float)
    return x * dropout_mask(np.shape(x), p, seed)


def _dropout_local(
    i: int, ans: Value, x: Value, p: float = 0.5, seed: float = 0.0, training: float = 0.0
) -> Value:
    if not training:
        return np.ones_like(x, dtype=float)
    return dropout_mask(np.shape(x), p, seed)


register(
    Op(
        "dropout",
        1,
        _dropout_forward,
        "dropout({0}; p={p:g})",
        ("mask/(1−p)",),
        "keeps each unit with probability 1−p (seeded Bernoulli mask); identity in evaluation",
        local=_dropout_local,
        params={"p": 0.5, "seed": 0.0, "training": 0.0},
        reads=constant_local,
        param_names=("p",),
    )
)

# ---------------------------------------------------------------- TensorFlow Playground's features

FEATURE_NAMES: tuple[str, ...] = ("x1", "x2", "x1^2", "x2^2", "x1*x2", "sin(x1)", "sin(x2)")
"""Playground's feature inputs in its order; a network's feature columns follow this order."""
FEATURE_LABELS: dict[str, str] = {
    "x1": "x1",
    "x2": "x2",
    "x1^2": "x1²",
    "x2^2": "x2²",
    "x1*x2": "x1·x2",
    "sin(x1)": "sin(x1)",
    "sin(x2)": "sin(x2)",
}


def feature_mask(names: tuple[str, ...] | list[str]) -> float:
    """The features op's parameter: bit k set for FEATURE_NAMES[k] (op parameters are numbers)."""
    return float(sum(1 << FEATURE_NAMES.index(n) for n in set(names)))


def mask_features(mask: float) -> tuple[str, ...]:
    bits = int(mask)
    return tuple(n for k, n in enumerate(FEATURE_NAMES) if bits >> k & 1)


def _feature_columns(x: Value) -> tuple[Value, Value]:
    """X's columns x1 and x2 (None when X has one column)."""
    x = np.atleast_2d(np.asarray(x, dtype=float))
    return x[:, 0], (x[:, 1] if x.shape[1] > 1 else None)


def _features_forward(x: Value, mask: float = 3.0) -> Value:
    """One column per chosen feature, from X's columns x1 (and x2)."""
    x1, x2 = _feature_columns(x)
    cols = []
    for name in mask_features(mask):
        if name == "x1":
            cols.append(x1 * 1.0)
        elif name == "x2":
            cols.append(x2 * 1.0)
        elif name == "x1^2":
            cols.append(np.power(x1, 2.0))
        elif name == "x2^2":
            cols.append(np.power(x2, 2.0))
        elif name == "x1*x2":
            cols.append(x1 * x2)
        elif name == "sin(x1)":
            cols.append(np.sin(x1))
        else:
            cols.append(np.sin(x2))
    return np.column_stack(cols)


def _features_vjp(i: int, g: Value, ans: Value, x: Value, mask: float = 3.0) -> Value:
    """∂/∂X of Σ g·F: each feature's upstream column times its derivative in x1 and x2."""
    x1, x2 = _feature_columns(x)
    g = np.atleast_2d(np.asarray(g, dtype=float))
    d1 = np.zeros_like(x1)
    d2: Value = None if x2 is None else np.zeros_like(x2)
    for k, name in enumerate(mask_features(mask)):
        gk = g[:, k]
        if name == "x1":
            d1 = d1 + gk
        elif name == "x2":
            d2 = d2 + gk
        elif name == "x1^2":
            d1 = d1 + gk * (2.0 * np.power(x1, 1.0))
        elif name == "x2^2":
            d2 = d2 + gk * (2.0 * np.power(x2, 1.0))
        elif name == "x1*x2":
            d1 = d1 + gk * x2
            d2 = d2 + gk * x1
        elif name == "sin(x1)":
            d1 = d1 + gk * np.cos(x1)
        else:
            d2 = d2 + gk * np.cos(x2)
    out = d1[:, None] if d2 is None else np.column_stack([d1, d2])
    return out.reshape(np.shape(x))


def _features_text(params: dict[str, Any]) -> dict[str, str]:
    return {"names": ", ".join(FEATURE_LABELS[n] for n in mask_features(params.get("mask", 3.0)))}


register(
    Op(
        "features",
        1,
        _features_forward,
        "[{names}]({0})",
        ("∂[{names}]/∂{0}",),
        "feature columns computed from the inputs (TensorFlow Playground's x1², x1·x2, sin x1 …)",
        vjp=_features_vjp,
        params={"mask": 3.0},
        display_params=_features_text,
    )
)

FUNCTIONS: tuple[str, ...] = tuple(
    name
    for name in REGISTRY
    # arithmetic has its own syntax; features is built by networks (its parameter is a bit mask)
    if name not in {"add", "sub", "mul", "div", "pow", "powc", "neg", "features"}
)
