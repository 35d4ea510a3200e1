"""The deal room's files and NDA under concurrency on PostgreSQL: a double click or two colleagues accepting at
once make one acceptance; two operators publishing at once get consecutive versions; messages with files posted
at once each keep their own files."""

from django.core.files.uploadedfile import SimpleUploadedFile

from deals.models import DealAttachment, NdaAcceptance, NdaVersion
from deals.nda_services import nda_accept, nda_version_publish
from deals.selectors import nda_version_current
from deals.services import deal_message_post, deal_open_or_continue
from marketplace.models import Listing, Notification
from marketplace.workflow import history

from ..concurrency import race, racing
from ..factories import PublishedListingFactory
from ..uploads import PDF

TRIALS = 20


def _pdf(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


@racing
def test_two_colleagues_accepting_the_nda_at_once_make_one_acceptance(university, seller, buyer_org, buyer,
                                                                       buyer_colleague):
    version = nda_version_current()
    for n in range(TRIALS):
        listing = PublishedListingFactory(owner=university, requires_nda=True)
        deal = deal_open_or_continue(listing=listing, buyer=buyer_org, author=buyer, body=f"inquiry {n}")
        outcomes = race(lambda: nda_accept(deal=deal, user=buyer, version=version, ip_address="192.0.2.1"),
                        lambda: nda_accept(deal=deal, user=buyer_colleague, version=version, ip_address="192.0.2.2"),
                        lambda: nda_accept(deal=deal, user=buyer, version=version, ip_address="192.0.2.1"))
        assert all(o.ok for o in outcomes), [o.error for o in outcomes]
        acceptance = NdaAcceptance.objects.get(deal=deal)
        assert {o.value.pk for o in outcomes} == {acceptance.pk}
        assert history(deal).filter(action="nda_accept").count() == 1
        assert Notification.objects.filter(kind="deal_nda_accepted", params__acceptance_id=acceptance.pk).count() == 1
    assert Listing.objects.filter(requires_nda=True).count() == TRIALS


@racing
def test_two_operators_publishing_at_once_get_consecutive_versions(operator):
    start = nda_version_current().number
    for n in range(TRIALS):
        outcomes = race(lambda: nda_version_publish(actor=operator, body_zh=f"甲{n}", body_en=f"A{n}"),
                        lambda: nda_version_publish(actor=operator, body_zh=f"乙{n}", body_en=f"B{n}"))
        assert all(o.ok for o in outcomes), [o.error for o in outcomes]
        assert sorted(o.value.number for o in outcomes) == [start + 2 * n + 1, start + 2 * n + 2]
    assert NdaVersion.objects.count() == start + 2 * TRIALS


@racing
def test_messages_with_files_posted_at_once_each_keep_their_files(university, seller, buyer_org, buyer):
    listing = PublishedListingFactory(owner=university)
    deal = deal_open_or_continue(listing=listing, buyer=buyer_org, author=buyer, body="hello")
    for n in range(TRIALS):
        outcomes = race(
            lambda: deal_message_post(deal=deal, author=buyer, body=f"buyer {n}", files=[_pdf(f"b{n}.pdf")]),
            lambda: deal_message_post(deal=deal, author=seller, body=f"owner {n}", confidential=True,
                                      files=[_pdf(f"s{n}a.pdf"), _pdf(f"s{n}b.pdf")]),
        )
        assert all(o.ok for o in outcomes), [o.error for o in outcomes]
        buyer_message, seller_message = (o.value for o in outcomes)
        assert list(buyer_message.attachments.values_list("original_name", "confidential")) == [(f"b{n}.pdf", False)]
        assert sorted(seller_message.attachments.values_list("original_name", flat=True)) == [f"s{n}a.pdf",
                                                                                              f"s{n}b.pdf"]
    assert DealAttachment.objects.filter(deal=deal).count() == 3 * TRIALS
    assert history(deal).filter(action="message").count() == 1 + 2 * TRIALS
