"""The one POST-action helper: what a person sees when an action succeeds, is invalid or is refused."""
import pytest
from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.signed_cookies import SessionStore
from django.http import HttpResponse
from django.test import RequestFactory

from holdspace.web.actions import post_action
from holdspace.web.refusals import Refusal

WORDS = {"taken": "That name is taken.", "limit": "Please wait %(minutes)d minutes."}


class NameForm(forms.Form):
    name = forms.CharField(max_length=10)
    note = forms.CharField(required=False)


def _request(data: dict):
    request = RequestFactory().post("/somewhere/", data)
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    return request


def _said(request) -> list[str]:
    return [str(message) for message in get_messages(request)]


def _page(form):
    return HttpResponse(f"name={form['name'].value() if form else ''} errors={dict(form.errors) if form else {}}")


def test_a_done_action_says_so_and_goes_on_with_what_it_returned():
    request = _request({"name": "Amos"})
    seen = {}
    response = post_action(request, form=NameForm(request.POST), refusals=WORDS,
                           act=lambda data: seen.setdefault("data", data) and 7,
                           done=lambda outcome: f"Saved {outcome}.", to=lambda outcome: f"/thing/{outcome}/",
                           refused_to="/back/")
    assert response.status_code == 302 and response["Location"] == "/thing/7/"
    assert seen["data"] == {"name": "Amos", "note": ""}
    assert _said(request) == ["Saved 7."]


def test_an_invalid_form_comes_back_as_typed_and_the_service_is_not_called():
    request = _request({"name": "A name far too long", "note": "keep me"})
    called = []
    response = post_action(request, form=NameForm(request.POST), refusals=WORDS, act=called.append,
                           again=_page, to="/done/")
    assert response.status_code == 400 and called == []
    assert "name=A name far too long" in response.content.decode()


def test_a_refusal_is_worded_beside_its_field_with_its_own_status():
    request = _request({"name": "Amos", "note": "keep me"})

    def refuse(data):
        raise Refusal("taken")

    response = post_action(request, form=NameForm(request.POST), refusals=WORDS, act=refuse, again=_page,
                           to="/done/", fields={"taken": "name"}, statuses={"taken": 409})
    assert response.status_code == 409
    assert "'name': ['That name is taken.']" in response.content.decode()
    assert "name=Amos" in response.content.decode()


def test_a_refusal_without_a_page_says_why_with_its_details_and_goes_back():
    request = _request({})

    def refuse(data):
        raise Refusal("limit", minutes=5)

    response = post_action(request, refusals=WORDS, act=refuse, to="/done/", refused_to="/back/")
    assert response.status_code == 302 and response["Location"] == "/back/"
    assert _said(request) == ["Please wait 5 minutes."]


def test_an_unknown_code_still_reads_as_a_refusal_not_a_server_error():
    request = _request({})

    def refuse(data):
        raise Refusal("never_heard_of")

    response = post_action(request, refusals=WORDS, act=refuse, to="/done/")
    assert response.status_code == 302 and response["Location"] == "/done/"
    assert _said(request) == ["This cannot be done."]


def test_the_helper_refuses_to_be_used_wrongly():
    request = _request({})
    with pytest.raises(TypeError):  # where would a refusal go back to?
        post_action(request, refusals=WORDS, act=lambda data: 1, to=lambda outcome: "/x/")
    with pytest.raises(TypeError):  # a form that was not given what was posted
        post_action(request, form=NameForm(), refusals=WORDS, act=lambda data: 1, to="/x/")


def test_a_done_action_can_be_finished_on_its_response_and_may_say_nothing():
    request = _request({})
    response = post_action(request, refusals=WORDS, act=lambda data: "kept", done=lambda outcome: "", to="/done/",
                           then=lambda response, outcome: response.set_cookie("outcome", outcome))
    assert response.status_code == 302 and response.cookies["outcome"].value == "kept"
    assert _said(request) == []
