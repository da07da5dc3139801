"""Test settings: the same as production but for speed-ups that hide nothing CI must see.

The database and the broker still come from DATABASE_URL and CELERY_BROKER_URL, so CI runs the
suite on PostgreSQL and Redis.
"""

import os

os.environ.setdefault("SECRET_KEY", "insecure-test-only-key")

from appeals_site.settings.base import *  # noqa: E402, F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {  # noqa: F405
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Tests do not run collectstatic: serve from the finders, and give whitenoise its root.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # noqa: F405
