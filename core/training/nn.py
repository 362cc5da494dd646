"""Fully connected networks as graphs, at two granularities that give the same numbers.

A ``NetworkSpec`` says what the network is; ``build_network`` draws it either as the lecture's
pictures (``granularity="neuron"``: every weight, bias, weighted sum and activation its own node)
or one node per layer operation (``granularity="layer"``: ``Z1 = X·W1 + b1``). Both are built from
the same seeded initial weights, so a person can expand a layer into its neurons and see the
same numbers; tests hold objectives and gradients equal to 1e-12.

Names (lecture notation; layers counted from 1, inputs i, neurons j, all 1-based), written
as neuron granularity → layer granularity:

- inputs and targets: ``x1``..``xn``, ``y`` (``y1``..``yk`` if k > 1) → ``X`` (samples × n),
  ``Y`` (samples × k)
- layer 1 weight from input i to neuron j, bias of neuron j: ``w12``, ``b2`` →
  ``W1[i-1, j-1]``, ``b1[j-1]``; layer 2: ``v12``, ``c2`` → ``W2``, ``b2``; layer 3: ``p12``,
  ``d2`` → ``W3``, ``b3``; layer l ≥ 4: ``w4_1_2``, ``b4_2`` → ``W4``, ``b4``
- weighted sum of neuron j in layer l: ``z1_2`` → ``Z1`` (= ``XW1`` + b1, ``XW1`` = X·W1);
  its partial sums are unnamed nodes labelled with their formula (``w11·x1 + w21·x2``)
- hidden activation: ``h1_2`` = f(z1_2) → ``H1``; dropout after it: ``drop1_2`` → ``Drop1``
- network output: ``a`` (``a1``..``ak``) → ``A``
- loss: ``loss`` → ``loss``; with k > 1 outputs the neuron graph has per-output errors
  ``e1``..``ek`` and ``loss`` = (e1 + … + ek) / k

Every named node's id is its name. Groups: ``input`` (x), ``layer 1``, ``layer 2``, … (that
layer's weights, biases, sums, activations, dropout, at both granularities, so a view can fold
or expand a layer), ``loss`` (targets and loss).

w_ij runs from input i to neuron j, as on the lecture's backprop slide (z1 = w11·x1 + w21·x2),
so ``W1[i-1, j-1]`` is ``w_ij`` and the layer computes ``X @ W1``. Indices above 9 are written
with a separator throughout that layer (``w3_12`` is layer 1, input 3, neuron 12, and
the same layer's input 1 → neuron 2 is ``w1_2``). With an identity output activation
the output neuron's weighted sum is itself named ``a`` (no separate identity node).

Loss and objective (the same definition at both granularities): the per-sample loss is, for
``mse``, the mean over the k outputs of (a_j − y_j)²; for ``bce`` the mean over outputs of the
binary cross-entropy (needs a sigmoid output); for ``softmax_ce`` the cross-entropy of the
softmax over the k outputs (computed from the logits ``Z`` for stability; layer granularity
only). The objective is the mean of the per-sample losses over the samples. At neuron
granularity ``loss`` holds one number per sample and the engine averages it; at layer
granularity ``loss`` is that average itself. For ``softmax_ce`` the node ``A`` = softmax(Z)
shows the probabilities but the loss reads ``Z``, so no gradient flows through ``A``.
``loss="none"`` makes the network output the graph's output (with k > 1 outputs at neuron
granularity, ``mean_a`` = (a1 + … + ak) / k, the same objective as the mean of ``A``).

Initialisation (``init``), from ``numpy.random.default_rng(seed)``, layer by layer, each
weight matrix drawn as fan_in × fan_out in one call; biases start at 0:
``xavier`` (Glorot uniform, U(−a, a), a = √(6/(fan_in+fan_out))), ``xavier_normal``
(N(0, 2/(fan_in+fan_out))), ``he`` (N(0, 2/fan_in)), ``zeros`` (all 0: shows why symmetric
weights never learn different features). Sample data come from a second stream,
``default_rng([seed, 1])``, rounded to 2 decimals so they read well on screen.

Feature inputs (``features``, TensorFlow Playground's toggles; names in ``ops.FEATURE_NAMES``:
x1, x2, x1^2, x2^2, x1*x2, sin(x1), sin(x2)): the data still feeds the raw inputs x1 (and x2),
and the features are nodes computed from them, so the chain rule runs through them to the
inputs. ``sizes[0]`` is the number of features; they are kept in Playground's order whatever
order they are given in, and W1's rows follow it. Neuron granularity: one node per feature
(``x1^2`` = x1², ``x1*x2``, ``sin(x1)``; the feature x1 is the input itself); layer granularity:
one node ``F`` = features(X), samples × features. No features: the inputs feed layer 1 as before.

Regularisation (``regularization`` "l1" or "l2", rate ``reg_rate`` λ): a penalty node added to
the loss, so its gradient reaches every weight: ``penalty`` = λ·Σ|w| or λ·Σw² over the weights
of every layer (biases are not penalised, as in Playground), and the graph's output is
``Q`` = loss + penalty. At neuron granularity each weight has its own |w| or w² node; at layer
granularity each W has one (``W1^2`` → ``sum_W1^2``). The loss node keeps the data loss alone.

Dropout (inverted, seeded) follows each hidden activation whose rate is > 0. It is the
identity in evaluation, where both granularities agree exactly; in training the two draw their
masks differently (one per neuron against one per layer), so their numbers then differ.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any, TypeGuard

import numpy as np

from ..autodiff import ops
from ..autodiff.graph import Graph, Role
from ..io.limits import short_repr
from ..text.i18n import count, tr

LOSSES = ("mse", "bce", "softmax_ce", "none")
REGULARIZATIONS = ("none", "l1", "l2")
FEATURES = ops.FEATURE_NAMES
GRANULARITIES = ("neuron", "layer")
INITS = ("xavier", "xavier_normal", "he", "zeros")
OUTPUT_ACTIVATIONS = (*ops.ACTIVATIONS, "softmax")
WEIGHT_LETTERS = ("w", "v", "p")  # the lecture's letters for layers 1, 2, 3
BIAS_LETTERS = ("b", "c", "d")
MAX_NEURON_WEIGHTS = 10_000  # a neuron-level picture beyond this is unreadable and slow
MAX_LAYER_PARAMS = 4_000_000
MAX_SIZE = 100_000
MAX_SEED = 2**63 - 1

Value = Any


class SpecError(ValueError):
    """A bad network spec; ``field`` is the path of the bad field, e.g. ``sizes[1]``."""

    def __init__(self, field_path: str, message: str) -> None:
        super().__init__(f"{field_path}: {message}")
        self.field = field_path
        self.message = message


# ---------------------------------------------------------------------------- the spec


def _is_int(v: object) -> bool:
    return isinstance(v, (int, np.integer)) and not isinstance(v, bool)


def _is_number(v: object) -> TypeGuard[float]:
    return isinstance(v, (int, float, np.integer, np.floating)) and not isinstance(v, bool)


def _not_a_name(what: str, got: str) -> str:
    """Whole sentences per kind of choice, so a translation can choose its own word order."""
    if what == "activation":
        return tr("must be the name of activation, got {got}", got=got)
    if what == "loss":
        return tr("must be the name of loss, got {got}", got=got)
    if what == "granularity":
        return tr("must be the name of granularity, got {got}", got=got)
    if what == "regularization":
        return tr("must be the name of regularisation, got {got}", got=got)
    return tr("must be the name of initialisation, got {got}", got=got)


def _unknown(what: str, got: str, hint: str, allowed: str) -> str:
    if what == "activation":
        return tr(
            "unknown activation {got}{hint}; choose from {allowed}",
            got=got,
            hint=hint,
            allowed=allowed,
        )
    if what == "loss":
        return tr(
            "unknown loss {got}{hint}; choose from {allowed}", got=got, hint=hint, allowed=allowed
        )
    if what == "granularity":
        return tr(
            "unknown granularity {got}{hint}; choose from {allowed}",
            got=got,
            hint=hint,
            allowed=allowed,
        )
    if what == "regularization":
        return tr(
            "unknown regularisation {got}{hint}; choose from {allowed}",
            got=got,
            hint=hint,
            allowed=allowed,
        )
    return tr(
        "unknown initialisation {got}{hint}; choose from {allowed}",
        got=got,
        hint=hint,
        allowed=allowed,
    )


def _choice(field_path: str, value: object, allowed: tuple[str, ...], what: str) -> str:
    if not isinstance(value, str):
        raise SpecError(field_path, _not_a_name(what, short_repr(value)))
    if value not in allowed:
        close = difflib.get_close_matches(value[:100], allowed, n=1)
        hint = tr(" (did you mean {name}?)", name=repr(close[0])) if close else ""
        raise SpecError(field_path, _unknown(what, short_repr(value), hint, ", ".join(allowed)))
    return value


@dataclass(frozen=True)
class NetworkSpec:
    """What a fully connected network is. Lists are accepted and stored as tuples."""

    sizes: tuple[int, ...]
    activation: str | tuple[str, ...] = "tanh"  # hidden layers: one name, or one per layer
    output_activation: str = "identity"
    loss: str = "mse"
    granularity: str = "neuron"
    seed: int = 0
    dropout: float | tuple[float, ...] = 0.0  # after each hidden activation; or one per layer
    init: str = "xavier"
    features: tuple[str, ...] = ()  # Playground's feature inputs; () feeds the inputs directly
    regularization: str = "none"  # "l1" or "l2": a penalty on the weights added to the loss
    reg_rate: float = 0.0  # λ of the penalty

    def __post_init__(self) -> None:
        for name in ("sizes", "activation", "dropout", "features"):
            value = getattr(self, name)
            if isinstance(value, list):
                object.__setattr__(self, name, tuple(value))
        self._validate()
        if self.features:  # Playground's order, so W1's rows do not depend on how they were listed
            ordered = tuple(n for n in FEATURES if n in self.features)
            object.__setattr__(self, "features", ordered)

    # ------------------------------------------------------------------ reading
    @property
    def depth(self) -> int:
        """The number of FC layers (hidden layers + the output layer)."""
        return len(self.sizes) - 1

    @property
    def raw_inputs(self) -> int:
        """How many data columns feed the network: x1..xn, or those the features read."""
        if not self.features:
            return self.sizes[0]
        return 2 if any("x2" in f for f in self.features) else 1

    @property
    def hidden_activations(self) -> tuple[str, ...]:
        hidden = self.depth - 1
        if isinstance(self.activation, str):
            return (self.activation,) * hidden
        return tuple(self.activation)

    @property
    def dropout_rates(self) -> tuple[float, ...]:
        hidden = self.depth - 1
        rates = self.dropout
        if _is_number(rates):
            return (float(rates),) * hidden
        assert isinstance(rates, tuple)  # __post_init__ made a list one
        return tuple(float(p) for p in rates)

    # ------------------------------------------------------------------ validation
    def _validate(self) -> None:
        sizes = self.sizes
        if not isinstance(sizes, tuple):
            raise SpecError(
                "sizes", tr("must be a list of layer sizes, got {got}", got=short_repr(sizes))
            )
        if len(sizes) < 2:
            raise SpecError(
                "sizes",
                tr("needs at least an input and an output size, got {got}", got=list(sizes)),
            )
        for i, s in enumerate(sizes):
            if not _is_int(s) or s < 1:
                raise SpecError(
                    f"sizes[{i}]", tr("must be a positive integer, got {got}", got=short_repr(s))
                )
            if s > MAX_SIZE:
                raise SpecError(
                    f"sizes[{i}]",
                    tr(
                        "at most {limit} units, got {got}",
                        limit=count(MAX_SIZE),
                        got=short_repr(s),
                    ),
                )
        hidden = len(sizes) - 2
        act = self.activation
        if isinstance(act, tuple):
            if len(act) != hidden:
                raise SpecError(
                    "activation",
                    tr(
                        "one activation per hidden layer: expected {expected}, got {got}",
                        expected=hidden,
                        got=len(act),
                    ),
                )
            for i, a in enumerate(act):
                _choice(f"activation[{i}]", a, ops.ACTIVATIONS, "activation")
        else:
            _choice("activation", act, ops.ACTIVATIONS, "activation")
        _choice("output_activation", self.output_activation, OUTPUT_ACTIVATIONS, "activation")
        _choice("loss", self.loss, LOSSES, "loss")
        _choice("granularity", self.granularity, GRANULARITIES, "granularity")
        _choice("init", self.init, INITS, "initialisation")
        if not _is_int(self.seed) or not 0 <= self.seed <= MAX_SEED:
            raise SpecError(
                "seed",
                tr(
                    "must be a non-negative integer below 2**63, got {got}",
                    got=short_repr(self.seed),
                ),
            )
        rates = self.dropout if isinstance(self.dropout, tuple) else None
        if rates is not None:
            if len(rates) != hidden:
                raise SpecError(
                    "dropout",
                    tr(
                        "one rate per hidden layer: expected {expected}, got {got}",
                        expected=hidden,
                        got=len(rates),
                    ),
                )
            for i, p in enumerate(rates):
                _check_rate(f"dropout[{i}]", p)
        else:
            _check_rate("dropout", self.dropout)
        self._validate_features()
        self._validate_regularization()
        self._validate_combination()

    def _validate_features(self) -> None:
        features = self.features
        if not isinstance(features, tuple):
            raise SpecError(
                "features",
                tr("must be a list of feature names, got {got}", got=short_repr(features)),
            )
        for i, name in enumerate(features):
            if not isinstance(name, str) or name not in FEATURES:
                close = (
                    difflib.get_close_matches(name[:100], FEATURES, n=1)
                    if isinstance(name, str)
                    else []
                )
                hint = tr(" (did you mean {name}?)", name=repr(close[0])) if close else ""
                raise SpecError(
                    f"features[{i}]",
                    tr(
                        "unknown feature {got}{hint}; choose from {allowed}",
                        got=short_repr(name),
                        hint=hint,
                        allowed=", ".join(FEATURES),
                    ),
                )
            if name in features[:i]:
                raise SpecError(f"features[{i}]", tr("{name} is listed twice", name=repr(name)))
        if features and len(features) != self.sizes[0]:
            raise SpecError(
                "sizes[0]",
                tr(
                    "the first size is the number of features: {n} features ({names}) need "
                    "{n}, got {got}",
                    n=len(features),
                    names=", ".join(features),
                    got=self.sizes[0],
                ),
            )

    def _validate_regularization(self) -> None:
        _choice("regularization", self.regularization, REGULARIZATIONS, "regularization")
        rate = self.reg_rate
        if not _is_number(rate) or not np.isfinite(rate) or rate < 0:
            raise SpecError(
                "reg_rate",
                tr("must be a finite number ≥ 0, got {got}", got=short_repr(rate)),
            )
        if self.regularization != "none" and self.loss == "none":
            raise SpecError(
                "regularization",
                tr("a penalty is added to a loss: choose a loss other than 'none'"),
            )

    def _validate_combination(self) -> None:
        out, loss = self.output_activation, self.loss
        if loss == "bce" and out != "sigmoid":
            raise SpecError(
                "loss",
                tr(
                    "'bce' reads probabilities, so output_activation must be 'sigmoid', got {got}",
                    got=repr(out),
                ),
            )
        if loss == "softmax_ce" and out != "softmax":
            raise SpecError(
                "loss",
                tr("'softmax_ce' needs output_activation 'softmax', got {got}", got=repr(out)),
            )
        if self.granularity == "neuron":
            if out == "softmax":
                raise SpecError(
                    "output_activation",
                    tr(
                        "'softmax' couples every output neuron and is built only at "
                        "granularity 'layer'"
                    ),
                )
            weights = sum(a * b for a, b in pairwise(self.sizes))
            if weights > MAX_NEURON_WEIGHTS:
                raise SpecError(
                    "sizes",
                    tr(
                        "{weights} weights is too many to draw one by one (at most {limit} at "
                        "granularity 'neuron'); use granularity 'layer'",
                        weights=count(weights),
                        limit=count(MAX_NEURON_WEIGHTS),
                    ),
                )
        else:
            params = sum(a * b + b for a, b in pairwise(self.sizes))
            if params > MAX_LAYER_PARAMS:
                raise SpecError(
                    "sizes",
                    tr(
                        "{params} parameters; at most {limit} are supported",
                        params=count(params),
                        limit=count(MAX_LAYER_PARAMS),
                    ),
                )

    # ------------------------------------------------------------------ documents
    def to_dict(self) -> dict[str, Any]:
        return {
            "sizes": [int(s) for s in self.sizes],
            "activation": self.activation
            if isinstance(self.activation, str)
            else list(self.activation),
            "output_activation": self.output_activation,
            "loss": self.loss,
            "granularity": self.granularity,
            "seed": int(self.seed),
            "dropout": float(self.dropout)
            if _is_number(self.dropout)
            else list(self.dropout_rates),
            "init": self.init,
            **({"features": list(self.features)} if self.features else {}),
            **(
                {"regularization": self.regularization, "reg_rate": float(self.reg_rate)}
                if self.regularization != "none" or self.reg_rate
                else {}
            ),
        }

    @classmethod
    def from_dict(cls, data: object) -> NetworkSpec:
        """Build from a document's ``spec`` object; SpecError names the bad field."""
        if not isinstance(data, dict):
            raise SpecError("spec", tr("must be an object, got {kind}", kind=type(data).__name__))
        known = {"sizes", "activation", "output_activation", "loss", "granularity"}
        known |= {"seed", "dropout", "init", "features", "regularization", "reg_rate"}
        for key in data:
            if key not in known:
                close = difflib.get_close_matches(str(key), sorted(known), n=1)
                hint = tr(" (did you mean {name}?)", name=repr(close[0])) if close else ""
                raise SpecError(str(key), tr("unknown key{hint}", hint=hint))
        if "sizes" not in data:
            raise SpecError("sizes", tr("missing (for example [2, 4, 1])"))
        kwargs = dict(data)
        for name in ("sizes", "activation", "dropout", "features"):
            if isinstance(kwargs.get(name), list):
                kwargs[name] = tuple(kwargs[name])
        if not isinstance(kwargs["sizes"], tuple):
            raise SpecError(
                "sizes",
                tr("must be a list of layer sizes, got {got}", got=short_repr(kwargs["sizes"])),
            )
        return cls(**kwargs)

    def with_granularity(self, granularity: str) -> NetworkSpec:
        return NetworkSpec(**{**self.to_dict(), "granularity": granularity})


