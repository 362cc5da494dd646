"""Graph.same_structure: the one rule by which the window keeps its items and its position."""

from __future__ import annotations

import numpy as np
import pytest

from core.autodiff.graph import Graph, Role
from core.lang.expr import parse

PROGRAM = """
x1 = 0.5
w: param = 0.3
c: const = 2
z = w * x1 + c
h = leaky_relu(z, 0.1)
loss = h ** 2
"""


def graph(text: str = PROGRAM) -> Graph:
    return parse(text).graph


def test_other_numbers_are_the_same_structure():
    a, b = graph(), graph(PROGRAM.replace("0.5", "-4").replace("0.3", "[1, 2]"))
    assert a.same_structure(b) and b.same_structure(a)
    assert a.structure_key() == b.structure_key()
    c = a.copy()
    c.set_value(c.by_name("w").id, np.array([7.0, 8.0]))
    assert a.same_structure(c)


@pytest.mark.parametrize(
    "edit",
    [
        lambda t: t.replace("w * x1 + c", "x1 * w + c"),  # argument order
        lambda t: t.replace("leaky_relu(z, 0.1)", "elu(z)"),  # op
        lambda t: t.replace("leaky_relu(z, 0.1)", "leaky_relu(z, 0.2)"),  # op parameter
        lambda t: t.replace("w: param", "w: const"),  # role
        lambda t: t.replace("c: const = 2\n", "").replace("+ c", "+ 2"),  # named leaf → literal
        lambda t: t + "extra = loss + 1\n",  # a node more
        lambda t: t + "output(z)\n",  # the output
    ],
    ids=["argument order", "op", "parameter", "role", "literal", "node added", "output"],
)
def test_structural_edits_are_not_the_same(edit):
    a, b = graph(), graph(edit(PROGRAM))
    assert not a.same_structure(b)
    assert not b.same_structure(a)


def test_the_output_alone_makes_a_difference():
    a = graph()
    b = a.copy()
    b.set_output(b.by_name("z").id)
    assert list(a.nodes) == list(b.nodes)
    assert not a.same_structure(b)


def test_node_order_matters():
    a, b = Graph(), Graph()
    a.add_leaf("p", 1.0, Role.PARAM)
    a.add_leaf("q", 2.0, Role.PARAM)
    b.add_leaf("q", 2.0, Role.PARAM)
    b.add_leaf("p", 1.0, Role.PARAM)
    for g in (a, b):
        g.add_op("add", ("p", "q"), node_id="s")
        g.set_output("s")
    assert not a.same_structure(b)
