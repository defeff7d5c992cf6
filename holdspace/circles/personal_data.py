"""What circles hold of a man, for his export and his account's deletion: the circles he asked to join or belongs
to, with the group agreements he accepted, those he facilitates, his attendance, the exercises he wrote and the
messages his circles' facilitators wrote to him (opened with his key). What he
wrote when asking to join is sealed to the circle, for its facilitators: it stays out. Deleting his account ends
his places; a circle he alone facilitates, or whose key he alone holds, is named first, as it stays behind without
him. A place offered to him from a waiting list shows until when it is held. Referrals a facilitator sent him are
sealed to his own key: they are in his export when his key is unlocked, and go with his account. Registered in
CirclesConfig.ready."""
import nacl.public
from django.db.models import Exists, OuterRef
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy
from django.views.decorators.debug import sensitive_variables

from holdspace.accounts.models import User
from holdspace.accounts.personal_data import Consequence, LeftOut, Part, PersonalData, Section, consequence_counted
from holdspace.circles.joining import STANDING, membership_leave
from holdspace.circles.keys import circles_only_openable_by
from holdspace.circles.models import AgendaItem, AgreementVersion, Attendance, Circle, CircleFacilitator, \
    CircleMember, CircleMessage, CircleMessageCopy, Exercise, Referral
from holdspace.circles.referrals import referrals_for
from holdspace.circles.safety import safety_notices_for
from holdspace.circles.safety_keys import safety_concerns_only_openable_by
from holdspace.crypto.boxes import open_sealed_text
from holdspace.keys.session import unlocked_key
from holdspace.keys.views import key_url

AGREEMENT_LABELS = {"title": _("Agreement"), "text": _("What it means")}


def _memberships(user: User) -> list[dict]:
    members = list(CircleMember.objects.filter(user=user).select_related("circle__organisation")
                   .order_by("-joined_at", "-pk"))
    accepted = {(version.circle_id, version.number): version for version in AgreementVersion.objects.filter(
        circle_id__in=[member.circle_id for member in members])}
    records = []
    for member in members:
        version = accepted.get((member.circle_id, member.agreements_accepted))
        records.append({
            "circle": member.circle.name,
            "organisation": member.circle.organisation.name,
            "status": member.get_status_display(),
            "asked_at": member.joined_at,
            "answered_at": member.decided_at,
            "answer": member.decision_message,
            "offered_until": member.offered_until,
            "agreements_version": member.agreements_accepted or None,
            "agreements": Part(key="agreements", title=_("The group agreements you accepted"),
                               labels=AGREEMENT_LABELS, records=list(version.items) if version else []),
        })
    return records


@sensitive_variables()  # the messages' words, opened with his key
def _messages(user: User, *, private_key: nacl.public.PrivateKey | None) -> tuple[list[dict], bool]:
    """The messages his circles' facilitators wrote to him, newest first, their words opened with his key; and
    whether any was sealed to him (so that a locked key leaves words out)."""
    records, any_sealed = [], False
    for copy in (CircleMessageCopy.objects.filter(user=user).select_related("message__circle")
                 .order_by("-message__created_at", "-pk")):
        any_sealed = any_sealed or copy.sealed is not None
        records.append({"circle": copy.message.circle.name, "written_at": copy.message.created_at,
                        "words": open_sealed_text(private_key, sealed=copy.sealed)})
    return records, any_sealed


