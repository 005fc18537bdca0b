"""Tandem settings. Everything configurable comes from environment variables (see README)."""

from __future__ import annotations

import secrets
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from tandem.env import env_bool, env_int, env_list, env_str, env_timezone
from tandem.ops.logs import logging_config

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(env_str("TANDEM_DATA_DIR", str(BASE_DIR / "data")))

# Production mode turns on every protection that needs HTTPS and refuses to start without
# an explicit SECRET_KEY. Development (the default) generates a key once and keeps it in DATA_DIR.
PRODUCTION = env_bool("TANDEM_PRODUCTION", False)
DEBUG = env_bool("DEBUG", False)
if PRODUCTION and DEBUG:
    raise ImproperlyConfigured("DEBUG must be off when TANDEM_PRODUCTION is on.")


def _development_secret_key() -> str:
    key_file = DATA_DIR / "secret_key"
    if not key_file.exists():
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = (
    env_str("SECRET_KEY", required=True)
    if PRODUCTION
    else env_str("SECRET_KEY", "") or _development_secret_key()
)
# Earlier keys, still accepted for what they signed (sessions, password-reset links, backup
# manifests) after SECRET_KEY is changed; comma-separated.
SECRET_KEY_FALLBACKS = env_list("SECRET_KEY_FALLBACKS", [])
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "axes",
    "csp",
    "treebeard",
    "mozilla_django_oidc",
    # Before django_tasks_db, so its `db_worker` command (which first marks failed the imports
    # of a stopped worker) is the one manage.py runs.
    "tandem.staff_import",
    "django_tasks",
    "django_tasks_db",
    "tandem.accounts",
    "tandem.people",
    "tandem.instruments",
    "tandem.coaching",
    "tandem.agreements",
    "tandem.privacy",
    "tandem.notifications",
    "tandem.goals",
    "tandem.questionbank",
    "tandem.enrollment",
    "tandem.enrollment.matching",
    "tandem.conversation",
    "tandem.lifecycle",
    "tandem.development",
    "tandem.evaluation",
    "tandem.ops",
    "tandem.web",
]
# The demo agency and the benchmarks (and faker, which they use) are for development and tests:
# a production installation has neither the commands nor the package.
if not PRODUCTION:
    INSTALLED_APPS += ["tandem.demo", "tandem.bench"]

MIDDLEWARE = [
    # First, so the request id is on every log line written while serving (tandem/ops/logs.py).
    "tandem.ops.logs.request_log",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before anything reads the form: a body over DATA_UPLOAD_MAX_MEMORY_SIZE gets a page.
    "tandem.web.request_size.request_size_limit",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Axes must be last: it turns a locked-out sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "tandem.urls"
WSGI_APPLICATION = "tandem.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "tandem.web.context_processors.navigation",
            ],
        },
    },
]

# --- Database: SQLite file under DATA_DIR unless DATABASE_URL points elsewhere (PostgreSQL). ---
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{DATA_DIR / 'tandem.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0, minimum=0),
        # A kept connection is checked before each request reuses it (after a restart).
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
# SQLite suits one machine with one app server: a pilot of a few hundred staff (docs/OPERATIONS.md,
# "SQLite for a pilot"). Production refuses it unless that is said explicitly.
if (
    PRODUCTION
    and DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3"
    and not env_bool("TANDEM_ALLOW_SQLITE", False)
):
    raise ImproperlyConfigured(
        "TANDEM_PRODUCTION is on but DATABASE_URL does not point to PostgreSQL. Set "
        "DATABASE_URL=postgres://..., or TANDEM_ALLOW_SQLITE=true for a single-server pilot "
        "(see docs/OPERATIONS.md for its limits)."
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Background tasks (staff import): stored in the database, run by `manage.py db_worker`. ---
TASKS = {"default": {"BACKEND": env_str("TASKS_BACKEND", "django_tasks_db.DatabaseBackend")}}
# A staff import still running with no sign of life from its worker for this long is taken as
# stopped (worker killed or crashed) and marked failed, so it can be started again.
STAFF_IMPORT_STALE_MINUTES = env_int("STAFF_IMPORT_STALE_MINUTES", 30, minimum=1)

# --- Accounts and sign-in ---
AUTH_USER_MODEL = "accounts.User"
# Argon2id at OWASP's recommended minimum (tandem/accounts/hashers.py says why and what it costs).
PASSWORD_HASHERS = [
    "tandem.accounts.hashers.TandemArgon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
OIDC_ENABLED = bool(env_str("OIDC_RP_CLIENT_ID", ""))
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    # Administrators' rights in the Django admin: people-app models only (accounts/stewards.py).
    "tandem.accounts.stewards.DataStewardBackend",
]
if OIDC_ENABLED:
    AUTHENTICATION_BACKENDS.append("tandem.accounts.oidc.PersonOIDCBackend")
OIDC_RP_CLIENT_ID = env_str("OIDC_RP_CLIENT_ID", "")
OIDC_RP_CLIENT_SECRET = env_str("OIDC_RP_CLIENT_SECRET", "")
OIDC_RP_SIGN_ALGO = env_str("OIDC_RP_SIGN_ALGO", "RS256")
OIDC_RP_SCOPES = env_str("OIDC_RP_SCOPES", "openid email profile")
OIDC_OP_AUTHORIZATION_ENDPOINT = env_str("OIDC_OP_AUTHORIZATION_ENDPOINT", "")
OIDC_OP_TOKEN_ENDPOINT = env_str("OIDC_OP_TOKEN_ENDPOINT", "")
OIDC_OP_USER_ENDPOINT = env_str("OIDC_OP_USER_ENDPOINT", "")
OIDC_OP_JWKS_ENDPOINT = env_str("OIDC_OP_JWKS_ENDPOINT", "")
OIDC_PROVIDER_NAME = env_str("OIDC_PROVIDER_NAME", "your agency account")
LOGIN_REDIRECT_URL_FAILURE = "/accounts/sso/not-recognized/"
if OIDC_ENABLED and not (OIDC_OP_AUTHORIZATION_ENDPOINT and OIDC_OP_TOKEN_ENDPOINT):
    raise ImproperlyConfigured(
        "OIDC_RP_CLIENT_ID is set, so OIDC_OP_AUTHORIZATION_ENDPOINT and "
        "OIDC_OP_TOKEN_ENDPOINT are required too."
    )

LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Counts of people below this are shown as "fewer than N" wherever Tandem shows figures about
# coaching records: access patterns and program evaluation (docs/EVALUATION.md).
PRIVACY_MIN_COUNT = env_int("PRIVACY_MIN_COUNT", 11, minimum=1)

# Evaluation figures, once computed for a scope and set of filters, are kept and shown again
# for this many minutes; after that the page shows them with their time while a background task
# computes them afresh. 0 computes them on every visit (docs/EVALUATION.md, "Freshness").
EVALUATION_REFRESH_MINUTES = env_int("EVALUATION_REFRESH_MINUTES", 60, minimum=0)

# Login throttling: five failures for one account from one address lock it for 15 minutes.

AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15, minimum=1))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "username"
AXES_USERNAME_CALLABLE = "tandem.accounts.throttle.throttle_username"
AXES_CLIENT_IP_CALLABLE = "tandem.accounts.throttle.client_address"
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False

