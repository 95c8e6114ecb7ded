"""``benchmarks.cost --measure DB --held N``: what a run holds as each stage starts, each stage
once, with its largest allocation sites (what grows with the pile is found by comparing two
piles' figures)."""

from benchmarks.cost import HeldByStage


def test_each_stage_recorded_once_with_what_it_holds():
    held = HeldByStage(top=3)
    held.say("same-language candidates among 10 articles")
    kept = [bytes(1000) for _ in range(2000)]  # about 2 MB held from here on
    held.say("clustering into stories")
    held.say("clustering into stories")  # a later message of the same stage: not again
    stages = held.stop()
    assert list(stages) == ["same-language candidates", "clustering into stories", "end"]
    before, after = stages["same-language candidates"], stages["clustering into stories"]
    assert after["traced_mb"] - before["traced_mb"] > 1.5
    assert len(after["top"]) == 3
    site, mb, count = after["top"][0]
    assert "test_held_by_stage.py" in site and mb > 1.5 and count >= 2000
    assert kept


def test_each_stage_is_given_the_cpu_seconds_spent_in_it():
    import time

    from benchmarks.cost import StagePeaks

    def busy(seconds: float) -> None:
        end = time.process_time() + seconds
        while time.process_time() < end:
            pass

    peaks = StagePeaks()
    peaks.begin()
    busy(0.05)
    peaks.say("same-language candidates among 10 articles")
    busy(0.2)
    peaks.say("clustering into stories")
    busy(0.02)
    peaks.say("same-language candidates among 10 articles")  # a stage met again adds up
    busy(0.1)
    peaks.stop()
    cpu = peaks.cpu
    assert list(cpu) == ["loading articles", "same-language candidates", "clustering into stories"]
    assert 0.05 <= cpu["loading articles"] < 0.15
    assert 0.3 <= cpu["same-language candidates"] < 0.45
    assert 0.02 <= cpu["clustering into stories"] < 0.1
