# The partner of a reminder or a subscription is now partners.Partner (the same table, renamed
# by partners/0001): only Django's state changes.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("cases", "0009_letter_moves_to_letters"),
        ("partners", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='reminder',
                    name='partner',
                    field=models.ForeignKey(blank=True, db_index=False, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='reminders', to='partners.partner', verbose_name='partner'),
                ),
                migrations.AlterField(
                    model_name='subscription',
                    name='partner',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='subscriptions', to='partners.partner', verbose_name='partner'),
                ),
            ],
        ),
    ]
