"""The in-memory inverted index: every term's occurrences as one sorted numpy array of keys.

A key packs a document number, a field and a position: doc << DOC_SHIFT | field << FIELD_SHIFT | offset, so a
term's keys sorted are in document, field, position order and a phrase is found by adding 1, 2 … to keys.
The index is a base segment, loaded once per process (from the store's snapshot of it, or built from the
store's analysed text), plus at most one delta segment holding the documents changed since (rebuilt from the
store on each catch-up); the base's copies of changed documents are marked dead. Both are immutable: a
catch-up makes a new `TextIndex`, so searches running in other threads keep a consistent one.
"""

from bisect import bisect_left
from collections.abc import Iterable, Sequence
from functools import cached_property
from itertools import islice

import numpy as np

FIELDS = ("title", "ipc", "body", "parties", "codes")
FIELD_SHIFT = 24
DOC_SHIFT = 28
OFFSET_MAX = (1 << FIELD_SHIFT) - 1
BUILD_BATCH = 5_000
PREFIX_TERMS = 256  # a prefix matches its most frequent completions only
EMPTY = np.zeros(0, dtype=np.int64)


def documents_of(keys: np.ndarray) -> np.ndarray:
    return keys >> DOC_SHIFT


def fields_of(keys: np.ndarray) -> np.ndarray:
    return (keys >> FIELD_SHIFT) & 0xF


def _sorted_union(arrays: list[np.ndarray]) -> np.ndarray:
    if not arrays:
        return EMPTY
    return arrays[0] if len(arrays) == 1 else np.sort(np.concatenate(arrays))


def _contains(sorted_keys: np.ndarray, wanted: np.ndarray) -> np.ndarray:
    """For each of `wanted`, whether it is in `sorted_keys`."""
    if not len(sorted_keys):
        return np.zeros(len(wanted), dtype=bool)
    found = np.searchsorted(sorted_keys, wanted)
    return sorted_keys[np.minimum(found, len(sorted_keys) - 1)] == wanted


