"""Free-text search on PostgreSQL: the `search_vector` column, kept by the database itself.

The pieces live in the database (migration 0013, `manage.py search_setup`):
- `uppdrag_normalise(text)`: assignments.textnorm.normalise in SQL (NFC, lower case, accents
  folded except å ä ö, control characters removed), generated from textnorm.FOLD.
- The text search configuration `uppdrag_sv`: the Swedish hunspell dictionary `sv_hunspell`
  (Debian's hunspell-sv, put in place by scripts/search_dictionary.sh) in front of the Swedish
  snowball stemmer, so compounds are split ("julmarknaden" → julmarknad, jul, marknad). Where the
  dictionary files are missing (a managed database) it is a copy of `swedish`: inflections only.
- `uppdrag_assignment_document(...)`: the search document with weights A (title, skill names, own
  words), B (category, locality, municipality, association) and C (description); each part
  normalised and cut to textnorm.INDEX_CAP characters, so no text is too long for a tsvector.
  Triggers compute it on every insert or update of an assignment and recompute it when its skills,
  own words, or the names it shows (association, category, locality, municipality, skill) change.
- `uppdrag_tsquery(text)`: what a person typed as a tsquery, with textnorm.query_words' rules
  (normalise, words, stop words out, at most 8 words of 40 characters); each word matches as
  itself or as the start of a longer word, and all words must match. The list and saved searches
  (notifications.matching) both use it.
- pg_trgm indexes on the normalised skill names, locality names and open assignments' titles,
  for "Menade du …?" (`suggest`).
"""

import logging

from django.contrib.postgres.search import SearchQueryField
from django.db import connections, transaction
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.models import BooleanField, F, FloatField, Func, QuerySet, Value
from django.db.models.functions import Coalesce
from django.db.models.lookups import IsNull
from django.db.utils import DatabaseError

from assignments import textnorm
from assignments.models import Assignment, SearchWord

logger = logging.getLogger(__name__)

CONFIG = "uppdrag_sv"
DICTIONARY = "sv_hunspell"
# The token types of words (see `\dF+ swedish` in psql); numbers, e-mail and URLs keep `simple`.
WORD_TOKENS = "asciiword, asciihword, hword_asciipart, word, hword, hword_part"
# ts_rank's weights for D, C, B, A (PostgreSQL's defaults): a title or skill hit counts five times
# a description hit.
RANK_WEIGHTS = "{0.1, 0.2, 0.4, 1.0}"
# "Menade du …?": a known word is offered for a typed one when their trigram similarity reaches
# this. Measured: utegymet/utegymmet 0.73, snöskotning/snöskottning 0.79, lyckselle/lycksele 0.73,
# julmarkand/julmarknad 0.47, julmarkand/julmarknaden 0.41, marknd/marknad 0.50; bar/bär 0.14.
SIMILARITY = 0.4
# The candidate texts are found through the trigram indexes with `%>`, which compares
# word_similarity with pg_trgm.word_similarity_threshold (0.6 by default): too strict for a
# village typed with a letter missing ("ruskele" in "rusksele" is 0.545). Set per connection.
WORD_SIMILARITY_THRESHOLD = 0.45
# How many matching texts per source the suggestion looks at for each typed word.
SUGGEST_SOURCE_ROWS = 50
# How many title words holding a typed word inside them join the query as alternatives.
VOCABULARY_EXPANSION = 20
# A suggested word has at least this many letters ("a" is never a better word), no digits or "_".
SUGGEST_MIN_LENGTH = 4
# How many of the most similar words per typed word are checked for hits (a query each).
SUGGEST_CANDIDATES = 5
# Control characters as uppdragsbanken.filtering.UNREADABLE, in PostgreSQL's regular expressions
# (text in PostgreSQL holds no NUL byte and no lone surrogate).
CONTROL_CHARACTERS = r"[\x01-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffd]"
WORD_PATTERN = r"\w+(?:-\w+)*"  # textnorm.WORD


# SQL made from assignments.textnorm --------------------------------------------------------------


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


# textnorm's stop words as an SQL array literal, for "word <> ALL (…)".
STOP_WORDS_SQL = "ARRAY[" + ", ".join(_literal(w) for w in sorted(textnorm.SWEDISH_STOP_WORDS)) + "]::text[]"


