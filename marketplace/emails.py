"""The one way the site builds an e-mail, so that none shows `&lt;` in plain text or fails on its subject.

Plain text (subject and body) is rendered with autoescape off: HTML escaping belongs to the HTML part only.
The subject is made one line: a title with CR/LF would otherwise make Django refuse the message
(BadHeaderError) on every retry, losing the e-mail for good. (Django's password reset builds its own e-mail
the same way: it joins the subject into one line, and its templates turn autoescape off.)
"""

import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.core.mail import EmailMultiAlternatives
from django.template import Context
from django.template.loader import get_template, render_to_string

SUBJECT_MAX_LENGTH = 150
_held = ContextVar("emails_held", default=False)


@contextmanager
def emails_held() -> Iterator[None]:
    """Queue no notification e-mail from this block, even on commit: the demo tells the history it creates
    (deals, vouchers) in-app only, and mails nobody."""
    token = _held.set(True)
    try:
        yield
    finally:
        _held.reset(token)


def email_task_queue(task, *args) -> bool:
    """`task.delay(*args)` unless e-mails are held; whether it was queued."""
    if _held.get():
        return False
    task.delay(*args)
    return True


def email_subject(text: str) -> str:
    """`text` as a single-line header: control characters (CR, LF, tab …) become spaces, invisible format
    characters (e.g. bidi overrides) go, runs of white space (Unicode line separators too) become one space;
    at most SUBJECT_MAX_LENGTH characters, ending in “…” when cut."""
    subject = " ".join("".join(_subject_character(char) for char in text).split())
    return subject if len(subject) <= SUBJECT_MAX_LENGTH else subject[: SUBJECT_MAX_LENGTH - 1] + "…"


def _subject_character(char: str) -> str:
    category = unicodedata.category(char)
    if category == "Cc":
        return " "
    return "" if category.startswith("C") else char


def render_plain_text(template_name: str, context: dict) -> str:
    """A text template rendered without HTML escaping, whatever the template itself says."""
    return get_template(template_name).template.render(Context(context, autoescape=False))


def email_message(
    *,
    to: list[str],
    context: dict,
    subject_template: str,
    text_template: str,
    html_template: str | None = None,
    headers: dict | None = None,
) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        email_subject(render_plain_text(subject_template, context)),
        render_plain_text(text_template, context),
        to=to,
        headers=headers,
    )
    if html_template:
        message.attach_alternative(render_to_string(html_template, context), "text/html")
    return message
