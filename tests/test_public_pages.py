from datetime import UTC, datetime

import pytest
from django.test import Client

from hearing.hearings.domain import live
from tests.factories import AgendaItemFactory, PersonFactory, hearing_with_agenda


def test_start_page_lists_public_hearings_only(hearing, client):
    hidden = hearing_with_agenda(1, title="Geheim", is_public=False)
    page = client.get("/").content.decode()
    assert hearing.title in page
    assert hidden.title not in page
    assert client.get(f"/hearings/{hidden.slug}/").status_code == 404


def test_hearing_page_shows_agenda_and_marks_the_current_item(hearing, alice, client):
    page = client.get(f"/hearings/{hearing.slug}/").content.decode()
    for item in hearing.items.all():
        assert item.title in page
    assert 'aria-current="true"' not in page
    live.start_next_item(hearing, actor=alice)
    page = client.get(f"/hearings/{hearing.slug}/").content.decode()
    assert page.count('aria-current="true"') == 1
    first = hearing.items.get(position=1).pk
    assert f'data-item-id="{first}" aria-current="true"' in page


def test_live_state_reports_the_current_item(hearing, alice, client):
    assert client.get(f"/hearings/{hearing.slug}/live-state.json").json()["current"] is None
    item = live.start_next_item(hearing, actor=alice)
    response = client.get(f"/hearings/{hearing.slug}/live-state.json")
    state = response.json()
    assert response["Cache-Control"].startswith("max-age=0")
    assert state["live"] is True
    assert state["current"] == {
        "id": item.pk,
        "position": 1,
        "number": "1",
        "title": "Punkt 1",
        "url": f"/hearings/{hearing.slug}/agenda/1/",
        "interactive": False,  # a talk without Q&A (the factory's kind)
    }
    assert state["items"][0]["actual_start"] is not None


def test_item_page_and_unknown_item(hearing, client):
    page = client.get(f"/hearings/{hearing.slug}/agenda/2/").content.decode()
    assert "Punkt 2" in page
    assert 'rel="prev"' in page and 'rel="next"' in page
    response = client.get(f"/hearings/{hearing.slug}/agenda/99/")
    assert response.status_code == 404
    assert "Seite nicht gefunden" in response.content.decode()


def test_friendly_404_in_both_languages(db):
    german = Client().get("/hearings/gibt-es-nicht/")
    assert german.status_code == 404
    assert "Seite nicht gefunden" in german.content.decode()
    english = Client()
    english.cookies["django_language"] = "en"
    page = english.get("/hearings/does-not-exist/").content.decode()
    assert "Page not found" in page
    assert '<html lang="en">' in page


def test_language_switch_changes_the_page_language(hearing):
    client = Client()
    response = client.get("/language/", {"language": "en", "next": f"/hearings/{hearing.slug}/"})
    assert (response.status_code, response["Location"]) == (302, f"/hearings/{hearing.slug}/")
    assert response["Cache-Control"] == "max-age=0, no-cache, no-store, must-revalidate, private"
    assert response.cookies["django_language"]["max-age"] == 365 * 24 * 3600
    page = client.get(f"/hearings/{hearing.slug}/").content.decode()
    assert '<html lang="en">' in page
    assert ">Agenda<" in page
    # The switch is a plain GET form: the page carries no CSRF token for it.
    assert 'action="/language/" method="get"' not in page
    assert "csrfmiddlewaretoken" not in Client().get(f"/hearings/{hearing.slug}/").content.decode()


@pytest.mark.parametrize(
    ("query", "location", "cookie"),
    [
        ({"language": "fr", "next": "/register/"}, "/register/", None),
        ({"language": "en", "next": "https://evil.example/"}, "/", "en"),
        ({"language": "en", "next": "//evil.example/x"}, "/", "en"),
        ({"language": "en"}, "/", "en"),
    ],
)
def test_language_switch_refuses_unknown_languages_and_foreign_targets(db, query, location, cookie):
    client = Client()
    response = client.get("/language/", query)
    assert (response.status_code, response["Location"]) == (302, location)
    assert (
        client.cookies["django_language"].value if "django_language" in client.cookies else None
    ) == cookie
    assert client.post("/language/", query).status_code == 405


def test_german_is_the_default_whatever_the_browser_asks_for(hearing, client):
    page = client.get(
        f"/hearings/{hearing.slug}/", HTTP_ACCEPT_LANGUAGE="en-US,en"
    ).content.decode()
    assert '<html lang="de">' in page
    assert ">Tagesordnung<" in page


