"""Text analysis shared by the engines: normalisation, Chinese segmentation, English stemming, synonyms.

Indexed text becomes a stream of terms: Chinese runs as overlapping character bigrams (so any Chinese
word is found as a phrase of bigrams wherever it appears, whatever jieba would have cut), Latin words as
Snowball English stems. Queries are cut into words with jieba (precise mode, with the synonym terms in its
dictionary) and each word becomes a bigram phrase; jieba's search mode gives a looser alternative (its
sub-words near each other) so `图像识别` also finds `识别图像`.
"""

import json
import re
import threading
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path

import rjieba
import snowballstemmer

CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
CJK_RUN = re.compile(f"[{CJK}]+")
# A word: a run of Chinese characters, or of letters/digits that are not Chinese.
WORD = re.compile(f"[{CJK}]+|[^\\W_{CJK}]+")
SYNONYMS_PATH = Path(__file__).resolve().parent / "data" / "synonyms.json"

ENGLISH_STOPWORDS = frozenset(
    "a an and are as at be by for from has have in into is it its of on or that the this to was were will with "
    "which wherein thereof same such using used use via our we my i need want looking without within itself "
    "than then them their these those can could should would may might also any all some other more most "
    "very how what when where who whose there here not no do does make makes".split()
)
CHINESE_STOPWORDS = frozenset("的 了 和 与 及 或 等 在 是 有 用 一种 一个 其 所述 以及 我们 我 需要 寻找 希望 相关 用于 基于".split())

_stemmer = snowballstemmer.stemmer("english")
_stem_lock = threading.Lock()


def normalise(text: str) -> str:
    """Full-width to half-width, lower case (NFKC also folds compatibility ideographs)."""
    return unicodedata.normalize("NFKC", text or "").lower()


BRITISH_ISE = re.compile(r"(?<=.{3})is(e|ed|es|ing|ation|ations)$")


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    if not word.isalpha() or not word.isascii():
        return word
    word = BRITISH_ISE.sub(r"iz\1", word)  # recognise → recognize (both sides of the index get the same)
    with _stem_lock:  # the pure-Python Snowball stemmer keeps state between calls
        return _stemmer.stemWord(word)


def is_cjk(term: str) -> bool:
    return bool(term) and "\u3400" <= term[0] <= "\ufaff"


def bigrams(run: str) -> list[str]:
    return [run] if len(run) < 2 else [run[i:i + 2] for i in range(len(run) - 1)]


def index_terms(text: str) -> list[str]:
    """The term stream stored in the full-text index for `text`."""
    terms: list[str] = []
    for word in WORD.findall(normalise(text)):
        if is_cjk(word):
            # The run's last character also stands alone, so a one-character query finds it at a run's end
            # (elsewhere a one-character query matches as the prefix of a bigram).
            terms.extend(bigrams(word) + [word[-1]] if len(word) > 1 else [word])
        else:
            terms.append(stem(word))
    return terms


def _query_terms(text: str) -> list[str]:
    """Terms of `text` as a phrase to look for: Chinese as bigrams only (a word is not always at a run's end)."""
    return [term for word in WORD.findall(normalise(text)) for term in (bigrams(word) if is_cjk(word) else [stem(word)])]


def index_text(*texts: str) -> str:
    return " ".join(terms for text in texts if text and (terms := _indexed(text)))


@lru_cache(maxsize=20_000)
def _indexed(text: str) -> str:
    """Owner and applicant names, places and IPC titles recur in thousands of documents: analysed once each."""
    return " ".join(index_terms(text))


# --- synonyms -------------------------------------------------------------------------------------------

def stem_key(text: str) -> str:
    """A form of `text` in which synonym variants are looked up: stems for Latin words, Chinese as is."""
    return " ".join(word if is_cjk(word) else stem(word) for word in WORD.findall(normalise(text)))


@cache
def synonym_groups() -> tuple[tuple[str, ...], ...]:
    data = json.loads(SYNONYMS_PATH.read_text(encoding="utf-8"))
    return tuple(tuple(group) for group in data["groups"])


