"""Real identity providers on loopback for the Partner SSO tests (PH-10): an OpenID Connect
provider (authorization code + PKCE, ID tokens signed with joserfc, Authlib's S256 check) and a
SAML 2.0 IdP (pysaml2's `saml2.server.Server`). Each shows a small sign-in page where the person
types the email the IdP vouches for, so a browser walks the full redirect flow.

`mode` makes the IdP misbehave for the negative tests: "bad_signature" (signed with a key the
SP does not trust), "wrong_audience", "expired", and for SAML "unsigned"; the OIDC provider's
"email_in_userinfo" leaves the email out of the ID token (UserInfo has it).
"""

import base64
import datetime
import html
import json
import secrets
import shutil
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlparse

from authlib.oauth2.rfc7636 import create_s256_code_challenge
from joserfc import jwt
from joserfc.jwk import KeySet, RSAKey

XMLSEC1 = shutil.which("xmlsec1")
SKIP_SAML = (
    "!!!!! SAML TESTS SKIPPED: the xmlsec1 program is missing (Debian package xmlsec1; "
    "scripts/ensure-system-packages installs it as root). !!!!!"
)


def _page(title: str, body: str) -> bytes:
    return (
        f"<!doctype html><html><head><meta charset='utf-8'><title>{title}</title></head>"
        f"<body><h1>{title}</h1>{body}</body></html>"
    ).encode()


class _Server:
    """A ThreadingHTTPServer on 127.0.0.1 with a random port, in a daemon thread."""

    def __init__(self, handler_cls):
        owner = self

        class Handler(handler_cls):
            idp = owner

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def start(self):
        self.thread.start()
        return self

    def stop(self):
        self.httpd.shutdown()
        self.httpd.server_close()


# --- OpenID Connect ------------------------------------------------------------------------------


class _OidcHandler(BaseHTTPRequestHandler):
    idp: "OidcProvider"

    def _send(self, status, body=b"", content_type="text/html; charset=utf-8", headers=None):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _json(self, status, data):
        self._send(status, json.dumps(data).encode(), "application/json")

    def do_GET(self):
        url = urlparse(self.path)
        query = {k: v[0] for k, v in parse_qs(url.query).items()}
        if url.path == "/.well-known/openid-configuration":
            return self._json(200, self.idp.discovery())
        if url.path == "/userinfo":
            info = self.idp.userinfo.get(
                self.headers.get("Authorization", "").removeprefix("Bearer ")
            )
            return self._json(200, info) if info else self._json(401, {"error": "invalid_token"})
        if url.path == "/jwks":
            return self._json(200, self.idp.public_keys.as_dict())
        if url.path == "/authorize":
            if query.get("client_id") != self.idp.client_id:
                return self._send(400, _page("Unknown client", ""))
            hidden = "".join(
                f"<input type='hidden' name='{html.escape(k)}' value='{html.escape(v)}'>"
                for k, v in query.items()
            )
            hint = html.escape(query.get("login_hint", ""))
            body = (
                f"<form method='post' action='/authorize'>{hidden}"
                f"<label>IdP email <input name='email' type='email' value='{hint}'></label>"
                "<button type='submit'>Continue at IdP</button></form>"
            )
            return self._send(200, _page("Loopback OIDC provider", body))
        return self._send(404, _page("Not found", ""))

    def do_POST(self):
        length = int(self.headers.get("Content-Length", 0))
        form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
        if self.path == "/authorize":
            code = self.idp.issue_code(form)
            location = f"{form['redirect_uri']}?{urlencode({'code': code, 'state': form['state']})}"
            return self._send(302, b"", headers={"Location": location})
        if self.path == "/token":
            status, data = self.idp.token(form, self.headers.get("Authorization", ""))
            return self._json(status, data)
        return self._send(404, _page("Not found", ""))


