"""What the home says to an administrator about her organisations' codes of conduct, and what a network reads of
its members' signatures."""
from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone

from holdspace.conduct.models import CodeVersion, Signature
from holdspace.organisations.models import Organisation
from holdspace.web.prepared import Prepared


@dataclass(frozen=True)
class CodeWaiting:
    organisation: Organisation
    has_draft: bool
    comments_close_at: datetime | None  # when members' comments on the draft close, if they were opened
    comments_open: bool  # members may still comment on the draft
    in_force: bool  # a version is in force already (the draft will replace it)


# Read on every visit to an administrator's home: built once, run many times.
_DRAFTS_AND_IN_FORCE = Prepared(
    lambda organisations: CodeVersion.objects.filter(
        organisation_id__in=organisations, status__in=[CodeVersion.Status.DRAFT, CodeVersion.Status.PUBLISHED])
    .order_by().values_list("organisation_id", "status", "comments_close_at"),
    organisations=list)


def codes_waiting_for_admin(*, organisations: list[Organisation], now: datetime | None = None) -> list[CodeWaiting]:
    """Of the organisations she administers (as the caller loaded them), those with a draft not yet published, or
    with no code at all, in the order given: one query of plain columns (an organisation has at most one draft and
    one version in force), none when she administers nothing."""
    if not organisations:
        return []
    now = now or timezone.now()
    drafts, in_force = {}, set()
    administered = [organisation.pk for organisation in organisations]
    for organisation_id, status, comments_close_at in _DRAFTS_AND_IN_FORCE.rows(organisations=administered):
        if status == CodeVersion.Status.DRAFT:
            drafts[organisation_id] = comments_close_at
        else:
            in_force.add(organisation_id)
    return [CodeWaiting(organisation=organisation, has_draft=organisation.pk in drafts,
                        comments_close_at=(closes := drafts.get(organisation.pk)),
                        comments_open=bool(closes and closes > now), in_force=organisation.pk in in_force)
            for organisation in organisations if organisation.pk in drafts or organisation.pk not in in_force]


def network_code_signed_by(*, network: Organisation, organisations: list[int]) -> dict[int, tuple[int, datetime]]:
    """For each of these member organisations that signed a version of the network's code on its own behalf, the
    latest version it signed (its number) and when: one query, whatever the number of members."""
    found: dict[int, tuple[int, datetime]] = {}
    rows = (Signature.objects.filter(version__organisation=network, on_behalf_of_id__in=organisations)
            .order_by("on_behalf_of_id", "-version__number", "-signed_at")
            .values_list("on_behalf_of_id", "version__number", "signed_at"))
    for organisation_id, number, signed_at in rows:
        found.setdefault(organisation_id, (number, signed_at))
    return found


def versions_published_between(*, organisation: Organisation, start: datetime, end: datetime) -> list[tuple]:
    """The numbers and publication times of the organisation's code versions published in [start, end)."""
    return list(CodeVersion.objects.filter(organisation=organisation, published_at__gte=start, published_at__lt=end)
                .order_by("published_at").values_list("number", "published_at"))
