"""The notice board: a village's or an association's open assignments on A4, with QR codes and
short addresses, and the short addresses themselves."""

import re
import zlib
from datetime import timedelta

import pytest
from django.test import override_settings
from django.utils import timezone

from assignments.models import Assignment
from associations.models import Association
from offline.display import board_document
from offline.queries import NOTICE_BOARD_LIMIT
from tests.factories import AssignmentFactory, AssociationFactory, locality

pytestmark = pytest.mark.django_db
BOARD = "/foreningar/rusksele/anslagstavla/"


@pytest.fixture
def assignments(association):
    """One open assignment, and every kind that must not be on the board."""
    other = AssociationFactory(localities=[locality("Rusksele")])
    return {
        "open": AssignmentFactory(association=association, title="Skotta snö vid bygdegården"),
        "paid": AssignmentFactory(
            association=association,
            title="Laga staketet",
            compensation="hourly",
            amount_sek=150,
            payment_route="umbrella",
        ),
        "draft": AssignmentFactory(association=association, title="Utkast om julmarknaden", status="draft"),
        "filled": AssignmentFactory(association=association, title="Redan fullsatt", status="filled"),
        "begun": AssignmentFactory(
            association=association, title="Har redan börjat", starts_at=timezone.now() - timedelta(hours=1)
        ),
        "cancelled": AssignmentFactory(association=association, title="Inställt pass", status="cancelled"),
        "elsewhere": AssignmentFactory(association=other, title="Grannföreningens uppdrag"),
    }


@override_settings(SITE_URL="https://uppdrag.example.se")
def test_the_association_board_lists_only_open_assignments_each_with_a_qr_code_and_a_short_address(client, assignments):
    page = client.get(BOARD).content.decode()
    assert "Lediga uppdrag – Rusksele byaförening" in page
    for shown in ("open", "paid"):
        pk = assignments[shown].pk
        assert assignments[shown].title in page
        assert f'href="https://uppdrag.example.se/u/{pk}/">uppdrag.example.se<wbr>/u/{pk}</a>' in page
    assert "150 kr/tim" in page
    for hidden in ("draft", "filled", "begun", "cancelled", "elsewhere"):
        assert assignments[hidden].title not in page
    assert len(re.findall(r'<img class="board__qr" src="data:image/svg\+xml', page)) == 2
    assert "Ring Rusksele byaförening på 0950-123 45" in page
    assert "Hämta som PDF (A4)" in page


def test_the_village_board_lists_the_open_assignments_in_the_place_with_their_association(client, assignments):
    rusksele = locality("Rusksele")
    page = client.get(f"/kommuner/2481/orter/{rusksele.pk}/anslagstavla/").content.decode()
    assert "Lediga uppdrag – Rusksele" in page
    assert "Grannföreningens uppdrag" in page and "Skotta snö vid bygdegården" in page
    assert "Rusksele byaförening, telefon 0950-123 45" in page
    assert "Utkast om julmarknaden" not in page


def test_a_place_of_another_municipality_or_an_unknown_one_is_not_found(client, db):
    rusksele = locality("Rusksele")
    assert client.get(f"/kommuner/2417/orter/{rusksele.pk}/anslagstavla/").status_code == 404
    assert client.get("/kommuner/2481/orter/999999/anslagstavla/").status_code == 404
    assert client.get("/kommuner/2481/orter/abc/anslagstavla/").status_code == 404


def test_an_association_not_yet_verified_has_no_public_board(client, db):
    AssociationFactory(slug="vantar", verification=Association.Verification.PENDING)
    assert client.get("/foreningar/vantar/anslagstavla/").status_code == 404
    assert client.get("/foreningar/vantar/anslagstavla.pdf").status_code == 404


def test_the_board_is_capped_and_says_how_many_more_are_on_the_site(client, association, django_assert_num_queries):
    AssignmentFactory.create_batch(NOTICE_BOARD_LIMIT + 3, association=association)
    # association, the capped list (+ locality, municipality, category), the count of the rest
    with django_assert_num_queries(3):
        page = client.get(BOARD).content.decode()
    assert page.count('class="board__item"') == NOTICE_BOARD_LIMIT
    assert "Det finns 3 lediga uppdrag till på webbplatsen" in page


def test_the_board_runs_the_same_queries_for_one_assignment(client, association, django_assert_num_queries):
    AssignmentFactory(association=association)
    with django_assert_num_queries(2):
        client.get(BOARD)


