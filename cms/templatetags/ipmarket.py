from decimal import Decimal

from django import template
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.models import Site

from marketplace.bilingual import in_active_language
from marketplace.data_sources import data_source_attribution
from marketplace.patent_rules import ipc_parts, latest_term_end
from marketplace.permissions import is_operator
from marketplace.regions import place_name, region_name

from .. import links
from ..models import ListingIndexPage

register = template.Library()
DEFAULT_CURRENCY = "CNY"


def bilingual_value(obj, field: str):
    """`field` of `obj` in the active language, falling back to the other one (an organisation's name too: its
    English name for English readers, when it has one).

    The Chinese value is `<field>_zh` or, for Wagtail page fields such as `title`, plain `<field>`.
    """
    chinese = getattr(obj, f"{field}_zh", None)
    if chinese is None:
        chinese = getattr(obj, field, "")
    return in_active_language(chinese, getattr(obj, f"{field}_en", ""))


@register.filter
def data_source(source: str) -> str:
    """A patent's stored data source as the attribution readers see, in their language."""
    return data_source_attribution(source)


@register.filter
def term_ends_by(patent):
    """The last day the patent's term can run when its exact expiry is unknown (None if nothing bounds it)."""
    return latest_term_end(jurisdiction=patent.jurisdiction, patent_type=patent.patent_type,
                           publication_number=patent.publication_number, kind_code=patent.kind_code,
                           application_number=patent.application_number, application_date=patent.application_date,
                           publication_date=patent.publication_date, grant_date=patent.grant_date)


@register.simple_tag
def bi(obj, field: str):
    """{% bi listing "title" %} → title_zh or title_en by the active language; `as name` for StreamFields."""
    return bilingual_value(obj, field)


@register.filter
def bilingual(obj, field: str):
    return bilingual_value(obj, field)


@register.simple_tag(takes_context=True)
def listing_url(context, listing) -> str:
    return links.listing_url(listing, context.get("request"))


@register.simple_tag(takes_context=True)
def organisation_url(context, organisation) -> str:
    return links.organisation_url(organisation, context.get("request"))


@register.simple_tag(takes_context=True)
def menu_url(context, page) -> str:
    """A menu page's address; the listings' page is browsed through the search page (it only redirects there)."""
    if isinstance(page, ListingIndexPage):
        return reverse("search")
    return page.get_url(context.get("request"))


@register.simple_tag
def search_placeholder() -> str:
    """"e.g. …" for a search box: examples that find published listings."""
    from search.web.examples import search_placeholder  # search's cards use this library's bilingual_value

    return search_placeholder()


@register.simple_tag(takes_context=True)
def site_menu(context):
    """Live children of the site's root page that are marked "show in menus" (bakerydemo's convention)."""
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    if site is None:
        return []
    return site.root_page.get_children().live().in_menu().specific()


@register.simple_tag(takes_context=True)
def site_root(context):
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    return site.root_page.specific if site else None


@register.filter
def operator(user) -> bool:
    return is_operator(user)


@register.filter
def ipc_class_of(code: str, titles: dict):
    """The IpcClass (class, else section) a full IPC code such as H01M4/58 falls in, from `ipc_titles`."""
    section, klass = ipc_parts(code or "")
    return titles.get(klass) or titles.get(section)


ACTION_LABELS = {
    "create": _("created"), "edit": _("edited"), "submit": _("submitted for review"), "publish": _("published"),
    "reject": _("rejected"), "revise": _("back to draft"), "withdraw": _("withdrawn"),
    "mark_transacted": _("transacted"), "expire": _("expired"), "image_add": _("image added"),
    "image_delete": _("image removed"), "attachment_add": _("document added"),
    "attachment_delete": _("document removed"), "easy_access": _("easy-access terms changed"),
    # A revision's (proposed changes to a published listing) and the listing's when one is applied.
    "propose": _("changes proposed"), "approve": _("changes approved"), "make_stale": _("changes out of date"),
    "revision_approve": _("approved changes applied"),
    # Service agency accreditation
    "apply": _("applied"), "verify": _("papers verified"), "activate": _("activated"), "suspend": _("suspended"),
    "reinstate": _("reinstated"), "remove": _("removed"), "objection": _("objection raised"),
    "objection_uphold": _("objection upheld"), "objection_dismiss": _("objection dismissed"),
}


@register.filter
def action_label(action: str) -> str:
    return ACTION_LABELS.get(action, action)


@register.filter
def money(amount, currency: str = "") -> str:
    """Money shown one way on every page: "CNY 500,000", cents only when there are some ("CNY 1,234.50").
    Empty for no amount; the currency defaults to the yuan, the only one most records carry."""
    if amount is None or amount == "":
        return ""
    return f"{currency or DEFAULT_CURRENCY} {_grouped(Decimal(str(amount)))}"


@register.filter
def amount(value):
    """An amount in a table whose heading names the currency: grouped like `money` ("1,234.50"); other values
    (counts, years, text) as they are."""
    return _grouped(value) if isinstance(value, Decimal) else value


def _grouped(value: Decimal) -> str:
    places = 0 if value == value.to_integral_value() else 2
    return f"{value:,.{places}f}"


@register.filter
def ipc_title(ipc) -> str:
    """An IPC title in the active language; the English source titles are in capitals."""
    title = bilingual_value(ipc, "title")
    return title.capitalize() if title.isupper() else title


@register.filter
def region(name: str) -> str:
    """A province or city in the active language (English names for provinces and provincial capitals)."""
    return region_name(name)


@register.filter
def place(obj) -> str:
    """The province and city of an organisation, patent or demand, in the active language."""
    return place_name(getattr(obj, "province", ""), getattr(obj, "city", ""))


@register.simple_tag(takes_context=True)
def voucher_menu_path(context) -> str:
    """The voucher pages of the organisation the signed-in user acts for (an enterprise, a service agency or a
    voucher authority), for the user menu; empty for everyone else. Reads the acting organisation the way the
    dashboard picks it, without remembering anything in the session."""
    from cms.views.dashboard import SESSION_KEY
    from marketplace.permissions import user_organisations
    from vouchers.selectors.roles import voucher_home_path

    request = context.get("request")
    if request is None or not request.user.is_authenticated:
        return ""
    organisations = user_organisations(request.user)
    chosen = organisations.filter(pk=request.session.get(SESSION_KEY)).first() or organisations.order_by(
        "memberships__created_at", "memberships__pk").first()
    return voucher_home_path(chosen)
