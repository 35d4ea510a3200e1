"""Who may fetch a file under vouchers/ (ipmarket/media.py): accreditation papers go to the agency's members
and the authority's officers; an order's deliverable and a claim's contract and proof of co-payment go to the
buying enterprise's and the agency's members and the programme authority's officers. Operators see all."""

from django.db.models import Q

from marketplace.permissions import is_operator, user_organisations

from ..models import AccreditationDocument, Claim, ServiceOrder


def voucher_file_visible(name: str, user) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    if is_operator(user):
        return _exists(name)
    mine = user_organisations(user)
    if AccreditationDocument.objects.filter(Q(accreditation__agency__in=mine) | Q(accreditation__authority__in=mine),
                                            file=name).exists():
        return True
    order_parties = Q(agency__in=mine) | Q(buyer__in=mine) | Q(programme__authority__in=mine)
    if ServiceOrder.objects.filter(order_parties, deliverable=name).exists():
        return True
    return Claim.objects.filter(Q(contract=name) | Q(copay_proof=name)).filter(
        Q(agency__in=mine) | Q(order__buyer__in=mine) | Q(programme__authority__in=mine)).exists()


def _exists(name: str) -> bool:
    """Operators: any file some voucher record refers to (not stray files left in the folder)."""
    return (AccreditationDocument.objects.filter(file=name).exists()
            or ServiceOrder.objects.filter(deliverable=name).exists()
            or Claim.objects.filter(Q(contract=name) | Q(copay_proof=name)).exists())
