from io import StringIO

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.utils import timezone

from deals.models import Agreement, Deal, DealAttachment, NdaAcceptance, Offer
from licences.models import Dispute, Distribution, Instalment, Licence, RoyaltyReport
from licences.periods import licence_periods
from licences.statements import statement_build, statement_period
from marketplace.models import (
    AuditEvent,
    Demand,
    Listing,
    Membership,
    Notification,
    Organisation,
    Patent,
    PatentPool,
    User,
)
from marketplace.permissions import is_operator
from payments.models import Payment
from search.selectors import SearchQuery, listing_search
from vouchers.ledger_check import ledger_problems
from vouchers.models import Voucher

# Transactional: the demo deals go through the site's services, whose follow-ups (instalments after signing,
# the licence after the upfront fee) are signals sent on commit. One load for the whole module: it is slow.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

MODELS = (Patent, Listing, Organisation, PatentPool, Demand, User, Membership, Deal, Offer, Agreement,
          DealAttachment, NdaAcceptance, Payment, Instalment, Licence, Distribution, RoyaltyReport, Dispute,
          Notification, AuditEvent)


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in MODELS}


def test_demo_data_loads_twice_without_duplicates():
    out = StringIO()
    call_command("load_demo_data", stdout=out)
    first = counts()
    call_command("load_demo_data", stdout=StringIO())
    assert counts() == first

    published = Listing.objects.filter(status=Listing.Status.PUBLISHED)
    assert published.count() >= 700
    assert_university_can_list_an_existing_patent()
    assert_in_force_and_named(published)
    pools = PatentPool.objects.prefetch_related("members")
    assert 3 <= pools.count() <= 5
    for pool in pools:
        assert pool.total_share() == 100 and pool.members.count() >= 2
        assert len({p.ipc_class for p in pool.patents.all()}) == 1
        assert pool.listings.get().status == Listing.Status.PUBLISHED
    kinds = set(Organisation.objects.values_list("kind", flat=True))
    assert kinds == set(Organisation.Kind.values)
    # Three accredited service agencies, and a fourth in public notice (load_demo_vouchers).
    assert Organisation.objects.filter(kind=Organisation.Kind.SERVICE_AGENCY).count() == 4
    assert ledger_problems() == [] and Voucher.objects.count() >= 7
    assert Demand.objects.filter(status=Demand.Status.OPEN).count() >= 5
    assert_nobody_alerted()
    operator = User.objects.get(username="demo_operator")
    assert operator.is_staff and operator.is_superuser and is_operator(operator)
    buyer = User.objects.get(username="demo_buyer")
    assert not buyer.is_staff and buyer.check_password("ipmarket-demo")
    assert "demo_university" in out.getvalue() and "ipmarket-demo" in out.getvalue()
    assert_demo_deals(buyer=buyer.memberships.get().organisation)


def assert_in_force_and_named(published) -> None:
    """Universities and institutes list their own patents, in force when exported, under English names too; the
    English records (for searching in English) are there."""
    patents = published.filter(patent__isnull=False)
    today = timezone.localdate()
    assert not patents.exclude(patent__legal_status=Patent.LegalStatus.GRANTED).exists()
    assert not patents.filter(patent__expiry_date__lt=today).exists()
    academic = Organisation.objects.filter(
        kind__in=[Organisation.Kind.UNIVERSITY, Organisation.Kind.RESEARCH_INSTITUTE])
    assert academic.count() >= 100 and not academic.filter(name_en="").exists()
    cn = patents.filter(patent__publication_number__startswith="CN")
    assert cn.filter(owner__in=academic).count() == cn.count() >= 700
    assert not cn.filter(patent__legal_status_as_of__isnull=True).exists()
    for listing in cn.select_related("owner", "patent")[:200]:
        assert listing.owner.name_zh in listing.patent.applicants
    assert patents.filter(patent__publication_number__startswith="US").count() >= 100


