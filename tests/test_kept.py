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
    kept._drawn.clear()
    yield
    kept._drawn.clear()


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
