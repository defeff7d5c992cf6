"""The reporter's and the handler's pages through a real test client."""
import io
import re

import pytest
from django.test import Client
from django.urls import reverse
from PIL import Image

from holdspace.audit.models import AuditEntry
from holdspace.reports.models import Case, CaseMessage
from tests.conftest import PASSWORD
from tests.reports_helpers import CANARY, handler_keys, whole_case

pytestmark = pytest.mark.django_db

RECEIPT_PATTERN = re.compile(r"<code>([0-9A-Z]{4}(?:-[0-9A-Z]{1,4}){5})</code>")


def _png(name="evidence.png"):
    out = io.BytesIO()
    Image.new("RGB", (5, 5), "navy").save(out, format="PNG")
    out.seek(0)
    out.name = name
    return out


def _report(client, world, **overrides):
    data = {
        "kind": "complaint",
        "on_behalf": "no",
        "what": f"{CANARY} he kept touching my shoulder in meetings",
        "when": "roughly last March",
        "pathway": "informal",
    }
    data.update(overrides)
    return client.post(reverse("reports:write", args=[world.riverside.slug]), data)


def _receipt(response) -> str:
    return RECEIPT_PATTERN.search(response.content.decode()).group(1)


def _seen(client, url: str, prefix: str) -> dict:
    """The version of the case a form on this page carries, as a handler's or reporter's browser sends it."""
    page = whole_case(client, url) if "/cases/" in url else client.get(url).content.decode()
    found = re.search(rf'name="{prefix}version" value="(\d+)"', page)
    assert found, f"no {prefix}version on {url}"
    return {f"{prefix}version": found.group(1)}


def test_an_anonymous_report_gives_a_receipt_once_and_opens_again_with_it(world):
    handler_keys(world, "hana")
    reporter = Client()
    intro = reporter.get(reverse("reports:start", args=[world.riverside.slug]))
    assert b"Hana" in intro.content and "no-store" in intro["Cache-Control"]
    response = _report(reporter, world, files=[_png()])
    assert response.status_code == 200
    receipt = _receipt(response)
    assert receipt not in str(reporter.cookies) and receipt.replace("-", "") not in str(reporter.session.items())
    assert "no-store" in response["Cache-Control"]
    case = Case.objects.get()
    assert case.attachments.count() == 1 and case.kind == "complaint" and case.pathway == "informal"

    later = Client()  # another browser
    opened = later.post(reverse("reports:receipt"), {"receipt": receipt.lower().replace("-", " ")})
    assert opened.status_code == 302 and opened["Location"] == reverse("reports:mine")
    page = later.get(reverse("reports:mine"))
    assert page.status_code == 200 and b"An informal conversation" in page.content
    assert receipt not in page.content.decode()

    later.post(reverse("reports:mine_write"), {"body": f"{CANARY} one more thing", "information": "on"})
    assert CaseMessage.objects.filter(case=case, is_information=True).count() == 1
    later.post(reverse("reports:mine_pathway"), {"pathway": "formal", "respondent_consent": "on",
                                                 **_seen(later, reverse("reports:mine"), "")})
    case.refresh_from_db()
    assert case.pathway == "formal" and case.respondent_consent

    record = later.get(reverse("reports:mine_record"))
    text = record.content.decode()
    assert CANARY in text and record["X-Content-SHA256"] in text
    assert "attachment" in record["Content-Disposition"]

    later.post(reverse("reports:mine_leave"))
    assert later.get(reverse("reports:mine")).status_code == 302


def test_wrong_input_keeps_what_was_typed(world):
    handler_keys(world, "hana")
    reporter = Client()
    response = _report(reporter, world, on_behalf="yes", what=f"{CANARY} kept text", files=[io.BytesIO(b"MZ binary")])
    assert response.status_code == 400
    body = response.content.decode()
    assert f"{CANARY} kept text" in body
    assert "tick this box to confirm" in body
    assert "Files are not kept" in body
    assert not Case.objects.exists()


def test_an_expired_form_comes_back_filled_in(world):
    handler_keys(world, "hana")
    reporter = Client(enforce_csrf_checks=True)
    reporter.get(reverse("reports:write", args=[world.riverside.slug]))
    reporter.cookies.clear()  # the token is gone, as after a long pause
    response = reporter.post(
        reverse("reports:write", args=[world.riverside.slug]),
        {"kind": "complaint", "what": f"{CANARY} typed slowly", "pathway": "record"},
    )
    assert response.status_code == 403
    assert f"{CANARY} typed slowly" in response.content.decode()
    assert not Case.objects.exists()


