"""Who may call what: every state-changing (or private) URL × every role, own and other organisation.

`ENDPOINTS` lists each such URL with the request that exercises it and the roles it serves; every other URL of
the project must be named in `NOT_IN_MATRIX` with the reason. A new view that is in neither fails
`test_every_url_is_classified`, so it cannot reach CI without a decision about who may call it.

A role the endpoint does not serve must be turned away (login redirect, 403, 404 or 405) *and change nothing*
(the project's tables are compared before and after); a role it serves must succeed and, for a write, change
something, so the matrix also proves that each request really exercises the view.
"""

import io
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from datetime import date, timedelta

import pytest
from django.apps import apps
from django.conf import settings
from django.shortcuts import resolve_url
from django.test import Client
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from PIL import Image

from deals.agreements import agreement_sign
from deals.easy_access import easy_access_terms_save
from deals.models import AgreementTemplate
from deals.offer_services import offer_make
from deals.services import deal_open_or_continue
from marketplace.models import Listing, ListingImage, ListingRevision, Membership, Organisation
from marketplace.services.listing_media import listing_image_add
from marketplace.services.listings import listing_update
from marketplace.services.invitations import invitation_create, join_request_create
from licences.disputes import dispute_open
from licences.royalties import royalty_report_file
from payments.models import Refund, WebhookEvent
from payments.services import payment_confirm, payment_create
from search.models import SavedSearch

from .deals.agreements import agreement_for
from .deals.offer_helpers import good_terms
from .royalties.helpers import licence_create
from .uploads import PDF
from .vouchers.officer_helpers import officer_objects
from .factories import (
    DemandFactory, ListingFactory, MembershipFactory, OrganisationFactory, PatentFactory, PublishedListingFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "owner", "other", "operator")
MEMBERS = frozenset({"owner", "other", "operator"})  # anyone signed in who acts for an organisation
PROJECT_APPS = ("marketplace", "cms", "search", "payments", "deals", "licences", "vouchers", "operations",
                "navigation")


class World:
    """Organisation A (a university) owns everything the endpoints act on; B is another organisation."""

    def __init__(self, operator):
        self.a = OrganisationFactory(name_zh="甲大学", slug="org-a")
        self.b = OrganisationFactory(name_zh="乙公司", slug="org-b", kind=Organisation.Kind.ENTERPRISE)
        self.users = {
            "owner": MembershipFactory(organisation=self.a, user=UserFactory(username="owner")).user,
            "other": MembershipFactory(organisation=self.b, user=UserFactory(username="other")).user,
            "operator": operator,
        }
        UserFactory(username="newcomer")
        self.colleague = MembershipFactory(organisation=self.a, user=UserFactory(username="colleague"),
                                           role=Membership.Role.MEMBER)
        self.patent = PatentFactory(publication_number="CN1234567C", applicants=["甲大学", "乙公司"])
        self.draft = ListingFactory(owner=self.a)
        self.image = ListingImage.objects.create(listing=self.draft, image=_png_upload())
        self.submitted = ListingFactory(owner=self.a, status=Listing.Status.SUBMITTED)
        self.demand = DemandFactory(organisation=self.a)
        self.board_demand = DemandFactory(organisation=self.a, published=True, title="公开需求")
        self.saved_search = SavedSearch.objects.create(user=self.users["owner"], query="锂电池")
        self.invitation = invitation_create(organisation=self.a, email="invitee@example.cn", actor=self.users["owner"])
        requester = UserFactory(username="requester")
        self.join_request = join_request_create(organisation=self.a, user=requester)
        self.own_join_request = join_request_create(organisation=self.a, user=self.users["other"])
        # A deal between A and a third organisation C: B's member ("other") is an outsider to it.
        self.published = PublishedListingFactory(owner=self.a)
        c = MembershipFactory(organisation=OrganisationFactory(name_zh="丙公司", slug="org-c", kind="enterprise"),
                              user=UserFactory(username="buyer-c"))
        self.payment = payment_create(payer=self.b, payee=self.a, amount="100.00", description="licence fee")
        self.refund = Refund.objects.create(payment=self.payment, amount="1.00", reason="test")
        self.webhook_event = WebhookEvent.objects.create(provider="stripe", event_id="evt_1", event_type="test")
        self.deal = deal_open_or_continue(listing=self.published, buyer=c.organisation, author=c.user, body="您好",
                                          files=[_pdf_upload()])
        self.deal_attachment = self.deal.attachments.get()
        # C's live offer in that deal (for A to accept), and a deal in which A, as buyer, has a live offer.
        self.offer = offer_make(deal=self.deal, author=c.user, terms=good_terms([self.published.patent_id]))
        listing_of_c = PublishedListingFactory(owner=c.organisation)
        deal_as_buyer = deal_open_or_continue(listing=listing_of_c, buyer=self.a, author=self.users["owner"],
                                              body="您好")
        self.own_offer = offer_make(deal=deal_as_buyer, author=self.users["owner"],
                                    terms=good_terms([listing_of_c.patent_id]))
        easy_access_terms_save(listing=self.published, actor=self.users["owner"], enabled=True,
                               terms=good_terms([], milestones=()), duration_months=12)
        self.c = c
        self._money(c.organisation, operator)
        self._royalties()

    @cached_property
    def revision(self):
        """Changes proposed to A's published listing, with a new image that is private until approved."""
        listing = PublishedListingFactory(owner=self.a)
        listing_update(listing=listing, actor=self.users["owner"], title_zh="修改后的标题")
        listing_image_add(listing=listing, actor=self.users["owner"], image=_png_upload())
        return ListingRevision.objects.get(listing=listing)

    # Agreements (each on a deal of its own between A and C) are made only for the endpoints that use them:
    # rendering PDFs for every case would be slow.
    @cached_property
    def agreement(self):
        """Awaiting both signatures."""
        return agreement_for(seller_org=self.a, buyer_org=self.c.organisation, author=self.c.user)

    @cached_property
    def signed_agreement(self):
        agreement = agreement_for(seller_org=self.a, buyer_org=self.c.organisation, author=self.c.user)
        for user in (self.users["owner"], self.c.user):
            agreement_sign(agreement=agreement, user=user, password=PASSWORD, ip=None)
        return agreement

    def _royalties(self):
        # Royalties and disputes: A holds a licence from C with a quarter due, reported once on a second licence
        # (for voiding), and has opened a dispute on it with a piece of evidence.
        c, term = self.c.organisation, {"start": date(2024, 1, 1), "end": date(2030, 12, 31)}
        self.royalty_licence = licence_create(licensor=c, licensee=self.a, **term)
        reported = licence_create(licensor=c, licensee=self.a, **term)
        self.royalty_report = royalty_report_file(licence=reported, period_start=date(2024, 1, 1),
                                                  base_amount="1000", actor=self.users["owner"])
        self.dispute = dispute_open(deal=reported.deal, actor=self.users["owner"], reason="未付款",
                                    evidence=[(SimpleUploadedFile("e.pdf", PDF), "证据")])
        self.evidence = self.dispute.evidence.get()

    def _money(self, c, operator):
        """A licence A holds from C (recorded at signing: nothing up front) with three milestones: one with a
        bank transfer announced, one still due, one paid (to refund)."""
        from licences.services import instalments_create_for_agreement, licence_record
        from tests.licences.conftest import signed_agreement

        agreement = signed_agreement(listing=PublishedListingFactory(owner=c), buyer_org=self.a, upfront="0",
                                     milestones=[("样品", "100.00"), ("量产", "200.00"), ("上市", "300.00")])
        announced, self.due, paid = instalments_create_for_agreement(agreement=agreement)
        self.licence = licence_record(agreement=agreement)
        self.money_deal = agreement.deal
        self.transfer = payment_create(payer=self.a, payee=c, amount="100.00", purpose=announced)
        self.paid = payment_confirm(payment=payment_create(payer=self.a, payee=c, amount="300.00", purpose=paid),
                                    actor=operator, reference="PAID-1")


