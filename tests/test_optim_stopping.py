"""The trainer's parts alone: each optimiser's step(w, g) and each stopping rule's check(record)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from core.training.optim import GradientDescent, Momentum, make_optimiser
from core.training.stopping import (
    BestEpoch,
    EarlyStopping,
    MaxEpochs,
    SmallGradient,
    SmallStep,
    StopRule,
    build_rules,
    diverged,
)
from core.training.train import EpochRecord
from core.training.train_errors import TrainError


def record(epoch=1, step=1.0, grad=1.0, test=math.nan) -> EpochRecord:
    return EpochRecord(epoch, 0.0, test, math.nan, math.nan, grad, step)


def test_gradient_descent_steps_against_the_gradient_and_keeps_nothing():
    opt = GradientDescent(0.5)
    w, g = np.array([1.0, -2.0]), np.array([4.0, 2.0])
    step = opt.step(w, g)
    np.testing.assert_array_equal(step.new, [-1.0, -3.0])
    assert step.direction is g and opt.state() is None and opt.momentum == 0.0
    np.testing.assert_array_equal(w, [1.0, -2.0])  # never in place


def test_momentum_accumulates_the_velocity_and_resumes_from_its_state():
    opt = Momentum(0.1, 0.5)
    w, g = np.zeros(1), np.ones(1)
    velocities = []
    for _ in range(4):
        step = opt.step(w, g)
        w = step.new
        velocities.append(float(step.direction[0]))
    assert velocities == [1.0, 1.5, 1.75, 1.875]  # b_t = (1 − μ^t)/(1 − μ)
    assert float(w[0]) == pytest.approx(-0.1 * sum(velocities), rel=1e-15)
    again = Momentum(0.1, 0.5)
    again.load(opt.state())
    assert float(again.step(w, g).direction[0]) == float(opt.step(w, g).direction[0]) == 1.9375


def test_make_optimiser_picks_plain_descent_for_zero_momentum():
    assert isinstance(make_optimiser(0.1), GradientDescent)
    assert isinstance(make_optimiser(0.1, 0.9), Momentum)


def test_each_rule_fires_only_past_its_threshold():
    assert SmallStep(1e-3).check(record(step=2e-3)) is None
    stop = SmallStep(1e-3).check(record(epoch=7, step=5e-4))
    assert stop is not None and stop.reason == "weights" and "epoch 7" in stop.message
    assert SmallGradient(1e-3).check(record(grad=math.nan)) is None
    assert SmallGradient(1e-3).check(record(grad=1e-4)).reason == "gradient"
    assert MaxEpochs(3).check(record(epoch=2)) is None
    assert MaxEpochs(3).check(record(epoch=3)).reason == "max_epochs"


def test_early_stopping_returns_the_best_parameters_after_patience():
    best = BestEpoch(np.zeros(1), min_delta=0.1)
    rule = EarlyStopping(2, best)
    params = {1: np.array([1.0]), 2: np.array([2.0]), 3: np.array([3.0])}
    for epoch, loss in ((1, 1.0), (2, 0.95), (3, 0.5)):  # 0.95 is not lower by more than 0.1
        best.observe(record(epoch=epoch, test=loss), params[epoch])
        assert rule.check(record(epoch=epoch, test=loss)) is None
    assert (best.epoch, best.loss) == (3, 0.5)
    stop = rule.check(record(epoch=5, test=0.7))
    assert stop.reason == "early" and stop.best_epoch == 3 and stop.restore is params[3]
    kept = EarlyStopping(2, best, restore_best=False).check(record(epoch=5))
    assert kept.restore is None and "restored" not in kept.message


def test_rules_are_built_in_the_configured_order_then_the_limit():
    best = BestEpoch(np.zeros(1))
    rules = build_rules([StopRule.parse("early=4"), StopRule.parse("weights")], 9, best)
    assert [type(r) for r in rules] == [EarlyStopping, SmallStep, MaxEpochs]
    assert rules[1].epsilon == 1e-6 and rules[2].limit == 9
    with pytest.raises(TrainError, match="unknown stopping rule"):
        build_rules([StopRule("soon", 1.0)], 9, best)


def test_divergence_names_what_became_infinite():
    assert "at the initial parameters" in diverged(1, "loss", math.inf, 0.1, updates=0).message
    assert "gradient became NaN" in diverged(3, "gradient", math.nan, 0.1, updates=2).message