def test_receipt_guesses_are_limited_per_client(world, settings):
    settings.HOLDSPACE_RECEIPT_RATE_CLIENT = "3/h"
    handler_keys(world, "hana")
    receipt = _receipt(_report(Client(), world))
    guesser = Client()
    statuses = [guesser.post(reverse("reports:receipt"), {"receipt": "0000-0000-0000-0000-0000-0"}).status_code for _ in range(3)]
    assert statuses == [400, 400, 400]
    # Even the right code is refused once the client spent its guesses.
    assert guesser.post(reverse("reports:receipt"), {"receipt": receipt}).status_code == 429
    assert Client(REMOTE_ADDR="10.0.0.9").post(reverse("reports:receipt"), {"receipt": receipt}).status_code == 302


# Issue 15, item 12: a slip the check symbol catches costs no try, so the right code still opens after many.
def test_a_mistyped_receipt_costs_no_try(world, settings):
    settings.HOLDSPACE_RECEIPT_RATE_CLIENT = "3/h"
    handler_keys(world, "hana")
    receipt = _receipt(_report(Client(), world))
    reporter = Client()
    slipped = receipt[:-1] + ("0" if receipt[-1] != "0" else "1")  # the check symbol no longer fits
    for typed in [slipped] * 10 + [receipt[:-2], receipt.replace(receipt[0], "U", 1)]:
        response = reporter.post(reverse("reports:receipt"), {"receipt": typed})
        assert response.status_code == 400 and "this did not count as a try" in response.content.decode()
    assert reporter.post(reverse("reports:receipt"), {"receipt": receipt}).status_code == 302


# Issue 15, item 10: wrong tries from many addresses shrink each one's allowance but never shut out a
# reporter who comes with her code from an address of her own; a guesser's IPv6 addresses count as one.
def test_others_wrong_tries_never_shut_out_a_reporter_with_her_code(world, settings):
    from holdspace.crypto.receipts import receipt_new

    settings.HOLDSPACE_RECEIPT_RATE_CLIENT = "10/h"
    settings.HOLDSPACE_RECEIPT_RATE_GLOBAL = "100/h"
    handler_keys(world, "hana")
    receipt = _receipt(_report(Client(), world))
    def wrong(address, tries):
        guesser = Client(REMOTE_ADDR=address)
        return [guesser.post(reverse("reports:receipt"), {"receipt": receipt_new()}).status_code for _ in range(tries)]

    # 100 wrong codes from ten addresses, then 300 from a hundred more: every one is still tried.
    assert all(wrong(f"10.1.0.{number}", 10) == [400] * 10 for number in range(10))
    assert all(wrong(f"10.1.1.{number}", 3) == [400] * 3 for number in range(100))
    assert Client(REMOTE_ADDR="10.1.0.1").post(reverse("reports:receipt"), {"receipt": receipt}).status_code == 429
    statuses = [Client(REMOTE_ADDR=f"2001:db8:7:7::{n}").post(reverse("reports:receipt"), {"receipt": receipt_new()})
                .status_code for n in range(1, 6)]
    assert statuses == [400, 400, 400, 429, 429]  # the floor (10 × 100 / 400 is less), for the whole /64
    reporter = Client(REMOTE_ADDR="10.2.0.1")
    assert reporter.post(reverse("reports:receipt"), {"receipt": receipt}).status_code == 302
    assert Client(REMOTE_ADDR="10.2.0.1").post(reverse("reports:receipt"), {"receipt": receipt}).status_code == 302


def test_a_reporter_deletes_the_report(world):
    handler_keys(world, "hana")
    receipt = _receipt(_report(Client(), world))
    reporter = Client()
    reporter.post(reverse("reports:receipt"), {"receipt": receipt})
    assert reporter.post(reverse("reports:mine_delete")).status_code == 302  # not confirmed
    assert Case.objects.exists()
    response = reporter.post(reverse("reports:mine_delete"), {"delete-confirm": "on"})
    assert response.status_code == 200 and not Case.objects.exists()
    assert AuditEntry.objects.filter(action="case.deleted_by_reporter").exists()


def test_a_handler_sets_up_a_key_reads_and_answers(world, client_for):
    hana = client_for("hana")
    key_page = reverse("reports:key", args=[world.riverside.slug])
    assert hana.get(reverse("reports:cases", args=[world.riverside.slug]))["Location"].startswith(key_page)
    wrong = hana.post(key_page, {"form": "create", "create-password": "wrong"})
    assert wrong.status_code == 400
    created = hana.post(key_page, {"form": "create", "create-password": PASSWORD})
    assert created.status_code == 200 and b"recovery code" in created.content

    reporter = Client()
    receipt = _receipt(_report(reporter, world))
    case = Case.objects.get()
    listing = hana.get(reverse("reports:cases", args=[world.riverside.slug]))
    assert case.reference.encode() in listing.content
    page = hana.get(reverse("reports:case_report", args=[world.riverside.slug, case.reference]))
    assert CANARY.encode() in page.content
    act = reverse("reports:case_message", args=[world.riverside.slug, case.reference])
    empty = hana.post(act, {"message-channel": "reporter", "message-body": ""})
    assert empty.status_code == 400
    hana.post(act, {"message-channel": "reporter", "message-body": "Thank you for telling us."})
    case_url = reverse("reports:case", args=[world.riverside.slug, case.reference])
    hana.post(reverse("reports:case_stage", args=[world.riverside.slug, case.reference]),
              {"stage-note": "ok", **_seen(hana, case_url, "stage-")})
    case.refresh_from_db()
    assert case.acknowledged_at is not None and case.stage == "assess"

    reporter.post(reverse("reports:receipt"), {"receipt": receipt})
    assert b"Thank you for telling us." in reporter.get(reverse("reports:mine")).content
    assert AuditEntry.objects.filter(action="case.read", actor_id=world.hana.pk).exists()