class OidcProvider(_Server):
    def __init__(self, client_id="portal-client", client_secret="s3cret-value"):
        super().__init__(_OidcHandler)
        self.client_id = client_id
        self.client_secret = client_secret
        self.key = RSAKey.generate_key(2048, parameters={"kid": "good"}, private=True)
        self.rogue_key = RSAKey.generate_key(2048, parameters={"kid": "good"}, private=True)
        self.public_keys = KeySet([RSAKey.import_key(self.key.as_dict(private=False))])
        self.codes: dict[str, dict] = {}
        self.mode = "ok"
        self.issued_tokens: list[str] = []
        self.userinfo: dict[str, dict] = {}

    @property
    def issuer(self):
        return self.url

    def discovery(self):
        return {
            "issuer": self.issuer,
            "authorization_endpoint": f"{self.url}/authorize",
            "token_endpoint": f"{self.url}/token",
            "jwks_uri": f"{self.url}/jwks",
            "userinfo_endpoint": f"{self.url}/userinfo",
            "response_types_supported": ["code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "code_challenge_methods_supported": ["S256"],
        }

    def issue_code(self, form: dict) -> str:
        code = secrets.token_urlsafe(16)
        self.codes[code] = form
        return code

    def token(self, form: dict, authorization: str):
        expected = base64.b64encode(f"{self.client_id}:{self.client_secret}".encode()).decode()
        if authorization != f"Basic {expected}":
            return 401, {"error": "invalid_client"}
        request = self.codes.pop(form.get("code", ""), None)
        if request is None or request.get("redirect_uri") != form.get("redirect_uri"):
            return 400, {"error": "invalid_grant"}
        verifier = form.get("code_verifier", "")
        if create_s256_code_challenge(verifier) != request.get("code_challenge"):
            return 400, {"error": "invalid_grant", "error_description": "PKCE"}
        now = int(time.time())
        email = request["email"]
        claims = {
            "iss": self.issuer,
            "sub": f"sub-{email}",
            "aud": "another-client" if self.mode == "wrong_audience" else self.client_id,
            "iat": now,
            "exp": now - 600 if self.mode == "expired" else now + 300,
            "nonce": request.get("nonce", ""),
            "email": email,
            "email_verified": True,
            "jti": secrets.token_hex(8),
        }
        if self.mode == "email_in_userinfo":
            del claims["email"], claims["email_verified"]
        key = self.rogue_key if self.mode == "bad_signature" else self.key
        id_token = jwt.encode({"alg": "RS256", "kid": "good"}, claims, key)
        self.issued_tokens.append(id_token)
        access_token = secrets.token_urlsafe(16)
        self.userinfo[access_token] = {"sub": claims["sub"], "email": email, "email_verified": True}
        return 200, {
            "access_token": access_token,
            "token_type": "Bearer",
            "expires_in": 300,
            "id_token": id_token,
        }


# --- SAML 2.0 ------------------------------------------------------------------------------------


def make_key_pair(folder: Path, name: str) -> tuple[str, str]:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.x509.oid import NameOID

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=30))
        .sign(key, hashes.SHA256())
    )
    key_path, cert_path = folder / f"{name}-key.pem", folder / f"{name}-cert.pem"
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.TraditionalOpenSSL,
            serialization.NoEncryption(),
        )
    )
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return str(key_path), str(cert_path)


class _SamlHandler(BaseHTTPRequestHandler):
    idp: "SamlIdp"

    def _send(self, status, body=b"", headers=None):
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        url = urlparse(self.path)
        if url.path == "/metadata":
            return self._send(200, self.idp.metadata_xml.encode())
        if url.path != "/sso/redirect":
            return self._send(404, _page("Not found", ""))
        query = {k: v[0] for k, v in parse_qs(url.query).items()}
        try:
            request = self.idp.parse_request(query)
        except Exception as exc:
            self.idp.refusals.append(repr(exc))
            return self._send(400, _page("IdP refused the request", html.escape(repr(exc))))
        self.idp.requests.append(request)
        hidden = "".join(
            f"<input type='hidden' name='{html.escape(k)}' value='{html.escape(v)}'>"
            for k, v in query.items()
        )
        body = (
            f"<form method='post' action='/sso/login'>{hidden}"
            "<label>IdP email <input name='email' type='email'></label>"
            "<button type='submit'>Continue at IdP</button></form>"
        )
        return self._send(200, _page("Loopback SAML IdP", body))

    def do_POST(self):
        length = int(self.headers.get("Content-Length", 0))
        form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
        if self.path != "/sso/login":
            return self._send(404, _page("Not found", ""))
        request = self.idp.parse_request(form)
        page = self.idp.response_page(request, form["email"], form.get("RelayState", ""))
        return self._send(200, page.encode())


