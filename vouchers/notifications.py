"""Notices of a voucher order's and claim's progress to the members of the organisation that must act or hear
of it, and reminders before a voucher's expiry and a programme's claim deadline (marketplace.notices: in-app at
once, by e-mail after the commit, each in the member's own language).

The services call `notify_order` / `notify_claim` right after their writes, inside their transaction, so a
notice exists exactly when the change it reports was committed, whoever made it (a page, the API, a task).
"""

from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from cms.templatetags.ipmarket import bilingual_value
from marketplace.notices import notice_send
from marketplace.selectors.organisations import organisation_member_ids

from .ledger import balance, voucher_account
from .models import Claim, ClaimReview, Programme, ServiceOrder, Voucher

CLAIM_NOTICE_STATES = (Claim.Status.RETURNED, Claim.Status.REFUSED, Claim.Status.APPROVED)
# The review decisions that lead to each of those states (whose reason the notice quotes).
DECISIONS = {Claim.Status.RETURNED: [ClaimReview.Decision.RETURN], Claim.Status.REFUSED: [ClaimReview.Decision.REFUSE],
             Claim.Status.APPROVED: [ClaimReview.Decision.APPROVE]}


def _order(order_id: int) -> ServiceOrder:
    return ServiceOrder.objects.select_related("product", "agency", "buyer").get(pk=order_id)


def _order_name(order: ServiceOrder) -> str:
    return f"#{order.pk} {bilingual_value(order.product, 'title')}"


def _agency_order_path(order: ServiceOrder) -> str:
    return reverse("vouchers:agency-order", args=[order.pk])


def _enterprise_order_path(order: ServiceOrder) -> str:
    return reverse("vouchers:enterprise-order", args=[order.pk])


def _order_placed(*, order_id: int) -> dict:
    order = _order(order_id)
    return {"headline": _("New service order %(order)s") % {"order": _order_name(order)},
            "body": _("%(buyer)s ordered %(order)s for %(price)s CNY (voucher %(voucher)s CNY, co-payment "
                      "%(copay)s CNY). Start once the co-payment has arrived.")
            % {"buyer": order.buyer, "order": _order_name(order), "price": order.price,
               "voucher": order.voucher_amount, "copay": order.copay_amount},
            "path": _agency_order_path(order)}


def _order_paid(*, order_id: int) -> dict:
    order = _order(order_id)
    return {"headline": _("Co-payment received: %(order)s") % {"order": _order_name(order)},
            "body": _("The enterprise's co-payment for %(order)s has arrived: you can start the work.")
            % {"order": _order_name(order)},
            "path": _agency_order_path(order)}


def _order_delivered(*, order_id: int) -> dict:
    order = _order(order_id)
    return {"headline": _("Delivered: %(order)s") % {"order": _order_name(order)},
            "body": _("%(agency)s delivered %(order)s. Check the deliverable, then confirm and rate it or "
                      "dispute it.") % {"agency": order.agency, "order": _order_name(order)},
            "path": _enterprise_order_path(order)}


def _order_confirmed(*, order_id: int) -> dict:
    order = _order(order_id)
    return {"headline": _("Delivery confirmed: %(order)s") % {"order": _order_name(order)},
            "body": _("%(buyer)s confirmed the delivery of %(order)s (rated %(rating)s of 5). You can submit "
                      "the redemption claim.") % {"buyer": order.buyer, "order": _order_name(order),
                                                  "rating": order.rating},
            "path": _agency_order_path(order)}


def _order_disputed(*, order_id: int) -> dict:
    order = _order(order_id)
    return {"headline": _("Delivery disputed: %(order)s") % {"order": _order_name(order)},
            "body": _("%(buyer)s disputes the delivery of %(order)s: %(reason)s")
            % {"buyer": order.buyer, "order": _order_name(order), "reason": order.dispute_reason},
            "path": _agency_order_path(order)}


