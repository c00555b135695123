"""Who may do what in the web workspace: one local administrator, signed session cookies,
CSRF tokens.

Browsing is open unless the configuration closes it; uploading and deleting always need
the administrator. The configuration is a small YAML file (by default `web.yaml` in the
user's configuration folder, or `FAZHI_CONFIG`) written by `fazhi passwd`:

    admin_user: admin
    password_hash: scrypt$16384$8$1$<salt>$<hash>
    session_secret: <random>
    open_browsing: true

Passwords are kept only as scrypt hashes. The session is a cookie holding the user name,
a CSRF token and an expiry, signed with HMAC-SHA256 under `session_secret`; it is
HttpOnly and SameSite=Strict, and Secure whenever the page came over HTTPS (or always,
with `secure_cookies: true` behind a TLS proxy that does not say so).
"""

from __future__ import annotations

import base64
import functools
import hashlib
import hmac
import json
import os
import secrets
import tempfile
import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml

from fazhi.errors import FazhiError

COOKIE = "fazhi_session"
CSRF_HEADER = "X-CSRF-Token"
CSRF_FIELD = "csrf"
_SCRYPT = (2**14, 8, 1)  # n, r, p: about 50 ms and 16 MB per check


def default_config_path() -> Path:
    if env := os.environ.get("FAZHI_CONFIG"):
        return Path(env)
    from platformdirs import user_config_dir

    return Path(user_config_dir("fazhi")) / "web.yaml"


def hash_password(password: str) -> str:
    n, r, p = _SCRYPT
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, n=n, r=r, p=p, dklen=32)
    return "$".join(
        ["scrypt", str(n), str(r), str(p), _b64(salt), _b64(digest)],
    )


def verify_password(password: str, stored: str | None) -> bool:
    if not stored:
        return False
    try:
        kind, n, r, p, salt, digest = stored.split("$")
        if kind != "scrypt":
            return False
        expected = _unb64(digest)
        found = hashlib.scrypt(
            password.encode(),
            salt=_unb64(salt),
            n=int(n),
            r=int(r),
            p=int(p),
            dklen=len(expected),
            maxmem=256 * 1024 * 1024,
        )
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(found, expected)


@dataclass(frozen=True, slots=True)
class Access:
    """The access settings of one running workspace."""

    admin_user: str = "admin"
    password_hash: str | None = None
    # signs the session cookies; a fresh one per start when the file names none, which
    # only means that logins do not survive a restart
    session_secret: str = field(default_factory=lambda: secrets.token_urlsafe(32))
    open_browsing: bool = True
    secure_cookies: bool | None = None  # None: Secure when the request came over HTTPS
    session_hours: float = 8.0

    @property
    def can_log_in(self) -> bool:
        return bool(self.password_hash)

    def check(self, user: str, password: str) -> bool:
        # the hash is computed even for a wrong name, so timing does not tell names apart
        good_password = verify_password(password, self.password_hash or _dummy_hash())
        return (
            self.can_log_in
            and hmac.compare_digest(user.encode(), self.admin_user.encode())
            and good_password
        )

    # -- sessions ------------------------------------------------------------------------

    def new_session(self, user: str | None = None) -> Session:
        expires = int(time.time() + self.session_hours * 3600)
        return Session(user=user, csrf=secrets.token_urlsafe(24), expires=expires, fresh=True)

    def encode(self, session: Session) -> str:
        body = _b64(
            json.dumps(
                {"u": session.user, "c": session.csrf, "e": session.expires},
                separators=(",", ":"),
            ).encode()
        )
        return f"{body}.{self._sign(body)}"

    def decode(self, cookie: str | None) -> Session | None:
        """The session in a cookie, or None when it is missing, forged or expired."""
        if not cookie or "." not in cookie:
            return None
        body, signature = cookie.rsplit(".", 1)
        if not hmac.compare_digest(signature.encode(), self._sign(body).encode()):
            return None
        try:
            data = json.loads(_unb64(body))
            session = Session(user=data["u"], csrf=data["c"], expires=int(data["e"]))
        except (ValueError, KeyError, TypeError):
            return None
        if session.expires < time.time():
            return None
        if session.user is not None and session.user != self.admin_user:
            return None  # the administrator was renamed since
        return session

    def _sign(self, body: str) -> str:
        mac = hmac.new(self.session_secret.encode(), body.encode(), hashlib.sha256)
        return _b64(mac.digest())


@dataclass(frozen=True, slots=True)
class Session:
    user: str | None
    csrf: str
    expires: int
    fresh: bool = False  # made by this request: the response must set the cookie

    def csrf_ok(self, token: str | None) -> bool:
        # bytes: compare_digest refuses non-ASCII text, and a forged token may hold some
        return bool(token) and hmac.compare_digest(token.encode(), self.csrf.encode())


def load_access(path: str | os.PathLike[str] | None = None) -> Access:
    """The settings in the configuration file; defaults (no administrator, open browsing)
    when it does not exist. A file that cannot be read is an error naming it."""
    config = Path(path) if path is not None else default_config_path()
    if not config.exists():
        if path is not None:
            raise FazhiError("config.missing", f"找不到配置文件 {config}")
        return Access()
    try:
        data = yaml.safe_load(config.read_text(encoding="utf-8")) or {}
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise FazhiError("config.unreadable", f"无法读取配置文件 {config}：{exc}") from exc
    if not isinstance(data, dict):
        raise FazhiError("config.invalid", f"配置文件 {config} 的内容应为“键: 值”形式")
    known = {"admin_user", "password_hash", "session_secret", "open_browsing", "secure_cookies"}
    known |= {"session_hours"}
    unknown = sorted(set(data) - known)
    if unknown:
        raise FazhiError(
            "config.invalid", f"配置文件 {config} 中有无法识别的设置：{'、'.join(unknown)}"
        )
    access = Access()
    values: dict[str, Any] = {k: v for k, v in data.items() if v is not None}
    for key, kind in (("open_browsing", bool), ("secure_cookies", bool)):
        if key in values and not isinstance(values[key], kind):
            raise FazhiError("config.invalid", f"配置文件 {config} 中 {key} 应为 true 或 false")
    for key in ("admin_user", "password_hash", "session_secret"):
        if key in values and not isinstance(values[key], str):
            raise FazhiError("config.invalid", f"配置文件 {config} 中 {key} 应为文字")
    if "session_hours" in values and not (
        isinstance(values["session_hours"], int | float) and values["session_hours"] > 0
    ):
        raise FazhiError("config.invalid", f"配置文件 {config} 中 session_hours 应为正数")
    return replace(access, **values)


def save_password(user: str, password: str, path: str | os.PathLike[str] | None = None) -> Path:
    """Set the administrator in the configuration file, keeping its other settings, and
    give it a session secret if it has none. Written whole, readable by its owner only."""
    config = Path(path) if path is not None else default_config_path()
    data: dict[str, Any] = {}
    if config.exists():
        load_access(config)  # refuses a broken file rather than overwriting it
        data = yaml.safe_load(config.read_text(encoding="utf-8")) or {}
    data["admin_user"] = user
    data["password_hash"] = hash_password(password)
    # a new password ends every session signed under the old secret
    data["session_secret"] = secrets.token_urlsafe(32)
    data.setdefault("open_browsing", True)
    config.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(prefix=".web-", suffix=".yaml", dir=config.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            yaml.safe_dump(data, out, allow_unicode=True, sort_keys=False)
        os.chmod(temporary, 0o600)
        os.replace(temporary, config)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return config


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


@functools.cache
def _dummy_hash() -> str:
    return hash_password(secrets.token_urlsafe(16))
