from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme


def safe_next(request: HttpRequest, *, fallback: str) -> str:
    """The `next` address from the request if it stays on this site; `fallback` otherwise."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return fallback


def sent_from_this_site(request: HttpRequest) -> bool:
    """Whether a browser sent this request from one of this site's own pages.

    For a form with no token (the language switch, on pages kept for every visitor alike): browsers say where a
    request comes from in headers no page can set, Sec-Fetch-Site in every current browser and Origin on every
    form they post. A request with neither came from no browser, so no other site can have made it.
    """
    fetched_from = request.headers.get("Sec-Fetch-Site")
    if fetched_from is not None:
        return fetched_from in ("same-origin", "none")
    origin = request.headers.get("Origin")
    if origin is not None:
        return origin == f"{request.scheme}://{request.get_host()}"
    return True
