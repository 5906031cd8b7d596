"""Demo content for the three pilot municipalities, loaded by `manage.py seed_demo`.

The associations, people and assignments are made up; the places are real SCB
tätorter that the migrations load, looked up by name and municipality code.
Development goals are generic and quote no real plan (their source is blank).

Times are relative to the day the command runs: `day` counts days from today
(negative is in the past) and clock times are local Swedish time, so the demo
always has upcoming assignments and a history behind it.

People are referred to by the local part of their e-mail address, associations
by their `key`, skills by their exact Swedish label in the JobTech taxonomy and
categories by slug.
"""

from dataclasses import dataclass

from associations.validators import luhn_valid

DOMAIN = "demo.uppdragsbanken.example"
PASSWORD = "demo-uppdrag-2026"

LYCKSELE, NORSJO, NORRTALJE = "2481", "2417", "0188"
PILOT_CODES = (LYCKSELE, NORSJO, NORRTALJE)


def email(key: str) -> str:
    return f"{key}@{DOMAIN}"


def organisation_number(body: str) -> str:
    """Nine digits plus the Luhn check digit, as NNNNNN-NNNN."""
    for check in "0123456789":
        if luhn_valid(body + check):
            return f"{body[:6]}-{body[6:]}{check}"
    raise AssertionError("unreachable: one check digit always fits")


# --- People -----------------------------------------------------------------


@dataclass(frozen=True)
class DemoProfile:
    display_name: str
    municipality: str
    locality: str
    travel_radius_km: int | None = None
    skills: tuple[str, ...] = ()
    interests: tuple[str, ...] = ()
    languages: str = "svenska"
    driving_licence: bool = False
    weekdays: bool = True
    evenings: bool = True
    weekends: bool = True
    notifications: str = "daily"
    situation: str = ""


@dataclass(frozen=True)
class DemoUser:
    key: str
    kind: str  # platform_admin, staff, association, resident
    profile: DemoProfile | None = None
    language: str = "sv"
    verified: bool = True
    joined_days_ago: int = 400

    @property
    def email(self) -> str:
        return email(self.key)


def _resident(key: str, joined_days_ago: int, profile: DemoProfile, **extra) -> DemoUser:
    return DemoUser(key, "resident", profile, joined_days_ago=joined_days_ago, **extra)


def _board(key: str, name: str, code: str, locality: str) -> DemoUser:
    return DemoUser(key, "association", DemoProfile(name, code, locality))


USERS: tuple[DemoUser, ...] = (
    DemoUser("admin", "platform_admin", joined_days_ago=500),
    DemoUser("kommun.lycksele", "staff"),
    DemoUser("statistik.lycksele", "staff"),
    DemoUser("kommun.norsjo", "staff"),
    DemoUser("statistik.norsjo", "staff"),
    DemoUser("kommun.norrtalje", "staff"),
    DemoUser("statistik.norrtalje", "staff"),
    # Boards and coordinators of the associations.
    _board("ordforande.rusksele", "Gunnel R.", LYCKSELE, "Rusksele"),
    _board("samordnare.rusksele", "Per-Olof B.", LYCKSELE, "Rusksele"),
    _board("ordforande.hedlunda", "Margareta S.", LYCKSELE, "Hedlunda"),
    _board("utvecklingsgruppen.lycksele", "Stefan L.", LYCKSELE, "Lycksele"),
    _board("handledare.lycksele", "Sofia E.", LYCKSELE, "Lycksele"),
    _board("nojesgruppen.lycksele", "Robin K.", LYCKSELE, "Lycksele"),
    _board("ordforande.bastutrask", "Birgitta N.", NORSJO, "Bastuträsk"),
    _board("samordnare.bastutrask", "Nils-Erik J.", NORSJO, "Bastuträsk"),
    _board("kooperativet.norsjo", "Helena M.", NORSJO, "Norsjö"),
    _board("handledare.norsjo", "Fredrik Å.", NORSJO, "Norsjö"),
    _board("vagforeningen.bastutrask", "Göran P.", NORSJO, "Bastuträsk"),
    _board("ordforande.grisslehamn", "Eva-Lena H.", NORRTALJE, "Grisslehamn"),
    _board("samordnare.grisslehamn", "Mats F.", NORRTALJE, "Älmsta"),
    _board("utvecklingsgruppen.hallstavik", "Jenny K.", NORRTALJE, "Hallstavik"),
    _board("handledare.hallstavik", "Ahmad R.", NORRTALJE, "Herräng"),
    _board("motesplats.rimbo", "Lena A.", NORRTALJE, "Rimbo"),
    _board("samordnare.rimbo", "David O.", NORRTALJE, "Edsbro"),
    _board("byabutiken.blido", "Ulla B.", NORRTALJE, "Blidö"),
    # Residents.
    _resident(
        "anna.l",
        120,
        DemoProfile(
            "Anna L.",
            LYCKSELE,
            "Lycksele",
            travel_radius_km=30,
            skills=("Trädgårdsskötsel", "Enklare bakningskunskaper", "Svenska, cirkelledning"),
            interests=("tradgard-och-utemiljo", "mat-och-servering", "sallskap-och-omsorg"),
            languages="svenska, engelska",
            driving_licence=True,
            situation="retired",
        ),
    ),
    _resident(
        "erik.h",
        200,
        DemoProfile(
            "Erik H.",
            LYCKSELE,
            "Hedlunda",
            skills=("Snöskottning", "Förarbevis för snöskoter", "Snickerimålning och ytbehandling"),
            interests=("snorojning-och-vinter", "bygg-och-reparationer", "skog-och-djur"),
            driving_licence=True,
            weekdays=False,
            notifications="instant",
        ),
    ),
    _resident(
        "samira.k",
        45,
        DemoProfile(
            "Samira K.",
            LYCKSELE,
            "Lycksele",
            travel_radius_km=15,
            skills=("Enklare matlagningskunskaper", "Kundbemötande och service", "Arabiska, cirkelledning"),
            interests=("mat-och-servering", "barn-och-unga", "sallskap-och-omsorg"),
            languages="arabiska, svenska, engelska",
            notifications="weekly",
            situation="job_seeking",
        ),
    ),
    _resident(
        "johan.b",
        300,
        DemoProfile(
            "Johan B.",
            LYCKSELE,
            "Rusksele",
            travel_radius_km=60,
            skills=("Fotografering", "Mobilfotografering/Mobilfilmning", "Skogsröjning", "Röjsågskörkort Nivå RA"),
            interests=("kultur-och-media", "skog-och-djur"),
            driving_licence=True,
            notifications="instant",
        ),
    ),
    _resident(
        "mikael.s",
        150,
        DemoProfile(
            "Mikael S.",
            LYCKSELE,
            "Lycksele",
            travel_radius_km=40,
            skills=(
                "Motorsågskörkort Nivå A",
                "Röjsågskörkort Nivå RA",
                "Trädfällning",
                "Snickerimålning och ytbehandling",
            ),
            interests=("skog-och-djur", "bygg-och-reparationer", "tradgard-och-utemiljo"),
            driving_licence=True,
            situation="job_seeking",
        ),
    ),
    _resident(
        "lars.o",
        250,
        DemoProfile(
            "Lars Ö.",
            NORSJO,
            "Norsjö",
            travel_radius_km=50,
            skills=("Bokföringsvana", "Fortnox, affärssystem", "Visma SPCS, redovisningssystem", "MS Excel"),
            interests=("administration", "data-och-it"),
            driving_licence=True,
            notifications="weekly",
            situation="retired",
        ),
    ),
    _resident(
        "elin.s",
        90,
        DemoProfile(
            "Elin S.",
            NORSJO,
            "Bastuträsk",
            skills=(
                "Fotografering",
                "Publicering, webben och sociala medier",
                "Barn- och ungdomsidrott, ledarerfarenhet",
            ),
            interests=("barn-och-unga", "kultur-och-media", "data-och-it"),
            languages="svenska, engelska",
            weekdays=False,
            notifications="instant",
            situation="student",
        ),
    ),
    _resident(
        "yonas.t",
        210,
        DemoProfile(
            "Yonas T.",
            NORSJO,
            "Norsjö",
            travel_radius_km=30,
            skills=("God fysik (tunga lyft)", "Storstädning", "Kundbemötande och service", "Bordsservering"),
            interests=("stadning", "mat-och-servering", "bygg-och-reparationer", "evenemang"),
            languages="tigrinja, arabiska, svenska, engelska",
            situation="job_seeking",
        ),
    ),
    _resident(
        "peter.n",
        180,
        DemoProfile(
            "Peter N.",
            NORSJO,
            "Norsjö",
            travel_radius_km=25,
            skills=("Skogsröjning", "Utbildning på röjsåg", "Fastighetsskötsel"),
            interests=("skog-och-djur", "fastighetsskotsel", "snorojning-och-vinter"),
            driving_licence=True,
            notifications="off",
        ),
    ),
    _resident(
        "karin.w",
        240,
        DemoProfile(
            "Karin W.",
            NORRTALJE,
            "Hallstavik",
            travel_radius_km=20,
            skills=("Trädgårdsskötsel", "Storstädning"),
            interests=("tradgard-och-utemiljo", "evenemang", "sallskap-och-omsorg"),
            driving_licence=True,
        ),
    ),
    _resident(
        "oskar.n",
        60,
        DemoProfile(
            "Oskar N.",
            NORRTALJE,
            "Rimbo",
            travel_radius_km=25,
            skills=(
                "Datorteknik, grundläggande",
                "PC-datorer, installation och underhåll",
                "WordPress, CMS",
                "Internetanvändning, undervisning",
            ),
            interests=("data-och-it", "barn-och-unga"),
            languages="svenska, engelska",
            driving_licence=True,
            notifications="instant",
        ),
    ),
    _resident(
        "linnea.j",
        75,
        DemoProfile(
            "Linnea J.",
            NORRTALJE,
            "Rimbo",
            travel_radius_km=10,
            skills=("Matematik, undervisning grundskolenivå", "Enklare matlagningskunskaper"),
            interests=("barn-och-unga", "mat-och-servering"),
            languages="svenska, engelska, spanska",
            weekdays=False,
            notifications="weekly",
            situation="student",
        ),
    ),
    _resident(
        "hannah.m",
        190,
        DemoProfile(
            "Hannah M.",
            NORRTALJE,
            "Grisslehamn",
            travel_radius_km=40,
            skills=("Fotografering, digitalkamera", "Fotografering", "Trädgårdsskötsel"),
            interests=("kultur-och-media", "evenemang", "tradgard-och-utemiljo"),
            languages="engelska, tyska, lite svenska",
            driving_licence=True,
        ),
        language="en",
    ),
    _resident(
        "ali.h",
        160,
        DemoProfile(
            "Ali H.",
            NORRTALJE,
            "Hallstavik",
            travel_radius_km=30,
            skills=("God fysik (tunga lyft)", "Flyttpackningsvana", "Privathemsflyttning"),
            interests=("transport-och-flytt", "tradgard-och-utemiljo", "bygg-och-reparationer"),
            languages="somaliska, svenska, engelska",
            driving_licence=True,
            situation="job_seeking",
        ),
    ),
    # Signed up yesterday and has not clicked the link yet: shows the verification flow.
    _resident(
        "maja.p",
        1,
        DemoProfile("Maja P.", NORRTALJE, "Norrtälje", interests=("evenemang",)),
        verified=False,
    ),
)

