"""A year of made-up history for the pilot municipalities, loaded by `manage.py seed_demo`.

The shipped demo (municipalities/demo_content.py) tells a few stories in detail; this
module adds the volume a municipal dashboard needs to be worth looking at: some
hundred assignments per municipality over the last 14 months, with a seasonal shape
(snow in winter, markets and grass in summer), claimed, completed with confirmed
hours, cancelled or left unfilled, done by residents who join over the year, some of
whom consented to give their situation and later report a job or studies.

`plan()` is pure: from the day it runs and a fixed seed it returns the same history
every time, with dates relative to that day. The seeder decides what of it to write.
Everyone here is made up and has an address under the demo's .example domain.
"""

import math
import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from municipalities import demo_content as demo
from municipalities.demo_content import LYCKSELE, NORRTALJE, NORSJO, VOLUNTARY, Pay, fee, hourly

STOCKHOLM = ZoneInfo("Europe/Stockholm")
SEED = 2481
HISTORY_DAYS = 410  # about 14 months back; the demo associations registered 420 days ago

# --- What the associations post ---------------------------------------------

WINTER = (11, 12, 1, 2, 3)
SUMMER = (6, 7, 8)
ALL_YEAR = tuple(range(1, 13))
SCHOOL_YEAR = (1, 2, 3, 4, 5, 8, 9, 10, 11, 12)

# The kind of work each demo association has; only verified ones have a history.
KINDS: dict[str, tuple[str, ...]] = {
    "rusksele": ("village",),
    "hedlunda": ("village",),
    "lycksele-landsbygd": ("development", "trails"),
    "bastutrask-bygdegard": ("village",),
    "norsjo-kooperativet": ("cooperative",),
    "bastutrask-vagar": ("roads", "trails"),
    "grisslehamn": ("village",),
    "hallstavik-herrang": ("development", "trails"),
    "rimbo": ("meeting_place",),
}

# Assignments an association posts in an ordinary month; larger municipalities more.
MONTHLY_RATE = {LYCKSELE: 4.5, NORSJO: 3.0, NORRTALJE: 6.5}
# How busy each month is: the summer markets and the Christmas season stand out.
MONTH_FACTOR = {1: 0.9, 2: 1.0, 3: 0.9, 4: 0.8, 5: 1.1, 6: 1.5, 7: 1.1, 8: 1.3, 9: 1.0, 10: 0.8, 11: 0.9, 12: 1.4}
# Residents (made up) in each municipality's pool; not all of them ever take an assignment.
RESIDENTS = {LYCKSELE: 75, NORSJO: 45, NORRTALJE: 120}
# Skills that are hard to find locally: these assignments are more often left unfilled.
SCARCE = {"administration": 0.3, "data-och-it": 0.3, "bygg-och-reparationer": 0.22, "transport-och-flytt": 0.2}

VILLAGES_GOAL = "villages"  # VILLAGES in Lycksele and Norsjö, COUNTRYSIDE in Norrtälje
SOCIAL_GOAL = "social"  # NEWCOMERS in Lycksele and Norrtälje, ELDERLY in Norsjö
GOAL_TITLES = {
    (LYCKSELE, VILLAGES_GOAL): demo.VILLAGES,
    (NORSJO, VILLAGES_GOAL): demo.VILLAGES,
    (NORRTALJE, VILLAGES_GOAL): demo.COUNTRYSIDE,
    (LYCKSELE, SOCIAL_GOAL): demo.NEWCOMERS,
    (NORSJO, SOCIAL_GOAL): demo.ELDERLY,
    (NORRTALJE, SOCIAL_GOAL): demo.NEWCOMERS,
}


@dataclass(frozen=True)
class Template:
    title: str
    category: str
    kinds: tuple[str, ...]
    months: tuple[int, ...]
    hours: float
    description: str
    start: str | None = None  # a time window starting at this local time; None: a deadline
    slots: int = 1
    pays: tuple[Pay, ...] = (VOLUNTARY,)
    skills: tuple[str, ...] = ()
    goals: tuple[str, ...] = ()
    first_come: bool = False


