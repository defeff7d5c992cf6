"""Where an opened secret lives between requests: in the session, locked by a key kept in a
separate cookie. Neither the session table nor the cookie alone opens it.

A person keeps his unlocked private key here (holdspace.keys.session); a reporter who came
back with her receipt keeps her report's data key.
"""
import base64

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from holdspace.crypto.boxes import CannotOpen, lock, new_data_key, unlock


def secret_keep(request: HttpRequest, *, response: HttpResponse, name: str, secret: bytes, extra=None,
                samesite: str = "Strict") -> None:
    """Keep a secret for this session and browser. `samesite="Lax"` lets it reach the page a link from
    elsewhere (a mail) leads to; the default keeps its cookie to this site's own pages."""
    cookie_key = new_data_key()
    kept = {"locked": base64.b64encode(lock(cookie_key, plaintext=secret)).decode("ascii")}
    if extra is not None:  # readable by whoever reads the session table: anything that must not be goes in `secret`
        kept["extra"] = extra
    request.session[name] = kept
    response.set_cookie(
        name,
        base64.urlsafe_b64encode(cookie_key).decode("ascii"),
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite=samesite,
    )


def secret_get(request: HttpRequest, *, name: str) -> tuple[bytes, object] | None:
    """The secret kept earlier in this session and browser with its extra value, or None."""
    kept = request.session.get(name)
    cookie = request.COOKIES.get(name)
    if not isinstance(kept, dict) or not cookie:
        return None
    try:
        cookie_key = base64.urlsafe_b64decode(cookie.encode("ascii"))
        return unlock(cookie_key, box=base64.b64decode(kept["locked"])), kept.get("extra")
    except (CannotOpen, ValueError, TypeError, KeyError):
        return None


def secret_forget(request: HttpRequest, *, response: HttpResponse, name: str, samesite: str = "Strict") -> None:
    request.session.pop(name, None)
    response.delete_cookie(name, samesite=samesite)
