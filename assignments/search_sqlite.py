"""Free-text search on SQLite, the embedded default: an FTS5 table kept by the database itself.

The table `assignments_search` holds one row per assignment (rowid = the assignment's id) with
three columns, each normalised by assignments.textnorm and cut to textnorm.INDEX_CAP characters:
- `title_skills`: the title, the names of its taxonomy skills (Skill.label_sv) and its own words;
- `places`: the category, the place (locality), the municipality and the association's name;
- `description`: the description.

The tokenizer is FTS5's `trigram` (SQLite ≥ 3.34): every word is found as a part of a longer
word, so "marknad" finds "julmarknaden" and "snö" finds "snöskottning" without a dictionary.
The reverse (a compound finding its parts) needs PostgreSQL's Swedish dictionary. A trigram
index cannot find words of one or two letters; those are matched with LIKE over the same
normalised columns instead.

Triggers keep the table right whatever changes a row: the services, the admin, a bulk
`update()`, or SQL typed by hand, as long as the connection has the SQL function
`uppdrag_normalise` (registered on every connection Django opens, see `register_functions`;
the sqlite3 shell has no such function, so an edit of assignments there fails rather than
leaving the index stale). While `migrate` runs the triggers are away (see `drop_triggers`);
after it, they are made again and the index is refilled (`install_triggers`, on post_migrate).
"""

import difflib

from django.db import connections
from django.db.models import F, FloatField, Func, QuerySet, Value
from django.db.models.expressions import RawSQL

from assignments import textnorm
from assignments.models import Assignment, AssignmentOwnSkill

TABLE = "assignments_search"
# bm25 weights per column, as PostgreSQL ranks A, B and C: title and skills count most.
WEIGHTS = (1.0, 0.4, 0.2)
# A word needs three letters to be looked up in a trigram index.
TRIGRAM = 3


# The index: functions, table, triggers ------------------------------------------------------


def register_functions(sender, connection, **kwargs) -> None:
    """Receiver of `connection_created`: give a new SQLite connection `uppdrag_normalise(text)`.

    Input: the signal's DatabaseWrapper. Output: None; does nothing on other databases.
    The SQL function is textnorm.normalise (NULL and non-text count as their text form, NULL
    as ""), so the index triggers and Python normalise the same way.
    """
    if connection.vendor != "sqlite":
        return
    connection.connection.create_function("uppdrag_normalise", 1, _normalise_sql, deterministic=True)


def _normalise_sql(value) -> str:
    if value is None:
        return ""
    return textnorm.normalise(value if isinstance(value, str) else str(value))


def _document_select(where: str) -> str:
    """SELECT rowid and the three columns for the assignments `a` that `where` picks."""
    cap = textnorm.INDEX_CAP

    def field(sql: str) -> str:
        return f"substr(uppdrag_normalise({sql}), 1, {cap})"

    skills = (
        "(SELECT group_concat(s.label_sv, ' ') FROM assignments_assignment_skills l"
        " JOIN assignments_skill s ON s.id = l.skill_id WHERE l.assignment_id = a.id)"
    )
    own = "(SELECT group_concat(o.name, ' ') FROM assignments_assignmentownskill o WHERE o.assignment_id = a.id)"
    title_skills = " || ' ' || ".join(
        [field("a.title"), field(f"coalesce({skills}, '')"), field(f"coalesce({own}, '')")]
    )
    places = " || ' ' || ".join(
        [
            field("coalesce(c.name_sv, '')"),
            field("coalesce(p.name, '')"),
            field("coalesce(m.name, '')"),
            field("coalesce(f.name, '')"),
        ]
    )
    return (
        f"SELECT a.id, {title_skills}, {places}, {field('a.description')}"
        " FROM assignments_assignment a"
        " LEFT JOIN assignments_category c ON c.id = a.category_id"
        " LEFT JOIN municipalities_locality p ON p.id = a.locality_id"
        " LEFT JOIN municipalities_municipality m ON m.id = p.municipality_id"
        " LEFT JOIN associations_association f ON f.id = a.association_id"
        f" WHERE {where}"
    )


def _refresh(where: str) -> str:
    """Statements (for a trigger body) that rewrite the rows of the assignments `a` that `where` picks."""
    ids = f"SELECT a.id FROM assignments_assignment a WHERE {where}"
    return (
        f"DELETE FROM {TABLE} WHERE rowid IN ({ids});\n"
        f"INSERT INTO {TABLE} (rowid, title_skills, places, description) {_document_select(where)};"
    )


