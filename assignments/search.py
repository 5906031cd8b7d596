"""Free-text search of assignments: one entry point, the same rules on every database.

What a person types is split into words once (assignments.textnorm.query_words: Unicode NFC,
lower case, accents folded except å ä ö, stop words out, at most 8 words of 40 characters),
and each database finds them in the search document it keeps up to date itself:
- PostgreSQL (assignments.search_pg): the `search_vector` column, Swedish dictionary and stemmer,
  pg_trgm for "Menade du …?";
- SQLite, the embedded default (assignments.search_sqlite): the FTS5 table `assignments_search`
  with the trigram tokenizer, difflib for "Menade du …?".

The list (/uppdrag/) and saved searches (notifications.matching) both call `search()`, so a
saved search finds exactly what the list shows for the same words.
"""

from types import ModuleType

from django.db import connections
from django.db.models import QuerySet

from assignments import textnorm
from assignments.models import Assignment

# Fewer hits than this and the page offers "Menade du …?" (when a better-known word exists).
FEW_HITS = 3


def words(text: str) -> textnorm.QueryWords:
    """The words of a free-text search (textnorm.query_words). Input: any str, None counts as "".
    Output: a QueryWords (words, stop words left out, whether control characters were removed);
    raises nothing."""
    return textnorm.query_words(text or "")


def _backend(alias: str) -> ModuleType:
    # Imported on use: each module is only ever needed on its own database.
    if connections[alias].vendor == "postgresql":
        from assignments import search_pg

        return search_pg
    from assignments import search_sqlite

    return search_sqlite


def search(queryset: QuerySet[Assignment], text: str) -> QuerySet[Assignment]:
    """The assignments of `queryset` that the free text `text` finds, best first by `rank`.

    Input: a queryset of assignments and what the person typed (any length, any characters).
    Output: the queryset narrowed to assignments holding every word, annotated `rank` (a float,
    higher is a better match: title and skills above places, places above the description).
    A text with no words to search (empty, or only stop words such as "och") returns `queryset`
    unchanged and without `rank`: nothing to narrow by. Raises nothing for any input text.
    """
    found = words(text).words
    if not found:
        return queryset
    return _backend(queryset.db).search(queryset, found)


def did_you_mean(text: str, *, using: str = "default") -> str | None:
    """A better search than `text` when its words find little, or None.

    Input: what the person typed; `using` is the database alias. Output: the whole search
    (its normalised words, stop words left out) with each misspelt or rare word replaced by a
    similar word that finds more open assignments, e.g. "snöskotning utegymt" →
    "snöskottning utegymet"; None when no word has a better-known neighbour.
    Raises nothing for any input text.
    """
    found = words(text).words
    if not found:
        return None
    better = _backend(using).suggest(found)
    if not better:
        return None
    return " ".join(better.get(word, word) for word in found)