@cache
def _synonym_lookup() -> tuple[dict[str, int], dict[str, list[int]]]:
    """Each synonym variant's key → its group; each first character → the lengths of the keys it starts,
    longest first. (A regular expression of all the variants took longer to compile than the rest of a
    process's first query.)"""
    by_key: dict[str, int] = {}
    for number, group in enumerate(synonym_groups()):
        for variant in group:
            by_key.setdefault(stem_key(variant), number)
    lengths: dict[str, set[int]] = {}
    for key in by_key:
        lengths.setdefault(key[0], set()).add(len(key))
    return by_key, {first: sorted(sizes, reverse=True) for first, sizes in lengths.items()}


def _synonym_matches(key: str) -> Iterator[tuple[int, int, int]]:
    """(start, end, group) of the synonym variants in `key`, scanning left to right, the longest variant
    first. Latin edges must sit on word boundaries; Chinese variants may sit inside a longer run."""
    by_key, lengths = _synonym_lookup()
    position = 0
    while position < len(key):
        for length in lengths.get(key[position], ()):
            end = position + length
            if end <= len(key) and key[position:end] in by_key and _on_boundaries(key, position, end):
                yield position, end, by_key[key[position:end]]
                position = end
                break
        else:
            position += 1


def _on_boundaries(text: str, start: int, end: int) -> bool:
    left_ok = is_cjk(text[start]) or start == 0 or not text[start - 1].isalnum()
    right_ok = is_cjk(text[end - 1]) or end == len(text) or not text[end].isalnum()
    return left_ok and right_ok


# --- Chinese segmentation -------------------------------------------------------------------------------

_segmenter: rjieba.Jieba | None = None
_segmenter_lock = threading.Lock()


def segmenter() -> rjieba.Jieba:
    """A private segmenter that knows every Chinese synonym term as a word.

    rjieba (jieba-rs, the Rust port of jieba: the same dictionary and algorithm) rather than Python's
    jieba: it loads its dictionary in about a third of the time (jieba unmarshals a dict of 580,000
    prefixes on a process's first Chinese query) and holds it outside Python's heap. Threads may share it.
    """
    global _segmenter
    with _segmenter_lock:
        if _segmenter is None:
            tokenizer = rjieba.Jieba()
            for group in synonym_groups():
                for variant in group:
                    if CJK_RUN.fullmatch(variant):
                        tokenizer.add_word(variant, 20_000, None)
            _segmenter = tokenizer
    return _segmenter


# --- queries --------------------------------------------------------------------------------------------

@dataclass
class Clause:
    """One thing the query asks for: any of its alternatives must match.

    An alternative is a tuple of index terms that must appear as a phrase; `near` alternatives only need
    their terms close together; `prefixes` match any term that starts with them. `word` is set for a single
    Latin term that typo tolerance may replace.
    """

    phrases: list[tuple[str, ...]] = field(default_factory=list)
    near: list[tuple[tuple[str, ...], ...]] = field(default_factory=list)
    prefixes: list[str] = field(default_factory=list)
    word: str = ""
    highlight: set[str] = field(default_factory=set)


def parse_query(text: str, *, max_clauses: int = 64) -> list[Clause]:
    """Cut a free-text query into clauses (synonym groups first, then words); at most `max_clauses`."""
    key = stem_key(text[:20_000])
    clauses: list[Clause] = []
    position = 0
    for start, end, group in _synonym_matches(key):
        clauses.extend(_word_clauses(key[position:start]))
        clauses.append(_synonym_clause(group))
        position = end
    clauses.extend(_word_clauses(key[position:]))
    unique: dict[tuple, Clause] = {}
    for clause in clauses:
        unique.setdefault((tuple(clause.phrases), tuple(clause.prefixes)), clause)
    return list(unique.values())[:max_clauses]


def _synonym_clause(number: int) -> Clause:
    clause = Clause()
    for variant in synonym_groups()[number]:
        terms = tuple(_query_terms(variant))
        if terms and terms not in clause.phrases:
            clause.phrases.append(terms)
        if len(terms) == 1 and len(terms[0]) == 1 and is_cjk(terms[0]):
            clause.prefixes.append(terms[0])
        parts = [tuple(bigrams(part)) for part in _near_parts(variant)] if CJK_RUN.fullmatch(variant) else [
            (term,) for term in terms]
        if len(parts) >= 2 and tuple(parts) not in clause.near:
            clause.near.append(tuple(parts))
        clause.highlight.update(_highlight_forms(variant))
    return clause


