"""Keep the search index current when the agenda or a question changes (after commit, per
hearing)."""

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver

from hearing.hearings.models import AgendaItem
from hearing.live.models import Question


@receiver(post_save, sender=AgendaItem, dispatch_uid="documentation-index-agenda")
def agenda_changed(sender, instance, raw=False, **kwargs):
    if raw:
        return
    hearing = instance.hearing

    def reindex():
        from hearing.documentation.domain.search import reindex_hearing

        reindex_hearing(hearing)

    # robust: the change is committed; a failed rebuild is logged, never the person's error
    transaction.on_commit(reindex, robust=True)


@receiver(post_save, sender=Question, dispatch_uid="documentation-index-questions")
def question_changed(sender, instance, raw=False, **kwargs):
    """Every moderation step saves the question (votes only update a counter): what the public
    may find follows at once, a rejected or corrected text leaves the search."""
    if raw:
        return
    hearing = instance.hearing

    def reindex():
        from hearing.documentation.domain.search import reindex_questions

        reindex_questions(hearing)

    transaction.on_commit(reindex, robust=True)
