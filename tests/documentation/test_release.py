"""Issue 14, Deliver 1: recordings, transcripts and protocols go draft → in review → published
(or withdrawn); only published ones are public, on pages, in the search, in OParl and subtitles."""

from datetime import timedelta

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.models import Q
from django.urls import reverse

from hearing.core.models import AuditLogEntry
from hearing.documentation.domain import release
from hearing.documentation.domain.search import reindex_hearing, search
from hearing.documentation.models import Protocol, Transcript
from hearing.events.models import Event
from hearing.hearings.models import Hearing
from hearing.media.models import Recording
from tests.concurrency import at_once, postgres_only
from tests.documentation.helpers import transcript_with
from tests.factories import HearingRoleFactory, UserFactory, hearing_with_agenda


@pytest.fixture
def draft(hearing):
    """A transcript of a recording, both new: drafts, as a new upload and its job leave them."""
    transcript = transcript_with(hearing, ["Der Chatbot der Stadt beantwortet Fragen."])
    Recording.objects.filter(pk=transcript.recording_id).update(state="draft")
    Transcript.objects.filter(pk=transcript.pk).update(state="draft")
    reindex_hearing(hearing)
    return Transcript.objects.select_related("recording__hearing").get(pk=transcript.pk)


def state_url(hearing, kind):
    return reverse("documentation:set_state", kwargs={"slug": hearing.slug, "kind": kind})


def public_view(hearing, transcript, client) -> dict:
    """What an anonymous visitor gets of the record."""
    recording = transcript.recording
    hearing_page = client.get(hearing.get_absolute_url()).content.decode()
    vtt = reverse("documentation:vtt", args=[hearing.slug, recording.pk])
    reindex_hearing(hearing)
    found = search("Chatbot", visible_hearings=Hearing.objects.all())

    def oparl(key, pk):
        answer = client.get(f"/oparl/v1.1/file/{key}/{pk}/")
        return answer.json().get("deleted", False) if answer.status_code == 200 else None

    return {
        "recording page": client.get(recording.get_absolute_url()).status_code,
        "listed": recording.get_absolute_url() in hearing_page,
        "subtitles": client.get(vtt).status_code,
        "transcript page": "Der Chatbot der Stadt"
        in client.get(reverse("documentation:transcript", args=[hearing.slug])).content.decode(),
        "search": [hit.kind for hit in found if hit.kind == "segment"],
        "protocol": client.get(reverse("documentation:protocol", args=[hearing.slug])).status_code,
        # OParl: None for absent, else whether it is announced as deleted.
        "oparl": (oparl("recording", recording.pk), oparl("transcript", transcript.pk)),
    }


