"""Language data, one module per language (``stemma/text/lang/<code>.py``).

Each module holds data only (no algorithms): adding a language is adding a file and
listing its code in ``CODES``.
"""

from __future__ import annotations

import importlib
from types import ModuleType

CODES = ("en", "fa", "ar", "ur")


def get(code: str | None) -> ModuleType | None:
    """The language module for ``code``, or None when stemma has no module for it."""
    if code not in CODES:
        return None
    return importlib.import_module(f"stemma.text.lang.{code}")
