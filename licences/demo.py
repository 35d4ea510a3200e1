"""Demo deals in every stage, made through the same services as the site with the demo accounts as actors.

No deal, offer, payment or report is written directly: each step is what a user would do on a page (so it is
audited, notifies the other side and moves the workflows), and the steps that follow a commit on the site
(instalments after signing, the licence after the upfront fee, a royalty report marked paid) happen here through
the same signals. That is why this runs outside one big transaction: the signals fire on commit.

Idempotent: once the demo buyer's company has a deal, everything here exists and nothing is done again.
"""

from datetime import timedelta
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Min, Q
from django.utils import timezone

from deals.agreements import agreement_sign
from deals.models import Agreement, Deal
from deals.nda_services import nda_accept
from deals.offer_services import listing_patents, offer_accept, offer_make
from deals.selectors import nda_version_current
from deals.services import deal_message_post, deal_open_or_continue
from deals.terms import DealKind, LicenceTerms, Milestone, add_months
from marketplace.demo import content
from marketplace.models import Listing, Membership, Organisation, PatentPool, User
from marketplace.pdf import paragraph, pdf_render
from marketplace.services.listings import listing_update
from marketplace.services.organisations import membership_add
from payments.services import payment_confirm

from .disputes import dispute_mediate, dispute_note_add, dispute_open
from .models import Instalment, Licence
from .periods import licence_periods
from .royalties import royalty_report_file
from .services import instalment_pay

IP = "127.0.0.1"  # the signatures' and the NDA's recorded address: the demo has no real client
TERM_MONTHS = 36
# The SME that takes the pool licence (it asked for simulation-based teaching) and the account that acts for it.
POOL_LICENSEE = content.SMES[3][0]["name_zh"]
POOL_LICENSEE_USER = ("demo_licensee", "企业 孙经理")
POOL_NAME = content.POOLS[0][1]


class Cast:
    """The demo accounts and the organisations they act for."""

    def __init__(self) -> None:
        users = {user.username: user for user in User.objects.filter(
            username__in=["demo_buyer", "demo_university", "demo_agency", "demo_operator"])}
        self.buyer, self.university = users["demo_buyer"], users["demo_university"]
        self.agency, self.operator = users["demo_agency"], users["demo_operator"]
        self.buyer_org = _organisation_of(self.buyer)
        self.university_org = _organisation_of(self.university)


def _organisation_of(user: User) -> Organisation:
    return Membership.objects.filter(user=user).select_related("organisation").earliest("pk").organisation


def demo_deals_load() -> list[str]:
    """Create the demo deals unless they exist; returns what was created, one line per stage."""
    if not User.objects.filter(username="demo_buyer").exists():
        raise LookupError("The demo accounts are missing: run load_demo_data first.")
    cast = Cast()
    if Deal.objects.filter(buyer=cast.buyer_org).exists():
        return []
    today = timezone.localdate()
    # The owner's first six listings by number whose patents outlive a three-year term (or whose expiry is
    # unknown): the shipped slice gives demo_university exactly six.
    listings = list(Listing.objects.filter(
        Q(patent__expiry_date__isnull=True) | Q(patent__expiry_date__gt=add_months(today, TERM_MONTHS)),
        owner=cast.university_org, status=Listing.Status.PUBLISHED, patent__isnull=False,
    ).order_by("patent__publication_number")[:6])
    inquiry, negotiation, agreed, awaiting_payment, licensed, assigned = listings
    return [
        _inquiry(cast, inquiry),
        _negotiation(cast, negotiation),
        _agreed(cast, agreed, today),
        _awaiting_payment(cast, awaiting_payment, today),
        _non_exclusive_licence(cast, licensed, today),
        _assignment(cast, assigned, today),
        _pool_licence(cast, today),
    ]


def _terms(listing: Listing, *, kind: str, start, upfront: str, rate: str | None = None,
           minimum: str = "0", milestones=()) -> LicenceTerms:
    patents = listing_patents(listing)
    expiry = patents.aggregate(first=Min("expiry_date"))["first"]
    end = None if kind == DealKind.ASSIGNMENT else min(filter(None, [add_months(start, TERM_MONTHS), expiry]))
    return LicenceTerms(
        deal_kind=kind, patent_ids=tuple(patents.values_list("pk", flat=True)), start_date=start, end_date=end,
        territory="中国大陆", field_of_use="许可产品的生产与销售",
        upfront_fee=Decimal(upfront), royalty_rate=Decimal(rate) if rate else None,
        minimum_annual_royalty=Decimal(minimum), milestones=tuple(milestones),
    )


