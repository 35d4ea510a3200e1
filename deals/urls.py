from django.urls import path

from . import agreement_views, views

app_name = "deals"
urlpatterns = [
    path("", views.inbox, name="inbox"),
    # Takes ?proposal=<match proposal pk> to inquire for the organisation of that demand.
    path("new/<int:listing_pk>/", views.inquiry_create, name="inquire"),
    path("<int:pk>/", views.deal_room, name="room"),
    path("<int:pk>/close/", views.deal_close_view, name="close"),
    path("<int:deal_pk>/agreements/<int:pk>/", agreement_views.agreement_detail, name="agreement"),
    path("<int:deal_pk>/agreements/<int:pk>/sign/", agreement_views.agreement_sign_view,
         name="agreement_sign"),
    path("<int:deal_pk>/agreements/<int:pk>/void/", agreement_views.agreement_void_view,
         name="agreement_void"),
    path("<int:deal_pk>/agreements/<int:pk>/recordal/", agreement_views.agreement_recordal,
         name="agreement_recordal"),
    path("<int:deal_pk>/agreements/<int:pk>/recordal.<str:fmt>", agreement_views.agreement_recordal_export,
         name="agreement_recordal_export"),
]
