# The one image behind web (gunicorn), worker and beat (celery): see docker-compose.yml.
FROM python:3.11-slim-bookworm

# gunicorn reads GUNICORN_CMD_ARGS, so docker-compose.yml can start it the same way after
# migrating. Its heartbeat files go to memory: /tmp on the container's overlay can stall workers.
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    VAR_DIR=/app/var \
    STATIC_ROOT=/app/staticfiles \
    MEDIA_ROOT=/app/media \
    GUNICORN_CMD_ARGS="--bind 0.0.0.0:8000 --worker-tmp-dir /dev/shm --access-logfile -"

WORKDIR /app

# Dependencies first, so that a change to the code does not reinstall them. Every package,
# transitive ones too, is pinned with its hashes in requirements.lock (`make lock` compiles it
# from requirements.txt), and pip refuses any file whose hash differs (--require-hashes);
# psycopg2-binary brings its own libpq, so no compiler is needed.
# WeasyPrint (appeal letters) needs Pango and HarfBuzz, and the letters' fonts (Liberation
# and DejaVu, Latin and Cyrillic) come from Debian: nothing is fetched at render time.
# postgresql-client (15, as the compose database) for `manage.py backup` / `restore`.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-liberation2 fonts-dejavu-core \
        postgresql-client \
    && rm -rf /var/lib/apt/lists/*

COPY requirements.lock ./
RUN pip install --require-hashes -r requirements.lock

# The app runs as a user of its own, which may write only var/ and media/ (a volume).
RUN groupadd --system --gid 10001 appeals \
    && useradd --system --uid 10001 --gid appeals --home-dir /app/var --no-create-home \
        --shell /usr/sbin/nologin appeals \
    && mkdir -p /app/var /app/media \
    && chown appeals:appeals /app/var /app/media

COPY . .

# Static files are collected into the image, so every container serves the same manifest
# (whitenoise). Settings refuse to load without a SECRET_KEY; this one exists for this command
# only, which signs nothing, and is not in the image's environment.
# Settings need a secret key and an encryption key to load, even to collect static files:
# throwaway values, used for nothing else.
RUN SECRET_KEY=collectstatic-only-not-a-secret \
    FIELD_ENCRYPTION_KEYS=Y29sbGVjdHN0YXRpYy1vbmx5LW5vdC1hLXNlY3JldCE= \
    python manage.py collectstatic --noinput --verbosity=0

USER appeals
EXPOSE 8000
CMD ["gunicorn", "appeals_site.wsgi:application"]
