"""Raising, answering, following up and closing a partner's concern, or a complaint to a network about one of its
member organisations. Every step is audited (without its words) and told by mail to the other side, with a link
and no content.

What a concern or a complaint says is stored as written, in the clear, for the organisation's administrators (and,
for a concern, its partner representatives) to read: it is about how an organisation works, not a person's harm,
which the reporting page takes and seals."""
from datetime import datetime, timedelta

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from holdspace.accounts.emails import send_templated_mail
from holdspace.accounts.throttle import throttled
from holdspace.accounts.models import User
from holdspace.audit.services import audit_record
from holdspace.concerns.models import Concern, ConcernEntry
from holdspace.concerns.policy import response_days_of
from holdspace.organisations.models import Membership, NetworkMembership, Organisation, Role
from holdspace.organisations.selectors import holds_role
from holdspace.web.refusals import Refusal


# Complaints one person may lodge with networks in a day: enough to say what is wrong, and a network's register is
# not flooded.
COMPLAINT_RATE = "5/d"
# Refusals that are a limit reached (429 on the page).
LIMITS = frozenset({"complaint_limit"})


def speaks_for(concern: Concern, *, person: User) -> bool:
    """Whether this partner representative follows up and closes the concern: the one who raised it, or, once
    she has left Holdspace, any of the organisation's partner representatives. The others read it. A complaint
    is followed up and closed by the person who lodged it, and nobody else."""
    if concern.kind == Concern.Kind.COMPLAINT:
        return getattr(person, "is_authenticated", False) and concern.raised_by_id == person.pk
    return (concern.raised_by_id in (None, person.pk)
            and holds_role(person, organisation_id=concern.organisation_id, role=Role.PARTNER_REP))


def concern_raise(*, organisation: Organisation, partner: User, partner_name: str, title: str, text: str) -> Concern:
    if not holds_role(partner, organisation_id=organisation.pk, role=Role.PARTNER_REP):
        raise Refusal("not_partner_rep")
    now = timezone.now()
    days = response_days_of(organisation)
    with transaction.atomic():
        concern = Concern.objects.create(organisation=organisation, raised_by=partner,
                                         partner_name=partner_name.strip(), title=title.strip(), raised_at=now,
                                         respond_by=now + timedelta(days=days))
        ConcernEntry.objects.create(concern=concern, author=partner, kind=ConcernEntry.Kind.CONCERN,
                                    text=text.strip(), created_at=now)
        audit_record(action="concerns.raised", actor_id=partner.pk, organisation_id=organisation.pk, target=concern,
                     details={"days": days})
        transaction.on_commit(lambda: _tell(concern, role=Role.ORG_ADMIN, template="concerns/email/to_organisation"))
    return concern


def complaint_lodge(*, network: Organisation, about: Organisation, person: User, title: str, text: str,
                    now: datetime | None = None) -> Concern:
    """Anyone with a confirmed account lodges a complaint with a network about one of its member organisations
    (suspended or not) as an organisation. The network owes an answer within the days of its concern policy."""
    if not network.is_network:
        raise Refusal("not_a_network")
    if not person.email_verified:
        raise Refusal("email_unconfirmed")
    if not NetworkMembership.objects.filter(network=network, organisation=about).exists():
        raise Refusal("complaint_not_member")
    title, text = title.strip(), text.strip()
    if not title or not text:
        raise Refusal("complaint_empty")
    now = now or timezone.now()
    days = response_days_of(network)
    with transaction.atomic():
        # Counted in the transaction: a complaint refused above, or that fails, is not counted.
        if throttled(scope="complaint", bucket=str(person.pk), rate=COMPLAINT_RATE):
            raise Refusal("complaint_limit")
        complaint = Concern.objects.create(
            organisation=network, kind=Concern.Kind.COMPLAINT, about=about, about_name=about.name, raised_by=person,
            title=title, raised_at=now, respond_by=now + timedelta(days=days))
        ConcernEntry.objects.create(concern=complaint, author=person, kind=ConcernEntry.Kind.CONCERN, text=text,
                                    created_at=now)
        audit_record(action="concerns.complaint_lodged", actor_id=person.pk, organisation_id=network.pk,
                     target=complaint, details={"days": days, "about": about.pk}, at=now)
        transaction.on_commit(lambda: _tell(complaint, role=Role.ORG_ADMIN,
                                            template="concerns/email/complaint_to_network"))
    return complaint


def _locked(concern: Concern) -> Concern:
    return Concern.objects.select_for_update().get(pk=concern.pk)