# (user, municipality code, role)
STAFF: tuple[tuple[str, str, str], ...] = (
    ("kommun.lycksele", LYCKSELE, "admin"),
    ("statistik.lycksele", LYCKSELE, "viewer"),
    ("kommun.norsjo", NORSJO, "admin"),
    ("statistik.norsjo", NORSJO, "viewer"),
    ("kommun.norrtalje", NORRTALJE, "admin"),
    ("statistik.norrtalje", NORRTALJE, "viewer"),
)

# The officer who reviews associations in each municipality.
VERIFIER = {LYCKSELE: "kommun.lycksele", NORSJO: "kommun.norsjo", NORRTALJE: "kommun.norrtalje"}


# --- Development goals ------------------------------------------------------

WORK = "Fler i arbete och sysselsättning"
VILLAGES = "Levande byar och service på landsbygden"
COUNTRYSIDE = "Levande landsbygd och skärgård"
NEWCOMERS = "Fler unga och nyanlända i föreningslivet"
ELDERLY = "Ett aktivt och tryggt liv för äldre"

_GOAL_TEXT = {
    WORK: "Små uppdrag kan vara ett första steg: en referens, lite inkomst och nya kontakter "
    "för den som står utanför arbetsmarknaden.",
    VILLAGES: "Föreningarnas arbete håller samlingslokaler, leder och mötesplatser öppna i byarna.",
    COUNTRYSIDE: "Det ska gå att bo, arbeta och trivas på landsbygden och i skärgården året runt.",
    NEWCOMERS: "Fler ska hitta in i föreningslivet, oavsett ålder eller hur länge man har bott i kommunen.",
    ELDERLY: "Hjälp i vardagen och mötesplatser där äldre kan träffas och lära sig nytt.",
}

# A yearly target per goal, as (kind, amount), so the dashboard can show progress. Made up for the demo,
# like the goals themselves: the source says so, so nobody takes them for a municipality's real plan.
GOAL_TARGETS = {
    WORK: ("residents", 25),
    VILLAGES: ("hours", 600),
    COUNTRYSIDE: ("hours", 900),
    NEWCOMERS: ("assignments", 40),
    ELDERLY: ("assignments", 30),
}
GOAL_SOURCE = "Exempel i demodata, inte kommunens egen plan"

# (municipality code, title, description); the position is the order within the municipality.
GOALS: tuple[tuple[str, str, str], ...] = tuple(
    (code, title, _GOAL_TEXT[title])
    for code, titles in (
        (LYCKSELE, (WORK, VILLAGES, NEWCOMERS)),
        (NORSJO, (WORK, VILLAGES, ELDERLY)),
        (NORRTALJE, (WORK, COUNTRYSIDE, NEWCOMERS)),
    )
    for title in titles
)


# --- Associations -----------------------------------------------------------


@dataclass(frozen=True)
class DemoAssociation:
    key: str
    name: str
    kind: str
    municipality: str
    localities: tuple[str, ...]
    organisation_number: str
    description: str
    members: tuple[tuple[str, str], ...]  # (user key, role); the first is the admin who registered it
    verification: str = "verified"
    rejection_reason: str = ""
    registered_days_ago: int = 420

    @property
    def contact_email(self) -> str:
        return email(f"kontakt.{self.key}")

    @property
    def manager(self) -> str:
        return self.members[0][0]


