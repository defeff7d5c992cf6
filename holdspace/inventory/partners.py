"""An accountability partner for one commitment: another member who sees that commitment and its
check-ins (never the inventory, the amends or the other commitments), confirms a check-in or leaves a
word of encouragement, and can decline or leave at any time; the man can end the partnership too.

The invitation carries the commitment's key: sealed to the invited member's own key when the man
chose him from a circle and he has one, otherwise locked with a key made from the secret in the
invitation's link, which only the mail carries. Accepting seals the key to the partner's own key; a
partner who leaves is unsealed, and the words move to a fresh key he never held.
"""
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

import nacl.public
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation

from holdspace.accounts.emails import send_templated_mail
from holdspace.accounts.models import User
from holdspace.audit.services import audit_record
from holdspace.crypto.boxes import CannotOpen, lock, open_sealed, seal_to, unlock
from holdspace.crypto.derivation import key_from_token, lookup_hash
from holdspace.inventory.commitments import commitment_key, key_in_hand
from holdspace.inventory.fellows import fellows_of
from holdspace.inventory.models import Commitment, CommitmentCheckIn, Encouragement, PartnerInvitation
from holdspace.accounts.throttle import throttled
from holdspace.inventory.sealing import (
    commitment_key_open,
    commitment_rekey,
    commitment_text,
    partner_seal_drop,
    words_lock,
    words_open,
)
from holdspace.keys.selectors import public_key_of
from holdspace.web.refusals import Refusal

INVITATION_DAYS = 14
INVITATIONS_A_DAY = 5
ADDRESS_RATE = "3/d"  # invitations to one address, whoever sends them
ENCOURAGEMENTS_A_DAY = 10
MAX_WORDS = 1000
TOKEN_MAX = 64
LINK_PURPOSE = b"hs-partner-link"
KEY_PURPOSE = b"hs-partner-key"


def _token_hash(token: str) -> str:
    return lookup_hash(token, purpose=LINK_PURPOSE)


def invitation_by_token(token: str) -> PartnerInvitation | None:
    """The invitation a link's secret belongs to (its keyed hash is all the row keeps), or None."""
    if not token or len(token) > TOKEN_MAX:
        return None
    return PartnerInvitation.objects.filter(token_hash=_token_hash(token)).select_related("commitment__owner").first()


def invitation_is_open(invitation: PartnerInvitation, *, now: datetime | None = None) -> bool:
    return invitation.status == PartnerInvitation.Status.OPEN and invitation.expires_at > (now or timezone.now())


@dataclass(frozen=True)
class Invited:
    invitation: PartnerInvitation
    token: str | None  # the link's secret, mailed and never stored; None when sealed to a chosen member


def partner_invite(*, commitment: Commitment, owner: User, private_key: nacl.public.PrivateKey | None,
                   email: str = "", invitee_id: int | None = None, now: datetime | None = None) -> Invited:
    """He asks someone to be his partner for this commitment: by email address, or a member he shares a
    circle with. Refuses while the commitment has a partner or an invitation waiting."""
    now = now or timezone.now()
    email = email.strip()
    if commitment.owner_id != owner.pk:
        raise Refusal("not_yours")
    if bool(email) == bool(invitee_id):
        raise Refusal("invite_whom")
    invitee = None
    if email:
        try:
            validate_email(email)
        except ValidationError:
            raise Refusal("bad_address") from None
        if email.casefold() == owner.email.casefold():
            raise Refusal("not_yourself")
    else:
        if invitee_id == owner.pk:
            raise Refusal("not_yourself")
        if invitee_id not in {fellow.user_id for fellow in fellows_of(owner)}:
            raise Refusal("not_a_fellow")
        invitee = User.objects.get(pk=invitee_id)
    with transaction.atomic():
        User.objects.select_for_update().filter(pk=owner.pk).first()  # his invitations are counted one at a time
        commitment = Commitment.objects.select_for_update().get(pk=commitment.pk)
        if commitment.status != Commitment.Status.ACTIVE:
            raise Refusal("ended")
        if commitment.partner_id is not None:
            raise Refusal("has_partner")
        if PartnerInvitation.objects.filter(commitment=commitment, status=PartnerInvitation.Status.OPEN,
                                            expires_at__gt=now).exists():
            raise Refusal("invitation_waiting")
        sent_today = PartnerInvitation.objects.filter(commitment__owner=owner, created_at__gt=now - timedelta(days=1))
        if sent_today.count() >= INVITATIONS_A_DAY:
            raise Refusal("too_many_invitations", most=INVITATIONS_A_DAY)
        if throttled(scope="partner-invitation-address", bucket=(email or invitee.email).casefold(),
                     rate=ADDRESS_RATE):
            raise Refusal("address_asked_often")
        key = key_in_hand(commitment, key=commitment_key(commitment, private_key=private_key))
        invitation = PartnerInvitation(commitment=commitment, invitee=invitee, created_at=now,
                                       expires_at=now + timedelta(days=INVITATION_DAYS))
        token = None
        invitee_public = public_key_of(invitee) if invitee is not None else None
        if invitee_public is not None:
            invitation.key_sealed, invitation.key_sealed_to = seal_to(invitee_public, secret=key), invitee_public
        else:
            token = secrets.token_urlsafe(24)
            invitation.token_hash = _token_hash(token)
            invitation.key_by_token = lock(key_from_token(token, purpose=KEY_PURPOSE), plaintext=key)
        if email:
            invitation.address_box = words_lock(key, text=email)
        invitation.save()
        audit_record(action="commitment.partner_invited", actor_id=owner.pk, target=commitment,
                     details={"invitation": invitation.pk, "chosen_from_circle": invitee is not None})
    language = translation.get_language()
    to = email or invitee.email
    # Who asks, and where to answer: nothing of the commitment itself goes into the mail.
    path = reverse("inventory:partner_link", args=[token]) if token else reverse("inventory:partnering")
    transaction.on_commit(lambda: send_templated_mail(
        to=to, template="inventory/email/partner_invitation", language=(invitee.language if invitee else None)
        or language, context={"name": owner.display_name, "path": path, "expires_at": invitation.expires_at}))
    return Invited(invitation, token)


