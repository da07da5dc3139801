"""The client's address (appeals_site.client_address): REMOTE_ADDR unless the request came from
a trusted proxy, then X-Forwarded-For from the right, over trusted hops only; and every part
of the site (throttles, django-axes, the audit log, gunicorn's access log) takes that one.

Through gunicorn with production settings: tests/appeals_site/test_http_security.py."""

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from axes.models import AccessAttempt, AccessFailureLog
from django.test import Client, RequestFactory
from django.urls import reverse
from gunicorn.config import Config
from rest_framework.request import Request

from appeals_site.audit.models import AuditEntry
from appeals_site.client_address import (
    DEFAULT_TRUSTED_PROXIES,
    client_address,
    parse_address,
    resolve_client_address,
)
from appeals_site.gunicorn_logging import ClientAddressLogger
from cases.references import case_public_path
from partners.throttling import ApiKeyRateThrottle
from tests.factories import UserFactory
from tests.public.test_public_pages import published_case

PROXY = "10.0.0.2"
OUTSIDER = "198.51.100.9"


def resolve(remote_addr, forwarded_for=None, *, count=1, trusted=(PROXY,)):
    return resolve_client_address(
        remote_addr=remote_addr,
        forwarded_for=forwarded_for,
        proxy_count=count,
        trusted_proxies=[f"{address}/32" if "/" not in address else address for address in trusted]
        if count
        else [],
    )


# --- Parsing one hop ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("hop", "address"),
    [
        ("203.0.113.7", "203.0.113.7"),
        (" 203.0.113.7 ", "203.0.113.7"),
        ("203.0.113.7:51234", "203.0.113.7"),
        ("2001:db8::1", "2001:db8::1"),
        ("2001:DB8:0:0::1", "2001:db8::1"),
        ("[2001:db8::1]", "2001:db8::1"),
        ("[2001:db8::1]:443", "2001:db8::1"),
        ("::ffff:203.0.113.7", "203.0.113.7"),
    ],
)
def test_a_hop_is_read_as_proxies_write_it(hop, address):
    assert str(parse_address(hop)) == address


@pytest.mark.parametrize(
    "hop",
    [
        "",
        "unknown",
        "_hidden",
        "for=203.0.113.7",
        "203.0.113.7:port",
        "203.0.113.256",
        "[2001:db8::1",
        "[2001:db8::1]x",
        "fe80::1%eth0",
        "<script>",
        "1" * 5000,
        None,
    ],
)
def test_anything_but_an_address_is_no_hop(hop):
    assert parse_address(hop) is None


# --- No proxy configured --------------------------------------------------------------------


@pytest.mark.parametrize(
    "forwarded_for", [None, "", "203.0.113.50", "203.0.113.50, 10.0.0.2", "garbage"]
)
def test_with_no_proxy_the_address_is_the_connections_whatever_the_header(forwarded_for):
    assert resolve(OUTSIDER, forwarded_for, count=0) == OUTSIDER
    # Even from an address that would be a proxy's: none is configured.
    assert resolve(PROXY, forwarded_for, count=0) == PROXY


def test_with_no_proxy_x_real_ip_and_forwarded_are_ignored_too(rf, settings):
    settings.TRUSTED_PROXY_COUNT = 0
    settings.TRUSTED_PROXIES = []
    request = rf.get(
        "/",
        REMOTE_ADDR=OUTSIDER,
        HTTP_X_FORWARDED_FOR="203.0.113.1",
        HTTP_X_REAL_IP="203.0.113.2",
        HTTP_FORWARDED="for=203.0.113.3",
        HTTP_CLIENT_IP="203.0.113.4",
    )
    assert client_address(request) == OUTSIDER
    assert client_address(Request(request)) == OUTSIDER


# --- Behind proxies -------------------------------------------------------------------------


def test_from_the_proxy_the_rightmost_entry_is_the_client():
    assert resolve(PROXY, "203.0.113.50") == "203.0.113.50"
    # What the client wrote itself sits to the left of what the proxy appended.
    assert resolve(PROXY, "192.0.2.1, 203.0.113.50") == "203.0.113.50"
    assert resolve(PROXY, "192.0.2.1,203.0.113.50") == "203.0.113.50"


def test_from_elsewhere_the_header_is_ignored():
    assert resolve(OUTSIDER, "203.0.113.50") == OUTSIDER
    assert resolve("10.0.0.3", "203.0.113.50") == "10.0.0.3"


def test_the_proxy_count_bounds_how_far_the_header_is_believed():
    cdn, balancer = "10.1.0.1", "10.2.0.1"
    trusted = ("10.0.0.0/8",)
    header = f"192.0.2.1, 203.0.113.50, {cdn}"
    assert resolve(balancer, header, count=2, trusted=trusted) == "203.0.113.50"
    # One proxy configured, two in front: the second is taken for the client (never further).
    assert resolve(balancer, header, count=1, trusted=trusted) == cdn
    # A client inside a trusted network, at the configured depth, is the client.
    assert resolve(balancer, f"192.0.2.1, 10.9.9.9, {cdn}", count=2, trusted=trusted) == "10.9.9.9"


