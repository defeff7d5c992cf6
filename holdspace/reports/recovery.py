"""An organisation's recovery ring: the way back into its cases that no single person holds.

Every case's data key is sealed to its handlers' own keys and, once the organisation has a ring, to the ring's
public key. The ring's private key exists only as shares, one sealed to each administrator's and handler's own
key; any two shares rebuild it. One person starts a step with his share (sealed on to each colleague who may
complete it, and locked with a server sub-key, so neither her key nor the server alone opens it); a second
completes it with hers. For that one request
the server rebuilds the ring's key, does the step (a handler receives a case's key), and forgets it.

The respondent, the people who report to him and anyone who declared a conflict can neither start, complete
nor receive a recovery of that case. The decisions are in docs/security.md.
"""
from collections.abc import Iterable
from datetime import datetime

import nacl.public
from django.db import router, transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from holdspace.accounts.models import User
from holdspace.audit.services import audit_record
from holdspace.crypto.boxes import CannotOpen, lock, open_sealed, seal_to, unlock
from holdspace.crypto.derivation import server_subkey
from holdspace.crypto.sharing import SharedKey, seed_combine, seed_split, shared_key_from_seed, shared_key_new
from holdspace.keys.models import PersonalKey
from holdspace.keys.selectors import public_key_of, public_keys_of
from holdspace.organisations.models import Organisation, Role
from holdspace.reports.access import excluded_ids, handlers_of
from holdspace.reports.people import people_tags, person_tag
from holdspace.reports.models import (
    Case, CaseKey, IdentityPart, IdentityRelease, IdentitySeal, RecoveryPart, RecoveryRequest,
    RecoveryRing, RecoveryShare,
)
from holdspace.web.refusals import Refusal

THRESHOLD = 2
PART_PURPOSE = b"hs-ring-part"
HOLDER_ROLES = (Role.ORG_ADMIN, Role.CASE_HANDLER)


def ring_holders(organisation: Organisation) -> QuerySet[User]:
    """Who holds a share: the administrators and case handlers here who have a key of their own."""
    return User.objects.filter(
        is_active=True, memberships__organisation=organisation, memberships__role__in=HOLDER_ROLES,
        pk__in=PersonalKey.objects.values("user_id"),
    ).distinct()


def ring_of(organisation: Organisation | int) -> RecoveryRing | None:
    organisation_id = organisation if isinstance(organisation, int) else organisation.pk
    return RecoveryRing.objects.filter(organisation_id=organisation_id).first()


def is_covered(case: Case, *, ring: RecoveryRing | None) -> bool:
    return ring is not None and case.recovery_sealed is not None and bytes(case.recovery_public_key or b"") == bytes(
        ring.public_key)


def _deal(ring: RecoveryRing, *, seed: bytes, now: datetime, to: Iterable[int] | None = None) -> int:
    """Give every holder now (or those of `to` who still are) a share of the same key; shares held before are
    replaced. Fewer than two: nothing is dealt, and the shares out stay as they are."""
    holders = set(ring_holders(ring.organisation).values_list("pk", flat=True))
    keys = sorted(public_keys_of(holders if to is None else holders & set(to)).items())
    if len(keys) < ring.threshold:
        return 0
    shares = seed_split(seed, threshold=ring.threshold, count=len(keys))
    RecoveryShare.objects.filter(ring=ring).delete()
    RecoveryShare.objects.bulk_create(
        RecoveryShare(ring=ring, user_id=user_id, sealed=seal_to(public_key, secret=share))
        for (user_id, public_key), share in zip(keys, shares, strict=True)
    )
    RecoveryRing.objects.filter(pk=ring.pk).update(dealt_at=now)
    return len(keys)


def ring_ensure(*, organisation: Organisation, now: datetime | None = None) -> RecoveryRing | None:
    """The organisation's ring, made now if it has none and two people could hold it. Needs nobody's secret: a new
    key pair is made and its shares are sealed to the holders' public keys. Once made, a newcomer gets a part only
    through a dealing two people agree to. A ring whose parts fewer than two people still hold can never open again:
    it is made anew, and a handler who holds the cases it covered covers them again ("Cover them")."""
    return ring_ensure_held(organisation=organisation, now=now)[0]


