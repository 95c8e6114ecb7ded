"""Language data, one module per language (``stemma/text/lang/<code>.py``).

Each module holds data only (no algorithms): adding a language is adding a file and
listing its code in ``CODES``.
"""

from __future__ import annotations

import importlib
from types import ModuleType

CODES = ("en", "fa", "ar", "ur")
# Languages whose module holds only date data (month names with their inflected forms,
# weekdays, relative day words, date labels; read by stemma.ingest.dates). They are not full
# modules: segmentation, metadata and quotes use their defaults for them, so ``get`` leaves
# them out and ``dated`` gives them. One exception: segmentation reads ``ORDINAL_BEFORE`` (the
# words an ordinal number follows: German "am 2. Oktober") from ``dated``.
DATE_CODES = (
    "de", "fr", "es", "it", "pt", "nl", "pl", "tr", "ru", "zh", "ja", "ko", "hi", "he",
)  # fmt: skip


def get(code: str | None) -> ModuleType | None:
    """The language module for ``code``, or None when stemma has no module for it."""
    if code not in CODES:
        return None
    return importlib.import_module(f"stemma.text.lang.{code}")


def dated(code: str | None) -> ModuleType | None:
    """The module holding date data for ``code`` (a full module or a dates-only one), or None."""
    if code not in CODES and code not in DATE_CODES:
        return None
    return importlib.import_module(f"stemma.text.lang.{code}")
