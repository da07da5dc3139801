"""python manage.py restore FILE [--force]: a backup made by `manage.py backup`, into the
configured database (`make restore FILE=… [FORCE=1]`).

A database that already has tables is refused unless --force, which replaces it whole: its
tables are dropped and the dump restored in one transaction (a failure, of psql or of pg_restore
on a damaged archive, leaves the database as it was). The media archive beside the backup, if
there, is unpacked into MEDIA_ROOT (files already there and not in the archive stay).

The confidential fields decrypt only with the key they were encrypted with: set
FIELD_ENCRYPTION_KEYS (from where it is kept, never from the backup) before restoring. The
command checks that it opens them and says so if not.
"""

import contextlib
import shutil
import subprocess
import tarfile
import tempfile
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections

from appeals_site.fields import DecryptionError, decrypt_value, encrypted_fields
from cases.management.commands.backup import executable, media_archive_path, pg_environment

_PG_CUSTOM_HEADER = b"PGDMP"


def _is_pg_custom_archive(path: Path) -> bool:
    with path.open("rb") as handle:
        return handle.read(len(_PG_CUSTOM_HEADER)) == _PG_CUSTOM_HEADER


class Command(BaseCommand):
    help = (
        "Restore a backup made by `manage.py backup` (and the media archive beside it) into the "
        "configured database. Refuses a database that has tables unless --force."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="var/backups/appeals-<timestamp>.dump")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Replace a database that already has tables (everything in it is lost).",
        )
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args, file: Path, force: bool, database: str, **options):
        if not file.is_file():
            raise CommandError(f"{file}: no such file.")
        if not _is_pg_custom_archive(file):
            raise CommandError(f"{file} is not a pg_dump custom-format archive.")
        connection = connections[database]
        tables = connection.introspection.table_names()
        if tables and not force:
            raise CommandError(
                f"The database already has {len(tables)} tables: restoring would replace them. "
                "Restore into an empty database, or give --force (make restore FORCE=1) to "
                "replace everything in it."
            )
        self._pg_restore(database, file, tables)
        self.stdout.write(f"Database restored from {file}.")
        media = media_archive_path(file)
        if media.is_file():
            self._media_restore(media)
            self.stdout.write(f"Media files restored from {media} into {settings.MEDIA_ROOT}.")
        else:
            self.stdout.write(self.style.WARNING(f"No media archive ({media}): media unchanged."))
        self._check_key(connection)

    def _pg_restore(self, database: str, file: Path, tables: list[str]) -> None:
        psql_bin, pg_restore_bin = executable("psql", database), executable("pg_restore", database)
        connection = connections[database]
        connection.close()
        env = pg_environment(connection.settings_dict)
        quote = connection.ops.quote_name
        # The drops and the dump's statements in one transaction of our own: all or nothing.
        # Not psql's --single-transaction, which commits when its input ends, even when
        # pg_restore broke off halfway (a damaged archive): COMMIT is written only once
        # pg_restore has written everything, and psql leaving without it rolls back. Notices
        # (drops cascading) are left out of the errors reported.
        prologue = "SET client_min_messages = warning;\nBEGIN;\n" + "".join(
            f"DROP TABLE IF EXISTS {quote(t)} CASCADE;\n" for t in tables
        )
        with tempfile.TemporaryFile() as errors:
            psql = subprocess.Popen(  # noqa: S603 - our own command line, no shell
                [psql_bin, "--no-psqlrc", "--quiet", "--variable=ON_ERROR_STOP=1", "--file=-"],
                stdin=subprocess.PIPE,
                stdout=subprocess.DEVNULL,
                stderr=errors,
                env=env,
            )
            script = subprocess.Popen(  # noqa: S603 - our own command line, no shell
                [pg_restore_bin, "--no-owner", "--no-privileges", "--file=-", str(file)],
                stdout=subprocess.PIPE,
                stderr=errors,
                env=env,
            )
            assert psql.stdin is not None and script.stdout is not None
            try:
                psql.stdin.write(prologue.encode())
                shutil.copyfileobj(script.stdout, psql.stdin)
                if script.wait() == 0:
                    psql.stdin.write(b"COMMIT;\n")
            except BrokenPipeError:
                pass  # psql stopped at an error: reported below
            finally:
                with contextlib.suppress(BrokenPipeError):
                    psql.stdin.close()
                # pg_restore may still be writing after psql stopped: without a reader it
                # fails, rather than waiting for one forever.
                script.stdout.close()
            script.wait()
            psql.wait()
            if script.returncode or psql.returncode:
                errors.seek(0)
                message = errors.read().decode(errors="replace").strip()
                raise CommandError(f"The restore failed, nothing was changed: {message}")

    def _media_restore(self, archive: Path) -> None:
        media_root = Path(settings.MEDIA_ROOT)
        media_root.mkdir(parents=True, exist_ok=True)
        with tarfile.open(archive, "r:gz") as members:
            # The "data" filter refuses absolute paths, "..", links out and device files.
            members.extractall(media_root, filter="data")

    def _check_key(self, connection) -> None:
        """Say whether the keys in FIELD_ENCRYPTION_KEYS open the restored confidential
        fields: one stored value of each."""
        tables = set(connection.introspection.table_names())
        quote = connection.ops.quote_name
        for model in apps.get_models():
            if model._meta.db_table not in tables:
                continue
            for field in encrypted_fields(model):
                with connection.cursor() as cursor:
                    cursor.execute(
                        f"SELECT {quote(field.column)} FROM {quote(model._meta.db_table)} "  # noqa: S608
                        f"WHERE {quote(field.column)} IS NOT NULL LIMIT 1"
                    )
                    row = cursor.fetchone()
                if row is None:
                    continue
                try:
                    decrypt_value(field, row[0])
                except DecryptionError as exc:
                    self.stderr.write(
                        self.style.ERROR(
                            f"Restored, but {exc} Set FIELD_ENCRYPTION_KEYS to the key of the "
                            "backup (kept apart from it) before using the site; a backup made "
                            "before encryption at rest is encrypted by `manage.py migrate`."
                        )
                    )
                    return
        self.stdout.write("FIELD_ENCRYPTION_KEYS opens the restored confidential fields.")
