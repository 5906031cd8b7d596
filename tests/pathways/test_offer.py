"""The association's support settings (/foreningar/<slug>/hantera/stod/) and what its public page
then says about the support it offers."""

import pytest
from django.test import Client

from associations.models import AssociationMembership
from pathways.models import SupportKind, SupportLink, SupportOffer
from tests.factories import MembershipFactory, locality
from tests.pathway_world import PATHWAY_ACTORS
from tests.permissions import assert_outcome

pytestmark = pytest.mark.django_db
Role = AssociationMembership.Role
URL = "/foreningar/lycksele-utvecklingsgrupp/hantera/stod/"
PUBLIC = "/foreningar/lycksele-utvecklingsgrupp/"


def expect(default: int, **overrides: int) -> dict[str, int]:
    return {actor: overrides.get(actor, default) for actor in PATHWAY_ACTORS}


# The former supporter is an admin of the group; the supporter and the other coordinator are coordinators.
READ = expect(403, anonymous=302, supporter=200, former_supporter=200, same_association_coordinator=200)
CHANGE = expect(403, anonymous=302, former_supporter=302)


def offer_state():
    offer = SupportOffer.objects.get(association__slug="lycksele-utvecklingsgrupp")
    return offer.kinds, offer.description


def supporter_flags():
    return sorted(
        AssociationMembership.objects.filter(association__slug="lycksele-utvecklingsgrupp").values_list(
            "pk", "is_supporter"
        )
    )


def coordinator_membership(world) -> AssociationMembership:
    return AssociationMembership.objects.get(
        user=world["same_association_coordinator"], association=world["association"]
    )


def supporters_data(world, *people) -> dict:
    pks = AssociationMembership.objects.filter(association=world["association"], user__in=people).values_list(
        "pk", flat=True
    )
    return {"form": "supporters", "supporters": [str(pk) for pk in pks]}


@pytest.mark.parametrize("actor", PATHWAY_ACTORS)
def test_the_support_settings_answer_each_person_as_they_should(pathway_world, actor):
    world = pathway_world
    client = Client()
    if world[actor] is not None:
        client.force_login(world[actor])
    response = assert_outcome(client, actor, "get", URL, {}, READ)
    if response.status_code == 200:
        page = response.content.decode()
        assert "Stina Handledare" in page
        assert ("Spara handledare" in page) == (actor == "former_supporter")
    offer_data = {"form": "offer", "kinds": [SupportKind.LANGUAGE], "description": "Språkcafé på onsdagar."}
    assert_outcome(client, actor, "post", URL, offer_data, CHANGE, offer_state, {"former_supporter"})
    data = supporters_data(world, world["supporter"], world["same_association_coordinator"])
    assert_outcome(client, actor, "post", URL, data, CHANGE, supporter_flags, {"former_supporter"})


def test_an_ordinary_member_is_refused_the_settings(client, pathway_world):
    member = MembershipFactory(association=pathway_world["association"], role=Role.MEMBER).user
    client.force_login(member)
    response = client.get(URL)
    assert response.status_code == 403
    assert "administratörer och samordnare" in response.content.decode()


def test_an_unknown_association_is_not_found(client, pathway_world):
    client.force_login(pathway_world["association_admin"])
    assert client.get("/foreningar/finns-inte/hantera/stod/").status_code == 404


@pytest.fixture
def admin_client(client, pathway_world):
    client.force_login(pathway_world["association_admin"])
    return client


def test_the_admin_marks_a_coordinator_as_supporter(admin_client, pathway_world):
    world = pathway_world
    data = supporters_data(world, world["supporter"], world["former_supporter"], world["same_association_coordinator"])
    response = admin_client.post(URL, data, follow=True)
    assert "är nu handledare." in response.content.decode()
    assert coordinator_membership(world).is_supporter


def test_taking_away_the_role_ends_the_supporters_links_and_says_so(admin_client, pathway_world):
    world = pathway_world
    response = admin_client.post(URL, supporters_data(world, world["former_supporter"]), follow=True)
    assert "Stina Handledare är inte längre handledare." in response.content.decode()
    assert SupportLink.objects.get(pk=world["link"].pk).status == SupportLink.Status.ENDED


def test_an_ordinary_member_cannot_be_ticked_and_the_page_says_why(admin_client, pathway_world):
    world = pathway_world
    member = MembershipFactory(association=world["association"], role=Role.MEMBER)
    page = admin_client.get(URL).content.decode()
    assert "Bara administratörer och samordnare kan vara handledare." in page
    assert f'value="{member.pk}"' not in page
    before = supporter_flags()
    data = supporters_data(world, world["supporter"], member.user)
    response = admin_client.post(URL, data)
    assert response.status_code == 400
    assert "Bara administratörer och samordnare kan vara handledare." in response.content.decode()
    assert supporter_flags() == before


