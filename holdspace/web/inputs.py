"""Reading small values straight from a request, strictly, so odd input is refused and never a server error."""
from django.http import HttpRequest

# Largest value a 64-bit signed id column holds has 19 digits.
MAX_ID_DIGITS = 18


def id_from(value) -> int | None:
    """A row id, or None for anything but plain ASCII digits that fit an id column."""
    value = str(value if value is not None else "").strip()
    return int(value) if value.isascii() and value.isdigit() and len(value) <= MAX_ID_DIGITS else None


def posted_id(request: HttpRequest, *, name: str) -> int | None:
    """A row id from the form, or None for anything else."""
    return id_from(request.POST.get(name))


def query_id(request: HttpRequest, *, name: str) -> int | None:
    """A row id from the query string, or None for anything else: the same rules as `posted_id`."""
    return id_from(request.GET.get(name))


def query_page(request: HttpRequest, *, last: int) -> int:
    """The page number asked for in the query string, from 1 to `last`; 1 for anything that is not a number."""
    value = request.GET.get("page", "1").strip()
    if not (value.isascii() and value.isdigit() and len(value) <= MAX_ID_DIGITS):
        return 1
    return min(max(1, int(value)), last)
