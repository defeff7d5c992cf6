"""A man's own inventory: prompts in both languages, entries locked with his own key, written,
searched, changed and deleted through his pages, and readable by nobody else."""
import functools

import pytest
from django.test import Client
from django.urls import reverse

from holdspace.audit.models import AuditEntry
from holdspace.crypto.keyrings import keypair_new
from holdspace.inventory import entries, prompts, selectors
from holdspace.inventory.models import Entry, Vault
from holdspace.inventory.vault import vault_open, vault_opened
from holdspace.keys.services import personal_key_create, personal_key_unlock
from holdspace.web.refusals import Refusal
from tests.conftest import PASSWORD, sign_in, unlock_case_key
from tests.test_reports_canary import _forms, _raw_database

pytestmark = pytest.mark.django_db
CANARY = "CANARY-INVENTORY-5e1d"


def test_there_are_at_least_twenty_prompts_complete_in_english_and_spanish():
    content = prompts._content()
    keys = [item["key"] for item in content["prompts"]]
    assert len(keys) >= 20 and len(set(keys)) == len(keys)
    themes = {theme["key"] for theme in content["themes"]}
    assert {item["theme"] for item in content["prompts"]} == themes  # every theme has prompts, none is unknown
    for item in content["prompts"]:
        english, spanish = item["en"], item["es"]
        for texts in (english, spanish):
            assert texts["title"].strip() and texts["question"].strip() and texts["guide"]
            assert all(line.strip() for line in texts["guide"])
        assert english["question"] != spanish["question"] and len(english["guide"]) == len(spanish["guide"])
    for theme in content["themes"]:
        assert theme["en"]["title"] != theme["es"]["title"] and theme["es"]["intro"].strip()
    offered = prompts.themes(language="es-mx")
    assert sum(len(theme.prompts) for theme in offered) == len(keys)
    assert prompts.prompt("where-patriarchy-lives", language="es").title == "¿Dónde sigue vivo el patriarcado en mí?"


def _keyed(world, name="mateo"):
    personal_key_create(world.people[name], password=PASSWORD)
    return personal_key_unlock(world.people[name], password=PASSWORD)


def test_an_entry_is_locked_with_his_own_data_key_and_opens_for_him_alone(world):
    private_key = _keyed(world)
    entry = entries.entry_write(owner=world.mateo, private_key=private_key, prompt="one-harm", title="Work",
                                text=f"{CANARY} what I did", tags="work, Anger, work")
    stored = bytes(Entry.objects.get(pk=entry.pk).box)
    assert CANARY.encode() not in stored and b"one-harm" not in stored and b"Anger" not in stored
    data_key = vault_open(world.mateo, private_key=private_key)
    opened = entries.entry_unbox(entry, data_key=data_key)
    assert (opened.prompt, opened.title, opened.tags) == ("one-harm", "Work", ("work", "Anger"))
    assert opened.text.startswith(CANARY)
    # Someone else's key, even another member's own, opens nothing.
    other = _keyed(world, "omar")
    with pytest.raises(Refusal) as refused:
        vault_open(world.mateo, private_key=other)
    assert refused.value.code == "key_changed"
    assert selectors.entry_of(world.omar, entry_id=entry.pk) is None
    with pytest.raises(Refusal) as refused:
        entries.entry_delete(entry, owner=world.omar, data_key=data_key)
    assert refused.value.code == "not_your_entry"
    # The audit log knows that he wrote, never what.
    written = AuditEntry.objects.get(action="inventory.entry_written")
    assert written.actor_id == world.mateo.pk and CANARY not in str(written.details)