def test_only_trusted_hops_are_skipped():
    # Two proxies configured, but the hop the balancer saw is not one of them: it is the
    # client, and what it wrote to its left is its own word.
    assert resolve("10.2.0.1", "192.0.2.1, 198.51.100.77", count=2, trusted=("10.0.0.0/8",)) == (
        "198.51.100.77"
    )


def test_too_few_hops_stop_at_the_last_address_a_proxy_reported():
    behind_three = resolve("10.2.0.1", "203.0.113.50", count=3, trusted=("10.0.0.0/8",))
    assert behind_three == "203.0.113.50"
    # No header at all (a health check from the proxy): the proxy itself.
    assert resolve(PROXY, None) == PROXY
    assert resolve(PROXY, "") == PROXY
    assert resolve(PROXY, " , ") == PROXY


@pytest.mark.parametrize(
    "forwarded_for",
    ["unknown", "203.0.113.50, garbage", "203.0.113.50, for=192.0.2.1", "203.0.113.50, _hidden"],
)
def test_a_malformed_entry_where_the_client_should_be_gives_the_proxys_address(forwarded_for):
    assert resolve(PROXY, forwarded_for) == PROXY


def test_garbage_to_the_left_of_the_client_does_not_matter():
    assert resolve(PROXY, "garbage, <script>, 203.0.113.50") == "203.0.113.50"


def test_ipv6_proxies_and_clients():
    assert resolve("fd00::2", "2001:db8::5", trusted=("fd00::/8",)) == "2001:db8::5"
    assert resolve("fd00::2", "[2001:db8::5]:51000", trusted=("fd00::/8",)) == "2001:db8::5"
    assert resolve("2001:db8::9", "203.0.113.50", trusted=("fd00::/8",)) == "2001:db8::9"
    # A dual-stack socket gives an IPv4 proxy as ::ffff:10.0.0.2: still the proxy.
    assert resolve(f"::ffff:{PROXY}", "203.0.113.50") == "203.0.113.50"


def test_a_connection_address_that_is_not_one_gives_nothing():
    assert resolve("", "203.0.113.50") == ""
    assert resolve(None, "203.0.113.50") == ""


def test_the_default_trusted_proxies_are_this_machine_and_private_networks():
    def from_default(remote):
        return resolve_client_address(
            remote_addr=remote,
            forwarded_for="203.0.113.50",
            proxy_count=1,
            trusted_proxies=DEFAULT_TRUSTED_PROXIES,
        )

    for proxy in ("127.0.0.1", "::1", "10.1.2.3", "172.18.0.1", "192.168.1.1", "fd12::1"):
        assert from_default(proxy) == "203.0.113.50", proxy
    for outsider in (OUTSIDER, "2001:db8::1", "172.32.0.1"):
        assert from_default(outsider) == outsider, outsider


# --- Every reader takes the same address ----------------------------------------------------


@pytest.fixture
def behind_proxy(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.TRUSTED_PROXIES = [f"{PROXY}/32"]


def test_the_throttles_key_on_the_client_address(rf, behind_proxy):
    def keys(remote_addr, forwarded_for):
        request = Request(rf.get("/", REMOTE_ADDR=remote_addr, HTTP_X_FORWARDED_FOR=forwarded_for))
        request.user = None
        request.auth = None
        # (Letters count new renders per client_address in letters.budget: tested through
        # gunicorn in test_http_security.py.)
        return ApiKeyRateThrottle().ident(request)

    assert keys(PROXY, "192.0.2.1, 203.0.113.50") == "addr:203.0.113.50"
    assert keys(OUTSIDER, "203.0.113.50") == f"addr:{OUTSIDER}"


def test_the_public_take_action_form_is_throttled_per_client_not_per_header(db, settings):
    settings.LETTER_THROTTLE = "2/minute"
    case = published_case()
    path = case_public_path(reference=case.reference) + "letters/"

    def take_action(n, *, who="Campaigner", **meta):
        # A new name each time: a letter already made is served whatever the count.
        form = {"language": "en", "authority": "all", "name": f"{who} {n}"}
        return Client(**meta).post(path, form).status_code

    rotating = [
        take_action(n, REMOTE_ADDR=OUTSIDER, HTTP_X_FORWARDED_FOR=f"203.0.113.{n}")
        for n in range(3)
    ]
    assert rotating == [303, 303, 429]
    # Behind a trusted proxy, each forwarded client has its own budget.
    settings.TRUSTED_PROXY_COUNT = 1
    settings.TRUSTED_PROXIES = [f"{PROXY}/32"]
    behind = [
        take_action(n, who="Behind", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=f"203.0.113.{n // 2}")
        for n in range(4)
    ]
    assert behind == [303, 303, 303, 303]
    assert (
        take_action(9, who="Behind", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.0") == 429
    )


def test_axes_and_the_audit_log_record_the_address_the_throttles_use(db, behind_proxy):
    user = UserFactory(username="sam-staff", is_staff=True)
    client = Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="192.0.2.1, 203.0.113.50")
    client.post(reverse("admin:login"), {"username": user.username, "password": "wrong"})
    outsider = Client(REMOTE_ADDR=OUTSIDER, HTTP_X_FORWARDED_FOR="203.0.113.60")
    outsider.post(reverse("admin:login"), {"username": user.username, "password": "wrong"})

    expected = {"203.0.113.50", OUTSIDER}
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == expected
    assert set(AccessFailureLog.objects.values_list("ip_address", flat=True)) == expected
    audited = AuditEntry.objects.filter(action=AuditEntry.Action.LOGIN_FAILED)
    assert set(audited.values_list("source_ip", flat=True)) == expected


def test_gunicorns_access_log_names_the_client_address(behind_proxy):
    logger = ClientAddressLogger(Config())
    environ = (
        RequestFactory()
        .get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="192.0.2.1, 203.0.113.50")
        .META
    )
    environ.update(RAW_URI="/", SERVER_PROTOCOL="HTTP/1.1")

    class Response:
        status = "200 OK"
        sent = 0
        headers: list = []

    atoms = logger.atoms(Response(), [], environ, dt.timedelta(seconds=0))

    assert atoms["h"] == "203.0.113.50"


