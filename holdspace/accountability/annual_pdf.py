"""The annual accountability report as a PDF, drawn in memory (holdspace.web.pdf) from the same words as its page."""
import io

from django.utils.translation import gettext as _

from holdspace.accountability.annual import AnnualReport
from holdspace.accountability.annual_words import report_period, report_sections, report_title
from holdspace.web import dates
from holdspace.web.pdf import pdf_fonts, pdf_text


def annual_pdf(report: AnnualReport, *, made_at) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    regular, bold = pdf_fonts()
    body = ParagraphStyle("body", fontName=regular, fontSize=10, leading=14, spaceAfter=4)
    meta = ParagraphStyle("meta", parent=body, fontSize=9, textColor="#444444")
    title = ParagraphStyle("title", fontName=bold, fontSize=17, leading=22, spaceAfter=8)
    heading = ParagraphStyle("heading", fontName=bold, fontSize=13, leading=18, spaceBefore=10, spaceAfter=4)
    story = [Paragraph(pdf_text(report_title(report)), title), Paragraph(pdf_text(report_period(report)), body),
             Paragraph(pdf_text(_("Counts only: this report names no one. Made on %(date)s.") % {
                 "date": dates.day(made_at)}), meta)]
    for section in report_sections(report):
        story.append(Paragraph(pdf_text(section.heading), heading))
        story.extend(Paragraph(pdf_text(line), body) for line in section.lines)
    out = io.BytesIO()
    document = SimpleDocTemplate(out, pagesize=A4, leftMargin=20 * mm, rightMargin=20 * mm, topMargin=18 * mm,
                                 bottomMargin=18 * mm, title=report_title(report), author="Holdspace")
    document.build(story)
    return out.getvalue()