def test_what_he_types_is_checked_by_the_service(world):
    private_key = _keyed(world)
    cases = [
        ({"text": "   "}, "entry_empty"),
        ({"text": "x", "prompt": "no-such-prompt"}, "unknown_prompt"),
        ({"text": "x", "tags": ",".join(f"t{n}" for n in range(13))}, "too_many_tags"),
        ({"text": "x", "tags": "a" * 41}, "tag_too_long"),
        ({"text": "x" * (entries.MAX_TEXT + 1)}, "entry_too_long"),
    ]
    for typed, code in cases:
        with pytest.raises(Refusal) as refused:
            entries.entry_write(owner=world.mateo, private_key=private_key, **{"prompt": "", "title": "",
                                                                                "tags": "", **typed})
        assert refused.value.code == code
    assert not Entry.objects.exists() and not Vault.objects.exists()


def test_search_finds_every_word_and_tag_in_his_opened_entries_only(world):
    private_key = _keyed(world)
    for title, text, tags in [("At work", "I talked over her in the meeting", "work"),
                              ("Home", "I left the dishes again", "home, habits"),
                              ("Meeting", "I apologised after the meeting", "work, repair")]:
        entries.entry_write(owner=world.mateo, private_key=private_key, prompt="", title=title, text=text, tags=tags)
    entries.entry_write(owner=world.mateo, private_key=private_key, prompt="", title="Él",
                        text='Él me dijo "basta" y no paré.', tags="Ñandú")
    data_key = vault_open(world.mateo, private_key=private_key)

    def vault():  # as his page opens it, with his tag counts as they are now
        return vault_opened(world.mateo, private_key=private_key)

    def titles(**asked) -> list[str]:
        return [e.title for e in selectors.entries_search(world.mateo, vault=vault(), **asked).entries]

    assert titles(words="MEETING") == ["Meeting", "At work"]
    assert titles(words="él paré") == ["Él"] and titles(words='"basta"') == ["Él"]  # unescaped, and quoted
    assert titles(tag="ñandú") == ["Él"] and titles(words="title") == []  # the box's own keys are not his words
    assert titles(words="meeting her") == ["At work"]
    assert titles(tag="Work", words="apologised") == ["Meeting"]
    found = selectors.entries_search(world.mateo, vault=vault(), tag="work")
    assert (found.matching, found.total) == (2, 4)
    mine = selectors.entries_search(world.mateo, vault=vault()).entries  # no words: every entry
    assert selectors.tags_used(vault()) == [("work", 2), ("habits", 1), ("home", 1), ("repair", 1), ("Ñandú", 1)]
    # Changing and deleting count the tags out again.
    home = next(e for e in mine if e.title == "Home")
    entries.entry_update(Entry.objects.get(pk=home.pk), owner=world.mateo, data_key=data_key, title="Home",
                         text="I left the dishes again", tags="home, work")
    entries.entry_delete(Entry.objects.get(pk=next(e for e in mine if e.title == "Meeting").pk), owner=world.mateo,
                         data_key=data_key)
    assert selectors.tags_used(vault()) == [("work", 2), ("home", 1), ("Ñandú", 1)]
    assert selectors.entries_search(world.omar, vault=None, words="meeting").entries == []
    assert selectors.tags_used(None) == []


