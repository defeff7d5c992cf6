"""A man asks to join a circle with his intake; facilitators answer; members keep
to the group agreements and accept each new version of them.

The waiting list moves by itself. Whenever a place frees (a member leaves, a request holding a place is declined
or withdrawn, the capacity is raised, the circle opens again), it is offered to the man who has waited longest
(`joined_at`, then pk) for OFFER_DAYS: the offer holds the place (models.place_taken), so a place is never offered
or given twice (every change runs under a lock on the circle's row). He answers from his circles' page:
- he accepts: if a facilitator had already read his request and put him on the waiting list himself (`decided_by`
  is set), he becomes a member at once; if he joined the waiting list on his own (the circle was full when he
  asked), nobody has read his request yet, so it goes to the facilitators as a request, with the place held for
  him (`offered_until` stays set) until they answer, HOLD_DAYS at most after the offer's day (then his request
  stays, without the place, which goes to the next man waiting; the facilitators are reminded a few days before);
- he declines, or withdraws: he leaves the waiting list and the place goes to the next man waiting;
- he lets the offer run out (the daily job, waiting_offers_expire): he goes to the end of the waiting list and the
  place goes to the next other man waiting; never straight back to him: if nobody else waits, it stays free until
  another place frees.
Nothing is offered while the circle is closed to new members; opening it again offers its free places. Fewer places,
or closing the circle, takes back what is beyond them (places_take_back), and nobody becomes a member beyond them.
"""
import json
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from holdspace.accounts.emails import send_templated_mail
from holdspace.accounts.models import User
from holdspace.audit.services import audit_record
from holdspace.circles.keys import open_for_circle, seal_for_circle
from holdspace.circles.models import (
    AgreementTranslation, AgreementVersion, Circle, CircleMember, Reason, place_taken,
)
from holdspace.inventory.commitments import commitments_circle_unseal
from holdspace.web.languages import Shown, offered_language, reader_language, shown_in_reader_language
from holdspace.web.refusals import Refusal

Status = CircleMember.Status
# Statuses in which a man already has his place or his request: asking again is a duplicate.
STANDING = (Status.ASKED, Status.MEMBER, Status.WAITING, Status.OFFERED)
# How long a place from the waiting list is held for the man it is offered to.
OFFER_DAYS = 7
# How long after the offer's day a request from an accepted offer holds its place while the facilitators answer,
# and how many days before that they are reminded of it.
HOLD_DAYS = 14
HOLD_REMINDER_DAYS = 3


@dataclass(frozen=True)
class Intake:
    reasons: tuple[str, ...]
    in_his_words: str = ""
    accepts_agreements: bool = False
    waiting_list_ok: bool = False
    agreements_version: int | None = None  # the version he read, when the page says which


def intake_seal(circle: Circle, *, reasons: list[str], words: str) -> bytes:
    return seal_for_circle(circle, text=json.dumps({"reasons": reasons, "words": words}))


def intake_open(circle_key, *, sealed) -> tuple[list[str], str] | None:
    """His reasons and his words, for a facilitator holding the circle's key; None otherwise."""
    opened = open_for_circle(circle_key, sealed=sealed)
    if opened is None:
        return None
    try:
        data = json.loads(opened)
    except ValueError:
        return None
    return [r for r in data.get("reasons", []) if r in Reason.values], str(data.get("words", ""))


def places_left(circle: Circle) -> int:
    """Places nobody takes: members, offers pending and requests holding an offered place all take one."""
    return circle.capacity - CircleMember.objects.filter(place_taken(), circle=circle).count()


def _members_full(circle: Circle) -> bool:
    """Whether the circle has as many members as places already: nobody more becomes a member."""
    return CircleMember.objects.filter(circle=circle, status=Status.MEMBER).count() >= circle.capacity


def _lock(circle: Circle) -> Circle:
    """The circle's row, locked for this transaction: one place, one man."""
    return Circle.objects.select_for_update().get(pk=circle.pk)