def _check_rate(field_path: str, p: object) -> None:
    if not _is_number(p) or not (0.0 <= p < 1.0):
        raise SpecError(
            field_path, tr("must be a dropout rate in [0, 1), got {got}", got=short_repr(p))
        )


# ---------------------------------------------------------------------------- names


def weight_name(layer: int, i: int, j: int, wide: bool = False) -> str:
    """The neuron-level name of the weight from unit i of the layer below into neuron j.

    ``wide``: the layer has more than 9 inputs or neurons, so every index pair of the layer is
    written with a separator (``w12_1``) and no name can be read two ways.
    """
    if layer <= len(WEIGHT_LETTERS):
        pair = f"{i}_{j}" if wide else f"{i}{j}"
        return f"{WEIGHT_LETTERS[layer - 1]}{pair}"
    return f"w{layer}_{i}_{j}"


def is_wide(fan_in: int, fan_out: int) -> bool:
    return fan_in > 9 or fan_out > 9


def bias_name(layer: int, j: int) -> str:
    if layer <= len(BIAS_LETTERS):
        return f"{BIAS_LETTERS[layer - 1]}{j}"
    return f"b{layer}_{j}"


def input_names(spec: NetworkSpec) -> list[str]:
    """The data columns the network reads (the raw inputs, also when features are computed)."""
    return [f"x{i}" for i in range(1, spec.raw_inputs + 1)]


