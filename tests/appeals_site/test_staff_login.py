"""The staff login: a password, then a second factor (an authenticator app or a backup code);
the lockout after failed passwords; idle sessions; password rules.

A session with a password only must open nothing: no admin page, no API call. API keys are not
logins and keep working.
"""

import datetime as dt
import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.contrib import admin
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from appeals_site.accounts.services import (
    authenticator_create,
    authenticator_key_base32,
    backup_codes_replace,
)
from appeals_site.audit.models import AuditEntry
from demo.loader import DemoLoadResult, demo_superuser_ensure
from tests.api_clients import staff_api_client
from tests.conftest import staff_login
from tests.factories import UserFactory

PASSWORD = "correct horse battery staple"  # UserFactory's
LOGIN = "/admin/login/"
SECOND_FACTOR = "/admin/second-factor/"
SETUP = "/admin/second-factor/setup/"
OFFICE = "203.0.113.10"
ELSEWHERE = "198.51.100.20"


def password_step(client, username, password=PASSWORD, *, ip=OFFICE, next_to="/admin/"):
    return client.post(
        LOGIN, {"username": username, "password": password, "next": next_to}, REMOTE_ADDR=ip
    )


def code_of(device: TOTPDevice, *, shift: int = 0) -> str:
    """Return the app's code now (shift: that many 30-second steps later)."""
    return f"{totp(device.bin_key, step=device.step, drift=shift):06d}"


def is_logged_in(client) -> bool:
    return "_auth_user_id" in client.session


@pytest.fixture
def staff(db):
    user = UserFactory(username="sam-staff", is_staff=True, is_superuser=True)
    return user, authenticator_create(user=user)


# --- The password alone opens nothing -------------------------------------------------------


def test_a_right_password_leads_to_the_second_factor_not_into_the_admin(client, staff):
    user, _device = staff

    response = password_step(client, user.username, next_to="/admin/cases/case/")

    assert response.status_code == 302
    assert response["Location"] == SECOND_FACTOR + "?next=%2Fadmin%2Fcases%2Fcase%2F"
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert "Password accepted for <strong>sam-staff</strong>" in page.content.decode()


def admin_pages() -> list[str]:
    """Return the admin's index and password change page, and the list and add page of every
    registered ModelAdmin (the domain's, django-otp's, django-axes' …)."""
    pages = [reverse("admin:index"), reverse("admin:password_change")]
    for model in admin.site._registry:
        prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        pages += [reverse(f"{prefix}_changelist"), reverse(f"{prefix}_add")]
    return pages


def test_a_password_only_session_opens_no_admin_page(client, staff):
    user, _device = staff
    password_step(client, user.username)
    assert is_logged_in(client)

    pages = admin_pages()
    assert len(pages) > 30
    for page in pages:
        response = client.get(page)
        assert response.status_code == 302, page
        assert response["Location"].startswith(LOGIN + "?next="), page
    # … and the login page sends a half-logged-in member of staff on to the second factor.
    response = client.get(pages[-1], follow=True)
    assert response.redirect_chain[-1][0].startswith(SECOND_FACTOR + "?next=")
    assert response.status_code == 200


def test_a_password_only_session_is_refused_by_the_api(client, staff):
    user, _device = staff
    password_step(client, user.username)

    response = client.get("/api/v1/cases/")

    assert response.status_code == 403
    assert response.json() == {
        "status": 403,
        "code": "second_factor_required",
        "detail": "This session has not passed the second factor: finish logging in at "
        "/admin/login/, or use an API key.",
    }


def test_a_session_without_a_second_factor_is_refused_even_without_the_login_form(client, staff):
    user, _device = staff
    client.force_login(user)

    assert client.get("/admin/").status_code == 302
    assert client.get("/api/v1/cases/").status_code == 403


def test_a_staff_api_key_needs_no_second_factor(staff):
    user, _device = staff

    assert staff_api_client(user).get("/api/v1/cases/").status_code == 200


def test_someone_not_staff_cannot_log_in(client, db):
    UserFactory(username="olga-outsider", is_staff=False)

    response = password_step(client, "olga-outsider")

    assert response.status_code == 200
    assert not is_logged_in(client)


