"""Notices about licences (a missing royalty report, an overdue instalment, a dispute's change), sent through
marketplace.notices: each kind renders its parameters (ids and dates, never text) in the active language."""

from datetime import date

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cms.templatetags.ipmarket import bilingual_value

from .models import Dispute, Instalment, Licence

# What a dispute's change is called in its notices (the DISPUTE_WORKFLOW actions and the other writes).
DISPUTE_ACTIONS = {
    "open": gettext_lazy("Dispute opened"), "mediate": gettext_lazy("Dispute taken into mediation"),
    "resolve": gettext_lazy("Dispute resolved"), "withdraw": gettext_lazy("Dispute withdrawn"),
    "note": gettext_lazy("New note from the operation centre"), "evidence": gettext_lazy("New evidence"),
}


def _licence_name(licence: Licence) -> str:
    return f"{licence.listing.identifier} · {bilingual_value(licence.listing, 'title')}"


def _report_due(*, licence_id: int, period_start: str, period_end: str) -> dict:
    licence = Licence.objects.select_related("listing").get(pk=licence_id)
    return {
        "headline": _("Royalty report due: %(start)s – %(end)s") % {"start": period_start, "end": period_end},
        "body": _("The royalty report of %(licence)s for %(start)s – %(end)s has not been filed yet. "
                  "Please file it.") % {"licence": _licence_name(licence), "start": period_start,
                                        "end": period_end},
        "path": reverse("royalties:licence", args=[licence.pk]),
    }


def _instalment_overdue(*, instalment_id: int) -> dict:
    instalment = Instalment.objects.get(pk=instalment_id)
    return {
        "headline": _("Payment overdue: %(label)s") % {"label": instalment.title},
        "body": _("%(label)s, %(amount)s %(currency)s, was due on %(date)s and has not been paid.")
        % {"label": instalment.title, "amount": instalment.amount, "currency": instalment.currency,
           "date": instalment.due_date.isoformat() if instalment.due_date else "—"},
        "path": reverse("royalties:invoices"),
    }


def _dispute_changed(*, dispute_id: int, action: str) -> dict:
    dispute = Dispute.objects.select_related("deal__listing").get(pk=dispute_id)
    listing = dispute.deal.listing
    return {
        "headline": f"{DISPUTE_ACTIONS[action]}: {listing.identifier}",
        "body": _("Dispute about “%(listing)s”: %(status)s.")
        % {"listing": bilingual_value(listing, "title"), "status": dispute.get_status_display()},
        "path": reverse("royalties:dispute", args=[dispute.pk]),
    }


NOTICE_KINDS = {"royalty_report_due": _report_due, "instalment_overdue": _instalment_overdue,
                "dispute": _dispute_changed}  # registered in marketplace.notices by LicencesConfig.ready


def period_params(*, licence: Licence, start: date, end: date) -> dict:
    return {"licence_id": licence.pk, "period_start": start.isoformat(), "period_end": end.isoformat()}
