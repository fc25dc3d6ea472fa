from django.db import models
from django.utils.translation import gettext_lazy as _


class PageKind(models.TextChoices):
    """The pages a German public body's website must have."""

    ACCESSIBILITY = "accessibility", _("Erklärung zur Barrierefreiheit")
    IMPRINT = "imprint", _("Impressum")
    PRIVACY = "privacy", _("Datenschutzerklärung")


class Conformance(models.TextChoices):
    """State of conformance with BITV 2.0 (EU implementing decision 2018/1523, section 1(a))."""

    FULL = "full", _("vollständig vereinbar")
    PARTIAL = "partial", _("teilweise vereinbar")
    NONE = "none", _("nicht vereinbar")