# --- The second factor ----------------------------------------------------------------------


def test_the_app_code_completes_the_login_and_opens_the_admin_and_the_api(client, staff):
    user, device = staff
    password_step(client, user.username, next_to="/admin/cases/case/")

    response = client.post(SECOND_FACTOR, {"token": code_of(device), "next": "/admin/cases/case/"})

    assert response.status_code == 302
    assert response["Location"] == "/admin/cases/case/"
    assert client.get("/admin/cases/case/").status_code == 200
    assert client.get("/admin/").status_code == 200
    assert client.get("/api/v1/cases/").status_code == 200


def test_the_session_key_changes_when_the_second_factor_is_passed(client, staff):
    user, device = staff
    password_step(client, user.username)
    half_logged_in = client.session.session_key

    client.post(SECOND_FACTOR, {"token": code_of(device)})

    assert client.session.session_key != half_logged_in


def test_the_login_goes_on_only_to_a_page_of_this_site(client, staff):
    user, device = staff
    response = password_step(client, user.username, next_to="https://evil.example/")
    assert response["Location"] == SECOND_FACTOR + "?next=%2Fadmin%2F"

    response = client.post(
        SECOND_FACTOR, {"token": code_of(device), "next": "https://evil.example/"}
    )

    assert response["Location"] == "/admin/"


def test_a_wrong_code_is_refused(client, staff):
    user, device = staff
    password_step(client, user.username)

    response = client.post(SECOND_FACTOR, {"token": code_of(device, shift=5)})

    assert response.status_code == 200
    assert "This code is not valid, or was already used." in response.content.decode()
    assert client.get("/admin/").status_code == 302


def test_a_wrong_code_is_recorded_in_the_audit_log_with_the_account_and_address(client, staff):
    user, device = staff
    password_step(client, user.username)

    client.post(SECOND_FACTOR, {"token": code_of(device, shift=5)}, REMOTE_ADDR=OFFICE)

    [entry] = AuditEntry.objects.filter(action=AuditEntry.Action.SECOND_FACTOR_FAILED)
    assert (entry.actor, entry.actor_label, entry.source_ip) == (user, user.username, OFFICE)


def test_an_app_code_is_taken_once(client, staff):
    user, device = staff
    code = code_of(device)
    password_step(client, user.username)
    client.post(SECOND_FACTOR, {"token": code})
    client.post(reverse("admin:logout"))

    password_step(client, user.username)
    response = client.post(SECOND_FACTOR, {"token": code})

    assert "This code is not valid, or was already used." in response.content.decode()


def test_after_a_wrong_code_the_next_try_waits(client, staff, time_machine):
    user, device = staff
    time_machine.move_to(dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC), tick=False)
    password_step(client, user.username)
    client.post(SECOND_FACTOR, {"token": "000000"})

    response = client.post(SECOND_FACTOR, {"token": code_of(device)})

    assert "Too many wrong codes: try again after " in response.content.decode()
    assert client.get("/admin/").status_code == 302


def test_a_backup_code_works_once_and_not_twice(client, staff):
    user, _device = staff
    codes = backup_codes_replace(user=user)

    password_step(client, user.username)
    first = client.post(SECOND_FACTOR, {"token": codes[3]}, follow=True)
    assert first.status_code == 200
    assert first.redirect_chain[-1][0] == "/admin/"
    assert [str(m) for m in first.context["messages"]] == [
        "You used a backup code: 9 are left. Make new ones under “Backup codes”."
    ]
    client.post(reverse("admin:logout"))

    password_step(client, user.username)
    second = client.post(SECOND_FACTOR, {"token": codes[3]})
    assert second.status_code == 200
    assert "This code is not valid, or was already used." in second.content.decode()
    assert client.get("/admin/").status_code == 302
    assert StaticToken.objects.filter(device__user=user).count() == 9


def test_new_backup_codes_revoke_the_old_ones(client, staff):
    user, _device = staff
    old = backup_codes_replace(user=user)
    staff_login(client, user)

    page = client.post(reverse("admin:backup_codes")).content.decode()

    new = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", page)
    assert len(new) == 10
    assert set(StaticToken.objects.values_list("token", flat=True)) == set(new)
    assert not set(old) & set(new)


