"""Bytes to text: byte-order marks, UTF-16, UTF-8, legacy Arabic-script and Western code pages.

``decode`` tries the cheap, certain answers first (BOM, strict UTF-8) so that a large valid
UTF-8 file costs one C-level decode; guessing only happens for input that is not UTF-8.
``repair`` undoes mojibake (UTF-8 text once decoded with the wrong code page) where it is
clearly present; it also serves text extracted from HTML and PDF.

``ReadError`` lives here, in the lowest reader module, so that every reader can raise it
without an import cycle; ``stemma.ingest.read`` re-exports it.
"""

from __future__ import annotations

import codecs
import re

import ftfy

BINARY = "binary file (not text, HTML, PDF or JSONL)"


class ReadError(Exception):
    """An input that cannot give usable text; the message is the reason, for a person."""


_BOMS = (  # longest first: the UTF-32-LE mark starts with the UTF-16-LE one
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# C0 controls other than tab, newline, vertical tab, form feed, carriage return; and DEL.
_CONTROL_BYTES = bytes([*range(0, 9), *range(0x0E, 0x20), 0x7F])
_CONTROL_CHARS = re.compile("[\x00-\x08\x0e-\x1f\x7f]")

# A well-formed multi-byte UTF-8 sequence (surrogates and overlongs excluded).
_UTF8_SEQ = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|\xe0[\xa0-\xbf][\x80-\xbf]|[\xe1-\xec\xee\xef][\x80-\xbf]{2}"
    rb"|\xed[\x80-\x9f][\x80-\xbf]|\xf0[\x90-\xbf][\x80-\xbf]{2}|[\xf1-\xf3][\x80-\xbf]{3}"
    rb"|\xf4[\x80-\x8f][\x80-\xbf]{2}"
)

# What UTF-8 continuation bytes look like once decoded as Windows-1252 / Latin-1.
_CP1252_CONT = "\x80-\xbf€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ"
_LATIN_MOJIBAKE = re.compile(f"[\u00c2-\u00f4][{_CP1252_CONT}]")
# The same pair in UTF-8 bytes: a fast first test (a literal first byte lets re skip ahead).
_LATIN_MOJIBAKE_UTF8 = re.compile(
    rb"\xc3[\x82-\xb4](?:\xc2[\x80-\xbf]|\xe2\x80[\x93-\xba]|\xe2\x82\xac|\xe2\x84\xa2"
    rb"|\xc5[\x92\x93\xa0\xa1\xb8\xbd\xbe]|\xc6\x92|\xcb[\x86\x9c])"
)
_UNLIKELY = re.compile("[\x80-\x9f\u0700-\u085f\u3400-\u9fff\uf900-\ufaff\ue000-\uf8ff]")
# UTF-8 lead bytes of Arabic-script letters (0xD8-0xDB) decoded as Windows-1256.
_CP1256_LEADS = "طظعغ"
_ARABIC_LETTER = re.compile("[\u0620-\u064a\u066e-\u06d3\u06fa-\u06ff]")
_WORD = re.compile(r"\w+")
_LATIN_LETTER = re.compile("[A-Za-z\u00c0-\u024f]")

_SNIFF = 256 * 1024  # bytes looked at when guessing a legacy code page


