from playwright.sync_api import expect

from hearing.marketplace.models import Message
from tests.browser.conftest import assert_accessible, new_page


def test_visitor_opens_a_stand_and_leaves_a_question(demo, live_server, open_context, problems):
    page = new_page(open_context(), problems)
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Marktplatz").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("KI-Marktplatz")
    expect(page.locator(".stand-cards > li")).to_have_count(10)
    assert_accessible(page)
    page.locator(".stand-cards").get_by_role("link", name="Stand 4: MUCGPT").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Stand 4: MUCGPT")
    qr = page.get_by_role("img", name="QR-Code zur Seite von Stand 4: MUCGPT")
    expect(qr).to_have_js_property("complete", True)
    assert qr.evaluate("img => img.naturalWidth") > 0
    assert_accessible(page)
    page.get_by_label("online").check()
    page.get_by_label("Ihre Frage oder Rückmeldung").fill("Welche Sprachmodelle nutzt MUCGPT?")
    page.get_by_role("button", name="Absenden").click()
    expect(page.get_by_role("status")).to_contain_text("Danke!")
    assert_accessible(page)
    message = Message.objects.get()
    assert (message.stand.number, message.channel, message.status) == (4, "online", "pending")
    page.goto(live_server.url + message.stand.exhibitor_url())
    expect(page.locator(".card")).to_have_count(1)
    expect(page.locator(".card")).to_contain_text("Welche Sprachmodelle nutzt MUCGPT?")
    assert_accessible(page)
    page.goto(live_server.url + "/marketplace/qr-codes/")
    expect(page.locator(".qr-card")).to_have_count(10)
    assert_accessible(page)
