"""A facilitator refers one of his circle's men to professional help or a behaviour-change programme from the
organisation's support directory (the reports app's SupportService, kept on its reporting policy page).

Where a man was referred is his own business: the service chosen (its name, what it offers and how to reach it,
copied as the directory had them) and the facilitator's words are sealed to the man's own public key, so only he
opens them, with his key unlocked. The row says only that the circle's facilitators sent him something; the audit
log says "referral made", never which service nor the words. He reads it on his page and deletes it when he wishes.
A man with no key of his own yet cannot be sent one: the facilitator is asked to tell him in person."""
import json
from dataclasses import dataclass
from datetime import datetime

import nacl.public
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from holdspace.accounts.emails import send_templated_mail
from holdspace.accounts.models import User
from holdspace.accounts.throttle import throttled
from holdspace.audit.services import audit_record
from holdspace.circles.models import Circle, CircleMember, Referral
from holdspace.crypto.boxes import open_sealed_text, seal_to
from holdspace.keys.selectors import public_key_of
from holdspace.reports.models import SupportService
from holdspace.reports.submission import arrival_hour
from holdspace.web.refusals import Refusal

WORDS_AT_MOST = 2000
# Referrals a facilitator makes in an hour, whatever the circle: each one mails a man.
REFER_RATE = "10/h"


@dataclass(frozen=True)
class ReferralWords:
    """What a referral holds, opened by the man it was sent to."""

    service: str
    description: str
    contact: str
    words: str


def support_services_for(circle: Circle) -> list[SupportService]:
    """The organisation's support directory, by name: what a facilitator of the circle may refer a man to."""
    return list(SupportService.objects.filter(organisation_id=circle.organisation_id).order_by("name", "pk"))


def referral_make(*, circle: Circle, member_id: int, service_id: int, words: str, actor: User,
                  now: datetime | None = None) -> Referral:
    """Seal the service and the facilitator's words to the member's own key; mail him that something waits."""
    now = now or timezone.now()
    words = (words or "").strip()
    if not circle.facilitator_links.filter(user=actor).exists():
        raise Refusal("not_a_facilitator")
    member = CircleMember.objects.filter(circle=circle, user_id=member_id, status=CircleMember.Status.MEMBER) \
        .select_related("user").first()
    if member is None:
        raise Refusal("referral_not_member")
    service = SupportService.objects.filter(organisation_id=circle.organisation_id, pk=service_id).first()
    if service is None:
        raise Refusal("referral_no_service")
    if not words:
        raise Refusal("referral_words")
    if len(words) > WORDS_AT_MOST:
        raise Refusal("referral_too_long")
    public_key = public_key_of(member.user_id)
    if public_key is None:
        raise Refusal("referral_no_key")
    content = ReferralWords(service=service.name, description=service.description, contact=service.contact,
                            words=words)
    sealed = seal_to(public_key, secret=json.dumps(content.__dict__, ensure_ascii=False).encode("utf-8"))
    with transaction.atomic():
        # Each referral mails the man: a cap keeps the path from flooding anyone. Counted here, so that a referral
        # refused above, or one that fails, is not counted.
        if throttled(scope="circle-referral", bucket=str(actor.pk), rate=REFER_RATE):
            raise Refusal("referral_throttled")
        # Kept to the hour, as a safety notice is: the moment does not pair it with anything else.
        referral = Referral.objects.create(user_id=member.user_id, circle=circle, sealed=sealed,
                                           created_at=arrival_hour(now))
        # To the hour as well, so that the entry and the row are not paired by their moment.
        audit_record(action="circle.referral_made", actor_id=actor.pk, organisation_id=circle.organisation_id,
                     target=circle, at=arrival_hour(now))
        man = member.user
        transaction.on_commit(lambda: send_templated_mail(
            to=man.email, template="circles/email/referral_made", language=man.language or None,
            context={"circle": circle, "link": reverse("circles:referrals")}))
    return referral


def referral_delete(*, referral: Referral, user: User) -> None:
    """He deletes what was sent to him; nothing of it stays: the log keeps that a referral was deleted, not by whom,
    nor from which circle or organisation."""
    if referral.user_id != user.pk:
        raise Refusal("gone")
    with transaction.atomic():
        deleted, _ = Referral.objects.filter(pk=referral.pk, user=user).delete()
        if not deleted:
            raise Refusal("gone")
        audit_record(action="circle.referral_deleted", actor_id=None)


@dataclass
class ReferralRead:
    referral: Referral
    words: ReferralWords | None  # None while his key is locked here


def _opened(private_key: nacl.public.PrivateKey | None, sealed) -> ReferralWords | None:
    opened = open_sealed_text(private_key, sealed=sealed)
    try:
        raw = json.loads(opened) if opened is not None else None
    except ValueError:
        return None
    if not isinstance(raw, dict):
        return None
    return ReferralWords(**{name: str(raw.get(name, "")) for name in ReferralWords.__dataclass_fields__})


def referrals_for(user: User, *, private_key: nacl.public.PrivateKey | None) -> list[ReferralRead]:
    """What facilitators sent him, opened with his own key: one query."""
    return [ReferralRead(referral, _opened(private_key, referral.sealed))
            for referral in Referral.objects.filter(user=user).select_related("circle", "circle__organisation")]


def referral_of(user: User, *, referral_id: int | None) -> Referral | None:
    if referral_id is None:
        return None
    return Referral.objects.filter(user=user, pk=referral_id).select_related("circle").first()
