"""A real OpenID Connect provider on loopback: panva's certified `oidc-provider` (Node.js), run by a fixture.

`oidc_provider` (session-scoped; one per pytest-xdist worker) starts tests/oidc/server.mjs, waits until its
discovery document answers, and stops it, with its whole process group, at the end of the session. It has one
confidential client (CLIENT_ID, a fresh secret each run); a spec registers the app's callback for it,
`oidc_provider.set_redirect_uris([callback_url(idp.provider_id)])`, and the accounts it signs in as,
`oidc_provider.add_account("tara@example.org")`.

Node.js and `npm ci --prefix tests/oidc` come from `make test`; without them the SSO specs skip, and fail
under CI=true, as the browser specs do without Chromium.
"""

import json
import os
import secrets
import selectors
import shutil
import signal
import subprocess
import tempfile
import time
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin

import pytest
import requests

HERE = Path(__file__).resolve().parent
SERVER = HERE / "server.mjs"
CLIENT_ID = "partnership-audit"
TAMPER_KINDS = ("signature", "nonce", "iss", "aud", "expired")
START_TIMEOUT = 15


class ProviderError(RuntimeError):
    pass


def callback_url(provider_id, base_url="http://testserver"):
    """allauth's callback for its `openid_connect` app `provider_id`: what `set_redirect_uris` registers.

    base_url is Django's test client's host by default; on the live server, pass live_server.url.
    """
    return f"{base_url}/accounts/oidc/{provider_id}/login/callback/"


class _FormParser(HTMLParser):
    """The first form of a page: its action and its inputs' names and values."""

    def __init__(self):
        super().__init__()
        self.action, self.fields, self._done = None, {}, False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and self.action is None:
            self.action = attrs.get("action", "")
        elif tag == "input" and self.action is not None and not self._done and attrs.get("name"):
            self.fields[attrs["name"]] = attrs.get("value") or ""

    def handle_endtag(self, tag):
        if tag == "form":
            self._done = True


def _form(html):
    parser = _FormParser()
    parser.feed(html)
    if parser.action is None:
        raise ProviderError(f"expected a form at the provider, got:\n{html[:2000]}")
    return parser.action, parser.fields


class _Tampering:
    """Returned by `OidcProvider.tamper`: as a context manager, forgets the tampering if it went unused."""

    def __init__(self, provider):
        self.provider = provider

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.provider.reset()


class OidcProvider:
    def __init__(self, process, issuer, log_path, client_secret):
        self.process, self.issuer, self.log_path = process, issuer, log_path
        self.client_id, self.client_secret = CLIENT_ID, client_secret
        self.discovery_url = f"{issuer}/.well-known/openid-configuration"
        self.discovery = None

    # --- The control endpoints of server.mjs ------------------------------------------------------------------
    def _control(self, path, body=None):
        response = requests.post(f"{self.issuer}/_test/{path}", json=body or {}, timeout=5)
        if response.status_code != 200:
            raise ProviderError(f"/_test/{path} refused {body}: {response.text}")
        return response.json()

    def add_account(self, email, *, verified=True, name=None, sub=None, claims=None):
        """Add (or replace) the account that signs in with this email; returns its claims, with its `sub`.

        `claims` adds more to its ID token; only claims named in start_provider's `extra_claims` are issued.
        """
        account = {"email": email, "email_verified": verified, "name": name or email}
        if sub:
            account["sub"] = sub
        if claims:
            account["claims"] = dict(claims)
        return self._control("accounts", account)

    def add_client(self, client_id, client_secret, redirect_uris):
        self._control(
            "clients", {"client_id": client_id, "client_secret": client_secret, "redirect_uris": list(redirect_uris)}
        )

    def set_redirect_uris(self, redirect_uris):
        """Point the app's client at its callbacks: [callback_url(idp.provider_id, live_server.url)]."""
        self.add_client(self.client_id, self.client_secret, redirect_uris)

    def tamper(self, kind):
        """Spoil the next ID token the token endpoint issues (once): `with oidc_provider.tamper("signature"):`.

        signature: signed by a key not in the JWKS; nonce, iss, aud: that claim wrong, validly signed;
        expired: exp an hour ago, validly signed.
        """
        if kind not in TAMPER_KINDS:
            raise ValueError(f"tamper kind must be one of {TAMPER_KINDS}, not {kind!r}")
        self._control("tamper", {"kind": kind})
        return _Tampering(self)

    def reset(self):
        self._control("reset")

    # --- A person at the provider's pages ---------------------------------------------------------------------
    def sign_in(self, authorize_url, login, *, session=None):
        """Follow an authorization request through the login and consent pages, as the person `login` (an email).

        Returns the URL the provider sends the browser back to (the callback, with `code` and `state`, or
        `error`), without following it: hand its path and query to Django's test client, or GET it on the
        live server. `session` (a requests.Session) keeps the provider's cookies between sign-ins.
        """
        session = session or requests.Session()
        response = session.get(authorize_url, allow_redirects=False, timeout=5)
        submitted = set()
        for _ in range(20):
            if response.status_code in (302, 303):
                location = urljoin(response.url, response.headers["Location"])
                if not location.startswith(self.issuer + "/"):
                    return location
                response = session.get(location, allow_redirects=False, timeout=5)
                continue
            if response.status_code != 200:
                raise ProviderError(f"the provider answered {response.status_code}:\n{response.text[:2000]}")
            action, fields = _form(response.text)
            prompt = fields.get("prompt")
            if prompt in submitted:
                raise ProviderError(f"the provider asked again for {prompt}:\n{response.text[:2000]}")
            submitted.add(prompt)
            if prompt == "login":
                fields.update(login=login, password="any: the development login page checks none")
            response = session.post(urljoin(response.url, action), data=fields, allow_redirects=False, timeout=5)
        raise ProviderError(f"no redirect back to the app from {authorize_url}")

    # --- The process ------------------------------------------------------------------------------------------
    def log(self):
        return Path(self.log_path).read_text(errors="replace")

    def stop(self):
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        self.process.stdin.close()
        self.process.stdout.close()
        Path(self.log_path).unlink(missing_ok=True)


