"""The public accountability page: published by default for networks and by choice for organisations; counts
only, never a name; case figures only over enough cases; a cost that does not grow with the organisations."""
from datetime import timedelta

import pytest
from django.core.cache import cache, caches
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from holdspace.accountability.policy import publishes_page, settings_change
from holdspace.audit.models import AuditEntry
from holdspace.concerns import services as concerns
from holdspace.conduct import services as conduct
from holdspace.organisations.models import Membership, NetworkMembership, Organisation, Role
from tests.reports_helpers import handler_keys

pytestmark = pytest.mark.django_db


def _page(organisation, client=None):
    # The figures, and the page that shows them, are kept a minute; each check reads them as after that minute.
    cache.clear()
    caches["public"].clear()
    return (client or Client()).get(reverse("accountability:page", args=[organisation.slug]))


def test_networks_publish_by_default_and_organisations_opt_in(world, client_for):
    assert publishes_page(world.network) and not publishes_page(world.riverside)
    assert _page(world.network).status_code == 200
    assert _page(world.riverside).status_code == 404
    assert _page(world.riverside, client_for("mateo")).status_code == 404
    preview = _page(world.riverside, client_for("ada"))
    assert preview.status_code == 200 and b"A preview" in preview.content
    admin = client_for("ada")
    url = reverse("accountability:settings", args=[world.riverside.slug])
    refused = admin.post(url, {"public_page": "on", "concern_response_days": "400"})
    assert refused.status_code == 400 and not publishes_page(world.riverside)
    assert b"Please give a number no higher than 90." in refused.content
    admin.post(url, {"public_page": "on", "concern_response_days": "14"})
    assert publishes_page(world.riverside)
    assert b"A preview" not in _page(world.riverside).content
    entry = AuditEntry.objects.get(action="accountability.settings_changed")
    assert entry.details["after"] == {"public_page": True, "days": 14}
    # The network turns its page off.
    settings_change(organisation=world.network, actor=world.nadia, public_page=False, concern_response_days=30)
    assert _page(world.network).status_code == 404


def test_the_page_shows_counts_and_no_names(world):
    version = conduct.publish(draft=conduct.draft_start(organisation=world.network, actor=world.nadia,
                                                        language="en"), actor=world.nadia, change_note="")
    conduct.sign(version=version, person=world.nadia)
    conduct.sign_for_organisation(version=version, organisation=world.riverside, actor=world.ada)
    Membership.objects.create(user=world.priya, organisation=world.network, role=Role.PARTNER_REP)
    answered = concerns.concern_raise(organisation=world.network, partner=world.priya, partner_name="Women's Voice",
                                      title="Secret title", text="Words")
    concerns.concern_answer(concern=answered, actor=world.nadia, text="Answer")
    content = _page(world.network).content.decode()
    assert "1 of 1 person bound by this code has signed this version." in content
    assert "1 of 2 member organisations have signed it." in content
    assert "1 of 1 concern whose answer was due got it on time." in content
    assert "Go to the reporting page" in content and reverse("reports:start", args=[world.network.slug]) in content
    for private in ("Nadia", "Priya", "Secret title", "Women's Voice", "Ada"):
        assert private not in content


def test_case_figures_appear_only_over_enough_cases(world):
    from holdspace.reports import handling
    from holdspace.reports.content import ReportContent
    from holdspace.reports.models import Case
    from holdspace.reports.submission import Submission, report_submit

    settings_change(organisation=world.riverside, actor=world.ada, public_page=True, concern_response_days=30)
    handler_keys(world, "hana")
    start = timezone.now() - timedelta(days=120)
    for number, days in enumerate((10, 20, 30, 40, 90), start=1):
        case, _ = report_submit(organisation=world.riverside, now=start, submission=Submission(
            kind="complaint", pathway="record", content=ReportContent(what="x")))
        handling.case_close(case, actor=world.hana, outcome=Case.Outcome.RECORDED, now=start + timedelta(days=days))
        content = _page(world.riverside).content.decode()
        if number < 5:
            assert "These figures appear once at least 5 cases" in content and "Half of them" not in content
    assert "Over the last year, 5 cases were closed. Half of them took 30.0 days or less" in content
    assert "of the case stages completed in the last year were completed by their deadline." in content


def test_the_page_costs_the_same_queries_however_many_member_organisations(world):
    conduct.publish(draft=conduct.draft_start(organisation=world.network, actor=world.nadia, language="en"),
                    actor=world.nadia, change_note="")

    def queries() -> int:
        cache.clear()
        caches["public"].clear()
        with CaptureQueriesContext(connection) as captured:
            assert Client().get(reverse("accountability:page", args=[world.network.slug])).status_code == 200
        return len(captured.captured_queries)

    few = queries()
    for n in range(30):
        member = Organisation.objects.create(name=f"Member {n}", slug=f"member-{n}")
        NetworkMembership.objects.create(network=world.network, organisation=member)
    assert queries() == few
    Client().get(reverse("accountability:page", args=[world.network.slug]))
    with CaptureQueriesContext(connection) as warm:
        Client().get(reverse("accountability:page", args=[world.network.slug]))
    assert len(warm.captured_queries) < few  # the figures are kept for a minute


def test_days_out_of_range_are_refused_by_concerns_policy_and_change_nothing(world):
    from holdspace.accountability.refusals import REFUSALS
    from holdspace.web.refusals import Refusal, refusal_message

    with pytest.raises(Refusal) as refused:
        settings_change(organisation=world.riverside, actor=world.ada, public_page=True, concern_response_days=400)
    assert refused.value.code == "response_days_out_of_range"
    assert "Choose between 1 and 90 days." == refusal_message(refused.value, messages=REFUSALS)
    assert not publishes_page(world.riverside)  # the whole change is undone