# --- Enforced enrolment ---------------------------------------------------------------------


def test_staff_without_an_app_set_one_up_and_get_backup_codes(client, db):
    user = UserFactory(username="new-staff", is_staff=True, is_superuser=True)

    response = password_step(client, user.username, next_to="/admin/cases/case/")
    response = client.get(response["Location"])
    assert response.status_code == 302
    assert response["Location"] == SETUP + "?next=%2Fadmin%2Fcases%2Fcase%2F"
    setup = client.get(response["Location"])
    assert setup.status_code == 200
    assert client.get("/admin/").status_code == 302

    pending = TOTPDevice.objects.get(user=user, confirmed=False)
    page = setup.content.decode()
    assert "<svg" in page
    assert authenticator_key_base32(pending) in page
    done = client.post(SETUP, {"token": code_of(pending), "next": "/admin/cases/case/"})

    assert done.status_code == 200
    codes = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", done.content.decode())
    assert len(codes) == 10
    assert 'href="/admin/cases/case/"' in done.content.decode()
    assert TOTPDevice.objects.get(user=user).confirmed
    assert client.get("/admin/cases/case/").status_code == 200


def test_setting_up_refuses_a_wrong_first_code(client, db):
    user = UserFactory(username="new-staff", is_staff=True)
    password_step(client, user.username)
    client.get(SETUP)
    pending = TOTPDevice.objects.get(user=user)

    response = client.post(SETUP, {"token": code_of(pending, shift=9)})

    assert "This is not the app&#x27;s current code" in response.content.decode()
    assert not TOTPDevice.objects.get(user=user).confirmed
    assert client.get("/admin/").status_code == 302


def test_who_has_an_app_cannot_set_up_another_with_the_password_alone(client, staff):
    user, _device = staff
    password_step(client, user.username)

    response = client.get(SETUP)

    assert response.status_code == 302
    assert response["Location"].startswith(SECOND_FACTOR)
    assert TOTPDevice.objects.filter(user=user).count() == 1


def test_a_verified_member_of_staff_moves_the_app_to_a_new_phone(client, staff):
    user, old = staff
    staff_login(client, user)
    client.get(SETUP)
    new = TOTPDevice.objects.get(user=user, confirmed=False)

    client.post(SETUP, {"token": code_of(new)})

    assert list(TOTPDevice.objects.filter(user=user)) == [new]
    assert not TOTPDevice.objects.filter(pk=old.pk).exists()


# --- Lockout (django-axes) ------------------------------------------------------------------


def fail_logins(client, username, *, ip=OFFICE, times=None):
    for _ in range(times or settings.AXES_FAILURE_LIMIT):
        password_step(client, username, "not the password", ip=ip)


def test_failed_passwords_lock_the_account_even_with_the_right_password(client, staff):
    user, _device = staff
    fail_logins(client, user.username)

    here = password_step(client, user.username, ip=OFFICE)
    elsewhere = password_step(client, user.username, ip=ELSEWHERE)

    for response in (here, elsewhere):
        assert response.status_code == 429
        assert "Too many failed logins for this account or from this address" in (
            response.content.decode()
        )
    assert not is_logged_in(client)


def test_one_failure_less_than_the_limit_locks_nothing(client, staff):
    user, _device = staff
    fail_logins(client, user.username, times=settings.AXES_FAILURE_LIMIT - 1)

    response = password_step(client, user.username)

    assert response.status_code == 302
    assert response["Location"].startswith(SECOND_FACTOR)


def test_failed_passwords_lock_their_address_for_other_accounts_too(client, staff):
    UserFactory(username="colleague", is_staff=True)
    fail_logins(client, "nobody-by-that-name")

    assert password_step(client, "colleague", ip=OFFICE).status_code == 429
    assert password_step(client, "colleague", ip=ELSEWHERE).status_code == 302


def test_the_lock_lifts_after_the_cool_off(client, staff, time_machine):
    user, _device = staff
    time_machine.move_to(dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC), tick=False)
    fail_logins(client, user.username)
    assert password_step(client, user.username).status_code == 429

    time_machine.shift(settings.AXES_COOLOFF_TIME + dt.timedelta(seconds=1))
    response = password_step(client, user.username)

    assert response.status_code == 302
    assert response["Location"].startswith(SECOND_FACTOR)


