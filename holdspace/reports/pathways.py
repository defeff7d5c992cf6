"""What a reporter can ask for, and the stages each pathway runs through.

Every case starts with two common stages (acknowledge, then assess safety and
triage); then come the stages of the pathway the reporter chose. Each stage has
a default deadline in days, which an organisation's policy may change.
"""
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import models
from django.utils.translation import gettext_lazy as _


class Pathway(models.TextChoices):
    RECORD = "record", _("Only a dated record")
    SUPPORT = "support", _("Support and referral")
    INFORMAL = "informal", _("An informal conversation with the person")
    RESTORATIVE = "restorative", _("A restorative process")
    FORMAL = "formal", _("A formal investigation")


PATHWAY_EXPLANATIONS = {
    Pathway.RECORD: _(
        "Your account is kept, dated, and nothing else happens unless you ask later. "
        "It can matter if others report the same person."
    ),
    Pathway.SUPPORT: _(
        "A handler contacts you through this page to offer support and, if you want, "
        "puts you in touch with organisations that help people in your situation."
    ),
    Pathway.INFORMAL: _(
        "Someone you agree on talks with the person about his behaviour, then tells you how it went "
        "and asks what you think of the outcome."
    ),
    Pathway.RESTORATIVE: _(
        "A facilitated process in which the person who caused harm is prepared to listen and take "
        "responsibility. Each side is prepared separately; you meet only if you feel ready, "
        "and you can stop at any point."
    ),
    Pathway.FORMAL: _(
        "An investigation with due process for everyone: the person is told and can respond, "
        "evidence is gathered, findings are written with a standard of proof, and either side can appeal."
    ),
}


class Stage(models.TextChoices):
    ACKNOWLEDGE = "acknowledge", _("Acknowledge the report")
    ASSESS = "assess", _("Safety assessment and triage")
    RECORD = "record", _("Record kept")
    REFER = "refer", _("Support and referral offered")
    CONVERSATION = "conversation", _("Conversation with the person")
    REPORTER_VIEW = "reporter_view", _("The reporter's view of the outcome")
    RJ_REFERRAL = "rj_referral", _("Referral to a restorative facilitator")
    RJ_PREPARE_REPORTER = "rj_prepare_reporter", _("Preparation with the person harmed")
    RJ_PREPARE_RESPONDENT = "rj_prepare_respondent", _("Preparation with the person responsible")
    RJ_READINESS = "rj_readiness", _("Readiness check")
    RJ_CIRCLE = "rj_circle", _("Circle or conference")
    RJ_AGREEMENT = "rj_agreement", _("Agreement with actions")
    RJ_FOLLOW_UP = "rj_follow_up", _("Follow-up of the agreement")
    NOTIFY = "notify", _("Notify the respondent")
    RESPONSE = "response", _("The respondent's response")
    EVIDENCE = "evidence", _("Evidence and interviews")
    FINDINGS = "findings", _("Findings")
    OUTCOME = "outcome", _("Outcome and measures")
    APPEAL_WINDOW = "appeal_window", _("Time to appeal")
    APPEAL = "appeal", _("Appeal")


# Days allowed for each stage unless the organisation's policy says otherwise.
#
# The stages whose time is the handlers' own are short, so that she hears from a person within a day and the
# simple pathways end within two weeks; an overdue one is escalated (holdspace/reports/upkeep.py). The time that
# belongs to someone else is not shortened: her view of an informal outcome, her preparation and readiness for a
# restorative meeting, the respondent's answer, either party's time to appeal, and the follow-up of an agreement.
DEFAULT_DAYS = {
    Stage.ACKNOWLEDGE: 1,  # a handler reads the report and writes to her: the first answer from a person
    Stage.ASSESS: 2,
    Stage.RECORD: 2,
    Stage.REFER: 5,
    Stage.CONVERSATION: 7,
    Stage.REPORTER_VIEW: 14,
    Stage.RJ_REFERRAL: 3,
    Stage.RJ_PREPARE_REPORTER: 21,
    Stage.RJ_PREPARE_RESPONDENT: 14,
    Stage.RJ_READINESS: 7,
    Stage.RJ_CIRCLE: 14,
    Stage.RJ_AGREEMENT: 5,
    Stage.RJ_FOLLOW_UP: 60,
    Stage.NOTIFY: 2,
    Stage.RESPONSE: 14,
    Stage.EVIDENCE: 12,
    Stage.FINDINGS: 4,
    Stage.OUTCOME: 2,
    Stage.APPEAL_WINDOW: 14,
    Stage.APPEAL: 14,
}

