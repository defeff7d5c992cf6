"""Finding where to report, and what she sees before she writes: the finder, what each organisation
promises, an organisation that cannot receive reports now, support contacts, the quick exit."""
import json

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from holdspace.env import env_contacts, env_url
from holdspace.organisations.models import Membership, NetworkMembership, Organisation, Role
from holdspace.reports.access import handling_organisation_for
from holdspace.reports.finding import destinations_of
from holdspace.reports.models import ReportingPolicy, SupportService
from holdspace.web.folding import fold
from tests.reports_helpers import handler_keys, make_network_handler

FINDER = reverse("site:report_harm")


def _cities(world):
    Organisation.objects.filter(pk=world.riverside.pk).update(city="Bogotá")
    Organisation.objects.filter(pk=world.harbour.pk).update(city="Valparaíso")


def _results(response) -> str:
    return response.content.decode()


def test_the_finder_matches_name_and_city_whatever_the_case_and_accents_and_says_what_each_promises(world):
    _cities(world)
    handler_keys(world, "hana")  # Riverside can receive; Harbour's handler Omar has no key, nor has the network
    ReportingPolicy.objects.create(organisation=world.riverside, stage_days={"acknowledge": 2})
    client = Client()
    by_city = _results(client.get(FINDER, {"city": "BOGOTA"}))
    assert "Riverside" in by_city and "Harbour" not in by_city
    assert "Its case handlers:" in by_city and "Hana" in by_city and "Otto" not in by_city  # Otto has no key
    assert "within 2 days" in by_city  # the organisation's own deadline, not the default of one day
    by_name = _results(client.get(FINDER, {"name": "harb", "city": "valparaiso"}))
    assert "Harbour" in by_name and "Riverside" not in by_name
    assert "Harbour cannot receive reports right now" in by_name
    assert "The network it belongs to, Test Network, cannot receive reports right now either" in by_name
    nothing = client.get(FINDER, {"city": "Lima"})
    assert nothing.status_code == 200 and "No organisation or network matches" in _results(nothing)
    too_long = client.get(FINDER, {"name": "x" * 101})
    assert too_long.status_code == 400


def test_the_finder_says_when_reports_go_to_the_network_and_agrees_with_the_routing(world):
    make_network_handler(world)
    handler_keys(world, "nadia")  # only the network's handler holds a key
    page = _results(Client().get(FINDER, {"name": "riverside"}))
    assert "The case handlers of Test Network, the network Riverside belongs to" in page and "Nadia" in page
    organisations = [world.riverside, world.harbour, world.network]
    for where in destinations_of(organisations):
        assert where.handled_by == handling_organisation_for(where.organisation, respondent=None)


def test_the_finder_runs_the_same_queries_for_few_or_many_organisations(world):
    handler_keys(world, "hana")  # Riverside can receive, Harbour cannot (its network's page is looked up too)
    Organisation.objects.filter(pk__in=[world.riverside.pk, world.harbour.pk]).update(city="Quito")

    def count(words=None) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert Client().get(FINDER, words or {}).status_code == 200
        return len(captured)

    few, few_searched = count(), count({"city": "QUITO"})
    for number in range(6):
        more = Organisation.objects.create(name=f"Extra {number}", slug=f"extra-{number}", city="Quito")
        NetworkMembership.objects.create(network=world.network, organisation=more)
        Membership.objects.create(user=world.hana if number % 2 else world.felix, organisation=more,
                                  role=Role.CASE_HANDLER)
        SupportService.objects.create(organisation=more, name="Line", contact="000")
    assert count() == few
    assert count({"city": "QUITO"}) == few_searched


def test_the_finder_pages_through_many_organisations(world):
    Organisation.objects.bulk_create(Organisation(name=f"Org {n:02}", slug=f"org-{n:02}", city="Cali")
                                     for n in range(25))
    first = _results(Client().get(FINDER, {"city": "cali"}))
    assert "Org 00" in first and "Org 19" in first and "Org 20" not in first and "page=2" in first
    second = _results(Client().get(FINDER, {"city": "cali", "page": "2"}))
    assert "Org 20" in second and "Org 24" in second and "Org 19" not in second


