"""The annual accountability report: the year's figures in counts that name no one, for the organisation's
administrators and its network's, as a page and as a PDF made in memory."""
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from holdspace.accountability.annual import annual_report, years_of
from holdspace.accountability.annual_words import report_sections
from holdspace.assessments import services as assessments
from holdspace.concerns import services as concerns
from holdspace.conduct import services as conduct
from tests.conftest import TEST_START

pytestmark = pytest.mark.django_db


def _year_of_work(world):
    version = conduct.publish(draft=conduct.draft_start(organisation=world.riverside, actor=world.ada,
                                                        language="en"), actor=world.ada, change_note="")
    conduct.sign(version=version, person=world.mateo)
    assessments.action_point_create(organisation=world.riverside, actor=world.ada, title="Train the handlers",
                                    detail="", owner=world.ada, due_on=timezone.localdate() + timedelta(days=20))
    concerns.concern_raise(organisation=world.riverside, partner=world.priya, partner_name="Women's Voice",
                           title="Secret title", text="Secret words")


def test_the_year_in_counts(world):
    _year_of_work(world)
    report = annual_report(organisation=world.riverside, year=TEST_START.year)
    assert report.under_way and report.versions_published[0][0] == 1
    assert report.points_agreed == 1 and report.points_done == 0 and report.concerns.raised == 1
    assert report.time_to_close is None and report.members is None
    words = " ".join(line for section in report_sections(report) for line in [section.heading, *section.lines])
    assert "Version 1 is in force: 1 of" in words and "Action points agreed this year: 1. Completed this year: 0." \
        in words and "1 concern was raised." in words
    for private in ("Secret", "Women's Voice", "Mateo", "Train the handlers"):
        assert private not in words


def test_a_past_year_holds_only_what_happened_in_it(world):
    _year_of_work(world)
    last_year = annual_report(organisation=world.riverside, year=TEST_START.year - 1)
    assert not last_year.under_way and last_year.versions_published == [] and last_year.points_agreed == 0
    assert last_year.concerns.raised == 0


def test_a_network_report_counts_its_members(world):
    code = conduct.publish(draft=conduct.draft_start(organisation=world.network, actor=world.nadia, language="en"),
                           actor=world.nadia, change_note="")
    conduct.sign_for_organisation(version=code, organisation=world.riverside, actor=world.ada)
    report = annual_report(organisation=world.network, year=TEST_START.year)
    assert report.members.members == 2 and report.members.signed_code_in_force == 1


def test_page_and_pdf_for_the_network_and_none_for_a_year_it_cannot_have(world, client_for):
    _year_of_work(world)
    nadia = client_for("nadia")
    year = TEST_START.year
    page = nadia.get(reverse("accountability:annual_report", args=[world.riverside.slug, year]))
    assert page.status_code == 200 and "Riverside: accountability report" in page.content.decode()
    pdf = nadia.get(reverse("accountability:annual_report_pdf", args=[world.riverside.slug, year]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF") and pdf["Cache-Control"] == "private, no-store"
    assert b"Secret" not in pdf.content
    assert nadia.get(reverse("accountability:annual_report", args=[world.riverside.slug, year + 1])).status_code == 404
    assert nadia.get(reverse("accountability:annual_report", args=[world.riverside.slug, 1999])).status_code == 404
    assert years_of(world.riverside) == [year]


def test_spanish_report(world, client_for):
    ada = client_for("ada")
    ada.cookies["django_language"] = "es"
    page = ada.get(reverse("accountability:annual_report", args=[world.riverside.slug, TEST_START.year]))
    assert "informe de rendición de cuentas" in page.content.decode()
