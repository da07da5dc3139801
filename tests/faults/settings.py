"""The settings of the processes the fault tests start (gunicorn, the worker and its beat):
production's (appeals_site.settings.base, everything from the environment), but for static
files, served from the finders as in the tests: collectstatic is not run for them."""

from appeals_site.settings.base import *  # noqa: F403

STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
