"""One way to handle a POST action: check the form, call one service, say what happened, move on.

A refused or invalid action comes back on its page with the form as it was typed, so a person
never loses what they wrote; an action without a page of its own says why and goes back.
"""
from collections.abc import Callable, Mapping
from typing import Any

from django.contrib import messages
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from holdspace.web.refusals import FALLBACK, Refusal, refusal_message

Outcome = Any


def post_action(
    request: HttpRequest,
    *,
    act: Callable[[dict], Outcome],
    to: str | Callable[[Outcome], str],
    refusals: Mapping[str, str],
    form: BaseForm | None = None,
    done: str | Callable[[Outcome], str] | None = None,
    again: Callable[[BaseForm | None], HttpResponse] | None = None,
    refused_to: str | None = None,
    fields: Mapping[str, str] | None = None,
    statuses: Mapping[str, int] | None = None,
    then: Callable[[HttpResponse, Outcome], None] | None = None,
) -> HttpResponse:
    """Run `act` with the form's cleaned data (an empty dict without a form).

    - success: `done` as a message (none when it makes empty words), then a redirect to `to` (a URL, or
      made from what `act` returned), which `then` may finish with what `act` returned (a cookie, say);
    - invalid form or a `Refusal`: with `again`, the page again with the form as typed and the
      refusal's words on it (beside the field `fields` names for its code), status 400 (or the one
      `statuses` gives its code, e.g. 429 for a limit reached); without `again`, the words as a
      message and a redirect to `refused_to` (or `to` when it is a URL).
    """
    if refused_to is None and callable(to) and again is None:
        raise TypeError("post_action needs refused_to when `to` is made from the outcome")
    if form is not None and not form.is_bound:
        raise TypeError("post_action needs a form bound to what was posted")
    if form is not None and not form.is_valid():
        if again is not None:
            return _status(again(form), 400)
        messages.error(request, next(iter(form.errors.values()), [FALLBACK])[0])
        return redirect(_back(to, refused_to))
    try:
        outcome = act(form.cleaned_data if form is not None else {})
    except Refusal as refusal:
        words = refusal_message(refusal, messages=refusals)
        status = (statuses or {}).get(refusal.code, 400)
        if again is not None and form is not None:
            field = (fields or {}).get(refusal.code)
            form.add_error(field if field in form.fields else None, words)
            return _status(again(form), status)
        messages.error(request, words)
        if again is not None:
            return _status(again(None), status)
        return redirect(_back(to, refused_to))
    words = done(outcome) if callable(done) else done
    if words:
        messages.success(request, words)
    response = redirect(to(outcome) if callable(to) else to)
    if then is not None:
        then(response, outcome)
    return response


def _back(to: str | Callable[[Outcome], str], refused_to: str | None) -> str:
    return refused_to if refused_to is not None else to  # a callable `to` comes with refused_to (checked first)


def _status(response: HttpResponse, status: int) -> HttpResponse:
    response.status_code = status
    return response
