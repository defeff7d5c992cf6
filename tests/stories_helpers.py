"""Stories for tests: written through the services, as a man would write them."""
from holdspace.stories import moderation, writing

PARTS = {
    "title": "The jokes I made at work",
    "what_i_did": "For two years I made comments about a younger colleague's body in front of the team, "
                  "and I laughed when she asked me to stop.",
    "what_i_understand": "She dreaded the mornings. She changed how she dressed and stopped speaking in meetings. "
                         "My laughter told everyone it was safe to join in.",
    "what_i_changed": "I apologised to her without conditions, told my manager what I had done, and now I speak up "
                      "when another man starts the same thing.",
}


def story_fields(**changes) -> dict:
    return {**PARTS, "themes": ["work", "humour"], "language": "en", "pseudonym": "Learning late", **changes}


def waiting_story(author=None, **changes):
    story, secret = writing.story_create(author=author, fields=story_fields(**changes), submit=True)
    return story, secret


def published_story(world, author=None, **changes):
    story, secret = waiting_story(author=author, **changes)
    story = moderation.decide(story=story, moderator=world.moses, outcome="approved")
    return story, secret
