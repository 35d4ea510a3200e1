"""Alert e-mails carry titles as typed: unescaped in plain text, escaped in HTML, never a broken subject."""

import pytest
from django.core import mail

from marketplace.emails import SUBJECT_MAX_LENGTH, email_subject
from search.models import AlertDelivery

from .matching_fixtures import search_index, sme_demand
from .test_alerts import publish

pytestmark = pytest.mark.django_db
__all__ = ["publish", "search_index"]

HOSTILE_TITLE = "一种锂离子电池正极材料的制备方法 <R&D> \"v2\"\r\nBcc: victim@example.cn"


def test_a_title_with_markup_and_line_breaks_is_emailed_as_typed(search_index, publish):
    demand = sme_demand()
    publish(title_zh=HOSTILE_TITLE)

    assert len(mail.outbox) == 1, "the alert was not sent"
    message = mail.outbox[0]
    assert "\r" not in message.subject and "\n" not in message.subject
    assert '<R&D> "v2" Bcc: victim@example.cn' in message.subject
    assert "<R&D>" in message.body and '"v2"' in message.body
    assert "&lt;" not in message.body and "&amp;" not in message.body and "&quot;" not in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html" and "&lt;R&amp;D&gt;" in html and "<R&D>" not in html
    assert message.message().get_all("Bcc") is None  # the title added no header
    assert message.to == [demand.created_by.email]
    assert AlertDelivery.objects.get().emailed_at is not None


@pytest.mark.parametrize(
    ("text", "subject"),
    [
        ("新匹配：A\r\nBcc: x@example.cn", "新匹配：A Bcc: x@example.cn"),
        ("tab\tand\x0bvertical\x00nul", "tab and vertical nul"),
        ("line\u2028separator\u0085next", "line separator next"),
        ("bidi \u202eevil\u202c override", "bidi evil override"),
        ("  padded  <b>&amp;</b>  ", "padded <b>&amp;</b>"),
    ],
)
def test_subjects_are_one_clean_line(text, subject):
    assert email_subject(text) == subject


def test_long_subjects_are_cut_with_an_ellipsis():
    subject = email_subject("专利" * 200)
    assert len(subject) == SUBJECT_MAX_LENGTH and subject.endswith("…")
