"""Paragraph blocks of a source text, with page chrome marked (never deleted).

``mark_blocks`` first splits the source into lines and pages (form feeds), finds running page
furniture (headers, footers, page numbers), groups lines into paragraph blocks (joining lines
that a PDF extraction hard-wrapped), then marks chrome blocks with a short reason: tag lists,
comment prompts, share prompts, "most read" lists, markdown link residue, separators, repeated
headlines and the outlet's description of itself at the end of a page.

The rules look at the shape of a line (length, position, punctuation, what it is made of) and
at short cue phrases in English, Persian, Arabic and Urdu; they are not tied to one outlet.
Cue phrases are matched after ``_norm`` (case, zero-width characters, Arabic letter variants
and diacritics folded), so each is written once in its usual spelling.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from stemma.model import Block

# -- text keys -------------------------------------------------------------------------------

_FORMAT_CHARS = re.compile("[\u00ad\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]")
_ARABIC_MARKS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
_LETTER_FOLD = tuple(zip("أإآٱيىكۀة", "ااااییکهه", strict=True))
_ARABIC_SCRIPT = re.compile("[\u0600-\u06ff]")


def line_key(text: str) -> str:
    """A line's identity across articles: NFKC, casefolded, invisible marks gone, one space."""
    if not text.isascii():
        text = _FORMAT_CHARS.sub("", unicodedata.normalize("NFKC", text))
    return " ".join(text.casefold().split())


_WORD_CHARS = re.compile(r"\w+")


def word_key(text: str) -> str:
    """A line's words alone, casefolded and run together: the same for a list item however an
    extractor spaced, bulleted or punctuated it ("- Headline Subline" and "Headline\nSubline")."""
    return "".join(_WORD_CHARS.findall(text.casefold()))


def _norm(text: str) -> str:
    """``line_key`` plus Arabic-script folding, for matching cue phrases."""
    return _fold(line_key(text))


def _fold(key: str) -> str:
    if key.isascii() or not _ARABIC_SCRIPT.search(key):
        return key
    key = _ARABIC_MARKS.sub("", key)
    for variant, letter in _LETTER_FOLD:  # str.replace is far faster than str.translate here
        if variant in key:
            key = key.replace(variant, letter)
    return key


def _alternation(phrases: str) -> str:
    """A regex alternation of "|"-separated phrases, each normalised; spaces match any run."""
    parts = sorted({_norm(p) for p in phrases.split("|") if p.strip()}, key=len, reverse=True)
    return "|".join(re.escape(p).replace(r"\ ", r"\s*") for p in parts)


# -- cue phrases (matched on _norm'ed text) --------------------------------------------------

_TAG_LABELS = _alternation(
    "tags|tag|tagged|keywords|key words|topics|related topics|filed under|"
    "برچسب‌ها|برچسب ها|برچسب|کلیدواژه‌ها|کلیدواژه|کلید واژه|کلمات کلیدی|تگ‌ها|تگ|"
    "الوسوم|وسوم|الكلمات المفتاحية|كلمات مفتاحية|كلمات دلالية|الكلمات الدلالية|"
    "ٹیگز|کلیدی الفاظ"
)
_TAGS = re.compile(rf"^(?:{_TAG_LABELS})\s*(?:[:：/\-–]|$)")

_COMMENT = re.compile(
    "^(?:"
    + _alternation(
        "your comment|your comments|comment|comments|leave a comment|leave a reply|"
        "post a comment|post comment|add a comment|add comment|write a comment|"
        "submit comment|send comment|join the discussion|comments are closed|your name|"
        "tell us what you think|"
        "your email|name|email|e-mail|"
        "نظر شما|نظرات|نظر|ارسال نظر|ثبت نظر|نظر خود را بنویسید|دیدگاه|دیدگاه‌ها|"
        "دیدگاه شما|نام|ایمیل|پست الکترونیک|"
        "التعليقات|تعليقات|تعليق|تعليقك|أضف تعليق|أضف تعليقك|اترك تعليقا|اكتب تعليقك|"
        "الاسم|البريد الإلكتروني|"
        "تبصرے|تبصرہ|اپنی رائے دیں|آپ کی رائے"
    )
    + r")(?:\s*\(?\d*\)?)$"
)
_COMMENT_COUNT = re.compile(r"^\d+\s+(?:comments?|نظر|تعليقا?ت?)$")