def _png_upload():
    from django.core.files.uploadedfile import SimpleUploadedFile

    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(buffer, "PNG")
    return SimpleUploadedFile("dot.png", buffer.getvalue(), content_type="image/png")


def _pdf_upload():
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("offer.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")


@dataclass(frozen=True)
class Endpoint:
    name: str
    serves: frozenset[str]
    method: str = "post"
    kwargs: Callable[[World], dict] = lambda w: {}
    data: Callable[[World], dict] = lambda w: {}
    admin: bool = False  # Wagtail admin URL (turned away by a redirect to the admin log-in)
    # A role it does not serve may instead be refused with a message (a form error, a 400, a redirect with a
    # notice): what matters is that nothing is written.
    refusal_ok: bool = False

    @property
    def changes(self) -> bool:
        """A served POST must write to the database (else the request did not exercise the view)."""
        return self.method == "post"


PASSWORD = "pass-word-123"  # tests.factories.UserFactory's


def _agreement(w: World, name: str = "agreement") -> dict:
    agreement = getattr(w, name)
    return {"deal_pk": agreement.deal_id, "pk": agreement.pk}


def _template_admin_endpoints() -> list[Endpoint]:
    """Operators write the agreement templates; nobody deletes one (agreements keep a reference to theirs)."""
    operator = frozenset({"operator"})
    template = lambda w: {"pk": AgreementTemplate.objects.get(kind="licence").pk}  # noqa: E731
    form = lambda w: {"kind": "licence", "title_zh": "许可合同", "title_en": "Licence",  # noqa: E731
                      "body_zh": "许可方：{{ licensor.name }}", "body_en": "Licensor: {{ licensor.name }}",
                      "active": "on"}
    return [
        *[Endpoint(f"agreement_templates:{view}", operator, method="get", admin=True)
          for view in ("index", "index_results")],
        *[Endpoint(f"agreement_templates:{view}", operator, method="get", admin=True, kwargs=template)
          for view in ("history", "history_results", "usage")],
        Endpoint("agreement_templates:add", operator, admin=True, data=form),
        Endpoint("agreement_templates:edit", operator, admin=True, kwargs=template, data=form),
        Endpoint("agreement_templates:delete", frozenset(), admin=True, kwargs=template),
    ]


LISTING_FORM = {"title_zh": "一种电池", "title_en": "", "description_zh": "", "description_en": "", "currency": "CNY",
                "price_negotiable": "on", "sector": "new_energy", "deal_types": ["assignment"]}

OFFER_FORM = {"deal_kind": "non_exclusive_licence", "start_date": "2030-01-01", "end_date": "2032-01-01",
              "currency": "CNY", "upfront_fee": "1000", "royalty_base": "net_sales", "reporting_period": "annually",
              "milestones-TOTAL_FORMS": "0", "milestones-INITIAL_FORMS": "0"}
