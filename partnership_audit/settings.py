"""Settings for Partnership Audit, read from the environment.

Every setting a deployment may change is an environment variable, listed in the README. Values that
make no sense (a DJANGO_DEBUG that is neither true nor false, a production run without a secret key)
stop the process with ImproperlyConfigured instead of being silently replaced by a default.
"""

from datetime import timedelta
from pathlib import Path

import environ
from csp.constants import NONCE
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_bool(name: str, default: bool) -> bool:
    """A strict boolean: anything other than a recognised true/false word is an error."""
    raw = env.str(name, default=None)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false (1/0, yes/no, on/off); got {raw!r}.")


DEBUG = env_bool("DJANGO_DEBUG", default=False)

SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is false.")
    SECRET_KEY = "django-insecure-development-only-key-never-use-in-production"  # noqa: S105
elif not DEBUG and len(SECRET_KEY) < 50:
    raise ImproperlyConfigured(
        f"DJANGO_SECRET_KEY must be at least 50 characters when DJANGO_DEBUG is false; it is {len(SECRET_KEY)}. "
        "Generate one with: python -c 'import secrets; print(secrets.token_urlsafe(64))'"
    )

ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"] if DEBUG else [])
if not DEBUG and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("DJANGO_ALLOWED_HOSTS must be set when DJANGO_DEBUG is false.")
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])
for _origin in CSRF_TRUSTED_ORIGINS:
    if not _origin.startswith(("http://", "https://")):
        raise ImproperlyConfigured(f"DJANGO_CSRF_TRUSTED_ORIGINS entries need a scheme (https://...); got {_origin!r}.")

SITE_URL = env.str("SITE_URL", default="http://localhost:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    # Accounts, a second factor and single sign-on (README: "Signing in: SSO and a second factor").
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.socialaccount",
    # allauth's openid_connect provider, with the ID token's signature and a nonce always checked (its docstring).
    "assessments.oidc",
    "allauth.socialaccount.providers.microsoft",
    "crispy_forms",
    "crispy_bootstrap5",
    "csp",
    "axes",
    "simple_history",
    "django_tasks",
    "django_tasks_db",
    "django_ratelimit",  # only for its system checks of the cache it counts in
    "standards",
    "assessments",
    "reports",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # Sign out after a spell without activity, then keep someone who must have a second factor on its setup.
    "assessments.middleware.IdleTimeoutMiddleware",
    "assessments.middleware.MfaEnforcementMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # AxesMiddleware must be last: it turns a lock-out into the lock-out page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "partnership_audit.urls"
WSGI_APPLICATION = "partnership_audit.wsgi.application"

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
                "assessments.context_processors.officer",
                "assessments.context_processors.workflow",
            ],
        },
    },
]

DATABASES = {"default": env.db_url("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Wait for a writer rather than failing at once when two people save at the same moment. IMMEDIATE makes
    # every transaction a writer from its BEGIN: a deferred one that read first could not wait for the other
    # writer and failed with "database is locked"; now the second waits, then meets the workflow's refusal.
    DATABASES["default"].setdefault("OPTIONS", {}).update(timeout=20, transaction_mode="IMMEDIATE")
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "assessments.User"
AUTHENTICATION_BACKENDS = [
    # Axes first, so a locked-out person is refused before their password is checked.
    "axes.backends.AxesStandaloneBackend",
    # Django's model backend, given the email address as `assessments.auth.normalise_username` reads it.
    "assessments.auth.EmailBackend",
    # allauth's, for what only it signs in: a passkey, an identity provider's answer.
    "allauth.account.auth_backends.AuthenticationBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "assessments:dashboard"
LOGOUT_REDIRECT_URL = "home"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24  # one day

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

# Rendered action-plan PDFs are cached, keyed by the assessment's revision (reports/pdf.py). A file cache
# is shared by every worker on one host; point REPORTS_CACHE_URL at Redis or Memcached when running on
# several hosts.
CACHES = {
    "default": env.cache_url("CACHE_URL", default="locmemcache://"),
    "reports": env.cache_url("REPORTS_CACHE_URL", default=f"filecache://{BASE_DIR / 'var' / 'report-cache'}"),
}
CACHES["reports"].setdefault("TIMEOUT", 60 * 60 * 24 * 2)  # the key holds the date, so two days is plenty

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(BASE_DIR / "media")))
MEDIA_URL = "media/"  # never served directly: evidence files go through a permission-checked view
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
if env_bool("DJANGO_TESTING", default=False):
    STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}

