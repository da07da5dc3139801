"""`manage.py backup` and `manage.py restore` (make backup / make restore): the backup holds the
confidential fields encrypted and never the key; restored with the key, everything is back;
a database that has tables is replaced only when asked."""

import base64
import io
import os
import subprocess
import sys
import uuid
from pathlib import Path
from urllib.parse import quote

import psycopg2
import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection
from psycopg2 import sql

from appeals_site.fields import decrypt
from cases.models import Case, Event
from defenders.models import Defender
from tests.factories import CaseFactory, DefenderFactory, EventFactory

BASE_DIR = Path(__file__).resolve().parents[2]
CANARY = "CANARY-backup-91d7"
NAME = "Aigerim Dzhaksybekova"


def a_case_with_secrets() -> Defender:
    defender = DefenderFactory(
        full_name=NAME,
        health_notes=f"{CANARY} health",
        family_notes=f"{CANARY} family",
        home_address=f"{CANARY} home",
        phone="+996555123456",
        internal_notes=f"{CANARY} notes",
    )
    case = CaseFactory(internal_notes=f"{CANARY} case")
    case.defenders.add(defender)
    EventFactory(case=case, source_identity=f"{CANARY} source")
    letter = Path(settings.MEDIA_ROOT) / "letters" / "a-letter.pdf"
    letter.parent.mkdir(parents=True, exist_ok=True)
    letter.write_bytes(b"%PDF-1.7 a letter")
    return defender


def key_forms() -> list[bytes]:
    """Return every key as written in the environment and as the raw bytes it encodes."""
    forms = []
    for key in settings.FIELD_ENCRYPTION_KEYS:
        forms += [key.encode(), base64.urlsafe_b64decode(key)]
    return forms


def backup(output_dir: Path) -> tuple[Path, Path]:
    """Run `manage.py backup`; return the database file and the media archive."""
    call_command("backup", output_dir=output_dir, stdout=io.StringIO())
    database = [p for p in output_dir.iterdir() if not p.name.endswith(".media.tar.gz")]
    [media] = output_dir.glob("appeals-*.media.tar.gz")
    [database_file] = database
    assert media.name == database_file.stem + ".media.tar.gz"
    return database_file, media


def assert_private(*paths: Path) -> None:
    for path in paths:
        assert path.stat().st_mode & 0o777 == 0o600, path
    assert paths[0].parent.stat().st_mode & 0o777 == 0o700


# --- SQLite, the embedded default -----------------------------------------------------------


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_sqlite_backup_keeps_secrets_encrypted_without_the_key_and_restores(tmp_path):
    if connection.vendor != "sqlite":
        pytest.skip("The SQLite path; the PostgreSQL one is tested below.")
    a_case_with_secrets()

    database, media = backup(tmp_path / "backups")

    assert database.name.startswith("appeals-") and database.suffix == ".sqlite3"
    content = database.read_bytes()
    assert NAME.encode() in content  # readable: the check below could see a canary
    assert CANARY.encode() not in content
    assert not [form for form in key_forms() if form in content]
    assert_private(database, media)

    # Lost: the records and the media file.
    Case.objects.all().delete()
    Defender.objects.all().delete()
    (Path(settings.MEDIA_ROOT) / "letters" / "a-letter.pdf").unlink()

    with pytest.raises(CommandError, match=r"^The database already has \d+ tables: restoring"):
        call_command("restore", str(database), stdout=io.StringIO())
    out = io.StringIO()
    call_command("restore", str(database), force=True, stdout=out)

    defender = Defender.objects.get()
    assert (defender.full_name, defender.health_notes) == (NAME, f"{CANARY} health")
    assert Event.objects.get().source_identity == f"{CANARY} source"
    assert (Path(settings.MEDIA_ROOT) / "letters" / "a-letter.pdf").read_bytes() == (
        b"%PDF-1.7 a letter"
    )
    assert "FIELD_ENCRYPTION_KEYS opens the restored confidential fields." in out.getvalue()


