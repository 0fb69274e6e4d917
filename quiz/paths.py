"""Where the app finds the folders that live beside the package.

In a source checkout (or an editable install) ``templates/``, ``static/`` and
``questions/`` sit next to the ``quiz`` package. A wheel carries them inside the
package instead (see ``force-include`` in ``pyproject.toml``). Both layouts are
resolved here, once, so nothing else has to know which one it runs from.
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["PACKAGE_DIR", "SOURCE_ROOT", "resource_dir"]

PACKAGE_DIR = Path(__file__).resolve().parent
SOURCE_ROOT = PACKAGE_DIR.parent


def resource_dir(name: str) -> Path:
    """Return the folder ``name`` from an installed wheel or the source checkout.

    Args:
        name: ``"templates"``, ``"static"`` or ``"questions"``.

    Returns:
        The folder inside the package when the wheel put it there, otherwise the
        one in the source checkout.
    """
    inside = PACKAGE_DIR / name
    return inside if inside.is_dir() else SOURCE_ROOT / name