def fold_pairs() -> tuple[str, str]:
    """textnorm.FOLD as the two strings of SQL's translate(): (letters, what each becomes).

    Output: two str of equal length. Upper-case forms are included too (and Å Ä Ö Æ Ø), so the
    fold holds even where lower() only lowers ASCII letters (a database with LC_CTYPE=C).
    """
    letters, becomes = [], []
    for key in sorted({*textnorm.FOLD, *(k.upper() for k in textnorm.FOLD), *"ÅÄÖÆØ"}):
        target = textnorm.normalise(key)
        if len(key) == 1 and len(target) == 1 and target != key:
            letters.append(key)
            becomes.append(target)
    return "".join(letters), "".join(becomes)


def normalise_function_sql() -> str:
    """CREATE OR REPLACE of `uppdrag_normalise(text) → text`, textnorm.normalise in SQL."""
    letters, becomes = fold_pairs()
    return f"""
        CREATE OR REPLACE FUNCTION uppdrag_normalise(value text) RETURNS text
        LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $fn$
            SELECT translate(
                lower(normalize(regexp_replace(coalesce(value, ''), {_literal(CONTROL_CHARACTERS)}, '', 'g'), NFC)),
                {_literal(letters)}, {_literal(becomes)})
        $fn$"""


def tsquery_function_sql(*, with_vocabulary: bool = True) -> str:
    """CREATE OR REPLACE of `uppdrag_tsquery(text) → tsquery` (textnorm.query_words' rules).

    Each word becomes `('word' | 'word':* | 'compound' …)` in the `uppdrag_sv` configuration, the
    words joined by `&`; no words give NULL (an empty tsquery would make PostgreSQL log a notice
    each time). With `with_vocabulary`, the words of titles that hold a typed word of 3 letters or
    more inside them (assignments.SearchWord, at most VOCABULARY_EXPANSION, shortest first) are
    alternatives too: the dictionary keeps some compounds whole ("utegym", "språkcaféet"), and
    without this "gym" would not find "utegym". Migration 0013 makes the first version without
    it, before the table exists. Quoting each word makes any character safe: to_tsquery never
    sees an operator. STABLE, as it reads a table: search() evaluates it once per query (a
    scalar subquery), not once per row.
    """
    expansion = "''"
    volatility = "IMMUTABLE"
    if with_vocabulary:
        volatility = "STABLE"
        table = SearchWord._meta.db_table
        # LIKE's own wildcards in a typed word ("_" is a word character) are escaped.
        pattern = "'%' || replace(replace(kept.word, '\\', '\\\\'), '_', '\\_') || '%'"
        quoted_v = "replace(replace(v.word, '\\', '\\\\'), '''', '''''')"
        expansion = (
            "coalesce((SELECT string_agg(' | ''' || " + quoted_v + " || '''', '' ORDER BY length(v.word), v.word)"
            f" FROM (SELECT w.word FROM {table} w WHERE length(kept.word) >= 3 AND w.word LIKE {pattern}"
            f" AND w.word <> kept.word ORDER BY length(w.word), w.word LIMIT {VOCABULARY_EXPANSION}) v), '')"
        )
    return f"""
        CREATE OR REPLACE FUNCTION uppdrag_tsquery(typed text) RETURNS tsquery
        LANGUAGE sql {volatility} PARALLEL SAFE AS $fn$
            SELECT CASE WHEN count(*) > 0 THEN to_tsquery({_literal(CONFIG)},
                string_agg('(''' || quoted || ''' | ''' || quoted || ''':*' || more || ')', ' & ' ORDER BY first)) END
            FROM (
                SELECT replace(replace(word, '\\', '\\\\'), '''', '''''') AS quoted, {expansion} AS more, first
                FROM (
                    SELECT left(found[1], {textnorm.MAX_WORD_LENGTH}) AS word, min(n) AS first
                    FROM regexp_matches(uppdrag_normalise(typed), {_literal(WORD_PATTERN)}, 'g')
                         WITH ORDINALITY AS words(found, n)
                    WHERE found[1] <> ALL ({STOP_WORDS_SQL})
                    GROUP BY 1
                    ORDER BY 2
                    LIMIT {textnorm.MAX_WORDS}
                ) kept
            ) words
        $fn$"""


