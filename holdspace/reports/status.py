"""Where a report stands, in the words of the person who reported it: a sentence per stage, written for her
(never a handler's to-do), whether the handlers wait for her answer, and the day she can next expect news."""
from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from holdspace.reports.models import Case, CaseMessage
from holdspace.reports.pathways import Stage
from holdspace.web import dates

STAGE_WORDS = {
    Stage.ACKNOWLEDGE: gettext_lazy("Your report has arrived. A handler will read it by %(date)s."),
    Stage.ASSESS: gettext_lazy("A handler has read your report and is looking at what would keep you safe and "
                               "what should happen next."),
    Stage.RECORD: gettext_lazy("A handler has read your report. It is kept as a dated record, and nothing else "
                               "happens unless you ask."),
    Stage.REFER: gettext_lazy("A handler has read your report and is finding support for you."),
    Stage.CONVERSATION: gettext_lazy("Someone is preparing or having the conversation with the person about his "
                                     "behaviour."),
    Stage.REPORTER_VIEW: gettext_lazy("The conversation with the person has happened. The handlers would like "
                                      "to hear what you think of how it went."),
    Stage.RJ_REFERRAL: gettext_lazy("Your report is being passed to a restorative facilitator."),
    Stage.RJ_PREPARE_REPORTER: gettext_lazy("A facilitator is preparing the process with you."),
    Stage.RJ_PREPARE_RESPONDENT: gettext_lazy("A facilitator is preparing the process with the person "
                                              "responsible."),
    Stage.RJ_READINESS: gettext_lazy("The facilitator is checking whether everyone is ready to meet. You meet "
                                     "only if you feel ready."),
    Stage.RJ_CIRCLE: gettext_lazy("The circle or conference is being arranged or held."),
    Stage.RJ_AGREEMENT: gettext_lazy("What was agreed, and the actions that follow, are being written down."),
    Stage.RJ_FOLLOW_UP: gettext_lazy("The actions agreed are being followed up."),
    Stage.NOTIFY: gettext_lazy("The person is being told about the report, so that he can respond."),
    Stage.RESPONSE: gettext_lazy("The person has been told and has time to respond."),
    Stage.EVIDENCE: gettext_lazy("The handlers are gathering evidence and talking with the people involved."),
    Stage.FINDINGS: gettext_lazy("The handlers are writing down what they found."),
    Stage.OUTCOME: gettext_lazy("The handlers are deciding the outcome and any measures."),
    Stage.APPEAL_WINDOW: gettext_lazy("The outcome is decided. You and the person have time to appeal if you "
                                      "disagree."),
    Stage.APPEAL: gettext_lazy("An appeal is being decided by a handler who did not take part in the findings."),
}

# Stages at which the handlers wait for her: her page says so whatever the messages say.
AWAITS_HER = {Stage.REPORTER_VIEW}


@dataclass(frozen=True)
class ReporterStatus:
    words: str  # where it stands, in her words
    awaits_her: bool  # a handler's message, or the stage, waits for her answer
    next_news_on: date | None  # the day she can next expect news: the current stage's due day


def stage_words(case: Case) -> str:
    """The sentence her page shows for the case's current stage (empty once it is closed)."""
    if not case.is_open:
        return ""
    words = STAGE_WORDS[Stage(case.stage)]
    if "%(date)s" in str(words):
        due = dates.day(case.stage_due_at) if case.stage_due_at else _("soon")
        return str(words) % {"date": due}
    return str(words)


def words_key(case: Case) -> str:
    """What decides what her page says of where the report stands: a change is news for her."""
    return case.stage if case.is_open else f"closed:{case.status}"


def reporter_status(case: Case, *, last_author: str | None) -> ReporterStatus:
    """Where her report stands; `last_author` wrote the last message between her and the handlers."""
    if not case.is_open:
        return ReporterStatus(words="", awaits_her=False, next_news_on=None)
    awaits = case.stage in AWAITS_HER or last_author == CaseMessage.Author.HANDLER
    due = case.stage_due_at.date() if case.stage_due_at else None
    return ReporterStatus(words=stage_words(case), awaits_her=awaits, next_news_on=due)
