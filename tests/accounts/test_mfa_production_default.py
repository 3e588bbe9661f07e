"""With debug off, the second factor holds by default: a deployment that sets nothing about it enforces it.

The settings are imported fresh in a subprocess with a production environment (tests/test_settings.py's helpers),
so the test settings' MFA_ENFORCED=False cannot hide a wrong default.
"""

import json

from tests.test_settings import production_env, run_python

READ = (
    "import json, django; from django.conf import settings; django.setup(); "
    "print(json.dumps({'debug': settings.DEBUG, 'enforced': settings.MFA_ENFORCED, "
    "'middleware': settings.MIDDLEWARE, 'insecure_origin': settings.MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN}))"
)
ENFORCEMENT = "assessments.middleware.MfaEnforcementMiddleware"


def read_settings(tmp_path, **overrides) -> dict:
    overrides.setdefault("MFA_ENFORCED", None)  # unset, whatever the environment running the tests says
    result = run_python(READ, production_env(tmp_path, **overrides))
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_enforces_a_second_factor_unless_told_otherwise(tmp_path):
    production = read_settings(tmp_path)

    assert production["debug"] is False
    assert production["enforced"] is True
    assert ENFORCEMENT in production["middleware"]
    # ...after sign-in and sessions, so it knows who is asking, and before the pages it guards.
    middleware = production["middleware"]
    assert middleware.index(ENFORCEMENT) > middleware.index("django.contrib.auth.middleware.AuthenticationMiddleware")
    assert middleware.index(ENFORCEMENT) > middleware.index("allauth.account.middleware.AccountMiddleware")
    # WebAuthn checks the origin for real: only debug's http://localhost is let off.
    assert production["insecure_origin"] is False


def test_only_an_explicit_false_turns_enforcement_off(tmp_path):
    assert read_settings(tmp_path, MFA_ENFORCED="0")["enforced"] is False
    assert read_settings(tmp_path, MFA_ENFORCED="1")["enforced"] is True


def test_a_value_that_is_neither_true_nor_false_is_refused(tmp_path):
    result = run_python(READ, production_env(tmp_path, MFA_ENFORCED="sometimes"))

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and "MFA_ENFORCED" in result.stderr
