"""Each integration is picked from an environment variable; without any, everything runs embedded."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PROBE = """
import json
from django.conf import settings
print(json.dumps({
    "db_engine": settings.DATABASES["default"]["ENGINE"],
    "db_name": str(settings.DATABASES["default"]["NAME"]),
    "db_host": settings.DATABASES["default"].get("HOST", ""),
    "cache": settings.CACHES["default"]["BACKEND"],
    "cache_location": settings.CACHES["default"].get("LOCATION", ""),
    "broker": settings.CELERY_BROKER_URL,
    "eager": settings.CELERY_TASK_ALWAYS_EAGER,
    "search": settings.SEARCH_BACKEND,
    "meili": settings.MEILISEARCH_URL,
    "payments": settings.PAYMENT_PROVIDER,
    "debug": settings.DEBUG,
    "hosts": settings.ALLOWED_HOSTS,
}))
"""
INTEGRATION_VARS = ("DATABASE_URL", "REDIS_URL", "CELERY_BROKER_URL", "MEILISEARCH_URL", "SEARCH_BACKEND",
                    "STRIPE_SECRET_KEY", "PAYMENT_PROVIDER", "SECRET_KEY", "ALLOWED_HOSTS", "DEBUG")


def load_settings(module: str, tmp_path, **env) -> dict:
    clean = {k: v for k, v in os.environ.items() if k not in INTEGRATION_VARS}
    clean.update(DJANGO_SETTINGS_MODULE=module, IPMARKET_VAR_DIR=str(tmp_path), **env)
    result = subprocess.run([sys.executable, "-c", f"import django; django.setup(); {PROBE}"], cwd=ROOT,
                            env=clean, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_embedded_defaults(tmp_path):
    loaded = load_settings("ipmarket.settings.dev", tmp_path)
    assert loaded["db_engine"] == "django.db.backends.sqlite3"
    assert loaded["db_name"] == str(tmp_path / "db.sqlite3")
    assert loaded["cache"].endswith("LocMemCache")
    assert loaded["broker"] == "" and loaded["eager"] is True
    assert loaded["search"] == "search.backends.embedded.EmbeddedBackend"
    assert loaded["payments"] == "payments.providers.offline.OfflineProvider"
    assert loaded["debug"] is False  # the demo shows the site's own error pages; DEBUG=1 for Django's


def test_production_integrations_from_environment(tmp_path):
    loaded = load_settings(
        "ipmarket.settings.production", tmp_path,
        SECRET_KEY="a-real-secret-key-for-this-test",
        ALLOWED_HOSTS="ip.example.cn,www.ip.example.cn",
        DATABASE_URL="postgres://ipmarket:pw@db.internal:5432/ipmarket",
        REDIS_URL="redis://cache.internal:6379/1",
        MEILISEARCH_URL="http://search.internal:7700",
        STRIPE_SECRET_KEY="sk_live_example",
    )
    assert loaded["db_engine"] == "django.db.backends.postgresql"
    assert (loaded["db_name"], loaded["db_host"]) == ("ipmarket", "db.internal")
    assert loaded["cache"] == "django_redis.cache.RedisCache"
    assert loaded["cache_location"] == "redis://cache.internal:6379/1"
    assert loaded["broker"] == "redis://cache.internal:6379/1" and loaded["eager"] is False
    assert loaded["search"] == "search.backends.meili.MeilisearchBackend"
    assert loaded["meili"] == "http://search.internal:7700"
    assert loaded["payments"] == "payments.providers.stripe.StripeProvider"
    assert loaded["debug"] is False
    assert loaded["hosts"] == ["ip.example.cn", "www.ip.example.cn"]


def test_production_refuses_the_development_secret_key(tmp_path):
    with pytest.raises(AssertionError, match="Set SECRET_KEY"):
        load_settings("ipmarket.settings.production", tmp_path)


def test_tests_run_tasks_in_process_even_with_a_broker(tmp_path):
    loaded = load_settings("ipmarket.settings.test", tmp_path, REDIS_URL="redis://127.0.0.1:6379/9")
    assert loaded["eager"] is True and loaded["broker"] == "memory://"
    assert loaded["cache"] == "django_redis.cache.RedisCache"


RUN_PROBE = """
from django.core.management import call_command
from django.test import Client
call_command("migrate", verbosity=0)
client = Client()
missing = client.get("/no-such-page/")
css = client.get("/static/cms/css/site.css")
print(json.dumps({"debug": settings.DEBUG, "missing": missing.status_code, "css": css.status_code,
                  "missing_html": missing.content.decode()}))
"""


def test_make_run_shows_the_sites_own_404_page_and_still_serves_static_files(tmp_path):
    """The settings `make run` uses (dev, no DEBUG in the environment), on a fresh database and without
    collectstatic: an unknown address gets the site's 404 page, not Django's list of URL patterns."""
    clean = {k: v for k, v in os.environ.items() if k not in INTEGRATION_VARS}
    clean.update(DJANGO_SETTINGS_MODULE="ipmarket.settings.dev", IPMARKET_VAR_DIR=str(tmp_path),
                 STATIC_ROOT=str(tmp_path / "static"))
    result = subprocess.run([sys.executable, "-c", f"import django; django.setup(); {PROBE}\n{RUN_PROBE}"],
                            cwd=ROOT, env=clean, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    probe = json.loads(result.stdout.strip().splitlines()[-1])
    assert probe["debug"] is False and probe["missing"] == 404 and probe["css"] == 200
    assert "Back to the home page" in probe["missing_html"] or "返回首页" in probe["missing_html"]
    assert "URLconf" not in probe["missing_html"] and "django-admin/" not in probe["missing_html"]
