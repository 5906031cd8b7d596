"""The certificate on paper: the PDF and the print of the web page come from one template."""

from datetime import timedelta

import pytest
from django.template.loader import render_to_string

from certificates.display import certificate_context, certificate_document
from certificates.services import certificate_issue
from pathways.models import Milestone
from tests.certificates.conftest import WORK_DAY, confirmed_claim
from tests.factories import AssociationFactory

pytestmark = pytest.mark.django_db

REFERENCE = (
    "Sara kom i god tid och tog ansvar för hela uppgiften från början till slut. Hon frågade när något var "
    "oklart, arbetade noggrant och lämnade platsen städad. Besökarna berömde resultatet, och vi i styrelsen "
    "rekommenderar henne varmt till liknande uppdrag. Vi ger gärna fler upplysningar om någon vill veta mer."
)
TITLES = [
    "Måla staketet runt bygdegården och laga de trasiga spjälorna",
    "Skotta snö vid bygdegården och sanda trappan inför helgens loppis",
    "Hjälpa till i caféet under julmarknaden i Rusksele",
    "Klippa gräset på idrottsplatsen och rensa rabatterna vid entrén",
    "Bära stolar och bord inför årsmötet i Bygdegårdsföreningen",
    "Städa badplatsen och tömma soptunnorna efter midsommarfirandet",
    "Röja sly längs vandringsleden mellan byn och Kvarnforsen",
    "Sälja lotter och ta betalt med Swish på höstmarknaden",
    "Hjälpa en äldre granne med trädgården och vedstapeln inför vintern",
    "Sätta upp affischer om sommarens aktiviteter i byarna runt sjön",
]


def ten_assignment_certificate(resident):
    association = AssociationFactory(name="Rusksele byaförening och bygdegårdsförening ekonomisk förening")
    claims = [
        confirmed_claim(
            resident,
            title=title,
            hours="12.5",
            reference=REFERENCE,
            association=association,
            starts_at=WORK_DAY - timedelta(days=10 * n),
        )
        for n, title in enumerate(TITLES)
    ]
    for kind in (Milestone.Kind.INTAKE, Milestone.Kind.TRAINING, Milestone.Kind.EMPLOYMENT):
        Milestone.objects.create(resident=resident, kind=kind, happened_on=WORK_DAY.date())
    return certificate_issue(
        resident=resident, claims=claims, name="Sara Margareta Lindqvist-Johansson", include_milestones=True
    )


def test_ten_assignments_with_long_references_print_on_one_a4_page(resident):
    certificate = ten_assignment_certificate(resident)
    assert len(REFERENCE) >= 300
    document = certificate_document(certificate)
    assert len(document.pages) == 1
    # A4: 210 × 297 mm in CSS pixels (96 per inch).
    assert round(document.pages[0].width / 96 * 25.4) == 210
    assert round(document.pages[0].height / 96 * 25.4) == 297
    assert document.write_pdf().startswith(b"%PDF")


def test_the_pdf_template_holds_the_same_content_as_the_page(resident, client):
    certificate = ten_assignment_certificate(resident)
    cert = certificate_context(certificate)
    paper = render_to_string("certificates/pdf.html", {"cert": cert})
    page = client.get(f"/intyg/{certificate.code}/").content.decode()
    for text in [
        *TITLES,
        "Sara Margareta Lindqvist-Johansson",
        "Kurs eller utbildning klar",
        certificate.display_code,
        "125",
        "Utfärdat",
    ]:
        assert text in paper, text
        assert text in page, text
    assert cert["url"] in paper and cert["url"] in page
    assert 'src="data:image/svg+xml' in paper
