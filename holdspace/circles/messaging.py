"""Messages from a circle's facilitators to its members: "we meet in room 4 this time", "the session moved".

The words are private: each current member's copy is sealed to his own key (CircleMessageCopy), and the message is
sealed to the circle's key for the facilitators' own record. Nothing in the clear is stored, audited or mailed: each
member gets a short mail saying there is a message, with a link to read it on Holdspace with his key.

A member who has not set up a key of his own yet cannot be written to in a way only he can read: his copy is kept
empty, his mail says so and asks him to set up his key to read the messages written from then on, and his page says
a message was written that could not be sealed to him. (Sealing it to him later would need a facilitator's key to
reopen it; the facilitators can tell him in person.)"""
from dataclasses import dataclass
from datetime import datetime

import nacl.public
from django.db import transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from holdspace.accounts.emails import send_templated_mail
from holdspace.accounts.models import User
from holdspace.accounts.throttle import throttled
from holdspace.audit.services import audit_record
from holdspace.circles.keys import open_for_circle, seal_for_circle
from holdspace.circles.models import Circle, CircleFacilitator, CircleMember, CircleMessage, CircleMessageCopy
from holdspace.crypto.boxes import open_sealed_text, seal_to
from holdspace.keys.selectors import public_keys_of
from holdspace.web.refusals import Refusal

MESSAGE_AT_MOST = 2000
# Each message mails every member of the circle: a few an hour is plenty, and keeps the mails from flooding them.
MESSAGE_RATE = "5/h"


def circle_message_send(*, circle: Circle, author: User, text: str, now: datetime | None = None) -> CircleMessage:
    """A facilitator writes to the circle's current members: sealed to each one's own key, and to the circle's key
    for its facilitators. Each member is mailed that a message waits, never what it says."""
    now = now or timezone.now()
    text = (text or "").strip()
    if not text:
        raise Refusal("message_empty")
    if len(text) > MESSAGE_AT_MOST:
        raise Refusal("message_too_long")
    if not circle.public_key:
        raise Refusal("circle_has_no_key")
    with transaction.atomic():
        # Locked: who is a member is read once, against a join or a leave at the same moment.
        list(Circle.objects.select_for_update().filter(pk=circle.pk).values_list("pk", flat=True))
        if not CircleFacilitator.objects.filter(circle=circle, user=author).exists():
            raise Refusal("not_a_facilitator")
        members = list(CircleMember.objects.filter(circle=circle, status=CircleMember.Status.MEMBER)
                       .order_by("user_id").values_list("user_id", flat=True))
        if not members:
            raise Refusal("no_members")
        # Per facilitator and circle, as the refusal says: writing to one circle leaves his others alone. Counted
        # here, so that a message refused above is not counted.
        if throttled(scope="circle-message", bucket=f"{author.pk}:{circle.pk}", rate=MESSAGE_RATE):
            raise Refusal("message_throttled")
        public_keys = public_keys_of(members)
        message = CircleMessage.objects.create(circle=circle, author=author, created_at=now,
                                               sealed=seal_for_circle(circle, text=text))
        CircleMessageCopy.objects.bulk_create(
            CircleMessageCopy(message=message, user_id=user_id,
                              sealed=seal_to(public_keys[user_id], secret=text.encode("utf-8"))
                              if user_id in public_keys else None)
            for user_id in members)
        audit_record(action="circle.message_sent", actor_id=author.pk, organisation_id=circle.organisation_id,
                     target=circle, details={"members": len(members), "without_key": len(members) - len(public_keys)})
        transaction.on_commit(lambda: _tell_members(circle, members=members, sealed=set(public_keys)))
    return message


def _tell_members(circle: Circle, *, members: list[int], sealed: set[int]) -> None:
    """A short mail to each member: that the facilitators wrote, and where to read it; never the words."""
    link = reverse("circles:space", args=[circle.slug]) + "#messages"
    for man in User.objects.filter(pk__in=members, is_active=True).only("email", "language").order_by("pk"):
        send_templated_mail(to=man.email, template="circles/email/message_new", language=man.language or None,
                            context={"circle": circle, "link": link, "sealed": man.pk in sealed})


@dataclass
class MessageRead:
    """One message as a member reads it: its words when his key opens them; `sealed` False when he had no key."""

    created_at: datetime
    sealed: bool
    words: str | None  # None while his key is locked here, or when it was not sealed to him


def circle_messages_for(circle: Circle, *, user: User, private_key: nacl.public.PrivateKey | None,
                        limit: int = 20) -> list[MessageRead]:
    """The circle's messages to him, newest first, opened with his own key when it is unlocked: one query."""
    found = []
    for copy in (CircleMessageCopy.objects.filter(user=user, message__circle=circle)
                 .select_related("message").only("sealed", "message__created_at")
                 .order_by("-message__created_at", "-message_id")[:limit]):
        found.append(MessageRead(copy.message.created_at, copy.sealed is not None,
                                 open_sealed_text(private_key, sealed=copy.sealed)))
    return found


@dataclass
class SentRead:
    """One message as a facilitator reads it back: its words when the circle's key opens them."""

    message: CircleMessage
    words: str | None
    members: int
    without_key: int


def circle_messages_sent(circle: Circle, *, circle_key: nacl.public.PrivateKey | None,
                         limit: int = 50) -> list[SentRead]:
    """What the circle's facilitators sent, newest first, with how many members it went to: one query."""
    messages = list(CircleMessage.objects.filter(circle=circle).select_related("author")
                    .annotate(members=Count("copies"), without_key=Count("copies", filter=Q(copies__sealed__isnull=True)))
                    .order_by("-created_at", "-pk")[:limit])
    return [SentRead(message, open_for_circle(circle_key, sealed=message.sealed), message.members,
                     message.without_key) for message in messages]
