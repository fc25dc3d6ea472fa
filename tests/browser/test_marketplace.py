from playwright.sync_api import expect

from hearing.marketplace.models import Message
from tests.browser.conftest import assert_accessible, new_page, sign_in


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

    # The organiser approves the question and gives stand 4 a new exhibitor link.
    organiser = new_page(open_context(), problems)
    sign_in(organiser, live_server.url, "organisation", f"/marketplace/moderation/{demo.slug}/")
    expect(organiser.get_by_role("heading", level=1)).to_have_text("Marktplatz moderieren")
    assert_accessible(organiser)
    organiser.get_by_role("button", name="Freigeben").click()
    expect(organiser.get_by_role("status")).to_contain_text("Freigegeben.")
    old_link = organiser.get_by_label("Link für Stand 4", exact=True).input_value()
    assert old_link == live_server.url + message.stand.exhibitor_url()
    organiser.get_by_role("button", name="Neuer Link für Stand 4").click()
    expect(organiser.get_by_role("status")).to_contain_text("Neuer Link für Stand 4.")
    assert_accessible(organiser)
    new_link = organiser.get_by_label("Link für Stand 4", exact=True).input_value()
    assert new_link != old_link
    assert page.request.get(old_link).status == 404  # not a navigation: no console error
    assert page.goto(new_link).status == 200
    expect(page.locator(".card")).to_contain_text("Welche Sprachmodelle nutzt MUCGPT?")
