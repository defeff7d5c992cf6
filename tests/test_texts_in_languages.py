"""An organisation's own texts in the reader's language (issue 19): its code of conduct, its description and its
circles' group agreements may carry a version per offered language. A reader sees the version in his language,
else the original with a note saying so; signatures and acceptances stay with the version's number."""
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from holdspace.audit.models import AuditEntry
from holdspace.conduct import services as conduct
from holdspace.conduct.models import CodeTranslation, Signature
from holdspace.web.refusals import Refusal

pytestmark = pytest.mark.django_db


def _in(language: str, client: Client | None = None) -> Client:
    client = client or Client()
    client.cookies["django_language"] = language
    return client


def _code(world, organisation=None, *, clauses=(("Respect", "We listen before we answer."),
                                                ("Safety", "We stop when someone asks us to."))):
    organisation = organisation or world.riverside
    draft = conduct.draft_start(organisation=organisation, actor=world.ada, language="en")
    conduct.clauses_save(draft=draft, actor=world.ada, clauses=[conduct.ClauseText(t, x) for t, x in clauses])
    return conduct.publish(draft=draft, actor=world.ada, change_note="First version.")


def _spanish(version, actor):
    return conduct.translation_save(version=version, number=version.number, actor=actor, language="es", change_note="Primera versión.",
                                    clauses=[("Respeto", "Escuchamos antes de responder."),
                                             ("Seguridad", "Paramos cuando alguien nos lo pide.")])


# The code of conduct.

def test_a_reader_in_spanish_reads_the_spanish_version_and_can_ask_for_the_original(world, client_for):
    version = _code(world)
    _spanish(version, world.ada)
    url = reverse("conduct:code", args=[world.riverside.slug])
    page = _in("es", client_for("mateo")).get(url).content.decode()
    assert "Escuchamos antes de responder." in page and "We listen before we answer." not in page
    assert "Primera versión." in page and 'lang="es"' in page
    original = _in("es", client_for("mateo")).get(url + "?original=1").content.decode()
    assert "We listen before we answer." in original and "Escuchamos" not in original


def test_a_reader_in_french_without_a_french_version_reads_the_original_with_a_note(world, client_for):
    _spanish(_code(world), world.ada)
    page = _in("fr", client_for("mateo")).get(reverse("conduct:code", args=[world.riverside.slug])).content.decode()
    assert "We listen before we answer." in page
    assert "Affiché en anglais : pas encore de version en français." in page
    english = client_for("mateo").get(reverse("conduct:code", args=[world.riverside.slug])).content.decode()
    assert "no English version" not in english and "Translated from" not in english


def test_a_signature_is_the_versions_whichever_language_it_was_read_in(world, client_for):
    version = _code(world)
    _spanish(version, world.ada)
    member = _in("es", client_for("mateo"))
    member.post(reverse("conduct:sign", args=[world.riverside.slug]), {"version": "1", "read_in": "es"})
    signature = Signature.objects.get(person=world.mateo)
    assert (signature.version, signature.read_in) == (version, "es")
    # Signed in Spanish, the English page says he signed this version: one signature per version.
    assert b"You signed this version" in client_for("mateo").get(
        reverse("conduct:code", args=[world.riverside.slug])).content


def test_a_new_version_is_read_in_its_original_until_it_is_translated(world, client_for):
    first = _code(world)
    _spanish(first, world.ada)
    draft = conduct.draft_start(organisation=world.riverside, actor=world.ada, language="en")
    texts = [conduct.ClauseText(c.title, c.text + " Always.", c.pk) for c in draft.clauses.all()]
    conduct.clauses_save(draft=draft, actor=world.ada, clauses=texts)
    conduct.publish(draft=draft, actor=world.ada, change_note="Second.")
    assert CodeTranslation.objects.get().version == first  # the translation stayed with version 1
    member = _in("es", client_for("mateo"))
    page = member.get(reverse("conduct:code", args=[world.riverside.slug])).content.decode()
    assert "We listen before we answer. Always." in page and "Escuchamos" not in page
    assert "no hay versión en español" in page
    old = member.get(reverse("conduct:version", args=[world.riverside.slug, 1])).content.decode()
    assert "Escuchamos antes de responder." in old


