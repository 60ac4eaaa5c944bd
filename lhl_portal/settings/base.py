"""Settings for every environment. Production differs only through environment variables.

The embedded default (no variables set) is a SQLite file under var/ with tasks run in-process;
set DATABASE_URL and CELERY_BROKER_URL for PostgreSQL and Redis.
"""

from pathlib import Path
from typing import Any

import environ
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env.str("SECRET_KEY", default="") or ("insecure-embedded-default-only-for-debug" if DEBUG else "")
if not SECRET_KEY:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_htmx",
    "axes",
    "csp",
    # Django REST framework is used as a library, not installed as an app: its Norwegian catalogue would replace
    # Django's own form messages («Feltet er påkrevet.»), and the API needs none of its templates or models.
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "common",
    "accounts",
    "municipalities",
    "networks",
    "reporting",
    "regional",
    "jobs",
    "api",
    "selfreport",
    "summary",
    "demo",
]

MIDDLEWARE = [
    # First of all: a personal link's secret is taken out of the request before anything can log its address.
    "selfreport.middleware.LinkTokenMiddleware",
    "common.middleware.RequestIdMiddleware",
    # A control character in the request: a 400, in the API's problem format under /api/, else the HTML page.
    "api.middleware.MalformedApiRequestMiddleware",
    "common.middleware.MalformedRequestMiddleware",
    "common.middleware.DatabaseUnavailableMiddleware",
    # Compresses GET pages only; BREACH: see common.compression.
    "common.compression.PageGZipMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # /api/ answers by its Bearer token alone: the session and CSRF cookies are dropped before anything reads them.
    "api.middleware.TokenOnlyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # A municipality's session (a personal link, no user) reaches its own pages only: before the login check.
    "selfreport.middleware.MunicipalSessionMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "common.middleware.AbsoluteSessionLifetimeMiddleware",
    "accounts.middleware.InvalidInputLogMiddleware",
    "accounts.middleware.AdminAccessLogMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
    "accounts.identity.middleware.ProviderFormActionMiddleware",
]

ROOT_URLCONF = "lhl_portal.urls"
WSGI_APPLICATION = "lhl_portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "accounts.context_processors.roles",
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'lhl.sqlite3'}"),
}
# A web process keeps its database connection between requests (opening one costs each request several ms);
# the health check replaces one that died while idle (a database restart) before the request uses it.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Wait for a competing writer instead of failing at once (the embedded default is single-user).
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # Passwords (ModelBackend), limited to the break-glass account when PASSWORD_LOGIN is off.
    "accounts.backends.PasswordBackend",
    # Sessions started through the identity provider (the sign-in itself happens in accounts.identity.views).
    "accounts.backends.IdentityProviderBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_URL_PATH = "/konto/logg-inn/"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Single sign-on with the organisation's identity provider over OpenID Connect (accounts/identity/): on when
# OIDC_ISSUER and OIDC_CLIENT_ID are set. Endpoints come from the issuer's /.well-known/openid-configuration,
# fetched when first needed, so the portal starts while the provider is down.
OIDC_ISSUER = env.str("OIDC_ISSUER", default="")
OIDC_CLIENT_ID = env.str("OIDC_CLIENT_ID", default="")
OIDC_CLIENT_SECRET = env.str("OIDC_CLIENT_SECRET", default="")
OIDC_BUTTON_LABEL = env.str("OIDC_BUTTON_LABEL", default="") or _("Logg inn med organisasjonens konto")
OIDC_SCOPES = env.str("OIDC_SCOPES", default="openid email profile")
OIDC_TIMEOUT_SECONDS = env.int("OIDC_TIMEOUT_SECONDS", default=10)
# Whom someone without an account should ask (shown on the page that refuses them), e.g. an e-mail address.
ACCESS_CONTACT = env.str("ACCESS_CONTACT", default="")
# PASSWORD_LOGIN=0: no passwords at /konto/logg-inn/, no password reset or change; only the administrator
# named by BREAK_GLASS_USERNAME signs in with a password, at /admin/login/.
PASSWORD_LOGIN = env.bool("PASSWORD_LOGIN", default=True)
BREAK_GLASS_USERNAME = env.str("BREAK_GLASS_USERNAME", default="")

