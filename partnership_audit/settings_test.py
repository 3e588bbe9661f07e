"""Settings for the test suite: production settings with test-only defaults filled in.

Runs with DEBUG off, as production does. Anything set in the environment (DATABASE_URL for the
PostgreSQL run, say) still wins over these defaults.
"""

import os

os.environ.setdefault("DJANGO_DEBUG", "0")
os.environ.setdefault("DJANGO_SECRET_KEY", "test-only-secret-key-not-for-any-real-deployment-0123456789")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("DJANGO_TESTING", "1")

from .settings import *  # noqa: E402,F403

# Hashing passwords slowly protects real accounts; in tests it only slows the suite.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# The live server used by browser tests speaks plain http.
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = BASE_DIR / "test-artifacts" / "media"  # noqa: F405
# Static files come straight from static/ through the finders; no collectstatic in tests.
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# Each test process keeps its own report cache; tests clear it where they count renders.
CACHES["reports"] = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "reports"}  # noqa: F405
# allauth keeps its rate-limit counts in the cache, which outlives a test: one spec's requests would throttle the
# next. The lock-out specs exercise django-axes, which keeps its counts in the database pytest-django resets.
ACCOUNT_RATE_LIMITS = False
# A second factor is enforced by default (settings.MFA_ENFORCED); the specs of the site's pages sign their people
# in with force_login and pin query counts, so enforcement is off here and tests/accounts switches it on.
MFA_ENFORCED = False
