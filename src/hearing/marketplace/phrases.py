"""User-facing words of the marketplace used outside its own templates."""

from django.utils.translation import gettext_lazy as _

# The navigation link in core's base.html.
NAV_LABEL = _("Marktplatz")
