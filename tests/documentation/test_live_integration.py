"""The protocol and the search read the live app's questions as the public saw them."""

import pytest

from hearing.documentation.domain import protocol, search
from hearing.live.models import Question, QuestionStatus
from tests.factories import hearing_with_agenda

pytestmark = pytest.mark.django_db


def make_questions():
    hearing = hearing_with_agenda(2)
    item = hearing.items.get(position=1)
    rows = {}
    for status, name, show in [
        (QuestionStatus.APPROVED, "Stadträtin Beispiel", True),
        (QuestionStatus.ANSWERED, "Geheim Name", False),
        (QuestionStatus.PENDING, "Wartend", True),
        (QuestionStatus.REJECTED, "Abgelehnt", True),
    ]:
        rows[status] = Question.objects.create(
            hearing=hearing,
            item=item,
            text=f"Frage Datenschutzfolgenabschätzung {status}",
            status=status,
            asker_name=name,
            show_name=show,
            votes_count=3,
        )
    return hearing, rows


def test_protocol_lists_only_public_questions_with_chosen_names():
    hearing, rows = make_questions()
    listed = protocol.questions(hearing)
    assert [(q["pk"], q["author"], q["votes"]) for q in listed] == [
        (rows[QuestionStatus.APPROVED].pk, "Stadträtin Beispiel", 3),
        (rows[QuestionStatus.ANSWERED].pk, "anonym", 3),
    ]
    assert [q["state"] for q in listed] == ["freigegeben", "beantwortet"]


def test_pending_and_rejected_questions_are_not_searchable():
    hearing, rows = make_questions()
    texts = sorted(entry.text for entry in search._questions(hearing))
    assert texts == sorted([rows[QuestionStatus.APPROVED].text, rows[QuestionStatus.ANSWERED].text])


def test_segments_are_attributed_to_real_speaking_turns_and_items():
    from datetime import UTC, datetime, timedelta

    from hearing.documentation.domain.attribution import attribute
    from hearing.documentation.models import Segment, Transcript
    from hearing.hearings.models import ItemPeriod
    from hearing.live.models import SpeakingTurn, TurnStatus
    from hearing.media.models import Recording

    hearing = hearing_with_agenda(2)
    first, second = hearing.items.order_by("position")
    start = datetime(2024, 6, 7, 10, 0, tzinfo=UTC)
    ItemPeriod.objects.create(item=first, started_at=start, ended_at=start + timedelta(seconds=30))
    ItemPeriod.objects.create(item=second, started_at=start + timedelta(seconds=30))
    SpeakingTurn.objects.create(
        hearing=hearing,
        item=second,
        speaker_name="Stadtrat Beispiel",
        attendance="virtual",
        status=TurnStatus.DONE,
        started_at=start + timedelta(seconds=40),
        ended_at=start + timedelta(seconds=50),
    )
    recording = Recording.objects.create(
        hearing=hearing,
        file="recordings/x.mp4",
        source="upload",
        started_at=start,
        duration=60,
        size=1,
        sha256="0" * 64,
        mime_type="video/mp4",
        state="published",
    )
    transcript = Transcript.objects.create(
        recording=recording, hearing=hearing, engine="test", model="none", started_at=start,
        state="published",
    )  # fmt: skip
    for begin in (10, 35, 45):
        Segment.objects.create(
            transcript=transcript,
            hearing=hearing,
            start=begin,
            end=begin + 2,
            text=f"bei {begin}",
            machine_text=f"bei {begin}",
        )
    assert attribute(transcript) == 3
    rows = list(transcript.segments.order_by("start").values_list("item__position", "speaker_name"))
    assert rows == [(1, ""), (2, ""), (2, "Stadtrat Beispiel")]
