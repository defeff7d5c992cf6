"""Full-text search over published stories: SQLite's FTS5 on SQLite, PostgreSQL's
own full-text search on PostgreSQL.

The index holds only published stories, one row per story keyed by its id,
and answers newest first, so a search reads its first page from the index
without ranking every match: the cost of a search stays close to flat as
stories grow. The tables are made by migration 0001. Accents and case are folded in Python before text goes in and
before a query is built, so both databases find "decisión" from "decision".
"""
import re
import unicodedata

from django.db import connection

from holdspace.stories.models import Story

TABLE = "stories_search"
MAX_TERMS = 8
TERM = re.compile(r"\w+", re.UNICODE)


def fold(text: str) -> str:
    """Lower case without accents."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def terms(query: str) -> list[str]:
    return TERM.findall(fold(query))[:MAX_TERMS]


def document(story: Story) -> str:
    return fold(" ".join([story.title, story.what_i_did, story.what_i_understand, story.what_i_changed,
                          story.pseudonym]))


def index(story: Story) -> None:
    """Put a published story in the index, replacing what it said before."""
    remove(story.pk)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                f"INSERT INTO {TABLE} (story_id, language, document) VALUES (%s, %s, to_tsvector('simple', %s))",
                [story.pk, story.language, document(story)],
            )
        else:
            cursor.execute(f"INSERT INTO {TABLE} (rowid, document, language) VALUES (%s, %s, %s)",
                           [story.pk, document(story), story.language])


def remove(story_id: int) -> None:
    with connection.cursor() as cursor:
        key = "story_id" if connection.vendor == "postgresql" else "rowid"
        cursor.execute(f"DELETE FROM {TABLE} WHERE {key} = %s", [story_id])


def clear() -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {TABLE}")


def matching_ids(query: str, *, language: str = "", before: int | None = None, limit: int = 20) -> list[int]:
    """Ids of published stories matching every word of `query` (the last one as a prefix), newest first."""
    words = terms(query)
    if not words:
        return []
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            tsquery = " & ".join(f"'{word}'" for word in words[:-1]) + (" & " if len(words) > 1 else "")
            tsquery += f"'{words[-1]}':*"
            sql = f"SELECT story_id FROM {TABLE} WHERE document @@ to_tsquery('simple', %s)"
            params: list = [tsquery]
            if language:
                sql += " AND language = %s"
                params.append(language)
            if before is not None:
                sql += " AND story_id < %s"
                params.append(before)
            cursor.execute(sql + " ORDER BY story_id DESC LIMIT %s", [*params, limit])
        else:
            phrases = [f'document : "{word}"' for word in words[:-1]] + [f'document : "{words[-1]}"*']
            if language:
                phrases.append(f'language : "{language}"')
            sql = f"SELECT rowid FROM {TABLE} WHERE {TABLE} MATCH %s"
            params = [" AND ".join(phrases)]
            if before is not None:
                sql += " AND rowid < %s"
                params.append(before)
            cursor.execute(sql + " ORDER BY rowid DESC LIMIT %s", [*params, limit])
        return [row[0] for row in cursor.fetchall()]
