"""The production settings pass Django's deployment checks and serve HTTPS only behind the proxy."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SECURITY_VARS = ("SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS", "SECURE_HSTS_INCLUDE_SUBDOMAINS",
                 "SECURE_HSTS_PRELOAD", "SECURE_COOKIES", "DEBUG", "DATABASE_URL", "REDIS_URL",
                 "CELERY_BROKER_URL", "MEILISEARCH_URL", "STRIPE_SECRET_KEY")
# Requests through the test client, answered without the database (set_language redirects a GET).
REQUESTS = """
import json
from django.test import Client
client = Client(HTTP_HOST="ip.example.cn")
plain = client.get("/i18n/setlang/")
secure = client.get("/i18n/setlang/", HTTP_X_FORWARDED_PROTO="https")
print(json.dumps({
    "plain": [plain.status_code, plain.get("Location", "")],
    "secure": [secure.status_code, {name: secure.get(name) for name in (
        "Strict-Transport-Security", "X-Frame-Options", "Referrer-Policy", "Cross-Origin-Opener-Policy",
        "X-Content-Type-Options")}],
}))
"""


def run(args: list[str], tmp_path, **env) -> subprocess.CompletedProcess:
    clean = {name: value for name, value in os.environ.items() if name not in SECURITY_VARS}
    clean.update(DJANGO_SETTINGS_MODULE="ipmarket.settings.production", IPMARKET_VAR_DIR=str(tmp_path),
                 SECRET_KEY="a-long-random-production-secret-key-for-this-test-0123456789abcdef",
                 ALLOWED_HOSTS="ip.example.cn", **env)
    return subprocess.run([sys.executable, *args], cwd=ROOT, env=clean, capture_output=True, text=True, check=False,
                          timeout=120)


def served(tmp_path, **env) -> dict:
    result = run(["-c", f"import django; django.setup(); {REQUESTS}"], tmp_path, **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_check_deploy_passes_with_no_warning(tmp_path):
    result = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout, result.stdout + result.stderr


def test_plain_http_is_redirected_and_https_gets_the_security_headers(tmp_path):
    responses = served(tmp_path)
    assert responses["plain"] == [301, "https://ip.example.cn/i18n/setlang/"]
    status, headers = responses["secure"]
    assert status == 302  # set_language itself, not the SSL redirect
    assert headers == {
        "Strict-Transport-Security": "max-age=31536000; includeSubDomains",
        "X-Frame-Options": "DENY",
        "Referrer-Policy": "same-origin",
        "Cross-Origin-Opener-Policy": "same-origin",
        "X-Content-Type-Options": "nosniff",
    }


def test_https_settings_follow_the_environment(tmp_path):
    responses = served(tmp_path, SECURE_SSL_REDIRECT="false", SECURE_HSTS_SECONDS="600",
                       SECURE_HSTS_INCLUDE_SUBDOMAINS="false", SECURE_HSTS_PRELOAD="true")
    assert responses["plain"][0] == 302  # no SSL redirect
    assert responses["secure"][1]["Strict-Transport-Security"] == "max-age=600; preload"
