"""Every op's derivative text (and formula, where it is written in maths) evaluated and compared
with the code: the text a person reads on an edge is parsed in a small notation and computed on
the op's test domain, then held to ``local`` (and ``forward``). Nothing is passed to ``eval``."""

from __future__ import annotations

import math
import re

import numpy as np
import pytest

from core.autodiff import ops

SUPERSCRIPT = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻·", "0123456789-.")
FUNCTIONS = {
    "σ": ops.stable_sigmoid,
    "tanh": np.tanh,
    "exp": np.exp,
    "ln": np.log,
    "sin": np.sin,
    "cos": np.cos,
    "sign": np.sign,
}
TOKEN = re.compile(
    r"\s*(?:(?P<num>\d+(?:\.\d+)?(?:e-?\d+)?)|(?P<sup>[⁰¹²³⁴⁵⁶⁷⁸⁹⁻]+)"
    r"|(?P<name>tanh|exp|ln|sin|cos|sign|if|else|σ|f|e|x|y)|(?P<sym>[-−+·/^()|√≥]))"
)


def tokens(text: str) -> list[tuple[str, str]]:
    out, pos = [], 0
    text = text.strip()
    while pos < len(text):
        m = TOKEN.match(text, pos)
        assert m and m.end() > pos, f"cannot read {text[pos:]!r} in {text!r}"
        kind = m.lastgroup
        out.append((kind, m.group(kind)))
        pos = m.end()
    return out


class Notation:
    """A recursive-descent reader of the texts in core/autodiff/ops.py over x (arg 0) and y (arg 1)."""

    def __init__(self, text: str, env: dict) -> None:
        self.toks = tokens(text)
        self.k = 0
        self.env = env

    def peek(self):
        return self.toks[self.k] if self.k < len(self.toks) else ("end", "")

    def take(self, value=None):
        tok = self.peek()
        assert value is None or tok[1] == value, (tok, value)
        self.k += 1
        return tok

    def value(self):
        v = self.expr()
        assert self.peek()[0] == "end", self.toks[self.k :]
        return v

    def expr(self):
        a = self.sum()
        if self.peek()[1] == "if":
            self.take("if")
            left = self.sum()
            self.take("≥")
            right = self.sum()
            self.take("else")
            b = self.expr()
            return np.where(left >= right, a, b)
        return a

    def sum(self):
        v = self.product()
        while self.peek()[1] in ("+", "−", "-"):
            op = self.take()[1]
            w = self.product()
            v = v + w if op == "+" else v - w
        return v

    def starts_primary(self) -> bool:
        kind, text = self.peek()
        return kind in ("num", "name") and text not in ("if", "else") or text in ("(", "√")

    def product(self):
        v = self.unary()
        while True:
            if self.peek()[1] == "·":
                self.take()
                v = v * self.unary()
            elif self.peek()[1] == "/":
                self.take()
                v = v / self.unary()
            elif self.starts_primary():
                v = v * self.unary()
            else:
                return v

    def unary(self):
        if self.peek()[1] in ("−", "-"):
            self.take()
            return -self.unary()
        return self.power()

    def power(self):
        v = self.primary()
        while True:
            kind, text = self.peek()
            if kind == "sup":
                self.take()
                v = v ** float(text.translate(SUPERSCRIPT))
            elif text == "^":
                self.take()
                v = v ** self.unary()
            else:
                return v

    def primary(self):
        kind, text = self.take()
        if kind == "num":
            return float(text)
        if text in ("x", "y"):
            return self.env[text]
        if text == "e":
            return math.e
        if text == "(":
            v = self.expr()
            self.take(")")
            return v
        if text == "|":
            v = self.expr()
            self.take("|")
            return np.abs(v)
        if text == "√":
            return np.sqrt(self.power())
        if text == "f":
            self.take("(")
            v = self.expr()
            self.take(")")
            return self.env["f"](v)
        if text in FUNCTIONS:
            fn = FUNCTIONS[text]
            exponent = 1.0
            if self.peek()[0] == "sup":  # tanh²(x)
                exponent = float(self.take()[1].translate(SUPERSCRIPT))
            if self.peek()[1] == "(":
                self.take("(")
                v = self.expr()
                self.take(")")
            else:  # ln x
                v = self.power()
            return fn(v) ** exponent
        raise AssertionError(f"unexpected {text!r}")