def places_offer(*, circle: Circle, now: datetime | None = None, passing: frozenset[int] = frozenset()
                 ) -> list[CircleMember]:
    """Offer each free place to the man who has waited longest; call under the circle's lock (_lock), after any
    change that frees a place. An offer pending already takes its place, so none is offered twice. `passing`: men
    (user ids) whose offer just ran out, passed over this time."""
    now = now or timezone.now()
    locked = Circle.objects.get(pk=circle.pk)
    if not locked.open_to_new:
        return []
    free = places_left(locked)
    if free <= 0:
        return []
    offered = list(CircleMember.objects.filter(circle=locked, status=Status.WAITING).exclude(user_id__in=passing)
                   .select_related("user").order_by("joined_at", "pk")[:free])
    for member in offered:
        member.status, member.offered_until = Status.OFFERED, now + timedelta(days=OFFER_DAYS)
        member.save(update_fields=["status", "offered_until"])
        audit_record(action="circle.place_offered", actor_id=None, organisation_id=locked.organisation_id,
                     target=locked, details={"member": member.user_id})
        man = member.user
        transaction.on_commit(lambda man=man: send_templated_mail(
            to=man.email, template="circles/email/place_offered", language=man.language or None,
            context={"circle": locked, "days": OFFER_DAYS, "link": reverse("circles:mine")}))
    return offered


def places_take_back(*, circle: Circle, actor: User) -> list[CircleMember]:
    """After the circle's places were lowered or it closed to new members (call under its lock): offers not yet
    taken, newest first, then places held for requests, newest first, go back while more are taken than it has
    places; a closed circle takes back every offer not yet taken. A man offered goes back to the waiting list at his
    place in it; a held request stays a request, without the place. Each man is told by mail."""
    locked = Circle.objects.get(pk=circle.pk)
    newest = ("-offered_until", "-pk")
    offers = list(CircleMember.objects.select_for_update(of=("self",)).select_related("user")
                  .filter(circle=locked, status=Status.OFFERED).order_by(*newest))
    held = list(CircleMember.objects.select_for_update(of=("self",)).select_related("user")
                .filter(circle=locked, status=Status.ASKED, offered_until__isnull=False).order_by(*newest))
    members = CircleMember.objects.filter(circle=locked, status=Status.MEMBER).count()
    over = members + len(offers) + len(held) - locked.capacity
    back = (offers + held)[:max(over, 0 if locked.open_to_new else len(offers))]
    for member in back:
        offered = member.status == Status.OFFERED
        if offered:
            member.status = Status.WAITING  # joined_at unchanged: his place in the list
        member.offered_until = None
        member.save(update_fields=["status", "offered_until"])
        audit_record(action="circle.place_taken_back", actor_id=actor.pk, organisation_id=locked.organisation_id,
                     target=locked, details={"member": member.user_id})
        # He hears it from us, not by finding his offer gone: what changed and where he stands now.
        man = member.user
        transaction.on_commit(robust=True, func=lambda man=man, offered=offered: send_templated_mail(
            to=man.email, template="circles/email/place_taken_back", language=man.language or None,
            context={"circle": locked, "offered": offered, "closed": not locked.open_to_new,
                     "link": reverse("circles:mine")}))
    return back


def offer_accept(*, member: CircleMember, now: datetime | None = None) -> CircleMember:
    """He takes the place offered: a member when a facilitator had put him on the waiting list, otherwise a request
    for the facilitators with the place held for him (see the module's note)."""
    now = now or timezone.now()
    with transaction.atomic():
        circle = _lock(member.circle)
        member = CircleMember.objects.select_for_update().select_related("user").get(pk=member.pk)
        if member.status != Status.OFFERED:
            raise Refusal("offer_gone")
        welcomed = member.decided_by_id is not None
        if welcomed and _members_full(circle):  # never more members than places, whatever came before
            raise Refusal("no_place_now")
        if welcomed:
            member.status, member.offered_until, member.decided_at = Status.MEMBER, None, now
        else:
            member.status = Status.ASKED  # offered_until stays: the place is held while the facilitators answer
            member.hold_reminded_at = None  # a new hold: its facilitators are reminded of it in its turn
        member.save(update_fields=["status", "offered_until", "decided_at", "hold_reminded_at"])
        audit_record(action="circle.offer_accepted", actor_id=member.user_id, organisation_id=circle.organisation_id,
                     target=circle, details={"welcomed": welcomed})
        if not welcomed:
            transaction.on_commit(lambda: _tell_facilitators(circle))
    return member


