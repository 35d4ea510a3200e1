"""Which voucher pages an organisation's members start from, by its kind."""

from django.urls import reverse

from marketplace.models import Organisation

Kind = Organisation.Kind
VOUCHER_HOMES = {
    Kind.ENTERPRISE: "vouchers:enterprise-home",
    Kind.SERVICE_AGENCY: "vouchers:agency-home",
    Kind.VOUCHER_AUTHORITY: "vouchers:officer-home",
}
# Kinds whose dashboard is not the patent-listing one: their members land on their voucher pages instead.
VOUCHER_ONLY_KINDS = frozenset({Kind.SERVICE_AGENCY, Kind.VOUCHER_AUTHORITY})


def voucher_home_path(organisation: Organisation | None) -> str:
    """The voucher pages for `organisation`'s kind; empty when it has none."""
    name = VOUCHER_HOMES.get(organisation.kind) if organisation is not None else None
    return reverse(name) if name else ""
