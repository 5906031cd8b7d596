"""A refused request (4xx) writes one line to the console, not a traceback, and only once;
a real error (500) still writes its traceback. The console handlers are the ones LOGGING
in settings.py configured, with their output caught in a buffer."""

import io
import logging

import pytest
from django.test import Client

from tests.factories import UserFactory


def console_handlers() -> list[logging.StreamHandler]:
    loggers = [logging.getLogger()] + [
        logger for logger in logging.root.manager.loggerDict.values() if isinstance(logger, logging.Logger)
    ]
    return [
        handler
        for logger in loggers
        for handler in logger.handlers
        if isinstance(handler, logging.StreamHandler) and not type(handler).__module__.startswith("_pytest")
    ]


@pytest.fixture
def console():
    """Everything the configured console handlers write, as one string."""
    buffer = io.StringIO()
    previous = {handler: handler.setStream(buffer) for handler in set(console_handlers())}
    yield buffer
    for handler, stream in previous.items():
        handler.setStream(stream)


def lines(buffer: io.StringIO) -> list[str]:
    return [line for line in buffer.getvalue().splitlines() if line.strip()]


@pytest.fixture(params=[False, True], ids=["debug off", "debug on"])
def debug(request, settings):
    # With DEBUG on (./scripts/run), Django's default console handler used to print each line again.
    settings.DEBUG = request.param
    return request.param


def test_a_refused_page_writes_one_line_without_a_traceback(db, console, debug):
    client = Client()
    client.force_login(UserFactory(verified=False))
    response = client.get("/foreningar/ny/")
    assert response.status_code == 403
    assert len(lines(console)) == 1, console.getvalue()
    assert "Traceback" not in console.getvalue()
    assert "Forbidden" in console.getvalue() and "/foreningar/ny/" in console.getvalue()


def test_a_page_that_does_not_exist_writes_one_line(db, console):
    Client().get("/finns-inte/")
    assert lines(console) == [line for line in lines(console) if "Not Found: /finns-inte/" in line]
    assert len(lines(console)) == 1, console.getvalue()


def test_a_wrong_method_writes_one_line(db, console):
    Client().get("/sprak/")
    assert len(lines(console)) == 1, console.getvalue()
    assert "Method Not Allowed (GET): /sprak/" in console.getvalue()


def test_a_disallowed_host_writes_one_line_without_a_traceback(db, console, debug):
    Client().get("/", HTTP_HOST="elak.example")
    assert len(lines(console)) == 1, console.getvalue()
    assert "Traceback" not in console.getvalue()
    assert "Invalid HTTP_HOST header: 'elak.example'" in console.getvalue()


def test_a_post_without_a_csrf_token_writes_one_line(db, console):
    Client(enforce_csrf_checks=True).post("/sprak/", {"language": "en"})
    assert len(lines(console)) == 1, console.getvalue()
    assert "Forbidden (CSRF cookie not set.): /sprak/" in console.getvalue()


@pytest.mark.urls("tests.urls_with_crash")
def test_a_real_error_still_writes_its_traceback_once(db, console):
    Client(raise_request_exception=False).get("/krasch/")
    assert console.getvalue().count("Traceback") == 1, console.getvalue()