def circles_export(request: HttpRequest) -> Section:
    user = request.user
    private_key = unlocked_key(request)
    messages, any_sealed = _messages(user, private_key=private_key)
    notices = [{"circle": read.notice.circle.name, "organisation": read.notice.circle.organisation.name,
                "told_at": read.notice.created_at, "respond_by": read.notice.respond_by, "words": read.words}
               for read in safety_notices_for(user, private_key=private_key)]
    facilitated = [{"circle": link.circle.name, "organisation": link.circle.organisation.name, "since": link.added_at}
                   for link in CircleFacilitator.objects.filter(user=user).select_related("circle__organisation")
                   .order_by("circle__name", "pk")]
    attended = [{"circle": row.session.circle.name, "starts_at": row.session.starts_at, "present": row.present}
                for row in Attendance.objects.filter(user=user).select_related("session__circle")
                .order_by("-session__starts_at", "-pk")]
    exercises = [{"title": exercise.title, "kind": exercise.get_kind_display(), "minutes": exercise.duration_minutes,
                  "language": exercise.get_language_display(), "purpose": exercise.purpose,
                  "materials": exercise.materials, "steps": exercise.steps, "notes": exercise.notes,
                  "shared": exercise.shared, "written_at": exercise.created_at}
                 for exercise in Exercise.objects.filter(author=user, key__isnull=True).order_by("-created_at", "-pk")]
    referred, left_out = [], ()
    if private_key is not None:
        referred = [{"circle": read.referral.circle.name, "sent_at": read.referral.created_at,
                     "service": read.words.service, "contact": read.words.contact, "words": read.words.words}
                    for read in referrals_for(user, private_key=private_key) if read.words is not None]
    elif notices or any_sealed or Referral.objects.filter(user=user).exists():
        left_out = (LeftOut(_("Your key is locked, so what only it opens is left out: the words of messages from "
                              "your circles' facilitators and of what a steward told you, and the support a "
                              "facilitator suggested to you. Unlock it first to include them."),
                            link=key_url(next_path=reverse("accounts:your_data")), link_label=_("Unlock your key")),)
    return Section(
        key="circles", title=_("Circles"), left_out=left_out,
        parts=(
            Part(key="memberships", title=_("Circles you asked to join or belong to"), labels={
                "circle": _("Circle"), "organisation": _("Organisation"), "status": _("Where it stands"),
                "asked_at": _("Asked to join"), "answered_at": _("Answered"),
                "answer": _("The facilitators' words to you"),
                "offered_until": _("A place held for you until"),
                "agreements_version": _("Version of the group agreements you accepted"),
                "agreements": _("The group agreements you accepted"),
            }, records=_memberships(user)),
            Part(key="facilitated", title=_("Circles you facilitate"), labels={
                "circle": _("Circle"), "organisation": _("Organisation"), "since": _("Since")}, records=facilitated),
            Part(key="attendance", title=_("Sessions you were marked at"), labels={
                "circle": _("Circle"), "starts_at": _("Session"), "present": _("Present")}, records=attended),
            Part(key="exercises", title=_("Exercises you wrote"), labels={
                "title": _("Title"), "kind": _("Kind"), "minutes": _("Minutes"), "language": _("Language"),
                "purpose": _("Purpose"), "materials": _("Materials"), "steps": _("Steps"),
                "notes": _("Notes for facilitators"), "shared": _("Shared with your organisation"),
                "written_at": _("Written"),
            }, records=exercises),
            Part(key="messages", title=_("Messages from your circles' facilitators"), labels={
                "circle": _("Circle"), "written_at": _("Written"), "words": _("Their words")}, records=messages),
            Part(key="safety_notices", title=_("What a steward told you about a safety concern"), labels={
                "circle": _("Circle"), "organisation": _("Organisation"), "told_at": _("Told"),
                "respond_by": _("Respond by"), "words": _("The steward's words")}, records=notices),
            Part(key="referrals", title=_("Support a facilitator suggested to you"), labels={
                "circle": _("Circle"), "sent_at": _("Sent"), "service": _("Service"),
                "contact": _("How to reach them"), "words": _("The facilitator's words")}, records=referred),
        ),
        notes=(_("When you asked to join a circle, your reasons and your own words were sealed to it for its "
                 "facilitators alone; they are not part of your export. Your feedback on sessions was kept only as "
                 "anonymous counts."),),
    )


def circles_alone_facilitated(user: User) -> list[Circle]:
    """Circles this person facilitates with nobody beside him."""
    others = CircleFacilitator.objects.filter(circle=OuterRef("pk")).exclude(user=user)
    return list(Circle.objects.filter(facilitator_links__user=user).exclude(Exists(others)).order_by("name"))