def test_an_organisation_that_cannot_receive_says_so_before_the_form_and_names_its_network(world):
    # Harbour's own network cannot receive; a network above it can, so Test Network's own page can take a report.
    above = Organisation.objects.create(name="Regional Alliance", slug="regional", kind=Organisation.Kind.NETWORK)
    NetworkMembership.objects.create(network=above, organisation=world.network)
    Membership.objects.create(user=world.hana, organisation=above, role=Role.CASE_HANDLER)
    handler_keys(world, "hana")
    Membership.objects.filter(user=world.hana, organisation=world.riverside, role=Role.CASE_HANDLER).delete()
    client = Client()
    start = _results(client.get(reverse("reports:start", args=[world.harbour.slug])))
    assert "Harbour cannot receive reports right now" in start
    assert "You can report to Test Network instead" in start
    assert reverse("reports:start", args=[world.network.slug]) in start
    assert reverse("reports:write", args=[world.harbour.slug]) not in start
    assert not ReportingPolicy.objects.filter(organisation=world.harbour).exists()  # showing it wrote nothing
    write = client.get(reverse("reports:write", args=[world.harbour.slug]))
    assert write.status_code == 200
    body = _results(write)
    assert "Harbour cannot receive reports right now" in body and "<form" not in body.split("<main")[1]
    # The network's own page takes reports, read by the alliance above it.
    network_start = _results(client.get(reverse("reports:start", args=[world.network.slug])))
    assert "The case handlers of Regional Alliance" in network_start
    assert reverse("reports:write", args=[world.network.slug]) in network_start


def test_before_she_writes_she_sees_support_who_reads_her_choices_and_the_quick_exit(world, settings):
    handler_keys(world, "hana")
    SupportService.objects.create(organisation=world.riverside, name="Survivor line", contact="+00 111")
    settings.HOLDSPACE_SUPPORT_CONTACTS = [
        {"name": "National crisis line", "contact": "0800 000", "description": "Day and night", "language": "es"}]
    page = _results(Client().get(reverse("reports:start", args=[world.riverside.slug])))
    for seen in ("Survivor line", "+00 111", "National crisis line", 'lang="es"', "Its case handlers:", "Hana",
                 "A formal investigation", "within 1 day", settings.HOLDSPACE_QUICK_EXIT_URL,
                 reverse("reports:safe_browsing")):
        assert seen in page, seen


@pytest.mark.parametrize("name", ["site:report_harm", "reports:start", "reports:write", "reports:receipt",
                                  "reports:safe_browsing"])
def test_every_reporting_page_has_the_quick_exit(name, world, settings):
    handler_keys(world, "hana")
    settings.HOLDSPACE_QUICK_EXIT_URL = "https://weather.example/"
    args = [world.riverside.slug] if name in {"reports:start", "reports:write"} else []
    page = _results(Client().get(reverse(name, args=args)))
    assert '<a class="quick-exit" href="https://weather.example/" rel="noreferrer" data-quick-exit>' in page


def test_quick_exit_and_report_harm_links_elsewhere(client):
    landing = _results(client.get(reverse("site:landing")))
    assert landing.count(f'href="{FINDER}"') >= 2  # the header and the page itself
    assert "data-quick-exit" not in landing  # not a reporting page


def test_operator_settings_fail_loudly_on_a_bad_value(monkeypatch, tmp_path):
    monkeypatch.delenv("HOLDSPACE_T_CONTACTS", raising=False)
    assert env_contacts("HOLDSPACE_T_CONTACTS") == []
    good = tmp_path / "contacts.json"
    good.write_text(json.dumps([{"name": "Line", "contact": "000"}]), encoding="utf-8")
    monkeypatch.setenv("HOLDSPACE_T_CONTACTS", str(good))
    assert env_contacts("HOLDSPACE_T_CONTACTS") == [
        {"name": "Line", "contact": "000", "description": "", "language": ""}]
    for bad in ("{not json", json.dumps({"name": "x"}), json.dumps([{"name": "Line"}]),
                json.dumps([{"name": "Line", "contact": "0", "phone": "1"}]),
                json.dumps([{"name": "Line", "contact": "0", "language": "spanish please"}])):
        good.write_text(bad, encoding="utf-8")
        with pytest.raises(ImproperlyConfigured):
            env_contacts("HOLDSPACE_T_CONTACTS")
    monkeypatch.setenv("HOLDSPACE_T_CONTACTS", str(tmp_path / "missing.json"))
    with pytest.raises(ImproperlyConfigured):
        env_contacts("HOLDSPACE_T_CONTACTS")
    for bad in ("weather.example", "javascript:alert(1)", "https://", "https://a b.example/"):
        monkeypatch.setenv("HOLDSPACE_T_URL", bad)
        with pytest.raises(ImproperlyConfigured):
            env_url("HOLDSPACE_T_URL", default="https://www.wikipedia.org/")


def test_folding_matches_the_database_folding(world):
    Organisation.objects.filter(pk=world.riverside.pk).update(name="ÁÉÍÓÚ Ñandú Ça")
    from holdspace.organisations.selectors import organisations_find

    found, _ = organisations_find(name=fold("áéíóú ñandú ça"))
    assert [o.pk for o in found] == [world.riverside.pk]
    found, _ = organisations_find(name="AEIOU NANDU")
    assert [o.pk for o in found] == [world.riverside.pk]


