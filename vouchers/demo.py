"""Demo service vouchers, made through the same services as the site with demo accounts as actors.

The demo voucher authority and its three service agencies come from load_demo_data (marketplace.demo); here
they get two programmes, accreditations, service products, a fourth agency in public notice, and the demo SMEs
vouchers at every stage: just issued, an order awaiting the co-payment, one in progress, one delivered awaiting
confirmation, a claim awaiting review, an approved claim, and a batch settled last month.

Every step is a service call, outside one big transaction, so the payment signals that start an order fire on
each commit as on the site. Two direct writes move timestamps, never states: the accredited agencies' public
notice is dated as ended (so the officer can activate them today), and the settled claim's approval is moved into
last month, so that last month's settlement batch can hold it.

Idempotent: once the authority has the first demo programme, everything here exists and nothing is done again.
The ledger is checked at the end.
"""

import datetime
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from marketplace.demo import content
from marketplace.models import Membership, Organisation, User
from marketplace.services.organisations import membership_add, organisation_get_or_create
from payments.services import payment_confirm

from .ledger_check import ledger_problems
from .models import Accreditation, Claim, Programme, ServiceCategory, ServiceProduct
from .services.accreditation import accreditation_activate, accreditation_apply, accreditation_verify
from .services.applications import application_approve, application_submit
from .services.claims import claim_approve, claim_submit
from .services.orders import order_confirm, order_copay_received, order_deliver, order_place
from .services.products import product_create
from .services.programmes import programme_create, programme_open
from .services.settlement import batch_create, batch_mark_paid

C = ServiceCategory
FIRST_PROGRAMME = "2026 年度知识产权服务券（演示）"
SECOND_PROGRAMME = "专利导航专项券（演示）"
SECOND_OFFICER = ("demo_voucher2", "监管局 周科员")
AGENCY_IN_NOTICE = {"name_zh": "示例知识产权培训学院（演示）", "name_en": "Demo IP Training Academy (demo)",
                    "kind": Organisation.Kind.SERVICE_AGENCY, "province": "江苏省", "city": "南京市",
                    "description_zh": "服务项目：企业知识产权管理培训、专利工程师实务课程。"}
