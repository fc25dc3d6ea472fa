"""Controlled vocabularies of the register (REGISTER-FIELDS.md), German labels, stable keys."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Source(models.TextChoices):
    MUNICH = "munich", _("System Cards der Landeshauptstadt München")
    NL = "nl", _("Algoritmeregister der Niederlande")
    UK = "uk", _("Algorithmic Transparency Records (Vereinigtes Königreich)")
    MANUAL = "manual", _("in Hearing erfasst")


class Country(models.TextChoices):
    DE = "DE", _("Deutschland")
    NL = "NL", _("Niederlande")
    GB = "GB", _("Vereinigtes Königreich")


class Status(models.TextChoices):
    IDEA = "idea", _("Idee")
    DEVELOPMENT = "development", _("in Entwicklung")
    PILOT = "pilot", _("Pilot")
    IN_USE = "in_use", _("im Einsatz")
    RETIRED = "retired", _("außer Betrieb")


class Theme(models.TextChoices):
    CITIZEN_SERVICES = "citizen_services", _("Bürgerservice und Auskunft")
    ADMINISTRATION = "administration", _("interne Verwaltung")
    SOCIAL = "social", _("Soziales, Arbeit und Gesundheit")
    MOBILITY = "mobility", _("Verkehr und Mobilität")
    ENVIRONMENT = "environment", _("Umwelt, Klima und Energie")
    PLANNING = "planning", _("Planen, Bauen und Wohnen")
    SAFETY = "safety", _("Sicherheit und Ordnung")
    FINANCE = "finance", _("Finanzen, Steuern und Abgaben")
    EDUCATION = "education", _("Bildung, Kultur und Bibliotheken")
    DEMOCRACY = "democracy", _("Politik und Ratsinformation")
    OTHER = "other", _("Sonstiges")


class Technique(models.TextChoices):
    RULE_BASED = "rule_based", _("regelbasiert")
    MACHINE_LEARNING = "machine_learning", _("maschinelles Lernen")
    GENERATIVE = "generative", _("generative KI / Sprachmodell")
    OTHER = "other", _("andere Technik")


class Ternary(models.TextChoices):
    YES = "yes", _("ja")
    NO = "no", _("nein")


class PersonalData(models.TextChoices):
    NONE = "none", _("keine personenbezogenen Daten")
    PSEUDONYMISED = "pseudonymised", _("pseudonymisiert")
    IDENTIFIED = "identified", _("personenbezogen")


class RiskClass(models.TextChoices):
    """Risk classes of the EU AI Act (Art. 5, 6 with Annex III, 50)."""

    PROHIBITED = "prohibited", _("verbotene Praxis (Art. 5)")
    HIGH = "high", _("Hochrisiko (Art. 6, Anhang III)")
    TRANSPARENCY = "transparency", _("Transparenzpflicht (Art. 50)")
    MINIMAL = "minimal", _("minimales Risiko")


class AIActRole(models.TextChoices):
    PROVIDER = "provider", _("Anbieter")
    DEPLOYER = "deployer", _("Betreiber")


class AssessmentKind(models.TextChoices):
    DPIA = "dpia", _("Datenschutz-Folgenabschätzung")
    FRIA = "fria", _("Grundrechte-Folgenabschätzung")
    OTHER = "other", _("andere Folgenabschätzung")
