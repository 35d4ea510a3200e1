"""The service catalogue on the Wagtail front: an editable page (title, introduction) under Home whose body is
the live catalogue of accredited agencies' service products, with a route per product."""

from django.http import Http404
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.models import Page

from cms.models.marketplace_pages import IntroFieldsMixin

PRODUCTS_PER_PAGE = 20


class ServiceCataloguePage(IntroFieldsMixin, RoutablePageMixin, Page):
    """知识产权服务超市: the products vouchers can buy, searchable and filtered by category and city."""

    content_panels = Page.content_panels + IntroFieldsMixin.intro_panels
    search_fields = Page.search_fields + IntroFieldsMixin.intro_search_fields
    parent_page_types = ["cms.HomePage"]
    subpage_types: list[str] = []
    max_count = 1

    class Meta:
        verbose_name = _("service catalogue page")
        verbose_name_plural = _("service catalogue pages")

    @path("")
    def catalogue(self, request):
        # Imported here: vouchers.models is still loading when this module is.
        from cms.paging import paginate

        from ..selectors.catalogue import CatalogueQuery, catalogue_cities, catalogue_search
        from ..views.accreditation_forms import CatalogueSearchForm

        form = CatalogueSearchForm(request.GET or None)
        query = form.catalogue_query() if form.is_bound else CatalogueQuery()
        return self.render(request, context_overrides={
            "form": form,
            "page_obj": paginate(request, catalogue_search(query), per_page=PRODUCTS_PER_PAGE),
            "filtered": any((query.q, query.category, query.city)),
            "cities": catalogue_cities(),
        })

    @path("<int:pk>/", name="product")
    def product(self, request, pk: int):
        from ..views.public import product_context

        context = self.get_context(request)
        try:
            context.update(product_context(request, pk=pk))
        except LookupError:
            raise Http404(_("This service is not in the catalogue.")) from None
        return TemplateResponse(request, "vouchers/product_detail.html", context)
