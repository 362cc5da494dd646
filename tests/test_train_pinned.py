"""Training histories pinned bit for bit: the numbers below were computed by the trainer before
its stopping rules, optimiser and epoch loop were split into parts, so a refactor that changes
one rounding (an update written w − η·(μb + g) instead of w − η·b, a norm summed in another
order, a rule checked before the best epoch is kept) fails here.

Each scenario runs a small training (momentum, mini-batches with and without shuffle, held-out
data, each stopping rule, divergence, float32, the recording path, a pause and resume) and
compares every history column, the result and the parameters exactly (NaN equals NaN).
Only a deliberate change of the numbers regenerates them: ``python3 tests/test_train_pinned.py``
prints the table.
"""

from __future__ import annotations

import math
import sys

import numpy as np
import pytest

from core.lang.expr import parse
from core.training import datasets
from core.training.data import Table
from core.training.nn import NetworkSpec, build_network
from core.training.train import HISTORY_FIELDS, TrainConfig, Trainer

nan = math.nan
inf = math.inf

LINE = """
x = 0.5
y = 1.0
w0 = 0.0
w1 = 0.0
a = w0 + w1*x
loss = (a - y)**2
"""


def _split(name: str, samples: int, seed: int, test_fraction: float):
    """The data the histories were pinned on: the split seeded with seed + 1 (as
    generate_split did then; it now splits with the seed itself, as ``train --seed`` does)."""
    return datasets.generate(name, samples, seed=seed).split(test_fraction, seed=seed + 1)


def _line(samples: int = 60, seed: int = 0, test_fraction: float = 0.0):
    train, test = _split("regression", samples, seed, test_fraction)
    return parse(LINE).graph, train, test


def _net(spec: NetworkSpec, name: str, samples: int, test_fraction: float, seed: int = 1):
    train, test = _split(name, samples, seed, test_fraction)
    return build_network(spec), train, test


def _one_hot(table):
    y = table.column("y")
    return Table({"x1": table.column("x1"), "x2": table.column("x2"), "y1": y, "y2": 1 - y}, "xor")


def _trainer(scenario: str) -> tuple[Trainer, str]:
    """A trainer and how to drive it: "run", "record" (step_epoch(record=True)) or "resume"."""
    if scenario == "plain_full_batch":
        graph, train, _ = _line()
        return Trainer.from_tables(
            graph, train, None, TrainConfig(learning_rate=0.1, max_epochs=12)
        ), "run"
    if scenario == "momentum_minibatch_shuffled":
        graph, train, _ = _line(seed=2)
        config = TrainConfig(learning_rate=0.02, momentum=0.9, batch_size=16, seed=3, max_epochs=10)
        return Trainer.from_tables(graph, train, None, config), "run"
    if scenario == "minibatch_in_order_held_out":
        graph, train, test = _line(seed=4, test_fraction=0.25)
        config = TrainConfig(learning_rate=0.05, batch_size=7, shuffle=False, max_epochs=8)
        return Trainer.from_tables(graph, train, test, config), "run"
    if scenario == "weights_rule":
        graph, train, _ = _line(seed=5)
        config = TrainConfig(learning_rate=0.3, max_epochs=500, stop=("weights=1e-2",))
        return Trainer.from_tables(graph, train, None, config), "run"
    if scenario == "gradient_rule_with_momentum":
        graph, train, _ = _line(seed=6)
        config = TrainConfig(
            learning_rate=0.1, momentum=0.5, max_epochs=500, stop=("gradient=5e-2",)
        )
        return Trainer.from_tables(graph, train, None, config), "run"
    if scenario == "early_restores_best_bce":
        spec = NetworkSpec((2, 3, 1), output_activation="sigmoid", loss="bce", granularity="layer")
        net, train, test = _net(spec, "gauss", 80, 0.25)
        config = TrainConfig(
            learning_rate=0.5,
            momentum=0.3,
            batch_size=20,
            max_epochs=300,
            stop=("weights=1e-9", "early=3"),
            min_delta=1e-3,
        )
        return Trainer.from_tables(net, train, test, config), "run"
    if scenario == "early_keeps_last_softmax":
        spec = NetworkSpec(
            (2, 3, 2), output_activation="softmax", loss="softmax_ce", granularity="layer", seed=2
        )
        net = build_network(spec)
        train, test = (_one_hot(t) for t in _split("xor", 60, 3, 0.3))
        config = TrainConfig(
            learning_rate=0.3,
            batch_size=10,
            max_epochs=300,
            stop=("early=2",),
            min_delta=0.01,
            restore_best=False,
        )
        return Trainer.from_tables(net, train, test, config), "run"
    if scenario == "diverged":
        graph, train, _ = _line(seed=7)
        return Trainer.from_tables(
            graph, train, None, TrainConfig(learning_rate=40.0, max_epochs=1000)
        ), "run"
    if scenario == "float32_bce_momentum":
        spec = NetworkSpec(
            (2, 4, 1), output_activation="sigmoid", loss="bce", granularity="layer", seed=4
        )
        net, train, test = _net(spec, "circle", 50, 0.2, seed=5)
        config = TrainConfig(
            learning_rate=0.2, momentum=0.8, batch_size=12, dtype="float32", max_epochs=9
        )
        return Trainer.from_tables(net, train, test, config), "run"
    if scenario == "recorded_dropout":
        spec = NetworkSpec((2, 5, 1), loss="mse", granularity="layer", dropout=0.3, seed=1)
        net, train, test = _net(spec, "plane", 40, 0.25, seed=2)
        config = TrainConfig(learning_rate=0.1, momentum=0.6, batch_size=8, max_epochs=4)
        return Trainer.from_tables(net, train, test, config), "record"
    if scenario == "paused_and_resumed":
        graph, train, test = _line(seed=8, test_fraction=0.2)
        config = TrainConfig(
            learning_rate=0.05, momentum=0.7, batch_size=9, max_epochs=200, stop=("early=4",)
        )
        return Trainer.from_tables(graph, train, test, config), "resume"
    raise KeyError(scenario)


