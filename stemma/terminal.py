"""Untrusted text made safe for a terminal: the one sanitiser for everything the CLI prints.

Article titles, ids, texts and file names come from outside. Printed raw, an escape sequence in
a title can retitle the window, clear the screen, overwrite earlier lines or (on some terminals)
answer back with keystrokes; a bidi override can make a line read differently from what it
holds ("Trojan Source"). ``clean`` shows every such character visibly instead of passing it on:
C0 controls (but newline and tab) and DEL as their Unicode control pictures (ESC prints as
``␛``), C1 controls and bidi embeddings, overrides and isolates as ``\\u202e``-style escapes.
Letters of every script, joiners (ZWNJ in Persian) and the plain direction marks (LRM, RLM,
ALM), which only nudge neutral characters, pass unchanged.

``SafeConsole`` applies ``clean`` to the text of every segment rich writes (tables, markup,
progress lines and errors alike), so no output path can forget it; the escape sequences rich
itself makes for colours are not text segments and are kept. ``json_text`` is JSON whose
strings carry those characters as ``\\uXXXX`` escapes: the same data once parsed, inert on a
terminal (``json.dumps`` escapes C0 itself, but not DEL, C1 or bidi controls).
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from rich.console import Console
from rich.segment import Segment

# bidi embeddings and overrides (LRE RLE PDF LRO RLO) and isolates (LRI RLI FSI PDI)
BIDI_CONTROLS = tuple(range(0x202A, 0x202F)) + tuple(range(0x2066, 0x206A))
C1_CONTROLS = tuple(range(0x80, 0xA0))


def _visible_table() -> dict[int, str]:
    table = {c: chr(0x2400 + c) for c in range(0x20) if c not in (0x09, 0x0A)}
    table[0x7F] = "\u2421"  # ␡
    for c in C1_CONTROLS + BIDI_CONTROLS:
        table[c] = f"\\u{c:04x}"
    return table


_VISIBLE = _visible_table()
# in JSON text these characters can only stand inside strings, where \uXXXX means the same
_JSON_ESCAPES = {c: f"\\u{c:04x}" for c in (0x7F, *C1_CONTROLS, *BIDI_CONTROLS)}


def clean(text: object) -> str:
    """``text`` (anything, as ``str``) with terminal controls rendered visibly."""
    return str(text).translate(_VISIBLE)


def json_text(data, *, indent: int | None = 2) -> str:
    """``data`` as JSON (non-ASCII letters kept) with no raw control or bidi character in it."""
    return json.dumps(data, ensure_ascii=False, indent=indent).translate(_JSON_ESCAPES)


class SafeConsole(Console):
    """A rich console that cleans the text of everything it writes.

    Strings are cleaned before rich parses them (rich would silently drop BEL, BS, VT, FF and
    CR, and pass ESC on); whatever else reaches the output is cleaned segment by segment.
    """

    def render_str(self, text: str, **kwargs):
        return super().render_str(clean(text), **kwargs)

    def _render_buffer(self, buffer: Iterable[Segment]) -> str:
        return super()._render_buffer(
            seg if seg.control else Segment(clean(seg.text), seg.style, seg.control)
            for seg in buffer
        )


__all__ = ["clean", "json_text", "SafeConsole", "BIDI_CONTROLS", "C1_CONTROLS"]
