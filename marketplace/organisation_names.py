"""Organisation names as people type them, and the key that decides whether two names are the same.

北京大学 followed by a zero-width space, ＩＢＭ in full-width letters or "Ibm" must not sit beside 北京大学 and IBM:
a name is cleaned (invisible and control characters dropped, whitespace collapsed) before it is stored, and
compared through its key (NFKC, case-folded), which the database keeps unique. The stored name is only NFC: NFKC
would also turn the full-width brackets and commas of Chinese names （…） into ASCII ones.
"""

import unicodedata
from collections.abc import Iterable

# Separates a duplicate's key from its row id (see migration 0004): cleaned keys never contain control characters.
DUPLICATE_KEY_SEPARATOR = "\x1f"


def _visible(char: str) -> str:
    if char.isspace():
        return " "
    # Cf: zero-width spaces and joiners, bidi marks, soft hyphens…; Cc: control characters.
    return "" if unicodedata.category(char) in {"Cf", "Cc"} else char


def organisation_name_clean(name: str) -> str:
    """The name as it is stored: NFC, no invisible characters, single spaces."""
    text = "".join(_visible(char) for char in unicodedata.normalize("NFC", name))
    return " ".join(text.split())


def organisation_name_key(name: str) -> str:
    """Equal for names that read the same whatever their case, width or invisible characters."""
    folded = unicodedata.normalize("NFKC", organisation_name_clean(name)).casefold()
    return " ".join(unicodedata.normalize("NFKC", folded).split())


def organisation_name_among(names: Iterable[str], others: Iterable[str]) -> bool:
    """Whether any of `names` (an organisation's Chinese and English names) reads the same as one of `others`
    (e.g. a patent's applicants, as the register spells them)."""
    keys = {organisation_name_key(name) for name in names if name and name.strip()}
    return any(organisation_name_key(other) in keys for other in others if other)
