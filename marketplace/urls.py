from django.urls import include, path

from cms.urls import accounts_urlpatterns, dashboard_urlpatterns

urlpatterns: list = [
    path("accounts/", include(accounts_urlpatterns)),
    path("dashboard/", include(dashboard_urlpatterns)),
]