def missing_requirement():
    """Why the provider cannot start here, or None."""
    if not shutil.which("node"):
        return "Node.js is not installed (Debian: sudo apt-get install nodejs npm), so the SSO specs cannot run."
    if not (HERE / "node_modules" / "oidc-provider").is_dir():
        return "tests/oidc/node_modules is missing: run `make test-oidc-provider` (or `make test`)."
    return None


def start_provider(*, redirect_uris=None, accounts=(), path="", extra_claims=None):
    """Start a provider with the app's client; stop it with `.stop()`. The `oidc_provider` fixture calls this.

    Until a spec sets its own, the client's one redirect URI is a placeholder: a client must have one.
    `path` puts the issuer under a path (Microsoft Entra ID's are `/<tenant>/v2.0`); `extra_claims` go in every
    ID token (Entra ID's `tid`).
    """
    redirect_uris = redirect_uris or [callback_url("loopback")]
    client_secret = secrets.token_urlsafe(24)
    config = {
        "port": 0,
        "exit_with_stdin": True,
        "clients": [{"client_id": CLIENT_ID, "client_secret": client_secret, "redirect_uris": list(redirect_uris)}],
        "accounts": list(accounts),
        "path": path,
        "extra_claims": dict(extra_claims or {}),
    }
    log = tempfile.NamedTemporaryFile(prefix="oidc-provider-", suffix=".log", delete=False)
    process = subprocess.Popen(
        ["node", str(SERVER), json.dumps(config)],
        cwd=HERE,
        stdin=subprocess.PIPE,  # the server exits when this closes, even if pytest is killed
        stdout=subprocess.PIPE,
        stderr=log,
        start_new_session=True,  # its own process group, so stop() ends all of it
    )
    log.close()
    with selectors.DefaultSelector() as selector:
        selector.register(process.stdout, selectors.EVENT_READ)
        ready = selector.select(timeout=START_TIMEOUT)
    first_line = process.stdout.readline() if ready else b""
    try:
        issuer = json.loads(first_line)["issuer"]
    except ValueError:
        process.kill()
        process.wait()
        raise ProviderError(f"the provider did not start:\n{Path(log.name).read_text(errors='replace')}") from None
    provider = OidcProvider(process, issuer, log.name, client_secret)
    deadline = time.monotonic() + START_TIMEOUT
    while True:
        try:
            provider.discovery = requests.get(provider.discovery_url, timeout=2).json()
            return provider
        except requests.RequestException:
            if time.monotonic() > deadline or process.poll() is not None:
                log_text = provider.log()
                provider.stop()
                raise ProviderError(f"the provider's discovery document did not answer:\n{log_text}") from None
            time.sleep(0.05)


@pytest.fixture(scope="session")
def oidc_provider():
    """The loopback OpenID Connect provider, one per test process. See tests/oidc/README.md."""
    message = missing_requirement()
    if message:
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    provider = start_provider()
    yield provider
    provider.stop()