EASY_ACCESS_FORM = {"enabled": "on", "duration_months": "12", "currency": "CNY", "upfront_fee": "500",
                    "royalty_base": "net_sales", "reporting_period": "annually"}


def _payments_admin_endpoints(viewset: str, item: Callable[[World], dict]) -> list[Endpoint]:
    """The operators' read-only payment pages: operators read them, nobody writes through them."""
    read = frozenset({"operator"})
    return [
        *[Endpoint(f"{viewset}:{view}", read, method="get", admin=True) for view in ("index", "index_results")],
        Endpoint(f"{viewset}:inspect", read, method="get", admin=True, kwargs=item),
        # The change history and usage pages are for those who may edit, which nobody may here.
        *[Endpoint(f"{viewset}:{view}", frozenset(), method="get", admin=True, kwargs=item)
          for view in ("history", "history_results", "usage")],
        Endpoint(f"{viewset}:add", frozenset(), admin=True, data=lambda w: {"amount": "1.00"}),
        *[Endpoint(f"{viewset}:{view}", frozenset(), admin=True, kwargs=item, data=lambda w: {"amount": "1.00"})
          for view in ("edit", "delete")],
    ]


class AccreditationWorld:
    """Vouchers (accreditation): A becomes a service agency whose member ("owner") is also an officer of a voucher
    authority; A's accreditation with it is in `status` (none when None), with a document, a product, and (in
    notice) an open objection. B's member ("other") is an enterprise's; a third organisation stands sanctioned."""

    def __init__(self, w: World, status: str | None):
        from vouchers.models import Accreditation, AccreditationDocument, Objection, ServiceProduct
        from vouchers.services.sanctions import sanction_impose

        Organisation.objects.filter(pk=w.a.pk).update(kind=Organisation.Kind.SERVICE_AGENCY)
        w.a.refresh_from_db()
        self.authority = OrganisationFactory(name_zh="甲市市场监督管理局", slug="org-authority",
                                             kind=Organisation.Kind.VOUCHER_AUTHORITY)
        MembershipFactory(organisation=self.authority, user=w.users["owner"])
        self.target = OrganisationFactory(name_zh="丁公司", slug="org-d", kind=Organisation.Kind.ENTERPRISE)
        self.sanction = sanction_impose(organisation=OrganisationFactory(name_zh="戊公司", slug="org-e"),
                                        actor=w.users["owner"], kind="fraud", reason="虚开发票")
        self.accreditation = self.document = self.objection = None
        if status is not None:
            self.accreditation = Accreditation.objects.create(
                agency=w.a, authority=self.authority, status=status, legal_entity="甲大学",
                unified_credit_code="91320594MA1X000000", legal_representative="王五", founded=date(2015, 3, 1),
                premises="苏州", staff_qualifications="代理师 6 名", services_and_prices="检索 5000 元",
                notice_ends_at=timezone.now() + (timedelta(days=3) if status == "notice" else timedelta(0)))
            self.document = AccreditationDocument.objects.create(
                accreditation=self.accreditation, title="营业执照",
                file=_checked_pdf())
            if status == "notice":
                self.objection = Objection.objects.create(accreditation=self.accreditation, reason="资质造假")
        self.product = ServiceProduct.objects.create(
            agency=w.a, category="patent_search", title_zh="专利检索", description_zh="检索", price="5000",
            delivery_days=10)


def _checked_pdf():
    from vouchers.evidence import evidence_check

    return evidence_check(_pdf_upload(), field="document")


def _aw(w: World, status: str | None = "active") -> AccreditationWorld:
    if not hasattr(w, "_accreditation_world"):
        w._accreditation_world = AccreditationWorld(w, status)
    return w._accreditation_world


def _set_up(w: World, status: str | None = "active") -> dict:
    """For URLs without arguments: `kwargs` runs before the tables are fingerprinted, `data` after."""
    _aw(w, status)
    return {}


PRODUCT_FORM = {"category": "drafting", "title_zh": "发明专利代理", "title_en": "", "description_zh": "撰写并提交",
                "description_en": "", "price": "8000", "delivery_days": "30"}
APPLY_FORM = {"legal_entity": "甲大学技术转移中心", "unified_credit_code": "91320594MA1X000000",
              "legal_representative": "王五", "founded": "2015-03-01", "premises": "苏州",
              "staff_qualifications": "代理师 6 名", "services_and_prices": "检索 5000 元", "document_title_1": "营业执照"}


