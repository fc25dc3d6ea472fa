"""Browser tests: Playwright for Python driving Debian's chromium, axe-core injected into pages."""

import json
import os
from pathlib import Path

import pytest
from django.core.management import call_command

CHROMIUM = os.environ.get("HEARING_TEST_CHROMIUM", "/usr/bin/chromium")
AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

# Playwright's sync API runs an event loop in this thread; the test's own ORM calls are ordinary
# blocking calls between browser steps, which is safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} fehlt: scripts/install-system-deps.sh installiert chromium")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--disable-quic",
            ],
        )
        yield browser
        browser.close()


class PageProblems(list):
    def check(self):
        assert list(self) == []


@pytest.fixture
def open_context(browser):
    """A factory for isolated browser contexts whose console errors fail the test."""
    contexts = []

    def factory(**kwargs):
        context = browser.new_context(locale="de-DE", **kwargs)
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context

    yield factory
    for context in contexts:
        context.close()


DEMO_PASSWORDS = {
    "moderation": "demo-moderation-2024",
    "organisation": "demo-organisation-2024",
    "schriftdolmetschen": "demo-untertitel-2024",
}


def sign_in(page, base_url: str, username: str, next_path: str | None = None) -> None:
    """Log a demo user in through the login form; with ``next_path`` open the form for it first
    (without: the page already shows the form, e.g. after a redirect)."""
    if next_path is not None:
        page.goto(f"{base_url}/accounts/login/?next={next_path}")
    page.get_by_label("Benutzername").fill(username)
    page.get_by_label("Passwort").fill(DEMO_PASSWORDS[username])
    page.get_by_role("button", name="Anmelden").click()


def new_page(context, problems: PageProblems):
    page = context.new_page()
    page.on(
        "console",
        lambda msg: msg.type in ("error", "warning") and problems.append(f"{msg.type}: {msg.text}"),
    )
    page.on("pageerror", lambda error: problems.append(f"pageerror: {error}"))
    return page


@pytest.fixture
def problems():
    collected = PageProblems()
    yield collected
    collected.check()


BEST_PRACTICE = ["landmark-unique", "landmark-no-duplicate-main", "landmark-one-main"]


def run_axe(page) -> list[dict]:
    """Run axe-core on the page for WCAG 2.1 A and AA; return the violations in a readable form."""
    page.evaluate(AXE.read_text())
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS
    )
    # And best practices that screen reader users notice at once: two landmarks of one name.
    extra = page.evaluate(
        "rules => axe.run(document, {runOnly: {type: 'rule', values: rules}})", BEST_PRACTICE
    )
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"] + extra["violations"]
    ]


def assert_accessible(page):
    violations = run_axe(page)
    assert violations == [], json.dumps(violations, indent=1, ensure_ascii=False)


@pytest.fixture
def demo(transactional_db):
    call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    from hearing.hearings.models import Hearing

    return Hearing.objects.get(slug="ki-stadtratshearing-2024")


READ_QR = """async (src) => {
    const img = new Image();
    img.src = src;
    await img.decode();
    const canvas = document.createElement("canvas");
    canvas.width = img.width; canvas.height = img.height;
    const ctx = canvas.getContext("2d");
    ctx.drawImage(img, 0, 0);
    const data = ctx.getImageData(0, 0, img.width, img.height);
    const result = window.jsQR(data.data, data.width, data.height);
    return result && result.data;
}"""


def read_qr(page, src: str) -> str | None:
    """What the QR code in the image ``src`` (a data: URI) says, read by the vendored jsQR (the
    decoder of the check-in page; the page must have loaded it)."""
    return page.evaluate(READ_QR, src)


def logged_in(open_context, live_server, user, **cookies):
    """A browser context signed in as ``user`` (a session made with Django's test client; made
    before any page runs: SQLite in memory answers a write beside a request with "table is
    locked"), with further cookies (``django_language="en"``)."""
    from django.test import Client

    client = Client()
    client.force_login(user)
    context = open_context()
    values = {"sessionid": client.cookies["sessionid"].value, **cookies}
    context.add_cookies(
        [{"name": k, "value": v, "url": live_server.url} for k, v in values.items()]
    )
    return context
