"""Write paths added for issue 13 under 16 requests at once on PostgreSQL: switching captions,
saving a mandatory page, correcting one caption line. "At most one" is the database's."""

import pytest
from django.utils import timezone

from hearing.captions import domain as captions
from hearing.captions.models import Captioning, CaptionLine
from hearing.core.models import AuditLogEntry
from hearing.legal.domain import pages
from hearing.legal.models import LegalPage
from tests.concurrency import at_once, postgres_only
from tests.factories import HearingRoleFactory, UserFactory

pytestmark = [postgres_only, pytest.mark.django_db(transaction=True)]


def test_sixteen_switches_at_once_leave_one_setting(hearing):
    organiser = UserFactory()
    HearingRoleFactory(hearing=hearing, user=organiser, role="organizer")
    results, errors = at_once(
        lambda on: captions.set_enabled(hearing, on, actor=organiser),
        [(i % 2 == 0,) for i in range(16)],
    )
    assert errors == []
    assert Captioning.objects.filter(hearing=hearing).count() == 1
    assert AuditLogEntry.objects.filter(action__startswith="captions.").count() == 16


def test_sixteen_saves_of_one_page_at_once_leave_one_page(hearing):
    organiser = UserFactory()
    HearingRoleFactory(hearing=hearing, user=organiser, role="organizer")
    results, errors = at_once(
        lambda n: pages.save_page(
            "imprint", "de", text=f"Fassung {n}", conformance="partial", enforcement="",
            actor=organiser,
        ),
        [(n,) for n in range(16)],
    )  # fmt: skip
    assert errors == []
    page = LegalPage.objects.get()
    assert page.text in {f"Fassung {n}" for n in range(16)}


def test_sixteen_corrections_of_one_line_at_once_keep_the_machines_text(hearing):
    captioner = UserFactory()
    HearingRoleFactory(hearing=hearing, user=captioner, role="captioner")
    now = timezone.now()
    line = CaptionLine.objects.create(hearing=hearing, started_at=now, ended_at=now, text="roh")
    results, errors = at_once(
        lambda n: captions.correct(line, f"Korrektur {n}", actor=captioner),
        [(n,) for n in range(16)],
    )
    assert errors == []
    line.refresh_from_db()
    assert (line.original_text, line.text in {f"Korrektur {n}" for n in range(16)}) == ("roh", True)


def test_sixteen_set_ups_of_the_interpreters_stream_at_once_make_one(hearing):
    """Organisers who press "Stream für Gebärdensprache einrichten" at once: one stream of the
    sign track (the (hearing, track) constraint), each press a new key, the programme untouched."""
    from hearing.media.domain.stream import rotate_key, stream_for
    from hearing.media.models import Stream, Track

    organiser = UserFactory()
    HearingRoleFactory(hearing=hearing, user=organiser, role="organizer")
    programme = stream_for(hearing).key
    results, errors = at_once(
        lambda track: rotate_key(hearing, actor=organiser, track=track),
        [(Track.SIGN,) for _ in range(16)],
    )
    assert errors == []
    assert Stream.objects.filter(hearing=hearing, track=Track.SIGN).count() == 1
    assert stream_for(hearing).key == programme
    sign = stream_for(hearing, Track.SIGN)
    assert sign.key in {stream.key for stream in results}
    assert AuditLogEntry.objects.filter(action="media.stream.key_rotated").count() == 16


def test_sixteen_captioners_correcting_the_line_they_saw_at_once_one_wins_the_rest_are_told(
    hearing,
):
    """Each sends the text their console showed ("roh"): one correction is saved; the other
    fifteen get StateError naming the saved text and their own, and nothing of theirs is lost
    silently (review of issue 13: the last one used to win without a word)."""
    from hearing.core.errors import StateError

    captioner = UserFactory()
    HearingRoleFactory(hearing=hearing, user=captioner, role="captioner")
    now = timezone.now()
    line = CaptionLine.objects.create(hearing=hearing, started_at=now, ended_at=now, text="roh")
    results, errors = at_once(
        lambda n: captions.correct(line, f"Korrektur {n}", actor=captioner, expected="roh"),
        [(n,) for n in range(16)],
    )
    line.refresh_from_db()
    assert (len(results), [type(e) for e in errors]) == (1, [StateError] * 15)
    assert line.text == results[0].text
    assert all(f"„{line.text}“" in e.message for e in errors)
    assert AuditLogEntry.objects.filter(action="captions.line.corrected").count() == 1
