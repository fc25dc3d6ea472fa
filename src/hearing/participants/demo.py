"""Demo step: the participant groups the seed names, with what each may do."""

from hearing.core.upsert import upsert
from hearing.participants.enums import Admission
from hearing.participants.models import ParticipantGroup

INTERACTIVE = {
    "may_ask_questions": True,
    "may_join_speakers_list": True,
    "may_attend_in_person": True,
    "may_attend_virtually": True,
    "admission": Admission.INVITATION,
}
ATTENDING = {
    "may_ask_questions": False,
    "may_join_speakers_list": False,
    "may_attend_in_person": True,
    "may_attend_virtually": True,
    "admission": Admission.INVITATION,
}

GROUPS = [
    ("stadtrat", "Mitglieder des Stadtrats", INTERACTIVE),
    ("berufsm-stadtraete", "Berufsmäßige Stadträt*innen", INTERACTIVE),
    ("gpr", "Vertreter*innen des Gesamtpersonalrats der LHM", INTERACTIVE),
    ("digitalrat", "Digitalrat der LHM", ATTENDING),
    (
        "digitalisierungsmanager",
        "Digitalisierungsmanager*innen der Referate und Eigenbetriebe",
        ATTENDING,
    ),
    (
        "beschaeftigte",
        "Beschäftigte der LHM",
        {**ATTENDING, "admission": Admission.SELF_REGISTRATION},
    ),
    (
        "oeffentlichkeit",
        "Bürger*innen (Livestream)",
        {
            "may_ask_questions": False,
            "may_join_speakers_list": False,
            "may_attend_in_person": False,
            "may_attend_virtually": False,
            "admission": Admission.OPEN,
        },
    ),
]


def load(context: dict) -> None:
    hearing = context["hearing"]
    groups = {}
    for position, (slug, name, capabilities) in enumerate(GROUPS, start=1):
        groups[slug], _ = upsert(
            ParticipantGroup,
            {"hearing": hearing, "slug": slug},
            {"name": name, "position": position, **capabilities},
        )
    context["groups"] = groups