def test_translating_is_the_administrators_and_audited_without_its_words(world, client_for):
    version = _code(world)
    url = reverse("conduct:translation", args=[world.riverside.slug, "es"])
    assert client_for("mateo").get(url).status_code == 404
    assert client_for("ada").get(reverse("conduct:translation", args=[world.riverside.slug, "en"])).status_code == 404
    assert client_for("ada").get(reverse("conduct:translation", args=[world.riverside.slug, "xx"])).status_code == 404
    admin = client_for("ada")
    count = AuditEntry.objects.count()
    assert b"We listen before we answer." in admin.get(url).content
    assert AuditEntry.objects.count() == count  # a GET writes nothing
    typed = admin.post(url, {"number": "1", "title_1": "Respeto", "text_1": "Escuchamos antes de responder.", "title_2": "",
                             "text_2": "Paramos cuando alguien nos lo pide."})
    assert typed.status_code == 400 and not CodeTranslation.objects.exists()
    assert b"Escuchamos antes de responder." in typed.content and b"Paramos cuando" in typed.content
    done = admin.post(url, {"number": "1", "title_1": "Respeto", "text_1": "Escuchamos antes de responder.",
                            "title_2": "Seguridad", "text_2": "Paramos cuando alguien nos lo pide."})
    assert done.status_code == 302
    saved = CodeTranslation.objects.get(version=version, language="es")
    assert saved.clauses[1] == {"title": "Seguridad", "text": "Paramos cuando alguien nos lo pide."}
    entry = AuditEntry.objects.filter(action="conduct.translated").get()
    assert entry.details == {"number": 1, "language": "es", "clauses": 2}
    assert b"Escuchamos" in admin.get(url).content  # revised from what was saved
    with pytest.raises(Refusal) as refused:
        conduct.translation_save(version=version, number=version.number, actor=world.ada, language="es",
                                 clauses=[("Only one", "clause")])
    assert refused.value.code == "translation_clauses"
    # Words written for an earlier version are not given to the one in force.
    with pytest.raises(Refusal) as refused:
        conduct.translation_save(version=version, number=version.number - 1, actor=world.ada, language="es",
                                 clauses=[("Respeto", "Escuchamos."), ("Seguridad", "Paramos.")])
    assert refused.value.code == "translation_stale"


def test_a_translation_sent_after_a_new_version_came_into_force_comes_back_as_typed_then_saves(world, client_for):
    first = _code(world)
    url = reverse("conduct:translation", args=[world.riverside.slug, "es"])
    admin = client_for("ada")
    assert b'name="number" value="1"' in admin.get(url).content
    # While she translates version 1, version 2 comes into force (same two clauses, reworded).
    draft = conduct.draft_start(organisation=world.riverside, actor=world.ada, language="en")
    conduct.clauses_save(draft=draft, actor=world.ada,
                         clauses=[conduct.ClauseText(c.title, c.text + " Always.", c.pk) for c in draft.clauses.all()])
    second = conduct.publish(draft=draft, actor=world.ada, change_note="Second.")
    typed = {"number": "1", "title_1": "Respeto", "text_1": "Escuchamos antes de responder.",
             "title_2": "Seguridad", "text_2": "Paramos cuando alguien nos lo pide."}
    stale = admin.post(url, typed)
    page = stale.content.decode()
    assert stale.status_code == 400 and not CodeTranslation.objects.exists()
    assert "A new version of the code came into force while you were translating." in page
    assert "Escuchamos antes de responder." in page and "Paramos cuando alguien nos lo pide." in page  # as typed
    assert "We listen before we answer. Always." in page  # beside the version now in force
    assert re.search(r'name="number" value="2"', page)  # so that sending it again is for that version
    assert admin.post(url, {**typed, "number": "2"}).status_code == 302
    assert CodeTranslation.objects.get().version == second and second != first


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


def test_the_code_page_and_the_public_page_cost_the_same_whatever_the_number_of_languages(world, client_for,
                                                                                        settings):
    settings.HOLDSPACE_PUBLIC_CACHE_SECONDS = 0  # each page drawn, never served kept
    version = _code(world, world.network)
    _spanish(version, world.nadia)
    pages = [(client_for, "nadia", reverse("conduct:code", args=[world.network.slug])),
             (None, None, reverse("accountability:page", args=[world.network.slug]))]
    for make, name, url in pages:  # figures counted once a minute are counted now, before measuring
        _in("es", make(name) if make else None).get(url)
    before = [_queries(_in("es", make(name) if make else None), url) for make, name, url in pages]
    for language in ("fr", "pt"):
        conduct.translation_save(version=version, number=version.number, actor=world.nadia, language=language,
                                 clauses=[("A", "B"), ("C", "D")])
    after = [_queries(_in("es", make(name) if make else None), url) for make, name, url in pages]
    assert after == before
    assert b"Escuchamos" in _in("es").get(pages[1][2]).content


def test_a_translation_shows_on_the_kept_public_page_at_once(world):
    version = _code(world, world.network)
    url = reverse("accountability:page", args=[world.network.slug])
    assert b"We listen before we answer." in _in("es").get(url).content
    with CaptureQueriesContext(connection) as captured:
        _in("es").get(url)
    assert len(captured.captured_queries) == 0  # kept
    _spanish(version, world.nadia)
    assert b"Escuchamos antes de responder." in _in("es").get(url).content
    conduct.translation_save(version=version, number=version.number, actor=world.nadia, language="es",
                             clauses=[("Respeto", "Escuchamos siempre."), ("Seguridad", "Paramos.")])
    assert b"Escuchamos siempre." in _in("es").get(url).content


