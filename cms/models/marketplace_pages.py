"""Pages that present marketplace data (listings, organisations), which live in `marketplace` models, not pages."""

from django.db import models
from django.http import Http404, HttpResponsePermanentRedirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.models import Page
from wagtail.search import index

from deals.selectors import deal_buyer_choices, deal_inquiry_refusal
from marketplace.models import Listing, Organisation
from marketplace.models.listings import Sector
from marketplace.selectors.demands import demand_count_open
from marketplace.selectors.listings import (
    listing_counts, listing_get_ended, listing_get_visible, listing_list_published, listing_list_related,
)
from marketplace.selectors.organisations import (
    organisation_get_public, organisation_kind_counts, organisation_list_public, pool_list_for_organisation,
)
from marketplace.selectors.patents import ipc_sections, ipc_titles_for
from marketplace.services.listings import listing_expiry_date
from search.backends.base import SearchUnavailable
from search.matching.selectors import match_proposal_to_inquire
from search.selectors import listing_facet_counts
from search.web.legacy import search_url_for_listing_filters

from ..paging import paginate
from .content import NewsPage


class IntroFieldsMixin(models.Model):
    title_en = models.CharField(_("title (English)"), max_length=255, blank=True)
    intro = models.TextField(_("introduction (Chinese)"), blank=True)
    intro_en = models.TextField(_("introduction (English)"), blank=True)

    intro_panels = [
        FieldPanel("intro"),
        MultiFieldPanel([FieldPanel("title_en"), FieldPanel("intro_en")], heading=_("English")),
    ]
    intro_search_fields = [index.SearchField("title_en"), index.SearchField("intro"), index.SearchField("intro_en")]

    class Meta:
        abstract = True


class HomePage(IntroFieldsMixin, Page):
    """The front page: search, latest listings, sector and IPC entry points, marketplace figures."""

    content_panels = Page.content_panels + IntroFieldsMixin.intro_panels
    search_fields = Page.search_fields + IntroFieldsMixin.intro_search_fields
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["cms.ListingIndexPage", "cms.OrganisationIndexPage", "cms.NewsIndexPage", "cms.StandardPage",
                     "cms.GuidePage", "vouchers.ServiceCataloguePage"]
    max_count = 1

    class Meta:
        verbose_name = _("home page")
        verbose_name_plural = _("home pages")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        counts = {**listing_counts(), "open_demands": demand_count_open()}
        try:
            indexed = listing_facet_counts(fields=("kind", "sector", "ipc_section"))
        except SearchUnavailable:  # the tiles still link to the search page, without figures
            indexed = None
        else:
            counts |= {"listings": indexed.total, "pools": indexed.facets["kind"].get("pool", 0)}

        def count(field: str, value: str) -> int | None:
            return indexed.facets[field].get(value, 0) if indexed else None

        context.update(
            counts=counts,
            latest_listings=listing_list_published()[:6],
            sections=[(section, count("ipc_section", section.code)) for section in ipc_sections()],
            sectors=[(value, label, count("sector", value)) for value, label in Sector.choices],
            latest_news=NewsPage.objects.live().order_by("-date", "-pk")[:3],
        )
        return context


class MarketplaceIndexPage(IntroFieldsMixin, RoutablePageMixin, Page):
    """One page under Home that presents a kind of marketplace record, with a route per record."""

    content_panels = Page.content_panels + IntroFieldsMixin.intro_panels
    search_fields = Page.search_fields + IntroFieldsMixin.intro_search_fields
    parent_page_types = ["cms.HomePage"]
    subpage_types: list[str] = []
    max_count = 1

    class Meta:
        abstract = True


class ListingIndexPage(MarketplaceIndexPage):
    """Where listings live: `/<pk>/` shows one listing in full. Browsing them is the search page's job, so the
    page itself (and its old filter addresses) redirects there for good."""

    class Meta:
        verbose_name = _("listing index page")
        verbose_name_plural = _("listing index pages")

    @path("")
    def listing_list(self, request):
        return HttpResponsePermanentRedirect(search_url_for_listing_filters(request.GET))

    @path("<int:pk>/", name="listing")
    def listing_detail(self, request, pk: int):
        try:
            listing = listing_get_visible(pk=pk, user=request.user)
        except Listing.DoesNotExist:
            return self._listing_gone(request, pk)
        context = self.get_context(request)
        context.update(
            listing=listing,
            patent=listing.patent,
            ipc_titles=ipc_titles_for(patent=listing.patent) if listing.patent_id else {},
            pool_patents=listing.pool.patents.all() if listing.pool_id else [],
            expiry_date=listing_expiry_date(listing),
            related=listing_list_related(listing=listing) if listing.status == Listing.Status.PUBLISHED else [],
            match_proposal=match_proposal_to_inquire(listing=listing, user=request.user),
            inquiry_refusal=_inquiry_refusal(request.user, listing),
        )
        return TemplateResponse(request, "cms/listing_detail.html", context)

    def _listing_gone(self, request, pk: int):
        """A listing transacted, withdrawn or expired: links to it keep working, say it is gone (410) and offer
        similar listings."""
        try:
            listing = listing_get_ended(pk=pk)
        except Listing.DoesNotExist:
            raise Http404(_("No such listing."))
        context = self.get_context(request)
        context.update(listing=listing, related=listing_list_related(listing=listing))
        return TemplateResponse(request, "cms/listing_gone.html", context, status=410)


def _inquiry_refusal(user, listing: Listing) -> str | None:
    """Why the contact card offers no inquiry (e.g. to the owner's members). Visitors who are not signed in
    are offered one: the inquiry form sends them to log in and back."""
    if not user.is_authenticated:
        return None
    buyers = deal_buyer_choices(user=user, listing=listing)
    return deal_inquiry_refusal(user=user, listing=listing, buyers=buyers)


class OrganisationIndexPage(MarketplaceIndexPage):
    """Universities, institutes, agencies and enterprises; `/<slug>/` is an organisation's profile."""

    class Meta:
        verbose_name = _("organisation index page")
        verbose_name_plural = _("organisation index pages")

    @path("")
    def organisation_list(self, request):
        kind = request.GET.get("kind", "")
        if kind not in Organisation.Kind.values:
            kind = ""
        counts = organisation_kind_counts()
        kinds = [(value, label, counts.get(value, 0)) for value, label in Organisation.Kind.choices if counts.get(value)]
        return self.render(request, context_overrides={
            "kind": kind,
            "kinds": kinds,
            "page_obj": paginate(request, organisation_list_public(kind=kind), per_page=30),
        })

    @path("<str:slug>/", name="organisation")
    def organisation_detail(self, request, slug: str):
        try:
            organisation = organisation_get_public(slug=slug)
        except Organisation.DoesNotExist:
            raise Http404(_("No such organisation."))
        context = self.get_context(request)
        context.update(
            organisation=organisation,
            page_obj=paginate(request, listing_list_published(owner=organisation), per_page=12),
            pools=pool_list_for_organisation(organisation=organisation),
        )
        return TemplateResponse(request, "cms/organisation_detail.html", context)
