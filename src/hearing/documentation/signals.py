"""Keep the search index current when the agenda or a question changes (after commit, per
hearing)."""

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver

from hearing.hearings.models import AgendaItem, Hearing
from hearing.live.models import Question


def _rebuild_after_commit(hearing_id: int, *, questions_only: bool) -> None:
    def rebuild():
        # imported here: the search module reads the live app's models, which import this app's
        from hearing.documentation.domain.search import reindex_hearing, reindex_questions

        hearing = Hearing.objects.filter(pk=hearing_id).first()
        if hearing is not None:
            (reindex_questions if questions_only else reindex_hearing)(hearing)

    # robust: the change is committed; a failed rebuild is logged, never the person's error
    transaction.on_commit(rebuild, robust=True)


@receiver(post_save, sender=AgendaItem, dispatch_uid="documentation-index-agenda")
def agenda_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        _rebuild_after_commit(instance.hearing_id, questions_only=False)


@receiver(post_save, sender=Question, dispatch_uid="documentation-index-questions")
def question_changed(sender, instance, raw=False, **kwargs):
    """Every moderation step saves the question (votes only update a counter): what the public
    may find follows at once, a rejected or corrected text leaves the search."""
    if not raw:
        _rebuild_after_commit(instance.hearing_id, questions_only=True)
