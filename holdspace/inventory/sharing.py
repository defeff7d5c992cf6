"""A piece of his inventory moved, by his own choice, into a story draft.

Stories are written to be read by other men, so the stories layer keeps their words as written (its
search reads them). Moving an entry there is therefore a step he takes knowingly, after a warning to
take out anything that could identify someone else; it makes a draft only he sees, and nothing is
published until he sends it and a moderator approves it. The entry stays in his inventory, locked.
"""
from django.db import transaction

from holdspace.accounts.models import User
from holdspace.audit.services import audit_record
from holdspace.inventory.entries import entry_unbox
from holdspace.inventory.models import Entry
from holdspace.stories.models import PART_MAX, TITLE_MAX, Story
from holdspace.stories.writing import story_create
from holdspace.web.refusals import Refusal


def entry_to_story(entry: Entry, *, owner: User, data_key: bytes, language: str) -> Story:
    """A story draft of his, its first part ("what I did") holding the entry's words, its title the entry's."""
    if entry.owner_id != owner.pk:
        raise Refusal("not_your_entry")
    opened = entry_unbox(entry, data_key=data_key)
    if len(opened.text) > PART_MAX:
        raise Refusal("too_long_for_story", longest=PART_MAX)
    with transaction.atomic():
        story, _secret = story_create(author=owner, fields={
            "title": opened.title[:TITLE_MAX], "what_i_did": opened.text, "what_i_understand": "",
            "what_i_changed": "", "language": language, "themes": []})
        audit_record(action="inventory.entry_to_story", actor_id=owner.pk, target=story)
    return story