# Stages whose time belongs to someone other than the handlers: never escalated, never shortened to make the
# figures. (The reporter's view, her preparation and readiness, his answer, the time to appeal, the agreement's
# own time.)
OTHERS_TIME = frozenset({
    Stage.REPORTER_VIEW, Stage.RJ_PREPARE_REPORTER, Stage.RJ_READINESS, Stage.RJ_FOLLOW_UP, Stage.RESPONSE,
    Stage.APPEAL_WINDOW,
})

COMMON_STAGES = (Stage.ACKNOWLEDGE, Stage.ASSESS)

PATHWAY_STAGES = {
    Pathway.RECORD: (Stage.RECORD,),
    Pathway.SUPPORT: (Stage.REFER,),
    Pathway.INFORMAL: (Stage.CONVERSATION, Stage.REPORTER_VIEW),
    Pathway.RESTORATIVE: (
        Stage.RJ_REFERRAL,
        Stage.RJ_PREPARE_REPORTER,
        Stage.RJ_PREPARE_RESPONDENT,
        Stage.RJ_READINESS,
        Stage.RJ_CIRCLE,
        Stage.RJ_AGREEMENT,
        Stage.RJ_FOLLOW_UP,
    ),
    Pathway.FORMAL: (
        Stage.NOTIFY,
        Stage.RESPONSE,
        Stage.EVIDENCE,
        Stage.FINDINGS,
        Stage.OUTCOME,
        Stage.APPEAL_WINDOW,
    ),
}

# Stages that record another person's word: the respondent's answer, the reporter's view. Such a
# stage is complete once that person wrote on the case since it started, or the handler's note says
# what they said and how, or their time ran out; never before they could have answered.
AWAITS_WORD_FROM = {
    Stage.RESPONSE: "respondent",
    Stage.REPORTER_VIEW: "reporter",
}


@dataclass(frozen=True)
class Deadline:
    stage: str
    due_at: datetime


def stages_of(pathway: str) -> tuple[str, ...]:
    return COMMON_STAGES + PATHWAY_STAGES[Pathway(pathway)]


def stage_days(stage: str, *, overrides: dict | None = None) -> int:
    if overrides and stage in overrides:
        return int(overrides[stage])
    return DEFAULT_DAYS[Stage(stage)]


def deadline_for(stage: str, *, started_at: datetime, overrides: dict | None = None) -> Deadline:
    return Deadline(stage, started_at + timedelta(days=stage_days(stage, overrides=overrides)))


def next_stage(pathway: str, *, current: str) -> str | None:
    """The stage after `current` in this pathway, or None when the pathway is done.

    An appeal is outside the normal sequence: once it is decided the case is done.
    """
    if current == Stage.APPEAL:
        return None
    sequence = stages_of(pathway)
    if current not in sequence:
        # The pathway changed under a stage it does not have: go to its first own stage.
        return sequence[len(COMMON_STAGES)]
    position = sequence.index(current)
    return sequence[position + 1] if position + 1 < len(sequence) else None


def stage_after_pathway_change(new_pathway: str, *, current: str) -> str:
    """Where a case goes when the reporter changes the pathway: the common stages
    are kept; otherwise the new pathway starts from its first stage."""
    if current in COMMON_STAGES:
        return current
    return PATHWAY_STAGES[Pathway(new_pathway)][0]
