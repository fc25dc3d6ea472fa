"""Organisers switch live captions on and off; the caption page shows what was recognised."""

from django.test import Client

from hearing.captions.models import Captioning, CaptionLine
from hearing.core.models import AuditLogEntry
from tests.factories import HearingRoleFactory, UserFactory


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_an_organiser_switches_captions_a_moderator_may_not(hearing):
    organiser, moderator = UserFactory(), UserFactory()
    HearingRoleFactory(hearing=hearing, user=organiser, role="organizer")
    HearingRoleFactory(hearing=hearing, user=moderator, role="moderator")
    url = f"/captions/{hearing.slug}/switch/"
    assert Client().post(url, {"enabled": "1"}).status_code == 302  # to the login page
    assert client_for(moderator).post(url, {"enabled": "1"}).status_code == 403
    assert not Captioning.objects.exists()
    response = client_for(organiser).post(url, {"enabled": "1"})
    assert response["Location"] == f"/media/hearings/{hearing.slug}/stream/"
    assert Captioning.objects.get(hearing=hearing).enabled is True
    page = client_for(organiser).get(response["Location"]).content.decode()
    assert "Untertitel ausschalten" in page
    client_for(organiser).post(url, {"enabled": "0"})
    assert Captioning.objects.get(hearing=hearing).enabled is False
    assert list(AuditLogEntry.objects.filter(action__startswith="captions.").values_list(
        "action", flat=True).order_by("pk")) == ["captions.enabled", "captions.disabled"]  # fmt: skip


def test_the_caption_page_starts_with_the_last_lines_escaped(hearing):
    from django.utils import timezone

    now = timezone.now()
    CaptionLine.objects.create(
        hearing=hearing, started_at=now, ended_at=now, text="Guten Morgen <b>alle</b>"
    )
    html = Client().get(f"/captions/{hearing.slug}/").content.decode()
    assert "Guten Morgen &lt;b&gt;alle&lt;/b&gt;" in html
    assert 'role="log"' in html
    assert "Automatisch erzeugt" in html


def test_the_worker_hands_lines_over_with_its_secret_only(hearing):
    import json

    from hearing.captions.domain import WORKER_SECRET
    from hearing.core.secrets import derived_secret

    Captioning.objects.create(hearing=hearing, enabled=True)
    url = f"/captions/{hearing.slug}/lines/"
    line = {
        "start": 1.0, "end": 3.5, "text": "Guten Morgen.", "final": True, "seconds": 0.8,
        "base": "2026-12-01T09:30:00+01:00", "provenance": {"model": "whisper-base"},
    }  # fmt: skip
    post = Client().post
    assert post(url, json.dumps(line), content_type="application/json").status_code == 403
    wrong = {"HTTP_X_HEARING_CAPTIONS": "0" * 64}
    assert post(url, json.dumps(line), content_type="application/json", **wrong).status_code == 403
    secret = {"HTTP_X_HEARING_CAPTIONS": derived_secret(WORKER_SECRET)}
    assert post(url, "{", content_type="application/json", **secret).status_code == 400
    assert post(url, json.dumps(line), content_type="application/json", **secret).status_code == 200
    stored = CaptionLine.objects.get()
    assert (stored.text, stored.started_at.isoformat()) == (
        "Guten Morgen.",
        "2026-12-01T08:30:01+00:00",
    )
    assert stored.provenance == {"model": "whisper-base", "decode_seconds": 0.8}
    interim = {**line, "final": False, "text": "Guten"}
    assert (
        post(url, json.dumps(interim), content_type="application/json", **secret).status_code == 200
    )
    assert CaptionLine.objects.count() == 1  # interim text is pushed, never stored


