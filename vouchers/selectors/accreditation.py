"""Accreditations and products as the agency and the authority's officers see them."""

from django.db.models import Count, Q, QuerySet

from marketplace.models import Organisation
from marketplace.permissions import is_operator

from ..models import Accreditation, Objection, ServiceProduct
from ..permissions import officer_authorities

QUEUE_STATES = (Accreditation.Status.APPLIED, Accreditation.Status.NOTICE, Accreditation.Status.ACTIVE,
                Accreditation.Status.SUSPENDED)


def authorities() -> QuerySet:
    """The voucher authorities an agency may apply to."""
    return Organisation.objects.filter(kind=Organisation.Kind.VOUCHER_AUTHORITY).order_by("name_zh")


def accreditations_of_agency(agency: Organisation) -> QuerySet:
    return (Accreditation.objects.filter(agency=agency).select_related("authority")
            .prefetch_related("documents", "objections"))


def accreditation_of_agency(*, agency: Organisation, pk: int) -> Accreditation:
    return accreditations_of_agency(agency).get(pk=pk)


def products_of_agency(agency: Organisation) -> QuerySet:
    return ServiceProduct.objects.filter(agency=agency).order_by("-active", "category", "pk")


def product_of_agency(*, agency: Organisation, pk: int) -> ServiceProduct:
    return ServiceProduct.objects.select_related("agency").get(agency=agency, pk=pk)


def _overseen(user) -> QuerySet:
    accreditations = Accreditation.objects.select_related("agency", "authority")
    if is_operator(user):
        return accreditations
    return accreditations.filter(authority__in=officer_authorities(user))


def accreditation_queue(*, user, status: str) -> QuerySet:
    """The accreditations of the user's authorities (all of them for operators) in `status`, oldest first."""
    return (_overseen(user).filter(status=status)
            .annotate(open_objections=Count("objections", filter=Q(objections__status=Objection.Status.OPEN)))
            .order_by("created_at", "pk"))


def accreditation_queue_counts(*, user) -> dict[str, int]:
    rows = _overseen(user).filter(status__in=QUEUE_STATES).values("status").annotate(n=Count("pk"))
    counts = {status: 0 for status in QUEUE_STATES}
    counts.update({row["status"]: row["n"] for row in rows})
    return counts


def accreditation_for_overseer(*, user, pk: int) -> Accreditation:
    """Accreditation.DoesNotExist unless the user is an officer of its authority or an operator."""
    return _overseen(user).prefetch_related("documents").get(pk=pk)


def objection_for_overseer(*, user, pk: int) -> Objection:
    return Objection.objects.select_related("accreditation__authority").get(
        pk=pk, accreditation__in=_overseen(user))
