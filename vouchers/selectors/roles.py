"""Which voucher pages an organisation's members start from, by its kind."""

from marketplace.models import Organisation

Kind = Organisation.Kind
# Plain paths: the officers' pages are another area's (vouchers/views/urls_officer.py).
VOUCHER_HOME_PATHS = {
    Kind.ENTERPRISE: "/vouchers/enterprise/",
    Kind.SERVICE_AGENCY: "/vouchers/agency/",
    Kind.VOUCHER_AUTHORITY: "/vouchers/officer/",
}
# Kinds whose dashboard is not the patent-listing one: their members land on their voucher pages instead.
VOUCHER_ONLY_KINDS = frozenset({Kind.SERVICE_AGENCY, Kind.VOUCHER_AUTHORITY})


def voucher_home_path(organisation: Organisation | None) -> str:
    """The voucher pages for `organisation`'s kind; empty when it has none."""
    return VOUCHER_HOME_PATHS.get(organisation.kind, "") if organisation is not None else ""
