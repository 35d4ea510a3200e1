"""Conflict of interest between an agency and an enterprise, and the risk flags officers see on a claim."""

import re
from dataclasses import dataclass
from datetime import timedelta

from django.utils.translation import gettext as _

from marketplace.models import Membership, Organisation
from marketplace.organisation_names import organisation_name_key

from .dates import end_of_day
from .models import Claim

# Claims between the same agency and enterprise in one programme from which the pair is worth a look.
PAIR_CLAIMS_FLAG = 3
BUNCHED_BEFORE_DEADLINE = timedelta(days=3)
CONFIRMED_TOO_FAST = timedelta(minutes=30)


def _digits(phone: str) -> str:
    digits = re.sub(r"\D", "", phone or "")
    return digits[-8:] if len(digits) >= 7 else ""  # the subscriber number, whatever prefix was written


def _address_key(address: str) -> str:
    return re.sub(r"[\s,，、.。#号\-—()（）]", "", address or "").lower()


def conflicts_of_interest(agency: Organisation, enterprise: Organisation) -> list[str]:
    """Why `agency` may not redeem a voucher of `enterprise` (empty: nothing found)."""
    reasons = []
    shared = Membership.objects.filter(organisation=agency).values("user").intersection(
        Membership.objects.filter(organisation=enterprise).values("user"))
    if shared.exists():
        reasons.append(_("The agency and the enterprise share a member."))
    rep_a, rep_e = (organisation_name_key(o.legal_representative) for o in (agency, enterprise))
    if rep_a and rep_a == rep_e:
        reasons.append(_("The agency and the enterprise have the same legal representative."))
    addr_a, addr_e = _address_key(agency.address), _address_key(enterprise.address)
    if addr_a and addr_a == addr_e:
        reasons.append(_("The agency and the enterprise share an address."))
    phone_a, phone_e = _digits(agency.contact_phone), _digits(enterprise.contact_phone)
    if phone_a and phone_a == phone_e:
        reasons.append(_("The agency and the enterprise share a phone number."))
    return reasons


@dataclass(frozen=True)
class RiskFlag:
    code: str
    message: str


def claim_risk_flags(claim: Claim) -> list[RiskFlag]:
    """What a reviewer should look at twice. Flags inform the review; they decide nothing."""
    order, programme = claim.order, claim.programme
    flags = []
    if order.price > order.product.price:
        flags.append(RiskFlag("price", _("The agreed price %(price)s is above the agency's published price "
                                         "%(published)s.") % {"price": order.price, "published": order.product.price}))
    pair = Claim.objects.filter(programme=programme, agency=claim.agency, order__buyer=order.buyer).count()
    if pair >= PAIR_CLAIMS_FLAG:
        flags.append(RiskFlag("pair", _("%(n)d claims between this agency and this enterprise in the programme.")
                              % {"n": pair}))
    deadline_end = end_of_day(programme.claim_deadline)
    if claim.submitted_at and deadline_end - claim.submitted_at <= BUNCHED_BEFORE_DEADLINE:
        flags.append(RiskFlag("deadline", _("Submitted in the last %(days)d days before the claim deadline.")
                              % {"days": BUNCHED_BEFORE_DEADLINE.days}))
    if order.confirmed_at and order.confirmed_at - order.created_at <= CONFIRMED_TOO_FAST:
        minutes = int((order.confirmed_at - order.created_at).total_seconds() // 60)
        flags.append(RiskFlag("fast", _("Delivery was confirmed %(minutes)d minutes after the order was placed.")
                              % {"minutes": minutes}))
    return flags
