"""Participant groups, participants (invitees and self-registered people), registration settings
and CSV import staging. Thin: the logic lives in ``domain/``."""

import secrets

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from hearing.core.models import TimeStamped
from hearing.hearings.models import Hearing
from hearing.participants.enums import Admission, Attendance, Language, Status


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

    @property
    def attendance_choices(self) -> list[tuple[str, str]]:
        choices = []
        if self.may_attend_in_person:
            choices.append((Attendance.IN_PERSON.value, Attendance.IN_PERSON.label))
        if self.may_attend_virtually:
            choices.append((Attendance.VIRTUAL.value, Attendance.VIRTUAL.label))
        return choices


DEFAULT_CONSENT_TEXT = (
    "Ich bin damit einverstanden, dass das Hearing einschließlich meiner Wortbeiträge und Fragen "
    "aufgezeichnet, per Livestream übertragen und zur Dokumentation veröffentlicht wird."
)


class RegistrationSettings(TimeStamped):
    """Registration rules of one hearing; its row is also the lock that serialises seat booking."""

    hearing = models.OneToOneField(
        Hearing, on_delete=models.CASCADE, related_name="registration_settings"
    )
    seat_capacity = models.PositiveIntegerField(_("Plätze vor Ort"), default=100)
    registration_open = models.BooleanField(_("Anmeldung geöffnet"), default=True)
    invitation_valid_days = models.PositiveSmallIntegerField(
        _("Gültigkeit persönlicher Links (Tage)"), default=90
    )
    consent_text = models.TextField(_("Einwilligungstext"), default=DEFAULT_CONSENT_TEXT)
    consent_version = models.CharField(
        _("Version des Einwilligungstexts"),
        max_length=40,
        default="1",
        help_text=_(
            "Bei jeder Änderung des Texts erhöhen; gespeichert wird sie mit jeder Einwilligung."
        ),
    )

    class Meta:
        verbose_name = _("Anmeldeeinstellungen")
        verbose_name_plural = _("Anmeldeeinstellungen")

    def __str__(self) -> str:
        return str(self.hearing)


def new_nonce() -> str:
    return secrets.token_urlsafe(16)


# Ticket codes are read out and typed on a phone at the door: upper case only, and none of the
# look-alikes 0/O, 1/I/L. Eight of these 31 symbols are 31**8 ≈ 8.5·10^11 codes (39 bits); only
# check-in staff can try a code, so guessing one among a hearing's few hundred tickets is hopeless.
TICKET_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
TICKET_LENGTH = 8


def new_ticket_code() -> str:
    return "".join(secrets.choice(TICKET_ALPHABET) for _ in range(TICKET_LENGTH))


def typed_ticket_code(text: str) -> str:
    """What someone typed or a scanner read, as stored: case, spaces and hyphens do not matter
    ("abcd-efgh" is "ABCDEFGH")."""
    return "".join(ch for ch in text.upper() if ch.isalnum())


class Participant(TimeStamped):
    """One person invited to, or registered for, one hearing."""

    hearing = models.ForeignKey(Hearing, on_delete=models.CASCADE, related_name="participants")
    group = models.ForeignKey(
        ParticipantGroup,
        verbose_name=_("Gruppe"),
        on_delete=models.PROTECT,
        related_name="participants",
    )
    name = models.CharField(_("Name"), max_length=200)
    email = models.EmailField(_("E-Mail"), max_length=254, blank=True)
    organisation = models.CharField(_("Organisation"), max_length=200, blank=True)
    language = models.CharField(
        _("Sprache"), max_length=5, choices=Language.choices, default=Language.DE
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Konto"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="participations",
    )
    status = models.CharField(
        _("Status"), max_length=20, choices=Status.choices, default=Status.INVITED, db_index=True
    )
    attendance = models.CharField(
        _("Teilnahme"), max_length=20, choices=Attendance.choices, blank=True
    )
    accessibility_needs = models.TextField(_("Barrierefreiheit: Bedarfe"), blank=True)
    consent_recording = models.BooleanField(
        _("Einwilligung Aufzeichnung/Livestream"), default=False
    )
    consent_at = models.DateTimeField(_("Einwilligung erteilt am"), null=True, blank=True)
    consent_version = models.CharField(
        _("Version des Einwilligungstexts"), max_length=40, blank=True
    )
    # The signed link carries this nonce; replacing it (revoke) invalidates every link sent before.
    link_nonce = models.CharField(max_length=40, default=new_nonce, unique=True, editable=False)
    ticket_code = models.CharField(
        _("Ticket-Code"), max_length=40, default=new_ticket_code, unique=True, editable=False
    )
    invitation_sent_at = models.DateTimeField(_("Einladung gesendet"), null=True, blank=True)
    registered_at = models.DateTimeField(_("angemeldet am"), null=True, blank=True)
    waiting_since = models.DateTimeField(_("auf der Warteliste seit"), null=True, blank=True)
    checked_in_at = models.DateTimeField(_("eingecheckt"), null=True, blank=True)
    anonymised_at = models.DateTimeField(_("anonymisiert"), null=True, blank=True)

    class Meta:
        verbose_name = _("Teilnehmende*r")
        verbose_name_plural = _("Teilnehmende")
        ordering = ["hearing", "group__position", "name"]
        constraints = [
            # Case-insensitive: "Anna@x.de" and "anna@x.de" registering at the same moment are one.
            models.UniqueConstraint(
                "hearing",
                Lower("email"),
                condition=~models.Q(email=""),
                name="participant_unique_email_ci",
            ),
        ]
        indexes = [models.Index(fields=["hearing", "status", "attendance"])]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        if self.anonymised_at:
            return str(_("anonymisiert"))
        return self.name

    @property
    def is_registered(self) -> bool:
        return self.status == Status.REGISTERED

    @property
    def ticket_code_display(self) -> str:
        """The code in two groups of four ("ABCD-EFGH"); codes from before stay as they were."""
        code = self.ticket_code
        if len(code) == TICKET_LENGTH and set(code) <= set(TICKET_ALPHABET):
            return f"{code[:4]}-{code[4:]}"
        return code

    @property
    def has_ticket(self) -> bool:
        return self.status == Status.REGISTERED and self.attendance == Attendance.IN_PERSON


class InvitationImport(TimeStamped):
    """A parsed CSV upload waiting for the organiser's confirmation; nothing is imported before."""

    hearing = models.ForeignKey(Hearing, on_delete=models.CASCADE, related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    filename = models.CharField(max_length=255, blank=True)
    encoding = models.CharField(max_length=20, blank=True)
    rows = models.JSONField(
        default=list
    )  # valid lines: {"line", "name", "email", "group", "organisation"}
    problems = models.JSONField(default=list)  # bad lines: {"line", "reason"}
    confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("Einladungsimport")
        verbose_name_plural = _("Einladungsimporte")
        ordering = ["-created"]

    def __str__(self) -> str:
        return f"{self.filename} ({self.created:%Y-%m-%d %H:%M})"