def concern_answer(*, concern: Concern, actor: User, text: str) -> ConcernEntry:
    """An administrator answers. The first answer is what 'answered on time' is measured by."""
    if not holds_role(actor, organisation_id=concern.organisation_id, role=Role.ORG_ADMIN):
        raise Refusal("not_admin")
    _refuse_own_organisation(concern, actor=actor)
    now = timezone.now()
    with transaction.atomic():
        locked = _locked(concern)
        if locked.status == Concern.Status.CLOSED:
            raise Refusal("concern_closed")
        entry = ConcernEntry.objects.create(concern=locked, author=actor, kind=ConcernEntry.Kind.ANSWER,
                                            text=text.strip(), created_at=now)
        fields = ["status"]
        if locked.first_answered_at is None:
            locked.first_answered_at, locked.answered_on_time = now, now <= locked.respond_by
            fields += ["first_answered_at", "answered_on_time"]
        locked.status = Concern.Status.ANSWERED
        locked.save(update_fields=fields)
        audit_record(action="concerns.answered", actor_id=actor.pk, organisation_id=locked.organisation_id,
                     target=locked, details={"on_time": now <= locked.respond_by})
        transaction.on_commit(lambda: _tell_raiser_side(locked))
    return entry


def concern_follow_up(*, concern: Concern, partner: User, text: str) -> ConcernEntry:
    """A partner adds to the concern, answered or closed: the organisation owes an answer again."""
    if not speaks_for(concern, person=partner):
        raise Refusal("not_raiser")
    now = timezone.now()
    with transaction.atomic():
        locked = _locked(concern)
        entry = ConcernEntry.objects.create(concern=locked, author=partner, kind=ConcernEntry.Kind.FOLLOW_UP,
                                            text=text.strip(), created_at=now)
        if locked.status != Concern.Status.WAITING:
            locked.respond_by = now + timedelta(days=response_days_of(locked.organisation))
        locked.status, locked.closed_at = Concern.Status.WAITING, None
        locked.save(update_fields=["status", "respond_by", "closed_at"])
        audit_record(action="concerns.followed_up", actor_id=partner.pk, organisation_id=locked.organisation_id,
                     target=locked, details={})
        transaction.on_commit(lambda: _tell(locked, role=Role.ORG_ADMIN, template=(
            "concerns/email/complaint_to_network" if locked.kind == Concern.Kind.COMPLAINT
            else "concerns/email/to_organisation")))
    return entry


def concern_close(*, concern: Concern, actor: User, text: str) -> None:
    """A partner closes her concern as settled, or an administrator closes an answered one with a word on why;
    an administrator cannot close a concern still waiting for its answer."""
    is_partner = speaks_for(concern, person=actor)
    if not is_partner and not holds_role(actor, organisation_id=concern.organisation_id, role=Role.ORG_ADMIN):
        raise Refusal("may_not_close")
    if not is_partner:
        _refuse_own_organisation(concern, actor=actor)
    now = timezone.now()
    with transaction.atomic():
        locked = _locked(concern)
        if locked.status == Concern.Status.CLOSED:
            raise Refusal("already_closed")
        if locked.status == Concern.Status.WAITING and not is_partner:
            raise Refusal("answer_first")
        ConcernEntry.objects.create(concern=locked, author=actor, kind=ConcernEntry.Kind.CLOSING,
                                    text=text.strip(), created_at=now)
        locked.status, locked.closed_at = Concern.Status.CLOSED, now
        locked.save(update_fields=["status", "closed_at"])
        audit_record(action="concerns.closed", actor_id=actor.pk, organisation_id=locked.organisation_id,
                     target=locked, details={"by_partner": is_partner})
        if not is_partner:
            transaction.on_commit(lambda: _tell_raiser_side(locked))


def _refuse_own_organisation(concern: Concern, *, actor: User) -> None:
    """A network's administrator who also administers the member a complaint is about takes no part in it."""
    if concern.kind == Concern.Kind.COMPLAINT and concern.about_id and holds_role(
            actor, organisation_id=concern.about_id, role=Role.ORG_ADMIN):
        raise Refusal("complaint_about_own")


def _link(concern: Concern) -> str:
    name = "concerns:complaint" if concern.kind == Concern.Kind.COMPLAINT else "concerns:concern"
    return reverse(name, args=[concern.organisation.slug, concern.pk])


def _tell(concern: Concern, *, role: str, template: str) -> None:
    """A short mail to everyone holding `role`: the words stay on Holdspace."""
    link = _link(concern)
    told = Membership.objects.filter(organisation_id=concern.organisation_id, role=role).select_related("user")
    if concern.kind == Concern.Kind.COMPLAINT and concern.about_id:  # not those who run the member it is about
        told = told.exclude(user_id__in=Membership.objects.filter(
            organisation_id=concern.about_id, role=Role.ORG_ADMIN).values("user_id"))
    for membership in told:
        send_templated_mail(to=membership.user.email, template=template, language=membership.user.language or None,
                            context={"organisation": concern.organisation, "link": link})


def _tell_raiser_side(concern: Concern) -> None:
    """The organisation wrote: a partner's concern is told to its partner representatives, a complaint to the
    person who lodged it (if she still has an account)."""
    if concern.kind != Concern.Kind.COMPLAINT:
        _tell(concern, role=Role.PARTNER_REP, template="concerns/email/to_partners")
        return
    person = User.objects.filter(pk=concern.raised_by_id).only("email", "language").first()
    if person is not None:
        send_templated_mail(to=person.email, template="concerns/email/complaint_to_raiser",
                            language=person.language or None,
                            context={"organisation": concern.organisation, "link": _link(concern)})
