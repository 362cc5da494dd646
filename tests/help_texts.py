"""Every ``--help`` the command line can print, found by walking the parsers (a new subcommand
or option is covered without editing a list), and the texts each is made of."""

from __future__ import annotations

import argparse
import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

HELP_WIDTH = "100"  # argparse wraps at $COLUMNS: fixed, so the text does not depend on the terminal


def _walk(parser: argparse.ArgumentParser) -> Iterator[argparse.ArgumentParser]:
    yield parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            seen: set[int] = set()
            for sub in action.choices.values():
                if id(sub) not in seen:  # an alias maps to the same parser
                    seen.add(id(sub))
                    yield from _walk(sub)


def all_parsers() -> list[argparse.ArgumentParser]:
    """Every parser of every command and subcommand, built in the current language (as the
    commands build them, after the language is chosen)."""
    from core.cli import main as cli_main
    from core.cli import train as train_cli
    from gui import export_cli

    found: dict[str, argparse.ArgumentParser] = {}
    for top in (cli_main.build_parser(), train_cli.build_parser(), export_cli.build_parser()):
        for parser in _walk(top):
            found.setdefault(parser.prog, parser)
    return list(found.values())


def _shown_metavar(action: argparse.Action) -> Any:
    """The placeholder ``--help`` shows: the metavar, else argparse's default from the dest."""
    if action.metavar is not None:
        return action.metavar
    if action.option_strings:
        return action.dest.upper() if action.nargs != 0 else None
    return action.dest


def _texts(parser: argparse.ArgumentParser) -> dict[str, Any]:
    """The words a parser is made of, independent of argparse's layout (which differs between
    Python versions)."""
    actions = []
    for action in parser._actions:
        choices = action.choices
        if isinstance(action, argparse._SubParsersAction):
            choices = sorted(action.choices)
            helps = [(a.dest, a.help) for a in action._choices_actions]
        else:
            choices = list(choices) if choices is not None else None
            helps = []
        actions.append(
            {
                "options": list(action.option_strings),
                "dest": action.dest,
                "metavar": _shown_metavar(action),
                "help": action.help,
                "choices": choices,
                "default": action.default
                if isinstance(action.default, (str, int, float))
                else None,
                "commands": helps,
            }
        )
    groups = [g.title for g in parser._action_groups]
    return {
        "description": parser.description,
        "epilog": parser.epilog,
        "usage": parser.usage,
        "groups": groups,
        "actions": actions,
    }


@contextmanager
def fixed_width(columns: str = HELP_WIDTH) -> Iterator[None]:
    previous = os.environ.get("COLUMNS")
    os.environ["COLUMNS"] = columns
    try:
        yield
    finally:
        if previous is None:
            del os.environ["COLUMNS"]
        else:
            os.environ["COLUMNS"] = previous


def help_pages() -> dict[str, str]:
    """prog → the text ``PROG --help`` prints, in the current language."""
    with fixed_width():
        return {parser.prog: parser.format_help() for parser in all_parsers()}


def help_structure() -> dict[str, dict[str, Any]]:
    """prog → its texts (descriptions, helps, metavars, group titles) in the current language."""
    return {parser.prog: _texts(parser) for parser in all_parsers()}
