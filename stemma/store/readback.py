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
from typing import Any

import orjson

# each digit byte made "1", every other byte "0": 19 ones in a row are 19 digits in a row (a byte
# of a character past ASCII is never a digit). Some 17 times as fast as a regular expression,
# which cost as much as orjson's parse itself.
_DIGITS = bytes(0x31 if 0x30 <= b <= 0x39 else 0x30 for b in range(256))
_LONG = b"1" * 19


def loads(text: str | bytes | bytearray | memoryview) -> Any:
    """What ``json.loads(text)`` gives, for JSON written by ``json.dumps``."""
    if isinstance(text, str):
        try:
            data = text.encode("utf-8")
        except UnicodeEncodeError:  # a lone surrogate: orjson refuses it
            return json.loads(text)
    else:
        data = bytes(text)
    if data.translate(_DIGITS).find(_LONG) < 0:
        try:
            return orjson.loads(data)
        except orjson.JSONDecodeError:
            pass
    return json.loads(text if isinstance(text, str | bytes) else data)
