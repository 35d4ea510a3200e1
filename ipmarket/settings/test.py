import tempfile

from .base import *  # noqa: F401,F403

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
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