_SOCIAL = _alternation(
    "facebook|twitter|x|whatsapp|telegram|linkedin|reddit|pinterest|instagram|youtube|"
    "email|e-mail|print|copy link|tumblr|vk|messenger|"
    "فیسبوک|توییتر|تلگرام|واتساپ|اینستاگرام|ایتا|بله|سروش|روبیکا|چاپ|"
    "فيسبوك|تويتر|واتساب|تيليجرام|تلغرام|طباعة"
)
_SHARE = re.compile(
    "^(?:"
    + _alternation(
        "share|share this|share this article|share this story|share this post|"
        "share this page|share on|share via|share the news|tweet|print this|"
        "print this article|email this|send to a friend|follow us|follow us on|"
        "print article|order reprints|reprints|like this story? share it with a friend|"
        "thanks for signing up|sign up for our newsletter|subscribe to our newsletter|"
        "there was an error processing your subscription|"
        "اشتراک گذاری|اشتراک‌گذاری|به اشتراک بگذارید|همرسانی|هم‌رسانی|"
        "ارسال به دوستان|ارسال به دوستان خود|نسخه چاپی|ما را دنبال کنید|"
        "شارك|شارك الخبر|شارك المقال|مشاركة|مشاركة الخبر|أرسل لصديق|تابعونا|تابعنا على|"
        "شیئر کریں|شیئر"
    )
    + rf")\b(?:\s*(?:[:：|,،\-–]|{_SOCIAL}))*$"
)
_SOCIAL_ONLY = re.compile(rf"^(?:(?:{_SOCIAL})[\s|,،·•/\-–]*)+$")

_LIST_HEADING = re.compile(
    # English headings match whole, with at most a short place or time ("in Politics",
    # "this week"), so a headline that merely starts "Top news ..." is not taken for one.
    r"^(?:the\s+)?(?:"
    r"most\s+(?:visited|viewed|read|popular|shared|commented|emailed|watched)|"
    r"top\s+(?:\w+\s+){0,2}(?:stories|news|headlines|articles|reads|videos)|"
    r"(?:related|recommended|suggested|similar|latest|more|trending|featured|popular|"
    r"other|recent)\s+(?:\w+\s+)?(?:news|stories|articles|posts|content|videos|links|reports)|"
    r"you\s+(?:may|might)\s+(?:also\s+)?like|editor'?s\s+picks?|trending(?:\s+now)?|"
    r"in\s+other\s+news|(?:latest|breaking)\s+news"
    r")(?:\s+(?:in|on|from|of|this|today|now|for|at|across|around)\b[^.!?]*)?\s*[:：]?$"
    # Persian, Arabic and Urdu headings are distinctive phrases: matched as a prefix.
    r"|^(?:"
    + _alternation(
        "پربازدیدترین|پربازدید|پربحث‌ترین|پربحث|پرخواننده‌ترین|پرطرفدارترین|"
        "اخبار مرتبط|خبرهای مرتبط|مطالب مرتبط|مطالب پیشنهادی|آخرین اخبار|"
        "اخبار برگزیده|پیشنهاد سردبیر|داغ‌ترین|"
        "الأكثر قراءة|الأكثر مشاهدة|الأكثر تداولا|الأكثر شعبية|الأكثر تعليقا|"
        "أخبار ذات صلة|مواضيع ذات صلة|مقالات ذات صلة|آخر الأخبار|أهم الأخبار|"
        "متعلقہ خبریں|سب سے زیادہ پڑھی جانے والی"
    )
    + r")"
)
# What structured data (JSON-LD, meta tags) leaves in extracted text: a line that is only a
# timestamp or only an address. Real sentences never are.
_RESIDUE = re.compile(
    r"\d{4}-\d\d-\d\d(?:[T ]\d\d:\d\d(?::\d\d(?:\.\d+)?)?(?:Z|[+-]\d\d:?\d\d)?)?"
    r"|(?:https?:)?//\S+|www\.\S+\.\S+"
)
_ONE_WORD = re.compile(r"[^\s.!?…]{1,40}")
# "Read more: <another story>": a link to another article inside or after this one.
_RELATED_LINK = re.compile(
    r"^(?:read\s+more|also\s+read|read\s+also|see\s+also|see\s+more|more\s+from|related|"
    r"don['’]?t\s+miss)\s*(?:[:：]|$)|^also\s+on\s+[\w-]+\.[a-z]{2,}\b|^(?:"
    + _alternation(
        "بیشتر بخوانید|بخوانید|مطلب مرتبط|اقرأ أيضا|اقرأ المزيد|اقرأ ايضا|المزيد من|"
        "مزید پڑھیں|یہ بھی پڑھیں"
    )
    + r")"
)

