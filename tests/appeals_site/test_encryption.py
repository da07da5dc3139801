"""Confidential fields encrypted at rest (appeals_site/fields.py): the columns, and those of the
history, hold Fernet tokens only; values come back whole through the ORM, the admin and the
API; a wrong key is a clear error; keys rotate with `reencrypt_confidential`; the settings
require a key without DEBUG; the migrations encrypt what was there in clear."""

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from django.apps import apps
from django.contrib import admin
from django.core.exceptions import FieldError
from django.core.management import CommandError, call_command
from django.db import connection
from django.urls import reverse

from appeals_site.confidential import CONFIDENTIAL_FIELDS
from appeals_site.fields import DecryptionError, EncryptedFieldMixin, encrypted_fields
from cases.models import Case, Event
from defenders.models import Defender
from defenders.services import defender_create
from partners.models import Partner
from partners.services import partner_create, partner_webhook_secret_rotate
from tests.admin_forms import AdminPost, assert_saved
from tests.api_clients import staff_api_client
from tests.factories import CaseFactory, DefenderFactory, EventFactory

BASE_DIR = Path(__file__).resolve().parents[2]
CANARY = "CANARY-at-rest-5e1c"
CANARY_PHONE = "+996555123456"
TOKEN_START = "gAAAAA"  # a Fernet token: version byte 0x80, then the timestamp


def secrets_everywhere() -> tuple[Defender, Case, Event]:
    defender = DefenderFactory(
        health_notes=f"{CANARY} health",
        family_notes=f"{CANARY} family",
        home_address=f"{CANARY} home",
        phone=CANARY_PHONE,
        internal_notes=f"{CANARY} defender notes",
    )
    case = CaseFactory(internal_notes=f"{CANARY} case notes")
    case.defenders.add(defender)
    event = EventFactory(case=case, source_identity=f"{CANARY} source")
    return defender, case, event


def stored(model, field_name: str) -> list[str]:
    """Return the raw values of one column, as a dump would show them."""
    quote = connection.ops.quote_name
    column = model._meta.get_field(field_name).column
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {quote(column)} FROM {quote(model._meta.db_table)}")  # noqa: S608
        return [row[0] for row in cursor.fetchall()]


def confidential_columns():
    """(model, field name) of every confidential field and of its history."""
    for label, names in sorted(CONFIDENTIAL_FIELDS.items()):
        model = apps.get_model(label)
        for name in sorted(names):
            yield model, name
            yield model.history.model, name


# --- What is declared is what is encrypted ---------------------------------------------------


def test_every_confidential_field_and_its_history_use_an_encrypted_field_class():
    for model, name in confidential_columns():
        field = model._meta.get_field(name)
        assert isinstance(field, EncryptedFieldMixin), f"{model._meta.label}.{name}"


def test_no_field_is_encrypted_that_is_not_declared_confidential():
    found = {
        (model._meta.label, field.name)
        for model in apps.get_models()
        for field in encrypted_fields(model)
    }
    assert found == {(m._meta.label, n) for m, n in confidential_columns()}


def test_no_admin_searches_or_filters_on_an_encrypted_field():
    for model, model_admin in admin.site._registry.items():
        secret = {f.name for f in encrypted_fields(model)}
        searched = {s.lstrip("^=@").split("__")[0] for s in model_admin.search_fields}
        filtered = {f for f in model_admin.list_filter if isinstance(f, str)}
        assert not (searched | filtered) & secret, model._meta.label


# --- At rest ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_no_confidential_column_or_history_column_holds_plain_text():
    defender, _case, _event = secrets_everywhere()
    defender.health_notes = f"{CANARY} health, changed"
    defender.save()  # a second history row

    for model, name in confidential_columns():
        values = stored(model, name)
        assert values, f"{model._meta.label}.{name} has no row"
        for value in values:
            assert value.startswith(TOKEN_START), f"{model._meta.label}.{name}: {value[:20]}"
            assert CANARY not in value and "555123456" not in value


@pytest.mark.django_db
def test_equal_values_are_stored_as_different_tokens():
    DefenderFactory(health_notes="asthma")
    DefenderFactory(health_notes="asthma")

    assert len(set(stored(Defender, "health_notes"))) == 2


@pytest.mark.django_db
def test_empty_values_are_encrypted_too():
    DefenderFactory()

    assert all(v.startswith(TOKEN_START) for v in stored(Defender, "health_notes"))
    assert Defender.objects.get().health_notes == ""
    assert Defender.objects.get().phone == ""


