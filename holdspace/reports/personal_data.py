"""What reports hold of a person, for his export and his account's deletion. Reports are tied to an account only
when their reporter keeps them with it (reports.kept: sealed to her key, and the export says which only with her
key unlocked); cases belong to the organisation that handles them, sealed to its handlers: the export only says where each is
read. Deleting his account takes his copies of cases' keys, and waits while he alone can open an open case.
Registered in ReportsConfig.ready."""
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.urls import reverse
from django.utils.translation import ngettext, ngettext_lazy

from holdspace.accounts.models import User
from holdspace.accounts.personal_data import Consequence, LeftOut, Part, PersonalData, Section, consequence_counted
from holdspace.keys.session import unlocked_key
from holdspace.keys.views import key_url
from holdspace.reports.kept import kept_count, kept_reports
from holdspace.reports.keys import case_keys_forget, cases_only_openable_by
from holdspace.reports.models import CaseKey
from holdspace.reports.refusals import REFUSALS
from holdspace.reports.respondent import cases_about


def reports_export(request: HttpRequest) -> Section:
    notes = [_("A report is read back, and its record downloaded, on its own page, opened with its receipt code "
               "or from \"Your reports\" if you keep it with your account; its contents are never part of this "
               "export.")]
    parts, left_out = [], []
    count = kept_count(request.user)
    if count:
        notes.append(ngettext("You keep %(count)d report with your account.",
                              "You keep %(count)d reports with your account.", count) % {"count": count})
        private_key = unlocked_key(request)
        if private_key is None:
            left_out.append(LeftOut(_("Your key is locked, so which reports you keep is left out: only your key "
                                      "opens that. Unlock it first to include it."),
                                    link=key_url(next_path=reverse("accounts:your_data")),
                                    link_label=_("Unlock your key")))
        else:
            parts.append(Part(
                key="kept", title=_("Reports you keep with your account"),
                labels={"organisation": _("Sent to"), "sent": _("Sent on"), "status": _("Status")},
                records=[{"organisation": item.case.organisation.name, "sent": item.case.received_at,
                          "status": str(item.case.get_status_display())} if item.case else
                         {"organisation": None, "sent": None, "status": str(_("No longer exists, or kept with an "
                                                                               "earlier key"))}
                         for item in kept_reports(user=request.user, private_key=private_key)]))
    if cases_about(request.user).exists():
        notes.append(_("What you and the handlers of a case about you wrote to each other is read on your page "
                       "for that case, with your key."))
    return Section(key="reports", title=_("Reports and cases"), parts=tuple(parts), notes=tuple(notes),
                   left_out=tuple(left_out))


def reports_consequences(user: User) -> list[Consequence]:
    return [
        *consequence_counted(CaseKey.objects.filter(user=user).count(), words=ngettext_lazy(
            "Your copy of the key to %(count)d case is deleted; colleagues who hold one keep handling it.",
            "Your copies of the keys to %(count)d cases are deleted; colleagues who hold one keep handling them.",
            "count")),
        *consequence_counted(kept_count(user), words=ngettext_lazy(
            "The report you keep with your account is untied from it; its receipt code still opens it.",
            "The %(count)d reports you keep with your account are untied from it; their receipt codes still open "
            "them.", "count")),
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
