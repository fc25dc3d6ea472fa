"""The mandatory pages: accessibility statement (BITV 2.0), Impressum, privacy notice; who may
write them, the barrier report and where it goes."""

import pytest
from django.core import mail
from django.test import Client

from hearing.core.models import AuditLogEntry
from hearing.legal.models import Feedback, LegalPage
from tests.factories import HearingRoleFactory, UserFactory

PAGES = ["/barrierefreiheit/", "/impressum/", "/datenschutz/"]


@pytest.fixture
def organiser(hearing):
    """May: organises a hearing."""
    user = UserFactory(username="orga", email="orga@example.org")
    HearingRoleFactory(hearing=hearing, user=user, role="organizer")
    return user


@pytest.fixture
def moderator(hearing):
    """May not: moderates, does not organise."""
    user = UserFactory(username="mod", email="mod@example.org")
    HearingRoleFactory(hearing=hearing, user=user, role="moderator")
    return user


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize("language", ["de", "en"])
def test_every_page_links_the_three_in_its_footer(hearing, language):
    cookie = f"django_language={language}"
    for path in ["/", hearing.get_absolute_url(), *PAGES]:
        html = Client().get(path, HTTP_COOKIE=cookie).content.decode()
        footer = html[html.index('<footer class="site-footer">') :]
        assert [p for p in PAGES if f'href="{p}"' in footer] == PAGES, path


def test_until_written_the_pages_say_so_and_the_privacy_notice_lists_the_retention(db, settings):
    settings.HEARING_RETENTION_DAYS = 30
    assert "Noch nicht ausgefüllt" in Client().get("/impressum/").content.decode()
    privacy = Client().get("/datenschutz/").content.decode()
    assert "Angemeldete werden 30 Tage nach dem Hearing anonymisiert" in privacy
    english = Client().get("/datenschutz/", HTTP_COOKIE="django_language=en").content.decode()
    assert "anonymised 30 days after the hearing" in english
    statement = Client().get("/barrierefreiheit/").content.decode()
    assert "Diese Plattform ist mit der BITV 2.0 teilweise vereinbar." in statement
    assert "Durchsetzungsverfahren" in statement


def test_writing_the_pages_is_for_organisers(hearing, organiser, moderator):
    url = "/backoffice/pflichtseiten/imprint/de/"
    anonymous = Client().post(url, {"text": "x", "conformance": "partial"})
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]
    assert client_for(moderator).get("/backoffice/pflichtseiten/").status_code == 403
    assert (
        client_for(moderator).post(url, {"text": "x", "conformance": "partial"}).status_code == 403
    )
    assert LegalPage.objects.count() == 0
    assert client_for(organiser).get("/backoffice/pflichtseiten/").status_code == 200
    assert client_for(organiser).get("/backoffice/pflichtseiten/imprint/fr/").status_code == 404


def test_an_organisers_text_shows_escaped_in_its_language_only(hearing, organiser):
    orga = client_for(organiser)
    text = "Landeshauptstadt München\n\nIT-Referat <script>alert(1)</script>"
    response = orga.post(
        "/backoffice/pflichtseiten/imprint/de/", {"text": text, "conformance": "partial"}
    )
    assert response.status_code == 302
    page = Client().get("/impressum/").content.decode()
    assert "<p>Landeshauptstadt München</p>" in page
    assert "IT-Referat &lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<script>alert(1)" not in page
    english = Client().get("/impressum/", HTTP_COOKIE="django_language=en").content.decode()
    assert "Landeshauptstadt" not in english and "Not filled in yet" in english
    entry = AuditLogEntry.objects.get(action="legal.page.saved")
    assert (entry.actor, entry.data["kind"], entry.data["language"]) == (organiser, "imprint", "de")
    assert "ausgefüllt" in orga.get("/backoffice/pflichtseiten/").content.decode()


def test_a_too_long_text_is_refused_and_kept_in_the_form(hearing, organiser):
    text = "x" * 20_001
    response = client_for(organiser).post(
        "/backoffice/pflichtseiten/accessibility/de/",
        {"text": text, "conformance": "full", "enforcement": "Stelle"},
    )
    assert response.status_code == 400
    assert text in response.content.decode()
    assert LegalPage.objects.count() == 0


def test_a_reported_barrier_reaches_the_organisers_and_is_rate_limited(
    hearing, organiser, moderator, django_capture_on_commit_callbacks
):
    visitor = Client()
    form = {"text": "Das PDF der Folien ist nicht lesbar.", "contact": "a@example.org"}
    with django_capture_on_commit_callbacks(execute=True):
        response = visitor.post("/barrierefreiheit/", form, follow=True)
    assert [str(m) for m in response.context["messages"]] == [
        "Danke! Ihre Meldung ist gespeichert; die Organisation sieht sie im Backoffice und "
        "bekommt sie per E-Mail."
    ]
    assert Feedback.objects.get().text == "Das PDF der Folien ist nicht lesbar."
    assert [m.to for m in mail.outbox] == [["orga@example.org"]]  # organisers, not moderators
    assert "Das PDF der Folien ist nicht lesbar." in mail.outbox[0].body
    assert AuditLogEntry.objects.filter(action="legal.feedback.received").count() == 1
    assert (
        "Das PDF der Folien"
        in client_for(organiser).get("/backoffice/pflichtseiten/").content.decode()
    )
    # Empty: a clear error, nothing stored.
    empty = visitor.post("/barrierefreiheit/", {"text": "   "})
    assert empty.status_code == 400
    for _ in range(2):
        assert visitor.post("/barrierefreiheit/", form).status_code == 302
    refused = visitor.post("/barrierefreiheit/", form)
    assert refused.status_code == 429
    assert "Höchstens 3 Meldungen je 60 Minuten" in refused.content.decode()
    assert Feedback.objects.count() == 3


