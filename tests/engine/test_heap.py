"""The cycle collector paused around work whose objects die with it (stemma.engine.heap)."""

import gc

import pytest

from stemma.engine.heap import short_lived


@pytest.fixture(autouse=True)
def collector_on():
    was = gc.isenabled()
    gc.enable()
    yield
    if not was:
        gc.disable()


def test_paused_inside_and_on_again_after():
    with short_lived():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_on_again_after_an_error():
    with pytest.raises(ValueError), short_lived():
        raise ValueError("the block failed")
    assert gc.isenabled()


def test_a_block_inside_another_leaves_it_paused():
    with short_lived():
        with short_lived():
            pass
        assert not gc.isenabled()
    assert gc.isenabled()


def test_left_paused_where_it_was_paused():
    gc.disable()
    with short_lived():
        pass
    assert not gc.isenabled()


def test_objects_let_go_inside_never_reach_a_collection():
    # what the pause is for: made and freed inside, no young collection runs while they live
    # and they leave the young generation's count about where it was, so none is due for them
    gc.collect()
    before = gc.get_count()
    with short_lived():
        held = [[k] for k in range(100_000)]
        del held
    after = gc.get_count()
    assert after[1] == before[1]  # without the pause: some ten young collections
    assert after[0] - before[0] < 1_000


def test_a_cycle_made_inside_is_collected_after():
    class Node:
        pass

    with short_lived():
        a, b = Node(), Node()
        a.other, b.other = b, a
        del a, b
    assert gc.collect() >= 2
