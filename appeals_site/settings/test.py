"""Test settings: the same as production but for speed-ups that hide nothing CI must see, and
the demo app (settings.development), whose commands the demo tests run.

The database and the broker still come from DATABASE_URL and CELERY_BROKER_URL, so CI runs the
suite on PostgreSQL and Redis.
"""

import os

os.environ.setdefault("SECRET_KEY", "insecure-test-only-key")
# A public key for the tests alone, unless the environment gives one (FIELD_ENCRYPTION_KEYS
# or its _FILE, which wins): without DEBUG the settings require a key.
os.environ.setdefault("FIELD_ENCRYPTION_KEYS", "YXBwZWFscy10ZXN0cy1vbmx5LXB1YmxpYy1rZXkhISE=")

from appeals_site.settings.development import *  # noqa: E402, F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {  # noqa: F405
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Tests do not run collectstatic: serve from the finders, and give whitenoise its root.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # noqa: F405
# The test client and the browser tests' live server speak plain HTTP: redirecting them to
# HTTPS would test nothing but the redirect. That redirect, HSTS and the secure cookies are
# tested where they are set (tests/appeals_site/test_http_security.py: with this setting on,
# under `check --deploy` with the production environment, and through gunicorn).
SECURE_SSL_REDIRECT = False
# pytest-xdist runs the suite in several processes at once ("gw0", "gw1" … in
# PYTEST_XDIST_WORKER, which the Celery processes that tests start inherit), each with a test
# database of its own (pytest-django names it test_<name>_gw0 …). A Redis cache (CACHE_URL) is
# one for all of them: each keeps its keys under a prefix of its own, and clearing the cache
# (before every test, tests/conftest.py) deletes only those, never the whole Redis database.
if CACHE_URL:  # noqa: F405
    CACHES = {
        "default": {
            **CACHES["default"],  # noqa: F405
            "BACKEND": "tests.cache.PrefixClearingRedisCache",
            "KEY_PREFIX": "tests-" + os.environ.get("PYTEST_XDIST_WORKER", "main"),
        }
    }
# A commit returns before its WAL reaches the disk (this session only, never the server's
# setting): the test databases' migrations and the transactional tests take about half the
# time. A crash loses nothing a test needs; durability is PostgreSQL's to test, not ours.
DATABASES["default"].setdefault("OPTIONS", {})  # noqa: F405
DATABASES["default"]["OPTIONS"]["options"] = " ".join(  # noqa: F405
    filter(None, [DATABASES["default"]["OPTIONS"].get("options"), "-c synchronous_commit=off"])  # noqa: F405
)
