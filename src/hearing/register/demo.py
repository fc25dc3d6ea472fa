"""Demo step: Munich's eight AI systems and the Dutch and UK registers to compare them with."""

from hearing.register.domain.importers import import_source
from hearing.register.enums import Source


def load(context: dict) -> None:
    reports = [import_source(source) for source in (Source.MUNICH, Source.NL, Source.UK)]
    context["register_reports"] = reports
    stdout = context.get("stdout")
    if stdout is not None:
        for report in reports:
            stdout.write(f"  KI-Register {report.summary()}")
