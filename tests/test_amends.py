"""A man's amends plans: locked with his own data key like his inventory, made from an entry or on their own,
with contact never the default (the questions start unanswered, and "amends made" is refused when contact is
not wanted or not safe), a history of where each stood, and readable by nobody else."""
import os
import re
import sqlite3
import tempfile

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from holdspace.audit.models import AuditEntry
from holdspace.crypto.boxes import CannotOpen, new_data_key
from holdspace.inventory import amends, entries, selectors
from holdspace.inventory.models import AmendsPlan, Entry, Vault
from holdspace.inventory.vault import vault_open
from holdspace.keys.services import personal_key_create, personal_key_unlock
from holdspace.web.refusals import Refusal
from tests.conftest import PASSWORD, sign_in, unlock_case_key
from tests.test_reports_canary import _forms, _raw_database

pytestmark = pytest.mark.django_db
CANARY = "CANARY-AMENDS-7c3e"
# The values a plan's answers and status are kept as: none of them may show outside its box.
STATUS_WORDS = ("not_contacting", "no_contact", "not_said", "not_sure", "considering", "living")


def _keyed(world, name="mateo"):
    personal_key_create(world.people[name], password=PASSWORD)
    return personal_key_unlock(world.people[name], password=PASSWORD)


def _plan(world, private_key, *, name="mateo", entry_id=None, wanted="", harm="", **words) -> AmendsPlan:
    typed = {"who": "J.", "what": "I shouted at her in front of the team.", "impact": "", "repair": "", **words}
    return amends.amends_plan_write(owner=world.people[name], private_key=private_key, entry_id=entry_id,
                                    wanted=wanted, harm=harm, **typed)


def _refused(code: str, act, *args, **kwargs) -> None:
    with pytest.raises(Refusal) as refused:
        act(*args, **kwargs)
    assert refused.value.code == code


def test_a_plan_is_one_box_locked_with_his_own_data_key_and_opens_for_him_alone(world):
    private_key = _keyed(world)
    entry = entries.entry_write(owner=world.mateo, private_key=private_key, prompt="", title="", text="x", tags="")
    plan = _plan(world, private_key, entry_id=entry.pk, who=f"{CANARY}-who", what=f"{CANARY}-what",
                 impact=f"{CANARY}-impact", repair=f"{CANARY}-repair", wanted=amends.NO_CONTACT,
                 harm=amends.HARM_NOT_SURE)
    data_key = vault_open(world.mateo, private_key=private_key)
    amends.amends_plan_mark(plan, owner=world.mateo, data_key=data_key, status=amends.NOT_CONTACTING,
                            reason=f"{CANARY}-reason", note=f"{CANARY}-note")
    row = AmendsPlan.objects.get(pk=plan.pk)
    stored = bytes(row.box)
    for word in (CANARY, *STATUS_WORDS, '"entry"'):
        assert word.encode() not in stored, word
    # The row keeps whose it is and when, nothing else.
    assert {field.name for field in AmendsPlan._meta.concrete_fields} == {"id", "owner", "box", "created_at",
                                                                          "updated_at"}
    opened = amends.amends_plan_unbox(row, data_key=data_key)
    assert (opened.who, opened.entry_id, opened.status, opened.reason) == (
        f"{CANARY}-who", entry.pk, amends.NOT_CONTACTING, f"{CANARY}-reason")
    assert opened.contact_unwanted and opened.contact_unsafe
    # Another man's own key, unlocked, opens nothing of it; nor does any data key but his.
    other = _keyed(world, "omar")
    _refused("key_changed", vault_open, world.mateo, private_key=other)
    with pytest.raises(CannotOpen):
        amends.amends_plan_unbox(row, data_key=new_data_key())
    # The audit log knows that he made and marked a plan, never what it says or where it stands.
    logged = AuditEntry.objects.filter(action__startswith="inventory.amends_plan")
    assert [entry.action for entry in logged] == ["inventory.amends_plan_written", "inventory.amends_plan_marked"]
    for logged_entry in logged:
        assert logged_entry.actor_id == world.mateo.pk and logged_entry.details == {}