def test_the_admin_changes_the_offer(admin_client, pathway_world):
    village = locality("Rusksele")
    response = admin_client.post(
        URL,
        {
            "form": "offer",
            "kinds": [SupportKind.JOB_SEARCH, SupportKind.MAPPING],
            "localities": [str(village.pk)],
            "description": "Ring Stina.",
        },
        follow=True,
    )
    assert "Erbjudandet om stöd är sparat." in response.content.decode()
    offer = SupportOffer.objects.get(association=pathway_world["association"])
    assert offer.kinds == [SupportKind.MAPPING, SupportKind.JOB_SEARCH]
    assert list(offer.localities.all()) == [village]
    assert offer.description == "Ring Stina."


def test_a_bad_offer_comes_back_with_what_was_typed_and_the_saved_one_stays(admin_client, pathway_world):
    before = offer_state()
    response = admin_client.post(
        URL, {"form": "offer", "kinds": ["teleportering"], "description": "Nytt\x1b erbjudande"}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Nytt" in page and "erbjudande" in page
    assert "Texten innehåller osynliga styrtecken." in page
    assert offer_state() == before


def test_a_village_of_another_municipality_is_refused(admin_client, pathway_world):
    response = admin_client.post(URL, {"form": "offer", "localities": [str(locality("Norsjö", "2417").pk)]})
    assert response.status_code == 400
    assert SupportOffer.objects.get(association=pathway_world["association"]).localities.count() == 2


def test_a_post_without_a_known_form_changes_nothing(admin_client, pathway_world):
    before = (offer_state(), supporter_flags())
    response = admin_client.post(URL, {"form": "annat", "description": "x"}, follow=True)
    assert "Något gick fel med formuläret." in response.content.decode()
    assert (offer_state(), supporter_flags()) == before


def test_the_manage_page_links_to_the_support_settings(admin_client):
    assert URL in admin_client.get("/foreningar/lycksele-utvecklingsgrupp/hantera/").content.decode()


# The public page -------------------------------------------------------------------------------------


def test_the_public_page_tells_of_the_support_with_kinds_villages_and_supporters(client, pathway_world):
    world = pathway_world
    client.force_login(world["other_resident"])
    page = client.get(PUBLIC).content.decode()
    assert "Stöd på vägen till arbete" in page
    assert "Kartläggning och handledning" in page and "Stöd att starta eget" in page
    for village in SupportOffer.objects.get(association=world["association"]).localities.all():
        assert village.name in page
    assert "Vi träffas i bygdegården på tisdagar." in page
    assert "Stina Handledare" in page and "Förra Handledaren" in page
    assert f'href="/mina-sidor/min-vag/handledare/lycksele-utvecklingsgrupp/{world["supporter"].pk}/"' in page
    assert "Be Stina Handledare om stöd" in page


def test_the_public_page_says_whole_municipality_when_no_village_is_chosen(client, pathway_world):
    SupportOffer.objects.get(association=pathway_world["association"]).localities.clear()
    page = client.get(PUBLIC).content.decode()
    assert "I hela Lycksele." in page.split("Stöd på vägen till arbete")[1]


def test_anonymous_visitors_are_asked_to_log_in_to_ask_for_support(client, pathway_world):
    page = client.get(PUBLIC).content.decode()
    assert "Stina Handledare" in page
    assert "Logga in för att be om stöd" in page
    assert "/mina-sidor/min-vag/handledare/" not in page


def test_a_supporter_is_not_offered_to_ask_themselves(client, pathway_world):
    client.force_login(pathway_world["supporter"])
    page = client.get(PUBLIC).content.decode()
    assert "Be Stina Handledare om stöd" not in page
    assert "Be Förra Handledaren om stöd" in page


def test_the_public_page_says_nothing_of_support_without_a_supporter(client, pathway_world):
    AssociationMembership.objects.filter(association=pathway_world["association"]).update(is_supporter=False)
    page = client.get(PUBLIC).content.decode()
    assert "Stöd på vägen till arbete" not in page
    assert "Stina Handledare" not in page


def test_the_public_page_says_nothing_of_support_without_an_offer(client, pathway_world):
    SupportOffer.objects.filter(association=pathway_world["association"]).delete()
    assert "Stöd på vägen till arbete" not in client.get(PUBLIC).content.decode()