TEMPLATES: tuple[Template, ...] = (
    # Winter
    Template(
        "Skotta snö från samlingslokalens tak",
        "snorojning-och-vinter",
        ("village", "meeting_place"),
        (12, 1, 2, 3),
        3,
        "Efter snöfallen behöver taket skottas innan snön blir för tung. Stege, selar och skyfflar finns.",
        "09:00",
        slots=2,
        pays=(VOLUNTARY, hourly(160), hourly(170, "employment")),
        skills=("Snöskottning",),
        goals=(VILLAGES_GOAL,),
    ),
    Template(
        "Snöröja parkeringen och infarten",
        "snorojning-och-vinter",
        ("village", "cooperative", "meeting_place"),
        WINTER,
        2,
        "Parkeringen och gången fram till entrén behöver skottas och sandas före helgens aktiviteter.",
        "07:30",
        pays=(hourly(150), hourly(150, "employment"), VOLUNTARY),
        skills=("Snöskottning",),
        goals=(VILLAGES_GOAL,),
        first_come=True,
    ),
    Template(
        "Ploga och sanda de enskilda vägarna",
        "snorojning-och-vinter",
        ("roads",),
        WINTER,
        5,
        "Plogning med föreningens traktor och sandning av backarna efter snöfall. Du behöver körkort.",
        "07:00",
        pays=(hourly(220, "f_tax"), hourly(200, "employment")),
        goals=(VILLAGES_GOAL,),
    ),
    Template(
        "Dra skidspår runt sjön",
        "snorojning-och-vinter",
        ("trails", "village"),
        (12, 1, 2, 3),
        3,
        "Spåra motionsspåret med skotern och spårsläden, så att byn kan åka skidor i helgen.",
        "09:00",
        pays=(VOLUNTARY, fee(600, "f_tax")),
        skills=("Förarbevis för snöskoter",),
        goals=(VILLAGES_GOAL,),
    ),
    Template(
        "Servera glögg och pepparkakor på adventsmarknaden",
        "mat-och-servering",
        ("village", "cooperative", "development"),
        (11, 12),
        5,
        "Vi behöver folk i serveringen på adventsmarknaden: glögg, kaffe och pepparkakor, betalning med Swish.",
        "10:00",
        slots=3,
        pays=(hourly(150), VOLUNTARY),
        skills=("Bordsservering", "Kassavana"),
        goals=(VILLAGES_GOAL,),
    ),
    Template(
        "Stå i julgransförsäljningen",
        "evenemang",
        ("cooperative",),
        (12,),
        4,
        "Hjälp kunderna att välja gran, ta betalt och bära granen till bilen.",
        "10:00",
        slots=2,
        pays=(hourly(150, "employment"),),
        skills=("Försäljningsvana, torg- och marknadsförsäljning", "Kassavana"),
    ),
    Template(
        "Packa julklappar till barnfamiljer",
        "sallskap-och-omsorg",
        ("development", "meeting_place"),
        (12,),
        3,
        "Vi packar julklappar som skänkts till barnfamiljer i kommunen. Trevligt sällskap och fika.",
        "17:00",
        slots=4,
        goals=(SOCIAL_GOAL,),
        first_come=True,
    ),
    # Spring
    Template(
        "Vårstäda samlingslokalen",
        "stadning",
        ("village", "meeting_place"),
        (3, 4, 5),
        4,
        "Storstädning av kök, sal och förråd inför sommaren. Vi bjuder på lunch.",
        "10:00",
        slots=3,
        pays=(VOLUNTARY, hourly(140)),
        skills=("Storstädning",),
        goals=(VILLAGES_GOAL,),
        first_come=True,
    ),
    Template(
        "Kratta och snygga till vid badplatsen",
        "tradgard-och-utemiljo",
        ("village", "development"),
        (4, 5, 9),
        3,
        "Kratta sanden, plocka skräp och se över bänkarna vid badplatsen.",
        "10:00",
        slots=2,
        pays=(VOLUNTARY, fee(450)),
        skills=("Trädgårdsskötsel",),
        goals=(VILLAGES_GOAL,),
    ),
    Template(
        "Laga och olja bryggan",
        "bygg-och-reparationer",
        ("village", "development"),
        (5, 6, 8),
        6,
        "Byta några brädor i bryggan och olja hela däcket. Virke och verktyg finns.",
        slots=2,
        pays=(fee(1800, "f_tax"), fee(1500), hourly(180, "employment")),
        skills=("Snickerimålning och ytbehandling",),
        goals=(VILLAGES_GOAL,),
    ),
    Template(
        "Fylla potthål och grusa vägen",
        "fastighetsskotsel",
        ("roads",),
        (5, 6, 9),
        6,
        "Efter tjällossningen behöver potthålen fyllas och vägen grusas och hyvlas.",
        "08:00",
        slots=2,
        pays=(hourly(210, "f_tax"), hourly(190, "employment")),
        skills=("Fastighetsskötsel",),
        goals=(VILLAGES_GOAL,),
    ),
    # Summer
    Template(
        "Servera på sommarmarknaden",
        "mat-och-servering",
        ("village", "cooperative", "development"),
        SUMMER,
        6,
        "Sommarmarknaden drar folk från hela bygden. Vi behöver hjälp i kaféet med våfflor, kaffe och kassa.",
        "10:00",
        slots=3,
        pays=(hourly(150), hourly(155, "employment"), VOLUNTARY),
        skills=("Bordsservering", "Kassavana"),
        goals=(VILLAGES_GOAL,),
    ),
    Template(
        "Bygga upp och riva marknadsstånden",
        "evenemang",
        ("village", "development", "cooperative"),
        SUMMER,
        4,
        "Bära tält, bord och stolar på morgonen och plocka ned allt när marknaden stänger.",
        "07:00",
        slots=3,
        pays=(fee(700), VOLUNTARY),
        skills=("God fysik (tunga lyft)",),
        goals=(VILLAGES_GOAL,),
        first_come=True,
    ),
    Template(
        "Klä och resa midsommarstången",
        "evenemang",
        ("village",),
        (6,),
        3,
        "Plocka björkris och blommor, klä stången och res den tillsammans inför midsommarafton.",
        "10:00",
        slots=4,
        goals=(VILLAGES_GOAL, SOCIAL_GOAL),
        first_come=True,
    ),
    Template(
        "Klippa gräset runt samlingslokalen",
        "tradgard-och-utemiljo",
        ("village", "meeting_place", "cooperative"),
        (5, 6, 7, 8, 9),
        3,
        "Gräsklippning och trimning runt huset och vid lekplatsen. Klippare och trimmer finns i förrådet.",
        pays=(hourly(150), fee(400), VOLUNTARY),
        skills=("Trädgårdsskötsel",),
        goals=(VILLAGES_GOAL,),
    ),
    Template(
        "Fotografera sommarfesten",
        "kultur-och-media",
        ("village", "development", "meeting_place"),
        (6, 7, 8),
        4,
        "Ta bilder under festen som vi får använda på hemsidan och i nyhetsbrevet.",
        "13:00",
        pays=(fee(1200, "f_tax"), fee(900), VOLUNTARY),
        skills=("Fotografering",),
        goals=(VILLAGES_GOAL,),
    ),
    Template(
        "Röja sly längs vandringsleden",
        "skog-och-djur",
        ("trails",),
        (6, 7, 8, 9),
        6,
        "Leden växer igen. Röj sly och kvistar längs leden; röjsåg finns att låna.",
        "08:00",
        slots=2,
        pays=(hourly(200, "f_tax"), hourly(180), VOLUNTARY),
        skills=("Skogsröjning", "Röjsågskörkort Nivå RA"),
        goals=(VILLAGES_GOAL,),
    ),
    Template(
        "Sköta fåren i hagen en vecka",
        "skog-och-djur",
        ("village",),
        SUMMER,
        5,
        "Titta till fåren morgon och kväll, fylla på vatten och kolla stängslet medan fårägaren är bortrest.",
        pays=(fee(800), VOLUNTARY),
        skills=("Fårskötsel",),
        goals=(VILLAGES_GOAL,),
    ),
    # Autumn
    Template(
        "Höststäda och stänga badplatsen",
        "tradgard-och-utemiljo",
        ("village", "development"),
        (9, 10),
        3,
        "Ta upp badstegen, bära in bänkarna och kratta löv innan vintern.",
        "10:00",
        slots=3,
        goals=(VILLAGES_GOAL,),
        first_come=True,
    ),
    Template(
        "Servera på skördefesten",
        "mat-och-servering",
        ("village", "meeting_place"),
        (9, 10),
        5,
        "Hjälp till i köket och serveringen när byn firar skördefest med soppa och hembakat.",
        "15:00",
        slots=2,
        pays=(hourly(150, "employment"), VOLUNTARY),
        skills=("Bordsservering",),
        goals=(VILLAGES_GOAL, SOCIAL_GOAL),
    ),
    Template(
        "Rensa diken längs byavägarna",
        "fastighetsskotsel",
        ("roads",),
        (8, 9, 10),
        6,
        "Rensa trummor och diken så att vårfloden inte tar vägen. Spade och grep finns.",
        "08:00",
        slots=2,
        pays=(hourly(200, "f_tax"), hourly(180, "employment")),
        goals=(VILLAGES_GOAL,),
    ),
    Template(
        "Kapa, klyva och stapla ved till bastun",
        "skog-och-djur",
        ("village", "trails"),
        (9, 10, 11),
        4,
        "Veden till byabastun ska kapas, klyvas och staplas under tak innan snön kommer.",
        "10:00",
        slots=2,
        pays=(VOLUNTARY, fee(600)),
        skills=("God fysik (tunga lyft)",),
        goals=(VILLAGES_GOAL,),
    ),
    # All year
    Template(
        "Läxhjälp i svenska och engelska",
        "barn-och-unga",
        ("meeting_place", "development"),
        SCHOOL_YEAR,
        2,
        "Hjälp barn i årskurs 4–9 med läxorna en eftermiddag. Vi har fika och böcker på plats.",
        "15:30",
        slots=2,
        pays=(hourly(160, "employment"), VOLUNTARY),
        skills=("Matematik, undervisning grundskolenivå",),
        goals=(SOCIAL_GOAL,),
    ),
    Template(
        "Hjälpa till med mobil och surfplatta",
        "data-och-it",
        ("meeting_place", "development", "cooperative"),
        (1, 2, 3, 4, 5, 6, 8, 9, 10, 11, 12),
        2,
        "Visa äldre hur man använder BankID, Swish och videosamtal. Tålamod är viktigare än teknik.",
        "13:00",
        pays=(VOLUNTARY, fee(400)),
        skills=("Internetanvändning, undervisning",),
        goals=(SOCIAL_GOAL,),
    ),
    Template(
        "Laga lunch till öppna huset",
        "mat-och-servering",
        ("meeting_place", "cooperative"),
        ALL_YEAR,
        4,
        "Laga soppa och baka bröd till lunchen på öppna huset, för ett trettiotal gäster.",
        "09:00",
        slots=2,
        pays=(hourly(150, "employment"), hourly(150)),
        skills=("Enklare matlagningskunskaper",),
        goals=(SOCIAL_GOAL,),
    ),
    Template(
        "Stå i kaféet och second hand-butiken",
        "mat-och-servering",
        ("cooperative",),
        ALL_YEAR,
        6,
        "Ta emot kunder, sortera skänkta saker och hålla kaféet igång en dag.",
        "10:00",
        pays=(hourly(145, "employment"),),
        skills=("Kundbemötande och service",),
        goals=(SOCIAL_GOAL,),
    ),
    Template(
        "Bokföra kvartalets kvitton",
        "administration",
        ("cooperative", "roads", "village", "meeting_place"),
        (1, 4, 7, 10),
        8,
        "Föra in kvartalets kvitton och fakturor i bokföringsprogrammet och stämma av kontot.",
        pays=(fee(2400, "f_tax"), fee(2000)),
        skills=("Bokföringsvana",),
    ),
    Template(
        "Följa med äldre till vårdcentralen",
        "sallskap-och-omsorg",
        ("meeting_place", "development"),
        ALL_YEAR,
        3,
        "Köra och följa med en äldre person till vårdcentralen och handla på vägen hem.",
        "09:30",
        pays=(VOLUNTARY, fee(350)),
        goals=(SOCIAL_GOAL,),
    ),
    Template(
        "Leda ett samtal på språkkaféet",
        "sallskap-och-omsorg",
        ("development", "meeting_place"),
        (1, 2, 3, 4, 5, 9, 10, 11, 12),
        2,
        "Prata svenska över en kopp kaffe med nya invånare som vill öva på språket.",
        "18:00",
        slots=2,
        skills=("Svenska, cirkelledning",),
        goals=(SOCIAL_GOAL,),
    ),
    Template(
        "Uppdatera föreningens webbplats",
        "data-och-it",
        ("village", "development", "cooperative", "meeting_place", "roads"),
        ALL_YEAR,
        5,
        "Lägga in årets program, byta bilder och se till att kontaktuppgifterna stämmer.",
        pays=(fee(1500, "f_tax"), fee(1200), VOLUNTARY),
        skills=("WordPress, CMS", "Publicering, webben och sociala medier"),
    ),
    Template(
        "Bära möbler till förrådet",
        "transport-och-flytt",
        ("meeting_place", "cooperative", "village"),
        ALL_YEAR,
        3,
        "Bära bord, stolar och lådor mellan lokalen och förrådet. Föreningen har en släpvagn.",
        "10:00",
        slots=2,
        pays=(hourly(150), VOLUNTARY),
        skills=("Flyttpackningsvana", "God fysik (tunga lyft)"),
        first_come=True,
    ),
    Template(
        "Sy nya dukar till samlingssalen",
        "hantverk",
        ("village", "meeting_place"),
        (2, 3, 10, 11),
        6,
        "Sy ett tjugotal dukar av tyget föreningen har köpt. Symaskin finns att låna.",
        pays=(fee(1000), VOLUNTARY),
        skills=("Sömnad",),
        goals=(VILLAGES_GOAL,),
    ),
)