def _word_clauses(key: str) -> list[Clause]:
    clauses = []
    for word in key.split():
        if is_cjk(word):
            clauses.extend(_chinese_clauses(word))
        elif word not in ENGLISH_STOPWORDS:
            clauses.append(Clause(phrases=[(word,)], word=word if word.isalpha() else "", highlight={word}))
    return clauses


def _chinese_clauses(run: str) -> list[Clause]:
    tokenizer = segmenter()
    clauses = []
    for word in tokenizer.cut(run):
        if word in CHINESE_STOPWORDS:
            continue
        if len(word) == 1:
            clauses.append(Clause(phrases=[(word,)], prefixes=[word], highlight={word}))
            continue
        clause = Clause(phrases=[tuple(bigrams(word))], highlight={word})
        parts = _near_parts(word)
        if len(parts) >= 2:
            clause.near.append(tuple(tuple(bigrams(part)) for part in parts))
            clause.highlight.update(parts)
        clauses.append(clause)
    return clauses


def _near_parts(word: str) -> list[str]:
    """The sub-words jieba's search mode finds in a long Chinese word (they may match near each other)."""
    if len(word) < 4:
        return []
    return list(dict.fromkeys(part for part in segmenter().cut_for_search(word) if len(part) > 1 and part != word))


def _highlight_forms(variant: str) -> set[str]:
    return {word for word in stem_key(variant).split()}


def prefix_clauses(text: str) -> list[Clause]:
    """Search-as-you-type: every word as typed, the last one as a prefix."""
    words = WORD.findall(normalise(text[:200]))
    if not words:
        return []
    *complete, last = words
    clauses = _word_clauses(" ".join(word if is_cjk(word) else stem(word) for word in complete))
    if is_cjk(last):
        if len(last) > 1:
            clauses.append(Clause(phrases=[tuple(bigrams(last))], highlight={last}))
        else:
            clauses.append(Clause(prefixes=[last], highlight={last}))
    else:
        clauses.append(Clause(prefixes=[_common_prefix(last, stem(last))], highlight={stem(last)}))
    return clauses


def _common_prefix(a: str, b: str) -> str:
    length = 0
    while length < min(len(a), len(b)) and a[length] == b[length]:
        length += 1
    return a[:length]


# --- highlighting ---------------------------------------------------------------------------------------

def highlight_spans(text: str, terms: set[str]) -> list[tuple[int, int]]:
    """Character spans of `text` that match a highlight term (Latin by stem, Chinese by substring)."""
    chinese = sorted((t for t in terms if is_cjk(t)), key=len, reverse=True)
    latin = {t for t in terms if not is_cjk(t)}
    spans = []
    folded = unicodedata.normalize("NFKC", text)
    if len(folded) != len(text):  # keep offsets valid for the original text
        folded = text
    folded = folded.lower()
    for match in WORD.finditer(folded):
        word = match.group()
        if is_cjk(word):
            for term in chinese:
                start = word.find(term)
                while start >= 0:
                    spans.append((match.start() + start, match.start() + start + len(term)))
                    start = word.find(term, start + len(term))
        elif stem(word) in latin:
            spans.append(match.span())
    spans.sort()
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def highlight(text: str, terms: set[str], *, snippet: int | None = None) -> str | None:
    """HTML-escaped `text` with matches wrapped in <mark>, cut to about `snippet` characters; None if no match."""
    from django.utils.html import escape

    spans = highlight_spans(text or "", terms)
    if not spans:
        return None
    start, end = 0, len(text)
    if snippet and len(text) > snippet:
        start = max(0, spans[0][0] - snippet // 4)
        end = min(len(text), start + snippet)
    parts = ["…" if start else ""]
    cursor = start
    for span_start, span_end in spans:
        if span_start < cursor or span_end > end:
            continue
        parts += [escape(text[cursor:span_start]), "<mark>", escape(text[span_start:span_end]), "</mark>"]
        cursor = span_end
    parts += [escape(text[cursor:end]), "…" if end < len(text) else ""]
    return "".join(parts)
