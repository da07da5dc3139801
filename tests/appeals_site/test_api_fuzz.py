"""schemathesis against our own OpenAPI schema: generated requests, valid and hostile, as a
partner and as staff, must never get a 5xx. Bounded: a few examples per operation."""

import datetime as dt

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error

from cases.models import Case
from partners.services import api_key_create, partner_create
from tests.factories import CaseFactory, DefenderFactory, HearingFactory, UserFactory

pytestmark = pytest.mark.slow

EXAMPLES = settings(
    max_examples=8, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True
)


@pytest.fixture
def keep_test_connection():
    """Requests go straight to the WSGI app, not through Django's test client: keep Django
    from closing the test's connection (and its transaction) at each request, as the test
    client does."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def some_data(db, settings, keep_test_connection):
    settings.API_THROTTLE_PARTNER = "off"
    settings.API_THROTTLE_STAFF = "off"
    case = CaseFactory(
        status=Case.Status.PUBLISHED, published_at=dt.datetime(2025, 4, 14, tzinfo=dt.UTC)
    )
    case.defenders.add(DefenderFactory())
    HearingFactory(case=case)


@pytest.fixture
def partner_header(some_data):
    _partner, raw = partner_create(name="Fuzzing partner")
    return {"Authorization": f"Bearer {raw}"}


@pytest.fixture
def staff_header(some_data):
    staff = UserFactory(username="fuzz-admin", is_staff=True, is_superuser=True)
    _key, raw = api_key_create(user=staff)
    return {"Authorization": f"Bearer {raw}"}


def _fuzz_every_operation(headers: dict) -> list[str]:
    """Return the operations tried; fail on the first server error (hypothesis shrinks it)."""
    api = schemathesis.openapi.from_wsgi("/api/schema/", get_wsgi_application())
    tried = []
    for result in api.get_all_operations():
        operation = result.ok()

        @given(case=operation.as_strategy())
        @EXAMPLES
        def call(case):
            response = case.call(headers=headers)
            case.validate_response(response, checks=[not_a_server_error])

        call()
        tried.append(operation.label)
    return tried


def test_a_partner_never_gets_a_server_error(partner_header):
    assert "GET /api/v1/cases/" in _fuzz_every_operation(partner_header)


def test_staff_never_get_a_server_error(staff_header):
    assert "POST /api/v1/cases/" in _fuzz_every_operation(staff_header)
