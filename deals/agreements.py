"""Agreements generated from accepted offers."""

from .models import Agreement, Offer


def agreement_generate(*, offer: Offer, actor) -> Agreement:
    """The agreement of an accepted offer, carrying its own copy of the terms (called in the transaction that
    accepts the offer)."""
    return Agreement.objects.create(deal=offer.deal, offer=offer, terms_data=offer.terms_data)