TITLES = frozenset(t.title for t in TEMPLATES)
SKILLS = frozenset(label for t in TEMPLATES for label in t.skills)

CANCEL_REASONS = (
    "Marknaden ställdes in på grund av vädret.",
    "Vi fick hjälp av medlemmar i föreningen i stället.",
    "Lokalen blev inte klar i tid, så vi skjuter på det.",
    "Snön kom inte, så det behövs inte den här gången.",
)
REFERENCES = (
    "Punktlig, noggrann och trevlig. Vi hör gärna av oss igen.",
    "Jobbade på bra och tog egna initiativ. Varmt tack!",
    "Mycket uppskattad av besökarna. Rekommenderas.",
    "Gjorde ett fint jobb och höll tiden.",
    "",
    "",
)

FIRST_NAMES = [
    "Agnes",
    "Alva",
    "Amir",
    "Astrid",
    "Axel",
    "Bengt",
    "Britt",
    "Dalia",
    "Ebba",
    "Elias",
    "Ella",
    "Emil",
    "Emma",
    "Fatima",
    "Filip",
    "Frida",
    "Gustav",
    "Hanna",
    "Hassan",
    "Henrik",
    "Hugo",
    "Ida",
    "Ingrid",
    "Isak",
    "Jonas",
    "Julia",
    "Kerstin",
    "Leo",
    "Liam",
    "Lisa",
    "Lovisa",
    "Malin",
    "Maria",
    "Mohammed",
    "Mona",
    "Nora",
    "Olle",
    "Olivia",
    "Omar",
    "Rasmus",
    "Rut",
    "Saga",
    "Sara",
    "Sven",
    "Tove",
    "Ulf",
    "Vera",
    "Viktor",
    "Wilma",
    "Yusuf",
    "Zainab",
]
INITIALS = "ABDEFGHJKLMNOPRSTVW"