ASSOCIATIONS: tuple[DemoAssociation, ...] = (
    DemoAssociation(
        "rusksele",
        "Rusksele byaförening",
        "non_profit",
        LYCKSELE,
        ("Rusksele",),
        organisation_number("802999001"),
        "Byaföreningen samlar oss som bor i och runt Rusksele. Vi sköter bystugan, badplatsen och "
        "utegymmet och ordnar julmarknad, midsommarfirande och andra träffar under året. Alla som "
        "vill byn väl är välkomna som medlemmar.",
        (("ordforande.rusksele", "admin"), ("samordnare.rusksele", "coordinator")),
    ),
    DemoAssociation(
        "hedlunda",
        "Bygdegårdsföreningen i Hedlunda",
        "non_profit",
        LYCKSELE,
        ("Hedlunda",),
        organisation_number("802999002"),
        "Föreningen äger och driver bygdegården i Hedlunda, där det är dans, fika, studiecirklar och "
        "fester året runt. Huset byggdes av byborna själva och hålls i skick med ideella krafter.",
        (("ordforande.hedlunda", "admin"),),
    ),
    DemoAssociation(
        "lycksele-landsbygd",
        "Utvecklingsgruppen för Lycksele landsbygd",
        "development_group",
        LYCKSELE,
        ("Lycksele", "Hedlunda", "Rusksele"),
        organisation_number("802999003"),
        "Vi är en lokal utvecklingsgrupp som arbetar för att det ska gå att bo, arbeta och trivas i "
        "byarna runt Lycksele. Vi tar hand om leder och badplatser, driver språkcafé och stöttar den "
        "som vill komma närmare ett jobb med handledning och en första referens.",
        (
            ("utvecklingsgruppen.lycksele", "admin"),
            ("handledare.lycksele", "coordinator"),
            ("erik.h", "member"),
        ),
    ),
    DemoAssociation(
        "nojesgruppen",
        "Nöjesgruppen i Lycksele",
        "other",
        LYCKSELE,
        ("Lycksele",),
        organisation_number("802999004"),
        "Vi vill ordna konserter och fester i Lycksele och söker folk som kan hjälpa till med "
        "bygge, ljud och servering.",
        (("nojesgruppen.lycksele", "admin"),),
        verification="rejected",
        rejection_reason="Vi hittar inte föreningen i något register och har inte fått svar på våra frågor "
        "om vem som står bakom den. Skicka gärna stadgarna och protokollet från det senaste årsmötet "
        "till kommunen, så granskar vi ansökan igen.",
        registered_days_ago=30,
    ),
    DemoAssociation(
        "bastutrask-bygdegard",
        "Bastuträsk bygdegårdsförening",
        "non_profit",
        NORSJO,
        ("Bastuträsk",),
        organisation_number("802999005"),
        "Bygdegården är byns samlingspunkt: här har vi höstfest, julspel, loppis och pysselkvällar "
        "för barnen. Föreningen sköts helt ideellt och välkomnar alla som vill vara med och hålla "
        "huset levande.",
        (
            ("ordforande.bastutrask", "admin"),
            ("samordnare.bastutrask", "coordinator"),
            ("peter.n", "member"),
        ),
    ),
    DemoAssociation(
        "norsjo-kooperativet",
        "Byakooperativet i Norsjö ekonomisk förening",
        "economic",
        NORSJO,
        ("Norsjö", "Bastuträsk"),
        organisation_number("769999001"),
        "Kooperativet driver ett café med second hand-butik och en träffpunkt i Norsjö, och säljer "
        "julgranar från medlemmarnas skogar i december. Överskottet går tillbaka till verksamheten "
        "och till arbetsträning för den som vill prova på.",
        (("kooperativet.norsjo", "admin"), ("handledare.norsjo", "coordinator")),
    ),
    DemoAssociation(
        "bastutrask-vagar",
        "Bastuträsk vägsamfällighetsförening",
        "other",
        NORSJO,
        ("Bastuträsk",),
        organisation_number("717999001"),
        "Samfälligheten sköter de enskilda vägarna i och runt Bastuträsk: snöröjning, grusning, "
        "diken och skyltar. Vi som är med äger fastigheterna längs vägarna och tar in hjälp när det "
        "behövs.",
        (("vagforeningen.bastutrask", "admin"),),
    ),
    DemoAssociation(
        "grisslehamn",
        "Byalaget i Grisslehamn",
        "non_profit",
        NORRTALJE,
        ("Grisslehamn", "Älmsta"),
        organisation_number("802999006"),
        "Byalaget vill att Grisslehamn ska vara en levande by året runt, inte bara på sommaren. Vi "
        "håller ordning på rabatterna vid hamnen, ordnar julmarknad och skickar ut ett nyhetsbrev "
        "till alla som bor här.",
        (("ordforande.grisslehamn", "admin"), ("samordnare.grisslehamn", "coordinator")),
    ),
    DemoAssociation(
        "hallstavik-herrang",
        "Utvecklingsgruppen i Hallstavik och Herräng",
        "development_group",
        NORRTALJE,
        ("Hallstavik", "Herräng"),
        organisation_number("802999007"),
        "Vi samlar föreningar, företagare och boende för att göra Hallstavik och Herräng tryggare och "
        "roligare att bo i. Gruppen sköter lekplatser och utegym, packar julkorgar till äldre och "
        "hjälper nya invånare att hitta in i föreningslivet.",
        (("utvecklingsgruppen.hallstavik", "admin"), ("handledare.hallstavik", "coordinator")),
    ),
    DemoAssociation(
        "rimbo",
        "Mötesplats Rimbo",
        "non_profit",
        NORRTALJE,
        ("Rimbo", "Edsbro"),
        organisation_number("802999008"),
        "Mötesplats Rimbo är en ideell förening som har öppet hus flera dagar i veckan med "
        "soppluncher, läxhjälp, datorhjälp och språkträning. Hos oss ska alla åldrar kunna träffas, "
        "lära av varandra och göra nytta.",
        (("motesplats.rimbo", "admin"), ("samordnare.rimbo", "coordinator")),
    ),
    DemoAssociation(
        "blido",
        "Blidö byabutik ekonomisk förening",
        "economic",
        NORRTALJE,
        ("Blidö",),
        organisation_number("769999002"),
        "Vi är en nystartad förening som vill öppna en byabutik med ombud för post och apoteksvaror "
        "på Blidö, så att det går att handla på ön året runt. Just nu söker vi folk som kan hjälpa "
        "oss att komma igång.",
        (("byabutiken.blido", "admin"),),
        verification="pending",
        registered_days_ago=4,
    ),
)


# --- Assignments and claims -------------------------------------------------


@dataclass(frozen=True)
class When:
    """A window on day `day` from `start` (local time) lasting `length` hours, or a deadline on that day."""

    day: int
    start: str | None = None
    length: float | None = None


def window(day: int, start: str, length: float) -> When:
    return When(day, start, length)


def deadline(day: int) -> When:
    return When(day)


@dataclass(frozen=True)
class Pay:
    compensation: str = "voluntary"
    amount: int | None = None
    route: str = "voluntary"


VOLUNTARY = Pay()


def hourly(amount: int, route: str = "umbrella") -> Pay:
    return Pay("hourly", amount, route)


def fee(amount: int, route: str = "umbrella") -> Pay:
    return Pay("fixed", amount, route)


@dataclass(frozen=True)
class DemoClaim:
    resident: str
    status: str
    message: str = ""
    after_hours: int = 20  # how long after publishing the claim came in
    decided_by: str | None = None  # defaults to the association's admin
    decision_message: str = ""
    hours_reported: str | None = None
    hours_confirmed: str | None = None
    reference: str = ""


@dataclass(frozen=True)
class DemoAssignment:
    association: str
    title: str
    locality: str
    category: str
    status: str
    when: When
    hours: str
    description: str
    published: int | None = None  # day it was published; None for drafts
    slots: int = 1
    pay: Pay = VOLUNTARY
    claim_mode: str = "choose"
    skills: tuple[str, ...] = ()
    goals: tuple[str, ...] = ()
    how_to_get_there: str = ""
    what_to_bring: str = ""
    cancel_reason: str = ""
    claims: tuple[DemoClaim, ...] = ()


def _confirmed(resident: str, hours: str, reference: str, message: str = "", after_hours: int = 30) -> DemoClaim:
    return DemoClaim(
        resident,
        "confirmed",
        message,
        after_hours,
        hours_reported=hours,
        hours_confirmed=hours,
        reference=reference,
    )


