"""Write a graph as a self-contained PyTorch script (``export SOURCE --pytorch model.py``).

Networks become an ``nn.Module`` of ``nn.Linear`` layers and activation modules; every other
graph (programs, opened ONNX models) a module whose ``forward`` is written with torch
functions, one line per node. The current weights are embedded in float64, and the script's
``__main__`` runs forward and backward on the document's sample and prints the output and every
parameter's gradient as JSON, keyed by the names ``trace --json`` uses. The app only writes the
script; it never runs it.

Kinks follow this app's convention (relu′(0) = leaky_relu′(0) = elu′(0) = 1): the function
form writes them with ``torch.where(x >= 0, …)``; the network form uses ``nn.ReLU`` and friends,
whose derivative at an exact 0 is PyTorch's (0), which matters only for a pre-activation that
is exactly 0.
"""

from __future__ import annotations

import keyword
import os
import re
from typing import Any, SupportsFloat

import numpy as np

from ..autodiff.graph import Graph, Role
from ..io.atomic import write_text
from ..text.i18n import tr

TORCH_MODULES = {
    "sigmoid": "nn.Sigmoid()",
    "tanh": "nn.Tanh()",
    "softsign": "nn.Softsign()",
    "softplus": "nn.Softplus(threshold=1e300)",  # no linear shortcut: exactly log(1 + e^x)
    "relu": "nn.ReLU()",
    "identity": "nn.Identity()",
}


class TorchExportError(ValueError):
    """A graph this writer cannot express; the message names the node."""


def number(value: SupportsFloat) -> str:
    """A float64 written so Python reads back the very same number."""
    v = float(value)
    if v != v or v in (float("inf"), float("-inf")):
        return f"float({str(v)!r})"
    return repr(v)


def tensor_text(value: Any) -> str:
    arr = np.asarray(value, dtype=np.float64)
    body = number(arr) if arr.ndim == 0 else _nested(arr)
    return f"torch.tensor({body}, dtype=torch.float64)"


def _nested(arr: np.ndarray) -> str:
    if arr.ndim == 1:
        return "[" + ", ".join(number(v) for v in arr) + "]"
    return "[" + ", ".join(_nested(row) for row in arr) + "]"


def identifier(name: str, used: set[str], prefix: str = "v") -> str:
    """A Python identifier for ``name`` (``0.weight`` → ``p_0_weight``), unique in ``used``."""
    text = re.sub(r"\W", "_", name, flags=re.ASCII).strip("_") or prefix
    if text[0].isdigit() or keyword.iskeyword(text) or text in {"torch", "nn", "json", "math"}:
        text = f"{prefix}_{text}"
    candidate, k = text, 2
    while candidate in used:
        candidate = f"{text}_{k}"
        k += 1
    used.add(candidate)
    return candidate


def header(title: str) -> list[str]:
    return [
        "#!/usr/bin/env python3",
        f'"""{_docstring(title)}: a PyTorch equivalent written by Backprop Studio.',
        "",
        "Run it with PyTorch installed: it computes forward and backward on the document's sample",
        "in float64 and prints the output and every parameter's gradient as JSON, with the",
        "names `backprop-studio trace --json` uses.",
        '"""',
        "",
        "import json",
        "import math",
        "",
        "import torch",
        "from torch import nn",
        "",
        "torch.set_default_dtype(torch.float64)",
        "",
    ]


def _docstring(title: str) -> str:
    return (title or "graph").replace("\\", "/").replace('"""', "'''").replace("\n", " ")[:200]


MAIN_TAIL = [
    "    objective = out if out.numel() == 1 else out.mean()",
    "    objective.backward()",
    "    report = {",
    '        "output": out.tolist(),',
    '        "objective": objective.item(),',
    '        "gradients": gradients(model),',
    "    }",
    "    print(json.dumps(report, indent=1))",
    "",
]


# ---------------------------------------------------------------------------- networks


