"""“Showing results for …”: the engines match a misspelt word to close indexed words without saying so; the
words they highlighted in the results tell which ones they used."""

import re
from html import unescape

from rapidfuzz.distance import Levenshtein

from ..backends.base import SearchHit
from ..text import WORD, normalise, stem

MARK = re.compile(r"<mark>(.*?)</mark>", re.DOTALL)
MIN_LENGTH = 5  # the engines leave shorter words alone


def corrected_query(text: str, hits: list[SearchHit]) -> str | None:
    """`text` with each misspelt Latin word replaced by the highlighted word it matched, if any was."""
    marked = {normalise(unescape(word)) for hit in hits for html in hit.highlights.values()
              for word in MARK.findall(html)}
    marked_stems = {stem(word): word for word in marked if word.isascii() and word.isalpha()}
    corrected = text
    for word in dict.fromkeys(WORD.findall(text)):
        key = stem(normalise(word))
        if len(word) < MIN_LENGTH or not word.isascii() or not word.isalpha() or key in marked_stems:
            continue
        allowed = 1 if len(word) <= 8 else 2
        close = [(Levenshtein.distance(key, other), other) for other in marked_stems]
        close = sorted((distance, other) for distance, other in close if distance <= allowed)
        if close:
            corrected = re.sub(rf"\b{re.escape(word)}\b", marked_stems[close[0][1]], corrected)
    return corrected if corrected != text else None