def test_the_key_locks_again_and_a_fresh_session_must_unlock(world, client_for):
    handler_keys(world, "hana")
    hana = client_for("hana", case_key=True)
    cases = reverse("reports:cases", args=[world.riverside.slug])
    assert hana.get(cases).status_code == 200
    hana.post(reverse("reports:key_lock", args=[world.riverside.slug]))
    assert hana.get(cases).status_code == 302
    unlock = hana.post(
        reverse("reports:key", args=[world.riverside.slug]) + "?next=" + cases,
        {"form": "unlock", "unlock-password": PASSWORD},
    )
    assert unlock["Location"] == cases
    assert hana.get(cases).status_code == 200


def test_the_respondent_reads_what_he_is_told_and_answers_but_never_the_report(world, client_for, extra):
    case = extra["respondent_case"]
    rick = client_for("rick")
    page = reverse("reports:responding_case", args=[case.reference])
    assert b"Unlock or set up my key" in rick.get(page).content
    rick.post(reverse("reports:responding_key"), {"form": "create", "create-password": PASSWORD})
    # He was told before he had a key: the code from his email would open it at once. He has lost it, so a
    # handler, who sees that he has a key now, opens the conversation to him (a GET changes nothing).
    assert b"Type the one-time code" in rick.get(page).content
    hana = client_for("hana", case_key=True)
    case_page = hana.get(reverse("reports:case_messages", args=[world.riverside.slug, case.reference]))
    assert b"Open the conversation to him" in case_page.content
    assert b"Type the one-time code" in rick.get(page).content
    opened = hana.post(reverse("reports:case_respondent_channel", args=[world.riverside.slug, case.reference]))
    assert opened.status_code == 302
    assert AuditEntry.objects.filter(action="case.respondent_channel_opened", actor_id=world.hana.pk).exists()
    content = rick.get(page).content
    assert b"You are told about a report." in content
    assert CANARY.encode() not in content  # the report itself stays with the handlers
    assert rick.post(reverse("reports:responding_write", args=[case.reference]), {"body": ""}).status_code == 400
    rick.post(reverse("reports:responding_write", args=[case.reference]), {"body": "I want to respond honestly."})
    handler_page = hana.get(reverse("reports:case_messages", args=[world.riverside.slug, case.reference]))
    assert b"I want to respond honestly." in handler_page.content
    # Appeals are only possible during the time to appeal.
    early = rick.post(reverse("reports:responding_write", args=[case.reference]), {"body": "appeal", "appeal": "on"})
    assert early.status_code == 400
    assert b"An appeal can be made only during the time to appeal." in early.content
    # His key locked meanwhile (in another tab): what he wrote comes back to him, with why.
    rick.post(reverse("keys:lock"))
    locked = rick.post(reverse("reports:responding_write", args=[case.reference]), {"body": "Words I must not lose."})
    assert locked.status_code == 400
    assert b"Words I must not lose." in locked.content and b"Unlock your key first to write." in locked.content
    assert CaseMessage.objects.filter(case=case, author=CaseMessage.Author.RESPONDENT).count() == 1
    case.refresh_from_db()
    assert case.respondent_code_box is None  # the code's lock went when the conversation was sealed to him


