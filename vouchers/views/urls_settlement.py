"""Settlement batches for the treasury (/vouchers/officer/settlement/)."""

from django.urls import path

from . import settlement

urlpatterns = [
    path("", settlement.batches, name="settlement-batches"),
    path("programmes/<int:programme_pk>/create/", settlement.batch_create_view, name="settlement-batch-create"),
    path("<int:pk>/", settlement.batch_detail, name="settlement-batch"),
    path("<int:pk>/paid/", settlement.batch_mark_paid_view, name="settlement-batch-paid"),
    path("<int:pk>/export.csv", settlement.batch_export_csv, name="settlement-batch-csv"),
    path("<int:pk>/export.xlsx", settlement.batch_export_xlsx, name="settlement-batch-xlsx"),
]