def ring_ensure_held(*, organisation: Organisation, now: datetime | None = None
                     ) -> tuple[RecoveryRing | None, set[int] | None]:
    """The ring as `ring_ensure` gives it, and who holds its parts (active people) for `ring_reaches`, so that a
    report received reads them once; None when they were not read (the ring made now)."""
    ring, held = _ring_and_parts(organisation)
    if ring is not None:
        if len(held) >= ring.threshold:
            return ring, held  # the usual case: who could hold parts need not be read
    holders = set(ring_holders(organisation).values_list("pk", flat=True))
    if len(holders) < THRESHOLD:
        return ring, held if ring is not None else None
    now = now or timezone.now()
    if ring is not None:
        key = shared_key_new()
        with transaction.atomic():
            ring = RecoveryRing.objects.select_for_update().get(pk=ring.pk)
            if len(held := _parts_held(ring)) >= ring.threshold:
                return ring, held
            RecoveryRequest.objects.filter(ring=ring).delete()
            IdentityPart.objects.filter(release__case__handling_organisation=organisation).delete()
            ring.public_key = key.public_key
            ring.save(update_fields=["public_key"])
            dealt = _deal(ring, seed=key.seed, now=now)
            audit_record(action="recovery.ring_made_again", actor_id=None, organisation_id=organisation.pk,
                         target=ring, details={"holders": dealt}, at=now)
        return ring, None
    key = shared_key_new()
    with transaction.atomic():
        ring, created = RecoveryRing.objects.get_or_create(
            organisation=organisation,
            defaults={"public_key": key.public_key, "threshold": THRESHOLD, "created_at": now, "dealt_at": now})
        if created:
            holders = _deal(ring, seed=key.seed, now=now)
            audit_record(action="recovery.ring_created", actor_id=None, organisation_id=organisation.pk,
                         target=ring, details={"holders": holders}, at=now)
    return ring, None


_RING_FIELDS = [field.attname for field in RecoveryRing._meta.concrete_fields]


def _ring_and_parts(organisation: Organisation) -> tuple[RecoveryRing | None, set[int]]:
    """The organisation's ring and who holds its parts among active people, in one query: the ring's row comes once
    for each part (once with no holder when there is none)."""
    rows = RecoveryRing.objects.filter(organisation=organisation).values_list(
        *_RING_FIELDS, "shares__user_id", "shares__user__is_active")
    ring, held = None, set()
    for *fields, user_id, active in rows:
        if ring is None:
            ring = RecoveryRing.from_db(router.db_for_read(RecoveryRing), _RING_FIELDS, fields)
        if user_id is not None and active:
            held.add(user_id)
    return ring, held


def _parts_held(ring: RecoveryRing) -> set[int]:
    """Who holds a part of this ring, among active people."""
    return set(RecoveryShare.objects.filter(ring=ring, user__is_active=True).values_list("user_id", flat=True))


def ring_reaches(ring: RecoveryRing | None, *, cases: Iterable[Case] = (), without: Iterable[int] = (),
                 held: set[int] | None = None) -> bool:
    """Whether two people hold parts of this ring who may see these cases and are not among `without`. `held`:
    who holds its parts, when the caller read them already (`ring_ensure_held`)."""
    if ring is None:
        return False
    held = (_parts_held(ring) if held is None else set(held)) - set(without)
    cases = list(cases)
    if cases:  # none for a report being received, whose caller leaves out who is kept from it (`without`)
        held -= _excluded(cases, among=held)
    return len(held) >= ring.threshold


def case_cover(case: Case, *, data_key: bytes, ring: RecoveryRing | None) -> bool:
    """Seal a case's data key to the ring, if it has one and the case is not covered yet. Run in the caller's
    transaction."""
    if ring is None or is_covered(case, ring=ring):
        return False
    case.recovery_sealed = seal_to(bytes(ring.public_key), secret=data_key)
    case.recovery_public_key = bytes(ring.public_key)
    Case.objects.filter(pk=case.pk).update(recovery_sealed=case.recovery_sealed,
                                           recovery_public_key=case.recovery_public_key)
    return True


