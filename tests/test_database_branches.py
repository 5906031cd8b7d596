"""Code with a PostgreSQL and a SQLite path, checked on whichever database runs the tests.

CI runs every test marked both_databases twice: on PostgreSQL, and on SQLite as the
README's run command does. The paths (grep connection.vendor): full-text search and
its vector (assignments/queries.py, assignments/services.py), matching saved searches
by words (notifications/matching.py), sending without waiting for the disk
(notifications/email.py), and seed_scale, which needs PostgreSQL.
"""

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client

from assignments.models import Assignment
from assignments.services import refresh_search_vectors
from tests.factories import AssignmentFactory

pytestmark = [pytest.mark.django_db, pytest.mark.both_databases]


def test_an_assignment_changed_outside_the_services_is_found_by_its_new_title():
    assignment = AssignmentFactory(title="Måla staketet")
    Assignment.objects.filter(pk=assignment.pk).update(title="Klippa häcken")
    refresh_search_vectors(Assignment.objects.filter(pk=assignment.pk))

    page = Client().get("/uppdrag/", {"q": "häcken"}).content.decode()

    assert "Klippa häcken" in page
    assert "Måla staketet" not in page


def test_seed_scale_on_sqlite_says_it_needs_postgresql():
    if connection.vendor == "postgresql":
        pytest.skip("On PostgreSQL, tests/assignments/test_pages.py fills the database with seed_scale.")
    with pytest.raises(CommandError, match="needs PostgreSQL"):
        call_command("seed_scale", scale=0.001, force=True, verbosity=0)
