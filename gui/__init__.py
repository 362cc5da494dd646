"""The window: Qt widgets over the engine in core.

In a checkout, core/ and gui/ are top-level packages and gui's modules import the engine as
``core.…`` (what the tests, mypy and import-linter resolve). Installed, both live under the one
name ``backprop_studio``; gui/sibling_core.py then aims those imports at ``backprop_studio.core``
so that no top-level ``core`` is needed, or created.
"""

if __name__ != "gui":  # installed: backprop_studio.gui
    from .sibling_core import install as _install

    _install(__name__)
