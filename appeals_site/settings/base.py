"""Settings, all read from the environment (see the README's Configuration section).

With nothing set, the app runs on an embedded default: a private PostgreSQL server in
var/postgres, which the Makefile starts (tools/embedded_postgres.py), and Celery tasks
run in-process. With DATABASE_URL and CELERY_BROKER_URL it runs on your PostgreSQL and Redis.
PostgreSQL is the only database supported.
"""

import datetime as dt
import logging
import re
from pathlib import Path
from urllib.parse import quote

import dj_database_url
from cryptography.fernet import Fernet
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from whitenoise.compress import Compressor

from appeals_site.cache import redis_cache
from appeals_site.client_address import DEFAULT_TRUSTED_PROXIES, parse_networks
from appeals_site.env import env_bool, env_float, env_int, env_list, env_rate, env_str

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
    # django.contrib.admin, whose default site logs staff in with a second factor.
    "appeals_site.accounts.apps.StaffAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    # Staff logins: second factors (an authenticator app, backup codes), and the lockout after
    # failed passwords with its logs (see "Security: staff accounts").
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "nested_admin",
    "django_countries",
    "phonenumber_field",
    "simple_history",
    "django_celery_beat",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "corsheaders",
    "csp",
    "appeals_site.api",
    "partners",
    "appeals_site.audit",
    "authorities",
    "defenders",
    "cases",
    "letters",
    "reminders",
    "public",
    "importer",
    "workspace",
    # No "demo": the development app is installed by settings.development only.
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Content-Security-Policy on every answer (django-csp; the policy is under "Security: HTTP").
    "csp.middleware.CSPMiddleware",
    # CORS for partners' origins on /api/ only, before anything that may answer (whitenoise).
    "corsheaders.middleware.CorsMiddleware",
    # Query strings and form bodies that are not UTF-8: 400, never decoded into U+FFFD.
    "appeals_site.middleware.RejectUndecodableInputMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # ETag on every GET answer, and 304 to If-None-Match when it still matches.
    "django.middleware.http.ConditionalGetMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # request.user.is_verified(): whether the session passed the second factor.
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Records the acting user on every history row written during a request.
    "simple_history.middleware.HistoryRequestMiddleware",
    # Turns a login django-axes refused into the lockout page. Last, as axes requires.
    "axes.middleware.AxesMiddleware",
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
# PostgreSQL only. Without DATABASE_URL: the embedded server's socket in VAR_DIR/postgres, where
# `make run` (and every make target through tools/embedded_postgres.py) starts it; a
# `manage.py` command typed by hand reaches it there while it runs.
DATABASE_URL = env_str(
    "DATABASE_URL", f"postgres://postgres@{quote(str(VAR_DIR / 'postgres'), safe='')}/appeals"
)
DATABASES = {
    "default": dj_database_url.parse(
        DATABASE_URL,
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
        # Behind a pooler in transaction mode (PgBouncer), consecutive statements may reach
        # different server connections: no server-side cursors, and the partner API's page
        # prepares no statement (cases.api.documents).
        disable_server_side_cursors=env_bool("DATABASE_TRANSACTION_POOLER", False),
    )
}
if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
    raise ImproperlyConfigured(
        f"DATABASE_URL: {DATABASES['default']['ENGINE']} is not supported; give a postgres:// URL."
    )
