"""IPC titles as shown: the shipped table carries artefacts of the scrape it comes from.

Plain functions without models, so migrations can import them.
"""

import re

SECTION_PREFIX = re.compile(r"^\s*部\s*[-—－]+\s*")  # "部--化学；冶金": the section word left in
# IPC edition markers such as "[1,8]", "[5]" or "〔１，８〕" closing a title; "[ICT]" is part of one.
EDITION_MARKER = re.compile(r"\s*(\[[\d,，\s]+\]|〔[\d０-９,，\s]+〕)\s*$")
SEMICOLON = re.compile(r"\s*;\s*")  # "FORESTRY ;ANIMAL HUSBANDRY" → "FORESTRY; ANIMAL HUSBANDRY"
FULLWIDTH_SEMICOLON = re.compile(r"\s*；\s*")
SPACES = re.compile(r"\s+")


def ipc_title_clean(title: str) -> str:
    """The title without a stray section prefix, edition markers or whitespace artefacts; wording kept."""
    title = SECTION_PREFIX.sub("", title or "")
    title = EDITION_MARKER.sub("", title)
    title = SEMICOLON.sub("; ", title)
    title = FULLWIDTH_SEMICOLON.sub("；", title)
    return SPACES.sub(" ", title).strip()