def test_failed_and_successful_logins_are_recorded_and_shown_in_the_admin(client, staff):
    user, _device = staff
    password_step(client, user.username, "not the password")
    password_step(client, user.username)

    assert list(AccessFailureLog.objects.values_list("username", "ip_address")) == [
        ("sam-staff", OFFICE)
    ]
    assert list(AccessLog.objects.values_list("username", "ip_address")) == [("sam-staff", OFFICE)]
    staff_login(client, user)
    for model in ("accessattempt", "accessfailurelog", "accesslog"):
        assert client.get(reverse(f"admin:axes_{model}_changelist")).status_code == 200, model


def test_the_client_address_is_read_from_the_proxy_header_only_when_configured(
    client, staff, settings
):
    user, _device = staff
    client.post(
        LOGIN,
        {"username": user.username, "password": "wrong"},
        REMOTE_ADDR="10.0.0.2",
        HTTP_X_FORWARDED_FOR=OFFICE,
    )
    # The site's one notion of the client's address (appeals_site.client_address): behind one
    # proxy at 10.0.0.2, the address it appended to X-Forwarded-For.
    settings.TRUSTED_PROXY_COUNT = 1
    settings.TRUSTED_PROXIES = ["10.0.0.2/32"]
    client.post(
        LOGIN,
        {"username": user.username, "password": "wrong"},
        REMOTE_ADDR="10.0.0.2",
        HTTP_X_FORWARDED_FOR=ELSEWHERE,
    )

    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {
        "10.0.0.2",
        ELSEWHERE,
    }


# --- Sessions and passwords -----------------------------------------------------------------


def test_an_idle_session_expires(client, staff, time_machine):
    user, _device = staff
    time_machine.move_to(dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC), tick=False)
    staff_login(client, user)
    assert client.get("/admin/").status_code == 200

    time_machine.shift(dt.timedelta(seconds=settings.SESSION_COOKIE_AGE + 1))

    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)
    assert client.get("/api/v1/cases/").status_code == 401


def test_passwords_need_twelve_characters():
    with pytest.raises(ValidationError) as error:
        validate_password("Tq9#vLx2!mW")

    assert error.value.messages == [
        "This password is too short. It must contain at least 12 characters."
    ]
    validate_password("Tq9#vLx2!mWz")


# --- The demo user --------------------------------------------------------------------------


def test_the_demo_superuser_gets_an_authenticator_with_a_key_shown_once(db):
    demo = demo_superuser_ensure(password="a demo password only")

    device = TOTPDevice.objects.get(user=demo.user, confirmed=True)
    assert demo.generated_totp_key == authenticator_key_base32(device).replace(" ", "")
    assert demo.totp_uri == device.config_url
    assert demo.totp_uri.startswith("otpauth://totp/Appeals%3Aadmin?secret=")


def test_load_demo_prints_the_new_superusers_key_once(db, monkeypatch):
    # The demo data itself is not loaded here (tests/demo/test_demo.py does): only the user.
    monkeypatch.setattr(
        "demo.management.commands.load_demo.demo_load",
        lambda acting_user: DemoLoadResult(0, 0, 0, 0, 0, 0),
    )
    first, second = io.StringIO(), io.StringIO()

    call_command("load_demo", stdout=first)
    call_command("load_demo", stdout=second)

    device = TOTPDevice.objects.get(user__username="admin")
    key = authenticator_key_base32(device).replace(" ", "")
    assert first.getvalue().splitlines()[0] == (
        f"Second factor of admin (shown once): add the key {key} to an authenticator app "
        f"(time-based), or scan or open {device.config_url}; or read codes with "
        f"`oathtool --totp -b {key}`. Set DEMO_ADMIN_TOTP_KEY to choose the key."
    )
    assert key not in second.getvalue()


