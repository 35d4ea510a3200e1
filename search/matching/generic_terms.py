"""Words too common in patents to be evidence of a match on their own (测试, 系统, method, device …), derived from
document frequencies rather than guessed, and kept in search/data/generic_terms.txt (`manage.py
build_generic_terms` writes it again from ../shared/data).

A term is generic when it is both
- frequent: in at least FREQUENT_DF of the documents of a full-text corpus of its language (CN abstracts, US
  abstracts), and
- spread: in the titles of at least SPREAD_CLASSES of the IPC classes of a broad title corpus (CN titles in both
  languages, with their IPC class), among classes with at least CLASS_MIN_TITLES titles.
Frequency alone would call a corpus's own topic (虚拟现实 is in a fifth of the CN abstracts) generic; spread
alone misses words the older titles rarely use; a technical word (电池, lithium, weapon) is concentrated in a
few classes.
"""

import json
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from functools import cache
from pathlib import Path

from search.text import ENGLISH_STOPWORDS, WORD, is_cjk, normalise, segmenter, stem

GENERIC_TERMS_PATH = Path(__file__).resolve().parent.parent / "data" / "generic_terms.txt"
FREQUENT_DF = 0.01
SPREAD_CLASSES = 0.08
CLASS_MIN_TITLES = 30


def document_terms(text: str) -> set[str]:
    """A document's distinct words as the matcher compares key terms: jieba words (search mode, so 测试方法 also
    counts as 测试 and 方法), English stems."""
    terms = set()
    for word in WORD.findall(normalise(text)):
        if is_cjk(word):
            terms.update(part for part in segmenter().cut_for_search(word) if len(part) > 1)
        elif len(word) > 1 and not word.isdigit() and word not in ENGLISH_STOPWORDS:
            terms.add(stem(word))
    return terms


def frequent_terms(texts: Iterable[str]) -> set[str]:
    frequency, documents = Counter(), 0
    for text in texts:
        documents += 1
        frequency.update(document_terms(text))
    return {term for term, count in frequency.items() if count >= FREQUENT_DF * documents}


def spread_terms(titles: Iterable[tuple[str, str]]) -> set[str]:
    """Terms found in the titles of many IPC classes; `titles` are (IPC class, title) pairs."""
    classes_of, titles_per_class = defaultdict(set), Counter()
    for ipc_class, title in titles:
        titles_per_class[ipc_class] += 1
        for term in document_terms(title):
            classes_of[term].add(ipc_class)
    large = {code for code, count in titles_per_class.items() if count >= CLASS_MIN_TITLES}
    return {term for term, found in classes_of.items() if len(found & large) >= SPREAD_CLASSES * len(large)}


def generic_terms_derive(data: Path) -> list[str]:
    abstracts = [("cn_recent.jsonl", ("title_zh", "abstract_zh")), ("us_patents.jsonl", ("title_en", "abstract_en"))]
    frequent = set()
    for name, fields in abstracts:
        frequent |= frequent_terms(" ".join(row.get(field) or "" for field in fields) for row in _rows(data / name))
    spread = spread_terms(
        (row.get("ipc_class") or "", f"{row.get('title_zh') or ''} {row.get('title_en') or ''}")
        for row in _rows(data / "cn_patents.jsonl")
    )
    return sorted(frequent & spread)


def _rows(path: Path) -> Iterator[dict]:
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            yield json.loads(line)


def is_generic(surface: str) -> bool:
    """A key term made of generic words only is generic too: 测试系统 (测试 + 系统), "test system"; 锂电池 is not
    (电池 is generic, 锂 is not)."""
    generic = generic_terms()
    for word in WORD.findall(normalise(surface)):
        if is_cjk(word):
            covered = set()
            for part, start, end in segmenter().tokenize(word, mode="search"):
                if part in generic:
                    covered.update(range(start, end))
            if len(covered) < len(word):
                return False
        elif word not in ENGLISH_STOPWORDS and stem(word) not in generic:
            return False
    return True


@cache
def generic_terms() -> frozenset[str]:
    return frozenset(GENERIC_TERMS_PATH.read_text(encoding="utf-8").split("\n")) - {""}