_COPYRIGHT = re.compile(
    r"^(?:©|\(c\)|copyright\b|all rights reserved|"
    + _alternation("کلیه حقوق|تمامی حقوق|همه حقوق|جميع الحقوق|كافة الحقوق|جملہ حقوق")
    + r")"
)
_SOURCE_LINE = re.compile(
    r"^(?:" + _alternation("source|sources|منبع|منابع|المصدر|مصدر|ماخذ|بشکریہ") + r")\s*[:：/]"
)

_SELF = re.compile(
    r"\b(?:(?:this|the|our)\s+(?:web\s?site|site|portal|agency|outlet|platform)|"
    r"news\s+(?:agency|website|site|portal|outlet|network|gazette|service)|"
    r"gazette|newspaper|magazine|web\s?site)\b|"
    + _alternation(
        "خبرگزاری|پایگاه خبری|پایگاه اطلاع رسانی|پایگاه تحلیلی|وب سایت|وبسایت|سایت|"
        "روزنامه|نشریه|هفته نامه|ماهنامه|"
        "وكالة|موقع|صحيفة|جريدة|بوابة|مجلة|"
        "ویب سائٹ|نیوز ایجنسی"
    )
)
# "The Example Courier is an independent news site ...": a paragraph defining the outlet.
# Matched on the text as written: the subject is a name (capitalised words).
_DEFINES_OUTLET = re.compile(
    r"^(?:The\s+)?(?:(?:[A-Z0-9][\w'’&.-]*|of|and|al|el|de)\s+){0,5}[A-Z0-9][\w'’&.-]*\s+"
    r"(?:is|was|has\s+been)\s+(?:an?|the|one\s+of\s+the)\s[^.]{0,80}?\b"
    r"(?:news\s+(?:site|website|agency|portal|outlet|service|network|organi[sz]ation)"
    r"|newspaper|gazette|magazine|broadcaster|publication|web\s?site)s?\b"
)
_MISSION = re.compile(
    r"\b(?:is\s+(?:mainly\s+|primarily\s+|chiefly\s+|mostly\s+)?(?:concerned\s+with|"
    r"dedicated\s+to|devoted\s+to|focused\s+on|speciali[sz]ed\s+in|committed\s+to)|"
    r"(?:its|our)\s+(?:main\s+|primary\s+|chief\s+|core\s+)?(?:objectives?|mission|aims?|"
    r"goals?|purpose)\s+(?:is|are)|aims\s+to|strives\s+to|"
    r"(?:was\s+)?(?:founded|established|launched)\s+in\s+\d{4})\b|"
    + _alternation(
        "هدف اصلی|هدف آن|ماموریت|رسالت|تاسیس شد|آغاز به کار کرد|فعالیت خود را|می‌پردازد|"
        "اختصاص دارد|"
        "يهدف|تهدف|هدفها|هدفه|رسالتها|رسالته|تأسست|تأسس|يعنى|تعنى|يهتم|تهتم|متخصصة|متخصص|"
        "کا مقصد|مقصد ہے"
    )
)

# -- line shapes -----------------------------------------------------------------------------