def target_names(spec: NetworkSpec) -> list[str]:
    if spec.loss == "none":
        return []
    k = spec.sizes[-1]
    return ["y"] if k == 1 else [f"y{j}" for j in range(1, k + 1)]


def output_names(spec: NetworkSpec) -> list[str]:
    k = spec.sizes[-1]
    return ["a"] if k == 1 else [f"a{j}" for j in range(1, k + 1)]


def layer_group(layer: int) -> str:
    """The group shared by a layer's nodes at both granularities ("expand layer 2")."""
    return f"layer {layer}"


def param_map(spec: NetworkSpec) -> dict[str, tuple[str, tuple[int, ...]]]:
    """Neuron-level parameter name -> (layer-level leaf, index into it), e.g. w12 -> (W1, (0, 1))."""
    table: dict[str, tuple[str, tuple[int, ...]]] = {}
    for layer, (fan_in, fan_out) in enumerate(pairwise(spec.sizes), start=1):
        for j in range(1, fan_out + 1):
            for i in range(1, fan_in + 1):
                name = weight_name(layer, i, j, is_wide(fan_in, fan_out))
                table[name] = (f"W{layer}", (i - 1, j - 1))
            table[bias_name(layer, j)] = (f"b{layer}", (j - 1,))
    return table


def column_map(spec: NetworkSpec) -> dict[str, tuple[str, int]]:
    """Neuron-level data leaf -> (layer-level matrix, column): x2 -> (X, 1), y -> (Y, 0)."""
    table = {name: ("X", c) for c, name in enumerate(input_names(spec))}
    table.update({name: ("Y", c) for c, name in enumerate(target_names(spec))})
    return table