def _accreditation_endpoints() -> list[Endpoint]:
    owner, overseers = frozenset({"owner"}), frozenset({"owner", "operator"})

    def decide(action: str, status: str, data=lambda w: {}) -> Endpoint:
        return Endpoint("vouchers:accreditation-decide", owner, data=data,
                        kwargs=lambda w: {"pk": _aw(w, status).accreditation.pk, "action": action})

    return [
        # The agency's pages: other organisations get a page saying they are not a service agency, nothing written.
        Endpoint("vouchers:accreditation-apply", owner, refusal_ok=True, kwargs=lambda w: _set_up(w, None),
                 data=lambda w: {**APPLY_FORM, "authority": _aw(w).authority.pk, "document_file_1": _pdf_upload()}),
        Endpoint("vouchers:product-new", owner, refusal_ok=True, kwargs=_set_up, data=lambda w: PRODUCT_FORM),
        Endpoint("vouchers:product-edit", owner, method="get", refusal_ok=True,
                 kwargs=lambda w: {"pk": _aw(w).product.pk}),
        Endpoint("vouchers:product-edit", owner, refusal_ok=True, kwargs=lambda w: {"pk": _aw(w).product.pk},
                 data=lambda w: PRODUCT_FORM),
        Endpoint("vouchers:product-withdraw", owner, kwargs=lambda w: {"pk": _aw(w).product.pk}),
        # Officers of the authority decide; operators read along.
        Endpoint("vouchers:accreditation-queue", overseers, method="get", kwargs=_set_up),
        Endpoint("vouchers:accreditation-detail", overseers, method="get",
                 kwargs=lambda w: {"pk": _aw(w, "notice").accreditation.pk}),
        decide("verify", "applied"),
        decide("reject", "applied", lambda w: {"reason": "材料不全"}),
        decide("suspend", "active", lambda w: {"reason": "投诉调查"}),
        Endpoint("vouchers:objection-resolve", owner, kwargs=lambda w: {"pk": _aw(w, "notice").objection.pk},
                 data=lambda w: {"decision": "dismiss", "resolution": "不成立"}),
        Endpoint("media", overseers, method="get", kwargs=lambda w: {"path": _aw(w, "applied").document.file.name}),
        Endpoint("vouchers:officer-sanctions", overseers, method="get", kwargs=_set_up),
        Endpoint("vouchers:officer-sanctions", overseers, kwargs=_set_up,
                 data=lambda w: {"organisation": _aw(w).target.pk, "kind": "collusion", "reason": "串通"}),
        Endpoint("vouchers:sanction-lift", overseers, kwargs=lambda w: {"pk": _aw(w).sanction.pk},
                 data=lambda w: {"reason": "复查不成立"}),
        # Anyone signed in may object during the public notice.
        Endpoint("vouchers:objection-create", MEMBERS, kwargs=lambda w: {"pk": _aw(w, "notice").accreditation.pk},
                 data=lambda w: {"reason": "办公场所不存在"}),
    ]


