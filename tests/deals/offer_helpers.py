"""Shared by the offer tests: terms that pass every rule, a deal to make offers in, and a snapshot of everything
an offer action may change (to assert that a refused one changed nothing)."""

from datetime import date, timedelta
from decimal import Decimal

from deals.models import Agreement, Deal, EasyAccessTerms, Offer
from deals.services import deal_open_or_continue
from deals.terms import LicenceTerms, Milestone
from marketplace.models import AuditEvent, Notification


def good_terms(patent_ids, **changes) -> LicenceTerms:
    start = date.today()
    values = {
        "deal_kind": "non_exclusive_licence", "patent_ids": tuple(patent_ids), "start_date": start,
        "end_date": start + timedelta(days=3 * 365), "currency": "CNY", "territory": "中国大陆",
        "field_of_use": "动力电池", "upfront_fee": Decimal("200000.00"), "royalty_rate": Decimal("3.5"),
        "minimum_annual_royalty": Decimal("50000.00"),
        "milestones": (Milestone(label="首次量产", amount=Decimal("100000.00")),),
    }
    values.update(changes)
    return LicenceTerms(**values)


def open_deal(listing, buyer_org, buyer) -> Deal:
    return deal_open_or_continue(listing=listing, buyer=buyer_org, author=buyer, body="我们希望获得许可。")


def snapshot() -> dict:
    return {
        "offers": list(Offer.objects.order_by("pk").values_list("pk", "status", "decided_at", "terms_data")),
        "deals": list(Deal.objects.order_by("pk").values_list("pk", "status")),
        "agreements": list(Agreement.objects.order_by("pk").values_list("pk", "offer_id")),
        "events": AuditEvent.objects.count(),
        "notifications": Notification.objects.count(),
        "easy_access": list(EasyAccessTerms.objects.values_list("pk", "enabled", "terms_data")),
    }