# Each accredited agency's products: (category, title, title in English, price, days).
PRODUCTS = [
    [(C.PATENT_SEARCH, "专利检索与查新报告", "Patent search and novelty report", "6000.00", 15),
     (C.NAVIGATION, "产业专利导航分析", "Industry patent navigation analysis", "16000.00", 45),
     (C.PATENT_SEARCH, "侵权风险（FTO）检索", "Freedom-to-operate search", "12000.00", 20)],
    [(C.DRAFTING, "发明专利申请撰写与代理", "Invention patent drafting and filing", "8000.00", 30),
     (C.TRAINING, "企业知识产权内训（一天）", "In-house IP training (one day)", "5000.00", 7)],
    [(C.VALUATION, "专利价值评估报告", "Patent valuation report", "9000.00", 20),
     (C.PLEDGE_FINANCING, "专利质押融资咨询", "Patent pledge-financing advice", "10000.00", 30)],
]
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _pdf(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def _account(username: str, display_name: str, organisation: Organisation) -> User:
    user, created = User.objects.get_or_create(
        username=username, defaults={"display_name": display_name, "email": f"{username}@demo.ipmarket.local"})
    if created:
        user.set_password(content.DEMO_PASSWORD)
        user.save(update_fields=["password"])
    membership_add(organisation=organisation, user=user, role=Membership.Role.ADMIN)
    return user


def _acting_member(organisation: Organisation, username: str, display_name: str) -> User:
    """The organisation's first member (a demo account of load_demo_data), or a new demo account."""
    membership = Membership.objects.filter(organisation=organisation).order_by("pk").first()
    return membership.user if membership else _account(username, display_name, organisation)


class Cast:
    def __init__(self) -> None:
        self.authority = Organisation.objects.get(name_zh=content.VOUCHER_AUTHORITY["name_zh"])
        self.officer = User.objects.get(username="demo_voucher")
        self.second_officer = _account(*SECOND_OFFICER, self.authority)
        self.operator = User.objects.get(username="demo_operator")
        self.agencies = [Organisation.objects.get(name_zh=spec["name_zh"]) for spec in content.SERVICE_AGENCIES]
        self.agents = [_acting_member(agency, f"demo_service{n + 1}", f"服务机构 顾问{n + 1}")
                       for n, agency in enumerate(self.agencies)]
        self.smes = [Organisation.objects.get(name_zh=spec["name_zh"]) for spec, _demands in content.SMES]
        self.sme_users = [_acting_member(sme, *content.sme_contact(n)) for n, sme in enumerate(self.smes, start=1)]


def demo_vouchers_load() -> list[str]:
    """Create the demo vouchers unless they exist; returns what was created, one line each."""
    if not User.objects.filter(username="demo_voucher").exists():
        raise LookupError("The demo accounts are missing: run load_demo_data first.")
    cast = Cast()
    if Programme.objects.filter(authority=cast.authority, name_zh=FIRST_PROGRAMME).exists():
        return []
    lines = [_accredit(cast)]
    products = _products(cast)
    fixed, capped = _programmes(cast)
    lines.append(f"programmes: {fixed.name_zh} (5,000 per voucher, 60 %), {capped.name_zh} (capped, two reviews)")
    search, navigation, _fto = products[0]
    drafting, _training = products[1]
    valuation, _pledge = products[2]
    s0, s1, s2, s3, s4 = range(5)

    _issue(cast, fixed, s0)
    lines.append(f"{cast.smes[s0]}: voucher just issued in {fixed}")
    voucher = _issue(cast, fixed, s1)
    order_place(voucher=voucher, product=drafting, actor=cast.sme_users[s1], note="一件发明专利申请")
    lines.append(f"{cast.smes[s1]}: order awaiting the co-payment")
    _paid_order(cast, _issue(cast, fixed, s2), search, s2)
    lines.append(f"{cast.smes[s2]}: order in progress")
    order = _paid_order(cast, _issue(cast, fixed, s3), valuation, s3)
    order_deliver(order=order, actor=cast.agents[2], deliverable=_pdf("valuation.pdf"), note="评估报告见附件")
    lines.append(f"{cast.smes[s3]}: delivered, awaiting the enterprise's confirmation")
    claim = _claimed(cast, _issue(cast, fixed, s4), search, s4, "SZ-2026-000451")
    claim_approve(claim=claim, actor=cast.officer, reason="材料齐全")
    lines.append(f"{cast.smes[s4]}: claim approved, awaiting settlement")

    _claimed(cast, _issue(cast, capped, s0, asked="8000.00"), navigation, s0, "SZ-2026-000452")
    lines.append(f"{cast.smes[s0]}: claim submitted in {capped}, awaiting the first review")
    settled = _claimed(cast, _issue(cast, capped, s1, asked="8000.00"), navigation, s1, "SZ-2026-000398")
    claim_approve(claim=settled, actor=cast.officer, reason="初审通过")
    claim_approve(claim=settled, actor=cast.second_officer, reason="复核通过")
    last_month = timezone.localdate().replace(day=1) - datetime.timedelta(days=1)
    # The story happened last month: the approval is dated there so that last month's batch holds it.
    Claim.objects.filter(pk=settled.pk).update(approved_at=timezone.make_aware(
        datetime.datetime.combine(last_month.replace(day=20), datetime.time(10))))
    batch = batch_create(programme=capped, actor=cast.officer, day=last_month)
    batch_mark_paid(batch=batch, actor=cast.officer, bank_reference=f"GK-{last_month:%Y%m}-0001")
    lines.append(f"settlement batch {batch} paid by the treasury")
    application_submit(programme=capped, applicant=cast.smes[s2], actor=cast.sme_users[s2], employees=35,
                       annual_revenue="12000000", purpose="新产品立项前的专利导航", amount_requested="10000")
    lines.append(f"{cast.smes[s2]}: application to {capped} awaiting decision")

    problems = ledger_problems()
    if problems:
        raise RuntimeError(f"the demo vouchers left the ledger inconsistent: {problems[:3]}")
    return lines


def _accredit(cast: Cast) -> str:
    """Each demo agency applies with its papers and is verified; its public notice is dated as ended a day ago (a
    timestamp, as if the notice had run) so the officer can activate it. The fourth agency's notice is running."""
    for agency, agent in zip(cast.agencies, cast.agents):
        accreditation = _accreditation_verified(agency, agent, cast)
        Accreditation.objects.filter(pk=accreditation.pk).update(
            notice_ends_at=timezone.now() - datetime.timedelta(days=1))
        accreditation.refresh_from_db()
        accreditation_activate(accreditation=accreditation, actor=cast.officer)
    in_notice, _created = organisation_get_or_create(**AGENCY_IN_NOTICE)
    _accreditation_verified(in_notice, _acting_member(in_notice, "demo_service4", "服务机构 顾问4"), cast)
    return f"3 accredited agencies; {in_notice} in public notice"


def _accreditation_verified(agency: Organisation, agent: User, cast: Cast) -> Accreditation:
    accreditation = accreditation_apply(
        agency=agency, authority=cast.authority, actor=agent, legal_entity=agency.name_zh,
        unified_credit_code=f"913205{agency.pk:012d}", legal_representative="（演示）",
        founded=datetime.date(2014, 6, 1), premises=f"{agency.province}{agency.city}（演示地址）",
        staff_qualifications="专利代理师 5 名", services_and_prices="见服务产品目录",
        documents=[("营业执照（演示）", _pdf("licence.pdf"))])
    return accreditation_verify(accreditation=accreditation, actor=cast.officer)


def _products(cast: Cast) -> list[list[ServiceProduct]]:
    return [[product_create(agency=agency, actor=agent, category=category, title_zh=title, title_en=title_en,
                            description_zh=f"{title}（演示服务）", price=price, delivery_days=days)
             for category, title, title_en, price, days in specs]
            for agency, agent, specs in zip(cast.agencies, cast.agents, PRODUCTS)]


def _programmes(cast: Cast) -> tuple[Programme, Programme]:
    today = timezone.localdate()
    common = {"applications_open": today.replace(month=1, day=1), "applications_close": today + datetime.timedelta(days=30),
              "claim_deadline": today + datetime.timedelta(days=90), "annual_cap_per_sme": Decimal("20000.00"),
              "max_employees": 500, "eligible_provinces": ["江苏省", "浙江省", "广东省"]}
    fixed = programme_create(
        authority=cast.authority, actor=cast.officer, budget="500000.00", name_zh=FIRST_PROGRAMME,
        name_en="IP service vouchers 2026 (demo)", description_zh="中小企业每家一张 5,000 元服务券，支付服务价格的 60 %。",
        face_value_rule=Programme.FaceValue.FIXED, face_value=Decimal("5000.00"), copay_ratio=Decimal("0.600"),
        categories=[C.PATENT_SEARCH, C.DRAFTING, C.VALUATION, C.TRAINING], voucher_validity_days=120,
        review_stages=1, **common)
    capped = programme_create(
        authority=cast.authority, actor=cast.officer, budget="300000.00", name_zh=SECOND_PROGRAMME,
        name_en="Patent navigation vouchers (demo)", description_zh="专利导航分析专项，按申请金额发放，两级审核。",
        face_value_rule=Programme.FaceValue.CAPPED, face_value=None, copay_ratio=Decimal("0.500"),
        categories=[C.NAVIGATION], voucher_validity_days=180, review_stages=2, **common)
    return (programme_open(programme=fixed, actor=cast.officer),
            programme_open(programme=capped, actor=cast.officer))


def _issue(cast: Cast, programme: Programme, sme: int, asked: str | None = None):
    application = application_submit(programme=programme, applicant=cast.smes[sme], actor=cast.sme_users[sme],
                                      employees=40 + sme * 15, annual_revenue="8000000", purpose="提升专利质量",
                                      amount_requested=asked)
    return application_approve(application=application, actor=cast.officer, reason="符合申报条件")


def _paid_order(cast: Cast, voucher, product: ServiceProduct, sme: int):
    order = order_place(voucher=voucher, product=product, actor=cast.sme_users[sme])
    payment = payment_confirm(payment=order.copay_payment, actor=cast.operator,
                              reference=f"DEMO-COPAY-{order.pk}")
    # What the payment's signal does after the commit, done now as well (it is idempotent) so the demo also loads
    # inside an outer transaction, where the commit comes only at the end.
    return order_copay_received(payment=payment)


def _claimed(cast: Cast, voucher, product: ServiceProduct, sme: int, invoice: str) -> Claim:
    order = _paid_order(cast, voucher, product, sme)
    agent = cast.agents[cast.agencies.index(product.agency)]
    order = order_deliver(order=order, actor=agent, deliverable=_pdf("report.pdf"), note="报告见附件")
    order = order_confirm(order=order, actor=cast.sme_users[sme], rating=5, comment="报告专业，按期交付")
    return claim_submit(order=order, actor=agent, invoice_number=invoice, contract=_pdf("contract.pdf"),
                        copay_proof=_pdf("copay.pdf"))