def test_a_captioner_corrects_a_line_and_writes_one_a_moderator_may_not(hearing):
    from django.utils import timezone

    from hearing.events.models import Event

    captioner, moderator = UserFactory(), UserFactory()
    HearingRoleFactory(hearing=hearing, user=captioner, role="captioner")
    HearingRoleFactory(hearing=hearing, user=moderator, role="moderator")
    now = timezone.now()
    line = CaptionLine.objects.create(
        hearing=hearing, started_at=now, ended_at=now, text="eure trüte nerft"
    )
    url = f"/captions/{hearing.slug}/console/lines/{line.pk}/"
    assert client_for(moderator).post(url, {"text": "x"}).status_code == 403
    assert client_for(moderator).get(f"/captions/{hearing.slug}/console/").status_code == 403
    assert Client().post(url, {"text": "x"}).status_code == 302  # to the login page
    mine = client_for(captioner)
    assert mine.get(f"/captions/{hearing.slug}/console/").status_code == 200
    empty = mine.post(url, {"text": "  "}, HTTP_ACCEPT="application/json")
    assert (empty.status_code, empty.json()["field"]) == (400, "text")
    assert (
        mine.post(url, {"text": "Eure Tröte nervt.", "original": "eure trüte nerft"}).status_code
        == 302
    )
    # A console that still shows the old text: refused with both texts, nothing overwritten.
    stale = mine.post(
        url,
        {"text": "Eure Tröte nervt!", "original": "eure trüte nerft"},
        HTTP_ACCEPT="application/json",
    )
    assert stale.status_code == 409
    assert "„Eure Tröte nervt.“" in stale.json()["error"]
    line.refresh_from_db()
    assert (line.text, line.original_text, line.edited_by) == (
        "Eure Tröte nervt.",
        "eure trüte nerft",
        captioner,
    )
    event = Event.objects.filter(topic=f"captions:line:{line.pk}").exclude(type="superseded").get()
    assert (event.data["text"], event.data["edited"]) == ("Eure Tröte nervt.", True)
    assert (
        mine.post(f"/captions/{hearing.slug}/console/write/", {"text": "[Applaus]"}).status_code
        == 302
    )
    written = CaptionLine.objects.get(text="[Applaus]")
    assert (written.source, written.edited_by) == ("person", captioner)
    # No spoken duration: it stays on screen for its reading time (at least 1.5 s).
    assert (written.ended_at - written.started_at).total_seconds() == 1.5
    for text, seconds in (("Zwischenruf: " + "a" * 32, 3.0), ("Wort " * 30, 7.0)):  # 45 chars, 150
        assert (
            mine.post(f"/captions/{hearing.slug}/console/write/", {"text": text}).status_code == 302
        )
        written = CaptionLine.objects.get(text=text.strip())
        assert (written.ended_at - written.started_at).total_seconds() == seconds
    assert list(
        AuditLogEntry.objects.filter(action__startswith="captions.line").values_list("action", flat=True).order_by("pk")
    ) == ["captions.line.corrected"] + ["captions.line.written"] * 3  # fmt: skip


def test_live_captions_are_the_recordings_caption_track_until_a_transcript(hearing, tmp_path):
    import io
    from datetime import timedelta

    import webvtt
    from django.utils import timezone

    from hearing.media.models import Recording

    start = timezone.now() - timedelta(minutes=5)
    recording = Recording.objects.create(
        hearing=hearing, title="Sitzung", file="recordings/x.mp4", source="stream",
        started_at=start, duration=60.0, size=1, sha256="0" * 64, mime_type="video/mp4",
        state="published",
    )  # fmt: skip
    page = Client().get(recording.get_absolute_url()).content.decode()
    assert 'kind="captions"' not in page  # no captions said during it
    for offset, text in ((2.0, "Guten Morgen."), (30.5, "Ende <gut>."), (90.0, "danach")):
        CaptionLine.objects.create(
            hearing=hearing, started_at=start + timedelta(seconds=offset),
            ended_at=start + timedelta(seconds=offset + 2), text=text,
        )  # fmt: skip
    page = Client().get(recording.get_absolute_url()).content.decode()
    src = f"/captions/{hearing.slug}/recordings/{recording.pk}/live.vtt"
    assert f'<track kind="captions" src="{src}" srclang="de"' in page
    body = Client().get(src)
    assert body["Content-Type"] == "text/vtt; charset=utf-8"
    cues = list(webvtt.from_buffer(io.StringIO(body.content.decode())))
    assert [(c.start, c.end, c.text) for c in cues] == [
        ("00:00:02.000", "00:00:04.000", "Guten Morgen."),
        ("00:00:30.500", "00:00:32.500", "Ende &lt;gut&gt;."),  # escaped, as WebVTT wants
    ]
    assert "NOTE Live-Untertitel, automatisch erzeugt (Spracherkennung" in body.content.decode()
    assert [c.identifier for c in cues] == ["1", "2"]
    # A captioner's correction: the note says so, the cue's identifier marks it, the track's
    # label too.
    CaptionLine.objects.filter(text="Ende <gut>.").update(
        original_text="ende gut", text="Ende gut."
    )
    body = Client().get(src).content.decode()
    cues = list(webvtt.from_buffer(io.StringIO(body)))
    assert [(c.identifier, c.text) for c in cues] == [
        ("1", "Guten Morgen."),
        ("2 von einer Person", "Ende gut."),
    ]
    assert "von einer Person (Schriftdolmetschen) korrigiert oder geschrieben: 1," in body
    page = Client().get(recording.get_absolute_url()).content.decode()
    assert 'label="Untertitel (live, automatisch erzeugt, teils von einer Person)"' in page


