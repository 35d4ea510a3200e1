from django.dispatch import receiver

from payments.signals import payment_changed

from .models import Instalment
from .royalties import royalty_reports_mark_paid


@receiver(payment_changed, dispatch_uid="licences.royalty_report_paid")
def royalty_report_paid(sender, *, payment_id: int, action: str, **kwargs) -> None:
    """A succeeded payment that settled a royalty invoice marks its report paid. Sent after the commit; if the
    invoice is settled by a receiver that runs after this one, the daily reminders task catches up."""
    if action == "succeed":
        royalty_reports_mark_paid(
            instalment_ids=list(Instalment.objects.filter(paid_by_id=payment_id).values_list("pk", flat=True))
        )
