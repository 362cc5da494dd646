"""The one exception training raises, below every part of the trainer so each can raise it."""

from __future__ import annotations


class TrainError(ValueError):
    """Training that cannot start or continue; the message says why."""