ENDPOINTS = [
    Endpoint("dashboard_listing_create", MEMBERS,
             data=lambda w: {"source": "existing", "publication_number": "CN1234567C", **LISTING_FORM}),
    Endpoint("dashboard_listing_edit", frozenset({"owner"}), kwargs=lambda w: {"pk": w.draft.pk},
             data=lambda w: LISTING_FORM),
    Endpoint("dashboard_listing_edit", frozenset({"owner"}), method="get",
             kwargs=lambda w: {"pk": w.draft.pk}),
    Endpoint("dashboard_listing_upload", frozenset({"owner"}),
             kwargs=lambda w: {"pk": w.draft.pk, "kind": "image"}, data=lambda w: {"image": _png_upload()}),
    Endpoint("dashboard_listing_media_delete", frozenset({"owner"}),
             kwargs=lambda w: {"pk": w.draft.pk, "kind": "image", "media_pk": w.image.pk}),
    Endpoint("dashboard_listing_action", frozenset({"owner"}),
             kwargs=lambda w: {"pk": w.draft.pk, "action": "submit"}),
    # Changes to a published listing: proposed by its owner, decided by operators (tests/test_listing_revision_views.py).
    Endpoint("dashboard_listing_edit", frozenset({"owner"}), kwargs=lambda w: {"pk": w.published.pk},
             data=lambda w: LISTING_FORM),
    Endpoint("dashboard_listing_revision_withdraw", frozenset({"owner"}),
             kwargs=lambda w: {"pk": w.revision.listing_id}),
    Endpoint("dashboard_revision_media_discard", frozenset({"owner"}),
             kwargs=lambda w: {"pk": w.revision.listing_id, "kind": "image",
                               "media_pk": w.revision.added_images.get().pk}),
    Endpoint("media", frozenset({"owner", "operator"}), method="get",
             kwargs=lambda w: {"path": w.revision.added_images.get().image.name}),
    Endpoint("listing_revision_review", frozenset({"operator"}), method="get", admin=True,
             kwargs=lambda w: {"pk": w.revision.pk}),
    Endpoint("listing_revision_review", frozenset({"operator"}), admin=True, kwargs=lambda w: {"pk": w.revision.pk},
             data=lambda w: {"decision": "approve", "version": w.revision.version}),
    Endpoint("dashboard_member_remove", frozenset({"owner"}), kwargs=lambda w: {"pk": w.colleague.pk}),
    Endpoint("dashboard_members", MEMBERS, data=lambda w: {"email": "new@example.cn", "role": "member"}),
    # Each administrator edits the organisation they act for (a mere member is refused: tests/test_organisation_profile.py).
    Endpoint("dashboard_organisation_profile", MEMBERS, method="get"),
    Endpoint("dashboard_organisation_profile", MEMBERS, data=lambda w: {"contact_phone": "0512-6588 1234"}),
    Endpoint("dashboard_member_role", frozenset({"owner"}), kwargs=lambda w: {"pk": w.colleague.pk},
             data=lambda w: {"role": "admin"}),
    Endpoint("dashboard_invitation_revoke", frozenset({"owner"}), kwargs=lambda w: {"pk": w.invitation.pk}),
    Endpoint("dashboard_join_request", frozenset({"owner"}),
             kwargs=lambda w: {"pk": w.join_request.pk, "decision": "approve"}),
    Endpoint("join_organisation", frozenset({"operator"}), refusal_ok=True,
             data=lambda w: {"organisation": w.a.slug, "message": "请让我加入"}),
    Endpoint("join_request_withdraw", frozenset({"other"}), kwargs=lambda w: {"pk": w.own_join_request.pk}),
    Endpoint("deals:inquire", frozenset({"other"}), refusal_ok=True, kwargs=lambda w: {"listing_pk": w.published.pk},
             data=lambda w: {"body": "请问许可费？", "buyer": w.b.pk}),
    Endpoint("deals:room", frozenset({"owner", "operator"}), method="get", kwargs=lambda w: {"pk": w.deal.pk}),
    Endpoint("deals:room", frozenset({"owner", "operator"}), kwargs=lambda w: {"pk": w.deal.pk},
             data=lambda w: {"body": "欢迎咨询"}),
    Endpoint("deals:close", frozenset({"owner", "operator"}), kwargs=lambda w: {"pk": w.deal.pk},
             data=lambda w: {"reason": "已达成"}),
    # Only the buyer's members accept the NDA, and no role here is the buyer (tests/deals/test_nda.py).
    Endpoint("deals:nda_accept", frozenset(), kwargs=lambda w: {"pk": w.deal.pk},
             data=lambda w: {"version": 1, "confirm": "on"}),
    Endpoint("deals:offer_create", frozenset({"owner"}), method="get", kwargs=lambda w: {"pk": w.deal.pk}),
    Endpoint("deals:offer_create", frozenset({"owner"}), kwargs=lambda w: {"pk": w.deal.pk},
             data=lambda w: OFFER_FORM),
    Endpoint("deals:offer_accept", frozenset({"owner"}), method="get",
             kwargs=lambda w: {"pk": w.deal.pk, "offer_pk": w.offer.pk}),
    Endpoint("deals:offer_accept", frozenset({"owner"}), kwargs=lambda w: {"pk": w.deal.pk, "offer_pk": w.offer.pk}),
    # Only the author's side may withdraw: the other side is refused with a message, nothing changed.
    Endpoint("deals:offer_withdraw", frozenset(), refusal_ok=True,
             kwargs=lambda w: {"pk": w.deal.pk, "offer_pk": w.offer.pk}),
    Endpoint("deals:offer_withdraw", frozenset({"owner"}),
             kwargs=lambda w: {"pk": w.own_offer.deal_id, "offer_pk": w.own_offer.pk}),
    Endpoint("deals:easy_access_edit", frozenset({"owner"}), method="get", kwargs=lambda w: {"listing_pk": w.published.pk}),
    Endpoint("deals:easy_access_edit", frozenset({"owner"}), kwargs=lambda w: {"listing_pk": w.published.pk},
             data=lambda w: EASY_ACCESS_FORM),
    # Any signed-in member may read the terms; the owner and the centre are told they cannot accept.
    Endpoint("deals:easy_access_accept", MEMBERS, method="get", kwargs=lambda w: {"listing_pk": w.published.pk}),
    Endpoint("deals:easy_access_accept", frozenset({"other"}), refusal_ok=True,
             kwargs=lambda w: {"listing_pk": w.published.pk}),
    Endpoint("deals:agreement", frozenset({"owner", "operator"}), method="get", kwargs=_agreement),
    Endpoint("deals:agreement_sign", frozenset({"owner"}), kwargs=_agreement,
             data=lambda w: {"password": PASSWORD}),
    Endpoint("deals:agreement_void", frozenset({"owner"}), kwargs=_agreement, data=lambda w: {"reason": "条款有误"}),
    Endpoint("deals:agreement_recordal", frozenset({"owner", "operator"}), method="get",
             kwargs=lambda w: _agreement(w, "signed_agreement")),
    Endpoint("deals:agreement_recordal_export", frozenset({"owner", "operator"}), method="get",
             kwargs=lambda w: {**_agreement(w, "signed_agreement"), "fmt": "xlsx"}),
    Endpoint("media", frozenset({"owner", "operator"}), method="get",
             kwargs=lambda w: {"path": w.agreement.pdf.name}),
    *_template_admin_endpoints(),
    Endpoint("licences:list", MEMBERS, method="get"),
    Endpoint("licences:detail", frozenset({"owner", "operator"}), method="get", kwargs=lambda w: {"pk": w.licence.pk}),
    Endpoint("licences:deal-payments", frozenset({"owner", "operator"}), method="get",
             kwargs=lambda w: {"deal_pk": w.money_deal.pk}),
    # Operators see the deal's payments but only the licensee's members pay (others: a notice, nothing written).
    Endpoint("licences:pay", frozenset({"owner"}), refusal_ok=True, kwargs=lambda w: {"pk": w.due.pk},
             data=lambda w: {"method": "offline"}),
    Endpoint("licences:payment", frozenset({"owner", "operator"}), method="get",
             kwargs=lambda w: {"pk": w.transfer.pk}),
    Endpoint("licences:payment-cancel", frozenset({"owner", "operator"}), kwargs=lambda w: {"pk": w.transfer.pk}),
    Endpoint("licences:transfers", frozenset({"operator"}), method="get"),
    Endpoint("licences:transfers", frozenset({"operator"}),
             data=lambda w: {"payment": w.transfer.pk, "reference": "ICBC-1"}),
    Endpoint("licences:refund", frozenset({"operator"}), kwargs=lambda w: {"pk": w.paid.pk},
             data=lambda w: {"amount": "1.00", "reason": "多付"}),
    Endpoint("dashboard_demand_create", MEMBERS,
             data=lambda w: {"title": "寻找电池技术", "description": "需要电池技术", "sector": "new_energy"}),
    Endpoint("dashboard_demand_close", frozenset({"owner"}), kwargs=lambda w: {"pk": w.demand.pk},
             data=lambda w: {"confirmed": "yes"}),
    Endpoint("saved_search_save", MEMBERS, data=lambda w: {"q": "催化剂"}),
    Endpoint("navigation:save", MEMBERS, data=lambda w: {"parameters": "ipc=H01M"}),
    Endpoint("saved_search_delete", frozenset({"owner"}), kwargs=lambda w: {"pk": w.saved_search.pk}),
    Endpoint("demand_matches", frozenset({"owner", "operator"}), method="get", kwargs=lambda w: {"pk": w.demand.pk}),
    # Members of other trading organisations respond; the demand's own and the operation centre get a form error.
    Endpoint("demand_respond", frozenset({"other"}), refusal_ok=True, kwargs=lambda w: {"pk": w.board_demand.pk},
             data=lambda w: {"organisation": w.b.pk, "message": "我们有成熟方案"}),
    Endpoint("media", frozenset({"owner", "operator"}), method="get", kwargs=lambda w: {"path": w.image.image.name}),
    # A deal's file: its two organisations (the owner here) and operators; 404 for anyone else.
    Endpoint("media", frozenset({"owner", "operator"}), method="get",
             kwargs=lambda w: {"path": w.deal_attachment.file.name}),
    Endpoint("nda_versions", frozenset({"operator"}), method="get", admin=True),
    Endpoint("nda_versions", frozenset({"operator"}), admin=True,
             data=lambda w: {"body_zh": "保密协议（修订版）", "body_en": "NDA (revised)"}),
    Endpoint("listing_moderation_detail", frozenset({"operator"}), admin=True,
             kwargs=lambda w: {"pk": w.submitted.pk}, data=lambda w: {"decision": "approve"}),
    Endpoint("listing_moderation", frozenset({"operator"}), method="get", admin=True),
    *[endpoint
      for viewset, item in (("payment_records", "payment"), ("refunds", "refund"),
                            ("webhook_events", "webhook_event"))
      for endpoint in _payments_admin_endpoints(viewset, lambda w, item=item: {"pk": getattr(w, item).pk})],
    Endpoint("royalties:licence", frozenset({"owner", "operator"}), method="get",
             kwargs=lambda w: {"pk": w.royalty_licence.pk}),
    Endpoint("royalties:licence", frozenset({"owner"}), kwargs=lambda w: {"pk": w.royalty_licence.pk},
             data=lambda w: {"period_start": "2024-01-01", "base_amount": "100", "file": ""}),
    Endpoint("royalties:report_void", frozenset({"operator"}), kwargs=lambda w: {"pk": w.royalty_report.pk},
             data=lambda w: {"reason": "销售额有误"}),
    *[Endpoint(f"royalties:{name}", frozenset({"owner", "operator"}), method="get",
               kwargs=lambda w: {"organisation_pk": w.a.pk})
      for name in ("statement", "statement_csv", "statement_pdf")],
    Endpoint("royalties:dispute_open", frozenset({"owner"}), kwargs=lambda w: {"deal_pk": w.royalty_licence.deal.pk},
             data=lambda w: {"reason": "对方违约"}),
    Endpoint("royalties:dispute", frozenset({"owner", "operator"}), method="get",
             kwargs=lambda w: {"pk": w.dispute.pk}),
    Endpoint("royalties:dispute_evidence", frozenset({"owner", "operator"}), kwargs=lambda w: {"pk": w.dispute.pk},
             data=lambda w: {"file": SimpleUploadedFile("more.pdf", PDF), "title": "补充证据"}),
    *[Endpoint(f"royalties:{name}", frozenset({"operator"}), kwargs=lambda w: {"pk": w.dispute.pk}, data=data)
      for name, data in (("dispute_note", lambda w: {"body": "调解中"}), ("dispute_mediate", lambda w: {}),
                         ("dispute_resolve", lambda w: {"outcome": "settled", "outcome_text": "已和解"}))],
    Endpoint("royalties:dispute_withdraw", frozenset({"owner"}), kwargs=lambda w: {"pk": w.dispute.pk}),
    Endpoint("media", frozenset({"owner", "operator"}), method="get",
             kwargs=lambda w: {"path": w.evidence.file.name}),
    # Voucher pages by the acting organisation's kind: B ("other") is an enterprise; nobody here is an agency.
    Endpoint("vouchers:enterprise-home", frozenset({"other"}), method="get"),
    Endpoint("vouchers:agency-home", frozenset(), method="get"),
    Endpoint("vouchers:agency-orders", frozenset(), method="get"),
    Endpoint("match_report", frozenset({"operator"}), method="get", admin=True),
    Endpoint("match_report_results", frozenset({"operator"}), method="get", admin=True),
    # Voucher officers' and settlement screens: only the authority's officers, and no role here is one (their own
    # access is tested in tests/vouchers/test_officer_views.py and test_settlement.py).
    *[Endpoint(f"vouchers:{name}", frozenset(), method="get")
      for name in ("officer-home", "officer-programme-new", "officer-applications", "officer-claims",
                   "settlement-batches")],
    *[Endpoint(f"vouchers:{name}", frozenset(), method=method, kwargs=lambda w: {"pk": officer_objects(w).programme.pk},
               data=lambda w: {"amount": "100", "reason": "理由", "name_zh": "改名"})
      for name, method in (("officer-programme", "get"), ("officer-programme-edit", "get"),
                           ("officer-programme-edit", "post"), ("officer-programme-open", "post"),
                           ("officer-programme-close", "post"), ("officer-programme-fund", "post"))],
    Endpoint("vouchers:officer-programme-new", frozenset(), data=lambda w: {"name_zh": "新券", "budget": "100"}),
    *[Endpoint(f"vouchers:{name}", frozenset(), kwargs=lambda w: {"pk": officer_objects(w).application.pk},
               data=lambda w: {f"a{officer_objects(w).application.pk}-amount": "",
                               f"r{officer_objects(w).application.pk}-reason": "理由"})
      for name in ("officer-application-approve", "officer-application-reject")],
    Endpoint("vouchers:officer-claim", frozenset(), method="get", kwargs=lambda w: {"pk": officer_objects(w).claim.pk}),
    *[Endpoint(f"vouchers:{name}", frozenset(), kwargs=lambda w: {"pk": officer_objects(w).claim.pk},
               data=lambda w: {"approve-reason": "", "reject-reason": "理由", "reverse-reason": "理由"})
      for name in ("officer-claim-approve", "officer-claim-reject", "officer-claim-reverse")],
    Endpoint("vouchers:settlement-batch-create", frozenset(),
             kwargs=lambda w: {"programme_pk": officer_objects(w).programme.pk}),
    *[Endpoint(f"vouchers:{name}", frozenset(), method=method, kwargs=lambda w: {"pk": officer_objects(w).batch.pk},
               data=lambda w: {"bank_reference": "GK-1"})
      for name, method in (("settlement-batch", "get"), ("settlement-batch-csv", "get"),
                           ("settlement-batch-xlsx", "get"), ("settlement-batch-paid", "post"))],
    *_accreditation_endpoints(),
    # The operations dashboard: the operation centre's staff only.
    *[Endpoint(f"operations:{name}", frozenset({"operator"}), method="get", kwargs=lambda w, kwargs=kwargs: kwargs)
      for name, kwargs in (("dashboard", {}), ("table-export", {"key": "listings", "export_format": "xlsx"}),
                           ("city-report", {}), ("city-report-export", {"export_format": "csv"}))],
    Endpoint("operations:city-population", frozenset({"operator"}),
             data=lambda w: {"province": "江苏省", "city": "苏州市", "year": 2024, "population": 12900000}),
]

