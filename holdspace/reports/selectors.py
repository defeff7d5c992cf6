"""What a handler's pages show, opened with the case's data key."""
from dataclasses import dataclass, field

from django.core.cache import cache
from django.utils import timezone

from holdspace.accounts.models import User
from holdspace.crypto.boxes import unlock, unlock_text
from holdspace.keys.selectors import public_key_of
from holdspace.organisations.models import Organisation
from holdspace.reports.access import cases_kept_from, handlers_of, respondent_of
from holdspace.reports.people import person_tag
from holdspace.reports.models import Case, CaseAttachment, CaseKey, CaseMessage, IdentityRelease
from holdspace.reports.respondent import channel_key_for_handler

PAGE_SIZE = 50

FILTERS = ("open", "overdue", "mine", "closed")


@dataclass
class CasePage:
    object_list: list
    number: int
    has_next: bool

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_other_pages(self) -> bool:
        return self.has_next or self.has_previous

    def next_page_number(self) -> int:
        return self.number + 1

    def previous_page_number(self) -> int:
        return self.number - 1


WAITING_CACHE_SECONDS = 60


def cases_waiting_for_grant(user: User, *, organisation: Organisation) -> int:
    """Open cases this handler has no key to yet (received before he had one); never
    those he is excluded from, so nobody learns a case about him exists. Counted at
    most once a minute: it changes only when a key is granted or a new handler joins."""

    def count() -> int:
        return (
            Case.objects.filter(handling_organisation=organisation, status=Case.Status.OPEN)
            .exclude(keys__user=user)
            .exclude(pk__in=cases_kept_from(user))
            .count()
        )

    return cache.get_or_set(f"hs:waiting:{organisation.pk}:{user.pk}", count, WAITING_CACHE_SECONDS)


@dataclass
class Thread:
    channel: str
    label: str
    messages: list = field(default_factory=list)


def case_threads(case: Case, *, data_key: bytes, channels) -> list[Thread]:
    threads = {code: Thread(code, label) for code, label in channels}
    keys = {code: data_key for code in threads}
    if CaseMessage.Channel.RESPONDENT in threads:
        keys[CaseMessage.Channel.RESPONDENT] = channel_key_for_handler(case, data_key=data_key)
    files: dict[int, list] = {}
    for attachment in CaseAttachment.objects.filter(case=case, message__isnull=False).only(
        "pk", "message_id", "name", "size"
    ):
        files.setdefault(attachment.message_id, []).append(
            {"pk": attachment.pk, "name": unlock(data_key, box=bytes(attachment.name)).decode("utf-8"), "size": attachment.size}
        )
    for message in case.messages.select_related("author_user"):
        if message.channel in threads:
            threads[message.channel].messages.append(
                {
                    "author": message.author,
                    "author_name": message.author_user.display_name if message.author_user else "",
                    "created_at": message.created_at,
                    "body": unlock_text(keys[message.channel], box=bytes(message.body)),
                    "is_information": message.is_information,
                    "files": files.get(message.pk, []),
                }
            )
    return list(threads.values())


def report_files(case: Case, *, data_key: bytes) -> list[dict]:
    return [
        {"pk": a.pk, "name": unlock(data_key, box=bytes(a.name)).decode("utf-8"), "size": a.size}
        for a in CaseAttachment.objects.filter(case=case, message__isnull=True, evidence__isnull=True).only(
            "pk", "name", "size")
    ]


def case_stages(case: Case, *, data_key: bytes) -> list[dict]:
    now = timezone.now()
    return [
        {
            "label": stage.get_stage_display(),
            "started_at": stage.started_at,
            "due_at": stage.due_at,
            "completed_at": stage.completed_at,
            "overdue": stage.completed_at is None and stage.due_at < now and case.is_open,
            "late": stage.completed_at is not None and stage.completed_at > stage.due_at,
            "note": unlock_text(data_key, box=bytes(stage.note)) if stage.note else "",
            "by": stage.completed_by.display_name if stage.completed_by else "",
        }
        for stage in case.stages.select_related("completed_by")
    ]


def case_people(case: Case) -> dict:
    """Handlers with a key, handlers who could be granted one, and pending identity requests."""
    keys = CaseKey.objects.filter(case=case).select_related("user")
    holders = [key.user for key in keys]
    tags = set(case.exclusions.values_list("person_tag", flat=True))
    grantable = [person for person in handlers_of(case.handling_organisation).exclude(pk__in=[u.pk for u in holders])
                 .filter(personal_key__isnull=False).order_by("display_name") if person_tag(person) not in tags]
    return {
        "keys": keys,
        "holders": holders,
        "grantable": grantable,
        "releases": IdentityRelease.objects.filter(case=case).select_related("requested_by", "decided_by"),
        "respondent_candidates": [
            person for person in User.objects.filter(memberships__organisation=case.organisation).distinct()
            .order_by("display_name") if person_tag(person) not in tags
        ],
    }


def respondent_waiting(case: Case) -> bool:
    """He was told, has set up his key since, and the conversation is not yet open to him."""
    if not case.respondent_channel or case.respondent_sealed:
        return False
    respondent = respondent_of(case)
    return respondent is not None and public_key_of(respondent) is not None