# A resident's first situation among those who consented, and how likely a later change is.
FIRST_SITUATION = (("job_seeking", 45), ("student", 15), ("retired", 25), ("employed", 10), ("self_employed", 5))
LATER_SITUATION = {
    "job_seeking": (0.45, (("employed", 55), ("self_employed", 20), ("student", 25))),
    "student": (0.35, (("employed", 70), ("self_employed", 10), ("job_seeking", 20))),
}


# --- The plan ------------------------------------------------------------------


@dataclass
class PlannedResident:
    key: str
    municipality: str
    display_name: str
    locality: str
    joined: datetime
    active_from: date
    weight: float
    # (date it was reported, situation); empty without consent
    situations: list[tuple[date, str]] = field(default_factory=list)
    consent_at: datetime | None = None
    withdrew_at: datetime | None = None

    @property
    def email(self) -> str:
        return demo.email(self.key)

    @property
    def current_situation(self) -> str:
        """What the profile shows today: the latest report, or nothing after a withdrawal."""
        return "" if self.withdrew_at or not self.situations else self.situations[-1][1]


@dataclass
class PlannedClaim:
    resident: str
    status: str
    created_at: datetime
    decided_at: datetime | None = None
    hours: Decimal | None = None
    reference: str = ""


@dataclass
class PlannedAssignment:
    association: str
    municipality: str
    template: Template
    locality: str
    pay: Pay
    status: str
    published_at: datetime
    starts_at: datetime | None
    ends_at: datetime | None
    deadline: date | None
    cancelled_at: datetime | None = None
    cancel_reason: str = ""
    completed_at: datetime | None = None
    claims: list[PlannedClaim] = field(default_factory=list)

    @property
    def finished(self) -> datetime:
        return self.ends_at or datetime.combine(self.deadline, time(18, 0), tzinfo=STOCKHOLM)


