"""Settings, all read from the environment (see the README's Configuration section).

With nothing set, the app runs on an embedded default: SQLite in var/ and Celery tasks run
in-process. With DATABASE_URL and CELERY_BROKER_URL it runs on PostgreSQL and Redis.
"""

from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from appeals_site.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(env_str("VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("DEBUG", False)

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY (or SECRET_KEY_FILE) must be set unless DEBUG=true.")
    SECRET_KEY = "django-insecure-development-only-key-never-use-in-production"  # noqa: S105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "nested_admin",
    "django_countries",
    "phonenumber_field",
    "simple_history",
    "django_celery_beat",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "appeals_site.api",
    "authorities",
    "defenders",
    "cases",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # ETag on every GET answer, and 304 to If-None-Match when it still matches.
    "django.middleware.http.ConditionalGetMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Records the acting user on every history row written during a request.
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "appeals_site.urls"
WSGI_APPLICATION = "appeals_site.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
DATABASE_URL = env_str("DATABASE_URL")
if DATABASE_URL:
    DATABASES = {
        "default": dj_database_url.parse(
            DATABASE_URL, conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60), conn_health_checks=True
        )
    }
else:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {"ENGINE": "django.db.backends.sqlite3", "NAME": str(VAR_DIR / "db.sqlite3")}
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Internationalisation -------------------------------------------------------------------
LANGUAGE_CODE = "en"
# The languages of the interface and of appeal texts and letters.
LANGUAGES = [("en", "English"), ("fr", "Français"), ("es", "Español"), ("ru", "Русский")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env_str("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

# --- Static and media files -----------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(VAR_DIR / "static")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# --- Cache --------------------------------------------------------------------------------
# API throttling counts in the cache: with several web processes it must be shared (Redis).
CACHE_URL = env_str("CACHE_URL")
if CACHE_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL}
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- API ------------------------------------------------------------------------------------
REST_FRAMEWORK = {
    # Bearer first: its challenge makes an anonymous request a 401, not a 403.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "appeals_site.api.authentication.BearerKeyAuthentication",
        "appeals_site.api.authentication.StaffSessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["appeals_site.api.permissions.PartnerReadsStaffByRole"],
    "DEFAULT_THROTTLE_CLASSES": ["appeals_site.api.throttling.ApiKeyRateThrottle"],
    "DEFAULT_RENDERER_CLASSES": ["appeals_site.api.renderers.ORJSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "appeals_site.api.schema.AutoSchema",
    "EXCEPTION_HANDLER": "appeals_site.api.exceptions.api_exception_handler",
    "UNAUTHENTICATED_USER": None,
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
# Requests per key (partners) or per user (staff): "600/minute"; empty: no limit.
API_THROTTLE_PARTNER = env_str("API_THROTTLE_PARTNER", "600/minute")
API_THROTTLE_STAFF = env_str("API_THROTTLE_STAFF", "1200/minute")
# An incremental sync stops this many seconds before "now", so that a transaction still
# committing with an earlier update time is not skipped (see cases.api.pagination).
API_SYNC_SETTLE_SECONDS = env_int("API_SYNC_SETTLE_SECONDS", 5)
API_MAX_PAGE_SIZE = 500
# Letter requests (POST /api/v1/appeals/{id}/letters/) per client address: "30/minute";
# "off" for no limit.
LETTER_THROTTLE = env_str("LETTER_THROTTLE", "30/minute")
SPECTACULAR_SETTINGS = {
    "TITLE": "Appeals API",
    "DESCRIPTION": (
        "Case data on human rights defenders, for partners (published cases, never a "
        "confidential field) and staff. Fields marked `x-confidential: true` exist but are "
        "withheld from partners unless staff disclosed them for that record."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    # Several models have a "status" or a "kind": one named enum each, instead of hashed names.
    "ENUM_NAME_OVERRIDES": {
        "CaseStatusEnum": "cases.models.Case.Status",
        "ChargeStatusEnum": "cases.models.Charge.Status",
        "HearingStatusEnum": "cases.models.Hearing.Status",
        "DetentionKindEnum": "cases.models.DetentionPeriod.Kind",
        "EventKindEnum": "cases.models.Event.Kind",
        "ContactKindEnum": "authorities.models.AuthorityContact.Kind",
        # Every country field (country, host_country …) shares one list of ISO codes.
        "CountryEnum": "appeals_site.languages.country_choices",
    },
    # Swagger UI's files come with the app (drf-spectacular-sidecar), never from a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

# --- Celery ---------------------------------------------------------------------------------
# No broker configured: tasks run in-process (the embedded default of `make run`).
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
if not CELERY_BROKER_URL:
    CELERY_BROKER_URL = "memory://"
CELERY_RESULT_BACKEND = env_str("CELERY_RESULT_BACKEND") or None
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
# The queue tasks go to (and beat sends to) unless routed elsewhere; workers consume it with
# `-Q`. Deployments sharing one Redis, and the tests, keep apart with a name of their own.
CELERY_TASK_DEFAULT_QUEUE = env_str("CELERY_TASK_DEFAULT_QUEUE", "celery")
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Standard letters (every addressed authority × language) rendered ahead when a case is
# published or an appeal issued: by default only when workers do it (a broker is configured).
LETTERS_RENDER_AHEAD = env_bool("LETTERS_RENDER_AHEAD", not CELERY_TASK_ALWAYS_EAGER)
# Task modules that autodiscovery (which looks for <app>.tasks only) does not find.
CELERY_IMPORTS = ["cases.letters.tasks", "cases.reminders.tasks"]
# A worker process is replaced once its resident memory passes this many KiB (after the task
# at hand): WeasyPrint has leaked memory across versions. 0 for no limit.
CELERY_WORKER_MAX_MEMORY_PER_CHILD = env_int("CELERY_WORKER_MAX_MEMORY_PER_CHILD", 300_000) or None

# --- E-mail ---------------------------------------------------------------------------------
# EMAIL_BACKEND: "smtp", "console", "file" (into EMAIL_FILE_PATH), "locmem", or a dotted path.
# Default: SMTP when EMAIL_HOST is set, else the console (development).
_EMAIL_BACKENDS = {
    "smtp": "django.core.mail.backends.smtp.EmailBackend",
    "console": "django.core.mail.backends.console.EmailBackend",
    "file": "django.core.mail.backends.filebased.EmailBackend",
    "locmem": "django.core.mail.backends.locmem.EmailBackend",
}
EMAIL_HOST = env_str("EMAIL_HOST")
_email_backend = env_str("EMAIL_BACKEND", "smtp" if EMAIL_HOST else "console")
if "." not in _email_backend and _email_backend not in _EMAIL_BACKENDS:
    raise ImproperlyConfigured(
        f"EMAIL_BACKEND={_email_backend!r}: use one of {sorted(_EMAIL_BACKENDS)} or a dotted path."
    )
EMAIL_BACKEND = _EMAIL_BACKENDS.get(_email_backend, _email_backend)
EMAIL_PORT = env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", EMAIL_PORT == 587)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", EMAIL_PORT == 465)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 20)
EMAIL_FILE_PATH = env_str("EMAIL_FILE_PATH", str(VAR_DIR / "mail"))
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "appeals@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# The address people reach the site at: links in e-mails and webhooks.
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# --- Reminders (cases.reminders) --------------------------------------------------------------
# How often beat runs the scan that sends due reminders (and the digest check). Empty: the
# interval stored in the admin (Periodic tasks) stays; set: it is written there at each start
# of beat. A new installation starts at 60 seconds.
REMINDER_SCAN_INTERVAL_SECONDS = env_int("REMINDER_SCAN_INTERVAL_SECONDS", 0) or None
# At most this many reminders are handed to workers per scan.
REMINDER_SCAN_BATCH = env_int("REMINDER_SCAN_BATCH", 500)
# A reminder being sent for longer than this (its worker died) is taken up again by the scan.
REMINDER_SEND_LEASE_SECONDS = env_int("REMINDER_SEND_LEASE_SECONDS", 300)
# Attempts before a reminder is marked failed; the n-th retry waits base × 2^(n-1) seconds.
REMINDER_MAX_ATTEMPTS = env_int("REMINDER_MAX_ATTEMPTS", 6)
REMINDER_RETRY_BASE_SECONDS = env_int("REMINDER_RETRY_BASE_SECONDS", 60)
REMINDER_WEBHOOK_TIMEOUT_SECONDS = env_int("REMINDER_WEBHOOK_TIMEOUT_SECONDS", 10)
# Webhooks must be HTTPS; true allows http:// URLs (development and tests only).
REMINDER_WEBHOOK_ALLOW_HTTP = env_bool("REMINDER_WEBHOOK_ALLOW_HTTP", False)

# --- The organisation and its reference codes (domain.md, "Reference code") -----------------
ORGANISATION_NAME = env_str(
    "ORGANISATION_NAME", "The Observatory for the Protection of Human Rights Defenders"
)
# The organisation's code in references ("OBS" in KGZ 003 / 0425 / OBS 041).
ORGANISATION_CODE = env_str("ORGANISATION_CODE", "OBS")
# Fields: {country} ISO alpha-3, {case_number}, {month} MM, {year} YY, {year4} YYYY,
# {organisation}, {intervention_number}. Python format syntax, so widths are settable.
APPEAL_REFERENCE_FORMAT = env_str(
    "APPEAL_REFERENCE_FORMAT",
    "{country} {case_number:03d} / {month}{year} / {organisation} {intervention_number:03d}",
)
# A follow-up adds its sequence to the case's reference: {reference}.{followup}.
APPEAL_FOLLOWUP_FORMAT = env_str("APPEAL_FOLLOWUP_FORMAT", "{reference}.{followup}")

# --- Logging --------------------------------------------------------------------------------
LOG_LEVEL = env_str("LOG_LEVEL", "INFO").upper()
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    # WeasyPrint logs every step of every render at INFO.
    "loggers": {"weasyprint.progress": {"level": "WARNING"}},
}
