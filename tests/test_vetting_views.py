"""Membership vetting through its pages: bad input keeps what was typed, expired forms come back filled, the
referee's link works without an account and stays out of the logs, junk ids are 404, conflicted reviewers see
nothing, and the reviewers' list costs the same queries however many applications there are."""
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape

from holdspace.accounts.models import Authenticator, User
from holdspace.organisations.models import Membership, Organisation, Role
from holdspace.vetting import services
from holdspace.vetting.models import Application, Reference
from tests.conftest import sign_in, with_sudo

pytestmark = pytest.mark.django_db

MOTIVATION = "We want to learn with others how to be accountable to the women we work with."
CLEAN = services.Declarations(leadership_allegation=False, asked_to_leave=False)


def _application_form(**overrides):
    return {
        "joining_as": "myself",
        "motivation": MOTIVATION,
        "leadership_allegation": "no",
        "asked_to_leave": "no",
        "reference_1_organisation": "Women's Voices",
        "reference_1_name": "Lena",
        "reference_1_email": "lena@example.org",
        **overrides,
    }


def _apply_url(world):
    return reverse("vetting:apply", args=[world.network.slug])


def _rosa_applies(world, referees=None):
    return services.application_submit(
        network=world.network, applicant=world.rosa, motivation=MOTIVATION, code_number=None, declarations=CLEAN,
        referees=referees or [services.Referee("Women's Voices", "Lena", "lena@example.org")])


def _review_url(world, application, name="vetting:review"):
    return reverse(name, args=[world.network.slug, application.pk])


def test_bad_application_input_keeps_everything_typed_with_clear_messages(world, client_for):
    rosa = client_for("rosa")
    response = rosa.post(_apply_url(world), _application_form(
        leadership_allegation="yes", asked_to_leave="", reference_1_email="not an address",
        reference_2_organisation="Casa de la Mujer"))
    page = response.content.decode()
    assert response.status_code == 400 and not Application.objects.exists()
    assert escape(MOTIVATION) in page and escape("Women's Voices") in page and "Casa de la Mujer" in page
    assert "You answered yes: please explain in a few words." in page
    assert "Please answer the question about other networks." in page
    assert "Please give an email address, like name@example.org." in page
    assert "Please fill this in too, or empty this reference." in page
    assert re.search(r'value="yes"[^>]*checked|checked[^>]*value="yes"', page)  # the answer given stays chosen
    # No reference at all, and nothing chosen for the declarations: said, not guessed.
    empty = rosa.post(_apply_url(world), {"joining_as": "myself", "motivation": MOTIVATION}).content.decode()
    assert "Please name at least one women&#x27;s rights organisation" in empty
    assert "Please answer the question about open allegations." in empty
    assert escape(MOTIVATION) in empty


def test_the_apply_form_has_nothing_preselected_and_applying_leads_to_the_applicants_page(
        world, client_for, mailoutbox, django_capture_on_commit_callbacks):
    rosa = client_for("rosa")
    form = rosa.get(_apply_url(world)).content.decode()
    assert "This network has no code of conduct in force yet." in form
    assert not re.search(r'name="(leadership_allegation|asked_to_leave)"[^>]*checked', form)
    with django_capture_on_commit_callbacks(execute=True):
        response = rosa.post(_apply_url(world), _application_form())
    assert response.status_code == 302 and response["Location"] == reverse("vetting:mine")
    application = Application.objects.get()
    assert (application.applicant, application.organisation, application.code_number) == (world.rosa, None, None)
    assert [m.to for m in mailoutbox] == [["lena@example.org"]]
    mine = rosa.get(reverse("vetting:mine")).content.decode()
    assert "To join Test Network" in mine and "Waiting for a decision" in mine
    assert "Your applications" in rosa.get(reverse("site:dashboard")).content.decode()
    assert "Your applications" not in client_for("mateo").get(reverse("site:dashboard")).content.decode()