def test_a_respondent_told_before_he_had_a_key_reads_it_as_soon_as_he_makes_one(
        world, client_for, django_capture_on_commit_callbacks, settings):
    """No handler comes back in between: the one-time code from his email opens it to his new key."""
    from django.core import mail

    from holdspace.reports import handling
    from tests.reports_helpers import submit

    keys = handler_keys(world, "hana")
    case, _ = submit(world, pathway="formal")
    key = handling.data_key_open(case, user=world.hana, private_key=keys["hana"])
    handling.respondent_link(case, actor=world.hana, respondent=world.rick)
    handling.stage_complete(case, actor=world.hana, data_key=key, note="")
    handling.stage_complete(case, actor=world.hana, data_key=key, note="")
    notice = "You are told: a formal process about an evening in March."
    with django_capture_on_commit_callbacks(execute=True):
        handling.respondent_notify(case, actor=world.hana, data_key=key, notice=notice)
    [email] = mail.outbox
    assert email.to == [world.rick.email] and email.subject == "Something on Holdspace is waiting for you"
    assert world.riverside.name not in email.subject + email.body and "March" not in email.body
    code = re.search(r"^ {4}([a-z0-9-]{47})$", email.body, flags=re.M).group(1)
    case.refresh_from_db()
    stored = b"".join(bytes(value) for value in Case.objects.filter(pk=case.pk).values_list(
        "respondent_code_box", "respondent_code_salt", "respondent_channel").get())
    assert code.encode() not in stored and code.replace("-", "").encode() not in stored
    assert notice.encode() not in stored

    rick = client_for("rick")
    page = reverse("reports:responding_case", args=[case.reference])
    first = rick.get(page).content.decode()
    assert "Set up your key (it takes your password), then type the one-time code" in first
    key_page = rick.get(reverse("reports:responding_key") + "?next=" + page).content.decode()
    assert "To read what you have been told, and to respond, you need a key of your own" in key_page
    assert "Before you can read reports" not in key_page  # his own words, not the handlers'
    rick.post(reverse("reports:responding_key") + "?next=" + page, {"form": "create", "create-password": PASSWORD})
    assert "Type the one-time code" in rick.get(page).content.decode()
    use = reverse("reports:responding_code", args=[case.reference])
    wrong = rick.post(use, {"code": "abcde-fghjk-mnpqr-stuvw-xyz23-45678-9abcd-efghj"})
    assert wrong.status_code == 400 and b"That code does not fit" in wrong.content
    assert b"abcde-fghjk-mnpqr" in wrong.content  # what he typed stays
    # Each try stretches the code: a few an hour for his account, and a refused try is not given back.
    settings.HOLDSPACE_NOTICE_CODE_RATE_ACCOUNT = "2/h"
    assert rick.post(use, {"code": "abcde-fghjk-mnpqr-stuvw-xyz23-45678-9abcd-efghk"}).status_code == 400
    spent = rick.post(use, {"code": code})
    assert spent.status_code == 429 and b"Many codes were tried for your account just now" in spent.content
    assert code.encode() in spent.content  # kept as typed
    case.refresh_from_db()
    assert not case.respondent_sealed  # the right code was not even tried
    settings.HOLDSPACE_NOTICE_CODE_RATE_ACCOUNT = "4/h"  # the three tries above count: one is left
    assert rick.post(use, {"code": code.upper().replace("-", " ")}).status_code == 302
    opened = rick.get(page).content.decode()
    assert notice in opened and "Write to the handlers" in opened
    assert CANARY not in opened
    case.refresh_from_db()
    assert case.respondent_sealed and case.respondent_code_box is None and case.respondent_code_parameters == ""
    entry = AuditEntry.objects.get(action="case.respondent_channel_opened")
    assert entry.actor_id is None and entry.details == {"by": "notice_code"}
    again = rick.post(use, {"code": code})
    assert again.status_code == 400 and b"already open to your key" in again.content
    # A respondent who has a key when he is told gets no code: it is sealed to his key at once.
    assert not AuditEntry.objects.filter(action="case.respondent_channel_opened", actor_id=world.hana.pk).exists()


def test_an_administrator_changes_deadlines_and_new_stages_follow_them(world, client_for):
    handler_keys(world, "hana")
    ada = client_for("ada")
    url = reverse("reports:policy", args=[world.riverside.slug])
    form = ada.get(url).context["form"]
    data = {f"policy-{name}": value for name, value in form.initial.items() if value is not False}
    data["policy-days_acknowledge"] = "0"
    assert ada.post(url, data).status_code == 400
    data["policy-days_acknowledge"] = "2"
    assert ada.post(url, data).status_code == 302
    _report(Client(), world)
    case = Case.objects.get()
    assert (case.stage_due_at - case.received_at).days == 2
    assert AuditEntry.objects.filter(action="reporting_policy.changed", actor_id=world.ada.pk).exists()


def test_the_case_list_runs_the_same_queries_for_few_or_many_cases(world, client_for):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.reports_helpers import submit

    handler_keys(world, "hana")
    hana = client_for("hana", case_key=True)
    url = reverse("reports:cases", args=[world.riverside.slug])

    def count() -> int:
        hana.get(url)
        with CaptureQueriesContext(connection) as captured:
            assert hana.get(url).status_code == 200
        return len(captured.captured_queries)

    for _ in range(2):
        submit(world)
    few = count()
    for _ in range(12):
        submit(world)
    # The session, her and her authenticator, her roles here, the case types, the handlers, the page of cases, the
    # counts, the cases handed on: the handler role, checked once by the view, is not read again.
    assert count() == few == 9


