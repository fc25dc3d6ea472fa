"""The mandatory pages, linked in every page's footer, and the barrier report."""

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from hearing.core.actions import form_error
from hearing.core.errors import UserError
from hearing.core.logfilters import ACCESS_LOG_SECONDS
from hearing.core.pagecache import public_page
from hearing.core.ratelimit import client_address, visitor_session
from hearing.legal.domain import pages
from hearing.legal.enums import PageKind
from hearing.legal.forms import FeedbackForm


def _language() -> str:
    language = (get_language() or settings.LANGUAGE_CODE)[:2]
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


@public_page
@require_safe
def imprint(request):
    page = pages.shown(PageKind.IMPRINT, _language())
    return render(request, "legal/page.html", {"page": page, "title": PageKind.IMPRINT.label})


@public_page
@require_safe
def privacy(request):
    page = pages.shown(PageKind.PRIVACY, _language())
    context = {
        "page": page,
        "title": PageKind.PRIVACY.label,
        "retention_days": settings.HEARING_RETENTION_DAYS,
        # An access log line lives through its own file and the next (core.logfilters).
        "access_log_minutes": 2 * ACCESS_LOG_SECONDS // 60,
    }
    return render(request, "legal/privacy.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
def accessibility(request):
    language = _language()
    page = pages.shown(PageKind.ACCESSIBILITY, language)
    status = 200
    if request.method == "POST":
        form = FeedbackForm(request.POST)
        if form.is_valid():
            try:
                pages.submit_feedback(
                    text=form.cleaned_data["text"],
                    contact=form.cleaned_data["contact"],
                    page_url=form.cleaned_data["page_url"],
                    language=language,
                    session_key=visitor_session(request),
                    address=client_address(request),
                )
            except UserError as exc:
                status = form_error(form, exc)
            else:
                # Said as it is: every report is in the back office; a mail only goes out
                # when an organiser has an address.
                if pages.organiser_addresses():
                    told = _(
                        "Danke! Ihre Meldung ist gespeichert; die Organisation sieht sie im "
                        "Backoffice und bekommt sie per E-Mail."
                    )
                else:
                    told = _(
                        "Danke! Ihre Meldung ist gespeichert; die Organisation sieht sie im "
                        "Backoffice."
                    )
                messages.success(request, told)
                return redirect("legal:accessibility")
        else:
            status = 400
    else:
        form = FeedbackForm(initial={"page_url": request.GET.get("from", "")[:500]})
    context = {"page": page, "title": PageKind.ACCESSIBILITY.label, "form": form}
    return render(request, "legal/accessibility.html", context, status=status)