class Segment:
    """Documents numbered from the first after the previous segment's: their ids, field lengths, and every term's
    occurrence keys (term number n: keys[starts[n]:starts[n + 1]])."""

    def __init__(self, ids: np.ndarray, lengths: np.ndarray, vocabulary: dict[str, int], keys: np.ndarray,
                 starts: np.ndarray):
        self.ids, self.lengths, self.vocabulary, self.keys, self.starts = ids, lengths, vocabulary, keys, starts

    @classmethod
    def build(cls, rows: Iterable[Sequence], first: int = 0) -> "Segment":
        """A segment of analysed rows (id, then the text of each of FIELDS) in id order."""
        ids: list[int] = []
        lengths: list[np.ndarray] = []
        vocabulary: dict[str, int] = {}
        term_chunks, key_chunks = [], []
        for batch in _batched(rows, BUILD_BATCH):
            texts = [text for row in batch for text in row[1:]]
            # Analysed text is terms joined by single spaces: one split for the batch, counts per field.
            counts = np.fromiter((text.count(" ") + 1 if text else 0 for text in texts), dtype=np.int64,
                                 count=len(texts))
            tokens = " ".join(filter(None, texts)).split(" ") if counts.any() else []
            new = dict.fromkeys(tokens).keys() - vocabulary.keys()
            vocabulary.update(zip(new, range(len(vocabulary), len(vocabulary) + len(new))))
            term_chunks.append(np.fromiter(map(vocabulary.__getitem__, tokens), dtype=np.int32, count=len(tokens)))
            starts = np.cumsum(counts) - counts
            offsets = np.minimum(np.arange(len(tokens)) - np.repeat(starts, counts), OFFSET_MAX)
            slots = np.repeat(np.arange(len(texts)), counts)  # document × field
            documents = first + len(ids) + slots // len(FIELDS)
            key_chunks.append(documents << DOC_SHIFT | (slots % len(FIELDS)) << FIELD_SHIFT | offsets)
            ids += [row[0] for row in batch]
            lengths.append(counts)
        terms = np.concatenate(term_chunks) if term_chunks else np.zeros(0, dtype=np.int32)
        order = np.argsort(terms, kind="stable")  # rows came in id order: keys stay sorted within a term
        return cls(
            ids=np.array(ids, dtype=np.int64),
            lengths=(np.concatenate(lengths) if lengths else EMPTY).reshape(-1, len(FIELDS)).astype(np.float64),
            vocabulary=vocabulary,
            keys=(np.concatenate(key_chunks) if key_chunks else EMPTY)[order],
            starts=np.concatenate([[0], np.cumsum(np.bincount(terms, minlength=len(vocabulary)))]).astype(np.int64),
        )

    def parts(self) -> dict[str, bytes]:
        """The segment as named byte strings, to be stored and read back by `from_parts`."""
        return {"ids": self.ids.tobytes(), "lengths": self.lengths.tobytes(), "keys": self.keys.tobytes(),
                "starts": self.starts.tobytes(), "terms": "\n".join(self.vocabulary).encode()}  # in number order

    @classmethod
    def from_parts(cls, parts: dict[str, bytes]) -> "Segment":
        terms = parts["terms"].decode().split("\n") if parts["terms"] else []
        return cls(ids=np.frombuffer(parts["ids"], dtype=np.int64),
                   lengths=np.frombuffer(parts["lengths"], dtype=np.float64).reshape(-1, len(FIELDS)),
                   vocabulary=dict(zip(terms, range(len(terms)))),
                   keys=np.frombuffer(parts["keys"], dtype=np.int64),
                   starts=np.frombuffer(parts["starts"], dtype=np.int64))

    def __len__(self) -> int:
        return len(self.ids)

    def occurrences(self, term: str) -> np.ndarray:
        number = self.vocabulary.get(term)
        return EMPTY if number is None else self.keys[self.starts[number]:self.starts[number + 1]]

    def prefixed(self, prefix: str) -> np.ndarray:
        """Occurrences of the most frequent terms that start with `prefix`."""
        low = bisect_left(self.sorted_terms, prefix)
        high = bisect_left(self.sorted_terms, prefix + "\U0010ffff")
        numbers = np.array([self.vocabulary[term] for term in self.sorted_terms[low:high]], dtype=np.int64)
        if len(numbers) > PREFIX_TERMS:
            frequency = self.starts[numbers + 1] - self.starts[numbers]
            numbers = numbers[np.argpartition(-frequency, PREFIX_TERMS)[:PREFIX_TERMS]]
        return _sorted_union([self.keys[self.starts[n]:self.starts[n + 1]] for n in numbers])

    @cached_property
    def forward(self) -> tuple[np.ndarray, np.ndarray]:
        """Every occurrence's key and term number, in key (so document) order; built on first use."""
        order = np.argsort(self.keys)
        terms = np.repeat(np.arange(len(self.vocabulary), dtype=np.int32), np.diff(self.starts))
        return self.keys[order], terms[order]

    @cached_property
    def terms(self) -> np.ndarray:
        """Terms by number."""
        return np.array(list(self.vocabulary), dtype=object)

    @cached_property
    def sorted_terms(self) -> list[str]:
        return sorted(self.vocabulary)

    @cached_property
    def latin_words(self) -> list[str]:
        """Indexed Latin words, the candidates of typo correction."""
        return [term for term in self.sorted_terms if len(term) >= 3 and term.isascii() and term.isalpha()]


