"""Encrypt the defenders' confidential fields at rest (appeals_site/fields.py).

The columns become text holding Fernet tokens; the values already there, and those of the
history, are encrypted under the first key of FIELD_ENCRYPTION_KEYS. Reversible: going back
decrypts them.
"""

from django.db import migrations

import appeals_site.fields

CONFIDENTIAL = ["health_notes", "family_notes", "home_address", "phone", "internal_notes"]


def _tables(apps):
    for name, pk in (("Defender", "id"), ("HistoricalDefender", "history_id")):
        model = apps.get_model("defenders", name)
        columns = [model._meta.get_field(field).column for field in CONFIDENTIAL]
        yield model._meta.db_table, model._meta.get_field(pk).column, columns


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


def _text(verbose_name):
    return appeals_site.fields.EncryptedTextField(blank=True, verbose_name=verbose_name)


def _phone():
    return appeals_site.fields.EncryptedPhoneNumberField(
        blank=True, max_length=128, region=None, verbose_name="phone"
    )


class Migration(migrations.Migration):
    dependencies = [
        ("defenders", "0001_initial"),
    ]

    operations = [
        *(
            migrations.AlterField(model_name=model, name=name, field=field)
            for model in ("defender", "historicaldefender")
            for name, field in (
                ("health_notes", _text("health")),
                ("family_notes", _text("family members")),
                ("home_address", _text("home address")),
                ("phone", _phone()),
                ("internal_notes", _text("internal notes")),
            )
        ),
        migrations.RunPython(encrypt, decrypt),
    ]
