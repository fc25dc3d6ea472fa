"""Named actions on the mandatory pages: organisers save a page; anyone reports a barrier.

``legal.page.saved`` and ``legal.feedback.received`` are audit-logged. Pages are site-wide; the
permission is ``legal.edit``, which an organiser of any hearing holds.
"""

import logging
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from hearing.core.audit import log_action
from hearing.core.errors import InputError
from hearing.core.permissions import require
from hearing.core.ratelimit import check_public_limit
from hearing.core.text import limited
from hearing.legal.defaults import DEFAULT_ENFORCEMENT, DEFAULT_PREPARED, DEFAULT_TEXT
from hearing.legal.enums import Conformance, PageKind
from hearing.legal.models import FEEDBACK_MAX, TEXT_MAX, Feedback, LegalPage

logger = logging.getLogger(__name__)

FEEDBACK_LIMIT = 3  # reports per browser session and window
FEEDBACK_WINDOW = 3600  # seconds


@dataclass(frozen=True)
class Shown:
    """What a page shows in one language: the organisers' text or the default, and whether the
    organisers have written it (the Technik-Check asks)."""

    kind: str
    text: str
    conformance: str
    enforcement: str
    written: bool
    modified: object = None
    # The accessibility statement's date of preparation (a date): the organisers' own, else the
    # day they last saved it, else the shipped statement's.
    prepared: object = None


def shown(kind: str, language: str) -> Shown:
    page = LegalPage.objects.filter(kind=kind, language=language).first()
    if page is None or not page.text.strip():
        return Shown(
            kind=kind,
            text=str(DEFAULT_TEXT[kind]),
            conformance=page.conformance if page else Conformance.PARTIAL,
            enforcement=(page.enforcement if page and page.enforcement else "")
            or str(DEFAULT_ENFORCEMENT),
            written=False,
            modified=page.modified if page else None,
            prepared=DEFAULT_PREPARED,
        )
    return Shown(
        kind=kind,
        text=page.text,
        conformance=page.conformance,
        enforcement=page.enforcement or str(DEFAULT_ENFORCEMENT),
        written=True,
        modified=page.modified,
        prepared=page.prepared or timezone.localdate(page.modified),
    )


def save_page(
    kind: str,
    language: str,
    *,
    text: str,
    conformance: str,
    enforcement: str,
    actor,
    prepared=None,
) -> LegalPage:
    """Save the organisers' text of page ``kind`` in ``language``.

    Raises PermissionDenied unless ``actor`` holds ``legal.edit``; InputError (core.text) when a
    text is longer than TEXT_MAX characters (nothing is cut); ValueError for an unknown kind,
    language or conformance (the form offers only known ones).
    """
    require(actor, "legal.edit")
    if kind not in PageKind.values or language not in dict(settings.LANGUAGES):
        raise ValueError(f"unknown page {kind!r} / {language!r}")
    if conformance not in Conformance.values:
        raise ValueError(f"unknown conformance {conformance!r}")
    text = limited(text, max_length=TEXT_MAX, label=_("Der Text"))
    enforcement = limited(enforcement, max_length=TEXT_MAX, label=_("Die Durchsetzungsstelle"))
    with transaction.atomic():
        page, _created = LegalPage.objects.update_or_create(
            kind=kind,
            language=language,
            defaults={
                "text": text,
                "conformance": conformance,
                "enforcement": enforcement,
                "prepared": prepared,
                "modified_by": actor,
            },
        )
        log_action(
            "legal.page.saved",
            actor,
            page,
            {"kind": kind, "language": language, "chars": len(text)},
        )
    return page


def organiser_addresses() -> list[str]:
    """Who hears of a reported barrier: organisers of any hearing, and administrators."""
    users = get_user_model().objects.filter(is_active=True).exclude(email="")
    chosen = users.filter(Q(is_superuser=True) | Q(hearing_roles__role="organizer")).distinct()
    return sorted({user.email for user in chosen})


def submit_feedback(
    *, text: str, contact: str, page_url: str, language: str, session_key: str, address: str
) -> Feedback:
    """Take a report of a barrier and tell the organisers by e-mail after the commit.

    Raises RateLimited after FEEDBACK_LIMIT reports of one browser session in FEEDBACK_WINDOW
    seconds (or a whole venue's ceiling, core.ratelimit); InputError for an empty text, a text
    over FEEDBACK_MAX characters or a contact over 200 (nothing is cut). The report is stored
    before any mail goes out: a mail server that is away loses nothing.
    """
    text = limited(text, max_length=FEEDBACK_MAX, label=_("Die Beschreibung"))
    if not text:
        raise InputError(_("Bitte beschreiben Sie, was nicht barrierefrei ist."), field="text")
    contact = limited(contact, max_length=200, label=_("Die Kontaktangabe"), multiline=False)
    check_public_limit(
        "legal.feedback",
        personal=[session_key],
        address=address,
        limit=FEEDBACK_LIMIT,
        window=FEEDBACK_WINDOW,
        what=_("Meldungen"),
    )
    with transaction.atomic():
        feedback = Feedback.objects.create(
            text=text, contact=contact, page_url=page_url[:500], language=language[:5]
        )
        log_action("legal.feedback.received", None, feedback, {"language": feedback.language})
        transaction.on_commit(lambda: _tell_organisers(feedback), robust=True)
    return feedback


def delete_feedback(feedback: Feedback, *, actor) -> None:
    """An organiser deletes a report once it is dealt with (the privacy notice promises it is
    kept only until then). Raises PermissionDenied unless ``actor`` may edit the legal pages."""
    require(actor, "legal.edit")
    with transaction.atomic():
        pk = feedback.pk
        deleted, _rows = Feedback.objects.filter(pk=pk).delete()
        if deleted:  # a second click on a report already gone changes nothing
            log_action("legal.feedback.deleted", actor, None, {"feedback": pk})


def _tell_organisers(feedback: Feedback) -> None:
    recipients = organiser_addresses()
    if not recipients:
        logger.warning(
            "Barriere gemeldet (%s), aber keine Organisator*in hat eine E-Mail", feedback.pk
        )
        return
    body = _(
        "Über die Erklärung zur Barrierefreiheit wurde eine Barriere gemeldet:\n\n%(text)s\n\n"
        "Kontakt: %(contact)s\nSeite: %(page)s"
    ) % {
        "text": feedback.text,
        "contact": feedback.contact or "—",
        "page": feedback.page_url or "—",
    }
    try:
        send_mail(_("Hearing: Barriere gemeldet"), body, settings.DEFAULT_FROM_EMAIL, recipients)
    except OSError:
        logger.exception("Meldung %s: E-Mail an die Organisation nicht gesendet", feedback.pk)
