from django.conf import settings
from django.contrib.auth import views as auth_views
from django.urls import path
from django_ratelimit.decorators import ratelimit

from .views import accounts, dashboard

accounts_urlpatterns = [
    path("signup/", accounts.signup, name="signup"),
    path("invitations/<str:token>/", accounts.invitation, name="invitation"),
    path("invitations/<str:token>/<str:answer>/", accounts.invitation_answer, name="invitation_answer"),
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password-reset/", ratelimit(key="ip", rate=lambda group, request: settings.PASSWORD_RESET_RATE_LIMIT,
                                      method="POST", block=True)(auth_views.PasswordResetView.as_view()),
         name="password_reset"),
    path("password-reset/sent/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path("reset/<uidb64>/<token>/", auth_views.PasswordResetConfirmView.as_view(), name="password_reset_confirm"),
    path("reset/done/", auth_views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
    path("password-change/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("password-change/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
]

dashboard_urlpatterns = [
    path("", dashboard.dashboard, name="dashboard"),
    path("organisation/", dashboard.switch_organisation, name="dashboard_switch_organisation"),
    path("listings/new/", dashboard.listing_create, name="dashboard_listing_create"),
    path("listings/<int:pk>/", dashboard.listing_edit, name="dashboard_listing_edit"),
    path("listings/<int:pk>/upload/<str:kind>/", dashboard.listing_upload, name="dashboard_listing_upload"),
    path("listings/<int:pk>/<str:kind>/<int:media_pk>/delete/", dashboard.listing_media_delete,
         name="dashboard_listing_media_delete"),
    path("listings/<int:pk>/changes/withdraw/", dashboard.listing_revision_withdraw_view,
         name="dashboard_listing_revision_withdraw"),
    path("listings/<int:pk>/changes/<str:kind>/<int:media_pk>/discard/", dashboard.revision_media_discard_view,
         name="dashboard_revision_media_discard"),
    path("listings/<int:pk>/action/<str:action>/", dashboard.listing_action, name="dashboard_listing_action"),
    path("members/", dashboard.members, name="dashboard_members"),
    path("profile/", dashboard.organisation_profile, name="dashboard_organisation_profile"),
    path("members/<int:pk>/remove/", dashboard.member_remove, name="dashboard_member_remove"),
    path("members/<int:pk>/role/", dashboard.member_role, name="dashboard_member_role"),
    path("invitations/<int:pk>/revoke/", dashboard.invitation_revoke_view, name="dashboard_invitation_revoke"),
    path("join-requests/<int:pk>/<str:decision>/", dashboard.join_request_decide, name="dashboard_join_request"),
    path("join/", dashboard.join_organisation, name="join_organisation"),
    path("join/<int:pk>/withdraw/", dashboard.join_request_withdraw_view, name="join_request_withdraw"),
    path("demands/new/", dashboard.demand_new, name="dashboard_demand_create"),
    path("demands/<int:pk>/close/", dashboard.demand_close_view, name="dashboard_demand_close"),
]
