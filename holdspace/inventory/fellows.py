"""Who a man may choose as an accountability partner from his circles, told to this app by circles in
its `AppConfig.ready` (the inventory stands below circles and never imports them)."""
from collections.abc import Callable
from dataclasses import dataclass

from holdspace.accounts.models import User


@dataclass(frozen=True)
class Fellow:
    user_id: int
    name: str  # as fellow members see each other: a first name
    where: str  # the circle they share


_source: dict[str, Callable[[User], list[Fellow]]] = {}


def fellows_source_register(name: str, *, source: Callable[[User], list[Fellow]]) -> None:
    _source[name] = source


def fellows_of(user: User) -> list[Fellow]:
    """The members he shares a circle with, each once, by name."""
    seen: dict[int, Fellow] = {}
    for name in sorted(_source):
        for fellow in _source[name](user):
            if fellow.user_id != user.pk:
                seen.setdefault(fellow.user_id, fellow)
    return sorted(seen.values(), key=lambda fellow: (fellow.name.casefold(), fellow.where.casefold()))
