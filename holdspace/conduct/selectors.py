"""What the home says to an administrator about her organisations' codes of conduct."""
from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone

from holdspace.conduct.models import CodeVersion
from holdspace.organisations.models import Organisation
from holdspace.web.rows import placeholders, rows_read


@dataclass(frozen=True)
class CodeWaiting:
    organisation: Organisation
    has_draft: bool
    comments_close_at: datetime | None  # when members' comments on the draft close, if they were opened
    comments_open: bool  # members may still comment on the draft
    in_force: bool  # a version is in force already (the draft will replace it)


def codes_waiting_for_admin(*, organisations: list[Organisation], now: datetime | None = None) -> list[CodeWaiting]:
    """Of the organisations she administers (as the caller loaded them), those with a draft not yet published, or
    with no code at all, in the order given: one query of plain columns (an organisation has at most one draft and
    one version in force), none when she administers nothing."""
    if not organisations:
        return []
    now = now or timezone.now()
    drafts, in_force = {}, set()
    administered = [organisation.pk for organisation in organisations]
    # Written out: read on every visit to an administrator's home, and building it with the ORM cost more than
    # running it.
    for organisation_id, status, comments_close_at in rows_read(
            f"SELECT organisation_id, status, comments_close_at FROM {CodeVersion._meta.db_table} "
            f"WHERE organisation_id IN ({placeholders(administered)}) AND status IN (%s, %s)",
            params=[*administered, CodeVersion.Status.DRAFT.value, CodeVersion.Status.PUBLISHED.value],
            fields=[CodeVersion._meta.get_field(name) for name in ("organisation_id", "status", "comments_close_at")]):
        if status == CodeVersion.Status.DRAFT:
            drafts[organisation_id] = comments_close_at
        else:
            in_force.add(organisation_id)
    return [CodeWaiting(organisation=organisation, has_draft=organisation.pk in drafts,
                        comments_close_at=(closes := drafts.get(organisation.pk)),
                        comments_open=bool(closes and closes > now), in_force=organisation.pk in in_force)
            for organisation in organisations if organisation.pk in drafts or organisation.pk not in in_force]
