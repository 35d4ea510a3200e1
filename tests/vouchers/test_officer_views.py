"""The voucher officer's screens: budget from the ledger, programme forms, the review queues and the claim
evidence, each refused to anyone who is not an officer of the programme's authority."""

import datetime
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from marketplace.models import Organisation
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from vouchers.ledger import balance, budget_account
from vouchers.ledger_check import ledger_problems
from vouchers.models import Claim, ClaimReview, Programme, Voucher, VoucherApplication
from vouchers.selectors.officer import programme_budget_summary, programme_burn_down
from vouchers.services.applications import application_submit
from vouchers.services.claims import claim_approve
from vouchers.services.programmes import programme_create, programme_fund
from vouchers.services.settlement import batch_create, batch_mark_paid

from .conftest import programme_fields
from .officer_helpers import submitted_claim

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    """Signed in, reading English (the messages asserted on are the English source strings)."""
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


@pytest.fixture
def claim(voucher, product, buyer, agency_member, operator):
    return submitted_claim(voucher=voucher, product=product, buyer=buyer, agency_member=agency_member,
                           operator=operator, invoice="INV-001")


@pytest.fixture
def other_officer(db):
    """An officer of another authority."""
    wuxi = OrganisationFactory(name_zh="无锡市市场监督管理局", slug="wuxi-amr", kind=Organisation.Kind.VOUCHER_AUTHORITY)
    return MembershipFactory(organisation=wuxi, user=UserFactory(username="wuxi-officer")).user


# Budget ---------------------------------------------------------------------------------------------------

def test_budget_summary_follows_the_money(programme, voucher, product, buyer, agency_member, officer, operator):
    def summary():
        s = programme_budget_summary(programme)
        assert s.funded == s.available + s.reserved + s.held + s.approved_unpaid + s.paid  # the ledger balances
        return (s.funded, s.available, s.reserved, s.held, s.approved_unpaid, s.paid)

    assert summary() == (100000, 95000, 5000, 0, 0, 0)
    claim = submitted_claim(voucher=voucher, product=product, buyer=buyer, agency_member=agency_member,
                            operator=operator, invoice="INV-1")
    assert summary() == (100000, 95000, 0, 5000, 0, 0)
    claim_approve(claim=claim, actor=officer)
    assert summary() == (100000, 95000, 0, 0, 5000, 0)
    batch_mark_paid(batch=batch_create(programme=programme, actor=officer), actor=officer, bank_reference="T-1")
    assert summary() == (100000, 95000, 0, 0, 0, 5000)
    programme_fund(programme=programme, actor=officer, amount="20000")
    assert summary() == (120000, 115000, 0, 0, 0, 5000)


def test_burn_down_is_the_budget_account_per_day(programme, voucher, officer):
    programme_fund(programme=programme, actor=officer, amount="1000")
    days = programme_burn_down(programme)
    assert len(days) == 1  # everything happened today
    (today,) = days
    assert (today.added, today.taken, today.available) == (Decimal("101000.00"), Decimal("5000.00"),
                                                          Decimal("96000.00"))
    assert today.available == balance(budget_account(programme.pk))


def test_home_shows_each_programme_with_its_budget_and_queues(programme, voucher, claim, officer):
    response = client_for(officer).get(reverse("vouchers:officer-home"))
    assert response.status_code == 200
    row = response.context["rows"][0]
    assert row["programme"] == programme
    assert (row["budget"].available, row["budget"].held) == (Decimal("95000.00"), Decimal("5000.00"))
    assert row["waiting"] == {"applications": 0, "claims": 1, "unbatched": 0}
    assert response.context["claims_waiting"] == 1
    assert "95000.00" in response.content.decode()