def test_the_back_office_leads_organisers_to_the_pages(hearing, organiser, moderator):
    link = 'href="/backoffice/pflichtseiten/"'
    assert link in client_for(organiser).get("/backoffice/").content.decode()
    assert link not in client_for(moderator).get("/backoffice/").content.decode()


def test_a_long_page_address_in_the_report_is_cut_not_refused(hearing, organiser):
    response = Client().post(
        "/barrierefreiheit/", {"text": "Der Kontrast ist zu gering.", "page_url": "/x" * 400}
    )
    assert response.status_code == 302
    assert len(Feedback.objects.get().page_url) == 500


def test_the_privacy_notice_tells_about_live_captions(db):
    assert "Live-Untertitel" in Client().get("/datenschutz/").content.decode()


def test_the_statement_names_the_day_it_was_prepared(hearing, organiser):
    """BITV 2.0 § 7 asks for the date of preparation: the shipped statement's, then the
    organisers' own (an empty field takes the day of saving); a date that is no date is refused."""
    from django.utils import timezone

    from hearing.legal.defaults import DEFAULT_PREPARED

    def prepared(language="de"):
        html = Client().get("/barrierefreiheit/", HTTP_COOKIE=f"django_language={language}")
        html = html.content.decode()
        return html.split('data-prepared="')[1].split('"')[0], html

    day, html = prepared()
    assert day == DEFAULT_PREPARED.isoformat()
    assert "Diese Erklärung wurde am <time" in html and "Selbstbewertung" in html
    assert "This statement was prepared on <time" in prepared("en")[1]
    url = "/backoffice/pflichtseiten/accessibility/de/"
    form = {"text": "Unsere Erklärung.", "conformance": "partial", "enforcement": "Stelle"}
    orga = client_for(organiser)
    assert orga.post(url, {**form, "prepared": "2026-11-20"}).status_code == 302
    assert prepared()[0] == "2026-11-20"
    assert 'value="2026-11-20"' in orga.get(url).content.decode()
    assert orga.post(url, form).status_code == 302
    assert prepared()[0] == timezone.localdate().isoformat()
    refused = orga.post(url, {**form, "prepared": "20.13.2026"})
    assert refused.status_code == 400 and "Unsere Erklärung." in refused.content.decode()
    assert prepared("en")[0] == DEFAULT_PREPARED.isoformat()  # the English one is not written


def test_the_privacy_notice_tells_how_long_the_stream_access_log_lives(db):
    html = Client().get("/datenschutz/").content.decode()
    assert "Jede Zeile wird nach höchstens 10 Minuten gelöscht" in html


def test_without_an_organisers_address_the_report_says_it_is_stored_only(hearing, organiser):
    organiser.email = ""
    organiser.save()
    response = Client().post("/barrierefreiheit/", {"text": "Zu klein."}, follow=True)
    assert [str(m) for m in response.context["messages"]] == [
        "Danke! Ihre Meldung ist gespeichert; die Organisation sieht sie im Backoffice."
    ]
    assert (Feedback.objects.count(), len(mail.outbox)) == (1, 0)
    page = client_for(organiser).get("/backoffice/pflichtseiten/").content.decode()
    assert "Neue Meldungen kommen nur hier an" in page
    organiser.email = "orga@example.org"
    organiser.save()
    page = client_for(organiser).get("/backoffice/pflichtseiten/").content.decode()
    assert "Neue Meldungen kommen nur hier an" not in page


def test_an_organiser_deletes_a_report_once_dealt_with(hearing, organiser, moderator):
    """May (organiser), may not (moderator), anonymous: the privacy notice promises a report
    is kept until it is dealt with."""
    report = Feedback.objects.create(text="Das Video hat keine Untertitel.", contact="x@y.de")
    url = f"/backoffice/pflichtseiten/meldungen/{report.pk}/loeschen/"
    page = client_for(organiser).get("/backoffice/pflichtseiten/").content.decode()
    assert f'action="{url}"' in page
    assert client_for(moderator).post(url).status_code == 403
    assert Client().post(url).status_code == 302  # to the login page
    assert client_for(organiser).get(url).status_code == 405
    assert Feedback.objects.filter(pk=report.pk).exists()
    response = client_for(organiser).post(url)
    assert (response.status_code, response["Location"]) == (302, "/backoffice/pflichtseiten/")
    assert Feedback.objects.count() == 0
    assert list(AuditLogEntry.objects.values_list("action", "data")) == [
        ("legal.feedback.deleted", {"feedback": report.pk})
    ]
    assert client_for(organiser).post(url).status_code == 404


def test_the_privacy_notice_tells_about_barrier_reports(db):
    html = Client().get("/datenschutz/").content.decode()
    assert "Sie bleibt gespeichert, bis die Organisation sie nach der Bearbeitung löscht." in html