# The organisation's description.

def test_the_public_page_shows_the_description_in_the_readers_language_and_a_change_at_once(world, client_for):
    from holdspace.organisations.models import DescriptionTranslation

    world.riverside.description = "Men's groups by the river."
    world.riverside.save()
    url = reverse("organisations:public", args=[world.riverside.slug])
    before = _in("fr").get(url).content.decode()
    assert "Men&#x27;s groups by the river." in before
    assert "Affiché en anglais : pas encore de version en français." in before
    with CaptureQueriesContext(connection) as captured:
        _in("fr").get(url)
    assert len(captured.captured_queries) == 0  # kept
    admin = client_for("ada")
    translate = reverse("organisations:description_translation", args=[world.riverside.slug, "fr"])
    assert admin.get(translate).status_code == 200 and not DescriptionTranslation.objects.exists()
    long = admin.post(translate, {"description": "Des groupes d'hommes. " * 100})
    assert long.status_code == 400 and "Des groupes d&#x27;hommes." in long.content.decode()
    assert admin.post(translate, {"description": "Des groupes d'hommes au bord de la rivière."}).status_code == 302
    after = _in("fr").get(url).content.decode()
    assert "Des groupes d&#x27;hommes au bord de la rivière." in after and "Traduit" in after
    assert "Men&#x27;s groups by the river." in _in("fr").get(url + "?original=1").content.decode()
    assert "Men&#x27;s groups by the river." in _in("es").get(url).content.decode()
    entry = AuditEntry.objects.get(action="organisation.description_translated")
    assert entry.details == {"language": "fr"}
    # Emptied, the version goes and French readers read the original again.
    admin.post(translate, {"description": ""})
    assert not DescriptionTranslation.objects.exists()
    assert "Men&#x27;s groups by the river." in _in("fr").get(url).content.decode()
    assert AuditEntry.objects.filter(action="organisation.description_translation_removed").count() == 1


def test_the_public_page_reads_one_row_whatever_the_number_of_languages(world, settings):
    from holdspace.organisations import services as organisations

    settings.HOLDSPACE_PUBLIC_CACHE_SECONDS = 0
    world.riverside.description = "Men's groups."
    world.riverside.save()
    url = reverse("organisations:public", args=[world.riverside.slug])
    organisations.description_translation_save(organisation=world.riverside, actor=world.ada, language="es",
                                               description="Grupos de hombres.")
    _in("es").get(url)
    before = _queries(_in("es"), url)
    for language in ("fr", "pt"):
        organisations.description_translation_save(organisation=world.riverside, actor=world.ada,
                                                   language=language, description="Groupes / grupos.")
    assert _queries(_in("es"), url) == before
    assert b"Grupos de hombres." in _in("es").get(url).content
    with pytest.raises(Refusal):
        organisations.description_translation_save(organisation=world.riverside, actor=world.ada, language="en",
                                                   description="The original's own language.")


# A circle's group agreements.

def _spanish_agreements(client, circle, version):
    data = {"number": str(version.number)}
    for number, item in enumerate(version.items, start=1):
        data[f"title_{number}"] = f"Acuerdo {number}"
        data[f"text_{number}"] = f"Lo que significa el acuerdo {number}."
    return client.post(reverse("circles:agreements_translation", args=["riverside", circle.slug, "es"]), data)


