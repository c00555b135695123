"""Sessions, permissions and security headers for every request of the workspace.

`SessionMiddleware` gives each request `request.state.session` (a visitor without a
cookie gets a fresh anonymous session, so even the login form carries a CSRF token) and
sets the cookie when the session is new or changed. Pages and API routes then depend on
`require_reader` (browsing, open unless configured otherwise) or `require_admin`
(uploading, deleting: the administrator's session plus the CSRF token, or HTTP Basic
credentials for scripts).
"""

from __future__ import annotations

import base64
import binascii
import threading
import time
from collections import deque
from typing import Annotated

from fastapi import Depends, Request
from starlette.middleware.base import BaseHTTPMiddleware, RequestResponseEndpoint
from starlette.responses import Response

from fazhi.web.access import COOKIE, CSRF_HEADER, Access, Session
from fazhi.web.errors import HttpError

# pages run only the app's own scripts; plotly sets inline styles on the charts it draws
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:",
        "font-src 'self' data:",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
        "form-action 'self'",
    ]
)


def access_of(request: Request) -> Access:
    return request.app.state.access


def session_of(request: Request) -> Session:
    return request.state.session


def set_session(request: Request, session: Session) -> None:
    """Replace the request's session (log in, log out); the response carries the cookie."""
    request.state.session = Session(session.user, session.csrf, session.expires, fresh=True)


class Revoked:
    """Sessions ended by logging out before they expired. A signed cookie stays valid
    until its expiry by itself; its token is remembered here until then. (A restart
    forgets the list; `fazhi passwd` ends every session for good.)"""

    def __init__(self) -> None:
        self._until: dict[str, int] = {}
        self._lock = threading.Lock()

    def add(self, session: Session) -> None:
        now = time.time()
        with self._lock:
            self._until = {t: e for t, e in self._until.items() if e > now}
            self._until[session.csrf] = session.expires

    def __contains__(self, session: Session) -> bool:
        return session.csrf in self._until


class Throttle:
    """Failed logins per client address: after `limit` failures within `window` seconds
    the address waits until the oldest of them is `window` old. Slows a password guesser
    to a handful of tries per quarter hour, and spares the server their scrypt work."""

    def __init__(self, limit: int = 5, window: float = 900.0) -> None:
        self.limit, self.window = limit, window
        self._failures: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def wait(self, client: str) -> float:
        """Seconds this client must wait before trying again (0: it may try now)."""
        now = time.monotonic()
        with self._lock:
            recent = self._failures.get(client)
            while recent and recent[0] <= now - self.window:
                recent.popleft()
            if not recent or len(recent) < self.limit:
                return 0.0
            return recent[0] + self.window - now

    def failed(self, client: str) -> None:
        with self._lock:
            if len(self._failures) > 10_000:  # a flood of addresses: forget the oldest
                self._failures.pop(next(iter(self._failures)))
            self._failures.setdefault(client, deque(maxlen=self.limit)).append(time.monotonic())

    def succeeded(self, client: str) -> None:
        with self._lock:
            self._failures.pop(client, None)


def client_of(request: Request) -> str:
    return request.client.host if request.client else "?"


def refuse_if_throttled(request: Request) -> None:
    wait = request.app.state.throttle.wait(client_of(request))
    if wait > 0:
        minutes = max(1, round(wait / 60))
        raise HttpError(429, "auth.throttled", f"登录失败次数过多，请 {minutes} 分钟后再试")


class SessionMiddleware(BaseHTTPMiddleware):
    async def dispatch(self, request: Request, call_next: RequestResponseEndpoint) -> Response:
        access: Access = request.app.state.access
        session = access.decode(request.cookies.get(COOKIE))
        if session is None or session in request.app.state.revoked:
            session = access.new_session()
        request.state.session = session
        response = await call_next(request)
        session = request.state.session
        if session.fresh:
            secure = access.secure_cookies
            if secure is None:
                secure = request.url.scheme == "https"
            response.set_cookie(
                COOKIE,
                access.encode(session),
                max_age=max(0, int(access.session_hours * 3600)),
                httponly=True,
                samesite="strict",
                secure=secure,
                path="/",
            )
        add_security_headers(response)
        if not request.url.path.startswith("/static/"):
            # pages, JSON and downloads may hold what only a reader should see: no copies
            # in shared caches or the browser's history
            response.headers.setdefault("Cache-Control", "no-store")
        return response


def add_security_headers(response: Response) -> None:
    if response.headers.get("content-type", "").startswith("text/html"):
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    response.headers.setdefault("X-Frame-Options", "DENY")


class LoginRequired(HttpError):
    """Raised for a page that needs a login: pages answer it with a redirect to /login,
    the API with 401."""


def _basic_user(request: Request, access: Access) -> str | None:
    header = request.headers.get("authorization", "")
    scheme, _, encoded = header.partition(" ")
    if scheme.lower() != "basic" or not encoded:
        return None
    try:
        user, _, password = base64.b64decode(encoded, validate=True).decode().partition(":")
    except (binascii.Error, UnicodeDecodeError):
        return None
    refuse_if_throttled(request)
    if access.check(user, password):
        request.app.state.throttle.succeeded(client_of(request))
        return user
    request.app.state.throttle.failed(client_of(request))
    return None


def require_reader(request: Request) -> Session:
    access = access_of(request)
    session = session_of(request)
    if access.open_browsing or session.user or _basic_user(request, access):
        return session
    raise LoginRequired(401, "auth.required", "请先登录后再查看")


def require_admin(request: Request) -> Session:
    """The administrator, by session (with the CSRF token in a header or form field, checked
    by the route that reads the form) or by HTTP Basic credentials."""
    access = access_of(request)
    if not access.can_log_in:
        raise HttpError(
            403,
            "auth.not_configured",
            "尚未设置管理员密码，无法上传或删除：请在服务器上运行 fazhi passwd",
        )
    session = session_of(request)
    if session.user:
        return session
    if _basic_user(request, access):
        # a script's own credentials: the one case that needs no CSRF token
        request.state.basic_auth = True
        return session
    raise LoginRequired(401, "auth.required", "上传和删除需要先以管理员身份登录")


def check_csrf(request: Request, token: str | None = None) -> None:
    """A request changing data with the session cookie must carry the session's token
    (in the `X-CSRF-Token` header or the form's `csrf` field). Only a request that
    `require_admin` let in by valid Basic credentials alone needs none: any other header,
    a wrong one included, leaves the check in place."""
    if getattr(request.state, "basic_auth", False):  # set by require_admin, once checked
        return
    given = token or request.headers.get(CSRF_HEADER)
    if not session_of(request).csrf_ok(given):
        raise HttpError(403, "auth.csrf", "表单已过期或来源不明，请刷新页面后重试")


Reader = Annotated[Session, Depends(require_reader)]
Admin = Annotated[Session, Depends(require_admin)]
