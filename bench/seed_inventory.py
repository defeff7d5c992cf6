"""Run inside Holdspace's settings: the demo member's own inventory, grown to N entries.

The member gets his personal key if he has none (his demo password opens it), and entries are
written through the inventory's own service, each locked with his data key and audited, so the
pages open exactly what a man who has written for years would have. Every word is invented; one
entry in fifty mentions "apology", the word the search scenario looks for.

    python bench/seed_inventory.py 5000
"""
import sys
from datetime import timedelta

import django

django.setup()

from django.utils import timezone  # noqa: E402

from holdspace.accounts.models import User  # noqa: E402
from holdspace.inventory.entries import entry_write  # noqa: E402
from holdspace.inventory.models import Entry  # noqa: E402
from holdspace.keys.selectors import personal_key_exists  # noqa: E402
from holdspace.keys.services import personal_key_create, personal_key_unlock  # noqa: E402
from holdspace.site.demo import DEMO_PASSWORD  # noqa: E402

MEMBER = "member@demo.holdspace.invalid"
SEARCHED = "apology"
PROMPTS = ["", "one-harm", "where-patriarchy-lives", "what-i-meant-what-it-did", "changed-behaviour"]
TAGS = ["work", "home", "friends", "my father", "anger", "repair", "habits"]
SENTENCES = [
    "I spoke over a colleague in the planning meeting and took the idea as mine.",
    "At dinner I made a joke about my sister's job and everyone laughed but her.",
    "I noticed I wanted to explain myself instead of listening to what she said.",
    "I kept pushing to stay out late after my partner said she was tired.",
    "This week I let others finish before I spoke, twice, and it was not easy.",
]


def main() -> None:
    wanted = int(sys.argv[1])
    member = User.objects.get(email=MEMBER)
    if not personal_key_exists(member):
        personal_key_create(member, password=DEMO_PASSWORD)
    private_key = personal_key_unlock(member, password=DEMO_PASSWORD)
    have = Entry.objects.filter(owner=member).count()
    start = timezone.now() - timedelta(days=wanted)
    for number in range(have, wanted):
        text = " ".join(SENTENCES[(number + shift) % len(SENTENCES)] for shift in range(3))
        if number % 50 == 7:
            text += f" I wrote an {SEARCHED} without a but, and did not send it yet."
        entry_write(owner=member, private_key=private_key, prompt=PROMPTS[number % len(PROMPTS)],
                    title=f"Entry {number + 1}", text=text,
                    tags=", ".join(TAGS[(number + shift) % len(TAGS)] for shift in range(2)),
                    now=start + timedelta(days=number))
    print(Entry.objects.filter(owner=member).count())


if __name__ == "__main__":
    main()
