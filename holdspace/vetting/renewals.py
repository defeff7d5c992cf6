"""Vetting member organisations again, on the schedule their network sets; each change audited.

The network's administrators set how often (every so many months, or never). A member is due that many months
after the last decision on it (its application, a renewal or an appeal), or after it joined when it was never
decided. An administrator opens a renewal for a member that is due; one of the member's administrators answers
it (what changed, the same declarations, references if they wish); the reviewers decide it as an application,
renewed or not renewed with a written reason (services.decide).
"""
from calendar import monthrange
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.db.models import Exists, Max, OuterRef, Subquery
from django.urls import reverse

from holdspace.accounts.emails import send_templated_mail
from holdspace.audit.services import audit_record
from holdspace.organisations.models import Membership, NetworkMembership, Organisation, Role
from holdspace.organisations.selectors import holds_role
from holdspace.vetting import services
from holdspace.vetting.models import EVERY_MONTHS_MAX, Appeal, Application, VettingSchedule
from holdspace.web.refusals import Refusal

# How long a member has to answer a renewal before the reviewers may decide without its answer.
ANSWER_DAYS = 60


def add_months(moment: datetime, *, months: int) -> datetime:
    """The same day `months` later, or the month's last day when it is shorter (31 January + 1 = 28 February)."""
    month = moment.month - 1 + months
    year, month = moment.year + month // 12, month % 12 + 1
    return moment.replace(year=year, month=month, day=min(moment.day, monthrange(year, month)[1]))


def schedule_of(*, network: Organisation) -> int | None:
    """Every how many months the network vets its members again; None for never."""
    return (VettingSchedule.objects.filter(network=network).values_list("every_months", flat=True).first())


def schedule_set(*, network: Organisation, actor, every_months: int | None, now: datetime) -> VettingSchedule:
    if not network.is_network:
        raise Refusal("not_a_network")
    if not services.is_reviewer(network, person=actor):
        raise Refusal("not_reviewer")
    if every_months is not None and not 1 <= every_months <= EVERY_MONTHS_MAX:
        raise Refusal("schedule_out_of_range", most=EVERY_MONTHS_MAX)
    with transaction.atomic():
        schedule, _created = VettingSchedule.objects.update_or_create(
            network=network, defaults={"every_months": every_months, "changed_at": now, "changed_by": actor})
        audit_record(action="vetting.schedule_set", actor_id=actor.pk, organisation_id=network.pk,
                     target=network, details={"every_months": every_months}, at=now)
    return schedule


@dataclass(frozen=True)
class MemberDue:
    organisation: Organisation
    joined_at: datetime
    last_decided_at: datetime | None  # the last decision on it, if any
    due_at: datetime


def members_due(*, network: Organisation, now: datetime) -> list[MemberDue]:
    """The member organisations due to be vetted again now, longest due first, without those with a renewal open:
    two queries (the schedule, then the members with their last decisions) however many members there are."""
    months = schedule_of(network=network)
    if months is None:
        return []
    decisions = Application.objects.filter(network=network, organisation=OuterRef("organisation"),
                                           decided_at__isnull=False)
    appeals = Appeal.objects.filter(application__network=network, application__organisation=OuterRef("organisation"),
                                    decided_at__isnull=False)
    links = (NetworkMembership.objects.filter(network=network).select_related("organisation")
             .annotate(decided=Subquery(decisions.order_by().values("organisation")
                                        .annotate(last=Max("decided_at")).values("last")[:1]),
                       appealed=Subquery(appeals.order_by().values("application__organisation")
                                         .annotate(last=Max("decided_at")).values("last")[:1]))
             .exclude(Exists(Application.objects.filter(
                 network=network, organisation=OuterRef("organisation"), kind=Application.Kind.RENEWAL,
                 status__in=Application.OPEN))))
    due = []
    for link in links:
        last = max((moment for moment in (link.decided, link.appealed) if moment is not None), default=None)
        due_at = add_months(last or link.joined_at, months=months)
        if due_at <= now:
            due.append(MemberDue(link.organisation, link.joined_at, last, due_at))
    return sorted(due, key=lambda member: (member.due_at, member.organisation.name))


