"""PDF to text (pypdf): pages, bad PDFs, and cleaning of a PDF's running page furniture."""

import io
import logging

import pytest
from pypdf import PdfReader, PdfWriter

from stemma.ingest.clean import mark_blocks
from stemma.ingest.pdf import PAGE_BREAK, extract_pdf
from stemma.ingest.read import ReadError, iter_records, to_source


def make_pdf(pages: list[list[str]]) -> bytes:
    """A minimal PDF written by hand: one Helvetica line of text per string, page by page."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [%s] /Count %d >>"
        % (b" ".join(b"%d 0 R" % (4 + 2 * i) for i in range(len(pages))), len(pages)),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    for i, lines in enumerate(pages):
        ops = ["BT", "/F1 10 Tf", "13 TL", "60 760 Td"]
        for line in lines:
            escaped = line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
            ops.append(f"({escaped}) Tj T*")
        stream = "\n".join([*ops, "ET"]).encode("cp1252")
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
            b"/Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>" % (5 + 2 * i)
        )
        objects.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream))
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def encrypt(pdf: bytes, password: str) -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    writer.encrypt(password, owner_password="owner", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


SIMPLE = [
    ["The harbour bridge opens in May.", "Café owners welcomed the news."],
    ["Page two says the cost rose to 24 million euros."],
]


def test_text_round_trips_with_page_breaks():
    text = extract_pdf(make_pdf(SIMPLE))
    assert text == (
        "The harbour bridge opens in May.\nCafé owners welcomed the news."
        + PAGE_BREAK
        + "Page two says the cost rose to 24 million euros."
    )


def test_pdf_file_is_read_through_the_folder_reader(tmp_path):
    (tmp_path / "report.pdf").write_bytes(make_pdf(SIMPLE))
    (record,) = iter_records([tmp_path])
    assert (record.id, record.format) == ("report", "pdf")
    text, fields, notes = to_source(record)
    assert text.startswith("The harbour bridge opens in May.") and not fields and not notes


@pytest.mark.parametrize("cut", [0.3, 0.6, 0.95])
def test_truncated_pdf_is_refused_with_the_reason(cut):
    pdf = make_pdf(SIMPLE)
    with pytest.raises(ReadError, match="^truncated PDF"):
        extract_pdf(pdf[: int(len(pdf) * cut)])


def test_corrupt_and_non_pdfs_are_refused():
    with pytest.raises(ReadError, match="truncated PDF"):
        extract_pdf(b"%PDF-1.4\n1 0 obj\n<<")
    with pytest.raises(ReadError, match="not a PDF"):
        extract_pdf(b"just some text")
    garbage = b"%PDF-1.4\n" + bytes(range(256)) * 4 + b"\n%%EOF\n"
    with pytest.raises(ReadError, match="PDF"):
        extract_pdf(garbage)


def test_pdf_without_text_is_refused():
    with pytest.raises(ReadError, match="no extractable text"):
        extract_pdf(make_pdf([[]]))


def test_encrypted_pdf_needs_its_password():
    with pytest.raises(ReadError, match="^encrypted PDF"):
        extract_pdf(encrypt(make_pdf(SIMPLE), "secret"))
    # An empty user password only restricts printing or copying: the text is readable.
    assert extract_pdf(encrypt(make_pdf(SIMPLE), "")).startswith("The harbour bridge")


def test_pypdf_noise_stays_quiet(capsys, caplog):
    caplog.set_level(logging.DEBUG)
    pdf = make_pdf(SIMPLE)
    for bad in (pdf[: len(pdf) // 2], pdf.replace(b"startxref", b"startxrex")):
        try:
            extract_pdf(bad)
        except ReadError:
            pass
    assert not [r for r in caplog.records if r.name.startswith("pypdf")]
    assert capsys.readouterr() == ("", "")


# -- cleaning of PDF text ----------------------------------------------------------------------

HEADER = "Harbour Council - Annual Report 2023"
WRAPPED = [
    "The council approved the plan for the new harbour bridge after a long debate that lasted",
    "most of the afternoon, and the mayor thanked the engineers who had prepared the designs",
    "over the previous three years of consultation with residents.",
    "Construction will begin in the spring.",
    "The treasurer said that the cost of the project would be shared between the city and the",
    "regional government, with a small contribution expected from the port authority, which",
    "will also take charge of maintenance once the bridge is open to traffic and to cyclists.",
]


def test_running_header_and_page_numbers_are_marked_and_wrapped_lines_joined():
    pages = [
        [HEADER, *WRAPPED[:4], "1"],
        [HEADER, *WRAPPED[4:], "Page 2 of 3"],
        [HEADER, "A short closing note.", "Page 3 of 3"],
    ]
    text = extract_pdf(make_pdf(pages))
    blocks = mark_blocks(text, "pdf")
    found = [(text[b.start : b.end], b.boilerplate) for b in blocks]
    assert found == [
        (HEADER, "page_header"),
        ("\n".join(WRAPPED[:3]), None),
        (WRAPPED[3], None),
        ("1", "page_number"),
        (HEADER, "page_header"),
        ("\n".join(WRAPPED[4:]), None),
        ("Page 2 of 3", "page_number"),
        (HEADER, "page_header"),
        ("A short closing note.", None),
        ("Page 3 of 3", "page_number"),
    ]


def test_a_paragraph_running_over_a_bare_page_break_stays_one_block():
    text = extract_pdf(make_pdf([WRAPPED[:2], WRAPPED[2:]]))
    blocks = mark_blocks(text, "pdf")
    assert [text[b.start : b.end].replace("\n\f\n", "\n") for b in blocks] == [
        "\n".join(WRAPPED[:3]),
        WRAPPED[3],
        "\n".join(WRAPPED[4:]),
    ]
    assert not any(b.boilerplate for b in blocks)
