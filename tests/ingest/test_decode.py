"""Bytes to text: encodings, byte-order marks, invalid UTF-8, binary input, mojibake repair."""

import codecs

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stemma.ingest.decode import ReadError, decode, looks_binary, repair

PERSIAN = "وزیر گفت که پل تازه در ماه مه باز می‌شود.\nگزارشگر افزود: هزینه آن ژاله‌وار بالا رفت و چند گروه پژوهش کردند."
# Windows-1256 has no Persian yeh (U+06CC); Persian files in that code page use Arabic yeh.
PERSIAN_1256 = PERSIAN.replace("ی", "ي")
ARABIC = "قال الوزير إن الجسر الجديد سيفتح في شهر مايو بعد سنوات من العمل."
FRENCH = (
    "Le ministre a déclaré lundi que le pont ouvrira en mai — à côté de l'école, vis-à-vis du café."
)
GERMAN = "Die Größe der Brücke überrascht: schöne Grüße aus Köln, sagte die Bürgermeisterin."


@pytest.mark.parametrize("text", [PERSIAN, ARABIC, FRENCH, GERMAN, "plain ascii"])
def test_utf8_is_decoded_unchanged(text):
    assert decode(text.encode("utf-8")) == (text, "utf-8", [])


@pytest.mark.parametrize(
    ("encoded", "encoding"),
    [
        (codecs.BOM_UTF8 + PERSIAN.encode("utf-8"), "utf-8"),
        (PERSIAN.encode("utf-16"), "utf-16-le"),  # Python writes a little-endian BOM
        (codecs.BOM_UTF16_BE + FRENCH.encode("utf-16-be"), "utf-16-be"),
        (codecs.BOM_UTF32_LE + ARABIC.encode("utf-32-le"), "utf-32-le"),
    ],
)
def test_byte_order_marks(encoded, encoding):
    text, found, notes = decode(encoded)
    assert found == encoding and not notes
    assert not text.startswith("\ufeff")
    assert text in (PERSIAN, FRENCH, ARABIC)


@pytest.mark.parametrize("text", [PERSIAN, ARABIC, FRENCH])
@pytest.mark.parametrize("order", ["le", "be"])
def test_utf16_without_bom_is_recognised_by_its_nul_bytes(text, order):
    decoded, encoding, _ = decode(text.encode(f"utf-16-{order}"))
    assert (decoded, encoding) == (text, f"utf-16-{order}")


def test_windows_1256_persian():
    text, encoding, notes = decode(PERSIAN_1256.encode("cp1256"))
    assert (text, encoding) == (PERSIAN_1256, "windows-1256")
    assert notes == ["not UTF-8: decoded as windows-1256"]


def test_windows_1256_arabic():
    text, encoding, _ = decode(ARABIC.encode("cp1256"))
    assert (text, encoding) == (ARABIC, "windows-1256")


@pytest.mark.parametrize("text", [FRENCH, GERMAN, "A dash \u2013 and \u201cquotes\u201d only."])
def test_windows_1252_western(text):
    decoded, encoding, notes = decode(text.encode("cp1252"))
    assert (decoded, encoding) == (text, "windows-1252")
    assert "windows-1252" in notes[0]


def test_a_few_invalid_utf8_bytes_are_replaced_and_reported():
    raw = PERSIAN.encode("utf-8") + b" \xff\xfe " + ARABIC.encode("utf-8") + b"\xc3"
    text, encoding, notes = decode(raw)
    assert encoding == "utf-8"
    assert text.count("\ufffd") == 3
    assert PERSIAN in text and ARABIC in text
    assert notes == ["3 invalid UTF-8 byte sequences replaced with U+FFFD"]


def test_broken_utf16_after_a_bom_is_replaced_and_reported():
    raw = FRENCH.encode("utf-16") + b"\x00\xd8"  # a lone high surrogate at the end
    text, encoding, notes = decode(raw)
    assert (text, encoding) == (FRENCH + "\ufffd", "utf-16-le")
    assert notes == ["invalid UTF-16-LE data replaced with U+FFFD"]


