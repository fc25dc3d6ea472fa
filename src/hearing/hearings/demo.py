"""Demo step: the hearing of 7 June 2024 and its agenda, in the seed's order."""

from datetime import date, time

from django.contrib.auth import get_user_model

from hearing.core.upsert import upsert
from hearing.hearings.enums import HearingRoleKind, ItemKind
from hearing.hearings.models import AgendaItem, Hearing, HearingRole

DESCRIPTION = (
    "Ziel des Hearings ist es, den Stadträt*innen und Interessent*innen einen Einblick in die Chancen und "
    "Risiken des Einsatzes von Künstlicher Intelligenz in der Stadtverwaltung zu geben und sowohl bereits "
    "bestehende Anwendungen als auch geplante Lösungen vorzustellen.\n\n"
    "Impulsvorträge mit Fragerunden, ein interaktiver KI-Marktplatz und eine abschließende Diskussionsrunde "
    "im Plenum schaffen die Grundlage für strategische Leitplanken für den Einsatz von KI in der "
    "Landeshauptstadt München. Die Öffentlichkeit kann per Livestream teilnehmen; der Livestream wird "
    "aufgezeichnet und dokumentiert."
)

# position, title, kind, start, minutes, speakers (seed names only), note, description
AGENDA = [
    (
        1,
        "Begrüßung",
        ItemKind.WELCOME,
        time(9, 30),
        15,
        ["Dominik Krause", "Dr. Laura Dornheim"],
        "Oberbürgermeister/Bürgermeister und Referatsleitung des IT-Referats",
        "Begrüßung durch den OB/Bürgermeister und die Referatsleitung des IT-Referats.",
    ),
    (
        2,
        "Einführung in das Thema Künstliche Intelligenz",
        ItemKind.TALK_QA,
        time(9, 45),
        35,
        [],
        "Externer Vortrag",
        "Erklärung der neuesten Form von KI und des Unterschieds zu deterministischen Algorithmen; "
        "theoretische Grundlagen und wissenschaftliche Beiträge. Mit Fragerunde.",
    ),
    (
        3,
        "Impulsvortrag: Verantwortungsvoller und effektiver Einsatz von KI",
        ItemKind.TALK_QA,
        time(10, 20),
        35,
        [],
        "Externer Impulsvortrag",
        "Ethische und regulatorische Maßnahmen als Voraussetzung für die Nutzung der Potenziale von KI, "
        "inklusive der spezifischen Anforderungen an die Verwaltung. Mit Fragerunde.",
    ),
    (
        4,
        "Vorstellung des KI Competence Centers und des KI-Projekt- und Service-Portfolios der LHM",
        ItemKind.PRESENTATION,
        time(10, 55),
        30,
        [],
        "KI Competence Center des IT-Referats",
        "Das KI Competence Center stellt sich vor und zeigt die bereits bei der LHM vorhandenen KI-Projekte "
        "und Services, im Vergleich mit anderen deutschen und internationalen Kommunen.",
    ),
    (
        5,
        "KI-Marktplatz: Praxisbeispiele an Ständen",
        ItemKind.MARKETPLACE,
        time(11, 25),
        60,
        [],
        "Stände intern und extern",
        "Praxisbeispiele (intern und extern) an Ständen des KI-Marktplatzes, inklusive Beispiele aus anderen "
        "Ländern und Kommunen.",
    ),
    (
        6,
        "Moderierte Diskussionsrunde im Plenum",
        ItemKind.DISCUSSION,
        time(12, 25),
        50,
        [],
        "Mit den Vortragenden der Impulse",
        "Chancen, Herausforderungen und Handlungsimplikationen für nachhaltige kommunale Handlungskonzepte "
        "der Stadt München, auf Basis der gesammelten Impulse.",
    ),
    (7, "Abschluss", ItemKind.CLOSING, time(13, 15), 15, [], "", "Zusammenfassung und Ausblick."),
]

DEMO_USERS = [
    ("organisation", "demo-organisation-2024", HearingRoleKind.ORGANIZER, True),
    ("moderation", "demo-moderation-2024", HearingRoleKind.MODERATOR, False),
    ("schriftdolmetschen", "demo-untertitel-2024", HearingRoleKind.CAPTIONER, False),
]


def load(context: dict) -> None:
    hearing, _ = upsert(
        Hearing,
        {"slug": "ki-stadtratshearing-2024"},
        {
            "body": context["body"],
            "title": "Stadtratshearing „Künstliche Intelligenz – Einsatz in der Stadtverwaltung“",
            "date": date(2024, 6, 7),
            "planned_start": time(9, 30),
            "planned_end": time(13, 30),
            "location": context["location"],
            "is_hybrid": True,
            "occasion": "Digitaltag 2024",
            "description": DESCRIPTION,
        },
    )
    hearing.papers.set(context["papers"])
    for position, title, kind, start, minutes, speakers, note, description in AGENDA:
        item, _ = upsert(
            AgendaItem,
            {"hearing": hearing, "position": position},
            {
                "number": str(position),
                "title": title,
                "kind": kind,
                "planned_start": start,
                "planned_duration": minutes,
                "speaker_note": note,
                "description": description,
            },
        )
        item.speakers.set([context["persons"][name] for name in speakers])
    users = []
    for username, password, role, is_staff in DEMO_USERS:
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            user = get_user_model().objects.create_user(
                username, password=password, is_staff=is_staff
            )
            if is_staff:
                user.is_superuser = True
                user.save(update_fields=["is_superuser"])
        HearingRole.objects.get_or_create(hearing=hearing, user=user, role=role)
        users.append((username, password, role.label))
    context.update(hearing=hearing, demo_users=users)