# URLs outside the matrix, each with the reason no role check applies (or where else it is tested).
NOT_IN_MATRIX = {
    "search": "public search page (read only)",
    "navigation:report": "public navigation reports over patent data (read only)",
    "navigation:export": "a public navigation report's CSV/XLSX/PDF (read only)",
    "navigation:saved": "a saved navigation report, public by its short address (read only)",
    "search_api": "public search API (read only)",
    "search_suggest_api": "public suggestions (read only)",
    "wagtail_serve": "public CMS pages; unpublished listings are checked in tests/test_pages.py",
    "wagtaildocs_serve": "Wagtail documents, published by operators",
    "wagtaildocs_authenticate_with_password": "Wagtail's own password-protected documents",
    "wagtailcore_authenticate_with_password": "Wagtail's own password-protected pages",
    "wagtailcore_login": "log-in",
    "set_language": "changes only the visitor's own session",
    "signup": "creates a new user and organisation (tests/test_accounts.py)",
    "login": "log-in", "logout": "log-out of one's own session",
    "password_reset": "e-mails a reset link, never says whether the address exists",
    "password_reset_done": "static", "password_reset_confirm": "the e-mailed token is the credential",
    "password_reset_complete": "static", "password_change": "one's own password (asks for the old one)",
    "password_change_done": "static",
    "dashboard": "shows only the organisations the user belongs to",
    "dashboard_switch_organisation": "picks among the user's own organisations (tests/test_dashboard.py)",
    "alerts": "shows only the user's own notifications",
    "notification_open": "marks read only the user's own notification, 404 otherwise (tests/search/test_notifications.py)",
    "notifications_read": "marks read only the user's own notifications (tests/search/test_notifications.py)",
    "demand_board": "public list of published demands (read only)",
    "demand_board_detail": "public published demand; its responses only to its organisation and operators "
                           "(tests/test_demand_board.py)",
    "demand_response_withdraw": "withdraws only an open response of the user's organisations, 404 otherwise "
                                "(tests/test_demand_board.py)",
    "alert_unsubscribe": "the secret token in the e-mail is the credential (tests/search/test_get_changes_nothing.py)",
    "payments:stripe-webhook": "the Stripe signature is the credential (tests/test_payments_stripe.py)",
    "invitation": "the e-mailed token is the credential; shows only that invitation (tests/test_invitations.py)",
    "invitation_answer": "token and the invited address's account (tests/test_invitations.py)",
    **{f"wagtailusers_users:{view}": "Wagtail's user management: superusers, by Wagtail's own permissions"
       for view in ("add", "copy", "delete", "edit", "history", "history_results", "index", "index_results",
                    "usage")},
    "deals:inbox": "lists only the acting organisation's deals, or all for operators (tests/deals/test_views.py)",
    "royalties:invoices": "lists only the acting organisation's instalments, or all for operators "
                          "(tests/royalties/test_royalty_views.py)",
    "royalties:statements": "redirects to the acting organisation's statement (tests/royalties/test_statements.py)",
    "royalties:disputes": "lists only the disputes of the user's organisations, or all live ones for operators",
    **{f"vouchers:{name}": "the acting organisation must be an enterprise, and the order its own (404 otherwise): "
                           "tests/vouchers/test_enterprise_views.py"
       for name in ("enterprise-apply", "order-new", "enterprise-order", "enterprise-order-confirm",
                    "enterprise-order-dispute", "enterprise-order-cancel", "enterprise-order-pay",
                    "enterprise-order-checkout")},
    "vouchers:enterprise-application-withdraw": "the acting organisation must be an enterprise, and the application "
                                                "its own (404 otherwise): tests/vouchers/test_enterprise_views.py",
    **{f"vouchers:{name}": "the acting organisation must be a service agency, and the order one it received "
                           "(404 otherwise): tests/vouchers/test_agency_views.py"
       for name in ("agency-order", "agency-order-deliver", "agency-order-claim", "agency-claim-resubmit")},
    "vouchers:product": "public catalogue product (read only; tests/vouchers/test_catalogue.py)",
    "vouchers:notices": "public notice of agencies (read only; tests/vouchers/test_catalogue.py)",
    "vouchers:sanctions": "public credit supervision list (read only)",
    "vouchers:accreditation": "the acting agency's own accreditations (tests/vouchers/test_accreditation.py)",
    "vouchers:products": "the acting agency's own products (tests/vouchers/test_accreditation.py)",
    **{name: "the open API has its own matrix of every endpoint × role (tests/api/test_permission_matrix.py)"
       for name in ("api:schema", "api:docs", "api:search", "api:navigation", "api:me", "api:my-vouchers",
                    "api:my-orders", "api:my-claims", "api:token-page", "api:token-revoke-page",
                    *(f"api:{basename}-{suffix}" for basename in (
                        "listing", "patent", "pool", "organisation", "service-product", "demand", "my-listing",
                        "my-demand", "my-deal", "token") for suffix in ("list", "detail")),
                    "api:my-listing-submit", "api:my-demand-matches", "api:my-deal-messages",
                    "api:my-deal-offers", "api:my-deal-accept-offer", "api:my-deal-withdraw-offer",
                    "api:my-deal-documents")},
}


