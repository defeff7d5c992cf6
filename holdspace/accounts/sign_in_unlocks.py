"""What a person's password opens when he signs in (his personal key), told to accounts in their app's
`AppConfig.ready`, so his own work opens without a second step and accounts never knows what it is.

Signing in with the password alone keeps what it opened for the session at once. With two-step
sign-in it is opened at the password step but waits, locked in the session by a key kept only in a
cookie of this browser, and becomes usable only when the second step succeeds; a wrong code, a
pending sign-in that expired, or a new password step drops it. A password that signs him in but does
not open it (after an administrator's reset, say) opens nothing and blocks nothing.
"""
from collections.abc import Callable
from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse

from holdspace.accounts.models import User
from holdspace.web.session_secrets import secret_forget, secret_get, secret_keep

# Finishes a response with what was opened (a cookie, say).
Finish = Callable[[HttpResponse], None]


@dataclass(frozen=True)
class SignInUnlock:
    name: str
    # Open what this password opens for this person (the password just signed him in), as bytes; None when
    # he has nothing of the kind or the password does not open it. At most one key stretching.
    open: Callable[[User, str], bytes | None]
    # Keep what was opened for the signed-in session, finishing the response (his session is the new one).
    # `opened_now` when `open` ran in this same request (the password alone signed him in), so what it read
    # then still holds; False when it waited in the session for the second step.
    keep: Callable[..., None]  # (request, response, secret, *, opened_now: bool)


_unlocks: dict[str, SignInUnlock] = {}


def sign_in_unlock_register(unlock: SignInUnlock) -> None:
    _unlocks[unlock.name] = unlock


def _registered() -> tuple[SignInUnlock, ...]:
    return tuple(_unlocks[name] for name in sorted(_unlocks))


def _pending(unlock: SignInUnlock) -> str:
    return f"hs_pending_{unlock.name}"


def _opened(user: User, password: str) -> list[tuple[SignInUnlock, bytes]]:
    return [(unlock, secret) for unlock in _registered() if (secret := unlock.open(user, password)) is not None]


def sign_in_unlocks(request: HttpRequest, *, user: User, password: str) -> Finish:
    """Open now what his password opens; return how to finish the signed-in response with it (call it
    after `login`, which gives him a new session)."""
    opened = _opened(user, password)

    def finish(response: HttpResponse) -> None:
        sign_in_unlocks_drop(request, response=response)  # nothing left waiting from an earlier attempt
        for unlock, secret in opened:
            unlock.keep(request, response, secret, opened_now=True)

    return finish


def sign_in_unlocks_hold(request: HttpRequest, *, user: User, password: str) -> Finish:
    """Two-step sign-in, at the password step: open what his password opens and return how to keep it
    waiting for the second step, locked in the session by a key in this browser's cookie."""
    opened = _opened(user, password)

    def finish(response: HttpResponse) -> None:
        sign_in_unlocks_drop(request, response=response)
        for unlock, secret in opened:
            secret_keep(request, response=response, name=_pending(unlock), secret=secret, extra={"user": user.pk})

    return finish


def sign_in_unlocks_release(request: HttpRequest, *, response: HttpResponse) -> None:
    """The second step succeeded and he is signed in: what waited for it becomes his session's."""
    for unlock in _registered():
        kept = secret_get(request, name=_pending(unlock))
        secret_forget(request, response=response, name=_pending(unlock))
        if kept is None:
            continue
        secret, extra = kept
        if isinstance(extra, dict) and extra.get("user") == request.user.pk:
            unlock.keep(request, response, secret, opened_now=False)


def sign_in_unlocks_drop(request: HttpRequest, *, response: HttpResponse) -> None:
    """Forget whatever waits for a second step: it failed, expired or starts again."""
    for unlock in _registered():
        name = _pending(unlock)
        if name in request.session or name in request.COOKIES:
            secret_forget(request, response=response, name=name)
