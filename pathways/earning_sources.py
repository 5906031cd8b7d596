"""The facts on the page about being paid (/att-fa-betalt/), each with its public source.

Every figure and rule the page states is a `Point` with at least one `Source`: the publisher,
the page, its address and the date the statement was last checked against it. To re-check
the page, open each address in SOURCES, compare the points that cite it, and move `checked`
to that day. A point without sources is advice (what to ask, what to compare) or says how
Uppdragsbanken itself works; it never states a figure or a rule of law. Prefer an authority's
current page; where only an older edition of Skatteverket's legal guidance (rättslig vägledning)
could be checked, the source's title names that edition.

Source titles are the Swedish pages' own subjects and stay in Swedish (the template marks
them lang="sv"); everything else goes through gettext."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from assignments.models import Assignment


@dataclass(frozen=True)
class Source:
    """A public page a fact comes from: who published it, what it is, where, and when it was checked."""

    publisher: str
    title: str
    url: str
    checked: date


@dataclass(frozen=True)
class Point:
    """One statement on the page; `sources` is empty only for advice, never for a fact."""

    text: Promise
    sources: tuple[Source, ...] = ()


@dataclass(frozen=True)
class Part:
    """A heading within a route ("Vad det kostar") and its points."""

    title: Promise
    points: tuple[Point, ...]


@dataclass(frozen=True)
class Route:
    """One paid route of Assignment.PaymentRoute: its anchor on the page, the link text an
    assignment of this route shows, and what the page says about it."""

    route: str
    anchor: str
    title: Promise
    link_text: Promise
    summary: Promise
    parts: tuple[Part, ...]


CHECKED = date(2026, 11, 29)

VERKSAMT_UMBRELLA = Source(
    "Verksamt.se",
    "Utföra tillfälliga uppdrag som egenanställd",
    "https://verksamt.se/starta-foretag/andra-satt/utfora-tillfalliga-uppdrag-egenanstalld",
    CHECKED,
)
SKV_GIGS = Source(
    "Skatteverket",
    "Gig, tillfälliga arbeten och kortare uppdrag",
    "https://skatteverket.se/privat/skatter/arbeteochinkomst/inkomster/tjansteruppdragochgigs/saljatjanster.4.6bef7d451695d90def448f6.html",
    CHECKED,
)
SKV_F_TAX_QUESTIONS = Source(
    "Skatteverket",
    "Svar på vanliga frågor: F-skatt",
    "https://www.skatteverket.se/foretagorganisationer/sjalvservice/svarpavanligafragor/fskatt.4.18e1b10334ebe8bc80003982.html",
    CHECKED,
)
SKV_F_TAX_APPROVAL = Source(
    "Skatteverket",
    "Rättslig vägledning: Godkännande för F-skatt (utgåva 2025.1)",
    "https://www4.skatteverket.se/rattsligvagledning/edition/2025.1/1292.html",
    CHECKED,
)
SKV_SELF_EMPLOYED_FEES = Source(
    "Skatteverket",
    "Egenavgifter",
    "https://www.skatteverket.se/foretagochorganisationer/startaochdrivaforetag/enskildnaringsverksamhet/egenavgifter.4.361dc8c15312eff6fd1f678.html",
    CHECKED,
)
SKV_EMPLOYER_FEES = Source(
    "Skatteverket",
    "Rättslig vägledning: Arbetsgivaravgifternas storlek (utgåva 2024.3)",
    "https://www4.skatteverket.se/rattsligvagledning/edition/2024.3/1333.html",
    CHECKED,
)
# The reduction for ages 18-22 at the start of the year: the law itself and the bill it came from.
SFS_2026_100 = Source(
    "FAR Online",
    "SFS 2026:100 Lag om särskild beräkning av arbetsgivaravgifter och allmän löneavgift för personer "
    "som vid årets ingång fyllt 18 men inte 23 år",
    "https://www.faronline.se/dokument/riksdagregering/lagar-och-forordningar/2020-tal/2026/sfs20260100",
    CHECKED,
)
PROP_2025_26_66 = Source(
    "Sveriges riksdag",
    "Proposition 2025/26:66 Tillfälligt nedsatta arbetsgivaravgifter för 19–23-åringar",
    "https://www.riksdagen.se/sv/dokument-och-lagar/dokument/proposition/tillfalligt-nedsatta-arbetsgivaravgifter-for_hd0366/html",
    CHECKED,
)
SKV_WHO_PAYS_FEES = Source(
    "Skatteverket",
    "Rättslig vägledning: Arbetsgivaravgifter (utgåva 2024.3)",
    "https://www4.skatteverket.se/rattsligvagledning/edition/2024.3/1314.html",
    CHECKED,
)
SKV_1000_LIMIT = Source(
    "Skatteverket",
    "Rättslig vägledning: Beloppsgränsen 1 000 kronor (utgåva 2022.8)",
    "https://www4.skatteverket.se/rattsligvagledning/edition/2022.8/1327.html",
    CHECKED,
)
SKV_TAX_TABLES = Source(
    "Skatteverket",
    "Skattetabeller",
    "https://skatteverket.se/foretag/arbetsgivare/arbetsgivaravgifterochskatteavdrag/skattetabeller.4.96cca41179bad4b1aa8a46.html",
    CHECKED,
)
SKV_ASSOCIATIONS = Source(
    "Skatteverket",
    "Föreningar som betalar ut ersättning för arbete",
    "https://skatteverket.se/foretagorganisationer/foreningar/idrottsforeningar.4.6f9866931215a607a4f80009169.html",
    CHECKED,
)
SKV_TAX_RETURN = Source(
    "Skatteverket",
    "Deklaration",
    "https://skatteverket.se/privat/deklaration",
    CHECKED,
)
SKV_TAX_RETURN_CONTENTS = Source(
    "Skatteverket",
    "Innehållet i deklarationen",
    "https://skatteverket.se/privat/deklaration/innehalletideklarationen.4.3810a01c150939e893f244dd.html",
    CHECKED,
)
FK_WORK_INJURY = Source(
    "Försäkringskassan",
    "Arbetsskada",
    "https://www.forsakringskassan.se/sjukvard/arbetsskada",
    CHECKED,
)
FK_SGI_SOLE_TRADER = Source(
    "Försäkringskassan",
    "Enskild firma, handelsbolag eller kommanditbolag",
    "https://www.forsakringskassan.se/privatpers/foretagare/!ut/p/z1/tZI_b4MwEMU_S4eM6Gz-M7pEIqVK04gkBC-RAZO6LcYBC5pvX9KtQ4qiqLecbvDvvfM9oLAHKlkvjkyLRrLPcc6oe7AX8xBHIXpe7TYEEbwk5naJTPRkwg4o0EJqpd8gKxqpudQdP7S8U43sRM9nSLWiZ1rxtpuhqmm5ZkfW8ss7VYgSModXuRtw0wgY9wy79CwjxwE2cFkwXPqmjS0f0h8j6EoRBPRvn-lFb4Lwm-FHloPI-hVb9sqM4wRBwiVkow_vqhCxIO0FH2Arm7Ye_y-5cc0FmlBY23cqTODd_8U7d-LjqTuPgRXvpxMlYyovafzSsL8plqqufetsfFTzxxcjCnN_2FT12M4DefgGXEnM-w!!/"
    "?1dmy&urile=wcm%3Apath%3A%2Fcontentse_responsive%2Fprivatpers%2Fforetagare%2Fenskild_firma_handelsbolag_komanditbolag",
    CHECKED,
)
FK_SGI_LIMITED_COMPANY = Source(
    "Försäkringskassan",
    "Aktiebolag",
    "https://forsakringskassan.se/privatperson/sjuk/aktiebolag/narstaendepenning-for-dig-med-aktiebolag",
    CHECKED,
)
AKASSA_FINANCE = Source(
    "Finans- och försäkringsbranschens a-kassa",
    "Uppdragstagare",
    "https://ffakassan.se/ersattning/uppdragstagare",
    CHECKED,
)
AKASSA_LARARNA = Source(
    "Lärarnas a-kassa",
    "Driva företag",
    "https://lararnasakassa.se/villkor/sarskilda-villkor-for-ersattning/driva-foretag/",
    CHECKED,
)
AKASSA_LEDARNA = Source(
    "Ledarnas a-kassa",
    "Uppdragstagare",
    "https://www.ledarnasakassa.se/forsakringen/uppdragstagare",
    CHECKED,
)
AGV_TERMS = Source(
    "Arbetsgivarverket",
    "Informationsskyldighet för arbetsgivare",
    "https://www.arbetsgivarverket.se/ledare-i-staten/arbetsgivarguiden/anstalla/informationsskyldighet-for-arbetsgivare/",
    CHECKED,
)

# Every source the page may cite, in the order of the page's list of sources.
SOURCES: tuple[Source, ...] = (
    VERKSAMT_UMBRELLA,
    SKV_GIGS,
    SKV_F_TAX_QUESTIONS,
    SKV_F_TAX_APPROVAL,
    SKV_SELF_EMPLOYED_FEES,
    SKV_EMPLOYER_FEES,
    SFS_2026_100,
    PROP_2025_26_66,
    SKV_WHO_PAYS_FEES,
    SKV_1000_LIMIT,
    SKV_TAX_TABLES,
    SKV_ASSOCIATIONS,
    SKV_TAX_RETURN,
    SKV_TAX_RETURN_CONTENTS,
    FK_WORK_INJURY,
    FK_SGI_SOLE_TRADER,
    FK_SGI_LIMITED_COMPANY,
    AKASSA_FINANCE,
    AKASSA_LARARNA,
    AKASSA_LEDARNA,
    AGV_TERMS,
)

MEANS = _("Vad det innebär")
COSTS = _("Vad det kostar")
TAX = _("Skatt och försäkring")
START = _("Så kommer du igång")

UMBRELLA = Route(
    route=Assignment.PaymentRoute.UMBRELLA,
    anchor="egenanstallning",
    title=_("Egenanställning via ett egenanställningsföretag"),
    link_text=_("Så fungerar egenanställning"),
    summary=_("Du fakturerar föreningen via ett företag som betalar ut lön till dig. Du behöver inget eget företag."),
    parts=(
        Part(
            MEANS,
            (
                Point(
                    _(
                        "Du tar uppdrag utan att starta ett eget företag. Du ansluter dig till ett "
                        "egenanställningsföretag, som sköter fakturering, lön och skatter åt dig. Det är "
                        "egenanställningsföretaget som är godkänt för F-skatt. Anställningen där upphör när "
                        "uppdraget är klart."
                    ),
                    (VERKSAMT_UMBRELLA,),
                ),
                Point(
                    _(
                        "Det är du som gör arbetet, men egenanställningsföretaget är föreningens avtalspart. "
                        "Därför ska du ansluta dig och komma överens med egenanställningsföretaget om uppdraget "
                        "innan du gör upp om ersättningen med föreningen."
                    ),
                    (VERKSAMT_UMBRELLA,),
                ),
            ),
        ),
        Part(
            COSTS,
            (
                Point(
                    _(
                        "Föreningen betalar fakturan till egenanställningsföretaget. Det betalar sedan ut lön "
                        "till dig efter avdrag för sin avgift (provision), arbetsgivaravgifter och preliminärskatt."
                    ),
                    (VERKSAMT_UMBRELLA,),
                ),
                Point(
                    _(
                        "Arbetsgivaravgifterna är för de flesta 31,42 procent av lönen. Den procentsatsen anger "
                        "Skatteverket för år 2024 i sin rättsliga vägledning (utgåva 2024.3). Beroende på din "
                        "ålder kan procentsatsen vara lägre."
                    ),
                    (SKV_EMPLOYER_FEES,),
                ),
                Point(
                    _(
                        "Från den 1 april 2026 till och med den 30 september 2027 är arbetsgivaravgifterna "
                        "tillfälligt lägre för den som vid årets början har fyllt 18 men inte 23 år. Det gäller "
                        "den del av lönen som är högst 25 000 kronor i månaden."
                    ),
                    (SFS_2026_100, PROP_2025_26_66),
                ),
                Point(
                    _(
                        "Läs villkoren noga innan du ansluter dig, så att du vet hur hög avgiften till "
                        "egenanställningsföretaget är. Avtalet med egenanställningsföretaget styr också när "
                        "du får lönen."
                    ),
                    (VERKSAMT_UMBRELLA,),
                ),
                Point(
                    _(
                        "Jämför gärna flera egenanställningsföretag. Fråga föreningen om beloppet i uppdraget "
                        "är det som ska faktureras, och be egenanställningsföretaget räkna ut vad du får ut "
                        "av det."
                    )
                ),
            ),
        ),
        Part(
            TAX,
            (
                Point(
                    _(
                        "Egenanställningsföretaget betalar in arbetsgivaravgifterna, ger dig ett lönebesked "
                        "och rapporterar din inkomst till Skatteverket."
                    ),
                    (SKV_GIGS,),
                ),
                Point(
                    _(
                        "Får du ersättning från a-kassan: tala med a-kassan innan du tar ett uppdrag. A-kassan "
                        "bedömer hur självständig du är som uppdragstagare, också när du fakturerar via ett "
                        "egenanställnings- eller faktureringsföretag."
                    ),
                    (AKASSA_FINANCE, AKASSA_LEDARNA),
                ),
                Point(
                    _(
                        "Fråga Försäkringskassan hur inkomster via ett egenanställningsföretag "
                        "räknas för din sjukpenning."
                    )
                ),
            ),
        ),
        Part(
            START,
            (
                Point(
                    _(
                        "Välj ett egenanställningsföretag, läs villkoren och anslut dig. När uppdraget är gjort "
                        "lämnar du oftast ett fakturaunderlag till egenanställningsföretaget, som skickar "
                        "fakturan till föreningen."
                    ),
                    (VERKSAMT_UMBRELLA,),
                ),
                Point(
                    _(
                        "Rapportera dina timmar här på Uppdragsbanken när uppdraget är gjort, så att föreningen "
                        "kan bekräfta dem."
                    )
                ),
            ),
        ),
    ),
)

F_TAX = Route(
    route=Assignment.PaymentRoute.F_TAX,
    anchor="f-skatt",
    title=_("Eget företag med F-skatt"),
    link_text=_("Så fungerar F-skatt"),
    summary=_("Du har ett eget företag, godkänt för F-skatt, och skickar fakturan till föreningen själv."),
    parts=(
        Part(
            MEANS,
            (
                Point(
                    _(
                        "Med F-skatt ansvarar du själv för att betala in din preliminära skatt och dina "
                        "socialavgifter. Den som inte är godkänd för F-skatt har A-skatt."
                    ),
                    (SKV_F_TAX_APPROVAL,),
                ),
                Point(
                    _(
                        "Skatteverket godkänner dig för F-skatt om du bedriver eller tänker bedriva "
                        "näringsverksamhet i Sverige och det inte finns något hinder."
                    ),
                    (SKV_F_TAX_APPROVAL,),
                ),
                Point(
                    _(
                        "När du är godkänd för F-skatt drar föreningen ingen skatt och betalar inga "
                        "socialavgifter på ersättningen. Skriv på dina fakturor att du är godkänd för F-skatt."
                    ),
                    (SKV_F_TAX_QUESTIONS,),
                ),
            ),
        ),
        Part(
            COSTS,
            (
                Point(
                    _(
                        "Du betalar egenavgifter på överskottet i din verksamhet. Fulla egenavgifter är "
                        "28,97 procent. Är överskottet lägre än 1 000 kronor betalar du inga egenavgifter."
                    ),
                    (SKV_SELF_EMPLOYED_FEES,),
                ),
                Point(
                    _(
                        "Fråga Skatteverket eller en företagsrådgivare vad ditt företag behöver sköta, till "
                        "exempel bokföring och moms, innan du bestämmer dig."
                    )
                ),
            ),
        ),
        Part(
            TAX,
            (
                Point(
                    _(
                        "Tar du uppdrag regelbundet och yrkesmässigt, för att gå med vinst, kan det räknas som "
                        "näringsverksamhet."
                    ),
                    (SKV_GIGS,),
                ),
                Point(
                    _(
                        "Har du enskild firma har du rätt till sjuk- och föräldrapenning precis som en anställd. "
                        "Ersättningen beräknas på din sjukpenninggrundande inkomst (SGI), som Försäkringskassan "
                        "räknar fram utifrån arbetsinkomsten från firman."
                    ),
                    (FK_SGI_SOLE_TRADER,),
                ),
                Point(
                    _(
                        "Med F-skatt räknar a-kassan dig oftast som självständig uppdragstagare, alltså som "
                        "företagare. Då får du oftast ingen ersättning från a-kassan medan du tar uppdrag. Det "
                        "finns undantag, till exempel om a-kassan godkänner företaget som extraarbete vid sidan "
                        "av ett heltidsarbete. A-kassan bedömer varje fall för sig, så tala med den innan du tar "
                        "ett uppdrag."
                    ),
                    (AKASSA_FINANCE, AKASSA_LARARNA),
                ),
                Point(_("Fråga Försäkringskassan hur många karensdagar du har som företagare.")),
            ),
        ),
        Part(
            START,
            (
                Point(
                    _(
                        "Ansök om F-skatt i Skatteverkets e-tjänst på verksamt.se. Kan du inte använda "
                        "e-tjänsten finns en blankett (SKV 4620)."
                    ),
                    (SKV_F_TAX_QUESTIONS,),
                ),
                Point(_("Skicka fakturan till föreningen när uppdraget är gjort och timmarna är bekräftade.")),
            ),
        ),
    ),
)

EMPLOYMENT = Route(
    route=Assignment.PaymentRoute.EMPLOYMENT,
    anchor="anstallning",
    title=_("Anställd av föreningen"),
    link_text=_("Så fungerar anställning hos föreningen"),
    summary=_("Föreningen anställer dig för uppdraget och betalar ut lön. Du behöver inget företag."),
    parts=(
        Part(
            MEANS,
            (
                Point(
                    _(
                        "Föreningen anställer dig för uppdraget och betalar ut lön. Du behöver varken eget "
                        "företag eller egenanställningsföretag."
                    )
                ),
                Point(
                    _(
                        "Föreningen ska ge dig skriftlig information om de villkor som är viktiga för "
                        "anställningen, till exempel arbetsuppgifter, lön och hur länge anställningen gäller."
                    ),
                    (AGV_TERMS,),
                ),
            ),
        ),
        Part(
            COSTS,
            (
                Point(
                    _("Den som betalar ut ersättning för arbete ska i regel betala arbetsgivaravgifter, utöver lönen."),
                    (SKV_WHO_PAYS_FEES,),
                ),
                Point(
                    _(
                        "Betalar föreningen dig mindre än 1 000 kronor under ett år ska den inte betala "
                        "arbetsgivaravgifter på ersättningen."
                    ),
                    (SKV_1000_LIMIT,),
                ),
                Point(
                    _(
                        "Betalar föreningen 1 000 kronor eller mer under ett år till någon som inte har F-skatt "
                        "ska den vara registrerad som arbetsgivare hos Skatteverket."
                    ),
                    (SKV_ASSOCIATIONS,),
                ),
            ),
        ),
        Part(
            TAX,
            (
                Point(
                    _(
                        "Föreningen drar skatt från lönen: enligt skattetabellen om det är din huvudinkomst, "
                        "annars 30 procent. Blir ersättningen lägre än 1 000 kronor under året drar den ingen "
                        "skatt."
                    ),
                    (SKV_TAX_TABLES,),
                ),
                Point(
                    _(
                        "Den som betalar ut lönen lämnar uppgifter om den till Skatteverket. Beloppet står sedan "
                        "ifyllt i din deklaration."
                    ),
                    (SKV_TAX_RETURN_CONTENTS,),
                ),
                Point(
                    _(
                        "Som anställd beräknas din sjuk- och föräldrapenning på din sjukpenninggrundande inkomst "
                        "(SGI). Försäkringskassan räknar fram den utifrån lönen."
                    ),
                    # Owners of a limited company count as its employees; the page says how theirs is set.
                    (FK_SGI_LIMITED_COMPANY,),
                ),
                Point(
                    _(
                        "Ersättning under 1 000 kronor under ett år från samma utbetalare ger ingen "
                        "pensionsgrundande inkomst och är inte sjukpenninggrundande."
                    ),
                    (SKV_1000_LIMIT,),
                ),
            ),
        ),
        Part(
            START,
            (
                Point(
                    _(
                        "Fråga föreningen om villkoren innan du börjar: lön, arbetstid och "
                        "hur länge anställningen gäller."
                    )
                ),
                Point(_("Säg till föreningen om du har en annan huvudinkomst, så att den drar rätt skatt.")),
            ),
        ),
    ),
)

ROUTES: tuple[Route, ...] = (UMBRELLA, F_TAX, EMPLOYMENT)

# What holds whichever way the work is paid.
FOR_ALL: tuple[Point, ...] = (
    Point(
        _("Arbetsskadeförsäkringen gäller alla som arbetar: anställda, uppdragstagare och egna företagare."),
        (FK_WORK_INJURY,),
    ),
    Point(
        _(
            "Inkomster från gig, tillfälliga arbeten och kortare uppdrag ska som regel "
            "redovisas i din inkomstdeklaration."
        ),
        (SKV_GIGS,),
    ),
    Point(
        _(
            "Inkomstdeklarationen gäller inkomsterna året innan, och du lämnar den till Skatteverket i början "
            "av maj. Skatteverket anger sista dagen varje år. För inkomståret 2025 var det den 4 maj 2026."
        ),
        (SKV_TAX_RETURN,),
    ),
)


def cited_sources() -> list[Source]:
    """The sources some point of the page cites, in the order of SOURCES (each once)."""
    cited = {source for route in ROUTES for part in route.parts for point in part.points for source in point.sources}
    cited |= {source for point in FOR_ALL for source in point.sources}
    return [source for source in SOURCES if source in cited]
