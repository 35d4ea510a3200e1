from django.urls import path

from . import views

app_name = "navigation"

urlpatterns = [
    path("", views.report_view, name="report"),
    path("export.<str:fmt>", views.report_export, name="export"),
    path("save/", views.report_save, name="save"),
    path("r/<str:code>/", views.saved_report_view, name="saved"),
]
