"""The fictional demo corpus shipped in stemma/demo/."""

import json
from importlib.resources import files
from pathlib import Path

DEMO = Path(str(files("stemma") / "demo"))
ARTICLES = DEMO / "articles"
KEYS = {"id", "outlet", "lang", "title", "published", "url", "text"}
FILES = [
    "01_sepidar_fa_original.html",
    "02_sepidar_en_translation.txt",
    "03_observer_en_copy.html",
    "04_rafed_ar_translation.txt",
    "05_meridian_en_rewrite.txt",
    "06_sepidar_fa_related.txt",
    "07_briefs.jsonl",
]


def _ids() -> set[str]:
    ids = {Path(name).stem for name in FILES if not name.endswith(".jsonl")}
    for line in (ARTICLES / "07_briefs.jsonl").read_text(encoding="utf-8").splitlines():
        ids.add(json.loads(line)["id"])
    return ids


def test_every_file_is_there_and_nothing_else():
    assert sorted(p.name for p in ARTICLES.iterdir()) == FILES
    assert (DEMO / "README.md").is_file()


def test_files_are_utf8_without_bom():
    for path in [*ARTICLES.iterdir(), DEMO / "README.md", DEMO / "expected.json"]:
        raw = path.read_bytes()
        assert not raw.startswith(b"\xef\xbb\xbf"), path.name
        text = raw.decode("utf-8")  # raises on invalid UTF-8
        assert text.strip(), path.name


def test_jsonl_lines_parse_with_the_corpus_keys():
    lines = (ARTICLES / "07_briefs.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == 2
    for line in lines:
        item = json.loads(line)
        assert set(item) == KEYS
        assert all(isinstance(item[k], str) and item[k] for k in KEYS)


def test_html_pages_declare_utf8_and_a_site_name():
    for name in ("01_sepidar_fa_original.html", "03_observer_en_copy.html"):
        text = (ARTICLES / name).read_text(encoding="utf-8")
        assert '<meta charset="utf-8">' in text
        assert 'property="og:site_name"' in text


def test_sizes_are_those_of_short_news_items():
    for path in ARTICLES.glob("*.txt"):
        assert 100 <= len(path.read_text(encoding="utf-8").split()) <= 300, path.name


def test_readme_says_fictional_and_names_every_article():
    readme = (DEMO / "README.md").read_text(encoding="utf-8")
    assert "fictional" in readme.lower()
    for article_id in _ids():
        assert article_id in readme


def test_expected_answer_covers_every_article():
    expected = json.loads((DEMO / "expected.json").read_text(encoding="utf-8"))
    ids = _ids()
    assert set(expected["articles"]) == ids
    assert {a for story in expected["stories"] for a in story} == ids
    for link in expected["links"]:
        assert {link["parent"], link["child"]} <= ids


def test_copy_differs_from_translation_only_in_trivial_variants():
    translation = (ARTICLES / "02_sepidar_en_translation.txt").read_text(encoding="utf-8")
    copy = (ARTICLES / "03_observer_en_copy.html").read_text(encoding="utf-8")
    quote = "we will continue the dialog with downstream farmers on a fair share of water"
    assert quote in copy
    assert quote.replace("dialog", "dialogue") in translation
    assert "Shireen Kamrani" in copy and "Shirin Kamrani" in translation


def test_quote_appears_in_each_language():
    expected = json.loads((DEMO / "expected.json").read_text(encoding="utf-8"))["quote"]
    where = {
        "fa": "01_sepidar_fa_original.html",
        "en": "02_sepidar_en_translation.txt",
        "ar": "04_rafed_ar_translation.txt",
    }
    for lang, name in where.items():
        assert expected[lang] in (ARTICLES / name).read_text(encoding="utf-8"), lang
