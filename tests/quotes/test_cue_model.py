"""The learned cue model (stemma.quotes.cue_model): its fitting, its shipped weights, and what
it adds to the rules' quotes, on sentences written for these tests."""

import json
import re

from stemma.model import Article
from stemma.quotes import cue_model, extract_quotes, story_quotes
from stemma.quotes.extract import cue_candidates


def _article(text, lang="en", id="t"):
    return Article(id=id, raw=text.encode(), format="txt", source=text, text=text, lang=lang)


def _learned(text, lang="en"):
    return [q for q in extract_quotes(_article(text, lang)) if q.origin == "attribution"]


def test_lemma_joins_the_forms_of_a_verb():
    assert len({cue_model.lemma(w) for w in ("hope", "hoped", "hopes", "hoping")}) == 1
    assert len({cue_model.lemma(w) for w in ("believe", "believes", "believed")}) == 1
    assert cue_model.lemma("planned") == cue_model.lemma("plans")
    assert cue_model.lemma("called") == cue_model.lemma("calls")  # a double l stays
    assert cue_model.lemma("said") == "said"  # irregular: its own feature


def test_fit_learns_which_features_mark_a_cue():
    examples = [(["bias", "w=pleaded", "next=with"], 1)] * 20
    examples += [(["bias", "w=walked", "next=with"], 0)] * 60
    examples += [(["bias", "w=rare-once"], 1)]  # seen once: dropped, no weight
    weights = cue_model.fit(examples, min_count=3, epochs=200)
    assert weights["w=pleaded"] > 1.0 > -1.0 > weights["w=walked"]
    assert "w=rare-once" not in weights
    assert cue_model.probability(["bias", "w=pleaded", "next=with"], weights) > 0.8
    assert cue_model.probability(["bias", "w=walked", "next=with"], weights) < 0.2


def test_shipped_weights_hold_feature_names_and_numbers_only():
    data = json.loads(cue_model.WEIGHTS.read_text(encoding="utf-8"))
    assert 0 < data["threshold"] < 1
    assert "train" in data["note"] and "dev" not in data["note"]
    weights = data["weights"]
    assert 1000 < len(weights) < 60000
    # one word or a word class per feature: no sentence, no phrase of an article
    assert all(not re.search(r"\s", name) for name in weights)
    assert all(isinstance(v, float) and abs(v) >= cue_model.MIN_WEIGHT for v in weights.values())
    # what was learnt reads as attribution verbs, and a function word never heads a cue
    assert weights.get("lem=" + cue_model.lemma("pleaded"), 0) > 0
    assert not any(name == f"w={w}" for name in weights for w in ("the", "of", "and"))


def test_a_stance_the_rules_miss_is_proposed_with_its_holder():
    text = "He pleaded with the court to release his brother before the holiday."
    found, _ = cue_candidates(_article(text))
    assert not found  # no speech cue: the rules alone find nothing
    (q,) = _learned(text)
    assert q.cue == "pleaded" and q.speaker == "He" and q.kind == "indirect"
    assert q.content.startswith("with the court to release")
    assert text[q.content_start : q.content_end] == q.content
    assert text[q.speaker_start : q.speaker_end] == q.speaker


def test_passive_and_plain_narration_give_nothing():
    for text in (
        "The bridge was painted blue in the spring of last year.",
        "The plan, which was revealed last week, is called a reset by some.",
        "Sales of bicycles rose sharply in the northern provinces last year.",
    ):
        assert _learned(text) == [], text


def test_candidates_skip_names_function_words_and_passives():
    text = "Maria Lopez was praised by the council, and the council thanked her warmly today."
    _, cands = cue_candidates(_article(text))
    cues = {text[a:b] for a, b in (c.cue for c in cands)}
    assert "thanked" in cues
    assert not cues & {"Maria", "Lopez", "was", "the", "and", "praised"}
    for c in cands:  # the content runs from after the cue to the sentence's end
        assert c.cue[1] <= c.content[0] < c.content[1] <= len(text)


def test_select_never_repeats_a_content_already_taken():
    a = cue_model.Candidate((0, 5), (6, 40), (0, 41), score=0.9)
    b = cue_model.Candidate((8, 12), (13, 40), (0, 41), score=0.8)
    low = cue_model.Candidate((20, 24), (25, 40), (0, 41), score=0.1)
    assert cue_model.select([b, a, low], [], 0.5) == [a]  # b is most of a: one quote
    assert cue_model.select([a, b], [(6, 38)], 0.5) == []  # the rules have it already