def cases_to_cover(organisation: Organisation, *, user: User) -> int:
    """Cases here this handler holds a key to that the ring does not cover yet."""
    ring = ring_of(organisation)
    return _uncovered_keys(ring, user=user).count() if ring else 0


def _uncovered_keys(ring: RecoveryRing, *, user: User) -> QuerySet[CaseKey]:
    """His keys to cases here whose data key, or whose reporter's identity, the ring does not hold yet."""
    data_uncovered = ~Q(case__recovery_public_key=bytes(ring.public_key), case__recovery_sealed__isnull=False)
    identity_uncovered = Q(case__identity__isnull=False, case__identity_ring_sealed__isnull=True)
    return (CaseKey.objects.filter(user=user, case__handling_organisation_id=ring.organisation_id)
            .exclude(case__exclusions__person_tag=person_tag(user)).filter(data_uncovered | identity_uncovered))


def identity_cover(case: Case, *, ring: RecoveryRing, user: User, private_key: nacl.public.PrivateKey) -> bool:
    """Move who reported from the handlers' seals to the ring (the case's data key must be on the ring already):
    from then on a release needs a second person's share. A handler whose release was approved keeps his seal."""
    if not case.identity or case.identity_ring_sealed is not None or not is_covered(case, ring=ring):
        return False
    if not ring_reaches(ring, cases=[case]):
        return False  # fewer than two who may see the case hold parts: it stays with the handlers
    seal = IdentitySeal.objects.filter(case=case, user=user).first()
    if seal is None:
        return False
    try:
        identity_key = open_sealed(private_key, sealed=bytes(seal.sealed))
    except CannotOpen:
        return False
    case.identity_ring_sealed = seal_to(bytes(ring.public_key), secret=identity_key)
    Case.objects.filter(pk=case.pk).update(identity_ring_sealed=case.identity_ring_sealed)
    approved = IdentityRelease.objects.filter(case=case, approved=True).values("requested_by_id")
    IdentitySeal.objects.filter(case=case).exclude(user_id__in=approved).delete()
    return True


def cases_cover(*, organisation: Organisation, user: User, private_key: nacl.public.PrivateKey) -> int:
    """Seal to the ring every case here that this handler can open and the ring does not cover yet."""
    ring = ring_of(organisation)
    if ring is None:
        raise Refusal("no_ring")
    keys = _uncovered_keys(ring, user=user).select_related("case")
    covered = 0
    with transaction.atomic():
        for key in keys:
            try:
                data_key = open_sealed(private_key, sealed=bytes(key.sealed))
            except CannotOpen:
                continue  # sealed to an older key of his: a colleague covers it
            data = case_cover(key.case, data_key=data_key, ring=ring)
            identity = identity_cover(key.case, ring=ring, user=user, private_key=private_key)
            covered += data or identity
        if covered:
            audit_record(action="recovery.cases_covered", actor_id=user.pk, organisation_id=organisation.pk,
                         target=ring, details={"cases": covered})
    return covered


def _excluded(cases: Iterable[Case], *, among: Iterable[int]) -> set[int]:
    """Which of these people may not see one of these cases."""
    return excluded_ids(list(cases), among=among)


def readers_remain(case: Case, *, leaving_keys: Iterable[int] = (), leaving_shares: Iterable[int] = (),
                   still_handling: Iterable[int] = ()) -> bool:
    """Whether someone can read this case without these people's keys (and shares): a handler here who holds its
    key, or two holders of the ring that covers it, none of them excluded from it. `still_handling` counts people
    whose handler role is being removed in this very change as handlers still."""
    handlers = Q(user__in=handlers_of(case.handling_organisation).values("pk")) | Q(user_id__in=set(still_handling))
    readers = set(CaseKey.objects.filter(case=case).filter(handlers).exclude(user_id__in=set(leaving_keys))
                  .values_list("user_id", flat=True))
    readers -= _excluded([case], among=readers)
    ring = ring_of(case.handling_organisation_id)
    through_ring = is_covered(case, ring=ring) and ring_reaches(ring, cases=[case], without=leaving_shares)
    if not (readers or through_ring):
        return False
    # Who reported must stay within reach too: through the ring, or (a case from before it) a handler's own seal.
    if not case.identity:
        return True
    sealed_to = IdentitySeal.objects.filter(case=case, user_id__in=readers).exists()
    if case.identity_ring_sealed is not None:
        return through_ring or sealed_to
    return sealed_to


