# Một Cửa QMS, production image: gunicorn + WhiteNoise under production settings.
# compose.yaml starts it with PostgreSQL, Redis and the task worker; docs/deploy.md
# ("Containers") explains. The systemd recipe of deploy/ is the main one.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# WeasyPrint's libraries (PDF postings, controlled copies, records)
RUN apt-get update \
 && apt-get install -y --no-install-recommends \
      libglib2.0-0 libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b \
      libharfbuzz-subset0 libfontconfig1 shared-mime-info \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --user-group --home-dir /var/lib/qms --create-home qms \
 && install -d -o qms -g qms -m 0755 /var/lib/qms/media \
 && install -d -o qms -g qms -m 0700 /var/lib/qms/private_media

WORKDIR /opt/qms
# Exact, hash-checked versions first (a layer that changes only with the lock).
COPY requirements/lock-base.txt requirements/lock-base.txt
RUN python -m venv .venv \
 && .venv/bin/pip install --require-hashes -r requirements/lock-base.txt
COPY . .
RUN .venv/bin/pip install --no-deps --no-build-isolation -e . \
 && .venv/bin/pip check
# Static files belong to the image: hashed, compressed, served by WhiteNoise.
# collectstatic needs no database: the required variables only have to be set.
RUN DJANGO_SETTINGS_MODULE=config.settings.production \
    SECRET_KEY=build-only ALLOWED_HOSTS=build WAGTAILADMIN_BASE_URL=https://build \
    DATABASE_URL=postgres://build@build/build REDIS_URL=redis://build:6379/0 \
    STATIC_ROOT=/opt/qms/static \
    .venv/bin/python manage.py collectstatic --no-input -v 0

ENV DJANGO_SETTINGS_MODULE=config.settings.production \
    STATIC_ROOT=/opt/qms/static \
    MEDIA_ROOT=/var/lib/qms/media \
    PRIVATE_MEDIA_ROOT=/var/lib/qms/private_media \
    GUNICORN_BIND=0.0.0.0:8000 \
    XDG_CACHE_HOME=/tmp/cache \
    PATH=/opt/qms/.venv/bin:$PATH
USER qms
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s \
  CMD python -c "import os, urllib.request as u; r = u.Request('http://127.0.0.1:8000/health/', headers={'Host': os.environ['ALLOWED_HOSTS'].split(',')[0]}); u.urlopen(r, timeout=4)"
CMD ["gunicorn", "--config", "deploy/gunicorn.conf.py"]
