"""The service agency's voucher pages, under /vouchers/agency/."""

from django.urls import path

from . import agency

urlpatterns = [
    path("", agency.home, name="agency-home"),
    path("orders/", agency.orders, name="agency-orders"),
    path("orders/<int:pk>/", agency.order_detail, name="agency-order"),
    path("orders/<int:pk>/deliver/", agency.deliver, name="agency-order-deliver"),
    path("orders/<int:pk>/claim/", agency.claim_new, name="agency-order-claim"),
    path("orders/<int:pk>/claim/resubmit/", agency.claim_resubmit_view, name="agency-claim-resubmit"),
]
