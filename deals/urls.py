from django.urls import path

from . import agreement_views, offer_views, views

app_name = "deals"
urlpatterns = [
    path("", views.inbox, name="inbox"),
    # Takes ?proposal=<match proposal pk> to inquire for the organisation of that demand.
    path("new/<int:listing_pk>/", views.inquiry_create, name="inquire"),
    path("<int:pk>/", views.deal_room, name="room"),
    path("<int:pk>/close/", views.deal_close_view, name="close"),
    path("<int:pk>/nda/", views.deal_nda_accept_view, name="nda_accept"),
    path("<int:pk>/offers/new/", offer_views.offer_create, name="offer_create"),
    path("<int:pk>/offers/<int:offer_pk>/withdraw/", offer_views.offer_withdraw_view, name="offer_withdraw"),
    path("<int:pk>/offers/<int:offer_pk>/accept/", offer_views.offer_accept_view, name="offer_accept"),
    path("easy-access/<int:listing_pk>/", offer_views.easy_access_edit, name="easy_access_edit"),
    path("easy-access/<int:listing_pk>/accept/", offer_views.easy_access_accept, name="easy_access_accept"),
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
