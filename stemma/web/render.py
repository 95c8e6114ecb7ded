"""The one Jinja2 environment the web pages and the one-file report both render with.

Autoescape is on for every template: article text and metadata are hostile and reach the page
only as escaped text. The only markup marked safe is our own CSS and JavaScript (read from
``static/``), never anything derived from an article.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path
from urllib.parse import quote, urlencode, urlsplit

from jinja2 import ChainableUndefined, Environment, FileSystemLoader
from markupsafe import Markup

HERE = Path(__file__).parent
TEMPLATES = HERE / "templates"
STATIC = HERE / "static"

RTL_LANGS = frozenset({"fa", "ar", "ur", "he", "ps", "ku", "sd", "ug", "yi", "dv", "ckb"})
CALENDARS = {
    "gregorian": "Gregorian",
    "solar_hijri": "Solar Hijri",
    "lunar_hijri": "Lunar Hijri",
}


def text_dir(lang: str | None) -> str:
    """ "rtl" for right-to-left languages, "ltr" for the others, "auto" when unknown."""
    if not lang:
        return "auto"
    return "rtl" if lang.split("-")[0].lower() in RTL_LANGS else "ltr"


def path_part(value) -> str:
    """``value`` as one URL path segment: every reserved character (``/``, ``.``, ``?``) escaped."""
    return quote(str(value), safe="").replace(".", "%2E")


def pair_url(a, b) -> str:
    """The pair view of two article ids: ``/pairs/A/B``, or ``/pair?a=&b=`` when ``a`` holds a
    slash (a path segment cannot carry one: servers decode ``%2F`` before routing)."""
    a, b = str(a), str(b)
    if "/" in a:
        return "/pair?" + urlencode({"a": a, "b": b})
    return f"/pairs/{path_part(a)}/{path_part(b)}"


def web_url(value: str | None) -> str | None:
    """The URL when it is a plain http(s) address fit for an href, else None (shown as text)."""
    if not value or not isinstance(value, str):
        return None
    value = value.strip()
    if re.search(r"[\x00-\x20\x7f\\]", value):
        return None
    try:
        parts = urlsplit(value)
    except ValueError:
        return None
    return value if parts.scheme.lower() in ("http", "https") and parts.netloc else None


def calendar_name(value: str | None) -> str:
    return CALENDARS.get(value or "", value or "")


def percent(value) -> str:
    return f"{value:.0%}" if isinstance(value, int | float) else ""


@functools.cache
def _asset(name: str) -> str:
    return (STATIC / name).read_text(encoding="utf-8")


def inline_asset(name: str) -> Markup:
    """Our own static file's text, for ``<style>``/``<script>`` in the one-file report."""
    if name not in ("style.css", "app.js"):
        raise ValueError(f"not an inlinable asset: {name}")
    # "</" cannot end the element early in our own files; guard anyway
    return Markup(_asset(name).replace("</", "<\\/"))


@functools.cache
def environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        autoescape=True,
        undefined=ChainableUndefined,  # a key missing from a record shows as empty
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(
        path_part=path_part,
        pair_url=pair_url,
        web_url=web_url,
        dir=text_dir,
        calendar=calendar_name,
        percent=percent,
    )
    env.globals.update(inline_asset=inline_asset, report=False)
    return env


def render(template: str, **context) -> str:
    return environment().get_template(template).render(**context)
