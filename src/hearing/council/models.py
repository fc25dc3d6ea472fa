"""The council around a hearing: the city, its bodies, people, papers and statements.

The names follow OParl (Body, Organization, Person, Membership, Paper, Location) so that the
open-data API maps one to one.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from hearing.core.models import TimeStamped


class SoftDeletable(models.Model):
    """Deleted records stay in the database so that OParl can list them with ``deleted: true``.

    Public pages hide them; the OParl API keeps them (without their content) so that
    harvesters learn about the deletion.
    """

    deleted = models.BooleanField(
        _("gelöscht"),
        default=False,
        help_text=_("Gelöschte Einträge erscheinen nirgends mehr, nur in OParl als gelöscht."),
    )

    class Meta:
        abstract = True


class Body(SoftDeletable, TimeStamped):
    name = models.CharField(_("Name"), max_length=200)
    short_name = models.CharField(_("Kurzname"), max_length=50, blank=True)
    website = models.URLField(_("Website"), blank=True)
    ags = models.CharField(
        _("Amtlicher Gemeindeschlüssel"), max_length=12, blank=True, help_text=_("z. B. 09162000")
    )
    classification = models.CharField(_("Art"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("Körperschaft")
        verbose_name_plural = _("Körperschaften")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class LegislativeTerm(SoftDeletable, TimeStamped):
    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="legislative_terms")
    name = models.CharField(_("Name"), max_length=100)
    start_date = models.DateField(_("Beginn"))
    end_date = models.DateField(_("Ende"), null=True, blank=True)

    class Meta:
        verbose_name = _("Wahlperiode")
        verbose_name_plural = _("Wahlperioden")
        ordering = ["-start_date"]

    def __str__(self) -> str:
        return self.name


class Organization(SoftDeletable, TimeStamped):
    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="organizations")
    name = models.CharField(_("Name"), max_length=200)
    short_name = models.CharField(_("Kurzname"), max_length=50, blank=True)
    classification = models.CharField(
        _("Art"), max_length=100, blank=True, help_text=_("z. B. Referat, Gremium, Fraktion")
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("übergeordnet"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="children",
    )
    website = models.URLField(_("Website"), blank=True)

    class Meta:
        verbose_name = _("Organisation")
        verbose_name_plural = _("Organisationen")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["body", "name"], name="organization_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name


class Person(SoftDeletable, TimeStamped):
    """A named person. Only public persons (speakers, office holders) appear in public pages."""

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="persons")
    name = models.CharField(_("Name"), max_length=200)
    title = models.CharField(_("Titel"), max_length=50, blank=True, help_text=_("z. B. Dr."))
    given_name = models.CharField(_("Vorname"), max_length=100, blank=True)
    family_name = models.CharField(_("Nachname"), max_length=100, blank=True)
    role = models.CharField(_("Funktion"), max_length=200, blank=True)
    affiliation = models.ForeignKey(
        Organization,
        verbose_name=_("Organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="affiliated_persons",
    )
    is_public = models.BooleanField(
        _("öffentlich"),
        default=False,
        help_text=_("Nur öffentliche Personen erscheinen auf öffentlichen Seiten und in OParl."),
    )

    class Meta:
        verbose_name = _("Person")
        verbose_name_plural = _("Personen")
        ordering = ["family_name", "name"]

    def __str__(self) -> str:
        return self.name


class Membership(SoftDeletable, TimeStamped):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="memberships")
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("Rolle"), max_length=200, blank=True)
    start_date = models.DateField(_("Beginn"), null=True, blank=True)
    end_date = models.DateField(_("Ende"), null=True, blank=True)

    class Meta:
        verbose_name = _("Mitgliedschaft")
        verbose_name_plural = _("Mitgliedschaften")
        constraints = [
            models.UniqueConstraint(
                fields=["person", "organization", "role"], name="membership_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} – {self.organization} ({self.role})"


class Location(SoftDeletable, TimeStamped):
    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="locations")
    description = models.CharField(_("Bezeichnung"), max_length=200)
    street_address = models.CharField(_("Straße und Hausnummer"), max_length=200, blank=True)
    postal_code = models.CharField(_("Postleitzahl"), max_length=10, blank=True)
    locality = models.CharField(_("Ort"), max_length=100, blank=True)
    room = models.CharField(_("Raum"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("Ort")
        verbose_name_plural = _("Orte")
        ordering = ["description"]

    def __str__(self) -> str:
        return self.description

    @property
    def address_line(self) -> str:
        town = " ".join(part for part in (self.postal_code, self.locality) if part)
        return ", ".join(part for part in (self.street_address, town) if part)


class Paper(SoftDeletable, TimeStamped):
    """A council document: a motion (Antrag), a resolution draft (Sitzungsvorlage), ..."""

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="papers")
    reference = models.CharField(
        _("Aktenzeichen"), max_length=100, help_text=_("z. B. 20-26 / A 04055")
    )
    name = models.CharField(_("Titel"), max_length=300)
    paper_type = models.CharField(_("Art"), max_length=100, help_text=_("z. B. Antrag"))
    date = models.DateField(_("Datum"))
    received_date = models.DateField(_("Eingang"), null=True, blank=True)
    decision_date = models.DateField(_("Beschlossen am"), null=True, blank=True)
    decided_by = models.ForeignKey(
        Organization,
        verbose_name=_("beschlossen von"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="decided_papers",
    )
    originators = models.ManyToManyField(
        Organization,
        verbose_name=_("Antragsteller*innen"),
        blank=True,
        related_name="originated_papers",
    )
    related_papers = models.ManyToManyField(
        "self", verbose_name=_("zugehörige Vorgänge"), blank=True, symmetrical=True
    )
    summary = models.TextField(_("Zusammenfassung"), blank=True)

    class Meta:
        verbose_name = _("Vorgang")
        verbose_name_plural = _("Vorgänge")
        ordering = ["date", "reference"]
        constraints = [
            models.UniqueConstraint(fields=["body", "reference"], name="paper_unique_reference"),
        ]

    def __str__(self) -> str:
        return f"{self.paper_type} Nr. {self.reference}"


class Statement(TimeStamped):
    """A department's comment on a paper and the responsible department's response."""

    paper = models.ForeignKey(Paper, on_delete=models.CASCADE, related_name="statements")
    number = models.PositiveSmallIntegerField(_("Nr."))
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("Organisation"),
        on_delete=models.PROTECT,
        related_name="statements",
    )
    comment = models.TextField(_("Kommentar"))
    response = models.TextField(_("Beantwortung"), blank=True)
    responded_by = models.ForeignKey(
        Organization,
        verbose_name=_("beantwortet von"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="statement_responses",
    )

    class Meta:
        verbose_name = _("Stellungnahme")
        verbose_name_plural = _("Stellungnahmen")
        ordering = ["paper", "number"]
        constraints = [
            models.UniqueConstraint(fields=["paper", "number"], name="statement_unique_number"),
        ]

    def __str__(self) -> str:
        return f"{self.paper.reference} – {self.number}"
