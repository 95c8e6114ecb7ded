"""JSON the program wrote into the store itself, read back fast.

An incremental run reads back hundreds of thousands of rows it wrote before: each kept verdict's
slim line, the whole links of the stories it makes again, the clusterer state's JSON. ``orjson``
parses them some 2.8 times as fast as ``json`` (60,000 verdict rows of a 100k store: 2.5 CPU s
with ``json``, 0.9 with ``orjson``), to the same values, with two exceptions it is kept from
here: an integer past 64 bits it reads as a float where ``json`` keeps it whole (so text with 19
digits in a row, anywhere, is given to ``json``: a few rows with long numbers in strings are
only read more slowly), and what it refuses (``NaN``, ``Infinity``, a lone surrogate), which
``json`` then reads as before (or fails on as before).

Values from outside (files, uploads) are read by ``stemma.ingest.jsontext``, never here.
"""

from __future__ import annotations

import json
import re
from typing import Any

import orjson

_LONG_NUMBER = re.compile(r"\d{19}")
_LONG_NUMBER_BYTES = re.compile(rb"\d{19}")


def loads(text: str | bytes | bytearray | memoryview) -> Any:
    """What ``json.loads(text)`` gives, for JSON written by ``json.dumps``."""
    if isinstance(text, memoryview | bytearray):
        text = bytes(text)
    long = _LONG_NUMBER.search(text) if isinstance(text, str) else _LONG_NUMBER_BYTES.search(text)
    if long is None:
        try:
            return orjson.loads(text)
        except orjson.JSONDecodeError:
            pass
    return json.loads(text)
