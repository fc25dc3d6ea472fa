"""Forgetting participants whose data was erased: the names the live app copied go too."""

from django.db import transaction

from hearing.hearings.models import AgendaItem
from hearing.live.domain import qa, speakers
from hearing.live.models import Question, SpeakingTurn, TurnStatus

ACTION = "participants.data.erased"


def forget(participant_ids: list[int]) -> int:
    """Their questions lose the asker's name; their speaking turns that have not started are
    withdrawn and lose the name (turns already given stay: who spoke is part of the record, as
    in the transcript). The affected items' public lists are republished. Returns the number of
    items republished."""
    with transaction.atomic():
        questions = Question.objects.filter(participant_id__in=participant_ids)
        turns = SpeakingTurn.objects.filter(
            participant_id__in=participant_ids, status__in=[TurnStatus.WAITING, TurnStatus.CALLED]
        )
        question_items = set(questions.values_list("item_id", flat=True))
        turn_items = set(turns.values_list("item_id", flat=True))
        questions.update(asker_name="", show_name=False)
        turns.update(status=TurnStatus.WITHDRAWN, speaker_name="")
        items = AgendaItem.objects.filter(pk__in=question_items | turn_items)
        for item in items:
            if item.pk in question_items:
                qa.push(item, ACTION)
            if item.pk in turn_items:
                speakers.push(item, ACTION)
    return len(items)


def on_personal_data_erased(sender, participant_ids, **kwargs) -> None:
    forget(list(participant_ids))
