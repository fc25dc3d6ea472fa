"""Issue 14, Deliver 4 in chromium: the agenda editor outside the admin. Dragging an item by its
handle and the arrow buttons (by keyboard) reorder it, times follow; both pages pass axe."""

from playwright.sync_api import expect

from hearing.hearings.domain import agenda
from tests.browser.conftest import assert_accessible, logged_in, new_page
from tests.factories import HearingRoleFactory, UserFactory, hearing_with_agenda


def test_organisers_reorder_by_dragging_and_by_keyboard(live_server, open_context, problems):
    hearing = hearing_with_agenda(3, slug="agenda-editor")
    organiser = UserFactory(username="orga-agenda")
    HearingRoleFactory(hearing=hearing, user=organiser, role="organizer")
    page = new_page(logged_in(open_context, live_server, organiser), problems)
    page.goto(f"{live_server.url}/backoffice/")
    page.get_by_role("link", name="Tagesordnung bearbeiten").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tagesordnung bearbeiten")
    assert_accessible(page)
    rows = page.locator("[data-item]")
    first, _second, third = agenda.items(hearing)
    # Drag the third item by its handle onto the first.
    page.locator(f"#item-{third.pk} .drag-handle").drag_to(
        page.locator(f"#item-{first.pk}"), target_position={"x": 5, "y": 2}
    )
    expect(rows.first).to_have_attribute("data-item", str(third.pk), timeout=10_000)
    expect(rows.first.locator(".agenda-time")).to_contain_text("09:30")
    assert [i.title for i in agenda.items(hearing)] == ["Punkt 3", "Punkt 1", "Punkt 2"]
    # By keyboard: focus the "down" button of the (now) first item and press Enter.
    button = rows.first.get_by_role("button", name="„Punkt 3“ nach unten")
    button.focus()
    page.keyboard.press("Enter")
    expect(page.locator(".messages")).to_contain_text("Neue Reihenfolge gespeichert")
    assert [i.title for i in agenda.items(hearing)] == ["Punkt 1", "Punkt 3", "Punkt 2"]
    # An item's page: a time outside the hearing is refused beside the field, the input kept.
    page.get_by_role("link", name="1. Punkt 1").click()
    page.get_by_label("geplanter Beginn").fill("07:00")
    page.locator("form.agenda-form #id_title").fill("Begrüßung durch den OB")
    page.get_by_role("button", name="Speichern").click()
    expect(page.get_by_text("liegt außerhalb der Zeit des Hearings")).to_be_visible()
    # The refused form's page comes with status 400, which chromium reports: expected here.
    refused = (
        "error: Failed to load resource: the server responded with a status of 400 (Bad Request)"
    )
    assert problems == [refused]
    problems.clear()
    expect(page.locator("form.agenda-form #id_title")).to_have_value("Begrüßung durch den OB")
    assert_accessible(page)