SCENARIOS = (
    "plain_full_batch",
    "momentum_minibatch_shuffled",
    "minibatch_in_order_held_out",
    "weights_rule",
    "gradient_rule_with_momentum",
    "early_restores_best_bce",
    "early_keeps_last_softmax",
    "diverged",
    "float32_bce_momentum",
    "recorded_dropout",
    "paused_and_resumed",
)


def _flat(values) -> list[float]:
    return [float(x) for v in values for x in np.ravel(np.asarray(v, dtype=np.float64))]


def observe(scenario: str) -> dict:
    """Everything a training leaves behind, as plain floats."""
    trainer, drive = _trainer(scenario)
    if drive == "record":
        for _ in range(trainer.config.max_epochs):
            trainer.step_epoch(record=True)
    elif drive == "resume":
        trainer.run(max_epochs=3)
        state = trainer.snapshot()
        again, _ = _trainer(scenario)
        trainer.run(max_epochs=2)  # the paused trainer goes on; the copy resumes from the state
        again.restore(state)
        trainer = again
        trainer.run()
    else:
        trainer.run()
    result = trainer.result
    out: dict = {"history": {f: list(trainer.history.column(f)) for f in HISTORY_FIELDS}}
    out["parameters"] = _flat(trainer.parameters().values())
    if result is not None:
        out["result"] = [
            result.stop_reason,
            result.epoch,
            result.best_epoch,
            result.train_loss,
            result.test_loss,
            result.train_accuracy,
            result.test_accuracy,
        ]
        out["message"] = result.message
        out["result_parameters"] = _flat(result.parameters.values())
    out["updates"] = trainer.updates
    return out


def _same(got, want, where: str) -> None:
    if isinstance(want, float):
        assert isinstance(got, float), where
        assert (math.isnan(got) and math.isnan(want)) or got == want, (
            f"{where}: {got!r} != {want!r}"
        )
    elif isinstance(want, list):
        assert isinstance(got, list) and len(got) == len(want), f"{where}: length"
        for k, (g, w) in enumerate(zip(got, want, strict=True)):
            _same(g, w, f"{where}[{k}]")
    elif isinstance(want, dict):
        assert set(got) == set(want), f"{where}: keys {sorted(got)} != {sorted(want)}"
        for key in want:
            _same(got[key], want[key], f"{where}.{key}")
    else:
        assert got == want, f"{where}: {got!r} != {want!r}"


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_training_history_is_unchanged(scenario: str) -> None:
    _same(observe(scenario), EXPECTED[scenario], scenario)


def test_every_stopping_rule_is_pinned() -> None:
    reasons = {EXPECTED[s]["result"][0] for s in SCENARIOS if "result" in EXPECTED[s]}
    assert reasons == {"max_epochs", "weights", "gradient", "early", "diverged"}


