"""What the voucher services share: money to the cent, standing sanctions, the officer check."""

from decimal import ROUND_DOWN, Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from deals.terms import CENT
from marketplace.models import Organisation
from marketplace.permissions import require

from ..ledger import balance, budget_account, ledger_move, voucher_account
from ..models import Sanction, Voucher
from ..permissions import is_officer


def voucher_share(*, price: Decimal, ratio: Decimal) -> Decimal:
    """The most a voucher may pay of `price`: the ratio of it, rounded down to the cent (never a cent over)."""
    return (price * ratio).quantize(CENT, rounding=ROUND_DOWN)


def voucher_return_to_budget(*, voucher: Voucher, kind: str, memo: str, actor=None) -> None:
    """What is left on a voucher that can no longer be spent (expired, revoked) goes back to its programme's
    budget. The caller holds the voucher's lock."""
    left = balance(voucher_account(voucher.pk))
    if left > 0:
        ledger_move(kind=kind, programme=voucher.programme, amount=left, source=voucher_account(voucher.pk),
                    target=budget_account(voucher.programme_id), actor=actor, voucher=voucher, memo=memo)


def require_officer(actor, authority: Organisation) -> None:
    require(is_officer(actor, authority), _("Only the authority's voucher officers can do this."))


def sanction_standing(organisation: Organisation) -> Sanction | None:
    return Sanction.objects.filter(organisation=organisation, lifted_at__isnull=True).first()


def require_not_sanctioned(*organisations: Organisation) -> None:
    """Refuse if any of `organisations` is under a standing sanction (one query for all of them)."""
    by_id = {organisation.pk: organisation for organisation in organisations}
    sanction = Sanction.objects.filter(organisation_id__in=by_id, lifted_at__isnull=True).order_by("pk").first()
    if sanction is not None:
        raise ValidationError(_("%(organisation)s is suspended from voucher programmes: %(reason)s")
                              % {"organisation": by_id[sanction.organisation_id], "reason": sanction.reason})
