"""A partner's rate limit holds across web processes (issue 19): gunicorn with 2 workers and a
Redis cache of its own, a limit of 6 requests an hour for the test (API_THROTTLE_PARTNER), and
40 requests sent 8 at a time. Counted per process, as DRF's throttles count, each worker would
let up to 6 of its own through; counted in the cache (partners/throttling.py), 6 pass in all
and the others get 429 with RateLimit-* and Retry-After. An hour's window, so that a burst of
a few seconds almost never straddles two.
"""

import os
import re
import sys
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import requests
from cryptography.fernet import Fernet

from tests.appeals_site.test_celery_worker import _log, _process, _wait_for
from tests.appeals_site.test_http_security import production_env
from tests.faults.test_redis_outage import RedisServer, setup_run

BASE_DIR = Path(__file__).resolve().parents[2]
LIMIT = 6
REQUESTS = 40

pytestmark = [pytest.mark.services, pytest.mark.slow, pytest.mark.timeout(180)]

SETUP = """
import json
from partners.services import partner_create
_partner, key = partner_create(name="Two processes")
print(json.dumps({"key": key}))
"""


def _partner_key(database_url: str, encryption_key: str) -> str:
    return setup_run(SETUP, DATABASE_URL=database_url, FIELD_ENCRYPTION_KEYS=encryption_key)["key"]


def _answers(url: str) -> bool:
    try:
        requests.get(url + "/healthz", timeout=10)
    except requests.RequestException:
        return False
    return True


def test_two_gunicorn_workers_share_one_partner_limit(migrated_database_url, tmp_path):
    # The partner's confidential fields are encrypted in the setup and read by gunicorn.
    encryption_key = Fernet.generate_key().decode()
    key = _partner_key(migrated_database_url, encryption_key)
    redis_server = RedisServer(tmp_path)
    redis_server.start()
    access_log, server_log = tmp_path / "access.log", tmp_path / "gunicorn.log"
    environment = production_env(
        tmp_path,
        HOME=os.environ.get("HOME", str(tmp_path)),
        DJANGO_SETTINGS_MODULE="tests.faults.settings",
        DATABASE_URL=migrated_database_url,
        FIELD_ENCRYPTION_KEYS=encryption_key,
        CACHE_URL=redis_server.url(0),
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_PROXY_SSL_HEADER="HTTP_X_FORWARDED_PROTO,https",
        API_THROTTLE_PARTNER=f"{LIMIT}/hour",
        GUNICORN_CMD_ARGS="--bind 127.0.0.1:0 --workers 2 --threads 1 --no-control-socket "
        f"--graceful-timeout 1 --access-logfile {access_log} "
        # Which worker (process id) answered each request, and with what.
        "--access-logformat '%(p)s %(U)s %(s)s'",
    )
    try:
        with _process(
            [sys.executable, "-m", "gunicorn", "appeals_site.wsgi:application"],
            server_log,
            environment,
        ) as server:
            listening = _wait_for(
                "gunicorn listening",
                lambda: re.search(r"Listening at: (http://127\.0\.0\.1:\d+)", _log(server_log)),
                server,
                server_log,
            )
            url = listening.group(1)
            _wait_for(
                "both workers booted",
                lambda: len(re.findall(r"Booting worker", _log(server_log))) == 2,
                server,
                server_log,
            )
            _wait_for("gunicorn answering", lambda: _answers(url), server, server_log)

            def ask(_n: int) -> requests.Response:
                return requests.get(
                    url + "/api/v1/cases/",
                    params={"page_size": 1},
                    headers={"Authorization": f"Bearer {key}", "X-Forwarded-Proto": "https"},
                    timeout=10,
                    allow_redirects=False,
                )

            with ThreadPoolExecutor(max_workers=8) as pool:
                answers = list(pool.map(ask, range(REQUESTS)))
    finally:
        redis_server.kill()

    statuses = Counter(answer.status_code for answer in answers)
    assert statuses == {200: LIMIT, 429: REQUESTS - LIMIT}, (statuses, _log(server_log)[-3000:])
    passed = [answer for answer in answers if answer.status_code == 200]
    # One atomic counter: each request that passed saw a different count.
    assert sorted(int(answer.headers["RateLimit-Remaining"]) for answer in passed) == list(
        range(LIMIT)
    )
    for answer in answers:
        assert answer.headers["RateLimit-Limit"] == str(LIMIT)
        assert 0 < int(answer.headers["RateLimit-Reset"]) <= 3600
    for refused in (answer for answer in answers if answer.status_code == 429):
        assert refused.headers["RateLimit-Remaining"] == "0"
        assert int(refused.headers["Retry-After"]) > 0
        assert refused.json()["code"] == "throttled"
    # Both workers answered; counted per process, each would have let up to LIMIT of its own
    # requests through: more than LIMIT in all.
    by_worker = Counter(
        line.split()[0] for line in _log(access_log).splitlines() if " /api/v1/cases/ " in line
    )
    assert len(by_worker) == 2, by_worker
    assert sum(min(count, LIMIT) for count in by_worker.values()) > LIMIT, by_worker
