"""A real OpenID Connect provider for the tests: `provider.mjs` (the npm package oidc-provider) run by Node.js
in its own process on 127.0.0.1, and a small user agent that goes through its pages over HTTP as a browser
would (the portal side is driven by Django's test client, or by Playwright in tests/browser)."""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import tempfile
import time
from html import unescape
from pathlib import Path
from urllib.parse import urljoin

import requests

PROVIDER_SCRIPT = Path(__file__).resolve().parent / "provider.mjs"
ROOT = Path(__file__).resolve().parents[2]
CLIENT_ID = "lhl-portal"
CLIENT_SECRET = "test-only-client-secret"

# The people the provider knows (login name = subject). The portal's accounts are made by each test.
ACCOUNTS = {
    "kari": {"email": "kari.nordmann@statsforvalteren.no", "email_verified": True, "name": "Kari Nordmann"},
    "ola": {"email": "ola.hansen@statsforvalteren.no", "email_verified": False, "name": "Ola Hansen"},
    # Claims that look like rights: the portal must ignore them.
    "hilde": {
        "email": "hilde.berg@helsedir.no",
        "email_verified": True,
        "role": "administrator",
        "groups": ["administrator", "innlandet"],
    },
    "ukjent": {"email": "ukjent.person@kommune.no", "email_verified": True},
    "kari-ny": {"email": "kari.nordmann@statsforvalteren.no", "email_verified": True},
}


class ProviderAskedForLogin(Exception):
    """The provider showed its login page (no session there) where the test expected it to answer at once."""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class OidcTestProvider:
    def __init__(
        self,
        *,
        redirect_uris: list[str],
        post_logout_redirect_uris: list[str] = (),
        clock_offset_seconds: int = 0,
    ):
        self.port = free_port()
        self.issuer = f"http://127.0.0.1:{self.port}"
        self.redirect_uris = list(redirect_uris)
        self.post_logout_redirect_uris = list(post_logout_redirect_uris)
        self.clock_offset_seconds = clock_offset_seconds
        self.process: subprocess.Popen | None = None
        handle, log = tempfile.mkstemp(prefix="oidc-provider-", suffix=".log")
        os.close(handle)
        self.log = Path(log)

    def start(self, timeout: float = 30) -> OidcTestProvider:
        node = shutil.which("node")
        assert node, "Node.js is needed for the identity provider of the tests"
        assert (ROOT / "node_modules" / "oidc-provider").is_dir(), "run `npm ci` (make setup) first"
        env = dict(
            os.environ,
            OIDC_TEST_PORT=str(self.port),
            OIDC_TEST_CLIENT_ID=CLIENT_ID,
            OIDC_TEST_CLIENT_SECRET=CLIENT_SECRET,
            OIDC_TEST_REDIRECT_URIS=json.dumps(self.redirect_uris),
            OIDC_TEST_POST_LOGOUT_REDIRECT_URIS=json.dumps(self.post_logout_redirect_uris),
            OIDC_TEST_ACCOUNTS=json.dumps(ACCOUNTS),
            OIDC_TEST_CLOCK_OFFSET_SECONDS=str(self.clock_offset_seconds),
        )
        with self.log.open("wb") as log:
            self.process = subprocess.Popen(
                [node, str(PROVIDER_SCRIPT)], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the identity provider stopped: {self.log.read_text()[-2000:]}")
            try:
                if requests.get(self.discovery_url, timeout=2).status_code == 200:
                    return self
            except requests.ConnectionError:
                pass
            time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"the identity provider did not start: {self.log.read_text()[-2000:]}")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.unlink(missing_ok=True)

    @property
    def discovery_url(self) -> str:
        return f"{self.issuer}/.well-known/openid-configuration"

    def portal_settings(self) -> dict[str, str]:
        return {"OIDC_ISSUER": self.issuer, "OIDC_CLIENT_ID": CLIENT_ID, "OIDC_CLIENT_SECRET": CLIENT_SECRET}

    # The user agent -------------------------------------------------------------------------------------------

    def authorize(self, agent: requests.Session, url: str, *, login: str | None = None) -> str:
        """Follow the provider's pages from an authorization URL until it redirects off the provider; sign in as
        `login` if it asks. Returns the URL it redirected to (the portal's redirect URI with code and state)."""
        for _ in range(12):
            if not url.startswith(self.issuer + "/"):
                return url
            response = agent.get(url, allow_redirects=False, timeout=10)
            if response.is_redirect:
                url = urljoin(url, response.headers["Location"])
                continue
            if response.status_code == 200 and 'name="login"' in response.text:
                if login is None:
                    raise ProviderAskedForLogin(url)
                action = urljoin(url, unescape(re.search(r'<form[^>]*action="([^"]+)"', response.text).group(1)))
                response = agent.post(
                    action,
                    data={"prompt": "login", "login": login, "password": "any"},
                    allow_redirects=False,
                    timeout=10,
                )
                assert response.is_redirect, f"provider login: {response.status_code} {response.text[:500]}"
                url = urljoin(action, response.headers["Location"])
                login = None  # once only
                continue
            raise AssertionError(f"unexpected answer from the provider: {response.status_code} {response.text[:800]}")
        raise AssertionError("the provider redirected too often")

    def end_session(self, agent: requests.Session, url: str) -> str:
        """Confirm sign-out on the provider's end-session page; returns where it sent the browser afterwards."""
        response = agent.get(url, allow_redirects=False, timeout=10)
        assert response.status_code == 200, f"end session: {response.status_code} {response.text[:800]}"
        action = unescape(re.search(r'<form id="op.logoutForm"[^>]*action="([^"]+)"', response.text).group(1))
        xsrf = re.search(r'name="xsrf" value="([^"]+)"', response.text).group(1)
        response = agent.post(
            urljoin(url, action), data={"xsrf": xsrf, "logout": "yes"}, allow_redirects=False, timeout=10
        )
        assert response.is_redirect, f"end session confirm: {response.status_code} {response.text[:800]}"
        return response.headers["Location"]