def test_the_code_in_force_is_shown_and_must_be_adhered_to(world, client_for):
    from holdspace.conduct import services as conduct

    draft = conduct.draft_start(organisation=world.network, actor=world.nadia, language="en")
    conduct.publish(draft=draft, actor=world.nadia, change_note="First.")
    rosa = client_for("rosa")
    form = rosa.get(_apply_url(world)).content.decode()
    assert "version 1" in form and conduct.starter_clauses("en")[0][0] in form
    refused = rosa.post(_apply_url(world), _application_form(code_number="1"))
    assert refused.status_code == 400 and "Please read the code of conduct and tick the box" in refused.content.decode()
    assert rosa.post(_apply_url(world), _application_form(code_number="1", adheres="on")).status_code == 302
    assert Application.objects.get().code_number == 1


def test_an_organisation_is_offered_only_to_its_administrators(world, client_for):
    lakeside = Organisation.objects.create(name="Lakeside", slug="lakeside")
    Membership.objects.create(user=world.ada, organisation=lakeside, role=Role.ORG_ADMIN)
    page = client_for("ada").get(_apply_url(world)).content.decode()
    assert "Lakeside" in page and ">Riverside<" not in page  # Riverside is a member already
    refused = client_for("mateo").post(_apply_url(world), _application_form(joining_as=str(lakeside.pk)))
    assert refused.status_code == 400 and not Application.objects.exists()
    assert client_for("ada").post(_apply_url(world), _application_form(joining_as=str(lakeside.pk))).status_code == 302
    assert Application.objects.get().organisation == lakeside


def test_members_are_told_so_and_non_networks_and_unconfirmed_addresses_get_no_form(world, client_for):
    nadia = client_for("nadia").get(_apply_url(world)).content.decode()
    assert "You are already a member of this network." in nadia and 'name="motivation"' not in nadia
    assert client_for("rosa").get(reverse("vetting:apply", args=[world.riverside.slug])).status_code == 404
    world.rosa.email_verified_at = None
    world.rosa.save(update_fields=["email_verified_at"])
    unconfirmed = client_for("rosa").post(_apply_url(world), _application_form())
    assert "Please confirm your email address" in unconfirmed.content.decode() and not Application.objects.exists()


def test_an_application_sent_after_its_form_expired_comes_back_as_typed(world):
    rosa = sign_in(Client(enforce_csrf_checks=True), world.rosa)
    response = rosa.post(_apply_url(world), _application_form(leadership_allegation="yes",
                                                              leadership_allegation_explanation="Being looked into."))
    page = response.content.decode()
    assert response.status_code == 403 and not Application.objects.exists()
    assert escape(MOTIVATION) in page and "Being looked into." in page and "lena@example.org" in page
    assert "please check it and send it again" in page


def test_the_public_page_invites_applications_to_networks_only(world):
    assert reverse("vetting:apply", args=[world.network.slug]) in Client().get(
        reverse("organisations:public", args=[world.network.slug])).content.decode()
    riverside = Client().get(reverse("organisations:public", args=[world.riverside.slug])).content.decode()
    assert "Apply to join" not in riverside


def test_a_referee_answers_without_an_account_and_bad_input_keeps_what_was_typed(world, caplog):
    application, (token,) = _rosa_applies(world)
    url = reverse("vetting:reference", args=[token])
    referee = Client()
    page = referee.get(url).content.decode()
    assert "Rosa applied to join Test Network" in page and "Lena at Women&#x27;s Voices" in page
    assert MOTIVATION not in page  # the referee sees nothing of the application
    assert not re.search(r'name="recommendation"[^>]*checked', page)
    with caplog.at_level("DEBUG"):
        bad = referee.post(url, {"how_known": "We ran a campaign together.",
                                 "comments": "Careful and kind.", "answered_by": ""})
    body = bad.content.decode()
    assert bad.status_code == 400 and "We ran a campaign together." in body and "Careful and kind." in body
    assert "Please choose one answer." in body and "Please give your name." in body
    done = referee.post(url, {"how_known": "We ran a campaign together.",
                              "recommendation": "yes", "comments": "Careful and kind.", "answered_by": "Lena Ortiz"})
    assert done.status_code == 302 and done["Location"] == reverse("vetting:reference_thanks")
    reference = Reference.objects.get()
    assert (reference.status, reference.recommendation, reference.answered_by) == ("answered", "yes", "Lena Ortiz")
    closed = referee.get(url)
    assert closed.status_code == 410 and "has been answered" in closed.content.decode()
    assert all(token not in record.getMessage() for record in caplog.records)