def cases_left_unreadable(cases: QuerySet[Case], *, leaving_keys: Iterable[int] = (),
                          leaving_shares: Iterable[int] = ()) -> list[Case]:
    """The open cases among these that someone can read now and nobody could once these people's keys and shares
    are gone (a case already waiting for recovery is not made worse by it)."""
    leaving_keys, leaving_shares = set(leaving_keys), set(leaving_shares)
    return [case for case in cases.filter(status=Case.Status.OPEN).distinct().select_related("handling_organisation")
            if readers_remain(case, still_handling=leaving_keys)
            and not readers_remain(case, leaving_keys=leaving_keys, leaving_shares=leaving_shares)]


def cases_at_stake(organisation: Organisation, *, user: User, keys: bool, share: bool) -> QuerySet[Case]:
    """The open cases here that this person's case keys (`keys`) or share of the ring (`share`) going could leave
    unreadable, narrowed in the database so that a change of roles in a large organisation checks few cases one by
    one: with his keys, those no other handler holds a key (or, from before the ring, who reported) to; with his
    share, those the ring alone reaches, when the parts left are too few or one of their holders may not see it."""
    open_here = Case.objects.filter(handling_organisation=organisation, status=Case.Status.OPEN)
    others = handlers_of(organisation).exclude(pk=user.pk)
    found = open_here.none()
    if keys:
        mine = open_here.filter(keys__user=user)
        found = mine.exclude(Exists(CaseKey.objects.filter(case=OuterRef("pk"), user__in=others))) | mine.filter(
            identity__isnull=False, identity_ring_sealed__isnull=True).exclude(
            Exists(IdentitySeal.objects.filter(case=OuterRef("pk"), user__in=others))) | mine.filter(
            identity_seals__user=user)
    if share:
        with_handler = CaseKey.objects.filter(case=OuterRef("pk"), user__in=others)
        through_ring = open_here.exclude(Exists(with_handler)) | open_here.filter(identity_ring_sealed__isnull=False)
        ring = ring_of(organisation)
        left = set(RecoveryShare.objects.filter(ring=ring, user__is_active=True).exclude(user=user)
                   .values_list("user_id", flat=True)) if ring else set()
        if ring is not None and len(left) >= ring.threshold:
            through_ring = through_ring.filter(exclusions__person_tag__in=list(people_tags(left)))
        found = found | through_ring
    return found


def cases_without_reader(organisation: Organisation, *, viewer: User) -> list[Case]:
    """Open cases here that no handler's key opens now, never one the viewer is excluded from (so nobody learns
    that a case about him exists). An excluded person's copy is deleted when he is excluded, so any copy a
    handler holds counts."""
    readable = CaseKey.objects.filter(case=OuterRef("pk"), user__in=handlers_of(organisation))
    return list(
        Case.objects.filter(handling_organisation=organisation, status=Case.Status.OPEN)
        .exclude(exclusions__person_tag=person_tag(viewer)).exclude(Exists(readable)).order_by("received_at", "pk")
    )


def shares_forget(user: User, *, organisation: Organisation | None = None) -> int:
    """Drop the shares (and parts of requests) sealed to this person: after a new key pair, or when he holds no
    role that keeps one here."""
    shares = RecoveryShare.objects.filter(user=user)
    parts = RecoveryPart.objects.filter(user=user)
    if organisation is not None:
        shares = shares.filter(ring__organisation=organisation)
        parts = parts.filter(request__ring__organisation=organisation)
    parts.delete()
    identity_parts = IdentityPart.objects.filter(user=user)
    if organisation is not None:
        identity_parts = identity_parts.filter(release__case__handling_organisation=organisation)
    identity_parts.delete()
    RecoveryRequest.objects.filter(started_by=user, **(
        {"ring__organisation": organisation} if organisation is not None else {})).delete()
    return shares.delete()[0]


def part_seal(public_key: bytes, *, share: bytes) -> bytes:
    """A starter's share for one colleague: sealed to her key, then locked with a server sub-key. Her key alone, with
    a copy of the database, does not open it: otherwise her own share beside it would rebuild the ring's key
    without the server, that is without a second person taking the step."""
    return lock(server_subkey(PART_PURPOSE), plaintext=seal_to(public_key, secret=share))


