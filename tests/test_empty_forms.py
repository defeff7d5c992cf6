"""An empty form drawn once per process (holdspace/web/empty_forms.py) is what the form renderer draws, and is
drawn again whenever anything it is made of differs."""
import pytest
from django import forms
from django.template.loader import render_to_string
from django.utils import translation

from holdspace.web import empty_forms
from holdspace.web.empty_forms import empty_form_drawn


class Search(forms.Form):
    words = forms.CharField(label="Words", required=False)
    who = forms.ChoiceField(label="Assigned to", required=False)
    when = forms.DateField(label="Received from", required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, people=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["who"].choices = [("", "Any"), *people]


@pytest.fixture(autouse=True)
def nothing_kept():
    empty_forms._drawn.clear()
    yield
    empty_forms._drawn.clear()


def test_it_is_what_the_form_renderer_draws_and_is_kept():
    form = Search(people=[(1, "Hana <H>")])
    drawn = empty_form_drawn(form)
    assert drawn == render_to_string("web/_form.html", {"form": Search(people=[(1, "Hana <H>")])})
    assert "Hana &lt;H&gt;" in drawn and 'type="date"' in drawn
    assert empty_form_drawn(Search(people=[(1, "Hana <H>")])) is drawn


def test_other_choices_or_another_language_draw_it_again():
    first = empty_form_drawn(Search(people=[(1, "Hana")]))
    other = empty_form_drawn(Search(people=[(1, "Hana"), (2, "Felix")]))
    assert "Felix" not in first and "Felix" in other
    renamed = empty_form_drawn(Search(people=[(1, "Hana Reyes")]))
    assert "Hana Reyes" in renamed and renamed is not first
    from holdspace.reports.forms import CaseFilterForm

    english = empty_form_drawn(CaseFilterForm())
    with translation.override("es"):
        spanish = empty_form_drawn(CaseFilterForm())
        assert empty_form_drawn(CaseFilterForm()) is spanish
    assert ">Stage:</label>" in english and ">Etapa:</label>" in spanish, spanish
    assert len(empty_forms._drawn) == 5


def test_only_so_many_are_kept(monkeypatch):
    monkeypatch.setattr(empty_forms, "KEPT", 2)
    for people in ([(1, "A")], [(1, "B")], [(1, "C")]):
        empty_form_drawn(Search(people=people))
    assert len(empty_forms._drawn) == 2


def test_a_typed_form_is_never_drawn_from_a_copy():
    with pytest.raises(ValueError):
        empty_form_drawn(Search({"words": "mine"}))