def test_a_restorative_agreement_has_actions_with_owners_and_dates(world, client_for):
    from tests.reports_helpers import submit

    handler_keys(world, "hana")
    case, receipt = submit(world, pathway="restorative")
    hana = client_for("hana", case_key=True)
    act = reverse("reports:case_agreement", args=[world.riverside.slug, case.reference])
    bad = hana.post(act, {"agreement-description": "A written apology", "agreement-owner": "Him",
                          "agreement-due_on": "someday"})
    assert bad.status_code == 400 and "A written apology" in bad.content.decode()
    hana.post(act, {"agreement-description": "A written apology", "agreement-owner": "Him",
                    "agreement-due_on": "2020-01-31"})
    action = case.agreement_actions.get()
    page = hana.get(reverse("reports:case_stages", args=[world.riverside.slug, case.reference])).content.decode()
    assert "A written apology" in page and "overdue" in page
    hana.post(reverse("reports:case_agreement_done", args=[world.riverside.slug, case.reference]),
              {"action_id": action.pk})
    action.refresh_from_db()
    assert action.done_at is not None
    reporter = Client()
    reporter.post(reverse("reports:receipt"), {"receipt": receipt})
    assert "A written apology" in reporter.get(reverse("reports:mine")).content.decode()


def test_a_handler_who_lost_his_key_is_granted_cases_again_by_a_colleague(world, client_for):
    from holdspace.keys.services import personal_key_create
    from holdspace.organisations.models import Membership, Role
    from tests.reports_helpers import submit

    from holdspace.accounts.models import Authenticator

    Membership.objects.create(user=world.felix, organisation=world.riverside, role=Role.CASE_HANDLER)
    Authenticator.objects.create(user=world.felix, name="authenticator", confirmed=True)
    handler_keys(world, "hana", "felix")
    case, _ = submit(world)
    old_session = client_for("felix", case_key=True)
    personal_key_create(world.felix, password=PASSWORD)  # lost password and recovery code: a new key pair
    assert not case.keys.filter(user=world.felix).exists()
    page = reverse("reports:case", args=[world.riverside.slug, case.reference])
    assert old_session.get(page).status_code == 404  # no key to this case any more
    felix = client_for("felix", case_key=True)
    assert b"received before you had access" in felix.get(reverse("reports:cases", args=[world.riverside.slug])).content
    hana = client_for("hana", case_key=True)
    grant = reverse("reports:case_grant", args=[world.riverside.slug, case.reference])
    hana.post(grant, {"grant-person": world.felix.pk, "grant-confirm": "on"})
    assert felix.get(page).status_code == 200
    assert AuditEntry.objects.filter(action="case.granted", actor_id=world.hana.pk).exists()


def test_a_hold_keeps_its_reason_locked_and_shows_it_to_handlers(world, client_for):
    from tests.reports_helpers import submit

    handler_keys(world, "hana")
    case, _ = submit(world)
    hana = client_for("hana", case_key=True)
    act = lambda action: reverse(f"reports:case_{action}", args=[world.riverside.slug, case.reference])  # noqa: E731
    case_url = reverse("reports:case", args=[world.riverside.slug, case.reference])
    hana.post(act("close"), {"close-outcome": "recorded", "close-confirm": "on", **_seen(hana, case_url, "close-")})
    hana.post(act("hold"), {"hold-reason": "A related case is still open", "hold-confirm": "on", **_seen(hana, case_url, "hold-")})
    case.refresh_from_db()
    assert case.hold_reason and b"related case" not in bytes(case.hold_reason)
    page = hana.get(reverse("reports:case_closing", args=[world.riverside.slug, case.reference])).content.decode()
    assert "A related case is still open" in page
    hana.post(act("hold"), {"hold-reason": "", "hold-confirm": "on", **_seen(hana, case_url, "hold-")})
    case.refresh_from_db()
    assert case.hold_reason is None


LEADER_OPTIONS = re.compile(r'<select name="respondent_leader"[^>]*>(.*?)</select>', re.S)


def _leader_options(response) -> dict[str, str]:
    """The respondent_leader list as the page offers it: label -> value."""
    select = LEADER_OPTIONS.search(response.content.decode()).group(1)
    return {label.strip(): value for value, label in re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)</option>', select)}


def test_the_report_form_shows_leaders_names_only_and_takes_back_its_opaque_choice(world):
    keys = handler_keys(world, "hana", "otto")
    assert keys
    reporter = Client()
    page = reporter.get(reverse("reports:write", args=[world.riverside.slug]))
    options = _leader_options(page)
    # Riverside's administrators and case handlers, by name: Ada, Hana, Otto.
    assert set(options) == {"No, or I prefer not to say", "Ada", "Hana", "Otto"}
    html = page.content.decode()
    for name in ("ada", "hana", "otto"):
        person = world.people[name]
        assert options[person.display_name] != str(person.pk)
        assert not options[person.display_name].isdigit()
        assert person.email not in html
    # Each value is a keyed hash of organisation and person: nothing in it can be read back.
    assert all(re.fullmatch(r"[0-9a-f]{32}", options[name]) for name in ("Ada", "Hana", "Otto"))
    assert len({options["Ada"], options["Hana"], options["Otto"]}) == 3
    assert "Case handler" not in html and "administrator" not in html.lower()

    # The opaque value names Otto: his key gets no copy of the report, Hana's does.
    response = _report(reporter, world, respondent_leader=options["Otto"])
    assert response.status_code == 200
    case = Case.objects.get()
    assert set(case.keys.values_list("user__display_name", flat=True)) == {"Hana"}


