"""Organisation.name_key: the cleaned, case-folded name, unique, so the database decides sign-up races.

Existing rows get their key here. Two existing organisations whose names read the same are both kept and
neither is renamed: the oldest (lowest id) gets the plain key, each later one the key plus its id after
DUPLICATE_KEY_SEPARATOR; they are printed so that an operator can merge or rename them.
"""

from django.db import migrations, models

from marketplace.organisation_names import DUPLICATE_KEY_SEPARATOR, organisation_name_key


def fill_name_keys(apps, schema_editor):
    Organisation = apps.get_model("marketplace", "Organisation")
    seen: dict[str, int] = {}
    for organisation in Organisation.objects.order_by("pk").only("pk", "name_zh"):
        key = organisation_name_key(organisation.name_zh)
        if key in seen:
            print(f"\n  organisation {organisation.pk} ({organisation.name_zh!r}) has the same name as "
                  f"organisation {seen[key]}: kept, merge or rename one of them")
            organisation.name_key = f"{key}{DUPLICATE_KEY_SEPARATOR}{organisation.pk}"
        else:
            seen[key] = organisation.pk
            organisation.name_key = key
        Organisation.objects.filter(pk=organisation.pk).update(name_key=organisation.name_key)


class Migration(migrations.Migration):
    dependencies = [("marketplace", "0004_listing_media_generated_names")]

    operations = [
        migrations.AddField(
            model_name="organisation", name="name_key",
            field=models.CharField(default="", editable=False, max_length=200), preserve_default=False,
        ),
        migrations.RunPython(fill_name_keys, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="organisation", name="name_key",
            field=models.CharField(editable=False, max_length=200, unique=True),
        ),
    ]
