from django.utils import translation

from marketplace.notices import notice_text


def read_notice(notification, language: str) -> dict:
    """A notification as its reader sees it in `language`: {"headline", "body", "path"}."""
    with translation.override(language):
        return notice_text(notification)
