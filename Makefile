# `make run` serves the demo site on http://127.0.0.1:8000, `make test` runs the test suite.
# Both create .venv on first use and reinstall only when pyproject.toml changes.

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
ADDRESS ?= 127.0.0.1:8000
PYTEST_ARGS ?=

.PHONY: run test install demo check-deploy

run: demo
	$(MANAGE) runserver $(ADDRESS)

test: install
	$(BIN)/pytest $(PYTEST_ARGS)

install: $(VENV)/.installed

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e ".[dev]"
	touch $@

# Idempotent: safe to run on every start (load_demo_data also sets up the page tree and the search index).
demo: install
	$(MANAGE) migrate --noinput
	$(MANAGE) load_demo_data
	$(MANAGE) collectstatic --noinput --verbosity 0

# The production settings' own checks, with throwaway values for the required variables.
check-deploy: install
	SECRET_KEY=$$($(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(50))') ALLOWED_HOSTS=example.cn \
		DJANGO_SETTINGS_MODULE=ipmarket.settings.production $(MANAGE) check --deploy --fail-level WARNING
