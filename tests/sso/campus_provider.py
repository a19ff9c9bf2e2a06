"""A small OpenID Connect provider for the tests: a campus identity provider on a free port.

It speaks real HTTP (http.server in a thread) and serves what allauth's
openid_connect provider reads: discovery, /authorize (signs the person in at
once and redirects back with a code), /token (checks the client, the redirect
URI and PKCE, returns an RS256 ID token signed with a key made for the run),
/jwks and /userinfo. Each request is recorded, so tests can see what the
application asked for.
"""

import base64
import hashlib
import json
import secrets
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode, urlsplit

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa

KEY_ID = "campus-test-key"
CLIENT_ID = "careerconnect-tests"
CLIENT_SECRET = "campus-client-secret"
# Every HTTP call the test itself makes to the provider gives up after this long.
HTTP_TIMEOUT_SECONDS = 5


def new_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def _public_jwk(key: rsa.RSAPrivateKey) -> dict:
    jwk = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(key.public_key()))
    return {**jwk, "kid": KEY_ID, "use": "sig", "alg": "RS256"}


@dataclass
class Grant:
    claims: dict
    redirect_uri: str
    code_challenge: str
    nonce: str | None


@dataclass
class CampusProvider:
    """State of the running provider; tests set `person` (the claims) before a sign-in."""

    key: rsa.RSAPrivateKey
    person: dict = field(default_factory=dict)
    # Tampering switches for the negative tests.
    id_token_audience: str = CLIENT_ID
    requests: list[tuple[str, str]] = field(default_factory=list)
    grants: dict[str, Grant] = field(default_factory=dict)
    tokens: dict[str, dict] = field(default_factory=dict)
    base_url: str = ""
    lock: threading.Lock = field(default_factory=threading.Lock)

    # --- What the application is configured with -------------------------------

    def oidc_providers_json(self, *, campus_id: str = "state-u", name: str = "State University"):
        return json.dumps(
            [{"id": campus_id, "name": name, "server_url": self.base_url, "client_id": CLIENT_ID}]
        )

    # --- The browser's side: the sign-in at the campus --------------------------

    def authorize(self, url: str) -> str:
        """Open the authorization URL like a browser; return where the campus sends it back."""
        assert url.startswith(self.base_url + "/authorize?"), url

        class NoRedirect(urllib.request.HTTPRedirectHandler):
            def redirect_request(self, *args, **kwargs):
                return None

        opener = urllib.request.build_opener(NoRedirect)
        try:
            opener.open(url, timeout=HTTP_TIMEOUT_SECONDS)
        except urllib.error.HTTPError as answer:
            status, location, body = answer.code, answer.headers["Location"], answer.read()
        else:
            raise AssertionError("the campus did not redirect back")
        assert status == 302, body
        return location

    # --- The server's side ------------------------------------------------------

    def discovery(self) -> dict:
        return {
            "issuer": self.base_url,
            "authorization_endpoint": f"{self.base_url}/authorize",
            "token_endpoint": f"{self.base_url}/token",
            "userinfo_endpoint": f"{self.base_url}/userinfo",
            "jwks_uri": f"{self.base_url}/jwks",
            "response_types_supported": ["code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "token_endpoint_auth_methods_supported": ["client_secret_post", "client_secret_basic"],
            "code_challenge_methods_supported": ["S256"],
            "scopes_supported": ["openid", "profile", "email"],
        }

    def issue_code(self, query: dict) -> tuple[int, dict]:
        if query.get("client_id") != CLIENT_ID or query.get("response_type") != "code":
            return 400, {"error": "unauthorized_client"}
        if "openid" not in query.get("scope", "").split():
            return 400, {"error": "invalid_scope"}
        if query.get("code_challenge_method") != "S256" or not query.get("code_challenge"):
            return 400, {"error": "invalid_request", "error_description": "PKCE required"}
        code = secrets.token_urlsafe(16)
        with self.lock:
            self.grants[code] = Grant(
                claims=dict(self.person),
                redirect_uri=query["redirect_uri"],
                code_challenge=query["code_challenge"],
                nonce=query.get("nonce"),
            )
        back = {"code": code}
        if "state" in query:
            back["state"] = query["state"]
        return 302, {"Location": f"{query['redirect_uri']}?{urlencode(back)}"}

    def exchange(self, form: dict, authorization: str) -> tuple[int, dict]:
        client_id, client_secret = form.get("client_id"), form.get("client_secret")
        if authorization.startswith("Basic "):
            decoded = base64.b64decode(authorization[6:]).decode()
            client_id, _colon, client_secret = decoded.partition(":")
        if client_id != CLIENT_ID or client_secret != CLIENT_SECRET:
            return 401, {"error": "invalid_client"}
        with self.lock:
            grant = self.grants.pop(form.get("code", ""), None)
        if grant is None or form.get("grant_type") != "authorization_code":
            return 400, {"error": "invalid_grant"}
        if form.get("redirect_uri") != grant.redirect_uri:
            return 400, {"error": "invalid_grant", "error_description": "redirect_uri"}
        verifier = form.get("code_verifier", "")
        challenge = (
            base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest())
            .rstrip(b"=")
            .decode()
        )
        if challenge != grant.code_challenge:
            return 400, {"error": "invalid_grant", "error_description": "PKCE"}
        now = int(time.time())
        id_claims = {
            **grant.claims,
            "iss": self.base_url,
            "aud": self.id_token_audience,
            "iat": now,
            "exp": now + 300,
        }
        if grant.nonce:
            id_claims["nonce"] = grant.nonce
        id_token = jwt.encode(id_claims, self.key, algorithm="RS256", headers={"kid": KEY_ID})
        access_token = secrets.token_urlsafe(24)
        with self.lock:
            self.tokens[access_token] = dict(grant.claims)
        return 200, {
            "access_token": access_token,
            "token_type": "Bearer",
            "expires_in": 300,
            "id_token": id_token,
        }

    def userinfo(self, authorization: str) -> tuple[int, dict]:
        token = authorization.removeprefix("Bearer ")
        with self.lock:
            claims = self.tokens.get(token)
        if claims is None:
            return 401, {"error": "invalid_token"}
        return 200, claims

    def jwks(self) -> dict:
        return {"keys": [_public_jwk(self.key)]}