def _is_ours(view) -> bool:
    """A view of the project's, or a framework view (such as a Wagtail viewset's) over one of its models."""
    view_class = getattr(view, "view_class", None)
    model = getattr(view, "view_initkwargs", {}).get("model")
    modules = [view.__module__, getattr(view_class, "__module__", ""), getattr(model, "__module__", "")]
    return any(module.split(".")[0] in PROJECT_APPS for module in modules)


def _project_url_names() -> set[str]:
    """Names of every URL the project routes to its own views or to public framework views it mounts."""
    names = set()

    def walk(patterns, in_admin=False, namespace=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                admin = in_admin or str(pattern.pattern) in ("admin/", "django-admin/")
                walk(pattern.url_patterns, admin, f"{pattern.namespace}:" if pattern.namespace else namespace)
            elif isinstance(pattern, URLPattern) and pattern.name:
                if _is_ours(pattern.callback) or not in_admin:
                    names.add(namespace + pattern.name)

    walk(get_resolver().url_patterns)
    return names


def test_every_url_is_classified():
    classified = {endpoint.name for endpoint in ENDPOINTS} | set(NOT_IN_MATRIX)
    unclassified = _project_url_names() - classified
    assert not unclassified, f"add these URLs to ENDPOINTS or NOT_IN_MATRIX: {sorted(unclassified)}"
    assert not classified - _project_url_names(), "the matrix names URLs that no longer exist"


def _fingerprint() -> dict:
    """Every row of the project's own tables."""
    return {
        model._meta.label: list(model.objects.order_by("pk").values_list())
        for config in apps.get_app_configs() if config.name.split(".")[0] in PROJECT_APPS
        for model in config.get_models()
    }


def _turned_away(endpoint: Endpoint, response) -> bool:
    if response.status_code in (403, 404, 405):
        return True
    if response.status_code != 302:
        return False
    if endpoint.admin:  # Wagtail sends outsiders to its log-in, and signed-in users without the right home
        return response["Location"].split("?")[0] in ("/admin/login/", "/admin/")
    return response["Location"].startswith(resolve_url(settings.LOGIN_URL))


CASES = [(endpoint, role) for endpoint in ENDPOINTS for role in ROLES]


@pytest.mark.parametrize("endpoint,role", CASES,
                         ids=[f"{e.method}-{e.name}-{role}" for e, role in CASES])
def test_role_matrix(endpoint, role, operator, site_index):
    world = World(operator)
    client = Client()
    if role != "anonymous":
        client.force_login(world.users[role])
    url = reverse(endpoint.name, kwargs=endpoint.kwargs(world))
    before = _fingerprint()
    response = getattr(client, endpoint.method)(url, endpoint.data(world))
    after = _fingerprint()
    if role in endpoint.serves:
        assert response.status_code < 400 and not _turned_away(endpoint, response), response.status_code
        if endpoint.changes:
            assert after != before, "the request served this role but changed nothing: the test data is wrong"
    else:
        refused = endpoint.refusal_ok and response.status_code < 500
        assert refused or _turned_away(endpoint, response), f"{role} got {response.status_code}"
        changed = [label for label in before if before[label] != after[label]]
        assert not changed, f"{role} was turned away but {changed} changed"
