"""Where an unlocked private key lives: in the session, locked by a key kept in
a separate cookie. Neither the session table nor the cookie alone opens it."""
import base64

import nacl.public
from django.conf import settings
from django.http import HttpRequest, HttpResponse

from holdspace.crypto.boxes import CannotOpen, lock, new_data_key, unlock

SESSION_KEY = "hs_case_key"
COOKIE_NAME = "hs_case_key"


def unlocked_key_keep(request: HttpRequest, response: HttpResponse, private_key: nacl.public.PrivateKey) -> None:
    cookie_key = new_data_key()
    request.session[SESSION_KEY] = base64.b64encode(lock(cookie_key, bytes(private_key))).decode("ascii")
    response.set_cookie(
        COOKIE_NAME,
        base64.urlsafe_b64encode(cookie_key).decode("ascii"),
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Strict",
    )


def unlocked_key(request: HttpRequest) -> nacl.public.PrivateKey | None:
    """The private key unlocked earlier in this session and browser, or None."""
    locked = request.session.get(SESSION_KEY)
    cookie = request.COOKIES.get(COOKIE_NAME)
    if not locked or not cookie:
        return None
    try:
        cookie_key = base64.urlsafe_b64decode(cookie.encode("ascii"))
        return nacl.public.PrivateKey(unlock(cookie_key, base64.b64decode(locked)))
    except (CannotOpen, ValueError, TypeError):
        return None


def unlocked_key_forget(request: HttpRequest, response: HttpResponse) -> None:
    request.session.pop(SESSION_KEY, None)
    response.delete_cookie(COOKIE_NAME, samesite="Strict")