def assert_nobody_alerted() -> None:
    """Loading the demo e-mails nobody, its catalogue predates its demands (no alert), and each demand is its
    SME's own: posted by one of the SME's members, never by the centre."""
    assert mail.outbox == []
    assert not Notification.objects.filter(kind__in=["match_alert", "saved_search_alert"]).exists()
    for demand in Demand.objects.select_related("created_by"):
        assert demand.organisation.memberships.filter(user=demand.created_by).exists(), demand.title
        assert not is_operator(demand.created_by)


def assert_demo_deals(*, buyer: Organisation) -> None:
    """Each stage of a deal is there, in its state, between the demo accounts."""
    S = Deal.Status
    deals = Deal.objects.filter(buyer=buyer).order_by("pk")
    assert [deal.status for deal in deals] == [S.OPEN, S.OPEN, S.AGREED, S.SIGNED, S.LICENSED, S.LICENSED]
    inquiry, negotiation, agreed, signed, licensed, assigned = deals
    university = User.objects.get(username="demo_university")
    assert {deal.seller for deal in deals} == {university.memberships.get().organisation}
    assert list(inquiry.messages.values_list("side", flat=True)) == ["buyer", "seller", "centre"]
    assert [offer.side for offer in negotiation.offers.order_by("pk")] == ["buyer", "seller"]
    assert negotiation.listing.requires_nda and NdaAcceptance.objects.filter(deal=negotiation).exists()
    assert negotiation.attachments.get(confidential=True).content_type == "application/pdf"
    assert agreed.agreements.get().signatures.count() == 1
    upfront = signed.agreements.get().instalments.get(kind=Instalment.Kind.UPFRONT)
    assert upfront.status == Instalment.Status.DUE
    assert Payment.objects.filter(payer=buyer, amount=upfront.amount, status=Payment.Status.CREATED).exists()

    licence = licensed.licence
    first, second = licence_periods(licence.terms)[:2]
    assert list(licence.royalty_reports.values_list("period_start", "status")) == [
        (first.start, RoyaltyReport.Status.PAID)]
    assert second.end < timezone.localdate()  # ended, not reported: the reminder shows
    assert Dispute.objects.get(deal=licensed).status == Dispute.Status.MEDIATING
    assert assigned.licence.deal_kind == "assignment"
    assert assigned.listing.status == Listing.Status.TRANSACTED
    # load_demo_deals runs before rebuild_search_index: the transacted listing has left the index.
    assert indexed(assigned.listing) == 0 and indexed(licensed.listing) == 1
    for paid in (licensed, assigned):
        assert_paid_and_distributed(paid.licence)

    pool_licence = Licence.objects.get(pool__isnull=False)
    assert pool_licence.licensee != buyer and pool_licence.royalty_reports.get().status == RoyaltyReport.Status.PAID
    assert_paid_and_distributed(pool_licence)
    period = statement_period()
    for member in pool_licence.pool.members.all():
        assert statement_build(organisation=member.organisation, period=period).lines
    assert Notification.objects.filter(recipient=university).exists()


def indexed(listing: Listing) -> int:
    """How often the listing itself is found by its number (a pool bundling the patent is found too)."""
    hits = listing_search(query=SearchQuery(text=listing.patent.publication_number)).hits
    return sum(hit.listing_id == listing.pk for hit in hits)


def assert_paid_and_distributed(licence: Licence) -> None:
    """Every instalment of the licence is paid, and its distributions add up to its payment."""
    paid = Instalment.objects.filter(licence=licence, status=Instalment.Status.PAID)
    assert paid.filter(kind=Instalment.Kind.UPFRONT).exists()
    for instalment in paid:
        assert sum(d.amount for d in instalment.distributions.all()) == instalment.paid_by.amount


def test_demo_deals_need_the_demo_accounts():
    with pytest.raises(CommandError, match="load_demo_data first"):
        call_command("load_demo_deals", stdout=StringIO())


def assert_university_can_list_an_existing_patent():
    """demo_university's own in-force patents are not all listed: its staff can try the existing-patent path."""
    university = Organisation.objects.get(memberships__user__username="demo_university")
    own = [patent for patent in Patent.objects.all() if university.name_zh in patent.applicants]
    unlisted = [patent for patent in own if patent.legal_status == Patent.LegalStatus.GRANTED
                and not Listing.objects.filter(patent=patent).exists()]
    assert len(unlisted) >= 3
