"""A person's unlocked private key, kept for this session and this browser only."""
import nacl.public
from django.http import HttpRequest, HttpResponse

from holdspace.web.session_secrets import secret_forget, secret_get, secret_keep

UNLOCKED = "hs_personal_key"


def unlocked_key_keep(request: HttpRequest, *, response: HttpResponse, private_key: nacl.public.PrivateKey) -> None:
    secret_keep(request, response=response, name=UNLOCKED, secret=bytes(private_key))


def unlocked_key(request: HttpRequest) -> nacl.public.PrivateKey | None:
    """The person's private key unlocked earlier in this session and browser, or None."""
    kept = secret_get(request, name=UNLOCKED)
    if kept is None:
        return None
    try:
        return nacl.public.PrivateKey(kept[0])
    except (ValueError, TypeError):
        return None


def unlocked_key_forget(request: HttpRequest, *, response: HttpResponse) -> None:
    secret_forget(request, response=response, name=UNLOCKED)
