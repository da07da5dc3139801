"""Encrypt partners' webhook secrets at rest (appeals_site/fields.py): the column becomes text
holding Fernet tokens, and the secrets already there are encrypted under the first key of
FIELD_ENCRYPTION_KEYS. Reversible: going back decrypts them."""

from django.db import migrations

import appeals_site.fields


def _table(apps):
    model = apps.get_model("partners", "Partner")
    return {
        "table": model._meta.db_table,
        "pk": model._meta.pk.column,
        "columns": [model._meta.get_field("webhook_secret").column],
    }


def encrypt(apps, schema_editor):
    appeals_site.fields.reencrypt_table(
        schema_editor.connection, **_table(apps), encrypt_plaintext=True
    )


def decrypt(apps, schema_editor):
    appeals_site.fields.decrypt_table(schema_editor.connection, **_table(apps))


class Migration(migrations.Migration):
    dependencies = [
        ("partners", "0001_initial"),
    ]

    operations = [
        migrations.AlterField(
            model_name="partner",
            name="webhook_secret",
            field=appeals_site.fields.EncryptedSecretField(blank=True, editable=False),
        ),
        migrations.RunPython(encrypt, decrypt),
    ]
