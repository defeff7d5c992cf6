"""Matching names without regard to case or accents, alike on SQLite and PostgreSQL.

Folding happens in Python only, on the query and on the names it is compared with (the finder reads each
organisation's name and city, and filters them here), so both databases find the same rows: "bogota" finds
"Bogotá", "lodz" finds "Łódź", "brasov" finds "Brașov", "zurich" finds "Zürich".
"""
import unicodedata

# Letters that carry their mark in their own shape, so decomposing them leaves them as they are; after casefold,
# so capitals are already lower case (and "ß" already "ss").
_SPECIAL = str.maketrans({
    "ł": "l", "ø": "o", "đ": "d", "ð": "d", "ħ": "h", "ı": "i", "ŧ": "t", "ŀ": "l",
    "æ": "ae", "œ": "oe", "þ": "th", "ß": "ss",
})


def fold(text: str) -> str:
    """Lower case without accents: compatibility-decomposed, case-folded, combining marks dropped, and the few
    letters that do not decompose mapped to their plain letters."""
    decomposed = unicodedata.normalize("NFKD", (text or "").casefold())
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return plain.translate(_SPECIAL)
