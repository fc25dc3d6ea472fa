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