# name → (table, event, statements). NEW and OLD are the trigger's row.
TRIGGERS = {
    "assignment_insert": ("assignments_assignment", "AFTER INSERT", _refresh("a.id = NEW.id")),
    "assignment_update": (
        "assignments_assignment",
        "AFTER UPDATE OF id, title, description, category_id, locality_id, association_id",
        f"DELETE FROM {TABLE} WHERE rowid = OLD.id;\n" + _refresh("a.id = NEW.id"),
    ),
    "assignment_delete": ("assignments_assignment", "AFTER DELETE", f"DELETE FROM {TABLE} WHERE rowid = OLD.id;"),
    "skill_link_insert": ("assignments_assignment_skills", "AFTER INSERT", _refresh("a.id = NEW.assignment_id")),
    "skill_link_update": (
        "assignments_assignment_skills",
        "AFTER UPDATE",
        _refresh("a.id IN (OLD.assignment_id, NEW.assignment_id)"),
    ),
    "skill_link_delete": ("assignments_assignment_skills", "AFTER DELETE", _refresh("a.id = OLD.assignment_id")),
    "own_word_insert": ("assignments_assignmentownskill", "AFTER INSERT", _refresh("a.id = NEW.assignment_id")),
    "own_word_update": (
        "assignments_assignmentownskill",
        "AFTER UPDATE",
        _refresh("a.id IN (OLD.assignment_id, NEW.assignment_id)"),
    ),
    "own_word_delete": ("assignments_assignmentownskill", "AFTER DELETE", _refresh("a.id = OLD.assignment_id")),
    "skill_rename": (
        "assignments_skill",
        "AFTER UPDATE OF label_sv",
        _refresh("a.id IN (SELECT assignment_id FROM assignments_assignment_skills WHERE skill_id = NEW.id)"),
    ),
    "category_rename": ("assignments_category", "AFTER UPDATE OF name_sv", _refresh("a.category_id = NEW.id")),
    "locality_rename": (
        "municipalities_locality",
        "AFTER UPDATE OF name, municipality_id",
        _refresh("a.locality_id = NEW.id"),
    ),
    "municipality_rename": (
        "municipalities_municipality",
        "AFTER UPDATE OF name",
        _refresh("a.locality_id IN (SELECT id FROM municipalities_locality WHERE municipality_id = NEW.id)"),
    ),
    "association_rename": ("associations_association", "AFTER UPDATE OF name", _refresh("a.association_id = NEW.id")),
}


def create_table(connection) -> None:
    """Create the FTS5 table (migration 0014). Input: a SQLite DatabaseWrapper. Output: None.
    The triggers and the rows come after every `migrate` (`install_triggers`). Raises
    django.db.DatabaseError if SQLite was built without FTS5."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE VIRTUAL TABLE IF NOT EXISTS {TABLE} USING fts5(title_skills, places, description,"
            " tokenize='trigram')"
        )


def drop_table(connection) -> None:
    """Drop the triggers and the FTS5 table (migration 0014 reversed). Input: a SQLite DatabaseWrapper."""
    drop_triggers(connection)
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {TABLE}")


def drop_triggers(sender=None, *, using: str = "default", connection=None, **kwargs) -> None:
    """Drop the index triggers; also a `pre_migrate` receiver.

    Why before every migrate: to alter a table, Django's SQLite backend copies it, drops the
    original and renames the copy, and SQLite refuses that rename while any trigger names a
    table that is momentarily missing ("error in trigger …: no such table"). Our triggers name
    the assignment, skill, category, place, municipality and association tables, so a later
    migration of any of those apps would fail. `install_triggers` puts them back afterwards.
    Input: a DatabaseWrapper, or the signal's `using` alias. Output: None; nothing off SQLite.
    """
    connection = connection or connections[using]
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        for name in TRIGGERS:
            cursor.execute(f"DROP TRIGGER IF EXISTS {TABLE}_{name}")


def install_triggers(sender=None, *, using: str = "default", connection=None, **kwargs) -> None:
    """Create the index triggers and refill the index from every assignment; a `post_migrate` receiver.

    Input: a DatabaseWrapper, or the signal's `using` alias. Output: None. Does nothing off
    SQLite or before migration 0014 made the table (or after it was reversed). Refilling
    takes every assignment once: rows written while the triggers were away (data migrations)
    are indexed too.
    """
    connection = connection or connections[using]
    if connection.vendor != "sqlite" or TABLE not in connection.introspection.table_names():
        return
    register_functions(None, connection)
    drop_triggers(connection=connection)
    with connection.cursor() as cursor:
        for name, (table, event, body) in TRIGGERS.items():
            cursor.execute(f"CREATE TRIGGER {TABLE}_{name} {event} ON {table} FOR EACH ROW BEGIN\n{body}\nEND")
        cursor.execute(f"DELETE FROM {TABLE}")
        cursor.execute(f"INSERT INTO {TABLE} (rowid, title_skills, places, description) {_document_select('1 = 1')}")


# Searching ----------------------------------------------------------------------------------


def _phrase(word: str) -> str:
    # A quoted FTS5 string: whatever the word holds, it is text to find, never query syntax.
    return '"' + word.replace('"', '""') + '"'


def _like(word: str) -> str:
    return "%" + word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _conditions(words: tuple[str, ...]) -> tuple[str, list[str], str | None]:
    """WHERE clause over the FTS5 table for all of `words`, its params, and the MATCH text (or None)."""
    long = [w for w in words if len(w) >= TRIGRAM]
    short = [w for w in words if len(w) < TRIGRAM]
    clauses, params = [], []
    match = " ".join(_phrase(w) for w in long) if long else None
    if match:
        clauses.append(f"{TABLE} MATCH %s")
        params.append(match)
    for word in short:
        clauses.append(
            "(title_skills LIKE %s ESCAPE '\\' OR places LIKE %s ESCAPE '\\' OR description LIKE %s ESCAPE '\\')"
        )
        params += [_like(word)] * 3
    return " AND ".join(clauses), params, match


class _Rank(Func):
    """-bm25 of the assignment's row for the MATCH text: higher is better (bm25 is lower-better)."""

    output_field = FloatField()
    template = (
        f"(SELECT -bm25({TABLE}, {', '.join(map(str, WEIGHTS))}) FROM {TABLE}"
        f" WHERE {TABLE} MATCH %%s AND {TABLE}.rowid = %(expressions)s)"
    )

    def __init__(self, match: str):
        super().__init__(F("pk"))
        self.match = match

    def as_sql(self, compiler, connection, **extra):
        sql, params = super().as_sql(compiler, connection, **extra)
        return sql, (self.match, *params)


