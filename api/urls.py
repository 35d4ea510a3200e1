from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.routers import SimpleRouter

from .views import account, mine, navigation, public, search, tokens, vouchers
from .views.dashboard import token_page, token_revoke_page

app_name = "api"

router = SimpleRouter()
router.register("listings", public.ListingViewSet, basename="listing")
router.register("patents", public.PatentViewSet, basename="patent")
router.register("pools", public.PoolViewSet, basename="pool")
router.register("organisations", public.OrganisationViewSet, basename="organisation")
router.register("service-products", public.ServiceProductViewSet, basename="service-product")
router.register("demands", public.DemandViewSet, basename="demand")
router.register("me/listings", mine.MyListingViewSet, basename="my-listing")
router.register("me/demands", mine.MyDemandViewSet, basename="my-demand")
router.register("me/deals", mine.MyDealViewSet, basename="my-deal")
router.register("tokens", tokens.ApiTokenViewSet, basename="token")

v1 = [
    path("search/", search.SearchView.as_view(), name="search"),
    path("navigation/", navigation.NavigationReportView.as_view(), name="navigation"),
    path("me/", account.MeView.as_view(), name="me"),
    path("me/vouchers/", vouchers.MyVouchersView.as_view(), name="my-vouchers"),
    path("me/orders/", vouchers.MyOrdersView.as_view(), name="my-orders"),
    path("me/claims/", vouchers.MyClaimsView.as_view(), name="my-claims"),
    *router.urls,
]

urlpatterns = [
    path("v1/", include(v1)),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api:schema"), name="docs"),
    path("tokens/manage/", token_page, name="token-page"),
    path("tokens/manage/<int:pk>/revoke/", token_revoke_page, name="token-revoke-page"),
]
