"""Fetching an article named by a URL on the command line (``stemma ingest https://...``).

Only ``http`` and ``https`` are fetched (redirects too: a redirect to another scheme is
refused), with a time limit per connection and read (``TIMEOUT_S``) and the article size limit
on the body, which is read no further than one byte past it. The body is then read like a file
of the same kind (HTML, PDF, a feed, JSON, ...); a single page is stored under an id made from
its URL (``stemma.ingest.ids``) with the URL as ``url``. Nothing else in stemma reaches the
network.
"""

from __future__ import annotations

import re
import urllib.error
import urllib.request
from dataclasses import dataclass
from urllib.parse import urlsplit

TIMEOUT_S = 20
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")
ALLOWED = ("http", "https")
USER_AGENT = "stemma (news provenance; one page on request)"


def is_url(text: str) -> bool:
    return bool(_SCHEME.match(text))


class FetchError(Exception):
    """The URL could not be fetched; ``str`` is the reason to report."""


@dataclass
class Fetched:
    url: str  # after redirects
    body: bytes
    content_type: str


class _HttpOnlyRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        if urlsplit(newurl).scheme.lower() not in ALLOWED:
            raise FetchError(f"redirected to {newurl!r}, which is not an http(s) URL")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def fetch(url: str, max_bytes: int, timeout: float = TIMEOUT_S) -> Fetched:
    """The body of ``url``; FetchError with the reason when it cannot be had."""
    scheme = urlsplit(url).scheme.lower()
    if scheme not in ALLOWED:
        raise FetchError(f"only http and https URLs are fetched, not {scheme}:")
    # only the HTTP(S) handlers: no proxy taken from the environment, no file: or ftp:
    opener = urllib.request.OpenerDirector()
    for handler in (
        urllib.request.HTTPHandler(),
        urllib.request.HTTPSHandler(),
        _HttpOnlyRedirects(),
        urllib.request.HTTPDefaultErrorHandler(),
        urllib.request.HTTPErrorProcessor(),
    ):
        opener.add_handler(handler)
    request = urllib.request.Request(
        url, headers={"User-Agent": USER_AGENT, "Accept-Encoding": "identity"}
    )
    try:
        with opener.open(request, timeout=timeout) as response:
            length = response.headers.get("Content-Length")
            if length and length.isdigit() and int(length) > max_bytes:
                raise FetchError(
                    f"page is {int(length) / 1e6:.1f} MB, over the {max_bytes / 1e6:g} MB "
                    "limit for one article"
                )
            body = response.read(max_bytes + 1)
            if len(body) > max_bytes:
                raise FetchError(f"page is over the {max_bytes / 1e6:g} MB limit for one article")
            return Fetched(response.geturl(), body, response.headers.get("Content-Type", ""))
    except urllib.error.HTTPError as exc:
        raise FetchError(f"the server answered HTTP {exc.code} {exc.reason}") from exc
    except urllib.error.URLError as exc:
        raise FetchError(f"could not be fetched: {exc.reason}") from exc
    except TimeoutError as exc:
        raise FetchError(f"no answer within {timeout:g} s") from exc
    except (OSError, ValueError) as exc:  # connection reset, malformed URL, bad status line
        raise FetchError(f"could not be fetched: {exc}") from exc
