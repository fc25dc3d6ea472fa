"""Demo step: the participant groups the seed names, with what each may do, registration
settings and clearly fictional invitees in every group that registers."""

from hearing.core.upsert import upsert
from hearing.participants.enums import Admission
from hearing.participants.models import Participant, ParticipantGroup, RegistrationSettings

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


# Fictional people only: the seed names no invitees.
INVITEES = {
    "stadtrat": [
        ("Beispiel Stadträtin A", "Stadtrat"),
        ("Beispiel Stadtrat B", "Stadtrat"),
        ("Beispiel Stadträtin C", "Stadtrat"),
    ],
    "berufsm-stadtraete": [
        ("Beispiel Referentin D", "Referat D"),
        ("Beispiel Referent E", "Referat E"),
    ],
    "gpr": [("Beispiel GPR-Vertreterin F", "GPR"), ("Beispiel GPR-Vertreter G", "GPR")],
    "digitalrat": [
        ("Beispiel Digitalrätin H", "Digitalrat"),
        ("Beispiel Digitalrat I", "Digitalrat"),
    ],
    "digitalisierungsmanager": [
        ("Beispiel Digitalisierungsmanagerin J", "Referat J"),
        ("Beispiel Digitalisierungsmanager K", "Eigenbetrieb K"),
    ],
    "beschaeftigte": [
        ("Beispiel Beschäftigte L", "IT-Referat"),
        ("Beispiel Beschäftigter M", "IT-Referat"),
    ],
}
SEAT_CAPACITY = 80


def _email(name: str) -> str:
    local = name.removeprefix("Beispiel ").lower()
    for german, plain in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss"), (" ", "-")):
        local = local.replace(german, plain)
    return f"{local}@example.org"


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
    upsert(RegistrationSettings, {"hearing": hearing}, {"seat_capacity": SEAT_CAPACITY})
    first = None
    for slug, people in INVITEES.items():
        for name, organisation in people:
            participant, _ = upsert(
                Participant,
                {"hearing": hearing, "email": _email(name)},
                {"name": name, "group": groups[slug], "organisation": organisation},
            )
            first = first or participant
    stdout = context.get("stdout")
    if stdout is not None and first is not None:
        from hearing.participants.domain.mail import personal_link

        stdout.write(f"  Persönlicher Demo-Link ({first.name}): {personal_link(first)}")
