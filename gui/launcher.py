"""The ``backprop-studio`` command: subcommands run headless, anything else opens the window.

Imports no Qt unless the window (or an export, which renders offscreen) is asked for, so
``backprop-studio trace`` works on a machine with no display and no Qt libraries loaded.
"""

from __future__ import annotations

import sys

HEADLESS_COMMANDS = {"trace", "check", "train", "-h", "--help"}


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] in HEADLESS_COMMANDS:
        from core.cli import main as cli_main

        return cli_main(args)
    if args and args[0] == "export":
        from gui.export_cli import main as export_main

        return export_main(args[1:])
    from gui.app import main as app_main

    return app_main(args)


if __name__ == "__main__":
    sys.exit(main())
