"""Where an opened key lives between requests: in the session, locked by a key
kept in a separate cookie. Neither the session table nor the cookie alone opens it.

Handlers keep their unlocked private key here; reporters who came back with
their receipt keep their report's data key.
"""
import base64

import nacl.public
from django.conf import settings
from django.http import HttpRequest, HttpResponse

from holdspace.crypto.boxes import CannotOpen, lock, new_data_key, unlock

HANDLER = "hs_case_key"
REPORTER = "hs_report_key"


def secret_keep(request: HttpRequest, response: HttpResponse, name: str, secret: bytes, *, extra=None) -> None:
    cookie_key = new_data_key()
    request.session[name] = {
        "locked": base64.b64encode(lock(cookie_key, secret)).decode("ascii"),
        "extra": extra,
    }
    response.set_cookie(
        name,
        base64.urlsafe_b64encode(cookie_key).decode("ascii"),
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Strict",
    )


def secret_get(request: HttpRequest, name: str) -> tuple[bytes, object] | None:
    """The secret kept earlier in this session and browser with its extra value, or None."""
    kept = request.session.get(name)
    cookie = request.COOKIES.get(name)
    if not isinstance(kept, dict) or not cookie:
        return None
    try:
        cookie_key = base64.urlsafe_b64decode(cookie.encode("ascii"))
        return unlock(cookie_key, base64.b64decode(kept["locked"])), kept.get("extra")
    except (CannotOpen, ValueError, TypeError, KeyError):
        return None


def secret_forget(request: HttpRequest, response: HttpResponse, name: str) -> None:
    request.session.pop(name, None)
    response.delete_cookie(name, samesite="Strict")


def unlocked_key_keep(request: HttpRequest, response: HttpResponse, private_key: nacl.public.PrivateKey) -> None:
    secret_keep(request, response, HANDLER, bytes(private_key))


def unlocked_key(request: HttpRequest) -> nacl.public.PrivateKey | None:
    """The handler's private key unlocked earlier in this session and browser, or None."""
    kept = secret_get(request, HANDLER)
    if kept is None:
        return None
    try:
        return nacl.public.PrivateKey(kept[0])
    except (ValueError, TypeError):
        return None


def unlocked_key_forget(request: HttpRequest, response: HttpResponse) -> None:
    secret_forget(request, response, HANDLER)
