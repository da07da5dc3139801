"""An existing deployment upgrades with nothing lost.

tests/data/database-at-f4249f4.sql.gz is a PostgreSQL database made by the code of commit
f4249f4 (main before the embedded PostgreSQL and the app layout changed): every migration of
that day applied, `load_demo` (cases, defenders with encrypted confidential fields, authorities,
appeals, history rows), the standard letters of two appeals rendered, a partner with an API key,
the admin following every case (subscriptions, planned reminders) and beat's periodic tasks. Its
confidential fields are encrypted with the test settings' key. It was dumped with
`pg_dump --no-owner --no-privileges --inserts`, less psql's \\restrict lines.

The test loads it into a database of its own, runs today's `manage.py migrate` on it in a fresh
process, and compares every table before and after, row for row."""

import gzip
import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import psycopg2
import pytest
from cryptography.fernet import Fernet
from psycopg2 import sql

from cases.references import reference_key
from tests.conftest import maintenance, postgres_server, postgres_url

BASE_DIR = Path(__file__).resolve().parent.parent
SNAPSHOT = BASE_DIR / "tests" / "data" / "database-at-f4249f4.sql.gz"
# Tables whose rows the migrations may add to (new apps, models, permissions); their rows
# from before must all still be there.
# The key the snapshot's confidential fields were encrypted with: appeals_site/settings/test.py's
# default, given here whatever key the environment holds (CI sets a random one).
SNAPSHOT_KEY = "YXBwZWFscy10ZXN0cy1vbmx5LXB1YmxpYy1rZXkhISE="
GROWING_TABLES = {
    "django_migrations",
    "django_content_type",
    "auth_permission",
    # The staff roles get their rights on new models (issuers, proceedings, decisions …).
    "auth_group_permissions",
}
# Models that moved to an app of their own: their tables' new names, and their content types'
# new app labels (so permissions and admin log entries stay attached).
MOVED = {
    ("cases", "letter"): "letters",
    ("api", "partner"): "partners",
    ("api", "apikey"): "partners",
    ("cases", "reminderrule"): "reminders",
    ("cases", "notificationsettings"): "reminders",
    ("cases", "subscription"): "reminders",
    ("cases", "digest"): "reminders",
    ("cases", "reminder"): "reminders",
}
RENAMED_TABLES = {f"{app}_{model}": f"{new_app}_{model}" for (app, model), new_app in MOVED.items()}
# Columns renamed since the snapshot, per table: compared under their new names.
RENAMED_COLUMNS = {
    # An appeal's issuer as text became the issuer as printed, beside its issuer (cases 0013).
    "cases_appeal": {"issuer": "issuer_as_printed"},
    "cases_historicalappeal": {"issuer": "issuer_as_printed"},
}
# Columns encrypted by a migration since the snapshot: compared by their plain values.
ENCRYPTED_SINCE = {"api_partner": ["webhook_secret"]}
# Columns whose data moved into other tables since the snapshot (cases 0013/0014: a charge's
# defender, replacement, sentence and decision into proceedings, decisions and rulings): the
# rest of each row is compared as usual, the moved data by _charges_moved.
MOVED_COLUMNS = {
    "cases_charge": {"defender_id", "replaced_by_id", "sentence", "decided_on", "status"},
    "cases_historicalcharge": {"defender_id", "replaced_by_id", "sentence", "decided_on"},
}
# Beat's periodic tasks name the reminder tasks by their module, which moved with the app.
OLD_TASKS, NEW_TASKS = "cases.reminders.tasks.", "reminders.tasks."
# Its change marker, which the renaming bumps so that a running beat reloads its schedule.
BEAT_CHANGED = "django_celery_beat_periodictasks"


def _moved_content_types(rows: set[str]) -> set[str]:
    """Return django_content_type's rows (app_label|id|model) as the moves leave them."""
    moved = set()
    for row in rows:
        app_label, pk, model = row.split("|")
        moved.add("|".join([MOVED.get((app_label, model), app_label), pk, model]))
    return moved


pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("upgrade")]


def decrypt_with(key: str, token: str) -> str:
    return Fernet(key.encode()).decrypt(token.encode()).decode()


def _idents(rows: set[str]) -> set[str]:
    return {row.split("|")[0] for row in rows}


def _connect(dbname: str):
    raw = psycopg2.connect(dbname=dbname, connect_timeout=10, **postgres_server())
    raw.autocommit = True
    return raw


