"""The safety and legal checklist: what the association answers in "Säkerhet och villkor" and what
a resident reads under "Bra att veta innan du anmäler dig" before the sign-up button."""

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from assignments import checklist
from assignments.models import Assignment, Category
from tests.factories import AssignmentFactory, locality

CREATE = "/foreningar/rusksele/uppdrag/nytt/"
Risk = Assignment.Risk
Extract = Assignment.RecordExtract


def _form(category: str = "snorojning-och-vinter", **extra) -> dict:
    return {
        "title": "Skotta snö vid utegymmet",
        "description": "Infarten och trappan behöver skottas.",
        "category": Category.objects.get(slug=category).pk,
        "locality": locality("Rusksele").pk,
        "timing": "deadline",
        "deadline": (timezone.localdate() + timedelta(days=5)).isoformat(),
        "estimated_hours": "2",
        "slots": "1",
        "compensation": "voluntary",
        "claim_mode": "choose",
        "action": "draft",
        **extra,
    }


def _page(client, assignment) -> str:
    return client.get(f"/uppdrag/{assignment.pk}/").content.decode()


# ---- Defaults per category --------------------------------------------------------------------


def test_every_category_in_the_defaults_table_exists_and_every_suggested_value_is_a_choice(db):
    slugs = set(Category.objects.values_list("slug", flat=True))
    assert set(checklist.CATEGORY_DEFAULTS) == slugs
    for suggestion in checklist.CATEGORY_DEFAULTS.values():
        assert suggestion.extract is None or suggestion.extract in Extract.values
        assert set(suggestion.risks) <= set(Risk.values)


def test_homework_help_suggests_the_extract_for_work_with_children(client, association, coordinator):
    client.force_login(coordinator)
    response = client.post(CREATE, _form("barn-och-unga", title="Läxhjälp på biblioteket"), follow=True)
    assignment = Assignment.objects.get()
    assert assignment.record_extract == Extract.CHILDREN
    assert "Vi fyllde i förslag utifrån kategorin" in response.content.decode()


def test_transport_suggests_driving_and_lifting_and_building_suggests_ladder_and_tools(
    client, association, coordinator
):
    client.force_login(coordinator)
    client.post(CREATE, _form("transport-och-flytt", title="Flytthjälp"))
    client.post(CREATE, _form("bygg-och-reparationer", title="Måla bygdegården"))
    moving, painting = Assignment.objects.order_by("pk")
    assert moving.risks == [Risk.DRIVING, Risk.HEAVY_LIFTING]
    assert moving.record_extract == Extract.NONE
    assert painting.risks == [Risk.HEIGHT, Risk.POWER_TOOLS]


def test_an_answer_the_association_gave_is_never_replaced_by_the_suggestion(client, association, coordinator):
    client.force_login(coordinator)
    client.post(
        CREATE,
        _form("barn-och-unga", record_extract="none", risks=["none"], insurance="yes"),
    )
    assignment = Assignment.objects.get()
    assert assignment.record_extract == Extract.NONE
    assert assignment.risks == [Risk.NONE]
    assert assignment.insurance == Assignment.Insurance.YES


def test_companionship_leaves_the_extract_question_to_the_association(client, association, coordinator):
    client.force_login(coordinator)
    client.post(CREATE, _form("sallskap-och-omsorg", title="Fika med äldre"))
    assert Assignment.objects.get().record_extract == Extract.NOT_STATED


def test_editing_does_not_apply_suggestions_to_questions_left_unanswered(client, association, coordinator):
    assignment = AssignmentFactory(association=association, category=Category.objects.get(slug="barn-och-unga"))
    client.force_login(coordinator)
    client.post(f"/foreningar/rusksele/uppdrag/{assignment.pk}/andra/", _form("barn-och-unga"))
    assignment.refresh_from_db()
    assert assignment.record_extract == Extract.NOT_STATED
    assert assignment.risks == []


# ---- Validation -------------------------------------------------------------------------------