# No JIT compilation: PostgreSQL compiles a query whose estimated cost passes jit_above_cost,
# which a page of case documents (every nested list a subquery) does; compiling it took about a
# second a page while running it takes a fraction of that (docs/benchmarks.md). No query here
# runs long enough to gain from it. Options given in DATABASE_URL (?options=…) are kept.
_database_options = DATABASES["default"].setdefault("OPTIONS", {})
_database_options["options"] = f"{_database_options.get('options', '')} -c jit=off".strip()

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
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
# whitenoise's default answers every static file with `Access-Control-Allow-Origin: *`, for
# sites whose fonts a CDN serves. Ours are loaded by our own pages only; another site has no
# reason to read them (nor to learn, by script, which version of the admin we run).
WHITENOISE_ALLOW_ALL_ORIGINS = False
# Source maps (the API docs' bundles have 4 MB ones) are fetched only by a developer's tools:
# compressing them took two thirds of collectstatic's 37 s, for nothing a visitor downloads.
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = (*Compressor.SKIP_COMPRESS_EXTENSIONS, "map")
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
# The cache is an optimisation, never a dependency (docs/operations.md, "Redis down"): when
# Redis does not answer, django-redis turns every read into a miss and every write into
# nothing (IGNORE_EXCEPTIONS), so pages are built from the database and throttles count
# nothing; it waits at most CACHE_TIMEOUT_SECONDS for Redis, and then not at all for
# CACHE_CIRCUIT_SECONDS (appeals_site.cache, which logs the failure once per opening). The
# letters' budget alone fails closed (letters.budget).
CACHE_URL = env_str("CACHE_URL")
CACHE_TIMEOUT_SECONDS = env_float("CACHE_TIMEOUT_SECONDS", 0.5)
CACHE_CIRCUIT_SECONDS = env_float("CACHE_CIRCUIT_SECONDS", 5.0)
if CACHE_TIMEOUT_SECONDS <= 0 or CACHE_CIRCUIT_SECONDS < 0:
    raise ImproperlyConfigured(
        "CACHE_TIMEOUT_SECONDS must be a positive number of seconds, CACHE_CIRCUIT_SECONDS 0 "
        "or more."
    )
