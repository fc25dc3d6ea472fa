"""Rules for a hearing's agenda, shared by the model, the admin formset and the domain."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.utils.translation import gettext as _


@dataclass(frozen=True)
class PlannedSlot:
    key: object
    title: str
    start: time
    minutes: int

    def bounds(self, day: date) -> tuple[datetime, datetime]:
        begin = datetime.combine(day, self.start)
        return begin, begin + timedelta(minutes=self.minutes)


def hearing_time_problems(planned_start: time | None, planned_end: time | None) -> dict[str, str]:
    if planned_start and planned_end and planned_end <= planned_start:
        return {"planned_end": _("Das Ende muss nach dem Beginn liegen.")}
    return {}


def agenda_problems(
    day: date, hearing_start: time, hearing_end: time, slots: list[PlannedSlot]
) -> dict[object, list[str]]:
    """Every problem of a planned agenda, keyed by the slot's key.

    A slot must lie inside the hearing's planned time and must not overlap another slot.
    """
    problems: dict[object, list[str]] = {}
    first = datetime.combine(day, hearing_start)
    last = datetime.combine(day, hearing_end)
    for slot in slots:
        if slot.minutes <= 0:
            problems.setdefault(slot.key, []).append(
                _("Die Dauer muss mindestens eine Minute sein.")
            )
            continue
        begin, end = slot.bounds(day)
        if begin < first or end > last:
            problems.setdefault(slot.key, []).append(
                _(
                    "„%(title)s“ (%(begin)s–%(end)s) liegt außerhalb der Zeit des Hearings (%(first)s–%(last)s)."
                )
                % {
                    "title": slot.title,
                    "begin": begin.strftime("%H:%M"),
                    "end": end.strftime("%H:%M"),
                    "first": first.strftime("%H:%M"),
                    "last": last.strftime("%H:%M"),
                }
            )
    timed = sorted((s for s in slots if s.minutes > 0), key=lambda s: s.start)
    for earlier, later in zip(timed, timed[1:], strict=False):
        if earlier.bounds(day)[1] > later.bounds(day)[0]:
            problems.setdefault(later.key, []).append(
                _("„%(title)s“ überschneidet sich mit „%(other)s“.")
                % {"title": later.title, "other": earlier.title}
            )
    return problems