_TERMINAL = ".!?؟۔…:"
_CLOSERS = "\"'”’»›)]}*"
_CONTINUES = re.compile(r"^(?:[a-zà-ÿ]|[,;:/)\]}%])")  # a line that cannot start a paragraph
_BULLET = re.compile(r"^(?:[-–—•*·▪]\s|\d{1,2}[.)]\s)")
_PAGE_NUMBER = re.compile(
    r"^[-–—\s\[(]*(?:(?:page|p\.|pg\.?|صفحه|صفحة|الصفحة)\s*)?"
    r"[0-9\u0660-\u0669\u06f0-\u06f9]{1,3}"
    r"(?:\s*(?:/|of|از|من)\s*[0-9\u0660-\u0669\u06f0-\u06f9]{1,4})?[-–—\s\])]*$",
    re.IGNORECASE,
)
_DIGITS = re.compile(r"[0-9\u0660-\u0669\u06f0-\u06f9]+")
_DIGIT_FOLD = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
_LINE_BREAK = re.compile(r"(\r\n|[\r\n\f])")
_YEAR_AT_END = re.compile(r"(?:19|20|13|14)\d\d\W{0,3}$")
_HEADER_SEPARATOR = re.compile(r"\s[-–—|]\s")
_LINKS = re.compile(r"\[[^\]\n]*\]\([^)\n]*\)|\[\d+\]")  # [text](target), [1]
_LINK_FILLER = re.compile(r"[\s|,،;·•/>»«\-–—]*")
_WORDS = re.compile(r"[^\W\d_]{2,}")

SHORT = 80  # longest prompt-like line, in characters
HEADLINE = 200  # longest line that can be a repeated headline
HEADLINE_ZONE = 8  # most short lines above the first paragraph that may hold the headline
DUPLICATE_MIN = 60  # shortest paragraph whose second copy is chrome (short lines recur in prose)


@dataclass
class _Line:
    start: int  # content offsets in source (surrounding white space excluded)
    end: int
    text: str
    page: int
    after_blank: bool  # a blank line (or the start) precedes it
    trailing_space: bool
    furniture: str | None = None

    @property
    def terminal(self) -> bool:
        return self.text.rstrip(_CLOSERS)[-1:] in _TERMINAL


def mark_blocks(source: str, fmt: str, page_chrome: dict[str, str] | None = None) -> list[Block]:
    """Paragraph blocks covering every non-blank line of ``source``, chrome marked.

    ``fmt`` is the record's format: text extracted from HTML has one block element a line
    and is never hard-wrapped; any other text may be (PDF extractions, also saved as .txt).
    ``page_chrome`` maps the ``word_key`` of lines the page's markup showed to be chrome (link
    lists, captions: see ``page_chrome``) to the reason.
    """
    lines = _lines(source)
    if not lines:
        return []
    _mark_page_edges(lines)
    width = None if fmt == "html" else _wrap_width([ln for ln in lines if not ln.furniture])
    if width is not None:
        _mark_running_lines(lines)
    groups = _group(lines, width)
    blocks = [Block(g[0].start, g[-1].end, g[0].furniture) for g in groups]
    texts = [source[b.start : b.end] for b in blocks]
    if width is not None:
        _mark_page_tops(blocks, texts, groups)
    if page_chrome:
        opening = True  # no body block yet: where the page's headline is
        for block, text in zip(blocks, texts, strict=True):
            if not block.boilerplate:
                reason = page_chrome.get(word_key(text))
                if reason != "title" or opening:
                    # the headline is the article's title (kept as metadata), not its body
                    block.boilerplate = reason
                opening = opening and block.boilerplate is not None
    _mark_chrome(blocks, texts, markup=fmt == "html")
    if all(b.boilerplate for b in blocks):
        # A text that would be all chrome is a short text that looks like chrome (a headline
        # "Top stories of the week"): its words are the article, so keep them.
        for block, text in zip(blocks, texts, strict=True):
            if any(ch.isalnum() for ch in text):
                block.boilerplate = None
    return blocks


