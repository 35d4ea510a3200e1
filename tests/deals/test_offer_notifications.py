"""Offers made, withdrawn and accepted reach every member of the other side in-app and by one e-mail each, in
the reader's language."""

from decimal import Decimal

import pytest
from django.core import mail
from django.test import override_settings

from deals.offer_services import offer_accept, offer_make, offer_withdraw
from deals.tasks import deal_offer_email_task
from marketplace.models import Notification
from tests.notices import read_notice

from ..factories import MembershipFactory, UserFactory
from .offer_helpers import good_terms, open_deal

pytestmark = pytest.mark.django_db


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


@override_settings(SITE_URL="https://ip.example.cn")
def test_each_offer_action_is_told_to_the_other_side_in_their_language(committed, listing, buyer_org, buyer,
                                                                       seller):
    seller.preferred_language = "en"
    seller.email = "tto@example.cn"
    seller.save(update_fields=["preferred_language", "email"])
    chinese = MembershipFactory(organisation=listing.owner, user=UserFactory(username="tto2",
                                                                            email="tto2@example.cn")).user
    deal = open_deal(listing, buyer_org, buyer)
    mail.outbox.clear()
    with committed():
        offer = offer_make(deal=deal, author=buyer, terms=good_terms([listing.patent_id]), note="首付款可分期")
    by_address = {message.to[0]: message for message in mail.outbox}
    english, zh = by_address["tto@example.cn"], by_address["tto2@example.cn"]
    assert english.subject == f"Suzhou Test Battery Co. made an offer on “{listing.title_en}”"
    assert "CNY 200,000.00 upfront" in english.body and "首付款可分期" in english.body
    assert f"https://ip.example.cn/deals/{deal.pk}/#offers" in english.body
    assert zh.subject == f"苏州测试电池有限公司就“{listing.title_zh}”提出了报价" and "入门费 CNY 200,000.00" in zh.body
    mail.outbox.clear()
    with committed():
        offer_withdraw(offer=offer, actor=buyer)
    assert sorted(m.to[0] for m in mail.outbox) == ["tto2@example.cn", "tto@example.cn"]
    assert "withdrew its offer" in next(m for m in mail.outbox if m.to == ["tto@example.cn"]).subject
    mail.outbox.clear()
    with committed():
        counter = offer_make(deal=deal, author=seller, terms=good_terms([listing.patent_id], upfront_fee=Decimal("1")))
    assert [m.to for m in mail.outbox] == [["buyer@example.cn"]]  # the counter-offer goes to the buyer's side
    with committed():
        offer_accept(offer=counter, actor=buyer)
    kinds = set(Notification.objects.filter(recipient=seller).values_list("kind", flat=True))
    assert {"deal_offer", "deal_withdraw", "deal_agree"} <= kinds
    agreed = Notification.objects.get(recipient=chinese, kind="deal_agree")
    assert read_notice(agreed, "zh-hans")["headline"].startswith("苏州测试电池有限公司接受了")


def test_no_email_for_a_missing_offer_or_an_unknown_action(listing, buyer_org, buyer, seller):
    deal = open_deal(listing, buyer_org, buyer)
    offer = offer_make(deal=deal, author=buyer, terms=good_terms([listing.patent_id]))
    assert deal_offer_email_task.apply(args=[offer.pk + 100, "offer", seller.pk]).get() is False
    assert deal_offer_email_task.apply(args=[offer.pk, "message", seller.pk]).get() is False
