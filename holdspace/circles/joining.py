"""A man asks to join a circle with his intake; facilitators answer; members keep
to the group agreements and accept each new version of them."""
import json
from dataclasses import dataclass

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from holdspace.accounts.emails import send_templated_mail
from holdspace.accounts.models import User
from holdspace.audit.services import audit_record
from holdspace.circles.keys import open_for_circle, seal_for_circle
from holdspace.circles.models import AgreementTranslation, AgreementVersion, Circle, CircleMember, Reason
from holdspace.inventory.commitments import commitments_circle_unseal
from holdspace.web.languages import Shown, offered_language, reader_language, shown_in_reader_language
from holdspace.web.refusals import Refusal

Status = CircleMember.Status
# Statuses in which a man already has his place or his request: asking again is a duplicate.
STANDING = (Status.ASKED, Status.MEMBER, Status.WAITING)


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
    return circle.capacity - CircleMember.objects.filter(circle=circle, status=Status.MEMBER).count()


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
        Circle.objects.select_for_update().filter(pk=circle.pk).first()  # one place, one man
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
        member.save()
        audit_record(action="circle.join_asked", actor_id=user.pk, organisation_id=circle.organisation_id,
                     target=circle, details={"waiting_list": full})
        transaction.on_commit(lambda: _tell_facilitators(circle))
    return member


def _tell_facilitators(circle: Circle) -> None:
    """A short mail to each facilitator: who asked and why stay on Holdspace."""
    link = reverse("circles:manage", args=[circle.organisation.slug, circle.slug])
    for facilitator in circle.facilitators.all():
        send_templated_mail(to=facilitator.email, template="circles/email/request_new",
                            language=facilitator.language or None, context={"circle": circle, "link": link})


class Decision:
    ACCEPT = "accept"
    WAITLIST = "waitlist"
    DECLINE = "decline"
    CHOICES = (ACCEPT, WAITLIST, DECLINE)


def join_decide(*, member: CircleMember, decision: str, message: str, actor: User) -> CircleMember:
    """Accept, put on the waiting list or decline a request, with a few words to the man."""
    if decision not in Decision.CHOICES:
        raise Refusal("unknown_decision")
    circle = member.circle
    with transaction.atomic():
        Circle.objects.select_for_update().filter(pk=circle.pk).first()
        # Read again under the lock: he may have withdrawn a moment ago.
        member = CircleMember.objects.select_for_update().select_related("user", "circle").get(pk=member.pk)
        if member.status not in (Status.ASKED, Status.WAITING):
            raise Refusal("decided")
        if decision == Decision.ACCEPT and places_left(circle) <= 0:
            raise Refusal("no_place")
        member.status = {
            Decision.ACCEPT: Status.MEMBER, Decision.WAITLIST: Status.WAITING, Decision.DECLINE: Status.DECLINED
        }[decision]
        member.decided_at = timezone.now()
        member.decided_by = actor
        member.decision_message = message.strip()
        if decision == Decision.DECLINE:
            member.intake_sealed = None  # nothing he wrote is kept once he is not coming
        member.save(update_fields=["status", "decided_at", "decided_by", "decision_message", "intake_sealed"])
        audit_record(action=f"circle.join_{decision}", actor_id=actor.pk, organisation_id=circle.organisation_id,
                     target=circle, details={"member": member.user_id})
        man = member.user
        transaction.on_commit(lambda: send_templated_mail(
            to=man.email, template="circles/email/request_answered", language=man.language or None,
            context={"circle": circle, "link": reverse("circles:mine")}))
    return member


def membership_leave(*, member: CircleMember) -> None:
    """A man leaves the circle or withdraws his request; his intake words go with him, and its facilitators no
    longer read the commitments he made in its rounds (through the inventory's service)."""
    with transaction.atomic():
        member.status = Status.LEFT
        member.intake_sealed = None
        member.save(update_fields=["status", "intake_sealed"])
        commitments_circle_unseal(circle_id=member.circle_id, owner_id=member.user_id)
        audit_record(action="circle.left", actor_id=member.user_id, organisation_id=member.circle.organisation_id,
                     target=member.circle)


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
