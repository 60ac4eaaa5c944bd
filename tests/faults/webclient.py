"""A small browser-like HTTP client for a portal served by a real web server (fault tests, bench/load.py).

Plain http.client on loopback: one connection per request (gunicorn's sync workers close after each answer),
cookies kept by hand so that Secure cookies work behind `X-Forwarded-Proto: https`, the CSRF token taken from
the form as a browser would, and `Origin`/`Referer` set for HTTPS requests. Redirects are not followed.
"""

from __future__ import annotations

import http.client
import re
import time
import urllib.parse
import uuid
from dataclasses import dataclass
from http.cookies import SimpleCookie

CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    text: str
    elapsed_ms: float
    content: bytes = b""

    @property
    def location(self) -> str:
        return self.headers.get("location", "")

    def hidden(self, name: str) -> str | None:
        """The value of a form input by name (the first one on the page)."""
        match = re.search(rf'name="{re.escape(name)}"[^>]*?value="([^"]*)"', self.text) or re.search(
            rf'value="([^"]*)"[^>]*?name="{re.escape(name)}"', self.text
        )
        return match.group(1) if match else None

    @property
    def csrf_token(self) -> str | None:
        match = CSRF_INPUT.search(self.text)
        return match.group(1) if match else None


class WebClient:
    def __init__(self, host: str, port: int, *, https: bool = False, timeout: float = 30):
        self.host, self.port, self.https, self.timeout = host, port, https, timeout
        self.cookies: dict[str, str] = {}

    @property
    def origin(self) -> str:
        return f"{'https' if self.https else 'http'}://{self.host}:{self.port}"

    def request(
        self,
        method: str,
        path: str,
        *,
        data: dict | None = None,
        files: dict[str, tuple[str, bytes, str]] | None = None,
        referer: str | None = None,
    ) -> Response:
        """`files`: field name → (file name, content, content type), sent with `data` as multipart/form-data."""
        headers = {"Host": f"{self.host}:{self.port}", "Connection": "close", "Accept-Language": "nb"}
        if self.https:
            headers["X-Forwarded-Proto"] = "https"
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if files is not None:
            body, headers["Content-Type"] = _multipart(data or {}, files)
        elif data is not None:
            body = urllib.parse.urlencode(data, doseq=True).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        if body is not None:
            headers["Origin"] = self.origin
            headers["Referer"] = self.origin + (referer or path)
        started = time.perf_counter()
        conn = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
        try:
            conn.request(method, path, body=body, headers=headers)
            raw = conn.getresponse()
            content = raw.read()
            elapsed = (time.perf_counter() - started) * 1000
            for header in raw.headers.get_all("Set-Cookie") or []:
                cookie = SimpleCookie()
                cookie.load(header)
                for name, morsel in cookie.items():
                    if morsel["max-age"] == "0" or (morsel["expires"] and "1970" in morsel["expires"]):
                        self.cookies.pop(name, None)
                    else:
                        self.cookies[name] = morsel.value
            return Response(
                status=raw.status,
                headers={k.lower(): v for k, v in raw.getheaders()},
                text=content.decode("utf-8", errors="replace"),
                elapsed_ms=elapsed,
                content=content,
            )
        finally:
            conn.close()

    def get(self, path: str) -> Response:
        return self.request("GET", path)

    def post(self, path: str, data: dict, *, referer: str | None = None) -> Response:
        return self.request("POST", path, data=data, referer=referer)

    def post_files(
        self, path: str, data: dict, files: dict[str, tuple[str, bytes, str]], *, referer: str | None = None
    ) -> Response:
        return self.request("POST", path, data=data, files=files, referer=referer)

    def login(self, username: str, password: str, *, path: str = "/konto/logg-inn/") -> Response:
        page = self.get(path)
        token = page.csrf_token
        if page.status != 200 or token is None:
            raise RuntimeError(f"login page answered {page.status} without a CSRF token")
        answer = self.post(path, {"csrfmiddlewaretoken": token, "username": username, "password": password})
        if answer.status != 302:
            raise RuntimeError(f"login as {username} failed: {answer.status}")
        return answer


def _multipart(data: dict, files: dict[str, tuple[str, bytes, str]]) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    parts: list[bytes] = []
    for name, value in data.items():
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
    for name, (filename, content, content_type) in files.items():
        head = (
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
            f"Content-Type: {content_type}\r\n\r\n"
        )
        parts.append(head.encode() + content + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"
