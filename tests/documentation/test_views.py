"""Pages and actions: permissions (may, may not, anonymous), CSRF-protected posts, bad input."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from hearing.core.models import AuditLogEntry
from hearing.documentation.enums import JobKind, ResultKind
from hearing.documentation.models import Job, Result, Segment
from tests.documentation.helpers import publish_record, transcript_with


@pytest.fixture
def transcript(hearing, settings, tmp_path):
    transcript = transcript_with(
        hearing,
        ["Guten Morgen und willkommen.", "Die Chancen von KI sind groß."],
        item=hearing.items.order_by("position").first(),
    )
    publish_record(hearing)
    path = transcript.recording.file.path
    import os

    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as handle:
        handle.write(bytes(range(256)) * 4)
    return transcript


def url(name, hearing, *args):
    return reverse(f"documentation:{name}", args=[hearing.slug, *args])


def test_manage_page_permissions(
    hearing, transcript, organiser_client, alice_client, bob_client, anonymous_client
):
    page = url("manage", hearing)
    assert organiser_client.get(page).status_code == 200
    assert alice_client.get(page).status_code == 403  # moderates, but does not organise
    assert bob_client.get(page).status_code == 403
    response = anonymous_client.get(page)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_transcribe_queues_one_job(
    hearing, transcript, organiser_client, alice_client, anonymous_client
):
    target = url("transcribe", hearing, transcript.recording_id)
    assert alice_client.post(target).status_code == 403
    assert anonymous_client.post(target).status_code == 302
    assert organiser_client.get(target).status_code == 405
    assert organiser_client.post(target).status_code == 302
    assert organiser_client.post(target).status_code == 302
    assert list(Job.objects.values_list("kind", "recording_id")) == [
        (JobKind.TRANSCRIBE, transcript.recording_id)
    ]
    assert (
        url("transcribe", hearing, 999999)
        and organiser_client.post(url("transcribe", hearing, 999999)).status_code == 404
    )
    data = organiser_client.get(url("jobs_json", hearing)).json()
    assert [(j["state"], j["percent"]) for j in data["jobs"]] == [("queued", 0)]
    assert "<progress" in data["html"]


def test_csrf_is_enforced(hearing, transcript, organiser):
    client = Client(enforce_csrf_checks=True)
    client.force_login(organiser)
    assert client.post(url("transcribe", hearing, transcript.recording_id)).status_code == 403
    assert Job.objects.count() == 0


def test_editor_corrects_and_logs(
    hearing, transcript, organiser_client, alice_client, anonymous_client, organiser
):
    segment = transcript.segments.order_by("start").first()
    target = url("edit_segment", hearing, segment.pk)
    data = {"text": "Guten Morgen, willkommen!", "speaker_name": "Dr. <b>Kim</b>"}
    assert alice_client.post(target, data).status_code == 403
    assert anonymous_client.post(target, data).status_code == 302
    assert Segment.objects.get(pk=segment.pk).text == "Guten Morgen und willkommen."
    response = organiser_client.post(target, data)
    assert response.status_code == 302
    assert response["Location"] == f"{url('editor', hearing, transcript.pk)}#s{segment.pk}"
    segment.refresh_from_db()
    assert (segment.text, segment.speaker_name, segment.text_corrected, segment.corrected_by) == (
        "Guten Morgen, willkommen!",
        "Dr. <b>Kim</b>",
        True,
        organiser,
    )
    assert segment.machine_text == "Guten Morgen und willkommen."
    entry = AuditLogEntry.objects.get(action="documentation.segment.corrected")
    assert entry.data["before"] == {"text": "Guten Morgen und willkommen.", "speaker_name": ""}
    page = Client().get(url("transcript", hearing)).content.decode()
    assert "Dr. &lt;b&gt;Kim&lt;/b&gt;" in page and "<b>Kim</b>" not in page
    # An empty text is refused with a message, nothing changes.
    organiser_client.post(target, {"text": "  ", "speaker_name": "x"})
    assert Segment.objects.get(pk=segment.pk).text == "Guten Morgen, willkommen!"
    assert organiser_client.post(url("edit_segment", hearing, 999999), data).status_code == 404


def test_results_are_tagged_and_collected(hearing, transcript, organiser_client, alice_client):
    from hearing.register.models import Record

    segment = transcript.segments.order_by("start").last()
    first, second = (
        Record.objects.create(name=n, source="munich", source_id=n, country="DE") for n in "AB"
    )
    data = {
        "kind": ResultKind.CHANCE,
        "topic": "Entlastung",
        "text": "KI kann Routinearbeit abnehmen.",
        "source": f"segment:{segment.pk}",
        "records": f"{first.pk}, {second.pk}",
    }
    assert alice_client.post(url("add_result", hearing), data).status_code == 403
    assert organiser_client.post(url("add_result", hearing), data).status_code == 302
    result = Result.objects.get()
    assert (result.kind, result.topic, result.source, result.record_ids) == (
        "chance",
        "Entlastung",
        segment,
        [first.pk, second.pk],
    )
    # A wrong source or kind: the page comes back with everything typed and the reason.
    wrong = organiser_client.post(url("add_result", hearing), {**data, "source": "segment:999999"})
    assert wrong.status_code == 400
    html = wrong.content.decode()
    assert "Die Quelle wurde nicht gefunden." in html
    assert 'value="Entlastung"' in html and ">KI kann Routinearbeit abnehmen.</textarea>" in html
    assert f'value="{first.pk}, {second.pk}"' in html
    nonsense = organiser_client.post(url("add_result", hearing), {**data, "kind": "nonsense"})
    assert nonsense.status_code == 400 and "Unbekannte Art." in nonsense.content.decode()
    assert Result.objects.count() == 1
    public = Client()
    page = public.get(url("results", hearing)).content.decode()
    assert "KI kann Routinearbeit abnehmen." in page and "Entlastung" in page
    assert (
        f'<a href="/register/{first.pk}/">#{first.pk}</a>, '
        f'<a href="/register/{second.pk}/">#{second.pk}</a>'
    ) in page
    assert "Ergebnis erfassen" not in page
    assert (
        "KI kann Routinearbeit abnehmen." in public.get(url("protocol", hearing)).content.decode()
    )
    assert alice_client.post(url("delete_result", hearing, result.pk)).status_code == 403
    assert organiser_client.post(url("delete_result", hearing, result.pk)).status_code == 302
    assert Result.objects.count() == 0
    assert list(
        AuditLogEntry.objects.filter(action__startswith="documentation.result")
        .values_list("action", flat=True)
        .order_by("id")
    ) == [
        "documentation.result.added",
        "documentation.result.deleted",
    ]


def test_public_pages(hearing, transcript, anonymous_client):
    for name in ("transcript", "protocol", "results"):
        assert anonymous_client.get(url(name, hearing)).status_code == 200, name
    page = anonymous_client.get(url("transcript", hearing), {"t": "abc", "recording": "x"})
    assert page.status_code == 200
    assert 'data-start="0.0"' in page.content.decode()
    assert "Maschinell erstellt:" in page.content.decode()
    hearing_page = anonymous_client.get(hearing.get_absolute_url()).content.decode()
    assert f'href="{url("protocol", hearing)}"' in hearing_page


def test_pdf_is_queued_when_missing(hearing, transcript, anonymous_client):
    response = anonymous_client.get(url("protocol_pdf", hearing))
    assert response.status_code == 202
    assert list(Job.objects.values_list("kind", flat=True)) == [JobKind.PROTOCOL]


def test_recording_supports_ranges_and_privacy(
    hearing, transcript, anonymous_client, organiser_client
):
    target = url("recording_file", hearing, transcript.recording_id)
    whole = anonymous_client.get(target)
    assert whole.status_code == 200
    assert b"".join(whole.streaming_content) == bytes(range(256)) * 4
    part = anonymous_client.get(target, HTTP_RANGE="bytes=10-19")
    assert (part.status_code, part["Content-Range"]) == (206, "bytes 10-19/1024")
    assert b"".join(part.streaming_content) == bytes(range(10, 20))
    tail = anonymous_client.get(target, HTTP_RANGE="bytes=-4")
    assert b"".join(tail.streaming_content) == bytes([252, 253, 254, 255])
    assert anonymous_client.get(target, HTTP_RANGE="bytes=5000-").status_code == 416
    transcript.recording.state = "withdrawn"
    transcript.recording.save()
    assert anonymous_client.get(target).status_code == 404
    assert anonymous_client.get(url("vtt", hearing, transcript.recording_id)).status_code == 404
    assert organiser_client.get(target).status_code == 200


def test_subtitles_exact(hearing, transcript, anonymous_client):
    body = anonymous_client.get(url("vtt", hearing, transcript.recording_id)).content.decode()
    assert body == (
        "WEBVTT\n\nNOTE Maschinell erstellt (automatische Spracherkennung), von Menschen ggf. "
        "korrigiert / machine-generated (speech recognition), possibly corrected by people.\n\n"
        "1\n00:00:01.250 --> 00:00:06.250\nGuten Morgen und willkommen.\n\n"
        "2\n00:00:11.250 --> 00:00:16.250\nDie Chancen von KI sind groß.\n"
    )
    srt = anonymous_client.get(url("srt", hearing, transcript.recording_id)).content.decode()
    assert srt == (
        "1\n00:00:01,250 --> 00:00:06,250\nGuten Morgen und willkommen.\n\n"
        "2\n00:00:11,250 --> 00:00:16,250\nDie Chancen von KI sind groß.\n"
    )


def test_transcript_page_queries_do_not_grow(hearing, anonymous_client):
    transcript_with(hearing, ["Ein Satz."] * 2)
    with CaptureQueriesContext(connection) as few:
        anonymous_client.get(url("transcript", hearing))
    Segment.objects.bulk_create(
        Segment(
            transcript=Segment.objects.first().transcript,
            hearing=hearing,
            start=100 + i,
            end=101 + i,
            text="x",
            machine_text="x",
        )
        for i in range(30)
    )
    with CaptureQueriesContext(connection) as many:
        anonymous_client.get(url("transcript", hearing))
    assert len(many) == len(few)


def test_search_page(hearing, transcript, anonymous_client):
    response = anonymous_client.get(reverse("documentation:search"), {"q": "Chance"})
    assert response.status_code == 200
    text = response.content.decode()
    assert "Die Chancen von KI sind groß." in text
    for odd in ('"', "NEAR(", "x" * 1000):
        assert anonymous_client.get(reverse("documentation:search"), {"q": odd}).status_code == 200


def test_pdf_text_has_agenda_statements_and_results(hearing, transcript, organiser):
    import subprocess

    from hearing.documentation.domain.editing import add_result
    from hearing.documentation.domain.protocol import render_pdf
    from tests.factories import PaperFactory, StatementFactory

    paper = PaperFactory(name="Sitzungsvorlage KI")
    hearing.papers.add(paper)
    StatementFactory(paper=paper, comment="Die Geschlechterperspektive hat hohe Relevanz.")
    add_result(
        hearing,
        actor=organiser,
        kind=ResultKind.RISK,
        topic="Beschäftigte",
        text="Wegfall von Arbeitsplätzen sozialverträglich gestalten.",
    )
    pdf = render_pdf(hearing, language="de")
    assert pdf[:5] == b"%PDF-"
    text = subprocess.run(
        ["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()
    flat = " ".join(text.split())
    for item in hearing.items.all():
        assert str(item) in flat
    for expected in (
        "Sitzungsvorlage KI",
        "Die Geschlechterperspektive hat hohe Relevanz.",
        "Wegfall von Arbeitsplätzen sozialverträglich gestalten.",
        "Die Chancen von KI sind groß.",
        "Maschinell erstellt",
    ):
        assert expected in flat, expected
    info = subprocess.run(["pdfinfo", "-"], input=pdf, capture_output=True, check=True).stdout
    assert b"Tagged:          yes" in info


def test_console_panel_shows_jobs_to_organisers_only(hearing, transcript, organiser, alice_client):
    from hearing.documentation.domain.jobs import enqueue

    enqueue(JobKind.TRANSCRIBE, hearing, recording=transcript.recording)
    console = reverse("backoffice:console", args=[hearing.slug])
    client = Client()
    client.force_login(organiser)
    page = client.get(console).content.decode()
    assert 'id="documentation-console-heading"' in page
    assert '<progress max="100" value="0"' in page
    moderator_page = alice_client.get(console).content.decode()
    assert 'id="documentation-console-heading"' not in moderator_page


def test_the_source_picker_finds_passages_questions_and_statements_by_their_words(
    hearing, transcript, organiser_client
):
    from hearing.live.models import Question
    from tests.factories import PaperFactory, StatementFactory

    segment = transcript.segments.order_by("start").first()
    Segment.objects.filter(pk=segment.pk).update(
        speaker_name="Anna Berg", text="Der Chatbot <hilft> schnell."
    )
    item = hearing.items.order_by("position").first()
    question = Question.objects.create(
        hearing=hearing, item=item, text="Wer prüft den Chatbot?", status="approved"
    )
    paper = PaperFactory()
    paper.hearings.add(hearing)
    statement = StatementFactory(paper=paper, comment="Der Chatbot braucht Regeln.")
    typed = {
        "kind": "risk",
        "topic": "Chatbot",
        "text": "Prüfen.",
        "records": "",
        "find": "chatbot",
    }
    page = organiser_client.post(url("add_result", hearing), {**typed, "search": "1"})
    assert page.status_code == 200
    html = page.content.decode()
    for value in (f"segment:{segment.pk}", f"question:{question.pk}", f"statement:{statement.pk}"):
        assert f'value="{value}"' in html
    assert "Transkript 0:01 – Anna Berg: „Der Chatbot &lt;hilft&gt; schnell.“" in html
    assert "Frage: Wer prüft den Chatbot?" in html
    assert 'value="Chatbot"' in html and ">Prüfen.</textarea>" in html  # kept
    nothing = organiser_client.post(
        url("add_result", hearing), {**typed, "find": "Quanten", "search": "1"}
    )
    assert "Nichts gefunden" in nothing.content.decode()
    saved = organiser_client.post(
        url("add_result", hearing), {**typed, "source": f"question:{question.pk}"}
    )
    assert saved.status_code == 302
    assert Result.objects.get().source_label == "Frage: Wer prüft den Chatbot?"


def test_the_source_picker_offers_and_takes_only_what_the_public_may_read(
    hearing, transcript, organiser_client
):
    """The results page quotes its source: a doubted passage, a passage of a draft transcript,
    a question the public never saw and an unknown register record are refused with a reason
    (review of issue 14: they leaked to the public results page)."""
    from hearing.live.models import Question

    segment = transcript.segments.order_by("start").first()
    Segment.objects.filter(pk=segment.pk).update(text="Der Chatbot rät.", uncertain=True)
    item = hearing.items.order_by("position").first()
    pending = Question.objects.create(
        hearing=hearing, item=item, text="Chatbot geheim?", status="pending"
    )
    typed = {
        "kind": "risk",
        "topic": "Chatbot",
        "text": "Prüfen.",
        "records": "",
        "find": "chatbot",
    }
    html = organiser_client.post(
        url("add_result", hearing), {**typed, "search": "1"}
    ).content.decode()
    assert (f'value="segment:{segment.pk}"' in html, f'value="question:{pending.pk}"' in html) == (
        False,
        False,
    )
    for source in (f"segment:{segment.pk}", f"question:{pending.pk}"):
        refused = organiser_client.post(url("add_result", hearing), {**typed, "source": source})
        assert refused.status_code == 400
        assert "Diese Quelle ist noch nicht öffentlich" in refused.content.decode()
    Segment.objects.filter(pk=segment.pk).update(uncertain=False)
    transcript.state = "review"
    transcript.save()
    refused = organiser_client.post(
        url("add_result", hearing), {**typed, "source": f"segment:{segment.pk}"}
    )
    assert refused.status_code == 400
    unknown = organiser_client.post(url("add_result", hearing), {**typed, "records": "#999999"})
    assert unknown.status_code == 400
    assert "Im KI-Register gibt es keinen Eintrag #999999." in unknown.content.decode()
    words = organiser_client.post(url("add_result", hearing), {**typed, "records": "abc, 12"})
    assert words.status_code == 400
    assert "Keine Nummer eines Eintrags im KI-Register: „abc“." in words.content.decode()
    assert Result.objects.count() == 0


def test_the_protocol_keeps_passages_without_an_agenda_item(hearing, organiser_client):
    """An uploaded recording of a hearing not run live has no item periods: its passages are in
    the protocol under "Ohne Tagesordnungspunkt" (review of issue 14: they were left out)."""
    transcript_with(hearing, ["Ein Satz ohne Punkt der Tagesordnung."])
    publish_record(hearing)
    page = Client().get(url("protocol", hearing)).content.decode()
    assert "Ohne Tagesordnungspunkt" in page
    assert "Ein Satz ohne Punkt der Tagesordnung." in page


def test_the_editor_of_a_transcript_without_speech_opens(hearing, organiser_client):
    from hearing.documentation.models import Transcript

    made = transcript_with(hearing, [])
    page = organiser_client.get(f"/documentation/{hearing.slug}/manage/transcripts/{made.pk}/")
    assert page.status_code == 200
    assert "Dieses Transkript hat keine Abschnitte." in page.content.decode()
    assert Transcript.objects.count() == 1


def test_a_quote_goes_with_its_passage_when_that_is_withdrawn(
    hearing, transcript, organiser_client
):
    segment = transcript.segments.order_by("start").last()
    data = {"kind": "chance", "topic": "KI", "text": "Große Chancen.", "records": ""}
    posted = organiser_client.post(
        url("add_result", hearing), {**data, "source": f"segment:{segment.pk}"}
    )
    assert posted.status_code == 302
    quote = "„Die Chancen von KI sind groß.“"
    assert quote in Client().get(url("results", hearing)).content.decode()
    transcript.state = "withdrawn"
    transcript.save()
    page = Client().get(url("results", hearing)).content.decode()
    assert ("Große Chancen." in page, quote in page) == (True, False)