def test_a_chosen_risk_needs_the_protective_equipment_or_ingen_written_out(client, association, coordinator):
    client.force_login(coordinator)
    response = client.post(CREATE, _form(risks=["roof"], title="Skotta taket"))
    html = response.content.decode()
    assert "Skriv vilken skyddsutrustning föreningen har, eller ”Ingen” om ni inte har någon." in html
    assert 'value="Skotta taket"' in html
    assert not Assignment.objects.exists()

    client.post(CREATE, _form(risks=["roof"], protective_equipment="Ingen"))
    assert Assignment.objects.get().protective_equipment == "Ingen"


def test_no_special_risks_cannot_be_chosen_together_with_a_risk(client, association, coordinator):
    client.force_login(coordinator)
    response = client.post(CREATE, _form(risks=["none", "roof"], protective_equipment="Sele"))
    assert "Välj det ena eller det andra." in response.content.decode()
    assert not Assignment.objects.exists()


def test_another_risk_needs_a_few_words_and_its_words_are_dropped_when_it_is_not_chosen(
    client, association, coordinator
):
    client.force_login(coordinator)
    response = client.post(CREATE, _form(risks=["other"], protective_equipment="Flytvästar"))
    assert "Skriv vilken den andra risken är." in response.content.decode()
    client.post(CREATE, _form(risks=["roof"], risks_other="Hala trappor", protective_equipment="Hjälm"))
    assert Assignment.objects.get().risks_other == ""


def test_an_unknown_choice_is_refused_in_words_not_with_an_error_page(client, association, coordinator):
    client.force_login(coordinator)
    response = client.post(CREATE, _form(insurance="kanske", risks=["meteorit"]))
    assert response.status_code == 200
    assert "Välj ett giltigt alternativ" in response.content.decode()
    assert not Assignment.objects.exists()


def test_the_form_groups_the_safety_questions_in_one_fieldset_with_plain_help(client, association, coordinator):
    client.force_login(coordinator)
    html = client.get(CREATE).content.decode()
    start = html.index('id="sakerhet-och-villkor"')
    section = html[start : html.index("</fieldset>", html.index('name="protective_equipment"')) + 11]
    assert "Säkerhet och villkor" in html
    for name in ("insurance", "record_extract", "risks", "risks_other", "protective_equipment"):
        assert f'name="{name}"' in section
    assert "Hjälm och handskar finns" in section


# ---- The page ---------------------------------------------------------------------------------


def test_an_assignment_saved_before_the_checklist_says_honestly_what_is_not_stated(client, db):
    assignment = AssignmentFactory()  # the database defaults, as old rows got them
    html = _page(client, assignment)
    assert "Bra att veta innan du anmäler dig" in html
    assert "Föreningen har inte angett om dess försäkring gäller för arbetet." in html
    assert "Föreningen har inte angett om du behöver visa ett utdrag ur belastningsregistret." in html
    assert "Föreningen har inte angett om arbetet har några särskilda risker." in html


def test_the_checklist_comes_before_the_sign_up_form(client, resident):
    assignment = AssignmentFactory()
    client.force_login(resident)
    html = _page(client, assignment)
    assert f'action="/uppdrag/{assignment.pk}/anmal/"' in html
    assert html.index('id="bra-att-veta"') < html.index(f'action="/uppdrag/{assignment.pk}/anmal/"')
    assert html.index('id="bra-att-veta"') < html.index('id="anmalan"')


def test_the_answers_are_shown_with_insurance_risks_and_equipment(client, db):
    assignment = AssignmentFactory(
        insurance=Assignment.Insurance.YES,
        record_extract=Extract.NONE,
        risks=[Risk.ROOF, Risk.OTHER],
        risks_other="Istappar",
        protective_equipment="Hjälm och sele finns",
    )
    html = _page(client, assignment)
    assert "Föreningen säger att dess försäkring gäller för arbetet i uppdraget." in html
    assert "Föreningen behöver inget utdrag ur belastningsregistret" in html
    assert "<li>Arbete på tak</li>" in html and "<li>Istappar</li>" in html
    assert "Skyddsutrustning: Hjälm och sele finns" in html


def test_an_extract_for_work_with_children_names_the_law_how_to_order_it_and_polisens_pages(client, db):
    html = _page(client, AssignmentFactory(record_extract=Extract.CHILDREN))
    assert "lagen (2013:852) om registerkontroll av personer som ska arbeta med barn" in html
    assert "Det kostar inget." in html
    assert f'href="{checklist.POLISEN_CHILDREN.url}"' in html
    assert f'href="{checklist.POLISEN_QUESTIONS.url}"' in html
    assert "Kontrollerad 29 november 2026." in html