# Evidence uploads: Django keeps files above this size on disk rather than in memory.
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# --- Email ---------------------------------------------------------------------------------------
EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", default=False)
if EMAIL_USE_TLS and EMAIL_USE_SSL:
    raise ImproperlyConfigured("EMAIL_USE_TLS and EMAIL_USE_SSL cannot both be true.")
# send_reminders (run daily): an action's owner is reminded this many days before it falls due, then once overdue.
REMINDER_DAYS_BEFORE = env.int("REMINDER_DAYS_BEFORE", default=14)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Partnership Audit <no-reply@localhost>")

# --- Security ------------------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

if not DEBUG:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env.int("DJANGO_HSTS_SECONDS", default=60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
    # Behind a proxy that terminates TLS and sets X-Forwarded-Proto (nginx, a load balancer).
    if env_bool("DJANGO_BEHIND_TLS_PROXY", default=False):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# django-csp 4: a strict policy on every response. No inline script anywhere; styles only from us.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        # A nonce lets the national picture colour its heatmap from the version's bands (data, not CSS).
        "style-src": ["'self'", NONCE],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "frame-ancestors": ["'none'"],
    }
}

# django-axes: throttle password guessing per account and address, never lock anyone out for good.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
if not 1 <= AXES_FAILURE_LIMIT <= 10:
    raise ImproperlyConfigured("AXES_FAILURE_LIMIT must be between 1 and 10.")
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
if AXES_COOLOFF_TIME <= timedelta(0):
    raise ImproperlyConfigured("AXES_COOLOFF_MINUTES must be a positive number of minutes.")
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "username"
# Count failures against the address as sign-in reads it (stripped, lower case), however it was typed.
AXES_USERNAME_CALLABLE = "assessments.auth.axes_username"
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_ENABLED = env_bool("AXES_ENABLED", default=True)

# Background work (PDF action plans, emails) is queued in the database and run by `manage.py db_worker`.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# Assessment rules that a deployment may tune.
EVIDENCE_MAX_BYTES = env.int("EVIDENCE_MAX_BYTES", default=10 * 1024 * 1024)
INVITATION_DAYS = env.int("INVITATION_DAYS", default=7)

# The frontline pulse (anonymous survey of social workers): how many answers before anything is shown. None may be
# set below 5: fewer would let a small team's members be told apart.
PULSE_MIN_ANSWERS = env.int("PULSE_MIN_ANSWERS", default=5)
PULSE_MIN_TEAM_ANSWERS = env.int("PULSE_MIN_TEAM_ANSWERS", default=10)
PULSE_MIN_COMMENT_ANSWERS = env.int("PULSE_MIN_COMMENT_ANSWERS", default=5)
for _name in ("PULSE_MIN_ANSWERS", "PULSE_MIN_TEAM_ANSWERS", "PULSE_MIN_COMMENT_ANSWERS"):
    if globals()[_name] < 5:
        raise ImproperlyConfigured(f"{_name} must be 5 or more (it keeps answers anonymous); got {globals()[_name]}.")
