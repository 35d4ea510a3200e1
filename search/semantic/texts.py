"""What of a listing is embedded, and the hash that keys a text's vector."""

import hashlib
import re

# A listing's meaning is in its titles, abstract and IPC class titles; descriptions are sales prose and owners'
# names say nothing about the technology. Long abstracts are cut: the model averages its input, so a page of
# claims language dilutes the opening sentences that say what the invention is.
ABSTRACT_CHARS = 1200
SENTENCE_END = re.compile(r"(?<=[。！？；;!?])|(?<=\.)\s+")
MIN_SENTENCE_CHARS = 5
MAX_SENTENCES = 12


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def listing_text(document: dict) -> str:
    """The text embedded for a listing, from its search document (search.documents.listing_document)."""
    parts = [
        document.get("title_zh", ""),
        document.get("title_en", ""),
        *document.get("patent_titles", []),
        (document.get("abstract_zh") or "")[:ABSTRACT_CHARS],
        (document.get("abstract_en") or "")[:ABSTRACT_CHARS],
        "; ".join(document.get("ipc_titles_zh", [])),
        "; ".join(document.get("ipc_titles_en", [])),
    ]
    return "\n".join(" ".join(part.split()) for part in parts if part and part.strip())


def listing_sentences(document: dict) -> list[str]:
    """The titles and abstract sentences a demand can be shown as the closest to it ("semantic match")."""
    sentences = [document.get("title_zh", ""), document.get("title_en", "")]
    for abstract in (document.get("abstract_zh") or "", document.get("abstract_en") or ""):
        sentences += SENTENCE_END.split(" ".join(abstract[:ABSTRACT_CHARS].split()))
    kept = [s.strip() for s in sentences if len(s.strip()) >= MIN_SENTENCE_CHARS]
    return list(dict.fromkeys(kept))[:MAX_SENTENCES]