def network_script(network: Any, title: str = "") -> str:
    """``nn.Linear`` layers and activation modules for a ``core.training.nn.Network``."""
    spec = network.spec
    if spec.features:
        raise TorchExportError(tr("feature inputs have no nn.Linear stack to write"))
    if spec.regularization != "none":
        raise TorchExportError(tr("a regularisation penalty has no nn.Linear stack to write"))
    values = network.values_for("layer")
    acts = list(spec.hidden_activations)
    for a in acts + [spec.output_activation]:
        if a not in TORCH_MODULES and a not in ("leaky_relu", "elu", "softmax"):
            raise TorchExportError(f"the activation {a!r} has no PyTorch module")
    lines = header(title)
    lines += [
        "",
        "class Network(nn.Module):",
        "    def __init__(self):",
        "        super().__init__()",
    ]
    depth = spec.depth
    for layer in range(1, depth + 1):
        n_in, n_out = spec.sizes[layer - 1], spec.sizes[layer]
        lines.append(f"        self.fc{layer} = nn.Linear({n_in}, {n_out})")
        if layer < depth:
            lines.append(f"        self.act{layer} = {_module(acts[layer - 1], spec)}")
            rate = spec.dropout_rates[layer - 1]
            if rate > 0:
                lines.append(f"        self.drop{layer} = nn.Dropout({number(rate)})")
    out_act = spec.output_activation
    if out_act != "identity" and spec.loss != "softmax_ce":
        lines.append(f"        self.out = {_module(out_act, spec)}")
    lines += ["        with torch.no_grad():"]
    for layer in range(1, depth + 1):
        w = np.asarray(values[f"W{layer}"], dtype=float).T  # ours: X @ W; nn.Linear: x @ weightᵀ
        b = np.asarray(values[f"b{layer}"], dtype=float)
        lines.append(f"            self.fc{layer}.weight.copy_({tensor_text(w)})")
        lines.append(f"            self.fc{layer}.bias.copy_({tensor_text(b)})")
    lines += ["", "    def forward(self, x):"]
    for layer in range(1, depth + 1):
        lines.append(f"        x = self.fc{layer}(x)")
        if layer < depth:
            lines.append(f"        x = self.act{layer}(x)")
            if spec.dropout_rates[layer - 1] > 0:
                lines.append(f"        x = self.drop{layer}(x)")
    if out_act != "identity" and spec.loss != "softmax_ce":
        lines.append("        x = self.out(x)")
    comment = "  # the logits: the loss applies the softmax" if spec.loss == "softmax_ce" else ""
    lines += [f"        return x{comment}", "", ""]
    lines += _network_gradients(network)
    lines += ["", "", _loss_function(spec.loss), "", ""]
    x = np.atleast_2d(np.asarray(values["X"], dtype=float))
    lines += [
        'if __name__ == "__main__":',
        "    model = Network()",
        "    model.eval()  # dropout is the identity, as when the app evaluates",
        f"    X = {tensor_text(x)}",
        "    prediction = model(X)",
    ]
    if spec.loss == "none":
        lines.append("    out = prediction")
    else:
        y = np.atleast_2d(np.asarray(values["Y"], dtype=float))
        lines += [f"    Y = {tensor_text(y)}", "    out = loss(prediction, Y)"]
    lines += MAIN_TAIL
    return "\n".join(lines)


def _module(name: str, spec: Any) -> str:
    if name in TORCH_MODULES:
        return TORCH_MODULES[name]
    if name == "leaky_relu":
        return "nn.LeakyReLU(0.01)"
    if name == "elu":
        return "nn.ELU(1.0)"
    return "nn.Softmax(dim=-1)"


def _loss_function(loss: str) -> str:
    body = {
        "none": "    return prediction",
        "mse": "    return ((prediction - target) ** 2).mean()",
        "bce": (
            "    # clipped to [1e-12, 1 - 1e-12] like the app; the gradient passes the clip\n"
            "    q = prediction + (prediction.clamp(1e-12, 1 - 1e-12) - prediction).detach()\n"
            "    return (-(target * torch.log(q) + (1 - target) * torch.log1p(-q))).mean()"
        ),
        "softmax_ce": "    return -(target * torch.log_softmax(prediction, dim=-1)).sum(dim=-1).mean()",
    }[loss]
    return f"def loss(prediction, target):\n{body}"


