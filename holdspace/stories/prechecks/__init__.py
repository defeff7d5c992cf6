"""Automatic pre-checks on a story, before a moderator reads it.

They point at details that could identify other people and at language that
minimises or excuses harm, each with its reason, so the writer can change them
and the moderator can look closer. They never decide: every story still waits
for a person.
"""
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from holdspace.stories.prechecks import identifying, minimising

IDENTIFYING = "identifying"
MINIMISING = "minimising"

REASONS: dict[str, Promise] = {
    "name": _("This looks like someone's name. Other people in your story stay unnamed: say “a colleague”, "
              "“my partner then”."),
    "employer": _("This looks like a named workplace. Naming it can point to the people in your story: say “where "
                  "I worked”."),
    "school": _("This looks like a named school or university. It can point to the people in your story: say “at "
                "university”."),
    "place": _("This looks like a place someone could find: a town, a street or a venue. Say “a bar”, “the town "
               "I grew up in”."),
    "date": _("An exact date can tell people who was there. Say “one winter”, “years ago”."),
    "contact": _("This looks like an email address or a phone number. Contact details never belong in a story."),
    "handle": _("This looks like an account name or a link to a profile. It leads straight to a person."),
    "victim_blaming": _("This puts the responsibility on her. What she did or wore did not cause what you did."),
    "joking": _("Calling it a joke shrinks it. Intention matters less than impact: what did it do to her?"),
    "everyone_does_it": _("“Everyone does it” spreads the responsibility thin. Your story is about what you did."),
    "consent_excuse": _("Not saying no is not saying yes. Fear, surprise or power can keep someone quiet."),
    "conditional_apology": _("“Sorry if she felt…” puts the hurt in doubt. Name what you did and that it hurt."),
    "downplaying": _("This makes the harm sound small. Let the reader see its weight from her side."),
    "excuse": _("This hands the responsibility to something else: drink, stress, nature. Your choices were yours."),
}
KIND_OF = {
    **{category: IDENTIFYING for category in ("name", "employer", "school", "place", "date", "contact", "handle")},
    **{category: MINIMISING for category in ("victim_blaming", "joking", "everyone_does_it", "consent_excuse",
                                              "conditional_apology", "downplaying", "excuse")},
}
CATEGORY_LABELS: dict[str, Promise] = {
    "name": _("A name"),
    "employer": _("A workplace"),
    "school": _("A school"),
    "place": _("A place"),
    "date": _("An exact date"),
    "contact": _("Contact details"),
    "handle": _("An account or link"),
    "victim_blaming": _("Blaming her"),
    "joking": _("“Just a joke”"),
    "everyone_does_it": _("“Everyone does it”"),
    "consent_excuse": _("“She didn't say no”"),
    "conditional_apology": _("A conditional apology"),
    "downplaying": _("Making it small"),
    "excuse": _("An excuse"),
}

PART_LABELS: dict[str, Promise] = {
    "title": _("Title"),
    "what_i_did": _("What I did"),
    "what_i_understand": _("What I understand now about its impact"),
    "what_i_changed": _("What I have changed or am changing"),
    "pseudonym": _("Pseudonym"),
}


@dataclass(frozen=True)
class Flag:
    part: str  # which field of the story
    category: str
    excerpt: str

    @property
    def kind(self) -> str:
        return KIND_OF[self.category]

    @property
    def label(self) -> Promise:
        return CATEGORY_LABELS[self.category]

    @property
    def reason(self) -> Promise:
        return REASONS[self.category]

    @property
    def part_label(self) -> Promise | str:
        return PART_LABELS.get(self.part, self.part)


def check_text(text: str, *, language: str) -> list[tuple[str, str]]:
    """(category, excerpt) for everything found in one text."""
    spans = identifying.find(text, language=language) + minimising.find(text, language=language)
    return [(category, text[start:end].strip()) for category, start, end in sorted(spans, key=lambda s: s[1])]


def check_story(parts: dict[str, str], *, language: str) -> list[Flag]:
    """Flags for every part of a story, in the order the parts are given."""
    return [
        Flag(part=part, category=category, excerpt=excerpt)
        for part, text in parts.items()
        for category, excerpt in check_text(text or "", language=language)
    ]
