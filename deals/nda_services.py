"""Writes to the NDA: operators publish new versions of its text; a buyer's member accepts it in a deal.

A published version is never changed: editing the text publishes the next version, and the room then asks the
buyer to accept that one (deals.selectors.deal_confidential_locked)."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from marketplace.permissions import is_operator, require
from marketplace.services.common import send_on_commit
from marketplace.workflow import lock_row, record_event

from .models import Deal, DealMessage, NdaAcceptance, NdaVersion
from .notifications import nda_accepted_notify
from .selectors import deal_side_for_user, nda_version_current
from .signals import deal_changed

NDA_MAX_LENGTH = 50_000


def _clean_nda_text(text: str, field: str) -> str:
    text = text.strip()
    if not text:
        raise ValidationError({field: _("Write the NDA's text in both languages.")})
    if len(text) > NDA_MAX_LENGTH:
        raise ValidationError({field: _("At most %(n)d characters, please (this has %(count)d).")
                               % {"n": NDA_MAX_LENGTH, "count": len(text)}})
    return text


def nda_version_publish(*, actor, body_zh: str, body_en: str) -> NdaVersion:
    """The next version of the NDA, which buyers are asked to accept from now on (operators only)."""
    require(is_operator(actor), _("Only the operation centre edits the NDA."))
    body_zh, body_en = _clean_nda_text(body_zh, "body_zh"), _clean_nda_text(body_en, "body_en")
    current = nda_version_current()
    if current is not None and (current.body_zh, current.body_en) == (body_zh, body_en):
        raise ValidationError(_("This is the current text: change it to publish a new version."))
    try:
        with transaction.atomic():
            # Lock the latest version, then read the highest number afresh: a version published while this
            # waited for the lock is counted.
            NdaVersion.objects.select_for_update().order_by("-number").first()
            number = (NdaVersion.objects.aggregate(n=Max("number"))["n"] or 0) + 1
            version = NdaVersion.objects.create(number=number, body_zh=body_zh, body_en=body_en, created_by=actor)
            record_event(version, action="publish", actor=actor, data={"number": number})
    except IntegrityError:  # the very first version, published twice at once
        raise ValidationError(_("Another operator published a version at the same moment; check it and try "
                                "again.")) from None
    return version


def nda_accept(*, deal: Deal, user, version: NdaVersion, ip_address: str | None = None) -> NdaAcceptance:
    """A member of the buyer accepts `version` (the one they were shown) for their organisation in `deal`.

    Accepting again, or a colleague accepting at the same instant, gives the one acceptance already made."""
    with transaction.atomic():
        deal = lock_row(deal)  # acceptances of one deal are ordered on its row
        require(deal_side_for_user(deal=deal, user=user) == DealMessage.Side.BUYER,
                _("Only the buyer's members accept the NDA."))
        if not deal.listing.requires_nda:
            raise ValidationError(_("This listing does not ask for an NDA."))
        current = nda_version_current()
        if current is None or version.pk != current.pk:
            raise ValidationError(_("The NDA has changed since you opened the page; read the current version "
                                    "and accept it."))
        existing = NdaAcceptance.objects.filter(deal=deal, version=version).first()
        if existing is not None:
            return existing
        acceptance = NdaAcceptance.objects.create(deal=deal, organisation=deal.buyer, user=user, version=version,
                                                  ip_address=ip_address)
        record_event(deal, action="nda_accept", actor=user,
                     data={"acceptance_id": acceptance.pk, "version": version.number, "ip": ip_address})
        nda_accepted_notify(acceptance=acceptance)
        send_on_commit(deal_changed, deal_id=deal.pk, action="nda_accept", status=deal.status)
    return acceptance