def test_he_writes_reads_searches_changes_and_deletes_through_his_pages(world, client_for):
    _keyed(world)
    mateo = unlock_case_key(client_for("mateo"), world.mateo)
    locked = client_for("mateo")
    assert locked.get(reverse("inventory:entries"))["Location"].startswith(reverse("keys:key"))
    assert mateo.get(reverse("inventory:entries")).status_code == 200
    page = mateo.get(reverse("inventory:entry_new"))  # no prompt asked for: every prompt is offered
    assert page.status_code == 200 and b"Where is patriarchy alive in me?" in page.content
    guided = mateo.get(reverse("inventory:entry_new") + "?prompt=one-harm")
    assert b"Who it affected, and how." in guided.content
    empty = mateo.post(reverse("inventory:entry_new"), {"prompt": "one-harm", "title": "Kept title", "text": ""})
    assert empty.status_code == 400 and b"Kept title" in empty.content and not Entry.objects.exists()
    saved = mateo.post(reverse("inventory:entry_new"), {"prompt": "one-harm", "title": "The party",
                                                        "text": f"{CANARY} I kept asking.", "tags": "friends"})
    entry = Entry.objects.get()
    assert saved["Location"] == reverse("inventory:entry", args=[entry.pk])
    shown = mateo.get(saved["Location"])
    assert CANARY.encode() in shown.content and b"Take one harm from your list" in shown.content
    found = mateo.post(reverse("inventory:entries"), {"q": "asking"})
    assert found.status_code == 200 and b"The party" in found.content and b"1 entry found" in found.content
    assert b"The party" not in mateo.post(reverse("inventory:entries"), {"q": "nothing-like-it"}).content
    changed = mateo.post(reverse("inventory:entry_edit", args=[entry.pk]),
                         {"title": "The party", "text": "I kept asking after she said no.", "tags": "friends, no"})
    assert changed.status_code == 302
    assert b"The party" in mateo.post(reverse("inventory:entries"), {"tag": "no"}).content
    assert b"after she said no" in mateo.get(reverse("inventory:entry", args=[entry.pk])).content
    # Nobody else reaches it, not even someone who has a key of his own unlocked.
    hana = client_for("hana", case_key=True)
    assert hana.get(reverse("inventory:entry", args=[entry.pk])).status_code == 404
    assert hana.post(reverse("inventory:entry_delete", args=[entry.pk]), {"confirm": "on"}).status_code == 404
    unsure = mateo.post(reverse("inventory:entry_delete", args=[entry.pk]), {})
    assert unsure.status_code == 400 and Entry.objects.filter(pk=entry.pk).exists()
    gone = mateo.post(reverse("inventory:entry_delete", args=[entry.pk]), {"confirm": "on"})
    assert gone["Location"] == reverse("inventory:entries") and not Entry.objects.exists()
    actions = list(AuditEntry.objects.filter(actor_id=world.mateo.pk, action__startswith="inventory.")
                   .values_list("action", flat=True))
    assert actions == ["inventory.vault_made", "inventory.entry_written", "inventory.entry_changed",
                       "inventory.entry_deleted"]


