"""Accreditation and products under concurrency (PostgreSQL): two officers activating at once activate once; an
objection arriving while an officer activates is either refused or blocks the activation, so an agency is never
active over an open objection; two members editing different fields of a product both keep their change."""

import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone

from marketplace.models import Organisation
from marketplace.workflow import IllegalTransition, history
from tests.factories import MembershipFactory, OrganisationFactory
from vouchers.models import Accreditation, Objection, ServiceProduct
from vouchers.services import accreditation as accreditation_services
from vouchers.services.accreditation import accreditation_activate, objection_raise
from vouchers.services.products import product_update

from ..concurrency import race, racing

TRIALS = 10


def notice_over(authority, number: int) -> Accreditation:
    """An agency whose public notice has just ended, no objection raised."""
    agency = OrganisationFactory(kind=Organisation.Kind.SERVICE_AGENCY, slug=f"agency-{number}",
                                 name_zh=f"代理机构{number}")
    return Accreditation.objects.create(
        agency=agency, authority=authority, status=Accreditation.Status.NOTICE, legal_entity=agency.name_zh,
        unified_credit_code="91320594MA1X000000", legal_representative="王五", founded=datetime.date(2015, 3, 1),
        premises="苏州", staff_qualifications="代理师 3 名", services_and_prices="检索 5000 元",
        notice_ends_at=timezone.now() - datetime.timedelta(seconds=1))


@racing
def test_two_officers_activating_at_once_activate_once(authority, officer, second_officer):
    for number in range(TRIALS):
        accreditation = notice_over(authority, number)
        outcomes = race(lambda: accreditation_activate(accreditation=accreditation, actor=officer),
                        lambda: accreditation_activate(accreditation=accreditation, actor=second_officer))
        assert sorted(outcome.ok for outcome in outcomes) == [False, True]
        assert all(isinstance(o.error, IllegalTransition) for o in outcomes if not o.ok)
        accreditation.refresh_from_db()
        assert accreditation.status == Accreditation.Status.ACTIVE
        assert history(accreditation).filter(action="activate").count() == 1


@racing
def test_an_objection_raised_while_activating_is_never_overridden(authority, officer, buyer, monkeypatch):
    # The objection arrives at the last instant of the notice: its time check passed, as the activation's did.
    monkeypatch.setattr(accreditation_services, "notice_running",
                        lambda accreditation, now=None: accreditation.status == Accreditation.Status.NOTICE)
    for number in range(TRIALS):
        accreditation = notice_over(authority, number)
        activation, objection = race(
            lambda: accreditation_activate(accreditation=accreditation, actor=officer),
            lambda: objection_raise(accreditation=accreditation, actor=buyer, reason="资质造假"))
        assert activation.ok != objection.ok  # exactly one of them happened
        assert all(isinstance(o.error, ValidationError) for o in (activation, objection) if not o.ok)
        accreditation.refresh_from_db()
        open_objections = Objection.objects.filter(accreditation=accreditation, status=Objection.Status.OPEN)
        if activation.ok:
            assert accreditation.status == Accreditation.Status.ACTIVE and not open_objections.exists()
        else:
            assert accreditation.status == Accreditation.Status.NOTICE and open_objections.count() == 1


@racing
def test_two_edits_of_a_product_keep_both_fields(product, agency):
    colleague = MembershipFactory(organisation=agency).user
    member = MembershipFactory(organisation=agency).user
    for number in range(TRIALS):
        title, days = f"专利检索分析 第{number}版", 10 + number
        race(lambda: product_update(product=product, actor=member, title_zh=title),
             lambda: product_update(product=product, actor=colleague, delivery_days=days))
        stored = ServiceProduct.objects.get(pk=product.pk)
        assert (stored.title_zh, stored.delivery_days) == (title, days)