@pytest.mark.parametrize(
    ("route", "compensation", "sentence", "source"),
    [
        ("voluntary", "voluntary", "Utan ersättning finns det ingen inkomst att betala skatt", "skv_associations"),
        ("umbrella", "hourly", "Det betalar ut lön till dig och drar skatt", "verksamt_umbrella"),
        ("f_tax", "fixed", "du betalar själv din preliminära skatt och dina egenavgifter", "skv_f_tax"),
        ("employment", "hourly", "Den drar skatt från lönen och betalar arbetsgivaravgifter", "skv_who_pays_fees"),
    ],
)
def test_each_payment_route_says_who_pays_tax_with_a_dated_skatteverket_or_verksamt_source(
    client, db, route, compensation, sentence, source
):
    amount = None if compensation == "voluntary" else Decimal("150")
    html = _page(client, AssignmentFactory(payment_route=route, compensation=compensation, amount_sek=amount))
    box = html[html.index('id="bra-att-veta"') : html.index('id="anmalan"')]
    assert sentence in box
    assert f'href="{checklist.SOURCES[source].url}"' in box
    assert re.search(r"Kontrollerad \d+ \w+ 2026\.", box)


def test_every_legal_sentence_on_the_page_has_a_source(db):
    for sentence, sources in [*checklist.TAX_SENTENCES.values(), checklist.EXTRACT_HOW]:
        assert sources, sentence
    for kind in (Extract.CHILDREN, Extract.SCHOOL, Extract.DISABILITY, Extract.HVB):
        assert checklist.EXTRACT_SENTENCES[kind][1], kind
    for source in checklist.SOURCES.values():
        assert source.url.startswith("https://") and source.checked.year == 2026


def test_a_draft_still_hides_its_checklist_from_residents(client, resident):
    draft = AssignmentFactory(status=Assignment.Status.DRAFT, insurance=Assignment.Insurance.YES)
    client.force_login(resident)
    assert client.get(f"/uppdrag/{draft.pk}/").status_code == 404


def test_another_associations_coordinator_cannot_change_the_answers(client, association, coordinator):
    other = AssignmentFactory(insurance=Assignment.Insurance.NO)
    client.force_login(coordinator)
    response = client.post(f"/foreningar/{other.association.slug}/uppdrag/{other.pk}/andra/", _form(insurance="yes"))
    assert response.status_code in (403, 404)
    other.refresh_from_db()
    assert other.insurance == Assignment.Insurance.NO


def test_the_detail_page_runs_the_same_queries_whatever_the_checklist_says(client, resident):
    bare = AssignmentFactory()
    full = AssignmentFactory(
        insurance=Assignment.Insurance.YES,
        record_extract=Extract.CHILDREN,
        risks=[Risk.HEIGHT, Risk.POWER_TOOLS, Risk.OTHER],
        risks_other="Hala trappor",
        protective_equipment="Hjälm",
        compensation="hourly",
        amount_sek=Decimal("150"),
        payment_route="employment",
    )
    client.force_login(resident)
    client.get(f"/uppdrag/{bare.pk}/")  # warm the session and caches alike
    counts = []
    for assignment in (bare, full):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(f"/uppdrag/{assignment.pk}/").status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_the_list_card_does_not_show_the_checklist(client, db):
    AssignmentFactory(insurance=Assignment.Insurance.YES, risks=[Risk.ROOF], protective_equipment="Hjälm")
    html = client.get("/uppdrag/").content.decode()
    assert "Bra att veta innan du anmäler dig" not in html
    assert "Arbete på tak" not in html


def test_a_copy_keeps_the_answers(client, association, coordinator):
    assignment = AssignmentFactory(
        association=association, insurance=Assignment.Insurance.YES, risks=[Risk.NONE], record_extract=Extract.NONE
    )
    client.force_login(coordinator)
    client.post(f"/foreningar/rusksele/uppdrag/{assignment.pk}/kopiera/")
    copy = Assignment.objects.exclude(pk=assignment.pk).get()
    assert (copy.insurance, copy.risks, copy.record_extract) == ("yes", ["none"], "none")
