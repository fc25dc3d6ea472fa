"""User-facing sentences of the participants app in one place."""

from django.utils.translation import gettext_lazy as _

LINK_PROBLEMS = {
    "tampered": _(
        "Dieser Link ist ungültig. Bitte prüfen Sie, ob er vollständig kopiert wurde, "
        "oder wenden Sie sich an das Organisationsteam."
    ),
    "expired": _(
        "Dieser Link ist abgelaufen. Das Organisationsteam kann Ihnen einen neuen schicken."
    ),
    "revoked": _(
        "Dieser Link wurde widerrufen oder durch einen neueren ersetzt. Bitte verwenden Sie den "
        "Link aus der neuesten E-Mail oder wenden Sie sich an das Organisationsteam."
    ),
}

REGISTERED = _("Sie sind angemeldet: %(mode)s.")
WAITING = _(
    "Vor Ort sind alle Plätze vergeben. Sie stehen auf der Warteliste (Platz %(position)s) und "
    "bekommen eine E-Mail, sobald ein Platz frei wird."
)
CANCELLED = _("Ihre Anmeldung ist abgesagt.")
NOT_ALLOWED_MODE = _("Diese Teilnahmeart ist für Ihre Gruppe nicht vorgesehen.")
FULL_KEEP_VIRTUAL = _("Vor Ort sind alle Plätze vergeben; Sie bleiben virtuell angemeldet.")
CONSENT_REQUIRED = _(
    "Das Hearing wird aufgezeichnet und übertragen; ohne diese Einwilligung ist eine Anmeldung "
    "nicht möglich."
)
REGISTRATION_CLOSED = _("Die Anmeldung ist geschlossen.")
LINK_REVOKED_STATE = _("Ihre Einladung wurde widerrufen.")

CHECKIN_OK = _("Eingecheckt: %(who)s.")
CHECKIN_UNKNOWN = _("Unbekannter Code. Bitte noch einmal scannen oder eintippen.")
CHECKIN_REVOKED = _("Dieses Ticket ist ungültig (Einladung widerrufen).")
CHECKIN_CANCELLED = _("Dieses Ticket ist ungültig (Anmeldung abgesagt).")
CHECKIN_NOT_IN_PERSON = _("Dieses Ticket gilt nicht für die Teilnahme vor Ort.")
CHECKIN_USED = _("Dieses Ticket wurde bereits um %(time)s eingecheckt.")
CHECKIN_EMPTY = _("Bitte einen Code eingeben.")

SELF_REGISTRATION_SENT = _(
    "Danke! Wir haben eine E-Mail an die angegebene Adresse geschickt. Bitte bestätigen Sie "
    "Ihre Anmeldung über den Link darin."
)
RATE_LIMITED = _("Zu viele Anmeldeversuche. Bitte versuchen Sie es in einer Stunde noch einmal.")
DATA_ERASED = _("Ihre persönlichen Daten wurden gelöscht.")

INVITATIONS_SENT = _("%(count)s Einladung(en) verschickt.")
INVITATION_RESENT = _("Einladung an %(name)s erneut verschickt.")
INVITATION_REVOKED = _("Einladung von %(name)s widerrufen.")
IMPORTED = _("%(count)s Eingeladene importiert.")
IMPORT_NOTHING = _("Keine gültigen Zeilen zum Importieren.")
IMPORT_DONE_ALREADY = _("Dieser Import wurde bereits übernommen.")
