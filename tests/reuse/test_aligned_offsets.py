"""Aligned passages point at the right characters.

Every aligned pair of a link's evidence (same-language reuse and cross-language translation or
paraphrase) gives offsets into each article's ``source`` (README, `show --json`). The property:
each side's offsets begin where one of the article's sentences (passages) begins and end where
one ends, so the slice is exactly those sentences, and the slice in display form is their text.

A reader who slices the clean ``text`` instead drifts: ``text`` joins blocks with blank lines,
so on a pile of one sentence a line (ntrex) each line break adds a character and a span reads
"ion. The ..." by the seventh line. That is what made the offsets look shifted; the test below
pins down that the offsets index ``source`` and that the two views do differ there.

The pile is my own: one short report in four languages, written to be hostile to offsets: a
UTF-8 BOM, CRLF line ends, leading blank lines and indentation (English), decomposed umlauts
(German, NFD: normalisation changes its length), zero-width non-joiners (Persian), and a
right-to-left mark before the Arabic text. Each writes one sentence a line, so every aligned
side must begin and end where a line's text does; the German one has ordinals ("am Dienstag,
dem 2. Oktober", "die 3. Nacht"), whose dots once cut a sentence in two (segmentation now reads
them as ordinals: stemma.text.segment, ``ORDINAL_BEFORE`` in stemma/text/lang/de.py).
"""

import unicodedata
from pathlib import Path

import pytest
from typer.testing import CliRunner

from stemma.cli import app
from stemma.model import Article, Link
from stemma.store import open_store
from stemma.text.normalise import display

EN = """\ufeff

   Floodwater closes the river road in Lindenau

   The river road through Lindenau was closed on Tuesday, 2 October, after heavy rain lifted the water above the old stone wall.
The mayor, Clara Vogt, said the road would stay shut until engineers had checked the bridge.
Three families living near the mill were moved to the school hall for the third night running.

Volunteers filled sandbags at the fire station from early morning until late in the evening.
The weather service expects the rain to ease on Thursday, but warned that the river may rise again.
"""

DE = """Hochwasser sperrt die Flussstraße in Lindenau

Die Flussstraße durch Lindenau wurde am Dienstag, dem 2. Oktober, gesperrt, nachdem starker Regen das Wasser über die alte Steinmauer gehoben hatte.
Die Bürgermeisterin Clara Vogt sagte, die Straße bleibe gesperrt, bis Ingenieure die Brücke geprüft hätten.
Drei Familien, die nahe der Mühle wohnen, wurden für die 3. Nacht in Folge in die Schulhalle gebracht.

Freiwillige füllten von früh morgens bis spät abends Sandsäcke an der Feuerwache.
Der Wetterdienst erwartet, dass der Regen am Donnerstag nachlässt, warnte aber, dass der Fluss wieder steigen könnte.
"""

FA = """سیل جاده کنار رودخانه را در لیندناو بست

جاده کنار رودخانه در لیندناو روز سه\u200cشنبه ۲ اکتبر پس از آن\u200cکه باران شدید آب را از دیوار سنگی قدیمی بالاتر برد، بسته شد.
شهردار، کلارا فوگت، گفت جاده تا زمانی که مهندسان پل را بررسی نکرده\u200cاند بسته می\u200cماند.
سه خانواده که نزدیک آسیاب زندگی می\u200cکنند برای سومین شب پیاپی به سالن مدرسه منتقل شدند.

داوطلبان از صبح زود تا دیروقت شب در ایستگاه آتش\u200cنشانی کیسه\u200cهای شن را پر کردند.
سازمان هواشناسی انتظار دارد باران روز پنجشنبه کم شود، اما هشدار داد که رودخانه ممکن است دوباره بالا بیاید.
"""

AR = """\u200fالفيضان يغلق طريق النهر في ليندناو

أُغلق طريق النهر في ليندناو يوم الثلاثاء 2 أكتوبر بعد أن رفعت الأمطار الغزيرة المياه فوق الجدار الحجري القديم.
وقالت رئيسة البلدية كلارا فوغت إن الطريق سيبقى مغلقاً حتى يفحص المهندسون الجسر.
ونُقلت ثلاث عائلات تعيش قرب الطاحونة إلى قاعة المدرسة لقضاء الليلة الثالثة على التوالي.

وملأ متطوعون أكياس الرمل في محطة الإطفاء من الصباح الباكر حتى وقت متأخر من المساء.
وتتوقع هيئة الأرصاد أن تخف الأمطار يوم الخميس، لكنها حذرت من أن النهر قد يرتفع مجدداً.
"""

# a second English report reusing most of the first, so same-language reuse is typed too
EN_COPY = EN.replace("on Tuesday", "on Tuesday morning").replace(
    "Three families", "Three families, eleven people in all,"
)

runner = CliRunner()


def write_pile(folder: Path) -> Path:
    folder.mkdir()
    (folder / "flood_en.txt").write_bytes(EN.replace("\n", "\r\n").encode("utf-8"))
    (folder / "flood_en_copy.txt").write_bytes(EN_COPY.replace("\n", "\r\n").encode("utf-8"))
    (folder / "flood_de.txt").write_bytes(unicodedata.normalize("NFD", DE).encode("utf-8"))
    (folder / "flood_fa.txt").write_text(FA, encoding="utf-8")
    (folder / "flood_ar.txt").write_text(AR, encoding="utf-8")
    return folder


