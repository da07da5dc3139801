"""The cache never raises (appeals_site/cache.py): a Redis that does not answer is a miss,
logged once per interval, and not tried again for a while. End to end, under gunicorn with
Redis killed: tests/faults."""

import logging
import socket
import uuid

from django.conf import settings
from django_redis.cache import RedisCache

from appeals_site.cache import redis_cache
from tests.conftest import require


def _port_nobody_listens_on() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _cache(url: str, *, circuit_seconds: float = 60) -> RedisCache:
    entry = redis_cache(url, timeout=0.5, circuit_seconds=circuit_seconds)
    return RedisCache(entry["LOCATION"], {"OPTIONS": entry["OPTIONS"]})


def test_a_cache_that_does_not_answer_is_a_miss_logged_once(caplog):
    cache = _cache(f"redis://127.0.0.1:{_port_nobody_listens_on()}/0")

    with caplog.at_level(logging.WARNING, logger="appeals_site.cache"):
        assert cache.get("page", "built from the database") == "built from the database"
        assert cache.set("page", "html") is None
        assert cache.add("count", 0) is None
        assert cache.incr("count") is None
        assert cache.get_many(["a", "b"]) == {}

    pool = cache.client.get_client().connection_pool
    assert pool.circuit_is_open()
    [record] = caplog.records
    assert record.getMessage().startswith("The cache (Redis at 127.0.0.1:")
    assert "does not answer (ConnectionError): pages are built from the database" in (
        record.getMessage()
    )


def test_the_circuit_closes_once_its_interval_is_over(caplog):
    cache = _cache(f"redis://127.0.0.1:{_port_nobody_listens_on()}/0", circuit_seconds=0)

    with caplog.at_level(logging.WARNING, logger="appeals_site.cache"):
        cache.get("page")
        cache.get("page")

    # Each call tried Redis again (nothing kept the circuit open), and each failure was logged.
    assert len(caplog.records) == 2


def _a_redis() -> str:
    """Return the URL of a Redis that answers: the cache's, else the broker's (CI sets only
    CELERY_BROKER_URL); skip locally, fail in CI, when there is none."""
    url = settings.CACHE_URL or settings.CELERY_BROKER_URL
    require("A Redis (CACHE_URL or CELERY_BROKER_URL)", url.startswith(("redis://", "rediss://")))
    return url


def test_a_cache_that_answers_stores_and_counts():
    cache = _cache(_a_redis())
    prefix = f"tests-cache:{uuid.uuid4().hex}"
    cache.set(f"{prefix}:page", "html", timeout=5)
    cache.add(f"{prefix}:count", 0, timeout=5)

    assert cache.get(f"{prefix}:page") == "html"
    assert cache.incr(f"{prefix}:count") == 1
    assert not cache.client.get_client().connection_pool.circuit_is_open()
    cache.delete_many([f"{prefix}:page", f"{prefix}:count"])
