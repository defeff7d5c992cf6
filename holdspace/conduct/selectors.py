"""What the home says to an administrator about her organisations' codes of conduct."""
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Exists, OuterRef, Subquery
from django.utils import timezone

from holdspace.accounts.models import User
from holdspace.conduct.models import CodeVersion
from holdspace.organisations.models import Membership, Organisation, Role


@dataclass(frozen=True)
class CodeWaiting:
    organisation: Organisation
    has_draft: bool
    comments_close_at: datetime | None  # when members' comments on the draft close, if they were opened
    comments_open: bool  # members may still comment on the draft
    in_force: bool  # a version is in force already (the draft will replace it)


def codes_waiting_for_admin(*, user: User, now: datetime | None = None) -> list[CodeWaiting]:
    """The organisations she administers with a draft not yet published, or with no code at all (one query)."""
    now = now or timezone.now()
    administered = Membership.objects.filter(user=user, role=Role.ORG_ADMIN).values("organisation_id")
    drafts = CodeVersion.objects.filter(organisation_id=OuterRef("pk"), status=CodeVersion.Status.DRAFT)
    published = CodeVersion.objects.filter(organisation_id=OuterRef("pk"), status=CodeVersion.Status.PUBLISHED)
    rows = (Organisation.objects.filter(pk__in=administered)
            .annotate(has_draft=Exists(drafts), in_force=Exists(published),
                      comments_close_at=Subquery(drafts.values("comments_close_at")[:1]))
            .order_by("name", "pk"))
    return [CodeWaiting(organisation=row, has_draft=row.has_draft, comments_close_at=row.comments_close_at,
                        comments_open=bool(row.comments_close_at and row.comments_close_at > now),
                        in_force=row.in_force)
            for row in rows if row.has_draft or not row.in_force]
