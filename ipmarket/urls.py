from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from .media import serve_media

urlpatterns = [
    path("django-admin/", admin.site.urls),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("i18n/", include("django.conf.urls.i18n")),
    path("payments/", include("payments.urls")),
    path("deals/", include("deals.urls")),
    # Licences and their payments; royalties, statements and disputes (their own namespace) under the same prefix.
    path("licences/", include("licences.urls")),
    path("licences/", include("licences.urls_royalties")),
    path("vouchers/", include("vouchers.urls")),
    path("dashboard/operations/", include("operations.urls")),
    path("navigation/", include("navigation.urls")),
    path("api/search/", include("search.urls")),
    path("api/", include("api.urls")),
    path("search/", include("search.web.urls")),
    path("", include("search.alerts.urls")),
    path("", include("marketplace.urls")),
    # Uploads are served by Django in every environment (ipmarket/media.py), not only with DEBUG.
    path(f"{settings.MEDIA_URL.lstrip('/')}<path:path>", serve_media, name="media"),
    path("", include(wagtail_urls)),
]

# Unknown addresses: the site's 404 page, or the open API's error body under /api/.
handler404 = "api.errors.page_not_found"
