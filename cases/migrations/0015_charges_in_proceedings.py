"""Charges without their old columns (moved by 0013): a charge's defender, single replacement
and sentence; `decided_on` of the charges left (dropped, replaced) is when that happened."""

import django.db.models.deletion
from django.db import migrations, models

from appeals_site.migration_operations import RenderedOnce


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0014_proceedings_and_decisions"),
    ]

    operations = [
        migrations.RemoveField(
            model_name="charge",
            name="defender",
        ),
        migrations.RemoveField(
            model_name="charge",
            name="sentence",
        ),
        migrations.RemoveField(
            model_name="historicalcharge",
            name="defender",
        ),
        migrations.RemoveField(
            model_name="historicalcharge",
            name="replaced_by",
        ),
        migrations.RemoveField(
            model_name="historicalcharge",
            name="sentence",
        ),
        migrations.RemoveField(
            model_name="charge",
            name="replaced_by",
        ),
        migrations.AddConstraint(
            model_name="charge",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("article", ""), _negated=True),
                    models.Q(("offence", ""), _negated=True),
                    _connector="OR",
                ),
                name="charge_names_article_or_offence",
                violation_error_message="Give the article or the offence (or both).",
            ),
        ),
        migrations.RenameField(model_name="charge", old_name="decided_on", new_name="ended_on"),
        migrations.RenameField(
            model_name="historicalcharge", old_name="decided_on", new_name="ended_on"
        ),
        migrations.RenameField(
            model_name="charge", old_name="replacements", new_name="replaced_by"
        ),
        RenderedOnce(
            [
                migrations.AlterField(
                    model_name="charge",
                    name="ended_on",
                    field=models.DateField(blank=True, null=True, verbose_name="dropped or replaced on"),
                ),
                migrations.AlterField(
                    model_name="historicalcharge",
                    name="ended_on",
                    field=models.DateField(blank=True, null=True, verbose_name="dropped or replaced on"),
                ),
                migrations.AlterField(
                    model_name="charge",
                    name="proceeding",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="charges",
                        to="cases.proceeding",
                        verbose_name="proceeding",
                    ),
                ),
                migrations.AlterField(
                    model_name="charge",
                    name="replaced_by",
                    field=models.ManyToManyField(
                        blank=True, related_name="replaces", to="cases.charge", verbose_name="replaced by"
                    ),
                ),
            ]
        ),
    ]