# fmt: off
EXPECTED = {
    'plain_full_batch': {'history': {'train_loss': [np.float64(6.183609602034732), np.float64(3.3352982774679725), np.float64(1.858194066776594), np.float64(1.0911322921594064), np.float64(0.6921271551014969), np.float64(0.4841498899032991), np.float64(0.37547391825210646), np.float64(0.3185156149801521), np.float64(0.2885550837822319), np.float64(0.27272754464874005), np.float64(0.2643234636758093), np.float64(0.2598343850022598)], 'test_loss': [np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan)], 'train_accuracy': [np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan)], 'test_accuracy': [np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan)], 'grad_norm': [np.float64(5.755103903057037), np.float64(4.143891756817793), np.float64(2.9857166608182184), np.float64(2.1529691152145327), np.float64(1.5540074974353542), np.float64(1.1230176250398334), np.float64(0.812731513757243), np.float64(0.5891991280221629), np.float64(0.42803424862833295), np.float64(0.311718808285207), np.float64(0.22766724558793408), np.float64(0.16683657933951632)], 'step_norm': [np.float64(0.5755103903057037), np.float64(0.4143891756817794), np.float64(0.29857166608182184), np.float64(0.21529691152145336), np.float64(0.15540074974353552), np.float64(0.11230176250398342), np.float64(0.08127315137572423), np.float64(0.058919912802216236), np.float64(0.0428034248628333), np.float64(0.031171880828520723), np.float64(0.022766724558793465), np.float64(0.016683657933951594)]}, 'parameters': [0.5105661106012936, 1.9554648162718564], 'result': ['max_epochs', 12, None, 0.2574199260531599, nan, nan, nan], 'message': 'reached the maximum of 12 epochs', 'result_parameters': [0.5105661106012936, 1.9554648162718564], 'updates': 12},
    'momentum_minibatch_shuffled': {'history': {'train_loss': [np.float64(4.119304307801812), np.float64(1.061345687256597), np.float64(0.4379751663504783), np.float64(1.1604559923404347), np.float64(0.851331067775385), np.float64(0.28348154817454385), np.float64(0.3383146018655055), np.float64(0.4428705933717276), np.float64(0.32822265870008366), np.float64(0.23012115955053872)], 'test_loss': [np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan)], 'train_accuracy': [np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan)], 'test_accuracy': [np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan)], 'grad_norm': [np.float64(4.211448316298339), np.float64(1.8580164673287605), np.float64(0.9442208054916104), np.float64(2.0709231053242245), np.float64(1.6933387477243766), np.float64(0.4227214784909706), np.float64(0.6466841264815132), np.float64(0.9875360580700049), np.float64(0.628328679643351), np.float64(0.10639889950537244)], 'step_norm': [np.float64(0.8005179904542562), np.float64(1.2561635942584932), np.float64(0.8076627776489504), np.float64(0.10861703365251543), np.float64(0.48967530131648246), np.float64(0.5263550150589764), np.float64(0.2736249709508305), np.float64(0.10461962992838872), np.float64(0.2761482557257397), np.float64(0.20685750780904572)]}, 'parameters': [0.5739062813386413, 2.0815546433067764], 'result': ['max_epochs', 10, None, 0.25731025257481044, nan, nan, nan], 'message': 'reached the maximum of 10 epochs', 'result_parameters': [0.5739062813386413, 2.0815546433067764], 'updates': 40},
    'minibatch_in_order_held_out': {'history': {'train_loss': [np.float64(2.9736711861938065), np.float64(0.43958473103936774), np.float64(0.2032080696370463), np.float64(0.1815422762556677), np.float64(0.17986184917867354), np.float64(0.17991587747594062), np.float64(0.18003720297666825), np.float64(0.180110110378693)], 'test_loss': [np.float64(1.023060574527625), np.float64(0.4399381369137697), np.float64(0.3437232010756914), np.float64(0.3224050610121566), np.float64(0.3169619099669266), np.float64(0.31557456965665887), np.float64(0.31526934373939197), np.float64(0.3152358493093757)], 'train_accuracy': [np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan)], 'test_accuracy': [np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan)], 'grad_norm': [np.float64(3.906029273257538), np.float64(1.170411605470798), np.float64(0.3338439231120769), np.float64(0.07645964926591625), np.float64(0.016413091101308966), np.float64(0.037605447634601954), np.float64(0.047004401674825357), np.float64(0.050844283264854476)], 'step_norm': [np.float64(1.3364281801007438), np.float64(0.41351576139653873), np.float64(0.13143854286412704), np.float64(0.04456362609366151), np.float64(0.01700751986250051), np.float64(0.007469105470482763), np.float64(0.0036310761323332334), np.float64(0.0018555595163901562)]}, 'parameters': [0.5201668237838272, 1.8681539168260728], 'result': ['max_epochs', 8, None, 0.17651405854339736, 0.3152358493093757, nan, nan], 'message': 'reached the maximum of 8 epochs', 'result_parameters': [0.5201668237838272, 1.8681539168260728], 'updates': 56},
    'weights_rule': {'history': {'train_loss': [np.float64(6.182854950459554), np.float64(0.28784603927252894), np.float64(0.17519678939569), np.float64(0.17034428626705791), np.float64(0.16977665493722585)], 'test_loss': [np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan)], 'train_accuracy': [np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan)], 'test_accuracy': [np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan)], 'grad_norm': [np.float64(5.894943490696636), np.float64(0.8014646344780774), np.float64(0.15743724131891682), np.float64(0.05224515708212244), np.float64(0.020425851258133693)], 'step_norm': [np.float64(1.7684830472089907), np.float64(0.24043939034342318), np.float64(0.04723117239567506), np.float64(0.015673547124636707), np.float64(0.006127755377440115)]}, 'parameters': [0.42066498410698405, 1.9992267589737334], 'result': ['weights', 5, None, 0.16968912533272176, nan, nan, nan], 'message': '‖w^t − w^(t−1)‖ = 0.00613 < ε = 0.01 at epoch 5', 'result_parameters': [0.42066498410698405, 1.9992267589737334], 'updates': 5},
    'gradient_rule_with_momentum': {'history': {'train_loss': [np.float64(6.617179530105423), np.float64(3.422189484196958), np.float64(1.0418596018626145), np.float64(0.29376771648599104), np.float64(0.31222476968111157), np.float64(0.38746460534233107), np.float64(0.3573749537463707), np.float64(0.2959118708476118), np.float64(0.2613805674547135), np.float64(0.2539531015789974)], 'test_loss': [np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan)], 'train_accuracy': [np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan)], 'test_accuracy': [np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan)], 'grad_norm': [np.float64(6.122434504365457), np.float64(4.315230119943255), np.float64(2.142972930281456), np.float64(0.4593549639852515), np.float64(0.5863490927341951), np.float64(0.891713678364783), np.float64(0.7846792237250482), np.float64(0.5000325491791582), np.float64(0.2124942820519021), np.float64(0.039799287482045614)], 'step_norm': [np.float64(0.6122434504365458), np.float64(0.7376168294653483), np.float64(0.5828540639589037), np.float64(0.33443518120193305), np.float64(0.11486836775010031), np.float64(0.04320550014334617), np.float64(0.09686094500763755), np.float64(0.09799062914276874), np.float64(0.06985592752198493), np.float64(0.03543827988130189)]}, 'parameters': [0.40271596367963036, 2.0110698327192593], 'result': ['gradient', 10, None, 0.2555350457543257, nan, nan, nan], 'message': '‖∇Q‖ = 0.0398 < ε = 0.05 at epoch 10', 'result_parameters': [0.40271596367963036, 2.0110698327192593], 'updates': 10},
    'early_restores_best_bce': {'history': {'train_loss': [np.float64(0.5309869144319309), np.float64(0.21483739703402333), np.float64(0.1184832465482979), np.float64(0.08023714143941099), np.float64(0.06057262463816522), np.float64(0.04849233753941961), np.float64(0.040375344005361816), np.float64(0.034585401103750885), np.float64(0.030145910959904303), np.float64(0.026743163954296125), np.float64(0.024007626685682758), np.float64(0.02177713608530044), np.float64(0.019922911523005963), np.float64(0.018324587233312397), np.float64(0.01698912944892991), np.float64(0.015807541978174623), np.float64(0.01477781585837003), np.float64(0.013864625323120272), np.float64(0.013073171289119232), np.float64(0.012343873156045506), np.float64(0.011700438259650241), np.float64(0.011113413026992742), np.float64(0.010581646640176278), np.float64(0.01009714382011615), np.float64(0.009650070951222372), np.float64(0.009243667119348936), np.float64(0.008868263602438954), np.float64(0.00851850264788077), np.float64(0.008193835962521398), np.float64(0.007890450139091948)], 'test_loss': [np.float64(0.26076460927503803), np.float64(0.12940024830692634), np.float64(0.08303607186495687), np.float64(0.06067797054242683), np.float64(0.04774015100883611), np.float64(0.03933061907160455), np.float64(0.03334502509553819), np.float64(0.02892442832933941), np.float64(0.02554224647334228), np.float64(0.022854262522727063), np.float64(0.020662937899019483), np.float64(0.018843548370337984), np.float64(0.01730573602081296), np.float64(0.016005710671442984), np.float64(0.01486865410501977), np.float64(0.013882200900193088), np.float64(0.013015883004638445), np.float64(0.01224712483871523), np.float64(0.01155687775587032), np.float64(0.010946291208669556), np.float64(0.010383223526245234), np.float64(0.009874980640433904), np.float64(0.009414314925020479), np.float64(0.008990808227031317), np.float64(0.008603362812075714), np.float64(0.008245717015727714), np.float64(0.007913146116139504), np.float64(0.007607396654252349), np.float64(0.0073216151289720935), np.float64(0.007055723354815087)], 'train_accuracy': [np.float64(0.8166666666666667), np.float64(1.0), np.float64(1.0), np.float64(1.0), np.float64(1.0), np.float64(1.0), np.float64(1.0), np.float64(1.0), np.float64(1.0), np.float64(1.0), np.float64(1.0), np.float64(1.0), np.float64(1.0), np.float64(1.0), np.float64(1.0), np.float64(1.0), np.float64(1.0), np.float64(1.0), np.float64(1.0), np.float64(1.0), np.float64(1.0), np.float64(1.0), np.float64(1.0), np.float64(1.0), np.float64(1.0), np.float64(1.0), np.float64(1.0), np.float64(1.0), np.float64(1.0), np.float64(1.0)], 'test_accuracy': [np.float64(1.0), np.float64(1.0), np.float64(1.0), np.float64(1.0), np.float64(1.0), np.float64(1.0), np.float64(1.0), np.float64(1.0), np.float64(1.0), np.float64(1.0), np.float64(1.0), np.float64(1.0), np.float64(1.0), np.float64(1.0), np.float64(1.0), np.float64(1.0), np.float64(1.0), np.float64(1.0), np.float64(1.0), np.float64(1.0), np.float64(1.0), np.float64(1.0), np.float64(1.0), np.float64(1.0), np.float64(1.0), np.float64(1.0), np.float64(1.0), np.float64(1.0), np.float64(1.0), np.float64(1.0)], 'grad_norm': [np.float64(0.5225286373651515), np.float64(0.24507582995071323), np.float64(0.14851164884453602), np.float64(0.10454049355532374), np.float64(0.08013262953348647), np.float64(0.06518729096112272), np.float64(0.05469877353043798), np.float64(0.047132434290585966), np.float64(0.041384490623552324), np.float64(0.036926031431725626), np.float64(0.03334187671148444), np.float64(0.030385733890541215), np.float64(0.027887421959388176), np.float64(0.02575876196985412), np.float64(0.02395539175362232), np.float64(0.02235807126852343), np.float64(0.020964847462953514), np.float64(0.019738636325953046), np.float64(0.018663953355270838), np.float64(0.017687114124305334), np.float64(0.016802608837793675), np.float64(0.015996881231764803), np.float64(0.01527313854511143), np.float64(0.014607183365516866), np.float64(0.013997260178313403), np.float64(0.013441740803080108), np.float64(0.012923222845107855), np.float64(0.012447810011844904), np.float64(0.01199982064002646), np.float64(0.011579045620618832)], 'step_norm': [np.float64(1.0101381384921928), np.float64(0.5757450520387195), np.float64(0.3424494743330003), np.float64(0.23549959693987033), np.float64(0.17880134088840013), np.float64(0.1424083177007302), np.float64(0.1221667795371084), np.float64(0.10423882532396027), np.float64(0.08998017128540835), np.float64(0.08023998563157062), np.float64(0.07229435491428156), np.float64(0.06588225388947452), np.float64(0.060958170905701776), np.float64(0.05534146584490701), np.float64(0.05223353605296132), np.float64(0.04858872420300621), np.float64(0.04521750703269079), np.float64(0.042490434460804215), np.float64(0.04047148528011032), np.float64(0.03746943314967278), np.float64(0.036901388103439514), np.float64(0.03464829098540279), np.float64(0.03286083107864588), np.float64(0.03163053647474498), np.float64(0.030069495874444817), np.float64(0.028973253925045826), np.float64(0.027995171730139008), np.float64(0.026644966132599014), np.float64(0.025916219596824688), np.float64(0.02493861746518451)]}, 'parameters': [-0.21876691304153598, 0.46772836186806716, -0.7844630708730626, -1.3130468553475454, 1.3049778962835539, 1.1100773198689458, 0.09296903940513884, -0.07635661802165594, 0.007896846915141536, -1.9980244850540285, 2.7894041660138558, 0.19651308282555263, 0.00643158711560643], 'result': ['early', 30, 27, 0.008621487352024193, 0.007913146116139504, 1.0, 1.0], 'message': 'held-out loss has not improved for 3 epochs (best 0.007913 at epoch 27); parameters restored from epoch 27', 'result_parameters': [-0.21876691304153598, 0.46772836186806716, -0.7844630708730626, -1.3130468553475454, 1.3049778962835539, 1.1100773198689458, 0.09296903940513884, -0.07635661802165594, 0.007896846915141536, -1.9980244850540285, 2.7894041660138558, 0.19651308282555263, 0.00643158711560643], 'updates': 90},
    'early_keeps_last_softmax': {'history': {'train_loss': [np.float64(0.7576446565927556), np.float64(0.6893448330065939), np.float64(0.6971630504844359), np.float64(0.6678225499311885), np.float64(0.6376460240227688), np.float64(0.6381566861020787), np.float64(0.6386403928255879), np.float64(0.6278453839954844)], 'test_loss': [np.float64(0.8548553788399519), np.float64(0.7489447939120262), np.float64(0.7720692385582324), np.float64(0.6850624267681528), np.float64(0.6605145151742993), np.float64(0.6350342661646899), np.float64(0.6518118737897595), np.float64(0.6593698002606152)], 'train_accuracy': [np.float64(0.5476190476190477), np.float64(0.5476190476190477), np.float64(0.5714285714285714), np.float64(0.7142857142857143), np.float64(0.6904761904761905), np.float64(0.7142857142857143), np.float64(0.6428571428571429), np.float64(0.7142857142857143)], 'test_accuracy': [np.float64(0.3333333333333333), np.float64(0.4444444444444444), np.float64(0.6111111111111112), np.float64(0.5555555555555556), np.float64(0.5555555555555556), np.float64(0.5), np.float64(0.5555555555555556), np.float64(0.5)], 'grad_norm': [np.float64(0.393815410373915), np.float64(0.21721582338418524), np.float64(0.25808663937379), np.float64(0.18363108624280874), np.float64(0.12045676421628085), np.float64(0.14011126852707548), np.float64(0.1977669397223567), np.float64(0.19030523682504705)], 'step_norm': [np.float64(0.8253012384166076), np.float64(0.6454594553812708), np.float64(0.34997988539982905), np.float64(0.49704542651863187), np.float64(0.16235470417886283), np.float64(0.27959105992801303), np.float64(0.3586921348582723), np.float64(0.35908027254417907)]}, 'parameters': [-0.6474550489704248, -0.42417515691401825, 0.7590863486577051, -0.7428873773881762, 0.4288204379614631, 0.5215803582745093, -0.527437656079401, -0.8104089443371345, -0.4296217913053762, -0.33906242980006374, -1.3193369673287036, -0.4461121488599677, 0.2980131897235655, -0.05579040867392964, -0.5744675275145519, -0.04846159904927651, 0.048461599049276424], 'result': ['early', 8, 6, 0.5820576449326482, 0.6593698002606152, 0.6666666666666666, 0.5], 'message': 'held-out loss has not improved for 2 epochs (best 0.635 at epoch 6)', 'result_parameters': [-0.6474550489704248, -0.42417515691401825, 0.7590863486577051, -0.7428873773881762, 0.4288204379614631, 0.5215803582745093, -0.527437656079401, -0.8104089443371345, -0.4296217913053762, -0.33906242980006374, -1.3193369673287036, -0.4461121488599677, 0.2980131897235655, -0.05579040867392964, -0.5744675275145519, -0.04846159904927651, 0.048461599049276424], 'updates': 40},
    'diverged': {'history': {'train_loss': [np.float64(5.87652352277897), np.float64(60867.17145156257), np.float64(660507871.3535976), np.float64(7238119587061.569), np.float64(7.976369295404242e+16), np.float64(8.817772633146517e+20), np.float64(9.765258571620682e+24), np.float64(1.0825295403550484e+29), np.float64(1.2007049267494771e+33), np.float64(1.332192084413578e+37), np.float64(1.4783321769978378e+41), np.float64(1.640660595178032e+45), np.float64(1.8209104161858258e+49), np.float64(2.021023087693388e+53), np.float64(2.2431645125341935e+57), np.float64(2.4897455115244238e+61), np.float64(2.763446147500117e+65), np.float64(3.0672437186608494e+69), np.float64(3.404444443979536e+73), np.float64(3.7787190115291265e+77), np.float64(4.194142269263168e+81), np.float64(4.6552374240352395e+85), np.float64(5.167025189138172e+89), np.float64(5.735078390217126e+93), np.float64(6.3655826085356615e+97), np.float64(7.065403512298304e+101), np.float64(7.842161603255079e+105), np.float64(8.70431518884173e+109), np.float64(9.661252481087859e+113), np.float64(1.0723393823779153e+118), np.float64(1.1902305160186091e+122), np.float64(1.3210823976405031e+126), np.float64(1.4663199091412614e+130), np.float64(1.627524581584174e+134), np.float64(1.8064518168919452e+138), np.float64(2.00505000288066e+142), np.float64(2.225481729777972e+146), np.float64(2.4701473392550533e+150), np.float64(2.741711062402346e+154), np.float64(3.0431300312715985e+158), np.float64(3.3776864798981547e+162), np.float64(3.749023485448821e+166), np.float64(4.161184638690261e+170), np.float64(4.61865807576039e+174), np.float64(5.1264253507167134e+178), np.float64(5.690015681048197e+182), np.float64(6.315566156844886e+186), np.float64(7.0098885692595035e+190), np.float64(7.780543585974455e+194), np.float64(8.635923081391345e+198), np.float64(9.585341518059e+202), np.float64(1.0639137374417591e+207), np.float64(1.1808785723333362e+211), np.float64(1.3107023187322625e+215), np.float64(1.4547986631136816e+219), np.float64(1.6147367101970332e+223), np.float64(1.7922580693588327e+227), np.float64(1.9892958194961044e+231), np.float64(2.2079955588540734e+235), np.float64(2.450738769035483e+239), np.float64(2.7201687476086514e+243), np.float64(3.019219391701596e+247), np.float64(3.351147146014639e+251), np.float64(3.719566463142269e+255), np.float64(4.128489162341381e+259), np.float64(4.582368115334388e+263), np.float64(5.086145734853919e+267), np.float64(5.645307793934182e+271), np.float64(6.265943162002093e+275), np.float64(6.954810108250856e+279), np.float64(7.719409894291686e+283), np.float64(8.568068457454277e+287), np.float64(9.51002707420799e+291), np.float64(1.0555542990962572e+296), np.float64(1.1716001118045002e+300), np.float64(1.300403800311882e+304), np.float64(inf)], 'test_loss': [np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan)], 'train_accuracy': [np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan)], 'test_accuracy': [np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan)], 'grad_norm': [np.float64(5.446767963591939), np.float64(565.3074054717763), np.float64(59051.3272683338), np.float64(6191422.376936036), np.float64(650532613.5270151), np.float64(68432812107.74687), np.float64(7203590837927.703), np.float64(758569276683337.9), np.float64(7.989719435293603e+16), np.float64(8.416237355095289e+18), np.float64(8.866094344594345e+20), np.float64(9.340330949075618e+22), np.float64(9.84012985594087e+24), np.float64(1.0366787756401915e+27), np.float64(1.0921700479044244e+29), np.float64(1.150635600075324e+31), np.float64(1.212233217081332e+33), np.float64(1.2771297296217312e+35), np.float64(1.345501250716714e+37), np.float64(1.4175335274403974e+39), np.float64(1.4934223715781763e+41), np.float64(1.5733741485641988e+43), np.float64(1.6576063132412744e+45), np.float64(1.7463479864051002e+47), np.float64(1.8398405693077369e+49), np.float64(1.938338395216841e+51), np.float64(2.0421094182937752e+53), np.float64(2.1514359407799222e+55), np.float64(2.2666153799509265e+57), np.float64(2.387961076621379e+59), np.float64(2.515803147221296e+61), np.float64(2.6504893816580342e+63), np.float64(2.792386189345012e+65), np.float64(2.9418795959350297e+67), np.float64(3.0993762934487236e+69), np.float64(3.265304746642681e+71), np.float64(3.440116358619832e+73), np.float64(3.624286698848884e+75), np.float64(3.818316796931102e+77), np.float64(4.022734505632652e+79), np.float64(4.238095936889717e+81), np.float64(4.464986974692502e+83), np.float64(4.7040248689635984e+85), np.float64(4.955859914766612e+87), np.float64(5.221177221413212e+89), np.float64(5.500698576281313e+91), np.float64(5.795184408414843e+93), np.float64(6.105435857246978e+95), np.float64(6.432296952074703e+97), np.float64(6.776656908213939e+99), np.float64(7.139452546081793e+101), np.float64(7.521670839787002e+103), np.float64(7.924351602161909e+105), np.float64(8.348590313540533e+107), np.float64(8.79554110197832e+109), np.float64(9.266419883021184e+111), np.float64(9.762507667565438e+113), np.float64(1.0285154046807628e+116), np.float64(1.0835780863764863e+118), np.float64(1.1415886081353985e+120), np.float64(1.202704785755251e+122), np.float64(1.2670928838727702e+124), np.float64(1.3349280682813679e+126), np.float64(1.4063948824641643e+128), np.float64(1.481687749638725e+130), np.float64(1.5610115016793022e+132), np.float64(1.644581936355494e+134), np.float64(1.7326264044032882e+136), np.float64(1.8253844280255753e+138), np.float64(1.923108352504762e+140), np.float64(2.0260640327001636e+142), np.float64(2.13453155629778e+144), np.float64(2.2488060057800255e+146), np.float64(2.369198261188325e+148), np.float64(2.4960358458624856e+150), np.float64(2.6296638174576235e+152), np.float64(nan)], 'step_norm': [np.float64(217.87071854367755), np.float64(22612.29621887105), np.float64(2362053.090733352), np.float64(247656895.07744145), np.float64(26021304541.0806), np.float64(2737312484309.8745), np.float64(288143633517108.1), np.float64(3.0342771067333516e+16), np.float64(3.195887774117441e+18), np.float64(3.3664949420381156e+20), np.float64(3.546437737837738e+22), np.float64(3.7361323796302475e+24), np.float64(3.936051942376348e+26), np.float64(4.146715102560766e+28), np.float64(4.368680191617697e+30), np.float64(4.602542400301296e+32), np.float64(4.848932868325328e+34), np.float64(5.108518918486925e+36), np.float64(5.382005002866856e+38), np.float64(5.67013410976159e+40), np.float64(5.973689486312705e+42), np.float64(6.293496594256795e+44), np.float64(6.630425252965098e+46), np.float64(6.985391945620401e+48), np.float64(7.3593622772309474e+50), np.float64(7.753353580867364e+52), np.float64(8.1684376731751e+54), np.float64(8.605743763119689e+56), np.float64(9.066461519803706e+58), np.float64(9.551844306485515e+60), np.float64(1.0063212588885184e+63), np.float64(1.0601957526632136e+65), np.float64(1.116954475738005e+67), np.float64(1.176751838374012e+69), np.float64(1.2397505173794893e+71), np.float64(1.3061218986570723e+73), np.float64(1.3760465434479328e+75), np.float64(1.4497146795395536e+77), np.float64(1.5273267187724407e+79), np.float64(1.6090938022530606e+81), np.float64(1.6952383747558868e+83), np.float64(1.7859947898770007e+85), np.float64(1.8816099475854394e+87), np.float64(1.9823439659066448e+89), np.float64(2.0884708885652847e+91), np.float64(2.200279430512525e+93), np.float64(2.3180737633659375e+95), np.float64(2.442174342898791e+97), np.float64(2.572918780829881e+99), np.float64(2.7106627632855758e+101), np.float64(2.855781018432717e+103), np.float64(3.008668335914801e+105), np.float64(3.169740640864763e+107), np.float64(3.339436125416213e+109), np.float64(3.5182164407913286e+111), np.float64(3.706567953208473e+113), np.float64(3.905003067026175e+115), np.float64(4.1140616187230505e+117), np.float64(4.334312345505945e+119), np.float64(4.566354432541594e+121), np.float64(4.810819143021004e+123), np.float64(5.06837153549108e+125), np.float64(5.339712273125472e+127), np.float64(5.625579529856657e+129), np.float64(5.9267509985549e+131), np.float64(6.244046006717208e+133), np.float64(6.578327745421975e+135), np.float64(6.930505617613153e+137), np.float64(7.301537712102302e+139), np.float64(7.692433410019048e+141), np.float64(8.104256130800653e+143), np.float64(8.53812622519112e+145), np.float64(8.995224023120101e+147), np.float64(9.4767930447533e+149), np.float64(9.984143383449943e+151), np.float64(1.0518655269830493e+154), np.float64(nan)]}, 'parameters': [-1.2358696305805982e+151, 9.812746712544768e+151], 'result': ['diverged', 77, None, 1.300403800311882e+304, nan, nan, nan], 'message': 'diverged in epoch 77: the loss became inf (try a learning rate below η = 40); the last parameters with a finite loss are kept', 'result_parameters': [-1.2358696305805982e+151, 9.812746712544768e+151], 'updates': 76},
    'float32_bce_momentum': {'history': {'train_loss': [np.float64(0.8777386784553528), np.float64(0.7036483883857727), np.float64(0.6909732460975647), np.float64(0.6631077527999878), np.float64(0.6443908154964447), np.float64(0.5755543649196625), np.float64(0.5521993160247802), np.float64(0.5069126099348068), np.float64(0.4838796079158783)], 'test_loss': [np.float64(0.7158137559890747), np.float64(0.6969978213310242), np.float64(0.6624611616134644), np.float64(0.5935791730880737), np.float64(0.5007753372192383), np.float64(0.48051315546035767), np.float64(0.42941731214523315), np.float64(0.4188149869441986), np.float64(0.4666057527065277)], 'train_accuracy': [np.float64(0.475), np.float64(0.425), np.float64(0.525), np.float64(0.575), np.float64(0.65), np.float64(0.825), np.float64(0.75), np.float64(0.75), np.float64(0.8)], 'test_accuracy': [np.float64(0.3), np.float64(0.4), np.float64(0.5), np.float64(0.7), np.float64(0.8), np.float64(0.8), np.float64(0.9), np.float64(0.9), np.float64(0.8)], 'grad_norm': [np.float64(0.3624231191203856), np.float64(0.10021008945831011), np.float64(0.15702602676700597), np.float64(0.1748751173441659), np.float64(0.10535914854517246), np.float64(0.11152279715011798), np.float64(0.14304881589896792), np.float64(0.1301950845335834), np.float64(0.19943696580777642)], 'step_norm': [np.float64(0.6553636650809235), np.float64(0.5337309966624089), np.float64(0.3253005719448682), np.float64(0.3383668729505799), np.float64(0.4549918195230139), np.float64(0.45906796607287786), np.float64(0.4174081304687309), np.float64(0.4645918155403325), np.float64(0.5797331583801817)]}, 'parameters': [0.76280677318573, 0.09472784399986267, 0.5316967368125916, -0.7419344186782837, -0.45473024249076843, -0.6832602620124817, 1.2461220026016235, -0.6509849429130554, 0.8464522957801819, 0.27829769253730774, 1.0299506187438965, 1.1509186029434204, 1.0018354654312134, 0.6261491179466248, 0.9920713305473328, 1.2173540592193604, -1.2779276371002197], 'result': ['max_epochs', 9, None, 0.4744201600551605, 0.4666057527065277, 0.75, 0.8], 'message': 'reached the maximum of 9 epochs', 'result_parameters': [0.76280677318573, 0.09472784399986267, 0.5316967368125916, -0.7419344186782837, -0.45473024249076843, -0.6832602620124817, 1.2461220026016235, -0.6509849429130554, 0.8464522957801819, 0.27829769253730774, 1.0299506187438965, 1.1509186029434204, 1.0018354654312134, 0.6261491179466248, 0.9920713305473328, 1.2173540592193604, -1.2779276371002197], 'updates': 36},
    'recorded_dropout': {'history': {'train_loss': [np.float64(0.30762659085648136), np.float64(0.07743047712311044), np.float64(0.044233213731991995), np.float64(0.07732202329616039)], 'test_loss': [np.float64(0.009460011245406737), np.float64(0.009389377388771158), np.float64(0.00858272896285402), np.float64(0.007145060068650509)], 'train_accuracy': [np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan)], 'test_accuracy': [np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan)], 'grad_norm': [np.float64(0.799063639399722), np.float64(0.251531646488755), np.float64(0.2523729780012893), np.float64(0.21449731046183534)], 'step_norm': [np.float64(0.632099742815363), np.float64(0.26858941332830544), np.float64(0.1193741009606254), np.float64(0.10790819758316093)]}, 'parameters': [0.11993560122358328, 0.8415053731047929, -0.6063514057882566, 0.7548118916894178, -0.33435138315112867, 0.20009739492422352, 0.5863815244459427, -0.16672366917105486, 0.20479657023797573, -0.8648881775571178, -0.029747232566438003, 9.592325573274147e-05, -0.00038807741009689234, 0.028838845577820082, 0.004294290923899199, 0.2661813479157514, 0.11862673083222319, -0.10714161292882264, 0.059997627263746606, -0.1323997435395394, 0.027033562745630565], 'result': ['max_epochs', 4, None, 0.01948441762992442, 0.007145060068650509, nan, nan], 'message': 'reached the maximum of 4 epochs', 'result_parameters': [0.11993560122358328, 0.8415053731047929, -0.6063514057882566, 0.7548118916894178, -0.33435138315112867, 0.20009739492422352, 0.5863815244459427, -0.16672366917105486, 0.20479657023797573, -0.8648881775571178, -0.029747232566438003, 9.592325573274147e-05, -0.00038807741009689234, 0.028838845577820082, 0.004294290923899199, 0.2661813479157514, 0.11862673083222319, -0.10714161292882264, 0.059997627263746606, -0.1323997435395394, 0.027033562745630565], 'updates': 16},
    'paused_and_resumed': {'history': {'train_loss': [np.float64(2.4604655221504217), np.float64(0.23934416714269444), np.float64(0.24582432720696823), np.float64(0.23438667471603128), np.float64(0.237594402617614)], 'test_loss': [np.float64(0.2565554602331352), np.float64(0.39341606976709054), np.float64(0.3787256554048446), np.float64(0.3423450084342472), np.float64(0.3767274870034947)], 'train_accuracy': [np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan)], 'test_accuracy': [np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan), np.float64(nan)], 'grad_norm': [np.float64(2.5769501465626936), np.float64(0.3767083487226378), np.float64(0.2620923240766634), np.float64(0.03766585360284054), np.float64(0.0666513194935797)], 'step_norm': [np.float64(1.9017878652414082), np.float64(0.42832815335865826), np.float64(0.11058052363454883), np.float64(0.08742479210700115), np.float64(0.04715731995479746)]}, 'parameters': [0.30421425066811636, 1.8772987972269914], 'result': ['early', 5, 1, 0.2928340763759923, 0.2565554602331352, nan, nan], 'message': 'held-out loss has not improved for 4 epochs (best 0.2566 at epoch 1); parameters restored from epoch 1', 'result_parameters': [0.30421425066811636, 1.8772987972269914], 'updates': 30},
}
# fmt: on


if __name__ == "__main__":  # regenerate the table below (a deliberate change of the numbers)
    print("EXPECTED = {")
    for name in SCENARIOS:
        print(f"    {name!r}: {observe(name)!r},")
    print("}")
    sys.exit(0)