def test_a_member_reads_the_agreements_in_his_language_and_accepts_the_versions_number(world, client_for):
    from holdspace.circles import joining
    from holdspace.circles.models import AgreementTranslation, CircleMember
    from tests.circles_helpers import admit, make_circle

    circle = make_circle(world)
    admit(circle, world.mateo)
    version = joining.current_agreements(circle)
    felix = client_for("felix")
    url = reverse("circles:agreements_translation", args=["riverside", circle.slug, "es"])
    count = AuditEntry.objects.count()
    assert felix.get(url).status_code == 200 and AuditEntry.objects.count() == count
    typed = felix.post(url, {"number": str(version.number), "title_1": "",
                             "text_1": "Lo que decimos aquí se queda aquí."})
    assert typed.status_code == 400 and "Lo que decimos aquí se queda aquí." in typed.content.decode()
    assert _spanish_agreements(felix, circle, version).status_code == 302
    assert AuditEntry.objects.get(action="circle.agreements_translated").details == {"version": version.number,
                                                                                     "language": "es"}
    space = reverse("circles:space", args=[circle.slug])
    spanish = _in("es", client_for("mateo")).get(space).content.decode()
    assert "Lo que significa el acuerdo 1." in spanish and version.items[0]["title"] not in spanish
    french = _in("fr", client_for("mateo")).get(space).content.decode()
    assert version.items[0]["title"] in french and "pas encore de version en français" in french

    # A new version: the Spanish one stays with the old number, and he reads the new one in English.
    items = [*version.items, {"title": "Phones away", "text": "We put our phones away."}]
    joining.agreements_amend(circle=circle, items=items, change_note="Phones.", actor=world.felix)
    assert AgreementTranslation.objects.get().version == version
    again = _in("es", client_for("mateo")).get(space).content.decode()
    assert "Phones away" in again and "Lo que significa" not in again
    _in("es", client_for("mateo")).post(reverse("circles:agreements_accept", args=[circle.slug]),
                                        {"version": str(version.number + 1), "accept": "on"})
    assert CircleMember.objects.get(circle=circle, user=world.mateo).agreements_accepted == version.number + 1
    # A page still showing the old version cannot translate the new one: its words come back, kept.
    stale = felix.post(url, {"number": str(version.number), **{
        f"{part}_{number}": f"Viejo {part} {number}" for number in range(1, len(items) + 1)
        for part in ("title", "text")}})
    assert stale.status_code == 400 and "The agreements changed while you were translating" in stale.content.decode()
    assert "Viejo title 1" in stale.content.decode() and AgreementTranslation.objects.count() == 1
    # The page that came back carries the version it shows now: sent again as it is, his words are saved.
    shown = re.search(r'name="number" value="(\d+)"', stale.content.decode()).group(1)
    assert shown == str(version.number + 1)
    resent = felix.post(url, {"number": shown, **{f"{part}_{number}": f"Viejo {part} {number}"
                                                  for number in range(1, len(items) + 1) for part in ("title", "text")}})
    assert resent.status_code == 302 and AgreementTranslation.objects.get(version__number=version.number + 1)


def test_the_language_a_text_is_written_in_cannot_become_one_it_has_a_version_in(world, client_for):
    from holdspace.circles import joining
    from holdspace.organisations import services as organisations
    from holdspace.circles.services import CircleDetails, circle_update
    from tests.circles_helpers import make_circle

    organisations.description_translation_save(organisation=world.riverside, actor=world.ada, language="es",
                                               description="Grupos de hombres junto al río.")
    with pytest.raises(Refusal) as refused:
        organisations.organisation_details_change(organisation=world.riverside, actor=world.ada,
                                                  name="Riverside", description="", city="", language="es")
    assert refused.value.code == "language_has_version"
    page = client_for("ada").post(reverse("organisations:details", args=[world.riverside.slug]), {
        "name": "Riverside", "description": "Kept as typed.", "city": "", "language": "es"})
    assert page.status_code == 400 and "Remove that version first" in page.content.decode()
    assert "Kept as typed." in page.content.decode()
    world.riverside.refresh_from_db()
    assert world.riverside.language == "en"

    circle = make_circle(world)
    version = joining.current_agreements(circle)
    joining.agreements_translation_save(circle=circle, number=version.number, language="es", items=[
        {"title": f"Acuerdo {n}", "text": "Texto."} for n in range(1, len(version.items) + 1)], actor=world.felix)
    details = {field: getattr(circle, field) for field in CircleDetails.__dataclass_fields__}
    with pytest.raises(Refusal) as refused:
        circle_update(circle=circle, details=CircleDetails(**{**details, "language": "es"}), actor=world.felix)
    assert refused.value.code == "language_has_version"
    circle_update(circle=circle, details=CircleDetails(**{**details, "language": "fr"}), actor=world.felix)


def test_a_version_is_refused_in_the_language_the_description_is_now_written_in_whatever_was_read_before(world):
    from holdspace.organisations import services as organisations
    from holdspace.organisations.models import Organisation

    read_before = Organisation.objects.get(pk=world.riverside.pk)  # a page drawn while it was written in English
    organisations.organisation_details_change(organisation=world.riverside, actor=world.ada, name="Riverside",
                                              description="Grupos de hombres.", city="", language="es")
    with pytest.raises(Refusal) as refused:
        organisations.description_translation_save(organisation=read_before, actor=world.ada, language="es",
                                                   description="Grupos de hombres junto al río.")
    assert refused.value.code == "translation_language"
    # Set back to English through that object, English is compared with what is stored (Spanish), not with what
    # the object was read with (English), and saved.
    organisations.organisation_details_change(organisation=read_before, actor=world.ada, name="Riverside",
                                              description="Men's groups.", city="", language="en")
    assert Organisation.objects.values_list("description", "language").get(pk=world.riverside.pk) == (
        "Men's groups.", "en")
