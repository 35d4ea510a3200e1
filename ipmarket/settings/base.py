"""Settings shared by every environment. Every integration is chosen by an environment variable."""

import json
import os
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import dj_database_url
from celery.schedules import crontab

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("IPMARKET_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("SECRET_KEY", "insecure-development-key-change-me")
DEBUG = env_bool("DEBUG")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "marketplace",
    "cms",
    "search",
    "payments",
    "deals",
    "licences",
    "vouchers",
    "operations",
    "api",
    "navigation",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "axes",
    "django_ratelimit",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.humanize",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # After the locale, user and messages are set up: its 400 page is the site's, in the reader's language.
    "ipmarket.middleware.RejectControlCharactersMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "django_ratelimit.middleware.RatelimitMiddleware",
    # Last, as django-axes asks: turns a locked-out log-in into the lock-out page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "ipmarket.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

WSGI_APPLICATION = "ipmarket.wsgi.application"

# Database: SQLite embedded by default, PostgreSQL in production (DATABASE_URL).
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    # WAL lets the site read while the importer or a task writes.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "marketplace.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# django-axes first: it refuses log-ins (site, Wagtail admin, Django admin) of a locked-out account or address.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "/"

# Redis cache when REDIS_URL is set, local memory otherwise.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django_redis.cache.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Brute force: failed log-ins are counted per account and per client address (django-axes, in the database);
# sign-ups and password-reset requests per address (django-ratelimit, in the cache above).
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "cms.views.limits.locked_out"
AXES_CLIENT_IP_CALLABLE = "ipmarket.client_ip.client_ip"
RATELIMIT_IP_META_KEY = "ipmarket.client_ip.client_ip"
RATELIMIT_VIEW = "cms.views.limits.too_many_requests"
SIGNUP_RATE_LIMIT = os.environ.get("SIGNUP_RATE_LIMIT", "10/h")
PASSWORD_RESET_RATE_LIMIT = os.environ.get("PASSWORD_RESET_RATE_LIMIT", "5/h")
# Wrong passwords when signing an agreement, per account, before signing is refused for the rest of the period.
SIGNING_PASSWORD_RATE_LIMIT = os.environ.get("SIGNING_PASSWORD_RATE_LIMIT", "5/h")
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
SILENCED_SYSTEM_CHECKS = []
if not REDIS_URL:
    # The embedded site is one process: its local-memory cache counts correctly there (not across processes).
    SILENCED_SYSTEM_CHECKS += ["django_ratelimit.E003", "django_ratelimit.W001"]

# Internationalisation: Chinese first, English second.
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "static"))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
# No upload is stored past this size (the largest any form takes, a listing's PDF): see ipmarket/uploads.py.
UPLOAD_MAX_BYTES = 20 * 1024 * 1024
FILE_UPLOAD_HANDLERS = [
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "ipmarket.uploads.SizeCappedUploadHandler",
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "noreply@ipmarket.local")
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")

# Celery: Redis broker in production; without a broker tasks run in-process.
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", REDIS_URL)
CELERY_RESULT_BACKEND = os.environ.get("CELERY_RESULT_BACKEND", "") or None
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_DEFAULT_RETRY_DELAY = 30
CELERY_TIMEZONE = TIME_ZONE
# Search index writes go to a queue of their own, served by one worker with concurrency 1 (docker-compose.yml):
# tantivy allows one writer per index, and one writer keeps Meilisearch's updates in order too.
CELERY_TASK_ROUTES = {"search.tasks.index_listings_task": {"queue": "search"}}
CELERY_BEAT_SCHEDULE = {
    "expire-listings-of-expired-patents": {
        "task": "marketplace.tasks.expire_due_listings",
        "schedule": crontab(hour=1, minute=5),
    },
    "expire-overdue-demands": {
        "task": "marketplace.tasks.expire_due_demands",
        "schedule": crontab(hour=1, minute=15),
    },
    "remind-royalty-reports-and-overdue-instalments": {
        "task": "licences.tasks.licence_reminders_task",
        "schedule": crontab(hour=9, minute=0),
    },
    # After midnight, so a voucher or a claim deadline ends on its day for everyone.
    "expire-vouchers-past-their-use-by-date": {
        "task": "vouchers.tasks.vouchers_expire_task",
        "schedule": crontab(hour=0, minute=20),
    },
    "lapse-voucher-orders-not-claimed-by-the-deadline": {
        "task": "vouchers.tasks.orders_lapse_task",
        "schedule": crontab(hour=0, minute=30),
    },
    "remind-expiring-vouchers-and-claim-deadlines": {
        "task": "vouchers.tasks.voucher_reminders_task",
        "schedule": crontab(hour=9, minute=10),
    },
    # Listings whose embedding was left to the background (bulk imports) or failed get it here.
    "embed-listings-without-vectors": {
        "task": "search.tasks.embed_pending_listings_task",
        "schedule": crontab(minute=40),
    },
    "activate-accreditations-after-public-notice": {
        "task": "vouchers.tasks.accreditations_activate_due_task",
        "schedule": crontab(hour=1, minute=25),
    },
}

