"""Accreditation: the agency's own pages and the authority officers' (queue, decisions, sanctions)."""

from django.urls import path

from . import accreditation as views

urlpatterns = [
    path("", views.status, name="accreditation"),
    path("apply/", views.apply, name="accreditation-apply"),
    path("products/", views.products, name="products"),
    path("products/new/", views.product_new, name="product-new"),
    path("products/<int:pk>/edit/", views.product_edit, name="product-edit"),
    path("products/<int:pk>/withdraw/", views.product_withdraw_view, name="product-withdraw"),
    path("officer/", views.queue, name="accreditation-queue"),
    path("officer/<int:pk>/", views.detail, name="accreditation-detail"),
    path("officer/<int:pk>/<slug:action>/", views.decide, name="accreditation-decide"),
    path("officer/objections/<int:pk>/", views.objection_resolve, name="objection-resolve"),
    path("officer/sanctions/", views.sanctions, name="officer-sanctions"),
    path("officer/sanctions/<int:pk>/lift/", views.sanction_lift_view, name="sanction-lift"),
]
