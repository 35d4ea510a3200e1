"""Every voucher page under /vouchers/, one namespace; each area keeps its own routes."""

from django.urls import include, path

app_name = "vouchers"
urlpatterns = [
    path("", include("vouchers.views.urls_public")),  # catalogue, public notices, sanctions list
    path("accreditation/", include("vouchers.views.urls_accreditation")),
    path("officer/", include("vouchers.views.urls_officer")),
    path("officer/settlement/", include("vouchers.views.urls_settlement")),
    path("enterprise/", include("vouchers.views.urls_enterprise")),
    path("agency/", include("vouchers.views.urls_agency")),
]