def test_only_public_speakers_are_shown(hearing, client):
    item = hearing.items.get(position=1)
    item.speakers.add(
        PersonFactory(name="Öffentliche Rednerin"),
        PersonFactory(name="Privat Person", is_public=False),
    )
    page = client.get(f"/hearings/{hearing.slug}/").content.decode()
    assert "Öffentliche Rednerin" in page
    assert "Privat Person" not in page


def test_calendar_has_one_event_per_item_in_utc(hearing, client):
    response = client.get(f"/hearings/{hearing.slug}/calendar.ics")
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    text = response.content.decode()
    assert text.count("BEGIN:VEVENT") == 3
    # 09:30 in Munich on 7 June 2024 (summer time) is 07:30 UTC.
    assert "DTSTART:20240607T073000Z" in text
    assert "DTEND:20240607T074500Z" in text
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    assert text.endswith("END:VCALENDAR\r\n")


def test_calendar_escapes_and_folds_long_titles(db, client):
    hearing = hearing_with_agenda(0, title="Komma, Semikolon; und ein sehr langer Titel " * 3)
    AgendaItemFactory(
        hearing=hearing,
        position=1,
        title="Ä" * 60,
        planned_start=datetime(2024, 1, 1, 10, tzinfo=UTC).time(),
    )
    text = client.get(f"/hearings/{hearing.slug}/calendar.ics").content.decode()
    unfolded = text.replace("\r\n ", "")
    assert "Komma\\, Semikolon\\; und" in unfolded
    assert "SUMMARY:" + "Ä" * 60 in unfolded


def test_head_requests_work(hearing, client):
    assert client.head(f"/hearings/{hearing.slug}/calendar.ics").status_code == 200


@pytest.mark.parametrize("items", [2, 12])
def test_hearing_page_query_count_does_not_grow_with_the_agenda(
    db, client, django_assert_num_queries, items
):
    hearing = hearing_with_agenda(items)
    for item in hearing.items.all():
        item.speakers.add(PersonFactory())
    with django_assert_num_queries(12):
        assert client.get(f"/hearings/{hearing.slug}/").status_code == 200


def test_user_input_is_escaped(db, client):
    hearing = hearing_with_agenda(1, title='<script>alert("x")</script>')
    page = client.get(f"/hearings/{hearing.slug}/").content.decode()
    assert '<script>alert("x")</script>' not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page


def test_security_headers(hearing, client):
    response = client.get(f"/hearings/{hearing.slug}/")
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert response["Referrer-Policy"] == "same-origin"


def test_behind_the_stack_the_language_is_the_one_its_nginx_keyed_the_page_by(hearing):
    """Only the stack's nginx can send the language header: it proves itself with a secret."""
    from hearing.core.files import ACCEL_HEADER, accel_secret

    client = Client()
    client.cookies["django_language"] = "de"
    page = client.get(
        f"/hearings/{hearing.slug}/",
        headers={"X-Hearing-Language": "en", ACCEL_HEADER: accel_secret()},
    ).content.decode()
    assert '<html lang="en">' in page
    forged = client.get(
        f"/hearings/{hearing.slug}/", headers={"X-Hearing-Language": "en", ACCEL_HEADER: "x" * 64}
    ).content.decode()
    assert '<html lang="de">' in forged


def test_dates_are_written_the_way_each_language_writes_them(db):
    from datetime import date

    hearing = hearing_with_agenda(1)
    hearing.date = date(2024, 6, 7)
    hearing.save()
    german = Client().get(hearing.get_absolute_url()).content.decode()
    english = Client().get(hearing.get_absolute_url(), HTTP_COOKIE="django_language=en")
    assert '<time datetime="2024-06-07">Freitag, 7. Juni 2024</time>' in german
    assert '<time datetime="2024-06-07">Friday, 7 June 2024</time>' in english.content.decode()


def test_the_favicon_browsers_ask_for_is_there(db):
    from io import BytesIO

    from PIL import Image

    response = Client().get("/favicon.ico")
    assert (response.status_code, response["Content-Type"]) == (200, "image/vnd.microsoft.icon")
    icon = Image.open(BytesIO(b"".join(response.streaming_content)))
    assert (icon.format, sorted(icon.info["sizes"])) == ("ICO", [(16, 16), (32, 32), (48, 48)])