# ---------------------------------------------------------------------------- numbers


Layers = list[tuple[np.ndarray, np.ndarray]]  # (W, b) per FC layer


def initial_parameters(spec: NetworkSpec) -> Layers:
    """(W, b) per layer, W of shape fan_in × fan_out; the same for both granularities."""
    rng = np.random.default_rng(spec.seed)
    layers = []
    for fan_in, fan_out in pairwise(spec.sizes):
        shape = (fan_in, fan_out)
        if spec.init == "xavier":
            a = np.sqrt(6.0 / (fan_in + fan_out))
            w = rng.uniform(-a, a, size=shape)
        elif spec.init == "xavier_normal":
            w = rng.normal(0.0, np.sqrt(2.0 / (fan_in + fan_out)), size=shape)
        elif spec.init == "he":
            w = rng.normal(0.0, np.sqrt(2.0 / fan_in), size=shape)
        else:
            w = np.zeros(shape)
        layers.append((w, np.zeros(fan_out)))
    return layers


def sample_data(spec: NetworkSpec, samples: int = 1) -> tuple[np.ndarray, np.ndarray | None]:
    """Seeded example data: X (samples × n) and targets Y (samples × k) that suit the loss."""
    if not _is_int(samples) or samples < 1:
        raise SpecError("samples", tr("must be a positive integer, got {got}", got=repr(samples)))
    rng = np.random.default_rng([spec.seed, 1])
    n, k = spec.raw_inputs, spec.sizes[-1]
    x = np.round(rng.normal(0.0, 1.0, size=(samples, n)), 2)
    if spec.loss == "none":
        return x, None
    if spec.loss == "bce":
        y = rng.integers(0, 2, size=(samples, k)).astype(float)
    elif spec.loss == "softmax_ce":
        y = np.eye(k)[rng.integers(0, k, size=samples)]
    else:
        y = np.round(rng.normal(0.0, 1.0, size=(samples, k)), 2)
    return x, y


