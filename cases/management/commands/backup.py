"""python manage.py backup: the database and the media files, into var/backups/ (`make backup`).

PostgreSQL: `appeals-<UTC timestamp>.dump`, pg_dump's custom format (one consistent snapshot,
restorable with plain pg_restore too). SQLite: `appeals-<UTC timestamp>.sqlite3`, a consistent
copy made with SQLite's online backup API while the site runs. Beside it,
`appeals-<UTC timestamp>.media.tar.gz` holds MEDIA_ROOT. `manage.py restore` reads both.

The confidential fields are in the backup as the database holds them, encrypted; the key
(FIELD_ENCRYPTION_KEYS) is never written into it: it is kept apart, and without it the
backup's confidential fields are lost. Files are readable by their owner only.

Here (in cases) rather than in appeals_site, which is not an installed app.
"""

import datetime as dt
import os
import shutil
import sqlite3
import subprocess
import tarfile
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections

PREFIX = "appeals-"


def media_archive_path(database_backup: Path) -> Path:
    """Return where the media archive of a database backup is (beside it)."""
    return database_backup.with_name(database_backup.stem + ".media.tar.gz")


def pg_environment(settings_dict: dict) -> dict[str, str]:
    """Return the environment for pg_dump, pg_restore and psql to reach the database: libpq's
    variables, so that the password never shows on a command line (ps)."""
    env = {**os.environ}
    for variable, key in (
        ("PGDATABASE", "NAME"),
        ("PGUSER", "USER"),
        ("PGPASSWORD", "PASSWORD"),
        ("PGHOST", "HOST"),
        ("PGPORT", "PORT"),
    ):
        if settings_dict.get(key):
            env[variable] = str(settings_dict[key])
    options = settings_dict.get("OPTIONS") or {}
    for variable, key in (
        ("PGSSLMODE", "sslmode"),
        ("PGSSLROOTCERT", "sslrootcert"),
        ("PGCONNECT_TIMEOUT", "connect_timeout"),
    ):
        if options.get(key):
            env[variable] = str(options[key])
    return env


def executable(name: str) -> str:
    """Return the path of one of PostgreSQL's client programs, or say how to install it."""
    path = shutil.which(name)
    if path is None:
        raise CommandError(
            f"{name} is not installed: it comes with PostgreSQL's client programs "
            "(Debian: apt-get install postgresql-client, of the server's major version or newer)."
        )
    return path


def _private_file(path: Path) -> None:
    os.chmod(path, 0o600)


class Command(BaseCommand):
    help = (
        "Back up the database (pg_dump -Fc, or a consistent copy of the SQLite file) and the "
        "media files into var/backups/. The encryption key is never written into the backup: "
        "keep it apart."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output-dir",
            type=Path,
            default=None,
            help="Where the files go (default: VAR_DIR/backups).",
        )
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args, output_dir: Path | None, database: str, **options):
        output_dir = output_dir or Path(settings.VAR_DIR) / "backups"
        output_dir.mkdir(parents=True, exist_ok=True)
        output_dir.chmod(0o700)
        stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
        connection = connections[database]
        if connection.vendor == "postgresql":
            path = output_dir / f"{PREFIX}{stamp}.dump"
            self._pg_dump(connection.settings_dict, path)
        elif connection.vendor == "sqlite":
            path = output_dir / f"{PREFIX}{stamp}.sqlite3"
            self._sqlite_copy(connection, path)
        else:
            raise CommandError(f"No backup for a {connection.vendor} database.")
        media = self._media_archive(media_archive_path(path))
        self.stdout.write(f"Database: {path} ({path.stat().st_size:,} bytes)")
        self.stdout.write(f"Media files: {media} ({media.stat().st_size:,} bytes)")
        self.stdout.write(
            self.style.WARNING(
                "The confidential fields in it are encrypted: keep FIELD_ENCRYPTION_KEYS apart "
                "from the backup (a password manager or secret store); without it they are lost."
            )
        )

    def _pg_dump(self, settings_dict: dict, path: Path) -> None:
        partial = path.with_name(path.name + ".partial")
        command = [executable("pg_dump"), "--format=custom", "--no-owner", "--no-privileges"]
        result = subprocess.run(  # noqa: S603 - our own command line, no shell
            [*command, f"--file={partial}"],
            env=pg_environment(settings_dict),
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode != 0:
            partial.unlink(missing_ok=True)
            raise CommandError(f"pg_dump failed: {result.stderr.strip()}")
        _private_file(partial)
        partial.replace(path)

    def _sqlite_copy(self, connection, path: Path) -> None:
        partial = path.with_name(path.name + ".partial")
        partial.unlink(missing_ok=True)
        connection.ensure_connection()
        # The online backup API copies a consistent snapshot even while the site writes.
        target = sqlite3.connect(partial)
        try:
            connection.connection.backup(target)
        finally:
            target.close()
        _private_file(partial)
        partial.replace(path)

    def _media_archive(self, path: Path) -> Path:
        partial = path.with_name(path.name + ".partial")
        media_root = Path(settings.MEDIA_ROOT)
        with tarfile.open(partial, "w:gz") as archive:
            if media_root.is_dir():
                for child in sorted(media_root.iterdir()):
                    archive.add(child, arcname=child.name)
        _private_file(partial)
        partial.replace(path)
        return path
