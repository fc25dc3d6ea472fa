"""User-facing sentences of the hearings app in one place."""

from django.utils.translation import gettext_lazy as _

STARTED = _("„%(title)s“ läuft jetzt.")
ENDED = _("„%(title)s“ ist beendet.")