ASSIGNMENTS: tuple[DemoAssignment, ...] = (
    # --- Lycksele ---
    DemoAssignment(
        "rusksele",
        "Skotta fram utegymmet vid bystugan",
        "Rusksele",
        "snorojning-och-vinter",
        "published",
        window(4, "09:00", 3),
        "3",
        "Utegymmet vid bystugan används flitigt även på vintern, men efter snöfallen behöver ytan runt "
        "redskapen skottas fram. Vi bjuder på kaffe och smörgås i bystugan efteråt.",
        published=-2,
        slots=2,
        claim_mode="first_come",
        skills=("Snöskottning",),
        goals=(VILLAGES,),
        what_to_bring="Varma kläder och gärna en egen skyffel. Det finns några i förrådet bakom bystugan.",
        claims=(DemoClaim("erik.h", "accepted", "Jag kommer med snöskotern och har en extra skyffel med mig.", 5),),
    ),
    DemoAssignment(
        "rusksele",
        "Servera kaffe och våfflor på julmarknaden",
        "Rusksele",
        "mat-och-servering",
        "published",
        window(15, "10:00", 5),
        "5",
        "Julmarknaden i bystugan lockar folk från hela bygden. Vi behöver tre personer som gräddar "
        "våfflor, serverar kaffe och tar betalt med Swish i kaféhörnan. Förkläden och all utrustning "
        "finns på plats.",
        published=-5,
        slots=3,
        pay=hourly(150),
        skills=("Bordsservering", "Kassavana"),
        goals=(VILLAGES,),
        claims=(
            DemoClaim(
                "samira.k",
                "accepted",
                "Jag har jobbat på kafé i flera år och tycker om att träffa folk.",
                12,
                decided_by="samordnare.rusksele",
                decision_message="Välkommen! Kom till bystugan kl. 9.30, så hinner vi gå igenom allt innan "
                "marknaden öppnar.",
            ),
            DemoClaim(
                "anna.l",
                "pending",
                "Hej! Jag har stått i servering på marknader förut och bakar gärna lite extra till kaffet om ni vill.",
                30,
            ),
        ),
    ),
    DemoAssignment(
        "rusksele",
        "Bära bord och stolar inför julmarknaden",
        "Rusksele",
        "evenemang",
        "published",
        window(14, "17:00", 2),
        "2",
        "Kvällen före julmarknaden bär vi ut bord och stolar från förrådet och ställer i ordning "
        "bystugan och gården. Många händer gör det snabbt, och efteråt blir det glögg och pepparkakor.",
        published=-5,
        slots=4,
        claim_mode="first_come",
        skills=("God fysik (tunga lyft)",),
        claims=(
            DemoClaim("johan.b", "accepted", "Räkna med mig!", 3),
            DemoClaim("erik.h", "withdrawn", "Jag kan komma om jag hinner hem från jobbet i tid.", 20),
        ),
    ),
    DemoAssignment(
        "rusksele",
        "Fotografera midsommarfirandet",
        "Rusksele",
        "kultur-och-media",
        "completed",
        window(-158, "14:00", 4),
        "4",
        "Vi vill ha fina bilder från midsommarfirandet på ängen vid bystugan: när vi reser stången, "
        "dansen och fikat. Bilderna använder vi på hemsidan och i årsberättelsen, och du får förstås "
        "behålla dem själv.",
        published=-185,
        pay=fee(800),
        skills=("Fotografering",),
        claims=(
            _confirmed(
                "johan.b",
                "5",
                "Johan tog över 200 bilder och valde ut de bästa åt oss redan dagen efter. Han var lugn "
                "och trevlig och fick både barn och äldre att ställa upp på bild. Vi anlitar honom gärna "
                "igen.",
                "Jag fotograferar mycket på fritiden och har en bra kamera.",
            ),
        ),
    ),
    DemoAssignment(
        "hedlunda",
        "Måla om bygdegårdens veranda",
        "Hedlunda",
        "bygg-och-reparationer",
        "completed",
        window(-75, "09:00", 7),
        "7",
        "Verandan på bygdegården har flagnat och behöver skrapas, tvättas och målas om innan vintern. "
        "Föreningen står för färg, penslar och stegar, och vi behöver två personer som kan ägna en dag "
        "åt det. Lunch ingår.",
        published=-100,
        slots=2,
        pay=hourly(160),
        skills=("Snickerimålning och ytbehandling",),
        goals=(WORK,),
        what_to_bring="Arbetskläder som tål färg.",
        claims=(
            _confirmed(
                "erik.h",
                "7",
                "Erik var noggrann med förarbetet och såg till att allt blev klart på en dag. Verandan "
                "har aldrig sett så fin ut!",
                "Jag har målat om mitt eget hus och vet hur viktigt det är att skrapa ordentligt.",
            ),
            _confirmed(
                "mikael.s",
                "6.5",
                "Mikael kom i tid, jobbade på bra och tog ansvar för att städa upp efteråt. Vi "
                "rekommenderar honom varmt.",
                after_hours=48,
            ),
        ),
    ),
    DemoAssignment(
        "hedlunda",
        "Baka till luciakaffet i bygdegården",
        "Hedlunda",
        "mat-och-servering",
        "published",
        deadline(12),
        "3",
        "Till luciakaffet behöver vi hembakat: lussekatter, pepparkakor eller en långpanna kladdkaka. "
        "Baka hemma när det passar dig och lämna bakverken i bygdegårdens kök senast dagen före. "
        "Föreningen betalar ingredienserna mot kvitto.",
        published=-4,
        slots=3,
        skills=("Enklare bakningskunskaper",),
        goals=(VILLAGES,),
        claims=(
            DemoClaim(
                "anna.l",
                "accepted",
                "Jag bakar gärna lussekatter, två plåtar brukar bli lagom.",
                8,
                decision_message="Tack Anna, vad härligt! Lämna dem i köket, nyckeln kan du hämta hos mig.",
            ),
            DemoClaim("samira.k", "pending", "Jag kan baka kardemummabullar och en stor sockerkaka.", 40),
        ),
    ),
    DemoAssignment(
        "hedlunda",
        "Hjälp med bokföringen och bokslutet",
        "Hedlunda",
        "administration",
        "published",
        deadline(60),
        "12",
        "Vår kassör har flyttat och vi behöver hjälp att föra in årets verifikationer och göra bokslutet "
        "inför årsmötet. Bokföringen finns i Visma och kvittona i pärmar, så det mesta går att göra "
        "hemifrån. Du behöver ha F-skatt.",
        published=-6,
        pay=fee(2500, "f_tax"),
        skills=("Bokföringsvana", "Visma SPCS, redovisningssystem"),
        claims=(
            DemoClaim(
                "lars.o",
                "pending",
                "Jag har skött bokföringen åt flera föreningar och kan ta det på distans. Hör gärna av er!",
                26,
            ),
        ),
    ),
    DemoAssignment(
        "lycksele-landsbygd",
        "Röja sly längs skoterleden mot Rusksele",
        "Rusksele",
        "skog-och-djur",
        "filled",
        window(6, "08:00", 7),
        "7",
        "Innan skotersäsongen behöver leden mellan Lycksele och Rusksele röjas från sly på ett par "
        "sträckor. Du blir anställd av föreningen för dagen och jobbar i par. Röjsåg, skyddsutrustning "
        "och skjuts ut till leden står vi för.",
        published=-12,
        slots=2,
        pay=hourly(180, "employment"),
        skills=("Skogsröjning", "Röjsågskörkort Nivå RA"),
        goals=(VILLAGES, WORK),
        what_to_bring="Varma kläder i lager, matsäck och kängor.",
        claims=(
            DemoClaim(
                "johan.b",
                "accepted",
                "Jag har röjsågskort och kör skoter på leden varje vinter, så jag vet var det behövs.",
                10,
                decision_message="Välkommen med! Vi hämtar upp dig hemma kl. 7.30.",
            ),
            DemoClaim(
                "mikael.s",
                "accepted",
                "Jag har röjt mycket på egen mark och har både motorsågs- och röjsågskort.",
                14,
                decided_by="handledare.lycksele",
                decision_message="Toppen, Mikael! Jag ringer dig om var vi samlas.",
            ),
            DemoClaim(
                "samira.k",
                "declined",
                "Jag har inte röjt förut men lär mig gärna.",
                16,
                decision_message="Tack för din anmälan! Den här gången måste vi ha folk med röjsågskörkort, "
                "men vi hör gärna av oss när det finns uppdrag som inte kräver det.",
            ),
        ),
    ),
    DemoAssignment(
        "lycksele-landsbygd",
        "Klippa gräset vid badplatsen i Hedlunda",
        "Hedlunda",
        "tradgard-och-utemiljo",
        "completed",
        deadline(-125),
        "5",
        "Vi vill ha gräset klippt och trimmat vid badplatsen, runt grillplatsen och längs stigen ner "
        "till bryggan. Åkgräsklippare och trimmer finns i förrådet. Gör det någon dag när det passar "
        "dig, så länge det blir klart inom veckan.",
        published=-135,
        pay=hourly(150, "employment"),
        skills=("Trädgårdsskötsel",),
        goals=(VILLAGES, WORK),
        claims=(
            _confirmed(
                "mikael.s",
                "5.5",
                "Mikael klippte och trimmade hela området och tog till och med hand om ett par nedfallna "
                "grenar. Snabbt och ordentligt gjort.",
                "Jag kan göra det i början av veckan.",
            ),
        ),
    ),
    DemoAssignment(
        "lycksele-landsbygd",
        "Se över bryggor och grillplatser inför våren",
        "Lycksele",
        "fastighetsskotsel",
        "draft",
        deadline(40),
        "4",
        "Vi vill ha en lista över vilka bryggor, bänkar och grillplatser längs vattnet som behöver "
        "lagas, med foton och en kort beskrivning. Underlaget använder vi när vi söker bidrag till "
        "våren.",
    ),
    DemoAssignment(
        "lycksele-landsbygd",
        "Skriva en folder om vandringslederna",
        "Lycksele",
        "kultur-och-media",
        "expired",
        deadline(-20),
        "10",
        "Vi vill ge ut en enkel folder om vandringslederna runt byarna, med karta, längd och vad man "
        "kan se längs vägen. Texten ska vara kort och lättläst. Bilder och kartunderlag har vi redan.",
        published=-50,
        pay=fee(1200),
        goals=(VILLAGES,),
    ),
    DemoAssignment(
        "lycksele-landsbygd",
        "Samtalsvärd på språkcaféet",
        "Lycksele",
        "sallskap-och-omsorg",
        "published",
        window(7, "17:00", 2),
        "2",
        "På språkcaféet på biblioteket träffas vi som vill öva svenska och vi som tycker om att prata. "
        "Som samtalsvärd sitter du med vid ett bord, ställer frågor och hjälper samtalet framåt. Du "
        "behöver inte kunna något särskilt, bara vara nyfiken.",
        published=-3,
        slots=3,
        claim_mode="first_come",
        goals=(NEWCOMERS,),
        claims=(
            DemoClaim("anna.l", "accepted", "Jag är pensionerad lärare och tycker att det här låter jätteroligt.", 6),
        ),
    ),
    # --- Norsjö ---
    DemoAssignment(
        "bastutrask-bygdegard",
        "Städa bygdegården efter höstfesten",
        "Bastuträsk",
        "stadning",
        "completed",
        window(-27, "10:00", 4),
        "4",
        "Dagen efter höstfesten behöver vi hjälp att diska, torka bord, sopa och bära ut tomglas. Vi "
        "kör på med musik och avslutar med lunch på det som blev över från festen.",
        published=-40,
        slots=3,
        claim_mode="first_come",
        skills=("Storstädning",),
        claims=(
            _confirmed(
                "yonas.t",
                "4",
                "Yonas var först på plats och sist därifrån. Han tog hand om hela disken utan att någon "
                "behövde be om det. Stort tack!",
                "Jag kan komma och hjälpa till.",
                8,
            ),
            _confirmed(
                "elin.s",
                "3.5",
                "Elin jobbade på bra och höll humöret uppe hela dagen.",
                "Jag kommer efter träningen, runt elva.",
            ),
        ),
    ),
    DemoAssignment(
        "bastutrask-bygdegard",
        "Servering på höstmarknaden",
        "Bastuträsk",
        "mat-och-servering",
        "completed",
        window(-55, "09:00", 6),
        "6",
        "På höstmarknaden säljer vi kaffe, smörgåsar och hembakat i bygdegårdens kafé. Vi söker en "
        "person som kan stå i kassan och servera tillsammans med två av våra medlemmar. Du får betalt "
        "via ett egenanställningsföretag, så du behöver inget eget företag.",
        published=-80,
        pay=hourly(150),
        skills=("Bordsservering", "Kassavana", "Kundbemötande och service"),
        goals=(WORK,),
        claims=(
            _confirmed(
                "yonas.t",
                "6",
                "Yonas var vänlig mot alla gäster och hade bra koll på kassan även när det var som mest "
                "folk. Han är välkommen tillbaka nästa år.",
                "Jag har serverat på restaurang och vill gärna jobba på marknaden.",
                10,
            ),
            DemoClaim(
                "lars.o",
                "declined",
                "Jag kan stå i kassan om ni behöver.",
                30,
                decided_by="samordnare.bastutrask",
                decision_message="Tack för att du ville hjälpa till! Vi fick fler anmälningar än platser och "
                "valde den som anmälde sig först. Hoppas vi ses på marknaden ändå.",
            ),
        ),
    ),
    DemoAssignment(
        "bastutrask-bygdegard",
        "Hålla i en pysselkväll för barn inför jul",
        "Bastuträsk",
        "barn-och-unga",
        "published",
        window(18, "17:00", 2.5),
        "2.5",
        "Vi bjuder byns barn på pysselkväll med julkort, pappersstjärnor och pepparkakshus. Du hjälper "
        "till vid borden, plockar fram material och ser till att alla får vara med. Material och fika "
        "står föreningen för.",
        published=-4,
        slots=2,
        goals=(VILLAGES,),
        claims=(DemoClaim("elin.s", "pending", "Jag har varit ledare på sommarläger och älskar att pyssla!", 20),),
    ),
    DemoAssignment(
        "bastutrask-bygdegard",
        "Skotta taket på bygdegården",
        "Bastuträsk",
        "snorojning-och-vinter",
        "cancelled",
        window(5, "09:00", 4),
        "4",
        "Det har kommit mycket snö och taket på bygdegården behöver skottas innan det blir för tungt. "
        "Vi jobbar med säkerhetssele och är alltid minst två på taket.",
        published=-9,
        slots=2,
        pay=hourly(160),
        skills=("Snöskottning",),
        cancel_reason="Efter att ha pratat med försäkringsbolaget har styrelsen bestämt att taket ska skottas "
        "av en firma med lift och fallskydd. Tack till er som anmälde er – vi hör av oss när vi behöver "
        "hjälp att skotta på marken!",
        claims=(
            DemoClaim(
                "yonas.t",
                "cancelled",
                "Jag är inte höjdrädd och kan komma hela dagen.",
                15,
                decision_message="Uppdraget är tyvärr inställt, se förklaringen ovan. Tack för att du ställde upp!",
            ),
        ),
    ),
    DemoAssignment(
        "norsjo-kooperativet",
        "Sälja julgranar utanför kaféet",
        "Norsjö",
        "evenemang",
        "published",
        window(16, "10:00", 5),
        "5",
        "En helg i december säljer vi granar från medlemmarnas skogar utanför kaféet. Du hjälper "
        "kunderna att välja gran, nätar in den och tar betalt. Klä dig varmt – vi har eldkorg och "
        "varm soppa till lunch.",
        published=-7,
        slots=2,
        pay=hourly(150),
        skills=("Försäljningsvana, torg- och marknadsförsäljning", "Kassavana"),
        goals=(WORK,),
        claims=(
            DemoClaim(
                "yonas.t",
                "accepted",
                "Jag vill gärna jobba med försäljningen, jag gillar att prata med kunder.",
                9,
                decision_message="Välkommen! Kom till kaféet kl. 9.30, så får du en varm jacka med "
                "kooperativets namn på.",
            ),
            DemoClaim("lars.o", "withdrawn", "Jag kan hjälpa till med granförsäljningen på förmiddagen.", 50),
        ),
    ),
    DemoAssignment(
        "norsjo-kooperativet",
        "Löpande bokföring för kaféet",
        "Norsjö",
        "administration",
        "filled",
        deadline(30),
        "16",
        "Vi behöver hjälp att bokföra kaféets och butikens kvitton för hösten och stämma av mot banken "
        "i Fortnox. Arbetet går att göra på distans, men vi ses gärna en gång i kaféet och går igenom "
        "rutinerna.",
        published=-20,
        pay=fee(3000, "f_tax"),
        skills=("Bokföringsvana", "Fortnox, affärssystem"),
        claims=(
            DemoClaim(
                "lars.o",
                "accepted",
                "Jag har F-skatt och arbetar i Fortnox varje vecka.",
                8,
                decision_message="Så bra, Lars! Vi ger dig behörighet i Fortnox i veckan.",
            ),
        ),
    ),
    DemoAssignment(
        "norsjo-kooperativet",
        "Hjälpa äldre med mobilen och datorn på träffpunkten",
        "Norsjö",
        "data-och-it",
        "published",
        window(10, "13:00", 2),
        "2",
        "På träffpunktens datorkafé tar besökarna med sina mobiler, surfplattor och datorer och vill ha "
        "hjälp med allt från BankID och Swish till att ringa videosamtal med barnbarnen. Tålamod är "
        "viktigare än teknikkunskaper.",
        published=-3,
        slots=2,
        claim_mode="first_come",
        skills=("Internetanvändning, undervisning",),
        goals=(ELDERLY,),
        claims=(DemoClaim("elin.s", "accepted", "Jag hjälper min mormor med sånt hela tiden, så det här kan jag!", 6),),
    ),
    DemoAssignment(
        "norsjo-kooperativet",
        "Laga soppa till kooperativets soppdag",
        "Norsjö",
        "mat-och-servering",
        "draft",
        window(25, "09:00", 4.5),
        "4.5",
        "En gång i månaden bjuder vi på soppa och bröd i kaféet. Vi söker två personer som kan laga en "
        "stor gryta soppa från grunden tillsammans med vår kock och hjälpa till att servera.",
        slots=2,
        pay=hourly(150),
        skills=("Enklare matlagningskunskaper",),
        goals=(ELDERLY,),
    ),
    DemoAssignment(
        "bastutrask-vagar",
        "Röja sly längs vägkanterna i byn",
        "Bastuträsk",
        "skog-och-djur",
        "completed",
        window(-90, "08:00", 8),
        "8",
        "Slyet längs byavägarna skymmer sikten i korsningarna och gör det svårt för plogbilen på "
        "vintern. Vi söker två personer som kan röja vägkanterna med röjsåg. Samfälligheten står för "
        "röjsåg, bensin och skyddsutrustning.",
        published=-110,
        slots=2,
        pay=hourly(170),
        skills=("Skogsröjning", "Utbildning på röjsåg"),
        goals=(VILLAGES,),
        claims=(
            _confirmed(
                "peter.n",
                "8",
                "Peter är van att röja och jobbar säkert. Vägkanterna blev fint röjda och han lade upp "
                "riset så att det är lätt att hämta.",
                "Jag har röjt mycket och har egen röjsåg om det behövs.",
                6,
            ),
            _confirmed(
                "yonas.t",
                "7.5",
                "Yonas lärde sig snabbt att hantera röjsågen och var noga med säkerheten. Ett bra "
                "arbetslag tillsammans med Peter.",
                "Jag har inte röjt med röjsåg förut men lär mig gärna.",
            ),
        ),
    ),
    DemoAssignment(
        "bastutrask-vagar",
        "Sätta ut plogpinnar längs byavägarna",
        "Bastuträsk",
        "fastighetsskotsel",
        "expired",
        deadline(-25),
        "6",
        "Innan snön kommer ska plogpinnar sättas ut längs byavägarna, ungefär sex kilometer sammanlagt. "
        "Pinnarna ligger i ladan vid vändplanen, och du behöver bil med dragkrok för släpet.",
        published=-45,
        pay=hourly(150),
        claim_mode="first_come",
    ),
    # --- Norrtälje ---
    DemoAssignment(
        "grisslehamn",
        "Fotografera julmarknaden i hamnen",
        "Grisslehamn",
        "kultur-och-media",
        "published",
        window(15, "11:00", 4),
        "4",
        "Byalaget ordnar julmarknad i hamnen med hantverk, rökt fisk och luciatåg. Vi vill ha bilder som "
        "visar stämningen, till hemsidan och nästa års affischer. Fotografera gärna med egen kamera; "
        "bilderna lämnar du digitalt inom en vecka.",
        published=-6,
        pay=fee(800),
        skills=("Fotografering, digitalkamera",),
        goals=(COUNTRYSIDE,),
        claims=(
            DemoClaim(
                "hannah.m",
                "pending",
                "Hi! I'm a keen amateur photographer and would love to take pictures at the market. I "
                "understand Swedish well but find it easier to write in English.",
                30,
            ),
        ),
    ),
    DemoAssignment(
        "grisslehamn",
        "Ställa upp marknadsstånd i hamnen",
        "Grisslehamn",
        "evenemang",
        "published",
        window(14, "15:00", 3),
        "3",
        "Dagen före julmarknaden bygger vi upp stånden i hamnen, drar fram el och hänger upp "
        "ljusslingor. Vi behöver några starka armar och någon som inte är rädd för en stege. Varm korv "
        "och kaffe utlovas.",
        published=-6,
        slots=4,
        claim_mode="first_come",
        skills=("God fysik (tunga lyft)",),
        how_to_get_there="Samling vid byalagets bod vid hamnplanen. Parkera gärna uppe vid vägen.",
        claims=(
            DemoClaim("hannah.m", "accepted", "Count me in – I'm handy with tools.", 10),
            DemoClaim("karin.w", "accepted", "Jag kan komma direkt efter jobbet, runt halv fyra.", 25),
        ),
    ),
    DemoAssignment(
        "grisslehamn",
        "Rensa och plantera i rabatterna vid hamnen",
        "Grisslehamn",
        "tradgard-och-utemiljo",
        "completed",
        window(-150, "09:00", 4),
        "4",
        "Inför sommaren vill vi att hamnen ska välkomna besökarna med blommor. Rabatterna behöver "
        "rensas, gödslas och planteras med sommarblommor som byalaget köper in. Ta med egna handskar "
        "om du har.",
        published=-170,
        slots=2,
        pay=hourly(150),
        skills=("Trädgårdsskötsel",),
        goals=(COUNTRYSIDE,),
        claims=(
            _confirmed(
                "karin.w",
                "4",
                "Karin kan verkligen växter och gav oss goda råd om vad som klarar blåsten vid hamnen. "
                "Rabatterna blommade hela sommaren!",
                "Trädgård är mitt stora intresse.",
                12,
            ),
            _confirmed(
                "hannah.m",
                "4",
                "Hannah var glad och flitig och fick flera turister att stanna och prata. Tack för hjälpen!",
                "I'd love to help with the flowers.",
            ),
        ),
    ),
    DemoAssignment(
        "grisslehamn",
        "Skriva byalagets nyhetsbrev",
        "Grisslehamn",
        "kultur-och-media",
        "draft",
        deadline(30),
        "6",
        "Fyra gånger om året skickar byalaget ett nyhetsbrev till alla hushåll. Vi söker någon som kan "
        "samla in nyheter från föreningarna, skriva korta texter och sätta ihop brevet i vår mall.",
        skills=("Publicering, webben och sociala medier",),
    ),
    DemoAssignment(
        "hallstavik-herrang",
        "Skotta snö vid utegymmet i Hallstavik",
        "Hallstavik",
        "snorojning-och-vinter",
        "published",
        deadline(7),
        "2",
        "När det har snöat behöver ytan vid utegymmet skottas så att det går att träna. Du väljer själv "
        "när under veckan du gör det, helst dagen efter snöfallet. Skyfflar finns i lådan vid gymmet; "
        "koden får du när du har fått platsen.",
        published=-2,
        slots=2,
        pay=hourly(150),
        claim_mode="first_come",
        skills=("Snöskottning",),
        goals=(COUNTRYSIDE,),
        claims=(DemoClaim("karin.w", "accepted", "Jag bor nära och går förbi gymmet varje morgon.", 4),),
    ),
    DemoAssignment(
        "hallstavik-herrang",
        "Kratta löv och höststäda lekplatsen i Herräng",
        "Herräng",
        "tradgard-och-utemiljo",
        "completed",
        window(-35, "10:00", 4),
        "4",
        "Lekplatsen behöver krattas, sandlådan täckas och trasiga leksaker plockas bort inför vintern. "
        "Ta gärna med familjen – vi grillar korv när jobbet är klart.",
        published=-50,
        slots=4,
        claim_mode="first_come",
        skills=("Trädgårdsskötsel",),
        goals=(COUNTRYSIDE, NEWCOMERS),
        claims=(
            _confirmed(
                "karin.w",
                "4",
                "Karin höll ihop gänget och såg till att allt blev gjort. Tack!",
                "Jag tar med egen kratta.",
                5,
            ),
            _confirmed(
                "ali.h",
                "3.5",
                "Ali kom med sina barn och jobbade på hela förmiddagen. Han bar bort flera säckar löv och "
                "lagade staketet vid grinden.",
                "Jag kommer med mina två barn, de vill också hjälpa till.",
            ),
        ),
    ),
    DemoAssignment(
        "hallstavik-herrang",
        "Hjälp med hemsidan och Facebooksidan",
        "Hallstavik",
        "data-och-it",
        "published",
        deadline(28),
        "8",
        "Vår hemsida i WordPress behöver uppdateras med nya bilder, kontaktuppgifter och en kalender, "
        "och vi vill lära oss att lägga upp evenemang på Facebook själva. Du gör jobbet och visar sedan "
        "styrelsen hur vi sköter det framöver.",
        published=-5,
        pay=fee(1500),
        skills=("WordPress, CMS", "Publicering, webben och sociala medier"),
        claims=(
            DemoClaim(
                "oskar.n",
                "pending",
                "Jag har byggt hemsidor i WordPress åt några småföretag och visar gärna hur ni uppdaterar "
                "sidan själva.",
                18,
            ),
        ),
    ),
    DemoAssignment(
        "hallstavik-herrang",
        "Köra ut julkorgar till äldre i Herräng",
        "Herräng",
        "transport-och-flytt",
        "filled",
        window(17, "10:00", 4),
        "4",
        "Varje jul packar vi korgar med lokala delikatesser till äldre som bor ensamma. Vi söker två "
        "personer med körkort och egen bil som kör ut korgarna och gärna stannar på en kopp kaffe. "
        "Bensinen ersätter vi.",
        published=-10,
        slots=2,
        goals=(COUNTRYSIDE,),
        claims=(
            DemoClaim(
                "karin.w",
                "accepted",
                "Jag kör gärna, jag känner många av de äldre i Herräng.",
                7,
                decision_message="Tack Karin! Korgarna hämtas hemma hos mig kl. 10, adressen får du på mejlen.",
            ),
            DemoClaim(
                "ali.h",
                "accepted",
                "Jag har bil och kör gärna. Jag kan också bära in korgarna åt dem som behöver.",
                11,
                decided_by="handledare.hallstavik",
                decision_message="Välkommen Ali! Vi ses kl. 10.",
            ),
        ),
    ),
    DemoAssignment(
        "hallstavik-herrang",
        "Ta hand om fåren en morgon i mellandagarna",
        "Herräng",
        "skog-och-djur",
        "published",
        window(29, "08:00", 1.5),
        "1.5",
        "Utvecklingsgruppens fem får står i fårhuset vid lekplatsen över vintern. Under mellandagarna "
        "är vår ordinarie fårskötare bortrest, och vi behöver någon som ger dem hö och vatten och ser "
        "att alla mår bra. Vi visar dig hur man gör i förväg.",
        published=-3,
        skills=("Fårskötsel",),
    ),
    DemoAssignment(
        "rimbo",
        "Läxhjälp i matte för högstadiet",
        "Rimbo",
        "barn-och-unga",
        "published",
        window(5, "15:30", 2),
        "2",
        "Till mötesplatsens läxhjälp kommer elever i årskurs 7–9 som vill ha hjälp med matten. Du sitter "
        "med några elever åt gången, förklarar och peppar. Vi bjuder på mellanmål, och du blir "
        "timanställd av föreningen.",
        published=-8,
        slots=2,
        pay=hourly(150, "employment"),
        skills=("Matematik, undervisning grundskolenivå",),
        goals=(NEWCOMERS,),
        claims=(
            DemoClaim(
                "linnea.j",
                "accepted",
                "Jag läser till lärare i matte och NO och vill gärna få mer erfarenhet.",
                12,
                decided_by="samordnare.rimbo",
                decision_message="Välkommen Linnea! Första gången sitter du med mig, sedan kör du själv. /David",
            ),
            DemoClaim(
                "oskar.n",
                "pending",
                "Jag är bra på matte och har hjälpt mina syskon med läxorna i flera år.",
                40,
            ),
        ),
    ),
    DemoAssignment(
        "rimbo",
        "Hjälpa till med datorn på träffpunkten",
        "Rimbo",
        "data-och-it",
        "published",
        window(9, "13:00", 2),
        "2",
        "I träffpunktens datorhörna får besökarna hjälp med sådant som krånglar: uppdateringar, e-post, "
        "1177 och den digitala brevlådan. Du behöver inte vara expert, bara tålmodig och van vid "
        "datorer och mobiler.",
        published=-4,
        slots=2,
        claim_mode="first_come",
        skills=("Datorteknik, grundläggande", "Internetanvändning, undervisning"),
        goals=(NEWCOMERS,),
        claims=(DemoClaim("oskar.n", "accepted", "Jag kan komma, jag jobbar med it-support till vardags.", 5),),
    ),
    DemoAssignment(
        "rimbo",
        "Laga soppa till lunchen på mötesplatsen",
        "Rimbo",
        "mat-och-servering",
        "completed",
        window(-20, "09:30", 3.5),
        "3.5",
        "Varje vecka bjuder vi på soppa och bröd för en tjuga. Den här gången söker vi någon som lagar en "
        "stor gryta linssoppa till ett trettiotal personer i mötesplatsens kök. Recept och råvaror finns "
        "på plats.",
        published=-30,
        pay=hourly(150),
        skills=("Enklare matlagningskunskaper",),
        claims=(
            _confirmed(
                "linnea.j",
                "3.5",
                "Linnea lagade en riktigt god soppa och fick beröm av alla gäster. Hon höll ordning i "
                "köket och hjälpte till att servera.",
                "Jag lagar ofta mat till många hemma och tycker det är kul.",
            ),
        ),
    ),
    DemoAssignment(
        "rimbo",
        "Packa och bära inför mötesplatsens flytt",
        "Rimbo",
        "transport-och-flytt",
        "filled",
        window(-3, "09:00", 6),
        "6",
        "Mötesplatsen flyttar till större lokaler några kvarter bort. Vi behöver hjälp att packa köket "
        "och förrådet och bära möbler till flyttbilen. Lunch och flyttkartonger står föreningen för.",
        published=-16,
        slots=2,
        pay=hourly(160),
        skills=("Flyttpackningsvana", "God fysik (tunga lyft)"),
        claims=(
            DemoClaim(
                "ali.h",
                "done",
                "Jag har jobbat med flytt förut och har bärselar om ni behöver.",
                9,
                decision_message="Välkommen, Ali! Vi börjar kl. 9 med köket.",
                hours_reported="6",
            ),
            DemoClaim("oskar.n", "accepted", "Jag kan bära, och jag kopplar gärna in datorerna i nya lokalen.", 20),
        ),
    ),
    DemoAssignment(
        "rimbo",
        "Sy nya gardiner till samlingssalen",
        "Rimbo",
        "hantverk",
        "expired",
        deadline(-12),
        "8",
        "Samlingssalen behöver nya gardiner till de fyra stora fönstren. Tyget är redan inköpt och det "
        "finns en symaskin att låna. Vi betalar ett fast arvode för arbetet.",
        published=-40,
        pay=fee(600),
        skills=("Sömnad",),
    ),
    DemoAssignment(
        "blido",
        "Inventera lagret inför butiksstarten",
        "Blidö",
        "administration",
        "draft",
        deadline(35),
        "5",
        "Innan byabutiken öppnar behöver vi räkna och registrera varorna som vi har tagit över från den "
        "gamla butiken. Du får en lista och en handdator, och vi jobbar två och två.",
        slots=2,
        pay=hourly(150),
        skills=("Lagerinventering",),
    ),
)


