"""The typer's answers held as arrays (stemma.engine.answers) read back as the dict of pairs
the run held before: once per pair, the last answer winning, an earlier run's answers under
this run's, sorted by pair."""

import random

from stemma.engine.answers import Answers


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