def test_a_referee_may_decline_and_an_expired_reference_form_comes_back(world):
    application, (token,) = _rosa_applies(world)
    url = reverse("vetting:reference", args=[token])
    late = Client(enforce_csrf_checks=True).post(url, {"how_known": "Typed slowly, at length."})
    assert late.status_code == 403 and "Typed slowly, at length." in late.content.decode()
    decline = reverse("vetting:reference_decline", args=[token])
    assert Client().post(decline, {"decline-words": "We do not know them."}).status_code == 302
    reference = Reference.objects.get()
    assert (reference.status, reference.comments) == ("declined", "We do not know them.")


def test_wrong_reference_links_are_404_then_throttled_per_client(world, settings):
    _rosa_applies(world)
    wrong = reverse("vetting:reference", args=["not-a-real-link-at-all"])
    client = Client(REMOTE_ADDR="203.0.113.9")
    statuses = [client.get(wrong).status_code for _ in range(21)]
    assert statuses[:20] == [404] * 20 and statuses[20] == 429
    assert Client(REMOTE_ADDR="203.0.113.10").get(wrong).status_code == 404  # another client is not held back
    assert Client().get(reverse("vetting:reference", args=["x" * 500])).status_code == 404


def test_the_referee_path_is_redacted_in_log_lines():
    import logging

    from holdspace.web.logs import SecretPathFilter

    record = logging.LogRecord("django.server", logging.INFO, __file__, 1, '"%s" %s %s',
                               ("GET /references/s3cretS3cretS3cret/ HTTP/1.1", "200", "0"), None)
    SecretPathFilter().filter(record)
    assert record.getMessage() == '"GET /references/…/ HTTP/1.1" 200 0'


def test_junk_and_foreign_ids_are_404(world, client_for):
    application, _ = _rosa_applies(world)
    other = Organisation.objects.create(name="Other Network", slug="other-network", kind=Organisation.Kind.NETWORK)
    Membership.objects.create(user=world.nadia, organisation=other, role=Role.ORG_ADMIN)
    nadia = client_for("nadia", sudo=True)
    for application_id in (0, 999999, 10**18, 10**30):
        assert nadia.get(f"/organisations/{world.network.slug}/applications/{application_id}/").status_code == 404
        assert nadia.post(f"/organisations/{world.network.slug}/applications/{application_id}/decide/",
                          {"decide-outcome": "accept", "decide-reason": "x"}).status_code == 404
        assert client_for("rosa").post(f"/applications/{application_id}/withdraw/").status_code == 404
    assert nadia.get(f"/organisations/{world.network.slug}/applications/abc/").status_code == 404
    # Test Network's application is not found through another network Nadia administers.
    assert nadia.get(reverse("vetting:review", args=[other.slug, application.pk])).status_code == 404
    assert client_for("harry").post(reverse("vetting:withdraw", args=[application.pk])).status_code == 404
    assert Application.objects.get().status == Application.Status.WAITING


