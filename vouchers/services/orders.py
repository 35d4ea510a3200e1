"""An enterprise spends its voucher on an accredited agency's service product; the agency delivers; the
enterprise confirms and rates, or disputes.

Placing an order holds the voucher's part of the price on the ledger (the voucher's row locked while its
balance is read), and asks the enterprise's part through payments/ (offline with an operator's confirmation by
default). The agency starts once that co-payment has arrived.
"""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from deals.terms import money
from marketplace.models import Organisation
from marketplace.permissions import is_member, require
from marketplace.workflow import lock_row, record_event
from payments.checkout import PENDING, method_of, method_provider_name
from payments.models import Payment
from payments.providers import get_provider
from payments.services import payment_cancel, payment_card_confirm, payment_create

from ..dates import end_of_day
from ..evidence import evidence_check
from ..ledger import Kind, balance, budget_account, hold_account, ledger_move, voucher_account
from ..models import Accreditation, Programme, ServiceOrder, ServiceProduct, Voucher
from ..notifications import notify_order
from ..permissions import is_officer
from ..risk import conflicts_of_interest
from ..workflows import ORDER_WORKFLOW
from .common import require_not_sanctioned, voucher_share

O = ServiceOrder.Status


def agency_accredited(*, agency: Organisation, authority: Organisation) -> bool:
    return Accreditation.objects.filter(agency=agency, authority=authority,
                                        status=Accreditation.Status.ACTIVE).exists()


def order_quote(*, voucher: Voucher, price: Decimal, programme: Programme | None = None) -> tuple[Decimal, Decimal]:
    """(voucher part, enterprise part) of `price`: the voucher pays its programme's share to the cent, at most
    what is left on it."""
    ratio = (programme or voucher.programme).copay_ratio
    share = min(voucher_share(price=price, ratio=ratio), balance(voucher_account(voucher.pk)))
    share = max(share, Decimal("0.00"))
    return share, price - share


def order_place(*, voucher: Voucher, product: ServiceProduct, actor, price: Decimal | str | None = None,
                note: str = "") -> ServiceOrder:
    require(is_member(actor, voucher.holder), _("Only the voucher's holder can spend it."))
    programme, agency = voucher.programme, product.agency
    price = product.price if price in (None, "") else money(price, field_name="price", allow_zero=False)
    if not product.active:
        raise ValidationError(_("This service is no longer offered."))
    if product.category not in programme.categories:
        raise ValidationError(_("The programme does not pay for %(category)s.")
                              % {"category": product.get_category_display()})
    if not agency_accredited(agency=agency, authority=programme.authority):
        raise ValidationError(_("%(agency)s is not accredited for this programme's vouchers.") % {"agency": agency})
    require_not_sanctioned(agency, voucher.holder)
    conflicts = conflicts_of_interest(agency, voucher.holder)
    if conflicts:
        raise ValidationError(_("This agency cannot redeem your voucher: %(reasons)s")
                              % {"reasons": " ".join(conflicts)})
    holder = voucher.holder
    with transaction.atomic():
        voucher = lock_row(voucher)  # two orders at once cannot both spend the same balance
        now = timezone.now()
        if voucher.status != Voucher.Status.ACTIVE or voucher.expires_at <= now:
            raise ValidationError(_("Voucher %(code)s can no longer be used.") % {"code": voucher.code})
        if now >= end_of_day(programme.claim_deadline):
            raise ValidationError(_("The programme's claim deadline has passed."))
        voucher_amount, copay = order_quote(voucher=voucher, price=price, programme=programme)
        if voucher_amount <= 0:
            raise ValidationError(_("Nothing is left on voucher %(code)s.") % {"code": voucher.code})
        order = ServiceOrder.objects.create(
            voucher=voucher, programme=programme, product=product, agency=agency, buyer=holder,
            price=price, voucher_amount=voucher_amount, copay_amount=copay, note=note.strip(), placed_by=actor)
        ledger_move(kind=Kind.HOLD, programme=programme, amount=voucher_amount,
                    source=voucher_account(voucher.pk), target=hold_account(order.pk), actor=actor,
                    voucher=voucher, order=order, memo=voucher.code)
        record_event(order, action="place", from_state=order.status, to_state=order.status, actor=actor,
                     data={"price": str(price), "voucher_amount": str(voucher_amount), "copay": str(copay)})
        if copay > 0:
            payment = payment_create(payer=holder, payee=agency, amount=copay, purpose=order, actor=actor,
                                     description=_("Co-payment for service order #%(id)s") % {"id": order.pk})
            ServiceOrder.objects.filter(pk=order.pk).update(copay_payment=payment)
            order.copay_payment = payment
        else:
            order = ORDER_WORKFLOW.apply(order, "pay", actor=actor, timestamps=("paid_at",))
        notify_order(order, "place", actor)
    return order


