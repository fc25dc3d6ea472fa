"""The participant journey in chromium: invitation link, in-person registration, ticket,
check-in by staff, the attendance view; axe-core on every page a participant sees."""

import re

import segno
from playwright.sync_api import expect

from hearing.participants.domain.mail import personal_link
from hearing.participants.models import Participant
from tests.browser.conftest import assert_accessible, new_page

PHONE = {"viewport": {"width": 375, "height": 740}, "is_mobile": True, "has_touch": True}


def login(page, base, username, password):
    page.get_by_label("Benutzername").fill(username)
    page.get_by_label("Passwort").fill(password)
    page.get_by_role("button", name="Anmelden").click()


def test_invitee_registers_in_person_and_staff_checks_the_ticket_in(
    demo, live_server, open_context, problems
):
    invitee = Participant.objects.get(name="Beispiel Stadträtin A")
    link = personal_link(invitee).replace("http://127.0.0.1:8000", live_server.url)

    page = new_page(open_context(), problems)
    page.goto(link)
    expect(page).to_have_url(f"{live_server.url}/participation/{demo.slug}/registration/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Anmeldung")
    assert_accessible(page)
    page.get_by_label("vor Ort").check()
    page.get_by_label("Barrierefreiheit: Was brauchen Sie? (freiwillig)").fill("Induktionsschleife")
    page.get_by_label(re.compile("Ich bin damit einverstanden")).check()
    page.get_by_role("button", name="Anmeldung speichern").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Ihr Ticket")
    expect(page.get_by_role("status")).to_have_text("Sie sind angemeldet: vor Ort.")
    expect(page.get_by_role("img", name="QR-Code des Tickets")).to_be_visible()
    assert_accessible(page)
    code = page.get_by_test_id("ticket-code").inner_text()
    invitee.refresh_from_db()
    assert code == invitee.ticket_code
    with page.expect_download() as download:
        page.get_by_role("link", name="Ticket als PDF").click()
    assert download.value.suggested_filename == f"ticket-{demo.slug}.pdf"

    page.get_by_role("link", name="Ihre Seite zum Hearing").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ihre Teilnahme")
    assert_accessible(page)
    page.get_by_role("link", name="Ihre Daten").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ihre Daten")
    assert_accessible(page)

    staff = new_page(open_context(**PHONE), problems)
    staff.goto(f"{live_server.url}/participation/{demo.slug}/check-in/")
    login(staff, live_server.url, "organisation", "demo-organisation-2024")
    expect(staff.get_by_role("heading", level=1)).to_have_text("Einlass")
    assert_accessible(staff)
    staff.get_by_label("Ticket-Code").fill(code)
    staff.get_by_role("button", name="Einchecken").click()
    expect(staff.locator("#checkin-result")).to_have_text(
        "Eingecheckt: Beispiel Stadträtin A (Mitglieder des Stadtrats)."
    )
    staff.get_by_label("Ticket-Code").fill(code)
    staff.get_by_role("button", name="Einchecken").click()
    expect(staff.locator("#checkin-result")).to_contain_text("wurde bereits um")
    staff.get_by_label("Ticket-Code").fill("ausgedacht")
    staff.get_by_role("button", name="Einchecken").click()
    expect(staff.locator("#checkin-result")).to_have_text(
        "Unbekannter Code. Bitte noch einmal scannen oder eintippen."
    )
    # the page fits a phone: no horizontal scrolling
    assert staff.evaluate("document.documentElement.scrollWidth <= window.innerWidth")

    staff.get_by_role("link", name="Anwesenheit").click()
    row = staff.locator('tr[data-group="stadtrat"]')
    expect(row.locator('[data-key="checked_in"]')).to_have_text("1")
    expect(row.locator('[data-key="in_person"]')).to_have_text("1")
    expect(staff.locator('tfoot [data-key="checked_in"]')).to_have_text("1")
    assert_accessible(staff)

    # the view follows the door without reloading
    from django.contrib.auth import get_user_model

    from hearing.participants.domain import checkin, registration

    other = Participant.objects.get(name="Beispiel Stadtrat B")
    registration.register(other, attendance="in_person", consent=True)
    organiser = get_user_model().objects.get(username="organisation")
    checkin.check_in(demo, other.ticket_code, actor=organiser)
    expect(row.locator('[data-key="checked_in"]')).to_have_text("2", timeout=8_000)
    expect(staff.locator('tfoot [data-key="in_person"]')).to_have_text("2")


