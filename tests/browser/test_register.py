import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, new_page


def test_visitor_filters_and_searches_the_register(demo, live_server, open_context, problems):
    page = new_page(open_context(), problems)
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="KI-Register").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("KI-Register")
    expect(page.locator("#result-count")).to_have_text("1610 Einträge")
    assert_accessible(page)
    page.get_by_label("Land", exact=True).select_option("NL")
    page.get_by_label("Art der Organisation").select_option("yes")
    page.get_by_label("Status", exact=True).select_option("retired")
    page.get_by_role("button", name="Filtern").click()
    expect(page.locator("#result-count")).to_have_text("43 Einträge")
    expect(page.get_by_label("Land", exact=True)).to_have_value("NL")
    page.get_by_role("link", name="Filter zurücksetzen").click()
    page.get_by_label("Suche", exact=True).fill("Muckl")
    page.get_by_role("button", name="Filtern").click()
    expect(page.locator("#result-count")).to_have_text("1 Eintrag")
    page.locator(".register-table").get_by_role("link", name="Bürger*innen-Chatbot Muckl").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Bürger*innen-Chatbot Muckl")
    expect(page.get_by_role("heading", name="Chancen")).to_be_visible()
    assert_accessible(page)


@pytest.mark.parametrize("language", ["de", "en"])
def test_comparison_page_draws_its_charts(demo, live_server, open_context, problems, language):
    context = open_context()
    context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
    page = new_page(context, problems)
    page.goto(live_server.url + "/register/comparison/")
    charts = page.locator("figure img")
    expect(charts).to_have_count(4)
    for index in range(4):
        chart = charts.nth(index)
        chart.scroll_into_view_if_needed()
        expect(chart).to_have_js_property("complete", True)
        assert chart.evaluate("img => img.naturalWidth") > 0
    assert_accessible(page)