def test_the_reviewers_list_runs_the_same_queries_for_few_or_many_applications(world, client_for):
    nadia = client_for("nadia")
    url = reverse("vetting:review_list", args=[world.network.slug])

    def queries() -> tuple[int, str]:
        nadia.get(url)
        with CaptureQueriesContext(connection) as captured:
            response = nadia.get(url)
        assert response.status_code == 200
        return len(captured), response.content.decode()

    application, (token,) = _rosa_applies(world)
    services.reference_answer(reference=services.reference_for_token(token), how_known="x", recommendation="yes",
                              comments="", answered_by="Lena")
    few, page = queries()
    assert "1 of 1 answered" in page
    for n in range(15):
        person = User.objects.create_user(email=f"p{n}@example.org", password="x" * 20, display_name=f"Person {n}",
                                          email_verified_at=world.rosa.email_verified_at)
        services.application_submit(network=world.network, applicant=person, motivation="m", code_number=None,
                                     declarations=CLEAN, referees=[services.Referee("W", "L", f"l{n}@example.org")])
    many, page = queries()
    assert many == few and "Person 14" in page
    # Waiting first, oldest first: Rosa's application, then the others in the order they came.
    assert page.index("Rosa") < page.index("Person 0") < page.index("Person 14")
    services.withdraw(application=application, person=world.rosa)
    assert queries()[1].index("Person 14") < queries()[1].index("Rosa")


def test_a_reviewer_adds_notes_and_decides_once_with_a_reason(world, client_for):
    application, _ = _rosa_applies(world)
    nadia = client_for("nadia", sudo=True)
    empty = nadia.post(_review_url(world, application, "vetting:review_note"), {"note-text": "  "})
    assert empty.status_code == 400 and "Please write the note." in empty.content.decode()
    nadia.post(_review_url(world, application, "vetting:review_note"), {"note-text": "Her references are strong."})
    page = nadia.get(_review_url(world, application)).content.decode()
    assert "Her references are strong." in page and "Nadia" in page and MOTIVATION in page
    assert "cannot be changed" in page
    unreasoned = nadia.post(_review_url(world, application, "vetting:review_decide"),
                            {"decide-outcome": "accept", "decide-reason": ""})
    assert unreasoned.status_code == 400 and "Please write the reason for the decision." in unreasoned.content.decode()
    nadia.post(_review_url(world, application, "vetting:review_decide"),
               {"decide-outcome": "accept", "decide-reason": "Welcome: clear commitment.",
                "decide-no_reference_reason": "We know them well."})
    again = nadia.post(_review_url(world, application, "vetting:review_decide"),
                       {"decide-outcome": "decline", "decide-reason": "No.",
                "decide-no_reference_reason": "We know them well."}, follow=True)
    assert "a decision is not changed" in again.content.decode()
    application.refresh_from_db()
    assert (application.status, application.decision_reason) == ("accepted", "Welcome: clear commitment.")
    mine = client_for("rosa").get(reverse("vetting:mine")).content.decode()
    assert "Accepted" in mine and "Welcome: clear commitment." in mine and "Withdraw" not in mine
    # Reading an application asks the reviewer to confirm it is her.
    assert client_for("nadia").get(_review_url(world, application)).status_code == 302


