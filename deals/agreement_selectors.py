"""Reads of agreements: who may see one (and its file), the agreements of a deal, and the verification of
its signatures against the stored PDF."""

from dataclasses import dataclass

from django.db.models import QuerySet

from .agreements import agreement_file_sha256
from .models import Agreement, Deal, Signature
from .selectors import deal_get_for_user


def agreement_get_for_user(*, deal_pk: int, pk: int, user) -> Agreement:
    """The agreement if `user` may see its deal (a party's member or an operator); else
    Agreement.DoesNotExist, the same as for an id that does not exist."""
    try:
        deal = deal_get_for_user(pk=deal_pk, user=user)
    except Deal.DoesNotExist:
        raise Agreement.DoesNotExist from None
    return deal.agreements.select_related("deal__listing", "deal__buyer", "deal__seller").get(pk=pk)


def agreement_list_for_deal(*, deal: Deal) -> QuerySet:
    return deal.agreements.order_by("-created_at", "-pk")


def agreement_file_visible(*, name: str, user) -> bool:
    """Whether `user` may download the agreement PDF stored under `name` (ipmarket.media's access rule)."""
    agreement = Agreement.objects.filter(pdf=name).only("pk", "deal_id").first()
    if agreement is None:
        return False
    try:
        deal_get_for_user(pk=agreement.deal_id, user=user)
    except Deal.DoesNotExist:
        return False
    return True


@dataclass(frozen=True)
class Verification:
    file_sha256: str | None  # of the stored file now (None: the file is missing)
    file_matches: bool  # the file is still the one generated
    signatures: list[tuple[Signature, bool]]  # each signature, and whether it is over the file as it is now


def agreement_verification(*, agreement: Agreement) -> Verification:
    current = agreement_file_sha256(agreement)
    signatures = agreement.signatures.select_related("user", "organisation").order_by("signed_at", "pk")
    return Verification(
        file_sha256=current,
        file_matches=current is not None and current == agreement.pdf_sha256,
        signatures=[(signature, signature.pdf_sha256 == current) for signature in signatures],
    )
