"""The AI register: one record per algorithm or AI system, own or imported. Thin: logic in ``domain/``."""

import hashlib
import json

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from hearing.core.models import TimeStamped
from hearing.core.stemming import stems
from hearing.register.completeness import completeness
from hearing.register.enums import (
    AIActRole,
    Country,
    PersonalData,
    RiskClass,
    Source,
    Status,
    Technique,
    Ternary,
    Theme,
)

# Fields whose values make up a record's content; the importers compare them to tell "updated"
# from "unchanged", the search column and the score are derived from them.
# The EU AI Act classification: one list for the model, the assessment form and the detail page.
AI_ACT_FIELDS = [
    "ai_act_is_ai_system",
    "ai_act_risk_class",
    "ai_act_annex_iii_point",
    "ai_act_justification",
    "ai_act_role",
    "eu_database_url",
    "fria_summary",
    "dpia_summary",
]

CONTENT_FIELDS = [
    "name",
    "short_description",
    "description",
    "tags",
    "language",
    "standard_version",
    "published_on",
    "updated_on",
    "source_url",
    "organisation",
    "country",
    "is_municipality",
    "unit",
    "responsible_role",
    "contact",
    "website",
    "supplier",
    "source_code_url",
    "licence",
    "status",
    "begin_date",
    "end_date",
    "theme",
    "technique",
    "capability",
    "goal",
    "benefits",
    "proportionality",
    "human_oversight",
    "affected_groups",
    "appeal",
    "lawful_basis",
    "lawful_basis_links",
    "data_sources",
    "personal_data",
    "special_categories",
    "ai_models",
    "models_text",
    "evaluation",
    "risks",
    "mitigations",
    "impact_assessment",
    "impact_assessments",
    *AI_ACT_FIELDS,
    "ethics",
]
SEARCH_FIELDS = ["name", "short_description", "organisation", "unit", "goal", "description"]


def search_text(record) -> str:
    """The text the list's search matches: the words as written (casefolded, for parts of words such
    as "daten" in "Verwaltungsdaten"), then each word's German stem between spaces (whole words in
    any form: "Verwaltungen" finds "Verwaltung", "Chancen" finds "Chance")."""
    parts = [str(getattr(record, name) or "") for name in SEARCH_FIELDS]
    text = " ".join(parts + [str(tag) for tag in record.tags or []])
    return f"{text.casefold()}\n {stems(text)} "


