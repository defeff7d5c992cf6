"""Run inside Holdspace's settings: published stories up to a total, with their themes and search entries.

    python bench/seed_stories.py 1000000

Stories are made of words drawn with Zipf-like frequencies from a small
vocabulary, so a search meets common and rare words as it would in real text.
Rows go in with one multi-row INSERT per thousand stories, and the search
index is filled by the database from the stories, in batches, as publishing
one story at a time would leave it.
"""
import random
import sys
from datetime import timedelta

import django

django.setup()

from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from holdspace.stories.models import PUBLIC_ID_ALPHABET, PUBLIC_ID_LENGTH, Story, Theme  # noqa: E402

BATCH = 1000
VOCABULARY = (
    "i she her he we they me my work friend partner wife colleague team night party drink joke message phone "
    "home office trust fear silence listen apology change group circle anger control power respect boundary "
    "consent pressure money family brother father sister years later learned understand impact hurt harm "
    "honest shame guilt accountable repair amends promise therapy counsellor meeting mornings weekend club "
    "kitchen football coach school teacher neighbour jealous phone password followed shouted laughed ignored "
    "interrupted touched pushed stared commented believed doubted excused minimised changed stopped started "
    "asked waited wrote called spoke stayed left returned slowly every today still always never sometimes "
    "voice body space room door car street train bus road letter email photo screen chat account story men"
).split()
# Rare words: each appears in about one story in ten thousand.
RARE = [f"rare{n}" for n in range(2000)]
QUERIES = {"common": "trust", "two_words": "apology listen", "rare": "rare1234", "prefix": "accounta"}


def words(rng: random.Random, count: int) -> str:
    picked = [VOCABULARY[min(int(rng.paretovariate(1.1)) - 1, len(VOCABULARY) - 1)] for _ in range(count)]
    if rng.random() < 0.2:
        picked[rng.randrange(count)] = rng.choice(RARE)
    return " ".join(picked)


def main(total: int) -> None:
    rng = random.Random(total)
    have = Story.objects.count()
    themes = list(Theme.values)
    now = timezone.now()
    columns = ("public_id", "pseudonym", "language", "title", "what_i_did", "what_i_understand", "what_i_changed",
               "themes", "status", "moderator_note", "helped_count", "flag_count", "created_at", "updated_at", "submitted_at",
               "published_at")
    table = Story._meta.db_table
    for start in range(have, total, BATCH):
        rows, theme_rows = [], []
        for number in range(start, min(start + BATCH, total)):
            published = now - timedelta(seconds=(total - number) * 30)
            picked = rng.sample(themes, rng.randint(1, 3))
            public_id = "".join(rng.choice(PUBLIC_ID_ALPHABET) for _ in range(PUBLIC_ID_LENGTH))
            language = "es" if number % 3 == 0 else "en"
            helped = int(rng.paretovariate(1.5)) - 1
            rows.append((public_id, f"Writer {number % 5000}" if number % 4 else "", language,
                         f"Story {number}: {words(rng, 5)}", words(rng, 30), words(rng, 30), words(rng, 30),
                         "[" + ", ".join(f'"{t}"' for t in picked) + "]", "published", "",
                         helped, 0, published, published, published, published))
            theme_rows.append((public_id, picked, language, published, helped))
        with transaction.atomic(), connection.cursor() as cursor:
            marks = "(" + ", ".join(["%s"] * len(columns)) + ")"
            cursor.execute(f"INSERT INTO {table} ({', '.join(columns)}) VALUES " + ", ".join([marks] * len(rows)),
                           [value for row in rows for value in row])
            ids = dict(Story.objects.filter(public_id__in=[r[0] for r in theme_rows]).values_list("public_id", "id"))
            cursor.execute(
                "INSERT INTO stories_storytheme (story_id, theme, language, published_at, helped_count) VALUES "
                + ", ".join(["(%s, %s, %s, %s, %s)"] * sum(len(r[1]) for r in theme_rows)),
                [value for public_id, picked, language, published, helped in theme_rows for theme in picked
                 for value in (ids[public_id], theme, language, published, helped)],
            )
            low, high = min(ids.values()), max(ids.values())
            text = "title || ' ' || what_i_did || ' ' || what_i_understand || ' ' || what_i_changed || ' ' || pseudonym"
            if connection.vendor == "postgresql":
                cursor.execute(f"INSERT INTO stories_search (story_id, language, document) SELECT id, language, "
                               f"to_tsvector('simple', {text}) FROM {table} WHERE id BETWEEN %s AND %s", [low, high])
            else:
                cursor.execute(f"INSERT INTO stories_search (rowid, document, language) SELECT id, lower({text}), "
                               f"language FROM {table} WHERE id BETWEEN %s AND %s", [low, high])
        if (start // BATCH) % 100 == 0:
            print(f"{start + len(rows)} stories", file=sys.stderr, flush=True)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("VACUUM ANALYZE") if connection.get_autocommit() else cursor.execute("ANALYZE")
        else:
            cursor.execute("ANALYZE")
            cursor.execute("INSERT INTO stories_search(stories_search) VALUES ('optimize')")
    print(f"{total} stories")


if __name__ == "__main__":
    main(int(sys.argv[1]))
