"""A new message notifies every member of the other side in-app and by one e-mail each, in their language."""

import pytest
from django.core import mail
from django.test import override_settings

from deals.services import deal_message_post, deal_open_or_continue
from deals.tasks import deal_message_email_task
from marketplace.models import Notification
from tests.notices import read_notice

from ..factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Runs what the services leave for after the commit (the e-mail tasks), as a real commit would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def english_seller(listing, seller):
    seller.preferred_language = "en"
    seller.save(update_fields=["preferred_language"])
    return seller


@pytest.fixture
def chinese_colleague(listing):
    return MembershipFactory(organisation=listing.owner, user=UserFactory(username="tto2")).user


@override_settings(SITE_URL="https://ip.example.cn")
def test_each_member_of_the_other_side_is_told_in_their_language(
    committed, listing, buyer_org, buyer, buyer_colleague, english_seller, chinese_colleague
):
    listing.title_en = "Cathode <material> & method"
    listing.save(update_fields=["title_en"])
    with committed():
        deal = deal_open_or_continue(listing=listing, buyer=buyer_org, author=buyer,
                                     body="Price?\nAnd <terms> & \"scope\"")
    assert sorted(n.recipient.username for n in Notification.objects.all()) == ["tto", "tto2"]
    by_recipient = {email.to[0]: email for email in mail.outbox}
    assert sorted(by_recipient) == ["tto2@example.cn", "tto@example.cn"]  # not the author, not the colleague

    english = by_recipient["tto@example.cn"]
    assert english.subject == "New message from Suzhou Test Battery Co. about " + listing.identifier
    assert "See the listing:" in english.body
    assert "Reply in the deal room: https://ip.example.cn/deals/" in english.body
    assert "Price?\nAnd <terms> & \"scope\"" in english.body  # the text part is not HTML-escaped
    assert "Cathode <material> & method" in english.body
    html = english.alternatives[0][0]
    assert "&lt;terms&gt; &amp;" in html and "<terms>" not in html

    chinese = by_recipient["tto2@example.cn"]
    # The new messages' Chinese is added to the catalogue by the lead; names, titles and the existing
    # catalogue line already show the recipient's language.
    assert "苏州测试电池有限公司" in chinese.subject and "Suzhou" not in chinese.subject
    assert "查看发布" in chinese.body and "See the listing" not in chinese.body
    assert listing.title_zh in chinese.body and "Cathode" not in chinese.body

    note = Notification.objects.get(recipient=english_seller)
    text = read_notice(note, "en")
    assert note.kind == "deal_message" and text["headline"].startswith("New message from Suzhou Test Battery Co.")
    assert text["path"] == f"/deals/{deal.pk}/#message-{deal.messages.get().pk}"
    assert "Suzhou" not in read_notice(Notification.objects.get(recipient=chinese_colleague), "zh-hans")["headline"]
    # One stored notification, worded in whatever language its reader has switched to.
    assert read_notice(note, "zh-hans")["headline"].endswith("发来新消息")


def test_a_reply_goes_to_the_buyers_members_and_the_centre_writes_to_both(
    committed, listing, buyer_org, buyer, buyer_colleague, seller, operator
):
    with committed():
        deal = deal_open_or_continue(listing=listing, buyer=buyer_org, author=buyer, body="hi")
    mail.outbox.clear()
    with committed():
        deal_message_post(deal=deal, author=seller, body="hello")
    assert sorted(e.to[0] for e in mail.outbox) == ["buyer2@example.cn", "buyer@example.cn"]
    mail.outbox.clear()
    with committed():
        deal_message_post(deal=deal, author=operator, body="中心")
    assert sorted(e.to[0] for e in mail.outbox) == ["buyer2@example.cn", "buyer@example.cn", "tto@example.cn"]
    assert not Notification.objects.filter(recipient=operator).exists()


def test_a_name_with_line_breaks_cannot_break_the_subject(committed, listing, buyer_org, buyer, seller):
    buyer_org.name_zh = "恶意\r\nBcc: victim@example.com"
    buyer_org.save(update_fields=["name_zh"])
    with committed():
        deal_open_or_continue(listing=listing, buyer=buyer_org, author=buyer, body="hi")
    [email] = mail.outbox
    assert "\n" not in email.subject and "\r" not in email.subject
    assert email.message()["Bcc"] is None


def test_no_email_without_an_address_or_for_a_missing_message(committed, listing, buyer_org, buyer, seller):
    seller.email = ""
    seller.save(update_fields=["email"])
    with committed():
        deal = deal_open_or_continue(listing=listing, buyer=buyer_org, author=buyer, body="hi")
    assert mail.outbox == [] and Notification.objects.filter(recipient=seller).exists()
    assert deal_message_email_task.apply(args=[deal.messages.get().pk + 100, seller.pk]).get() is False


def test_a_failed_send_is_retried(committed, listing, buyer_org, buyer, seller, monkeypatch):
    calls = []

    def flaky_send(self, fail_silently=False):
        calls.append(self.to)
        if len(calls) == 1:
            raise ConnectionError("SMTP down")
        mail.outbox.append(self)
        return 1

    monkeypatch.setattr("django.core.mail.EmailMultiAlternatives.send", flaky_send)
    with committed():
        deal_open_or_continue(listing=listing, buyer=buyer_org, author=buyer, body="hi")
    assert len(calls) == 2 and len(mail.outbox) == 1


def test_plain_text_shows_names_and_messages_as_typed(committed, listing, buyer_org, buyer, seller):
    buyer_org.name_zh = "R&D <实验室> 公司"
    buyer_org.save(update_fields=["name_zh"])
    with committed():
        deal_open_or_continue(listing=listing, buyer=buyer_org, author=buyer, body="价格 < 10万 & 可谈")
    [email] = mail.outbox
    assert "R&D <实验室> 公司" in email.subject
    assert "R&D <实验室> 公司" in email.body and "价格 < 10万 & 可谈" in email.body
    assert "&amp;" in email.alternatives[0][0]  # the HTML part stays escaped
