"""Where imported patent records come from: the value stored on each patent, and the attribution readers see.

The stored value is a stable key (it is what `import_patents` writes by default for a format); the attribution
is translated when shown. A value set by hand (`--source`) is shown as written.
"""

from django.utils.translation import gettext_lazy as _

CNIPA_RESEARCH_EXPORT = "CNIPA via imliuruiqi/python-anlyse"
CNIPA_DATABASE_EXPORTS = "CNIPA via incoPat/Patentics exports in yangdongbjcn/patent-container"
USPTO_PATENTSVIEW = "USPTO PatentsView"
INDIAN_GRANT_JOURNALS = "Indian Patent Office grant journals (ODbL)"
ENTERED_BY_OWNER = "manual"  # entered on the listing form

# By import format: what a run records when it is not told otherwise.
DEFAULT_SOURCES = {
    "cn": CNIPA_RESEARCH_EXPORT,
    "cn_export": CNIPA_DATABASE_EXPORTS,
    "us": USPTO_PATENTSVIEW,
    "in": INDIAN_GRANT_JOURNALS,
}
ATTRIBUTIONS = {
    CNIPA_RESEARCH_EXPORT: _("China National Intellectual Property Administration (CNIPA) publications, from a "
                             "research export published on GitHub (imliuruiqi/python-anlyse, Apache-2.0)"),
    CNIPA_DATABASE_EXPORTS: _("China National Intellectual Property Administration (CNIPA) publications, from "
                              "incoPat and Patentics exports published on GitHub (yangdongbjcn/patent-container)"),
    USPTO_PATENTSVIEW: _("United States Patent and Trademark Office, PatentsView (public domain)"),
    ENTERED_BY_OWNER: _("Entered by the listing organisation"),
    INDIAN_GRANT_JOURNALS: _("Indian Patent Office grant journals, under the Open Database Licence (ODbL)"),
}


def data_source_attribution(source: str) -> str:
    return str(ATTRIBUTIONS.get(source, source))
