"""The applicant rows of the patents already in the database (later writes keep them up to date themselves)."""

from django.db import migrations

from navigation.applicants import applicant_rows

CHUNK = 2000


def fill(apps, schema_editor):
    Patent = apps.get_model("marketplace", "Patent")
    PatentApplicant = apps.get_model("navigation", "PatentApplicant")
    ids = list(Patent.objects.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), CHUNK):
        patents = Patent.objects.filter(pk__in=ids[start:start + CHUNK]).values_list(
            "pk", "applicants", "province", "application_date")
        PatentApplicant.objects.bulk_create(
            [PatentApplicant(patent_id=pk, **values) for pk, applicants, province, filed in patents
             for values in applicant_rows(applicants, province, filed)], batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [("navigation", "0001_initial")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
