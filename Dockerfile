# Production image: gunicorn (web), celery worker and beat all run from it (see docker-compose.yml).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PYTHONPATH=/app \
    IPMARKET_VAR_DIR=/app/var \
    DJANGO_SETTINGS_MODULE=ipmarket.settings.production

WORKDIR /app
# A TrueType font with Chinese glyphs, embedded in agreement and statement PDFs (PDF_CJK_FONT_FILE).
RUN apt-get update && apt-get install --yes --no-install-recommends fonts-wqy-zenhei \
    && rm -rf /var/lib/apt/lists/*
RUN useradd --create-home --uid 10001 --user-group ipmarket

# Dependencies first so that code changes do not reinstall them.
COPY pyproject.toml README.md ./
COPY ipmarket/__init__.py ipmarket/celery.py ipmarket/
RUN pip install . && pip uninstall --yes ipmarket

COPY . .
RUN pip install --no-deps . \
    # Static files are part of the image; WhiteNoise serves them. The key only satisfies the settings check.
    && SECRET_KEY=collectstatic-at-build-time python manage.py collectstatic --noinput --verbosity 0 \
    && mkdir -p /app/var/media \
    && chown -R ipmarket:ipmarket /app/var

USER ipmarket
EXPOSE 8000
CMD ["gunicorn", "ipmarket.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
