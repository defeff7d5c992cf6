"""PDFs drawn in memory with ReportLab and the TrueType fonts it ships (Bitstream Vera): nothing is written to disk,
no system font is needed, and a text in any Latin script prints whole."""
from xml.sax.saxutils import escape

_READY = False


def pdf_fonts() -> tuple[str, str]:
    """The regular and bold font names, registered once per process."""
    global _READY
    if not _READY:
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.ttfonts import TTFont

        pdfmetrics.registerFont(TTFont("HoldspaceSans", "Vera.ttf"))
        pdfmetrics.registerFont(TTFont("HoldspaceSans-Bold", "VeraBd.ttf"))
        _READY = True
    return "HoldspaceSans", "HoldspaceSans-Bold"


def pdf_text(value: str | None) -> str:
    """Text as a ReportLab paragraph shows it: its markup escaped, its lines kept."""
    return escape(value or "").replace("\n", "<br/>")
