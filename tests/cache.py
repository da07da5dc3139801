"""The tests' Redis cache, when CACHE_URL names one (appeals_site/settings/test.py)."""

from django_redis.cache import RedisCache


class PrefixClearingRedisCache(RedisCache):
    """The cache of the settings (django-redis), but clear() deletes only the keys under this
    cache's KEY_PREFIX.

    django-redis's clear() empties the whole Redis database (FLUSHDB), and tests/conftest.py
    clears the cache before every test. The suite runs in several processes at once
    (pytest-xdist), all on the same Redis database, each under a prefix of its own: a FLUSHDB
    would take the other processes' keys from under their running tests, and the Celery
    broker's queues too where CACHE_URL and CELERY_BROKER_URL name the same database.
    """

    def __init__(self, server, params):
        super().__init__(server, params)
        if not self.key_prefix:
            raise ValueError("PrefixClearingRedisCache needs a KEY_PREFIX: it clears only that.")

    def clear(self):
        # The pattern is made under KEY_PREFIX and the version, as every key is.
        self.delete_pattern("*")
        return True
