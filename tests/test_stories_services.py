"""Stories through their services: writing, moderation, take-down, "this helped me",
search, and the pre-checks measured on the labelled sentences."""
import re
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.core import mail

from holdspace.accounts.models import ThrottleBucket
from holdspace.audit.models import AuditEntry
from holdspace.stories import moderation, prechecks, reading, search, writing
from holdspace.stories.models import Story, StoryTheme, TakedownRequest
from holdspace.stories.refusals import REFUSALS
from holdspace.web.refusals import Refusal
from tests.stories_helpers import published_story, story_fields, waiting_story

DATA = Path(__file__).parent / "data"


@contextmanager
def _refused(code: str):
    """The block is refused, for this reason."""
    with pytest.raises(Refusal) as refused:
        yield refused
    assert refused.value.code == code


def _score(path: Path) -> dict[str, tuple[float, float]]:
    import sys

    sys.path.insert(0, str(Path(__file__).parent.parent / "bench"))
    from prechecks import read_set, score

    return {kind: (entry.precision, entry.recall) for kind, entry in score(read_set(path)).items()}


def test_the_labelled_set_is_large_enough_and_well_formed():
    lines = [line for name in ("story_prechecks.tsv", "story_prechecks_holdout.tsv")
             for line in (DATA / name).read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")]
    assert len(lines) >= 200
    for line in lines:
        language, labels, sentence = line.split("\t")
        assert language in {"en", "es"} and sentence.strip()
        assert labels == "-" or set(labels.split(",")) <= set(prechecks.KIND_OF)


def test_prechecks_precision_and_recall_on_the_labelled_sentences():
    """Floors under the figures reported in bench/README.md, so a change that makes them worse fails here."""
    for tuned_on in ("story_prechecks.tsv", "story_prechecks_more.tsv"):
        tuned = _score(DATA / tuned_on)
        assert tuned["identifying"][0] >= 0.95 and tuned["identifying"][1] >= 0.95, tuned_on
        assert tuned["minimising"][0] >= 0.95 and tuned["minimising"][1] >= 0.95, tuned_on
    # The held-out sentences were written apart and never used to tune the lexicon.
    held_out = _score(DATA / "story_prechecks_holdout.tsv")
    assert held_out["identifying"][0] >= 0.95 and held_out["identifying"][1] >= 0.9
    assert held_out["minimising"][0] >= 0.9 and held_out["minimising"][1] >= 0.45


@pytest.mark.parametrize("language,text,expected", [
    ("en", "I told Laura Price at Brightline Logistics that she owed me.", {"name", "employer"}),
    ("en", "Write to me at someone@example.org or call +44 7700 900123.", {"contact"}),
    ("en", "It happened on 14 March 2019 outside a bar in Leeds.", {"date", "place"}),
    ("es", "Fue el 3 de mayo de 2019 en la calle Mayor 14, en Zaragoza.", {"date", "place"}),
    ("es", "Ella me escribía a @lau_rm cada noche.", {"handle"}),
    ("en", "She was asking for it, and it was just a joke anyway.", {"victim_blaming", "joking"}),
    ("es", "Perdón si se sintió incómoda; todos lo hacen.", {"conditional_apology", "everyone_does_it"}),
    # Naming an excuse in order to let it go is the work itself, not an excuse.
    ("en", "I used to tell myself she was asking for it; that was a lie.", set()),
    ("es", "Ya no digo que todos lo hacen.", set()),
    ("en", "My first draft said \"sorry if she felt uncomfortable\", which is no apology.", set()),
    # Capitalised words that are not people: a pronoun in Spanish, a month, an app, a year alone.
    ("es", "Ella tenía razón y yo no la escuché.", set()),
    ("en", "In March 2015 I deleted WhatsApp and every Monday I go to my group.", set()),
])
def test_prechecks_find_what_they_should_and_leave_the_rest(language, text, expected):
    assert {category for category, _ in prechecks.check_text(text, language=language)} == expected


def test_every_flag_carries_its_part_excerpt_and_reason():
    flags = prechecks.check_story({"title": "Sorry if she felt hurt", "what_i_did": "I yelled at Marta."},
                                  language="en")
    assert [(f.part, f.category, f.excerpt) for f in flags] == [
        ("title", "conditional_apology", "Sorry if"), ("what_i_did", "name", "Marta")]
    assert all(str(f.reason) and str(f.label) and f.kind in {"identifying", "minimising"} for f in flags)


@pytest.mark.django_db
def test_a_writer_without_an_account_gets_a_link_kept_only_as_a_hash(world):
    story, secret = writing.story_create(author=None, fields=story_fields(pseudonym="Ignored"))
    assert story.status == Story.Status.DRAFT and story.pseudonym == ""  # without an account, anonymous
    assert len(secret) >= 32 and secret not in story.link_hash
    assert writing.story_by_link(secret) == story
    assert writing.story_by_link(secret[:-1] + ("A" if secret[-1] != "A" else "B")) is None
    assert not Story.objects.filter(link_hash__contains=secret).exists()


@pytest.mark.django_db
def test_sending_taking_back_and_the_limits_on_changes(world):
    story, _ = writing.story_create(author=world.mateo, fields=story_fields())
    assert writing.story_by_link("anything") is None and story.link_hash is None
    story = writing.story_update(story=story, fields={"title": "A better title"}, submit=True)
    assert story.status == Story.Status.WAITING and story.submitted_at is not None
    with _refused("not_editable"):
        writing.story_update(story=story, fields={"title": "Changed while waiting"})
    story = writing.story_take_back(story=story)
    assert story.status == Story.Status.DRAFT and story.editable


@pytest.mark.django_db
def test_approval_publishes_indexes_and_tells_the_writer(world, django_capture_on_commit_callbacks):
    story, _ = waiting_story(author=world.mateo)
    assert reading.story_public(story.public_id) is None  # nothing is published before a moderator decides
    with django_capture_on_commit_callbacks(execute=True):
        story = moderation.decide(story=story, moderator=world.moses, outcome="approved")
    assert story.status == Story.Status.PUBLISHED and story.published_at is not None
    assert search.matching_ids("colleague") == [story.pk]
    assert set(StoryTheme.objects.filter(story=story).values_list("theme", flat=True)) == {"work", "humour"}
    assert [m.to for m in mail.outbox] == [[world.mateo.email]]
    assert story.what_i_did not in mail.outbox[0].body and story.public_id in mail.outbox[0].body
    entry = AuditEntry.objects.get(action="story.approved")
    assert entry.actor_id == world.moses.pk and entry.details["story"] == story.public_id
    with _refused("not_waiting"):
        moderation.decide(story=story, moderator=world.moses, outcome="rejected", note="Twice")


@pytest.mark.django_db
def test_return_and_reject_carry_the_moderators_words(world):
    story, _ = waiting_story(author=world.mateo)
    story = moderation.decide(story=story, moderator=world.moses, outcome="returned", note="Please leave out the town.")
    assert story.status == Story.Status.RETURNED and story.editable
    assert story.moderator_note == "Please leave out the town."
    story = writing.story_update(story=story, fields={"what_i_did": story.what_i_did + " It was years ago."}, submit=True)
    assert story.moderator_note == ""  # sent again, the old note is answered
    story = moderation.decide(story=story, moderator=world.moses, outcome="rejected", note="It names her workplace.")
    assert story.status == Story.Status.REJECTED and not story.editable
    assert search.matching_ids("colleague") == []


@pytest.mark.django_db
def test_a_takedown_unpublishes_at_once_and_a_moderator_reads_the_request(world, django_capture_on_commit_callbacks):
    story, _ = published_story(world, author=world.mateo)
    first_published = story.published_at
    with django_capture_on_commit_callbacks(execute=True):
        moderation.takedown(story=story, reason="recognise", words="The part about the office party is about me.")
    story.refresh_from_db()
    assert story.status == Story.Status.WAITING
    assert reading.story_public(story.public_id) is None
    assert search.matching_ids("colleague") == []
    assert not StoryTheme.objects.filter(story=story).exists()
    assert reading.feed(reading.FeedFilters()).stories == []
    assert {tuple(m.to) for m in mail.outbox} == {(world.mateo.email,), (world.moses.email,)}
    assert all("office party" not in m.body for m in mail.outbox)
    entry = AuditEntry.objects.get(action="story.taken_down")
    assert entry.actor_id is None and "office party" not in str(entry.details)
    # The writer cannot pull it out of review; the moderator must read the request before publishing again.
    with _refused("in_review"):
        writing.story_take_back(story=story)
    first = TakedownRequest.objects.get(story=story)
    with _refused("takedown_unread"):
        moderation.decide(story=story, moderator=world.moses, outcome="approved")
    # A second request arrives while the moderator reads the first: confirming the first is not enough.
    moderation.takedown(story=story, reason="unsaid")
    with _refused("takedown_unread"):
        moderation.decide(story=story, moderator=world.moses, outcome="approved", requests_read=frozenset({first.pk}))
    every = frozenset(TakedownRequest.objects.values_list("pk", flat=True))
    story = moderation.decide(story=story, moderator=world.moses, outcome="approved", requests_read=every)
    assert story.published_at == first_published  # it does not jump to the top of the feed
    for request in TakedownRequest.objects.filter(story=story):
        assert request.settled_at is not None and request.words == ""  # the words were for that reading only


@pytest.mark.django_db
def test_a_returned_story_keeps_its_takedown_request_until_it_is_read(world):
    story, _ = published_story(world, author=world.mateo)
    moderation.takedown(story=story, reason="harms", words="It describes my sister's wedding.")
    story = moderation.decide(story=story, moderator=world.moses, outcome="returned", note="Leave out the wedding.")
    request = TakedownRequest.objects.get()
    assert request.settled_at is None and request.words  # still open, with its words
    story = writing.story_update(story=story, fields={"what_i_did": story.what_i_did + " Years ago."}, submit=True)
    with _refused("takedown_unread"):
        moderation.decide(story=story, moderator=world.moses, outcome="approved")


@pytest.mark.django_db
def test_nobody_moderates_his_own_story_and_moderators_never_see_drafts(world):
    own, _ = waiting_story(author=world.moses)
    with _refused("own_story"):
        moderation.decide(story=own, moderator=world.moses, outcome="approved")
    assert moderation.story_for_review(own.public_id, moderator=world.moses) is None
    assert own not in moderation.waiting_for(world.moses, limit=10)[0]
    draft, _ = writing.story_create(author=world.mateo, fields=story_fields())
    assert moderation.story_for_review(draft.public_id, moderator=world.moses) is None


@pytest.mark.django_db
def test_a_story_withdrawn_meanwhile_is_no_error_for_moderator_or_requester(world):
    story, _ = waiting_story(author=world.mateo)
    stale = Story.objects.get(pk=story.pk)
    writing.story_withdraw(story=story)
    with _refused("not_waiting"):
        moderation.decide(story=stale, moderator=world.moses, outcome="approved")
    assert moderation.takedown(story=stale, reason="unsaid") is None  # down all the same: nothing to refuse
    assert not TakedownRequest.objects.exists()
    entry = AuditEntry.objects.get(action="story.withdrawn")
    assert entry.actor_id is None  # the log does not tie a writer to his pseudonymous story


@pytest.mark.django_db
def test_this_helped_me_counts_once_per_account_and_once_a_day_per_connection(world):
    story, _ = published_story(world)
    assert reading.helped(story=story, user=world.harry, client="c1")
    assert not reading.helped(story=story, user=world.harry, client="c2")
    assert reading.helped(story=story, user=None, client="c1")
    assert not reading.helped(story=story, user=None, client="c1")
    assert reading.helped(story=story, user=None, client="c2")
    story.refresh_from_db()
    assert story.helped_count == 3
    assert set(StoryTheme.objects.filter(story=story).values_list("helped_count", flat=True)) == {3}
    # What stops a repeat is a keyed hash that expires: no lasting row names the reader or the story.
    buckets = list(ThrottleBucket.objects.all())
    assert buckets and all(re.fullmatch("[0-9a-f]{64}", b.key) and b.expires_at is not None for b in buckets)


@pytest.mark.django_db
def test_feed_filters_orders_and_pages(world):
    stories = [published_story(world, title=f"Story {n}", language="es" if n % 2 else "en",
                               themes=["alcohol"] if n % 3 == 0 else ["work"])[0] for n in range(25)]
    newest = reading.feed(reading.FeedFilters())
    assert [s.title for s in newest.stories[:2]] == ["Story 24", "Story 23"]
    older = reading.feed(reading.FeedFilters(), cursor=newest.next_cursor)
    assert [s.title for s in older.stories] == [f"Story {n}" for n in range(4, -1, -1)] and older.next_cursor == ""
    # The story a page ended on is taken down: the next page still comes, from the same place.
    moderation.takedown(story=newest.stories[-1], reason="unsaid")
    assert [s.title for s in reading.feed(reading.FeedFilters(), cursor=newest.next_cursor).stories] == \
        [f"Story {n}" for n in range(4, -1, -1)]
    assert reading.feed(reading.FeedFilters(), cursor="garbage").stories == newest.stories[:-1] + [stories[4]]
    spanish = reading.feed(reading.FeedFilters(language="es"))
    assert {s.language for s in spanish.stories} == {"es"} and len(spanish.stories) == 11  # 12, less Story 5
    alcohol = reading.feed(reading.FeedFilters(theme="alcohol", language="en"))
    assert [s.title for s in alcohol.stories] == ["Story 24", "Story 18", "Story 12", "Story 6", "Story 0"]
    Story.objects.filter(pk=stories[3].pk).update(helped_count=9)
    helpful = reading.feed(reading.FeedFilters(order=reading.HELPFUL))
    assert helpful.stories[0].title == "Story 3" and helpful.next_page == 2


@pytest.mark.django_db
def test_search_folds_accents_and_case_and_filters_by_language(world):
    spanish, _ = published_story(world, language="es", title="La decisión que no respeté",
                                 what_i_did="Decidí por ella sin preguntarle nada, durante años, en casa y fuera.")
    english, _ = published_story(world)
    assert search.matching_ids("DECISION") == [spanish.pk]
    assert search.matching_ids("decisió") == [spanish.pk]  # the last word counts as a prefix
    assert search.matching_ids("colleague", language="es") == []
    assert search.matching_ids("colleague", language="en") == [english.pk]
    assert search.matching_ids("\"' OR 1=1 -- ) NEAR(") == []  # operators are words, never syntax
    assert search.matching_ids("   ") == []


def test_every_refusal_of_the_stories_services_has_words():
    source = "".join(path.read_text() for path in Path(writing.__file__).parent.glob("*.py"))
    codes = set(re.findall(r'Refusal\(\s*"(\w+)"', source))
    assert codes and codes <= set(REFUSALS)
