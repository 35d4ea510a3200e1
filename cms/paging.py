from django.core.paginator import Page, Paginator


def paginate(request, items, *, per_page: int = 20) -> Page:
    """The requested page of `items`; a missing, malformed or out-of-range number gives the nearest page."""
    return Paginator(items, per_page).get_page(request.GET.get("page"))