# -- lines and pages -------------------------------------------------------------------------


def _lines(source: str) -> list[_Line]:
    lines: list[_Line] = []
    page, pos, blank, before = 0, 0, True, "\n"
    if "\f" in source or "\r" in source:
        pieces = _LINE_BREAK.split(source)
    else:
        pieces = _with_newlines(source)
    for i in range(0, len(pieces), 2):
        raw = pieces[i]
        sep = pieces[i + 1] if i + 1 < len(pieces) else ""
        content = raw.strip()
        if content:
            start = pos + len(raw) - len(raw.lstrip())
            end = start + len(content)
            lines.append(_Line(start, end, content, page, blank, end < pos + len(raw)))
            blank = False
        elif before != "\f" and sep != "\f":
            blank = True  # a real blank line; the empty lines around a form feed are not
        if sep == "\f":
            page += 1
        pos += len(raw) + len(sep)
        before = sep
    return lines


def _with_newlines(source: str) -> list[str]:
    """What ``re.split(r"(\n)", source)`` gives, without the regex."""
    parts = source.split("\n")
    out = ["\n"] * (2 * len(parts) - 1)
    out[0::2] = parts
    return out


def _wrap_width(lines: list[_Line]) -> int | None:
    """The line width when the text is hard-wrapped, else None.

    Hard-wrapped text has a right margin: most lines end close to one width and none goes far
    past it; lines there run on into the next one mid-sentence; and the next line's first word
    would not have fitted on the line before. One-sentence-per-line text fails these tests.
    """
    lengths = sorted(len(ln.text) for ln in lines if len(ln.text) >= 20)
    if len(lengths) < 4:
        return None
    width = lengths[int(0.9 * (len(lengths) - 1))]
    if width > 250:
        return None
    near = sum(0.8 * width <= n <= 1.1 * width for n in lengths)
    beyond = sum(n > 1.1 * width for n in lengths)
    if near < 0.5 * len(lengths) or beyond > 0.05 * len(lengths):
        return None
    full = [ln for ln in lines if len(ln.text) >= 0.75 * width]
    running = [
        (a, b)
        for a, b in zip(lines, lines[1:], strict=False)
        if len(a.text) >= 0.75 * width and not b.after_blank and not a.terminal
    ]
    if len(running) < max(3, 0.5 * len(full)):
        return None
    margin = 0.93 * lengths[-1]
    overflow = sum(len(a.text) + 1 + len(b.text.split(maxsplit=1)[0]) > margin for a, b in running)
    return width if overflow >= 0.5 * len(running) else None


def _mark_page_edges(lines: list[_Line]) -> None:
    """Page numbers, and running headers and footers: lines at the top or bottom of two or
    more pages that are the same once numbers are blanked."""
    by_page: dict[int, list[_Line]] = {}
    for ln in lines:
        by_page.setdefault(ln.page, []).append(ln)
    if len(by_page) < 2:
        return
    edges: dict[str, set[int]] = {}
    for page_lines in by_page.values():
        for ln in page_lines[:2] + page_lines[-2:]:
            edges.setdefault(_shape_key(ln.text), set()).add(ln.page)
    for page_lines in by_page.values():
        top, bottom = page_lines[:2], page_lines[-2:]
        for ln in top + [ln for ln in bottom if ln not in top]:
            if _PAGE_NUMBER.match(ln.text):
                ln.furniture = "page_number"
            elif len(ln.text) <= HEADLINE and len(edges[_shape_key(ln.text)]) >= 2:
                ln.furniture = "page_header" if ln in top else "page_footer"


def _mark_running_lines(lines: list[_Line]) -> None:
    """In hard-wrapped text without form feeds (a PDF extraction saved as text), page numbers
    stand alone between lines, and running headers recur as the same short line."""
    counts: dict[str, int] = {}
    for ln in lines:
        if len(ln.text) <= 100:
            counts[_shape_key(ln.text)] = counts.get(_shape_key(ln.text), 0) + 1
    for ln in lines:
        if ln.furniture:
            continue
        if _PAGE_NUMBER.match(ln.text):
            ln.furniture = "page_number"
        elif len(ln.text) <= 100 and counts[_shape_key(ln.text)] >= 3 and not ln.terminal:
            ln.furniture = "page_header"