def test_a_reviewer_who_declares_a_conflict_no_longer_sees_or_decides(world, client_for):
    application, (token,) = _rosa_applies(world)
    services.reference_answer(reference=services.reference_for_token(token), how_known="We campaigned together.",
                              recommendation="yes", comments="Recommended.", answered_by="Lena")
    nina = User.objects.create_user(email="nina@example.org", password="x" * 20, display_name="Nina",
                                    email_verified_at=world.rosa.email_verified_at)
    Membership.objects.create(user=nina, organisation=world.network, role=Role.ORG_ADMIN)
    Authenticator.objects.create(user=nina, name="authenticator", confirmed=True)  # administrators sign in in two steps
    services.note_add(application=application, reviewer=world.nadia, text="Nadia's private note.")
    reviewer = with_sudo(sign_in(Client(), nina))
    empty = reviewer.post(_review_url(world, application, "vetting:review_conflict"), {"conflict-reason": ""})
    assert empty.status_code == 400 and "Please give the reason for the conflict of interest." in empty.content.decode()
    declared = reviewer.post(_review_url(world, application, "vetting:review_conflict"),
                             {"conflict-reason": "Rosa is my neighbour."})
    assert declared.status_code == 302
    page = reviewer.get(_review_url(world, application)).content.decode()
    assert "You declared a conflict of interest" in page
    for hidden in (MOTIVATION, "We campaigned together.", "Recommended.", "Nadia&#x27;s private note.", "Lena"):
        assert hidden not in page
    assert 'name="decide-outcome"' not in page and 'name="note-text"' not in page
    refused = reviewer.post(_review_url(world, application, "vetting:review_decide"),
                            {"decide-outcome": "accept", "decide-reason": "Good neighbour.",
                "decide-no_reference_reason": "We know them well."}, follow=True)
    assert "You are excluded from reviewing this application." in refused.content.decode()
    reviewer.post(_review_url(world, application, "vetting:review_note"), {"note-text": "Sneaking in."})
    application.refresh_from_db()
    assert application.status == Application.Status.WAITING and application.notes.count() == 1
    assert "You are excluded from this review." in reviewer.get(
        reverse("vetting:review_list", args=[world.network.slug])).content.decode()
    # The other reviewer sees the conflict, with its reason.
    other = client_for("nadia", sudo=True).get(_review_url(world, application)).content.decode()
    assert "Nina takes no part in this review" in other and "Rosa is my neighbour." in other


def test_the_applicant_withdraws_and_sees_it(world, client_for):
    application, (token,) = _rosa_applies(world)
    rosa = client_for("rosa")
    assert rosa.post(reverse("vetting:withdraw", args=[application.pk])).status_code == 302
    assert "Withdrawn" in rosa.get(reverse("vetting:mine")).content.decode()
    assert Client().get(reverse("vetting:reference", args=[token])).status_code == 410
    assert rosa.post(reverse("vetting:withdraw", args=[application.pk]), follow=True).status_code == 200


def test_the_network_administrators_menu_leads_to_the_applications(world, client_for):
    home = client_for("nadia").get(reverse("organisations:home", args=[world.network.slug])).content.decode()
    assert reverse("vetting:review_list", args=[world.network.slug]) in home
    riverside = client_for("ada").get(reverse("organisations:home", args=[world.riverside.slug])).content.decode()
    assert "Applications to join" not in riverside


# Re-confirming identity on the reviewers' forms, without losing what was typed.

LONG_REASON = ("We read the references and the declarations together. The commitment is clear, and the partner who "
               "vouches for them has worked with them for years; we ask them to sign the code within a month.")


def test_review_forms_ask_to_confirm_it_is_her_and_do_nothing_before(world, client_for):
    application, _ = _rosa_applies(world)
    nadia = client_for("nadia")  # signed in with her code, but her confirmation ran out
    for name, data in (("vetting:review_decide", {"decide-outcome": "accept", "decide-reason": "Welcome."}),
                       ("vetting:review_note", {}),
                       ("vetting:review_conflict", {"conflict-reason": "My neighbour."})):
        response = nadia.post(_review_url(world, application, name), data)
        assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:sudo"))
        # Back to the application after confirming, not to an address that takes only POST.
        assert response["Location"].endswith("?next=" + _review_url(world, application).replace("/", "%2F"))
        assert MOTIVATION not in response.content.decode()  # an empty post no longer shows the application
    application.refresh_from_db()
    assert application.status == Application.Status.WAITING
    assert not application.notes.exists() and not application.conflicts.exists()
    # Junk ids are still 404, before any confirmation is asked.
    assert nadia.post(f"/organisations/{world.network.slug}/applications/999999/decide/").status_code == 404