def test_mostly_invalid_utf8_falls_back_to_a_legacy_code_page():
    raw = FRENCH.encode("cp1252") + " é".encode()  # one valid sequence among many bad
    text, encoding, _ = decode(raw)
    assert encoding == "windows-1252"
    assert text.startswith(FRENCH)


@pytest.mark.parametrize(
    "raw",
    [
        bytes(range(256)) * 40,
        b"\x7fELF\x02\x01\x01\x00" + bytes(200),
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(64)),
        b"text with controls \x01\x02\x03\x04\x05\x06\x07\x08\x0e\x0f" * 3,
    ],
)
def test_binary_content_is_refused(raw):
    with pytest.raises(ReadError, match="binary file"):
        decode(raw)
    assert looks_binary(raw[:4096])


def test_text_does_not_look_binary():
    for raw in (PERSIAN.encode(), PERSIAN.encode("utf-16-le"), FRENCH.encode("cp1252")):
        assert not looks_binary(raw)


def test_newlines_are_normalised():
    text, _, _ = decode(b"one\r\ntwo\rthree\nfour\f five")
    assert text == "one\ntwo\nthree\nfour\f five"


def test_empty_input_gives_empty_text():
    assert decode(b"") == ("", "utf-8", [])


@pytest.mark.parametrize(
    ("broken", "fixed"),
    [
        ("Ã¼ber die BrÃ¼cke", "über die Brücke"),
        ("naÃ¯ve cafÃ© owners", "naïve café owners"),
        ("Itâ€™s a â€œtestâ€\x9d", "It’s a “test”"),
        ("Ø³Ù„Ø§Ù… Ø¯Ù†ÛŒØ§", "سلام دنیا"),  # Persian UTF-8 once read as Windows-1252
    ],
)
def test_latin_mojibake_is_repaired_with_a_note(broken, fixed):
    text, encoding, notes = decode(broken.encode("utf-8"))
    assert text == fixed
    assert encoding == "utf-8"
    assert notes and "mojibake repaired on 1 line" in notes[0]


def test_mojibake_from_windows_1256_is_repaired():
    broken = PERSIAN.encode("utf-8").decode("cp1256")
    assert broken != PERSIAN
    text, _, notes = decode((broken + "\nAn English line stays.").encode("utf-8"))
    assert text == PERSIAN + "\nAn English line stays."
    assert notes == ["mojibake repaired on 2 lines (UTF-8 read as Windows-1256)"]


@pytest.mark.parametrize(
    "text",
    [
        "vis-à-vis the café, déjà vu",
        "„Straße“ and «guillemets» — fine",
        "Ça va? À bientôt. Ñandú, São Paulo, Zürich",
        PERSIAN,
        ARABIC,
        "مطالعه: طلا و ظرف و عطر و غذا",  # the letters 1256 mojibake is made of, used normally
    ],
)
def test_correct_text_is_not_touched_by_repair(text):
    assert repair(text) == (text, [])
    assert decode(text.encode("utf-8")) == (text, "utf-8", [])


def test_decoding_a_large_utf8_text_stays_linear():
    text = ("A sentence about the bridge, the café and the council. " * 18 + "\n") * 10_000
    decoded, encoding, notes = decode(text.encode("utf-8"))
    assert (len(decoded), encoding, notes) == (len(text), "utf-8", [])


_ALPHABET = st.sampled_from(
    list("abcdefghijklmnopqrstuvwxyzABCDEFGHIJ .,;:!?'\"()-\n\t0123456789")
    + list("سلامدنیاپژوهشگرکچ،؛؟۱۲۳")
    + list("éèüößçñ—–“”‘’…€")
)


@settings(max_examples=200, deadline=None)
@given(st.text(_ALPHABET, max_size=200))
def test_round_trip_through_utf8_and_utf16(text):
    for encoding in ("utf-8", "utf-16", "utf-8-sig"):
        decoded, _, notes = decode(text.encode(encoding))
        assert decoded == text
        assert not notes
