"""python manage.py backup: the database and the media files, into var/backups/ (`make backup`).

`appeals-<UTC timestamp>.dump` is pg_dump's custom format (one consistent snapshot, taken while
the site runs, restorable with plain pg_restore too); beside it,
`appeals-<UTC timestamp>.media.tar.gz` holds MEDIA_ROOT. `manage.py restore` reads both.

The confidential fields are in the backup as the database holds them, encrypted; the key
(FIELD_ENCRYPTION_KEYS) is never written into it: it is kept apart, and without it the
backup's confidential fields are lost. Files are readable by their owner only.

Here (in cases) rather than in appeals_site, which is not an installed app.
"""

import datetime as dt
import os
import subprocess
import tarfile
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections

from appeals_site.pg_tools import MissingPostgresTool, postgres_tool

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


def executable(name: str, database: str) -> str:
    """Return the path of one of PostgreSQL's client programs, or say how to install it."""
    try:
        return postgres_tool(name, database=database)
    except MissingPostgresTool as exc:
        raise CommandError(str(exc)) from exc


def _private_file(path: Path) -> None:
    os.chmod(path, 0o600)


class Command(BaseCommand):
    help = (
        "Back up the database (pg_dump -Fc) and the media files into var/backups/. The "
        "encryption key is never written into the backup: keep it apart."
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
        path = output_dir / f"{PREFIX}{stamp}.dump"
        self._pg_dump(database, path)
        media = self._media_archive(media_archive_path(path))
        self.stdout.write(f"Database: {path} ({path.stat().st_size:,} bytes)")
        self.stdout.write(f"Media files: {media} ({media.stat().st_size:,} bytes)")
        self.stdout.write(
            self.style.WARNING(
                "The confidential fields in it are encrypted: keep FIELD_ENCRYPTION_KEYS apart "
                "from the backup (a password manager or secret store); without it they are lost."
            )
        )

    def _pg_dump(self, database: str, path: Path) -> None:
        partial = path.with_name(path.name + ".partial")
        pg_dump = executable("pg_dump", database)
        result = subprocess.run(  # noqa: S603 - our own command line, no shell
            [pg_dump, "--format=custom", "--no-owner", "--no-privileges", f"--file={partial}"],
            env=pg_environment(connections[database].settings_dict),
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode != 0:
            partial.unlink(missing_ok=True)
            raise CommandError(f"pg_dump failed: {result.stderr.strip()}")
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
