"""Words of any language, without a dictionary: what a token is where spaces do not say it.

- Scripts written with spaces (Latin, Cyrillic, Arabic, Devanagari, Hangul, ...): a run of
  letters and digits; a ZWNJ joins the parts of one Persian word.
- Han and kana (Chinese, Japanese): each character is a token. Word boundaries would need a
  dictionary; a character is a unit every reader agrees on, and runs of tokens (shingles)
  then compare like character n-grams, which is how CJK text is usually matched.
- Thai, Lao, Khmer and Myanmar (no spaces between words): each character cluster is a token:
  a consonant with the vowel signs and tone marks written on it, and a leading vowel (Thai
  เ แ โ ใ ไ) with the consonant after it. Clusters never cut a syllable's letters apart, so
  shingles of them behave like those of short syllables.

``WORD`` is the pattern; ``words`` gives the spans.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

# Han (with compatibility ideographs and extension A), hiragana, katakana, half-width katakana
CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3040-\u309f\u30a0-\u30ff\u31f0-\u31ff\uff66-\uff9d"
_CJK = CJK
# Southeast Asian scripts written without spaces between words
_SEA = "\u0e00-\u0e7f\u0e80-\u0eff\u1000-\u109f\u1780-\u17ff"
# letters that stand before the consonant they are read after (Thai and Lao leading vowels)
_LEADING = "\u0e40-\u0e44\u0ec0-\u0ec4"
# combining signs that sit on a consonant: Thai, Lao, Myanmar and Khmer vowel signs and marks
_SIGNS = (
    "\u0e31\u0e34-\u0e3a\u0e47-\u0e4e\u0eb1\u0eb4-\u0ebc\u0ec8-\u0ecd"
    "\u102b-\u103e\u1056-\u1059\u105e-\u1060\u1062-\u1064\u1067-\u106d\u1071-\u1074"
    "\u1082-\u108d\u108f\u109a-\u109d\u17b4-\u17d3\u17dd"
)
_CLUSTER = (
    rf"[{_LEADING}]?[{_SEA}](?<![{_LEADING}{_SIGNS}])[{_SIGNS}]*"
    rf"(?:[\u0e30\u0e32\u0e33\u0e45\u0eb0\u0eb2\u0eb3])?"  # a following vowel letter (ะ า ำ ๅ)
)
_OTHER = rf"[^\W_{_CJK}{_SEA}]"

WORD = re.compile(
    rf"[{_CJK}]"  # one Han or kana character
    rf"|{_CLUSTER}"  # one Thai, Lao, Myanmar or Khmer cluster
    rf"|{_OTHER}+(?:\u200c{_OTHER}+)*"  # a spaced word (a ZWNJ joins a Persian word's parts)
)


def words(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each word of ``text``, in order."""
    return [m.span() for m in WORD.finditer(text)]


def title_case(words: Iterable[str], small: frozenset[str]) -> bool:
    """Whether ``words`` are a Title Case headline's: each capitalised (or a number) but the
    small words it leaves in lower case (a language's ``HEADLINE_SMALL_WORDS``)."""
    return all(w[:1].isupper() or w[:1].isdigit() or w.casefold() in small for w in words)
