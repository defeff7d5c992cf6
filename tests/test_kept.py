"""A page's navigation is drawn once per process for what it is made of (web/templatetags/kept.py): each reader
must still get the links of her own roles, in her language, for her organisation, with her section marked."""
import pytest
from django.template import engines
from django.urls import reverse
from django.utils import translation

from holdspace.organisations.access import OrganisationAccess
from holdspace.organisations.models import Role
from holdspace.web.templatetags import kept

NAV = engines["django"].from_string("{% load organisations %}{% organisation_nav %}")
ASSESSMENTS_NAV = engines["django"].from_string(
    '{% load organisations %}{% organisation_nav "assessments" template="assessments/_nav.html" %}')


@pytest.fixture(autouse=True)
def _nothing_kept():
    kept.kept_forget()
    yield
    kept.kept_forget()


def _nav(organisation, *roles, section="", template=NAV, language="en") -> str:
    with translation.override(language):
        return template.render({"organisation": organisation, "access": OrganisationAccess(
            organisation=organisation, roles=frozenset(roles)), "section": section})


def test_each_set_of_roles_gets_its_own_links(world):
    cases = reverse("reports:cases", args=[world.riverside.slug])
    people = reverse("organisations:people", args=[world.riverside.slug])
    circles = reverse("circles:manage_list", args=[world.riverside.slug])
    member = _nav(world.riverside, Role.MEMBER)
    handler = _nav(world.riverside, Role.MEMBER, Role.CASE_HANDLER)
    admin = _nav(world.riverside, Role.ORG_ADMIN)
    assert cases not in member and people not in member and circles not in member
    assert cases in handler and people not in handler
    assert people in admin and cases not in admin
    # Asked again, each set of roles gets its own kept copy, not the first one drawn.
    assert _nav(world.riverside, Role.MEMBER) == member and _nav(world.riverside, Role.ORG_ADMIN) == admin
    assert len(kept._drawn) == 3


def test_the_organisation_the_section_and_the_language_are_part_of_what_is_kept(world):
    here = _nav(world.riverside, Role.ORG_ADMIN, section="people")
    there = _nav(world.harbour, Role.ORG_ADMIN, section="people")
    assert reverse("organisations:people", args=[world.harbour.slug]) in there
    assert world.riverside.slug not in there and world.harbour.slug not in here
    people = reverse("organisations:people", args=[world.riverside.slug])
    assert f'href="{people}" aria-current="page"' in here
    details = _nav(world.riverside, Role.ORG_ADMIN, section="details")
    assert f'href="{people}" aria-current="page"' not in details and 'aria-current="page"' in details
    spanish = _nav(world.riverside, Role.ORG_ADMIN, section="people", language="es")
    assert "Personas y roles" in spanish and "People and roles" in here


def test_only_a_network_shows_its_members_and_applications(world):
    network = _nav(world.network, Role.ORG_ADMIN)
    assert reverse("organisations:network_members", args=[world.network.slug]) in network
    assert reverse("organisations:network_members", args=[world.riverside.slug]) not in _nav(
        world.riverside, Role.ORG_ADMIN)


def test_the_assessments_navigation_is_the_organisations_for_a_role_there_and_its_own_for_others(world):
    people = reverse("organisations:people", args=[world.network.slug])
    with_role = _nav(world.network, Role.ORG_ADMIN, template=ASSESSMENTS_NAV)
    without = _nav(world.network, template=ASSESSMENTS_NAV)
    assert people in with_role and people not in without
    rounds = reverse("assessments:rounds", args=[world.network.slug])
    assert f'href="{rounds}" aria-current="page"' in with_role and f'href="{rounds}" aria-current="page"' in without


def test_a_value_that_could_change_behind_the_key_is_refused(world):
    template = engines["django"].from_string('{% load kept %}{% include_kept "stories/_nav.html" signed_in=who %}')
    with pytest.raises(TypeError):
        template.render({"who": world.mateo})
    with pytest.raises(TypeError):
        template.render({"who": [world.mateo]})
    assert reverse("stories:mine") in template.render({"who": True})
    assert reverse("stories:mine") not in template.render({"who": False})


def test_the_oldest_part_is_forgotten_past_the_limit(world, monkeypatch):
    monkeypatch.setattr(kept, "KEPT", 2)
    first = _nav(world.riverside, Role.MEMBER)
    _nav(world.riverside, Role.ORG_ADMIN)
    _nav(world.harbour, Role.MEMBER)
    assert len(kept._drawn) == 2
    assert _nav(world.riverside, Role.MEMBER) == first  # drawn again, the same


def test_an_edited_template_is_drawn_anew_while_developing(world, tmp_path):
    from pathlib import Path

    from django.utils.autoreload import file_changed

    _nav(world.riverside, Role.MEMBER)
    file_changed.send(sender=None, file_path=Path(tmp_path / "notes.txt"))
    assert len(kept._drawn) == 1
    file_changed.send(sender=None, file_path=Path(tmp_path / "_nav.html"))
    assert len(kept._drawn) == 0


def test_a_part_kept_by_what_it_is_made_of_is_drawn_once_per_language_and_refuses_a_changing_object():
    drawn = []

    def draw():
        drawn.append(translation.get_language())
        return f"<p>{translation.gettext('Scores by part')}</p>"

    for language in ("en", "en", "es", "es"):
        with translation.override(language):
            part = kept.kept_or_draw("scores", made_of=(1, None, (2, "x")), draw=draw)
    assert drawn == ["en", "es"] and part == "<p>Puntuaciones por parte</p>"
    with translation.override("en"):
        assert kept.kept_or_draw("scores", made_of=(3, None, (2, "x")), draw=draw) == "<p>Scores by part</p>"
    assert drawn == ["en", "es", "en"]
    with pytest.raises(TypeError):
        kept.kept_or_draw("scores", made_of=(1, ["a list can change"]), draw=draw)
    with pytest.raises(TypeError):
        kept.kept_or_draw("scores", made_of=(object(),), draw=draw)


def test_kept_parts_are_dropped_oldest_first_once_their_text_passes_the_limit(monkeypatch):
    monkeypatch.setattr(kept, "KEPT_CHARACTERS", 25)
    drawn = []

    def draw(text):
        def drawing():
            drawn.append(text)
            return text
        return drawing

    for number in (1, 2, 3):  # ten characters each: the third pushes the first out
        kept.kept_or_draw("part", made_of=(number,), draw=draw(f"part {number:5d}"))
    assert kept._size[0] == 20 and len(kept._drawn) == 2
    kept.kept_or_draw("part", made_of=(3,), draw=draw("again"))
    kept.kept_or_draw("part", made_of=(1,), draw=draw(f"part {1:5d}"))
    assert drawn == [f"part {1:5d}", f"part {2:5d}", f"part {3:5d}", f"part {1:5d}"]
    kept.kept_forget()
    assert kept._size[0] == 0 and not kept._drawn
