"""The vouchers app follows payments through their signal (sent after each commit)."""

from django.dispatch import receiver

from payments.models import Payment
from payments.signals import payment_changed

from .services.orders import order_copay_received


@receiver(payment_changed, dispatch_uid="vouchers.payment_changed")
def on_payment_changed(sender, *, payment_id: int, status: str, **kwargs) -> None:
    if status == Payment.Status.SUCCEEDED:
        order_copay_received(payment=Payment.objects.get(pk=payment_id))