def test_other_languages_are_left_to_the_rules():
    fa = "وزیر امور خارجه روز دوشنبه گفت: ما به مذاکره ادامه می‌دهیم و توافق نزدیک است."
    ar = "وقال وزير الخارجية إن المفاوضات ستستمر حتى التوصل إلى اتفاق نهائي."
    for text, lang in ((fa, "fa"), (ar, "ar")):
        quotes = extract_quotes(_article(text, lang))
        assert quotes and all(q.origin != "attribution" for q in quotes)


def test_story_quotes_keep_an_attribution_only_when_a_person_holds_it():
    text = (
        "Senator Amelia Okafor pleaded with the court to release the detained students.\n\n"
        "The committee pleaded with the mayor to fund the new library before winter."
    )
    learned = _learned(text)
    assert {q.speaker for q in learned} >= {"Senator Amelia Okafor", "The committee"}
    shown = story_quotes([_article(text, id="a1")], [])
    speakers = {r["speaker"] for g in shown for r in g["renderings"]}
    assert "Senator Amelia Okafor" in speakers
    assert "The committee" not in speakers


def test_a_run_on_sentence_costs_linear_time():
    import time

    def cpu(n, word):
        # a text of its own each time: the cue model remembers sentences it has read
        text = f"the {word} pleaded with officials to help " * n
        start = time.process_time()
        extract_quotes(_article(text))
        return time.process_time() - start

    cpu(50, "warm")  # lazy loading of the models is not the text's cost
    # medians of three: CPU time on a shared machine wobbles; a quadratic cost does not hide in it
    small = sorted(cpu(400, w) for w in ("group", "union", "party"))[1]
    large = sorted(cpu(3200, w) for w in ("group", "union", "party"))[1]
    assert large < 20 * max(small, 0.01)  # eight times the text: not sixty-four times the time


def test_learned_sources_read_the_clause_around_the_cue():
    from stemma.quotes.extract import _learned_speaker, _Text

    def source(text, cue):
        t = _Text(text, "en")
        found = _learned_speaker(t, 0, text.index(cue))
        return text[found[0] : found[1]] if found else None

    assert source("The union, which opposes the plan, met today.", "opposes") == "which"
    assert source("Their message reached the farmers last week.", "message") == "Their"
    assert source("Mr. Okafor has been pushing for new schools.", "pushing") == "Mr. Okafor"
    assert source("Okafor's proposal surprised the council.", "proposal") == "Okafor"


def test_fit_labels_a_candidate_by_any_gold_attribution_its_cue_and_content_match():
    from benchmarks.quotes import _labels

    text = "Okafor said the vote was fair. Okafor pleaded with the court to free them."
    _, cands = cue_candidates(_article(text))
    said, pleaded = text.index("said"), text.index("pleaded")
    gold = [
        {"cue": [said, said + 4], "content": [said + 5, text.index(".")], "source": [0, 6]},
        {"cue": [pleaded, pleaded + 7], "content": [pleaded + 8, len(text) - 1]},
    ]
    labels = dict(
        zip((text[c.cue[0] : c.cue[1]] for c in cands), _labels(cands, gold), strict=True)
    )
    # found by the rules or not, a cue with its content is one: the model learns what a cue
    # looks like, and select() keeps it from repeating the rules' "said" quote
    assert labels["pleaded"] == 1 and labels["said"] == 1
    assert labels["court"] == 0 and labels["vote"] == 0  # no gold cue holds them
    assert sum(labels.values()) == 2
    # a candidate whose content covers less than half of the gold content is none
    wide = [{"cue": gold[1]["cue"], "content": [0, len(text) - 1]}]
    (c,) = [c for c in cands if text[c.cue[0] : c.cue[1]] == "pleaded"]
    assert _labels([c], wide) == [0]


