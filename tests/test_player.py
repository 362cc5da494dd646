"""The step player: a cursor that moves, clamps, plays on a timer and stops at the end."""

from __future__ import annotations

import pytest

from gui.player import Player


@pytest.fixture
def player(qtbot):
    p = Player()
    p.set_length(10, backward_start=4)
    return p


def test_steps_clamp_at_both_ends(player):
    player.step_back()
    assert player.position == 0
    for _ in range(15):
        player.step_forward()
    assert player.position == 10
    player.step_back()
    assert player.position == 9


def test_jumps(player):
    player.to_end()
    assert player.position == 10
    player.to_backward_start()
    assert player.position == 4
    player.to_start()
    assert player.position == 0
    player.seek(7)
    assert player.position == 7
    player.seek(-3)
    assert player.position == 0
    player.seek(99)
    assert player.position == 10


def test_position_changed_only_on_real_moves(player, qtbot):
    seen: list[int] = []
    player.position_changed.connect(seen.append)
    player.step_back()  # already at 0
    player.seek(0)
    player.step_forward()
    player.seek(1)
    player.seek(3)
    assert seen == [1, 3]


def test_new_length_keeps_or_resets_position(player):
    player.seek(8)
    player.set_length(12, keep_position=True)
    assert player.position == 8
    player.set_length(5, keep_position=True)
    assert player.position == 5
    player.set_length(20, keep_position=False)
    assert player.position == 0
    assert player.backward_start == 20  # no backward start given: the whole trace is forward


def test_play_runs_to_the_end_and_stops(player, qtbot):
    player.set_speed(60)
    states: list[bool] = []
    player.playing_changed.connect(states.append)
    player.play()
    assert player.playing
    qtbot.waitUntil(lambda: not player.playing, timeout=3000)
    assert player.position == 10
    assert states == [True, False]


def test_play_at_the_end_starts_over_and_toggle_pauses(player, qtbot):
    player.to_end()
    player.set_speed(1)
    player.toggle()
    assert player.playing and player.position == 0
    player.toggle()
    assert not player.playing


def test_play_with_no_steps_does_nothing(qtbot):
    p = Player()
    p.play()
    assert not p.playing and p.position == 0


def test_speed_is_clamped(player):
    player.set_speed(1000)
    assert player.speed == 60
    player.set_speed(0)
    assert player.speed == 0.25
