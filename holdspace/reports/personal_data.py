"""What reports hold of a person, for his export and his account's deletion. Reports are not tied to accounts, and
cases belong to the organisation that handles them, sealed to its handlers: the export only says where each is
read. Deleting his account takes his copies of cases' keys, and waits while he alone can open an open case.
Registered in ReportsConfig.ready."""
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from holdspace.accounts.models import User
from holdspace.accounts.personal_data import Consequence, PersonalData, Section, consequence_counted
from holdspace.reports.keys import case_keys_forget, cases_only_openable_by
from holdspace.reports.models import CaseKey
from holdspace.reports.refusals import REFUSALS
from holdspace.reports.respondent import cases_about


def reports_export(request: HttpRequest) -> Section:
    notes = [_("Reports are not tied to accounts: a report is read back, and its record downloaded, with its "
               "receipt code.")]
    if cases_about(request.user).exists():
        notes.append(_("What you and the handlers of a case about you wrote to each other is read on your page "
                       "for that case, with your key."))
    return Section(key="reports", title=_("Reports and cases"), notes=tuple(notes))


def reports_consequences(user: User) -> list[Consequence]:
    return [
        *consequence_counted(CaseKey.objects.filter(user=user).count(), words=ngettext_lazy(
            "Your copy of the key to %(count)d case is deleted; colleagues who hold one keep handling it.",
            "Your copies of the keys to %(count)d cases are deleted; colleagues who hold one keep handling them.",
            "count")),
        *consequence_counted(cases_about(user).count(), words=ngettext_lazy(
            "The case you were told about as its respondent stays with the organisation handling it; your page "
            "for answering it closes.",
            "The %(count)d cases you were told about as their respondent stay with the organisations handling "
            "them; your pages for answering them close.", "count")),
    ]


def reports_blocks(user: User) -> str | None:
    return "only_case_reader" if cases_only_openable_by(user) else None


PART = PersonalData(name="reports", order=100, export=reports_export, consequences=reports_consequences,
                    blocks=reports_blocks, refusals={"only_case_reader": REFUSALS["only_case_reader"]},
                    before_delete=case_keys_forget)
