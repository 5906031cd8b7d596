import pytest
from django.core.management import call_command

from assignments.models import Category, Skill
from municipalities.models import County, Locality, Municipality

pytestmark = pytest.mark.django_db


def counts() -> tuple[int, ...]:
    return tuple(m.objects.count() for m in (County, Municipality, Locality, Skill, Category))


def test_all_290_municipalities_and_21_counties_are_loaded():
    assert Municipality.objects.count() == 290
    assert County.objects.count() == 21


@pytest.mark.parametrize(
    ("code", "name", "county"),
    [
        ("2481", "Lycksele", "Västerbottens län"),
        ("2417", "Norsjö", "Västerbottens län"),
        ("0188", "Norrtälje", "Stockholms län"),
        ("2321", "Åre", "Jämtlands län"),
        ("0114", "Upplands Väsby", "Stockholms län"),
        ("2280", "Härnösand", "Västernorrlands län"),
        ("1280", "Malmö", "Skåne län"),
    ],
)
def test_municipality_codes_keep_their_names_and_counties(code, name, county):
    municipality = Municipality.objects.select_related("county").get(code=code)
    assert municipality.name == name
    assert municipality.county.name == county
    assert municipality.county.code == code[:2]


def test_localities_of_the_pilot_municipalities_have_their_scb_coordinates():
    lycksele = Locality.objects.get(scb_code="2481TC103")
    assert (lycksele.name, lycksele.municipality.code) == ("Lycksele", "2481")
    assert (str(lycksele.latitude), str(lycksele.longitude)) == ("64.591562", "18.669014")
    assert set(Locality.objects.filter(municipality__code="2481").values_list("name", flat=True)) == {
        "Lycksele",
        "Hedlunda",
        "Rusksele",
    }
    assert set(Locality.objects.filter(municipality__code="2417").values_list("name", flat=True)) == {
        "Norsjö",
        "Bastuträsk",
    }
    assert Locality.objects.filter(municipality__code="0188").count() == 27
    assert Locality.objects.count() == 2017


def test_the_skill_taxonomy_and_its_hierarchy_are_loaded():
    assert Skill.objects.filter(kind="skill").count() == 6657
    assert Skill.objects.filter(kind="occupation-field").count() == 21
    cleaners = Skill.objects.get(concept_id="Z6TY_xDf_Yup")
    assert (cleaners.ssyk_code, cleaners.label_sv) == ("9111", "Städare")
    assert cleaners.broader.kind == "ssyk-level-3"


def test_every_category_belongs_to_an_occupation_field():
    assert Category.objects.count() == 15
    assert not Category.objects.filter(occupation_field__isnull=True).exists()
    snow = Category.objects.get(slug="snorojning-och-vinter")
    assert snow.name_sv == "Snöröjning och vinterarbete"
    assert snow.occupation_field.label_sv == "Sanering och renhållning"


def test_loading_again_changes_nothing():
    before = counts()
    call_command("load_reference_data", verbosity=0)
    call_command("load_reference_data", verbosity=0)
    assert counts() == before


def test_loading_again_restores_an_edited_name_and_keeps_added_villages():
    Municipality.objects.filter(code="2417").update(name="Fel namn")
    norsjo = Municipality.objects.get(code="2417")
    village = Locality.objects.create(
        municipality=norsjo, name="Bjurträsk", kind=Locality.Kind.VILLAGE, latitude="64.98", longitude="19.65"
    )
    call_command("load_reference_data", verbosity=0)
    assert Municipality.objects.get(code="2417").name == "Norsjö"
    assert Locality.objects.filter(pk=village.pk).exists()
