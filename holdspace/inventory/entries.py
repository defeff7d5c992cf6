"""Writing, changing and deleting a man's inventory entries. Each entry is one box locked with his
data key: the prompt he answered, his title, his text and his tags. The audit log records that he
wrote, never what."""
import json
from dataclasses import dataclass
from datetime import datetime

import nacl.public
from django.db import transaction
from django.utils import timezone

from holdspace.accounts.models import User
from holdspace.audit.services import audit_record
from holdspace.crypto.boxes import lock_text, unlock_text
from holdspace.inventory import prompts
from holdspace.inventory.models import Entry
from holdspace.inventory.vault import vault_ensure, vault_lock, vault_tags_count
from holdspace.web.refusals import Refusal

MAX_TEXT = 20_000
MAX_TITLE = 200
MAX_TAGS = 12
MAX_TAG = 40


@dataclass(frozen=True)
class OpenedEntry:
    """An entry as he wrote it, opened for him alone."""

    pk: int
    prompt: str
    title: str
    text: str
    tags: tuple[str, ...]
    created_at: datetime
    updated_at: datetime | None = None  # None where it was not read (his list shows only when he wrote it)


def tags_clean(*, typed: str) -> tuple[str, ...]:
    """His tags from what he typed (commas between them), each once, in the order given."""
    tags: list[str] = []
    for raw in typed.split(","):
        tag = " ".join(raw.split())
        if tag and tag.casefold() not in {known.casefold() for known in tags}:
            tags.append(tag)
    if len(tags) > MAX_TAGS:
        raise Refusal("too_many_tags", most=MAX_TAGS)
    if any(len(tag) > MAX_TAG for tag in tags):
        raise Refusal("tag_too_long", longest=MAX_TAG)
    return tuple(tags)


def _box(data_key: bytes, *, prompt: str, title: str, text: str, tags: tuple[str, ...]) -> bytes:
    # Without escapes (ensure_ascii off): a search can look in the opened box before reading it.
    return lock_text(data_key, text=json.dumps({"prompt": prompt, "title": title, "text": text, "tags": list(tags)},
                                               ensure_ascii=False))


def entry_from(*, pk: int, content: dict, created_at: datetime, updated_at: datetime | None = None) -> OpenedEntry:
    return OpenedEntry(pk=pk, prompt=content["prompt"], title=content["title"], text=content["text"],
                       tags=tuple(content["tags"]), created_at=created_at, updated_at=updated_at)


def entry_unbox(entry: Entry, *, data_key: bytes) -> OpenedEntry:
    return entry_from(pk=entry.pk, content=json.loads(unlock_text(data_key, box=bytes(entry.box))),
                      created_at=entry.created_at, updated_at=entry.updated_at)


def _checked(*, prompt: str, title: str, text: str) -> tuple[str, str, str]:
    title, text = title.strip(), text.strip()
    if not text:
        raise Refusal("entry_empty")
    if len(text) > MAX_TEXT or len(title) > MAX_TITLE:
        raise Refusal("entry_too_long")
    if prompt and prompts.prompt(prompt) is None:
        raise Refusal("unknown_prompt")
    return prompt, title, text


def _as_it_is(entry: Entry) -> Entry:
    """The entry as it is now, read under his vault's lock (a second tab may have changed or deleted it)."""
    found = Entry.objects.filter(pk=entry.pk).first()
    if found is None:
        raise Refusal("entry_gone")
    return found


def entry_write(*, owner: User, private_key: nacl.public.PrivateKey, prompt: str, title: str, text: str,
                tags: str, now: datetime | None = None) -> Entry:
    """A new entry, free or against a prompt, locked with his data key (made on his first entry)."""
    prompt, title, text = _checked(prompt=prompt, title=title, text=text)
    cleaned_tags = tags_clean(typed=tags)
    now = now or timezone.now()
    with transaction.atomic():
        data_key = vault_ensure(owner, private_key=private_key)
        entry = Entry.objects.create(owner=owner, created_at=now, updated_at=now, box=_box(
            data_key, prompt=prompt, title=title, text=text, tags=cleaned_tags))
        if cleaned_tags:
            vault_tags_count(owner, data_key=data_key, added=cleaned_tags)
        audit_record(action="inventory.entry_written", actor_id=owner.pk, target=entry)
    return entry


def entry_update(entry: Entry, *, owner: User, data_key: bytes, title: str, text: str, tags: str,
                 now: datetime | None = None) -> Entry:
    """Change his entry's title, text and tags; the prompt it answers stays."""
    if entry.owner_id != owner.pk:
        raise Refusal("not_your_entry")
    _prompt, title, text = _checked(prompt="", title=title, text=text)  # the prompt it answers is not his to change
    cleaned_tags = tags_clean(typed=tags)
    with transaction.atomic():
        vault_lock(owner)
        entry = _as_it_is(entry)
        before = entry_unbox(entry, data_key=data_key)
        prompt = before.prompt
        if before.tags != cleaned_tags:
            vault_tags_count(owner, data_key=data_key, removed=before.tags, added=cleaned_tags)
        entry.box = _box(data_key, prompt=prompt, title=title, text=text, tags=cleaned_tags)
        entry.updated_at = now or timezone.now()
        entry.save(update_fields=["box", "updated_at"])
        audit_record(action="inventory.entry_changed", actor_id=owner.pk, target=entry)
    return entry


def entry_delete(entry: Entry, *, owner: User, data_key: bytes) -> None:
    """Delete his entry for good: the row and its box go; the audit log keeps only that one was deleted."""
    if entry.owner_id != owner.pk:
        raise Refusal("not_your_entry")
    with transaction.atomic():
        vault_lock(owner)
        entry = _as_it_is(entry)
        tags = entry_unbox(entry, data_key=data_key).tags
        if tags:
            vault_tags_count(owner, data_key=data_key, removed=tags)
        audit_record(action="inventory.entry_deleted", actor_id=owner.pk, target=entry)
        entry.delete()
