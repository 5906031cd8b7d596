"""System checks of the search set-up (`manage.py check --database default` runs them)."""

from django.core.checks import Tags, Warning, register
from django.db import connections
from django.db.utils import DatabaseError


@register(Tags.database)
def search_dictionary(app_configs=None, databases=None, **kwargs) -> list[Warning]:
    """Warn when PostgreSQL searches without the Swedish compound dictionary.

    Input: the databases `check` was asked to look at (database checks run only with
    `--database`). Output: one Warning (assignments.W001) per PostgreSQL database whose text
    search configuration `uppdrag_sv` is the fallback copy of `swedish`; nothing when the
    dictionary is in use, when migrations have not made the configuration yet, or when the
    database cannot be reached (other checks report that).
    """
    from assignments import search_pg

    found = []
    for alias in databases or ():
        if connections[alias].vendor != "postgresql":
            continue
        try:
            in_use = search_pg.dictionary_in_use(alias)
        except DatabaseError:
            continue
        if in_use is False:
            found.append(
                Warning(
                    "Swedish compound dictionary missing: run scripts/search_dictionary.sh and manage.py search_setup.",
                    hint=(
                        'Search works without it but does not split compound words ("marknad" does not find '
                        '"julmarknaden"). On a managed database the files cannot be added; see README, Search.'
                    ),
                    id="assignments.W001",
                )
            )
    return found