def part_open(private_key: nacl.public.PrivateKey, *, part: bytes) -> bytes:
    return open_sealed(private_key, sealed=unlock(server_subkey(PART_PURPOSE), box=part))


def own_share_open(ring: RecoveryRing, *, actor: User, private_key: nacl.public.PrivateKey) -> bytes:
    share = RecoveryShare.objects.filter(ring=ring, user=actor).first()
    if share is None:
        raise Refusal("no_share")
    try:
        return open_sealed(private_key, sealed=bytes(share.sealed))
    except CannotOpen:
        raise Refusal("wrong_key") from None


def ring_key_rebuild(ring: RecoveryRing, *, actor: User, private_key: nacl.public.PrivateKey,
                     part: bytes) -> SharedKey:
    """The ring's key from this person's share and a colleague's part sealed to her."""
    share = RecoveryShare.objects.filter(ring=ring, user=actor).first()
    if share is None:
        raise Refusal("not_asked")
    try:
        seed = seed_combine([open_sealed(private_key, sealed=bytes(share.sealed)), part_open(private_key, part=part)])
    except CannotOpen:
        raise Refusal("wrong_key") from None
    key = shared_key_from_seed(seed)
    if key.public_key != bytes(ring.public_key):
        raise Refusal("parts_do_not_fit")
    return key


def second_people(ring: RecoveryRing, *, actor: User, cases: Iterable[Case]) -> dict[int, bytes]:
    """Who may complete what `actor` starts: the other holders, none excluded from these cases, by public key."""
    holders = set(RecoveryShare.objects.filter(ring=ring, user__is_active=True).exclude(user=actor)
                  .values_list("user_id", flat=True))
    return public_keys_of(holders - _excluded(cases, among=holders))


def recovery_start(*, organisation: Organisation, actor: User, private_key: nacl.public.PrivateKey, kind: str,
                   recipient_id: int | None = None, case_ids: Iterable[int] = (),
                   now: datetime | None = None) -> RecoveryRequest:
    """Start a two-person step with one's own share: give a handler the keys to cases that no handler's key
    opens, or deal the ring's shares again to the people who hold a role now."""
    ring = ring_of(organisation)
    if ring is None:
        raise Refusal("no_ring")
    own = own_share_open(ring, actor=actor, private_key=private_key)
    recipient, cases, deal_to = None, [], []
    if kind == RecoveryRequest.Kind.CASES:
        recipient = handlers_of(organisation).filter(pk=recipient_id).first() if recipient_id else None
        if recipient is None:
            raise Refusal("not_a_handler")
        if public_key_of(recipient) is None:
            raise Refusal("no_personal_key")
        case_ids = set(case_ids)
        cases = list(Case.objects.filter(handling_organisation=organisation, status=Case.Status.OPEN,
                                         pk__in=case_ids))
        if not cases or len(cases) != len(case_ids):
            raise Refusal("unknown_case")
        if _excluded(cases, among={actor.pk, recipient.pk}):
            raise Refusal("excluded_from_recovery")
        if not all(is_covered(case, ring=ring) for case in cases):
            raise Refusal("not_covered")
    elif kind == RecoveryRequest.Kind.DEAL:
        deal_to = sorted(ring_holders(organisation).values_list("pk", flat=True))
        if set(deal_to) == set(RecoveryShare.objects.filter(ring=ring).values_list("user_id", flat=True)):
            raise Refusal("nothing_to_deal")
    else:
        raise Refusal("unknown_kind")
    # Who may complete it: the other holders, none excluded from these cases. Each gets the starter's share
    # sealed to his own key.
    others = second_people(ring, actor=actor, cases=cases)
    if not others:
        raise Refusal("no_second_holder")
    now = now or timezone.now()
    with transaction.atomic():
        request = RecoveryRequest.objects.create(ring=ring, kind=kind, started_by=actor, recipient=recipient,
                                                 deal_to=deal_to, created_at=now)
        request.cases.set(cases)
        RecoveryPart.objects.bulk_create(
            RecoveryPart(request=request, user_id=user_id, sealed=part_seal(public_key, share=own))
            for user_id, public_key in sorted(others.items()))
        audit_record(action="recovery.started", actor_id=actor.pk, organisation_id=organisation.pk, target=request,
                     details={"kind": kind, "cases": len(cases), "to": recipient.pk if recipient else None})
    return request


