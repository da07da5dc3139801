"""API keys: stored only as a hash, revoked at once, expiring, last-used time written
sparingly; the commands and admin actions that make them."""

import datetime as dt
import io

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from partners.models import ApiKey, Partner
from partners.services import (
    api_key_authenticate,
    api_key_create,
    api_key_revoke,
    partner_create,
)
from tests.api_clients import bearer_client
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
CASES = "/api/v1/cases/"


def database_dump() -> str:
    out = io.StringIO()
    call_command("dumpdata", stdout=out)
    return out.getvalue()


def run(command: str, *args) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command(command, *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


# --- Keys -----------------------------------------------------------------------------------


def test_the_raw_key_is_nowhere_in_the_database():
    _partner, raw = partner_create(name="Partner network")

    assert raw.startswith("apk_")
    assert raw not in database_dump()
    assert ApiKey.objects.get().prefix == raw[:10]


def test_a_key_authenticates_until_revoked_and_not_after():
    partner, raw = partner_create(name="P")
    client = bearer_client(raw)
    assert client.get(CASES).status_code == 200

    api_key_revoke(key=partner.api_keys.get())

    response = client.get(CASES)
    assert response.status_code == 401
    assert response.json() == {
        "status": 401,
        "code": "key_revoked",
        "detail": "This API key was revoked: ask for a new one.",
    }


def test_an_expired_key_is_refused_and_told_that_it_expired():
    partner = Partner.objects.create(name="P")
    _key, raw = api_key_create(partner=partner, expires_at=timezone.now() - dt.timedelta(1))

    response = bearer_client(raw).get(CASES)
    assert response.status_code == 401
    assert response.json() == {
        "status": 401,
        "code": "key_expired",
        "detail": "This API key has expired: ask for a new one.",
    }


def test_an_unknown_key_is_only_not_valid():
    response = bearer_client("apk_" + "x" * 43).get(CASES)
    assert (response.status_code, response.json()["code"]) == (401, "key_invalid")


def test_a_new_key_expires_after_the_configured_lifetime(settings):
    settings.API_KEY_LIFETIME_DAYS = 90
    partner = Partner.objects.create(name="P")
    made = timezone.now()
    key, raw = api_key_create(partner=partner)
    assert made + dt.timedelta(days=90) <= key.expires_at <= timezone.now() + dt.timedelta(days=90)
    assert bearer_client(raw).get(CASES).status_code == 200
    with time_machine.travel(key.expires_at + dt.timedelta(seconds=1)):
        assert bearer_client(raw).get(CASES).status_code == 401


def test_a_key_lifetime_of_zero_means_no_expiry(settings):
    settings.API_KEY_LIFETIME_DAYS = 0
    key, _raw = api_key_create(partner=Partner.objects.create(name="P"))
    assert key.expires_at is None


def test_a_key_of_an_inactive_partner_is_refused():
    partner, raw = partner_create(name="P")
    Partner.objects.filter(pk=partner.pk).update(is_active=False)

    assert bearer_client(raw).get(CASES).status_code == 401


def test_last_used_is_written_at_most_once_a_minute():
    _partner, raw = partner_create(name="P")
    start = dt.datetime(2025, 5, 1, 12, 0, tzinfo=dt.UTC)

    api_key_authenticate(raw=raw, now=start)
    api_key_authenticate(raw=raw, now=start + dt.timedelta(seconds=59))
    assert ApiKey.objects.get().last_used_at == start

    api_key_authenticate(raw=raw, now=start + dt.timedelta(seconds=60))
    assert ApiKey.objects.get().last_used_at == start + dt.timedelta(seconds=60)


# --- Commands -------------------------------------------------------------------------------


def test_create_partner_prints_the_key_alone_on_stdout():
    out, err = run("create_partner", "Partner network", "--email", "data@partner.example.org")

    partner = Partner.objects.get(name="Partner network")
    raw = out.strip()
    assert out == raw + "\n"
    assert partner.contact_email == "data@partner.example.org"
    assert api_key_authenticate(raw=raw).partner == partner
    assert err == "Partner Partner network created. Its API key, shown this once:\n"
    assert raw not in database_dump()


def test_create_partner_refuses_a_name_already_taken():
    partner_create(name="Partner network")
    with pytest.raises(CommandError, match="name: Partner with this Name already exists."):
        run("create_partner", "Partner network")


def test_create_api_key_makes_a_key_for_active_staff(editor):
    out, err = run("create_api_key", editor.username, "--name", "nightly script")

    key = api_key_authenticate(raw=out.strip())
    assert key.user == editor
    assert key.name == "nightly script"
    assert err.startswith(f"API key {key.prefix}… created for {editor.username}")


def test_create_api_key_refuses_someone_who_is_not_staff(outsider):
    with pytest.raises(
        CommandError,
        match="olga-outsider is not active staff: only active staff have API keys.",
    ):
        run("create_api_key", outsider.username)


def test_create_api_key_refuses_an_inactive_member_of_staff():
    UserFactory(username="gone", is_staff=True, is_active=False)
    with pytest.raises(CommandError, match="gone is not active staff"):
        run("create_api_key", "gone")


def test_create_api_key_names_an_unknown_user():
    with pytest.raises(CommandError, match="No user is called nobody."):
        run("create_api_key", "nobody")


# --- Admin ----------------------------------------------------------------------------------

PARTNERS = reverse("admin:partners_partner_changelist")
KEYS = reverse("admin:partners_apikey_changelist")


def _messages(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def test_admin_create_a_key_shows_it_once_and_stores_only_its_hash(admin_client_):
    partner, _raw = partner_create(name="Partner network")

    response = admin_client_.post(
        PARTNERS, {"action": "create_key", "_selected_action": [partner.pk]}
    )

    assert response.status_code == 200
    [message] = _messages(response)
    raw = message.rsplit(" ", 1)[1]
    assert message == f"New key for Partner network (shown once): {raw}"
    assert api_key_authenticate(raw=raw).partner == partner
    assert raw not in database_dump()  # sessions included: the message was not stored
    assert raw not in admin_client_.get(PARTNERS).content.decode()


def test_admin_new_calendar_url_replaces_the_old_one(admin_client_):
    partner, _raw = partner_create(name="Partner network")

    first = admin_client_.post(
        PARTNERS, {"action": "new_calendar_url", "_selected_action": [partner.pk]}
    )
    old_url = _messages(first)[0].rsplit(" ", 1)[1]
    second = admin_client_.post(
        PARTNERS, {"action": "new_calendar_url", "_selected_action": [partner.pk]}
    )
    new_url = _messages(second)[0].rsplit(" ", 1)[1]

    assert new_url.startswith("http://testserver/api/v1/calendar/cal_")
    assert new_url.endswith("/hearings.ics")
    assert admin_client_.get(new_url).status_code == 200
    assert admin_client_.get(old_url.replace("http://testserver", "")).status_code == 401
    assert new_url.split("/")[-2] not in database_dump()


def test_admin_revoke_revokes_the_selected_keys(admin_client_):
    partner, raw = partner_create(name="Partner network")

    response = admin_client_.post(
        KEYS,
        {"action": "revoke", "_selected_action": [partner.api_keys.get().pk]},
        follow=True,
    )

    assert _messages(response) == ["1 key(s) revoked."]
    assert api_key_authenticate(raw=raw) is None


def test_admin_key_list_shows_holder_and_prefix_never_a_key(admin_client_, editor):
    _partner, raw = partner_create(name="Partner network")
    api_key_create(user=editor)

    page = admin_client_.get(KEYS).content.decode()

    assert "Partner network" in page
    assert "ed-editor" in page
    assert raw[:10] in page
    assert raw not in page


def test_admin_partner_page_lists_its_keys_read_only(admin_client_):
    partner, raw = partner_create(name="Partner network")

    response = admin_client_.get(reverse("admin:partners_partner_change", args=[partner.pk]))

    assert response.status_code == 200
    assert raw[:10] in response.content.decode()
    assert raw not in response.content.decode()


def test_keys_cannot_be_added_through_the_admin_form(admin_client_):
    assert admin_client_.get(reverse("admin:partners_apikey_add")).status_code == 403
