"""A person's own data, told to accounts by the apps that hold it, in their `AppConfig.ready`.

Accounts cannot know what the apps above it keep about a person, yet it owns two pages that need
all of it: the export of everything he wrote that he can read, and the deletion of his account.
Each app registers one `PersonalData`: how to read his data back to him as a `Section`, what
deleting his account would do to it (`consequences`), what must stop the deletion (`blocks`, a
refusal code with the app's words for it), and what to do before the rows go (`before_delete`).
"""
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from django.http import HttpRequest

from holdspace.accounts.models import User


@dataclass(frozen=True)
class Part:
    """One kind of thing in a section (his stories, his circles): a record per thing, each a mapping from
    a field's key to its value, and the fields' labels in the order they are shown. A value is text, a
    number, yes or no, nothing, a moment or a day, a list of words, or a `Part` of its own (a commitment's
    check-ins)."""

    key: str
    title: str
    labels: Mapping[str, str]
    records: Sequence[Mapping[str, object]]


@dataclass(frozen=True)
class LeftOut:
    """Something of his that this export could not open now, and, when he can, how to open it first."""

    words: str
    link: str = ""
    link_label: str = ""


@dataclass(frozen=True)
class Section:
    """What one app holds of a person, as he reads it back (lazily translated titles and words)."""

    key: str
    title: str
    parts: tuple[Part, ...] = ()
    notes: tuple[str, ...] = ()  # what this section does not hold, and why
    left_out: tuple[LeftOut, ...] = ()


@dataclass(frozen=True)
class Consequence:
    """One line of what deleting his account does, with its count in the words; `flagged` when it leaves
    something behind that others will need to take up (a circle with no facilitator left)."""

    words: str
    flagged: bool = False


def consequence_counted(count: int, *, words: str, flagged: bool = False, **details: object) -> list[Consequence]:
    """One line when `count` is not nought: `words` (plural forms keyed on "count", e.g. an `ngettext_lazy(…,
    "count")`) with the count and `details` filled in; no line otherwise."""
    return [Consequence(words % {"count": count, **details}, flagged=flagged)] if count else []


@dataclass(frozen=True)
class PersonalData:
    """One app's part of a person's data."""

    name: str
    order: int  # where its section comes in the export and on the pages (his account first)
    # His data read back to him: the person is `request.user`; an app that needs what is unlocked in
    # his session (his key) reads it from the request. Writes nothing.
    export: Callable[[HttpRequest], Section]
    # What deleting his account would do here, each line with its count; none when he has nothing here.
    consequences: Callable[[User], list[Consequence]] = lambda user: []
    # A refusal code while his account must not be deleted (he alone administers an organisation).
    blocks: Callable[[User], str | None] = lambda user: None
    # Words for the codes `blocks` gives (lazily translated by the registering app).
    refusals: Mapping[str, str] = field(default_factory=dict)
    # Run in the deletion's transaction, before his account's rows go: what the cascade alone would not do
    # (a published story leaving the search index). Returns counts for the audit entry, never words.
    before_delete: Callable[[User], dict[str, int]] | None = None


_registered: dict[str, PersonalData] = {}


def personal_data_register(contribution: PersonalData) -> None:
    """Register an app's part (from its AppConfig.ready; registering twice replaces)."""
    _registered[contribution.name] = contribution


def personal_data() -> tuple[PersonalData, ...]:
    return tuple(sorted(_registered.values(), key=lambda contribution: (contribution.order, contribution.name)))


def personal_data_refusals() -> dict[str, str]:
    """Every app's words for its blocking codes."""
    words: dict[str, str] = {}
    for contribution in personal_data():
        words.update(contribution.refusals)
    return words


def export_sections(request: HttpRequest) -> list[Section]:
    """Everything of the signed-in person's that he can read, section by section."""
    return [contribution.export(request) for contribution in personal_data()]


def deletion_consequences(user: User) -> list[tuple[PersonalData, list[Consequence]]]:
    """What deleting this account would do, by app, leaving out apps where he has nothing."""
    found = []
    for contribution in personal_data():
        lines = contribution.consequences(user)
        if lines:
            found.append((contribution, lines))
    return found


def deletion_blocks(user: User) -> list[str]:
    """The refusal codes that stop this account's deletion now, in the apps' order."""
    return [code for contribution in personal_data() if (code := contribution.blocks(user))]


EXPORT_FORMAT = 1


def export_json(sections: Sequence[Section], *, made_at: datetime, language: str) -> dict:
    """The export as plain JSON values: translated titles and labels, moments in ISO 8601."""
    return {
        "holdspace_export": EXPORT_FORMAT,
        "made_at": made_at.isoformat(),
        "language": language,
        "sections": [
            {
                "key": section.key,
                "title": str(section.title),
                "notes": [str(note) for note in section.notes],
                "left_out": [str(left.words) for left in section.left_out],
                "parts": {part.key: _part_json(part) for part in section.parts},
            }
            for section in sections
        ],
    }


def _part_json(part: Part) -> dict:
    return {
        "title": str(part.title),
        "labels": {key: str(label) for key, label in part.labels.items()},
        "records": [{key: _value_json(record.get(key)) for key in part.labels} for record in part.records],
    }


def _value_json(value: object) -> object:
    if isinstance(value, Part):
        return _part_json(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, bool | int | float) or value is None:
        return value
    if isinstance(value, list | tuple):
        return [_value_json(item) for item in value]
    return str(value)  # text, lazily translated words