# The text search configuration ------------------------------------------------------------------


def dictionary_in_use(using: str = "default") -> bool | None:
    """Whether `uppdrag_sv` reads the Swedish hunspell dictionary on database `using`.

    Output: True (compounds are split), False (the fallback, a copy of `swedish`), None (no
    `uppdrag_sv` yet: migrations have not run, or not PostgreSQL). One query; raises
    DatabaseError only if the database cannot be reached.
    """
    connection = connections[using]
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT EXISTS (SELECT 1 FROM pg_ts_config_map m JOIN pg_ts_dict d ON d.oid = m.mapdict
                              WHERE m.mapcfg = c.oid AND d.dictname = %s)
               FROM pg_ts_config c WHERE c.cfgname = %s""",
            [DICTIONARY, CONFIG],
        )
        row = cursor.fetchone()
    return None if row is None else bool(row[0])


def configure(schema_editor_or_connection, *, with_dictionary: bool = True) -> bool:
    """Make (or re-make) the text search configuration `uppdrag_sv`; idempotent.

    Input: a schema editor (in a migration) or a database connection; `with_dictionary=False`
    builds the fallback even when the dictionary files are there (tests, or to switch it off).
    Output: True when the Swedish hunspell dictionary loaded and is in use, False for the
    fallback (a copy of `swedish`). Loading the dictionary is tried in a savepoint, so missing
    files (a managed database) leave the transaction usable. Raises DatabaseError only for
    other faults (for example no right to create objects in the schema).
    Where the rule comes from: PostgreSQL's docs, "Ispell Dictionary" and "Configuration Example".
    """
    connection = schema_editor_or_connection
    if isinstance(connection, BaseDatabaseSchemaEditor):
        connection = connection.connection
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_ts_config WHERE cfgname = %s", [CONFIG])
        if cursor.fetchone() is None:
            cursor.execute(f"CREATE TEXT SEARCH CONFIGURATION {CONFIG} (COPY = pg_catalog.swedish)")
        loaded = False
        if with_dictionary:
            try:
                with transaction.atomic(using=connection.alias):
                    cursor.execute("SELECT 1 FROM pg_ts_dict WHERE dictname = %s", [DICTIONARY])
                    if cursor.fetchone() is None:
                        # Reads and checks the files at once: an error here means they are missing.
                        cursor.execute(
                            f"CREATE TEXT SEARCH DICTIONARY {DICTIONARY} (TEMPLATE = ispell, "
                            "DictFile = sv_se, AffFile = sv_se, StopWords = swedish)"
                        )
                    else:
                        cursor.execute("SELECT ts_lexize(%s, 'test')", [DICTIONARY])
                loaded = True
            except DatabaseError as exc:
                logger.info("The Swedish hunspell dictionary did not load: %s", exc)
        chain = f"{DICTIONARY}, pg_catalog.swedish_stem" if loaded else "pg_catalog.swedish_stem"
        cursor.execute(f"ALTER TEXT SEARCH CONFIGURATION {CONFIG} ALTER MAPPING FOR {WORD_TOKENS} WITH {chain}")
        if not loaded:
            cursor.execute(f"DROP TEXT SEARCH DICTIONARY IF EXISTS {DICTIONARY}")
    return loaded


# Search -----------------------------------------------------------------------------------------

# Set per connection when it opens (`note_dictionary`), read by `search` without a query.
_dictionary_state: dict[str, bool | None] = {}
_warned = False


def note_dictionary(sender, connection, **kwargs) -> None:
    """Receiver of `connection_created`: note whether this PostgreSQL database has the dictionary.

    One query per new connection (connections persist, see settings CONN_MAX_AGE), so the first
    search can warn without a query of its own, and the connection's word-similarity threshold for
    "Menade du …?" (WORD_SIMILARITY_THRESHOLD). Does nothing on other databases; a database
    without migrations yet is noted as unknown.
    """
    if connection.vendor != "postgresql":
        return
    try:
        with connection.cursor() as cursor:
            cursor.execute(
                """SELECT EXISTS (SELECT 1 FROM pg_ts_config_map m JOIN pg_ts_dict d ON d.oid = m.mapdict
                                  WHERE m.mapcfg = c.oid AND d.dictname = %s)
                   FROM pg_ts_config c WHERE c.cfgname = %s""",
                [DICTIONARY, CONFIG],
            )
            row = cursor.fetchone()
        with connection.cursor() as cursor:
            cursor.execute(f"SET pg_trgm.word_similarity_threshold = {WORD_SIMILARITY_THRESHOLD}")
    except DatabaseError:
        row = None
    _dictionary_state[connection.alias] = None if row is None else bool(row[0])


def _warn_once(alias: str) -> None:
    global _warned
    if not _warned and _dictionary_state.get(alias) is False:
        _warned = True
        logger.warning(
            "Swedish compound dictionary missing: search finds inflections but does not split compounds. "
            "Run scripts/search_dictionary.sh on the database host and manage.py search_setup."
        )


def tsquery(text, *, once: bool = False) -> Func:
    """The SQL expression `uppdrag_tsquery(text)`. Input: an expression or a Value of typed text
    (e.g. OuterRef("text") of a saved search); `once` wraps it in a scalar subquery, which
    PostgreSQL evaluates once per query (an InitPlan) instead of once per row: for a constant.
    Output: a tsquery-typed Func."""
    if once:
        return Func(text, template="(SELECT uppdrag_tsquery(%(expressions)s))", output_field=SearchQueryField())
    return Func(text, function="uppdrag_tsquery", output_field=SearchQueryField())


def matches(query) -> IsNull:
    """Condition "the assignment's document holds every word of `query`" (a tsquery expression).

    A text without words (empty, or only stop words) narrows nothing, as an empty word list
    narrows nothing in assignments.search; words that yield no lexemes find nothing, as there.
    """
    hit = Func(F("search_vector"), query, template="%(expressions)s", arg_joiner=" @@ ", output_field=BooleanField())
    # NULL: no words at all (only stop words), as an empty word list narrows nothing in search().
    # A query of words that yield no lexemes ("___") is not NULL and finds nothing, as in search().
    return IsNull(query, True) | hit


def search(queryset: QuerySet[Assignment], words: tuple[str, ...]) -> QuerySet[Assignment]:
    """The assignments of `queryset` whose search document holds every one of `words`.

    Input: a queryset of assignments; `words` from textnorm.query_words (normalised, no stop
    words), passed to the database joined by spaces, where uppdrag_tsquery applies the same
    rules again (so a saved search's raw text gives the same query). Output: the queryset
    narrowed and annotated `rank` (float, ts_rank with weights A 1.0, B 0.4, C 0.2: a title or
    skill hit ranks above a description-only hit). Empty `words` narrow nothing (rank 0.0).
    Two queries: one works out the tsquery here, the list's own reads it as a constant.
    Raises nothing for any words. Logs a WARNING once per process when the database searches
    without the Swedish dictionary.
    """
    _warn_once(queryset.db)
    if not words:
        return queryset.annotate(rank=Value(0.0, output_field=FloatField()))
    # The tsquery is worked out first, in a query of its own, and then given to the search as a
    # constant: PostgreSQL can then estimate how many rows it finds and plans the list's joins for
    # that. Given as an expression (uppdrag_tsquery reads assignments.SearchWord, so it cannot be
    # folded while planning), the plan guessed blind: "servering" in one municipality took
    # p95 257 ms in bench/run.py instead of about 100 ms.
    with connections[queryset.db].cursor() as cursor:
        cursor.execute("SELECT uppdrag_tsquery(%s)::text", [" ".join(words)])
        (text,) = cursor.fetchone()
    if not text:
        # No lexemes in any word (e.g. only characters the configuration drops): nothing found.
        return queryset.none().annotate(rank=Value(0.0, output_field=FloatField()))
    query = Func(Value(text), template="%(expressions)s::tsquery", output_field=SearchQueryField())
    rank = Coalesce(
        Func(
            F("search_vector"),
            query,
            template=f"ts_rank('{RANK_WEIGHTS}'::real[], %(expressions)s)",
            output_field=FloatField(),
        ),
        0.0,
    )
    hit = Func(F("search_vector"), query, template="%(expressions)s", arg_joiner=" @@ ", output_field=BooleanField())
    return queryset.filter(hit).annotate(rank=rank)


def suggest(words: tuple[str, ...], *, using: str = "default") -> dict[str, str]:
    """Known words similar to the typed `words` that find few open assignments.

    Input: words from textnorm.query_words. Output: {typed word: suggested word} for each word
    that finds fewer than assignments.search.FEW_HITS published assignments on its own and has a
    similar known word (pg_trgm similarity ≥ SIMILARITY) that finds more; known words are the
    words of skill names, locality names and assignments' titles (assignments.SearchWord),
    normalised; of those, the SUGGEST_CANDIDATES most similar are checked for hits.
    E.g. {"utegymet": "utegymmet"}. One query, whatever the number of words; raises nothing for
    any words (DatabaseError only if the database is unreachable).
    """
    from assignments.search import FEW_HITS

    if not words:
        return {}
    assignments = Assignment._meta.db_table
    skills = Assignment.skills.rel.model._meta.db_table
    localities = Assignment.locality.field.related_model._meta.db_table
    search_words = SearchWord._meta.db_table
    published = Assignment.Status.PUBLISHED
    hits = (
        f"(SELECT count(*) FROM (SELECT 1 FROM {assignments} h WHERE h.status = '{published}'"
        f" AND h.search_vector @@ uppdrag_tsquery(%s) LIMIT {FEW_HITS}) x)"
    )
    sql = f"""
        WITH typed AS (
            SELECT t.word, {hits % "t.word"} AS hits FROM unnest(%s::text[]) AS t(word)
        ),
        rare AS (SELECT word, hits FROM typed WHERE hits < {FEW_HITS}),
        texts AS (
            SELECT r.word, r.hits, src.text FROM rare r CROSS JOIN LATERAL (
                (SELECT uppdrag_normalise(s.label_sv) AS text FROM {skills} s
                 WHERE uppdrag_normalise(s.label_sv) %%> r.word LIMIT {SUGGEST_SOURCE_ROWS})
                UNION ALL
                (SELECT uppdrag_normalise(l.name) FROM {localities} l
                 WHERE uppdrag_normalise(l.name) %%> r.word LIMIT {SUGGEST_SOURCE_ROWS})
                UNION ALL
                (SELECT w.word FROM {search_words} w WHERE w.word %%> r.word LIMIT {SUGGEST_SOURCE_ROWS})
            ) src
        ),
        candidates AS (
            SELECT DISTINCT t.word, t.hits, found[1] AS candidate, similarity(t.word, found[1]) AS score
            FROM texts t CROSS JOIN LATERAL regexp_matches(t.text, %s, 'g') AS m(found)
            WHERE found[1] <> t.word AND similarity(t.word, found[1]) >= {SIMILARITY}
              AND length(found[1]) >= {SUGGEST_MIN_LENGTH} AND found[1] !~ '[0-9_]'
              AND found[1] <> ALL ({STOP_WORDS_SQL})
        ),
        best AS (
            SELECT c.*, row_number() OVER (
                PARTITION BY c.word ORDER BY c.score DESC, abs(length(c.candidate) - length(c.word)), c.candidate
            ) AS place
            FROM candidates c
        )
        SELECT DISTINCT ON (word) word, candidate FROM best c
        WHERE c.place <= {SUGGEST_CANDIDATES} AND {hits % "c.candidate"} > c.hits
        ORDER BY word, score DESC, abs(length(candidate) - length(word)), candidate"""
    with connections[using].cursor() as cursor:
        cursor.execute(sql, [list(words), WORD_PATTERN])
        return dict(cursor.fetchall())


def refresh(queryset: QuerySet[Assignment]) -> int:
    """Recompute the search document of the assignments in `queryset` by the database's current
    rules (after `manage.py search_setup` changed the configuration). Output: rows touched.
    Writing search_vector fires the trigger that computes it, whatever value is written."""
    return queryset.update(search_vector=None)