def _renamed(table: str, names: list[str] | None) -> list[str] | None:
    """Return the columns `names` of `table` as they are called now (RENAMED_COLUMNS)."""
    if names is None:
        return None
    return [RENAMED_COLUMNS.get(table, {}).get(name, name) for name in names]


def _tables(cursor) -> list[str]:
    cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")
    return [row[0] for row in cursor.fetchall()]


def _columns(cursor, table: str) -> list[str]:
    cursor.execute(
        "SELECT column_name FROM information_schema.columns "
        "WHERE table_schema = 'public' AND table_name = %s ORDER BY column_name",
        [table],
    )
    return [name for (name,) in cursor.fetchall()]


def _rows(cursor, table: str, names: list[str] | None = None) -> set[str]:
    """Return every row of `table` as text, columns in name order (so that a migration that
    only reorders or moves a table compares equal). With `names`: those columns only, the
    ones the table had before (a column added since is new, not a changed row; a column gone
    fails the query)."""
    names = names if names is not None else _columns(cursor, table)
    columns = ", ".join(f'"{name}"::text' for name in names)
    cursor.execute(f"SELECT concat_ws('|', {columns}) FROM public.\"{table}\"")  # noqa: S608
    return {row[0] for row in cursor.fetchall()}


@pytest.fixture(scope="module")
def upgraded():
    """The snapshot of an earlier main, read before the upgrade (what each test compares),
    then migrated by today's migrations: once for the module, since a full upgrade is the
    slowest thing the suite does."""
    name = f"test_appeals_upgrade_{uuid.uuid4().hex[:10]}"
    maintenance(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    url = postgres_url(name)
    loaded = _connect(name)
    with loaded.cursor() as cursor:
        cursor.execute(gzip.decompress(SNAPSHOT.read_bytes()).decode())
    loaded.close()  # the dump empties its session's search path
    raw = _connect(name)
    try:
        with raw.cursor() as cursor:
            # An administrator had let editors see and change reminders (the roles of
            # cases/0002 predate them).
            cursor.execute(
                "INSERT INTO auth_group_permissions (group_id, permission_id) "
                "SELECT g.id, p.id FROM auth_group g, auth_permission p "
                "JOIN django_content_type t ON t.id = p.content_type_id "
                "WHERE g.name = 'editor' AND t.app_label = 'cases' "
                "AND p.codename IN ('view_reminder', 'change_reminder')"
            )
            assert cursor.rowcount == 2
            before = _before_upgrade(cursor)
        migrated = _manage(url, "migrate", "--noinput")
        yield {"name": name, "url": url, "raw": raw, "migrated": migrated, **before}
    finally:
        raw.close()
        maintenance(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


def _before_upgrade(cursor) -> dict:
    """Return what the tests compare the upgraded database with."""
    columns_before = {
        table: [
            c
            for c in _columns(cursor, table)
            if c not in ENCRYPTED_SINCE.get(table, ()) and c not in MOVED_COLUMNS.get(table, ())
        ]
        for table in _tables(cursor)
    }
    cursor.execute(
        "SELECT id::text, case_id::text, defender_id::text, replaced_by_id::text, status, "
        "sentence, decided_on::text FROM cases_charge"
    )
    charges_before = cursor.fetchall()
    cursor.execute("SELECT id::text, case_id::text FROM cases_hearing")
    hearings_before = dict(cursor.fetchall())
    cursor.execute("SELECT (SELECT count(*) FROM cases_reminder), count(*) FROM cases_subscription")
    reminders, subscriptions = cursor.fetchone()
    cursor.execute("SELECT id::text, issuer FROM cases_appeal")
    issuers_before = dict(cursor.fetchall())
    cursor.execute("SELECT count(*) FROM cases_externalreference")
    (external_references,) = cursor.fetchone()
    return {
        "columns_before": columns_before,
        "charges_before": charges_before,
        "hearings_before": hearings_before,
        "before": {table: _rows(cursor, table, columns_before[table]) for table in columns_before},
        "secrets_before": {
            table: _rows(cursor, table, ["id", *columns])
            for table, columns in ENCRYPTED_SINCE.items()
        },
        "reminders": reminders,
        "subscriptions": subscriptions,
        "issuers_before": issuers_before,
        "external_references": external_references,
    }


def _manage(url: str, *args: str) -> subprocess.CompletedProcess:
    env = {
        **{
            k: v
            for k, v in os.environ.items()
            if not k.startswith(("DATABASE_URL", "FIELD_ENCRYPTION_KEYS"))
        },
        "DATABASE_URL": url,
        "FIELD_ENCRYPTION_KEYS": SNAPSHOT_KEY,
        "DJANGO_SETTINGS_MODULE": "appeals_site.settings.test",
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def _dates_and_closings_in_their_new_shape(cursor) -> dict:
    """Return, per table of records with an uncertain date (cases 0013), how many rows it has
    and how many are not an exact day whose latest day is the day itself; and the cases'
    closing days that do not match their status."""

    def count(sql: str) -> int:
        cursor.execute(sql)
        return cursor.fetchone()[0]

    not_exact = {
        "cases_detentionperiod": "start_date_latest IS DISTINCT FROM start_date "
        "OR start_date_precision <> 'day' OR actual_end_latest IS DISTINCT FROM actual_end "
        "OR actual_end_precision <> 'day' OR continues_previous OR term_until IS NOT NULL",
        "cases_event": "date_latest IS DISTINCT FROM date OR date_precision <> 'day'",
    }
    shapes = {}
    for name, table in (
        ("measures", "cases_detentionperiod"),
        ("measure history", "cases_historicaldetentionperiod"),
        ("events", "cases_event"),
        ("event history", "cases_historicalevent"),
    ):
        condition = not_exact[table.replace("historical", "")]
        shapes[name] = (
            count(f"SELECT count(*) FROM {table}"),  # noqa: S608
            count(f"SELECT count(*) FROM {table} WHERE {condition}"),  # noqa: S608
        )
    shapes["extensions of unknown length or until a date"] = count(
        "SELECT count(*) FROM cases_detentionextension "
        "WHERE until IS NOT NULL OR (term_days IS NULL AND term_months IS NULL)"
    )
    shapes["closed cases without their closing day"] = count(
        "SELECT count(*) FROM cases_case WHERE status = 'closed' AND closed_on IS NULL"
    )
    shapes["open cases with a closing day"] = count(
        "SELECT count(*) FROM cases_case WHERE status <> 'closed' AND closed_on IS NOT NULL"
    )
    return shapes


def test_todays_migrations_keep_every_row_of_a_database_made_by_earlier_main(upgraded):
    columns_before, before = upgraded["columns_before"], upgraded["before"]
    charges_before, hearings_before = upgraded["charges_before"], upgraded["hearings_before"]
    secrets_before = upgraded["secrets_before"]
    assert len(before["cases_case"]) == 15 and len(before["cases_letter"]) == 24
    migrated = upgraded["migrated"]
    assert migrated.returncode == 0, migrated.stderr
    before_connection = upgraded["raw"]

    with before_connection.cursor() as cursor:
        after = {
            table: _rows(cursor, table, _renamed(table, columns_before.get(table)))
            for table in _tables(cursor)
        }
        after.update(
            {
                RENAMED_TABLES[table]: _rows(cursor, RENAMED_TABLES[table], columns_before[table])
                for table in columns_before
                if table in RENAMED_TABLES
            }
        )
        secrets_after = {
            table: {
                "|".join(
                    [
                        row.split("|")[0],
                        *(decrypt_with(SNAPSHOT_KEY, v) for v in row.split("|")[1:]),
                    ]
                )
                for row in _rows(cursor, RENAMED_TABLES.get(table, table), ["id", *columns])
            }
            for table, columns in ENCRYPTED_SINCE.items()
        }
        cursor.execute("SELECT name, task FROM django_celery_beat_periodictask ORDER BY id")
        periodic_tasks = cursor.fetchall()
        _charges_moved(cursor, charges_before, hearings_before)
        new_shapes = _dates_and_closings_in_their_new_shape(cursor)
        # People (defenders 0004): each defender's role and organisation are now their first
        # affiliation, one row each, and the two columns keep them.
        cursor.execute(
            "SELECT id::text, role, organisation FROM defenders_defender "
            "WHERE role <> '' OR organisation <> ''"
        )
        primaries = sorted(cursor.fetchall())
        cursor.execute(
            "SELECT defender_id::text, role, organisation FROM defenders_affiliation "
            "WHERE position = 0"
        )
        affiliations = sorted(cursor.fetchall())
        # Numbers as printed (authorities 0002, defenders 0005): what was stored is its own
        # printing; the defenders' phones, encrypted, each under its own token.
        cursor.execute("SELECT kind, value, as_printed FROM authorities_authoritycontact")
        contacts = cursor.fetchall()
        cursor.execute("SELECT phone, phone_as_printed FROM defenders_defender")
        phones = [
            (decrypt_with(SNAPSHOT_KEY, phone), printed, decrypt_with(SNAPSHOT_KEY, printed))
            for phone, printed in cursor.fetchall()
        ]
    assert primaries and affiliations == primaries
    assert contacts and all(value == printed for _kind, value, printed in contacts)
    assert any(kind == "fax" for kind, _value, _printed in contacts)
    assert any(phone for phone, _token, _printed in phones)
    assert all(printed == phone for phone, _token, printed in phones)
    assert len({token for _phone, token, _printed in phones}) == len(phones)
    assert new_shapes == {
        "measures": (len(before["cases_detentionperiod"]), 0),
        "measure history": (len(before["cases_historicaldetentionperiod"]), 0),
        "events": (len(before["cases_event"]), 0),
        "event history": (len(before["cases_historicalevent"]), 0),
        "extensions of unknown length or until a date": 0,
        "closed cases without their closing day": 0,
        "open cases with a closing day": 0,
    }
    assert new_shapes["measures"][0] > 0 and new_shapes["events"][0] > 0
    for table, rows in before.items():
        now = RENAMED_TABLES.get(table, table)
        assert now in after, f"{table} is gone"
        if table == "django_content_type":
            rows = _moved_content_types(rows)
        if table == "django_celery_beat_periodictask":
            rows = {row.replace(OLD_TASKS, NEW_TASKS) for row in rows}
        if table == BEAT_CHANGED:
            assert _idents(after[now]) == _idents(rows) and after[now] != rows, table
        elif table in GROWING_TABLES:
            assert rows <= after[now], f"{table} lost rows"
        else:
            assert after[now] == rows, f"{table} changed"
    # Encrypted since, the same values: a token under the key now, each.
    assert secrets_after == secrets_before
    # The reminders and what they hang on are all there, under their new tables only.
    for model in ("reminder", "subscription", "reminderrule"):
        assert before[f"cases_{model}"], f"the snapshot has no {model}"
        assert f"cases_{model}" not in after
        assert after[f"reminders_{model}"] == before[f"cases_{model}"]
    assert periodic_tasks == [
        ("Send due reminders", "reminders.tasks.reminders_scan"),
        ("Send daily digests", "reminders.tasks.digests_scan"),
    ]


def _charges_moved(cursor, charges_before: list, hearings_before: dict) -> None:
    """Check that each charge of the snapshot arrived in the new shape (cases 0013): in a
    proceeding of its case, against its defender, replaced by its replacement (of the same
    proceeding), and a conviction or acquittal as a decision on it of its date, ruling on its
    defender with that outcome and the sentence as written."""
    assert charges_before, "the snapshot has no charge"
    assert any(row[3] for row in charges_before), "the snapshot has no replaced charge"
    assert any(row[4] == "convicted" and row[5] for row in charges_before), "no sentence"
    cursor.execute(
        "SELECT c.id::text, p.case_id::text, p.id::text, c.status, c.ended_on::text "
        "FROM cases_charge c JOIN cases_proceeding p ON p.id = c.proceeding_id"
    )
    after = {row[0]: row[1:] for row in cursor.fetchall()}
    cursor.execute("SELECT charge_id::text, defender_id::text FROM cases_charge_defenders")
    defenders = set(cursor.fetchall())
    cursor.execute("SELECT from_charge_id::text, to_charge_id::text FROM cases_charge_replaced_by")
    replacements = set(cursor.fetchall())
    cursor.execute(
        "SELECT dc.charge_id::text, d.date::text, r.defender_id::text, r.outcome, r.as_printed "
        "FROM cases_decision d JOIN cases_decision_charges dc ON dc.decision_id = d.id "
        "JOIN cases_ruling r ON r.decision_id = d.id"
    )
    rulings = {row[0]: row[1:] for row in cursor.fetchall()}
    for pk, case_id, defender_id, replaced_by_id, status, sentence, decided_on in charges_before:
        assert after[pk][0] == case_id
        assert (pk, defender_id) in defenders
        if replaced_by_id:
            assert (pk, replaced_by_id) in replacements
            assert after[replaced_by_id][1] == after[pk][1], "replacement in another proceeding"
        if status in ("convicted", "acquitted"):
            assert after[pk][2:] == ("decided", None)
            assert rulings[pk] == (decided_on, defender_id, status, sentence)
        else:
            assert after[pk][2:] == (status, decided_on)
            assert pk not in rulings
    assert len(replacements) == sum(1 for row in charges_before if row[3])
    cursor.execute(
        "SELECT h.id::text, p.case_id::text FROM cases_hearing h "
        "JOIN cases_proceeding p ON p.id = h.proceeding_id"
    )
    for hearing_id, case_id in cursor.fetchall():
        assert hearings_before[hearing_id] == case_id


def test_the_upgraded_database_opens_its_confidential_fields_and_letters(upgraded):
    url = upgraded["url"]
    assert upgraded["migrated"].returncode == 0

    checked = _manage(
        url,
        "shell",
        "-c",
        "from defenders.models import Defender; from letters.models import Letter; "
        "from cases.models import Case; "
        "print(Case.objects.count(), Letter.objects.filter(status='ready').count(), "
        "sum(1 for d in Defender.objects.all() if d.health_notes))",
    )

    assert checked.returncode == 0, checked.stderr
    cases, letters, with_health_notes = map(int, checked.stdout.splitlines()[-1].split())
    assert (cases, letters) == (15, 24)
    assert with_health_notes > 0


REMINDERS_AFTER_UPGRADE = """
import json
from django.contrib.auth.models import Group
from django_celery_beat.models import PeriodicTask
from appeals_site.celery import app
from reminders.models import Reminder, Subscription
granted = Group.objects.get(name="editor").permissions.filter(codename__endswith="_reminder")
tasks = sorted(PeriodicTask.objects.values_list("task", flat=True))
print(json.dumps({
    "reminders": Reminder.objects.count(),
    "subscriptions": Subscription.objects.count(),
    "permissions": sorted(f"{p.content_type.app_label}.{p.codename}" for p in granted),
    "tasks": tasks,
    "unregistered": [task for task in tasks if task not in app.tasks],
}))
"""


def test_the_upgraded_database_keeps_reminders_the_groups_rights_on_them_and_beats_tasks(
    upgraded,
):
    # The fixture gave editors two rights on reminders before the upgrade, as an
    # administrator might have.
    url, reminders, subscriptions = (
        upgraded["url"],
        upgraded["reminders"],
        upgraded["subscriptions"],
    )
    assert reminders > 0 and subscriptions > 0
    assert upgraded["migrated"].returncode == 0
    checked = _manage(url, "shell", "-c", REMINDERS_AFTER_UPGRADE)

    assert checked.returncode == 0, checked.stderr
    assert json.loads(checked.stdout.splitlines()[-1]) == {
        "reminders": reminders,
        "subscriptions": subscriptions,
        "permissions": ["reminders.change_reminder", "reminders.view_reminder"],
        "tasks": ["reminders.tasks.digests_scan", "reminders.tasks.reminders_scan"],
        "unregistered": [],
    }


def test_the_upgraded_appeals_are_the_organisations_and_external_references_are_found(
    upgraded,
):
    """Every appeal so far was the organisation's: it is issued by the organisation itself
    (the one issuer marked is_own), its issuer text kept as printed; external references
    get the normal form they are found by."""
    raw = upgraded["raw"]
    issuers_before = upgraded["issuers_before"]
    external_references = upgraded["external_references"]
    assert issuers_before and external_references
    assert upgraded["migrated"].returncode == 0
    with raw.cursor() as cursor:
        cursor.execute(
            "SELECT a.id::text, a.issuer_as_printed, i.is_own FROM cases_appeal a "
            "JOIN cases_issuer i ON i.id = a.issuer_id"
        )
        appeals = cursor.fetchall()
        cursor.execute("SELECT count(*) FROM cases_issuer")
        (issuers,) = cursor.fetchone()
        cursor.execute("SELECT count(*) FROM cases_historicalappeal WHERE issuer_id IS NULL")
        (history_without_issuer,) = cursor.fetchone()
        cursor.execute("SELECT reference, reference_key FROM cases_externalreference")
        keys = cursor.fetchall()
    assert {pk: printed for pk, printed, _own in appeals} == issuers_before
    assert {own for _pk, _printed, own in appeals} == {True}
    assert (issuers, history_without_issuer) == (1, 0)
    assert len(keys) == external_references
    assert all(key == reference_key(reference) for reference, key in keys)