class TextIndex:
    """The segments together, with what scoring needs across them: live documents and field lengths."""

    def __init__(self, generation: int, base: Segment, delta: Segment | None = None,
                 dead: np.ndarray | None = None):
        self.generation = generation
        self.base, self.delta = base, delta
        self.segments = [base] if delta is None else [base, delta]
        self.ids = np.concatenate([segment.ids for segment in self.segments])
        self.alive = np.ones(len(self.ids), dtype=bool)
        if dead is not None:
            self.alive[:len(base)] &= ~dead
        self.lengths = np.concatenate([segment.lengths for segment in self.segments])
        self.count = int(self.alive.sum())
        live_lengths = self.lengths[self.alive] if self.count else np.ones((1, len(FIELDS)))
        self.average_lengths = np.maximum(live_lengths.mean(axis=0), 1.0)

    @classmethod
    def load(cls, rows: Iterable[Sequence], generation: int) -> "TextIndex":
        return cls(generation, Segment.build(rows))

    def updated(self, generation: int, changed: np.ndarray, rows_for) -> "TextIndex":
        """A new index with the `changed` document ids as the store holds them now; `rows_for(ids)` reads the
        analysed rows of those ids (missing ones were deleted)."""
        dead = np.isin(self.base.ids, changed) | ~self.alive[:len(self.base)]
        if self.delta is not None:
            kept = self.delta.ids[self.alive[len(self.base):] & ~np.isin(self.delta.ids, changed)]
            changed = np.union1d(changed, kept)
        delta = Segment.build(rows_for(changed), first=len(self.base))
        return TextIndex(generation, self.base, delta if len(delta) else None, dead)

    @property
    def delta_size(self) -> int:
        return 0 if self.delta is None else len(self.delta)

    def knows(self, term: str) -> bool:
        return any(term in segment.vocabulary for segment in self.segments)

    @cached_property
    def latin_words(self) -> list[str]:
        if self.delta is None:
            return self.base.latin_words
        return sorted(set(self.base.latin_words) | set(self.delta.latin_words))

    def document_terms(self, documents: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The key and term (string) of every occurrence in `documents` (document numbers)."""
        found_keys, found_terms = [], []
        for segment in self.segments:
            keys, terms = segment.forward
            low = np.searchsorted(keys, documents << DOC_SHIFT)
            high = np.searchsorted(keys, (documents + 1) << DOC_SHIFT)
            picked = np.concatenate([np.arange(a, b) for a, b in zip(low, high, strict=True)] or [EMPTY])
            found_keys.append(keys[picked])
            found_terms.append(segment.terms[terms[picked]])
        return np.concatenate(found_keys), np.concatenate(found_terms)

    def frequency(self, term: str) -> int:
        """Occurrences of `term` in all segments (dead documents included: close enough for weighting)."""
        total = 0
        for segment in self.segments:
            number = segment.vocabulary.get(term)
            total += 0 if number is None else int(segment.starts[number + 1] - segment.starts[number])
        return total

    @cached_property
    def occurrence_count(self) -> int:
        return sum(len(segment.keys) for segment in self.segments)

    def _live(self, keys: np.ndarray) -> np.ndarray:
        return keys if self.count == len(self.ids) else keys[self.alive[documents_of(keys)]]

    def term(self, term: str) -> np.ndarray:
        """Live occurrence keys of `term`, sorted (the delta's documents are numbered after the base's)."""
        keys = [k for segment in self.segments if len(k := segment.occurrences(term))]
        return self._live(keys[0] if len(keys) == 1 else np.concatenate(keys) if keys else EMPTY)

    def prefix(self, prefix: str) -> np.ndarray:
        return self._live(np.concatenate([segment.prefixed(prefix) for segment in self.segments]))

    def phrase(self, terms: Sequence[str]) -> np.ndarray:
        """Keys where the phrase starts: the first term's occurrences followed by the others in order."""
        starts = self.term(terms[0])
        for distance, term in enumerate(terms[1:], start=1):
            if not len(starts):
                break
            starts = starts[_contains(self.term(term), starts + distance)]
        return starts

    def near(self, parts: Sequence[Sequence[str]], distance: int) -> np.ndarray:
        """Keys of the first part's phrase where every other part's phrase is at most `distance` terms away
        (before or after) in the same field."""
        anchors = self.phrase(parts[0])
        anchor_end = len(parts[0])
        for part in parts[1:]:
            if not len(anchors):
                break
            others = self.phrase(part)
            if not len(others):
                return EMPTY
            after = np.searchsorted(others, anchors)
            following = others[np.minimum(after, len(others) - 1)]
            preceding = others[np.maximum(after - 1, 0)]
            place = anchors >> FIELD_SHIFT  # document and field
            close = ((following >> FIELD_SHIFT == place) & (following >= anchors)
                     & (following - anchors - anchor_end <= distance)) | (
                (preceding >> FIELD_SHIFT == place) & (preceding < anchors)
                & (anchors - preceding - len(part) <= distance))
            anchors = anchors[close]
        return anchors


def _batched(items: Iterable, size: int):
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch
