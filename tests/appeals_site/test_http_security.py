"""The HTTP layer's defences: the Content-Security-Policy on every page (and nothing inline
for it to block), CORS closed unless partners' origins are named, HTTPS with HSTS and secure
cookies, sessions that end after inactivity, `check --deploy` silent with the production
environment, and gunicorn's answers as a client sees them."""

import base64
import http.client
import json
import os
import re
import secrets
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

import pytest
import time_machine
from django.conf import settings as django_settings
from django.contrib import admin
from django.db import connection
from django.urls import reverse
from whitenoise.middleware import WhiteNoiseMiddleware

from cases.references import case_public_path
from tests.api_clients import partner_api_client
from tests.conftest import postgres_url
from tests.public.test_public_pages import published_case
from tests.waiting import wait_until

BASE_DIR = Path(__file__).resolve().parents[2]
POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "object-src": "'none'",
    "base-uri": "'none'",
    "frame-ancestors": "'none'",
    "form-action": "'self'",
}
PARTNER_ORIGIN = "https://partner.example.net"


def directives(response) -> dict[str, str]:
    """Return the response's Content-Security-Policy as {directive: sources}."""
    policy = response["Content-Security-Policy"]
    parts = (part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    return {part[0]: part[1] if len(part) > 1 else "" for part in parts}


# Markup the policy would refuse: <script> without src (a JSON data block is not run),
# <style> elements, style="" attributes and on…="" handlers.
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>")
INLINE_STYLE = re.compile(r"<style[\s>]|\sstyle=")
INLINE_HANDLER = re.compile(r"\son[a-z]+=[\"']", re.IGNORECASE)


def inline_markup(html: str) -> list[str]:
    found = []
    for pattern in (INLINE_SCRIPT, INLINE_STYLE, INLINE_HANDLER):
        found += [html[max(m.start() - 40, 0) : m.end() + 40] for m in pattern.finditer(html)]
    return found


# --- Content-Security-Policy --------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path", ["/", "/healthz", "/api/v1/cases/", "/admin/login/", "/feeds/appeals.rss"]
)
def test_every_answer_carries_the_strict_policy(client, path):
    response = client.get(path)

    assert directives(response) == POLICY


@pytest.mark.django_db
def test_public_pages_have_nothing_inline_for_the_policy_to_block(client):
    case = published_case()
    path = case_public_path(reference=case.reference)

    for page in (client.get("/"), client.get(path), client.get(path, {"host_country": "FR"})):
        assert page.status_code == 200
        assert inline_markup(page.content.decode()) == []


def admin_pages(case) -> list[str]:
    """Return the admin's pages: the index, each model's list and "add" page, and a case's
    change and history pages (nested inlines, widgets, django-simple-history)."""
    paths = ["/admin/", f"/admin/cases/case/{case.pk}/change/"]
    paths.append(f"/admin/cases/case/{case.pk}/history/")
    for model in admin.site._registry:
        info = (model._meta.app_label, model._meta.model_name)
        paths.append(reverse("admin:{}_{}_changelist".format(*info)))
        paths.append(reverse("admin:{}_{}_add".format(*info)))
    return paths


@pytest.mark.slow
@pytest.mark.django_db
def test_admin_pages_have_nothing_inline_for_the_policy_to_block(admin_client_):
    case = published_case()
    offending = {}
    for path in admin_pages(case):
        response = admin_client_.get(path)
        if path.endswith("/add/") and response.status_code == 403:
            continue  # records made elsewhere only (letters, history)
        assert response.status_code == 200, path
        assert directives(response)["script-src"] == "'self'", path
        html = response.content.decode()
        # django-simple-history's history list writes style="border-top: 0" on its paginator:
        # refused by the policy, and given by static/staff/admin.css instead.
        html = html.replace('<p class="paginator" style="border-top: 0">', "")
        if found := inline_markup(html):
            offending[path] = found
    assert offending == {}


@pytest.mark.django_db
def test_the_api_docs_init_script_runs_by_this_answers_nonce_only(client):
    response = client.get("/api/docs/")

    policy = directives(response)
    nonce = re.fullmatch(r"'self' 'nonce-([A-Za-z0-9+/=]+)'", policy["script-src"]).group(1)
    html = response.content.decode()
    assert html.count(f'<script nonce="{nonce}">') == 1
    assert {k: v for k, v in policy.items() if k != "script-src"} == {
        k: v for k, v in POLICY.items() if k != "script-src"
    }
    # The other scripts are files; the page's layout rules too.
    assert inline_markup(html.replace(f'<script nonce="{nonce}">', "")) == []
    assert directives(client.get("/api/docs/"))["script-src"] != policy["script-src"]


# --- CORS ---------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_without_partner_origins_no_cors_header_is_ever_sent(client):
    preflight = client.options(
        "/api/v1/cases/",
        headers={"Origin": PARTNER_ORIGIN, "Access-Control-Request-Method": "GET"},
    )
    read = partner_api_client().get("/api/v1/cases/", headers={"Origin": PARTNER_ORIGIN})

    for response in (preflight, read):
        assert not [h for h in response.headers if h.lower().startswith("access-control-")]
        assert "Origin" not in response.get("Vary", "")
    # The preflight reached the API, which answers OPTIONS itself: nothing answered for it.
    assert preflight.status_code == 401


@pytest.fixture
def partner_origins(settings):
    """What CORS_ALLOWED_ORIGINS=https://partner.example.net sets (see the settings test)."""
    settings.CORS_ALLOWED_ORIGINS = [PARTNER_ORIGIN]
    settings.CORS_URLS_REGEX = r"^/api/"


@pytest.mark.django_db
def test_a_named_partner_origin_may_read_the_api_without_credentials(partner_origins):
    response = partner_api_client().get("/api/v1/cases/", headers={"Origin": PARTNER_ORIGIN})

    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == PARTNER_ORIGIN
    assert response["Access-Control-Expose-Headers"] == "etag"
    assert "Access-Control-Allow-Credentials" not in response


@pytest.mark.django_db
def test_a_partner_origin_preflight_allows_reads_only(client, partner_origins):
    response = client.options(
        "/api/v1/cases/",
        headers={
            "Origin": PARTNER_ORIGIN,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "authorization, content-type",
        },
    )

    assert response.status_code == 200
    assert response["Access-Control-Allow-Methods"] == "GET, HEAD, OPTIONS"
    assert response["Access-Control-Allow-Headers"] == (
        "accept, accept-language, authorization, if-none-match"
    )
    assert "Access-Control-Allow-Credentials" not in response


@pytest.mark.django_db
def test_cors_stays_off_for_other_origins_and_outside_the_api(client, partner_origins):
    other = partner_api_client().get(
        "/api/v1/cases/", headers={"Origin": "https://evil.example.com"}
    )
    public = client.get("/", headers={"Origin": PARTNER_ORIGIN})
    admin_page = client.get("/admin/login/", headers={"Origin": PARTNER_ORIGIN})

    assert "Access-Control-Allow-Origin" not in other
    assert "Access-Control-Allow-Origin" not in public
    assert "Access-Control-Allow-Origin" not in admin_page


# --- HTTPS, cookies, sessions ----------------------------------------------------------------


@pytest.mark.django_db
def test_plain_http_is_redirected_to_https_except_the_health_check(client, settings):
    settings.SECURE_SSL_REDIRECT = True  # the production default (tests speak plain HTTP)

    page = client.get("/?q=x")
    health = client.get("/healthz")

    assert page.status_code == 301
    assert page["Location"] == "https://testserver/?q=x"
    assert health.status_code == 200
    assert "Strict-Transport-Security" not in health


@pytest.mark.django_db
def test_https_answers_tell_browsers_to_stay_on_https_for_a_year(client, settings):
    settings.SECURE_SSL_REDIRECT = True

    response = client.get("/", secure=True)

    assert response.status_code == 200
    assert response["Strict-Transport-Security"] == ("max-age=31536000; includeSubDomains; preload")
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


@pytest.mark.django_db
def test_cookies_are_https_only_and_the_session_one_hidden_and_gone_with_the_browser(
    admin_client_,
):
    # Each request saves the session (SESSION_SAVE_EVERY_REQUEST), so each sets its cookie.
    response = admin_client_.get("/admin/", secure=True)
    cookie = response.cookies["sessionid"]

    assert response.cookies["csrftoken"]["secure"] is True
    assert cookie["secure"] is True
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"
    # No Max-Age or Expires: the browser drops it when it closes.
    assert cookie["max-age"] == "" and cookie["expires"] == ""


@pytest.mark.django_db
def test_staff_are_logged_out_after_30_minutes_without_a_request(admin_client_):
    with time_machine.travel("2026-03-02 09:00:00+00:00", tick=False) as clock:
        assert admin_client_.get("/admin/").status_code == 200
        # Each request moves the expiry on: 3 × 25 minutes of work, none of them idle.
        for _ in range(3):
            clock.shift(25 * 60)
            assert admin_client_.get("/admin/").status_code == 200
        clock.shift(30 * 60 + 1)
        response = admin_client_.get("/admin/")

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


# --- Settings from the environment ---------------------------------------------------------

_PRINT_SECURITY_SETTINGS = """
import json
from appeals_site.settings import base as s
print(json.dumps({name: getattr(s, name, None) for name in (
    "SECURE_SSL_REDIRECT", "SECURE_PROXY_SSL_HEADER", "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS", "SECURE_HSTS_PRELOAD", "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE", "SESSION_COOKIE_AGE", "CORS_ALLOWED_ORIGINS", "CORS_URLS_REGEX",
    "DATA_UPLOAD_MAX_MEMORY_SIZE",
)}))
"""


def production_env(tmp_path: Path, **variables: str) -> dict[str, str]:
    """Return the environment the README documents for production, and nothing else."""
    return {
        "PATH": os.environ.get("PATH", ""),
        "DJANGO_SETTINGS_MODULE": "appeals_site.settings.base",
        "VAR_DIR": str(tmp_path / "var"),
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "appeals.example.org",
        "CSRF_TRUSTED_ORIGINS": "https://appeals.example.org",
        # The key that encrypts confidential fields (a Fernet key: 32 random bytes, base64).
        "FIELD_ENCRYPTION_KEYS": base64.urlsafe_b64encode(os.urandom(32)).decode(),
        **variables,
    }


def _run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        args, cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=120, check=False
    )


def security_settings(tmp_path: Path, **variables: str) -> dict:
    result = _run(
        [sys.executable, "-c", _PRINT_SECURITY_SETTINGS], production_env(tmp_path, **variables)
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def settings_error(tmp_path: Path, **variables: str) -> str:
    result = _run(
        [sys.executable, "-c", _PRINT_SECURITY_SETTINGS], production_env(tmp_path, **variables)
    )
    assert result.returncode != 0, result.stdout
    return result.stderr.strip().splitlines()[-1]


@pytest.mark.slow
def test_check_deploy_reports_nothing_with_the_production_environment(tmp_path):
    result = _run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        production_env(tmp_path),
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip() == "System check identified no issues (0 silenced)."


def test_production_defaults_are_https_only(tmp_path):
    assert security_settings(tmp_path) == {
        "SECURE_SSL_REDIRECT": True,
        "SECURE_PROXY_SSL_HEADER": None,
        "SECURE_HSTS_SECONDS": 31_536_000,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
        "SECURE_HSTS_PRELOAD": True,
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "SESSION_COOKIE_AGE": 1800,
        "CORS_ALLOWED_ORIGINS": [],
        "CORS_URLS_REGEX": "(?!)",
        "DATA_UPLOAD_MAX_MEMORY_SIZE": 2 * 1024 * 1024,
    }


def test_debug_turns_https_off_for_make_run(tmp_path):
    values = security_settings(tmp_path, DEBUG="true")

    assert values["SECURE_SSL_REDIRECT"] is False
    assert values["SECURE_HSTS_SECONDS"] == 0
    assert values["SESSION_COOKIE_SECURE"] is False
    assert values["CSRF_COOKIE_SECURE"] is False


def test_each_security_variable_is_read_from_the_environment(tmp_path):
    values = security_settings(
        tmp_path,
        SECURE_SSL_REDIRECT="false",
        SECURE_PROXY_SSL_HEADER="HTTP_X_FORWARDED_PROTO,https",
        SECURE_HSTS_SECONDS="600",
        SECURE_HSTS_INCLUDE_SUBDOMAINS="no",
        SECURE_HSTS_PRELOAD="off",
        SESSION_IDLE_SECONDS="900",
        CORS_ALLOWED_ORIGINS="https://partner.example.net, https://data.example.org:8443",
        DATA_UPLOAD_MAX_MEMORY_SIZE="1048576",
    )

    assert values == {
        "SECURE_SSL_REDIRECT": False,
        "SECURE_PROXY_SSL_HEADER": ["HTTP_X_FORWARDED_PROTO", "https"],
        "SECURE_HSTS_SECONDS": 600,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": False,
        "SECURE_HSTS_PRELOAD": False,
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "SESSION_COOKIE_AGE": 900,
        "CORS_ALLOWED_ORIGINS": ["https://partner.example.net", "https://data.example.org:8443"],
        "CORS_URLS_REGEX": "^/api/",
        "DATA_UPLOAD_MAX_MEMORY_SIZE": 1_048_576,
    }


@pytest.mark.parametrize(
    ("variables", "error"),
    [
        (
            {"SECURE_PROXY_SSL_HEADER": "X-Forwarded-Proto: https"},
            "SECURE_PROXY_SSL_HEADER must be a request header's META name and the value that "
            'means HTTPS, e.g. "HTTP_X_FORWARDED_PROTO,https".',
        ),
        (
            {"CORS_ALLOWED_ORIGINS": "https://partner.example.net/api/"},
            "CORS_ALLOWED_ORIGINS: 'https://partner.example.net/api/' is not an origin such as "
            "https://partner.example.",
        ),
        ({"CORS_ALLOWED_ORIGINS": "*"}, "CORS_ALLOWED_ORIGINS: '*' is not an origin such as "),
        ({"SESSION_IDLE_SECONDS": "0"}, "SESSION_IDLE_SECONDS must be a positive number of"),
        ({"SESSION_IDLE_SECONDS": "30m"}, "SESSION_IDLE_SECONDS='30m' is not a whole number."),
        ({"SECURE_SSL_REDIRECT": "ja"}, "SECURE_SSL_REDIRECT='ja' is not a boolean;"),
        ({"DATA_UPLOAD_MAX_MEMORY_SIZE": "-1"}, "DATA_UPLOAD_MAX_MEMORY_SIZE must be a positive"),
    ],
)
def test_a_bad_security_variable_stops_the_start_naming_it(tmp_path, variables, error):
    assert settings_error(tmp_path, **variables).startswith(
        "django.core.exceptions.ImproperlyConfigured: " + error
    )


# --- gunicorn, as a client sees it -------------------------------------------------------


@pytest.fixture
def start_gunicorn(tmp_path, db):
    """Return a function that starts gunicorn as the image does (appeals_site.wsgi, production
    settings, behind a proxy that sets X-Forwarded-Proto; gunicorn.conf.py read from the
    checkout as the image reads it) on a free port, on the test database, with `variables`
    added to the environment; it returns the URL. The access log goes to gunicorn-access.log
    in `tmp_path`. Every server started is stopped after the test."""
    servers: list[subprocess.Popen] = []

    def start(**variables: str) -> str:
        env = production_env(
            tmp_path,
            DATABASE_URL=postgres_url(connection.settings_dict["NAME"]),
            ALLOWED_HOSTS="127.0.0.1",
            SECURE_PROXY_SSL_HEADER="HTTP_X_FORWARDED_PROTO,https",
            **variables,
        )
        log_path = tmp_path / f"gunicorn-{len(servers)}.log"
        access_log = tmp_path / "gunicorn-access.log"
        with open(log_path, "wb") as log_file:
            server = subprocess.Popen(
                [sys.executable, "-m", "gunicorn", "appeals_site.wsgi:application"],
                cwd=BASE_DIR,
                # Port 0: the kernel gives a free port as gunicorn binds, and gunicorn logs
                # which. A port found free beforehand could be taken in between (the suite runs
                # in several processes). No control socket: it would go to $HOME/.gunicorn,
                # shared with any other gunicorn.
                env={
                    **env,
                    "GUNICORN_CMD_ARGS": "--bind 127.0.0.1:0 --workers 1 --no-control-socket "
                    f"--access-logfile {access_log}",
                },
                stdout=subprocess.DEVNULL,
                stderr=log_file,
            )
        servers.append(server)

        def log() -> str:
            return log_path.read_text(errors="replace")

        def still_running() -> None:
            if server.poll() is not None:
                pytest.fail(f"gunicorn exited with {server.returncode}: {log()}", pytrace=False)

        def listening_url() -> str | None:
            still_running()
            match = re.search(r"Listening at: (http://127\.0\.0\.1:\d+)", log())
            return match and match.group(1)

        def answers(url: str) -> bool:
            still_running()
            try:
                urllib.request.urlopen(url + "/healthz", timeout=5)
            except OSError:  # refused until its worker is up (URLError is an OSError too)
                return False
            return True

        url = wait_until(listening_url, timeout=20, message=lambda: "gunicorn: " + log())
        wait_until(lambda: answers(url), timeout=20, message=lambda: "gunicorn: " + log())
        return url

    try:
        yield start
    finally:
        for server in servers:
            server.terminate()
            server.wait(timeout=10)


@pytest.fixture
def gunicorn_url(start_gunicorn):
    """gunicorn as the image runs it, with nothing else set; its URL."""
    return start_gunicorn()


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def fetch(url: str, **headers: str):
    """Return (status, headers) of a GET, without following redirects."""
    opener = urllib.request.build_opener(_NoRedirect)
    try:
        with opener.open(urllib.request.Request(url, headers=headers), timeout=5) as response:
            return response.status, response.headers
    except urllib.error.HTTPError as error:
        return error.code, error.headers


def test_gunicorn_answers_name_no_version_and_carry_the_security_headers(gunicorn_url):
    health_status, health = fetch(gunicorn_url + "/healthz")
    plain_status, plain = fetch(gunicorn_url + "/api/v1/cases/")
    https_status, https = fetch(gunicorn_url + "/api/v1/cases/", **{"X-Forwarded-Proto": "https"})

    # gunicorn 27 names itself without a version; Django adds no Server header of its own.
    for headers in (health, plain, https):
        assert headers.get_all("Server") == ["gunicorn"]
    # The container's health check stays on plain HTTP; everything else goes to HTTPS.
    assert health_status == 200
    assert "Strict-Transport-Security" not in health
    assert plain_status == 301
    assert plain["Location"] == f"https://{gunicorn_url.removeprefix('http://')}/api/v1/cases/"
    # Through the proxy's HTTPS: the API's own answer (no key: 401), with HSTS and the policy.
    assert https_status == 401
    assert https["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert "script-src 'self';" in https["Content-Security-Policy"] + ";"
    assert "frame-ancestors 'none'" in https["Content-Security-Policy"]
    assert https["X-Content-Type-Options"] == "nosniff"


# --- The client's address through gunicorn (appeals_site.client_address) --------------------

# The "proxy" connects from 127.0.0.2 (all of 127.0.0.0/8 is this machine), anyone else from
# 127.0.0.1: gunicorn sees two different connection addresses, as it would a proxy's and an
# outsider's.
PROXY_SOURCE = "127.0.0.2"


def post_letter(url: str, appeal, *, name: str, source: str = "127.0.0.1", **headers) -> int:
    """POST a personalised letter request (a distinct campaigner: a new render each time) to
    gunicorn from the address `source`; return the status."""
    host, port = url.removeprefix("http://").split(":")
    body = json.dumps({"authority": "all", "language": "en", "name": name})
    conn = http.client.HTTPConnection(host, int(port), timeout=60, source_address=(source, 0))
    try:
        conn.request(
            "POST",
            reverse("appeal-letters", args=[appeal.pk]),
            body=body,
            headers={
                "Content-Type": "application/json",
                "X-Forwarded-Proto": "https",
                **headers,
            },
        )
        response = conn.getresponse()
        response.read()
        return response.status
    finally:
        conn.close()


@pytest.fixture
def letter_appeal(db):
    case = published_case()
    return case.appeals.get()


def encryption_keys() -> str:
    """The tests' encryption keys: gunicorn reads the confidential fields the tests wrote."""
    return ",".join(django_settings.FIELD_ENCRYPTION_KEYS)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_with_no_proxy_configured_a_rotating_x_forwarded_for_does_not_escape_the_throttle(
    start_gunicorn, letter_appeal
):
    # The default: TRUSTED_PROXY_COUNT=0, LETTER_THROTTLE 30/minute.
    url = start_gunicorn(FIELD_ENCRYPTION_KEYS=encryption_keys())

    codes = [
        post_letter(
            url,
            letter_appeal,
            name=f"Campaigner {n}",
            **{"X-Forwarded-For": f"203.0.113.{n}", "X-Real-IP": f"198.51.100.{n}"},
            Forwarded=f"for=192.0.2.{n}",
        )
        for n in range(1, 33)
    ]

    assert set(codes[:30]) <= {200, 202}, codes
    assert codes[30:] == [429, 429], codes


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_x_forwarded_for_is_honoured_only_from_the_configured_proxy(
    start_gunicorn, letter_appeal, tmp_path
):
    url = start_gunicorn(
        FIELD_ENCRYPTION_KEYS=encryption_keys(),
        TRUSTED_PROXY_COUNT="1",
        TRUSTED_PROXIES=PROXY_SOURCE,
        LETTER_THROTTLE="2/minute",
    )

    def through_proxy(client: str, n: int) -> int:
        # What the client claimed, then what the proxy appended: the address it saw.
        return post_letter(
            url,
            letter_appeal,
            name=f"{client} {n}",
            source=PROXY_SOURCE,
            **{"X-Forwarded-For": f"192.0.2.{n}, {client}"},
        )

    def direct(n: int) -> int:
        # Not from the proxy: the header is the client's own word, whatever it says.
        return post_letter(
            url, letter_appeal, name=f"direct {n}", **{"X-Forwarded-For": f"203.0.113.{n}"}
        )

    first = [through_proxy("203.0.113.50", n) for n in range(3)]
    second = [through_proxy("203.0.113.51", n) for n in range(3)]
    outsider = [direct(n) for n in range(3)]

    # Two clients behind the proxy: a budget each (2 a minute), not one shared by the proxy.
    assert first[:2] == second[:2] and set(first[:2]) <= {200, 202}, (first, second)
    assert (first[2], second[2]) == (429, 429)
    # From elsewhere, a new X-Forwarded-For on each request buys nothing.
    assert set(outsider[:2]) <= {200, 202} and outsider[2] == 429, outsider

    # The access log names each client as the throttle did, never the header's first word.
    def letter_lines() -> list[str]:
        access = (tmp_path / "gunicorn-access.log").read_text().splitlines()
        return [line for line in access if "/letters/" in line]

    # gunicorn writes a request's log line after it has sent the answer: wait for all nine.
    wait_until(lambda: len(letter_lines()) >= 9, timeout=10, message="gunicorn's access log")
    assert [line.split()[0] for line in letter_lines()] == (
        ["203.0.113.50"] * 3 + ["203.0.113.51"] * 3 + ["127.0.0.1"] * 3
    )


# --- Headers that said more than they need to (issue #13) --------------------------------------


def test_static_files_are_not_offered_to_every_origin(settings, tmp_path, rf):
    (tmp_path / "site.css").write_text("body { color: black; }")
    settings.STATIC_ROOT = tmp_path
    middleware = WhiteNoiseMiddleware(lambda request: None)

    response = middleware(rf.get("/static/site.css"))

    assert response.status_code == 200
    assert "Access-Control-Allow-Origin" not in response


def test_the_api_docs_keep_the_same_origin_opener_policy(client):
    response = client.get("/api/docs/")

    assert response.status_code == 200
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


@pytest.mark.django_db
def test_public_pages_set_no_cookie_and_the_csrf_cookie_goes_with_the_browser_session(client):
    # The public pages hold no CSRF token (public.same_origin): they set no cookie at all.
    assert not client.get("/", secure=True).cookies
    response = client.get("/admin/login/", secure=True)

    cookie = response.cookies["csrftoken"]
    assert cookie["max-age"] == "" and cookie["expires"] == ""
