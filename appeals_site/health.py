"""/healthz: does this process reach the database and the broker?

Container health checks and uptime monitors call it without logging in. It answers 200 when
every check passes and 503 when one fails, naming the failing check with the class of its error
only: an error's message may carry a host, a user or a DSN, and this page is public.
"""

import logging

from django.conf import settings
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from appeals_site.celery import app as celery_app

logger = logging.getLogger(__name__)

# Seconds a broker check may take. A health check that hangs is worse than one that fails:
# the orchestrator's own timeout would hide which dependency is at fault.
BROKER_TIMEOUT = 2

OK = "ok"
IN_PROCESS = "in-process"


def _check_database() -> str:
    """Return "ok" or the class name of the error a `SELECT 1` raised."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # every failure is a finding, whatever the driver raises
        logger.warning("healthz: the database check failed: %s", type(exc).__name__, exc_info=True)
        return type(exc).__name__
    return OK


def _check_broker() -> str:
    """Return "ok", "in-process" when tasks run eagerly, or the class name of the error."""
    # Settings are read per request, not at import, so that a changed setting (and a test's
    # override) is what gets checked.
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return IN_PROCESS
    try:
        with celery_app.connection_for_write(
            url=settings.CELERY_BROKER_URL,
            # Redis takes its socket timeouts from the transport options; AMQP from the
            # app's broker_connection_timeout.
            transport_options={
                "socket_connect_timeout": BROKER_TIMEOUT,
                "socket_timeout": BROKER_TIMEOUT,
            },
        ) as broker:
            # Connecting to Redis also PINGs it, so "ok" means the server answered.
            broker.ensure_connection(max_retries=0, timeout=BROKER_TIMEOUT)
    except Exception as exc:  # every failure is a finding, whatever the transport raises
        logger.warning("healthz: the broker check failed: %s", type(exc).__name__, exc_info=True)
        return type(exc).__name__
    return OK


@never_cache
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    """Return 200 {"status": "ok", "database": …, "broker": …} when every check passes, else
    503 with "status": "error", the failing checks under "failing" and each one's error class
    in its place."""
    checks = {"database": _check_database(), "broker": _check_broker()}
    failing = [name for name, result in checks.items() if result not in (OK, IN_PROCESS)]
    if failing:
        return JsonResponse({"status": "error", "failing": failing, **checks}, status=503)
    return JsonResponse({"status": "ok", **checks})