def _own_exercises(user: User):
    """The exercises he kept to himself that no session's agenda uses: nobody else can reach them, so they go."""
    return Exercise.objects.filter(author=user, key__isnull=True, shared=False).exclude(
        Exists(AgendaItem.objects.filter(exercise=OuterRef("pk"))))


def circles_consequences(user: User) -> list[Consequence]:
    alone = circles_alone_facilitated(user)
    only_key = circles_only_openable_by(user)
    shared = Exercise.objects.filter(author=user, key__isnull=True, shared=True).count()
    return [
        *consequence_counted(CircleMember.objects.filter(user=user, status__in=STANDING).count(), words=ngettext_lazy(
            "Your place in %(count)d circle ends, or your request to join it is withdrawn.",
            "Your places in %(count)d circles end, or your requests to join them are withdrawn.", "count")),
        *consequence_counted(len(alone), names=", ".join(circle.name for circle in alone), flagged=True,
                             words=ngettext_lazy(
            "You alone facilitate %(names)s: it stays with its organisation without a facilitator until one is "
            "named there.",
            "You alone facilitate %(names)s: they stay with their organisation without a facilitator until one is "
            "named there.", "count")),
        *consequence_counted(len(only_key), names=", ".join(circle.name for circle in only_key), flagged=True,
                             words=ngettext_lazy(
            "Only you hold the key of %(names)s: what men wrote to it and the notes on its sessions could never be "
            "opened again. If another facilitator runs it with you, open it once with your key unlocked first, so "
            "that he receives a copy.",
            "Only you hold the keys of %(names)s: what men wrote to them and the notes on their sessions could never "
            "be opened again. Where another facilitator runs one with you, open it once with your key unlocked "
            "first, so that he receives a copy.", "count")),
        *consequence_counted(CircleMessageCopy.objects.filter(user=user).count(), words=ngettext_lazy(
            "The message your circles' facilitators wrote to you is deleted.",
            "The %(count)d messages your circles' facilitators wrote to you are deleted.", "count")),
        *consequence_counted(CircleMessage.objects.filter(author=user).count(), words=ngettext_lazy(
            "The message you wrote to a circle stays with its members and facilitators, without your name.",
            "The %(count)d messages you wrote to circles stay with their members and facilitators, without your "
            "name.", "count")),
        *consequence_counted(len(safety_concerns_only_openable_by(user)), flagged=True, words=ngettext_lazy(
            "Only you can open an open safety concern: it could never be opened again. Ask another steward to "
            "unlock their key first, so that they receive a copy.",
            "Only you can open %(count)d open safety concerns: they could never be opened again. Ask another "
            "steward to unlock their key first, so that they receive copies.", "count")),
        *consequence_counted(Referral.objects.filter(user=user).count(), words=ngettext_lazy(
            "The suggestion of support a facilitator sent you is deleted.",
            "The %(count)d suggestions of support facilitators sent you are deleted.", "count")),
        *consequence_counted(shared, words=ngettext_lazy(
            "The exercise you shared stays in your organisation's library, without your name.",
            "The %(count)d exercises you shared stay in your organisation's library, without your name.", "count")),
        *consequence_counted(_own_exercises(user).count(), words=ngettext_lazy(
            "The exercise you kept to yourself is deleted.",
            "The %(count)d exercises you kept to yourself are deleted.", "count")),
    ]


def circles_before_delete(user: User) -> dict[str, int]:
    """His own exercises go (the cascade would leave them with nobody to read them); those a session used stay
    with it. He leaves each circle he stands in first, so that a place he took goes to the man waiting longest."""
    standing = list(CircleMember.objects.filter(user=user, status__in=STANDING).select_related("circle"))
    for member in standing:
        membership_leave(member=member)
    return {"exercises_deleted": _own_exercises(user).delete()[0], "places_left": len(standing)}


PART = PersonalData(name="circles", order=40, export=circles_export, consequences=circles_consequences,
                    before_delete=circles_before_delete)