def analyze(paths: list[Path], db: Path):
    result = runner.invoke(app, ["analyze", *map(str, paths), "--db", str(db)])
    assert result.exit_code == 0, result.output
    return open_store(db)


@pytest.fixture(scope="module")
def pile_store(tmp_path_factory):
    """The four-language pile through a real `stemma analyze`, once for the module."""
    folder = tmp_path_factory.mktemp("aligned")
    return analyze([write_pile(folder / "pile")], folder / "s.db")


def whole_sentences(article: Article, start: int, end: int) -> list[int]:
    """Assert ``source[start:end]`` is exactly whole sentences of ``article``; their indices."""
    starts = {p.start: i for i, p in enumerate(article.passages)}
    ends = {p.end: i for i, p in enumerate(article.passages)}
    assert start in starts and end in ends, (
        f"{article.id}: [{start}:{end}] does not slice whole sentences: "
        f"{article.source[max(0, start - 8) : end][:80]!r}"
    )
    first, last = starts[start], ends[end]
    assert first <= last
    shown = " ".join(p.text for p in article.passages[first : last + 1])
    assert display(article.source[start:end], article.lang) == shown
    return list(range(first, last + 1))


def check_links(store, links: list[Link]) -> dict[str, int]:
    """The property over every aligned pair of ``links``; how many pairs of each kind."""
    articles: dict[str, Article] = {}
    kinds: dict[str, int] = {}
    for link in links:
        for id in (link.a, link.b):
            if id not in articles:
                articles[id] = store.get_article(id)
        a, b = articles[link.a], articles[link.b]
        for p in link.evidence.pairs if link.evidence else ():
            if p.a_end > p.a_start:
                whole_sentences(a, p.a_start, p.a_end)
            if p.b_end > p.b_start:
                whole_sentences(b, p.b_start, p.b_end)
            kinds[link.kind] = kinds.get(link.kind, 0) + 1
        for v in link.evidence.variants if link.evidence else ():
            assert a.source[v.a_start : v.a_end] == v.a and b.source[v.b_start : v.b_end] == v.b
    return kinds


def lines(source: str) -> list[tuple[int, int]]:
    """Each non-blank line's text as a ``(start, end)`` span of ``source``, white space trimmed."""
    spans, at = [], 0
    for line in source.split("\n"):
        lead = len(line) - len(line.lstrip())
        if line.strip():
            spans.append((at + lead, at + len(line.rstrip())))
        at += len(line) + 1
    return spans


def test_aligned_passages_slice_whole_sentences_in_four_languages(pile_store):
    store = pile_store
    links = store.get_links()
    kinds = check_links(store, links)
    crossing = [ln for ln in links if ln.kind in ("translation", "paraphrase")]
    crossed = {store.get_article(i).lang for ln in crossing for i in (ln.a, ln.b)}
    assert {"en", "de", "fa", "ar"} <= crossed, kinds
    assert sum(kinds.values()) >= 20, kinds
    # the English copy is same-language reuse: its pairs are checked too
    assert any({ln.a, ln.b} == {"flood_en", "flood_en_copy"} for ln in links), kinds


def test_aligned_sides_are_whole_lines_and_translations_keep_their_order(pile_store):
    """One sentence a line in every language: each side of an aligned pair begins where a
    line does and ends where a line does, the sentences inside it are whole lines, and a
    translation pairs the n-th line with the n-th."""
    store = pile_store
    for link in store.get_links():
        a, b = store.get_article(link.a), store.get_article(link.b)
        la, lb = lines(a.source), lines(b.source)
        for p in link.evidence.pairs:
            for article, spans, start, end in (
                (a, la, p.a_start, p.a_end),
                (b, lb, p.b_start, p.b_end),
            ):
                if end > start:
                    assert start in {s for s, _ in spans} and end in {e for _, e in spans}, (
                        f"{article.id}: {article.source[start:end]!r} is not whole lines"
                    )
                # and the sentences it is made of are the lines themselves, none cut in two
                # ("am Dienstag, dem 2." + "Oktober, gesperrt ..." was two)
                inside = [(q.start, q.end) for q in article.passages if start <= q.start < end]
                assert set(inside) <= set(spans), (
                    f"{article.id}: sentences {[article.source[x:y] for x, y in inside]} "
                    "are not its lines"
                )
            if link.kind == "translation":
                first_a = [s for s, _ in la].index(p.a_start)
                first_b = [s for s, _ in lb].index(p.b_start)
                assert first_a == first_b, (link.a, link.b, p)


def test_offsets_index_source_not_the_clean_text(pile_store):
    """Slicing ``text`` with the offsets drifts a character a line break: the misreading."""
    de = pile_store.get_article("flood_de")
    last = de.passages[-1]
    assert display(de.source[last.start : last.end], "de") == last.text
    assert de.text[last.start : last.end] != last.text  # text's positions are not offsets


@pytest.mark.corpora
def test_aligned_passages_slice_whole_sentences_on_the_seeds(seeds, tmp_path):
    store = analyze([seeds], tmp_path / "seeds.db")
    links = store.get_links()
    kinds = check_links(store, links)
    assert kinds.get("translation", 0) >= 10 and sum(kinds.values()) >= 30, kinds