def _network_gradients(network: Any) -> list[str]:
    """gradients(model): every parameter's gradient under the document's names."""
    spec = network.spec
    lines = ["def gradients(model):", "    grads = {}"]
    for layer in range(1, spec.depth + 1):
        lines.append(f"    W{layer} = model.fc{layer}.weight.grad.T.tolist()")
        lines.append(f"    b{layer} = model.fc{layer}.bias.grad.tolist()")
    if network.granularity == "layer":
        for layer in range(1, spec.depth + 1):
            lines.append(f'    grads["W{layer}"] = W{layer}')
            lines.append(f'    grads["b{layer}"] = b{layer}')
    else:
        for name, (leaf, index) in network.param_map().items():
            access = "".join(f"[{i}]" for i in index)
            lines.append(f'    grads["{name}"] = {leaf}{access}')
    lines.append("    return grads")
    return lines


# ---------------------------------------------------------------------------- any graph


def _expr(op: str, a: list[str], p: dict[str, float]) -> str:
    x = a[0] if a else ""
    simple = {
        "add": "{0} + {1}",
        "sub": "{0} - {1}",
        "mul": "{0} * {1}",
        "div": "{0} / {1}",
        "matmul": "torch.matmul({0}, {1})",
        "pow": "torch.pow({0}, {1})",
        "neg": "-{0}",
        "exp": "torch.exp({0})",
        "log": "torch.log({0})",
        "sqrt": "torch.sqrt({0})",
        "abs": "torch.abs({0})",
        "sin": "torch.sin({0})",
        "cos": "torch.cos({0})",
        "identity": "{0} * 1.0",
        "sigmoid": "torch.sigmoid({0})",
        "tanh": "torch.tanh({0})",
        "softsign": "{0} / (1 + torch.abs({0}))",
        "softplus": "torch.logaddexp(torch.zeros_like({0}), {0})",
        "step": "({0} >= 0).to(torch.float64)",
        "relu": "torch.where({0} >= 0, {0}, 0.0 * {0})",
        "squared_error": "({0} - {1}) ** 2",
        "bce_logits": "torch.logaddexp(torch.zeros_like({0}), {0}) - {1} * {0}",
        "sum": "torch.sum({0})",
        "mean": "torch.mean({0})",
        "softmax": "torch.softmax({0}, dim=-1)",
        "log_softmax": "torch.log_softmax({0}, dim=-1)",
        "mse": "torch.mean(({0} - {1}) ** 2)",
        "softmax_ce": "-torch.sum({1} * torch.log_softmax({0}, dim=-1), dim=-1)",
        "dropout": "{0} * 1.0",  # evaluation: the identity
        "transpose": "{0}.t()",
    }
    if op in simple:
        return simple[op].format(*a)
    if op == "powc":
        return f"torch.pow({x}, {number(p['p'])})"
    if op == "leaky_relu":
        return f"torch.where({x} >= 0, {x}, {number(p['a'])} * {x})"
    if op == "elu":
        alpha = number(p["alpha"])
        return f"torch.where({x} >= 0, {x}, {alpha} * torch.expm1(torch.clamp({x}, max=0.0)))"
    if op == "bce":
        q = f"({x} + ({x}.clamp(1e-12, 1 - 1e-12) - {x}).detach())"
        return f"-({a[1]} * torch.log({q}) + (1 - {a[1]}) * torch.log1p(-{q}))"
    if op in ("reduce_sum", "reduce_mean"):
        fn = "torch.sum" if op == "reduce_sum" else "torch.mean"
        keep = bool(p["keepdims"])
        if p["all"]:
            return f"{fn}({x}).reshape([1] * {x}.dim())" if keep else f"{fn}({x})"
        return f"{fn}({x}, dim={int(p['axis'])}, keepdim={keep})"
    if op == "reshape":
        dims = [int(p["rows"]), int(p["cols"])][: int(p["rank"])]
        shown = [f"{x}.shape[{k}]" if d == 0 else str(d) for k, d in enumerate(dims)]
        return f"{x}.reshape({', '.join(shown)})" if shown else f"{x}.reshape(())"
    if op == "flatten":
        axis = int(p["axis"])
        return f"{x}.reshape(math.prod({x}.shape[:{axis}]), math.prod({x}.shape[{axis}:]))"
    raise TorchExportError(f"the op {op!r} has no PyTorch form here")


