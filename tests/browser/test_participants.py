"""The participant journey in chromium: invitation link, in-person registration, ticket,
check-in by staff, the attendance view; axe-core on every page a participant sees."""

import re

import segno
from playwright.sync_api import expect

from hearing.participants.domain.mail import personal_link
from hearing.participants.models import Participant
from tests.browser.conftest import assert_accessible, new_page, read_qr, sign_in

PHONE = {"viewport": {"width": 375, "height": 740}, "is_mobile": True, "has_touch": True}


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
    assert code == invitee.ticket_code_display
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
    sign_in(staff, live_server.url, "organisation")
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
    sign_in(page, live_server.url, "organisation")
    expect(page.get_by_role("button", name="Kamera starten")).to_be_visible()
    code = Participant.objects.first().ticket_code
    image = segno.make_qr(code, error="m").png_data_uri(scale=6, border=4)
    # The decoder is a deferred script: the button can be visible before it has run.
    page.wait_for_function("typeof window.jsQR === 'function'")
    decoded = read_qr(page, image)
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
    sign_in(organiser, live_server.url, "organisation")
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
        "1 gültige Zeile, 1 fehlerhafte Zeile."
    )
    assert_accessible(organiser)
    organiser.get_by_role("button", name="1 gültige Zeile importieren").click()
    expect(organiser.get_by_role("status")).to_have_text("1 Eingeladene importiert.")
    expect(organiser.locator("caption")).to_have_text("14 Personen")


def qr_video(code: str, path) -> None:
    """A Y4M video of the ticket's QR code, for chromium's fake camera."""
    matrix = [list(row) for row in segno.make_qr(code, error="m").matrix]
    size, scale, border = 480, 10, 40
    luma = bytearray([235]) * (size * size)
    for y, row in enumerate(matrix):
        for x, dark in enumerate(row):
            if dark:
                for dy in range(scale):
                    start = (border + y * scale + dy) * size + border + x * scale
                    luma[start : start + scale] = bytes([16]) * scale
    chroma = bytes([128]) * (size // 2 * size // 2)
    with open(path, "wb") as handle:
        handle.write(f"YUV4MPEG2 W{size} H{size} F10:1 Ip A1:1 C420jpeg\n".encode())
        for _ in range(3):
            handle.write(b"FRAME\n" + bytes(luma) + chroma + chroma)


def test_door_staff_scan_the_ticket_with_the_camera(demo, live_server, browser, problems, tmp_path):
    from hearing.participants.domain import registration

    invitee = Participant.objects.get(name="Beispiel Digitalrätin H")
    registration.register(invitee, attendance="in_person", consent=True)
    invitee.refresh_from_db()
    video = tmp_path / "ticket.y4m"
    qr_video(invitee.ticket_code, video)
    # A browser of its own: the fake camera is a launch option.
    from tests.browser.conftest import CHROMIUM

    camera_browser = browser.browser_type.launch(
        executable_path=CHROMIUM,
        args=[
            "--no-sandbox",
            "--disable-gpu",
            "--use-fake-ui-for-media-stream",
            "--use-fake-device-for-media-stream",
            f"--use-file-for-fake-video-capture={video}",
        ],
    )
    try:
        context = camera_browser.new_context(locale="de-DE", **PHONE)
        context.grant_permissions(["camera"], origin=live_server.url)
        context.set_default_timeout(15_000)
        page = new_page(context, problems)
        page.goto(f"{live_server.url}/participation/{demo.slug}/check-in/")
        sign_in(page, live_server.url, "organisation")
        page.get_by_role("button", name="Kamera starten").click()
        expect(page.locator("#checkin-result")).to_have_text(
            "Eingecheckt: Beispiel Digitalrätin H (Digitalrat der LHM).", timeout=15_000
        )
        invitee.refresh_from_db()
        assert invitee.checked_in_at is not None
        context.close()
    finally:
        camera_browser.close()
