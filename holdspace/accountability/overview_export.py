"""A network's overview of its members as a spreadsheet (CSV), as the page shows it: the same rows, in the same
order, with the reader's language's column names and words."""
import csv
import io

from django.utils.translation import gettext as _

from holdspace.accountability.overview import MemberStanding
from holdspace.web import dates
from holdspace.web.spreadsheets import safe_cell as _cell


def overview_csv(members: list[MemberStanding], *, vetting_words, attention_words) -> str:
    """`vetting_words(member)` and `attention_words(code)` say a member's vetting and a reason for attention as
    the page says them."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([_("Organisation"), _("Joined"), _("Code signed (version)"), _("Code signed on"),
                     _("Last own assessment"), _("Open action points"), _("Overdue action points"),
                     _("Open partners' concerns"), _("Overdue partners' concerns"), _("Cases counted"),
                     _("Case stages on time (%)"), _("Vetting"), _("Needs attention")])
    for member in members:
        stages = member.stages
        writer.writerow([_cell(each) for each in (
            member.organisation.name, dates.file_day(member.joined_at), member.code_signed,
            dates.file_day(member.code_signed_at), dates.file_day(member.assessment.last_closed_at),
            member.assessment.points_open, member.assessment.points_overdue, member.concerns_open,
            member.concerns_overdue, stages.cases if stages else "", stages.percent_on_time if stages else "",
            vetting_words(member), "; ".join(attention_words(code) for code in member.attention),
        )])
    return out.getvalue()
