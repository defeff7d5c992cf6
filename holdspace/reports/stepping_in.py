"""When the organisation does not answer: the reporter asks its network to step in.

The rule: a stage of her case is overdue "by more than the policy's days" when the case is open, the current
stage is the handlers' own (not one whose time is hers or his, pathways.OTHERS_TIME: her view, her readiness,
his answer, the time to appeal) and its due date passed more than `step_in_after_days` days ago (the case's
kept policy; 14 by default). A stage that is done and waiting for closing has no due date, so it is never
overdue.

Stepping in moves the case: its handling organisation becomes the network. That is how a report about an
organisation's leader reaches the network already (holdspace/reports/access.py, handling_organisation_for),
so every rule that decides who may see and handle a case (the case list, the case page, grants, the
recovery ring, reminders, identity requests) keeps working unchanged: each one asks the handling
organisation. Adding the network as a second handler instead would have meant teaching every one of those
rules about two organisations at once, and one missed would have been a leak. The organisation that was
handling it keeps no key to it; it sees on its case list that the case was handed on, and when, and the
record of changes says so.

Her consent is the request itself, made with a confirmation that says what it means. The data key, which
she has open in her session, is sealed to each of the network's handlers who may see the case (never the
respondent, nor anyone who reports to him, here or at the network, nor anyone already kept out of it), and to
the network's recovery ring. Who she is, if she gave her name, is not passed on: that key was sealed to the
organisation alone, and she is told so before she confirms.
"""
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from holdspace.accounts.emails import send_templated_mail
from holdspace.accounts.models import User
from holdspace.audit.services import audit_record
from holdspace.crypto.boxes import seal_to
from holdspace.organisations.models import Organisation
from holdspace.reports.access import case_policy, cases_kept_from, excluded_from, keyholders, network_of, respondent_of
from holdspace.reports.models import (
    Case, CaseExclusion, CaseKey, IdentityRelease, IdentitySeal, RecoveryRequest,
)
from holdspace.reports.moves import case_change
from holdspace.reports.pathways import OTHERS_TIME
from holdspace.reports.people import person_tag
from holdspace.reports.recovery import case_cover, ring_ensure
from holdspace.reports.stages import stage_start
from holdspace.web.refusals import Refusal


@dataclass(frozen=True)
class StepInChance:
    """What her page says about asking the network: whether she may now, and if not yet, from when."""

    network: Organisation | None
    open_now: bool
    from_date: datetime | None = None


def step_in_after(case: Case) -> timedelta:
    return timedelta(days=case_policy(case)["step_in_after_days"])


def stage_overdue_enough(case: Case, *, now: datetime) -> bool:
    """The current stage is the handlers' own and its due date passed more than the policy's days ago, on an open
    case. Time that is hers or his (OTHERS_TIME) is never the organisation being late."""
    return (case.is_open and case.stage_due_at is not None and case.stage not in OTHERS_TIME
            and now > case.stage_due_at + step_in_after(case))


def _receivers(case: Case, network: Organisation) -> list[tuple[int, bytes]]:
    """The network's handlers who may receive the case's key: none kept out of it, here or there."""
    respondent = respondent_of(case)
    excluded = (excluded_from(case.organisation, respondent=respondent)
                | excluded_from(case.handling_organisation, respondent=respondent)
                | excluded_from(network, respondent=respondent))
    tags = set(case.exclusions.values_list("person_tag", flat=True))
    return [(user_id, key) for user_id, key in keyholders(network, excluded=excluded)
            if person_tag(user_id) not in tags]


def step_in_chance(case: Case, *, now: datetime) -> StepInChance | None:
    """None when asking the network is not for this case (closed, already handed on, no network, no stage with a
    due date, a stage whose time is hers or his, or nobody at the network who could receive it); else whether she
    may ask now, or from when."""
    if (not case.is_open or case.stepped_in_at is not None or case.stage_due_at is None
            or case.stage in OTHERS_TIME):
        return None
    network = network_of(case.handling_organisation)
    if network is None:
        return None
    if not stage_overdue_enough(case, now=now):
        return StepInChance(network=network, open_now=False, from_date=case.stage_due_at + step_in_after(case))
    if not _receivers(case, network):
        return None
    return StepInChance(network=network, open_now=True)


