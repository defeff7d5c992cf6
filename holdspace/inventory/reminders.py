"""Mails that say a check-in is due, sent by the daily upkeep (a task on the database queue).

A mail says only that a check-in is due and where to make it: nothing of what he committed to. One
mail a man a day at most, and one for each check-in that falls due; he can turn them off.
"""
from collections import defaultdict
from datetime import datetime

from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

from holdspace.accounts.emails import send_templated_mail
from holdspace.accounts.models import User
from holdspace.audit.services import audit_record
from holdspace.inventory.commitments import EVERY_DAYS, next_check_in_due
from holdspace.inventory.models import Commitment, ReminderOptOut


def reminders_on(owner: User) -> bool:
    return not ReminderOptOut.objects.filter(owner=owner).exists()


def reminders_set(*, owner: User, on: bool) -> None:
    """He turns the mails on or off."""
    with transaction.atomic():
        if on:
            ReminderOptOut.objects.filter(owner=owner).delete()
        else:
            ReminderOptOut.objects.get_or_create(owner=owner)
        audit_record(action="commitment.reminders_set", actor_id=owner.pk, target=owner, details={"on": on})


def check_in_reminders_send(*, now: datetime | None = None) -> int:
    """Mail each man with a check-in due since his last reminder; return how many men were mailed."""
    now = now or timezone.now()
    due: dict[int, list[tuple[int, datetime]]] = defaultdict(list)
    running = (
        Commitment.objects.filter(status=Commitment.Status.ACTIVE, check_in_every__in=list(EVERY_DAYS))
        .exclude(owner__in=ReminderOptOut.objects.values("owner"))
        .annotate(latest=Max("check_ins__at"))
        .only("pk", "owner_id", "check_in_every", "status", "created_at", "reminded_for")
    )
    for commitment in running:
        when = next_check_in_due(commitment, latest=commitment.latest)
        if when is not None and when <= now and (commitment.reminded_for is None or commitment.reminded_for < when):
            due[commitment.owner_id].append((commitment.pk, when))
    owners = User.objects.in_bulk(list(due))
    mailed = 0
    for owner_id, waiting in sorted(due.items()):
        owner = owners.get(owner_id)
        if owner is None or not owner.is_active:
            continue
        sent = send_templated_mail(to=owner.email, template="inventory/email/check_in_due",
                                   language=owner.language or None,
                                   context={"count": len(waiting), "path": reverse("inventory:commitments")})
        if not sent:
            continue  # the mail server failed: he is told on the next run
        with transaction.atomic():
            for pk, when in waiting:
                Commitment.objects.filter(pk=pk).update(reminded_for=when)
        mailed += 1
    return mailed