def _column(matrix: np.ndarray, c: int) -> Value:
    col = np.asarray(matrix, dtype=float)[:, c]
    return float(col[0]) if col.size == 1 else col.copy()


# ---------------------------------------------------------------------------- the network


@dataclass
class Network:
    """A built network: its graph and the names a trainer or a view needs."""

    graph: Graph
    spec: NetworkSpec
    inputs: list[str]  # x1..xn, or ["X"]
    targets: list[str]  # y / y1..yk, or ["Y"]; empty when loss is "none"
    params: list[str]  # every trainable leaf, layer by layer
    predictions: list[str] = field(default_factory=list)  # a / a1..ak, or ["A"]

    @property
    def granularity(self) -> str:
        return self.spec.granularity

    def param_map(self) -> dict[str, tuple[str, tuple[int, ...]]]:
        """Neuron-level parameter -> (layer-level leaf, index); see ``param_map``."""
        return param_map(self.spec)

    def leaf_values(self) -> dict[str, Value]:
        """Every leaf's current value by id (ids are the names above)."""
        return {n.id: n.value for n in self.graph.leaves()}

    def values_for(self, granularity: str) -> dict[str, Value]:
        """This network's leaf values written for the other (or the same) granularity."""
        _choice("granularity", granularity, GRANULARITIES, "granularity")
        values = {k: v for k, v in self.leaf_values().items() if k in self._translatable()}
        if granularity == self.granularity:
            return values
        if self.granularity == "layer":
            return layer_to_neuron_values(self.spec, values)
        return neuron_to_layer_values(self.spec, values)

    def _translatable(self) -> set[str]:
        return set(self.inputs) | set(self.targets) | set(self.params)


def build_network(spec: NetworkSpec, *, samples: int = 1) -> Network:
    """The spec's network with its seeded initial weights and ``samples`` seeded samples."""
    x, y = sample_data(spec, samples)
    layers = initial_parameters(spec)
    if spec.granularity == "layer":
        return _build_layers(spec, layers, x, y)
    return _build_neurons(spec, layers, x, y)


