"""A short mail to each member of a circle before its sessions, sent by the daily upkeep.

It says when the session starts, where, and links to his circle's page: nothing of its theme, nor who else comes.
Each session is reminded once (`CircleSession.reminded_at`, claimed in one statement before any mail goes, so that a
second run or a second server sends nothing twice); moving a session sets it back, so its members hear of the new
time. A mail server that fails loses that one reminder: it is a courtesy, and the circle's page shows the sessions.
Each member can turn the reminders of his circle off, and on again."""
from datetime import datetime, timedelta

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from holdspace.accounts.emails import send_templated_mail
from holdspace.audit.services import audit_record
from holdspace.circles.models import CircleMember, CircleSession
from holdspace.web.refusals import Refusal

# The daily job runs once a day: a session starting before its next run, and a little more, is reminded now.
REMIND_AHEAD = timedelta(hours=36)


def session_reminders_set(*, member: CircleMember, on: bool) -> None:
    """A member turns the reminders of his circle's sessions on or off."""
    if not member.is_member:
        raise Refusal("no_longer_member")
    with transaction.atomic():
        CircleMember.objects.filter(pk=member.pk).update(session_reminders=on)
        member.session_reminders = on
        audit_record(action="circle.reminders_set", actor_id=member.user_id,
                     organisation_id=member.circle.organisation_id, target=member.circle, details={"on": on})


def session_reminders_send(*, now: datetime | None = None) -> int:
    """Mail each member who wants them a reminder of each session starting within REMIND_AHEAD and not reminded yet;
    return how many mails went. A fixed number of queries whatever the number of sessions and members."""
    now = now or timezone.now()
    due = CircleSession.objects.filter(reminded_at__isnull=True, starts_at__gt=now, starts_at__lte=now + REMIND_AHEAD)
    with transaction.atomic():
        # Locked, then claimed: a second run waits here and finds them reminded (SQLite takes its write lock at the
        # start of the transaction; PostgreSQL reads the locked rows again once the first run commits).
        claimed = list(due.select_for_update().order_by("starts_at", "pk").values_list("pk", flat=True))
        if not claimed:
            return 0
        CircleSession.objects.filter(pk__in=claimed).update(reminded_at=now)
    sessions: dict[int, list[CircleSession]] = {}
    found = list(CircleSession.objects.filter(pk__in=claimed).select_related("circle").order_by("starts_at", "pk"))
    for session in found:
        sessions.setdefault(session.circle_id, []).append(session)
    members = (CircleMember.objects.filter(circle_id__in=list(sessions), status=CircleMember.Status.MEMBER,
                                           session_reminders=True, user__is_active=True)
               .select_related("user").only("circle_id", "user__email", "user__language").order_by("pk"))
    sent = 0
    for member in members:
        for session in sessions[member.circle_id]:
            man = member.user
            if send_templated_mail(to=man.email, template="circles/email/session_reminder",
                                   language=man.language or None,
                                   context={"circle": session.circle, "session": session,
                                            "link": reverse("circles:space", args=[session.circle.slug]),
                                            "online": session.circle.online}):
                sent += 1
    return sent