def _handler(provider: CampusProvider):
    class Handler(BaseHTTPRequestHandler):
        # Never wait for a stuck client for long.
        timeout = HTTP_TIMEOUT_SECONDS

        def log_message(self, *args):  # quiet: the test output stays readable
            pass

        def _answer(self, status: int, body: dict) -> None:
            if status == 302:
                self.send_response(302)
                self.send_header("Location", body["Location"])
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            payload = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def do_GET(self):
            parts = urlsplit(self.path)
            provider.requests.append(("GET", parts.path))
            query = {key: values[0] for key, values in parse_qs(parts.query).items()}
            authorization = self.headers.get("Authorization", "")
            if parts.path == "/.well-known/openid-configuration":
                self._answer(200, provider.discovery())
            elif parts.path == "/authorize":
                self._answer(*provider.issue_code(query))
            elif parts.path == "/jwks":
                self._answer(200, provider.jwks())
            elif parts.path == "/userinfo":
                self._answer(*provider.userinfo(authorization))
            else:
                self._answer(404, {"error": "not_found"})

        def do_POST(self):
            parts = urlsplit(self.path)
            provider.requests.append(("POST", parts.path))
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length).decode()
            form = {key: values[0] for key, values in parse_qs(body).items()}
            if parts.path == "/token":
                self._answer(*provider.exchange(form, self.headers.get("Authorization", "")))
            else:
                self._answer(404, {"error": "not_found"})

    return Handler


class RunningCampus:
    """Context manager: the provider serving on 127.0.0.1 and a free port, stopped on exit."""

    def __init__(self, key: rsa.RSAPrivateKey):
        self.provider = CampusProvider(key=key)
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self.provider))
        self.server.daemon_threads = True
        host, port = self.server.server_address[:2]
        self.provider.base_url = f"http://{host}:{port}"
        self.thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    def __enter__(self) -> CampusProvider:
        self.thread.start()
        return self.provider

    def __exit__(self, *exc_info) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=HTTP_TIMEOUT_SECONDS)
        assert not self.thread.is_alive(), "the campus provider did not stop"