def test_contact_is_never_assumed_and_amends_made_is_refused_when_unwanted_or_unsafe(world):
    private_key = _keyed(world)
    data_key = lambda: vault_open(world.mateo, private_key=private_key)  # noqa: E731

    def mark(plan, status, **words):
        return amends.amends_plan_mark(AmendsPlan.objects.get(pk=plan.pk), owner=world.mateo, data_key=data_key(),
                                       status=status, **words)

    def update(plan, **answers):
        return amends.amends_plan_update(AmendsPlan.objects.get(pk=plan.pk), owner=world.mateo, data_key=data_key(),
                                         who="J.", what="What I did.", impact="", repair="", **answers)

    plan = _plan(world, private_key)  # unanswered: considering and preparing only
    mark(plan, amends.PREPARING)
    for status in (amends.LIVING, amends.MADE, amends.NOT_CONTACTING):
        _refused("amends_answers_needed", mark, plan, status, reason="They deserve peace.")
    update(plan, wanted=amends.NOT_SAID, harm="")
    _refused("amends_answers_needed", mark, plan, amends.LIVING)
    # They asked for no contact: reaching out is refused, living amends is open, not contacting needs his reason.
    update(plan, wanted=amends.NO_CONTACT, harm=amends.HARM_NO)
    _refused("amends_contact_unwanted", mark, plan, amends.MADE)
    _refused("amends_reason_needed", mark, plan, amends.NOT_CONTACTING, reason="   ")
    mark(plan, amends.LIVING, note="I no longer raise my voice in meetings.")
    _refused("amends_status_same", mark, plan, amends.LIVING)
    # Reaching out could harm them, or he is not sure: refused too.
    for harm in (amends.HARM_YES, amends.HARM_NOT_SURE):
        update(plan, wanted=amends.SAID_YES, harm=harm)
        _refused("amends_contact_unsafe", mark, plan, amends.MADE)
    # Past preparing, the answers cannot be taken back out.
    _refused("amends_answers_needed", update, plan, wanted="", harm=amends.HARM_NO)
    # Wanted and safe, or not said and safe: he may say he reached out.
    update(plan, wanted=amends.NOT_SAID, harm=amends.HARM_NO)
    mark(plan, amends.MADE, note="I wrote to her; she answered.")
    mark(plan, amends.NOT_CONTACTING, reason="She asked me to stop.", note="After her answer.")
    opened = amends.amends_plan_unbox(AmendsPlan.objects.get(pk=plan.pk), data_key=data_key())
    # The history grew with every change of status, newest first, each with its note and its reason.
    assert [step.status for step in opened.history] == [amends.NOT_CONTACTING, amends.MADE, amends.LIVING,
                                                       amends.PREPARING, amends.CONSIDERING]
    assert (opened.history[0].note, opened.history[0].reason) == ("After her answer.", "She asked me to stop.")
    assert opened.history[2].note == "I no longer raise my voice in meetings." and opened.history[2].reason == ""
    assert opened.reason == "She asked me to stop."
    mark(plan, amends.LIVING)
    assert amends.amends_plan_unbox(AmendsPlan.objects.get(pk=plan.pk), data_key=data_key()).reason == ""
    # Nonsense is refused by the service itself, not only by the form.
    _refused("unknown_amends_status", mark, plan, "forgiven")
    _refused("unknown_amends_answer", update, plan, wanted="maybe", harm=amends.HARM_NO)
    _refused("amends_who_empty", _plan, world, private_key, who="  ")
    _refused("amends_what_empty", _plan, world, private_key, what="")
    _refused("amends_too_long", _plan, world, private_key, who="x" * (amends.MAX_WHO + 1))
    _refused("amends_note_too_long", mark, plan, amends.PREPARING, note="n" * (amends.MAX_NOTE + 1))