def test_a_tampered_or_stale_leader_choice_is_refused_with_everything_kept(world):
    from holdspace.organisations.models import Membership

    handler_keys(world, "hana", "otto")
    reporter = Client()
    options = _leader_options(reporter.get(reverse("reports:write", args=[world.riverside.slug])))
    tampered = options["Otto"][:-1] + ("1" if options["Otto"].endswith("0") else "0")
    for value in (str(world.otto.pk), tampered):
        response = _report(reporter, world, respondent_leader=value, what=f"{CANARY} kept text")
        assert response.status_code == 400
        assert "Please choose again: everything else you wrote is kept." in response.content.decode()
        assert f"{CANARY} kept text" in response.content.decode()
    # Ada stops being an administrator while the page is open: her old value no longer names anyone.
    Membership.objects.filter(user=world.ada, organisation=world.riverside).exclude(role="member").delete()
    response = _report(reporter, world, respondent_leader=options["Ada"], what=f"{CANARY} kept text", when="last May")
    assert response.status_code == 400
    body = response.content.decode()
    assert "Please choose again" in body and f"{CANARY} kept text" in body and "last May" in body
    assert not Case.objects.exists()


# Issue 15: case work that cannot go wrong quietly.


def _forms_on(page: str) -> dict[str, str]:
    """Each form on a page by the action it posts to (its last path part), with its HTML."""
    return {re.search(r'action="[^"]*/([a-z_]+)/"', form).group(1): form
            for form in re.findall(r"<form[^>]*>.*?</form>", page, flags=re.S) if "/act/" in form}


def test_a_stale_tab_cannot_complete_the_next_stage_and_keeps_what_was_typed(world, client_for):
    from tests.reports_helpers import submit

    handler_keys(world, "hana")
    case, _ = submit(world, pathway="informal")
    hana = client_for("hana", case_key=True)
    case_url = reverse("reports:case", args=[world.riverside.slug, case.reference])
    act = reverse("reports:case_stage", args=[world.riverside.slug, case.reference])
    tab_one, tab_two = _seen(hana, case_url, "stage-"), _seen(hana, case_url, "stage-")
    assert hana.post(act, {"stage-note": "Acknowledged by phone", **tab_one}).status_code == 302
    typed = "Second tab: the reporter asked for a woman handler"
    refused = hana.post(act, {"stage-note": typed, **tab_two})
    assert refused.status_code == 409
    page = refused.content.decode()
    assert "This case changed since you opened this page" in page and typed in page
    assert "Complete: Safety assessment and triage" in page  # the case as it is now
    case.refresh_from_db()
    assert case.stage == "assess" and case.stages.filter(note__isnull=False).count() == 1
    # The page that came back acts on the case as it now shows it: sent again, it is the handler's choice.
    again = re.search(r'name="stage-version" value="(\d+)"', page).group(1)
    assert again == str(case.version)
    assert hana.post(act, {"stage-note": typed, "stage-version": again}).status_code == 302
    case.refresh_from_db()
    assert case.stage == "conversation"


def test_every_form_that_changes_a_case_carries_its_version_and_is_refused_stale(world, client_for):
    from holdspace.organisations.models import Membership, Role
    from holdspace.reports import handling
    from tests.reports_helpers import submit

    Membership.objects.create(user=world.felix, organisation=world.riverside, role=Role.CASE_HANDLER)
    keys = handler_keys(world, "hana", "felix")
    case, _ = submit(world, pathway="formal")
    hana = client_for("hana", case_key=True)
    case_url = reverse("reports:case", args=[world.riverside.slug, case.reference])
    forms = _forms_on(whole_case(hana, case_url))
    changing = {"stage", "safety", "classify", "assign", "respondent", "close"}
    assert changing <= set(forms)
    for action in changing:
        assert re.search(rf'name="{action}-version" value="0"', forms[action]), action
    for action in set(forms) - changing:  # a message, a note, access and identity requests are not refused
        assert "-version" not in forms[action], action
    key = handling.data_key_open(case, user=world.hana, private_key=keys["hana"])
    handling.stage_complete(case, actor=world.hana, data_key=key, note="", version=0)  # another tab
    stale = {
        "stage": {"stage-note": "typed in the old tab"},
        "safety": {"safety-risk": "high", "safety-measures": "typed in the old tab"},
        "assign": {"assign-person": world.felix.pk, "assign-confirm": "on"},
        "respondent": {"respondent-person": world.rick.pk, "respondent-confirm": "on"},
        "close": {"close-outcome": "recorded", "close-confirm": "on"},
    }
    for action, data in stale.items():
        url = reverse(f"reports:case_{action}", args=[world.riverside.slug, case.reference])
        response = hana.post(url, {**data, f"{action}-version": "0"})
        assert response.status_code == 409, action
        assert "This case changed since you opened this page" in response.content.decode(), action
    case.refresh_from_db()
    assert (case.version, case.stage, case.risk, case.respondent_tag, case.status) == (1, "assess", "", "", "open")
    assert not case.keys.filter(assigned=True).exists()


