from django.urls import path

from . import views

app_name = "operations"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("export/<slug:key>.<str:export_format>", views.table_export, name="table-export"),
    path("cities/", views.city_report, name="city-report"),
    path("cities/population/", views.city_population, name="city-population"),
    path("cities/export.<str:export_format>", views.city_report_export, name="city-report-export"),
]