def test_another_mans_plan_and_entry_are_refused(world):
    private_key = _keyed(world)
    plan = _plan(world, private_key)
    omar_key = _keyed(world, "omar")
    omar_entry = entries.entry_write(owner=world.omar, private_key=omar_key, prompt="", title="", text="his",
                                     tags="")
    data_key = vault_open(world.mateo, private_key=private_key)
    assert selectors.amends_plan_of(world.omar, plan_id=plan.pk) is None
    assert selectors.amends_plan_of(world.mateo, plan_id=plan.pk) == plan
    _refused("not_your_plan", amends.amends_plan_mark, plan, owner=world.omar, data_key=data_key,
             status=amends.PREPARING)
    _refused("not_your_plan", amends.amends_plan_update, plan, owner=world.omar, data_key=data_key, who="x",
             what="x", impact="", repair="", wanted="", harm="")
    _refused("not_your_plan", amends.amends_plan_delete, plan, owner=world.omar)
    _refused("amends_entry_gone", _plan, world, private_key, entry_id=omar_entry.pk)  # not his entry
    assert AmendsPlan.objects.count() == 1
    amends.amends_plan_delete(plan, owner=world.mateo)
    assert not AmendsPlan.objects.exists()
    assert AuditEntry.objects.filter(action="inventory.amends_plan_deleted", target_id=str(plan.pk)).exists()


def test_a_first_plan_makes_his_vault_and_a_new_key_pair_forgets_his_plans_after_warning_him(world, client_for):
    private_key = _keyed(world)
    _plan(world, private_key)  # no entry yet: the plan makes his vault
    assert Vault.objects.filter(owner=world.mateo).exists()
    page = client_for("mateo").get(reverse("keys:key")).content.decode()
    assert "Only your current key opens your own inventory and your amends plans." in page
    assert "Your amends plans: 1 plan" in page and "Your inventory:" not in page
    personal_key_create(world.mateo, password=PASSWORD)  # lost both: a new key pair
    assert not AmendsPlan.objects.exists() and not Vault.objects.exists()
    made = AuditEntry.objects.filter(action="personal_key.created", actor_id=world.mateo.pk).latest("pk")
    assert made.details["amends_plans_lost"] == 1 and made.details["inventory_entries_lost"] == 0


def _checked(page: str, name: str) -> str | None:
    """The value of the radio button `name` the page has chosen, if any."""
    chosen = re.findall(rf'<input type="radio" name="{name}" value="([a-z_]+)"[^>]* checked', page)
    assert len(chosen) <= 1
    return chosen[0] if chosen else None


def _his_pages(world, client_for):
    _keyed(world)
    return unlock_case_key(client_for("mateo"), world.mateo)


