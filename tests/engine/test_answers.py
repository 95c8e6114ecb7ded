"""The typer's answers held as arrays (stemma.stages.answers) read back as the dict of pairs
the run held before: once per pair, the last answer winning, an earlier run's answers under
this run's, sorted by pair."""

import random

import numpy as np

from stemma.stages.answers import Answers, Merged


def _as_dict_did(earlier, puts):
    out = {(a, b): was for a, b, was in earlier}
    for a, b, was in puts:
        out[(a, b)] = was
    return [(a, b, was) for (a, b), was in sorted(out.items())]


def test_answers_read_back_as_the_dict_did():
    rng = random.Random(3)
    ids = [f"a{rng.randrange(10**6):07d}" for _ in range(300)]
    for _ in range(20):

        def pairs(n):
            out = []
            for _ in range(n):
                a, b = rng.sample(ids, 2)
                out.append((min(a, b), max(a, b), rng.random() < 0.5))
            return out

        earlier, puts = pairs(rng.randrange(0, 200)), pairs(rng.randrange(0, 400))
        answers = Answers(ids)
        for a, b, was in puts:
            answers.put(a, b, was)
        merged = answers.merged([list(t) for t in earlier])
        want = _as_dict_did(earlier, puts)
        assert list(merged) == want
        # a kept state's answers as arrays (``groups.meta_of``) merge as the list does, with
        # some of the earlier run's articles no longer numbered now
        fewer = Answers(ids[:250])
        for a, b, was in puts:
            fewer.put(a, b, was)
        assert list(fewer.merged(Merged.of(earlier))) == list(fewer.merged(earlier))
        assert list(answers.merged(merged)) == want
        assert list(merged) == want  # read again: the same
        assert len(merged) == len(want)
        assert all(type(w) is bool for _, _, w in merged)
        assert merged.names() == {x for a, b, _ in want for x in (a, b)}


def test_pairs_outside_the_numbering_kept_and_sorted_in():
    answers = Answers(["b", "d", "f"])
    answers.put("d", "f", True)
    answers.put("a", "d", False)  # "a" is not numbered
    answers.put("b", "d", True)
    merged = answers.merged([["c", "z", True], ["b", "d", False]])
    assert list(merged) == [("a", "d", False), ("b", "d", True), ("c", "z", True), ("d", "f", True)]
    assert merged.names() == {"a", "b", "c", "d", "f", "z"}


def test_no_answers():
    merged = Answers([]).merged()
    assert list(merged) == [] and len(merged) == 0 and merged.names() == set()


def test_answers_as_arrays_renumbered_filtered_and_read_in_order():
    kept = Merged.of([["b", "c", True], ["a", "b", False], ["a", "c", True]])
    assert list(kept) == [("b", "c", True), ("a", "b", False), ("a", "c", True)]  # as kept
    ra, rb = kept.rows({"a": 5, "b": 6, "c": 7})
    assert ra.tolist() == [6, 5, 5] and rb.tolist() == [7, 6, 7]
    assert kept.rows({"a": 0, "b": 1}) is None  # "c" is not numbered
    assert list(kept.keep(np.array([True, False, True]))) == [("b", "c", True), ("a", "c", True)]
    assert kept.was().tolist() == [True, False, True]
