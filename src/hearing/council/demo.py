"""Demo step: the city, its bodies, the papers and the statements from the seed."""

from datetime import date

from hearing.core.upsert import upsert
from hearing.council.models import (
    Body,
    LegislativeTerm,
    Location,
    Membership,
    Organization,
    Paper,
    Person,
    Statement,
)

ORGANIZATIONS = [
    # key, name, short name, classification, parent key
    ("council", "Stadtrat der Landeshauptstadt München", "Stadtrat", "Gremium", None),
    ("it_committee", "IT-Ausschuss", "IT-Ausschuss", "Ausschuss", "council"),
    ("rit", "IT-Referat", "RIT", "Referat", None),
    ("kicc", "KI Competence Center", "KICC", "Organisationseinheit", "rit"),
    ("gst", "Gleichstellungsstelle für Frauen", "GSt", "Dienststelle", None),
    ("gpr", "Gesamtpersonalrat der LHM", "GPR", "Personalvertretung", None),
    ("dir", "Direktorium", "Dir", "Referat", None),
    ("spd_volt", "SPD / Volt - Fraktion", "SPD/Volt", "Fraktion", "council"),
    ("gruene", "Fraktion Die Grünen - Rosa Liste", "Grüne - Rosa Liste", "Fraktion", "council"),
    ("digitalrat", "Digitalrat der LHM", "Digitalrat", "Gremium", None),
]

# Only the names the seed gives; their roles as the seed states them.
PERSONS = [
    ("Dominik Krause", "", "Dominik", "Krause", "2. Bürgermeister", "council", "Vorsitzender"),
    (
        "Dr. Laura Dornheim",
        "Dr.",
        "Laura",
        "Dornheim",
        "Berufsm. Stadträtin, Referentin des IT-Referats",
        "rit",
        "Referentin",
    ),
    (
        "Sabine Bär",
        "",
        "Sabine",
        "Bär",
        "Stadträtin, Korreferentin des IT-Referats",
        "council",
        "Korreferentin",
    ),
    (
        "Lars Mentrup",
        "",
        "Lars",
        "Mentrup",
        "Stadtrat, Verwaltungsbeirat RIT-I",
        "council",
        "Verwaltungsbeirat RIT-I",
    ),
    (
        "Hans Hammer",
        "",
        "Hans",
        "Hammer",
        "Stadtrat, Verwaltungsbeirat RIT-II",
        "council",
        "Verwaltungsbeirat RIT-II",
    ),
    (
        "Judith Greif",
        "",
        "Judith",
        "Greif",
        "Stadträtin, Verwaltungsbeirätin it@M",
        "council",
        "Verwaltungsbeirätin it@M",
    ),
]

STATEMENTS = [
    (
        1,
        "gst",
        "Die GSt zeichnet die o. g. Sitzungsvorlage mit und bittet um Einbezug in die Vorbereitung zum Hearing, "
        "da die Geschlechterperspektive zu diesem Thema hohe Relevanz hat.",
        "Das IT-Referat bedankt sich für die Mitzeichnung der Beschlussvorlage. Wir freuen uns über die Teilnahme "
        "des GSt am Hearing.",
    ),
    (
        2,
        "gpr",
        "Der Gesamtpersonalrat unterstützt es grundsätzlich, dass auch für die öffentliche Verwaltung brandaktuelle "
        "Thema KI mit einem breiten Experten- bzw. Betroffenenkreis in Form eines Hearings zu diskutieren und damit "
        "der gesamten Stadtgesellschaft bekannt zu machen.",
        "Das IT-Referat bedankt sich für die Unterstützung.",
    ),
    (
        3,
        "gpr",
        "Uns ist bewusst, dass die Landeshauptstadt schon aufgrund vielfältiger Herausforderungen die Chancen solcher "
        "Technologien nutzen muss. Dabei ist ein verantwortungsvoller Umgang mit möglichen Risiken ein zentraler "
        "Aspekt, sowohl in Richtung der Bürgerschaft als auch in Richtung unserer Beschäftigten.",
        "",
    ),
    (
        4,
        "gpr",
        "Bereits vor dem Hearing möchten wir Sie daher bitten, sowohl die politisch Verantwortlichen als auch die "
        "künftigen Projektverantwortlichen zu sensibilisieren und möglichst frühzeitig die Belange unserer "
        "Beschäftigten in allen Überlegungen mitzudenken.",
        "Das IT-Referat plant aktuell einen Workshop für den ÖPR und würde sich freuen, auch mit dem GPR einen "
        "entsprechenden Workshop einplanen zu können.",
    ),
    (
        5,
        "gpr",
        "Die beispielsweise mit der Nutzung von KI einhergehende Möglichkeit zur Automatisierung repetitiver und "
        "zeitaufwendiger Aufgaben sehen wir durchaus als Chance unsere Beschäftigten von monotonen und "
        "fehleranfälligen Tätigkeiten zu entlasten. Die Gestaltung neuer Arbeitsprozesse und Verantwortlichkeiten "
        "wird eine der großen Herausforderungen der Zukunft sein. Eine umfassende Analyse der angestrebten "
        "Veränderungen unter Einbindung der zuständigen Personalvertretungen ist aus unserer Sicht unumgänglich.",
        "Das IT-Referat wird die Einbindung des jeweils zuständigen Personalratgremiums frühzeitig anstoßen.",
    ),
    (
        6,
        "gpr",
        "Den Technologischen Fortschritt nutzen und gleichzeitig die berechtigten Anforderungen unserer Beschäftigten "
        "und der gesamten Stadtgesellschaft zu berücksichtigen wird der Schlüssel zur Lösung zahlreicher aktueller "
        "Probleme sein.",
        "Das IT-Referat sieht dies genauso.",
    ),
    (
        7,
        "gpr",
        "Beim Einsatz von KI und Automatisierung ist der Wegfall von Arbeitsplätzen nicht immer zu vermeiden. Dessen "
        "sind wir uns bewusst. Es wird hier dringend, auch im Sinne der DigitalCharta der LHM, nach Lösungen für "
        "diese Kolleginnen und Kollegen zu suchen sein, sei es durch geeignete Qualifizierungsmaßnahmen oder durch "
        "Umorientierung in geeignete neue Aufgabenbereiche. Es ist uns wichtig, dass bei allen, die Implementierung "
        "von KI und Automatisierung betreffenden Themen, auf eine sozialverträgliche Umsetzung geachtet wird und "
        "betroffene Beschäftigte frühzeitig einbezogen werden. Die Personalvertretungen werden sich hierbei aktiv "
        "einbringen.",
        "Das IT-Referat ist sich der Herausforderung bewusst und freut sich über eine enge Zusammenarbeit mit dem GPR "
        "bei der Erarbeitung einer Lösung.",
    ),
    (
        8,
        "gpr",
        "Darüber hinaus sind wir besonders an den zu entwickelnden strategischen Maßnahmen, der Festlegungen "
        "ethischer Aspekte und dem nachhaltigen kommunalen Handlungskonzept interessiert. Wir begrüßen die "
        "umfassende Betrachtung und Abdeckung der einzelnen Themenaspekte, um Struktur und Sicherheit in die "
        "fortlaufende Entwicklung dieser strategisch wichtigen Themen zu bringen. Im Interesse unserer Beschäftigten "
        "bieten wir unsere Zusammenarbeit an.",
        "Das IT-Referat bedankt sich für die Unterstützung. Gerne verweisen wir hier auf die Erstellung des "
        "Datenethikkodex, den wir in Abstimmung mit dem GPR weiterentwickeln möchten.",
    ),
    (
        9,
        "gpr",
        "Aufgrund der rasanten Entwicklung und geplanten Einsätze dieser Art Technologie sollten wir in enger "
        "Zusammenarbeit schnellstmöglich auf geeignete Leitlinien und Vorgaben hinarbeiten.",
        "Das IT-Referat bedankt sich für die Unterstützung.",
    ),
]