def order_copay_received(*, payment: Payment) -> ServiceOrder | None:
    """The co-payment succeeded (an operator recorded the transfer, or the card went through): work starts.
    Reported twice, it changes nothing the second time."""
    order = ServiceOrder.objects.filter(copay_payment=payment).first()
    if order is None:
        return None
    with transaction.atomic():
        order = lock_row(order)
        if order.status != O.PLACED or Payment.objects.get(pk=payment.pk).status != Payment.Status.SUCCEEDED:
            return order
        order = ORDER_WORKFLOW.apply(order, "pay", data={"payment": payment.pk}, timestamps=("paid_at",))
        notify_order(order, "pay")
        return order


def order_copay_restart(*, order: ServiceOrder, actor, method: str) -> Payment:
    """The enterprise pays its part by bank transfer or by card: the order's one current co-payment. One still
    open by that method is kept (two clicks make one payment); one open by the other method is cancelled with
    its provider and a new one made; after a failed or cancelled attempt, a new one is made. The order's row
    is locked meanwhile, so two requests at once leave one live payment. The payments' own trails (created,
    cancelled, by whom) are the audit: each names the order as its purpose."""
    require(is_member(actor, order.buyer), _("Only the enterprise that ordered pays its part."))
    provider_name = method_provider_name(method)
    with transaction.atomic():
        order = lock_row(order)
        if order.status != O.PLACED:
            raise ValidationError(_("This order is now “%(status)s”: there is nothing to pay.")
                                  % {"status": order.get_status_display()})
        current = Payment.objects.filter(pk=order.copay_payment_id).first()
        if current is not None and current.status not in (*PENDING, Payment.Status.FAILED, Payment.Status.CANCELLED):
            raise ValidationError(_("Your co-payment is already %(status)s.")
                                  % {"status": current.get_status_display().lower()})
        if current is not None and current.status in PENDING and method_of(current) == method:
            return current
        payment = payment_create(payer=order.buyer, payee=order.agency, amount=order.copay_amount, purpose=order,
                                 actor=actor, provider=get_provider(provider_name),
                                 description=_("Co-payment for service order #%(id)s") % {"id": order.pk})
        if current is not None and current.status in PENDING:
            # After the new one is registered: should the provider refuse it, the old one still stands (an
            # intent registered and then rolled back here takes no money).
            payment_cancel(payment=current, actor=actor)
        ServiceOrder.objects.filter(pk=order.pk).update(copay_payment=payment)
        order.copay_payment = payment
        return payment


def order_copay_card_confirm(*, order: ServiceOrder, actor, payment_method: str) -> Payment:
    """The checkout page collected a card for the order's co-payment: charge it. Success reaches
    order_copay_received through the payment's signal; a decline leaves the payment failed, for another try."""
    require(is_member(actor, order.buyer), _("Only the enterprise that ordered pays its part."))
    payment = order.copay_payment
    if payment is None or method_of(payment) != "card":
        raise ValidationError(_("This order's co-payment is not a card payment; choose card on the order page."))
    return payment_card_confirm(payment=payment, actor=actor, payment_method=payment_method)