def _claim_decided(*, claim_id: int, decision: str) -> dict:
    """`decision` is the status the officer's decision gave the claim (it may have moved on by the time the
    e-mail is written)."""
    claim = Claim.objects.select_related("order__product").get(pk=claim_id)
    order = claim.order
    review = claim.reviews.filter(decision__in=DECISIONS[decision]).order_by("-created_at", "-pk").first()
    reason = review.reason if review is not None and review.reason else "—"
    titles = {
        Claim.Status.RETURNED: _("Claim returned for correction: %(invoice)s"),
        Claim.Status.REFUSED: _("Claim refused: %(invoice)s"),
        Claim.Status.APPROVED: _("Claim approved: %(invoice)s"),
    }
    return {"headline": titles[decision] % {"invoice": claim.invoice_number},
            "body": _("Your claim of %(amount)s CNY for %(order)s is now “%(status)s”. The officer's reason: "
                      "%(reason)s") % {"amount": claim.amount, "order": _order_name(order),
                                       "status": Claim.Status(decision).label, "reason": reason},
            "path": _agency_order_path(order)}


def _voucher_expiring(*, voucher_id: int) -> dict:
    voucher = Voucher.objects.select_related("programme").get(pk=voucher_id)
    expires = formats.date_format(timezone.localtime(voucher.expires_at), "Y-m-d")
    return {
        "headline": _("Voucher %(code)s expires on %(date)s") % {"code": voucher.code, "date": expires},
        "body": _("%(amount)s CNY is still on voucher %(code)s of %(programme)s. Whatever is not spent by "
                  "%(date)s goes back to the programme's budget.")
        % {"amount": balance(voucher_account(voucher.pk)), "code": voucher.code,
           "programme": bilingual_value(voucher.programme, "name"), "date": expires},
        "path": reverse("vouchers:enterprise-home"),
    }


def _claim_deadline(*, programme_id: int, order_ids: list[int]) -> dict:
    programme = Programme.objects.get(pk=programme_id)
    orders = ServiceOrder.objects.filter(pk__in=order_ids).order_by("pk")
    return {
        "headline": _("Claim by %(date)s: %(programme)s")
        % {"date": programme.claim_deadline.isoformat(), "programme": bilingual_value(programme, "name")},
        "body": _("Orders %(orders)s are delivered but not claimed (or their claim was returned for "
                  "correction). Claims reaching the authority after %(date)s are not paid, and the orders lapse.")
        % {"orders": ", ".join(f"#{order.pk}" for order in orders), "date": programme.claim_deadline.isoformat()},
        "path": reverse("vouchers:agency-home"),
    }


# Order action: who hears of it, and the notice kind (registered in marketplace.notices by VouchersConfig.ready).
ORDER_NOTICES = {
    "place": ("agency", "voucher_order_place"),
    "pay": ("agency", "voucher_order_pay"),
    "deliver": ("buyer", "voucher_order_deliver"),
    "confirm": ("agency", "voucher_order_confirm"),
    "dispute": ("agency", "voucher_order_dispute"),
}
NOTICE_KINDS = {
    "voucher_order_place": _order_placed, "voucher_order_pay": _order_paid,
    "voucher_order_deliver": _order_delivered, "voucher_order_confirm": _order_confirmed,
    "voucher_order_dispute": _order_disputed,
    **{f"voucher_claim_{state}": _claim_decided for state in CLAIM_NOTICE_STATES},
    # Reminders before the deadlines (vouchers.services.reminders).
    "voucher_expiring": _voucher_expiring, "claim_deadline": _claim_deadline,
}


def notify_order(order: ServiceOrder, action: str, actor=None) -> None:
    """Tell the party that must act next what `action` did to `order` (not the member who did it)."""
    side, kind = ORDER_NOTICES[action]
    organisation_id = order.agency_id if side == "agency" else order.buyer_id
    notice_send(kind=kind, params={"order_id": order.pk},
                recipient_ids=organisation_member_ids(organisation_id, exclude=actor))


def notify_claim(claim: Claim, actor=None) -> None:
    """Tell the agency an officer's decision on its claim (a first-stage check is not a decision yet)."""
    if claim.status in CLAIM_NOTICE_STATES:
        notice_send(kind=f"voucher_claim_{claim.status}", params={"claim_id": claim.pk, "decision": claim.status},
                    recipient_ids=organisation_member_ids(claim.agency_id, exclude=actor))