# Login throttling (django-axes): lock an account/IP pair after repeated failures.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=0.25)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
# Never trust a client-supplied X-Forwarded-For: the proxy in front sets REMOTE_ADDR.
AXES_IPWARE_META_PRECEDENCE_ORDER = ["REMOTE_ADDR"]
# Also lock a client address out after 20 failures across accounts (password spraying): accounts/throttle.py.
AXES_HANDLER = "accounts.throttle.PortalAxesHandler"
# Rate limits counted in the shared cache (django-ratelimit; CACHE_URL is Redis in production): sign-in failures
# per client address, password-reset requests per client address and e-mails per address (accounts/throttle.py).
LOGIN_FAILURES_PER_ADDRESS = env.str("LOGIN_FAILURES_PER_ADDRESS", default="20/15m")
PASSWORD_RESET_PER_ADDRESS = env.str("PASSWORD_RESET_PER_ADDRESS", default="10/15m")
PASSWORD_RESET_PER_EMAIL = env.str("PASSWORD_RESET_PER_EMAIL", default="3/h")
RATELIMIT_USE_CACHE = "default"

# The portal speaks Norwegian bokmål to everyone, whatever the browser asks for (no LocaleMiddleware): the
# English catalogue is only a start, and a half-English page (month names, lang="en") would mislead screen readers.
# The one exception: a municipality's own pages and e-mails follow its contact's written standard, bokmål or
# nynorsk (selfreport; the `nn` catalogue in locale/nn).
LANGUAGE_CODE = "nb"
LANGUAGES = [("nb", _("Norsk bokmål")), ("nn", _("Norsk nynorsk")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Oslo"
USE_I18N = True
USE_TZ = True
# One date format on every page (common/formats/): 3.12.2026 in tables (SHORT_DATE_FORMAT), 3. desember 2026 in prose.
FORMAT_MODULE_PATH = ["common.formats"]

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "var" / "staticfiles"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    # Front-end packages installed by npm at set-up time (package.json); never copied into the repository.
    ("vendor/bootstrap", BASE_DIR / "node_modules" / "bootstrap" / "dist"),
    ("vendor/htmx", BASE_DIR / "node_modules" / "htmx.org" / "dist"),
]
STORAGES: dict[str, dict[str, Any]] = {
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": env.path("MEDIA_ROOT", default=VAR_DIR / "media")},
    },
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage",
    },
}
# Stored files (report packages) are served only through views that check permission: no MEDIA_URL.
MEDIA_ROOT = STORAGES["default"]["OPTIONS"]["location"]

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="leve-hele-livet@localhost")
DIRECTORATE_EMAIL = env.str("DIRECTORATE_EMAIL", default="")
# Where the portal is reached, for links in e-mails (e.g. https://lhl.example.no); relative links without it.
PORTAL_BASE_URL = env.str("PORTAL_BASE_URL", default="").rstrip("/")

# The default cache is shared by every process and every instance: the database's cache table (made by `migrate`,
# accounts/migrations/0005) unless CACHE_URL names Redis, which is faster and the production choice. It holds the
# rate-limit counters and computed figures, so a process-local cache (locmemcache://) is a deployment warning.
CACHES = {"default": env.cache("CACHE_URL", default="dbcache://lhl_cache?MAX_ENTRIES=20000")}

# Sessions live in the database: a lost Redis never logs anyone out or loses a save.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=30 * 60)
SESSION_SAVE_EVERY_REQUEST = True
SESSION_ABSOLUTE_AGE = env.int("SESSION_ABSOLUTE_AGE", default=12 * 60 * 60)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=not DEBUG)
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if env.bool("BEHIND_PROXY", default=not DEBUG):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Content-Security-Policy (django-csp): no inline script or style, nothing from other origins.
from csp.constants import NONE, SELF  # noqa: E402

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}

# The API under /api/v1/ (api/): Django REST framework with personal Bearer tokens only (no session, so no CSRF
# surface), JSON in and out, errors as problem details (RFC 9457), described by drf-spectacular.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["api.authentication.BearerTokenAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["api.authentication.TokenScopePermission"],
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.UserRateThrottle"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_PAGINATION_CLASS": "api.pagination.Pagination",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "api.problems.exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    "DEFAULT_METADATA_CLASS": None,
}
# Requests per user (all of a user's tokens together) and minute; counted in the cache, so with CACHE_URL on
# Redis the limit holds across every web process.
API_RATE_LIMIT_PER_MINUTE = env.int("API_RATE_LIMIT_PER_MINUTE", default=600)
API_TOKEN_MAX_DAYS = 365
API_IDEMPOTENCY_HOURS = 24
SPECTACULAR_SETTINGS = {
    "TITLE": "Leve hele livet-portalen – API",
    "VERSION": "1",
    "OAS_VERSION": "3.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    "SERVE_AUTHENTICATION": [],
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "PREPROCESSING_HOOKS": ["api.schema.only_api_routes"],
    "POSTPROCESSING_HOOKS": ["drf_spectacular.hooks.postprocess_schema_enums", "api.schema.describe"],
}

