"""A man's amends plans: whom he harmed, what happened, its impact on them, what repair could look like,
whether contact is wanted and safe, where the plan stands and how it got there. Each plan is one box locked
with his data key, like his inventory's entries; the audit log records that he made, changed, marked or
deleted a plan, never what it says or where it stands.

Survivor safety first: contact is never the default. Both contact questions start unanswered and must be
answered before a plan goes past preparing, and a plan is never marked as reached out when they asked for
no contact or reaching out could harm them (or he is not sure it could not). Living amends, changed
behaviour without contact, is a full way to make amends."""
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

import nacl.public
from django.db import transaction
from django.utils import timezone

from holdspace.accounts.models import User
from holdspace.audit.services import audit_record
from holdspace.crypto.boxes import lock_text, unlock_each, unlock_text
from holdspace.inventory.models import AmendsPlan, Entry
from holdspace.inventory.vault import vault_ensure
from holdspace.web.refusals import Refusal

MAX_WHO = 200
MAX_PART = 20_000
MAX_NOTE = 2_000

# Where a plan stands. Living amends comes before reaching out: a full way to make amends, not a fallback.
CONSIDERING, PREPARING, LIVING, MADE, NOT_CONTACTING = "considering", "preparing", "living", "made", "not_contacting"
STATUSES = (CONSIDERING, PREPARING, LIVING, MADE, NOT_CONTACTING)
UNDECIDED = (CONSIDERING, PREPARING)  # the only places a plan may stand with a contact question unanswered
# "Have they said they want to hear from you?"
NO_CONTACT, NOT_SAID, SAID_YES = "no_contact", "not_said", "yes"
WANTED = (NO_CONTACT, NOT_SAID, SAID_YES)
# "Could reaching out harm them or bring the harm back?"
HARM_YES, HARM_NOT_SURE, HARM_NO = "yes", "not_sure", "no"
HARM = (HARM_YES, HARM_NOT_SURE, HARM_NO)


@dataclass(frozen=True)
class StatusChange:
    """One step in a plan's history: where it came to stand, when, and his optional note (and reason)."""

    at: datetime
    status: str
    note: str
    reason: str


@dataclass(frozen=True)
class OpenedPlan:
    """A plan as he wrote it, opened for him alone; its history newest first."""

    pk: int
    entry_id: int | None
    who: str
    what: str
    impact: str
    repair: str
    wanted: str  # "" until he answers
    harm: str  # "" until he answers
    status: str
    reason: str  # why he decided not to contact them, while that is where the plan stands
    history: tuple[StatusChange, ...]
    created_at: datetime
    updated_at: datetime

    @property
    def contact_unwanted(self) -> bool:
        return self.wanted == NO_CONTACT

    @property
    def contact_unsafe(self) -> bool:
        return self.harm in (HARM_YES, HARM_NOT_SURE)


def _box(data_key: bytes, content: dict) -> bytes:
    return lock_text(data_key, text=json.dumps(content, ensure_ascii=False))


def _content(plan: AmendsPlan, *, data_key: bytes) -> dict:
    return json.loads(unlock_text(data_key, box=bytes(plan.box)))


def _opened(*, pk: int, content: dict, created_at: datetime, updated_at: datetime) -> OpenedPlan:
    history = tuple(StatusChange(at=datetime.fromisoformat(step["at"]), status=step["status"], note=step["note"],
                                 reason=step.get("reason", "")) for step in reversed(content["history"]))
    return OpenedPlan(pk=pk, entry_id=content["entry"], who=content["who"], what=content["what"],
                      impact=content["impact"], repair=content["repair"], wanted=content["wanted"],
                      harm=content["harm"], status=content["status"], reason=content["reason"], history=history,
                      created_at=created_at, updated_at=updated_at)


def amends_plan_unbox(plan: AmendsPlan, *, data_key: bytes) -> OpenedPlan:
    return _opened(pk=plan.pk, content=_content(plan, data_key=data_key), created_at=plan.created_at,
                   updated_at=plan.updated_at)


def amends_plans_unbox_from(rows: Iterable[tuple[int, bytes, datetime, datetime]], *, data_key: bytes,
                            entry_id: int) -> list[OpenedPlan]:
    """Of his plans as rows (id, box, created, changed), those made from one entry, opened. Each box is opened
    to look (the entry's id is inside); a first look at the opened text, as _box writes it, passes over the
    others without reading them."""
    rows = list(rows)
    # In the opened text this can only be the box's own key: a quote in his words is always escaped.
    marker = f'"entry": {entry_id},'
    found = []
    for (pk, _box, created_at, updated_at), opened in zip(rows, unlock_each(data_key, boxes=(
            bytes(box) for _pk, box, _created_at, _updated_at in rows))):
        raw = opened.decode("utf-8")
        if marker in raw and (content := json.loads(raw))["entry"] == entry_id:
            found.append(_opened(pk=pk, content=content, created_at=created_at, updated_at=updated_at))
    return found


