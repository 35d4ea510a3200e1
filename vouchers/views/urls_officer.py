"""The voucher officer's screens (/vouchers/officer/)."""

from django.urls import path

from . import officer

urlpatterns = [
    path("", officer.home, name="officer-home"),
    path("programmes/new/", officer.programme_new, name="officer-programme-new"),
    path("programmes/<int:pk>/", officer.programme_detail, name="officer-programme"),
    path("programmes/<int:pk>/edit/", officer.programme_edit, name="officer-programme-edit"),
    path("programmes/<int:pk>/open/", officer.programme_open_view, name="officer-programme-open"),
    path("programmes/<int:pk>/close/", officer.programme_close_view, name="officer-programme-close"),
    path("programmes/<int:pk>/fund/", officer.programme_fund_view, name="officer-programme-fund"),
    path("applications/", officer.applications, name="officer-applications"),
    path("applications/<int:pk>/approve/", officer.application_approve_view, name="officer-application-approve"),
    path("applications/<int:pk>/reject/", officer.application_reject_view, name="officer-application-reject"),
    path("claims/", officer.claims, name="officer-claims"),
    path("claims/<int:pk>/", officer.claim_detail, name="officer-claim"),
    path("claims/<int:pk>/approve/", officer.claim_approve_view, name="officer-claim-approve"),
    path("claims/<int:pk>/reject/", officer.claim_reject_view, name="officer-claim-reject"),
    path("claims/<int:pk>/reverse/", officer.claim_reverse_view, name="officer-claim-reverse"),
]
