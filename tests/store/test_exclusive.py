"""One analysis of a store at a time, on both stores: a second one waits for the first, says so,
and a holder that dies never leaves the store locked."""

import subprocess
import sys
import time

import pytest

from stemma.store import open_store
from tests.store.threads import in_thread


def test_a_second_analysis_waits_for_the_first(store_location):
    first, second = open_store(store_location), open_store(store_location)
    heard: list[str] = []
    order: list[str] = []
    with first.exclusive("analysis"):

        def wait_then_run():
            with second.exclusive("analysis", heard.append):
                order.append("second")

        thread, out = in_thread(wait_then_run)
        time.sleep(0.5)
        assert thread.is_alive() and not order  # still waiting
        order.append("first done")
    thread.join(10)
    assert "error" not in out and order == ["first done", "second"]
    assert heard == ["waiting for another analysis of this store to finish"]
    with second.exclusive("analysis"):  # released: taken again at once
        pass
    first.close(), second.close()


HOLD = """
import sys, time
from stemma.store import open_store
store = open_store(sys.argv[1])
with store.exclusive("analysis"):
    print("held", flush=True)
    time.sleep(60)
"""


def test_another_process_holding_the_lock_makes_the_analysis_wait(tmp_path):
    db = str(tmp_path / "s.db")
    open_store(db).close()
    holder = subprocess.Popen([sys.executable, "-c", HOLD, db], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        store = open_store(db)
        heard: list[str] = []
        thread, out = in_thread(lambda: store.exclusive("analysis", heard.append).__enter__())
        time.sleep(0.5)
        assert thread.is_alive()  # waiting for the other process
        assert heard == ["waiting for another analysis of this store to finish"]
        holder.kill()  # a run killed mid-analysis: the system drops its lock
        holder.wait(10)
        thread.join(10)
        assert not thread.is_alive() and "error" not in out
        store.close()
    finally:
        if holder.poll() is None:
            holder.kill()
            holder.wait(10)


def test_a_memory_store_has_nobody_to_wait_for():
    store = open_store(":memory:")
    with store.exclusive("analysis"), store.exclusive("analysis"):
        pass  # nested on one in-memory database: no deadlock
    store.close()


def test_the_lock_is_released_after_an_error(store_location):
    store = open_store(store_location)
    with pytest.raises(RuntimeError), store.exclusive("analysis"):
        raise RuntimeError("the analysis failed")
    other = open_store(store_location)
    thread, out = in_thread(lambda: other.exclusive("analysis").__enter__())
    thread.join(10)
    assert not thread.is_alive() and "error" not in out
    store.close(), other.close()