@pytest.mark.django_db
def test_restore_refuses_a_file_that_is_no_backup(tmp_path):
    not_a_backup = tmp_path / "notes.txt"
    not_a_backup.write_text("hello")

    with pytest.raises(CommandError) as caught:
        call_command("restore", str(not_a_backup))

    assert str(caught.value) == (
        f"{not_a_backup} is neither a pg_dump custom-format archive nor a SQLite file."
    )


# --- PostgreSQL -----------------------------------------------------------------------------


def _server() -> dict:
    configured = connection.settings_dict
    return {
        "user": configured["USER"] or None,
        "password": configured["PASSWORD"] or None,
        "host": configured["HOST"] or "127.0.0.1",
        "port": configured["PORT"] or "5432",
    }


def _maintenance(statement: sql.Composable) -> None:
    db = psycopg2.connect(dbname="postgres", connect_timeout=10, **_server())
    try:
        db.autocommit = True
        with db.cursor() as cursor:
            cursor.execute(statement)
    finally:
        db.close()


@pytest.fixture
def scratch_database() -> tuple[str, str]:
    """Return the name and URL of a new, empty PostgreSQL database; drop it afterwards."""
    server = _server()
    name = f"test_appeals_restore_{uuid.uuid4().hex[:10]}"
    credentials = quote(server["user"] or "", safe="")
    if server["password"]:
        credentials += ":" + quote(server["password"], safe="")
    _maintenance(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield name, f"postgres://{credentials}@{server['host']}:{server['port']}/{name}"
    finally:
        _maintenance(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )


def _manage(*args: str, database_url: str, media_root: Path) -> subprocess.CompletedProcess:
    # The same keys as this test run (the test settings put them in os.environ).
    env = {**os.environ, "DATABASE_URL": database_url, "MEDIA_ROOT": str(media_root)}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.postgres
@pytest.mark.timeout(240)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.slow
def test_postgres_backup_keeps_secrets_encrypted_without_the_key_and_restores(
    tmp_path, scratch_database
):
    defender = a_case_with_secrets()

    database, media = backup(tmp_path / "backups")

    assert database.name.startswith("appeals-") and database.suffix == ".dump"
    assert_private(database, media)
    # pg_dump compresses its custom format: read it back as SQL to look for the canary.
    script = subprocess.run(
        ["pg_restore", "--file=-", str(database)], capture_output=True, check=True
    ).stdout
    assert NAME.encode() in script  # readable: the check below could see a canary
    for content in (database.read_bytes(), script):
        assert CANARY.encode() not in content
        assert not [form for form in key_forms() if form in content]

    name, url = scratch_database
    restored_media = tmp_path / "restored-media"
    restore = _manage("restore", str(database), database_url=url, media_root=restored_media)
    assert restore.returncode == 0, restore.stderr
    assert "FIELD_ENCRYPTION_KEYS opens the restored confidential fields." in restore.stdout

    db = psycopg2.connect(dbname=name, connect_timeout=10, **_server())
    try:
        with db.cursor() as cursor:
            cursor.execute(
                "SELECT full_name, health_notes, home_address FROM defenders_defender "
                "WHERE id = %s",
                [str(defender.pk)],
            )
            full_name, health, home = cursor.fetchone()
            cursor.execute("SELECT source_identity FROM cases_event")
            [(source,)] = cursor.fetchall()
    finally:
        db.close()
    assert full_name == NAME
    assert CANARY not in health + home + source
    assert (decrypt(health), decrypt(home), decrypt(source)) == (
        f"{CANARY} health",
        f"{CANARY} home",
        f"{CANARY} source",
    )
    assert (restored_media / "letters" / "a-letter.pdf").read_bytes() == b"%PDF-1.7 a letter"

    # Now the database has tables: refused, unless forced (which replaces it whole).
    again = _manage("restore", str(database), database_url=url, media_root=restored_media)
    assert again.returncode != 0
    assert "restoring would replace them" in again.stderr
    forced = _manage(
        "restore", str(database), "--force", database_url=url, media_root=restored_media
    )
    assert forced.returncode == 0, forced.stderr
