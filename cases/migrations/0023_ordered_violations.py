# An appeal's violations in the order the appeal prints them: the link table the many-to-many
# had (cases_appeal_violations) becomes the model AppealViolation with a position, so that no
# link, and none of their history (HistoricalAppeal_violations), is lost.

import django.db.models.deletion
from django.db import migrations, models

from appeals_site.migration_operations import RenderedOnce


class Migration(migrations.Migration):

    dependencies = [
        ('cases', '0022_fictional_appeals_facts'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            # The table, its columns and its unique pair are there already.
            state_operations=[
                migrations.CreateModel(
                    name='AppealViolation',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('appeal', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='violation_links', to='cases.appeal')),
                        ('violationlabel', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to='cases.violationlabel', verbose_name='violation label')),
                    ],
                    options={
                        'verbose_name': 'violation',
                        'verbose_name_plural': 'violations',
                        'db_table': 'cases_appeal_violations',
                        'ordering': ['appeal', 'id'],
                        'unique_together': {('appeal', 'violationlabel')},
                    },
                ),
                migrations.AlterField(
                    model_name='appeal',
                    name='violations',
                    field=models.ManyToManyField(blank=True, related_name='appeals', through='cases.AppealViolation', to='cases.violationlabel', verbose_name='violations'),
                ),
            ],
            database_operations=[],
        ),
        migrations.AddField(
            model_name='appealviolation',
            name='position',
            field=models.PositiveSmallIntegerField(default=0, verbose_name='order'),
        ),
        migrations.AlterModelOptions(
            name='appealviolation',
            options={'ordering': ['appeal', 'position', 'id'], 'verbose_name': 'violation', 'verbose_name_plural': 'violations'},
        ),
        RenderedOnce(
            [
                migrations.AddField(
                    model_name='historicalappeal_violations',
                    name='position',
                    field=models.PositiveSmallIntegerField(default=0, verbose_name='order'),
                ),
                migrations.AlterField(
                    model_name='historicalappeal_violations',
                    name='appeal',
                    field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='cases.appeal'),
                ),
                migrations.AlterField(
                    model_name='historicalappeal_violations',
                    name='violationlabel',
                    field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='cases.violationlabel', verbose_name='violation label'),
                ),
            ]
        ),
    ]