def order_deliver(*, order: ServiceOrder, actor, deliverable: UploadedFile | None, note: str = "") -> ServiceOrder:
    require(is_member(actor, order.agency), _("Only the agency delivers its orders."))
    deliverable = evidence_check(deliverable, field="deliverable")
    with transaction.atomic():
        order = ORDER_WORKFLOW.apply(order, "deliver", actor=actor, timestamps=("delivered_at",))
        order.deliverable = deliverable
        order.delivery_note = note.strip()
        order.save(update_fields=["deliverable", "delivery_note", "updated_at"])
        notify_order(order, "deliver", actor)
    return order


def order_confirm(*, order: ServiceOrder, actor, rating: int, comment: str = "") -> ServiceOrder:
    require(is_member(actor, order.buyer), _("Only the enterprise that ordered confirms delivery."))
    if rating not in range(1, 6):
        raise ValidationError({"rating": _("Rate the service from 1 to 5.")})
    with transaction.atomic():
        order = ORDER_WORKFLOW.apply(order, "confirm", actor=actor, data={"rating": rating},
                                     timestamps=("confirmed_at",))
        order.rating, order.rating_comment = rating, comment.strip()
        order.save(update_fields=["rating", "rating_comment", "updated_at"])
        notify_order(order, "confirm", actor)
    return order


def order_dispute(*, order: ServiceOrder, actor, reason: str) -> ServiceOrder:
    require(is_member(actor, order.buyer), _("Only the enterprise that ordered can dispute the delivery."))
    if not reason.strip():
        raise ValidationError({"reason": _("Say what is wrong with the delivery.")})
    with transaction.atomic():
        order = ORDER_WORKFLOW.apply(order, "dispute", actor=actor, reason=reason)
        ServiceOrder.objects.filter(pk=order.pk).update(dispute_reason=reason.strip())
        order.dispute_reason = reason.strip()
        notify_order(order, "dispute", actor)
    return order


def order_cancel(*, order: ServiceOrder, actor, reason: str) -> ServiceOrder:
    """The enterprise calls off an order it has not paid its part of; an officer, any order not yet delivered
    or in dispute. The held amount goes back to the voucher (to the budget once the voucher has expired)."""
    officer = is_officer(actor, order.programme.authority)
    require(officer or (is_member(actor, order.buyer) and order.status == O.PLACED),
            _("You cannot cancel this order."))
    if not reason.strip():
        raise ValidationError({"reason": _("Give a reason.")})
    return _order_end(order, "cancel", actor=actor, reason=reason)


def order_stop(*, order: ServiceOrder, reason: str, actor=None) -> ServiceOrder:
    """A party was sanctioned: the order ends whatever its stage before redemption (see services.sanctions)."""
    return _order_end(order, "stop", actor=actor, reason=reason)


def _order_end(order: ServiceOrder, action: str, *, actor, reason: str) -> ServiceOrder:
    with transaction.atomic():
        voucher = lock_row(order.voucher)  # before the order: the lock order of order_place
        order = ORDER_WORKFLOW.apply(order, action, actor=actor, reason=reason)
        hold_release(order=order, voucher=voucher, kind=Kind.RELEASE, actor=actor, memo=reason)
        payment = order.copay_payment
        if payment is not None and payment.status in PENDING:
            payment_cancel(payment=payment, actor=actor)
    return order


def hold_release(*, order: ServiceOrder, voucher: Voucher, kind: str, actor=None, memo: str = "",
                 to_budget: bool = False) -> Decimal:
    """Give back what is held for `order`: to the voucher while it can still be spent, else (or `to_budget`)
    to the programme's budget. The caller holds the voucher's lock."""
    held = balance(hold_account(order.pk))
    if held > 0:
        usable = not to_budget and voucher.status == Voucher.Status.ACTIVE and voucher.expires_at > timezone.now()
        target = voucher_account(voucher.pk) if usable else budget_account(order.programme_id)
        ledger_move(kind=kind, programme=order.programme, amount=held, source=hold_account(order.pk),
                    target=target, actor=actor, voucher=voucher, order=order, memo=memo)
    return held