def _shape_key(text: str) -> str:
    """Line key with numbers blanked, so "Page 3" and "Page 4" are the same running line."""
    return _DIGITS.sub("#", line_key(text))


# -- grouping --------------------------------------------------------------------------------


def _group(lines: list[_Line], width: int | None) -> list[list[_Line]]:
    trailing_rare = sum(ln.trailing_space for ln in lines) < 0.3 * len(lines)
    groups: list[list[_Line]] = []
    for ln in lines:
        if groups and width is not None and _joins(groups[-1][-1], ln, width, trailing_rare):
            groups[-1].append(ln)
        else:
            groups.append([ln])
    return groups


def _joins(a: _Line, b: _Line, width: int, trailing_rare: bool) -> bool:
    """Whether line ``b`` continues the paragraph of line ``a`` in hard-wrapped text."""
    if b.after_blank or a.furniture or b.furniture or _BULLET.match(b.text):
        return False
    if a.terminal:
        # A sentence may end at a full line and the paragraph go on; but a short line, a
        # trailing space, or a short unfinished line after it (a signature) end a paragraph.
        return (
            len(a.text) >= 0.85 * width
            and not (a.trailing_space and trailing_rare)
            and (len(b.text) >= 0.6 * width or b.terminal)
        )
    return len(a.text) >= 0.6 * width or bool(_CONTINUES.match(b.text))


def _mark_page_tops(blocks: list[Block], texts: list[str], groups: list[list[_Line]]) -> None:
    """A first block shaped "title - date" that tops two or more pages is the PDF's running
    header ("page_header"). Printed once, above the text, the same line is the document's title
    ("title"): still set aside from the body, but the metadata reads the title from it."""
    seen_pages: set[int] = set()
    tops: dict[str, list[tuple[Block, int]]] = {}
    for block, text, group in zip(blocks, texts, groups, strict=True):
        page = group[0].page
        if page in seen_pages:
            continue
        seen_pages.add(page)
        if block.boilerplate or len(text) > HEADLINE or len(group) > 3:
            continue
        if (
            _HEADER_SEPARATOR.search(text)
            and _YEAR_AT_END.search(_fold_digits(text))
            and not _ends_sentence(text)
        ):
            tops.setdefault(_shape_key(" ".join(text.split())), []).append((block, page))
    for found in tops.values():
        repeated = len({page for _, page in found}) >= 2
        for block, page in found:
            if repeated:
                block.boilerplate = "page_header"
            elif page == 0 and block is blocks[0]:
                # printed once, above the text: the document's title, set aside from the body
                # as before but read by the metadata as the title (issue 14)
                block.boilerplate = "title"


def _fold_digits(text: str) -> str:
    return text.translate(_DIGIT_FOLD)


# -- chrome ----------------------------------------------------------------------------------


def _mark_chrome(blocks: list[Block], texts: list[str], markup: bool = False) -> None:
    """Chrome by each block's text and its neighbours'; ``markup``: the text came from an HTML
    page, whose markup may give a paragraph twice."""
    headlines: set[str] = set()  # lines above the first sentence: where the headline is
    in_zone = True
    in_list = False  # inside a "most read" list: its items are chrome too
    paragraphs: set[str] = set()  # keys of the body's longer paragraphs so far
    for i, (block, text) in enumerate(zip(blocks, texts, strict=True)):
        key = line_key(text) if len(text) <= 2 * HEADLINE else ""
        if not block.boilerplate:
            previous = blocks[i - 1].boilerplate if i else None
            reason = _chrome_reason(text, key, previous)
            if reason is None and in_list and len(text) <= HEADLINE and not _ends_sentence(text):
                reason = "popular_list"
            if reason is None and key and key in headlines and _is_headline(text):
                reason = "repeated_headline"
            if reason is None and markup and len(text) >= DUPLICATE_MIN and not _BULLET.match(text):
                # a paragraph given twice is the page's markup repeating it (a teaser block, a
                # pull quote, a second copy for another screen size): the first is the text.
                # List items may repeat (two products with the same feature).
                whole = key or line_key(text)
                if whole in paragraphs:
                    reason = "duplicate"
                paragraphs.add(whole)
            block.boilerplate = reason
            if reason is None and in_zone:
                if (
                    len(text) <= HEADLINE
                    and len(headlines) < HEADLINE_ZONE
                    and not _is_sentence(text)
                ):
                    headlines.add(key)
                else:
                    in_zone = False  # the first sentence of the body
        in_list = block.boilerplate == "popular_list"
    _mark_residue_runs(blocks, texts)
    _mark_site_description(blocks, texts)