# Saved searches ("Bevaka"): (resident, name, the /uppdrag/ query it keeps).
SAVED_SEARCHES = (
    ("anna.l", "Trädgård i Lycksele", "municipality=2481&category=tradgard-och-utemiljo"),
    ("anna.l", "Betalda uppdrag nära mig", "distance=25&paid=on"),
    ("hannah.m", "Paid work in Norrtälje", "municipality=0188&paid=on"),
)


# --- Supporters (handledare) and the residents they support -------------------
#
# The "handledare.*" coordinators are their association's supporters. Each has four residents in
# different stages: a request waiting for an answer, one active with the intake done and a tip,
# one further on (steps from confirmed assignments, a course, paid work) and one whose support
# ended. Milestone kinds and AccessLogEntry subjects are pathways.models values; days count back
# from the day the stories are written.


@dataclass(frozen=True)
class DemoOffer:
    association: str
    supporter: str
    kinds: tuple[str, ...]  # pathways.models.SupportKind values
    localities: tuple[str, ...]
    description: str


@dataclass(frozen=True)
class DemoIntake:
    days_ago: int
    experience: str
    goals: str
    obstacles: str
    skills: tuple[str, ...] = ()  # exact labels in the JobTech taxonomy
    own_skills: tuple[str, ...] = ()
    wanted: tuple[str, ...] = ()  # category slugs
    hours_per_week: int | None = None
    driving_licence: str = ""  # "yes", "no" or ""
    travel: str = ""
    times: str = ""


