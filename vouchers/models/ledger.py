"""The voucher money ledger: append-only, double-entry.

Every movement is one LedgerTransaction whose lines sum to zero; an account is a name (see vouchers.ledger) and
its balance is the sum of its lines, never a stored figure. Rows are never changed or deleted: a mistake is put
right by a further transaction ("reverse").
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .programmes import Programme


class AppendOnly(Exception):
    """A ledger row was asked to change or go."""


class AppendOnlyModel(models.Model):
    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnly(f"{type(self).__name__} {self.pk} is part of the ledger and cannot change")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnly(f"{type(self).__name__} {self.pk} is part of the ledger and cannot be deleted")


class LedgerTransaction(AppendOnlyModel):
    class Kind(models.TextChoices):
        FUND = "fund", _("Budget funded")
        RESERVE = "reserve", _("Voucher issued")
        HOLD = "hold", _("Held for an order")
        RELEASE = "release", _("Hold released")
        REDEEM = "redeem", _("Claim approved")
        SETTLE = "settle", _("Paid by the treasury")
        EXPIRE = "expire", _("Voucher expired")
        LAPSE = "lapse", _("Order lapsed")
        REVERSE = "reverse", _("Reversed")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="ledger_transactions")
    amount = models.DecimalField(_("amount"), max_digits=14, decimal_places=2)
    # What the movement was about, for the histories shown to each party.
    voucher = models.ForeignKey("vouchers.Voucher", null=True, blank=True, on_delete=models.PROTECT,
                                related_name="ledger_transactions")
    order = models.ForeignKey("vouchers.ServiceOrder", null=True, blank=True, on_delete=models.PROTECT,
                              related_name="ledger_transactions")
    claim = models.ForeignKey("vouchers.Claim", null=True, blank=True, on_delete=models.PROTECT,
                              related_name="ledger_transactions")
    memo = models.CharField(_("memo"), max_length=300, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+")
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [models.CheckConstraint(condition=models.Q(amount__gt=0), name="ledger_amount_positive")]
        verbose_name = _("ledger transaction")
        verbose_name_plural = _("ledger transactions")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.amount}"


class LedgerLine(AppendOnlyModel):
    transaction = models.ForeignKey(LedgerTransaction, on_delete=models.PROTECT, related_name="lines")
    account = models.CharField(_("account"), max_length=80)
    amount = models.DecimalField(_("amount"), max_digits=14, decimal_places=2)  # + into, - out of the account

    class Meta:
        ordering = ["pk"]
        indexes = [models.Index(fields=["account", "amount"], name="ledger_line_account")]
        verbose_name = _("ledger line")
        verbose_name_plural = _("ledger lines")

    def __str__(self) -> str:
        return f"{self.account} {self.amount:+}"