def offer_decline(*, member: CircleMember, now: datetime | None = None) -> CircleMember:
    """He turns the place down and leaves the waiting list (what he wrote goes with him); the place goes to the
    next man waiting."""
    with transaction.atomic():
        circle = _lock(member.circle)
        member = CircleMember.objects.select_for_update().get(pk=member.pk)
        if member.status != Status.OFFERED:
            raise Refusal("offer_gone")
        member.status, member.offered_until, member.intake_sealed = Status.LEFT, None, None
        member.save(update_fields=["status", "offered_until", "intake_sealed"])
        audit_record(action="circle.offer_declined", actor_id=member.user_id,
                     organisation_id=circle.organisation_id, target=circle)
        places_offer(circle=circle, now=now)
    return member


def waiting_offers_expire(*, now: datetime | None = None) -> int:
    """The daily job: each offer past its day goes back to the end of the waiting list, and its place to the next
    other man waiting; each request whose place was held HOLD_DAYS after the offer's day keeps no place any more,
    and its place goes to the next man waiting. The facilitators are reminded of a held request HOLD_REMINDER_DAYS
    before (holds_remind). Returns how many offers and holds ran out."""
    now = now or timezone.now()
    hold_ends = now - timedelta(days=HOLD_DAYS)
    holds_remind(now=now)
    expired = 0
    circle_ids = set(CircleMember.objects.filter(
        Q(status=Status.OFFERED, offered_until__lt=now) | Q(status=Status.ASKED, offered_until__lt=hold_ends))
        .values_list("circle_id", flat=True))
    for circle_id in sorted(circle_ids):
        with transaction.atomic():
            circle = Circle.objects.select_for_update().get(pk=circle_id)
            lapsed = list(CircleMember.objects.select_for_update()
                          .filter(circle=circle, status=Status.OFFERED, offered_until__lt=now).order_by("pk"))
            for member in lapsed:
                # To the end of the list: his turn comes again after the men who waited while he had his.
                member.status, member.offered_until, member.joined_at = Status.WAITING, None, now
                member.save(update_fields=["status", "offered_until", "joined_at"])
                audit_record(action="circle.offer_lapsed", actor_id=None, organisation_id=circle.organisation_id,
                             target=circle, details={"member": member.user_id})
            unanswered = list(CircleMember.objects.select_for_update()
                              .filter(circle=circle, status=Status.ASKED, offered_until__lt=hold_ends).order_by("pk"))
            for member in unanswered:  # his request stays for the facilitators, without the place
                member.offered_until = None
                member.save(update_fields=["offered_until"])
                audit_record(action="circle.hold_lapsed", actor_id=None, organisation_id=circle.organisation_id,
                             target=circle, details={"member": member.user_id})
            expired += len(lapsed) + len(unanswered)
            places_offer(circle=circle, now=now, passing=frozenset(member.user_id for member in lapsed))
    return expired


def holds_remind(*, now: datetime) -> int:
    """Tell each circle's facilitators once that requests they have not answered will soon stop holding their
    places: HOLD_REMINDER_DAYS before the first of them ends, on whichever run of the daily job first passes that
    mark (a run missed, late or made twice still sends one mail). Returns how many requests they were told of."""
    hold_ends = now - timedelta(days=HOLD_DAYS)
    due = CircleMember.objects.filter(status=Status.ASKED, hold_reminded_at__isnull=True, offered_until__gte=hold_ends,
                                      offered_until__lte=hold_ends + timedelta(days=HOLD_REMINDER_DAYS))
    told = 0
    for circle in Circle.objects.filter(pk__in=due.values("circle_id")).order_by("pk"):
        with transaction.atomic():
            circle = _lock(circle)  # as every change to who holds its places
            # Marked in one statement that only an unmarked row passes: two runs at once send one mail.
            marked = due.filter(circle=circle).update(hold_reminded_at=now)
            if not marked:
                continue
            told += marked
            first_end = min(CircleMember.objects.filter(circle=circle, status=Status.ASKED, hold_reminded_at=now)
                            .values_list("offered_until", flat=True)) + timedelta(days=HOLD_DAYS)
            transaction.on_commit(robust=True, func=lambda circle=circle, count=marked, first_end=first_end:
                                  _tell_facilitators(circle, template="circles/email/hold_ending", count=count,
                                                     first_end=first_end))
    return told