def test_nothing_unpublished_is_public_until_an_organiser_publishes(
    hearing, draft, organiser_client, anonymous_client
):
    assert public_view(hearing, draft, anonymous_client) == {
        "recording page": 404, "listed": False, "subtitles": 404, "transcript page": False,
        "search": [], "protocol": 404, "oparl": (None, None),
    }  # fmt: skip
    # The organiser sees the drafts and their states, and publishes all three.
    page = organiser_client.get(reverse("documentation:manage", args=[hearing.slug]))
    html = page.content.decode()
    assert f'data-record="recording-{draft.recording_id}"' in html
    assert f'data-record="transcript-{draft.pk}"' in html
    for kind, pk in (("recording", draft.recording_id), ("transcript", draft.pk), ("protocol", "")):
        answer = organiser_client.post(state_url(hearing, kind), {"pk": pk, "state": "review"})
        assert answer.status_code == 302
        answer = organiser_client.post(state_url(hearing, kind), {"pk": pk, "state": "published"})
        assert answer.status_code == 302
    assert public_view(hearing, draft, anonymous_client) == {
        "recording page": 200, "listed": True, "subtitles": 200, "transcript page": True,
        "search": ["segment"], "protocol": 200,
        "oparl": (False, False),
    }  # fmt: skip
    # Withdrawn: gone from the public again; OParl tells clients it is deleted.
    for kind, pk in (("recording", draft.recording_id), ("transcript", draft.pk)):
        organiser_client.post(state_url(hearing, kind), {"pk": pk, "state": "withdrawn"})
    view = public_view(hearing, draft, anonymous_client)
    assert (view["recording page"], view["transcript page"], view["search"]) == (404, False, [])
    assert view["oparl"] == (True, True)
    actions = list(
        AuditLogEntry.objects.filter(
            Q(action__endswith=".review")
            | Q(action__endswith=".published")
            | Q(action__endswith=".withdrawn")
        ).values_list("action", flat=True)
    )
    assert sorted(actions) == sorted(
        [
            "media.recording.review", "media.recording.published", "media.recording.withdrawn",
            "documentation.transcript.review", "documentation.transcript.published",
            "documentation.transcript.withdrawn",
            "documentation.protocol.review", "documentation.protocol.published",
        ]
    )  # fmt: skip
    pushed = Event.objects.filter(hearing=hearing, topic__startswith="record:").exclude(
        type="superseded"
    )
    assert sorted(pushed.values_list("type", flat=True)) == sorted(
        [
            "media.recording.withdrawn",
            "documentation.transcript.withdrawn",
            "documentation.protocol.published",
        ]
    )  # fmt: skip  (one event per topic: the newest state supersedes the older ones)


def test_only_organisers_change_states(hearing, draft, alice_client, bob_client, anonymous_client):
    """May not: a moderator of the hearing (alice), a moderator elsewhere (bob), nobody."""
    url = state_url(hearing, "transcript")
    data = {"pk": draft.pk, "state": "published"}
    assert alice_client.post(url, data).status_code == 403
    assert bob_client.post(url, data).status_code == 403
    assert anonymous_client.post(url, data).status_code == 302  # to the login
    assert Transcript.objects.get(pk=draft.pk).state == "draft"
    assert not AuditLogEntry.objects.filter(action__startswith="documentation.transcript").exists()


def test_bad_input_gets_a_message_and_changes_nothing(hearing, draft, organiser_client):
    url = state_url(hearing, "transcript")
    answer = organiser_client.post(url, {"pk": draft.pk, "state": "<b>weg</b>"}, follow=True)
    assert answer.status_code == 200
    assert "Unbekannter Zustand „&lt;b&gt;weg&lt;/b&gt;“." in answer.content.decode()
    published = organiser_client.post(url, {"pk": draft.pk, "state": "published"}, follow=True)
    # Its recording is still a draft: the organiser is told why the public sees nothing yet.
    assert [str(m) for m in published.context["messages"]] == [
        "Zustand geändert: veröffentlicht. Öffentlich erscheint das Transkript erst, wenn auch "
        "seine Aufzeichnung veröffentlicht ist."
    ]
    json = organiser_client.post(
        url, {"pk": draft.pk, "state": "review"}, HTTP_ACCEPT="application/json"
    )
    assert (json.status_code, json.json()["error"]) == (
        409, "Von „veröffentlicht“ geht es nicht zu „in Prüfung“.",
    )  # fmt: skip
    for pk in ("x", "9" * 30, "", str(draft.pk + 1000)):
        assert organiser_client.post(url, {"pk": pk, "state": "draft"}).status_code == 404, pk
    assert organiser_client.post(state_url(hearing, "slides"), {"pk": 1}).status_code == 404
    other = hearing_with_agenda(1)
    foreign = transcript_with(other, ["Anderswo."])
    assert organiser_client.post(url, {"pk": foreign.pk, "state": "draft"}).status_code == 404
    assert Transcript.objects.get(pk=draft.pk).state == "published"


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_sixteen_organisers_publishing_at_once_make_one_change(hearing):
    transcript = transcript_with(hearing, ["Gleichzeitig."])
    Transcript.objects.filter(pk=transcript.pk).update(state="review")
    organiser = UserFactory()
    HearingRoleFactory(hearing=hearing, user=organiser, role="organizer")
    target = Transcript.objects.select_related("hearing").get(pk=transcript.pk)
    results, errors = at_once(
        lambda state: release.set_state(target, state, actor=organiser, kind="transcript"),
        [("published",) for _ in range(16)],
    )
    assert errors == []
    assert Transcript.objects.get(pk=transcript.pk).state == "published"
    entries = AuditLogEntry.objects.filter(action="documentation.transcript.published")
    assert entries.count() == 1
    # The protocol: made once as a draft however many ask for it at once.
    results, errors = at_once(
        lambda _n: release.target_of(hearing, "protocol", None), [(n,) for n in range(16)]
    )
    assert errors == []
    assert Protocol.objects.filter(hearing=hearing).count() == 1