def _agree(*, listing: Listing, buyer: Organisation, buyer_user: User, seller_user: User, terms: LicenceTerms,
           inquiry: str) -> Agreement:
    """The buyer asks and offers, the owner accepts: the deal is agreed and its agreement generated."""
    deal = deal_open_or_continue(listing=listing, buyer=buyer, author=buyer_user, body=inquiry)
    offer = offer_make(deal=deal, author=buyer_user, terms=terms, note="按贵方挂牌条件提出报价。")
    offer_accept(offer=offer, actor=seller_user)
    return deal.agreements.get(status=Agreement.Status.AWAITING_SIGNATURES)


def _sign_both(agreement: Agreement, *, seller_user: User, buyer_user: User) -> None:
    # The second signature sends agreement_signed: its receiver sets up the instalments.
    for user in (seller_user, buyer_user):
        agreement_sign(agreement=agreement, user=user, password=content.DEMO_PASSWORD, ip=IP)


def _pay_offline(instalment: Instalment, *, buyer_user: User, operator: User) -> None:
    """The buyer announces a bank transfer; the centre records it as received, which settles the instalment
    (and, for an upfront fee, records the licence) through payment_changed."""
    payment = instalment_pay(instalment=instalment, actor=buyer_user, method="offline")
    payment_confirm(payment=payment, actor=operator, reference=f"DEMO-BANK-{payment.pk:06d}")


def _upfront(agreement: Agreement) -> Instalment:
    return agreement.instalments.get(kind=Instalment.Kind.UPFRONT)


def _inquiry(cast: Cast, listing: Listing) -> str:
    deal = deal_open_or_continue(
        listing=listing, buyer=cast.buyer_org, author=cast.buyer,
        body="您好，我公司生产储能电池，对该专利很感兴趣。请问能否提供技术资料，并介绍一下许可方式和大致费用？")
    deal_message_post(deal=deal, author=cast.university,
                      body="感谢关注。该专利可普通许可，也可转让；发明人团队可提供中试阶段的技术指导。欢迎来校面谈。")
    deal_message_post(deal=deal, author=cast.operator,
                      body="运营中心已关注本次洽谈。如需技术评估或合同模板，可随时联系我们。")
    return f"inquiry: deal {deal.pk} (open)"


def _negotiation(cast: Cast, listing: Listing) -> str:
    """Offer and counter-offer (the room compares them side by side) behind an NDA, with a confidential file."""
    listing_update(listing=listing, actor=cast.university, requires_nda=True)
    deal = deal_open_or_continue(listing=listing, buyer=cast.buyer_org, author=cast.buyer,
                                 body="我们希望了解该技术的详细工艺参数，愿意签署保密协议。")
    nda_accept(deal=deal, user=cast.buyer, version=nda_version_current(), ip_address=IP)
    start = timezone.localdate() + timedelta(days=30)
    offer = _terms(listing, kind=DealKind.NON_EXCLUSIVE, start=start, upfront="150000", rate="2.5")
    offer_make(deal=deal, author=cast.buyer, terms=offer, note="首付款分两期支付亦可商量。")
    counter = _terms(listing, kind=DealKind.NON_EXCLUSIVE, start=start, upfront="200000", rate="3.0",
                     minimum="50000")
    offer_make(deal=deal, author=cast.university, terms=counter, note="考虑到技术指导投入，入门费和提成费略作调整。")
    document = pdf_render([paragraph("技术说明（保密）", "title"),
                           paragraph("本文件为演示用保密资料：电极材料配方与烧结工艺参数摘要。")],
                          title="Technical summary (demo)")
    deal_message_post(deal=deal, author=cast.university, confidential=True,
                      body="附上技术说明（保密资料，仅限贵司评估使用）。",
                      files=[SimpleUploadedFile("技术说明.pdf", document, content_type="application/pdf")])
    return f"negotiation: deal {deal.pk} (offer, counter-offer, NDA, confidential file)"


def _agreed(cast: Cast, listing: Listing, today) -> str:
    """Agreed; the owner has signed, the buyer has not yet."""
    agreement = _agree(listing=listing, buyer=cast.buyer_org, buyer_user=cast.buyer, seller_user=cast.university,
                       terms=_terms(listing, kind=DealKind.NON_EXCLUSIVE, start=today + timedelta(days=14),
                                    upfront="120000", rate="2.0"),
                       inquiry="希望以普通许可方式实施该专利，报价如下。")
    agreement_sign(agreement=agreement, user=cast.university, password=content.DEMO_PASSWORD, ip=IP)
    return f"agreed: deal {agreement.deal_id} (signed by the owner, awaiting the buyer)"