def test_he_makes_a_plan_from_an_entry_and_reads_changes_marks_and_deletes_it(world, client_for):
    mateo = _his_pages(world, client_for)
    mateo.post(reverse("inventory:entry_new"), {"prompt": "", "title": "The party", "text": "I kept asking."})
    entry = Entry.objects.get()
    entry_page = mateo.get(reverse("inventory:entry", args=[entry.pk])).content.decode()
    assert "Make an amends plan from this" in entry_page
    new = mateo.get(reverse("inventory:amends_new") + f"?entry={entry.pk}").content.decode()
    assert "I kept asking.</textarea>" in new and f'name="entry" value="{entry.pk}"' in new
    assert _checked(new, "wanted") is None and _checked(new, "harm") is None  # no answer is chosen for him
    saved = mateo.post(reverse("inventory:amends_new"), {"entry": entry.pk, "who": "L., a friend",
                                                         "what": "I kept asking after she said no.", "impact": "",
                                                         "repair": "", "wanted": "", "harm": ""})
    plan = AmendsPlan.objects.get()
    assert saved["Location"] == reverse("inventory:amends_plan", args=[plan.pk])
    shown = mateo.get(saved["Location"]).content.decode()
    assert "L., a friend" in shown and "The party" in shown and "Considering" in shown
    assert "The two questions about contact are not answered yet." in shown
    assert "L., a friend" in mateo.get(reverse("inventory:entry", args=[entry.pk])).content.decode()
    listed = mateo.get(reverse("inventory:amends")).content.decode()
    assert "L., a friend" in listed and "Considering" in listed
    edit = mateo.get(reverse("inventory:amends_edit", args=[plan.pk])).content.decode()
    assert "I kept asking after she said no." in edit
    changed = mateo.post(reverse("inventory:amends_edit", args=[plan.pk]), {
        "who": "L.", "what": "I kept asking after she said no.", "impact": "She stopped coming to parties.",
        "repair": "Stop; never again.", "wanted": amends.NO_CONTACT, "harm": amends.HARM_NOT_SURE})
    assert changed["Location"] == reverse("inventory:amends_plan", args=[plan.pk])
    page = mateo.get(changed["Location"]).content.decode()
    assert "Their safety comes first: do not reach out" in page and "They asked for no contact." in page
    assert page.index("Their safety comes first") < page.index("What happened")  # near the top
    marked = mateo.post(reverse("inventory:amends_status", args=[plan.pk]),
                        {"status": amends.LIVING, "note": "I stay away and listen when told no."})
    assert marked.status_code == 302
    page = mateo.get(reverse("inventory:amends_plan", args=[plan.pk])).content.decode()
    assert page.index("I stay away and listen when told no.") < page.index("Started: Considering")
    # Someone else, even with his own key unlocked, finds nothing there.
    hana = client_for("hana", case_key=True)
    for name in ("amends_plan", "amends_edit"):
        assert hana.get(reverse(f"inventory:{name}", args=[plan.pk])).status_code == 404
    for name in ("amends_status", "amends_delete", "amends_edit"):
        assert hana.post(reverse(f"inventory:{name}", args=[plan.pk]),
                         {"status": amends.PREPARING, "confirm": "on", "who": "x", "what": "x"}).status_code == 404
    assert hana.get(reverse("inventory:amends_new") + f"?entry={entry.pk}").content.decode().count("I kept") == 0
    unsure = mateo.post(reverse("inventory:amends_delete", args=[plan.pk]), {})
    assert unsure.status_code == 400 and "Tick the box to delete the plan for good." in unsure.content.decode()
    gone = mateo.post(reverse("inventory:amends_delete", args=[plan.pk]), {"confirm": "on"})
    assert gone["Location"] == reverse("inventory:amends") and not AmendsPlan.objects.exists()
    assert "L." not in mateo.get(reverse("inventory:entry", args=[entry.pk])).content.decode().split("Amends")[1]
    actions = list(AuditEntry.objects.filter(action__startswith="inventory.amends").values_list("action", flat=True))
    assert actions == ["inventory.amends_plan_written", "inventory.amends_plan_changed",
                       "inventory.amends_plan_marked", "inventory.amends_plan_deleted"]


def test_a_refusal_says_why_and_keeps_what_he_typed(world, client_for):
    mateo = _his_pages(world, client_for)
    empty = mateo.post(reverse("inventory:amends_new"), {"who": "", "what": "Words I keep.", "impact": "Kept too."})
    assert empty.status_code == 400 and not AmendsPlan.objects.exists()
    assert "Words I keep." in empty.content.decode() and "Kept too." in empty.content.decode()
    mateo.post(reverse("inventory:amends_new"), {"who": "J.", "what": "What I did.", "wanted": amends.SAID_YES,
                                                 "harm": amends.HARM_YES})
    plan = AmendsPlan.objects.get()
    refused = mateo.post(reverse("inventory:amends_status", args=[plan.pk]),
                         {"status": amends.MADE, "note": "A note I must not lose."})
    page = refused.content.decode()
    assert refused.status_code == 400 and "Their safety comes first, so this plan is not marked" in page
    assert "A note I must not lose." in page and _checked(page, "status") == amends.MADE
    no_reason = mateo.post(reverse("inventory:amends_status", args=[plan.pk]),
                           {"status": amends.NOT_CONTACTING, "note": "Another note."})
    assert no_reason.status_code == 400 and "Say in your own words why" in no_reason.content.decode()
    assert "Another note." in no_reason.content.decode()
    # A plan made from an entry deleted meanwhile: said plainly, and the next Save keeps the plan on its own.
    gone = mateo.post(reverse("inventory:amends_new"), {"entry": "987654", "who": "K.", "what": "Kept words."})
    assert gone.status_code == 400 and "Kept words." in gone.content.decode()
    assert 'name="entry"' not in gone.content.decode() and AmendsPlan.objects.count() == 1