class SamlIdp(_Server):
    """pysaml2's IdP. `sp_metadata` is the portal SP's metadata (its signing certificate and ACS
    URL), so the IdP checks that AuthnRequests are signed by the portal."""

    def __init__(self, sp_metadata: str):
        super().__init__(_SamlHandler)
        self.folder = Path(tempfile.mkdtemp(prefix="saml-idp-"))
        self.key, self.cert = make_key_pair(self.folder, "idp")
        self.rogue_key, self.rogue_cert = make_key_pair(self.folder, "rogue")
        self.sp_metadata = sp_metadata
        self.entity_id = f"{self.url}/metadata"
        self.mode = "ok"
        self.requests = []
        self.refusals: list[str] = []
        self.responses: list[str] = []
        self.server = self._server(self.key, self.cert)
        self.metadata_xml = self._metadata()

    def _config(self, key, cert, lifetime_minutes=5):
        from saml2 import BINDING_HTTP_REDIRECT
        from saml2.saml import NAME_FORMAT_URI, NAMEID_FORMAT_EMAILADDRESS

        return {
            "entityid": self.entity_id,
            "xmlsec_binary": XMLSEC1,
            "key_file": key,
            "cert_file": cert,
            "metadata": {"inline": [self.sp_metadata]},
            "accepted_time_diff": 60,
            "service": {
                "idp": {
                    "name": "Loopback SAML IdP",
                    "endpoints": {
                        "single_sign_on_service": [
                            (f"{self.url}/sso/redirect", BINDING_HTTP_REDIRECT)
                        ]
                    },
                    "want_authn_requests_signed": True,
                    "name_id_format": [NAMEID_FORMAT_EMAILADDRESS],
                    "policy": {
                        "default": {
                            "lifetime": {"minutes": lifetime_minutes},
                            "attribute_restrictions": None,
                            "name_form": NAME_FORMAT_URI,
                        }
                    },
                }
            },
        }

    def _server(self, key, cert, lifetime_minutes=5):
        from saml2.config import IdPConfig
        from saml2.server import Server

        config = IdPConfig()
        config.load(self._config(key, cert, lifetime_minutes))
        return Server(config=config)

    def _metadata(self) -> str:
        from saml2.metadata import entity_descriptor

        return str(entity_descriptor(self.server.config))

    def parse_request(self, query: dict):
        from saml2 import BINDING_HTTP_REDIRECT

        return self.server.parse_authn_request(
            query["SAMLRequest"],
            BINDING_HTTP_REDIRECT,
            relay_state=query.get("RelayState"),
            sigalg=query.get("SigAlg"),
            signature=query.get("Signature"),
        )

    def response_page(self, request, email: str, relay_state: str) -> str:
        from saml2 import BINDING_HTTP_POST
        from saml2.saml import NAMEID_FORMAT_EMAILADDRESS, NameID

        message = request.message
        if self.mode == "bad_signature":
            server = self._server(self.rogue_key, self.rogue_cert)
        elif self.mode == "expired":
            server = self._server(self.key, self.cert, lifetime_minutes=-10)
        elif self.mode == "wrong_audience":
            # Signed correctly, but its AudienceRestriction names another service provider.
            server = self._server(self.key, self.cert)
            policy = server.config.getattr("policy", "idp")
            conditions = policy.conditions
            policy.conditions = lambda sp_entity_id: conditions("https://another-sp.example/sp")
        else:
            server = self.server
        acs = message.assertion_consumer_service_url
        response = server.create_authn_response(
            {"email": [email]},
            in_response_to=message.id,
            destination=acs,
            sp_entity_id=message.issuer.text,
            name_id=NameID(format=NAMEID_FORMAT_EMAILADDRESS, text=email),
            authn={"class_ref": "urn:oasis:names:tc:SAML:2.0:ac:classes:Password"},
            sign_assertion=self.mode != "unsigned",
            sign_response=False,
        )
        self.responses.append(str(response))
        info = server.apply_binding(
            BINDING_HTTP_POST, str(response), acs, relay_state, response=True
        )
        return info["data"]