def _mark_residue_runs(blocks: list[Block], texts: list[str]) -> None:
    """A lone word beside structured-data residue is residue too (the publisher's name, a
    section: "BusinessInsiderDe", "international" between timestamps and image addresses)."""
    for order in (range(len(blocks)), range(len(blocks) - 1, -1, -1)):
        previous = None
        for i in order:
            block = blocks[i]
            if (
                block.boilerplate is None
                and previous == "metadata_residue"
                and _ONE_WORD.fullmatch(texts[i].strip())
            ):
                block.boilerplate = "metadata_residue"
            previous = block.boilerplate


def _chrome_reason(text: str, key: str, previous: str | None) -> str | None:
    """Why a block is chrome, from its text and ``line_key`` ("" for a long block); or None."""
    if not any(ch.isalnum() for ch in text):
        return "separator"
    if not key:
        return None
    norm = _fold(key)
    if _SOURCE_LINE.match(norm):
        return None  # "Source: ..." names where the text came from: metadata, not chrome
    if _TAGS.match(norm):
        return "tags"
    if _only_links(text):
        return "tags" if previous == "tags" else "link_residue"
    if len(text) > HEADLINE:
        return None
    if _RESIDUE.fullmatch(text.strip()):
        return "metadata_residue"
    bare = norm.strip("*•·-–— \t").rstrip(":：.!")
    if _RELATED_LINK.match(bare):
        return "related_link"
    if len(text) > SHORT:
        return None
    if _COMMENT.match(bare) or _COMMENT_COUNT.match(bare):
        return "comment_prompt"
    if _SHARE.match(bare) or _SOCIAL_ONLY.match(bare):
        return "share_prompt"
    if _LIST_HEADING.match(bare) and len(bare.split()) <= 8 and not _ends_sentence(text):
        return "popular_list"
    if _COPYRIGHT.match(bare):
        return "copyright"
    return None


def _only_links(text: str) -> bool:
    rest = _LINKS.sub("", text)
    return rest != text and not _LINK_FILLER.sub("", rest)


def _ends_sentence(text: str) -> bool:
    return text.rstrip(_CLOSERS)[-1:] in ".!?؟۔…"


def _is_sentence(text: str) -> bool:
    """Body text rather than a headline: a full stop, or more words than a headline has."""
    return _ends_sentence(text) or len(_WORDS.findall(text)) > 15


def _is_headline(text: str) -> bool:
    """Headline-shaped: short, a few words, no full stop (a repeated sentence is body)."""
    return len(text) <= HEADLINE and len(_WORDS.findall(text)) >= 3 and not _ends_sentence(text)


def _describes_outlet(text: str) -> bool:
    norm = _norm(text)
    if _SOURCE_LINE.match(norm):
        return False
    return bool(_DEFINES_OUTLET.match(text) or (_SELF.search(norm[:80]) and _MISSION.search(norm)))


def _mark_site_description(blocks: list[Block], texts: list[str]) -> None:
    """The outlet describing itself ("X is mainly concerned with ...") at the end of a page."""
    checked = 0
    for block, text in zip(reversed(blocks), reversed(texts), strict=True):
        if block.boilerplate:
            continue
        if not _describes_outlet(text):
            checked += 1
            if checked >= 2:
                return
            continue
        block.boilerplate = "site_description"
