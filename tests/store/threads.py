"""A helper of the store tests: a call run on a thread of its own, to see whether it waits."""

import threading


def in_thread(target):
    """Start ``target()`` on a daemon thread; returns (thread, out) where ``out`` gets the
    ``value`` it returned or the ``error`` it raised (handed to the test, which fails with it)."""
    out: dict = {}

    def run():
        try:
            out["value"] = target()
        except BaseException as exc:
            out["error"] = exc

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread, out