# Wagtail
WAGTAIL_SITE_NAME = "知识产权运营交易中心"
WAGTAILADMIN_BASE_URL = SITE_URL
WAGTAIL_I18N_ENABLED = False
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "xlsx", "csv", "txt"]
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES

# Marketplace search: the embedded engine unless a Meilisearch server is configured.
MEILISEARCH_URL = os.environ.get("MEILISEARCH_URL", "")
MEILISEARCH_API_KEY = os.environ.get("MEILISEARCH_API_KEY", "")
MEILISEARCH_INDEX_PREFIX = os.environ.get("MEILISEARCH_INDEX_PREFIX", "ipmarket_")
SEARCH_BACKEND = os.environ.get(
    "SEARCH_BACKEND",
    "search.backends.meili.MeilisearchBackend" if MEILISEARCH_URL else "search.backends.embedded.EmbeddedBackend",
)
# The embedded engine's tantivy index: a directory (the SQLite file of earlier versions is no longer read).
SEARCH_EMBEDDED_PATH = os.environ.get("SEARCH_EMBEDDED_PATH", str(VAR_DIR / "search-index"))
# Semantic retrieval (search.semantic): the sentence embedder, a dotted path to an Embedder and its options as
# JSON, e.g. SEARCH_EMBEDDER=search.semantic.embedders.SentenceTransformerEmbedder
# SEARCH_EMBEDDER_OPTIONS='{"model": "paraphrase-multilingual-MiniLM-L12-v2", "dimensions": 384}'.
SEARCH_EMBEDDER = os.environ.get("SEARCH_EMBEDDER", "search.semantic.embedders.UniversalSentenceEncoder")
SEARCH_EMBEDDER_OPTIONS = json.loads(os.environ.get("SEARCH_EMBEDDER_OPTIONS", "") or "{}")
SEARCH_VECTOR_INDEX_DIR = Path(os.environ.get("SEARCH_VECTOR_INDEX_DIR", VAR_DIR / "vectors"))
# Off (lexical search only) with SEARCH_SEMANTIC=0; on, it is used only once listings have vectors.
SEARCH_SEMANTIC = os.environ.get("SEARCH_SEMANTIC", "1") == "1"

# Payments: an offline provider by default, Stripe when a key is configured.
# The platform's commission on every payment under a licence, in percent (shown to both parties before
# they sign; fixed on the licence).
PLATFORM_COMMISSION_PERCENT = Decimal(os.environ.get("PLATFORM_COMMISSION_PERCENT", "3"))
# Running royalties: a royalty invoice is due this many days after its period ends; a period's missing report is
# reminded of after this grace; a licensee or payer is reminded at most once per interval.
ROYALTY_INVOICE_DUE_DAYS = int(os.environ.get("ROYALTY_INVOICE_DUE_DAYS", "30"))
ROYALTY_REPORT_GRACE_DAYS = int(os.environ.get("ROYALTY_REPORT_GRACE_DAYS", "15"))
PAYMENT_REMINDER_INTERVAL_DAYS = int(os.environ.get("PAYMENT_REMINDER_INTERVAL_DAYS", "7"))
# Service vouchers: an enterprise is reminded this many days before its voucher expires (with money left on it),
# an agency this many days before a programme's claim deadline of the orders it has not claimed yet.
VOUCHER_REMINDER_DAYS = int(os.environ.get("VOUCHER_REMINDER_DAYS", "14"))
# Service vouchers: a verified agency is on public notice this many days (anyone may object) before activation.
VOUCHER_NOTICE_DAYS = int(os.environ.get("VOUCHER_NOTICE_DAYS", "7"))
# A TrueType font with Chinese glyphs to embed in PDFs (marketplace/pdf.py); empty: the built-in CID font.
PDF_CJK_FONT_FILE = os.environ.get("PDF_CJK_FONT_FILE", "")

