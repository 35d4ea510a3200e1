from django.urls import path

from . import views

app_name = "licences"
urlpatterns = [
    path("", views.licence_list, name="list"),
    path("<int:pk>/", views.licence_detail, name="detail"),
    path("deals/<int:deal_pk>/payments/", views.deal_payments, name="deal-payments"),
    path("instalments/<int:pk>/pay/", views.instalment_pay_view, name="pay"),
    path("payments/<int:pk>/", views.payment_page, name="payment"),
    path("payments/<int:pk>/cancel/", views.payment_cancel_view, name="payment-cancel"),
    path("payments/<int:pk>/refund/", views.payment_refund_view, name="refund"),
    path("transfers/", views.transfers, name="transfers"),
]