def test_programme_page_has_the_burn_down_chart_and_its_table(programme, voucher, officer):
    response = client_for(officer).get(reverse("vouchers:officer-programme", args=[programme.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="burn-down-data"' in html and "vendor/echarts/echarts.min.js" in html
    table = html[html.index('id="burn-down-table"'):html.index("</table>", html.index('id="burn-down-table"'))]
    assert timezone.localdate().isoformat() in table
    assert "100000.00" in table and "5000.00" in table and "95000.00" in table
    assert response.context["burn_down_series"]["available"] == ["95000.00"]


# Programme forms ------------------------------------------------------------------------------------------

def programme_post(**overrides) -> dict:
    today = timezone.localdate()
    data = {
        "name_zh": "2027 年知识产权服务券", "name_en": "IP vouchers 2027", "budget": "500000",
        "face_value_rule": "capped", "annual_cap_per_sme": "10000", "copay_percent": "60",
        "categories": ["patent_search", "valuation"],
        "applications_open": today.isoformat(), "applications_close": (today + datetime.timedelta(days=30)).isoformat(),
        "voucher_validity_days": "90", "claim_deadline": (today + datetime.timedelta(days=120)).isoformat(),
        "max_employees": "300", "eligible_provinces": "江苏省，浙江省", "eligible_cities": "",
        "review_stages": "2", "settlement_cycle": "monthly",
    }
    data.update(overrides)
    return data


def test_officer_creates_a_programme_with_percent_and_place_lists(officer, authority):
    response = client_for(officer).post(reverse("vouchers:officer-programme-new"), programme_post())
    programme = Programme.objects.get(name_zh="2027 年知识产权服务券")
    assert response.status_code == 302 and response["Location"] == reverse("vouchers:officer-programme",
                                                                             args=[programme.pk])
    assert programme.authority == authority and programme.status == Programme.Status.DRAFT
    assert programme.copay_ratio == Decimal("0.600")
    assert programme.eligible_provinces == ["江苏省", "浙江省"] and programme.eligible_cities == []
    assert programme.categories == ["patent_search", "valuation"] and programme.review_stages == 2
    assert programme_budget_summary(programme).available == Decimal("500000.00")


def test_bad_programme_input_rerenders_with_the_values(officer):
    today = timezone.localdate()
    response = client_for(officer).post(reverse("vouchers:officer-programme-new"), programme_post(
        annual_cap_per_sme="", claim_deadline=(today - datetime.timedelta(days=1)).isoformat()))
    assert response.status_code == 400
    form = response.context["form"]
    assert "annual_cap_per_sme" in form.errors and "claim_deadline" in form.errors
    assert 'value="2027 年知识产权服务券"' in response.content.decode()
    assert not Programme.objects.exists()


def test_copay_percent_outside_1_to_100_is_refused(officer):
    response = client_for(officer).post(reverse("vouchers:officer-programme-new"), programme_post(copay_percent="120"))
    assert response.status_code == 400 and "copay_percent" in response.context["form"].errors


def test_edit_of_an_open_programme_keeps_the_promised_terms(programme, officer):
    client = client_for(officer)
    url = reverse("vouchers:officer-programme-edit", args=[programme.pk])
    form = client.get(url).context["form"]
    assert form.fields["copay_percent"].disabled and form.initial["copay_percent"] == Decimal(60)
    data = {name: value for name, value in form.initial.items() if value is not None}
    data.update(name_zh="改名后的服务券", copay_percent="90", eligible_cities="苏州市, 无锡市",
                applications_open=programme.applications_open.isoformat(),
                applications_close=programme.applications_close.isoformat(),
                claim_deadline=programme.claim_deadline.isoformat())
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    programme.refresh_from_db()
    assert programme.name_zh == "改名后的服务券" and programme.copay_ratio == Decimal("0.600")  # disabled: ignored
    assert programme.eligible_cities == ["苏州市", "无锡市"]


def test_fund_open_and_close(officer, authority):
    programme = programme_create(authority=authority, actor=officer, budget="1000", **programme_fields())
    client = client_for(officer)
    assert client.post(reverse("vouchers:officer-programme-fund", args=[programme.pk]),
                       {"amount": "0"}).status_code == 400
    client.post(reverse("vouchers:officer-programme-fund", args=[programme.pk]), {"amount": "2500.50", "memo": "追加"})
    assert programme_budget_summary(programme).funded == Decimal("3500.50")
    client.post(reverse("vouchers:officer-programme-open", args=[programme.pk]))
    programme.refresh_from_db()
    assert programme.status == Programme.Status.OPEN
    response = client.post(reverse("vouchers:officer-programme-close", args=[programme.pk]), {"reason": ""})
    assert response.status_code == 400 and "reason" in response.context["close_form"].errors
    client.post(reverse("vouchers:officer-programme-close", args=[programme.pk]), {"reason": "预算用完"})
    programme.refresh_from_db()
    assert programme.status == Programme.Status.CLOSED
    assert ledger_problems() == []


# Applications ---------------------------------------------------------------------------------------------

@pytest.fixture
def capped_programme(authority, officer):
    from vouchers.services.programmes import programme_open

    programme = programme_create(authority=authority, actor=officer, budget="50000", **programme_fields(
        name_zh="封顶服务券", face_value_rule=Programme.FaceValue.CAPPED, face_value=None,
        annual_cap_per_sme=Decimal("8000.00")))
    return programme_open(programme=programme, actor=officer)


def test_application_queue_shows_the_eligibility_facts(capped_programme, programme, buyer_org, buyer, officer):
    from .conftest import issue_voucher

    issue_voucher(programme, buyer_org, buyer, officer)  # 5,000 already issued this year by the same authority
    application = application_submit(programme=capped_programme, applicant=buyer_org, actor=buyer, employees=40,
                                     annual_revenue="8000000", purpose="估值", amount_requested="3000")
    response = client_for(officer).get(reverse("vouchers:officer-applications"))
    (facts,) = response.context["queue"]
    assert facts.application == application
    assert (facts.issued_this_year, facts.cap_left) == (Decimal("5000.00"), Decimal("3000.00"))
    html = response.content.decode()
    assert "8000000" in html and buyer_org.province in html


def test_approve_a_capped_application_with_a_smaller_amount(capped_programme, buyer_org, buyer, officer):
    application = application_submit(programme=capped_programme, applicant=buyer_org, actor=buyer, employees=40,
                                     annual_revenue="8000000", purpose="估值", amount_requested="6000")
    client = client_for(officer)
    url = reverse("vouchers:officer-application-approve", args=[application.pk])
    response = client.post(url, {f"a{application.pk}-amount": "7000"})  # more than asked for
    assert response.status_code == 400
    assert "amount" in response.context["queue"][0].approve_form.errors
    client.post(url, {f"a{application.pk}-amount": "4500"})
    voucher = Voucher.objects.get(application=application)
    assert voucher.face_value == Decimal("4500.00")
    assert programme_budget_summary(capped_programme).available == Decimal("45500.00")
    assert ledger_problems() == []


def test_reject_needs_a_reason(programme, buyer_org, buyer, officer):
    application = application_submit(programme=programme, applicant=buyer_org, actor=buyer, employees=40,
                                      annual_revenue="8000000", purpose="检索")
    client = client_for(officer)
    url = reverse("vouchers:officer-application-reject", args=[application.pk])
    assert client.post(url, {f"r{application.pk}-reason": " "}).status_code == 400
    client.post(url, {f"r{application.pk}-reason": "不在本市注册"})
    application.refresh_from_db()
    assert (application.status, application.decision_reason) == (VoucherApplication.Status.REJECTED, "不在本市注册")


# Claims ---------------------------------------------------------------------------------------------------

def test_claim_page_puts_the_evidence_and_the_flags_side_by_side(programme, voucher, product, buyer, agency_member,
                                                                  operator, officer):
    claim = submitted_claim(voucher=voucher, product=product, buyer=buyer, agency_member=agency_member,
                            operator=operator, invoice="INV-9", price="12000.00")  # above the published 10,000
    response = client_for(officer).get(reverse("vouchers:officer-claim", args=[claim.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert {flag.code for flag in response.context["flags"]} >= {"price", "fast"}
    assert "12000.00" in html and "10000.00" in html
    for file in (claim.contract, claim.copay_proof, claim.order.deliverable):
        assert f'href="{file.url}"' in html
    assert claim.order.voucher.code in html


def test_claim_queue_and_the_flagged_view(claim, officer):
    client = client_for(officer)
    rows = client.get(reverse("vouchers:officer-claims")).context["rows"]
    assert [row.claim for row in rows] == [claim]
    flagged = client.get(reverse("vouchers:officer-claims") + "?flagged=1").context["rows"]
    assert [row.claim for row in flagged] == ([claim] if rows[0].flags else [])


def test_approve_then_reverse(claim, programme, officer):
    client = client_for(officer)
    client.post(reverse("vouchers:officer-claim-approve", args=[claim.pk]), {"approve-reason": "材料齐全"})
    claim.refresh_from_db()
    assert claim.status == Claim.Status.APPROVED
    assert programme_budget_summary(programme).approved_unpaid == Decimal("5000.00")
    response = client.post(reverse("vouchers:officer-claim-reverse", args=[claim.pk]), {"reverse-reason": ""})
    assert response.status_code == 400
    client.post(reverse("vouchers:officer-claim-reverse", args=[claim.pk]), {"reverse-reason": "发票作废"})
    claim.refresh_from_db()
    assert claim.status == Claim.Status.REVERSED
    assert programme_budget_summary(programme).available == Decimal("100000.00")
    assert ledger_problems() == []


def test_reject_returns_for_correction_with_the_reason(claim, officer):
    client = client_for(officer)
    assert client.post(reverse("vouchers:officer-claim-reject", args=[claim.pk]),
                       {"reject-reason": ""}).status_code == 400
    client.post(reverse("vouchers:officer-claim-reject", args=[claim.pk]), {"reject-reason": "合同未盖章"})
    claim.refresh_from_db()
    assert claim.status == Claim.Status.RETURNED
    assert claim.reviews.get().reason == "合同未盖章"


def test_two_stage_review_needs_a_second_officer(authority, officer, second_officer, buyer_org, buyer, product,
                                                 agency_member, operator):
    from vouchers.services.programmes import programme_open

    from .conftest import issue_voucher

    programme = programme_open(programme=programme_create(authority=authority, actor=officer, budget="10000",
                                                          **programme_fields(review_stages=2)), actor=officer)
    voucher = issue_voucher(programme, buyer_org, buyer, officer)
    claim = submitted_claim(voucher=voucher, product=product, buyer=buyer, agency_member=agency_member,
                            operator=operator, invoice="INV-2S")
    client = client_for(officer)
    url = reverse("vouchers:officer-claim-approve", args=[claim.pk])
    client.post(url, {})
    claim.refresh_from_db()
    assert claim.status == Claim.Status.CHECKED
    page = client.get(reverse("vouchers:officer-claim", args=[claim.pk]))
    assert page.context["stage"] == 2 and page.context["same_officer_twice"]
    response = client.post(url, {})
    assert response.status_code == 400
    assert "another officer" in " ".join(response.context["approve_form"].non_field_errors())
    client_for(second_officer).post(url, {})
    claim.refresh_from_db()
    assert claim.status == Claim.Status.APPROVED
    assert list(claim.reviews.values_list("stage", "reviewer")) == [(1, officer.pk), (2, second_officer.pk)]
    assert ClaimReview.objects.filter(claim=claim).count() == 2


def test_a_claim_decided_meanwhile_gets_a_message_not_an_error(claim, officer, second_officer):
    claim_approve(claim=claim, actor=second_officer)
    response = client_for(officer).post(reverse("vouchers:officer-claim-approve", args=[claim.pk]), {})
    assert response.status_code == 400
    assert response.context["approve_form"].non_field_errors()
    assert claim.ledger_transactions.filter(kind="redeem").count() == 1


# Who may see what -----------------------------------------------------------------------------------------

def officer_urls(programme, claim, application) -> list[tuple[str, str]]:
    get = [reverse("vouchers:officer-home"), reverse("vouchers:officer-programme-new"),
           reverse("vouchers:officer-programme", args=[programme.pk]),
           reverse("vouchers:officer-programme-edit", args=[programme.pk]),
           reverse("vouchers:officer-applications"), reverse("vouchers:officer-claims"),
           reverse("vouchers:officer-claim", args=[claim.pk])]
    post = [reverse("vouchers:officer-programme-open", args=[programme.pk]),
            reverse("vouchers:officer-programme-close", args=[programme.pk]),
            reverse("vouchers:officer-programme-fund", args=[programme.pk]),
            reverse("vouchers:officer-application-approve", args=[application.pk]),
            reverse("vouchers:officer-application-reject", args=[application.pk]),
            reverse("vouchers:officer-claim-approve", args=[claim.pk]),
            reverse("vouchers:officer-claim-reject", args=[claim.pk]),
            reverse("vouchers:officer-claim-reverse", args=[claim.pk])]
    return [("get", u) for u in get] + [("post", u) for u in post]


def test_non_officers_are_turned_away_everywhere(programme, claim, buyer, agency_member, operator):
    enterprise = OrganisationFactory(name_zh="申请企业", slug="applicant", kind=Organisation.Kind.ENTERPRISE,
                                     province="江苏省", city="苏州市")
    member = MembershipFactory(organisation=enterprise, user=UserFactory(username="applicant")).user
    application = application_submit(programme=programme, applicant=enterprise, actor=member, employees=10,
                                     annual_revenue="100000", purpose="检索")
    counts = (Voucher.objects.count(), Claim.objects.filter(status=Claim.Status.SUBMITTED).count())
    data = {"amount": "100", "reason": "x", "approve-reason": "x", "reject-reason": "x", "reverse-reason": "x",
            f"r{application.pk}-reason": "x"}
    anonymous = Client()
    for method, url in officer_urls(programme, claim, application):
        response = getattr(anonymous, method)(url, data)
        assert response.status_code == 302 and "/login" in response["Location"], url
        for user in (buyer, agency_member, operator):
            assert getattr(client_for(user), method)(url, data).status_code == 404, (url, user)
    application.refresh_from_db()
    assert application.status == VoucherApplication.Status.SUBMITTED
    assert counts == (Voucher.objects.count(), Claim.objects.filter(status=Claim.Status.SUBMITTED).count())
    assert programme_budget_summary(programme).funded == Decimal("100000.00")


def test_an_officer_of_another_authority_sees_none_of_it(programme, claim, buyer_org, other_officer):
    enterprise = OrganisationFactory(name_zh="申请企业", slug="applicant", kind=Organisation.Kind.ENTERPRISE)
    member = MembershipFactory(organisation=enterprise, user=UserFactory(username="applicant")).user
    application = application_submit(programme=programme, applicant=enterprise, actor=member, employees=10,
                                     annual_revenue="100000", purpose="检索")
    client = client_for(other_officer)
    home = client.get(reverse("vouchers:officer-home"))
    assert home.status_code == 200 and home.context["rows"] == []
    assert client.get(reverse("vouchers:officer-applications")).context["queue"] == []
    assert client.get(reverse("vouchers:officer-claims")).context["rows"] == []
    for method, url in officer_urls(programme, claim, application):
        if "/programmes/new/" in url or url in (reverse("vouchers:officer-home"),
                                               reverse("vouchers:officer-applications"),
                                               reverse("vouchers:officer-claims")):
            continue  # their own authority's pages, checked above
        response = getattr(client, method)(url, {"amount": "100", "reason": "x", "approve-reason": "x"})
        assert response.status_code == 404, url
    claim.refresh_from_db()
    assert claim.status == Claim.Status.SUBMITTED


def test_the_pages_speak_chinese_first(programme, claim, officer):
    client = Client()
    client.force_login(officer)
    assert "服务券项目" in client.get(reverse("vouchers:officer-home")).content.decode()
    assert "企业自付款凭证" in client.get(reverse("vouchers:officer-claim", args=[claim.pk])).content.decode()


def test_burn_down_runs_day_by_day(authority, officer, buyer_org, buyer):
    """Funded on day one, a voucher issued on day two, a top-up on day three: one row per day, each the
    budget at that day's end."""
    from unittest import mock

    from vouchers.services.programmes import programme_open

    from .conftest import issue_voucher

    start = timezone.now() - datetime.timedelta(days=2)
    with mock.patch("django.utils.timezone.now", return_value=start):
        programme = programme_open(programme=programme_create(authority=authority, actor=officer, budget="30000",
                                                              **programme_fields()), actor=officer)
    with mock.patch("django.utils.timezone.now", return_value=start + datetime.timedelta(days=1)):
        issue_voucher(programme, buyer_org, buyer, officer)
    programme_fund(programme=programme, actor=officer, amount="1000")
    rows = [(d.day, d.added, d.taken, d.available) for d in programme_burn_down(programme)]
    days = [timezone.localdate(start + datetime.timedelta(days=n)) for n in range(3)]
    assert rows == [(days[0], Decimal("30000.00"), Decimal("0.00"), Decimal("30000.00")),
                    (days[1], Decimal("0.00"), Decimal("5000.00"), Decimal("25000.00")),
                    (days[2], Decimal("1000.00"), Decimal("0.00"), Decimal("26000.00"))]
    page = client_for(officer).get(reverse("vouchers:officer-programme", args=[programme.pk]))
    assert page.context["burn_down_series"]["available"] == ["30000.00", "25000.00", "26000.00"]
    assert page.content.decode().count("<tr><td>") >= 3
