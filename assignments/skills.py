"""Skills as people say them: taxonomy names ranked everyday-first, and words of their own.

A third of the JobTech names have a comma of their own ("Bakning, cirkelledning"), so a
skill is never typed into a comma-separated list: the form sends one value per chosen
skill, and a text box adds new ones, one per line. A word the taxonomy lacks ("Bakning")
is kept as the person's own word (OwnSkill) instead of refusing the form.

The matching rule, said once here and used by the list's "fits my skills", the
notifications and saved searches: a profile and an assignment fit by skill when

- they share a taxonomy skill, or
- an own word of one is contained, ignoring letter case, in an own word or a skill name
  of the other ("bakning" in "Enklare bakningskunskaper", "snöskottning" in "Snöskottning").

It runs in SQL on SQLite and PostgreSQL alike: own words keep a lower-case copy (`key`),
and the other side's text is lower-cased in Python before it goes into the query, because
SQLite's LOWER() and LIKE fold only ASCII letters.
"""

import hashlib
import re
from dataclasses import dataclass, field

from django import forms
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db.models import CharField, Exists, F, Q, QuerySet, Value
from django.db.models.functions import Length
from django.http import HttpRequest, JsonResponse
from django.urls import reverse_lazy
from django.utils.cache import patch_cache_control
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from assignments.models import Skill
from uppdragsbanken.fields import ascii_int
from uppdragsbanken.ratelimit import count_and_check

MAX_SKILLS = 8
OWN_WORD_MIN, OWN_WORD_MAX = 3, 60
# Longer than any taxonomy name (90 characters): anything longer is not a name someone means.
QUERY_MAX = 100
SUGGESTION_LIMIT = 10
REVIEW_LIMIT = 5
OWN_PREFIX = "ord:"

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def clean_text(text: str) -> str:
    """The text with control characters (NUL included) dropped and runs of spaces made one."""
    return " ".join(_CONTROL.sub(" ", text or "").split())


def _contains(field_name: str, word: str) -> Q:
    """Rows whose field contains the word in any letter case, on SQLite too.

    SQLite folds only ASCII, so a name starting with Å, Ä or Ö is also tried with that
    letter in upper case: taxonomy names are written in sentence case.
    """
    return Q(**{f"{field_name}__icontains": word}) | Q(**{f"{field_name}__contains": word[:1].upper() + word[1:]})


def _named(field_name: str, name: str) -> Q:
    return Q(**{f"{field_name}__iexact": name}) | Q(**{field_name: name[:1].upper() + name[1:]})


def rank_key(label: str, word: str) -> tuple:
    """How everyday a taxonomy name is for what was typed; lower sorts first.

    The exact name first; then names without a qualifier (a comma or parenthesis marks the
    special cases: "Bakning, cirkelledning" is about teaching baking in study circles), those
    starting with the word before those with it at the start of a later word ("Enklare
    bakningskunskaper") before those with it inside a word ("Pizzabakning"); shorter first.
    """
    name, word = label.lower(), word.lower()
    qualified = "," in name or "(" in name
    if name.startswith(word):
        place = 0
    elif re.search(r"(^|[\s/-])" + re.escape(word), name):
        place = 1
    else:
        place = 2
    return (name != word, qualified, place, len(name), name)