def decode(raw: bytes) -> tuple[str, str, list[str]]:
    """Decode ``raw`` into text with newlines normalised to "\\n".

    Returns (text, encoding, notes); notes describe lossy or guessed steps. Raises ReadError
    for binary content.
    """
    if not raw:
        return "", "utf-8", []
    notes: list[str] = []
    text, encoding = _decode_bom(raw, notes)
    if text is None:
        text, encoding = _decode_utf16_without_bom(raw)
    if text is None:
        if _binary(raw):
            raise ReadError(BINARY)
        text, encoding = _decode_8bit(raw, notes)
    elif len(_CONTROL_CHARS.findall(text, 0, _SNIFF)) > max(3, min(len(text), _SNIFF) // 100):
        raise ReadError(BINARY)
    text = _replace_controls(normalise_newlines(text.removeprefix("\ufeff")), notes)
    text, fixed = repair(text, raw if encoding == "utf-8" else None)
    return text, encoding, notes + fixed


# <meta charset="..."> or <meta http-equiv="Content-Type" content="text/html; charset=...">
_META_CHARSET = re.compile(rb"<meta\b[^>]*?charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:-]+)", re.I)
# What browsers do with these labels (the WHATWG Encoding standard): Latin-1 and ASCII pages
# are read as Windows-1252, whose extra letters and quotes they often hold.
_LABEL_AS = {"latin_1": "cp1252", "ascii": "cp1252"}
_C1 = re.compile("[\x80-\x9f]")
# The Windows code page a page declaring an ISO charset was most likely saved in instead.
_WINDOWS_SIBLING = {
    "iso8859-2": "cp1250",
    "iso8859-5": "cp1251",
    "iso8859-7": "cp1253",
    "iso8859-9": "cp1254",
    "iso8859-8": "cp1255",
    "iso8859-6": "cp1256",
    "iso8859-13": "cp1257",
}


def decode_html(raw: bytes) -> tuple[str, str, list[str]]:
    """Decode an HTML page: a byte-order mark first, then the charset the page declares
    when the bytes fit it, else as any text (UTF-8, then a guess), with a note saying the
    declaration was wrong. Returns (text, encoding, notes) like ``decode``."""
    found = _META_CHARSET.search(raw[:4096])
    if not found or any(raw.startswith(bom) for bom, _ in _BOMS):
        return decode(raw)
    label = found.group(1).decode("ascii").lower()
    try:
        codec = codecs.lookup(label).name
    except LookupError:
        text, encoding, notes = decode(raw)
        return text, encoding, [f"the page declares an unknown charset {label!r}", *notes]
    codec = _LABEL_AS.get(codec, codec)
    if codec.startswith(("utf-16", "utf-32")):
        return decode(raw)  # an ASCII-compatible declaration cannot describe these bytes
    wrong = None
    try:
        text = raw.decode(codec)
    except UnicodeDecodeError as exc:
        wrong = f"byte 0x{raw[exc.start]:02X} at offset {exc.start} is not {label}"
    else:
        if codec != "utf-8" and not raw.isascii() and _UTF8_SEQ.search(raw) and _is_utf8(raw):
            wrong = "the bytes are UTF-8"
        elif _C1.search(text):  # C1 controls: the bytes are another code page (Windows-125x)
            wrong = f"it gives control characters where {label} has none"
    if wrong is None:
        notes: list[str] = []
        return _replace_controls(normalise_newlines(text), notes), codec, notes
    sibling = _WINDOWS_SIBLING.get(codec)
    if sibling and wrong != "the bytes are UTF-8":
        try:
            text = raw.decode(sibling)
        except UnicodeDecodeError:
            pass
        else:
            notes = [f"the page declares charset {label}, but {wrong}; read as {sibling}"]
            return _replace_controls(normalise_newlines(text), notes), sibling, notes
    text, encoding, notes = decode(raw)
    return (
        text,
        encoding,
        [f"the page declares charset {label}, but {wrong}; read as {encoding}", *notes],
    )


def _is_utf8(raw: bytes) -> bool:
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def normalise_newlines(text: str) -> str:
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def looks_binary(sample: bytes) -> bool:
    """Cheap test on the first bytes of a file: NUL bytes (outside UTF-16) or many controls."""
    if not sample or any(sample.startswith(bom) for bom, _ in _BOMS):
        return False
    if _utf16_order(sample):
        return False
    return _binary(sample)


# Above this share of control bytes nothing is text; below it, a few NULs or controls (a
# damaged download, a stray terminal escape) in otherwise valid text do not make it binary.
_MAX_CONTROL_SHARE = 0.1


def _binary(raw: bytes) -> bool:
    """Binary unless the bytes are text: no NULs and few controls (legacy code pages
    included), or a few NULs and controls in what is otherwise clean UTF-8 (or ASCII)."""
    share = _control_share(raw)
    if b"\x00" not in raw and share <= 0.01:
        return False
    if share > _MAX_CONTROL_SHARE:
        return True
    rest = raw.translate(None, _CONTROL_BYTES)
    text = rest.decode("utf-8", errors="replace")
    # a cut multi-byte character at the end of a sample is no evidence either way
    broken = text.count("\ufffd") - rest.count(b"\xef\xbf\xbd")
    return broken > max(1, len(text) // 1000)


def _replace_controls(text: str, notes: list[str]) -> str:
    """Control characters (NUL, escape, ...) would reach terminals and the store: each is
    replaced (same length, so offsets hold) and counted in a note."""
    found = len(_CONTROL_CHARS.findall(text))
    if found:
        notes.append(
            f"{found} control character{'s' if found != 1 else ''} (NUL and the like) "
            "replaced with U+FFFD"
        )
        text = _CONTROL_CHARS.sub("\ufffd", text)
    return text


def repair(text: str, utf8: bytes | None = None) -> tuple[str, list[str]]:
    """Undo mojibake line by line where it is clearly present; returns (text, notes).

    ``utf8`` may hold the UTF-8 bytes ``text`` was decoded from, to spare an encode.
    """
    notes = []
    if text.isascii():
        return text, notes
    if _LATIN_MOJIBAKE_UTF8.search(text.encode("utf-8", "surrogatepass") if utf8 is None else utf8):
        text, n = _fix_lines(text, _LATIN_MOJIBAKE.search, _fix_latin)
        if n:
            notes.append(f"mojibake repaired on {_lines(n)} (UTF-8 read as a Western code page)")
    if sum(text.count(c) for c in _CP1256_LEADS) >= 4:
        text, n = _fix_lines(text, _cp1256_mojibake, _undo_cp1256)
        if n:
            notes.append(f"mojibake repaired on {_lines(n)} (UTF-8 read as Windows-1256)")
    return text, notes


def _lines(n: int) -> str:
    return "1 line" if n == 1 else f"{n} lines"


def _fix_lines(text, suspect, fix) -> tuple[str, int]:
    lines = text.split("\n")
    changed = 0
    for i, line in enumerate(lines):
        if suspect(line):
            fixed = fix(line)
            if fixed != line:
                lines[i] = fixed
                changed += 1
    return ("\n".join(lines), changed) if changed else (text, 0)


def _fix_latin(line: str) -> str:
    """ftfy's repair, unless it conjures characters that real text would hardly hold here
    (controls, private use, NKo or Syriac, CJK in a line without any): then the "mojibake"
    was a chance pair of real characters such as "ß€"."""
    fixed = ftfy.fix_encoding(line)
    if fixed != line and _UNLIKELY.search(fixed) and not _UNLIKELY.search(line):
        return line
    return fixed


def _cp1256_mojibake(line: str) -> bool:
    leads = sum(line.count(c) for c in _CP1256_LEADS)
    # In real Arabic or Persian these four letters are a few percent of all letters; in
    # UTF-8 read as Windows-1256 every other letter is one of them.
    return leads >= 3 and leads >= 0.3 * len(_ARABIC_LETTER.findall(line))


def _undo_cp1256(line: str) -> str:
    try:
        return line.encode("cp1256").decode("utf-8")
    except UnicodeError:
        return line


def _control_share(raw: bytes) -> float:
    return (len(raw) - len(raw.translate(None, _CONTROL_BYTES))) / len(raw)


def _decode_bom(raw: bytes, notes: list[str]) -> tuple[str | None, str]:
    for bom, encoding in _BOMS:
        if raw.startswith(bom):
            body = raw[len(bom) :]
            try:
                return body.decode(encoding), encoding
            except UnicodeDecodeError:
                text = body.decode(encoding, errors="replace")
                notes.append(f"invalid {encoding.upper()} data replaced with U+FFFD")
                return text, encoding
    return None, ""


def _utf16_order(sample: bytes) -> str | None:
    """Byte order ("le"/"be") when NUL bytes sit on one side of the 16-bit units only."""
    sample = sample[: len(sample) & ~1]
    half = len(sample) // 2
    if half < 2:
        return None
    even = sample[0::2].count(0)
    odd = sample[1::2].count(0)
    if odd >= 0.05 * half and even <= odd / 20:
        return "le"
    if even >= 0.05 * half and odd <= even / 20:
        return "be"
    return None


def _decode_utf16_without_bom(raw: bytes) -> tuple[str | None, str]:
    if b"\x00" not in raw[:_SNIFF]:
        return None, ""
    order = _utf16_order(raw[:_SNIFF])
    if order is None:
        return None, ""
    encoding = f"utf-16-{order}"
    try:
        return raw[: len(raw) & ~1].decode(encoding), encoding
    except UnicodeDecodeError:
        return None, ""  # lone surrogates: not UTF-16 after all


def _decode_8bit(raw: bytes, notes: list[str]) -> tuple[str, str]:
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    text = raw.decode("utf-8", errors="replace")
    bad = text.count("\ufffd") - raw.count(b"\xef\xbf\xbd")
    good = len(_UTF8_SEQ.findall(raw))
    # chance pairs in legacy text are far fewer than broken ones; stray bytes in ASCII text
    # (a cut sequence, \xff\xfe) do not look like the letters of a legacy code page
    if (good and bad <= good) or not _looks_legacy(raw[:_SNIFF]):
        notes.append(
            f"{bad} invalid UTF-8 byte sequence{'s' if bad != 1 else ''} replaced with U+FFFD"
        )
        return text, "utf-8"
    encoding = _legacy_code_page(raw[:_SNIFF])
    notes.append(f"not UTF-8: decoded as {encoding}")
    return raw.decode(encoding, errors="replace"), encoding


_HIGH_RUN = re.compile(rb"[\x80-\xff]+")
# Windows-1252 typography that legacy Western text holds between words.
_CP1252_MARKS = frozenset(
    "\xa0\xab\xbb\xb0\xb7\u20ac\u2013\u2014\u2018\u2019\u201a\u201c\u201d\u201e\u2026"
)
# A whole word of Arabic-script letters (and marks, Arabic punctuation, ZWNJ) in Windows-1256.
_CP1256_WORD = re.compile("[\u060c\u061b\u061f\u0621-\u065f\u066e-\u06ff\u200c]+")


def _looks_legacy(sample: bytes) -> bool:
    """Do the high bytes of ``sample`` read as a legacy code page's text? Each run of them
    votes: accented letters inside a Latin word, Western typography, or a whole Arabic-script
    word say yes; anything else (bytes 0xFF 0xFE, a lead byte cut from its sequence) says no."""
    legacy = broken = 0
    for m in _HIGH_RUN.finditer(sample):
        run = m.group()
        western = run.decode("cp1252", errors="replace")
        in_word = (
            sample[m.start() - 1 : m.start()].isalpha() or sample[m.end() : m.end() + 1].isalpha()
        )
        if (western.isalpha() and in_word) or all(c in _CP1252_MARKS for c in western):
            legacy += 1
        elif len(run) >= 2 and _CP1256_WORD.fullmatch(run.decode("cp1256", errors="replace")):
            legacy += 1
        else:
            broken += 1
    return legacy >= broken


def _legacy_code_page(sample: bytes) -> str:
    """Windows-1256 when it turns the high bytes into whole Arabic-script words that make a
    good share of the text; else Windows-1252 (Western text read as 1256 gives Arabic letters
    scattered inside Latin words)."""
    arabic = sample.decode("cp1256", errors="replace")
    with_arabic = mixed = 0
    for m in _WORD.finditer(arabic):
        word = m.group()
        if _ARABIC_LETTER.search(word):
            with_arabic += 1
            mixed += bool(_LATIN_LETTER.search(word))
    letters = len(_ARABIC_LETTER.findall(arabic))
    latin = len(_LATIN_LETTER.findall(arabic))
    if with_arabic and mixed <= 0.2 * with_arabic and letters >= 0.2 * (letters + latin):
        return "windows-1256"
    return "windows-1252"
