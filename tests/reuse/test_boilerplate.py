"""Boilerplate for linking learned from the pile: a company's releases share its "About ..."
paragraph and disclaimer; that must not make them one event (fixtures are our own writing)."""

import random

from stemma.model import Article, Passage
from stemma.reuse.boilerplate import (
    for_linking,
    learn,
    linking_view,
    passage_key,
    pile_for_linking,
)
from stemma.reuse.typing import type_same_language

ABOUT = [
    "About Lumenfield Robotics: Lumenfield Robotics builds autonomous carts for warehouses and hospitals.",
    "Founded in 2009 in Tampere, the company employs 640 people in nine countries.",
    "Its fleet software coordinates more than 12,000 robots for customers on four continents.",
    "Forward-looking statements in this release involve risks and uncertainties described in the company's filings.",
]
RELEASES = {
    "r1": (
        "2023-01-16",
        [
            "Lumenfield Robotics today introduced Harbor, a pallet robot that lifts loads of up to 900 kilograms.",
            "Harbor navigates narrow aisles with lidar and ceiling markers instead of floor tape.",
            "Pilot customers in Rotterdam cut forklift traffic in their cold stores by a third.",
            "Deliveries begin in the second quarter, priced per robot per month.",
        ],
    ),
    "r2": (
        "2023-06-20",
        [
            "Lumenfield Robotics reported second-quarter revenue of 48 million euros, up 31 percent.",
            "Recurring software income now makes up half of sales, the chief financial officer said.",
            "The order backlog grew to 210 million euros, led by hospital logistics contracts.",
            "The company raised its full-year outlook and expects to break even in 2024.",
        ],
    ),
    "r3": (
        "2023-11-08",
        [
            "Lumenfield Robotics has appointed Ines Varela as chief executive, effective in January.",
            "Varela led the logistics division of a Spanish rail operator for eleven years.",
            "She succeeds co-founder Mikko Aalto, who will remain on the board as chair.",
            "The board thanked Aalto for fourteen years of leadership since the first prototype.",
        ],
    ),
    "r4": (
        "2024-03-05",
        [
            "Lumenfield Robotics and the Norrland hospital group signed a five-year supply agreement.",
            "Sixty carts will move linen, meals and medicine across three hospitals in Umeå.",
            "Nurses will summon carts from a tablet, and lifts open for them automatically.",
            "The first hospital goes live in September after a training programme for porters.",
        ],
    ),
}


def release(id, day, body, outlet="Lumenfield Robotics", tail=ABOUT):
    sentences = [*body, *tail]
    text, passages, at = "", [], 0
    for i, s in enumerate(sentences):
        passages.append(Passage(at, at + len(s), s, "en", i))
        text += s + "\n\n"
        at += len(s) + 2
    return Article(
        id=id, raw=text.encode(), format="txt", source=text, text=text.strip(), lang="en",
        outlet=outlet, published=day, passages=passages,
    )  # fmt: skip


def pile():
    return {id: release(id, day, body) for id, (day, body) in RELEASES.items()}


def test_the_about_paragraph_and_disclaimer_are_learned_the_news_is_not():
    learned = learn(pile().values())
    assert {passage_key(s) for s in ABOUT} == learned.keys
    for _, body in RELEASES.values():
        assert not any(passage_key(s) in learned for s in body)
    assert all("4 articles" in why for why in learned.reasons.values())


def test_releases_months_apart_are_not_linked_on_their_boilerplate():
    arts = pile()
    linking = pile_for_linking(arts)
    for a, b in (("r1", "r3"), ("r1", "r2"), ("r2", "r4")):
        link = type_same_language(linking[a], linking[b])
        assert link is None or link.kind == "related", (a, b, link and link.kind)
    # what the rule prevents: on the whole texts the shared paragraph reads as one text
    whole = [type_same_language(arts[a], arts[b]) for a, b in (("r1", "r3"), ("r1", "r2"))]
    assert all(ln is not None and ln.kind != "related" for ln in whole)


def test_copies_of_one_story_are_not_boilerplate():
    body = RELEASES["r1"][1]
    copies = [
        release(f"c{i}", "2023-01-16", body, outlet=f"Wire {i}", tail=ABOUT[:1]) for i in range(4)
    ]
    assert learn(copies).keys == set()
    same_outlet = [release(f"s{i}", "2023-01-16", body, tail=()) for i in range(3)]
    assert learn(same_outlet).keys == set()
    assert for_linking(copies[0], learn(copies)) is copies[0]


def test_learning_does_not_depend_on_the_order_of_the_pile():
    arts = list(pile().values()) + [release("x", "2023-02-01", RELEASES["r2"][1], outlet="Other")]
    first = learn(arts)
    for seed in range(3):
        shuffled = arts[:]
        random.Random(seed).shuffle(shuffled)
        again = learn(shuffled)
        assert again.keys == first.keys and again.reasons == first.reasons


def test_the_linking_view_changes_the_digest_of_what_it_changes():
    arts = {**pile(), "y": release("y", "2023-02-01", RELEASES["r2"][1], outlet="Other", tail=())}
    digests = {id: f"d-{id}" for id in arts}
    views, out = linking_view(arts, digests)
    assert views["y"] is arts["y"] and out["y"] == "d-y"
    assert len(views["r1"].passages) == 4 and views["r1"].source == arts["r1"].source
    assert out["r1"].startswith("d-r1|linking:")
    assert len(arts["r1"].passages) == 8  # the stored article is untouched


