import sys

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentationConfig(AppConfig):
    name = "hearing.documentation"
    label = "documentation"
    verbose_name = _("Dokumentation")

    def ready(self):
        import logging

        from django.conf import settings

        # faster-whisper and WeasyPrint log every window and layout step at INFO.
        if logging.getLogger().getEffectiveLevel() >= logging.INFO:
            for name in ("faster_whisper", "weasyprint", "fontTools"):
                logging.getLogger(name).setLevel(logging.WARNING)

        from hearing.documentation import signals  # noqa: F401

        # Embedded default: the web server runs jobs in a thread; ``hearing worker`` is the
        # alternative for separate worker processes (HEARING_JOB_WORKER=0).
        if settings.JOB_WORKER and len(sys.argv) > 1 and sys.argv[1] == "serve":
            from hearing.documentation.domain.jobs import start_background_worker

            start_background_worker()
