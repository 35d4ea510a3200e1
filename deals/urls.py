from django.urls import path

from . import views

app_name = "deals"
urlpatterns = [
    path("", views.inbox, name="inbox"),
    # Takes ?proposal=<match proposal pk> to inquire for the organisation of that demand.
    path("new/<int:listing_pk>/", views.inquiry_create, name="inquire"),
    path("<int:pk>/", views.deal_room, name="room"),
    path("<int:pk>/close/", views.deal_close_view, name="close"),
    path("<int:pk>/nda/", views.deal_nda_accept_view, name="nda_accept"),
]
