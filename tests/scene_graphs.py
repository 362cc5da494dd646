"""Graphs built by hand for the scene and layout tests (no parser needed)."""

from __future__ import annotations

import random

from core.autodiff.graph import Graph, Role

LECTURE_VALUES = {
    "x1": 0.5, "x2": -1.0, "w11": 0.3, "w12": -0.2, "w21": 0.8, "w22": 0.1,
    "v11": 0.5, "v12": -0.4, "v21": 0.9, "v22": 0.2, "p11": 1.2, "p21": -0.7, "y": 1.0,
}  # fmt: skip


def lecture_graph(values: dict[str, float] | None = None) -> Graph:
    """x1, x2 -> z1, z2 (w11..w22) -> h = σ(v·z) -> a = p11·h1 + p21·h2 -> 0.5·(a − y)²,
    built like the program parser builds it: named nodes, unnamed products, a literal 0.5."""
    vals = {**LECTURE_VALUES, **(values or {})}
    g = Graph()
    for name in ("x1", "x2", "y"):
        g.add_leaf(name, vals[name], Role.INPUT, name=name)
    for name in ("w11", "w12", "w21", "w22", "v11", "v12", "v21", "v22", "p11", "p21"):
        g.add_leaf(name, vals[name], Role.PARAM, name=name)

    def dot(out: str, pairs: list[tuple[str, str]], *, node_id: str | None = None) -> str:
        terms = [g.add_op("mul", [w, x], label=f"{w}*{x}").id for w, x in pairs]
        return g.add_op("add", terms, node_id=node_id, name=node_id, label=out).id

    dot("z1", [("w11", "x1"), ("w12", "x2")], node_id="z1")
    dot("z2", [("w21", "x1"), ("w22", "x2")], node_id="z2")
    s1 = dot("v11*z1 + v21*z2", [("v11", "z1"), ("v21", "z2")])
    s2 = dot("v12*z1 + v22*z2", [("v12", "z1"), ("v22", "z2")])
    g.add_op("sigmoid", [s1], node_id="h1", name="h1")
    g.add_op("sigmoid", [s2], node_id="h2", name="h2")
    dot("a", [("p11", "h1"), ("p21", "h2")], node_id="a")
    half = g.add_leaf("_half", 0.5, Role.CONST, label="0.5", literal=True).id
    diff = g.add_op("sub", ["a", "y"], label="a - y").id
    sq = g.add_op("powc", [diff], params={"p": 2.0}, label="(a - y)**2").id
    g.add_op("mul", [half, sq], node_id="loss", name="loss")
    g.set_output("loss")
    return g


def mlp_graph(sizes: list[int], seed: int = 0) -> Graph:
    """A fully connected tanh network at neuron granularity, squared error on the first output."""
    rng = random.Random(seed)
    g = Graph()
    prev = [
        g.add_leaf(f"x{i + 1}", rng.uniform(-1, 1), Role.INPUT, name=f"x{i + 1}").id
        for i in range(sizes[0])
    ]
    sep = "_" if max(sizes) > 9 else ""  # w2_1_11 and w2_11_1 must not both read w2_111
    for layer, n in enumerate(sizes[1:], start=1):
        last = layer == len(sizes) - 1
        current = []
        for j in range(n):
            acc = None
            for i, src in enumerate(prev):
                w = f"w{layer}_{j + 1}{sep}{i + 1}"
                g.add_leaf(w, rng.uniform(-1, 1), Role.PARAM, name=w)
                m = g.add_op("mul", [w, src]).id
                acc = m if acc is None else g.add_op("add", [acc, m]).id
            b = f"b{layer}_{j + 1}"
            g.add_leaf(b, 0.1, Role.PARAM, name=b)
            z = g.add_op("add", [acc, b], node_id=f"z{layer}_{j + 1}", name=f"z{layer}_{j + 1}")
            h = z.id if last else g.add_op("tanh", [z.id], node_id=f"h{layer}_{j + 1}").id
            current.append(h)
        prev = current
    g.add_leaf("y", 0.5, Role.INPUT, name="y")
    g.add_op("squared_error", [prev[0], "y"], node_id="loss", name="loss")
    g.set_output("loss")
    return g


def random_graph(
    n: int, seed: int = 0, *, width: int | None = None, grow_until: int | None = None
) -> Graph:
    """A layered random DAG of add/mul/sigmoid with about n nodes (weights as parameters).
    ``width`` (default √n) and ``grow_until`` (default n − width) let the scene benchmark aim
    at an exact size."""
    rng = random.Random(seed)
    g = Graph()
    width = width or max(4, int(n**0.5))
    grow_until = n - width if grow_until is None else grow_until
    inputs = [g.add_leaf(f"x{i}", rng.uniform(-1, 1), Role.INPUT).id for i in range(width)]
    prev = list(inputs)
    k = 0
    while len(g) < grow_until:
        level = []
        for _ in range(width):
            kind = rng.choice(["add", "mul", "sigmoid"])
            if kind == "sigmoid":
                args = [rng.choice(prev)]
            elif kind == "mul":
                k += 1
                args = [g.add_leaf(f"w{k}", rng.uniform(-1, 1), Role.PARAM).id, rng.choice(prev)]
            else:
                args = [rng.choice(prev), rng.choice(prev + inputs)]
            level.append(g.add_op(kind, args).id)
        prev = level
    used = {a for node in g.nodes.values() for a in node.args}
    tails = [nid for nid in g.nodes if nid not in used and not g[nid].is_leaf]
    while len(tails) > 1:
        tails = [
            g.add_op("add", tails[i : i + 2]).id if i + 1 < len(tails) else tails[i]
            for i in range(0, len(tails), 2)
        ]
    g.set_output(tails[0])
    return g
