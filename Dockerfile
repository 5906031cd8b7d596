# The web app, the Celery worker and Celery beat all run from this image.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app

# Pango draws the PDF certificates (WeasyPrint); DejaVu has the Swedish letters.
RUN apt-get update \
    && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*

COPY requirements/ requirements/
RUN pip install -r requirements/base.txt

COPY . .
# Static files are collected at build time and served by whitenoise.
RUN DEBUG=false SECRET_KEY=build-only-not-secret-build-only-not-secret-build-only \
    ALLOWED_HOSTS=build SUPPORT_EMAIL=build@localhost \
    python manage.py collectstatic --noinput

RUN useradd --system --home /app --shell /usr/sbin/nologin uppdrag && chown -R uppdrag /app
USER uppdrag

EXPOSE 8000
CMD ["gunicorn", "uppdragsbanken.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
