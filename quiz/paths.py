"""Where the app finds the folders that live beside the package.

In a source checkout (or an editable install) ``templates/``, ``static/`` and
``questions/`` sit next to the ``quiz`` package. A wheel carries them inside the
package instead (see ``force-include`` in ``pyproject.toml``). Both layouts are
resolved here, once, so nothing else has to know which one it runs from.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

__all__ = ["PACKAGE_DIR", "SOURCE_ROOT", "private_file", "private_folder", "resource_dir"]

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


def private_folder(path: Path) -> None:
    """Create ``path`` readable by its owner only (0700), or take group and other access from it."""
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    _owner_only(path)


def private_file(path: Path) -> None:
    """Create an empty ``path`` with mode 0600 if it is missing, or take group and other access from it."""
    os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
    _owner_only(path)


def _owner_only(path: Path) -> None:
    mode = stat.S_IMODE(path.stat().st_mode)
    if mode & 0o077:
        path.chmod(mode & 0o700)
