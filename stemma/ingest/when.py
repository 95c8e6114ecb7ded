"""An article's best-known time: one value, with its precision and where it came from.

Evidence, strongest first:

- ``metadata``: a publication time given with the record (a JSONL or feed field, an HTML page's
  metadata). HTML metadata comes through htmldate, which fills what a page does not say with
  the 1st ("2013" becomes 2013-01-01, "March 2013" 2013-03-01); such a 1st is kept only when the
  page writes that day out somewhere, else it drops back to the year (or month) it stands for,
  and ranks below the dateline and the signature.
- ``dateline``: the date at the top of the text or under a "published" label.
- ``signature``: the date under a letter's or statement's signature, in any calendar.
- ``relative``: "yesterday", "today", "on Wednesday" near the top, resolved against a known
  date that is not itself the publication time (when the page was captured or downloaded).
- ``text``: the latest full date written in the text (an article reports what has happened),
  the weakest; it still overrules a filled-in metadata year that lies before it.

A weaker piece of evidence that is more precise and falls inside the stronger one refines it
(metadata "2013" and a dateline "28 August 2013" give 2013-08-28). ``earlier`` compares two
values beyond both precisions.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from email.utils import parsedate_to_datetime

from stemma.model import DateMention, TimeEvidence

# Fields that carry a publication time, as the readers name them (first present wins).
PUBLISHED_FIELDS = ("published", "date_publish", "datePublished", "pubDate", "date")
# Fields that carry when the record was captured or downloaded: an anchor for relative words,
# never itself the publication time.
CAPTURED_FIELDS = ("captured", "date_download", "warc_date", "fetched", "crawled")

_RANK = {"metadata": 0, "dateline": 1, "signature": 2, "guessed": 3, "relative": 4, "text": 5}
_ISO = re.compile(
    r"^\s*(?P<y>\d{4})(?:-(?P<m>\d{1,2})(?:-(?P<d>\d{1,2})"
    r"(?:[T ](?P<hh>\d{1,2}):(?P<mi>\d{2})(?::\d{2}(?:\.\d+)?)?"
    r"\s*(?P<tz>Z|UTC|GMT|[+-]\d{2}:?\d{2})?)?)?)?\s*$"
)
# A local time without a zone lies anywhere within this of UTC.
_ZONE_SLACK = timedelta(hours=14)


def parse(value: str | None) -> TimeEvidence | None:
    """A written time ("2018", "2018-04", "2018-04-05", "2018-04-05T18:00:00+02:00",
    "Thu, 05 Apr 2018 18:00:00 GMT") as evidence at its own precision (source "metadata"), or
    None when it is not one. A zoned time is kept in UTC ("...T16:00Z")."""
    if value is None:
        return None
    text = str(value).strip()
    m = _ISO.match(text)
    if m is None:
        return _rfc2822(text)
    y = int(m.group("y"))
    if m.group("m") is None:
        return TimeEvidence(f"{y:04d}", "year", "metadata", text) if 1000 <= y <= 2200 else None
    mo = int(m.group("m"))
    if m.group("d") is None:
        if not 1 <= mo <= 12:
            return None
        return TimeEvidence(f"{y:04d}-{mo:02d}", "month", "metadata", text)
    try:
        day = date(y, mo, int(m.group("d")))
    except ValueError:
        return None
    if m.group("hh") is None:
        return TimeEvidence(day.isoformat(), "day", "metadata", text)
    hh, mi = int(m.group("hh")), int(m.group("mi"))
    if hh > 23 or mi > 59:
        return None
    moment = datetime(day.year, day.month, day.day, hh, mi)
    zone = m.group("tz")
    if zone is None:
        return TimeEvidence(moment.strftime("%Y-%m-%dT%H:%M"), "minute", "metadata", text)
    if zone not in ("Z", "UTC", "GMT"):
        sign = 1 if zone[0] == "+" else -1
        digits = zone[1:].replace(":", "")
        moment -= sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:]))
    return TimeEvidence(moment.strftime("%Y-%m-%dT%H:%MZ"), "minute", "metadata", text)


def _rfc2822(text: str) -> TimeEvidence | None:
    """A feed's or mail's date ("Thu, 05 Apr 2018 18:00:00 +0000")."""
    if not re.search(r"\d{1,2} [A-Za-z]{3} \d{4} \d{1,2}:\d{2}", text):
        return None
    try:
        moment = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if moment.tzinfo is None:
        return TimeEvidence(moment.strftime("%Y-%m-%dT%H:%M"), "minute", "metadata", text)
    moment = moment.astimezone(UTC)
    return TimeEvidence(moment.strftime("%Y-%m-%dT%H:%MZ"), "minute", "metadata", text)


def _written_forms(day: date) -> list[bytes]:
    """How a page may write ``day`` out in its markup or text."""
    y, m, d = day.year, day.month, day.day
    forms = {
        f"{y}-{m:02d}-{d:02d}",
        f"{y}/{m:02d}/{d:02d}",
        f"{y}.{m:02d}.{d:02d}",
        f"{d:02d}.{m:02d}.{y}",
        f"{d}.{m}.{y}",
        f"{d:02d}/{m:02d}/{y}",
        f"{m:02d}/{d:02d}/{y}",
        f"{m}/{d}/{y}",
        f"{d}/{m}/{y}",
        f"{y}{m:02d}{d:02d}",
    }
    return [f.encode("ascii") for f in forms]


def checked(
    evidence: TimeEvidence | None, raw: bytes, dates: list[DateMention]
) -> TimeEvidence | None:
    """Metadata ``evidence`` whose day is a 1st that the input never writes out, dropped back to
    the year (January 1st) or month (another 1st) it was filled from, with source "guessed";
    anything else as it is."""
    if evidence is None or evidence.precision != "day" or not evidence.iso.endswith("-01"):
        return evidence
    day = date.fromisoformat(evidence.iso)
    if any(m.iso == evidence.iso for m in dates) or any(f in raw for f in _written_forms(day)):
        return evidence
    if day.month == 1:
        return TimeEvidence(evidence.iso[:4], "year", "guessed", evidence.text)
    return TimeEvidence(evidence.iso[:7], "month", "guessed", evidence.text)


def metadata_time(fields: dict, raw: bytes, dates: list[DateMention] = ()) -> TimeEvidence | None:
    """The publication time given with the record, checked against what the input writes."""
    for key in PUBLISHED_FIELDS:
        value = fields.get(key)
        if value not in (None, ""):
            found = parse(str(value))
            if found is not None:
                return checked(found, raw, list(dates))
    return None


def _mention_time(mention: DateMention, source: str) -> TimeEvidence | None:
    if not mention.iso or mention.iso.startswith("--"):
        return None
    if mention.time and mention.precision in ("day", "minute"):
        return TimeEvidence(f"{mention.iso}T{mention.time}", "minute", source, mention.text)
    return TimeEvidence(mention.iso, mention.precision, source, mention.text)


def _from_role(dates: list[DateMention], role: str, source: str) -> TimeEvidence | None:
    """The first full date of ``role``, its text joined with the other calendars' renderings
    of the same day ("۱۵ فروردین ۱۳۹۷ / ۱۷ رجب ۱۴۳۹")."""
    for k, mention in enumerate(dates):
        if mention.role != role or (found := _mention_time(mention, source)) is None:
            continue
        same = [
            m.text
            for m in dates[k + 1 :]
            if m.role == role and m.iso == mention.iso and m.calendar != mention.calendar
        ]
        if same:
            found.text = " / ".join([mention.text, *same])
        return found
    return None


def _from_text(dates: list[DateMention]) -> TimeEvidence | None:
    """The latest full date the text mentions (an event date: the article is no older)."""
    best = None
    for mention in dates:
        if mention.role in ("event", "unknown") and (found := _mention_time(mention, "text")):
            if best is None or _bounds(found)[0] > _bounds(best)[0]:
                best = found
    return best


def captured_time(fields: dict) -> TimeEvidence | None:
    for key in CAPTURED_FIELDS:
        if fields.get(key) not in (None, ""):
            found = parse(str(fields[key]))
            if found is not None and found.precision in ("day", "minute"):
                return found
    return None


def best_known(
    dates: list[DateMention],
    fields: dict | None = None,
    raw: bytes = b"",
    relative: TimeEvidence | None = None,
) -> TimeEvidence | None:
    """The article's best-known time from all its evidence, or None when there is none.

    ``dates`` are the article's date mentions (with roles), ``fields`` what the record gave,
    ``raw`` its bytes (to check a metadata 1st), ``relative`` a day resolved from relative words.
    """
    candidates = [
        metadata_time(fields or {}, raw, dates),
        _from_role(dates, "published", "dateline"),
        _from_role(dates, "signed", "signature"),
        relative,
        _from_text(dates),
    ]
    found = sorted((c for c in candidates if c), key=lambda c: _RANK[c.source])
    if found and found[0].source == "guessed" and any(earlier(found[0], c) for c in found[1:]):
        # a filled-in year (often the site's copyright) before a date the page itself writes:
        # the page is no older than what it reports
        found = found[1:]
    if not found:
        return None
    best = found[0]
    for weaker in found[1:]:  # a more precise value inside the stronger one refines it
        if _ORDER[weaker.precision] > _ORDER[best.precision] and _inside(weaker, best):
            best = weaker
    if best.source == "guessed":
        best = TimeEvidence(best.iso, best.precision, "metadata", best.text)
    return best


_ORDER = {"year": 0, "month": 1, "day": 2, "minute": 3}


def _bounds(t: TimeEvidence) -> tuple[datetime, datetime]:
    """The stretch of time ``t`` may stand for: [start, end)."""
    iso = t.iso
    if t.precision == "year":
        y = int(iso[:4])
        return datetime(y, 1, 1), datetime(y + 1, 1, 1)
    if t.precision == "month":
        y, m = int(iso[:4]), int(iso[5:7])
        return datetime(y, m, 1), datetime(y + m // 12, m % 12 + 1, 1)
    if t.precision == "day":
        start = datetime.fromisoformat(iso[:10])
        return start, start + timedelta(days=1)
    start = datetime.fromisoformat(iso[:16])
    if iso.endswith("Z"):
        return start, start + timedelta(minutes=1)
    return start - _ZONE_SLACK, start + _ZONE_SLACK + timedelta(minutes=1)


def _inside(a: TimeEvidence, b: TimeEvidence) -> bool:
    (a0, a1), (b0, b1) = _bounds(a), _bounds(b)
    return b0 <= a0 and a1 <= b1 or (a.precision == "minute" and a.iso[:10] == b.iso[:10])


def earlier(a: TimeEvidence | None, b: TimeEvidence | None) -> bool | None:
    """True when ``a`` is earlier than ``b`` beyond both precisions, False when later beyond
    both, None when either is unknown or their stretches overlap (2018 against 2018-04-04)."""
    if a is None or b is None:
        return None
    try:
        (a0, a1), (b0, b1) = _bounds(a), _bounds(b)
    except ValueError:
        return None
    if a1 <= b0:
        return True
    if b1 <= a0:
        return False
    return None


def article_time(
    source: str,
    dates: list[DateMention],
    fields: dict | None = None,
    raw: bytes = b"",
    lang: str | None = None,
) -> TimeEvidence | None:
    """``best_known`` with relative words of ``lang`` near the top read against the capture
    time."""
    fields = fields or {}
    relative = None
    captured = captured_time(fields)
    if captured is not None:
        from stemma.ingest.dates import find_relative  # dates imports nothing from here

        found = find_relative(source, date.fromisoformat(captured.iso[:10]), lang, dates)
        if found is not None:
            day, word = found
            relative = TimeEvidence(day.isoformat(), "day", "relative", word)
    return best_known(dates, fields, raw, relative)