def _open_invitation(invitation: PartnerInvitation, *, user: User, now: datetime) -> PartnerInvitation:
    invitation = PartnerInvitation.objects.select_for_update().get(pk=invitation.pk)
    if not invitation_is_open(invitation, now=now):
        raise Refusal("invitation_closed")
    if invitation.invitee_id is not None and invitation.invitee_id != user.pk:
        raise Refusal("not_for_you")
    return invitation


def _close(invitation: PartnerInvitation, *, status: str, now: datetime) -> None:
    """Close an invitation and drop its copy of the key. Unless it was accepted, the commitment moves to a fresh
    key at its next opening: whoever held the link (or the copy) could have opened the old one."""
    invitation.status, invitation.answered_at = status, now
    invitation.token_hash = invitation.key_by_token = invitation.key_sealed = invitation.key_sealed_to = None
    invitation.save()
    if status != PartnerInvitation.Status.ACCEPTED:
        Commitment.objects.filter(pk=invitation.commitment_id).update(rekey_due=True)


def partner_invitations_expire(*, now: datetime | None = None) -> int:
    """The daily upkeep: invitations past their days are closed and their copies of the key dropped."""
    now = now or timezone.now()
    expired = 0
    for pk in PartnerInvitation.objects.filter(status=PartnerInvitation.Status.OPEN, expires_at__lte=now) \
            .values_list("pk", flat=True):
        with transaction.atomic():
            invitation = PartnerInvitation.objects.select_for_update().get(pk=pk)
            if invitation.status == PartnerInvitation.Status.OPEN:
                _close(invitation, status=PartnerInvitation.Status.EXPIRED, now=now)
                expired += 1
    return expired


def partner_accept(*, invitation: PartnerInvitation, user: User, private_key: nacl.public.PrivateKey | None,
                   token: str = "", now: datetime | None = None) -> Commitment:
    """He accepts: the commitment's key is sealed to his own key, and he sees it from now on."""
    now = now or timezone.now()
    if invitation.commitment.owner_id == user.pk:
        raise Refusal("not_yourself")
    if private_key is None or public_key_of(user) != bytes(private_key.public_key):
        raise Refusal("no_key")
    with transaction.atomic():
        commitment = Commitment.objects.select_for_update().get(pk=invitation.commitment_id)
        invitation = _open_invitation(invitation, user=user, now=now)
        if commitment.status != Commitment.Status.ACTIVE:
            raise Refusal("ended")
        if commitment.partner_id is not None:
            raise Refusal("has_partner")
        try:
            if invitation.key_sealed is not None:
                key = open_sealed(private_key, sealed=bytes(invitation.key_sealed))
            else:
                key = unlock(key_from_token(token, purpose=KEY_PURPOSE), box=bytes(invitation.key_by_token or b""))
            commitment_text(commitment, key=key)  # the key it carries still opens the commitment
            address = words_open(key, box=invitation.address_box) if invitation.address_box is not None else None
        except CannotOpen:
            raise Refusal("invitation_closed") from None
        _address_checked(address=address, user=user)
        commitment.partner = user
        commitment.save(update_fields=["partner"])
        key_in_hand(commitment, key=key)  # seals it to him (and brings the other seals up to date)
        _close(invitation, status=PartnerInvitation.Status.ACCEPTED, now=now)
        audit_record(action="commitment.partner_accepted", actor_id=user.pk, target=commitment)
    return commitment


def _address_checked(*, address: str | None, user: User) -> None:
    """A link forwarded, or a mail that reached the wrong person, does not let its holder answer: the address the
    man wrote must be the one this account signs in with, and one it has shown it receives mail at."""
    if address is None:
        return
    if address.casefold() != user.email.casefold():
        raise Refusal("other_address")
    if not user.email_verified_at:
        raise Refusal("address_not_verified")


