from .content import GuidePage, NewsIndexPage, NewsPage, StandardPage
from .marketplace_pages import HomePage, ListingIndexPage, OrganisationIndexPage

__all__ = ["GuidePage", "HomePage", "ListingIndexPage", "NewsIndexPage", "NewsPage", "OrganisationIndexPage",
           "StandardPage"]