def recovery_complete(*, request: RecoveryRequest, actor: User, private_key: nacl.public.PrivateKey,
                      now: datetime | None = None) -> int:
    """The second person's share with the first's: the ring's key for this one step. Returns the cases opened to
    the recipient."""
    if request.started_by_id == actor.pk:
        raise Refusal("own_recovery")
    ring = request.ring
    part = RecoveryPart.objects.filter(request=request, user=actor).first()
    if part is None:
        raise Refusal("not_asked")
    cases = list(request.cases.all())
    if _excluded(cases, among={actor.pk, request.started_by_id} | ({request.recipient_id} - {None})):
        raise Refusal("excluded_from_recovery")
    key = ring_key_rebuild(ring, actor=actor, private_key=private_key, part=bytes(part.sealed))
    seed = key.seed
    recipient_key = public_key_of(request.recipient) if request.recipient_id else None
    if request.kind == RecoveryRequest.Kind.CASES:
        # What was true when it was asked must still be: she handles cases here, and the cases are open.
        if not handlers_of(ring.organisation).filter(pk=request.recipient_id).exists():
            raise Refusal("not_a_handler")
        if recipient_key is None:
            raise Refusal("no_personal_key")
        if any(not case.is_open for case in cases):
            raise Refusal("case_not_open")
    now = now or timezone.now()
    with transaction.atomic():
        # Two people starting on one request at once: only the first completes it.
        if not RecoveryRequest.objects.select_for_update().filter(pk=request.pk).exists():
            raise Refusal("recovery_gone")
        opened = 0
        for case in cases:
            try:
                data_key = open_sealed(key.private_key, sealed=bytes(case.recovery_sealed))
            except (CannotOpen, TypeError):
                continue
            CaseKey.objects.update_or_create(case=case, user=request.recipient, defaults={
                "sealed": seal_to(recipient_key, secret=data_key), "granted_by": actor})
            audit_record(action="case.recovered", actor_id=actor.pk, organisation_id=ring.organisation_id,
                         target=case, details={"to": request.recipient_id, "started_by": request.started_by_id})
            opened += 1
        dealt = 0
        # Parts are dealt only by a dealing two people agreed to, to the people it named: never as a side effect,
        # or one administrator could slip a second account of his into the ring.
        if request.kind == RecoveryRequest.Kind.DEAL:
            dealt = _deal(ring, seed=seed, now=now, to=request.deal_to)
            if not dealt:  # fewer than two of the people it named still hold a role here
                raise Refusal("holders_changed")
            # Requests started with shares of the earlier dealing cannot be completed with the new ones.
            RecoveryRequest.objects.filter(ring=ring).exclude(pk=request.pk).delete()
            IdentityPart.objects.filter(release__case__handling_organisation_id=ring.organisation_id).delete()
        audit_record(action="recovery.completed", actor_id=actor.pk, organisation_id=ring.organisation_id,
                     target=request, details={"kind": request.kind, "cases": opened,
                                              "started_by": request.started_by_id, "dealt": dealt})
        request.delete()
    return opened


def recovery_withdraw(*, request: RecoveryRequest, actor: User, is_admin: bool) -> None:
    """The starter, or an administrator, withdraws a request nobody completed."""
    if request.started_by_id != actor.pk and not is_admin:
        raise Refusal("not_yours")
    with transaction.atomic():
        audit_record(action="recovery.withdrawn", actor_id=actor.pk, organisation_id=request.ring.organisation_id,
                     target=request, details={"kind": request.kind})
        request.delete()


def requests_open(organisation: Organisation, *, viewer: User) -> list[RecoveryRequest]:
    """Requests waiting for a second person, never one about a case the viewer is excluded from."""
    return list(
        RecoveryRequest.objects.filter(ring__organisation=organisation)
        .exclude(Q(cases__exclusions__person_tag=person_tag(viewer)))
        .select_related("started_by", "recipient").prefetch_related("cases").distinct()
    )
