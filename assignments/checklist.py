"""What a resident should know before signing up: insurance, criminal-record extract, risks and
protective equipment, and the tax the payment route implies ("Bra att veta innan du anmäler dig").

Three things live here, each said once:

- CATEGORY_DEFAULTS: the suggestion per category (slugs of data/categories.csv) that a new
  assignment gets for the questions the association left unanswered (`apply_category_defaults`).
- SOURCES: every public page a legal statement on the assignment page rests on, with the date it
  was checked. To re-check, open each address, compare the sentences that cite it, and move
  `checked` to that day. Skatteverket's pages are the ones /att-fa-betalt/ already cites
  (pathways.earning_sources), so a re-check there covers this page too.
- `checklist_for`: the ready sentences and sources the assignment page shows. Sentences that state
  a rule of law or an authority's practice always carry a source; sentences that only repeat
  what the association answered carry none.

Facts about extracts are from Polisen's pages on belastningsregistret: the kinds of extract are
Polisen's own names; a request costs nothing (except for use abroad); handling takes up to two
weeks, and a letter by post 3–5 working days more. Laws are cited by their SFS number."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from assignments.models import Assignment
from pathways.earning_sources import (
    SKV_1000_LIMIT,
    SKV_ASSOCIATIONS,
    SKV_F_TAX_QUESTIONS,
    SKV_GIGS,
    SKV_TAX_TABLES,
    SKV_WHO_PAYS_FEES,
    VERKSAMT_UMBRELLA,
    Source,
)

Insurance = Assignment.Insurance
Extract = Assignment.RecordExtract
Risk = Assignment.Risk
Route = Assignment.PaymentRoute

CHECKED = date(2026, 11, 29)

POLISEN_REGISTER = Source(
    "Polisen",
    "Belastningsregistret – begära utdrag",
    "https://polisen.se/tjanster-tillstand/belastningsregistret/",
    CHECKED,
)
POLISEN_QUESTIONS = Source(
    "Polisen",
    "Frågor och kontakt – utdrag ur belastningsregistret",
    "https://polisen.se/tjanster-tillstand/belastningsregistret/fragor-och-kontakt/",
    CHECKED,
)
POLISEN_CHILDREN = Source(
    "Polisen",
    "Registerutdrag för arbete med barn i annan verksamhet än skola och barnomsorg",
    "https://polisen.se/tjanster-tillstand/belastningsregistret/ovrigt-arbete-och-kontakt-med-barn/",
    CHECKED,
)
POLISEN_SCHOOL = Source(
    "Polisen",
    "Utdrag för arbete inom skola eller förskola",
    "https://polisen.se/tjanster-tillstand/belastningsregistret/skola-eller-forskola/",
    CHECKED,
)
POLISEN_HVB = Source(
    "Polisen",
    "Utdrag för arbete på HVB-hem",
    "https://polisen.se/tjanster-tillstand/belastningsregistret/hvb-hem/",
    CHECKED,
)
POLISEN_DIGITAL = Source(
    "Polisen",
    "Digitalt registerutdrag",
    "https://polisen.se/tjanster-tillstand/belastningsregistret/digitalt-registerutdrag/",
    CHECKED,
)

# Every source the checklist may cite, by a short key (the tests and the template's list use them).
SOURCES: dict[str, Source] = {
    "polisen_register": POLISEN_REGISTER,
    "polisen_questions": POLISEN_QUESTIONS,
    "polisen_children": POLISEN_CHILDREN,
    "polisen_school": POLISEN_SCHOOL,
    "polisen_hvb": POLISEN_HVB,
    "polisen_digital": POLISEN_DIGITAL,
    "skv_associations": SKV_ASSOCIATIONS,
    "skv_gigs": SKV_GIGS,
    "skv_f_tax": SKV_F_TAX_QUESTIONS,
    "skv_who_pays_fees": SKV_WHO_PAYS_FEES,
    "skv_tax_tables": SKV_TAX_TABLES,
    "skv_1000_limit": SKV_1000_LIMIT,
    "verksamt_umbrella": VERKSAMT_UMBRELLA,
}


@dataclass(frozen=True)
class Defaults:
    """The suggestion for one category: the extract to ask for and the risks the work usually has.

    None for `extract` leaves the question unanswered ("not stated"); an empty `risks` likewise."""

    extract: str | None = Extract.NONE
    risks: tuple[str, ...] = ()


# Category slug → suggestion. Only what the kind of work itself implies: a work-with-children
# extract for work with children (Polisen's kind for associations, lagen (2013:852)); risks that the
# usual tasks of the category carry. Companionship and support may mean work with children or with
# adults, so the association is asked rather than told. A category missing here gets no suggestion.
CATEGORY_DEFAULTS: dict[str, Defaults] = {
    "tradgard-och-utemiljo": Defaults(risks=(Risk.POWER_TOOLS,)),
    "snorojning-och-vinter": Defaults(risks=(Risk.HEAVY_LIFTING,)),
    "bygg-och-reparationer": Defaults(risks=(Risk.HEIGHT, Risk.POWER_TOOLS)),
    "fastighetsskotsel": Defaults(risks=(Risk.HEIGHT, Risk.POWER_TOOLS)),
    "stadning": Defaults(risks=(Risk.HEAVY_LIFTING,)),
    "evenemang": Defaults(),
    "mat-och-servering": Defaults(),
    "transport-och-flytt": Defaults(risks=(Risk.DRIVING, Risk.HEAVY_LIFTING)),
    "sallskap-och-omsorg": Defaults(extract=None),
    "barn-och-unga": Defaults(extract=Extract.CHILDREN),
    "data-och-it": Defaults(risks=(Risk.NONE,)),
    "administration": Defaults(risks=(Risk.NONE,)),
    "kultur-och-media": Defaults(),
    "hantverk": Defaults(),
    "skog-och-djur": Defaults(risks=(Risk.POWER_TOOLS,)),
}

RISK_ORDER = [value for value, _label in Risk.choices]


def defaults_for(category_slug: str) -> Defaults:
    """The suggestion for a category slug; an unknown slug gets none (both questions unanswered)."""
    return CATEGORY_DEFAULTS.get(category_slug, Defaults(extract=None))


def apply_category_defaults(data: dict) -> list[str]:
    """Fill the questions a new assignment left unanswered with its category's suggestion.

    Input: cleaned form data with `category` (a Category), `record_extract` and `risks` (list of
    Risk codes); changed in place. Output: the names of the fields that were filled. An answer
    the association gave is never replaced; insurance and equipment are never suggested, since
    only the association knows them."""
    category = data.get("category")
    if category is None:
        return []
    suggestion = defaults_for(category.slug)
    filled = []
    if data.get("record_extract") == Extract.NOT_STATED and suggestion.extract is not None:
        data["record_extract"] = suggestion.extract
        filled.append("record_extract")
    if not data.get("risks") and suggestion.risks:
        data["risks"] = list(suggestion.risks)
        filled.append("risks")
    return filled


def check_risks(*, risks: list[str], risks_other: str, protective_equipment: str) -> dict[str, ValidationError]:
    """The rules for the risk answers, as errors by field name (empty when all hold).

    - "Inga särskilda risker" goes alone.
    - "Annan risk" needs a few words on what it is.
    - Any risk needs the protective equipment stated, or "Ingen" written out, so a resident
      never has to guess whether "nothing written" means none or not said."""
    errors = {}
    real = [risk for risk in risks if risk != Risk.NONE]
    if Risk.NONE in risks and real:
        errors["risks"] = ValidationError(
            _("Du har valt både ”Inga särskilda risker” och en risk. Välj det ena eller det andra.")
        )
    if Risk.OTHER in risks and not risks_other.strip():
        errors["risks_other"] = ValidationError(_("Skriv vilken den andra risken är."))
    if real and not protective_equipment.strip():
        errors["protective_equipment"] = ValidationError(
            _("Skriv vilken skyddsutrustning föreningen har, eller ”Ingen” om ni inte har någon.")
        )
    return errors


@dataclass(frozen=True)
class Fact:
    """One answer as the page says it: a heading (dt), sentences (dd) and the sources of any rule."""

    term: Promise
    sentences: tuple[Promise | str, ...]
    sources: tuple[Source, ...] = ()
    stated: bool = True
    # A list within the answer (the risks), shown after the first sentence.
    items: tuple[str, ...] = ()


INSURANCE_SENTENCES = {
    Insurance.YES: _("Föreningen säger att dess försäkring gäller för arbetet i uppdraget."),
    Insurance.NO: _(
        "Föreningen säger att dess försäkring inte gäller för arbetet. Fråga föreningen vad som gäller om "
        "något händer, innan du anmäler dig."
    ),
    Insurance.UNKNOWN: _(
        "Föreningen vet inte om dess försäkring gäller för arbetet. Fråga föreningen innan du anmäler dig."
    ),
    Insurance.NOT_STATED: _("Föreningen har inte angett om dess försäkring gäller för arbetet. Fråga gärna."),
}

EXTRACT_SENTENCES = {
    Extract.NONE: (_("Föreningen behöver inget utdrag ur belastningsregistret för det här uppdraget."), ()),
    Extract.CHILDREN: (
        _(
            "Föreningen vill se ett utdrag ur belastningsregistret för arbete med barn: Polisens utdrag "
            "”Arbete med barn i annan verksamhet än skola och barnomsorg”, enligt lagen (2013:852) om "
            "registerkontroll av personer som ska arbeta med barn. Utdraget gäller i ett år."
        ),
        (POLISEN_CHILDREN,),
    ),
    Extract.SCHOOL: (
        _(
            "Föreningen vill se ett utdrag ur belastningsregistret för arbete i skola, förskola eller "
            "barnomsorg. Det är Polisens utdrag för arbete inom skola eller förskola."
        ),
        (POLISEN_SCHOOL,),
    ),
    Extract.DISABILITY: (
        _(
            "Föreningen vill se ett utdrag ur belastningsregistret för arbete med barn med funktionsnedsättning "
            "(LSS). Polisen har ett eget utdrag för det."
        ),
        (POLISEN_QUESTIONS,),
    ),
    Extract.HVB: (
        _(
            "Föreningen vill se ett utdrag ur belastnings- och misstankeregistret för arbete på HVB-hem (hem för "
            "vård eller boende) som tar emot barn."
        ),
        (POLISEN_HVB,),
    ),
    Extract.OTHER: (
        _("Föreningen vill se ett utdrag ur belastningsregistret. Läs i beskrivningen vilket, eller fråga föreningen."),
        (),
    ),
    Extract.NOT_STATED: (
        _("Föreningen har inte angett om du behöver visa ett utdrag ur belastningsregistret. Fråga gärna."),
        (),
    ),
}

# How to get one, said once for every kind of extract that is asked for.
EXTRACT_HOW = (
    _(
        "Du beställer utdraget själv hos Polisen, i deras e-tjänst eller med en blankett. Det kostar inget. "
        "Polisen handlägger det på upp till två veckor, och med post tar det 3–5 vardagar till, så beställ "
        "i god tid. Många sorters utdrag kan du få till din digitala brevlåda."
    ),
    (POLISEN_REGISTER, POLISEN_QUESTIONS, POLISEN_DIGITAL),
)

TAX_SENTENCES = {
    Route.VOLUNTARY: (
        _(
            "Uppdraget är ideellt, utan ersättning. Utan ersättning finns det ingen inkomst att betala skatt "
            "eller avgifter på. Får du ändå pengar eller förmåner för arbetet räknas de som ersättning för arbete."
        ),
        (SKV_ASSOCIATIONS,),
    ),
    Route.UMBRELLA: (
        _(
            "Du fakturerar via ett egenanställningsföretag. Det betalar ut lön till dig och drar skatt, betalar "
            "arbetsgivaravgifterna och rapporterar inkomsten till Skatteverket. Du behöver inget eget företag."
        ),
        (VERKSAMT_UMBRELLA, SKV_GIGS),
    ),
    Route.F_TAX: (
        _(
            "Du fakturerar från ditt eget företag med F-skatt. Då drar föreningen ingen skatt och betalar inga "
            "avgifter: du betalar själv din preliminära skatt och dina egenavgifter."
        ),
        (SKV_F_TAX_QUESTIONS,),
    ),
    Route.EMPLOYMENT: (
        _(
            "Föreningen anställer dig och betalar lön. Den drar skatt från lönen och betalar arbetsgivaravgifter. "
            "Blir ersättningen från föreningen lägre än 1 000 kronor under året drar den ingen skatt och betalar "
            "inga arbetsgivaravgifter."
        ),
        (SKV_WHO_PAYS_FEES, SKV_TAX_TABLES, SKV_1000_LIMIT),
    ),
}


def risk_labels(risks: list[str]) -> list[str]:
    """The chosen risks in words, in the order of Assignment.Risk (unknown codes left out)."""
    labels = dict(Risk.choices)
    return [str(labels[risk]) for risk in RISK_ORDER if risk in risks and risk not in (Risk.NONE, Risk.OTHER)]


def checklist_for(assignment: Assignment) -> list[Fact]:
    """What the assignment page says before the sign-up button, in order: insurance, extract,
    risks and equipment, tax. Reads only the assignment's own columns (no queries)."""
    facts = [
        Fact(
            _("Försäkring"),
            (INSURANCE_SENTENCES.get(assignment.insurance, INSURANCE_SENTENCES[Insurance.NOT_STATED]),),
            stated=assignment.insurance != Insurance.NOT_STATED,
        )
    ]
    sentence, sources = EXTRACT_SENTENCES.get(assignment.record_extract, EXTRACT_SENTENCES[Extract.NOT_STATED])
    extract_sentences = (sentence,)
    if assignment.record_extract not in (Extract.NONE, Extract.NOT_STATED):
        extract_sentences += (EXTRACT_HOW[0],)
        sources = sources + EXTRACT_HOW[1]
    facts.append(
        Fact(
            _("Utdrag ur belastningsregistret"),
            extract_sentences,
            sources,
            stated=assignment.record_extract != Extract.NOT_STATED,
        )
    )
    facts.append(_risk_fact(assignment))
    sentence, sources = TAX_SENTENCES[assignment.payment_route]
    facts.append(Fact(_("Skatt och avgifter"), (sentence,), sources))
    return facts


def _risk_fact(assignment: Assignment) -> Fact:
    risks = list(assignment.risks or [])
    term = _("Risker och skyddsutrustning")
    if not risks:
        return Fact(
            term,
            (_("Föreningen har inte angett om arbetet har några särskilda risker. Fråga gärna."),),
            stated=False,
        )
    if risks == [Risk.NONE]:
        return Fact(term, (_("Föreningen säger att arbetet inte har några särskilda risker."),))
    named = risk_labels(risks)
    if Risk.OTHER in risks:
        named.append(assignment.risks_other or str(Risk.OTHER.label))
    if assignment.protective_equipment.strip():
        equipment = _("Skyddsutrustning: %(equipment)s") % {"equipment": assignment.protective_equipment.strip()}
    else:
        equipment = _("Föreningen har inte skrivit vilken skyddsutrustning som finns. Fråga gärna.")
    return Fact(term, (_("Arbetet har de här riskerna:"), equipment), items=tuple(named))


def cited_sources(facts: list[Fact]) -> list[Source]:
    """The sources the facts cite, each once, in the order of SOURCES."""
    cited = {source for fact in facts for source in fact.sources}
    return [source for source in SOURCES.values() if source in cited]