def test_an_empty_board_says_so(client, association):
    page = client.get(BOARD).content.decode()
    assert "Just nu finns inga lediga uppdrag här." in page


def media_boxes(pdf: bytes) -> list[tuple[float, float]]:
    """The page sizes (width, height in points) written in a PDF, inside compressed object streams too."""
    pattern = rb"/MediaBox\s*\[\s*[\d.]+\s+[\d.]+\s+([\d.]+)\s+([\d.]+)\s*\]"
    parts = [pdf]
    for stream in re.finditer(rb"stream\r?\n(.*?)endstream", pdf, re.S):
        try:
            parts.append(zlib.decompress(stream.group(1)))
        except zlib.error:
            continue
    return [(float(w), float(h)) for part in parts for w, h in re.findall(pattern, part)]


def test_the_pdf_is_a4(client, assignments):
    response = client.get("/foreningar/rusksele/anslagstavla.pdf")
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    # A4 in PDF points (1/72 inch): 595.28 × 841.89.
    boxes = media_boxes(response.content)
    assert boxes and all((round(w), round(h)) == (595, 842) for w, h in boxes)


def test_every_laid_out_page_is_a4_with_body_text_of_at_least_14_points(association):
    AssignmentFactory.create_batch(NOTICE_BOARD_LIMIT, association=association)
    from offline.views import _association_board

    class Anonymous:
        user = type("U", (), {"is_authenticated": False})()

    document = board_document(_association_board(Anonymous(), "rusksele"))
    assert len(document.pages) >= 2
    for page in document.pages:
        assert (round(page.width / 96 * 25.4), round(page.height / 96 * 25.4)) == (210, 297)
    sizes = set()

    def walk(box):
        if getattr(box, "text", None) and box.text.strip():
            sizes.add(box.style["font_size"])
        for child in getattr(box, "children", []):
            walk(child)

    walk(document.pages[0]._page_box)
    # CSS pixels: 14 pt is 18.67 px.
    assert min(sizes) >= 14 * 96 / 72 - 0.01


def test_the_short_address_leads_to_the_assignment(client, assignments):
    pk = assignments["open"].pk
    response = client.get(f"/u/{pk}/")
    assert response.status_code == 302 and response["Location"] == f"/uppdrag/{pk}/"
    # A filled or past assignment still has its page, which says so.
    assert client.get(f"/u/{assignments['filled'].pk}/")["Location"] == f"/uppdrag/{assignments['filled'].pk}/"


@pytest.mark.parametrize("bad", ["999999", "abc", "0", "-1", "1%00", "9" * 40])
def test_a_short_address_that_leads_nowhere_is_not_found(client, db, bad):
    response = client.get(f"/u/{bad}/")
    assert response.status_code == 404
    assert "Sidan finns inte" in response.content.decode()


def test_a_drafts_short_address_is_not_found(client, assignments):
    assert client.get(f"/u/{assignments['draft'].pk}/").status_code == 404


def test_the_association_and_municipality_pages_link_to_the_boards(client, assignments):
    assert BOARD in client.get("/foreningar/rusksele/").content.decode()
    rusksele = locality("Rusksele")
    assert f"/kommuner/2481/orter/{rusksele.pk}/anslagstavla/" in client.get("/kommuner/2481/").content.decode()


def test_only_open_assignments_count_as_more(client, association):
    AssignmentFactory.create_batch(NOTICE_BOARD_LIMIT, association=association)
    AssignmentFactory.create_batch(2, association=association, status=Assignment.Status.DRAFT)
    page = client.get(BOARD).content.decode()
    assert "lediga uppdrag till" not in page


@pytest.mark.both_databases
def test_a_weekly_series_is_on_the_board_once_with_how_many_more(client, association):
    from assignments.models import AssignmentSeries

    series = AssignmentSeries.objects.create(
        association=association, repeat="weekly", weekdays="5", until=(timezone.now() + timedelta(days=40)).date()
    )
    first = timezone.now() + timedelta(days=2)
    for week in range(5):
        starts = first + timedelta(weeks=week)
        AssignmentFactory(
            association=association,
            series=series,
            title="Värma upp bastun vid hamnen",
            starts_at=starts,
            ends_at=starts + timedelta(hours=2),
        )
    page = client.get(BOARD).content.decode()
    assert page.count('<h2 class="board__title">Värma upp bastun vid hamnen</h2>') == 1
    assert "Varje vecka · 4 tillfällen till" in page