def join_ask(*, circle: Circle, user: User, intake: Intake) -> CircleMember:
    """Ask to join with an intake; on a full circle, only onto the waiting list and only if he agreed to that."""
    if set(intake.reasons) - set(Reason.values):
        raise Refusal("unknown_reason")
    if not circle.open_to_new:
        raise Refusal("not_open")
    if not intake.accepts_agreements:
        raise Refusal("agreements")
    if intake.agreements_version is not None and intake.agreements_version != circle.agreements_version:
        raise Refusal("stale_agreements")
    if not circle.public_key:
        raise Refusal("no_key")
    if circle.facilitator_links.filter(user=user).exists():
        raise Refusal("facilitator")
    with transaction.atomic():
        _lock(circle)  # one place, one man
        existing = CircleMember.objects.filter(circle=circle, user=user).first()
        if existing is not None and existing.status in STANDING:
            raise Refusal("duplicate")
        full = places_left(circle) <= 0
        if full and not intake.waiting_list_ok:
            raise Refusal("full")
        member = existing or CircleMember(circle=circle, user=user)
        member.status = Status.WAITING if full else Status.ASKED
        member.intake_sealed = intake_seal(circle, reasons=sorted(set(intake.reasons), key=Reason.values.index),
                                           words=intake.in_his_words.strip())
        member.agreements_accepted = circle.agreements_version
        member.joined_at = timezone.now()
        member.decided_at = None
        member.decided_by = None
        member.decision_message = ""
        member.offered_until = None
        member.save()
        audit_record(action="circle.join_asked", actor_id=user.pk, organisation_id=circle.organisation_id,
                     target=circle, details={"waiting_list": full})
        transaction.on_commit(lambda: _tell_facilitators(circle))
    return member


def _tell_facilitators(circle: Circle, *, template: str = "circles/email/request_new", **context) -> None:
    """A short mail to each facilitator, in his language, with a link to the circle's requests: who asked and why
    stay on Holdspace."""
    link = reverse("circles:manage", args=[circle.organisation.slug, circle.slug])
    for facilitator in circle.facilitators.all():
        send_templated_mail(to=facilitator.email, template=template, language=facilitator.language or None,
                            context={"circle": circle, "link": link, **context})


class Decision:
    ACCEPT = "accept"
    WAITLIST = "waitlist"
    DECLINE = "decline"
    CHOICES = (ACCEPT, WAITLIST, DECLINE)


def join_decide(*, member: CircleMember, decision: str, message: str, actor: User) -> CircleMember:
    """Accept, put on the waiting list or decline a request, with a few words to the man. A man a place is held
    for (offered, or his request from an offer he took) is welcomed into it or declined, not put back on the
    list."""
    if decision not in Decision.CHOICES:
        raise Refusal("unknown_decision")
    circle = member.circle
    with transaction.atomic():
        circle = _lock(circle)
        # Read again under the lock: he may have withdrawn a moment ago.
        member = CircleMember.objects.select_for_update().select_related("user", "circle").get(pk=member.pk)
        if member.status not in (Status.ASKED, Status.WAITING, Status.OFFERED):
            raise Refusal("decided")
        # A place offered to him, or one he accepted while his request waits: it is his if he is welcomed.
        held = member.holds_place or member.status == Status.OFFERED
        if decision == Decision.WAITLIST and held:
            raise Refusal("place_held")
        if decision == Decision.WAITLIST and circle.open_to_new and places_left(circle) > 0:
            raise Refusal("place_free")  # the list would offer him the free place at once
        if decision == Decision.ACCEPT and not held and places_left(circle) <= 0:
            raise Refusal("no_place")
        if decision == Decision.ACCEPT and _members_full(circle):
            raise Refusal("members_full")
        member.status = {
            Decision.ACCEPT: Status.MEMBER, Decision.WAITLIST: Status.WAITING, Decision.DECLINE: Status.DECLINED
        }[decision]
        member.decided_at = timezone.now()
        member.decided_by = actor
        member.decision_message = message.strip()
        member.offered_until = None
        if decision == Decision.DECLINE:
            member.intake_sealed = None  # nothing he wrote is kept once he is not coming
        member.save(update_fields=["status", "decided_at", "decided_by", "decision_message", "intake_sealed",
                                   "offered_until"])
        audit_record(action=f"circle.join_{decision}", actor_id=actor.pk, organisation_id=circle.organisation_id,
                     target=circle, details={"member": member.user_id})
        if held:
            places_offer(circle=circle)  # a place declined goes to the next man waiting
        man = member.user
        transaction.on_commit(lambda: send_templated_mail(
            to=man.email, template="circles/email/request_answered", language=man.language or None,
            context={"circle": circle, "link": reverse("circles:mine")}))
    return member