@dataclass
class Plan:
    residents: list[PlannedResident]
    assignments: list[PlannedAssignment]


def resident_key(code: str, number: int) -> str:
    place = {LYCKSELE: "lycksele", NORSJO: "norsjo", NORRTALJE: "norrtalje"}[code]
    return f"invanare.{place}.{number:03d}"


def _at(day: date, clock: str) -> datetime:
    hour, minute = (int(part) for part in clock.split(":"))
    return datetime.combine(day, time(hour, minute), tzinfo=STOCKHOLM)


def noon(day: date) -> datetime:
    return _at(day, "12:00")


def _months(first: date, last: date) -> list[tuple[date, date]]:
    """Calendar months from `first` to `last`, each clipped to that range."""
    months = []
    start = first
    while start <= last:
        following = date(start.year + start.month // 12, start.month % 12 + 1, 1)
        months.append((start, min(following - timedelta(days=1), last)))
        start = following
    return months


def _pick(rng: random.Random, pairs) -> str:
    values, weights = zip(*pairs, strict=True)
    return rng.choices(values, weights=weights)[0]


def _residents(code: str, localities: tuple[str, ...], first: date, today: date) -> list[PlannedResident]:
    rng = random.Random(f"{SEED}:residents:{code}")
    span = (today - first).days
    people = []
    for number in range(1, RESIDENTS[code] + 1):
        # A third were there from the start; the others join over the year.
        active_from = first if rng.random() < 0.35 else first + timedelta(days=rng.randint(0, span - 20))
        joined = _at(active_from - timedelta(days=rng.randint(1, 25)), f"{rng.randint(7, 21)}:{rng.randint(0, 59)}")
        people.append(
            PlannedResident(
                key=resident_key(code, number),
                municipality=code,
                display_name=f"{rng.choice(FIRST_NAMES)} {rng.choice(INITIALS)}.",
                locality=rng.choice(localities),
                joined=joined,
                active_from=active_from,
                # A few residents take many assignments, most take one or two.
                weight=1 / (1 + rng.random() * 6) ** 1.4,
            )
        )
    return people


def _choose(rng: random.Random, pool: list[PlannedResident], on: date, count: int) -> list[PlannedResident]:
    eligible = [p for p in pool if p.active_from <= on]
    chosen: list[PlannedResident] = []
    while eligible and len(chosen) < count:
        person = rng.choices(eligible, weights=[p.weight for p in eligible])[0]
        chosen.append(person)
        eligible.remove(person)
    return chosen


def _claims(rng: random.Random, a: PlannedAssignment, pool: list[PlannedResident], now: datetime) -> list[PlannedClaim]:
    """Who signed up and what became of it, consistent with the assignment's status.

    The times follow the real lifecycle (assignments/services.py): a sign-up comes after
    publishing and before sign-ups close (the start; for a deadline, noon that day; or the
    cancellation), and an answer after the sign-up and by then. `decided_at` is the answer
    for declined claims and, for the accepted ones that were cancelled with the assignment,
    the acceptance. A confirmed claim's `decided_at` is its confirmation, set afterwards by
    `_confirm()` once the assignment is completed: here it is left empty.
    """
    t = a.template
    closes = a.starts_at or a.finished - timedelta(hours=6)
    if a.cancelled_at:
        closes = min(closes, a.cancelled_at)
    room = max((closes - a.published_at).total_seconds() / 3600 - 3, 1)

    def signed_up() -> datetime:
        # Most sign-ups come within a day or two; a few late.
        return a.published_at + timedelta(hours=min(rng.lognormvariate(math.log(14), 1.0), room))

    if a.status == "completed":
        taken = t.slots if t.slots == 1 or rng.random() < 0.8 else t.slots - 1
        extra = 0 if t.first_come else rng.choice((0, 0, 1, 2))
    elif a.status == "cancelled":
        taken = t.slots if rng.random() < 0.4 else 0
        extra = 0
    else:  # expired: nobody, or someone who changed their mind
        taken = 0
        extra = 1 if rng.random() < 0.25 else 0
    people = _choose(rng, pool, a.published_at.date(), taken + extra)
    claims = []
    for index, person in enumerate(people):
        created = signed_up()
        # First come, first served accepts on the spot; otherwise someone answers within a day or so.
        answered = created if t.first_come else min(created + timedelta(hours=rng.randint(2, 30)), closes)
        answered = max(answered, created)
        if index >= taken:
            status = "withdrawn" if t.first_come or a.status == "expired" else "declined"
            claims.append(PlannedClaim(person.key, status, created, answered if status == "declined" else None))
        elif a.status == "completed":
            worked = Decimal(str(max(0.5, t.hours + rng.choice((-1, -0.5, 0, 0, 0, 0.5, 1)))))
            claims.append(PlannedClaim(person.key, "confirmed", created, None, worked, rng.choice(REFERENCES)))
        else:
            claims.append(PlannedClaim(person.key, "cancelled", created, answered))
    return claims


def _completed_at(rng: random.Random, a: PlannedAssignment, now: datetime) -> datetime:
    """When the hourly job (expire_passed_assignments) marks the assignment completed: within the
    hour after its end; for a deadline, once the day is over (the job compares with the date)."""
    if a.ends_at:
        run = a.ends_at.replace(minute=0, second=0, microsecond=0) + timedelta(hours=1)
    else:
        run = datetime.combine(a.deadline + timedelta(days=1), time(0, 0), tzinfo=STOCKHOLM)
    return min(run + timedelta(minutes=rng.randint(1, 20)), now - timedelta(minutes=30))


def _confirm(rng: random.Random, a: PlannedAssignment, now: datetime) -> None:
    """The association confirms the hours (claim_confirm dates `decided_at` then) at one sitting,
    a day or a few after the assignment was completed, and never later than now."""
    latest = now - timedelta(minutes=5)
    day = _local_date(a.completed_at) + timedelta(days=rng.choice((1, 1, 1, 2, 2, 3, 4)))
    sitting = _at(day, f"{rng.randint(8, 20)}:{rng.randint(0, 59)}")
    if sitting > latest:  # the work was only just done: confirmed since, at some point before now
        sitting = a.completed_at + (latest - a.completed_at) * rng.uniform(0.3, 0.9)
    for index, claim in enumerate(a.claims):
        if claim.status == "confirmed":
            claim.decided_at = min(sitting + timedelta(minutes=2 * index), latest)


def _local_date(moment: datetime) -> date:
    """The date in Sweden at `moment`."""
    return moment.astimezone(STOCKHOLM).date()


def _assignments(
    key: str, code: str, localities: tuple[str, ...], first: date, today: date, now: datetime, pool
) -> list[PlannedAssignment]:
    rng = random.Random(f"{SEED}:{key}")
    kinds = set(KINDS[key])
    planned = []
    last_published = today - timedelta(days=5)
    for month_start, month_end in _months(first, last_published):
        fits = [t for t in TEMPLATES if kinds & set(t.kinds) and month_start.month in t.months]
        share = ((month_end - month_start).days + 1) / 30
        count = round(MONTHLY_RATE[code] * MONTH_FACTOR[month_start.month] * share * rng.uniform(0.7, 1.3))
        for _ in range(count if fits else 0):
            t = rng.choice(fits)
            published_day = month_start + timedelta(days=rng.randint(0, (month_end - month_start).days))
            published_at = _at(published_day, f"{rng.randint(8, 20)}:{rng.choice((0, 15, 30, 45))}")
            # The work lies one to four weeks ahead, and always before today.
            ahead = rng.randint(4, 28)
            work_day = min(published_day + timedelta(days=ahead), today - timedelta(days=2))
            if t.start:
                starts_at = _at(work_day, t.start)
                ends_at = starts_at + timedelta(hours=t.hours)
                deadline = None
            else:
                starts_at = ends_at = None
                deadline = work_day
            scarce = SCARCE.get(t.category, 0.07) + (0.08 if code == NORSJO else 0)
            roll = rng.random()
            status = "expired" if roll < scarce else "cancelled" if roll < scarce + 0.06 else "completed"
            a = PlannedAssignment(
                association=key,
                municipality=code,
                template=t,
                locality=rng.choice(localities),
                pay=rng.choice(t.pays),
                status=status,
                published_at=published_at,
                starts_at=starts_at,
                ends_at=ends_at,
                deadline=deadline,
            )
            if status == "cancelled":
                # Called off a day or more after publishing, and before the work (a deadline: its day).
                before_work = (starts_at or a.finished - timedelta(hours=6)) - timedelta(hours=2)
                a.cancelled_at = min(published_at + timedelta(days=rng.randint(1, max(ahead - 1, 1))), before_work)
                a.cancel_reason = rng.choice(CANCEL_REASONS)
            a.claims = _claims(rng, a, pool, now)
            if status == "completed":
                if not a.claims:  # nobody was free after all
                    a.status = "expired"
                else:
                    a.completed_at = _completed_at(rng, a, now)
                    _confirm(rng, a, now)
            planned.append(a)
    return planned


def _situations(
    rng: random.Random, person: PlannedResident, first_completed: date | None, today: date, now: datetime
) -> None:
    """Fill in a consenting resident's reported situations over time."""
    if rng.random() >= 0.6:
        return
    person.consent_at = person.joined
    situation = _pick(rng, FIRST_SITUATION)
    person.situations.append((person.joined.date(), situation))
    if situation in LATER_SITUATION and first_completed:
        chance, later = LATER_SITUATION[situation]
        if rng.random() < chance:
            changed = first_completed + timedelta(days=rng.randint(40, 330))
            if changed < today:
                person.situations.append((changed, _pick(rng, later)))
    if rng.random() < 0.04:
        # Withdrew consent later: from then on the resident counts in no situation figure.
        person.withdrew_at = min(person.joined + timedelta(days=rng.randint(60, 300)), now - timedelta(hours=1))


def plan(*, today: date, now: datetime, localities: dict[str, tuple[str, ...]]) -> Plan:
    """The whole history for the verified demo associations, the same for the same day.

    `localities` maps an association key to the names of the places it works in.
    Returns the residents (every pilot municipality's pool, whether or not they took
    anything) and the assignments with their claims, all finished before `now`.
    """
    first = today - timedelta(days=HISTORY_DAYS)
    by_municipality: dict[str, list[str]] = {}
    owners = {a.key: a for a in demo.ASSOCIATIONS}
    for key in KINDS:
        by_municipality.setdefault(owners[key].municipality, []).extend(localities[key])
    pools = {code: _residents(code, tuple(sorted(set(names))), first, today) for code, names in by_municipality.items()}
    assignments = []
    for key in KINDS:
        owner = owners[key]
        assignments += _assignments(
            key, owner.municipality, localities[key], first, today, now, pools[owner.municipality]
        )
    first_completed: dict[str, date] = {}
    for a in assignments:
        if a.status == "completed":
            for c in a.claims:
                day = a.finished.date()
                first_completed[c.resident] = min(first_completed.get(c.resident, day), day)
    residents = [person for code in pools for person in pools[code]]
    rng = random.Random(f"{SEED}:situations")
    for person in residents:
        _situations(rng, person, first_completed.get(person.key), today, now)
    return Plan(residents, assignments)