# Answers to a pulse a single address may post in an hour (django-ratelimit's rate syntax).
PULSE_RATE_LIMIT = env.str("PULSE_RATE_LIMIT", default="30/h")
# django-ratelimit counts in the default cache, under keys hashed with SHA-256 (no address in clear). Behind a proxy
# every request comes from the proxy's address: name the header the proxy sets to the client's own address
# (nginx's X-Real-IP is HTTP_X_REAL_IP), never one a client can set itself.
RATELIMIT_USE_CACHE = "default"
RATELIMIT_IP_META_KEY = env.str("RATELIMIT_IP_META_KEY", default="") or None
# Its check E003 (and W001) refuse a local-memory cache, which each process keeps for itself: right for one process
# (make run, the tests), but several workers would each count apart, so production with several sets CACHE_URL to
# Redis or Memcached. Silenced only while the default cache is local memory. W001 also calls Django's own Redis
# cache "not officially supported", though it increments atomically (Redis INCR), as the limit needs.
SILENCED_SYSTEM_CHECKS = {
    "django.core.cache.backends.locmem.LocMemCache": ["django_ratelimit.E003", "django_ratelimit.W001"],
    "django.core.cache.backends.redis.RedisCache": ["django_ratelimit.W001"],
}.get(CACHES["default"]["BACKEND"], [])

# --- Accounts (django-allauth) ---------------------------------------------------------------------
# People sign in with their email address; accounts come from invitations only (assessments.adapters).
ACCOUNT_ADAPTER = "assessments.adapters.AccountAdapter"
SOCIALACCOUNT_ADAPTER = "assessments.adapters.SocialAccountAdapter"
ACCOUNT_FORMS = {"login": "partnership_audit.forms.SignInForm"}
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "none"  # an invitation's link has already proved the address
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_SESSION_REMEMBER = False  # the session ends with the browser, and after IDLE_TIMEOUT_* without activity
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False  # other sessions end through User.get_session_auth_hash instead
# django-axes counts and locks out failed password sign-ins per account and address (below); allauth's own counts
# of sign-ins are off so that one rule, with one lock-out page, holds, and so that a trust's staff behind one
# address are not refused together at nine in the morning. allauth's other limits (password reset...) stay on.
ACCOUNT_RATE_LIMITS = {"login_failed": False, "login": False}
SOCIALACCOUNT_ONLY = False
# Organisations' identity providers come from the database (assessments.IdentityProvider, set in the admin).
SOCIALACCOUNT_PROVIDERS = {"openid_connect": {"OAUTH_PKCE_ENABLED": True}}
SOCIALACCOUNT_AUTO_SIGNUP = True  # the adapter refuses anyone it cannot match to an account or an invitation
# Matching by email address is ours (assessments.services.sso), with its stricter rules.
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False
SOCIALACCOUNT_STORE_TOKENS = False
SOCIALACCOUNT_LOGIN_ON_GET = False  # the sign-in button posts, so a link elsewhere cannot start a sign-in

# A second factor: required for BASW officers, site administrators and members of an organisation that asks
# (assessments.access.mfa_required_for), optional for everyone else. MFA_ENFORCED=false turns the requirement off.
MFA_ENFORCED = env_bool("MFA_ENFORCED", default=True)
MFA_ADAPTER = "assessments.adapters.MFAAdapter"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes", "webauthn"]
MFA_PASSKEY_LOGIN_ENABLED = True
MFA_TOTP_ISSUER = "Partnership Audit"
MFA_ALLOW_UNVERIFIED_EMAIL = True  # no self sign-up here, so no stranger can claim an address with a factor
# WebAuthn needs a secure origin; http://localhost in `make run` is one only for this flag.
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = DEBUG

# Sign out after this long without a request: officers and site administrators sooner than others.
IDLE_TIMEOUT_PRIVILEGED = timedelta(minutes=env.int("IDLE_TIMEOUT_PRIVILEGED_MINUTES", default=30))
IDLE_TIMEOUT_DEFAULT = timedelta(minutes=env.int("IDLE_TIMEOUT_MINUTES", default=8 * 60))
if IDLE_TIMEOUT_PRIVILEGED <= timedelta(0) or IDLE_TIMEOUT_DEFAULT <= timedelta(0):
    raise ImproperlyConfigured("IDLE_TIMEOUT_MINUTES and IDLE_TIMEOUT_PRIVILEGED_MINUTES must be positive.")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("DJANGO_LOG_LEVEL", default="WARNING")},
}