def renewal_open(*, network: Organisation, organisation_id: int, actor, now: datetime) -> Application:
    """Ask a member that is due to answer a renewal, within ANSWER_DAYS; its administrators are told by mail."""
    if not services.is_reviewer(network, person=actor):
        raise Refusal("not_reviewer")
    member = next((due for due in members_due(network=network, now=now) if due.organisation.pk == organisation_id),
                  None)
    if member is None:
        if Application.objects.filter(network=network, organisation_id=organisation_id,
                                      kind=Application.Kind.RENEWAL, status__in=Application.OPEN).exists():
            raise Refusal("renewal_open_already")
        if not NetworkMembership.objects.filter(network=network, organisation_id=organisation_id).exists():
            raise Refusal("not_a_member")
        raise Refusal("renewal_not_due")
    if holds_role(actor, organisation_id=organisation_id, role=Role.ORG_ADMIN):
        raise Refusal("excluded")
    try:
        with transaction.atomic():
            renewal = Application.objects.create(
                network=network, organisation=member.organisation, kind=Application.Kind.RENEWAL,
                status=Application.Status.ASKED, opened_by=actor, created_at=now,
                answer_by=now + timedelta(days=ANSWER_DAYS))
            audit_record(action="vetting.renewal_opened", actor_id=actor.pk, organisation_id=network.pk,
                         target=renewal, details={"organisation": organisation_id}, at=now)
    except IntegrityError:  # opened a moment ago by another administrator
        raise Refusal("renewal_open_already") from None
    admins = list(Membership.objects.filter(organisation_id=organisation_id, role=Role.ORG_ADMIN)
                  .select_related("user").order_by("pk"))
    for admin in admins:
        user = admin.user
        transaction.on_commit(lambda user=user: send_templated_mail(
            to=user.email, template="vetting/email/renewal_asked", language=user.language or None,
            context={"network_name": network.name, "organisation_name": member.organisation.name,
                     "answer_by": renewal.answer_by, "path": reverse("vetting:renewal", args=[renewal.pk])}))
    return renewal


def renewals_asked_of(*, person) -> list[Application]:
    """The renewals waiting for an answer from organisations this person administers, oldest first: one query."""
    return list(Application.objects.filter(
        kind=Application.Kind.RENEWAL, status=Application.Status.ASKED,
        organisation__memberships__user=person, organisation__memberships__role=Role.ORG_ADMIN)
        .select_related("network", "organisation").order_by("answer_by", "pk"))


def renewal_for_answer(*, application_id: int, person) -> Application | None:
    """A renewal of an organisation this person administers; None otherwise (one query)."""
    return (Application.objects.filter(pk=application_id, kind=Application.Kind.RENEWAL,
                                       organisation__memberships__user=person,
                                       organisation__memberships__role=Role.ORG_ADMIN)
            .select_related("network", "organisation", "applicant").first())


def renewal_answer(*, application: Application, person, motivation: str, code_number: int | None,
                   declarations: services.Declarations, referees: list[services.Referee],
                   now: datetime) -> tuple[Application, list[str]]:
    """The member's answer: what changed, the declarations, and up to three references; it then waits for the
    reviewers' decision. Returns it with the referees' link secrets."""
    if not application.is_renewal or not holds_role(person, organisation_id=application.organisation_id,
                                                    role=Role.ORG_ADMIN):
        raise Refusal("not_member_admin")
    code = services.answers_check(network=application.network, person=person, motivation=motivation,
                                  code_number=code_number, declarations=declarations, referees=referees,
                                  motivation_missing="renewal_motivation_missing", references_least=0)
    tokens = services.link_secrets(referees)
    with transaction.atomic():
        locked = (Application.objects.select_for_update(of=("self",)).select_related("network", "organisation")
                  .filter(pk=application.pk).first())
        if locked is None or locked.status != Application.Status.ASKED:
            raise Refusal("renewal_not_asked")
        for referee in referees:
            services.count_referee_mail(referee.email)
        locked.applicant, locked.status, locked.answered_at = person, Application.Status.WAITING, now
        for column, value in services.answers_columns(motivation=motivation, code=code,
                                                      declarations=declarations).items():
            setattr(locked, column, value)
        locked.save()
        references = services.references_create(locked, referees=referees, tokens=tokens, now=now)
        audit_record(action="vetting.renewal_answered", actor_id=person.pk, organisation_id=locked.network_id,
                     target=locked, details={"code_number": locked.code_number, "references": len(references)},
                     at=now)
    services.referees_ask(locked, references=references, tokens=tokens)
    return locked, tokens


def renewal_is_late(application: Application, *, now: datetime) -> bool:
    return application.status == Application.Status.ASKED and application.answer_by <= now



