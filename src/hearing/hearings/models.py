"""Hearings, their agenda and live state. Thin: the logic lives in ``domain/``."""

import mimetypes
import secrets
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hearing.core.models import TimeStamped
from hearing.core.validators import check_file_size
from hearing.council.models import Body, Location, Paper, Person, SoftDeletable
from hearing.hearings.enums import HearingRoleKind, ItemKind
from hearing.hearings.validators import PlannedSlot, agenda_problems, hearing_time_problems


class Hearing(SoftDeletable, TimeStamped):
    body = models.ForeignKey(Body, verbose_name=_("Körperschaft"), on_delete=models.PROTECT)
    title = models.CharField(_("Titel"), max_length=300)
    slug = models.SlugField(_("Kurzname in der Adresse"), max_length=100, unique=True)
    papers = models.ManyToManyField(
        Paper, verbose_name=_("Vorgänge"), blank=True, related_name="hearings"
    )
    date = models.DateField(_("Datum"))
    planned_start = models.TimeField(_("geplanter Beginn"))
    planned_end = models.TimeField(_("geplantes Ende"))
    location = models.ForeignKey(
        Location, verbose_name=_("Ort"), null=True, blank=True, on_delete=models.SET_NULL
    )
    is_hybrid = models.BooleanField(_("hybrid (vor Ort und online)"), default=True)
    occasion = models.CharField(
        _("Anlass"), max_length=200, blank=True, help_text=_("z. B. Digitaltag")
    )
    description = models.TextField(_("öffentliche Beschreibung"), blank=True)
    livestream_url = models.URLField(_("Livestream-Adresse"), blank=True)
    is_public = models.BooleanField(_("öffentlich sichtbar"), default=True)
    current_item = models.ForeignKey(
        "AgendaItem",
        verbose_name=_("aktueller Tagesordnungspunkt"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("Hearing")
        verbose_name_plural = _("Hearings")
        ordering = ["-date", "planned_start"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("public:hearing", kwargs={"slug": self.slug})

    def clean(self):
        if self.title and not self.title.strip():
            raise ValidationError({"title": _("Bitte einen Titel angeben.")})
        problems = hearing_time_problems(self.planned_start, self.planned_end)
        if problems:
            raise ValidationError(problems)

    def at(self, clock) -> datetime:
        return timezone.make_aware(datetime.combine(self.date, clock))

    @property
    def planned_start_at(self) -> datetime:
        return self.at(self.planned_start)

    @property
    def planned_end_at(self) -> datetime:
        return self.at(self.planned_end)

    @property
    def is_live(self) -> bool:
        return self.current_item_id is not None


class AgendaItem(SoftDeletable, TimeStamped):
    hearing = models.ForeignKey(Hearing, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveSmallIntegerField(_("Reihenfolge"))
    number = models.CharField(_("Nummer"), max_length=10, blank=True)
    title = models.CharField(_("Titel"), max_length=300)
    kind = models.CharField(_("Art"), max_length=20, choices=ItemKind.choices)
    description = models.TextField(_("Beschreibung"), blank=True)
    planned_start = models.TimeField(_("geplanter Beginn"))
    planned_duration = models.PositiveSmallIntegerField(_("geplante Dauer (Minuten)"))
    speakers = models.ManyToManyField(
        Person, verbose_name=_("Vortragende"), blank=True, related_name="agenda_items"
    )
    speaker_note = models.CharField(
        _("Hinweis zu Vortragenden"),
        max_length=300,
        blank=True,
        help_text=_("z. B. „Externer Vortrag“, solange keine Person feststeht"),
    )

    class Meta:
        verbose_name = _("Tagesordnungspunkt")
        verbose_name_plural = _("Tagesordnungspunkte")
        ordering = ["hearing", "position"]
        constraints = [
            models.UniqueConstraint(fields=["hearing", "position"], name="item_unique_position"),
        ]

    def __str__(self) -> str:
        return f"{self.number or self.position}. {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("public:item", kwargs={"slug": self.hearing.slug, "position": self.position})

    def slot(self) -> PlannedSlot:
        return PlannedSlot(self.pk or "new", self.title, self.planned_start, self.planned_duration)

    def clean(self):
        if self.title and not self.title.strip():
            raise ValidationError({"title": _("Bitte einen Titel angeben.")})
        if self.hearing_id is None or self.planned_start is None or self.planned_duration is None:
            return
        hearing = self.hearing
        if getattr(self, "agenda_checked_together", False):
            siblings = []
        else:
            siblings = [item.slot() for item in hearing.items.exclude(pk=self.pk)]
        mine = self.slot()
        problems = agenda_problems(
            hearing.date, hearing.planned_start, hearing.planned_end, [*siblings, mine]
        )
        if problems.get(mine.key):
            raise ValidationError({"planned_start": problems[mine.key]})

    @property
    def planned_start_at(self) -> datetime:
        return self.hearing.at(self.planned_start)

    @property
    def planned_end_at(self) -> datetime:
        return self.planned_start_at + timedelta(minutes=self.planned_duration)

    @property
    def is_interactive(self) -> bool:
        return self.kind in ItemKind.interactive()

    # Actual times come from the periods; callers that list many items prefetch "periods".
    @property
    def actual_start(self) -> datetime | None:
        periods = list(self.periods.all())
        return periods[0].started_at if periods else None

    @property
    def actual_end(self) -> datetime | None:
        periods = list(self.periods.all())
        if not periods or periods[-1].ended_at is None:
            return None
        return periods[-1].ended_at


class ItemPeriod(models.Model):
    """One stretch of time an agenda item was current. Going back to an item adds a period."""

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="periods")
    started_at = models.DateTimeField(_("begonnen"))
    ended_at = models.DateTimeField(_("beendet"), null=True, blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("Zeitraum")
        verbose_name_plural = _("Zeiträume")
        ordering = ["started_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["item"],
                condition=models.Q(ended_at__isnull=True),
                name="one_open_period_per_item",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item}: {self.started_at:%H:%M:%S}–{self.ended_at or '…'}"


ATTACHMENT_EXTENSIONS = [
    "pdf",
    "pptx",
    "odp",
    "ppt",
    "docx",
    "odt",
    "png",
    "jpg",
    "jpeg",
    "svg",
    "txt",
    "csv",
]
ATTACHMENT_MAX_BYTES = 200 * 1024 * 1024


def validate_attachment_size(upload) -> None:
    check_file_size(upload, ATTACHMENT_MAX_BYTES)


def attachment_path(instance, filename: str) -> str:
    return f"attachments/{instance.item.hearing.slug}/{secrets.token_hex(8)}/{filename}"


class Attachment(SoftDeletable, TimeStamped):
    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="attachments")
    title = models.CharField(_("Titel"), max_length=200)
    file = models.FileField(
        _("Datei"),
        upload_to=attachment_path,
        max_length=300,
        validators=[FileExtensionValidator(ATTACHMENT_EXTENSIONS), validate_attachment_size],
    )
    kind = models.CharField(
        _("Art"),
        max_length=20,
        choices=[("slides", _("Folien")), ("document", _("Dokument")), ("other", _("Sonstiges"))],
        default="slides",
    )
    mime_type = models.CharField(_("Dateityp"), max_length=100, blank=True)
    size = models.PositiveBigIntegerField(_("Größe (Bytes)"), default=0)

    class Meta:
        verbose_name = _("Anhang")
        verbose_name_plural = _("Anhänge")
        ordering = ["item", "title"]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        # Size and type are read from the upload itself so the public page can show them.
        if self.file and not self.size:
            self.size = self.file.size
            self.mime_type = mimetypes.guess_type(self.file.name)[0] or "application/octet-stream"
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("public:attachment", kwargs={"slug": self.item.hearing.slug, "pk": self.pk})


class HearingRole(models.Model):
    """A user's role on one hearing; the role's permissions come from core.permissions."""

    hearing = models.ForeignKey(Hearing, on_delete=models.CASCADE, related_name="roles")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="hearing_roles"
    )
    role = models.CharField(_("Rolle"), max_length=20, choices=HearingRoleKind.choices)

    class Meta:
        verbose_name = _("Rolle")
        verbose_name_plural = _("Rollen")
        constraints = [
            models.UniqueConstraint(fields=["hearing", "user", "role"], name="hearing_role_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} – {self.hearing}"
