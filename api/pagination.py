from django.conf import settings
from rest_framework.pagination import PageNumberPagination


class ApiPagination(PageNumberPagination):
    """`?page=` and `?page_size=` (up to API_MAX_PAGE_SIZE)."""

    page_size_query_param = "page_size"

    @property
    def page_size(self) -> int:
        return settings.API_PAGE_SIZE

    @property
    def max_page_size(self) -> int:
        return settings.API_MAX_PAGE_SIZE
