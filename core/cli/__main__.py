"""``python -m core.cli``: the command line (``trace``, ``check``, ``train``) of core.cli.main."""

import sys

from .main import main

if __name__ == "__main__":
    sys.exit(main())