def test_a_reason_typed_while_the_confirmation_ran_out_comes_back_after_confirming(world, client_for):
    from django_otp.oath import TOTP

    application, _ = _rosa_applies(world)
    nadia = client_for("nadia")
    sent = nadia.post(_review_url(world, application, "vetting:review_decide"),
                      {"decide-outcome": "decline", "decide-reason": LONG_REASON,
                "decide-no_reference_reason": "We know them well."})
    device = Authenticator.objects.get(user=world.nadia)
    code = TOTP(device.bin_key, device.step, device.t0, device.digits).token()
    confirmed = nadia.post(sent["Location"], {"password": "a long test password 2026", "token": f"{code:06d}",
                                              "next": _review_url(world, application)})
    assert confirmed.status_code == 302 and confirmed["Location"] == _review_url(world, application)
    page = nadia.get(confirmed["Location"]).content.decode()
    assert escape(LONG_REASON) in page
    assert re.search(r'name="decide-outcome" value="decline"[^>]*checked', page)
    assert "Your confirmation had run out, so nothing was sent." in page
    assert Application.objects.get().status == Application.Status.WAITING
    # Given back once: the next visit shows an empty form again.
    assert escape(LONG_REASON) not in nadia.get(_review_url(world, application)).content.decode()
    nadia.post(_review_url(world, application, "vetting:review_decide"),
               {"decide-outcome": "decline", "decide-reason": LONG_REASON,
                "decide-no_reference_reason": "We know them well."})
    assert Application.objects.get().decision_reason == LONG_REASON


def test_a_note_or_conflict_typed_late_comes_back_only_on_its_own_application(world, client_for):
    application, _ = _rosa_applies(world)
    nadia = client_for("nadia")
    nadia.post(_review_url(world, application, "vetting:review_conflict"),
               {"conflict-reason": "I mentor her."})
    with_sudo(nadia)
    page = nadia.get(_review_url(world, application)).content.decode()
    assert re.search(r'name="conflict-reason"[^>]*>\s*I mentor her\.', page)
    assert not application.conflicts.exists()


# Limits on applications and on mails to one referee.

def test_applications_per_person_are_limited_and_a_refused_one_keeps_everything(
        world, client_for, settings, mailoutbox, django_capture_on_commit_callbacks):
    settings.HOLDSPACE_APPLICATION_RATE_APPLICANT = "2/d"
    rosa = client_for("rosa")
    for n in range(2):  # apply, withdraw, apply again...
        with django_capture_on_commit_callbacks(execute=True):
            assert rosa.post(_apply_url(world), _application_form(
                reference_1_email=f"lena{n}@example.org")).status_code == 302
        services.withdraw(application=Application.objects.get(status="waiting"), person=world.rosa)
    with django_capture_on_commit_callbacks(execute=True):
        refused = rosa.post(_apply_url(world), _application_form(reference_1_email="lena9@example.org"))
    page = refused.content.decode()
    assert refused.status_code == 429 and Application.objects.count() == 2
    assert "You have sent many applications in a short time, so this one was not sent." in page
    assert escape(MOTIVATION) in page and "lena9@example.org" in page
    assert [m.to for m in mailoutbox] == [["lena0@example.org"], ["lena1@example.org"]]
    # Another person is not held back.
    assert client_for("harry").post(_apply_url(world), _application_form()).status_code == 302