def ranked_skills(text: str, *, limit: int = SUGGESTION_LIMIT) -> list[Skill]:
    """Taxonomy skills whose name contains the text, everyday names first (see rank_key).

    Input: any text; fewer than two letters or more than QUERY_MAX characters give [].
    """
    word = clean_text(text)
    if len(word) < 2 or len(word) > QUERY_MAX:
        return []
    rows = _containing(word)
    if not rows and len(word) >= 5:
        # A misspelling rarely matches whole; its first half usually does ("snöskotning" → "snösk").
        word = word[: max(4, (len(word) + 1) // 2)]
        rows = _containing(word)
    rows.sort(key=lambda skill: rank_key(skill.label_sv, word))
    return rows[:limit]


def _containing(word: str) -> list[Skill]:
    # Two letters can match a thousand names; ranking the shortest 2,000 is enough to find the best ten.
    return list(
        Skill.objects.filter(_contains("label_sv", word), kind=Skill.Kind.SKILL)
        .order_by(Length("label_sv"), "label_sv")
        .only("pk", "label_sv", "label_en")[:2000]
    )


def own_word_error(word: str) -> str | None:
    """Why this cannot be kept as an own word, in a sentence; None when it can."""
    if len(word) < OWN_WORD_MIN:
        return gettext("”%(word)s” är för kort. Skriv minst %(min)s tecken.") % {"word": word, "min": OWN_WORD_MIN}
    # The lower-case key is stored too, and may be longer than the word ("İ" becomes two characters).
    if len(word) > OWN_WORD_MAX or len(word.lower()) > OWN_WORD_MAX:
        return gettext("Skriv en kompetens per rad, med högst %(max)s tecken.") % {"max": OWN_WORD_MAX}
    return None


def suggestions(text: str) -> dict:
    """What the search-as-you-type list shows for the typed text.

    Output: {"skills": [{"id", "label"}], "own_word": the text when it can be kept as an
    own word and is no taxonomy name exactly, else None, "own_word_position": where in the
    list to offer it — after the plain names that start with the text, which are probably
    what the person is typing towards, and before everything else}.
    """
    word = clean_text(text)
    skills = ranked_skills(word)
    exact = any(skill.label_sv.lower() == word.lower() for skill in skills)
    own_word = word if word and not exact and own_word_error(word) is None else None
    position = sum(1 for skill in skills if rank_key(skill.label_sv, word)[1:3] == (False, 0))
    return {
        "skills": [{"id": skill.pk, "label": skill.label_sv} for skill in skills],
        "own_word": own_word,
        "own_word_position": position,
    }


def _skills_named(names: list[str]) -> dict[str, Skill]:
    """The taxonomy skills with exactly these names (any letter case), by lower-case name, in one query."""
    any_name = Q()
    for name in names:
        any_name |= _named("label_sv", name)
    if not names:
        return {}
    return {skill.label_sv.lower(): skill for skill in Skill.objects.filter(any_name, kind=Skill.Kind.SKILL)}


@dataclass
class SkillChoice:
    """What the skills field cleans to: taxonomy skills, own words, the own words just typed
    (new_words), and those of them the taxonomy has names containing (review: word →
    candidate skills), to offer on the next render."""

    skills: list[Skill] = field(default_factory=list)
    own_words: list[str] = field(default_factory=list)
    new_words: list[str] = field(default_factory=list)
    review: dict[str, list[Skill]] = field(default_factory=dict)

    def notes(self) -> list[str]:
        """One plain sentence per own word just added: what happened to it."""
        return [
            gettext(
                "”%(word)s” finns inte i Arbetsförmedlingens lista, så vi sparade det som eget ord. "
                "Egna ord räknas också när vi letar uppdrag och personer som passar varandra."
            )
            % {"word": word}
            for word in self.new_words
        ]


def resolve_skills(*, chosen: list[str], added: str) -> SkillChoice:
    """Make sense of the skills part of a form.

    Inputs: chosen — the values of the ticked boxes: a Skill pk, or "ord:" and an own word;
    added — text typed to add, one skill per line (a line that is no taxonomy name but has
    commas is read as several, for those used to the old comma-separated field).
    Output: a SkillChoice. A line that names no taxonomy skill becomes an own word; when the
    taxonomy has names containing it, they go in `review`.
    Raises ValidationError for more than MAX_SKILLS, or a line too short or long to keep.
    """
    ids, own_words = [], []
    for value in chosen:
        value = clean_text(value)
        if ascii_int(value) is not None and len(value) < 10:
            ids.append(ascii_int(value))
        elif value.startswith(OWN_PREFIX) and clean_text(value[len(OWN_PREFIX) :]):
            own_words.append(clean_text(value[len(OWN_PREFIX) :]))
        # Anything else came from no form of ours; it is left out.
    lines = [clean_text(line) for line in (added or "").splitlines()]
    lines = [line for line in lines if line]
    if len(lines) > MAX_SKILLS * 3:
        raise ValidationError(_("Välj högst %(max)s kompetenser.") % {"max": MAX_SKILLS})
    parts = [part.strip() for line in lines if "," in line for part in line.split(",") if part.strip()]
    if len(parts) > MAX_SKILLS * 3:
        # Checked before the names are looked up: thousands of them would make a query the database refuses.
        raise ValidationError(_("Välj högst %(max)s kompetenser.") % {"max": MAX_SKILLS})
    known = _skills_named([name for name in lines + parts if len(name) <= QUERY_MAX])
    by_id = {skill.pk: skill for skill in Skill.objects.filter(pk__in=ids, kind=Skill.Kind.SKILL)}
    skills = [by_id[pk] for pk in ids if pk in by_id]
    typed_words = []
    for line in lines:
        if line.lower() in known:
            skills.append(known[line.lower()])
            continue
        for name in [p.strip() for p in line.split(",") if p.strip()] if "," in line else [line]:
            if name.lower() in known:
                skills.append(known[name.lower()])
            else:
                error = own_word_error(name)
                if error:
                    raise ValidationError(error)
                typed_words.append(name)
    skills = list({skill.pk: skill for skill in skills}.values())
    taken = {skill.label_sv.lower() for skill in skills}
    words = {}
    for word in own_words + typed_words:
        if word.lower() not in taken and word.lower() not in words and own_word_error(word) is None:
            words[word.lower()] = word
    count = len(skills) + len(words)
    if count > MAX_SKILLS:
        raise ValidationError(
            _("Du kan välja högst %(max)s kompetenser, och nu är de %(count)s. Ta bort kryssen vid några.")
            % {"max": MAX_SKILLS, "count": count}
        )
    new_words = [words[key] for key in dict.fromkeys(word.lower() for word in typed_words) if key in words]
    chosen_ids = {skill.pk for skill in skills}
    review = {
        word: [s for s in ranked_skills(word, limit=REVIEW_LIMIT + len(chosen_ids)) if s.pk not in chosen_ids][
            :REVIEW_LIMIT
        ]
        for word in new_words
    }
    return SkillChoice(
        skills=skills,
        own_words=list(words.values()),
        new_words=new_words,
        review={word: candidates for word, candidates in review.items() if candidates},
    )


SUGGEST_URL = reverse_lazy("assignments:skill_suggestions")


def with_max(message) -> str:
    """A lazy text with %(max)s filled in when it is shown, in the language of that moment."""
    return lazy(lambda: str(message) % {"max": MAX_SKILLS}, str)()


class SkillsWidget(forms.Widget):
    """Chosen skills as ticked checkboxes (untick to remove) and a text box to add more.

    Works as a plain form; static/js/skills.js adds search-as-you-type from suggest_url.
    After cleaning, the field hands the widget its SkillChoice (`resolved`), so a form
    shown again shows what the typed lines became, with the taxonomy names to choose from.
    """

    template_name = "forms/skills_widget.html"
    use_fieldset = True

    def __init__(self, attrs=None, suggest_url=SUGGEST_URL):
        super().__init__(attrs)
        self.suggest_url = suggest_url
        self.resolved: SkillChoice | None = None

    def value_from_datadict(self, data, files, name):
        chosen = data.getlist(name) if hasattr(data, "getlist") else list(data.get(name) or [])
        return {"chosen": chosen, "added": data.get(f"{name}_add", "")}

    def value_omitted_from_data(self, data, files, name):
        return name not in data and f"{name}_add" not in data

    def id_for_label(self, id_):
        return f"{id_}_add" if id_ else id_

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        choice, added = self.resolved, ""
        if choice is None:
            if isinstance(value, SkillChoice):
                choice = value
            else:
                value = value or {}
                added = value.get("added", "")
                choice = _choice_from_values(value.get("chosen", []))
        reviewed = {word.lower() for word in choice.review}
        items = [{"value": str(skill.pk), "label": skill.label_sv, "own": False} for skill in choice.skills]
        items += [
            {"value": OWN_PREFIX + word, "label": word, "own": True}
            for word in choice.own_words
            if word.lower() not in reviewed
        ]
        context["widget"].update(
            chosen=items,
            review=[
                {"word": word, "value": OWN_PREFIX + word, "candidates": candidates}
                for word, candidates in choice.review.items()
            ],
            added=added,
            suggest_url=str(self.suggest_url),
            max=MAX_SKILLS,
        )
        return context


def _choice_from_values(values: list[str]) -> SkillChoice:
    """The ticked boxes of a form shown again, as they were, without judging them."""
    ids = [ascii_int(v) for v in values if ascii_int(v) is not None and len(v) < 10]
    by_id = {skill.pk: skill for skill in Skill.objects.filter(pk__in=ids, kind=Skill.Kind.SKILL)}
    words = [clean_text(v[len(OWN_PREFIX) :]) for v in values if v.startswith(OWN_PREFIX)]
    skills = [by_id[pk] for pk in dict.fromkeys(ids) if pk in by_id]
    return SkillChoice(skills=skills, own_words=[word for word in words if word])


class SkillsField(forms.Field):
    """Up to MAX_SKILLS skills, taxonomy names or own words. Cleans to a SkillChoice.

    Initial value: a SkillChoice (see initial_skills).
    """

    widget = SkillsWidget

    def to_python(self, value) -> SkillChoice:
        if isinstance(value, SkillChoice):
            return value
        value = value or {}
        return resolve_skills(chosen=value.get("chosen", []), added=value.get("added", ""))

    def validate(self, value: SkillChoice) -> None:
        if self.required and not (value.skills or value.own_words):
            raise ValidationError(self.error_messages["required"], code="required")

    def clean(self, value) -> SkillChoice:
        choice = super().clean(value)
        self.widget.resolved = choice
        return choice

    def has_changed(self, initial, data) -> bool:
        return True


def initial_skills(*, skills, own_skills) -> SkillChoice:
    """The initial value of a SkillsField from saved rows: Skill objects and OwnSkill rows."""
    return SkillChoice(skills=list(skills), own_words=[own.name for own in own_skills])


def own_skills_set(related, words: list[str]) -> None:
    """Make the own words of a profile or an assignment exactly these.

    Inputs: related — its `own_skills` manager; words — the words, deduplicated by letter case.
    Rows already there stay, so a word keeps its place in the list.
    """
    wanted = {word.lower(): word for word in words}
    related.exclude(key__in=list(wanted)).delete()
    have = set(related.values_list("key", flat=True))
    new = [
        related.model(name=word, **{related.field.name: related.instance})
        for key, word in wanted.items()
        if key not in have
    ]
    for row in new:
        row.key = row.name.lower()
    # ignore_conflicts: a double submit of the same form adds the same word twice at the same moment;
    # the unique (owner, key) index keeps one, and the person sees no error.
    related.model.objects.bulk_create(new, ignore_conflicts=True)


# Matching -------------------------------------------------------------------------------


@dataclass
class SkillSide:
    """One side of a match, read into Python: its taxonomy skills' pks and names, and its own words."""

    skill_ids: list[int]
    labels: list[str]
    words: list[str]

    @classmethod
    def of(cls, owner) -> "SkillSide":
        """Input: a MemberProfile or an Assignment (anything with `skills` and `own_skills`); two queries."""
        pairs = list(owner.skills.values_list("pk", "label_sv"))
        words = list(owner.own_skills.values_list("key", flat=True))
        return cls(skill_ids=[pk for pk, _label in pairs], labels=[label for _pk, label in pairs], words=words)

    def __bool__(self) -> bool:
        return bool(self.skill_ids or self.words)


def fits_q(side: SkillSide, *, skill_links: QuerySet, own_rows: QuerySet):
    """A condition on the other side of a match: it shares a skill or an own word fits (see the module's rule).

    Inputs: side — this side; skill_links — the other side's rows of its skills' through
    table, tied to the outer row with OuterRef (with a `skill` relation); own_rows — its
    OwnSkill rows, tied the same way.
    Output: an expression for .filter(), or None when this side has no skills at all.
    """
    skill_ids, words = side.skill_ids, [word.lower() for word in side.words]
    haystack = "\n".join([label.lower() for label in side.labels] + words)
    conditions = []
    if skill_ids:
        conditions.append(Exists(skill_links.filter(skill_id__in=skill_ids)))
    if haystack:
        # The other side's own word inside one of this side's names or words.
        inside = own_rows.alias(haystack=Value(haystack, output_field=CharField()))
        conditions.append(Exists(inside.filter(haystack__contains=F("key"))))
    for word in words:
        # This side's own word inside one of the other side's words or names.
        conditions.append(Exists(own_rows.filter(key__contains=word)))
        conditions.append(Exists(skill_links.filter(_contains("skill__label_sv", word))))
    if not conditions:
        return None
    condition = conditions[0]
    for more in conditions[1:]:
        condition |= more
    return condition


def has_any_q(*, skill_links: QuerySet, own_rows: QuerySet):
    """The other side has a skill or an own word at all.

    Inputs: the other side's skill links and OwnSkill rows, tied to the outer row with
    OuterRef (as for fits_q). Output: an expression for .filter().
    """
    return Exists(skill_links) | Exists(own_rows)


# The suggestion endpoint ------------------------------------------------------------------

RATE_LIMIT_PER_MINUTE = 120
SUGGESTIONS_CACHE_SECONDS = 60 * 60


@require_GET
def skill_suggestions(request: HttpRequest) -> JsonResponse:
    """JSON for the skills search box: suggestions(?q=), cached; odd input gives an empty list."""
    text = clean_text(request.GET.get("q", "")[: QUERY_MAX + 1])
    # Counted per client as django-axes sees it (BEHIND_PROXY): behind the proxy REMOTE_ADDR is
    # the proxy's, and everyone would share one allowance.
    rate = count_and_check(request, scope="skill-suggest", limit=RATE_LIMIT_PER_MINUTE, window_seconds=60)
    if rate.over:
        message = gettext("Vänta en stund och försök igen.")
        response = JsonResponse({"skills": [], "own_word": None, "own_word_position": 0, "error": message}, status=429)
        response["Retry-After"] = str(rate.retry_after_seconds)
        return response
    key = "skill-suggest:" + hashlib.sha256(text.lower().encode()).hexdigest()
    try:
        data = cache.get_or_set(key, lambda: suggestions(text), SUGGESTIONS_CACHE_SECONDS)
    except Exception:
        data = suggestions(text)
    data = dict(data, own_word=text if data["own_word"] else None)  # keep the letter case this person typed
    response = JsonResponse(data)
    patch_cache_control(response, public=True, max_age=SUGGESTIONS_CACHE_SECONDS)
    return response
