"""The questionnaire of an accountability assessment, written for Holdspace.

Six dimensions, three statements each. People say how far each statement is
true of their organisation today, from 1 (not at all) to 5 (fully), or that
they do not know. "I don't know" is an answer, and a telling one: it counts
how many people could not see a policy at work, but it carries no score.

Keys are stable: answers and results are stored under them, so a key is never
renamed or reused for another statement. Wording may be improved; a new
statement gets a new key.
"""
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

# The choice for "I don't know" on the form; stored as no score (null).
DONT_KNOW = "unknown"
SCALE: tuple[tuple[int, Promise], ...] = (
    (1, _("Not at all")),
    (2, _("A little")),
    (3, _("Partly")),
    (4, _("Mostly")),
    (5, _("Fully")),
)
LOWEST, HIGHEST = SCALE[0][0], SCALE[-1][0]
COMMENT_MAX = 2000


@dataclass(frozen=True)
class Statement:
    key: str
    text: Promise


@dataclass(frozen=True)
class Dimension:
    key: str
    title: Promise
    short: Promise  # for the chart's labels, where room is short
    intro: Promise
    statements: tuple[Statement, ...]


DIMENSIONS: tuple[Dimension, ...] = (
    Dimension(
        "policies",
        _("Policies and mechanisms exist"),
        _("Policies exist"),
        _("What is written down and set up: a code, a way to raise a concern, people to handle it."),
        (
            Statement("policies_1", _("We have a written code of conduct that applies to everyone here, "
                                      "leaders included.")),
            Statement("policies_2", _("There is a clear and safe way to raise a concern or report harm, "
                                      "including without giving your name.")),
            Statement("policies_3", _("We know who handles a report and what happens after one is made.")),
        ),
    ),
    Dimension(
        "use",
        _("They are used, regularly"),
        _("Policies used"),
        _("Having policies is not enough: whether they are part of everyday work."),
        (
            Statement("use_1", _("Our code and policies come up in our everyday work, not only when something "
                                 "has gone wrong.")),
            Statement("use_2", _("When a concern was raised here, it was answered and followed through in good "
                                 "time.")),
            Statement("use_3", _("We look back at least once a year at how our policies worked, and change what "
                                 "did not.")),
        ),
    ),
    Dimension(
        "power",
        _("Power and hierarchy"),
        _("Power"),
        _("Who can speak up, and whether a leader's position changes what happens."),
        (
            Statement("power_1", _("People here can question a leader's behaviour without fear of losing their "
                                   "place or their work.")),
            Statement("power_2", _("What happens after a concern does not depend on how senior or well known "
                                   "the person is.")),
            Statement("power_3", _("We talk openly about the power men hold in this organisation, and how it is "
                                   "shared.")),
        ),
    ),
    Dimension(
        "partnership",
        _("Partnership with women's rights organisations"),
        _("Partnership"),
        _("Whether the organisations we are accountable to have a real voice here."),
        (
            Statement("partnership_1", _("Women's rights organisations have a real say in our decisions, not only "
                                         "a word of advice.")),
            Statement("partnership_2", _("We meet our women's rights partners regularly and act on what they tell "
                                         "us.")),
            Statement("partnership_3", _("When a partner raises a concern, we answer within the time we "
                                         "promised.")),
        ),
    ),
    Dimension(
        "prevention",
        _("Prevention and capacity building"),
        _("Prevention"),
        _("Learning, skills and time, so that harm is prevented and handled well."),
        (
            Statement("prevention_1", _("Everyone here has learned about consent, harassment and the misuse of "
                                        "power, and keeps learning.")),
            Statement("prevention_2", _("The people who handle reports have the time, the skills and the support "
                                        "the work needs.")),
            Statement("prevention_3", _("We act early on small warning signs, before harm grows.")),
        ),
    ),
    Dimension(
        "transparency",
        _("Transparency"),
        _("Transparency"),
        _("What we tell our members, our partners and the public."),
        (
            Statement("transparency_1", _("We tell our members and partners how we handle reports, in figures "
                                          "that keep everyone's privacy.")),
            Statement("transparency_2", _("The action points from our assessments, and how far we got with them, "
                                          "are shared openly.")),
            Statement("transparency_3", _("When we got something wrong, we said so openly and said what we "
                                          "changed.")),
        ),
    ),
)

DIMENSION_KEYS: tuple[str, ...] = tuple(dimension.key for dimension in DIMENSIONS)
QUESTION_KEYS: tuple[str, ...] = tuple(s.key for dimension in DIMENSIONS for s in dimension.statements)
BY_KEY: dict[str, Dimension] = {dimension.key: dimension for dimension in DIMENSIONS}
STATEMENTS: dict[str, Statement] = {s.key: s for dimension in DIMENSIONS for s in dimension.statements}


def dimension_rank(key: str) -> int:
    """The place of a dimension in the questionnaire, to list comments in the questionnaire's order."""
    return DIMENSION_KEYS.index(key)
