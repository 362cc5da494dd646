"""The ``backprop-studio`` command: subcommands run headless, anything else opens the window.

Imports no Qt unless the window (or an export, which renders offscreen) is asked for, so
``backprop-studio trace`` works on a machine with no display and no Qt libraries loaded.
"""

from __future__ import annotations

import sys

HEADLESS_COMMANDS = {"trace", "check", "train", "-h", "--help"}
DESKTOP_OPTIONS = {"--install-desktop-entry", "--uninstall-desktop-entry"}


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    # --lang=ru may come first (backprop-studio --lang=ru trace lecture): the command follows
    words = [a for a in args if not a.startswith(("--lang=", "--language="))]
    if words and words[0] in DESKTOP_OPTIONS:  # the system menu's entry (gui/desktop.py, no Qt)
        from core.cli.common import choose_language

        from .desktop import main as desktop_main

        return desktop_main(choose_language(args))
    if words and words[0] in HEADLESS_COMMANDS:
        from core.cli.main import main as cli_main

        return cli_main(args)
    if words and words[0] == "export":
        from .export_cli import main as export_main

        rest = list(args)
        rest.remove("export")
        return export_main(_language_option(rest))
    from .app import main as app_main

    return app_main(args)


def _language_option(args: list[str]) -> list[str]:
    """``--lang=ru`` as export's own ``--language ru``."""
    return [f"--language={a.split('=', 1)[1]}" if a.startswith("--lang=") else a for a in args]


if __name__ == "__main__":
    sys.exit(main())