def load(context: dict) -> None:
    body, _ = upsert(
        Body,
        {"name": "Landeshauptstadt München"},
        {
            "short_name": "LHM",
            "website": "https://stadt.muenchen.de/",
            "ags": "09162000",
            "classification": "Kreisfreie Stadt",
        },
    )
    upsert(
        LegislativeTerm,
        {"body": body, "name": "Wahlperiode 2020–2026"},
        {"start_date": date(2020, 5, 1), "end_date": date(2026, 4, 30)},
    )
    orgs: dict[str, Organization] = {}
    for key, name, short, classification, parent in ORGANIZATIONS:
        orgs[key], _ = upsert(
            Organization,
            {"body": body, "name": name},
            {"short_name": short, "classification": classification, "parent": orgs.get(parent)},
        )
    persons: dict[str, Person] = {}
    for name, title, given, family, role, org, membership_role in PERSONS:
        person, _ = upsert(
            Person,
            {"body": body, "name": name},
            {
                "title": title,
                "given_name": given,
                "family_name": family,
                "role": role,
                "affiliation": orgs[org],
                "is_public": True,
            },
        )
        upsert(
            Membership, {"person": person, "organization": orgs[org], "role": membership_role}, {}
        )
        persons[name] = person
    location, _ = upsert(
        Location,
        {"body": body, "description": "IT-Rathaus"},
        {
            "street_address": "Agnes-Pockels-Bogen",
            "postal_code": "80992",
            "locality": "München",
            "room": "Qubes",
        },
    )
    motion, _ = upsert(
        Paper,
        {"body": body, "reference": "20-26 / A 04055"},
        {
            "name": "Stadtratshearing „Einsatz Künstlicher Intelligenz in der Stadtverwaltung“",
            "paper_type": "Antrag",
            "date": date(2023, 8, 1),
            "received_date": date(2023, 8, 1),
            "summary": (
                "Das IT-Referat wird gebeten, im zweiten Quartal 2024 ein Stadtratshearing zum Thema "
                "„Künstliche Intelligenz – Einsatz in der Stadtverwaltung – Heute und Morgen – Chancen und "
                "Risiken“ durchzuführen."
            ),
        },
    )
    motion.originators.set([orgs["spd_volt"], orgs["gruene"]])
    resolution, _ = upsert(
        Paper,
        {"body": body, "reference": "20-26 / V 12687"},
        {
            "name": "Künstliche Intelligenz in der Stadtverwaltung",
            "paper_type": "Sitzungsvorlage",
            "date": date(2024, 4, 17),
            "decision_date": date(2024, 4, 17),
            "decided_by": orgs["it_committee"],
            "summary": (
                "Beschluss des IT-Ausschusses vom 17.04.2024 (SB), öffentliche Sitzung: Das IT-Referat wird "
                "beauftragt, ein KI-Stadtratshearing durchzuführen. Beschluss: nach Antrag."
            ),
        },
    )
    resolution.originators.set([orgs["rit"]])
    resolution.related_papers.set([motion])
    for number, org, comment, response in STATEMENTS:
        upsert(
            Statement,
            {"paper": resolution, "number": number},
            {
                "organization": orgs[org],
                "comment": comment,
                "response": response,
                "responded_by": orgs["rit"] if response else None,
            },
        )
    context.update(
        body=body,
        organizations=orgs,
        persons=persons,
        location=location,
        papers=[motion, resolution],
    )
