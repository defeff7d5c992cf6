"""Things locked with a person's password elsewhere (his personal key), told to accounts in their
app's `AppConfig.ready`, so a password change locks them again with the new password in the
same transaction, and accounts never needs to know what they are."""
from collections.abc import Callable
from dataclasses import dataclass

from django.http import HttpRequest

# Given the new password, locks the thing again; run inside the password change's transaction.
Relock = Callable[[str], None]


@dataclass(frozen=True)
class PasswordLock:
    name: str
    # Whether the current password must be typed (nothing unlocked in this session opens it).
    needs_current: Callable[[HttpRequest], bool]
    # Open it now, from the session or with the current password ("" when not asked); return how
    # to lock it again, or None when the person has nothing of the kind. Raises a Refusal when the
    # current password does not open it.
    prepare: Callable[[HttpRequest, str], Relock | None]


_locks: dict[str, PasswordLock] = {}


def password_lock_register(lock: PasswordLock) -> None:
    _locks[lock.name] = lock


def password_locks() -> tuple[PasswordLock, ...]:
    return tuple(_locks[name] for name in sorted(_locks))