@pytest.mark.django_db
def test_a_lookup_on_an_encrypted_field_is_refused_not_silently_empty():
    with pytest.raises(FieldError, match="Unsupported lookup 'icontains' for EncryptedTextField"):
        list(Defender.objects.filter(health_notes__icontains="asthma"))
    with pytest.raises(FieldError, match="Unsupported lookup 'exact' for EncryptedTextField"):
        list(Event.objects.exclude(source_identity=""))


# --- Round trips -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_values_come_back_whole_through_the_orm_and_the_history():
    defender, case, event = secrets_everywhere()

    defender = Defender.objects.get(pk=defender.pk)
    assert defender.health_notes == f"{CANARY} health"
    assert defender.home_address == f"{CANARY} home"
    assert defender.phone == CANARY_PHONE
    assert defender.history.get().family_notes == f"{CANARY} family"
    assert Case.objects.values_list("internal_notes", flat=True).get(pk=case.pk) == (
        f"{CANARY} case notes"
    )
    assert Event.objects.get(pk=event.pk).history.get().source_identity == f"{CANARY} source"


@pytest.mark.django_db
def test_a_phone_is_normalised_to_e164_before_it_is_encrypted():
    defender_create(acting_user=None, full_name="A", phone="+996 555 12 34 56")

    defender = Defender.objects.get()
    assert (defender.phone, defender.phone_as_printed) == (CANARY_PHONE, "+996 555 12 34 56")
    assert all("555" not in v for v in stored(Defender, "phone_as_printed"))


@pytest.mark.django_db
def test_the_admin_form_saves_encrypted_and_shows_plain(editor_client):
    defender = DefenderFactory()
    url = reverse("admin:defenders_defender_change", args=[defender.pk])
    post = AdminPost.from_page(editor_client.get(url))
    post.set(health_notes=f"{CANARY} from the admin", phone_as_printed="+996 555 12 34 56")

    assert_saved(editor_client.post(url, post.data))

    assert all(CANARY not in v for v in stored(Defender, "health_notes"))
    form = editor_client.get(url).context["adminform"].form
    assert form["health_notes"].value() == f"{CANARY} from the admin"
    assert form["phone_as_printed"].value() == "+996 555 12 34 56"
    assert Defender.objects.get().phone == CANARY_PHONE


@pytest.mark.django_db
def test_the_staff_api_writes_encrypted_and_reads_plain(editor):
    client = staff_api_client(editor)
    response = client.post(
        "/api/v1/defenders/",
        {"full_name": "Aigerim Dzhaksybekova", "home_address": f"{CANARY} home", "phone": ""},
    )
    assert response.status_code == 201, response.content

    assert all(CANARY not in v for v in stored(Defender, "home_address"))
    document = client.get(f"/api/v1/defenders/{response.json()['id']}/").json()
    assert document["home_address"] == f"{CANARY} home"


# --- Keys ------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_wrong_key_is_a_clear_error_naming_the_field(settings):
    DefenderFactory(health_notes="asthma")
    settings.FIELD_ENCRYPTION_KEYS = [Fernet.generate_key().decode()]

    with pytest.raises(DecryptionError) as caught:
        Defender.objects.get()

    assert str(caught.value) == (
        "defenders.Defender.health_notes cannot be decrypted with the keys in "
        "FIELD_ENCRYPTION_KEYS: the key it was encrypted with is not among them (a wrong or "
        "dropped key), or the column holds something that is not a token."
    )


@pytest.mark.django_db
def test_a_webhook_secret_is_stored_encrypted_and_read_back_plain(settings):
    partner, _raw_key = partner_create(name="Partner network")
    secret = partner_webhook_secret_rotate(partner=partner)

    [token] = stored(Partner, "webhook_secret")
    assert secret not in token
    assert (
        Fernet(settings.FIELD_ENCRYPTION_KEYS[0].encode()).decrypt(token.encode()).decode()
        == secret
    )
    assert Partner.objects.get(pk=partner.pk).webhook_secret == secret


@pytest.mark.django_db
def test_reencrypt_confidential_rotates_webhook_secrets_too(settings):
    old = settings.FIELD_ENCRYPTION_KEYS[0]
    new = Fernet.generate_key().decode()
    partner, _raw_key = partner_create(name="Partner network")
    secret = partner_webhook_secret_rotate(partner=partner)

    settings.FIELD_ENCRYPTION_KEYS = [new, old]
    output = reencrypt()
    settings.FIELD_ENCRYPTION_KEYS = [new]

    assert "partners.Partner: 1 of 1 values re-encrypted" in output.splitlines()
    assert Partner.objects.get(pk=partner.pk).webhook_secret == secret


def reencrypt(**options) -> str:
    out = io.StringIO()
    call_command("reencrypt_confidential", stdout=out, **options)
    return out.getvalue()


