"""Words for audit entries: each app says in its AppConfig.ready what its action codes and detail keys mean.

The audit app is the ground every other app stands on, so it cannot know their words itself; it keeps a
registry they fill. Details never hold protected content, so showing them in words reveals nothing new.
"""
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.utils.translation import gettext, pgettext_lazy

from holdspace.web import dates

_actions: dict[str, object] = {}
# Keys many apps use alike; an app may give a key its own label.
_detail_labels: dict[str, object] = {
    "added": pgettext_lazy("audit detail", "added"),
    "removed": pgettext_lazy("audit detail", "removed"),
    "by": pgettext_lazy("audit detail", "by"),
    "to": pgettext_lazy("audit detail", "to"),
    "from": pgettext_lazy("audit detail", "from"),
    "with": pgettext_lazy("audit detail", "with"),
    "kind": pgettext_lazy("audit detail", "kind"),
    "status": pgettext_lazy("audit detail", "status"),
    "user": pgettext_lazy("audit detail", "person (number)"),
    "member": pgettext_lazy("audit detail", "member (number)"),
    "version": pgettext_lazy("audit detail", "version"),
    "number": pgettext_lazy("audit detail", "version"),
    "fields": pgettext_lazy("audit detail", "what changed"),
    "days": pgettext_lazy("audit detail", "days"),
    "cases": pgettext_lazy("audit detail", "cases"),
    "count": pgettext_lazy("audit detail", "how many"),
    "files": pgettext_lazy("audit detail", "files"),
    "holders": pgettext_lazy("audit detail", "people holding a key"),
    "reference": pgettext_lazy("audit detail", "reference"),
    "before": pgettext_lazy("audit detail", "before"),
    "after": pgettext_lazy("audit detail", "after"),
    "started_by": pgettext_lazy("audit detail", "started by (person number)"),
    "story": pgettext_lazy("audit detail", "story"),
    "case": pgettext_lazy("audit detail", "case (number)"),
    "note": pgettext_lazy("audit detail", "note (number)"),
}
# A detail's value in words, by detail key, or by (action code, detail key) where the same key means
# different things in different entries (a reference's status is not an application's).
_values: dict[str | tuple[str, str], Mapping[str, object]] = {}
# Detail keys whose value is a day-granular deadline: shown as the day alone, however it was stored.
_day_keys: set[str] = set()
# Details keep moments as ISO 8601 text (the JSON they are stored in has no dates).
ISO_MOMENT = re.compile(r"^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$")


def audit_words_register(
    *,
    actions: Mapping[str, object] = {},
    details: Mapping[str, object] = {},
    values: Mapping[str | tuple[str, str], Mapping[str, object]] = {},
    day_keys: Iterable[str] = (),
) -> None:
    """Add an app's sentences for its action codes, labels for its detail keys, words for known values and
    the keys whose moments are day-granular deadlines."""
    _actions.update(actions)
    _day_keys.update(day_keys)
    _detail_labels.update(details)
    for key, words in values.items():
        _values[key] = {**_values.get(key, {}), **words}


def audit_codes_known() -> frozenset[str]:
    """Every action code some app has given words."""
    return frozenset(_actions)


def audit_action_words(*, action: str) -> str:
    """The sentence for an action code; an unknown one is still shown readably."""
    words = _actions.get(action)
    if words is None:
        return gettext("Recorded: %(code)s") % {"code": action}
    return str(words)


@dataclass(frozen=True)
class DetailWords:
    label: str
    value: str


def _value_words(*, action: str, key: str, value) -> str:
    if isinstance(value, bool):
        return str(pgettext_lazy("audit detail", "yes") if value else pgettext_lazy("audit detail", "no"))
    if value is None or value == "" or value == []:
        return str(pgettext_lazy("audit detail", "none"))
    if isinstance(value, list):
        return ", ".join(_value_words(action=action, key=key, value=item) for item in value)
    if isinstance(value, dict):
        return "; ".join(f"{item.label}: {item.value}" for item in audit_details_words(action=action, details=value))
    if isinstance(value, str):
        for words in (_values.get((action, key)), _values.get(key)):
            if words is not None and value in words:
                return str(words[value])
        if ISO_MOMENT.match(value):
            shown = dates.day(dates.last_day(value)) if key in _day_keys or len(value) == 10 else dates.moment(value)
            return shown or value
    return str(value)


def audit_details_words(*, action: str, details: Mapping) -> list[DetailWords]:
    """An entry's details as labelled values in the reader's language; ids and numbers stay as they are."""
    shown = []
    for key in sorted(details):
        label = _detail_labels.get(key)
        shown.append(DetailWords(
            label=str(label) if label is not None else key.replace("_", " "),
            value=_value_words(action=action, key=key, value=details[key]),
        ))
    return shown
