"""Campus single sign-on, configured from the environment (read by settings.py).

A campus is added by configuration only: OIDC_PROVIDERS holds a JSON list,
one object per campus identity provider, which becomes one app of allauth's
`openid_connect` provider (its sign-in lives at /accounts/oidc/<id>/login/):

    OIDC_PROVIDERS='[{"id": "state-u", "name": "State University",
                      "server_url": "https://login.state.edu",
                      "client_id": "careerconnect"}]'
    OIDC_STATE_U_SECRET=...            (or OIDC_STATE_U_SECRET_FILE=/run/secrets/...)

Keys of each object:
  id           required; lowercase letters, digits and hyphens (part of the URL)
  name         required; shown as "Sign in with <name>"
  server_url   required; the issuer (its /.well-known/openid-configuration is read)
  client_id    required
  secret       optional here: better in OIDC_<ID>_SECRET or OIDC_<ID>_SECRET_FILE
  verified_email     optional: the list of email domains the campus is
                     authoritative for (["state.edu"]): its addresses there
                     count as verified without an `email_verified` claim and
                     may sign in to the account that has them. A bare `true`
                     is refused: it would vouch for any address the campus
                     sends, someone@gmail.com included (careerconnect/sso.py).
  token_auth_method  optional: "client_secret_basic" or "client_secret_post"
  pkce         optional, default true (PKCE on the authorization code)

This module reads configuration only: no Django models, no allauth imports.
"""

import ipaddress
import json
import re
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

CAMPUS_ID = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,48}[a-z0-9])?$")
REQUIRED_KEYS = ("id", "name", "server_url", "client_id")
OPTIONAL_KEYS = ("secret", "verified_email", "token_auth_method", "pkce")
DOMAIN = re.compile(r"^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")
TOKEN_AUTH_METHODS = ("client_secret_basic", "client_secret_post")


def secret_variable(campus_id: str) -> str:
    """OIDC_<ID>_SECRET: the id in capitals, hyphens as underscores."""
    return f"OIDC_{campus_id.upper().replace('-', '_')}_SECRET"


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _problem(message: str) -> ImproperlyConfigured:
    return ImproperlyConfigured(f"OIDC_PROVIDERS: {message}")


def _verified_domains(verified, campus_id: str) -> list[str]:
    """`verified_email`: the campus's own email domains, lowercased."""
    if verified is True:
        raise _problem(
            f"verified_email of {campus_id!r} must list the email domains the campus is "
            'authoritative for (for example ["state.edu"]), not true: true would vouch for '
            "any address the campus sends, someone@gmail.com included."
        )
    if not isinstance(verified, list) or not all(isinstance(d, str) for d in verified):
        raise _problem(f"verified_email of {campus_id!r} must be a list of email domains.")
    domains = [d.strip().lower().lstrip("@") for d in verified]
    wrong = [d for d in domains if not DOMAIN.match(d)]
    if wrong or not domains:
        shown = ", ".join(repr(d) for d in wrong) or "an empty list"
        raise _problem(f"verified_email of {campus_id!r} has what is not a domain: {shown}.")
    return domains


def _app(entry, position: int, env, *, debug: bool) -> dict:
    if not isinstance(entry, dict):
        raise _problem(f"entry {position} is not a JSON object.")
    unknown = sorted(set(entry) - set(REQUIRED_KEYS) - set(OPTIONAL_KEYS))
    if unknown:
        raise _problem(f"entry {position} has unknown keys: {', '.join(unknown)}.")
    missing = [key for key in REQUIRED_KEYS if not str(entry.get(key) or "").strip()]
    if missing:
        raise _problem(f"entry {position} lacks {', '.join(missing)}.")
    campus_id = str(entry["id"]).strip()
    if not CAMPUS_ID.match(campus_id):
        raise _problem(
            f"id {campus_id!r} must be lowercase letters, digits and hyphens (it is part of a URL)."
        )
    server_url = str(entry["server_url"]).strip().rstrip("/")
    parts = urlsplit(server_url)
    if parts.scheme not in ("https", "http") or not parts.hostname:
        raise _problem(f"server_url of {campus_id!r} is not an http(s) URL.")
    # The ID token comes straight from the token endpoint and allauth trusts
    # that channel (OpenID Connect Core 3.1.3.7): it must be TLS, except on the
    # machine itself (a development provider) or in DEBUG.
    if parts.scheme == "http" and not debug and not _is_loopback(parts.hostname):
        raise _problem(f"server_url of {campus_id!r} must use https.")
    secret = env.str(secret_variable(campus_id), default="").strip() or str(
        entry.get("secret") or ""
    )
    settings = {
        "server_url": server_url,
        "oauth_pkce_enabled": bool(entry.get("pkce", True)),
        # Names and the address come from the userinfo endpoint as well.
        "fetch_userinfo": True,
    }
    method = entry.get("token_auth_method")
    if method is not None:
        if method not in TOKEN_AUTH_METHODS:
            choices = ", ".join(TOKEN_AUTH_METHODS)
            raise _problem(f"token_auth_method of {campus_id!r} must be one of {choices}.")
        settings["token_auth_method"] = method
    verified = entry.get("verified_email")
    if verified is not None and verified is not False:
        settings["verified_email"] = _verified_domains(verified, campus_id)
    return {
        "provider_id": campus_id,
        "name": str(entry["name"]).strip(),
        "client_id": str(entry["client_id"]).strip(),
        "secret": secret,
        "settings": settings,
    }


def campus_apps(env, *, debug: bool) -> list[dict]:
    """The allauth `openid_connect` APPS list described by OIDC_PROVIDERS (or its _FILE)."""
    raw = env.str("OIDC_PROVIDERS", default="").strip()
    if not raw:
        return []
    try:
        entries = json.loads(raw)
    except json.JSONDecodeError as error:
        raise _problem(f"not valid JSON ({error}).") from error
    if not isinstance(entries, list):
        raise _problem("must be a JSON list of objects, one per campus.")
    apps = [_app(entry, position, env, debug=debug) for position, entry in enumerate(entries, 1)]
    ids = [app["provider_id"] for app in apps]
    duplicates = sorted({campus_id for campus_id in ids if ids.count(campus_id) > 1})
    if duplicates:
        raise _problem(f"ids used twice: {', '.join(duplicates)}.")
    return apps
