"""Registering an association can be found from the start page, /foreningar/ and Mina sidor."""

import pytest
from django.test import Client

LINK = 'href="/foreningar/ny/"'
TEXT = "Registrera din förening"


@pytest.mark.parametrize("path", ["/", "/foreningar/"])
def test_a_visitor_finds_how_to_register_an_association(db, path):
    html = Client().get(path).content.decode()
    assert f'<a class="button" {LINK}>{TEXT}</a>' in html


@pytest.mark.parametrize("path", ["/", "/foreningar/", "/mina-sidor/"])
def test_a_logged_in_resident_finds_how_to_register_an_association(resident, path):
    client = Client()
    client.force_login(resident)
    html = client.get(path).content.decode()
    assert LINK in html
    assert "Registrera din förening" in html or "Registrera en förening" in html


def test_the_link_takes_a_visitor_to_log_in_and_then_to_the_registration_form(db):
    response = Client().get("/foreningar/ny/")
    assert response["Location"] == "/konto/login/?next=/foreningar/ny/"
