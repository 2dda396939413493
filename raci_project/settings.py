"""One settings file, read from the environment (see docs/operations/configuration.md)."""

from datetime import timedelta
from pathlib import Path

import environ
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
# A .env file beside manage.py is optional and never committed.
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)

SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set SECRET_KEY in the environment, or DEBUG=1 for development."
        )
    SECRET_KEY = "django-insecure-development-only-key-never-use-in-production"

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
# Links in emails. Unset: the address the request that sent the email came in on.
SITE_URL = env.str("SITE_URL", default="")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "simple_history",
    "rules.apps.AutodiscoverRulesConfig",
    "axes",
    "csp",
    # Second factor: TOTP apps, and one-time recovery codes as a static device.
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "engagements",
]

MIDDLEWARE = [
    # Outermost: the request id, Permissions-Policy and the request log cover every answer.
    "raci_project.middleware.RequestMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # whitenoise's middleware, also serving the built documentation site at DOCS_URL
    "raci_project.docs_site.WhiteNoiseWithDocs",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # request.user.is_verified(): has this session passed the second factor?
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # A session without its second factor (or, under RACI_REQUIRE_MFA, a role that needs
    # one and has none) reaches only the sign-in, enrolment and sign-out pages.
    "raci_project.mfa.SecondFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into a 429 page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "raci_project.urls"

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
                "csp.context_processors.nonce",
            ],
        },
    },
]

WSGI_APPLICATION = "raci_project.wsgi.application"
ASGI_APPLICATION = "raci_project.asgi.application"

# SQLite file in the project folder by default; postgres://user@host:port/db uses psycopg 3.
DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Wait for a writer instead of failing at once with "database is locked"; start write
    # transactions IMMEDIATE so two writers queue instead of deadlocking on the upgrade.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 20, "transaction_mode": "IMMEDIATE"}
    )
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    # A reused connection is checked (a round trip) at the start of each request; 0 skips
    # the check, and a connection the database dropped then fails one request.
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = env.bool("CONN_HEALTH_CHECKS", default=True)
    # PostgreSQL's default planner costs assume spinning disks, and it then prefers scanning
    # every engagement's cells to following the row index for one matrix (22 ms against
    # 6 ms on the benchmark portfolio). 1.1 is the usual value for SSD or cloud storage.
    # Empty leaves the server's setting (a PgBouncer in transaction mode refuses options).
    random_page_cost = env.str("PG_RANDOM_PAGE_COST", default="1.1")
    if random_page_cost:
        try:
            random_page_cost = float(random_page_cost)
        except ValueError:
            raise ImproperlyConfigured(
                f"PG_RANDOM_PAGE_COST must be a number (or empty), not {random_page_cost!r}."
            ) from None
        DATABASES["default"].setdefault("OPTIONS", {})["options"] = (
            f"-c random_page_cost={random_page_cost}"
        )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    # First, so a locked-out username/address is refused before the password is checked.
    "raci_project.login_limits.LoginLimitBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# Login rate limiting (django-axes, see raci_project/login_limits.py and
# docs/operations/security.md): the 6th bad password in a row for one user from one address
# is refused for LOGIN_COOLOFF_MINUTES after the failure that set the lock (trying again
# while locked does not extend it); one address is refused after LOGIN_FAILURES_PER_ADDRESS
# failures for any usernames within the same cool-off.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.float("LOGIN_COOLOFF_MINUTES", default=15.0))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_USERNAME_CALLABLE = "raci_project.login_limits.attempted_username"
AXES_CLIENT_IP_CALLABLE = "raci_project.login_limits.client_address"
AXES_ENABLED = env.bool("AXES_ENABLED", default=True)
LOGIN_FAILURES_PER_ADDRESS = env.int("LOGIN_FAILURES_PER_ADDRESS", default=20)
# How many reverse proxies stand in front of the app, each appending to X-Forwarded-For;
# the client address is read through exactly that many (0: the socket's peer address).
# BEHIND_TLS_PROXY=1 implies one unless TRUSTED_PROXY_COUNT says otherwise.
TRUSTED_PROXY_COUNT = env.int(
    "TRUSTED_PROXY_COUNT", default=1 if env.bool("BEHIND_TLS_PROXY", default=False) else 0
)

# Second factor (see raci_project/mfa.py and docs/operations/security.md "Two-factor
# sign-in"). RACI_REQUIRE_MFA=1, the production default, sends account managers, service
# desk and admins without a confirmed authenticator to enrolment until they have one; client
# IT managers may enrol and are then asked for a code too. The demo (DEBUG=1) turns it off.
RACI_REQUIRE_MFA = env.bool("RACI_REQUIRE_MFA", default=not DEBUG)
# Wrong codes count like wrong passwords (AXES_FAILURE_LIMIT in a row, then refused for
# LOGIN_COOLOFF_MINUTES after the last, not extended by tries during the refusal: see
# engagements/services/mfa.py), so django-otp's own doubling delay after each wrong code is
# off: it would also refuse the right code typed a second after a typo.
OTP_TOTP_THROTTLE_FACTOR = 0
OTP_STATIC_THROTTLE_FACTOR = 0
# The name authenticator apps show beside the account.
OTP_TOTP_ISSUER = env.str("RACI_MFA_ISSUER", default="raci")

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Sessions expire after SESSION_HOURS of the login (default a working day).
SESSION_COOKIE_AGE = int(env.float("SESSION_HOURS", default=8) * 3600)
SESSION_EXPIRE_AT_BROWSER_CLOSE = env.bool("SESSION_EXPIRE_AT_BROWSER_CLOSE", default=True)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"