def graph_script(graph: Graph, title: str = "", values: dict[str, Any] | None = None) -> str:
    """A module whose forward computes ``graph`` with torch functions, one line per node.

    Parameters are ``nn.Parameter``s; inputs (data, targets) are arguments of ``forward``,
    given the current values (or ``values``, by id) in ``__main__``; constants are inlined."""
    values = values or {}
    out_id = graph.require_output()
    relevant = graph.ancestors(out_id) | {out_id}
    order = [nid for nid in graph.order() if nid in relevant]
    used: set[str] = {"self", "model", "out", "report", "objective", "gradients", "x"}
    names: dict[str, str] = {}
    params: list[str] = []
    inputs: list[str] = []
    for nid in order:
        node = graph[nid]
        if node.is_leaf and not node.literal:
            names[nid] = identifier(node.display, used, "p" if node.role is Role.PARAM else "v")
            (params if node.role is Role.PARAM else inputs).append(nid)
    lines = header(title)
    lines += [
        "",
        "class Model(nn.Module):",
        "    def __init__(self):",
        "        super().__init__()",
    ]
    for nid in params:
        value = values.get(nid, graph[nid].value)
        lines.append(f"        self.{names[nid]} = nn.Parameter({tensor_text(value)})")
    if not params:
        lines.append("        pass")
    args = ", ".join(names[nid] for nid in inputs if graph[nid].role is Role.INPUT)
    lines += ["", f"    def forward(self{', ' if args else ''}{args}):"]
    refs: dict[str, str] = {}
    for nid in order:
        node = graph[nid]
        if node.is_leaf:
            if node.literal:
                refs[nid] = number(node.value)
            elif node.role is Role.PARAM:
                refs[nid] = f"self.{names[nid]}"
            elif node.role is Role.CONST:
                refs[nid] = names[nid]
                lines.append(f"        {names[nid]} = {tensor_text(node.value)}")
            else:
                refs[nid] = names[nid]
            continue
        target = identifier(node.display, used)
        comment = f"  # {node.display}" if target != node.display else ""
        try:
            expr = _expr(
                node.operation.name,
                [_tensor_ref(refs[a], graph[a].literal) for a in node.args],
                node.params,
            )
        except TorchExportError as exc:
            raise TorchExportError(f"{node.display}: {exc}") from exc
        lines.append(f"        {target} = {expr}{comment}")
        refs[nid] = target
    lines += [f"        return {refs[out_id]}", "", ""]
    lines += ["def gradients(model):", "    grads = {}"]
    for nid in params:
        key = graph[nid].display
        attr = names[nid]
        lines.append(f"    grads[{key!r}] = _plain(model.{attr}.grad, model.{attr})")
    lines += ["    return grads", "", ""]
    lines += [
        "def _plain(grad, parameter):",
        '    """A gradient as numbers; a parameter the output does not depend on has 0."""',
        "    return (torch.zeros_like(parameter) if grad is None else grad).tolist()",
        "",
        "",
        'if __name__ == "__main__":',
        "    model = Model()",
    ]
    call = []
    for nid in inputs:
        if graph[nid].role is not Role.INPUT:
            continue
        value = values.get(nid, graph[nid].value)
        lines.append(f"    {names[nid]} = {tensor_text(value)}")
        call.append(f"{names[nid]}={names[nid]}")
    lines.append(f"    out = model({', '.join(call)})")
    lines += MAIN_TAIL
    return "\n".join(lines)


def _tensor_ref(ref: str, literal: bool) -> str:
    """A literal number inside torch functions that need tensors is wrapped as one."""
    return f"torch.tensor({ref})" if literal else ref


def script_for(graph: Graph, title: str = "", network: Any = None) -> str:
    """The network form when ``network`` is given (and expressible), else the function form."""
    if network is not None:
        try:
            return network_script(network, title)
        except TorchExportError:
            pass
    return graph_script(graph, title)


def write_script(text: str, path: str | os.PathLike[str]) -> None:
    write_text(path, text if text.endswith("\n") else text + "\n")