@pytest.mark.django_db(transaction=True)
def test_existing_recordings_transcripts_and_protocols_migrate_as_they_were_seen():
    before = [("media", "0002_stream_tracks"), ("documentation", "0003_at_most_one")]
    executor = MigrationExecutor(connection)
    latest = executor.loader.graph.leaf_nodes()
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    hearing = hearing_with_agenda(1, slug="alt")
    made = {}
    for public in (True, False):
        made[public] = old.get_model("media", "Recording").objects.create(
            hearing_id=hearing.pk, file="x.mp4", source="upload", started_at=hearing.planned_start_at,
            duration=1, size=1, sha256="0" * 64, mime_type="video/mp4", is_public=public,
        )  # fmt: skip
    old.get_model("documentation", "Transcript").objects.create(
        recording_id=made[True].pk, hearing_id=hearing.pk, engine="x", model="y",
        started_at=hearing.planned_start_at,
    )  # fmt: skip
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(latest)
    states = dict(Recording.objects.values_list("pk", "state"))
    assert states == {made[True].pk: "published", made[False].pk: "withdrawn"}
    assert list(Transcript.objects.values_list("state", flat=True)) == ["published"]
    assert list(Protocol.objects.values_list("hearing__slug", "state")) == [("alt", "published")]


def test_the_interpreters_recording_goes_with_the_programmes(hearing):
    organiser = UserFactory()
    HearingRoleFactory(hearing=hearing, user=organiser, role="organizer")
    programme = transcript_with(hearing, ["Programm."], public=False).recording
    Recording.objects.filter(pk=programme.pk).update(state="draft", duration=600.0)
    begin = programme.started_at

    def sign(minutes_after: float, state="draft"):
        return Recording.objects.create(
            hearing=hearing, title="DGS", file=f"recordings/sign/{minutes_after}.flv",
            source=Recording.Source.STREAM, track="sign", state=state, size=0,
            started_at=begin + timedelta(minutes=minutes_after), duration=300.0,
            sha256="1" * 64, mime_type="video/x-flv", has_video=True,
        )  # fmt: skip

    beside, later, withdrawn = sign(-1), sign(20), sign(5, state="withdrawn")
    programme = Recording.objects.select_related("hearing").get(pk=programme.pk)
    release.set_state(programme, "published", actor=organiser, kind="recording")
    states = dict(Recording.objects.values_list("pk", "state"))
    assert [states[r.pk] for r in (programme, beside, later, withdrawn)] == [
        "published", "published", "draft", "withdrawn"
    ]  # fmt: skip
    published = AuditLogEntry.objects.filter(action="media.recording.published")
    assert sorted(published.values_list("object_id", flat=True)) == sorted(
        [str(programme.pk), str(beside.pk)]
    )
    assert Event.objects.filter(type="media.recording.published").count() == 2
    release.set_state(programme, "withdrawn", actor=organiser, kind="recording")
    assert Recording.objects.get(pk=beside.pk).state == "withdrawn"
