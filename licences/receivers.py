"""The licences app follows deals and payments through their signals (each sent after its commit)."""

from django.dispatch import receiver

from deals.models import Agreement, Deal
from deals.signals import agreement_signed, deal_changed
from payments.models import Payment
from payments.signals import payment_changed

from .services import (
    distributions_refund,
    instalment_settle,
    instalments_cancel_for_deal,
    instalments_create_for_agreement,
    licence_record,
)

REFUND_ACTIONS = ("refund", "refund_partially")


@receiver(agreement_signed, dispatch_uid="licences.agreement_signed")
def on_agreement_signed(sender, *, deal_id: int, agreement_id: int, **kwargs) -> None:
    """Both parties signed: set up what is owed; with nothing owed up front the licence is recorded now."""
    agreement = Agreement.objects.select_related("deal__listing").get(pk=agreement_id, deal_id=deal_id)
    instalments = instalments_create_for_agreement(agreement=agreement)
    if not any(instalment.kind == instalment.Kind.UPFRONT for instalment in instalments):
        licence_record(agreement=agreement)


@receiver(payment_changed, dispatch_uid="licences.payment_changed")
def on_payment_changed(sender, *, payment_id: int, action: str, status: str, **kwargs) -> None:
    payment = Payment.objects.get(pk=payment_id)
    if status == Payment.Status.SUCCEEDED:  # confirmed, or a failed refund gave the payment back
        instalment_settle(payment=payment)
    elif action in REFUND_ACTIONS:
        distributions_refund(payment=payment)


@receiver(deal_changed, dispatch_uid="licences.deal_closed")
def on_deal_closed(sender, *, deal_id: int, action: str, **kwargs) -> None:
    if action == "close":
        deal = Deal.objects.get(pk=deal_id)
        instalments_cancel_for_deal(deal=deal, reason=kwargs.get("reason", ""))
