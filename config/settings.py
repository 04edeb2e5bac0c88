"""Settings for ansinh, driven by the environment (see docs/operations.md).

ANSINH_ENV=production turns on every deployment safeguard (HTTPS-only cookies, HSTS,
a required secret key and host list); development is the default for `make demo`.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_str(name: str, default: str) -> str:
    return os.environ.get(name, default)


def env_bool(name: str, *, default: bool) -> bool:
    value = os.environ.get(name)
    return default if value is None else value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    return default if value is None else [item.strip() for item in value.split(",") if item.strip()]


ANSINH_ENV = env_str("ANSINH_ENV", "development")
if ANSINH_ENV not in {"development", "production"}:
    raise ImproperlyConfigured("ANSINH_ENV must be 'development' or 'production'")
PRODUCTION = ANSINH_ENV == "production"

DEBUG = env_bool("DJANGO_DEBUG", default=not PRODUCTION)
_DEV_SECRET = "dev-only-insecure-key-ansinh-never-use-in-production-0123456789abcdef"  # noqa: S105 - development only; production requires DJANGO_SECRET_KEY
SECRET_KEY = env_str("DJANGO_SECRET_KEY", "" if PRODUCTION else _DEV_SECRET)
if PRODUCTION and len(SECRET_KEY) < 50:
    raise ImproperlyConfigured("DJANGO_SECRET_KEY (50+ random characters) is required in production")
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "ansinh.audit",
    "ansinh.workdays",
    "ansinh.territory",
    "ansinh.accounts",
    "ansinh.rules",
    "ansinh.registry",
    "ansinh.cases",
    "ansinh.disability",
    "ansinh.payments",
    "ansinh.insurance",
    "ansinh.supports",
    "ansinh.outreach",
    "ansinh.reports",
    "ansinh.inspections",
    "ansinh.web",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "ansinh.web.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "ansinh.web.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "ansinh.web.middleware.NoStoreWhenSignedInMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "ansinh.web.middleware.RefusedRequestLogMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "ansinh.web.context_processors.navigation",
                "ansinh.web.context_processors.district_archive",
            ],
        },
    },
]

# Database: the embedded SQLite file by default, PostgreSQL through DATABASE_URL.
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'var' / 'ansinh.sqlite3'}"),
        conn_max_age=60 if PRODUCTION else 0,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "ansinh.accounts.validators.CharacterClassValidator"},
    {"NAME": "ansinh.accounts.validators.WordYearSymbolValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "login"

# Lockout after repeated failures (django-axes): per user name, since a commune office
# shares one public IP address.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked.html"
AXES_VERBOSE = False
# Locking by IP address would lock a whole commune office out behind its one public address.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]

# Cache: rate-limit counters (ansinh.core.ratelimit). The database cache (table created by the migration
# accounts/0002) works on one server or many; Redis where ANSINH_REDIS_URL is set (needs the `redis` package).
REDIS_URL = env_str("ANSINH_REDIS_URL", "")
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    if REDIS_URL
    else {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "ansinh_cache"}
}
# Per client address: (attempts, seconds). Over the limit: HTTP 429 with Retry-After.
RATE_LIMITS = {
    "public_check": (30, 60),  # /kiem-tra-quyen-loi/ (every request)
    "public_check_api": (60, 60),  # /api/kiem-tra-quyen-loi/
    "login_address": (30, 15 * 60),  # failed logins from one address, across user names
    "feedback": (5, 60 * 60),  # the public feedback form (outreach:feedback_send, POSTs only)
}
# Notifications (ansinh.outreach.messaging): the dotted path of the class that delivers a message (a provider's
# SMS/Zalo gateway). Empty: messages stay in the outbox and nothing leaves the machine.
OUTREACH_MESSAGE_SENDER = env_str("ANSINH_MESSAGE_SENDER", "")
OUTREACH_MESSAGE_CHANNEL = env_str("ANSINH_MESSAGE_CHANNEL", "sms")  # "sms" or "zalo"
# The client address is REMOTE_ADDR, unless it is one of these reverse proxies: then the last address of
# X-Forwarded-For that is not one of them. Empty: the proxy header is ignored.
RATE_LIMIT_TRUSTED_PROXIES = env_list("ANSINH_TRUSTED_PROXIES", [])

# Uploaded spreadsheets (ansinh.core.spreadsheets): checked before parsing, parsed in a child process.
SPREADSHEET_MAX_ROWS = 200_000
SPREADSHEET_MAX_COLUMNS = 100
SPREADSHEET_MAX_CELLS = 5_000_000  # from A1 to the last used cell
SPREADSHEET_MAX_UNCOMPRESSED = 400 * 1024 * 1024  # bytes, per part and in total
SPREADSHEET_MAX_RATIO = 100  # uncompressed / compressed, for parts over 1 MB
SPREADSHEET_MEMORY_LIMIT = 2048 * 1024 * 1024  # the parsing child's address space
SPREADSHEET_CPU_SECONDS = 120  # the parsing child's CPU time

# Sessions and cookies.
SESSION_COOKIE_AGE = int(timedelta(hours=9).total_seconds())
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = PRODUCTION
CSRF_COOKIE_SECURE = PRODUCTION
SECURE_SSL_REDIRECT = PRODUCTION and env_bool("ANSINH_SSL_REDIRECT", default=True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if PRODUCTION else None
SECURE_HSTS_SECONDS = 31_536_000 if PRODUCTION else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = PRODUCTION
SECURE_HSTS_PRELOAD = PRODUCTION
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Everything the pages load is vendored under static/; no inline script or style anywhere
# (docs/architecture.md, "Uploads, downloads and CSP"). A reverse proxy must pass this header on.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)

# Files users attach (ansinh.core.uploads): size limit per kind of field, and the largest image decoded.
UPLOAD_MAX_BYTES = {"scan": 10 * 1024 * 1024, "document": 20 * 1024 * 1024}
UPLOAD_MAX_IMAGE_PIXELS = 40_000_000

# Language: Vietnamese by default, English for reviewers.
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Tiếng Việt")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["config.formats"]
USE_I18N = True
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "var" / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = not PRODUCTION
MEDIA_ROOT = BASE_DIR / "var" / "media"
MEDIA_URL = "media/"

# Background work: Django's task framework backport with its database backend.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# A register import checking or writing with no progress for this long has lost its worker
# (restart, crash): it is marked failed with a retry (cases.import_actions.register_imports_fail_stalled).
REGISTER_IMPORT_STALL_MINUTES = int(env_str("REGISTER_IMPORT_STALL_MINUTES", "15"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("ANSINH_LOG_LEVEL", "WARNING")},
}