def test_a_reporters_stale_page_cannot_change_her_choice_unseen(world):
    from holdspace.reports import handling
    from holdspace.reports.submission import receipt_open

    keys = handler_keys(world, "hana")
    receipt = _receipt(_report(Client(), world, pathway="formal", respondent_consent="on"))
    reporter = Client()
    reporter.post(reverse("reports:receipt"), {"receipt": receipt})
    seen = _seen(reporter, reverse("reports:mine"), "")
    case, _ = receipt_open(receipt)
    key = handling.data_key_open(case, user=world.hana, private_key=keys["hana"])
    handling.stage_complete(case, actor=world.hana, data_key=key, note="")  # the handlers move it on
    # Her old page still shows her agreement unticked: sending it must not withdraw it unseen.
    refused = reporter.post(reverse("reports:mine_pathway"), {"pathway": "informal", **seen})
    assert refused.status_code == 409
    assert "Your report changed since you opened this page" in refused.content.decode()
    assert re.search(r'value="informal"[^>]*checked', refused.content.decode())  # her choice is kept
    case.refresh_from_db()
    assert case.pathway == "formal" and case.respondent_consent


def test_nobody_is_preselected_as_the_respondent(world, client_for):
    from tests.reports_helpers import submit

    handler_keys(world, "hana")
    case, _ = submit(world, pathway="formal")
    hana = client_for("hana", case_key=True)
    case_url = reverse("reports:case", args=[world.riverside.slug, case.reference])
    form = _forms_on(whole_case(hana, case_url))["respondent"]
    options = re.findall(r"<option[^>]*>[^<]*</option>", form)
    assert options[0] == '<option value="" selected>Choose his account</option>'
    assert len(options) > 1 and not any("selected" in option for option in options[1:])
    act = reverse("reports:case_respondent", args=[world.riverside.slug, case.reference])
    refused = hana.post(act, {"respondent-person": "", **_seen(hana, case_url, "respondent-")})
    assert refused.status_code == 400 and "Please choose someone from the list." in refused.content.decode()
    case.refresh_from_db()
    assert case.respondent_tag == ""
    # Nor is anyone chosen to read a message: a handlers' note never goes to the reporter by default.
    message = _forms_on(whole_case(hana, case_url))["message"]
    assert '<option value="" selected>Choose who reads it</option>' in message
    typed = "Note for us: check the rota before we call her"
    unchosen = hana.post(reverse("reports:case_message", args=[world.riverside.slug, case.reference]),
                         {"message-body": typed})
    assert unchosen.status_code == 400
    assert "Please choose who reads this message." in unchosen.content.decode() and typed in unchosen.content.decode()
    assert not case.messages.exists()


def test_closing_is_its_own_confirmed_step_and_no_stage_closes_the_case(world, client_for):
    from tests.reports_helpers import submit

    handler_keys(world, "hana")
    case, _ = submit(world, pathway="record")
    hana = client_for("hana", case_key=True)
    case_url = reverse("reports:case", args=[world.riverside.slug, case.reference])
    stage = reverse("reports:case_stage", args=[world.riverside.slug, case.reference])
    for _ in range(3):  # acknowledge, assess, record: the whole pathway
        assert hana.post(stage, {"stage-note": "done", **_seen(hana, case_url, "stage-")}).status_code == 302
    case.refresh_from_db()
    assert case.status == "open" and case.stage_due_at is None  # done, and waiting for the handler to close
    close = reverse("reports:case_close", args=[world.riverside.slug, case.reference])
    page = whole_case(hana, case_url)
    assert '<option value="" selected>Choose the outcome</option>' in _forms_on(page)["close"]
    unconfirmed = hana.post(close, {"close-outcome": "recorded", **_seen(hana, case_url, "close-")})
    assert unconfirmed.status_code == 400
    assert "Please tick the box to confirm that you mean to close the case." in unconfirmed.content.decode()
    case.refresh_from_db()
    assert case.status == "open"
    confirmed = hana.post(close, {"close-outcome": "recorded", "close-confirm": "on",
                                  **_seen(hana, case_url, "close-")})
    assert confirmed.status_code == 302
    case.refresh_from_db()
    assert case.status == "closed" and case.outcome == "recorded"


