"""The cache's connection to Redis, with a circuit breaker: the cache is an optimisation, never
a dependency (docs/operations.md, "Redis down").

django-redis turns a cache that does not answer into a miss (IGNORE_EXCEPTIONS: a get returns
its default, a set or an incr returns None), so pages, feeds and the API are built from the
database. What it does not do is stop trying: every request would still pay a connection
attempt, up to the socket timeouts, and log. This pool, named in the cache's OPTIONS
(CONNECTION_POOL_CLASS), opens the circuit when Redis fails to answer: for CACHE_CIRCUIT_SECONDS
every command fails at once, without touching the network, and the failure is logged once,
when the circuit opens. After that the next command tries Redis again.
"""

import logging
import threading
import time

import redis

logger = logging.getLogger(__name__)

# Errors that mean "Redis did not answer" (a refused or timed-out connection, a dropped
# socket), as opposed to an error in a command.
_UNREACHABLE = (redis.ConnectionError, redis.TimeoutError, OSError)


def redis_cache(url: str, *, timeout: float, circuit_seconds: float) -> dict:
    """Return the CACHES entry of a Redis cache at `url` that never raises: django-redis,
    ignoring its errors, waiting at most `timeout` seconds for Redis, not trying it for
    `circuit_seconds` after a failure."""
    return {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": url,
        "OPTIONS": {
            "IGNORE_EXCEPTIONS": True,
            "SOCKET_CONNECT_TIMEOUT": timeout,
            "SOCKET_TIMEOUT": timeout,
            "CONNECTION_POOL_CLASS": "appeals_site.cache.CircuitBreakerConnectionPool",
            "CONNECTION_POOL_KWARGS": {"circuit_seconds": circuit_seconds},
        },
    }


class CircuitBreakerConnectionPool(redis.ConnectionPool):
    """A redis-py connection pool that refuses connections for `circuit_seconds` after Redis
    failed to answer, and logs that once per opening."""

    def __init__(self, *args, circuit_seconds: float = 5.0, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.circuit_seconds = float(circuit_seconds)
        self._open_until = 0.0
        self._circuit_lock = threading.Lock()

    def circuit_is_open(self) -> bool:
        return time.monotonic() < self._open_until

    def get_connection(self, *args, **kwargs):
        if self.circuit_is_open():
            raise redis.ConnectionError("Redis did not answer a moment ago: not tried again yet.")
        try:
            return super().get_connection(*args, **kwargs)
        except _UNREACHABLE as exc:
            self._circuit_open(exc)
            raise

    def _circuit_open(self, exc: BaseException) -> None:
        with self._circuit_lock:
            if self.circuit_is_open():  # another thread opened it meanwhile, and logged
                return
            self._open_until = time.monotonic() + self.circuit_seconds
        kwargs = self.connection_kwargs
        # Host and port only: never the URL, which may carry a password.
        where = kwargs.get("path") or f"{kwargs.get('host')}:{kwargs.get('port')}"
        logger.warning(
            "The cache (Redis at %s) does not answer (%s): pages are built from the database "
            "without it, and it is tried again in %s seconds.",
            where,
            type(exc).__name__,
            f"{self.circuit_seconds:g}",
        )
