"""The tests' Redis cache, when CACHE_URL names one (appeals_site/settings/test.py)."""

from django.core.cache.backends.redis import RedisCache


class PrefixClearingRedisCache(RedisCache):
    """Django's Redis cache, but clear() deletes only the keys under this cache's KEY_PREFIX.

    Django's clear() empties the whole Redis database (FLUSHDB), and tests/conftest.py clears
    the cache before every test. The suite runs in several processes at once (pytest-xdist),
    all on the same Redis database, each under a prefix of its own: a FLUSHDB would take the
    other processes' keys from under their running tests, and the Celery broker's queues too
    where CACHE_URL and CELERY_BROKER_URL name the same database.
    """

    def __init__(self, server, params):
        super().__init__(server, params)
        if not self.key_prefix:
            raise ValueError("PrefixClearingRedisCache needs a KEY_PREFIX: it clears only that.")

    def clear(self):
        client = self._cache.get_client(write=True)
        with client.pipeline(transaction=False) as pipeline:
            for key in client.scan_iter(match=f"{self.key_prefix}:*", count=1000):
                pipeline.delete(key)
            pipeline.execute()
        return True
