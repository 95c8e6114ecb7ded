"""The HTTP server's limits for idle and slow clients (uvicorn, as ``stemma serve`` runs it).

uvicorn closes a keep-alive connection idle after a response, but it has no deadline for a
request head: a client that connects and sends nothing, or sends a header a byte every few
seconds ("slowloris"), holds its connection for ever, and a thousand of them hold the server.
``SlowClientGuard`` is uvicorn's h11 protocol with two deadlines of its own:

- the request head (request line and headers) must be complete within ``HEAD_TIMEOUT`` seconds
  of the connection opening or of the previous response ending; trickling bytes does not
  extend it;
- a request body must keep arriving at ``BODY_MIN_BYTES`` per ``BODY_WINDOW`` seconds (1 kB/s:
  a 50 MB upload on a slow line passes, a body held open byte by byte does not).

A connection that misses either is closed. While the app works on a request nothing is timed:
that is the app's own business. Heads are limited to ``MAX_HEAD_BYTES``, and at most
``MAX_CONNECTIONS`` connections are served at once (uvicorn answers 503 beyond that); the limit
sits far above real use, so that a flood of idle sockets, culled within the deadlines, does not
turn real readers away meanwhile.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
import threading
import time
from collections.abc import Iterator

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

HEAD_TIMEOUT = 10.0
KEEP_ALIVE_TIMEOUT = 5.0
BODY_WINDOW = 10.0
BODY_MIN_BYTES = 10_000
MAX_HEAD_BYTES = 16 * 1024
MAX_CONNECTIONS = 2048  # far above real use; a flood of idle sockets is culled by the deadlines


class SlowClientGuard(H11Protocol):
    """uvicorn's h11 protocol with a deadline for each request head and a floor on body speed."""

    head_timeout = HEAD_TIMEOUT
    body_window = BODY_WINDOW
    body_min_bytes = BODY_MIN_BYTES

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._received = 0
        self._mark = 0
        self._phase = "head"
        self._watch: asyncio.TimerHandle | None = None
        self._arm(self.head_timeout)

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)

    def data_received(self, data: bytes) -> None:
        self._received += len(data)
        super().data_received(data)
        self._follow()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        self._follow()

    # -- the deadlines --------------------------------------------------------------------------
    def _follow(self) -> None:
        """Move the watch to the phase the client is in: head, body, or the app's turn."""
        if self.transport.is_closing():
            return self._disarm()
        state = self.conn.their_state
        if state is h11.IDLE:
            if self._phase != "head":  # a new request begins: its head has its own deadline
                self._phase = "head"
                self._arm(self.head_timeout)
        elif state is h11.SEND_BODY:
            if self._phase != "body":
                self._phase, self._mark = "body", self._received
                self._arm(self.body_window)
        elif self._phase != "app":
            self._phase = "app"
            self._disarm()

    def _check(self) -> None:
        self._watch = None
        if self.transport.is_closing():
            return
        state = self.conn.their_state
        if self._phase == "head" and state is h11.IDLE:
            self._close("no complete request head in time")
        elif self._phase == "body" and state is h11.SEND_BODY:
            if self._received - self._mark < self.body_min_bytes:
                self._close("request body arriving too slowly")
            else:
                self._mark = self._received
                self._arm(self.body_window)

    def _arm(self, delay: float) -> None:
        self._disarm()
        self._watch = self.loop.call_later(delay, self._check)

    def _disarm(self) -> None:
        if self._watch is not None:
            self._watch.cancel()
            self._watch = None

    def _close(self, why: str) -> None:
        self.logger.debug("closing a slow connection: %s", why)
        try:
            self.conn.send(h11.ConnectionClosed())
        except h11.LocalProtocolError:
            pass
        self.transport.close()


def uvicorn_options() -> dict:
    """The keyword arguments for ``uvicorn.run``/``uvicorn.Config`` that set these limits."""
    return {
        "http": SlowClientGuard,
        "timeout_keep_alive": KEEP_ALIVE_TIMEOUT,
        "h11_max_incomplete_event_size": MAX_HEAD_BYTES,
        "limit_concurrency": MAX_CONNECTIONS,
    }


@contextlib.contextmanager
def running(app, *, host: str = "127.0.0.1", **options) -> Iterator[str]:
    """Serve ``app`` as ``stemma serve`` does, on a free port, on a thread of this process;
    yields the base URL and stops the server after (tests and benchmarks)."""
    import uvicorn

    with socket.socket() as s:
        s.bind((host, 0))
        port = s.getsockname()[1]
    settings = uvicorn_options() | {"log_level": "warning"} | options
    server = uvicorn.Server(uvicorn.Config(app, host=host, port=port, **settings))
    thread = threading.Thread(target=server.run, name="stemma-server", daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the server did not start")
        time.sleep(0.02)
    try:
        yield f"http://{host}:{port}"
    finally:
        server.should_exit = True
        thread.join(15)


__all__ = ["SlowClientGuard", "uvicorn_options", "running", "HEAD_TIMEOUT", "KEEP_ALIVE_TIMEOUT"]