@dataclass(frozen=True)
class DemoStep:
    """A milestone the supporter recorded by hand (pathways.models.Milestone.RECORDABLE)."""

    kind: str
    days_ago: int
    note: str = ""


@dataclass(frozen=True)
class DemoTip:
    assignment: str  # title of an assignment open for sign-up
    days_ago: int
    message: str
    taken_days_ago: int | None = None  # the resident signed up for it then


@dataclass(frozen=True)
class DemoSupport:
    supporter: str
    association: str
    resident: str
    asked_days_ago: int
    message: str
    accepted_days_ago: int | None = None  # None: the request is still waiting
    ended_days_ago: int | None = None
    ended_by: str = "resident"  # or "supporter"
    intake: DemoIntake | None = None
    steps: tuple[DemoStep, ...] = ()
    notes: tuple[tuple[int, str], ...] = ()  # (days ago, text)
    tips: tuple[DemoTip, ...] = ()


SUPPORT_OFFERS: tuple[DemoOffer, ...] = (
    DemoOffer(
        "lycksele-landsbygd",
        "handledare.lycksele",
        ("mapping", "job_search", "language"),
        ("Lycksele", "Hedlunda", "Rusksele"),
        "Vi sätter oss ner tillsammans och går igenom vad du kan och vad du vill. Sedan hittar vi små "
        "uppdrag att börja med, så att du får en första referens. Vi träffas på vårt kontor i Lycksele "
        "eller i bystugan där du bor.",
    ),
    DemoOffer(
        "norsjo-kooperativet",
        "handledare.norsjo",
        ("mapping", "own_business", "job_search"),
        ("Norsjö", "Bastuträsk"),
        "Kooperativet ger arbetsträning i kaféet och butiken. Vi hjälper dig att kartlägga vad du kan, "
        "att ta dina första betalda uppdrag och att förstå hur egenanställning och F-skatt fungerar.",
    ),
    DemoOffer(
        "hallstavik-herrang",
        "handledare.hallstavik",
        ("mapping", "job_search", "studies", "language"),
        ("Hallstavik", "Herräng"),
        "Vi hjälper dig som vill komma närmare ett jobb eller börja studera: en kartläggning tillsammans, "
        "tips om uppdrag nära dig och stöd med svenskan. Du bestämmer själv vad du vill dela med oss.",
    ),
)