def test_requests_to_one_referee_address_are_limited_however_it_is_typed(
        world, client_for, settings, mailoutbox, django_capture_on_commit_callbacks, monkeypatch):
    from holdspace.accounts import throttle
    from holdspace.crypto.derivation import lookup_hash

    settings.HOLDSPACE_REFEREE_MAIL_RATE_ADDRESS = "2/d"
    buckets = []
    counted = throttle.throttled
    monkeypatch.setattr(services, "throttled", lambda **kw: buckets.append(kw) or counted(**kw))
    for name, address in (("harry", "lena@example.org"), ("mateo", " LENA@Example.org")):
        with django_capture_on_commit_callbacks(execute=True):
            assert client_for(name).post(_apply_url(world), _application_form(
                reference_1_email=address)).status_code == 302
    with django_capture_on_commit_callbacks(execute=True):
        refused = client_for("rosa").post(_apply_url(world), _application_form(
            reference_1_organisation="Casa de la Mujer", reference_1_name="Sofía",
            reference_1_email="sofia@example.org", reference_2_organisation="Women's Voices",
            reference_2_name="Lena", reference_2_email="Lena@example.org"))
    page = refused.content.decode()
    assert refused.status_code == 429 and Application.objects.count() == 2 and len(mailoutbox) == 2
    assert "Lena@example.org was already sent several requests for a reference in a short time" in page
    assert "This address cannot be sent another request just now." in page
    assert escape(MOTIVATION) in page and "Casa de la Mujer" in page and "sofia@example.org" in page
    # No address is kept in a throttle key: the bucket is a keyed hash of the address as normalised.
    referee_buckets = {call["bucket"] for call in buckets if call["scope"] == "vetting-referee-mail"}
    assert lookup_hash("lena@example.org", purpose=services.REFEREE_ADDRESS_PURPOSE) in referee_buckets
    assert all("@" not in bucket and "lena" not in bucket for bucket in referee_buckets)
    # Sofía, asked before Lena in the refused application, was not counted: she can still be named twice.
    for name in ("harry", "mateo"):
        Application.objects.filter(applicant=getattr(world, name)).update(status="withdrawn")
        assert client_for(name).post(_apply_url(world), _application_form(
            reference_1_email="sofia@example.org")).status_code == 302


# A referee's decline, and fresh links.

def test_a_referees_decline_words_come_back_on_an_expired_form(world):
    application, (token,) = _rosa_applies(world)
    late = Client(enforce_csrf_checks=True).post(reverse("vetting:reference_decline", args=[token]),
                                                 {"decline-words": "We only met them once."})
    page = late.content.decode()
    assert late.status_code == 403 and "We only met them once." in page
    assert re.search(r'name="decline-words"[^>]*>\s*We only met them once\.', page)
    assert Reference.objects.get().status == Reference.Status.ASKED


def test_the_referee_page_says_truly_what_reviewers_read_and_the_form_promises_no_outcome(world, client_for):
    application, (token,) = _rosa_applies(world)
    page = Client().get(reverse("vetting:reference", args=[token])).content.decode()
    assert "told only that" not in page and "read the words you add below, if any" in page
    form = client_for("harry").get(_apply_url(world)).content.decode()
    assert "counts in your favour" not in form and "helps the reviewers understand where things stand" in form


def _expire(reference_token):
    from datetime import timedelta

    from django.utils import timezone

    Reference.objects.filter(pk=services.reference_for_token(reference_token).pk).update(
        expires_at=timezone.now() - timedelta(days=1))