# --- Settings from the environment ----------------------------------------------------------

BASE_DIR = Path(__file__).resolve().parents[2]
_PRINT = """
import json
from appeals_site.settings import base as s
print(json.dumps({"count": s.TRUSTED_PROXY_COUNT, "proxies": s.TRUSTED_PROXIES,
                  "axes": s.AXES_CLIENT_IP_CALLABLE}))
"""


def _settings(tmp_path, **variables) -> subprocess.CompletedProcess:
    env = {
        "PATH": os.environ.get("PATH", ""),
        "VAR_DIR": str(tmp_path / "var"),
        "DEBUG": "true",
        **variables,
    }
    return subprocess.run(
        [sys.executable, "-c", _PRINT], cwd=BASE_DIR, env=env, capture_output=True, text=True
    )


def _values(tmp_path, **variables) -> dict:
    result = _settings(tmp_path, **variables)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def _error(tmp_path, **variables) -> str:
    result = _settings(tmp_path, **variables)
    assert result.returncode != 0, result.stdout
    return result.stderr.strip().splitlines()[-1]


def test_by_default_no_proxy_is_trusted_and_axes_asks_us(tmp_path):
    assert _values(tmp_path) == {
        "count": 0,
        "proxies": [],
        "axes": "appeals_site.client_address.client_address",
    }


def test_a_proxy_count_alone_trusts_this_machine_and_private_networks(tmp_path):
    values = _values(tmp_path, TRUSTED_PROXY_COUNT="1")
    assert (values["count"], values["proxies"]) == (1, list(DEFAULT_TRUSTED_PROXIES))


def test_trusted_proxies_come_from_the_environment_in_canonical_form(tmp_path):
    values = _values(
        tmp_path,
        TRUSTED_PROXY_COUNT="2",
        TRUSTED_PROXIES="172.18.0.5, 10.1.2.3/16,2001:DB8::/32 ,::ffff:192.0.2.0/120",
    )
    assert values["count"] == 2
    assert values["proxies"] == ["172.18.0.5/32", "10.1.0.0/16", "2001:db8::/32", "192.0.2.0/24"]


@pytest.mark.parametrize(
    ("variables", "error"),
    [
        ({"TRUSTED_PROXY_COUNT": "one"}, "TRUSTED_PROXY_COUNT='one' is not a whole number."),
        ({"TRUSTED_PROXY_COUNT": "-1"}, "TRUSTED_PROXY_COUNT=-1: the number of proxies in front"),
        (
            {"TRUSTED_PROXY_COUNT": "1", "TRUSTED_PROXIES": "10.0.0.1,proxy.internal"},
            "TRUSTED_PROXIES: 'proxy.internal' is not an IP address or a network such as",
        ),
        (
            {"TRUSTED_PROXY_COUNT": "1", "TRUSTED_PROXIES": "10.0.0.0/33"},
            "TRUSTED_PROXIES: '10.0.0.0/33' is not an IP address or a network",
        ),
        (
            {"TRUSTED_PROXIES": "10.0.0.1"},
            "TRUSTED_PROXIES is set but TRUSTED_PROXY_COUNT is 0: set TRUSTED_PROXY_COUNT",
        ),
        (
            {"AXES_IPWARE_META_PRECEDENCE_ORDER": "HTTP_X_REAL_IP"},
            "AXES_IPWARE_META_PRECEDENCE_ORDER is no longer read: every part of the site takes "
            "the client's address from TRUSTED_PROXY_COUNT and TRUSTED_PROXIES",
        ),
        ({"AXES_IPWARE_PROXY_COUNT": "1"}, "AXES_IPWARE_PROXY_COUNT is no longer read:"),
    ],
)
def test_a_bad_proxy_setting_stops_the_start_naming_it(tmp_path, variables, error):
    assert _error(tmp_path, **variables).startswith(
        "django.core.exceptions.ImproperlyConfigured: " + error
    )
