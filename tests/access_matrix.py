"""Who gets what from every view: the role matrix that every new view joins.

Each entry names a URL, how to build its arguments from the test world, the
HTTP method, and the status each person gets. "login" means a redirect to the
sign-in page; other redirects are written as 302.
"""
from dataclasses import dataclass, field
from typing import Callable

from tests.conftest import CAST, TWO_FACTOR

EVERYONE = [None, *CAST]  # None is the anonymous visitor
SIGNED_IN = list(CAST)
RIVERSIDE = [name for name, roles in CAST.items() if any(org == "riverside" for org, _ in roles)]


def expect(default, **overrides):
    table = {person: default for person in EVERYONE}
    table.update({("anonymous" if k == "anonymous" else k): v for k, v in overrides.items()})
    if "anonymous" in table:
        table[None] = table.pop("anonymous")
    return table


def signed_in(status=200, **overrides):
    return expect(status, anonymous="login", **overrides)


def only(people, status=200, *, others=404, **overrides):
    table = expect(others, anonymous="login", **overrides)
    for person in people:
        table.setdefault(person, status)
        if person not in overrides:
            table[person] = status
    return table


@dataclass
class Row:
    kwargs: Callable = field(default=lambda world, extra: {})
    expected: dict = field(default_factory=dict)
    method: str = "get"
    sudo: bool = False


def _riverside(world, extra):
    return {"slug": world.riverside.slug}


MATRIX: dict[str, Row] = {
    "core:landing": Row(expected=expect(200)),
    "core:dashboard": Row(expected=signed_in()),
    "core:set_language": Row(method="post", expected=expect(302)),
    "accounts:signup": Row(expected=expect(302, anonymous=200)),
    "accounts:signup_sent": Row(expected=expect(200)),
    "accounts:login": Row(expected=expect(302, anonymous=200)),
    "accounts:login_verify": Row(expected=expect("login")),
    "accounts:logout": Row(method="post", expected=expect(302, anonymous="login")),
    "accounts:verify_email": Row(kwargs=lambda w, e: {"uidb64": "OTk5OTk5", "token": "nope-nope"}, expected=expect(400)),
    "accounts:resend_verification": Row(method="post", expected=signed_in(302)),
    "accounts:settings": Row(expected=signed_in()),
    "accounts:password_change": Row(sudo=True, expected=signed_in()),
    "accounts:two_factor_enrol": Row(sudo=True, expected=signed_in()),
    "accounts:two_factor_disable": Row(sudo=True, expected=signed_in()),
    "accounts:backup_codes": Row(sudo=True, expected=signed_in()),
    "accounts:sudo": Row(expected=signed_in()),
    "accounts:password_reset": Row(expected=expect(200)),
    "accounts:password_reset_done": Row(expected=expect(200)),
    "accounts:password_reset_confirm": Row(
        kwargs=lambda w, e: {"uidb64": "MQ", "token": "set-password"}, expected=expect(200)
    ),
    "accounts:password_reset_complete": Row(expected=expect(200)),
    "organisations:new": Row(expected=only(TWO_FACTOR, others=302)),
    "organisations:public": Row(kwargs=_riverside, expected=expect(200)),
    "organisations:home": Row(kwargs=_riverside, expected=only(RIVERSIDE)),
    "organisations:people": Row(kwargs=_riverside, sudo=True, expected=only(["ada"])),
    "organisations:person": Row(
        kwargs=lambda w, e: {"slug": w.riverside.slug, "user_id": w.mateo.pk}, sudo=True, expected=only(["ada"])
    ),
    "organisations:invitation_revoke": Row(
        method="post",
        kwargs=lambda w, e: {"slug": w.riverside.slug, "invitation_id": e["invitation"].pk},
        expected=only(["ada"], status=302),
    ),
    "organisations:network_members": Row(
        kwargs=lambda w, e: {"slug": w.network.slug}, expected=only(["nadia"])
    ),
    "organisations:audit_log": Row(kwargs=_riverside, expected=only(["ada"])),
    # The link's secret is the key: whoever holds it sees the invitation, and
    # only the invited address can accept it.
    "organisations:invitation": Row(kwargs=lambda w, e: {"token": e["token"]}, expected=signed_in()),
}
