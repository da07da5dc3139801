"""python manage.py reencrypt_confidential: every confidential value (and every encrypted
secret: partners' webhook secrets) under the first key.

Rotation: put a new key first in FIELD_ENCRYPTION_KEYS (keeping the old one after it), restart,
run this command, then drop the old key. Idempotent: a value already under the first key is
left as it is, so a second run rewrites nothing, and an interrupted run can simply be run again.

Here (in cases) rather than in appeals_site, which is not an installed app: cases holds the case
file and the site-wide data commands (load_demo, generate_cases, backup, restore).
"""

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections

from appeals_site.fields import DecryptionError, encrypted_columns, reencrypt_table


class Command(BaseCommand):
    help = (
        "Re-encrypt every confidential value, and every historical one, under the first key of "
        "FIELD_ENCRYPTION_KEYS (after a rotation). Values already under it are left alone."
    )

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=500, help="Rows per transaction.")
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args, batch_size: int, database: str, **options):
        if batch_size < 1:
            raise CommandError("--batch-size must be a positive number of rows.")
        connection = connections[database]
        total_seen = total_rewritten = 0
        models = sorted(
            (model for model in apps.get_models() if encrypted_columns(model)),
            key=lambda model: model._meta.label,
        )
        for model in models:
            try:
                seen, rewritten = reencrypt_table(
                    connection,
                    table=model._meta.db_table,
                    pk=model._meta.pk.column,
                    columns=[field.column for field in encrypted_columns(model)],
                    batch_size=batch_size,
                )
            except DecryptionError as exc:
                raise CommandError(str(exc)) from exc
            total_seen += seen
            total_rewritten += rewritten
            self.stdout.write(f"{model._meta.label}: {rewritten} of {seen} values re-encrypted")
        self.stdout.write(
            self.style.SUCCESS(
                f"{total_rewritten} of {total_seen} values re-encrypted under the first key "
                f"({len(models)} tables); the others were already under it."
            )
        )
