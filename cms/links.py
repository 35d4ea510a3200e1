"""URLs of marketplace objects, which are shown by routable pages wherever those pages sit in the tree."""

from marketplace.models import Listing, Organisation

from .models import ListingIndexPage, OrganisationIndexPage


def _index_page(model, request=None):
    """The live index page of `model`, looked up once per request."""
    attribute = f"_cms_{model._meta.model_name}"
    if request is not None and hasattr(request, attribute):
        return getattr(request, attribute)
    page = model.objects.live().first()
    if request is not None:
        setattr(request, attribute, page)
    return page


def listing_url(listing: Listing, request=None) -> str:
    return listing_url_for_pk(listing.pk, request)


def listing_url_for_pk(pk: int, request=None) -> str:
    """For callers that hold only the listing's id (search results)."""
    page = _index_page(ListingIndexPage, request)
    return page.get_url(request) + page.reverse_subpage("listing", args=[pk]) if page else ""


def organisation_url(organisation: Organisation, request=None) -> str:
    page = _index_page(OrganisationIndexPage, request)
    if page is None or organisation.kind == Organisation.Kind.OPERATION_CENTRE:
        return ""
    return page.get_url(request) + page.reverse_subpage("organisation", args=[organisation.slug])