def test_every_accent_folds_alike_on_every_database(world):
    from holdspace.organisations.selectors import organisations_find

    places = {"Łódź": "Łódź Women's Aid", "Brașov": "Casa Brașov", "São Paulo": "Ação Paulista",
              "Zürich": "Straße Zürich"}
    made = {city: Organisation.objects.create(name=name, slug=f"place-{n}", city=city).pk
            for n, (city, name) in enumerate(places.items())}
    for city, typed in (("Łódź", "lodz"), ("Łódź", "ŁÓDŹ"), ("Brașov", "BRASOV"), ("Brașov", "brașov"),
                        ("São Paulo", "sao paulo"), ("Zürich", "ZURICH"), ("Zürich", "zürich")):
        found, _ = organisations_find(city=typed)
        assert [o.pk for o in found] == [made[city]], typed
    for city, typed in (("Łódź", "lodz women"), ("Brașov", "casa brasov"), ("São Paulo", "acao"),
                        ("Zürich", "strasse")):
        found, _ = organisations_find(name=typed)
        assert [o.pk for o in found] == [made[city]], typed
    found, _ = organisations_find(name="casa", city="zurich")
    assert found == []
    assert "Casa Brașov" in _results(Client().get(FINDER, {"city": "Brasov"}))


def test_without_javascript_her_report_closes_and_leaves_with_a_button(world, settings):
    from tests.reports_helpers import submit

    settings.HOLDSPACE_QUICK_EXIT_URL = "https://weather.example/"
    handler_keys(world, "hana")
    _case, receipt = submit(world, pathway="record")
    reporter = Client(enforce_csrf_checks=True)
    form = _results(reporter.get(reverse("reports:receipt")))
    token = form.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
    assert reporter.post(reverse("reports:receipt"), {"receipt": receipt, "csrfmiddlewaretoken": token}
                         ).status_code == 302
    page = _results(reporter.get(reverse("reports:mine")))
    assert f'action="{reverse("reports:quick_exit")}"' in page and "Close my report and leave" in page
    assert f'data-quick-exit-forget="{reverse("reports:quick_exit")}"' in page  # where the beacon goes
    token = page.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]  # the bar's hidden input
    # Without the CSRF token, refused, and her report stays open.
    assert reporter.post(reverse("reports:quick_exit"), {"beacon": "1"}).status_code == 403
    assert reporter.get(reverse("reports:mine")).status_code == 200
    left = reporter.post(reverse("reports:quick_exit"), {"csrfmiddlewaretoken": token})
    assert left.status_code == 302 and left["Location"] == "https://weather.example/"
    assert reporter.get(reverse("reports:mine"))["Location"] == reverse("reports:receipt")


def test_an_administrator_gives_the_organisation_a_city_the_finder_then_finds(world, client_for):
    from holdspace.audit.models import AuditEntry

    ada = client_for("ada")
    url = reverse("organisations:details", args=[world.riverside.slug])
    assert 'name="city"' in _results(ada.get(url))
    refused = ada.post(url, {"name": "", "description": "Men's groups", "city": "Medellín"})
    assert refused.status_code == 400 and 'value="Medellín"' in _results(refused)  # kept as typed
    assert ada.post(url, {"name": "Riverside", "description": "Men's groups", "city": "Medellín"}).status_code == 302
    world.riverside.refresh_from_db()
    assert world.riverside.city == "Medellín"
    entry = AuditEntry.objects.filter(action="organisation.details_changed").get()
    assert entry.details == {"fields": ["city", "description"]}
    assert "Riverside" in _results(Client().get(FINDER, {"city": "MEDELLIN"}))


def test_her_report_and_its_deletion_have_the_quick_exit(world):
    from tests.reports_helpers import submit

    handler_keys(world, "hana")
    _case, receipt = submit(world, pathway="record")
    reporter = Client()
    assert reporter.post(reverse("reports:receipt"), {"receipt": receipt}).status_code == 302
    assert "data-quick-exit" in _results(reporter.get(reverse("reports:mine")))
    deleted = reporter.post(reverse("reports:mine_delete"), {"delete-confirm": "on"})
    assert deleted.status_code == 200 and "data-quick-exit" in _results(deleted)


def test_each_result_links_its_code_of_conduct_and_accountability_page_when_they_are_public(world):
    from holdspace.accountability.models import AccountabilitySettings
    from holdspace.conduct import services as conduct

    conduct.publish(draft=conduct.draft_start(organisation=world.riverside, actor=world.ada, language="en"),
                    actor=world.ada, change_note="Our first code.")
    page = _results(Client().get(FINDER, {"name": "riverside"}))
    assert "Its code of conduct is shown to its members only." in page and "No public accountability page." in page
    AccountabilitySettings.objects.create(organisation=world.riverside, public_page=True)
    page = _results(Client().get(FINDER, {"name": "riverside"}))
    accountability = reverse("accountability:page", args=[world.riverside.slug])
    assert f'href="{accountability}#code-heading"' in page and f'href="{accountability}"' in page