def evaluate(text: str, x, y=None, f=None):
    return Notation(text, {"x": x, "y": y, "f": f}).value()


RNG = np.random.default_rng(5)
ANY = RNG.uniform(-3, 3, 40)
DOMAINS = {  # where each op's texts are checked (the ops' own test domains)
    "log": (RNG.uniform(0.1, 3, 40),),
    "sqrt": (RNG.uniform(0.1, 3, 40),),
    "pow": (RNG.uniform(0.1, 3, 40), RNG.uniform(-2, 3, 40)),
    "powc": (RNG.uniform(0.1, 3, 40),),
    "div": (ANY, RNG.uniform(0.5, 3, 40) * RNG.choice([-1, 1], 40)),
    "bce": (RNG.uniform(0.05, 0.95, 40), RNG.uniform(0, 1, 40)),
    "bce_logits": (ANY, RNG.uniform(0, 1, 40)),
}
NOT_ELEMENTWISE_TEXT = {"dropout"}  # mask/(1−p): a random mask, shown as words
ELEMENTWISE = [n for n, op in ops.REGISTRY.items() if op.local is not None]
TEXT_OPS = [n for n in ELEMENTWISE if n not in NOT_ELEMENTWISE_TEXT]
# formulas written in maths (the others are the op's own name, e.g. ReLU(x))
MATH_FORMULAS = {"add", "sub", "mul", "div", "pow", "powc", "neg", "exp", "log", "sqrt", "abs"}
MATH_FORMULAS |= {"sin", "cos", "identity", "sigmoid", "tanh", "squared_error"}


def display(op: ops.Op, text: str, params: dict) -> str:
    """The text as the window shows it for arguments x and y."""
    merged = {**op.params, **params}
    if op.display_params is not None:
        merged.update(op.display_params(merged))
    return text.format("x", "y", **merged)


def arguments(name: str) -> tuple:
    op = ops.REGISTRY[name]
    args = DOMAINS.get(name, (ANY, RNG.uniform(-3, 3, 40)))
    return args[: op.arity] if len(args) >= op.arity else (*args, ANY)[: op.arity]


PARAMS = {"powc": [{}, {"p": 3.0}, {"p": -1.0}], "leaky_relu": [{}, {"a": 0.2}]}
PARAMS["elu"] = [{}, {"alpha": 0.5}]


@pytest.mark.parametrize("name", TEXT_OPS)
def test_every_derivative_text_computes_the_local_derivative(name):
    op = ops.REGISTRY[name]
    args = arguments(name)
    for params in PARAMS.get(name, [{}]):
        full = {**op.params, **params}
        with ops.quiet():
            ans = op.forward(*args, **full)
            for i, text in enumerate(op.derivatives):
                shown = display(op, text, params)
                got = evaluate(shown, *args, f=lambda v, full=full: op.forward(v, **full))
                want = op.local(i, ans, *args, **full)
                np.testing.assert_allclose(
                    np.broadcast_to(got, np.shape(ans)),
                    want,
                    rtol=1e-9,
                    atol=1e-12,
                    err_msg=f"{name} ∂/∂arg{i}: {shown!r}",
                )


@pytest.mark.parametrize("name", sorted(MATH_FORMULAS))
def test_every_formula_written_in_maths_computes_the_forward(name):
    op = ops.REGISTRY[name]
    args = arguments(name)
    for params in PARAMS.get(name, [{}]):
        shown = display(op, op.template, params)
        with ops.quiet():
            got = evaluate(shown, *args)
            want = op.forward(*args, **{**op.params, **params})
        np.testing.assert_allclose(
            np.broadcast_to(got, np.shape(want)), want, rtol=1e-9, err_msg=shown
        )


def test_the_notation_reader_is_strict():
    assert evaluate("1/(1 + |x|)²", np.array([1.0])) == pytest.approx(0.25)
    assert evaluate("1/(1 + |x|)", np.array([1.0])) == pytest.approx(0.5)
    with pytest.raises(AssertionError):
        evaluate("1/(1 + |x|", np.array([1.0]))
