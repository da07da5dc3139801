"""Case.public_slug: the public page's address, set with the reference (cases.references)."""

from django.db import migrations, models
from django.utils.text import slugify

from appeals_site.migration_operations import RenderedOnce


def public_slugs_fill(apps, schema_editor):
    """Give every case that already has a reference its slug: the same function as
    cases.references.case_public_slug (copied, as migrations must not import app code)."""
    Case = apps.get_model("cases", "Case")
    cases = list(Case.objects.filter(reference__isnull=False).only("pk", "reference"))
    for case in cases:
        case.public_slug = slugify(case.reference)
    Case.objects.bulk_update(cases, ["public_slug"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0004_letter"),
    ]

    operations = [
        RenderedOnce(
            [
                migrations.AddField(
                    model_name="case",
                    name="public_slug",
                    field=models.SlugField(
                        blank=True,
                        editable=False,
                        max_length=120,
                        null=True,
                        unique=True,
                        verbose_name="public address",
                    ),
                ),
                migrations.AddField(
                    model_name="historicalcase",
                    name="public_slug",
                    field=models.SlugField(
                        blank=True,
                        db_index=True,
                        editable=False,
                        max_length=120,
                        null=True,
                        verbose_name="public address",
                    ),
                ),
            ]
        ),
        migrations.RunPython(public_slugs_fill, migrations.RunPython.noop),
    ]
