"""The enterprise's voucher pages, under /vouchers/enterprise/."""

from django.urls import path

from . import enterprise

urlpatterns = [
    path("", enterprise.home, name="enterprise-home"),
    path("programmes/<int:programme_pk>/apply/", enterprise.apply, name="enterprise-apply"),
    path("applications/<int:pk>/withdraw/", enterprise.application_withdraw_view,
         name="enterprise-application-withdraw"),
    path("orders/new/", enterprise.order_new, name="order-new"),
    path("orders/<int:pk>/", enterprise.order_detail, name="enterprise-order"),
    path("orders/<int:pk>/pay/", enterprise.order_pay_view, name="enterprise-order-pay"),
    path("orders/<int:pk>/checkout/", enterprise.order_checkout, name="enterprise-order-checkout"),
    path("orders/<int:pk>/confirm/", enterprise.order_confirm_view, name="enterprise-order-confirm"),
    path("orders/<int:pk>/dispute/", enterprise.order_dispute_view, name="enterprise-order-dispute"),
    path("orders/<int:pk>/cancel/", enterprise.order_cancel_view, name="enterprise-order-cancel"),
]
