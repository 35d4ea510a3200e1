from django.urls import path

from . import views

urlpatterns = [
    path("alerts/", views.alerts, name="alerts"),
    path("alerts/read/", views.notifications_read, name="notifications_read"),
    path("alerts/<int:pk>/read/", views.notification_open, name="notification_open"),
    path("alerts/save/", views.saved_search_save, name="saved_search_save"),
    path("alerts/saved/<int:pk>/delete/", views.saved_search_remove, name="saved_search_delete"),
    path("alerts/unsubscribe/<str:token>/", views.unsubscribe, name="alert_unsubscribe"),
    path("demands/<int:pk>/matches/", views.demand_matches, name="demand_matches"),
]
