import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, new_page, sign_in


def test_visitor_opens_the_hearing_and_sees_the_agenda(demo, live_server, open_context, problems):
    page = new_page(open_context(), problems)
    page.goto(live_server.url + "/")
    page.get_by_role("link", name=demo.title).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(demo.title)
    agenda = page.locator("#agenda > li")
    expect(agenda).to_have_count(7)
    expect(agenda.first).to_contain_text("Begrüßung")
    expect(agenda.last).to_contain_text("Abschluss")
    expect(page.locator("#live-status")).to_have_text("Gerade läuft kein Tagesordnungspunkt.")


def test_moderator_starts_the_next_item_and_the_visitor_sees_it_within_5_seconds(
    demo, live_server, open_context, problems
):
    visitor = new_page(open_context(), problems)
    visitor.goto(f"{live_server.url}/hearings/{demo.slug}/")
    first = visitor.locator("#agenda > li").first
    expect(first).not_to_have_attribute("aria-current", "true")

    moderator = new_page(open_context(), problems)
    moderator.goto(f"{live_server.url}/backoffice/hearings/{demo.slug}/console/")
    expect(moderator).to_have_url(re.compile(r"/accounts/login/"))
    sign_in(moderator, live_server.url, "moderation")
    expect(moderator.get_by_role("heading", level=1)).to_have_text("Moderationskonsole")
    moderator.get_by_role("button", name="Nächsten Punkt starten").click()
    expect(moderator.get_by_role("status")).to_contain_text("„Begrüßung“ läuft jetzt.")
    expect(moderator.locator("#item-timer")).to_contain_text("/ 15:00")

    expect(first).to_have_attribute("aria-current", "true", timeout=5_000)
    expect(visitor.locator("[data-live-badge]")).to_be_visible()
    expect(visitor.locator("#live-status")).to_have_text("Jetzt läuft: Begrüßung")

    moderator.get_by_role("button", name="Nächster Punkt").click()
    second = visitor.locator("#agenda > li").nth(1)
    expect(second).to_have_attribute("aria-current", "true", timeout=5_000)
    expect(first).not_to_have_attribute("aria-current", "true")


def test_language_switch_is_on_every_page_and_works(demo, live_server, open_context, problems):
    page = new_page(open_context(), problems)
    page.goto(f"{live_server.url}/hearings/{demo.slug}/agenda/2/")
    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", name="Documents")).to_be_visible()
    expect(page).to_have_url(f"{live_server.url}/hearings/{demo.slug}/agenda/2/")
    page.get_by_role("button", name="Deutsch").click()
    expect(page.get_by_role("heading", name="Unterlagen")).to_be_visible()


PUBLIC_PAGES = [
    "/",
    "/hearings/ki-stadtratshearing-2024/",
    "/hearings/ki-stadtratshearing-2024/agenda/1/",
    "/hearings/ki-stadtratshearing-2024/agenda/6/",
    "/accounts/login/",
    "/barrierefreiheit/",
    "/impressum/",
    "/datenschutz/",
    "/hearings/gibt-es-nicht/",
]


@pytest.mark.parametrize("language", ["de", "en"])
def test_public_pages_have_no_wcag_violations(demo, live_server, open_context, problems, language):
    context = open_context(bypass_csp=True)
    context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
    page = new_page(context, problems)
    for path in PUBLIC_PAGES:
        page.goto(live_server.url + path)
        assert page.locator("html").get_attribute("lang") == language
        assert_accessible(page)
    # 404 logs a console error for the failed document load; that one is expected.
    problems[:] = [p for p in problems if "404" not in p]


def test_live_hearing_and_console_are_accessible(demo, live_server, open_context, problems):
    from django.contrib.auth import get_user_model

    from hearing.hearings.domain import live

    live.start_next_item(demo, actor=get_user_model().objects.get(username="moderation"))
    context = open_context(bypass_csp=True)
    page = new_page(context, problems)
    page.goto(f"{live_server.url}/hearings/{demo.slug}/")
    expect(page.locator("[data-live-badge]")).to_be_visible()
    assert_accessible(page)
    sign_in(page, live_server.url, "moderation", f"/backoffice/hearings/{demo.slug}/console/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Moderationskonsole")
    assert_accessible(page)


def test_console_works_on_a_phone(demo, live_server, open_context, problems):
    context = open_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = new_page(context, problems)
    sign_in(page, live_server.url, "moderation", f"/backoffice/hearings/{demo.slug}/console/")
    page.get_by_role("button", name="Nächsten Punkt starten").tap()
    expect(page.get_by_role("status")).to_contain_text("„Begrüßung“ läuft jetzt.")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