SUPPORT: tuple[DemoSupport, ...] = (
    # Lycksele: Sofia E. of the development group.
    DemoSupport(
        "handledare.lycksele",
        "lycksele-landsbygd",
        "johan.b",
        2,
        "Hej! Jag vill gärna få fler betalda uppdrag med foto och skog. Kan vi ses och prata om det?",
    ),
    DemoSupport(
        "handledare.lycksele",
        "lycksele-landsbygd",
        "samira.k",
        30,
        "Jag har bott i Lycksele i två år och vill börja jobba. Jag kan laga mat och tycker om att träffa folk.",
        accepted_days_ago=29,
        intake=DemoIntake(
            21,
            experience="Jag har lagat mat till stora familjefester och hjälpt till i skolans kök som praktikant "
            "under sex veckor.",
            goals="Jag vill ha ett jobb i ett kök eller ett kafé, gärna deltid först.",
            obstacles="Jag har inget körkort och bussen till byarna går sällan. Jag vill bli säkrare på att "
            "prata svenska i telefon.",
            skills=("Enklare matlagningskunskaper", "Kundbemötande och service"),
            own_skills=("Laga mat till många",),
            wanted=("mat-och-servering", "sallskap-och-omsorg"),
            hours_per_week=20,
            driving_licence="no",
            travel="Buss inom Lycksele, annars skjuts.",
            times="Vardagar när barnen är i skolan, och några kvällar.",
        ),
        notes=((21, "Bra första samtal. Samira vill börja med något där hon får prata svenska med många."),),
        tips=(
            DemoTip(
                "Samtalsvärd på språkcaféet",
                4,
                "Här får du prata svenska med många, och du kan berätta om matlagning. Passar dig bra!",
            ),
        ),
    ),
    DemoSupport(
        "handledare.lycksele",
        "lycksele-landsbygd",
        "mikael.s",
        140,
        "Jag har jobbat i skogen i många år men blev av med jobbet i våras. Jag vill hitta något nytt.",
        accepted_days_ago=139,
        intake=DemoIntake(
            132,
            experience="Tolv år som skogsarbetare på ett entreprenadföretag: röjning, gallring och fällning. "
            "Har målat och snickrat hemma.",
            goals="Få in en fot som egen företagare med skogs- och trädgårdstjänster, eller hitta en "
            "anställning inom fastighetsskötsel.",
            obstacles="Jag vet inte hur man tar betalt utan att ha ett företag, och jag är osäker på "
            "ansökningar och datorer.",
            skills=("Motorsågskörkort Nivå A", "Röjsågskörkort Nivå RA", "Trädfällning"),
            wanted=("skog-och-djur", "bygg-och-reparationer", "tradgard-och-utemiljo"),
            hours_per_week=30,
            driving_licence="yes",
            travel="Egen bil, kör gärna 4 mil.",
            times="När som helst.",
        ),
        steps=(
            DemoStep("training", 100, "Motorsågskörkort nivå B"),
            DemoStep("umbrella", 74, "Verandan i Hedlunda, betald via egenanställningsföretag"),
        ),
        notes=(
            (132, "Mikael har mycket erfarenhet. Nästa steg: ett första uppdrag nära hemmet och sedan nivå B."),
            (60, "Har nu två bekräftade uppdrag och bra referenser. Vi pratade om F-skatt längre fram."),
        ),
        tips=(
            DemoTip(
                "Servera kaffe och våfflor på julmarknaden",
                6,
                "Ett betalt uppdrag via egenanställning, och du träffar många i byn.",
                taken_days_ago=5,
            ),
        ),
    ),
    DemoSupport(
        "handledare.lycksele",
        "lycksele-landsbygd",
        "anna.l",
        100,
        "Jag är pensionär och vill hitta sätt att vara till nytta i föreningarna.",
        accepted_days_ago=98,
        ended_days_ago=40,
        notes=((98, "Anna vill mest hjälpa till ideellt. Vi tittade på uppdragen tillsammans."),),
    ),
    # Norsjö: Fredrik Å. of the village cooperative.
    DemoSupport(
        "handledare.norsjo",
        "norsjo-kooperativet",
        "peter.n",
        1,
        "Jag funderar på att starta eget med fastighetsskötsel. Kan ni hjälpa mig att komma igång?",
    ),
    DemoSupport(
        "handledare.norsjo",
        "norsjo-kooperativet",
        "elin.s",
        40,
        "Jag pluggar på distans och vill ha extrajobb med foto eller barn.",
        accepted_days_ago=38,
        intake=DemoIntake(
            30,
            experience="Har lett barnträningar i fotboll i tre år och tar bilder till klubbens Instagram.",
            goals="Extrajobb på helger nu, och ett jobb med barn och unga när jag är klar med studierna.",
            obstacles="Jag har inget körkort än, så det måste gå att ta sig dit med buss eller cykel.",
            skills=("Fotografering", "Barn- och ungdomsidrott, ledarerfarenhet"),
            wanted=("barn-och-unga", "kultur-och-media"),
            hours_per_week=8,
            driving_licence="no",
            travel="Buss mellan Bastuträsk och Norsjö.",
            times="Helger och vissa kvällar.",
        ),
        notes=((30, "Elin är driven. Hon vill ha betalda uppdrag på helger."),),
        tips=(
            DemoTip(
                "Sälja julgranar utanför kaféet",
                3,
                "Betalt på en helg i december, via egenanställning. Vi hjälper dig med det praktiska.",
            ),
        ),
    ),
    DemoSupport(
        "handledare.norsjo",
        "norsjo-kooperativet",
        "yonas.t",
        180,
        "Jag vill jobba med servering eller städning. Jag kan tigrinja, arabiska och lite svenska.",
        accepted_days_ago=178,
        intake=DemoIntake(
            170,
            experience="Har arbetat på restaurang i fem år innan jag kom till Sverige. Van vid tunga lyft.",
            goals="En anställning i restaurang eller lokalvård. Först vill jag få svenska referenser.",
            obstacles="Mina betyg och intyg från förr är inte översatta. Jag behöver öva svenska i arbetet.",
            skills=("Bordsservering", "Storstädning", "Kundbemötande och service"),
            wanted=("mat-och-servering", "stadning", "evenemang"),
            hours_per_week=40,
            driving_licence="no",
            travel="Cykel och buss.",
            times="Dagar, kvällar och helger.",
        ),
        steps=(
            DemoStep("training", 120, "Kurs i livsmedelshygien"),
            DemoStep("umbrella", 54, "Serveringen på höstmarknaden, betald via egenanställningsföretag"),
        ),
        notes=(
            (170, "Yonas vill ha svenska referenser. Börjar med städning och servering i bygdegården."),
            (80, "Hygienkursen klar. Föreningarna är nöjda, han får fråga efter referenser."),
            (25, "Tre bekräftade uppdrag. Nästa steg: söka deltid på restaurang i Skellefteå."),
        ),
    ),
    DemoSupport(
        "handledare.norsjo",
        "norsjo-kooperativet",
        "lars.o",
        200,
        "Jag är pensionerad ekonom och vill använda det jag kan.",
        accepted_days_ago=199,
        ended_days_ago=150,
        ended_by="supporter",
        notes=((199, "Lars behöver inget stöd mot arbete, men kan hjälpa föreningar med bokföring."),),
    ),
    # Norrtälje: Ahmad R. of the development group in Hallstavik and Herräng.
    DemoSupport(
        "handledare.hallstavik",
        "hallstavik-herrang",
        "oskar.n",
        3,
        "Jag är bra på datorer och vill se om jag kan få betalt för det.",
    ),
    DemoSupport(
        "handledare.hallstavik",
        "hallstavik-herrang",
        "ali.h",
        50,
        "Jag söker jobb och har körkort. Jag kan bära och flytta och har jobbat med flytt förut.",
        accepted_days_ago=49,
        intake=DemoIntake(
            42,
            experience="Två år på en flyttfirma i Stockholm. Har hjälpt grannar med trädgård och snöskottning.",
            goals="Ett jobb med transport eller fastighetsskötsel, gärna i Hallstavik.",
            obstacles="Det finns få jobb här som man kan ta sig till utan bil på tidiga morgnar.",
            skills=("God fysik (tunga lyft)", "Flyttpackningsvana"),
            wanted=("transport-och-flytt", "tradgard-och-utemiljo", "snorojning-och-vinter"),
            hours_per_week=40,
            driving_licence="yes",
            travel="Lånar bil ibland, annars buss.",
            times="Alla dagar.",
        ),
        notes=((42, "Ali vill ha betalda uppdrag. Tipsa när snöröjningen börjar."),),
        tips=(
            DemoTip(
                "Skotta snö vid utegymmet i Hallstavik",
                2,
                "Betalt per timme via egenanställning, nära där du bor.",
            ),
        ),
    ),
    DemoSupport(
        "handledare.hallstavik",
        "hallstavik-herrang",
        "karin.w",
        220,
        "Jag vill börja jobba med trädgård, kanske som egen företagare.",
        accepted_days_ago=218,
        intake=DemoIntake(
            210,
            experience="Har skött stora trädgårdar åt äldre grannar i många år. Har städat på ett hotell.",
            goals="Starta eget med trädgårdsskötsel i Hallstavik och Herräng.",
            obstacles="Jag vet inte hur man sätter pris eller vilka försäkringar man behöver.",
            skills=("Trädgårdsskötsel", "Storstädning"),
            wanted=("tradgard-och-utemiljo", "evenemang"),
            hours_per_week=25,
            driving_licence="yes",
            travel="Egen bil.",
            times="Vardagar.",
        ),
        steps=(
            DemoStep("umbrella", 149, "Rabatterna i Grisslehamn, betalda via egenanställningsföretag"),
            DemoStep("training", 120, "Kurs i trädgårdsskötsel på folkhögskolan"),
            DemoStep("own_business", 20, "Fick F-skatt för trädgårdstjänster"),
        ),
        notes=(
            (210, "Karin har ett tydligt mål: eget företag inom trädgård. Börjar med uppdrag via egenanställning."),
            (21, "Vi gick igenom F-skatt och försäkringar. Ansökan är inskickad."),
        ),
    ),
    DemoSupport(
        "handledare.hallstavik",
        "hallstavik-herrang",
        "linnea.j",
        60,
        "Jag pluggar och vill ha ett extrajobb med läxhjälp.",
        accepted_days_ago=59,
        ended_days_ago=30,
        notes=((59, "Linnea har redan hittat läxhjälpen i Rimbo. Hör av dig om du vill ha mer stöd."),),
    ),
)
