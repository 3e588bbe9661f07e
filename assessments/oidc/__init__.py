"""allauth's `openid_connect` provider, with the ID token checked as OpenID Connect asks, whoever issued it.

django-allauth 65.x's provider skips the ID token's signature when it fetched the token itself (the code flow) and
sends no nonce, so a token signed by any key, or replayed from another sign-in, was taken at its word. This
provider keeps allauth's id (`openid_connect`), its apps (assessments.services.sso.social_apps) and its URLs
(/accounts/oidc/<provider id>/login/ and .../login/callback/), and adds:

- a fresh nonce for each sign-in: sent in the authorization request, kept in allauth's state for that sign-in,
  and required in the ID token;
- the ID token's signature always checked against the issuer's published keys (its `jwks_uri`), with an
  asymmetric algorithm only; allauth's own checks of `iss`, `aud` and `exp` stay;
- an ID token required from the token endpoint, and userinfo's `sub` the ID token's;
- an issuer that cannot be reached, or answers nonsense, shown on our error page rather than as an error 500.

It replaces `allauth.socialaccount.providers.openid_connect` in INSTALLED_APPS: allauth's documented way of
customising a provider (an app with its own provider.py, views.py and urls.py).
"""