def test_proposals_are_remembered_per_sentence_and_equal_a_fresh_scoring():
    text = (
        "The committee hoped to finish the review before the vote. "
        "She pleaded with the court to release her brother before the holiday."
    )
    moved = "A line added on top changes every offset after it.\n" + text
    cue_model.forget()
    first = [(q.cue_start, q.content_start, q.speaker) for q in _learned(text)]
    assert first and len(cue_model._memo) >= 2
    # the same sentences elsewhere in another version: remembered, and rebased to their place
    shift = len(moved) - len(text)
    again = [(q.cue_start - shift, q.content_start - shift, q.speaker) for q in _learned(moved)]
    assert again == first
    cue_model.forget()  # scored afresh: the same proposals
    fresh = [(q.cue_start - shift, q.content_start - shift, q.speaker) for q in _learned(moved)]
    assert fresh == first


def test_a_candidate_content_ends_before_a_rule_quote_later_in_its_sentence():
    from stemma.quotes.extract import _Text

    text = "The senator castigated the governor over the budget, saying that he had lied to voters."
    found, cands = cue_candidates(_article(text))
    (rule,) = found  # "saying that ...": the participle's own quote
    assert rule.content.startswith("he had lied")
    (c,) = [c for c in cands if text[c.cue[0] : c.cue[1]] == "castigated"]
    # cut before the rule's cue, the comma and space before it left out
    assert text[c.content[0] : c.content[1]] == "the governor over the budget"
    assert "cut" in c.features
    # where nothing opens inside it, the content runs to the sentence's end
    alone = cue_model.candidates(_Text(text, "en"), [(0, len(text))], [], [])
    (c,) = [c for c in alone if text[c.cue[0] : c.cue[1]] == "castigated"]
    assert text[c.content[0] : c.content[1]].endswith("lied to voters")
    assert "cut" not in c.features
    # a cut leaving fewer than two words gives no candidate
    at = text.index("over")
    short = cue_model.candidates(_Text(text, "en"), [(0, len(text))], [], [at])
    assert not [c for c in short if text[c.cue[0] : c.cue[1]] == "castigated"]


def test_a_candidate_knows_how_long_its_content_would_be():
    from stemma.quotes.extract import _Text

    text = "Voters backed Okafor’s plan, and the council members argued that the new levy would surely fail this year."
    cands = cue_model.candidates(_Text(text, "en"), [(0, len(text))], [], [])
    feats = {text[c.cue[0] : c.cue[1]]: c.features for c in cands}
    # a short object: "Okafor’s plan", cut before a rule quote opening at "and the council"
    cut = cue_model.candidates(_Text(text, "en"), [(0, len(text))], [], [text.index("and")])
    (backed,) = [c for c in cut if text[c.cue[0] : c.cue[1]] == "backed"]
    assert "clen=0" in backed.features  # two words: 2 // 3 -> the smallest bucket
    assert f"lem+clen={cue_model.lemma('backed')}|0" in backed.features
    # the belief’s clause after "that", eight words: 8 // 3 = 2
    assert "clen=2" in feats["argued"]
    assert f"lem+clen={cue_model.lemma('argued')}|2" in feats["argued"]


def test_the_fit_takes_the_highest_threshold_the_held_out_f1_cannot_tell_from_the_best():
    from benchmarks.quotes import pick_threshold

    assert pick_threshold({0.2: 0.760, 0.25: 0.7677, 0.3: 0.7672, 0.35: 0.7664}) == 0.3
    assert pick_threshold({0.2: 0.760, 0.25: 0.770, 0.3: 0.7685}) == 0.25
    assert pick_threshold({0.3: 0.75, 0.4: 0.75, 0.5: 0.70}) == 0.4


def test_the_benchmark_sorts_misses_and_false_contents_by_kind():
    from benchmarks.quotes import errors

    gold = [
        {"content": [0, 10]},  # found by the first prediction
        {"content": [12, 20]},  # covered by that same prediction: two merged
        {"content": [40, 60]},  # overlapped by three characters only
        {"content": [80, 90]},  # nothing near it
    ]
    pred = [
        {"content": (0, 20)},
        {"content": (2, 8)},  # the first gold content again: one split in two
        {"content": (57, 70)},  # less than half of its gold content
        {"content": (100, 120)},  # no gold content at all
    ]
    assert errors([(pred, gold)]) == {
        "none": 1,
        "merged": 1,
        "partial": 1,
        "stray": 1,
        "split": 1,
        "off": 1,
    }