def _build_neurons(spec: NetworkSpec, layers: Layers, x: Any, y: Any) -> Network:
    g = Graph()
    inputs = input_names(spec)
    for c, name in enumerate(inputs):
        g.add_leaf(name, _column(x, c), Role.INPUT, name=name, group="input")
    params: list[str] = []
    previous = _add_feature_nodes(g, spec.features) if spec.features else inputs
    depth = spec.depth
    outputs = output_names(spec)
    for layer, (w, b) in enumerate(layers, start=1):
        group = layer_group(layer)
        last = layer == depth
        wide = is_wide(*w.shape)
        current = []
        for j in range(1, w.shape[1] + 1):
            terms = []
            for i, src in enumerate(previous, start=1):
                wn = weight_name(layer, i, j, wide)
                g.add_leaf(wn, w[i - 1, j - 1], Role.PARAM, name=wn, group=group)
                params.append(wn)
                label = f"{wn}·{g[src].display}"
                terms.append(
                    g.add_op("mul", (wn, src), node_id=f"{wn}*{src}", label=label, group=group).id
                )
            bn = bias_name(layer, j)
            g.add_leaf(bn, b[j - 1], Role.PARAM, name=bn, group=group)
            params.append(bn)
            terms.append(bn)
            z_name = f"z{layer}_{j}"
            if last and spec.output_activation == "identity":
                z_name = outputs[j - 1]
            _add_sum(g, terms, z_name, group)
            if last:
                if spec.output_activation != "identity":
                    a = outputs[j - 1]
                    g.add_op(spec.output_activation, (z_name,), node_id=a, name=a, group=group)
                current.append(outputs[j - 1])
                continue
            h = f"h{layer}_{j}"
            g.add_op(spec.hidden_activations[layer - 1], (z_name,), node_id=h, name=h, group=group)
            rate = spec.dropout_rates[layer - 1]
            if rate > 0:
                d = f"drop{layer}_{j}"
                seed = _dropout_seed(spec, layer, j)
                g.add_op(
                    "dropout",
                    (h,),
                    node_id=d,
                    name=d,
                    params={"p": rate, "seed": seed},
                    group=group,
                )
                h = d
            current.append(h)
        previous = current
    targets = target_names(spec)
    if spec.loss == "none":
        if len(outputs) == 1:
            g.set_output(outputs[0])
        else:  # one output is needed: the mean of the outputs, as the layer graph's objective
            _add_mean(g, outputs, "mean_a", "output")
            g.set_output("mean_a")
    else:
        for c, name in enumerate(targets):
            g.add_leaf(name, _column(y, c), Role.INPUT, name=name, group="loss")
        op = "squared_error" if spec.loss == "mse" else "bce"
        if len(outputs) == 1:
            g.add_op(op, (outputs[0], targets[0]), node_id="loss", name="loss", group="loss")
        else:
            errors = []
            for j, (a, t) in enumerate(zip(outputs, targets, strict=True), start=1):
                errors.append(g.add_op(op, (a, t), node_id=f"e{j}", name=f"e{j}", group="loss").id)
            _add_mean(g, errors, "loss", "loss")
        g.set_output("loss")
        if spec.regularization != "none":
            weights = [p for p in params if p not in _bias_names(spec)]
            terms = [_penalty_term(g, spec.regularization, w, w) for w in weights]
            _add_penalty(g, spec, terms)
    return Network(g, spec, inputs, targets, params, outputs)


FEATURE_GROUP = "features"
PENALTY_GROUP = "penalty"


def _add_feature_nodes(g: Graph, features: tuple[str, ...]) -> list[str]:
    """One node per feature, computed from the input leaves x1, x2 (x1 itself is the input)."""
    out = []
    for name in features:
        label = ops.FEATURE_LABELS[name]
        kw: dict[str, Any] = {"node_id": name, "label": label, "group": FEATURE_GROUP}
        if name in ("x1", "x2"):
            out.append(name)
            continue
        if name.endswith("^2"):
            g.add_op("powc", (name[:2],), params={"p": 2.0}, **kw)
        elif name == "x1*x2":
            g.add_op("mul", ("x1", "x2"), **kw)
        else:
            g.add_op("sin", (name[4:6],), **kw)
        out.append(name)
    return out


def _bias_names(spec: NetworkSpec) -> set[str]:
    return {
        bias_name(layer, j) for layer, n in enumerate(spec.sizes[1:], 1) for j in range(1, n + 1)
    }


def _penalty_term(g: Graph, kind: str, weight: str, text: str) -> str:
    """|w| or w² of one weight (or of a whole matrix at layer granularity)."""
    if kind == "l1":
        return g.add_op(
            "abs", (weight,), node_id=f"|{weight}|", label=f"|{text}|", group=PENALTY_GROUP
        ).id
    return g.add_op(
        "powc",
        (weight,),
        node_id=f"{weight}^2",
        params={"p": 2.0},
        label=f"{text}²",
        group=PENALTY_GROUP,
    ).id


def _add_penalty(g: Graph, spec: NetworkSpec, terms: list[str]) -> None:
    """penalty = λ·(sum of the terms); Q = loss + penalty becomes the graph's output."""
    total = _add_sum(g, terms, "penalty_sum", PENALTY_GROUP, named=False)
    rate = float(spec.reg_rate)
    g.add_leaf("lambda", rate, Role.CONST, label=f"{rate:g}", literal=True, group=PENALTY_GROUP)
    g.add_op("mul", ("lambda", total), node_id="penalty", name="penalty", group=PENALTY_GROUP)
    g.add_op("add", ("loss", "penalty"), node_id="Q", name="Q", group="loss")
    g.set_output("Q")


def _add_mean(g: Graph, terms: list[str], node_id: str, group: str) -> str:
    """(t1 + … + tk) / k with k a literal, so the per-sample mean over outputs is visible."""
    total = _add_sum(g, terms, f"{node_id}_sum", group, named=False)
    k = len(terms)
    g.add_leaf(f"{node_id}_k", float(k), Role.CONST, label=str(k), literal=True, group=group)
    return g.add_op("div", (total, f"{node_id}_k"), node_id=node_id, name=node_id, group=group).id


