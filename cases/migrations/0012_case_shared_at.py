"""Case.shared_at: when what partners read of a case last changed. Existing cases (and their
history rows) start from their update time, so that no partner's sync position moves."""

import django.utils.timezone
from django.db import migrations, models

from appeals_site.migration_operations import RenderedOnce


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0011_reminders_move_to_reminders"),
    ]

    operations = [
        RenderedOnce(
            [
                migrations.AddField(
                    model_name="case",
                    name="shared_at",
                    field=models.DateTimeField(
                        db_index=True,
                        default=django.utils.timezone.now,
                        editable=False,
                        verbose_name="last changed for partners",
                    ),
                ),
                migrations.AddField(
                    model_name="historicalcase",
                    name="shared_at",
                    field=models.DateTimeField(
                        db_index=True,
                        default=django.utils.timezone.now,
                        editable=False,
                        verbose_name="last changed for partners",
                    ),
                ),
            ]
        ),
        migrations.RunSQL(
            sql=[
                "UPDATE cases_case SET shared_at = updated_at",
                "UPDATE cases_historicalcase SET shared_at = updated_at",
            ],
            reverse_sql=migrations.RunSQL.noop,
        ),
    ]
