"""What the machine doubted (issue 14, Deliver 5): held back from the public record and the
summaries until a person corrects or confirms it; an empty result says so."""

import io

import pytest
import webvtt
from django.test import Client

from hearing.core.models import AuditLogEntry
from hearing.documentation.domain import protocol
from hearing.documentation.domain.search import reindex_hearing, search
from hearing.documentation.models import Segment
from hearing.hearings.models import Hearing
from tests.documentation.helpers import transcript_with
from tests.factories import HearingRoleFactory, UserFactory

SURE = "Die Stadt setzt künstliche Intelligenz in der Verwaltung ein."
INVENTED = "Das ist ein sehr guter Schmerz."


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def doubted(hearing):
    transcript = transcript_with(hearing, [SURE, INVENTED], item=hearing.items.first())
    Segment.objects.filter(text=INVENTED).update(
        uncertain=True, uncertain_reasons="repetition low_confidence"
    )
    reindex_hearing(hearing)
    return transcript


@pytest.fixture
def organiser(hearing):
    user = UserFactory()
    HearingRoleFactory(hearing=hearing, user=user, role="organizer")
    return user


def test_the_public_record_leaves_doubted_text_out_until_checked(doubted, hearing, organiser):
    url = f"/documentation/{hearing.slug}/transcript/"
    page = Client().get(url).content.decode()
    assert (SURE in page, INVENTED in page) == (True, False)
    assert "1 Abschnitt ist unsicher erkannt und wird noch geprüft" in page
    staff = client_for(organiser).get(url).content.decode()
    assert (SURE in staff, INVENTED in staff, "unsicher, nicht öffentlich" in staff) == (True,) * 3
    vtt = Client().get(
        f"/documentation/{hearing.slug}/recordings/{doubted.recording_id}/subtitles.vtt"
    )
    cues = list(webvtt.from_buffer(io.StringIO(vtt.content.decode())))
    assert [c.text.replace("\n", " ") for c in cues] == [SURE]  # wrapped in two lines
    visible = Hearing.objects.all()
    assert search("Schmerz", visible_hearings=visible) == []
    first = protocol.context(hearing)["sections"][0]
    assert ([s.text for s in first["segments"]], first["summary"]) == ([SURE], [SURE])


def test_an_organiser_confirms_a_doubted_segment_others_may_not(
    doubted, hearing, organiser, django_capture_on_commit_callbacks
):
    segment = Segment.objects.get(text=INVENTED)
    url = f"/documentation/{hearing.slug}/manage/segments/{segment.pk}/"
    form = {"text": INVENTED, "speaker_name": "", "original": INVENTED, "confirm": "1"}
    moderator = UserFactory()
    HearingRoleFactory(hearing=hearing, user=moderator, role="moderator")
    assert client_for(moderator).post(url, form).status_code == 403
    assert Client().post(url, form).status_code == 302  # to the login page
    segment.refresh_from_db()
    assert segment.uncertain is True
    editor = client_for(organiser).get(
        f"/documentation/{hearing.slug}/manage/transcripts/{doubted.pk}/"
    )
    html = editor.content.decode()
    assert "Unsicher erkannt</strong> (wiederholt sich, Wörter unsicher erkannt)" in html
    assert 'class="segment-form is-doubted"' in html
    with django_capture_on_commit_callbacks(execute=True):
        assert client_for(organiser).post(url, form).status_code == 302
    segment.refresh_from_db()
    assert (segment.uncertain, segment.uncertain_reasons, segment.text) == (
        False,
        "repetition low_confidence",
        INVENTED,
    )
    entry = AuditLogEntry.objects.get(action="documentation.segment.corrected")
    assert entry.data["confirmed"] == ["repetition", "low_confidence"]
    assert INVENTED in Client().get(f"/documentation/{hearing.slug}/transcript/").content.decode()
    assert [h.entry.text for h in search("Schmerz", visible_hearings=Hearing.objects.all())] == [
        INVENTED
    ]


def test_a_corrected_text_counts_as_checked(doubted, hearing, organiser):
    segment = Segment.objects.get(text=INVENTED)
    url = f"/documentation/{hearing.slug}/manage/segments/{segment.pk}/"
    form = {"text": "Das ist ein sehr gutes Beispiel.", "speaker_name": "", "original": INVENTED}
    assert client_for(organiser).post(url, form).status_code == 302
    segment.refresh_from_db()
    assert (segment.uncertain, segment.text_corrected) == (False, True)


def test_a_transcript_without_speech_says_so(hearing):
    transcript = transcript_with(hearing, [])
    page = Client().get(f"/documentation/{hearing.slug}/transcript/").content.decode()
    assert "Keine Sprache erkannt" in page
    transcript.finished_at = None
    transcript.save()
    page = Client().get(f"/documentation/{hearing.slug}/transcript/").content.decode()
    assert "Keine Sprache erkannt" not in page  # still running: nothing to say yet


def test_the_hint_for_the_model_is_names_first_and_cut_at_whole_terms(hearing):
    from hearing.documentation.domain import vocabulary
    from hearing.register.models import Record
    from tests.factories import PersonFactory

    item = hearing.items.order_by("position").first()
    item.speakers.add(PersonFactory(name="Dr. Laura Dornheim"))
    Record.objects.create(name="MUCGPT", source="munich", source_id="m-1", country="DE")
    Record.objects.create(name="Fremd", source="nl", source_id="n-1", country="NL")
    titles = list(hearing.items.order_by("position").values_list("title", flat=True))
    assert vocabulary.terms(hearing) == ["Dr. Laura Dornheim", "MUCGPT", *titles]
    for title in titles:
        hearing.items.filter(title=title).update(title=title + " " + "x" * 250)
    hint = vocabulary.hotwords(hearing)
    assert len(hint) <= vocabulary.MAX_CHARS
    assert hint.split(", ")[:3] == ["Dr. Laura Dornheim", "MUCGPT", titles[0] + " " + "x" * 250]
    assert len(hint.split(", ")) == 4  # the next title would pass the limit: left out whole