def test_the_demo_superuser_logs_in_with_the_key_from_the_environment(client, db):
    key = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
    demo = demo_superuser_ensure(password="a demo password only", totp_key=key)
    assert demo.generated_totp_key is None
    device = TOTPDevice.objects.get(user=demo.user)

    password_step(client, "admin", "a demo password only")
    client.post(SECOND_FACTOR, {"token": f"{totp(bytes.fromhex(device.key)):06d}"})

    assert client.get("/admin/cases/case/").status_code == 200


# --- Settings from the environment ----------------------------------------------------------

BASE_DIR = Path(__file__).resolve().parents[2]
_PRINT = """
import json
from appeals_site.settings import base as s
print(json.dumps({
    "AXES_FAILURE_LIMIT": s.AXES_FAILURE_LIMIT,
    "AXES_COOLOFF_SECONDS": s.AXES_COOLOFF_TIME.total_seconds(),
    "AXES_LOCKOUT_PARAMETERS": s.AXES_LOCKOUT_PARAMETERS,
    "AXES_IPWARE_META_PRECEDENCE_ORDER": s.AXES_IPWARE_META_PRECEDENCE_ORDER,
    "AXES_IPWARE_PROXY_COUNT": s.AXES_IPWARE_PROXY_COUNT,
    "AXES_CLIENT_IP_CALLABLE": s.AXES_CLIENT_IP_CALLABLE,
    "TRUSTED_PROXY_COUNT": s.TRUSTED_PROXY_COUNT,
    "TRUSTED_PROXIES": s.TRUSTED_PROXIES,
}))
"""


def _settings_with(tmp_path, **variables) -> subprocess.CompletedProcess:
    env = {
        "PATH": os.environ.get("PATH", ""),
        "VAR_DIR": str(tmp_path / "var"),
        "DEBUG": "true",
        **variables,
    }
    return subprocess.run(
        [sys.executable, "-c", _PRINT], cwd=BASE_DIR, env=env, capture_output=True, text=True
    )


def test_lockout_settings_default_to_five_failures_and_fifteen_minutes(tmp_path):
    result = _settings_with(tmp_path)

    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {
        "AXES_FAILURE_LIMIT": 5,
        "AXES_COOLOFF_SECONDS": 900.0,
        "AXES_LOCKOUT_PARAMETERS": ["username", "ip_address"],
        "AXES_IPWARE_META_PRECEDENCE_ORDER": ["REMOTE_ADDR"],
        "AXES_IPWARE_PROXY_COUNT": None,
        "AXES_CLIENT_IP_CALLABLE": "appeals_site.client_address.client_address",
        "TRUSTED_PROXY_COUNT": 0,
        "TRUSTED_PROXIES": [],
    }


def test_lockout_settings_come_from_the_environment(tmp_path):
    result = _settings_with(
        tmp_path,
        AXES_FAILURE_LIMIT="3",
        AXES_COOLOFF_MINUTES="60",
        # Where the lockout reads the client's address: the site's own settings for it
        # (they replaced AXES_IPWARE_META_PRECEDENCE_ORDER and AXES_IPWARE_PROXY_COUNT).
        TRUSTED_PROXY_COUNT="1",
        TRUSTED_PROXIES="10.0.0.2",
    )

    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    assert values["AXES_FAILURE_LIMIT"] == 3
    assert values["AXES_COOLOFF_SECONDS"] == 3600.0
    assert values["AXES_CLIENT_IP_CALLABLE"] == "appeals_site.client_address.client_address"
    assert values["TRUSTED_PROXY_COUNT"] == 1
    assert values["TRUSTED_PROXIES"] == ["10.0.0.2/32"]
    # axes's own reading stays on the connection's address, should anything use it.
    assert values["AXES_IPWARE_META_PRECEDENCE_ORDER"] == ["REMOTE_ADDR"]


def test_a_header_named_as_in_http_is_refused(tmp_path):
    # The variable that named a header is no longer read; set, it stops the start rather than
    # be silently ignored (the proxy settings: tests/appeals_site/test_client_address.py).
    result = _settings_with(tmp_path, AXES_IPWARE_META_PRECEDENCE_ORDER="X-Real-IP")

    assert result.returncode != 0
    assert "AXES_IPWARE_META_PRECEDENCE_ORDER is no longer read: every part of the site takes " in (
        result.stderr
    )
