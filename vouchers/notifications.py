"""In-app notices of a voucher order's and claim's progress, one Notification per member of the organisation
that must act or hear of it, each written in that member's own language.

The services call `notify_order` / `notify_claim` right after their writes, inside their transaction, so a
notice exists exactly when the change it reports was committed, whoever made it (a page, the API, a task).
A notice is a kind and ids, never text: the text is rendered per recipient from the rows as they are.
"""

from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from cms.templatetags.ipmarket import bilingual_value
from marketplace.models import Notification, User
from marketplace.selectors.organisations import organisation_member_ids

from .models import Claim, ServiceOrder


def _order_name(order: ServiceOrder) -> str:
    return f"#{order.pk} {bilingual_value(order.product, 'title')}"


def _agency_order_path(order: ServiceOrder) -> str:
    return reverse("vouchers:agency-order", args=[order.pk])


def _enterprise_order_path(order: ServiceOrder) -> str:
    return reverse("vouchers:enterprise-order", args=[order.pk])


def _order_placed(order: ServiceOrder) -> dict:
    return {"title": _("New service order %(order)s") % {"order": _order_name(order)},
            "body": _("%(buyer)s ordered %(order)s for %(price)s CNY (voucher %(voucher)s CNY, co-payment "
                      "%(copay)s CNY). Start once the co-payment has arrived.")
            % {"buyer": order.buyer, "order": _order_name(order), "price": order.price,
               "voucher": order.voucher_amount, "copay": order.copay_amount},
            "url": _agency_order_path(order)}


def _order_paid(order: ServiceOrder) -> dict:
    return {"title": _("Co-payment received: %(order)s") % {"order": _order_name(order)},
            "body": _("The enterprise's co-payment for %(order)s has arrived: you can start the work.")
            % {"order": _order_name(order)},
            "url": _agency_order_path(order)}


def _order_delivered(order: ServiceOrder) -> dict:
    return {"title": _("Delivered: %(order)s") % {"order": _order_name(order)},
            "body": _("%(agency)s delivered %(order)s. Check the deliverable, then confirm and rate it or "
                      "dispute it.") % {"agency": order.agency, "order": _order_name(order)},
            "url": _enterprise_order_path(order)}


def _order_confirmed(order: ServiceOrder) -> dict:
    return {"title": _("Delivery confirmed: %(order)s") % {"order": _order_name(order)},
            "body": _("%(buyer)s confirmed the delivery of %(order)s (rated %(rating)s of 5). You can submit "
                      "the redemption claim.") % {"buyer": order.buyer, "order": _order_name(order),
                                                  "rating": order.rating},
            "url": _agency_order_path(order)}


def _order_disputed(order: ServiceOrder) -> dict:
    return {"title": _("Delivery disputed: %(order)s") % {"order": _order_name(order)},
            "body": _("%(buyer)s disputes the delivery of %(order)s: %(reason)s")
            % {"buyer": order.buyer, "order": _order_name(order), "reason": order.dispute_reason},
            "url": _agency_order_path(order)}


def _claim_decided(claim: Claim) -> dict:
    order = claim.order
    review = claim.reviews.order_by("-created_at", "-pk").first()
    reason = review.reason if review is not None and review.reason else "—"
    titles = {
        Claim.Status.RETURNED: _("Claim returned for correction: %(invoice)s"),
        Claim.Status.REFUSED: _("Claim refused: %(invoice)s"),
        Claim.Status.APPROVED: _("Claim approved: %(invoice)s"),
    }
    return {"title": titles[claim.status] % {"invoice": claim.invoice_number},
            "body": _("Your claim of %(amount)s CNY for %(order)s is now “%(status)s”. The officer's reason: "
                      "%(reason)s") % {"amount": claim.amount, "order": _order_name(order),
                                       "status": claim.get_status_display(), "reason": reason},
            "url": _agency_order_path(order)}


ORDER_NOTICES = {
    # action: (who hears of it, what it says)
    "place": ("agency", _order_placed),
    "pay": ("agency", _order_paid),
    "deliver": ("buyer", _order_delivered),
    "confirm": ("agency", _order_confirmed),
    "dispute": ("agency", _order_disputed),
}
CLAIM_NOTICE_STATES = (Claim.Status.RETURNED, Claim.Status.REFUSED, Claim.Status.APPROVED)


def _send(kind: str, render, subject, organisation_id: int, actor=None) -> None:
    for recipient in User.objects.filter(pk__in=organisation_member_ids(organisation_id, exclude=actor)):
        with translation.override(recipient.preferred_language):
            text = render(subject)
        Notification.objects.create(recipient=recipient, kind=kind, title=text["title"][:300],
                                    body=text["body"][:500], url=text["url"])


def notify_order(order: ServiceOrder, action: str, actor=None) -> None:
    """Tell the party that must act next what `action` did to `order` (not the member who did it)."""
    side, render = ORDER_NOTICES[action]
    order = ServiceOrder.objects.select_related("product", "agency", "buyer").get(pk=order.pk)
    _send(f"voucher_order_{action}", render, order, order.agency_id if side == "agency" else order.buyer_id,
          actor)


def notify_claim(claim: Claim, actor=None) -> None:
    """Tell the agency an officer's decision on its claim (a first-stage check is not a decision yet)."""
    claim = Claim.objects.select_related("order__product").get(pk=claim.pk)
    if claim.status in CLAIM_NOTICE_STATES:
        _send(f"voucher_claim_{claim.status}", _claim_decided, claim, claim.agency_id, actor)
