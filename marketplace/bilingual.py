"""Which of a record's two texts (Chinese, English) a reader sees: the active language's, else the other one."""

from django.utils.translation import get_language


def is_english() -> bool:
    return (get_language() or "").startswith("en")


def in_active_language(chinese: str, english: str) -> str:
    """English readers get the English text when there is one; everyone else the Chinese one when there is one."""
    first, second = (english, chinese) if is_english() else (chinese, english)
    return first or second
