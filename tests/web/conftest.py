"""Stores for the web tests: small hostile ones written directly, and the analysed seeds."""

import warnings
from html.parser import HTMLParser
from types import SimpleNamespace

import pytest

from stemma.model import Article, Block, DateMention, Evidence, Link, Passage, SourceCitation

warnings.filterwarnings("ignore", message=".*httpx.*", category=DeprecationWarning)

SCRIPT = "<script>alert('x')</script>"
ONERROR = '<img src=x onerror="alert(2)">'
JS_URL = "javascript:alert(3)"
UP = "../../etc/passwd"
HOSTILE = f"{SCRIPT} {ONERROR} {JS_URL} {UP}"


def make_article(
    id: str,
    paragraphs: list[str],
    *,
    lang: str = "en",
    title: str | None = None,
    outlet: str | None = None,
    published: str | None = None,
    url: str | None = None,
    chrome: list[str] = (),
    fields: dict | None = None,
    dates: list[DateMention] = (),
    sources: list[SourceCitation] = (),
) -> Article:
    """An analysed article built by hand: chrome blocks first, then one passage per paragraph."""
    parts = list(chrome) + list(paragraphs)
    source = "\n\n".join(parts)
    blocks, passages, at = [], [], 0
    for i, part in enumerate(parts):
        is_chrome = i < len(chrome)
        blocks.append(Block(at, at + len(part), "page_header" if is_chrome else None))
        if not is_chrome:
            passages.append(Passage(at, at + len(part), part, lang, i - len(chrome)))
        at += len(part) + 2
    return Article(
        id=id,
        raw=source.encode(),
        format="txt",
        source=source,
        path=f"{id}.txt",
        blocks=blocks,
        text="\n\n".join(paragraphs),
        lang=lang,
        title=title,
        outlet=outlet,
        published=published,
        url=url,
        fields=fields or {},
        dates=list(dates),
        sources=list(sources),
        passages=passages,
    )


def story_dict(id: str, articles: list[Article], *, title=None, related=(), **extra) -> dict:
    dates = sorted(a.published[:10] for a in articles if a.published)
    nodes = [
        {"id": a.id, "kind": "witness", "label": a.title or a.id, "lang": a.lang} for a in articles
    ]
    edges = [
        {"source": articles[0].id, "target": a.id, "kind": "copy", "score": 0.9, "evidence": {}}
        for a in articles[1:]
    ]
    return {
        "id": id,
        "title": title if title is not None else articles[0].title,
        "articles": [a.id for a in articles],
        "languages": sorted({a.lang for a in articles if a.lang}),
        "first_seen": dates[0] if dates else None,
        "related": list(related),
        "stemma": {"root": articles[0].id if articles else None, "nodes": nodes, "edges": edges},
        **extra,
    }


@pytest.fixture
def hostile_store(tmp_path):
    """A store whose every text field is hostile, with one story, a link and a quote."""
    from stemma.store import open_store

    store = open_store(tmp_path / "hostile.db")
    evil = make_article(
        UP,
        [f"The minister said {HOSTILE} today.", f"Second paragraph {SCRIPT}."],
        title=f"Title {SCRIPT} {ONERROR}",
        outlet=f"Outlet {ONERROR}",
        published="2020-01-02",
        url=JS_URL,
        chrome=[f"Menu {SCRIPT} Home"],
        fields={"author": ONERROR, "link": JS_URL, "nested": {"x": SCRIPT}},
        dates=[DateMention(f"2 January 2020 {SCRIPT}", 0, 5, "gregorian", "2020-01-02", "event")],
        sources=[SourceCitation(f"Agency {ONERROR}", f"according to {SCRIPT}", 0, 5)],
    )
    other = make_article(
        "plain-2",
        [f"The minister said {HOSTILE} today.", "Another sentence."],
        title="Plain",
        outlet="Plain Times",
        published="2020-01-03",
    )
    for a in (evil, other):
        store.put_article(a)
    store.replace_links(
        [
            Link(
                UP,
                "plain-2",
                "copy",
                0.95,
                UP,
                Evidence(reasons=[f"because {SCRIPT}"], shared={"names": [ONERROR]}),
            )
        ]
    )
    quote = {
        "id": "q-1",
        "person": None,
        "speaker": f"The minister {ONERROR}",
        "text": f"said {SCRIPT}",
        "renderings": [
            {
                "article": UP,
                "lang": "en",
                "kind": "direct",
                "content": f"said {SCRIPT}",
                "content_start": 0,
                "content_end": 5,
                "speaker": f"minister {ONERROR}",
                "speaker_start": None,
                "speaker_end": None,
                "cue": JS_URL,
                "cue_start": None,
                "cue_end": None,
            }
        ],
    }
    store.replace_stories(
        [story_dict("s-evil", [evil, other], title=f"Story {SCRIPT} {ONERROR}", quotes=[quote])]
    )
    yield store
    store.close()


@pytest.fixture(scope="session")
def seed_web(seed_analysed_db):
    """(store path, id of the letter's story) for the analysed seeds."""
    from stemma.store import open_store

    with open_store(seed_analysed_db) as store:
        return seed_analysed_db, store.story_of("000_829ae545a56f0e4d")


class _Tags(HTMLParser):
    """Every start tag with its attributes, and the text of inline scripts."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._in_script = tag == "script"
        if self._in_script:
            self.scripts.append("")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self.scripts[-1] += data


def offences(html: str, *, report: bool = False) -> list[str]:
    """What in ``html`` could run or leave the page: event handlers, foreign scripts,
    javascript: or external URLs (in the report), and hostile text that is not escaped."""
    from stemma.web.render import inline_asset

    found = []
    parser = _Tags()
    parser.feed(html)
    for tag, attrs in parser.tags:
        for name, value in attrs.items():
            if name.startswith("on"):
                found.append(f"<{tag} {name}=...>")
            if name in ("href", "src", "action", "formaction") and value:
                low = value.strip().lower()
                if low.startswith(("javascript:", "data:", "vbscript:")):
                    found.append(f"<{tag} {name}={value!r}>")
                if report and (name == "src" or low.startswith(("http:", "https:", "//"))):
                    found.append(f"external {name} in report: {value!r}")
        if tag == "script" and attrs.get("src") not in (None, "/static/app.js"):
            found.append(f"script src={attrs.get('src')!r}")
        if tag in ("img", "iframe", "object", "embed", "link") and report:
            found.append(f"<{tag}> in report")
    ours = str(inline_asset("app.js"))
    for script in parser.scripts:
        if script.strip() and script != ours:
            found.append(f"inline script: {script[:60]!r}")
    for raw in (SCRIPT, ONERROR, "<script>alert"):
        if raw in html:
            found.append(f"unescaped: {raw}")
    return found


@pytest.fixture(scope="session")
def hostile():
    """The hostile strings and the inertness check, for the test modules."""
    return SimpleNamespace(
        SCRIPT=SCRIPT, ONERROR=ONERROR, JS_URL=JS_URL, UP=UP, HOSTILE=HOSTILE, offences=offences
    )


@pytest.fixture(scope="session")
def factories():
    """Builders for hand-made articles and story records."""
    return SimpleNamespace(article=make_article, story=story_dict)
