import json
from pathlib import Path

from django.db import migrations

from marketplace.ipc import ipc_title_clean

DEAL_TYPES = [
    ("assignment", "专利转让", "Assignment"),
    ("exclusive_licence", "独占许可", "Exclusive licence"),
    ("sole_licence", "排他许可", "Sole licence"),
    ("non_exclusive_licence", "普通许可", "Non-exclusive licence"),
    ("option", "许可选择权", "Option"),
]


def load(apps, schema_editor):
    DealType = apps.get_model("marketplace", "DealType")
    IpcClass = apps.get_model("marketplace", "IpcClass")
    for position, (code, zh, en) in enumerate(DEAL_TYPES):
        DealType.objects.update_or_create(code=code, defaults={"name_zh": zh, "name_en": en, "position": position})
    path = Path(__file__).resolve().parent.parent / "data" / "ipc_classes.json"
    for row in json.loads(path.read_text(encoding="utf-8")):
        IpcClass.objects.update_or_create(
            code=row["code"],
            defaults={"title_zh": ipc_title_clean(row["title_zh"]), "title_en": ipc_title_clean(row["title_en"])},
        )


class Migration(migrations.Migration):
    dependencies = [("marketplace", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