# Transport security. On by default outside DEBUG, so `check --deploy` is clean; turn a
# setting off only when something in front of the app does the job.
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=not DEBUG)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=not DEBUG)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=not DEBUG)
if env.bool("BEHIND_TLS_PROXY", default=False):
    # The proxy terminates TLS and says so in X-Forwarded-Proto.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Load balancers poll the health endpoints over plain HTTP inside the network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Uploads (Excel import) are capped at 10 MB; other request bodies at 2.5 MB (Django's
# default) so an oversized JSON body is refused before it is parsed.
DATA_UPLOAD_MAX_MEMORY_SIZE = env.int("DATA_UPLOAD_MAX_MEMORY_SIZE", default=2_621_440)
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

# Content-Security-Policy (django-csp): scripts only from our own origin or with the
# request's nonce ({{ CSP_NONCE }} in templates), so injected markup cannot run script.
# Inline style attributes stay allowed: the admin and the API docs use them, and styles
# cannot run code.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, "'unsafe-inline'"],
        "img-src": [SELF, "data:"],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en-us"
TIME_ZONE = env.str("TIME_ZONE", default="UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"] if (BASE_DIR / "static").is_dir() else []
# Hashed, compressed file names once `collectstatic` has run (make serve does); plain names
# before that, so development and tests need no build step.
_collected = (STATIC_ROOT / "staticfiles.json").exists()
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if _collected and not DEBUG
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# Serve static files from the finders when no collectstatic has run (development, tests).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG
# /docs/ serves /docs/index.html (the documentation site's pages are folders).
WHITENOISE_INDEX_FILE = True

# The documentation: where the pages' help links and each finding's explanation point. A path
# is served by the app from DOCS_ROOT (`make docs` builds it); a full URL is linked as it is.
DOCS_URL = env.str("DOCS_URL", default="/docs/")
DOCS_ROOT = Path(env.str("DOCS_ROOT", default=str(BASE_DIR / "site")))

FIXTURE_DIRS = [BASE_DIR / "fixtures"]

EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="raci@localhost")

# Findings thresholds (see docs/account-managers/findings.md).
RACI_MAX_RESPONSIBLE = env.int("RACI_MAX_RESPONSIBLE", default=3)
RACI_ROLE_OVERLOAD_SHARE = env.float("RACI_ROLE_OVERLOAD_SHARE", default=0.5)

# Ceilings per engagement (see docs/operations/security.md "Limits"): well above a real
# matrix (every catalog activity, a whole SP 800-53 selection), low enough that a draft
# cannot grow without bound.
RACI_MAX_ROWS = env.int("RACI_MAX_ROWS", default=1000)
RACI_MAX_ROLES = env.int("RACI_MAX_ROLES", default=60)
RACI_MAX_TOOLS = env.int("RACI_MAX_TOOLS", default=300)
RACI_MAX_CONTROLS = env.int("RACI_MAX_CONTROLS", default=3000)

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "engagements.api.authentication.ApiTokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": [
        "engagements.api.filters.backend.FilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
}

SPECTACULAR_SETTINGS = {
    "TITLE": "raci API",
    "DESCRIPTION": "Who owns each IT duty in a managed or co-managed IT engagement.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

# API (see docs/api/): token first, so an anonymous request gets 401 with
# WWW-Authenticate rather than 403; errors from the services become JSON with the right
# status; the schema documents every error response; separate request and response shapes.
REST_FRAMEWORK["DEFAULT_AUTHENTICATION_CLASSES"] = [
    "engagements.api.authentication.ApiTokenAuthentication",
    "rest_framework.authentication.SessionAuthentication",
]
REST_FRAMEWORK["EXCEPTION_HANDLER"] = "engagements.api.errors.exception_handler"
REST_FRAMEWORK["DEFAULT_SCHEMA_CLASS"] = "engagements.api.schema.RaciAutoSchema"
REST_FRAMEWORK["DEFAULT_PAGINATION_CLASS"] = "engagements.api.formats.Pagination"
# orjson writes the same JSON several times faster (a 1,000-row matrix document, findings).
REST_FRAMEWORK["DEFAULT_RENDERER_CLASSES"] = [
    "engagements.api.formats.FastJSONRenderer",
    "rest_framework.renderers.BrowsableAPIRenderer",
]
REST_FRAMEWORK["DEFAULT_PARSER_CLASSES"] = [
    "engagements.api.formats.StrictJSONParser",  # JSON that cannot 500 (see its docstring)
    "rest_framework.parsers.FormParser",
    "rest_framework.parsers.MultiPartParser",
]
REST_FRAMEWORK["TEST_REQUEST_DEFAULT_FORMAT"] = "json"
SPECTACULAR_SETTINGS["COMPONENT_SPLIT_REQUEST"] = True
SPECTACULAR_SETTINGS["SCHEMA_PATH_PREFIX"] = "/api/"
SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"] = {
    "ServiceModelEnum": "engagements.models.choices.ServiceModel",
    "StatusEnum": "engagements.models.choices.Status",
    "SideEnum": "engagements.models.choices.Side",
    "CoverageNeedEnum": "engagements.models.choices.CoverageNeed",
    "WindowEnum": "engagements.models.choices.Window",
    "ToolFateEnum": "engagements.models.choices.ToolFate",
}

# One JSON line per request on the "raci.request" logger (request id, method, path, status,
# duration, user id); REQUEST_LOG=0 turns it off.
REQUEST_LOG = env.bool("REQUEST_LOG", default=True)
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="WARNING")},
    "loggers": {
        "raci.request": {
            "handlers": ["console"],
            "level": "INFO" if REQUEST_LOG else "WARNING",
            "propagate": False,
        }
    },
}

# Compliance (see docs/account-managers/compliance.md): how the MSP is named in OSCAL exports.
RACI_MSP_NAME = env.str("RACI_MSP_NAME", default="Managed service provider")