def case_step_in(case: Case, *, data_key: bytes, now: datetime | None = None) -> Organisation:
    """At the reporter's request, her case moves to the organisation's network. Refuses with "case_closed",
    "already_stepped_in", "no_network", "not_overdue" or "network_cannot_receive"."""
    now = now or timezone.now()
    if not case.is_open:
        raise Refusal("case_closed")
    if case.stepped_in_at is not None:
        raise Refusal("already_stepped_in")
    network = network_of(case.handling_organisation)
    if network is None:
        raise Refusal("no_network")
    if not stage_overdue_enough(case, now=now):
        raise Refusal("not_overdue")
    receivers = _receivers(case, network)
    if not receivers:
        raise Refusal("network_cannot_receive")
    respondent = respondent_of(case)
    newly_excluded = excluded_from(network, respondent=respondent)
    sealed = {user_id: seal_to(public_key, secret=data_key) for user_id, public_key in receivers}
    ring = ring_ensure(organisation=network, now=now)
    left = case.handling_organisation
    with case_change(case, version=None):
        # The organisation's handlers keep no key, and no part of who reported: both were theirs to handle.
        CaseKey.objects.filter(case=case).exclude(user_id__in=list(sealed)).delete()
        for user_id, box in sealed.items():
            CaseKey.objects.update_or_create(case=case, user_id=user_id, defaults={"sealed": box, "granted_by": None})
        IdentitySeal.objects.filter(case=case).delete()
        IdentityRelease.objects.filter(case=case, decided_at__isnull=True).delete()
        RecoveryRequest.cases.through.objects.filter(case=case).delete()
        for user_id in sorted(newly_excluded):
            CaseExclusion.objects.get_or_create(
                case=case, person_tag=person_tag(user_id),
                defaults={"reason": CaseExclusion.Reason.RESPONDENT if respondent and user_id == respondent.pk
                          else CaseExclusion.Reason.REPORTS_TO_RESPONDENT})
        case.recovery_sealed = case.recovery_public_key = None
        Case.objects.filter(pk=case.pk).update(
            handling_organisation=network, stepped_in_at=now, stepped_in_from=left, identity=None,
            identity_ring_sealed=None, recovery_sealed=None, recovery_public_key=None,
            unread_for_handlers=case.unread_for_handlers + 1, reporter_activity_at=now,
        )
        case.handling_organisation, case.stepped_in_at, case.stepped_in_from = network, now, left
        case.identity = case.identity_ring_sealed = None
        case_cover(case, data_key=data_key, ring=ring)
        # The organisation's late stage ends here, after its due date (so it stays counted late); the network
        # starts the same stage with its days, reminded and escalated like any other.
        stage_start(case, stage=case.stage, now=now)
        for organisation in (left, network):
            audit_record(action="case.network_stepped_in", actor_id=None, organisation_id=organisation.pk,
                         target=case, details={"from": left.pk, "to": network.pk, "holders": len(sealed)})
        people = list(User.objects.filter(pk__in=list(sealed)))
        transaction.on_commit(lambda: _tell(case, network=network, people=people))
    return network


def _tell(case: Case, *, network: Organisation, people: list[User]) -> None:
    """The network's handlers learn a case arrived, in a mail that names no one and nothing of it."""
    link = reverse("reports:case", args=[network.slug, case.reference])
    for person in people:
        send_templated_mail(to=person.email, template="reports/email/stepped_in", language=person.language or None,
                            context={"case": case, "link": link, "organisation": network})


def cases_handed_on(user: User, *, organisation: Organisation) -> list[Case]:
    """The cases this organisation handled until its network stepped in at the reporter's request, as its handlers
    see them on their list: never one this person is kept out of (he would learn a case about him exists)."""
    return list(
        Case.objects.filter(stepped_in_from=organisation).exclude(pk__in=cases_kept_from(user))
        .select_related("handling_organisation").only("reference", "stepped_in_at", "handling_organisation__name")
        .order_by("-stepped_in_at", "-pk")[:20]
    )