def search(queryset: QuerySet[Assignment], words: tuple[str, ...]) -> QuerySet[Assignment]:
    """The assignments of `queryset` whose search document holds every word, annotated `rank`.

    Input: a queryset of assignments and normalised words (textnorm.query_words; not empty).
    Output: the narrowed queryset; `rank` is -bm25 with WEIGHTS (higher is better), or 1.0 for
    all when every word is shorter than three letters (found with LIKE, nothing to rank by).
    A word is found as a part of a longer one ("marknad" in "julmarknaden"). Raises nothing:
    every word is quoted, so no input is FTS5 query syntax.
    """
    where, params, match = _conditions(words)
    queryset = queryset.filter(pk__in=RawSQL(f"SELECT rowid FROM {TABLE} WHERE {where}", params))
    return queryset.annotate(rank=_Rank(match) if match else Value(1.0, output_field=FloatField()))


# "Menade du …?" -------------------------------------------------------------------------------
# SQLite has no similarity of words built in (PostgreSQL has pg_trgm), and the spellfix1
# extension that would give one is not shipped with SQLite or Python. The trigram index cannot
# help either: it finds parts of words, not words that are spelt nearly alike. So the
# similar words are found here, with the standard library's difflib, over a small vocabulary:
# the words of what is open now (titles, skill names, own words, categories, places). It runs
# only when a search finds fewer than search.FEW_HITS assignments.

# How alike a word must be (difflib's ratio, 0–1): "utegymt" → "utegymet" is 0.93,
# "snöskotning" → "snöskottning" 0.96; "bar" → "bär" (0.67) is a different word and stays.
CUTOFF = 0.8
# Shorter words have too many neighbours to guess which was meant.
MIN_LENGTH = 4


def _open() -> QuerySet[Assignment]:
    from assignments.queries import open_for_claims

    return open_for_claims()


def _hits(words: tuple[str, ...]) -> int:
    return search(_open(), words).count()


def vocabulary() -> list[str]:
    """The normalised words of what is open now: titles, skills, own words, categories, places.

    Output: a sorted list of distinct words of at least MIN_LENGTH letters, stop words left out.
    """
    open_ids = _open().values("pk")
    texts: list[str] = []
    texts += Assignment.objects.filter(pk__in=open_ids).values_list("title", flat=True).distinct()
    texts += (
        Assignment.skills.through.objects.filter(assignment_id__in=open_ids)
        .values_list("skill__label_sv", flat=True)
        .distinct()
    )
    texts += AssignmentOwnSkill.objects.filter(assignment_id__in=open_ids).values_list("name", flat=True).distinct()
    texts += Assignment.objects.filter(pk__in=open_ids).values_list("category__name_sv", flat=True).distinct()
    texts += Assignment.objects.filter(pk__in=open_ids).values_list("locality__name", flat=True).distinct()
    found = {
        word
        for text in texts
        for word in textnorm.WORD.findall(textnorm.normalise(text or ""))
        if len(word) >= MIN_LENGTH and word not in textnorm.SWEDISH_STOP_WORDS
    }
    return sorted(found)


def suggest(words: tuple[str, ...]) -> dict[str, str]:
    """For each word that finds fewer than search.FEW_HITS open assignments on its own, the most
    similar word of `vocabulary()` that finds more; words with no such neighbour are left out.

    Input: normalised words (textnorm.query_words). Output: {typed word: suggested word}, e.g.
    {"utegymt": "utegymet"}; empty when every word finds enough or none has a neighbour.
    """
    from assignments.search import FEW_HITS

    weak = {}
    for word in words:
        if len(word) < MIN_LENGTH:
            continue
        hits = _hits((word,))
        if hits < FEW_HITS:
            weak[word] = hits
    if not weak:
        return {}
    known = vocabulary()
    better = {}
    for word, hits in weak.items():
        for candidate in difflib.get_close_matches(word, known, n=3, cutoff=CUTOFF):
            if candidate != word and _hits((candidate,)) > hits:
                better[word] = candidate
                break
    return better