def _add_sum(g: Graph, terms: list[str], node_id: str, group: str, named: bool = True) -> str:
    """Left-to-right additions ending in ``node_id``; partial sums are labelled by formula."""
    if len(terms) == 1:
        g.add_op(
            "identity", (terms[0],), node_id=node_id, name=node_id if named else None, group=group
        )
        return node_id
    acc = terms[0]
    text = g[acc].display
    for k, term in enumerate(terms[1:], start=1):
        text = f"{text} + {g[term].display}"
        final = k == len(terms) - 1
        nid = node_id if final else f"{node_id}+{k}"
        name = node_id if final and named else None
        acc = g.add_op("add", (acc, term), node_id=nid, name=name, label=text, group=group).id
    return acc


def _dropout_seed(spec: NetworkSpec, layer: int, unit: int) -> float:
    """Distinct seeds per dropout node, so neurons do not share one mask."""
    return float(spec.seed * 100_003 + layer * 1_000 + unit)


def _build_layers(spec: NetworkSpec, layers: Layers, x: Any, y: Any) -> Network:
    g = Graph()
    g.add_leaf("X", x, Role.INPUT, name="X", group="input")
    params: list[str] = []
    previous = "X"
    if spec.features:
        mask = ops.feature_mask(spec.features)
        g.add_op(
            "features", ("X",), node_id="F", name="F", params={"mask": mask}, group=FEATURE_GROUP
        )
        previous = "F"
    depth = spec.depth
    for layer, (w, b) in enumerate(layers, start=1):
        group = layer_group(layer)
        wn, bn = f"W{layer}", f"b{layer}"
        g.add_leaf(wn, w, Role.PARAM, name=wn, group=group)
        g.add_leaf(bn, b, Role.PARAM, name=bn, group=group)
        params += [wn, bn]
        product = f"{previous}{wn}"
        g.add_op("matmul", (previous, wn), node_id=product, label=f"{previous}·{wn}", group=group)
        last = layer == depth
        z = "A" if last and spec.output_activation == "identity" else f"Z{layer}"
        g.add_op("add", (product, bn), node_id=z, name=z, group=group)
        if last:
            if z != "A":
                g.add_op(spec.output_activation, (z,), node_id="A", name="A", group=group)
            break
        h = f"H{layer}"
        g.add_op(spec.hidden_activations[layer - 1], (z,), node_id=h, name=h, group=group)
        rate = spec.dropout_rates[layer - 1]
        if rate > 0:
            d = f"Drop{layer}"
            seed = _dropout_seed(spec, layer, 0)
            g.add_op(
                "dropout", (h,), node_id=d, name=d, params={"p": rate, "seed": seed}, group=group
            )
            h = d
        previous = h
    targets: list[str] = []
    if spec.loss == "none":
        g.set_output("A")
    else:
        targets = ["Y"]
        g.add_leaf("Y", y, Role.INPUT, name="Y", group="loss")
        if spec.loss == "mse":
            g.add_op("mse", ("A", "Y"), node_id="loss", name="loss", group="loss")
        elif spec.loss == "bce":
            g.add_op("bce", ("A", "Y"), node_id="BCE", name="BCE", group="loss")
            g.add_op("mean", ("BCE",), node_id="loss", name="loss", group="loss")
        else:
            g.add_op("softmax_ce", (f"Z{depth}", "Y"), node_id="CE", name="CE", group="loss")
            g.add_op("mean", ("CE",), node_id="loss", name="loss", group="loss")
        g.set_output("loss")
        if spec.regularization != "none":
            terms = []
            for layer in range(1, depth + 1):
                term = _penalty_term(g, spec.regularization, f"W{layer}", f"W{layer}")
                terms.append(
                    g.add_op(
                        "sum",
                        (term,),
                        node_id=f"sum_{term}",
                        label=f"Σ {g[term].display}",
                        group=PENALTY_GROUP,
                    ).id
                )
            _add_penalty(g, spec, terms)
    return Network(g, spec, ["X"], targets, params, ["A"])


# ---------------------------------------------------------------------------- translation


def neuron_to_layer_values(spec: NetworkSpec, values: dict[str, Value]) -> dict[str, Value]:
    """Stack neuron-level leaf values into the layer-level leaves they belong to.

    Every matrix that any given name belongs to must be given whole (all of W1's weights, all
    of X's columns); the error names the first one missing. Names of neither kind are refused.
    """
    pmap, cmap = param_map(spec), column_map(spec)
    unknown = [k for k in values if k not in pmap and k not in cmap]
    if unknown:
        raise KeyError(
            tr(
                "{name} is not a leaf of this network at neuron granularity",
                name=repr(unknown[0]),
            )
        )
    out: dict[str, Value] = {}
    wanted = {pmap[k][0] for k in values if k in pmap}
    for leaf in sorted(wanted):
        layer = int(leaf[1:])
        w_shape = (spec.sizes[layer - 1], spec.sizes[layer])
        arr = np.zeros(w_shape if leaf.startswith("W") else (spec.sizes[layer],))
        for name, (target, index) in pmap.items():
            if target != leaf:
                continue
            if name not in values:
                raise KeyError(
                    tr(
                        "{name} is missing: {leaf} needs every one of its entries",
                        name=repr(name),
                        leaf=leaf,
                    )
                )
            arr[index] = float(values[name])
        out[leaf] = arr
    for matrix in ("X", "Y"):
        names = [k for k, (m, _) in cmap.items() if m == matrix]
        if not any(k in values for k in names):
            continue
        missing = [k for k in names if k not in values]
        if missing:
            raise KeyError(
                tr(
                    "{name} is missing: {matrix} needs every one of its columns",
                    name=repr(missing[0]),
                    matrix=matrix,
                )
            )
        out[matrix] = np.column_stack([np.atleast_1d(np.asarray(values[k], float)) for k in names])
    return out


