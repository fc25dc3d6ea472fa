"""The site's mandatory pages (accessibility statement, Impressum, privacy notice) and the
feedback that the accessibility statement's form collects."""

from django.conf import settings
from django.db import models

from hearing.legal.enums import Conformance, PageKind

TEXT_MAX = 20_000  # characters of one page's text
FEEDBACK_MAX = 4_000


class LegalPage(models.Model):
    """One page in one language, as the organisers wrote it. Until they do, the page shows the
    shipped default text (hearing.legal.defaults) and says so to them."""

    kind = models.CharField(max_length=20, choices=PageKind.choices)
    language = models.CharField(max_length=5, choices=settings.LANGUAGES)
    text = models.TextField(blank=True, default="")
    # The accessibility statement only: BITV 2.0's state of conformance and who enforces it.
    conformance = models.CharField(
        max_length=10, choices=Conformance.choices, default=Conformance.PARTIAL
    )
    enforcement = models.TextField(blank=True, default="")
    # The accessibility statement only: the day it was prepared (BITV 2.0 § 7 (1), the EU model
    # statement of Implementing Decision (EU) 2018/1523); empty: the day it was last saved.
    prepared = models.DateField(null=True, blank=True)
    modified = models.DateTimeField(auto_now=True)
    modified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "language"], name="legal_page_once")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.language})"


class Feedback(models.Model):
    """A barrier someone reported through the accessibility statement's form."""

    created = models.DateTimeField(auto_now_add=True)
    text = models.TextField(max_length=FEEDBACK_MAX)
    contact = models.CharField(max_length=200, blank=True, default="")
    page_url = models.CharField(max_length=500, blank=True, default="")
    language = models.CharField(max_length=5, default="de")

    class Meta:
        ordering = ["-created"]

    def __str__(self) -> str:
        return self.text[:60]
