from django.db import migrations

from marketplace.ipc import ipc_title_clean


def clean(apps, schema_editor):
    """Rows loaded before 0002 cleaned titles keep "部--" prefixes, edition markers and " ;" spacing."""
    IpcClass = apps.get_model("marketplace", "IpcClass")
    for ipc in IpcClass.objects.all():
        title_zh, title_en = ipc_title_clean(ipc.title_zh), ipc_title_clean(ipc.title_en)
        if (title_zh, title_en) != (ipc.title_zh, ipc.title_en):
            IpcClass.objects.filter(pk=ipc.pk).update(title_zh=title_zh, title_en=title_en)


class Migration(migrations.Migration):
    dependencies = [("marketplace", "0002_reference_data")]
    operations = [migrations.RunPython(clean, migrations.RunPython.noop)]