def layer_to_neuron_values(spec: NetworkSpec, values: dict[str, Value]) -> dict[str, Value]:
    """Split layer-level leaf values (W1, b1, X, Y, …) into the neuron-level leaves."""
    out: dict[str, Value] = {}
    for name, (leaf, index) in param_map(spec).items():
        if leaf in values:
            out[name] = float(np.asarray(values[leaf], dtype=float)[index])
    for name, (matrix, c) in column_map(spec).items():
        if matrix in values:
            out[name] = _column(np.atleast_2d(np.asarray(values[matrix], dtype=float)), c)
    layer_leaves = {leaf for leaf, _ in param_map(spec).values()} | {"X", "Y"}
    unknown = [k for k in values if k not in layer_leaves]
    if unknown:
        raise KeyError(
            tr(
                "{name} is not a leaf of this network at layer granularity",
                name=repr(unknown[0]),
            )
        )
    return out


def bind_columns(network: Network, columns: dict[str, Any]) -> dict[str, Value]:
    """Engine overrides that feed data columns (x1..xn and y or y1..yk) into the network."""
    spec = network.spec
    needed = input_names(spec) + target_names(spec)
    for name in needed:
        if name not in columns:
            have = ", ".join(sorted(columns)) or tr("none")
            raise KeyError(
                tr(
                    "missing data column {name}: this network needs {needed} (columns given: "
                    "{have})",
                    name=repr(name),
                    needed=", ".join(needed),
                    have=have,
                )
            )
    data = {name: np.atleast_1d(np.asarray(columns[name], dtype=float)) for name in needed}
    lengths = {name: col.shape for name, col in data.items()}
    first = needed[0]
    for name, shape in lengths.items():
        if len(shape) != 1:
            raise ValueError(
                tr(
                    "data column {name} must be one number per sample, got {shape}",
                    name=repr(name),
                    shape=shape,
                )
            )
        if shape != lengths[first]:
            raise ValueError(
                tr(
                    "data column {name} has {rows} rows but {first} has {first_rows}",
                    name=repr(name),
                    rows=shape[0],
                    first=repr(first),
                    first_rows=lengths[first][0],
                )
            )
    if network.granularity == "neuron":
        return {k: (float(v[0]) if v.size == 1 else v) for k, v in data.items()}
    out = {"X": np.column_stack([data[k] for k in input_names(spec)])}
    if target_names(spec):
        out["Y"] = np.column_stack([data[k] for k in target_names(spec)])
    return out


# ---------------------------------------------------------------------------- the lecture's Lego


def lego_regression_spec(
    sizes: tuple[int, int, int, int] = (2, 4, 4, 1),
    *,
    dropout: float = 0.5,
    seed: int = 0,
    granularity: str = "layer",
) -> NetworkSpec:
    """Input → FC → ReLU → Dropout → FC → ReLU → FC → output, with a squared-error loss."""
    _check_lego_sizes(sizes)
    return NetworkSpec(
        sizes=tuple(sizes),
        activation="relu",
        output_activation="identity",
        loss="mse",
        granularity=granularity,
        seed=seed,
        dropout=(dropout, 0.0),
        init="he",
    )


def lego_classification_spec(
    sizes: tuple[int, int, int, int] = (2, 4, 4, 3),
    *,
    dropout: float = 0.5,
    seed: int = 0,
) -> NetworkSpec:
    """The regression network ending in Softmax, with a cross-entropy loss (layer granularity)."""
    _check_lego_sizes(sizes)
    return NetworkSpec(
        sizes=tuple(sizes),
        activation="relu",
        output_activation="softmax",
        loss="softmax_ce",
        granularity="layer",
        seed=seed,
        dropout=(dropout, 0.0),
        init="he",
    )


def _check_lego_sizes(sizes: tuple[int, ...]) -> None:
    if len(sizes) != 4:
        raise SpecError(
            "sizes",
            tr("the Lego networks have 3 FC layers: give 4 sizes, got {got}", got=list(sizes)),
        )


def lego_regression(
    sizes: tuple[int, int, int, int] = (2, 4, 4, 1),
    *,
    dropout: float = 0.5,
    seed: int = 0,
    granularity: str = "layer",
    samples: int = 4,
) -> Network:
    """The lecture's regression network (slide "Networks are Lego")."""
    spec = lego_regression_spec(sizes, dropout=dropout, seed=seed, granularity=granularity)
    return build_network(spec, samples=samples)


def lego_classification(
    sizes: tuple[int, int, int, int] = (2, 4, 4, 3),
    *,
    dropout: float = 0.5,
    seed: int = 0,
    samples: int = 4,
) -> Network:
    """The lecture's classification network: the regression one, then Softmax."""
    return build_network(
        lego_classification_spec(sizes, dropout=dropout, seed=seed), samples=samples
    )