class Record(TimeStamped):
    # 1. Identification
    name = models.CharField(_("Name"), max_length=300)
    short_description = models.TextField(
        _("Kurzbeschreibung"), blank=True, help_text=_("höchstens 350 Zeichen, einfache Sprache")
    )
    description = models.TextField(_("Beschreibung"), blank=True)
    tags = models.JSONField(_("Schlagwörter"), default=list, blank=True)
    language = models.CharField(_("Sprache"), max_length=10, blank=True)
    standard_version = models.CharField(_("Version des Standards"), max_length=50, blank=True)
    published_on = models.DateField(_("veröffentlicht am"), null=True, blank=True)
    updated_on = models.DateField(_("aktualisiert am"), null=True, blank=True)
    source = models.CharField(_("Quelle"), max_length=20, choices=Source.choices)
    source_id = models.CharField(_("Kennung in der Quelle"), max_length=200)
    source_url = models.URLField(_("Eintrag in der Quelle"), max_length=500, blank=True)
    # 2. Responsibility
    organisation = models.CharField(_("Organisation"), max_length=300, blank=True, db_index=True)
    country = models.CharField(_("Land"), max_length=2, choices=Country.choices)
    is_municipality = models.BooleanField(_("Kommune"), default=False)
    unit = models.CharField(_("Organisationseinheit"), max_length=300, blank=True)
    responsible_role = models.CharField(_("verantwortliche Rolle"), max_length=300, blank=True)
    contact = models.CharField(_("Kontakt (E-Mail oder Adresse)"), max_length=300, blank=True)
    website = models.URLField(_("Website der Anwendung"), max_length=500, blank=True)
    supplier = models.CharField(
        _("Lieferant (oder „Eigenentwicklung“)"), max_length=300, blank=True
    )
    source_code_url = models.URLField(_("Quellcode"), max_length=500, blank=True)
    licence = models.CharField(_("Lizenz"), max_length=100, blank=True)
    # 3. Lifecycle and classification
    status = models.CharField(_("Status"), max_length=20, choices=Status.choices, blank=True)
    begin_date = models.DateField(_("Beginn"), null=True, blank=True)
    end_date = models.DateField(_("Ende"), null=True, blank=True)
    theme = models.CharField(_("Thema"), max_length=30, choices=Theme.choices, blank=True)
    technique = models.CharField(_("Technik"), max_length=30, choices=Technique.choices, blank=True)
    capability = models.TextField(_("Funktionsweise"), blank=True)
    # 4. Purpose and decisions
    goal = models.TextField(_("Ziel und Wirkung"), blank=True)
    benefits = models.TextField(_("Nutzen und Chancen"), blank=True)
    proportionality = models.TextField(_("Alternativen und Verhältnismäßigkeit"), blank=True)
    human_oversight = models.TextField(_("menschliche Aufsicht"), blank=True)
    affected_groups = models.TextField(_("betroffene Gruppen"), blank=True)
    appeal = models.TextField(_("Widerspruch und Beschwerde"), blank=True)
    lawful_basis = models.TextField(_("Rechtsgrundlage"), blank=True)
    lawful_basis_links = models.JSONField(_("Links zur Rechtsgrundlage"), default=list, blank=True)
    # 5. Data and models
    data_sources = models.TextField(_("Datenquellen"), blank=True)
    personal_data = models.CharField(
        _("personenbezogene Daten"), max_length=20, choices=PersonalData.choices, blank=True
    )
    special_categories = models.BooleanField(
        _("besondere Kategorien (Art. 9 DSGVO)"), null=True, blank=True
    )
    ai_models = models.JSONField(
        _("Modelle"),
        default=list,
        blank=True,
        help_text=_("Liste aus {name, version, provider, inference}"),
    )
    models_text = models.TextField(_("Modelle (Beschreibung)"), blank=True)
    evaluation = models.TextField(_("Evaluation der Leistung"), blank=True)
    # 6. Risk
    risks = models.TextField(_("Risiken und Limitierungen"), blank=True)
    mitigations = models.TextField(_("Maßnahmen, auch gegen Diskriminierung"), blank=True)
    impact_assessment = models.CharField(
        _("Folgenabschätzung durchgeführt"), max_length=3, choices=Ternary.choices, blank=True
    )
    impact_assessments = models.JSONField(
        _("Folgenabschätzungen"),
        default=list,
        blank=True,
        help_text=_("Liste aus {kind: dpia|fria|other, date, url}"),
    )
    # 7. EU AI Act
    ai_act_is_ai_system = models.CharField(
        _("KI-System im Sinne von Art. 3"), max_length=3, choices=Ternary.choices, blank=True
    )
    ai_act_risk_class = models.CharField(
        _("Risikoklasse"), max_length=20, choices=RiskClass.choices, blank=True
    )
    ai_act_annex_iii_point = models.CharField(_("Punkt in Anhang III"), max_length=20, blank=True)
    ai_act_justification = models.TextField(_("Begründung der Einstufung"), blank=True)
    ai_act_role = models.CharField(_("Rolle"), max_length=10, choices=AIActRole.choices, blank=True)
    eu_database_url = models.URLField(_("Eintrag in der EU-Datenbank"), max_length=500, blank=True)
    fria_summary = models.TextField(
        _("Zusammenfassung der Grundrechte-Folgenabschätzung"), blank=True
    )
    dpia_summary = models.TextField(
        _("Zusammenfassung der Datenschutz-Folgenabschätzung"), blank=True
    )
    # 8. Data ethics code
    ethics = models.JSONField(_("Bewertung nach dem Datenethikkodex"), default=dict, blank=True)
    # Bookkeeping
    derived = models.JSONField(
        _("nach Regel abgeleitete Felder"),
        default=list,
        blank=True,
        help_text=_(
            "Felder, die nicht in der Quelle stehen, sondern per Stichwortregel bestimmt wurden"
        ),
    )
    withdrawn_at = models.DateTimeField(_("zurückgezogen am"), null=True, blank=True)
    completeness = models.PositiveSmallIntegerField(_("Vollständigkeit (%)"), default=0)
    content_hash = models.CharField(max_length=64, blank=True, editable=False)
    search_text = models.TextField(blank=True, editable=False)
    tag_text = models.CharField(max_length=1000, blank=True, editable=False)

    class Meta:
        verbose_name = _("Registereintrag")
        verbose_name_plural = _("Registereinträge")
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["source", "source_id"], name="record_unique_source_id"),
        ]
        indexes = [
            models.Index(fields=["country", "is_municipality"], name="record_country_muni"),
            models.Index(fields=["source", "withdrawn_at"], name="record_source_withdrawn"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("register:detail", kwargs={"pk": self.pk})

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None

    def derive(self) -> None:
        """Fill the derived columns (score, search text, content hash) from the content."""
        self.completeness = completeness(self)
        self.search_text = search_text(self)
        # "|LLM|RAG|": lets every database filter by one tag with a plain "contains".
        self.tag_text = ("|" + "|".join(str(tag) for tag in self.tags) + "|") if self.tags else ""
        content = {name: getattr(self, name) for name in CONTENT_FIELDS}
        encoded = json.dumps(content, sort_keys=True, default=str, ensure_ascii=False)
        self.content_hash = hashlib.sha256(encoded.encode()).hexdigest()

    def save(self, *args, **kwargs):
        self.derive()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {
                *kwargs["update_fields"],
                "completeness",
                "search_text",
                "content_hash",
                "tag_text",
            }
        super().save(*args, **kwargs)
