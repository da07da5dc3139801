# The links recorded before violations had an order get the order they were shown in (by the
# label's name). Its own migration: PostgreSQL refuses ALTER TABLE after an UPDATE in one
# transaction.

from django.db import migrations


def number_by_name(apps, schema_editor):
    AppealViolation = apps.get_model("cases", "AppealViolation")
    links = AppealViolation.objects.order_by("appeal_id", "violationlabel__name", "id")
    current, position, changed = None, 0, []
    for link in links.iterator():
        position = position + 1 if link.appeal_id == current else 0
        current = link.appeal_id
        if link.position != position:
            link.position = position
            changed.append(link)
    AppealViolation.objects.bulk_update(changed, ["position"], batch_size=1000)


class Migration(migrations.Migration):

    dependencies = [
        ('cases', '0023_ordered_violations'),
    ]

    operations = [
        migrations.RunPython(number_by_name, migrations.RunPython.noop),
    ]
