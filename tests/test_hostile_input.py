"""A fixed set of hostile values, sent to every URL in the URLconf as query and form data, by a
visitor and by a superuser (who reaches every back-office form): never a 5xx, and nothing stored
that should have been refused or cleaned (NUL, lone surrogates, control characters, cut text).
Runs on SQLite and, in the second pass of `make test`, on PostgreSQL, which refuses NUL bytes."""

import re

import pytest
from django.apps import apps
from django.core.management.color import no_style
from django.db import connection, models
from django.test import Client

from tests.factories import HearingRoleFactory, UserFactory, hearing_with_agenda
from tests.urlwalk import patterns

LONG = "A" * 20_000
HOSTILE = [
    "",
    "Nul\x00byte",
    "Steuer\x0b\x0c\rzeichen\x1b[31m",
    LONG,
    "<script>alert(1)</script> & --> ]]>",
    "' OR 1=1 -- ;DROP TABLE x",
    "../../../../etc/passwd",
    "\u202egnp.exe 😀 Ünïcödé",
    "-1",
    "99999999999999999999999999",
    "²",  # str.isdigit() says yes, int() says no
    "①",
    "Zeile\r\nBcc: b@example.org\tEnde",  # a header injected into a one-line field
]
# Bytes a client can send that are not valid UTF-8 or encode a surrogate.
RAW_BODIES = [
    b"text=%ED%A0%80&name=%ED%A0%80&q=%00&reason=%FF%FE",
    b"text=" + b"%00" * 50 + b"&email=a%00@example.org",
]
# Free text gets the hostile value; the fields that pick something get a valid choice, so the
# text reaches the domain function and the database instead of an early "not found".
TEXT_FIELDS = [
    "text", "name", "email", "organisation", "title", "reason", "q", "code", "topic",
    "speaker_name", "accessibility_needs", "author_name", "description", "records", "source",
    "speaking_time",
]  # fmt: skip
CHOICES = {
    "item": "1", "kind": "question", "channel": "online", "attendance": "in_person",
    "group": "1", "into": "1", "consent": "on", "language": "de",
    "public_questions": "on",
}  # fmt: skip


def routes():
    return sorted({route for route, _name, _view in patterns()})


def concrete(route: str, slug: str) -> str | None:
    if route.startswith(("admin/", "^", "i18n/")) or "(?P" in route or route.endswith("events/"):
        return None  # Django's admin, regexes, and the endless event stream (tested elsewhere)
    path = "/" + route
    path = path.replace("<slug:slug>", slug)
    path = re.sub(r"<int:\w+>", "1", path)
    path = re.sub(r"<(str|slug):\w+>", "approve", path)
    path = re.sub(r"<path:\w+>", "x", path)
    return None if "<" in path else path


def reset_sequences() -> None:
    """Every table's next id is 1 again (PostgreSQL keeps sequences across rolled-back tests), so
    the one object of each kind made below is the one ``<int:pk>`` = 1 in every route names."""
    statements = connection.ops.sequence_reset_sql(no_style(), apps.get_models())
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


@pytest.fixture
def people(db, inprocess_backend):
    from hearing.hearings.domain import live
    from hearing.hearings.enums import ItemKind
    from hearing.live.domain import qa, speakers
    from hearing.live.domain.common import Who
    from hearing.live.models import LiveSettings
    from tests.documentation.helpers import transcript_with
    from tests.factories import ParticipantFactory, ParticipantGroupFactory
    from tests.test_permission_walk import message_for

    reset_sequences()
    hearing = hearing_with_agenda(3, slug="feind")
    admin = UserFactory(username="root", is_superuser=True, is_staff=True)
    moderator = UserFactory(username="mod")
    HearingRoleFactory(hearing=hearing, user=moderator, role="organizer")
    item = hearing.items.get(position=1)
    item.kind = ItemKind.DISCUSSION
    item.save()
    live.start_item(item, actor=moderator)
    LiveSettings.objects.create(hearing=hearing, public_questions=True)
    qa.ask_question(item, "Eine erste Frage", who=Who(user=moderator))
    speakers.add_speaker(item, actor=moderator, name="Gast", attendance="in_person")
    ParticipantFactory(group=ParticipantGroupFactory(hearing=hearing), status="registered")
    message_for(hearing)
    transcript_with(hearing, ["Ein Satz im Transkript."])
    return hearing, admin


def no_5xx(client, path):
    problems = []
    for value in HOSTILE:
        response = client.get(path, dict.fromkeys(("q", "after", "t", "recording"), value))
        if response.status_code >= 500:
            problems.append(("GET", path, value[:20], response.status_code))
        response = client.post(path, {**CHOICES, **dict.fromkeys(TEXT_FIELDS, value)})
        if response.status_code >= 500:
            problems.append(("POST", path, value[:20], response.status_code))
    for body in RAW_BODIES:
        response = client.generic(
            "POST", path, body, content_type="application/x-www-form-urlencoded"
        )
        if response.status_code >= 500:
            problems.append(("RAW", path, body[:20], response.status_code))
    return problems


def stored_problems() -> list:
    """Text anywhere in the database that should never be there: controls and surrogates, cut
    text, and line breaks or tabs in one-line fields (a CharField: names, e-mail addresses, titles;
    they go into mail headers, calendars and lists)."""
    bad = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff]")
    breaks = re.compile("[\t\r\n]")
    found = []
    for model in apps.get_models():
        text_fields = [
            f.name
            for f in model._meta.get_fields()
            if isinstance(f, models.CharField | models.TextField) and f.concrete
        ]
        for row in model.objects.values("pk", *text_fields):
            for name in text_fields:
                value = row[name] or ""
                if bad.search(value):
                    found.append((model.__name__, name, "control/surrogate", value[:30]))
                field = model._meta.get_field(name)
                if not isinstance(field, models.TextField) and breaks.search(value):
                    found.append((model.__name__, name, "line break", value[:30]))
                if "A" * 100 in value and LONG not in value:
                    found.append((model.__name__, name, "cut", len(value)))
    return found


ROUTES = routes()


def test_the_walk_reaches_the_forms():
    assert len(ROUTES) > 80


@pytest.mark.parametrize("who", ["visitor", "superuser"])
def test_hostile_values_everywhere_never_a_5xx_nothing_bad_stored(people, who):
    hearing, admin = people
    client = Client(raise_request_exception=False)
    if who == "superuser":
        client.force_login(admin)
    problems = []
    for route in ROUTES:
        path = concrete(route, hearing.slug)
        if path is not None:
            problems += no_5xx(client, path)
    assert problems == []
    assert stored_problems() == []
