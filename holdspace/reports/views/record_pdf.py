"""The case record as a PDF, drawn in memory (holdspace.web.pdf): nothing is written to disk. What it holds is
gathered (and its making audited) by holdspace.reports.record.case_record."""
import io
from xml.sax.saxutils import escape

from django.utils.translation import gettext as _

from holdspace.reports.record import CaseRecord
from holdspace.web import dates
from holdspace.web.pdf import pdf_fonts, pdf_text


def _when(value) -> str:
    return dates.day(value)


def _moment(value) -> str:
    return dates.moment(value)


def record_pdf(record: CaseRecord) -> bytes:
    """The record as a PDF made in memory (a BytesIO), never on disk."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

    regular, bold = pdf_fonts()
    body = ParagraphStyle("body", fontName=regular, fontSize=10, leading=14, spaceAfter=4)
    meta = ParagraphStyle("meta", parent=body, fontSize=9, textColor="#444444", spaceAfter=2)
    title = ParagraphStyle("title", fontName=bold, fontSize=17, leading=22, spaceAfter=8)
    heading = ParagraphStyle("heading", fontName=bold, fontSize=13, leading=18, spaceBefore=10, spaceAfter=4)
    label = ParagraphStyle("label", fontName=bold, fontSize=10, leading=14, spaceBefore=4)
    case = record.case
    story = []

    def para(text: str, style=body):
        story.append(Paragraph(text, style))

    def fact(name: str, value: str):
        if value:
            para(f"<font name='{bold}'>{escape(name)}:</font> {escape(value)}")

    para(escape(_("Case record %(reference)s") % {"reference": case.reference}), title)
    para(escape(_("Made on %(date)s by %(name)s. Confidential: for the people deciding on this case.")
                % {"date": _moment(record.made_at), "name": record.made_by}), meta)

    para(escape(_("The case")), heading)
    fact(_("Organisation"), case.handling_organisation.name)
    if case.organisation_id != case.handling_organisation_id:
        fact(_("Reported to"), case.organisation.name)
    fact(_("Kind"), case.get_kind_display())
    if case.intake:
        fact(_("Recorded by a handler"), f"{case.get_intake_display()} · {_('with their consent')}")
    elif case.on_behalf:
        fact(_("Reported on someone's behalf"), _("with their consent"))
    fact(_("Received"), _moment(case.received_at))
    fact(_("The reporter asked for"), case.get_pathway_display())
    fact(_("Status"), case.get_status_display() + (f" · {case.get_outcome_display()}" if case.outcome else ""))
    if case.closed_at:
        fact(_("Closed"), _moment(case.closed_at))
    fact(_("Risk"), case.get_risk_display() if case.risk else "")
    fact(_("Standard of proof"), case.get_standard_of_proof_display() if case.standard_of_proof else "")
    if record.interim_measures:
        para(escape(_("Interim measures")), label)
        para(pdf_text(record.interim_measures))

    para(escape(_("Who reported")), heading)
    if not case.has_identity:
        para(escape(_("The reporter stayed anonymous.")))
    elif record.identity is not None:
        para(pdf_text(" · ".join(part for part in (record.identity.name, record.identity.contact) if part)))
    else:
        para(escape(_("The reporter gave a name and contact. They are not in this record: they were not released "
                      "to the handler who made it.")))

    para(escape(_("The report")), heading)
    content = record.content
    for name, value in ((_("What happened"), content.what), (_("When"), content.when), (_("Where"), content.where),
                        (_("Who it is about"), content.respondent_name), (_("Others involved"), content.people),
                        (_("Witnesses"), content.witnesses), (_("Impact"), content.impact)):
        if value:
            para(escape(name), label)
            para(pdf_text(value))
    if record.report_files:
        para(escape(_("Files")), label)
        for file in record.report_files:
            para(pdf_text(f"• {file['name']}"))

    para(escape(_("Stages and deadlines")), heading)
    for stage in record.stages:
        line = _("due %(due)s") % {"due": _when(stage["due_at"])}
        if stage["completed_at"]:
            line += " · " + _("done %(done)s") % {"done": _when(stage["completed_at"])}
            if stage["by"]:
                line += f" · {stage['by']}"
            if stage["late"]:
                line += " · " + _("late")
        para(f"<font name='{bold}'>{escape(stage['label'])}</font> · {escape(line)}")
        if stage["note"]:
            para(pdf_text(stage["note"]), meta)

    para(escape(_("Evidence and interviews")), heading)
    if not record.evidence:
        para(escape(_("No entries.")))
    for entry in record.evidence:
        para(f"<font name='{bold}'>{escape(_when(entry.happened_on))} · {escape(entry.kind_label)}</font>"
             + (f" · {escape(_('taken by %(name)s') % {'name': entry.taken_by})}" if entry.taken_by else ""))
        para(pdf_text(entry.text))
        for file in entry.files:
            para(pdf_text(f"• {file['name']}"), meta)

    para(escape(_("Outcome and measures")), heading)
    if record.outcome is None:
        para(escape(_("No outcome is recorded.")))
    else:
        fact(_("Outcome"), record.outcome.result_label)
        fact(_("Recorded"), f"{_moment(record.outcome.recorded_at)} · {record.outcome.recorded_by}")
        if record.outcome.summary:
            para(pdf_text(record.outcome.summary))
    for measure in record.measures:
        state = (_("done %(done)s") % {"done": _when(measure["done_at"])} if measure["done_at"]
                 else _("follow-up on %(date)s") % {"date": _when(measure["follow_up_on"])}
                 if measure["follow_up_on"] else "")
        para(f"<font name='{bold}'>{escape(measure['kind_label'])}</font>" + (f" · {escape(state)}" if state else ""))
        para(pdf_text(measure["description"]))

    for thread in record.threads:
        para(escape(f"{_('Messages')} · {thread.label}"), heading)
        if not thread.messages:
            para(escape(_("No messages.")))
        for message in thread.messages:
            who = {"reporter": _("Reporter"), "respondent": _("Respondent"), "system": "Holdspace"}.get(
                message["author"], message["author_name"] or _("Handler"))
            para(escape(f"{_moment(message['created_at'])} · {who}"), meta)
            para(pdf_text(message["body"]))
            for file in message["files"]:
                para(pdf_text(f"• {file['name']}"), meta)
    story.append(Spacer(1, 6 * mm))
    para(escape(_("Handlers' internal notes are not part of this record.")), meta)

    footer = _("Case %(reference)s · page %(page)s")

    def on_page(canvas, document):
        canvas.saveState()
        canvas.setFont(regular, 8)
        canvas.drawString(18 * mm, 10 * mm, footer % {"reference": case.reference, "page": document.page})
        canvas.restoreState()

    out = io.BytesIO()
    document = SimpleDocTemplate(
        out, pagesize=A4, leftMargin=18 * mm, rightMargin=18 * mm, topMargin=18 * mm, bottomMargin=18 * mm,
        title=_("Case record %(reference)s") % {"reference": case.reference}, author="", subject="",
        creator="Holdspace",
        producer="Holdspace", keywords="",
    )
    document.build(story, onFirstPage=on_page, onLaterPages=on_page)
    return out.getvalue()