def partner_decline(*, invitation: PartnerInvitation, user: User, token: str = "",
                    now: datetime | None = None) -> None:
    """He says no; the man reads that the invitation was declined, and nothing more."""
    now = now or timezone.now()
    if invitation.commitment.owner_id == user.pk:
        raise Refusal("not_yourself")
    with transaction.atomic():
        invitation = _open_invitation(invitation, user=user, now=now)
        if invitation.address_box is not None:
            try:
                key = unlock(key_from_token(token, purpose=KEY_PURPOSE), box=bytes(invitation.key_by_token or b""))
                address = words_open(key, box=invitation.address_box)
            except CannotOpen:
                raise Refusal("invitation_closed") from None
            _address_checked(address=address, user=user)
        _close(invitation, status=PartnerInvitation.Status.DECLINED, now=now)
        audit_record(action="commitment.partner_declined", actor_id=user.pk, target=invitation.commitment)


def partner_invitation_withdraw(*, invitation: PartnerInvitation, owner: User, now: datetime | None = None) -> None:
    now = now or timezone.now()
    if invitation.commitment.owner_id != owner.pk:
        raise Refusal("not_yours")
    with transaction.atomic():
        invitation = PartnerInvitation.objects.select_for_update().get(pk=invitation.pk)
        if invitation.status != PartnerInvitation.Status.OPEN:
            raise Refusal("invitation_closed")
        _close(invitation, status=PartnerInvitation.Status.WITHDRAWN, now=now)
        audit_record(action="commitment.partner_invitation_withdrawn", actor_id=owner.pk,
                     target=invitation.commitment)


def partnership_end(*, commitment: Commitment, user: User, private_key: nacl.public.PrivateKey | None) -> None:
    """The man ends the partnership, or the partner leaves: the partner's seal goes at once, and the words
    move to a fresh key he never held (now, if the one ending it has his key unlocked, or else when the
    next person who may read it opens it)."""
    with transaction.atomic():
        commitment = Commitment.objects.select_for_update().get(pk=commitment.pk)  # as it is now
        if user.pk not in (commitment.owner_id, commitment.partner_id):
            raise Refusal("not_yours")
        if commitment.partner_id is None:
            raise Refusal("no_partner")
        by = "man" if user.pk == commitment.owner_id else "partner"
        key = commitment_key_open(commitment, private_key=private_key)
        commitment.save(update_fields=partner_seal_drop(commitment))
        if key is not None:
            commitment_rekey(commitment, key=key)
        else:
            commitment.rekey_due = True
            commitment.save(update_fields=["rekey_due"])
        audit_record(action="commitment.partnership_ended", actor_id=user.pk, target=commitment,
                     details={"by": by})


def _his_partner(commitment: Commitment, *, user: User) -> None:
    if commitment.partner_id != user.pk:
        raise Refusal("not_partner")


def check_in_confirm(*, check_in: CommitmentCheckIn, user: User, now: datetime | None = None) -> None:
    """His partner confirms that a check-in rings true to him, while the commitment runs."""
    with transaction.atomic():
        commitment = Commitment.objects.get(pk=check_in.commitment_id)  # as it is now
        _his_partner(commitment, user=user)
        if commitment.status != Commitment.Status.ACTIVE:
            raise Refusal("ended")
        confirmed = CommitmentCheckIn.objects.filter(pk=check_in.pk, confirmed_at__isnull=True) \
            .update(confirmed_at=now or timezone.now())
        if not confirmed:
            raise Refusal("already_confirmed")
        audit_record(action="commitment.check_in_confirmed", actor_id=user.pk, target=check_in.commitment)


def encouragement_leave(*, commitment: Commitment, user: User, private_key: nacl.public.PrivateKey | None,
                        text: str, now: datetime | None = None) -> Encouragement:
    """His partner leaves a word for him, locked with the commitment's key."""
    now = now or timezone.now()
    text = text.strip()
    if not text:
        raise Refusal("encouragement_empty")
    if len(text) > MAX_WORDS:
        raise Refusal("too_long", longest=MAX_WORDS)
    with transaction.atomic():
        commitment = Commitment.objects.select_for_update().get(pk=commitment.pk)
        _his_partner(commitment, user=user)
        if commitment.status != Commitment.Status.ACTIVE:
            raise Refusal("ended")
        if Encouragement.objects.filter(commitment=commitment, at__gt=now - timedelta(days=1)).count() \
                >= ENCOURAGEMENTS_A_DAY:
            raise Refusal("too_many")
        key = key_in_hand(commitment, key=commitment_key(commitment, private_key=private_key))
        encouragement = Encouragement.objects.create(commitment=commitment, author=user,
                                                     box=words_lock(key, text=text), at=now)
        audit_record(action="commitment.encouraged", actor_id=user.pk, target=commitment)
    return encouragement
