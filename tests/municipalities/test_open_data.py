"""Open data: public figures and unmet demand as CSV and JSON, people rounded or "<5", and licensed."""

import csv
import io
import json
from datetime import datetime, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from assignments.models import Assignment, Claim
from municipalities import statistics
from municipalities.statistics import TZ, Period
from tests.factories import AssignmentFactory, ClaimFactory, UserFactory, municipality

pytestmark = pytest.mark.django_db


@pytest.fixture
def last_year():
    """Two months ago: one completed assignment with 3 people (hours 2.5 each), one expired."""
    month = timezone.localdate().replace(day=1)
    when = datetime.combine(month - timedelta(days=40), datetime.min.time(), tzinfo=TZ) + timedelta(hours=12)
    done = AssignmentFactory(status="completed", published_at=when, completed_at=when, slots=3)
    for _ in range(3):
        claim = ClaimFactory(
            assignment=done, resident=UserFactory(), status="confirmed", decided_at=when, hours_confirmed=Decimal("2.5")
        )
        Claim.objects.filter(pk=claim.pk).update(created_at=when)
    expired = AssignmentFactory(status="expired", published_at=when, slots=2)
    Assignment.objects.filter(pk=expired.pk).update(updated_at=when)
    return expired


def test_key_figures_csv_opens_in_swedish_excel_with_suppressed_people(client, last_year):
    response = client.get("/kommuner/2481/oppna-data/nyckeltal.csv")
    body = response.content
    assert body.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["key", "label", "value", "unit", "how"]
    values = {row[0]: row[2] for row in rows[1:]}
    assert values == {
        "assignments_completed": "1",
        "hours_confirmed": "7,5",
        "residents_engaged": "<5",
        "active_associations": "2",
    }
    assert 'rel="license"' in response["Link"]


def test_key_figures_csv_and_json_show_people_rounded_to_the_nearest_five(client, last_year):
    # Five more people on the completed assignment: 8 in all, published as 10.
    done = Assignment.objects.get(status="completed")
    for _ in range(5):
        ClaimFactory(
            assignment=done, resident=UserFactory(), status="confirmed", decided_at=done.completed_at, hours_confirmed=1
        )
    rows = list(
        csv.reader(
            io.StringIO(client.get("/kommuner/2481/oppna-data/nyckeltal.csv").content.decode("utf-8-sig")),
            delimiter=";",
        )
    )
    values = {row[0]: row[2] for row in rows[1:]}
    # Hours are not people and stay exact: 3 × 2.5 + 5 × 1.
    assert (values["residents_engaged"], values["hours_confirmed"]) == ("10", "12,5")
    data = json.loads(client.get("/kommuner/2481/oppna-data/nyckeltal.json").content)
    engaged = next(row for row in data["rows"] if row[0] == "residents_engaged")
    assert engaged[2] == 10
    assert "avrundas till närmaste femtal" in engaged[4]


def test_key_figures_json_states_the_licence_and_matches_the_public_figures(client, last_year):
    data = json.loads(client.get("/kommuner/2481/oppna-data/nyckeltal.json").content)
    assert data["licence"] == {"name": "CC0 1.0", "url": "https://creativecommons.org/publicdomain/zero/1.0/"}
    public = statistics.public_figures(municipality(), today=timezone.localdate())
    assert [(row[0], row[2]) for row in data["rows"]] == [
        (figure.key, "<5" if figure.current.suppressed else float(figure.current.value)) for figure in public
    ]
    period = Period.named("last_12_months", today=timezone.localdate())
    assert data["period"] == {
        "start": period.start.isoformat(),
        "end_exclusive": period.end.isoformat(),
        "ongoing": period.ongoing,
    }


def test_unmet_demand_lists_category_and_locality_with_the_places_left(client, last_year):
    data = json.loads(client.get("/kommuner/2481/oppna-data/efterfragan.json").content)
    assert data["rows"] == [[last_year.category.name_sv, last_year.locality.name, 1, 2]]
    rows = list(
        csv.reader(
            io.StringIO(client.get("/kommuner/2481/oppna-data/efterfragan.csv").content.decode("utf-8-sig")),
            delimiter=";",
        )
    )
    assert rows[1] == [last_year.category.name_sv, last_year.locality.name, "1", "2"]


def test_both_files_have_ascii_column_keys_and_the_json_says_so_with_labels_in_words(client, last_year):
    for name, keys in (
        ("nyckeltal", ["key", "label", "value", "unit", "how"]),
        ("efterfragan", ["category", "locality", "assignments", "places_unfilled"]),
    ):
        body = client.get(f"/kommuner/2481/oppna-data/{name}.csv").content.decode("utf-8-sig")
        assert body.splitlines()[0] == ";".join(keys)
        data = json.loads(client.get(f"/kommuner/2481/oppna-data/{name}.json").content)
        assert data["columns"] == keys
        assert list(data["column_labels"]) == keys
        assert "fasta nycklar med bara ASCII-tecken" in data["columns_note"]
    assert data["column_labels"]["places_unfilled"] == "Platser som inte tillsattes"
    # The last 12 months include this month, which is not over: the file says so.
    assert data["period"]["ongoing"] is True
    assert data["period"]["end_exclusive"] == (timezone.localdate() + timedelta(days=1)).isoformat()


def test_open_data_has_no_names_of_people(client, last_year):
    names = [user.email for user in UserFactory._meta.model.objects.all()]
    for url in ("nyckeltal.csv", "nyckeltal.json", "efterfragan.csv", "efterfragan.json"):
        body = client.get(f"/kommuner/2481/oppna-data/{url}").content.decode("utf-8-sig")
        assert not any(name in body for name in names)


def test_an_unknown_file_or_municipality_is_not_found_with_a_page(client):
    assert client.get("/kommuner/2481/oppna-data/personer.json").status_code == 404
    response = client.get("/kommuner/9999/oppna-data/nyckeltal.csv")
    assert response.status_code == 404
    assert b"<h1" in response.content
