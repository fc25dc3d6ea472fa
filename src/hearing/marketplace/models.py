"""Marketplace stands of a hearing and what visitors leave there. Thin: logic in ``domain/``."""

import secrets

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from hearing.core.models import TimeStamped
from hearing.hearings.models import Hearing
from hearing.marketplace.enums import Channel, MessageKind, MessageStatus, StandKind
from hearing.register.models import Record

MESSAGE_MAX = 1000


def new_token() -> str:
    return secrets.token_urlsafe(24)


class Stand(TimeStamped):
    hearing = models.ForeignKey(Hearing, on_delete=models.CASCADE, related_name="stands")
    number = models.PositiveSmallIntegerField(_("Standnummer"))
    title = models.CharField(_("Titel"), max_length=200)
    exhibitor = models.CharField(_("Aussteller*in"), max_length=200)
    kind = models.CharField(_("Art"), max_length=20, choices=StandKind.choices)
    description = models.TextField(_("Beschreibung"), blank=True)
    records = models.ManyToManyField(
        Record, verbose_name=_("Einträge im KI-Register"), blank=True, related_name="stands"
    )
    contact = models.CharField(_("Kontakt"), max_length=300, blank=True)
    links = models.JSONField(
        _("Material"), default=list, blank=True, help_text=_("Liste aus {title, url}")
    )
    plan_column = models.PositiveSmallIntegerField(_("Spalte im Hallenplan"), default=1)
    plan_row = models.PositiveSmallIntegerField(_("Reihe im Hallenplan"), default=1)
    visits = models.PositiveIntegerField(_("Besuche"), default=0)
    exhibitor_token = models.CharField(
        max_length=64, unique=True, default=new_token, editable=False
    )

    class Meta:
        verbose_name = _("Stand")
        verbose_name_plural = _("Stände")
        ordering = ["hearing", "number"]
        constraints = [
            models.UniqueConstraint(fields=["hearing", "number"], name="stand_unique_number"),
        ]

    def __str__(self) -> str:
        return f"{self.number}: {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("marketplace:stand", kwargs={"pk": self.pk})

    def exhibitor_url(self) -> str:
        return reverse("marketplace:exhibitor", kwargs={"token": self.exhibitor_token})


class Message(TimeStamped):
    """A question or a piece of feedback a visitor leaves at a stand; public once approved."""

    stand = models.ForeignKey(Stand, on_delete=models.CASCADE, related_name="messages")
    kind = models.CharField(_("Art"), max_length=20, choices=MessageKind.choices)
    channel = models.CharField(_("Teilnahme"), max_length=10, choices=Channel.choices)
    text = models.TextField(_("Text"), max_length=MESSAGE_MAX)
    author_name = models.CharField(_("Name (freiwillig)"), max_length=80, blank=True)
    status = models.CharField(
        _("Status"), max_length=10, choices=MessageStatus.choices, default=MessageStatus.PENDING
    )
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    moderated_at = models.DateTimeField(_("moderiert am"), null=True, blank=True)

    class Meta:
        verbose_name = _("Frage oder Rückmeldung")
        verbose_name_plural = _("Fragen und Rückmeldungen")
        ordering = ["created", "id"]
        indexes = [models.Index(fields=["stand", "status"], name="message_stand_status")]

    def __str__(self) -> str:
        return self.text[:60]

    @property
    def hearing(self):
        """The stand's hearing (permissions are per hearing)."""
        return self.stand.hearing
