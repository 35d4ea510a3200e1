"""The facts and applicant rows of the patents already in the database (later writes keep them up to date)."""

from django.db import migrations

from navigation.applicants import PATENT_FIELDS, patent_facts

CHUNK = 2000


def fill(apps, schema_editor):
    Patent = apps.get_model("marketplace", "Patent")
    PatentFacts = apps.get_model("navigation", "PatentFacts")
    PatentApplicant = apps.get_model("navigation", "PatentApplicant")
    ids = list(Patent.objects.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), CHUNK):
        facts, rows = [], []
        for values in Patent.objects.filter(pk__in=ids[start:start + CHUNK]).values("pk", *PATENT_FIELDS):
            pk = values.pop("pk")
            own, applicants = patent_facts(**values)
            facts.append(PatentFacts(patent_id=pk, **own))
            rows += [PatentApplicant(patent_id=pk, **row) for row in applicants]
        PatentFacts.objects.bulk_create(facts, batch_size=1000)
        PatentApplicant.objects.bulk_create(rows, batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [("navigation", "0001_initial")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