def _checked(*, who: str, what: str, impact: str, repair: str, wanted: str, harm: str) -> dict:
    who, what, impact, repair = who.strip(), what.strip(), impact.strip(), repair.strip()
    if not who:
        raise Refusal("amends_who_empty")
    if not what:
        raise Refusal("amends_what_empty")
    if len(who) > MAX_WHO or max(len(what), len(impact), len(repair)) > MAX_PART:
        raise Refusal("amends_too_long")
    if wanted not in ("", *WANTED) or harm not in ("", *HARM):
        raise Refusal("unknown_amends_answer")
    return {"who": who, "what": what, "impact": impact, "repair": repair, "wanted": wanted, "harm": harm}


def _as_it_is(plan: AmendsPlan) -> AmendsPlan:
    """The plan as it is now, held for the rest of the transaction (a second tab may have changed or deleted it)."""
    found = AmendsPlan.objects.select_for_update().filter(pk=plan.pk).first()
    if found is None:
        raise Refusal("plan_gone")
    return found


def _his(plan: AmendsPlan, owner: User) -> None:
    if plan.owner_id != owner.pk:
        raise Refusal("not_your_plan")


def amends_plan_write(*, owner: User, private_key: nacl.public.PrivateKey, entry_id: int | None, who: str,
                      what: str, impact: str, repair: str, wanted: str, harm: str,
                      now: datetime | None = None) -> AmendsPlan:
    """A new plan, from one of his entries or on its own, considering at first; locked with his data key
    (made now when he has none yet)."""
    content = _checked(who=who, what=what, impact=impact, repair=repair, wanted=wanted, harm=harm)
    if entry_id is not None and not Entry.objects.filter(owner=owner, pk=entry_id).exists():
        raise Refusal("amends_entry_gone")
    now = now or timezone.now()
    content.update(entry=entry_id, status=CONSIDERING, reason="",
                   history=[{"at": now.isoformat(), "status": CONSIDERING, "note": "", "reason": ""}])
    with transaction.atomic():
        data_key = vault_ensure(owner, private_key=private_key)
        plan = AmendsPlan.objects.create(owner=owner, created_at=now, updated_at=now, box=_box(data_key, content))
        audit_record(action="inventory.amends_plan_written", actor_id=owner.pk, target=plan)
    return plan


def amends_plan_update(plan: AmendsPlan, *, owner: User, data_key: bytes, who: str, what: str, impact: str,
                       repair: str, wanted: str, harm: str, now: datetime | None = None) -> AmendsPlan:
    """Change what his plan says and his answers about contact; where it stands and its history stay."""
    _his(plan, owner)
    changed = _checked(who=who, what=what, impact=impact, repair=repair, wanted=wanted, harm=harm)
    with transaction.atomic():
        plan = _as_it_is(plan)
        content = _content(plan, data_key=data_key)
        if content["status"] not in UNDECIDED and not (changed["wanted"] and changed["harm"]):
            raise Refusal("amends_answers_needed")
        content.update(changed)
        plan.box = _box(data_key, content)
        plan.updated_at = now or timezone.now()
        plan.save(update_fields=["box", "updated_at"])
        audit_record(action="inventory.amends_plan_changed", actor_id=owner.pk, target=plan)
    return plan


def amends_plan_mark(plan: AmendsPlan, *, owner: User, data_key: bytes, status: str, reason: str = "",
                     note: str = "", now: datetime | None = None) -> AmendsPlan:
    """Move his plan to where it now stands, with his optional note, kept in its history.

    Past preparing, both contact questions must be answered; deciding not to contact needs his reason;
    and "amends made" (he reached out) is refused when they asked for no contact, or when reaching out
    could harm them or he is not sure it could not."""
    _his(plan, owner)
    if status not in STATUSES:
        raise Refusal("unknown_amends_status")
    reason, note = reason.strip(), note.strip()
    if status == NOT_CONTACTING and not reason:
        raise Refusal("amends_reason_needed")
    if len(reason) > MAX_NOTE or len(note) > MAX_NOTE:
        raise Refusal("amends_note_too_long", longest=MAX_NOTE)
    with transaction.atomic():
        plan = _as_it_is(plan)
        content = _content(plan, data_key=data_key)
        if status == content["status"]:
            raise Refusal("amends_status_same")
        if status not in UNDECIDED and not (content["wanted"] and content["harm"]):
            raise Refusal("amends_answers_needed")
        if status == MADE and content["wanted"] == NO_CONTACT:
            raise Refusal("amends_contact_unwanted")
        if status == MADE and content["harm"] in (HARM_YES, HARM_NOT_SURE):
            raise Refusal("amends_contact_unsafe")
        now = now or timezone.now()
        reason = reason if status == NOT_CONTACTING else ""
        content["status"], content["reason"] = status, reason
        content["history"].append({"at": now.isoformat(), "status": status, "note": note, "reason": reason})
        plan.box = _box(data_key, content)
        plan.updated_at = now
        plan.save(update_fields=["box", "updated_at"])
        audit_record(action="inventory.amends_plan_marked", actor_id=owner.pk, target=plan)
    return plan


def amends_plan_delete(plan: AmendsPlan, *, owner: User) -> None:
    """Delete his plan for good: the row and its box go; the audit log keeps only that one was deleted."""
    _his(plan, owner)
    with transaction.atomic():
        plan = _as_it_is(plan)
        audit_record(action="inventory.amends_plan_deleted", actor_id=owner.pk, target=plan)
        plan.delete()