# Sessions end after an idle period and when the browser closes.
SESSION_COOKIE_AGE = env_int("SESSION_IDLE_MINUTES", 60, minimum=5) * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SECURE_COOKIES = env_bool("SECURE_COOKIES", PRODUCTION)
SESSION_COOKIE_SECURE = SECURE_COOKIES
CSRF_COOKIE_SECURE = SECURE_COOKIES
CSRF_COOKIE_HTTPONLY = True
PASSWORD_RESET_TIMEOUT = 60 * 60 * 3

# --- HTTP security headers ---
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", PRODUCTION)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000 if PRODUCTION else 0, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = PRODUCTION
# A load balancer's health checks may come over plain HTTP from inside the network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
BEHIND_TLS_PROXY = env_bool("BEHIND_TLS_PROXY", False)
# The reverse proxies whose forwarded headers are believed (gunicorn reads the same variable).
TRUSTED_PROXIES = env_list("FORWARDED_ALLOW_IPS", ["127.0.0.1", "::1"])
if BEHIND_TLS_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Strict Content Security Policy: only our own scripts, styles, fonts and images; no inline code.
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

# Coaching counts as stalled after the agreed interval between sessions plus this many days
# (docs/CLOSING.md).
STALLED_GRACE_DAYS = env_int("STALLED_GRACE_DAYS", 7, minimum=0)

# --- Email (console in development; SMTP when EMAIL_HOST is set) ---
EMAIL_HOST = env_str("EMAIL_HOST", "")
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_PORT = env_int("EMAIL_PORT", 587, minimum=1)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
# Base address used in links inside emails.
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Tandem <tandem@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Internationalization ---
LANGUAGE_CODE = "en-us"
TIME_ZONE = env_timezone("TIME_ZONE", "America/Denver")
USE_I18N = True
USE_TZ = True

# --- Static files: USWDS and htmx come from npm (make assets) and are served by WhiteNoise ---
STATIC_URL = "static/"
# collectstatic target, used in production; development serves straight from the apps.
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(DATA_DIR / "static"))) if PRODUCTION else None
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# Uploaded files (roundtable resources): never served as static files; each is downloaded
# through the view that checks who may read it (MEDIA_URL is deliberately unset).
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(DATA_DIR / "uploads")))
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_AUTOREFRESH = not PRODUCTION

# The largest form Tandem accepts, files apart (a staff import file may be 25 MB). Every text
# box has a limit (20,000 characters for long text, tandem/ui/forms.py), so a real form stays
# far below this; a larger one gets the 413 page (tandem/web/request_size.py). A 3 MB text
# still reaches its form, which says how much to cut and keeps the text.
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Console logs, as text or (LOG_FORMAT=json) one JSON object per line, each with the request id;
# one line per request when REQUEST_LOG is on (the default in production). Server errors are
# mailed to ERROR_REPORT_EMAILS when set (docs/OPERATIONS.md, "Logs").
LOG_FORMAT = env_str("LOG_FORMAT", "text")
if LOG_FORMAT not in {"text", "json"}:
    raise ImproperlyConfigured(f"LOG_FORMAT={LOG_FORMAT!r}: use text or json.")
ADMINS = [("Tandem administrator", address) for address in env_list("ERROR_REPORT_EMAILS", [])]
LOGGING = logging_config(
    level=env_str("LOG_LEVEL", "WARNING"),
    json=LOG_FORMAT == "json",
    admins=bool(ADMINS),
    requests=env_bool("REQUEST_LOG", PRODUCTION),
)
