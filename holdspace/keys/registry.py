"""What other apps seal to a person's key, told to this app in their `AppConfig.ready`.

When a person makes a new key pair, whatever was sealed to the old one can no longer be
opened. Each app that seals things to personal keys registers a `KeyUse` saying how to
clear what it sealed (so it shows as waiting to be shared again), what must stop the
replacement, and what would be locked for good, for the key page to warn about.
"""
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from holdspace.accounts.models import User


@dataclass(frozen=True)
class KeyUse:
    """One app's use of personal keys."""

    name: str
    # Remove what was sealed to this person's old key pair; return counts for the audit entry.
    forget: Callable[[User], dict[str, int]]
    # A refusal code when a new key pair must not be made now (e.g. open cases only he can open).
    blocks_replacement: Callable[[User], str | None] = lambda user: None
    # Names of what only this person's current key opens: a new key pair locks them for good.
    at_stake: Callable[[User], list[str]] = lambda user: []
    # The key page's warning before those names (lazily translated by the registering app).
    at_stake_warning: str = ""
    # Words for the refusal codes `blocks_replacement` gives (lazily translated).
    refusals: Mapping[str, str] = field(default_factory=dict)
    # A key pair was just made (his first, or a new one), given its public half: seal to it what waited for
    # it; return counts for the audit entry.
    welcome: Callable[..., dict[str, int]] = lambda user, *, public_key: {}
    # His current key was just unlocked for a session, in a POST (the key page, or signing in), given its private
    # half: do what waited for someone holding it (e.g. seal a circle's key to a new co-facilitator's key), each
    # write audited by the app. Never called from a GET.
    unlocked: Callable[..., None] = lambda user, *, private_key: None


_uses: dict[str, KeyUse] = {}


def key_use_register(use: KeyUse) -> None:
    """Register an app's use of personal keys (from its AppConfig.ready; registering twice replaces)."""
    _uses[use.name] = use


def key_uses() -> tuple[KeyUse, ...]:
    return tuple(_uses[name] for name in sorted(_uses))