if CACHE_URL:
    CACHES = {
        "default": redis_cache(
            CACHE_URL, timeout=CACHE_TIMEOUT_SECONDS, circuit_seconds=CACHE_CIRCUIT_SECONDS
        )
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- API ------------------------------------------------------------------------------------
REST_FRAMEWORK = {
    # Bearer first: its challenge makes an anonymous request a 401, not a 403.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "partners.authentication.BearerKeyAuthentication",
        "appeals_site.api.authentication.StaffSessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["appeals_site.api.permissions.PartnerReadsStaffByRole"],
    "DEFAULT_THROTTLE_CLASSES": ["partners.throttling.ApiKeyRateThrottle"],
    # Our throttles key on appeals_site.client_address; 0 keeps DRF's own reading of the
    # client's address (get_ident) on REMOTE_ADDR, never a header a client could write.
    "NUM_PROXIES": 0,
    "DEFAULT_RENDERER_CLASSES": ["appeals_site.api.renderers.ORJSONRenderer"],
    # JSON parsed by orjson: nesting, NaN, overflowing numbers and bad UTF-8 are 400s, never a
    # RecursionError (appeals_site/api/parsers.py).
    "DEFAULT_PARSER_CLASSES": ["appeals_site.api.parsers.ORJSONParser"],
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
# A new API key expires this many days after it is made, unless given a date; 0: never.
API_KEY_LIFETIME_DAYS = env_int("API_KEY_LIFETIME_DAYS", 365)
API_MAX_PAGE_SIZE = 500
# Letter requests (POST /api/v1/appeals/{id}/letters/) per client address: "30/minute";
# "off" for no limit.
LETTER_THROTTLE = env_str("LETTER_THROTTLE", "30/minute")
# Embassy lookups on the public appeal pages (?host_country=) per client address; "off".
EMBASSY_THROTTLE = env_rate("EMBASSY_THROTTLE", "30/minute")
# Seconds a proxy or CDN in front may serve a public page without asking again
# (Cache-Control: s-maxage; browsers always ask, and get 304 while nothing changed).
PUBLIC_PROXY_MAX_AGE = env_int("PUBLIC_PROXY_MAX_AGE", 10)
if PUBLIC_PROXY_MAX_AGE < 0:
    raise ImproperlyConfigured("PUBLIC_PROXY_MAX_AGE must be 0 or a number of seconds.")
# The budget for renders (letters.budget): a letter already made is always served; a new one
# is rendered only within these bounds, else the campaigner is offered the standard letter and
# the letter's text, which cost nothing.
# New personalised letters (with a campaigner's name, organisation, city or country) rendered
# per appeal per hour, whoever asks; 0 for no limit.
LETTER_APPEAL_HOURLY_LIMIT = env_int("LETTER_APPEAL_HOURLY_LIMIT", 120)
# Renders waiting or under way (with workers: on the letters queue) beyond which no new one is
# accepted.
LETTER_QUEUE_MAX = env_int("LETTER_QUEUE_MAX", 20)
# Without a broker: renders at once in each web process (a bounded pool; a request that finds
# it full is over budget). Request threads never all render.
LETTER_RENDER_CONCURRENCY = env_int("LETTER_RENDER_CONCURRENCY", 1)
# A personalised letter is deleted, with its PDF, this many days after it was asked for; a
# standard letter once a newer one of its appeal, authority and language is this old.
LETTER_RETENTION_DAYS = env_int("LETTER_RETENTION_DAYS", 7)
# How often beat sends again the renders the broker missed (it was down when they were asked
# for). Empty: the interval stored in the admin (Periodic tasks) stays; set: it is written
# there at each start of beat. A new installation starts at 60 seconds.
LETTER_SWEEP_INTERVAL_SECONDS = env_int("LETTER_SWEEP_INTERVAL_SECONDS", 0) or None
for _name, _minimum in (
    ("LETTER_APPEAL_HOURLY_LIMIT", 0),
    ("LETTER_QUEUE_MAX", 1),
    ("LETTER_RENDER_CONCURRENCY", 1),
    ("LETTER_RETENTION_DAYS", 1),
):
    if globals()[_name] < _minimum:
        raise ImproperlyConfigured(f"{_name} must be a whole number of at least {_minimum}.")
if not re.fullmatch(r"\s*(off|none|\d+/[smhd][a-z]*)\s*", LETTER_THROTTLE, re.I):
    raise ImproperlyConfigured(
        f"LETTER_THROTTLE={LETTER_THROTTLE!r}: write a rate such as 30/minute (per second, "
        "minute, hour or day), or off."
    )
SPECTACULAR_SETTINGS = {
    "TITLE": "Appeals API",
    "DESCRIPTION": (
        "Case data on human rights defenders, for partners (published cases, never a "
        "confidential field) and staff. Fields marked `x-confidential: true` exist but are "
        "withheld from partners unless staff disclosed them for that record.\n\n"
        "**Sync.** Every list is ordered by change and paged with `next`; keep the first "
        "page's `until` and ask the next sync with `updated_since=<until>`, after dropping what "
        "`<list>/tombstones/?since=<until>` names.\n\n"
        "**Caching.** Every read has an ETag computed from its data (not from `until`): send it "
        "back in `If-None-Match` and an unchanged answer is a 304.\n\n"
        "**Errors.** Every error, under any path of /api/, is "
        '`{"status", "code", "detail", "errors"}`: switch on `code`; `detail` is in the '
        "language of `Content-Language` (ask with `Accept-Language`). A query parameter an "
        "operation does not declare is a 400 naming it. A method a path has no operation for "
        "is a 405 (`#/components/responses/MethodNotAllowed`, with `Allow`).\n\n"
        "**Rate limits.** Each key has a budget per window (by default 600 requests a minute "
        "for a partner's key, 1,200 for staff), shared by all the servers. Every answer says "
        "where you stand in `RateLimit-Limit`, `RateLimit-Remaining` and `RateLimit-Reset` "
        "(seconds), and `RateLimit-Policy`; over it, a 429 with `Retry-After`."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    # The enums' hook (drf-spectacular's default), then ours: errors, 304, files, servers.
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "appeals_site.api.schema.contract_postprocess",
    ],
    # Several models have a "status" or a "kind": one named enum each, instead of hashed names.
    "ENUM_NAME_OVERRIDES": {
        "CaseStatusEnum": "cases.models.Case.Status",
        "ChargeStatusEnum": "cases.models.Charge.Status",
        "HearingStatusEnum": "cases.models.Hearing.Status",
        "DetentionKindEnum": "cases.models.DetentionPeriod.Kind",
        "EventKindEnum": "cases.models.Event.Kind",
        "ProceedingKindEnum": "cases.models.Proceeding.Kind",
        "SentencePartKindEnum": "cases.models.SentencePart.Kind",
        # Every uncertain date's precision (cases.dates) shares one list.
        "DatePrecisionEnum": "cases.dates.Precision",
        "ContactKindEnum": "authorities.models.AuthorityContact.Kind",
        "OtherNameKindEnum": "defenders.models.OtherName.Kind",
        # Letters and the interface: four languages; appeals' texts and actions: ISO 639-1.
        "LanguageEnum": "appeals_site.languages.Language",
        "TextLanguageEnum": "appeals_site.languages.text_language_choices",
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
# The broker being down loses nothing and holds up no request (docs/operations.md, "Redis
# down"): what a request enqueues is a row first (a letter, a reminder), sent again once the
# broker is back, so a publish gives up fast: a connection waits at most
# CELERY_BROKER_TIMEOUT_SECONDS, and a refused publish is tried once more, at once. Workers
# and beat, on the other hand, keep reconnecting for as long as the outage lasts (no limit on
# retries), so that none needs a restart after it.
CELERY_BROKER_TIMEOUT_SECONDS = env_float("CELERY_BROKER_TIMEOUT_SECONDS", 2.0)
if CELERY_BROKER_TIMEOUT_SECONDS <= 0:
    raise ImproperlyConfigured(
        "CELERY_BROKER_TIMEOUT_SECONDS must be a positive number of seconds."
    )
CELERY_BROKER_CONNECTION_TIMEOUT = CELERY_BROKER_TIMEOUT_SECONDS
CELERY_BROKER_TRANSPORT_OPTIONS = {"socket_connect_timeout": CELERY_BROKER_TIMEOUT_SECONDS}
CELERY_BROKER_CONNECTION_MAX_RETRIES = None
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.2,
}
# Letter renders go to a queue of their own, consumed by workers of their own (`make
# letters-worker`, compose's letters-worker), so that a flood of renders never delays other
# tasks; the default worker does not consume it.
LETTER_RENDER_QUEUE = env_str("LETTER_RENDER_QUEUE", "letters")
CELERY_TASK_ROUTES = {"letters.tasks.letter_render": {"queue": LETTER_RENDER_QUEUE}}
# Standard letters (every addressed authority × language) rendered ahead when a case is
# published or an appeal issued: by default only when workers do it (a broker is configured).
LETTERS_RENDER_AHEAD = env_bool("LETTERS_RENDER_AHEAD", not CELERY_TASK_ALWAYS_EAGER)
# A worker process is replaced once its resident memory passes this many KiB (after the task
# at hand): WeasyPrint has leaked memory across versions. 0 for no limit.
CELERY_WORKER_MAX_MEMORY_PER_CHILD = env_int("CELERY_WORKER_MAX_MEMORY_PER_CHILD", 300_000) or None
# The niceness a worker takes when it starts, and its pool processes with it: the letters
# worker's renders (a second of CPU each) share the host's cores with the web processes, and
# at niceness 19 they take what the web leaves (appeals_site.celery). 0: as started.
WORKER_NICENESS = env_int("WORKER_NICENESS", 0)
if not 0 <= WORKER_NICENESS <= 19:
    raise ImproperlyConfigured("WORKER_NICENESS must be a niceness from 0 to 19.")

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

# --- The importer (importer app) -------------------------------------------------------------
# Archived appeals read into proposed cases (docs/importer.md). A document larger than this is
# refused before it is read; so is a Word file whose parts unpack to more than the second limit
# (a zip bomb), and a PDF of more pages than the third.
IMPORTER_MAX_DOCUMENT_BYTES = env_int("IMPORTER_MAX_DOCUMENT_BYTES", 10 * 1024 * 1024)
IMPORTER_MAX_UNCOMPRESSED_BYTES = env_int("IMPORTER_MAX_UNCOMPRESSED_BYTES", 50 * 1024 * 1024)
IMPORTER_MAX_PDF_PAGES = env_int("IMPORTER_MAX_PDF_PAGES", 60)
# Reading a document (a Celery task) is stopped after this many seconds, the worker's process
# this much plus 30 later; the document is then marked as not read, with why.
IMPORTER_READ_TIME_LIMIT_SECONDS = env_int("IMPORTER_READ_TIME_LIMIT_SECONDS", 60)

# --- Reminders (the reminders app) ----------------------------------------------------------
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

# --- Security: staff accounts ---------------------------------------------------------------
# The admin's login is the staff login, in two steps: the password, then a code from an
# authenticator app or a backup code (appeals_site.accounts). Without the second step nothing
# of the admin opens, and the API refuses the session (403); API keys are not logins and are
# not affected.
LOGIN_URL = "admin:login"
LOGIN_REDIRECT_URL = "admin:index"
# django-axes first: it refuses a locked account or address before any password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# The name authenticator apps show next to the username. Not the organisation's by default: a
# phone searched at a border should not name a human rights organisation.
OTP_TOTP_ISSUER = env_str("OTP_TOTP_ISSUER", "Appeals")
# The admin's device pages never show a TOTP key or its QR code (the owner saw it once).
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

# Lockout (django-axes): AXES_FAILURE_LIMIT wrong passwords within the cool-off lock logins for
# AXES_COOLOFF_MINUTES after the last attempt (an attempt while locked starts the wait again).
# Counted two ways, each locking on its own: per username, from any address (the account:
# spreading guesses over many addresses does not help), and per address, for any username (the
# source: trying a few passwords on each of many accounts does not help either). The price: one
# person's typos lock their colleagues behind the same office address for a while. The address
# is the client's address of every other part (TRUSTED_PROXY_COUNT, below).
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = dt.timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_LOCKOUT_CALLABLE = "appeals_site.accounts.lockout.lockout_response"
# Every failure is kept (AccessFailureLog) beside every login and logout (AccessLog): both are in
# the admin under "Axes".
AXES_ENABLE_ACCESS_FAILURE_LOG = True
# axes asks us for the address (for its lockout, its logs and its log lines), so that nothing
# reads it another way. Its own ipware settings stay at REMOTE_ADDR, never a header, should
# anything read them.
AXES_CLIENT_IP_CALLABLE = "appeals_site.client_address.client_address"
AXES_IPWARE_META_PRECEDENCE_ORDER = ["REMOTE_ADDR"]
AXES_IPWARE_PROXY_COUNT = None
for _retired in ("AXES_IPWARE_META_PRECEDENCE_ORDER", "AXES_IPWARE_PROXY_COUNT"):
    if env_str(_retired):
        raise ImproperlyConfigured(
            f"{_retired} is no longer read: every part of the site takes the client's address "
            "from TRUSTED_PROXY_COUNT and TRUSTED_PROXIES (docs/configuration.md). Remove it."
        )

# --- The client's address -------------------------------------------------------------------
# One answer for the throttles, the lockout, the audit log and the access log
# (appeals_site/client_address.py). TRUSTED_PROXY_COUNT: how many proxies stand in front of the
# app, each appending the address it saw to X-Forwarded-For; 0 (the default): none, every
# forwarding header is ignored and the address is the connection's. TRUSTED_PROXIES: the
# addresses or networks (CIDR) those proxies connect from; the header is read only from them,
# and by default they are this machine and the private networks.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
if TRUSTED_PROXY_COUNT < 0:
    raise ImproperlyConfigured(
        f"TRUSTED_PROXY_COUNT={TRUSTED_PROXY_COUNT}: the number of proxies in front of the app, "
        "0 or more."
    )
_trusted_proxies = env_list("TRUSTED_PROXIES", [])
if _trusted_proxies and not TRUSTED_PROXY_COUNT:
    raise ImproperlyConfigured(
        "TRUSTED_PROXIES is set but TRUSTED_PROXY_COUNT is 0: set TRUSTED_PROXY_COUNT to the "
        "number of proxies in front of the app (1 for one proxy), or unset TRUSTED_PROXIES."
    )
TRUSTED_PROXIES = parse_networks(
    "TRUSTED_PROXIES", _trusted_proxies or (DEFAULT_TRUSTED_PROXIES if TRUSTED_PROXY_COUNT else [])
)

# --- Encryption at rest ---------------------------------------------------------------------
# The confidential fields (appeals_site.confidential) are stored as Fernet tokens
# (appeals_site/fields.py). FIELD_ENCRYPTION_KEYS: Fernet keys separated by commas (or
# whitespace, in a _FILE); the first encrypts, every one decrypts. To rotate: put a new key
# first, run `manage.py reencrypt_confidential`, then drop the old key. Losing every key loses
# those fields for good: the key is kept apart from the database and its backups.
# Public, so for DEBUG only: `make run` on a fresh checkout needs no key. Refused as the
# encrypting key without DEBUG; a database made with it moves to a real key by rotation.
DEVELOPMENT_FIELD_ENCRYPTION_KEY = "YXBwZWFscy1ERUJVRy1vbmx5LXB1YmxpYy1rZXkhISE="
FIELD_ENCRYPTION_KEYS = [k for k in re.split(r"[,\s]+", env_str("FIELD_ENCRYPTION_KEYS")) if k]
_GENERATE_KEY = (
    'python -c "from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())"'
)
if not FIELD_ENCRYPTION_KEYS:
    if not DEBUG:
        raise ImproperlyConfigured(
            "FIELD_ENCRYPTION_KEYS (or FIELD_ENCRYPTION_KEYS_FILE) must be set unless DEBUG=true: "
            f"the key that encrypts confidential fields. Make one with: {_GENERATE_KEY}"
        )
    FIELD_ENCRYPTION_KEYS = [DEVELOPMENT_FIELD_ENCRYPTION_KEY]
    logging.getLogger("appeals_site.settings").warning(
        "FIELD_ENCRYPTION_KEYS is not set: confidential fields are encrypted with the public "
        "development key (DEBUG only)."
    )
for _number, _key in enumerate(FIELD_ENCRYPTION_KEYS, start=1):
    try:
        Fernet(_key)
    except ValueError:
        # Never the key itself in the message: it ends up in logs.
        raise ImproperlyConfigured(
            f"FIELD_ENCRYPTION_KEYS: key number {_number} is not a Fernet key (32 url-safe "
            f"base64-encoded bytes). Make one with: {_GENERATE_KEY}"
        ) from None
if FIELD_ENCRYPTION_KEYS[0] == DEVELOPMENT_FIELD_ENCRYPTION_KEY and not DEBUG:
    raise ImproperlyConfigured(
        "FIELD_ENCRYPTION_KEYS: the public development key may only decrypt without DEBUG: "
        "put a key of your own first and run `manage.py reencrypt_confidential`."
    )

# --- Logging --------------------------------------------------------------------------------
LOG_LEVEL = env_str("LOG_LEVEL", "INFO").upper()
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    # WeasyPrint logs every step of every render at INFO.
    # axes announces its version at INFO on every start; its login and lockout lines stay.
    "loggers": {
        "weasyprint.progress": {"level": "WARNING"},
        "axes.apps": {"level": "WARNING"},
    },
}

# --- Security: HTTP -------------------------------------------------------------------------
# With DEBUG off and nothing else set, `manage.py check --deploy` reports nothing
# (tests/appeals_site/test_http_security.py runs it in a clean environment).
# HTTPS. Behind a TLS-terminating proxy every request reaches gunicorn as plain HTTP: name the
# header the proxy sets, "HTTP_X_FORWARDED_PROTO,https" (Django's META name, then the value
# meaning HTTPS). The proxy must overwrite that header on every request, or clients could
# claim HTTPS themselves.
_proxy_ssl_header = env_list("SECURE_PROXY_SSL_HEADER", [])
if _proxy_ssl_header:
    if len(_proxy_ssl_header) != 2 or not _proxy_ssl_header[0].startswith("HTTP_"):
        raise ImproperlyConfigured(
            "SECURE_PROXY_SSL_HEADER must be a request header's META name and the value that "
            'means HTTPS, e.g. "HTTP_X_FORWARDED_PROTO,https".'
        )
    SECURE_PROXY_SSL_HEADER = (_proxy_ssl_header[0], _proxy_ssl_header[1])
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
# Container health checks call /healthz over plain HTTP from inside (docker-compose.yml).
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
# Browsers remember to use HTTPS only (sent on HTTPS answers only). Preload: the header
# consents to the browsers' preload list, which takes a domain only when its owner submits
# it at hstspreload.org; set false if the domain's owner does not consent.
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)

# Cookies: HTTPS only (a DEBUG `make run` is plain HTTP); the session's never readable by scripts.
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_HTTPONLY = True
# The CSRF cookie lives as long as the browser session, not a year: a random value kept for a
# year would be an identifier for nothing. Staff pages set it; the public pages, cached whole,
# hold no token and set no cookie (their forms are checked by origin: public.same_origin).
CSRF_COOKIE_AGE = None
# Staff are logged out after SESSION_IDLE_SECONDS without a request (every request moves the
# expiry on), and when the browser closes: staff work on shared and seized machines too.
SESSION_COOKIE_AGE = env_int("SESSION_IDLE_SECONDS", 1800)
if SESSION_COOKIE_AGE < 1:
    raise ImproperlyConfigured("SESSION_IDLE_SECONDS must be a positive number of seconds.")
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# "same-origin": a link out of an appeal (a source, a partner's page) tells the other site
# nothing, not even that the visitor came from a human rights organisation's site; our own
# pages still get the full Referer (Django's CSRF check on HTTPS relies on it).
SECURE_REFERRER_POLICY = "same-origin"

# Content-Security-Policy (django-csp): every script and style comes from our own files;
# nothing inline, nothing from another host. NONCE adds a per-response nonce only to answers
# whose template asks for one: the Swagger UI page (templates/drf_spectacular/swagger_ui.html)
# for drf-spectacular's init script; every other page gets script-src 'self' alone.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    }
}