def _awaiting_payment(cast: Cast, listing: Listing, today) -> str:
    """Signed; the buyer announced the bank transfer of the upfront fee, the centre has yet to confirm it."""
    agreement = _agree(listing=listing, buyer=cast.buyer_org, buyer_user=cast.buyer, seller_user=cast.university,
                       terms=_terms(listing, kind=DealKind.NON_EXCLUSIVE, start=today, upfront="90000", rate="1.5",
                                    milestones=[Milestone("产品量产", Decimal("50000"))]),
                       inquiry="我们准备签约，请确认条款。")
    _sign_both(agreement, seller_user=cast.university, buyer_user=cast.buyer)
    instalment_pay(instalment=_upfront(agreement), actor=cast.buyer, method="offline")
    return f"signed: deal {agreement.deal_id} (bank transfer of the upfront fee awaiting the centre)"


def _non_exclusive_licence(cast: Cast, listing: Listing, today) -> str:
    """Started seven months ago with quarterly royalties: the first quarter reported and paid, the second ended
    but not reported (the reminder), the third under way. The owner asked the centre to mediate about it."""
    start = add_months(today, -7)
    agreement = _agree(listing=listing, buyer=cast.buyer_org, buyer_user=cast.buyer, seller_user=cast.university,
                       terms=_terms(listing, kind=DealKind.NON_EXCLUSIVE, start=start, upfront="80000",
                                    rate="3.0", minimum="60000"),
                       inquiry="希望获得普通许可，用于储能柜产品。")
    _sign_both(agreement, seller_user=cast.university, buyer_user=cast.buyer)
    _pay_offline(_upfront(agreement), buyer_user=cast.buyer, operator=cast.operator)
    licence = Licence.objects.get(agreement=agreement)
    first, second = licence_periods(licence.terms)[:2]
    report = royalty_report_file(licence=licence, period_start=first.start, base_amount="1250000.00",
                                 actor=cast.buyer, note="本季度销售储能柜 50 台。")
    _pay_offline(report.invoice, buyer_user=cast.buyer, operator=cast.operator)
    dispute = dispute_open(deal=agreement.deal, actor=cast.university,
                           reason=f"被许可方未按期提交 {second.start} 至 {second.end} 的提成费报告。")
    dispute_mediate(dispute=dispute, actor=cast.operator)
    dispute_note_add(dispute=dispute, actor=cast.operator, body="已电话联系被许可方，对方承诺两周内补报。")
    return f"licensed: licence {licence.pk} (non-exclusive, one royalty report paid, one overdue, a dispute)"


def _assignment(cast: Cast, listing: Listing, today) -> str:
    """An assignment paid in full: the listing is transacted and leaves the market (and the search index)."""
    agreement = _agree(listing=listing, buyer=cast.buyer_org, buyer_user=cast.buyer, seller_user=cast.university,
                       terms=_terms(listing, kind=DealKind.ASSIGNMENT, start=today - timedelta(days=20),
                                    upfront="600000"),
                       inquiry="我公司拟受让该专利，报价如下。")
    _sign_both(agreement, seller_user=cast.university, buyer_user=cast.buyer)
    _pay_offline(_upfront(agreement), buyer_user=cast.buyer, operator=cast.operator)
    return f"assigned: licence {Licence.objects.get(agreement=agreement).pk} (listing {listing.pk} transacted)"


def _pool_licence(cast: Cast, today) -> str:
    """A pool licence taken by another SME: its upfront fee and first royalties go to the pool's members by
    their shares, so each member's statement has lines."""
    licensee = Organisation.objects.get(name_zh=POOL_LICENSEE)
    user, created = User.objects.get_or_create(
        username=POOL_LICENSEE_USER[0],
        defaults={"display_name": POOL_LICENSEE_USER[1], "email": f"{POOL_LICENSEE_USER[0]}@demo.ipmarket.local"})
    if created:
        user.set_password(content.DEMO_PASSWORD)
        user.save(update_fields=["password"])
    membership_add(organisation=licensee, user=user, role=Membership.Role.ADMIN)
    listing = PatentPool.objects.get(name_zh=POOL_NAME).listings.get()
    agreement = _agree(listing=listing, buyer=licensee, buyer_user=user, seller_user=cast.agency,
                       terms=_terms(listing, kind=DealKind.NON_EXCLUSIVE, start=add_months(today, -4),
                                    upfront="300000", rate="2.0"),
                       inquiry="我公司希望一揽子许可该专利池，用于虚拟仿真实验教学产品。")
    _sign_both(agreement, seller_user=cast.agency, buyer_user=user)
    _pay_offline(_upfront(agreement), buyer_user=user, operator=cast.operator)
    licence = Licence.objects.get(agreement=agreement)
    report = royalty_report_file(licence=licence, period_start=licence_periods(licence.terms)[0].start,
                                 base_amount="2400000.00", actor=user)
    _pay_offline(report.invoice, buyer_user=user, operator=cast.operator)
    return f"pool licence: licence {licence.pk} (upfront and royalties split among the pool's members)"
