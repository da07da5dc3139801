"""Encrypt the confidential fields of cases and events at rest (appeals_site/fields.py).

The values already there, and those of the history, are encrypted under the first key of
FIELD_ENCRYPTION_KEYS. Reversible: going back decrypts them.
"""

from django.db import migrations

import appeals_site.fields

CONFIDENTIAL = {
    "Case": "internal_notes",
    "HistoricalCase": "internal_notes",
    "Event": "source_identity",
    "HistoricalEvent": "source_identity",
}


def _tables(apps):
    for name, field in CONFIDENTIAL.items():
        model = apps.get_model("cases", name)
        pk = "history_id" if name.startswith("Historical") else "id"
        yield (
            model._meta.db_table,
            model._meta.get_field(pk).column,
            [model._meta.get_field(field).column],
        )


def encrypt(apps, schema_editor):
    for table, pk, columns in _tables(apps):
        appeals_site.fields.reencrypt_table(
            schema_editor.connection, table=table, pk=pk, columns=columns, encrypt_plaintext=True
        )


def decrypt(apps, schema_editor):
    for table, pk, columns in _tables(apps):
        appeals_site.fields.decrypt_table(
            schema_editor.connection, table=table, pk=pk, columns=columns
        )


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0007_case_restricted"),
    ]

    operations = [
        *(
            migrations.AlterField(
                model_name=model,
                name="internal_notes",
                field=appeals_site.fields.EncryptedTextField(
                    blank=True, verbose_name="internal notes"
                ),
            )
            for model in ("case", "historicalcase")
        ),
        *(
            migrations.AlterField(
                model_name=model,
                name="source_identity",
                field=appeals_site.fields.EncryptedTextField(
                    blank=True, verbose_name="source (confidential)"
                ),
            )
            for model in ("event", "historicalevent")
        ),
        migrations.RunPython(encrypt, decrypt),
    ]