STRIPE_SECRET_KEY = os.environ.get("STRIPE_SECRET_KEY", "")
STRIPE_WEBHOOK_SECRET = os.environ.get("STRIPE_WEBHOOK_SECRET", "")
STRIPE_API_BASE = os.environ.get("STRIPE_API_BASE", "")  # e.g. a localstripe server in tests
# The card checkout page (Payment Element): the publishable key, and Stripe.js (localstripe serves a mock of it
# at <localstripe>/js.stripe.com/v3/).
STRIPE_PUBLISHABLE_KEY = os.environ.get("STRIPE_PUBLISHABLE_KEY", "")
STRIPE_JS_URL = os.environ.get("STRIPE_JS_URL") or "https://js.stripe.com/v3/"
# Where buyers send bank transfers (shown with each transfer's reference); operators confirm receipt.
# Empty values (as docker-compose passes unset ones) fall back to the demo account.
CENTRE_BANK_ACCOUNT = {
    "name": os.environ.get("CENTRE_BANK_ACCOUNT_NAME") or "知识产权运营交易中心",
    "bank": os.environ.get("CENTRE_BANK_NAME") or "中国工商银行杭州分行",
    "number": os.environ.get("CENTRE_BANK_ACCOUNT_NUMBER") or "1202 0000 0000 0000 000",
}
PAYMENT_PROVIDER = os.environ.get(
    "PAYMENT_PROVIDER",
    "payments.providers.stripe.StripeProvider" if STRIPE_SECRET_KEY else "payments.providers.offline.OfflineProvider",
)

# The open API (api/, /api/v1/): token or session authentication, throttles counted in the cache above.
API_THROTTLE_RATES = {
    "anon": os.environ.get("API_THROTTLE_ANON", "60/min"),
    "user": os.environ.get("API_THROTTLE_USER", "600/min"),
}
API_PAGE_SIZE = int(os.environ.get("API_PAGE_SIZE", "20"))
API_MAX_PAGE_SIZE = int(os.environ.get("API_MAX_PAGE_SIZE", "100"))
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "api.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_THROTTLE_CLASSES": ["api.throttles.ApiAnonThrottle", "api.throttles.ApiUserThrottle"],
    "DEFAULT_PAGINATION_CLASS": "api.pagination.ApiPagination",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "api.errors.api_exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "IP Market open API",
    "DESCRIPTION": "Listings, patents, pools, organisations, service products, demands and search for anyone; "
                   "your organisation's listings, demands, deals, vouchers, orders and claims with a token "
                   "(`Authorization: Token <key>`, made on the dashboard's API tokens page).",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SERVE_AUTHENTICATION": [],
    "SWAGGER_UI_DIST": "SIDECAR",  # served from the app itself, not a CDN
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "PREPROCESSING_HOOKS": ["api.schema.only_open_api"],
    "POSTPROCESSING_HOOKS": ["drf_spectacular.hooks.postprocess_schema_enums", "api.schema.document_errors"],
    "ENUM_NAME_OVERRIDES": {
        "ListingStatusEnum": "marketplace.models.Listing.Status",
        "DemandStatusEnum": "marketplace.models.Demand.Status",
        "DealStatusEnum": "deals.models.room.DealStatus",
        "OfferStatusEnum": "deals.models.Offer.Status",
        "OrderStatusEnum": "vouchers.models.ServiceOrder.Status",
        "ClaimStatusEnum": "vouchers.models.Claim.Status",
        "VoucherStatusEnum": "vouchers.models.Voucher.Status",
        "OrganisationKindEnum": "marketplace.models.Organisation.Kind",
        "PoolKindEnum": "marketplace.models.PatentPool.Kind",
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"jieba": {"level": "WARNING"}},
}