# CORS (django-cors-headers): closed unless partners' origins are named, and then for the
# API's reads only, never with cookies (partners send their key).
CORS_ALLOWED_ORIGINS = env_list("CORS_ALLOWED_ORIGINS", [])
for _origin in CORS_ALLOWED_ORIGINS:
    if not re.fullmatch(r"https?://[^/?#\s]+", _origin):
        raise ImproperlyConfigured(
            f"CORS_ALLOWED_ORIGINS: {_origin!r} is not an origin such as https://partner.example."
        )
# A pattern that matches nothing: without origins, the middleware adds nothing at all.
CORS_URLS_REGEX = r"^/api/" if CORS_ALLOWED_ORIGINS else r"(?!)"
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_ALLOW_HEADERS = ["accept", "accept-language", "authorization", "if-none-match"]
# Incremental sync keeps the ETag for If-None-Match.
CORS_EXPOSE_HEADERS = ["etag"]
CORS_ALLOW_CREDENTIALS = False

# Request bodies larger than this are refused unread: a 413 from the API, a 400 from forms.
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("DATA_UPLOAD_MAX_MEMORY_SIZE", 2 * 1024 * 1024)
if DATA_UPLOAD_MAX_MEMORY_SIZE < 1:
    raise ImproperlyConfigured("DATA_UPLOAD_MAX_MEMORY_SIZE must be a positive number of bytes.")
