"""The handler's list of cases, its rows written out here once for the page.

Fifty rows drawn by the template engine, each asking every choice label of its case through the model (which
translates every label of the field to find one) and translating the columns' names again, cost several times
what the rest of the list does. Here each label is translated once a request and each row is one format.
"""
from datetime import datetime
from urllib.parse import quote

from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext

from holdspace.organisations.models import Organisation
from holdspace.reports.models import Case
from holdspace.reports.pathways import Pathway, Stage
from holdspace.web.dates import day

ROW = ('<tr><td data-label="{}"><a href="{}">{}</a>{}<br><small>{}{}</small></td><td data-label="{}">{}</td>'
       '<td data-label="{}">{}</td><td data-label="{}">{}</td><td data-label="{}">{}</td></tr>')


def _labels(choices) -> dict[str, str]:
    return {value: str(label) for value, label in choices}


def case_rows_drawn(cases: list[Case], *, organisation: Organisation, closed: bool, now: datetime) -> SafeString:
    """The table's rows: the case (new, yours, kind and high risk), received, asked for, stage or status, and
    the due day or the outcome (`closed`: the list of closed cases names that column "Outcome")."""
    kinds, risks, pathways = _labels(Case.Kind.choices), _labels(Case.Risk.choices), _labels(Pathway.choices)
    stages, statuses, outcomes = _labels(Stage.choices), _labels(Case.Status.choices), _labels(Case.Outcome.choices)
    heads = (gettext("Case"), gettext("Received"), gettext("Asked for"), gettext("Stage"),
             gettext("Outcome") if closed else gettext("Due"))
    new, yours, ready = gettext("new"), gettext("yours"), gettext("Ready to close")
    # One reverse for all rows, each reference quoted into it as reverse would.
    address = reverse("reports:case", args=[organisation.slug, "REFERENCE"])
    before, after = address.split("REFERENCE")

    def row(case: Case):
        marks = format_html("{}{}", format_html(" · <span>{}</span>", new) if case.unread_for_handlers else "",
                            format_html(" · {}", yours) if case.assigned_to_me else "")
        risk = format_html(' · <span class="overdue">{}</span>', risks[case.risk]) if case.risk == Case.Risk.HIGH else ""
        if not case.is_open:
            last = outcomes.get(case.outcome, case.outcome) or statuses.get(case.status, case.status)
        elif case.stage_due_at is None:
            last = ready
        elif case.stage_due_at < now:
            last = format_html('<span class="overdue">{}</span>',
                               gettext("Overdue since %(date)s") % {"date": day(case.stage_due_at)})
        else:
            last = day(case.stage_due_at)
        return (heads[0], f"{before}{quote(case.reference)}{after}", case.reference, marks, kinds.get(case.kind, case.kind),
                risk, heads[1], day(case.received_at), heads[2], pathways.get(case.pathway, case.pathway), heads[3],
                stages.get(case.stage, case.stage) if case.is_open else statuses.get(case.status, case.status),
                heads[4], last)

    return format_html_join("\n", ROW, (row(case) for case in cases))
