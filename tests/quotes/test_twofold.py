"""``python -m benchmarks.quotes --twofold``: the folds and the shipped weights it puts back."""

import subprocess

import pytest

import benchmarks.quotes as bq


def _fake_train(n):
    def train(corpora=None):
        yield from ((f"article-{i}", [f"gold-{i}"]) for i in range(n))

    return train


@pytest.mark.parametrize("way", ["halves", "odd-even"])
def test_each_way_parts_train_in_two_that_swap_between_the_folds(monkeypatch, way):
    monkeypatch.setattr(bq, "_train", _fake_train(7))
    fit0, held0 = bq._fold(way, 0)
    fit1, held1 = bq._fold(way, 1)
    assert (fit0, held0) == (held1, fit1)
    assert sorted(fit0 + held0) == sorted(bq._train())
    assert not set(a for a, _ in fit0) & set(a for a, _ in held0)


def test_the_shipped_weights_come_back_when_a_fold_fails(monkeypatch, tmp_path):
    files = []
    for name in ("cue", "span", "nest", "source"):
        path = tmp_path / f"{name}_weights.json"
        path.write_text(f'{{"{name}": 1}}')
        files.append(path)
        model = getattr(bq, f"{name}_model")
        monkeypatch.setattr(model, "WEIGHTS", path)

    def fold_that_fits_then_fails(cmd, **kw):
        for path in files:  # a fold's fit rewrites every weights file ...
            path.write_text("{}")
        raise subprocess.CalledProcessError(1, cmd)  # ... and its scoring fails

    monkeypatch.setattr(subprocess, "run", fold_that_fits_then_fails)
    with pytest.raises(subprocess.CalledProcessError):
        bq.twofold()
    assert [p.read_text() for p in files] == [
        '{"cue": 1}',
        '{"span": 1}',
        '{"nest": 1}',
        '{"source": 1}',
    ]
