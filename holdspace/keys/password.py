"""The personal key is locked with the password: a password change locks it again (see
holdspace.accounts.password_locks), opened from the session or with the current password."""
from django.http import HttpRequest

from holdspace.accounts.password_locks import PasswordLock, Relock
from holdspace.keys.selectors import personal_key_exists
from holdspace.keys.services import personal_key_rewrap_password, personal_key_unlock
from holdspace.keys.session import unlocked_key


def _needs_current(request: HttpRequest) -> bool:
    return personal_key_exists(request.user) and unlocked_key(request) is None


def _prepare(request: HttpRequest, current_password: str) -> Relock | None:
    user = request.user
    if not personal_key_exists(user):
        return None
    private_key = unlocked_key(request) or personal_key_unlock(user, password=current_password)

    def relock(new_password: str) -> None:
        personal_key_rewrap_password(user, private_key=private_key, password=new_password)

    return relock


PERSONAL_KEY = PasswordLock(name="personal_key", needs_current=_needs_current, prepare=_prepare)