def test_vendored_qr_decoder_reads_our_ticket_codes(demo, live_server, open_context, problems):
    """Where chromium has no BarcodeDetector, the check-in page decodes camera frames with jsQR."""
    page = new_page(open_context(), problems)
    page.goto(f"{live_server.url}/participation/{demo.slug}/check-in/")
    login(page, live_server.url, "organisation", "demo-organisation-2024")
    expect(page.get_by_role("button", name="Kamera starten")).to_be_visible()
    code = Participant.objects.first().ticket_code
    image = segno.make(code, error="m").png_data_uri(scale=6, border=4)
    decoded = page.evaluate(
        """async (src) => {
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
        }""",
        image,
    )
    assert decoded == code


def test_self_registration_and_invalid_link_pages_are_accessible(
    demo, live_server, open_context, problems
):
    for language in ("de", "en"):
        context = open_context()
        context.add_cookies(
            [{"name": "django_language", "value": language, "url": live_server.url}]
        )
        page = new_page(context, problems)
        page.goto(f"{live_server.url}/hearings/{demo.slug}/")
        link = page.locator(f'a[href="/participation/{demo.slug}/self-registration/"]')
        expect(link).to_be_visible()
        link.click()
        assert page.locator("html").get_attribute("lang") == language
        assert_accessible(page)
        # a tampered link answers 400 with a clear page; chromium logs the failed load
        page.goto(f"{live_server.url}/participation/{demo.slug}/link/kaputt/")
        expect(page.get_by_role("alert")).to_be_visible()
        assert_accessible(page)
    problems[:] = [p for p in problems if "status of 400" not in p]


def test_participant_and_organiser_pages_in_english_are_accessible(
    demo, live_server, open_context, problems
):
    from hearing.participants.domain import registration

    invitee = Participant.objects.get(name="Beispiel GPR-Vertreterin F")
    registration.register(invitee, attendance="in_person", consent=True)
    context = open_context()
    context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])
    page = new_page(context, problems)
    page.goto(personal_link(invitee).replace("http://127.0.0.1:8000", live_server.url))
    expect(page.get_by_role("heading", level=1)).to_have_text("Your participation")
    assert_accessible(page)
    for path, heading in [
        ("registration/", "Registration"),
        ("ticket/", "Your ticket"),
        ("my-data/", "Your data"),
    ]:
        page.goto(f"{live_server.url}/participation/{demo.slug}/{path}")
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        assert page.locator("html").get_attribute("lang") == "en"
        assert_accessible(page)

    organiser = new_page(open_context(), problems)
    organiser.goto(f"{live_server.url}/participation/{demo.slug}/manage/")
    login(organiser, live_server.url, "organisation", "demo-organisation-2024")
    expect(organiser.get_by_role("heading", level=1)).to_have_text("Teilnehmende")
    expect(organiser.locator("caption")).to_have_text("13 Personen")
    assert_accessible(organiser)
    organiser.get_by_role("link", name="Eingeladene aus CSV importieren").click()
    assert_accessible(organiser)
    organiser.get_by_label("CSV-Datei").set_input_files(
        files=[
            {
                "name": "einladungen.csv",
                "mimeType": "text/csv",
                "buffer": "name;email;group\nBeispiel Neu;neu@example.org;digitalrat\nKaputt;x;digitalrat\n".encode(
                    "cp1252"
                ),
            }
        ]
    )
    organiser.get_by_role("button", name="Vorschau anzeigen").click()
    expect(organiser.get_by_test_id("import-summary")).to_have_text(
        "1 gültige Zeilen, 1 fehlerhafte Zeilen."
    )
    assert_accessible(organiser)
    organiser.get_by_role("button", name="1 gültige Zeile importieren").click()
    expect(organiser.get_by_role("status")).to_have_text("1 Eingeladene importiert.")
    expect(organiser.locator("caption")).to_have_text("14 Personen")
