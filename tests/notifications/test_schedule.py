"""When the scheduled jobs run: Celery beat, in Swedish time."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.core.management import call_command

from uppdragsbanken.celery import app

STOCKHOLM = ZoneInfo("Europe/Stockholm")


def next_run(name: str, after: datetime) -> datetime:
    schedule = settings.CELERY_BEAT_SCHEDULE[name]["schedule"]
    schedule.app = app
    start, delta, _now = schedule.remaining_delta(after, tz=STOCKHOLM)
    return (start + delta).astimezone(STOCKHOLM)


def test_beat_runs_in_swedish_time():
    assert app.conf.timezone == "Europe/Stockholm"


@pytest.mark.parametrize(
    ("after", "expected"),
    [
        (datetime(2026, 11, 27, 6, 30, tzinfo=STOCKHOLM), datetime(2026, 11, 27, 7, 0, tzinfo=STOCKHOLM)),
        (datetime(2026, 11, 27, 7, 30, tzinfo=STOCKHOLM), datetime(2026, 11, 28, 7, 0, tzinfo=STOCKHOLM)),
        # Across the change to summer time the digest still comes at 07:00 on the clock.
        (datetime(2027, 3, 27, 8, 0, tzinfo=STOCKHOLM), datetime(2027, 3, 28, 7, 0, tzinfo=STOCKHOLM)),
    ],
)
def test_the_daily_digest_goes_out_at_seven_in_the_morning(after, expected):
    assert settings.CELERY_BEAT_SCHEDULE["daily-digest"]["args"] == ("daily",)
    assert next_run("daily-digest", after) == expected


def test_the_weekly_digest_goes_out_on_monday_at_seven():
    friday = datetime(2026, 11, 27, 12, 0, tzinfo=STOCKHOLM)
    assert settings.CELERY_BEAT_SCHEDULE["weekly-digest"]["args"] == ("weekly",)
    assert next_run("weekly-digest", friday) == datetime(2026, 11, 30, 7, 0, tzinfo=STOCKHOLM)


def test_every_scheduled_job_names_a_real_task():
    app.loader.import_default_modules()
    for entry in settings.CELERY_BEAT_SCHEDULE.values():
        assert entry["task"] in app.tasks


@pytest.mark.django_db
def test_an_operator_can_run_a_job_now(capsys):
    call_command("notify", "sweep")
    assert "sweep: {'released': 0, 'unmatched': 0, 'unsent': 0}" in capsys.readouterr().out