def test_his_list_writes_out_each_entry_escaped_dated_in_his_language_and_keeps_a_search_as_typed(
        world, client_for, clock):
    private_key = _keyed(world)
    entries.entry_write(owner=world.mateo, private_key=private_key, prompt="one-harm", title="<b>At the party</b>",
                        text="What I did.", tags="<i>friends</i>, home")
    entries.entry_write(owner=world.mateo, private_key=private_key, prompt="", title="",
                        text="one two three four five six seven eight nine ten eleven twelve", tags="")
    mateo = unlock_case_key(client_for("mateo"), world.mateo)
    page = mateo.get(reverse("inventory:entries")).content.decode()
    assert "&lt;b&gt;At the party&lt;/b&gt;" in page and "<b>At the party" not in page
    assert '<span class="tag">&lt;i&gt;friends&lt;/i&gt;</span> <span class="tag">home</span>' in page
    assert "one two three four five six seven eight nine ten …" in page and "eleven" not in page  # untitled
    assert "15 June 2026 · One harm, told honestly" in page
    spanish = mateo.get(reverse("inventory:entries"), HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "15 de junio de 2026" in spanish and "15 June 2026" not in spanish
    too_long = mateo.post(reverse("inventory:entries"), {"q": "x" * 201, "tag": "home"}).content.decode()
    assert f'value="{"x" * 201}"' in too_long and 'aria-invalid="true" aria-describedby="id_q_error"' in too_long
    assert 'id="id_q_error"' in too_long and 'name="tag" value="home"' in too_long


def test_a_new_key_pair_is_warned_about_first_and_leaves_nothing_unreadable_behind(world, client_for):
    private_key = _keyed(world)
    entries.entry_write(owner=world.mateo, private_key=private_key, prompt="", title="", text="one", tags="")
    page = client_for("mateo").get(reverse("keys:key")).content.decode()
    assert "Only your current key opens your own inventory and your amends plans." in page
    assert "Your inventory: 1 entry" in page
    personal_key_create(world.mateo, password=PASSWORD)  # lost both: a new key pair
    assert not Entry.objects.exists() and not Vault.objects.exists()
    made = AuditEntry.objects.filter(action="personal_key.created", actor_id=world.mateo.pk).latest("pk")
    assert made.details["inventory_entries_lost"] == 1


@pytest.mark.django_db(transaction=True)
def test_his_words_never_reach_the_database_in_the_clear(world):
    _keyed(world)
    mateo = unlock_case_key(sign_in(Client(), world.mateo), world.mateo)
    mateo.post(reverse("inventory:entry_new"), {"prompt": "the-pattern", "title": f"{CANARY}-title",
                                                "text": f"{CANARY}-text", "tags": f"{CANARY}-tag"})
    entry = Entry.objects.get()
    assert f"{CANARY}-text".encode() in mateo.get(reverse("inventory:entry", args=[entry.pk])).content
    dump = _raw_database()
    assert str(world.mateo.email).encode() in dump  # the copy holds his account: a leak would show
    for word in (f"{CANARY}-title", f"{CANARY}-text", f"{CANARY}-tag", "the-pattern"):
        for form in _forms(word):
            assert form not in dump, f"{word} found in the database copy"


def test_the_server_alone_opens_nothing(world):
    """The management shell has the database and the settings, but not his password or his recovery code."""
    private_key = _keyed(world)
    entries.entry_write(owner=world.mateo, private_key=private_key, prompt="", title="", text=CANARY, tags="")
    vault = Vault.objects.get(owner=world.mateo)
    with pytest.raises(Refusal):
        vault_open(world.mateo, private_key=keypair_new())  # any key the server could make
    assert bytes(vault.sealed_key) != vault_open(world.mateo, private_key=private_key)


def test_the_list_opens_one_page_at_a_time_with_the_same_queries_for_few_or_many(world, client_for):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    private_key = _keyed(world)
    mateo = unlock_case_key(client_for("mateo"), world.mateo)

    def write(count: int) -> None:
        for number in range(count):
            entries.entry_write(owner=world.mateo, private_key=private_key, prompt="", title=f"Entry {number}",
                                text="A line.", tags="work")

    def queries(url: str) -> int:
        mateo.get(url)  # the first request of a session reads more (the session itself)
        with CaptureQueriesContext(connection) as captured:
            assert mateo.get(url).status_code == 200
        return len(captured.captured_queries)

    per_page = selectors.ENTRIES_PER_PAGE
    write(3)
    few = queries(reverse("inventory:entries"))
    write(per_page + 2)
    total = per_page + 5
    assert queries(reverse("inventory:entries")) == few == 4  # his session, himself, his vault, one page
    first = mateo.get(reverse("inventory:entries")).content.decode()
    assert first.count('class="circle-card"') == per_page and "Older entries" in first
    second = mateo.get(reverse("inventory:entries") + "?page=2").content.decode()
    assert second.count('class="circle-card"') == 5 and "Newer entries" in second and "Older entries" not in second
    assert f"work ({total})" in first  # the tags are counted in his vault, not by opening every entry
    searched = mateo.post(reverse("inventory:entries"), {"tag": "work", "page": "2"}).content.decode()
    assert f"{total} entries found" in searched and searched.count('class="circle-card"') == 5
    assert 'name="page" value="1"' in searched and 'name="tag" value="work"' in searched
    assert mateo.get(reverse("inventory:entries") + "?page=abc").status_code == 200
    beyond = mateo.get(reverse("inventory:entries") + "?page=3").content.decode()  # past his last entry
    assert "No more entries." in beyond and "Find an entry" in beyond and "Nothing written yet" not in beyond


def test_an_older_key_still_unlocked_in_another_browser_neither_opens_nor_seals(world, client_for):
    _keyed(world)
    old_browser = unlock_case_key(client_for("mateo"), world.mateo)
    personal_key_create(world.mateo, password=PASSWORD)  # a new key pair, made elsewhere
    sent = old_browser.post(reverse("inventory:entry_new"), {"prompt": "", "title": "", "text": "A line."})
    assert sent.status_code == 302 and sent["Location"].startswith(reverse("keys:key"))
    assert not Vault.objects.exists() and not Entry.objects.exists()  # nothing sealed to the old key
    assert sent.cookies["hs_personal_key"].value == ""  # the older key is locked in that browser


def test_what_he_wrote_comes_back_when_his_key_was_locked_meanwhile(world, client_for):
    _keyed(world)
    mateo = client_for("mateo")  # signed in, key not unlocked (locked in another tab, or timed out)
    sent = mateo.post(reverse("inventory:entry_new"), {"prompt": "one-harm", "title": "Kept",
                                                       "text": "Words I must not lose.", "tags": "work"})
    assert sent.status_code == 403 and not Entry.objects.exists()
    page = sent.content.decode()
    assert "Words I must not lose." in page and "Kept" in page and "Unlock it in another tab" in page
    assert "Who it affected, and how." in page  # the prompt he answered stays with it


def test_an_entry_stays_his_to_change_when_its_prompt_leaves_the_list(world, monkeypatch):
    private_key = _keyed(world)
    entry = entries.entry_write(owner=world.mateo, private_key=private_key, prompt="one-harm", title="",
                                text="First words.", tags="")
    data_key = vault_open(world.mateo, private_key=private_key)
    content = prompts._content()
    monkeypatch.setitem(content, "prompts", [p for p in content["prompts"] if p["key"] != "one-harm"])
    monkeypatch.setattr(prompts, "_prompts", functools.lru_cache(maxsize=None)(prompts._prompts.__wrapped__))
    assert prompts.prompt("one-harm") is None
    entries.entry_update(entry, owner=world.mateo, data_key=data_key, title="", text="Second words.", tags="")
    opened = entries.entry_unbox(Entry.objects.get(pk=entry.pk), data_key=data_key)
    assert (opened.prompt, opened.text) == ("one-harm", "Second words.")


def test_an_entry_starts_a_story_draft_only_after_the_warning_and_stays_locked(world):
    from holdspace.stories.models import Story

    private_key = _keyed(world)
    entry = entries.entry_write(owner=world.mateo, private_key=private_key, prompt="", title="The group chat",
                                text="I laughed along when they rated women.", tags="")
    client = unlock_case_key(sign_in(Client(), world.mateo), world.mateo)
    url = reverse("inventory:entry_to_story", args=[entry.pk])
    page = client.get(url).content.decode()
    assert "take out anything that could identify someone else" in page
    refused = client.post(url, {})
    assert refused.status_code == 400 and "Tick the box first" in refused.content.decode()
    assert not Story.objects.exists()
    made = client.post(url, {"understood": "on"})
    story = Story.objects.get()
    assert made["Location"] == reverse("stories:yours", args=[story.public_id])
    assert (story.author, story.status, story.title, story.what_i_did) == (
        world.mateo, Story.Status.DRAFT, "The group chat", "I laughed along when they rated women.")
    assert Entry.objects.filter(pk=entry.pk).exists()  # his entry stays, locked
    assert AuditEntry.objects.filter(action="inventory.entry_to_story").get().details == {}
    # Someone else's entry is not his to share, whatever he posts.
    harry = unlock_case_key(sign_in(Client(), world.harry), world.harry)
    assert harry.post(url, {"understood": "on"}).status_code == 404
    long_entry = entries.entry_write(owner=world.mateo, private_key=private_key, prompt="", title="",
                                     text="x" * 6001, tags="")
    too_long = client.post(reverse("inventory:entry_to_story", args=[long_entry.pk]), {"understood": "on"})
    assert too_long.status_code == 400 and "holds up to 6000 characters" in too_long.content.decode()