@pytest.mark.django_db
def test_rotation_with_reencrypt_confidential(settings):
    old = settings.FIELD_ENCRYPTION_KEYS[0]
    new = Fernet.generate_key().decode()
    defender, case, event = secrets_everywhere()
    before = stored(Defender, "health_notes")

    # 1. The new key first, the old one still there: everything still reads.
    settings.FIELD_ENCRYPTION_KEYS = [new, old]
    assert Defender.objects.get().health_notes == f"{CANARY} health"
    # 2. Every value and history value under the new key, in batches.
    output = reencrypt(batch_size=1)
    # 3. The old key dropped.
    settings.FIELD_ENCRYPTION_KEYS = [new]

    assert Defender.objects.get().health_notes == f"{CANARY} health"
    assert Defender.history.get().phone == CANARY_PHONE
    assert Case.objects.get().internal_notes == f"{CANARY} case notes"
    assert Event.history.get().source_identity == f"{CANARY} source"
    assert stored(Defender, "health_notes") != before
    lines = output.splitlines()
    assert "defenders.Defender: 6 of 6 values re-encrypted" in lines
    assert "defenders.HistoricalDefender: 6 of 6 values re-encrypted" in lines
    # The event's source, and the quotation and its speaker (empty: each its own token).
    assert "cases.Event: 3 of 3 values re-encrypted" in lines
    # Two case history rows: created, then its defenders added.
    assert lines[-1] == (
        f"{sum(len(stored(m, n)) for m, n in confidential_columns())} of "
        f"{sum(len(stored(m, n)) for m, n in confidential_columns())} values re-encrypted under "
        "the first key (7 tables); the others were already under it."
    )


@pytest.mark.django_db
def test_reencrypt_confidential_is_idempotent(settings):
    secrets_everywhere()
    settings.FIELD_ENCRYPTION_KEYS = [
        Fernet.generate_key().decode(),
        *settings.FIELD_ENCRYPTION_KEYS,
    ]
    reencrypt()
    after_first = stored(Defender, "health_notes")

    output = reencrypt()

    assert output.splitlines()[-1].startswith("0 of ")
    assert stored(Defender, "health_notes") == after_first


@pytest.mark.django_db
def test_reencrypt_confidential_stops_at_a_value_no_key_opens(settings):
    DefenderFactory(health_notes="asthma")
    settings.FIELD_ENCRYPTION_KEYS = [Fernet.generate_key().decode()]

    with pytest.raises(CommandError) as caught:
        reencrypt()

    assert str(caught.value) == (
        "defenders_defender.health_notes: a value cannot be decrypted with the keys in "
        "FIELD_ENCRYPTION_KEYS (a wrong or dropped key?). Put the key back in it and run this "
        "again."
    )


# --- Settings --------------------------------------------------------------------------------

_PRINT_KEYS = """
import json
from appeals_site.settings import base as s
print(json.dumps(s.FIELD_ENCRYPTION_KEYS))
"""