def test_a_page_opened_mid_hearing_starts_its_band_with_the_line_just_said(hearing, client):
    """The band shows the newest line of the last 30 s at once (escaped); an older one, or any
    while captions are off, leaves the band hidden until the next caption."""
    from datetime import timedelta

    from django.utils import timezone

    now = timezone.now()
    page = f"/hearings/{hearing.slug}/"
    line = CaptionLine.objects.create(
        hearing=hearing, started_at=now - timedelta(seconds=4), ended_at=now - timedelta(seconds=1),
        text="Wir <b>beginnen</b> mit Punkt 1.",
    )  # fmt: skip
    html = client.get(page).content.decode()
    assert "data-captions-box hidden" in html  # captions are off
    Captioning.objects.create(hearing=hearing, enabled=True)
    html = client.get(page).content.decode()
    assert f'data-captions-box data-caption-latest="{line.pk}">' in html
    # The captions are German whatever the page's language (WCAG 3.1.2, language of parts).
    assert 'data-captions-band aria-hidden="true" lang="de">' in html
    assert (
        '<p class="caption-last" data-caption-last>Wir &lt;b&gt;beginnen&lt;/b&gt; mit Punkt 1.</p>'
        in html
    )
    CaptionLine.objects.filter(pk=line.pk).update(ended_at=now - timedelta(seconds=31))
    html = client.get(page).content.decode()
    assert "data-captions-box hidden" in html


def test_lines_handed_over_while_captions_are_off_are_dropped_and_go_to_the_item_said_in(hearing):
    """Switched off, nothing more goes into the record, whatever a worker still had in hand;
    a line belongs to the agenda item that ran when it was said, not when it arrived."""
    from datetime import timedelta

    from django.utils import timezone

    from hearing.captions import domain
    from hearing.documentation.asr.live import Line
    from hearing.hearings.models import ItemPeriod

    first, second = list(hearing.items.order_by("position"))[:2]
    base = timezone.now() - timedelta(seconds=60)
    ItemPeriod.objects.create(item=first, started_at=base, ended_at=base + timedelta(seconds=30))
    ItemPeriod.objects.create(item=second, started_at=base + timedelta(seconds=30), ended_at=None)
    said = Line(start=10.0, end=12.0, text="Zum ersten Punkt.", final=True)
    assert domain.record(hearing, said, base=base, provenance={}) is None  # never switched on
    Captioning.objects.create(hearing=hearing, enabled=True)
    line = domain.record(hearing, said, base=base, provenance={})
    assert (line.item, line.text) == (first, "Zum ersten Punkt.")
    Captioning.objects.filter(hearing=hearing).update(enabled=False)
    late = Line(start=40.0, end=41.0, text="Noch etwas.", final=True)
    assert domain.record(hearing, late, base=base, provenance={}) is None
    assert list(CaptionLine.objects.values_list("text", flat=True)) == ["Zum ersten Punkt."]