def test_telling_appealing_and_holding_carry_the_version_too(world, client_for):
    from holdspace.organisations.models import Membership, Role
    from holdspace.reports import handling
    from tests.reports_helpers import submit

    Membership.objects.create(user=world.felix, organisation=world.riverside, role=Role.CASE_HANDLER)
    keys = handler_keys(world, "hana", "felix")
    case, _ = submit(world, pathway="formal")
    key = handling.data_key_open(case, user=world.hana, private_key=keys["hana"])
    hana = client_for("hana", case_key=True)
    case_url = reverse("reports:case", args=[world.riverside.slug, case.reference])

    def refused_when_stale(action, data):
        form = _forms_on(whole_case(hana, case_url))[action]
        assert re.search(rf'name="{action}-version" value="{case.version}"', form), action
        handling.safety_record(case, actor=world.hana, data_key=key, risk="low", measures="")  # another tab
        before = Case.objects.get(pk=case.pk).version
        response = hana.post(reverse(f"reports:case_{action}", args=[world.riverside.slug, case.reference]),
                             {**data, f"{action}-version": before - 1})
        assert response.status_code == 409 and "This case changed since" in response.content.decode(), action
        assert Case.objects.get(pk=case.pk).version == before, action

    handling.respondent_link(case, actor=world.hana, respondent=world.rick)
    for _ in range(2):
        handling.stage_complete(case, actor=world.hana, data_key=key, note="")
    refused_when_stale("notify", {"notify-notice": "You are told", "notify-confirm": "on"})
    case.refresh_from_db()
    assert case.respondent_notified_at is None
    handling.respondent_notify(case, actor=world.hana, data_key=key, notice="told")
    for _ in range(5):
        handling.stage_complete(case, actor=world.hana, data_key=key, note="done", standard="balance")
    refused_when_stale("appeal", {"appeal-by": "reporter", "appeal-handler": world.felix.pk,
                                   "appeal-confirm": "on"})
    case.refresh_from_db()
    assert case.stage == "appeal_window"
    handling.case_close(case, actor=world.hana, outcome="upheld")
    refused_when_stale("hold", {"hold-reason": "A related case", "hold-confirm": "on"})
    case.refresh_from_db()
    assert case.hold_reason is None


def test_a_stale_tab_is_not_taken_for_findings(world, client_for):
    """The next stage asks for more (the standard of proof): the stale form is still refused as stale."""
    from holdspace.reports import handling
    from tests.reports_helpers import submit

    keys = handler_keys(world, "hana")
    case, _ = submit(world, pathway="formal")
    key = handling.data_key_open(case, user=world.hana, private_key=keys["hana"])
    handling.respondent_link(case, actor=world.hana, respondent=world.rick)
    for _ in range(2):
        handling.stage_complete(case, actor=world.hana, data_key=key, note="")
    handling.respondent_notify(case, actor=world.hana, data_key=key, notice="told")
    for _ in range(2):
        handling.stage_complete(case, actor=world.hana, data_key=key, note="his answer, by phone")
    assert case.stage == "evidence"
    hana = client_for("hana", case_key=True)
    case_url = reverse("reports:case", args=[world.riverside.slug, case.reference])
    act = reverse("reports:case_stage", args=[world.riverside.slug, case.reference])
    tab_one, tab_two = _seen(hana, case_url, "stage-"), _seen(hana, case_url, "stage-")
    assert hana.post(act, {"stage-note": "Two witnesses heard", **tab_one}).status_code == 302
    refused = hana.post(act, {"stage-note": "The last witness heard", **tab_two})
    assert refused.status_code == 409 and "This case changed since you opened this page" in refused.content.decode()
    case.refresh_from_db()
    assert case.stage == "findings"
    # At findings, a note without its standard of proof is refused beside the field, as before.
    missing = hana.post(act, {"stage-note": "found", **_seen(hana, case_url, "stage-")})
    assert missing.status_code == 400 and "Say which standard of proof" in missing.content.decode()


def test_sending_the_report_form_runs_a_fixed_number_of_queries(world, django_assert_num_queries):
    # The throttle's counter (one statement), the organisation, its keyholders, the ring with its parts; then the
    # case's transaction: begun, (on PostgreSQL, references checked at once), the ring locked, the policy, the case,
    # its stage, key and file, the audit entry (head read, entry, head moved), ended. The leaders offered on the form
    # are not read when none is chosen.
    from django.db import connection

    handler_keys(world, "hana", "otto")
    reporter = Client()
    _report(reporter, world)  # the throttle's counter, the policy row and the audit head exist
    with django_assert_num_queries(15 + (connection.vendor == "postgresql")):
        response = _report(reporter, world, files=[_png()])
    assert response.status_code == 200 and _receipt(response)


def test_opening_her_report_marks_the_handlers_messages_read(world):
    """The one write her page makes on a GET, on purpose (tests/test_get_writes_nothing.py allows it)."""
    handler_keys(world, "hana")
    receipt = _receipt(_report(Client(), world))
    Case.objects.update(unread_for_reporter=2)  # two messages from the handlers she has not read yet
    reader = Client()
    reader.post(reverse("reports:receipt"), {"receipt": receipt})
    assert reader.get(reverse("reports:mine")).status_code == 200
    assert Case.objects.get().unread_for_reporter == 0