def test_a_reviewer_sends_a_fresh_link_to_a_referee_who_did_not_answer(
        world, client_for, mailoutbox, django_capture_on_commit_callbacks):
    from holdspace.audit.models import AuditEntry

    application, (token, _sofia) = _rosa_applies(world, referees=[
        services.Referee("Women's Voices", "Lena", "lena@example.org"),
        services.Referee("Casa de la Mujer", "Sofía", "sofia@example.org")])
    _expire(token)
    closed = Client().get(reverse("vetting:reference", args=[token]))
    assert closed.status_code == 410 and "can send you a new link by email" in closed.content.decode()
    nadia = client_for("nadia", sudo=True)
    page = nadia.get(_review_url(world, application)).content.decode()
    assert "Their link expired on" in page and "Their link works until" in page
    assert "Send Lena a new link" in page and "Send Sofía a new link" in page
    lena = Reference.objects.get(contact_email="lena@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        sent = nadia.post(_review_url(world, application, "vetting:review_reference_renew"), {"reference": lena.pk},
                          follow=True)
    assert "A new link was sent to Lena at Women&#x27;s Voices." in sent.content.decode()
    (mail,) = mailoutbox
    new_token = re.search(r"/references/([^/\s]+)/", mail.body).group(1)
    assert mail.to == ["lena@example.org"] and "This is a new link" in mail.body and new_token != token
    assert Client().get(reverse("vetting:reference", args=[new_token])).status_code == 200
    assert Client().get(reverse("vetting:reference", args=[token])).status_code == 404
    assert "the earlier link no longer works" in Client().get(
        reverse("vetting:reference", args=[token])).content.decode()
    entry = AuditEntry.objects.get(action="vetting.reference_renewed")
    assert (entry.actor_id, entry.details) == (world.nadia.pk, {"reference": lena.pk})
    # An answered reference is not asked again, junk and foreign ids are 404.
    services.reference_answer(reference=services.reference_for_token(new_token), how_known="x", recommendation="yes",
                              comments="", answered_by="Lena")
    again = nadia.post(_review_url(world, application, "vetting:review_reference_renew"), {"reference": lena.pk},
                       follow=True)
    assert "there is nothing to ask again" in again.content.decode() and len(mailoutbox) == 1
    other, _tokens = services.application_submit(
        network=world.network, applicant=world.harry, motivation="m", code_number=None, declarations=CLEAN,
        referees=[services.Referee("W", "L", "l@example.org")])
    for junk in ("", "abc", "\u00b2", "99999999", str(other.references.get().pk)):
        assert nadia.post(_review_url(world, application, "vetting:review_reference_renew"),
                          {"reference": junk}).status_code == 404


def test_fresh_links_count_against_the_referee_address_limit(world, client_for, settings, mailoutbox,
                                                              django_capture_on_commit_callbacks):
    settings.HOLDSPACE_REFEREE_MAIL_RATE_ADDRESS = "2/d"
    application, (token,) = _rosa_applies(world)  # the first request counts
    nadia = client_for("nadia", sudo=True)
    lena = Reference.objects.get()
    url = _review_url(world, application, "vetting:review_reference_renew")
    with django_capture_on_commit_callbacks(execute=True):
        assert nadia.post(url, {"reference": lena.pk}).status_code == 302
    renewed = Reference.objects.get()
    assert renewed.token_hash != lena.token_hash and len(mailoutbox) == 1
    with django_capture_on_commit_callbacks(execute=True):
        refused = nadia.post(url, {"reference": lena.pk})
    assert refused.status_code == 429 and len(mailoutbox) == 1
    assert "lena@example.org was already sent several requests for a reference" in refused.content.decode()
    # Nothing changed: the link sent last still works.
    assert (Reference.objects.get().token_hash, Reference.objects.get().expires_at) == (renewed.token_hash,
                                                                                        renewed.expires_at)


def test_dates_in_messages_and_mails_are_local_dates(world, client_for, settings, mailoutbox,
                                                      django_capture_on_commit_callbacks):
    from datetime import UTC, datetime, timedelta

    from django.utils import formats, timezone

    # A zone where, at this hour, the link's last day is not the same date as in UTC.
    now = datetime.now(UTC)
    settings.TIME_ZONE = "Pacific/Kiritimati" if now.hour >= 10 else "Pacific/Pago_Pago"
    application, _ = _rosa_applies(world)
    lena = Reference.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        sent = client_for("nadia", sudo=True).post(_review_url(world, application, "vetting:review_reference_renew"),
                                                   {"reference": lena.pk}, follow=True)
    lena.refresh_from_db()
    local = formats.date_format(timezone.localtime(lena.expires_at), "DATE_FORMAT")
    in_utc = formats.date_format(lena.expires_at.astimezone(UTC).date(), "DATE_FORMAT")
    assert local != in_utc and lena.expires_at - now > timedelta(days=29)
    assert f"It works until {local};" in sent.content.decode()
    assert local in mailoutbox[-1].body and in_utc not in mailoutbox[-1].body
    assert lena.expires_at.date().isoformat() not in sent.content.decode()
