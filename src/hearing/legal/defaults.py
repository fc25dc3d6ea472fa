"""The texts a page shows until the organisers write their own (German and English).

They say plainly that they are placeholders: a public body must fill in who it is (§ 5 DDG),
how to reach its data protection officer (Art. 13 GDPR) and which body enforces accessibility
(BITV 2.0, § 7)."""

from datetime import date

from django.utils.translation import gettext_lazy as _

from hearing.legal.enums import PageKind

DEFAULT_TEXT = {
    PageKind.ACCESSIBILITY: _(
        "Diese Plattform soll barrierefrei nutzbar sein: Seiten nach WCAG 2.1 AA, mit Tastatur "
        "bedienbar, mit Screenreadern getestet (axe-core bei jedem Test). Der Livestream hat "
        "Live-Untertitel (unter dem Bild, auf der Großleinwand und auf einer eigenen "
        "Untertitel-Seite für Screenreader und zweite Bildschirme), auf Wunsch das Bild einer "
        "Gebärdensprachdolmetschung daneben und die Auswahl „Nur Ton“ für schwache "
        "Verbindungen.\n\n"
        "Bekannte Einschränkungen: Live-Untertitel werden automatisch erzeugt und kommen meist "
        "ein bis zwei Sekunden nach dem gesprochenen Wort; ist der Server überlastet, steht auf "
        "den Seiten „Untertitel verzögert“ und ein Teil fehlt. Sie können Fehler enthalten, "
        "solange sie niemand als Schriftdolmetscher*in korrigiert; unter dem Video gehören sie "
        "zum Live-Ton, nicht zu einer zurückgespulten Stelle. Automatisch erzeugte Transkripte "
        "können Fehler enthalten, bis sie durchgesehen sind. Hochgeladene Folien und Dokumente "
        "Dritter sind nicht immer barrierefrei.\n\n"
        "(Diesen Text haben die Organisator*innen noch nicht angepasst.)"
    ),
    PageKind.IMPRINT: _(
        "Noch nicht ausgefüllt: Die Organisator*innen tragen hier ein, wer diese Plattform "
        "anbietet (Name, Anschrift, Vertretung, Kontakt; § 5 Digitale-Dienste-Gesetz)."
    ),
    PageKind.PRIVACY: _(
        "Noch nicht ausgefüllt: Die Organisator*innen tragen hier die Verantwortliche Stelle, "
        "die Kontaktdaten der oder des Datenschutzbeauftragten und die Rechtsgrundlagen ein "
        "(Art. 13 DSGVO). Welche Daten die Plattform verarbeitet, steht unten."
    ),
}

# The day the shipped statement (DEFAULT_TEXT's accessibility text) was prepared, by the
# project's own assessment: every test run checks the pages with axe-core, keyboard use and
# screen-reader regions in a real browser. Updated with the text.
DEFAULT_PREPARED = date(2026, 12, 1)

DEFAULT_ENFORCEMENT = _(
    "Noch nicht ausgefüllt: die für diese Stelle zuständige Durchsetzungs- oder "
    "Schlichtungsstelle für Barrierefreiheit, mit Anschrift und Kontakt."
)
