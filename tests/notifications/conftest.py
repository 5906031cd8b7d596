"""A real SMTP server (aiosmtpd) and a real Celery worker for the notification tests."""

import email
import os
import socket
import subprocess
import sys
import threading
import time
from email import policy
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from django.conf import settings as django_settings

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Sink:
    """Receives e-mail like a mail server would. It can refuse the next messages with a 4xx or 5xx."""

    def __init__(self):
        self.messages: list[email.message.EmailMessage] = []
        self.refusals: list[str] = []
        self.refuse_recipient = ""
        self.lock = threading.Lock()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address == self.refuse_recipient:
            return "550 5.1.1 No such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            if self.refusals:
                return self.refusals.pop(0)
            message = email.message_from_bytes(envelope.content, policy=policy.default)
            message["X-Envelope-To"] = ",".join(envelope.rcpt_tos)
            self.messages.append(message)
        return "250 2.0.0 OK"

    def to(self, address: str) -> list[email.message.EmailMessage]:
        return [m for m in self.messages if m["X-Envelope-To"] == address]

    def wait_for(self, count: int, timeout: float = 30) -> list[email.message.EmailMessage]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if len(self.messages) >= count:
                return self.messages
            time.sleep(0.05)
        raise AssertionError(f"expected {count} e-mails, got {len(self.messages)}")

    def clear(self) -> None:
        with self.lock:
            self.messages.clear()
            self.refusals.clear()
            self.refuse_recipient = ""


@pytest.fixture(scope="session")
def _smtp_server():
    sink = Sink()
    controller = Controller(sink, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield sink, controller.port
    controller.stop()


@pytest.fixture
def smtp(_smtp_server, settings):
    """The site's e-mail goes to a real SMTP server on a free local port."""
    sink, port = _smtp_server
    sink.clear()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_USE_TLS = False
    yield sink
    sink.clear()


def text_of(message) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def html_of(message) -> str:
    return message.get_body(preferencelist=("html",)).get_content()


@pytest.fixture(scope="session")
def _worker_process(django_db_setup, django_db_blocker, _smtp_server):
    """A `celery worker` process on the local Redis, with its own queue, against the test database."""
    url = django_settings.REDIS_URL
    engine = django_settings.DATABASES["default"]["ENGINE"]
    if not url or not engine.endswith("postgresql"):
        yield None
        return
    from uppdragsbanken.celery import app

    # A Redis database of its own per test process, so parallel runs never share a queue.
    index = int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw") or 0)
    url = f"{url.rsplit('/', 1)[0]}/{10 + index % 6}"
    import redis

    redis.Redis.from_url(url).flushdb()
    db = django_settings.DATABASES["default"]
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}",
        "REDIS_URL": url,
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(_smtp_server[1]),
        "SECRET_KEY": django_settings.SECRET_KEY,
        "SITE_URL": django_settings.SITE_URL,
        "DEBUG": "true",
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    log = open(ROOT / f".worker-{os.getpid()}.log", "w")  # noqa: SIM115  (closed below)
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "uppdragsbanken",
            "worker",
            "--concurrency=2",
            "--loglevel=INFO",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"the worker stopped: {(ROOT / log.name).read_text()[-3000:]}")
        if "ready." in Path(log.name).read_text():
            break
        time.sleep(0.2)
    else:
        raise AssertionError("the worker did not start within 60 s")
    app.conf.broker_url = url
    app._pool = None
    app.amqp._producer_pool = None
    yield process
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
    log.close()
    if not os.environ.get("KEEP_WORKER_LOG"):
        Path(log.name).unlink(missing_ok=True)


@pytest.fixture
def worker(_worker_process, transactional_db, smtp, redis_url):
    """Tasks go to the real worker through Redis. Needs PostgreSQL and Redis (CI has both)."""
    from tests.conftest import missing_part
    from uppdragsbanken.celery import app

    if _worker_process is None:
        missing_part(
            "This test needs PostgreSQL and Redis: set DATABASE_URL=postgres://postgres@127.0.0.1:5432/test "
            "and REDIS_URL=redis://127.0.0.1:6379/0 and run the test command again."
        )
    app.conf.task_always_eager = False
    yield _worker_process
    app.conf.task_always_eager = True


@pytest.fixture
def unreachable_broker():
    """A context in which the Celery broker is a closed local port, as when Redis is down."""
    from contextlib import contextmanager

    from notifications import services
    from uppdragsbanken.celery import app

    @contextmanager
    def down(silent: bool = False):
        """Closed port; or, with silent, a port that takes the connection and never answers."""
        listener = None
        port = free_port()
        if silent:
            listener = socket.socket()
            listener.bind(("127.0.0.1", 0))
            listener.listen(16)
            port = listener.getsockname()[1]
        saved = app.conf.broker_url, app.conf.task_always_eager
        app.conf.broker_url = f"redis://127.0.0.1:{port}/0"
        app.conf.task_always_eager = False
        app._pool = None
        app.amqp._producer_pool = None
        services._broker_down_until = 0.0
        try:
            yield
        finally:
            app.conf.broker_url, app.conf.task_always_eager = saved
            app._pool = None
            app.amqp._producer_pool = None
            services._broker_down_until = 0.0
            if listener is not None:
                listener.close()

    return down
