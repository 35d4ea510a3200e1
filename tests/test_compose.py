"""docker-compose.yml is valid Compose, has the production shape and hands the settings what they read."""

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from django.core.management import get_commands

ROOT = Path(__file__).resolve().parent.parent
COMPOSE = ROOT / "docker-compose.yml"
APP_SERVICES = ("web", "worker", "search-worker", "beat")
SERVICES = (*APP_SERVICES, "postgres", "redis", "meilisearch")
ENV_READ = re.compile(r"""(?:os\.environ\.get|os\.getenv|env_bool|env_list)\(\s*["']([A-Z][A-Z0-9_]*)["']""")
# Read by the settings but derived from the integration variables (or only used in development and tests),
# so production leaves them unset; .env.example still documents them.
DERIVED_OR_DEV_ONLY = {"DEBUG", "CELERY_BROKER_URL", "SEARCH_BACKEND", "SEARCH_EMBEDDED_PATH",
                       "PAYMENT_PROVIDER", "STRIPE_API_BASE", "STATIC_ROOT", "MEDIA_ROOT"}
PRODUCTION_VARS = {"DJANGO_SETTINGS_MODULE", "SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "REDIS_URL",
                   "MEILISEARCH_URL", "MEILISEARCH_API_KEY", "STRIPE_SECRET_KEY", "STRIPE_WEBHOOK_SECRET"}


def settings_env_vars() -> set[str]:
    names = set()
    for module in (ROOT / "ipmarket" / "settings").glob("*.py"):
        if module.stem != "test":  # the test settings read only what pytest itself sets (PYTEST_XDIST_WORKER)
            names |= set(ENV_READ.findall(module.read_text()))
    return names


def validate(path: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.compose-spec", str(path)],
        capture_output=True, text=True, timeout=120,
    )


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load(COMPOSE.read_text())


def test_matches_the_compose_spec():
    result = validate(COMPOSE)
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_typo_fails_validation(tmp_path):
    broken = tmp_path / "docker-compose.yml"
    broken.write_text(COMPOSE.read_text().replace("healthcheck:", "healthchek:", 1))
    assert validate(broken).returncode != 0


def test_services_health_checks_and_volumes(compose):
    services = compose["services"]
    assert set(SERVICES) <= set(services)
    for name in SERVICES:
        assert services[name]["healthcheck"]["test"], name
    assert services["postgres"]["image"].startswith("postgres:16")
    assert services["redis"]["image"].startswith("redis:7")
    assert re.fullmatch(r"getmeili/meilisearch:v1(\.\d+)*", services["meilisearch"]["image"])
    assert "MEILI_MASTER_KEY" in services["meilisearch"]["environment"]
    assert services["worker"]["command"][:4] == ["celery", "-A", "ipmarket", "worker"]
    assert services["beat"]["command"][:4] == ["celery", "-A", "ipmarket", "beat"]
    declared = set(compose["volumes"])
    for name in ("postgres", "redis", "meilisearch"):
        mounted = {volume.split(":")[0] for volume in services[name]["volumes"]}
        assert mounted <= declared and mounted, name
    # Uploads live in MEDIA_ROOT (IPMARKET_VAR_DIR/media), which web serves and every app container shares.
    for name in (*APP_SERVICES, "migrate"):
        media_root = services[name]["environment"]["IPMARKET_VAR_DIR"] + "/media"
        assert f"media:{media_root}" in services[name]["volumes"] and "media" in declared, name


def test_search_writes_have_one_worker_of_concurrency_one(compose):
    """Tantivy allows one index writer at a time: the search indexing task goes to the `search` queue, which one
    worker serves, one task at a time; the other worker leaves that queue alone."""
    from django.conf import settings

    assert settings.CELERY_TASK_ROUTES["search.tasks.index_listings_task"] == {"queue": "search"}
    services = compose["services"]
    serving = [name for name, service in services.items()
               if "worker" in service.get("command", []) and "search" in service["command"]]
    assert serving == ["search-worker"]
    command = services["search-worker"]["command"]
    assert command[command.index("--queues") + 1] == "search"
    assert command[command.index("--concurrency") + 1] == "1"
    assert "--queues" not in services["worker"]["command"]  # Celery's default queue only


def test_dockerfile_runs_gunicorn_as_non_root():
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert dockerfile.startswith("#") and "FROM python:3.11-slim" in dockerfile
    assert re.search(r"^USER (?!root)\w+", dockerfile, re.M)
    assert '"gunicorn", "ipmarket.wsgi"' in dockerfile


def test_app_services_wait_for_healthy_backing_services_and_migrations(compose):
    for name in APP_SERVICES:
        depends = compose["services"][name]["depends_on"]
        for backing in ("postgres", "redis", "meilisearch"):
            assert depends[backing]["condition"] == "service_healthy", (name, backing)
        assert depends["migrate"]["condition"] == "service_completed_successfully"


def test_migrate_runs_existing_management_commands(compose):
    command = " ".join(compose["services"]["migrate"]["command"])
    used = re.findall(r"manage\.py (\w+)", command)
    assert "migrate" in used
    assert set(used) <= set(get_commands()), used


def test_every_setting_read_from_the_environment_is_provided(compose):
    read = settings_env_vars()
    assert {"DATABASE_URL", "REDIS_URL", "MEILISEARCH_URL", "STRIPE_SECRET_KEY"} <= read
    for name in APP_SERVICES:
        environment = compose["services"][name]["environment"]
        assert PRODUCTION_VARS <= set(environment), name
        missing = read - set(environment) - DERIVED_OR_DEV_ONLY
        assert not missing, f"{name} does not set {sorted(missing)}"
        unknown = set(environment) - read - {"DJANGO_SETTINGS_MODULE"}
        assert not unknown, f"{name} sets {sorted(unknown)}, which no setting reads"
    web_environment = compose["services"]["web"]["environment"]
    assert web_environment["DJANGO_SETTINGS_MODULE"] == "ipmarket.settings.production"


def test_env_example_documents_every_variable():
    example = (ROOT / ".env.example").read_text()
    documented = set(re.findall(r"^#?\s*([A-Z][A-Z0-9_]*)=", example, re.M))
    missing = settings_env_vars() - documented
    assert not missing, f".env.example does not mention {sorted(missing)}"
    required = set(re.findall(r"\$\{([A-Z][A-Z0-9_]*):\?", COMPOSE.read_text()))
    defined = set(re.findall(r"^([A-Z][A-Z0-9_]*)=", example, re.M))
    assert required <= defined, f".env.example leaves out {sorted(required - defined)}"


def test_readme_configuration_table_lists_every_variable():
    readme = (ROOT / "README.md").read_text()
    section = readme.split("## Configuration", 1)[1].split("\n## ", 1)[0]
    listed = set(re.findall(r"^\|\s*`([A-Z][A-Z0-9_]*)`", section, re.M))
    missing = settings_env_vars() - listed
    assert not missing, f"README's configuration table does not list {sorted(missing)}"
