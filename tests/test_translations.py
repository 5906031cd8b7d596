"""The English catalogue: complete, not fuzzy, and compiled from the current .po file.

The .po file is read with a small parser of our own so the test needs nothing beyond the standard library.
"""

import gettext
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest

MESSAGES_DIR = Path(__file__).resolve().parent.parent / "locale" / "en" / "LC_MESSAGES"
PO_FILE = MESSAGES_DIR / "django.po"
MO_FILE = MESSAGES_DIR / "django.mo"

ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\"}
KEYWORD = re.compile(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s+(".*")\s*$')
PLACEHOLDER = re.compile(r"%(?:\([^)]+\))?[sd]")


@dataclass
class Entry:
    msgid: str = ""
    msgid_plural: str | None = None
    msgctxt: str | None = None
    msgstr: str = ""
    msgstr_plural: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    line: int = 0

    @property
    def is_header(self) -> bool:
        return self.msgid == "" and self.msgctxt is None

    @property
    def translations(self) -> list[str]:
        if self.msgid_plural is None:
            return [self.msgstr]
        return [self.msgstr_plural[n] for n in sorted(self.msgstr_plural)]


def unquote(text: str) -> str:
    text = text.strip()
    assert text.startswith('"') and text.endswith('"'), f"not a quoted string: {text}"
    return re.sub(r"\\(.)", lambda m: ESCAPES[m.group(1)], text[1:-1])


def parse_po(path: Path) -> list[Entry]:
    """Read the entries of a .po file: flags, msgctxt, msgid, msgid_plural, msgstr and msgstr[n]."""
    entries: list[Entry] = []
    entry: Entry | None = None
    pending_flags: set[str] = set()
    target: tuple[str, int | None] | None = None

    def append(key: str, index: int | None, text: str) -> None:
        if key == "msgstr" and index is not None:
            entry.msgstr_plural[index] = entry.msgstr_plural.get(index, "") + text
        else:
            setattr(entry, key, (getattr(entry, key) or "") + text)

    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#~"):
            target = None
            continue
        if line.startswith("#,"):
            pending_flags |= {flag.strip() for flag in line[2:].split(",") if flag.strip()}
            continue
        if line.startswith("#"):
            continue
        match = KEYWORD.match(line)
        if match:
            keyword, index, text = match.groups()
            if keyword in ("msgctxt", "msgid") and (entry is None or target is None or target[0] != "msgctxt"):
                entry = Entry(flags=pending_flags, line=number)
                entries.append(entry)
                pending_flags = set()
            key = "msgstr" if keyword.startswith("msgstr") else keyword
            target = (key, int(index) if index is not None else None)
            append(key, target[1], unquote(text))
        elif line.startswith('"') and entry is not None and target is not None:
            append(target[0], target[1], unquote(line))
        else:
            raise AssertionError(f"{path.name}:{number}: cannot read {raw!r}")
    return entries


@pytest.fixture(scope="module")
def entries() -> list[Entry]:
    assert PO_FILE.exists(), f"{PO_FILE} is missing; run makemessages -l en"
    return [entry for entry in parse_po(PO_FILE) if not entry.is_header]


@pytest.fixture(scope="module")
def compiled() -> gettext.GNUTranslations:
    assert MO_FILE.exists(), f"{MO_FILE} is missing; run compilemessages -l en"
    with MO_FILE.open("rb") as mo:
        return gettext.GNUTranslations(mo)


def describe(entry: Entry) -> str:
    return f"line {entry.line}: {entry.msgid!r}"


def test_the_parser_reads_multiline_strings_plurals_and_flags(tmp_path):
    po = tmp_path / "django.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n"Language: en\\n"\n\n'
        '#: a.py:1\n#, fuzzy, python-format\nmsgid ""\n"Hej %(name)s!\\n"\n"Välkommen."\n'
        'msgstr ""\n"Hello %(name)s!\\n"\n"Welcome."\n\n'
        'msgid "%(n)s plats"\nmsgid_plural "%(n)s platser"\nmsgstr[0] "%(n)s place"\nmsgstr[1] ""\n',
        encoding="utf-8",
    )
    header, greeting, places = parse_po(po)
    assert header.is_header
    assert greeting.msgid == "Hej %(name)s!\nVälkommen."
    assert greeting.msgstr == "Hello %(name)s!\nWelcome."
    assert greeting.flags == {"fuzzy", "python-format"}
    assert places.msgid_plural == "%(n)s platser"
    assert places.translations == ["%(n)s place", ""]
    assert not places.flags


def test_the_english_catalogue_has_messages(entries):
    assert len(entries) > 100


def test_every_english_message_is_translated(entries):
    untranslated = [describe(entry) for entry in entries if not all(entry.translations)]
    assert not untranslated, "untranslated messages:\n" + "\n".join(untranslated)


def test_every_plural_message_has_both_english_forms(entries):
    incomplete = [
        describe(entry) for entry in entries if entry.msgid_plural is not None and sorted(entry.msgstr_plural) != [0, 1]
    ]
    assert not incomplete, "plural messages without msgstr[0] and msgstr[1]:\n" + "\n".join(incomplete)


def test_no_english_message_is_marked_fuzzy(entries):
    fuzzy = [describe(entry) for entry in entries if "fuzzy" in entry.flags]
    assert not fuzzy, "fuzzy messages (check the translation, then remove the flag):\n" + "\n".join(fuzzy)


def test_every_english_message_keeps_the_placeholders_of_the_swedish_one(entries):
    wrong = []
    for entry in entries:
        # English has the same two forms as Swedish: the singular keeps the singular's
        # placeholders ("En handledare …" may leave the count out), the plural the plural's.
        sources = [entry.msgid] if entry.msgid_plural is None else [entry.msgid, entry.msgid_plural]
        for source, translation in zip(sources, entry.translations, strict=False):
            if sorted(set(PLACEHOLDER.findall(translation))) != sorted(set(PLACEHOLDER.findall(source))):
                wrong.append(f"{describe(entry)} -> {translation!r}")
    assert not wrong, "placeholders differ:\n" + "\n".join(wrong)


def test_the_compiled_catalogue_matches_the_po_file(entries, compiled):
    stale = []
    for entry in entries:
        if entry.msgctxt is not None:
            continue
        if entry.msgid_plural is None:
            got = [compiled.gettext(entry.msgid)]
        else:
            got = [compiled.ngettext(entry.msgid, entry.msgid_plural, n) for n in (1, 2)]
        if got != entry.translations:
            stale.append(f"{describe(entry)}: .mo has {got!r}, .po has {entry.translations!r}")
    assert not stale, "django.mo is out of date; run compilemessages -l en:\n" + "\n".join(stale)
