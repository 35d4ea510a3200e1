"""Running royalties, statements and disputes; mounted under /licences/ (ipmarket/urls.py)."""

from django.urls import path

from . import views_disputes, views_royalties

app_name = "royalties"
urlpatterns = [
    path("<int:pk>/royalties/", views_royalties.licence_royalties, name="licence"),
    path("royalties/reports/<int:pk>/void/", views_royalties.royalty_report_void_view, name="report_void"),
    path("invoices/", views_royalties.invoices, name="invoices"),
    path("statements/", views_royalties.statements, name="statements"),
    path("statements/<int:organisation_pk>/", views_royalties.statement, name="statement"),
    path("statements/<int:organisation_pk>/csv/", views_royalties.statement_csv_view, name="statement_csv"),
    path("statements/<int:organisation_pk>/pdf/", views_royalties.statement_pdf_view, name="statement_pdf"),
    path("disputes/", views_disputes.dispute_list, name="disputes"),
    path("disputes/new/<int:deal_pk>/", views_disputes.dispute_open_view, name="dispute_open"),
    path("disputes/<int:pk>/", views_disputes.dispute_detail, name="dispute"),
    path("disputes/<int:pk>/evidence/", views_disputes.dispute_evidence_view, name="dispute_evidence"),
    path("disputes/<int:pk>/note/", views_disputes.dispute_note_view, name="dispute_note"),
    path("disputes/<int:pk>/mediate/", views_disputes.dispute_mediate_view, name="dispute_mediate"),
    path("disputes/<int:pk>/resolve/", views_disputes.dispute_resolve_view, name="dispute_resolve"),
    path("disputes/<int:pk>/withdraw/", views_disputes.dispute_withdraw_view, name="dispute_withdraw"),
]