def test_his_key_locked_sends_him_to_unlock_and_keeps_what_he_typed(world, client_for):
    private_key = _keyed(world)
    entry = entries.entry_write(owner=world.mateo, private_key=private_key, prompt="", title="", text="x", tags="")
    plan = _plan(world, private_key)
    locked = client_for("mateo")  # signed in, key not unlocked (locked in another tab, or timed out)
    for url in (reverse("inventory:amends"), reverse("inventory:amends_new"),
                reverse("inventory:amends_plan", args=[plan.pk]), reverse("inventory:amends_edit", args=[plan.pk])):
        sent = locked.get(url)
        assert sent.status_code == 302 and sent["Location"].startswith(reverse("keys:key")), url
    new = locked.post(reverse("inventory:amends_new"), {"entry": entry.pk, "who": "Kept who",
                                                        "what": "Words I must not lose.", "harm": amends.HARM_NO})
    assert new.status_code == 403 and AmendsPlan.objects.count() == 1
    page = new.content.decode()
    assert "Words I must not lose." in page and "Kept who" in page and "Unlock it in another tab" in page
    assert f'name="entry" value="{entry.pk}"' in page and _checked(page, "harm") == amends.HARM_NO
    edit = locked.post(reverse("inventory:amends_edit", args=[plan.pk]), {"who": "J.", "what": "Changed words."})
    assert edit.status_code == 403 and "Changed words." in edit.content.decode()
    status = locked.post(reverse("inventory:amends_status", args=[plan.pk]),
                         {"status": amends.PREPARING, "note": "A note typed while locked."})
    assert status.status_code == 403 and "A note typed while locked." in status.content.decode()
    assert "Unlock it in another tab" in status.content.decode()
    deleted = locked.post(reverse("inventory:amends_delete", args=[plan.pk]), {"confirm": "on"})
    assert deleted["Location"].startswith(reverse("keys:key")) and AmendsPlan.objects.count() == 1


def test_the_list_opens_one_page_at_a_time_with_the_same_queries_for_few_or_many(world, client_for):
    private_key = _keyed(world)
    mateo = unlock_case_key(client_for("mateo"), world.mateo)

    def write(count: int) -> None:
        for number in range(AmendsPlan.objects.count(), AmendsPlan.objects.count() + count):
            _plan(world, private_key, who=f"Person {number}")

    def queries(url: str) -> int:
        mateo.get(url)  # the first request of a session reads more (the session itself)
        with CaptureQueriesContext(connection) as captured:
            assert mateo.get(url).status_code == 200
        return len(captured.captured_queries)

    write(3)
    few = queries(reverse("inventory:amends"))
    write(27)
    assert queries(reverse("inventory:amends")) == few
    first = mateo.get(reverse("inventory:amends")).content.decode()
    assert first.count('class="circle-card"') == selectors.PLANS_PER_PAGE and "Plans changed earlier" in first
    assert first.index("Person 29") < first.index("Person 28")  # the last changed first
    second = mateo.get(reverse("inventory:amends") + "?page=2").content.decode()
    assert second.count('class="circle-card"') == 30 - selectors.PLANS_PER_PAGE and "Plans changed later" in second
    # Marking an older plan brings it to the top.
    oldest = AmendsPlan.objects.order_by("pk").first()
    mateo.post(reverse("inventory:amends_status", args=[oldest.pk]), {"status": amends.PREPARING})
    top = mateo.get(reverse("inventory:amends")).content.decode()
    assert top.index("Person 0<") < top.index("Person 29<")