def _settings(tmp_path: Path, **variables: str) -> subprocess.CompletedProcess:
    env = {
        "PATH": os.environ.get("PATH", ""),
        "VAR_DIR": str(tmp_path / "var"),
        "SECRET_KEY": "k",
        **variables,
    }
    return subprocess.run(
        [sys.executable, "-c", _PRINT_KEYS],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def _error(result: subprocess.CompletedProcess) -> str:
    assert result.returncode != 0, result.stdout
    return result.stderr.strip().splitlines()[-1]


GENERATE = (
    'python -c "from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())"'
)


def test_without_debug_the_key_is_required(tmp_path):
    assert _error(_settings(tmp_path)) == (
        "django.core.exceptions.ImproperlyConfigured: FIELD_ENCRYPTION_KEYS (or "
        "FIELD_ENCRYPTION_KEYS_FILE) must be set unless DEBUG=true: the key that encrypts "
        f"confidential fields. Make one with: {GENERATE}"
    )


def test_with_debug_and_no_key_the_development_key_is_used_with_a_warning(tmp_path):
    from appeals_site.settings.base import DEVELOPMENT_FIELD_ENCRYPTION_KEY

    result = _settings(tmp_path, DEBUG="true")

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f'["{DEVELOPMENT_FIELD_ENCRYPTION_KEY}"]'
    assert (
        "FIELD_ENCRYPTION_KEYS is not set: confidential fields are encrypted with the public "
        "development key (DEBUG only)."
    ) in result.stderr


def test_keys_come_comma_separated_or_from_a_file(tmp_path):
    first, second = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    key_file = tmp_path / "keys"
    key_file.write_text(f"{first}\n{second}\n")

    listed = _settings(tmp_path, FIELD_ENCRYPTION_KEYS=f"{first}, {second}")
    from_file = _settings(tmp_path, FIELD_ENCRYPTION_KEYS_FILE=str(key_file))

    assert listed.stdout.strip() == from_file.stdout.strip() == f'["{first}", "{second}"]'


def test_a_bad_key_is_named_by_its_position_never_shown(tmp_path):
    good = Fernet.generate_key().decode()

    result = _settings(tmp_path, FIELD_ENCRYPTION_KEYS=f"{good},not-a-secret-key-123")

    assert _error(result) == (
        "django.core.exceptions.ImproperlyConfigured: FIELD_ENCRYPTION_KEYS: key number 2 is "
        f"not a Fernet key (32 url-safe base64-encoded bytes). Make one with: {GENERATE}"
    )
    assert "not-a-secret-key-123" not in result.stderr


def test_the_development_key_may_not_encrypt_without_debug(tmp_path):
    from appeals_site.settings.base import DEVELOPMENT_FIELD_ENCRYPTION_KEY

    error = _error(_settings(tmp_path, FIELD_ENCRYPTION_KEYS=DEVELOPMENT_FIELD_ENCRYPTION_KEY))
    assert error.startswith(
        "django.core.exceptions.ImproperlyConfigured: FIELD_ENCRYPTION_KEYS: the public "
        "development key may only decrypt without DEBUG"
    )
    # As a second key, to move a development database to a real key, it is accepted.
    real = Fernet.generate_key().decode()
    result = _settings(tmp_path, FIELD_ENCRYPTION_KEYS=f"{real},{DEVELOPMENT_FIELD_ENCRYPTION_KEY}")
    assert result.returncode == 0, result.stderr


# --- The migrations --------------------------------------------------------------------------

_MIGRATE_FROM_PLAIN_TEXT = """
import django
django.setup()
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

before = [("cases", "0007_case_restricted"), ("defenders", "0001_initial")]
executor = MigrationExecutor(connection)
executor.migrate(before)
old = executor.loader.project_state(before).apps
defender = old.get_model("defenders", "Defender").objects.create(
    full_name="A", health_notes="CANARY-health", phone="+996555123456"
)
old.get_model("defenders", "HistoricalDefender").objects.create(
    id=defender.id, full_name="A", home_address="CANARY-history", history_type="+",
    history_date="2025-01-01T00:00Z", created_at="2025-01-01T00:00Z",
    updated_at="2025-01-01T00:00Z",
)
case = old.get_model("cases", "Case").objects.create(
    country="KG", title="t", internal_notes="CANARY-case"
)
old.get_model("cases", "Event").objects.create(
    case=case, date="2025-01-01", kind="other", description="d", source_identity="CANARY-source"
)

# Up to the two migrations that encrypt, not to the latest: what later migrations do to these
# rows is the upgrade test's (tests/test_migrations_from_earlier_main.py), and migrating the
# rest of the way took two thirds of this test's time.
after = [("cases", "0008_encrypt_confidential"), ("defenders", "0002_encrypt_confidential")]
executor = MigrationExecutor(connection)
executor.migrate(after)
new = executor.loader.project_state(after).apps

defender = new.get_model("defenders", "Defender").objects.get()
history = new.get_model("defenders", "HistoricalDefender").objects.get()
print(defender.health_notes, defender.phone, history.home_address)
print(
    new.get_model("cases", "Case").objects.get().internal_notes,
    new.get_model("cases", "Event").objects.get().source_identity,
)
with connection.cursor() as cursor:
    for table in ("defenders_defender", "defenders_historicaldefender", "cases_case",
                  "cases_event"):
        cursor.execute("SELECT * FROM " + table)
        for row in cursor.fetchall():
            assert not any("CANARY" in str(v) or "555123456" in str(v) for v in row), row
print("no plain text")
"""


@pytest.mark.slow
@pytest.mark.timeout(240)
def test_the_migrations_encrypt_what_was_stored_in_clear(tmp_path, scratch_database):
    # A database of its own, migrated in a fresh interpreter: the one of the test run is
    # already at the latest migration.
    _, url = scratch_database
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "VAR_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "appeals_site.settings.test",
        "PYTHONPATH": str(BASE_DIR),
    }
    result = subprocess.run(
        [sys.executable, "-c", _MIGRATE_FROM_PLAIN_TEXT],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=220,
        check=False,
    )

    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stdout.splitlines()[-3:] == [
        "CANARY-health +996555123456 CANARY-history",
        "CANARY-case CANARY-source",
        "no plain text",
    ]
