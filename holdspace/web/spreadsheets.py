"""Downloads as spreadsheets (CSV) that a spreadsheet opens without running anything: a cell whose text starts
like a formula (a name such as "=SUM(...)" or "@cmd") is written with a leading apostrophe, so it stays text."""
import csv
import io
from collections.abc import Iterable

# A spreadsheet reads a cell that starts with one of these as a formula: a person's or an organisation's name could.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_text(rows: Iterable[Iterable]) -> str:
    """The rows (the first one the column names) as CSV, every cell made safe."""
    out = io.StringIO()
    writer = csv.writer(out)
    for row in rows:
        writer.writerow([safe_cell(value) for value in row])
    return out.getvalue()
