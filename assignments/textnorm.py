"""Text brought to one form before it is indexed or searched, the same on every database.

The rule, in one place (the PostgreSQL function `uppdrag_normalise` is generated from FOLD):
1. Unicode NFC, so "å" typed as a + combining ring (some phones, pasted text) is the letter å.
2. Lower case: str.lower() in Python and lower() in SQL agree (casefold() would turn "ß" into
   "ss", which PostgreSQL's lower() does not).
3. Accents that Swedish does not treat as letters of their own are folded: "kafé" → "kafe",
   "Müller" → "muller". Å, ä and ö are letters of the Swedish alphabet and stay ("bär" is not
   "bar"). Danish and Norwegian æ and ø are the Swedish ä and ö.
4. Control characters are removed (see uppdragsbanken.filtering.UNREADABLE).
"""

import re
import unicodedata
from dataclasses import dataclass

from uppdragsbanken.filtering import UNREADABLE

# Lower-case letter → what it is searched as. Upper-case letters are lowered first.
FOLD = {
    **dict.fromkeys("áàâãāăą", "a"),
    **dict.fromkeys("çćĉċč", "c"),
    **dict.fromkeys("ďđ", "d"),
    **dict.fromkeys("éèêëēĕėęě", "e"),
    **dict.fromkeys("ĝğġģ", "g"),
    **dict.fromkeys("ĥħ", "h"),
    **dict.fromkeys("íìîïĩīĭįı", "i"),
    **dict.fromkeys("ĵ", "j"),
    **dict.fromkeys("ķ", "k"),
    **dict.fromkeys("ĺļľŀł", "l"),
    **dict.fromkeys("ñńņňŉ", "n"),
    **dict.fromkeys("óòôõōŏő", "o"),
    **dict.fromkeys("ŕŗř", "r"),
    **dict.fromkeys("śŝşšș", "s"),
    **dict.fromkeys("ţťŧț", "t"),
    **dict.fromkeys("úùûüũūŭůűų", "u"),
    **dict.fromkeys("ýÿŷ", "y"),
    **dict.fromkeys("źżž", "z"),
    "æ": "ä",
    "ø": "ö",
}
_FOLD_TABLE = str.maketrans(FOLD)

# Snowball's Swedish stop words, as PostgreSQL's `swedish` configuration uses them
# (tsearch_data/swedish.stop, 114 words). A search of only these finds nothing on PostgreSQL.
SWEDISH_STOP_WORDS = frozenset(
    """
    och det att i en jag hon som han på den med var sig för så till är men ett om hade de av icke
    mig du henne då sin nu har inte hans honom skulle hennes där min man ej vid kunde något från ut
    när efter upp vi dem vara vad över än dig kan sina här ha mot alla under någon eller allt mycket
    sedan ju denna själv detta åt utan varit hur ingen mitt ni bli blev oss din dessa några deras
    blir mina samma vilken er sådan vår blivit dess inom mellan sådant varför varje vilka ditt vem
    vilket sitta sådana vart dina vars vårt våra ert era vilkas
    """.split()  # noqa: SIM905 (the list reads as the stop-word file does, a word at a time)
)

# A word is letters and digits, with inner hyphens ("e-post") kept as part of it.
WORD = re.compile(r"\w+(?:-\w+)*", re.UNICODE)
MAX_WORDS = 8
MAX_WORD_LENGTH = 40
# What goes into the search index from one text field, in characters: a longer text is kept
# whole in the database and shown whole; only its first part is searchable. PostgreSQL refuses
# a tsvector over 1 MB ("string is too long for tsvector"), which a 700 kB description reached.
INDEX_CAP = 20_000


def normalise(text: str) -> str:
    """`text` in the one searchable form: NFC, lower case, accents folded except å ä ö,
    control characters removed. Input: any str (None counts as ""). Output: a str; raises nothing."""
    if not text:
        return ""
    text = UNREADABLE.sub("", text)
    return unicodedata.normalize("NFC", text).lower().translate(_FOLD_TABLE)


@dataclass(frozen=True)
class QueryWords:
    """The words of a free-text search, normalised.

    `words`: at most MAX_WORDS words, each cut to MAX_WORD_LENGTH, stop words left out (empty
    when there was nothing to search). `stop_words`: the stop words that were left out, for a
    message when nothing else was typed. `dropped_control`: whether control characters were
    removed."""

    words: tuple[str, ...]
    stop_words: tuple[str, ...]
    dropped_control: bool

    @property
    def only_stop_words(self) -> bool:
        return not self.words and bool(self.stop_words)


def query_words(text: str) -> QueryWords:
    """Split what a person typed into the words to search. Input: any str (None counts as "").
    Output: QueryWords; raises nothing."""
    text = text or ""
    found = WORD.findall(normalise(text))
    words = [w[:MAX_WORD_LENGTH] for w in found if w not in SWEDISH_STOP_WORDS]
    stop = [w for w in found if w in SWEDISH_STOP_WORDS]
    return QueryWords(
        words=tuple(dict.fromkeys(words))[:MAX_WORDS],
        stop_words=tuple(dict.fromkeys(stop)),
        dropped_control=UNREADABLE.search(text) is not None,
    )


def index_text(*parts: str) -> str:
    """Text for the search index: each part normalised and cut to INDEX_CAP characters, joined
    by spaces. Input: strs (None and "" are skipped). Output: a str; raises nothing."""
    return " ".join(normalise(part)[:INDEX_CAP] for part in parts if part)
