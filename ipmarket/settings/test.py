import os
import tempfile
from urllib.parse import urlsplit

from .base import *

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = tempfile.mkdtemp(prefix="ipmarket-media-")
# An existing (empty) STATIC_ROOT keeps WhiteNoise from warning on every test that makes a request.
STATIC_ROOT = tempfile.mkdtemp(prefix="ipmarket-static-")
# Tasks run in-process in tests whatever broker the environment names; the Redis cache still comes from REDIS_URL.
CELERY_TASK_ALWAYS_EAGER = True
CELERY_BROKER_URL = "memory://"
SEARCH_EMBEDDED_PATH = ":memory:"
# Semantic retrieval is off unless a test turns it on (tests/search/semantic_fixtures.py), with a small
# deterministic embedder instead of the real model.
SEARCH_SEMANTIC = False
SEARCH_EMBEDDER = "tests.search.embedder.ConceptEmbedder"
SEARCH_VECTOR_INDEX_DIR = tempfile.mkdtemp(prefix="ipmarket-vectors-")
# The navigation demo slice (34,000 patents) in a few hundred records: load_demo_data stays quick in tests.
NAVIGATION_DEMO_RECORDS = 300

# Parallel test processes (pytest-xdist: CI runs the suite on two) each get a Redis database of their own, since
# every test empties the cache before it runs: the database after REDIS_URL's for gw0, and so on.
_worker = os.environ.get("PYTEST_XDIST_WORKER", "")
if REDIS_URL and _worker:
    _url = urlsplit(REDIS_URL)
    _database = (int(_url.path.strip("/") or 0) + 1 + int(_worker.removeprefix("gw"))) % 16
    CACHES["default"]["LOCATION"] = _url._replace(path=f"/{_database}").geturl()