def membership_leave(*, member: CircleMember) -> None:
    """A man leaves the circle or withdraws his request; his intake words go with him, and its facilitators no
    longer read the commitments he made in its rounds (through the inventory's service)."""
    with transaction.atomic():
        _lock(member.circle)
        member.refresh_from_db(fields=["status", "offered_until"])
        frees = member.status in (Status.MEMBER, Status.OFFERED) or member.holds_place
        member.status = Status.LEFT
        member.intake_sealed = None
        member.offered_until = None
        member.save(update_fields=["status", "intake_sealed", "offered_until"])
        commitments_circle_unseal(circle_id=member.circle_id, owner_id=member.user_id)
        audit_record(action="circle.left", actor_id=member.user_id, organisation_id=member.circle.organisation_id,
                     target=member.circle)
        if frees:
            places_offer(circle=member.circle)  # his place goes to the man who has waited longest


def current_agreements(circle: Circle) -> AgreementVersion | None:
    return AgreementVersion.objects.filter(circle=circle, number=circle.agreements_version).first()


def agreements_accept(*, member: CircleMember, version: int) -> None:
    """A member accepts the version he read; an older page cannot accept a newer version."""
    if version != member.circle.agreements_version:
        raise Refusal("stale")
    with transaction.atomic():
        CircleMember.objects.filter(pk=member.pk).update(agreements_accepted=version)
        audit_record(action="circle.agreements_accepted", actor_id=member.user_id,
                     organisation_id=member.circle.organisation_id, target=member.circle, details={"version": version})


def agreements_amend(*, circle: Circle, items: list[dict], change_note: str, actor: User) -> AgreementVersion:
    """Publish a new version of the agreements; members are asked to accept it again."""
    items = [{"title": i["title"].strip(), "text": i["text"].strip()} for i in items if i["title"].strip()]
    if not items:
        raise Refusal("no_agreements")
    with transaction.atomic():
        locked = Circle.objects.select_for_update().get(pk=circle.pk)
        number = locked.agreements_version + 1
        version = AgreementVersion.objects.create(circle=locked, number=number, items=items,
                                                  change_note=change_note.strip(), created_by=actor)
        Circle.objects.filter(pk=circle.pk).update(agreements_version=number)
        circle.agreements_version = number
        audit_record(action="circle.agreements_amended", actor_id=actor.pk, organisation_id=circle.organisation_id,
                     target=circle, details={"version": number})
    return version


def agreements_shown(circle: Circle, *, version: AgreementVersion | None, asks_original: bool = False) -> Shown | None:
    """The version's agreements in the reader's language when its facilitators wrote them in it, else as written
    in the circle's language: one query, none when the reader reads the circle's language."""
    if version is None:
        return None
    reader = reader_language()
    versions = {} if reader == circle.language else dict(
        AgreementTranslation.objects.filter(version=version, language=reader).values_list("language", "items"))
    return shown_in_reader_language(original=version.items, original_language=circle.language, versions=versions,
                                    asks_original=asks_original, reader=reader)


def agreements_translation_save(*, circle: Circle, number: int, language: str, items: list[dict],
                                actor: User) -> AgreementTranslation:
    """Write or revise the agreements in force in another offered language, one title and text for each of its
    agreements in their order; the translation belongs to this version."""
    if offered_language(language) != language or language == circle.language:
        raise Refusal("translation_language")
    items = [{"title": item["title"].strip(), "text": item["text"].strip()} for item in items]
    with transaction.atomic():
        locked = Circle.objects.select_for_update().get(pk=circle.pk)
        if number != locked.agreements_version:
            raise Refusal("stale_translation")
        version = AgreementVersion.objects.filter(circle=locked, number=number).first()
        if version is None or len(items) != len(version.items) or not all(item["title"] for item in items):
            raise Refusal("translation_agreements")
        translation, _created = AgreementTranslation.objects.update_or_create(
            version=version, language=language, defaults={"items": items, "updated_by": actor})
        audit_record(action="circle.agreements_translated", actor_id=actor.pk, organisation_id=circle.organisation_id,
                     target=circle, details={"version": number, "language": language})
    return translation