def _defined(articles) -> dict[int, str]:
    """What the module doc defines, read off one article and one key at a time: key -> why."""
    from collections import defaultdict
    from statistics import median

    from stemma.reuse.boilerplate import MAX_SHARE, MIN_ARTICLES, _different_stories
    from stemma.reuse.typing import article_day

    keys = {a.id: [(passage_key(p.text), p.end - p.start) for p in a.passages] for a in articles}
    by_id = {a.id: a for a in articles}
    held = defaultdict(set)
    for a in articles:
        for k, _ in keys[a.id]:
            if k is not None:
                held[k].add(a.id)
    frequent = {k: ns for k, ns in held.items() if len(ns) >= MIN_ARTICLES}
    out = {}
    for k, ns in frequent.items():
        members = [by_id[n] for n in ns]
        why = _different_stories([article_day(a) for a in members], [a.outlet for a in members])
        if why is None:
            continue
        every = {j for j, others in frequent.items() if others >= ns}  # held by all of them
        share = median(
            sum(size for j, size in keys[n] if j in every) / (sum(s for _, s in keys[n]) or 1)
            for n in ns
        )
        if share < MAX_SHARE:
            out[k] = (
                f"recurs in {len(ns)} articles ({why}), where it and the text all of them share "
                f"are {share:.0%} of the median article"
            )
    return out


def _random_pile(rng: random.Random, pool: list[str], n: int, prefix: str = "a") -> list[Article]:
    articles = []
    for k in range(n):
        if articles and rng.random() < 0.3:  # a copy or an excerpt of an earlier article
            body = [p.text for p in rng.choice(articles).passages]
            body = body[: rng.randint(1, len(body))]
        else:
            body = rng.sample(pool, rng.randint(1, 8)) + rng.choices(pool, k=rng.randint(0, 2))
        day = f"2023-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        outlet = rng.choice(["Alpha", "Beta", "Gamma", None])
        articles.append(release(f"{prefix}{k:02d}", day, body, outlet=outlet, tail=()))
    return articles


def test_what_is_learned_is_what_the_definition_gives_on_random_piles():
    # piles of releases, copies, excerpts and repeated sentences from a few outlets over a year:
    # the learned keys and reasons are those of the definition, key by key
    words = "harbor robot linen ward budget council river bridge vote school rail grain".split()
    for seed in range(12):
        rng = random.Random(seed)
        pool = [" ".join(rng.choice(words) for _ in range(rng.randint(3, 9))) for _ in range(40)]
        articles = _random_pile(rng, pool, rng.randint(6, 30))
        learned = learn(articles)
        assert learned.reasons == _defined(articles), seed
        assert learned.keys == set(learned.reasons)


def test_learning_again_only_what_changed_articles_touch_is_learning_the_pile():
    # a pile learned, then articles added, changed and removed: deciding again only the keys
    # those articles held (before and after) gives what learning the new pile whole gives
    from stemma.reuse.boilerplate import PileKeys, learn_pile

    words = "harbor robot linen ward budget council river bridge vote school rail grain".split()
    for seed in range(16):
        rng = random.Random(100 + seed)
        pool = [" ".join(rng.choice(words) for _ in range(rng.randint(3, 9))) for _ in range(30)]
        old = _random_pile(rng, pool, rng.randint(8, 30))
        new = list(old)
        touched_ids = set()
        for _ in range(rng.randint(1, 5)):
            what = rng.random()
            if what < 0.35 and len(new) > 3:
                touched_ids.add(new.pop(rng.randrange(len(new))).id)
            elif what < 0.7:
                at = rng.randrange(len(new))
                [other] = _random_pile(rng, pool, 1, prefix=f"{new[at].id}-")
                new[at] = release(new[at].id, other.published, [p.text for p in other.passages],
                                  outlet=other.outlet, tail=())  # fmt: skip
                touched_ids.add(new[at].id)
            else:
                added = _random_pile(rng, pool + [p.text for a in new for p in a.passages], 1)[0]
                added = release(f"n{seed}-{len(new)}", added.published,
                                [p.text for p in added.passages], outlet=added.outlet, tail=())  # fmt: skip
                new.append(added)
                touched_ids.add(added.id)
        touched = {
            passage_key(p.text)
            for a in (*old, *new)
            if a.id in touched_ids
            for p in a.passages
            if passage_key(p.text) is not None
        }
        rng.shuffle(new)  # the order the pile is read in does not matter either
        pile = PileKeys()
        for a in new:
            pile.add(a)
        again = learn_pile(pile, before=learn(old), touched=touched)
        whole = learn(new)
        assert again.reasons == whole.reasons == _defined(new), seed
        assert again.keys == whole.keys
    # nothing touched: what was learned stays, whatever it was
    kept = learn(old)
    pile = PileKeys()
    for a in old:
        pile.add(a)
    assert learn_pile(pile, before=kept, touched=()).reasons == kept.reasons
