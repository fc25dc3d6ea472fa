"""Participant groups of a hearing and what each may do."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from hearing.core.models import TimeStamped
from hearing.hearings.models import Hearing
from hearing.participants.enums import Admission


class ParticipantGroup(TimeStamped):
    hearing = models.ForeignKey(Hearing, on_delete=models.CASCADE, related_name="groups")
    name = models.CharField(_("Name"), max_length=200)
    slug = models.SlugField(_("Kurzname"), max_length=60)
    position = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)
    description = models.TextField(_("Beschreibung"), blank=True)
    may_ask_questions = models.BooleanField(_("darf Fragen stellen"), default=False)
    may_join_speakers_list = models.BooleanField(_("darf auf die Redeliste"), default=False)
    may_attend_in_person = models.BooleanField(_("darf vor Ort teilnehmen"), default=False)
    may_attend_virtually = models.BooleanField(_("darf virtuell teilnehmen"), default=False)
    admission = models.CharField(
        _("Zugang"), max_length=20, choices=Admission.choices, default=Admission.INVITATION
    )
    in_statistics = models.BooleanField(_("in der Statistik ausweisen"), default=True)

    class Meta:
        verbose_name = _("Teilnehmendengruppe")
        verbose_name_plural = _("Teilnehmendengruppen")
        ordering = ["hearing", "position"]
        constraints = [
            models.UniqueConstraint(fields=["hearing", "slug"], name="group_unique_slug"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_interactive(self) -> bool:
        return self.may_ask_questions or self.may_join_speakers_list
