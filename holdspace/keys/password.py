"""The personal key is locked with the password: a password change locks it again (see
holdspace.accounts.password_locks), opened from the session or with the current password."""
from django.http import HttpRequest

from holdspace.accounts.password_locks import PasswordLock, Relock
from holdspace.keys.selectors import personal_key_exists, public_key_of
from holdspace.keys.services import personal_key_rewrap_password, personal_key_unlock
from holdspace.keys.session import unlocked_key


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
