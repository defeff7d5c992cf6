"""The one error summary: each field in error is named and linked, whole-form errors come first."""
from django import forms
from django.forms import formset_factory

from holdspace.web.templatetags.errors import error_lines


class Item(forms.Form):
    title = forms.CharField(label="Title", max_length=5)
    done = forms.BooleanField(label="Done?", required=False)


def test_a_form_names_and_links_each_field_in_error():
    whole, fields = error_lines(Item(data={"title": "far too long", "done": "x"}), None)
    assert whole == []
    assert [(line.text.split(":")[0], line.anchor) for line in fields] == [("Title", "id_title")]


def test_a_formset_gives_its_own_errors_then_each_form_s_fields():
    Items = formset_factory(Item, max_num=1, validate_max=True)
    data = {"form-TOTAL_FORMS": "2", "form-INITIAL_FORMS": "0",
            "form-0-title": "ok", "form-1-title": "far too long"}
    whole, fields = error_lines(Items(data=data))
    assert len(whole) == 1 and "1" in whole[0].text  # at most one item
    assert [line.anchor for line in fields] == ["id_form-1-title"]


def test_an_unbound_form_has_nothing_to_say():
    assert error_lines(Item(), Item(data={"title": "ok"})) == ([], [])