@pytest.mark.django_db(transaction=True)
def test_his_words_never_reach_the_database_or_the_audit_log_in_the_clear(world):
    _keyed(world)
    mateo = unlock_case_key(sign_in(Client(), world.mateo), world.mateo)
    mateo.post(reverse("inventory:entry_new"), {"prompt": "", "title": "t", "text": "An entry."})
    entry = Entry.objects.get()
    words = {part: f"{CANARY}-{part}" for part in ("who", "what", "impact", "repair", "reason", "note")}
    mateo.post(reverse("inventory:amends_new"), {"entry": entry.pk, "who": words["who"], "what": words["what"],
                                                 "impact": words["impact"], "repair": words["repair"]})
    plan = AmendsPlan.objects.get()
    mateo.post(reverse("inventory:amends_edit", args=[plan.pk]), {
        **{part: f"{words[part]} changed" for part in ("who", "what", "impact", "repair")},
        "wanted": amends.NO_CONTACT, "harm": amends.HARM_NOT_SURE})
    refused = mateo.post(reverse("inventory:amends_status", args=[plan.pk]),
                         {"status": amends.MADE, "note": words["note"]})
    assert refused.status_code == 400
    for status, typed in ((amends.LIVING, {"note": words["note"]}),
                          (amends.NOT_CONTACTING, {"reason": words["reason"], "note": words["note"]})):
        assert mateo.post(reverse("inventory:amends_status", args=[plan.pk]),
                          {"status": status, **typed}).status_code == 302
    page = mateo.get(reverse("inventory:amends_plan", args=[plan.pk])).content.decode()
    assert all(word in page for word in words.values())  # he reads them: the canaries really went in

    dump = _raw_database() + _raw_sqlite_pages()
    assert str(world.mateo.email).encode() in dump  # the copy holds his account: a leak would show
    for word in (*words.values(), *STATUS_WORDS):
        for form in _forms(word):
            assert form not in dump, f"{word} found in the database copy"
    audit = [str(row) for row in AuditEntry.objects.values_list("action", "target_type", "target_id", "details")]
    assert not [row for row in audit if CANARY in row or any(word in row for word in STATUS_WORDS)]
    assert sum("inventory.amends_plan" in row for row in audit) == 4  # written, changed, marked twice


def _raw_sqlite_pages() -> bytes:
    """On SQLite, every page of the database as stored, free pages included (a page-by-page backup), and
    the database file and its write-ahead log themselves when the database is a file."""
    if connection.vendor != "sqlite":
        return b""
    connection.ensure_connection()
    found = b""
    with tempfile.TemporaryDirectory() as folder:
        copy = sqlite3.connect(os.path.join(folder, "pages.sqlite3"))
        connection.connection.backup(copy)
        copy.close()
        with open(os.path.join(folder, "pages.sqlite3"), "rb") as file:
            found += file.read()
    name = str(connection.settings_dict["NAME"])
    for path in (name, f"{name}-wal"):
        if os.path.isfile(path):
            with open(path, "rb") as file:
                found += file.read()
    return found


def test_a_plan_shows_the_entry_it_came_from_while_that_entry_exists(world, client_for):
    mateo = _his_pages(world, client_for)
    mateo.post(reverse("inventory:entry_new"), {"prompt": "", "title": "The drive home", "text": "I sped up."})
    entry = Entry.objects.get()
    mateo.post(reverse("inventory:amends_new"), {"entry": entry.pk, "who": "My son", "what": "I sped up."})
    plan = AmendsPlan.objects.get()
    assert "The drive home" in mateo.get(reverse("inventory:amends_plan", args=[plan.pk])).content.decode()
    mateo.post(reverse("inventory:entry_delete", args=[entry.pk]), {"confirm": "on"})
    page = mateo.get(reverse("inventory:amends_plan", args=[plan.pk])).content.decode()
    assert "My son" in page and "Made from your entry" not in page and "The drive home" not in page


def test_an_entry_lists_only_the_plans_made_from_it_whatever_his_words_say(world):
    private_key = _keyed(world)
    first, second = (entries.entry_write(owner=world.mateo, private_key=private_key, prompt="", title="", text=text,
                                         tags="") for text in ("one", "two"))
    from_first = _plan(world, private_key, entry_id=first.pk, who="From the first")
    _plan(world, private_key, entry_id=second.pk, who="From the second", what=f'"entry": {first.pk}, "status"')
    _plan(world, private_key, who=f'On its own "entry": {first.pk},')
    data_key = vault_open(world.mateo, private_key=private_key)
    found = selectors.amends_plans_from_entry(world.mateo, data_key=data_key, entry_id=first.pk)
    assert [plan.pk for plan in found] == [from_first.pk]
    assert [p.who for p in selectors.amends_plans_from_entry(world.mateo, data_key=data_key,
                                                              entry_id=second.pk)] == ["From the second"]
    assert selectors.amends_plans_from_entry(world.omar, data_key=data_key, entry_id=first.pk) == []
