"""Keep the search index current when the agenda changes (after commit, per hearing)."""

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver

from hearing.hearings.models import AgendaItem


@receiver(post_save, sender=AgendaItem, dispatch_uid="documentation-index-agenda")
def agenda_changed(sender, instance, raw=False, **kwargs):
    if raw:
        return
    hearing = instance.hearing

    def reindex():
        from hearing.documentation.domain.search import reindex_hearing

        reindex_hearing(hearing)

    transaction.on_commit(reindex)
