"""Browser tests: a live server, Playwright driving Debian's Chromium, and axe-core.

Chromium comes from Debian (`apt-get install -y chromium`), never from
Playwright's own download. Where it is missing the tests say so and how to get
it; with REQUIRE_ALL_PARTS=1 (as in CI) they fail instead of skipping.
"""

import os
import shutil

import pytest
from axe_playwright_python.sync_playwright import Axe

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
_axe = Axe()


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not os.path.exists(CHROMIUM):
        message = (
            f"Chromium is missing at {CHROMIUM}: install Debian's package with "
            "`sudo apt-get install -y chromium` (the README's test command does this when run as root), "
            "or set CHROMIUM_PATH."
        )
        if os.environ.get("REQUIRE_ALL_PARTS") == "1":
            pytest.fail(message)
        pytest.skip(message)
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "headless": True,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-quic",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    # bypass_csp stays off: the site's Content-Security-Policy is enforced in these tests.
    # axe-core is injected with page.evaluate, which the policy does not govern.
    return {
        **browser_context_args,
        "locale": "sv-SE",
        "viewport": {"width": 1280, "height": 900},
        "bypass_csp": False,
    }


# Reported to the console, where Chromium also reports each refusal in its own words.
REPORT_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
  console.error(`CSP violation: ${event.violatedDirective} blocked ${event.blockedURI || "inline code"}`
    + ` at ${event.sourceFile || document.location.href}:${event.lineNumber}`);
});
"""


@pytest.fixture
def page(page):
    """Every browser test fails if a page it visits is sent without the strict
    Content-Security-Policy, or if the browser refuses anything under it."""
    problems: list[str] = []

    def on_console(message) -> None:
        text = message.text
        if text.startswith("CSP violation") or "Content Security Policy" in text:
            problems.append(f"{page.url}: {text}")

    def on_response(response) -> None:
        request = response.request
        if request.resource_type == "document" and request.frame == page.main_frame and response.status < 300:
            policy = response.headers.get("content-security-policy", "")
            if "script-src 'self'" not in policy or "unsafe-inline" in policy:
                problems.append(f"{response.url}: Content-Security-Policy is {policy!r}")

    page.add_init_script(REPORT_VIOLATIONS)
    page.on("console", on_console)
    page.on("response", on_response)
    yield page
    assert not problems, "\n".join(problems)


@pytest.fixture
def site(live_server, transactional_db, settings):
    """The live site's base URL (the reference data is put back by tests/conftest.py)."""
    settings.ACCOUNT_RATE_LIMITS = False
    return live_server.url


def assert_accessible(page, context: str | None = None) -> None:
    """axe-core finds no WCAG 2.1 A/AA violations on the page as it is now."""
    results = _axe.run(page, context=context, options={"runOnly": {"type": "tag", "values": WCAG_21_AA}})
    assert results.violations_count == 0, f"{page.url}\n{results.generate_report()}"