DATA_UPLOAD_MAX_NUMBER_FIELDS = 1000
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

# Celery: without a broker, tasks run in-process (the embedded default).
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="") or None
CELERY_TASK_ALWAYS_EAGER = CELERY_BROKER_URL is None
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = env.int("CELERY_TASK_SOFT_TIME_LIMIT", default=240)
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=300)
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=3600),
}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE: dict = {}

# Background jobs (jobs app): builders and permission functions per kind, by dotted path (see jobs/registry.py).
# The municipality page's fact form, opened from a report's completeness list, starts at the period's reference
# date: a function (slug) -> (reference date, name) | None, looked up by dotted path so that municipalities/
# needs no import of reporting/ (the layer above it).
FACT_FORM_PERIOD_LOOKUP = "reporting.periods.selectors.period_reference"
# Panels on the office overview for the office's own staff (their start page): functions
# (request, office) -> HTML | "" by dotted path, for the same reason.
OFFICE_START_PANELS: list[str] = ["reporting.reports.start.office_report_panel"]
JOB_BUILDERS: dict[str, str] = {
    "report_package": "reporting.packages.services.build_package_job",
    "annual_summary": "summary.document_jobs.build_summary_job",
}
JOB_PERMISSIONS: dict[str, str] = {
    "report_package": "reporting.packages.services.can_view_package_job",
    "annual_summary": "summary.document_jobs.can_view_summary_job",
}
# Kinds whose jobs can be drafts: which of them a user may not see (the admin hides them too).
JOB_DRAFTS: dict[str, str] = {
    "report_package": "reporting.packages.services.package_jobs_hidden_from",
    "annual_summary": "summary.document_jobs.summary_jobs_hidden_from",
}
# A worker's lease on a job outlives the hard time limit, so a live worker never loses its job to the sweep.
JOB_LEASE_SECONDS = env.int("JOB_LEASE_SECONDS", default=CELERY_TASK_TIME_LIMIT + 60)
JOB_MAX_ATTEMPTS = env.int("JOB_MAX_ATTEMPTS", default=5)
# A queued job not started after this long is sent again (the broker may have lost it).
JOB_REQUEUE_SECONDS = env.int("JOB_REQUEUE_SECONDS", default=600)
JOB_SWEEP_SECONDS = env.int("JOB_SWEEP_SECONDS", default=60)
CELERY_BEAT_SCHEDULE["jobs-sweep"] = {"task": "jobs.sweep", "schedule": JOB_SWEEP_SECONDS}
# Deadline reminders for office reports (14 and 3 days before; idempotent, so an extra run sends nothing).
CELERY_BEAT_SCHEDULE["report-reminders"] = {"task": "reporting.send_report_reminders", "schedule": 6 * 60 * 60}
# Reminders to the municipalities' contacts in a status round (7 and 2 days before its deadline; idempotent).
CELERY_BEAT_SCHEDULE["round-reminders"] = {"task": "selfreport.send_round_reminders", "schedule": 6 * 60 * 60}

# Municipalities reporting their own status (selfreport): a personal link opens until this many days after the
# round's deadline; one client address may open links this often (counted in the shared cache).
ROUND_LINK_GRACE_DAYS = env.int("ROUND_LINK_GRACE_DAYS", default=14)
ROUND_LINK_OPENS_PER_ADDRESS = env.str("ROUND_LINK_OPENS_PER_ADDRESS", default="30/15m")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "{asctime} {levelname} {name} {message}", "style": "{"}},
    # A personal link's secret never reaches a log line (selfreport/logfilter.py).
    "filters": {"link_secrets": {"()": "selfreport.logfilter.RedactLinkSecrets"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain", "filters": ["link_secrets"]}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "lhl.security": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "axes": {"level": "WARNING"},
    },
}
