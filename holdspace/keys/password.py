"""The personal key is locked with the password: it opens when he signs in with it (see
holdspace.accounts.sign_in_unlocks), and a password change locks it again (see
holdspace.accounts.password_locks), opened from the session or with the current password."""
import nacl.public
from django.http import HttpRequest, HttpResponse

from holdspace.accounts.models import User
from holdspace.accounts.password_locks import PasswordLock, Relock
from holdspace.accounts.sign_in_unlocks import SignInUnlock
from holdspace.keys.selectors import personal_key_exists, public_key_of
from holdspace.keys.services import personal_key_rewrap_password, personal_key_unlock, personal_key_unlocked
from holdspace.keys.session import unlocked_key, unlocked_key_keep
from holdspace.web.refusals import Refusal


def _current_unlocked(request: HttpRequest):
    """The key unlocked in this session if it is still his current one (he may have made a new one elsewhere)."""
    private_key = unlocked_key(request)
    if private_key is None or public_key_of(request.user) != bytes(private_key.public_key):
        return None
    return private_key


def _needs_current(request: HttpRequest) -> bool:
    return personal_key_exists(request.user) and _current_unlocked(request) is None


def _prepare(request: HttpRequest, current_password: str) -> Relock | None:
    user = request.user
    if not personal_key_exists(user):
        return None
    private_key = _current_unlocked(request) or personal_key_unlock(user, password=current_password)

    def relock(new_password: str) -> None:
        personal_key_rewrap_password(user, private_key=private_key, password=new_password)

    return relock


PERSONAL_KEY = PasswordLock(name="personal_key", needs_current=_needs_current, prepare=_prepare)


def _open_at_sign_in(user: User, password: str) -> bytes | None:
    """His key, opened with the password he signed in with: one key stretching when he has a key, none
    otherwise. A password that does not open it (reset by an administrator, or a key wrapped by an older
    password) opens nothing here; the key page then asks for his recovery code, as before."""
    try:
        return bytes(personal_key_unlock(user, password=password))
    except Refusal:
        return None


def _keep_at_sign_in(request: HttpRequest, response: HttpResponse, secret: bytes, *, opened_now: bool) -> None:
    """He is signed in (the POST of his password, or of his second step): his key is his session's, and what
    waited for it is done. Opened in this request, it is his current key (just read to open it); opened at the
    password step, it is checked again."""
    private_key = nacl.public.PrivateKey(secret)
    unlocked_key_keep(request, response=response, private_key=private_key)
    personal_key_unlocked(request.user, private_key=private_key, current=opened_now)


SIGN_IN = SignInUnlock(name="personal_key", open=_open_at_sign_in, keep=_keep_at_sign_in)
