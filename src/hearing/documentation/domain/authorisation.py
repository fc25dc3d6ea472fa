"""Speakers authorise their own passages before the record is published (issue 14, Deliver 2).

When a transcript goes to review, every speaker named in its segments gets an
:class:`~hearing.documentation.models.Authorisation`: a personal link (signed, carrying the row's
nonce) to their passages only, with the deadline the organisers set. Speakers with an e-mail
address (from the hearing's participants of the same name, or typed in by an organiser) get the
link by e-mail after the commit, and a reminder REMIND_BEFORE the deadline (the job worker looks
every minute; :func:`remind_due` may also run from cron). A speaker proposes corrections and
approves; organisers accept or refuse each proposal. The protocol marks each passage authorised or
not (:func:`authorised_segments`).

Each action is one transaction with its audit entry; "at most one" is the database's:
one authorisation per transcript and speaker, one open proposal per segment, and an approval or a
reminder is a conditional UPDATE that only one of several concurrent requests wins.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMessage
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hearing.core.audit import log_action
from hearing.core.errors import InputError, StateError, UserError
from hearing.core.permissions import require
from hearing.core.publication import Publication
from hearing.core.text import limited
from hearing.documentation.domain.editing import MAX_TEXT, correct_segment, rebuild_pdf
from hearing.documentation.enums import AuthorisationStatus, ProposalState
from hearing.documentation.models import Authorisation, Proposal, Segment, Transcript

SALT = "hearing.documentation.authorisation"
DEFAULT_DAYS = 7  # the deadline the review form suggests: a week
LONGEST = timedelta(days=90)  # a deadline further away than this is a typing error
REMIND_BEFORE = timedelta(days=2)  # the reminder, unless the link went out later than half-way
INVITATION_SUBJECT = gettext_lazy("Bitte autorisieren Sie Ihre Redebeiträge: %(hearing)s")
REMINDER_SUBJECT = gettext_lazy("Erinnerung: Autorisierung bis %(deadline)s – %(hearing)s")


class LinkError(UserError):
    """The personal link cannot be used (forged, for another hearing, or replaced)."""

    status = 404


# --- opening the review ---------------------------------------------------------------------------
def default_deadline(now: datetime | None = None) -> datetime:
    """DEFAULT_DAYS from ``now``, at the end of that day (local time)."""
    day = timezone.localdate(now or timezone.now()) + timedelta(days=DEFAULT_DAYS)
    return timezone.make_aware(datetime.combine(day, datetime.max.time().replace(microsecond=0)))


def parse_deadline(raw: str, now: datetime | None = None) -> datetime:
    """The review form's deadline (``YYYY-MM-DD``, the end of that day; empty: the default).

    Raises InputError (field ``deadline``) for a date that is not one, in the past, or more than
    LONGEST away.
    """
    now = now or timezone.now()
    raw = (raw or "").strip()
    if not raw:
        return default_deadline(now)
    try:
        day = datetime.strptime(raw[:10], "%Y-%m-%d").date()
    except ValueError:
        raise InputError(_("Die Frist ist kein Datum (JJJJ-MM-TT)."), field="deadline") from None
    deadline = timezone.make_aware(
        datetime.combine(day, datetime.max.time().replace(microsecond=0))
    )
    if deadline <= now:
        raise InputError(_("Die Frist liegt in der Vergangenheit."), field="deadline")
    if deadline - now > LONGEST:
        raise InputError(_("Die Frist liegt mehr als 90 Tage entfernt."), field="deadline")
    return deadline


def speakers_of(transcript: Transcript) -> dict[str, tuple[str, str]]:
    """Each speaker named in the transcript's segments → (e-mail, language) of the hearing's
    participant of the same name (ignoring case), or ("", site language)."""
    from hearing.participants.models import Participant

    names = (
        Segment.objects.filter(transcript=transcript)
        .exclude(speaker_name="")
        .values_list("speaker_name", flat=True)
        .distinct()
    )
    known = {}
    for participant in Participant.objects.filter(
        hearing_id=transcript.hearing_id, anonymised_at__isnull=True
    ).exclude(email=""):
        known.setdefault(participant.name.casefold(), (participant.email, participant.language))
    return {name: known.get(name.casefold(), ("", settings.LANGUAGE_CODE)) for name in names}


def _row(transcript, name, email, language, deadline) -> tuple[Authorisation, bool]:
    """The speaker's authorisation of ``transcript`` and whether it is new; at most one, by the
    database's constraint (doc_authorisation_once), also when two requests make it at once."""
    try:
        with transaction.atomic():
            return Authorisation.objects.get_or_create(
                transcript=transcript,
                speaker_name=name,
                defaults={
                    "hearing_id": transcript.hearing_id,
                    "email": email,
                    "language": language,
                    "deadline": deadline,
                },
            )
    except IntegrityError:  # made by a concurrent request a moment ago
        return Authorisation.objects.get(transcript=transcript, speaker_name=name), False


def open_review(transcript: Transcript, *, deadline: datetime, actor) -> list[Authorisation]:
    """Give every speaker of ``transcript`` an authorisation with ``deadline`` (an existing one
    keeps its approval and gets the new deadline) and send the links after commit.

    Runs inside the transaction that puts the transcript in review (release.set_state).
    """
    require(actor, "hearing.manage", transcript.hearing)
    rows = []
    for name, (email, language) in speakers_of(transcript).items():
        row, _created = _row(transcript, name, email, language, deadline)
        changed = []
        if row.deadline != deadline:
            row.deadline, row.reminded_at = deadline, None
            changed += ["deadline", "reminded_at"]
        if not row.email and email:
            row.email, row.language = email, language
            changed += ["email", "language"]
        if changed:
            row.save(update_fields=[*changed, "modified"])
        rows.append(row)
    log_action(
        "documentation.authorisation.opened",
        actor,
        transcript,
        {"speakers": len(rows), "deadline": deadline.isoformat()},
    )
    waiting = [row.pk for row in rows if row.email and row.approved_at is None]
    transaction.on_commit(lambda: send_links(waiting), robust=True)
    return rows


def include_speaker(transcript: Transcript, name: str) -> Authorisation | None:
    """A speaker named while ``transcript`` is in review (an organiser gave them a passage) gets
    an authorisation too, with the deadline the others have, and their link after commit. None
    when the transcript is not in review, the name is empty or nobody has a deadline yet.
    Called inside the transaction that names the speaker (editing.correct_segment)."""
    if not name or transcript.state != Publication.REVIEW:
        return None
    deadline = (
        Authorisation.objects.filter(transcript=transcript)
        .order_by("-deadline")
        .values_list("deadline", flat=True)
        .first()
    )
    if deadline is None:
        return None
    email, language = speakers_of(transcript).get(name, ("", settings.LANGUAGE_CODE))
    row, created = _row(transcript, name, email, language, deadline)
    if created and row.email:
        transaction.on_commit(lambda: send_links([row.pk]), robust=True)
    return row


# --- links and mail -----------------------------------------------------------------------------
def make_token(row: Authorisation) -> str:
    return signing.dumps({"a": row.pk, "n": row.nonce}, salt=SALT, compress=True)


def link(row: Authorisation) -> str:
    path = reverse(
        "documentation:authorise",
        kwargs={"slug": row.transcript.hearing.slug, "token": make_token(row)},
    )
    return settings.SITE_URL + path


def read_token(token: str, hearing) -> Authorisation:
    """The authorisation a personal link belongs to. Raises LinkError for a forged or mangled
    link, one of another hearing, or one replaced by a newer link."""
    try:
        value = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        raise LinkError(_("Dieser Link ist ungültig.")) from None
    if not isinstance(value, dict) or not isinstance(value.get("a"), int):
        raise LinkError(_("Dieser Link ist ungültig."))
    row = (
        Authorisation.objects.select_related("transcript__recording", "transcript__hearing")
        .filter(pk=value["a"], hearing=hearing)
        .first()
    )
    if row is None:
        raise LinkError(_("Dieser Link ist ungültig."))
    if row.nonce != value.get("n"):
        raise LinkError(_("Dieser Link gilt nicht mehr; bitte fragen Sie die Organisation."))
    return row


def _mail(row: Authorisation, template: str, subject) -> EmailMessage:
    hearing = row.transcript.hearing
    with translation.override(row.language):
        deadline = timezone.localtime(row.deadline)
        context = {"row": row, "hearing": hearing, "link": link(row), "deadline": deadline}
        body = render_to_string(f"documentation/email/{template}.txt", context)
        text = str(subject) % {
            "hearing": hearing.title,
            "deadline": deadline.strftime("%d.%m.%Y") if row.language == "de" else deadline.date(),
        }
    return EmailMessage(text, body, settings.DEFAULT_FROM_EMAIL, [row.email])


def send_links(pks: list[int]) -> int:
    """Send the personal link to each authorisation in ``pks`` that has an address and is not
    approved; returns how many went out (a mail server that is away is logged, nothing lost:
    the organisers' overview offers to send again)."""
    sent = 0
    for row in (
        Authorisation.objects.filter(pk__in=pks, approved_at__isnull=True)
        .exclude(email="")
        .select_related("transcript__hearing", "transcript__recording")
    ):
        try:
            _mail(row, "authorisation", INVITATION_SUBJECT).send()
        except OSError:
            import logging

            logging.getLogger(__name__).exception("Autorisierung %s: Link nicht gesendet", row.pk)
            continue
        Authorisation.objects.filter(pk=row.pk).update(invited_at=timezone.now())
        sent += 1
    return sent


def set_email(row: Authorisation, email: str, *, actor) -> Authorisation:
    """An organiser gives a speaker's address (or corrects it) and the link goes out to it.

    Raises PermissionDenied, InputError for an address that is not one.
    """
    require(actor, "hearing.manage", row.transcript.hearing)
    email = limited(email, max_length=254, label=_("Die E-Mail-Adresse"), multiline=False)
    try:
        validate_email(email)
    except Exception:
        raise InputError(_("Bitte eine gültige E-Mail-Adresse angeben."), field="email") from None
    with transaction.atomic():
        locked = Authorisation.objects.select_for_update().get(pk=row.pk)
        if locked.approved_at is not None:
            raise StateError(_("%(name)s hat schon freigegeben.") % {"name": locked.speaker_name})
        locked.email = email
        locked.save(update_fields=["email", "modified"])
        log_action(
            "documentation.authorisation.address", actor, locked, {"speaker": locked.speaker_name}
        )
        transaction.on_commit(lambda: send_links([locked.pk]), robust=True)
    return locked


def remind_due(now: datetime | None = None) -> int:
    """Remind the speakers whose deadline is less than REMIND_BEFORE away (and who had their
    link more than half of their time ago) and who have not approved; each once, whoever runs
    this at the same moment. Returns how many reminders went out."""
    now = now or timezone.now()
    due = Authorisation.objects.filter(
        approved_at__isnull=True,
        reminded_at__isnull=True,
        invited_at__isnull=False,
        deadline__gt=now,
        deadline__lte=now + REMIND_BEFORE,
        transcript__state=Publication.REVIEW,
    ).exclude(email="")
    sent = 0
    for row in due.select_related("transcript__hearing", "transcript__recording"):
        if now < row.invited_at + (row.deadline - row.invited_at) / 2:
            continue
        if not Authorisation.objects.filter(pk=row.pk, reminded_at__isnull=True).update(
            reminded_at=now
        ):
            continue  # another worker took it
        log_action("documentation.authorisation.reminded", None, row, {"speaker": row.speaker_name})
        try:
            _mail(row, "authorisation_reminder", REMINDER_SUBJECT).send()
        except OSError:
            Authorisation.objects.filter(pk=row.pk).update(reminded_at=None)  # next round
            continue
        sent += 1
    return sent


# --- the speaker's page ---------------------------------------------------------------------------
def typed_texts(form) -> dict[int, str]:
    """The wordings a speaker's form sent: fields ``text-<segment id>`` → text (other fields,
    and ids that are not plain numbers, are no wordings)."""
    texts = {}
    for key, value in form.items():
        name, _sep, pk = key.partition("-")
        if name == "text" and pk.isascii() and pk.isdigit() and len(pk) <= 18:
            texts[int(pk)] = value
    return texts


def is_open(row: Authorisation, now) -> bool:
    """Whether the speaker may still propose and approve at ``now``."""
    return (
        row.approved_at is None
        and now < row.deadline
        and row.transcript.state == Publication.REVIEW
    )


def passages(row: Authorisation, typed: dict[int, str] | None = None) -> list[Segment]:
    """The speaker's own segments, in order, each with ``proposal`` (their latest proposal, or
    None) and ``wording``: what their field shows (``typed`` after a refused form, else the
    open proposal, else the text)."""
    segments = list(
        Segment.objects.filter(transcript_id=row.transcript_id, speaker_name=row.speaker_name)
        .select_related("item")
        .order_by("start", "pk")
    )
    proposals = {p.segment_id: p for p in Proposal.objects.filter(authorisation=row).order_by("pk")}
    typed = typed or {}
    for segment in segments:
        segment.proposal = proposal = proposals.get(segment.pk)
        if segment.pk in typed:
            segment.wording = typed[segment.pk]
        elif proposal is not None and proposal.state == ProposalState.OPEN:
            segment.wording = proposal.text
        else:
            segment.wording = segment.text
    return segments


def submit(row: Authorisation, texts: dict[int, str], *, approve: bool, now=None) -> Authorisation:
    """The speaker saves proposals (``texts``: segment id → wording) and, with ``approve``,
    authorises their passages. A wording equal to the current text takes a proposal back.

    Raises StateError when the transcript is no longer in review, the deadline has passed or
    the speaker has approved already; InputError for an empty or overlong wording or a passage
    that is not theirs (nothing is saved then).
    """
    now = now or timezone.now()
    with transaction.atomic():
        locked = (
            Authorisation.objects.select_for_update().select_related("transcript").get(pk=row.pk)
        )
        if locked.transcript.state != Publication.REVIEW:
            raise StateError(_("Dieses Transkript ist nicht mehr in Prüfung."))
        if locked.approved_at is not None:
            raise StateError(_("Sie haben bereits freigegeben; danke."))
        if now >= locked.deadline:
            raise StateError(_("Die Frist ist abgelaufen."))
        own = {
            s.pk: s
            for s in Segment.objects.filter(
                transcript_id=locked.transcript_id, speaker_name=locked.speaker_name
            )
        }
        cleaned = {}
        for pk, text in texts.items():
            if pk not in own:
                raise InputError(_("Dieser Abschnitt gehört nicht zu Ihren Redebeiträgen."))
            cleaned[pk] = limited(text, max_length=MAX_TEXT, label=_("Der Text"), required=True)
        changed = 0
        for pk, text in cleaned.items():
            mine = Proposal.objects.filter(
                authorisation=locked, segment_id=pk, state=ProposalState.OPEN
            )
            if text == own[pk].text:
                changed += mine.delete()[0]
            elif not mine.update(text=text):
                Proposal.objects.create(authorisation=locked, segment_id=pk, text=text)
                changed += 1
            else:
                changed += 1
        if changed:
            log_action(
                "documentation.proposal.saved",
                None,
                locked,
                {"speaker": locked.speaker_name, "passages": changed},
            )
        if approve:
            proposed = dict(
                Proposal.objects.filter(authorisation=locked, state=ProposalState.OPEN).values_list(
                    "segment_id", "text"
                )
            )
            locked.approved_at = now
            locked.approved_texts = {
                str(pk): proposed.get(pk, segment.text) for pk, segment in own.items()
            }
            locked.save(update_fields=["approved_at", "approved_texts", "modified"])
            log_action(
                "documentation.authorisation.approved",
                None,
                locked,
                {"speaker": locked.speaker_name, "proposals": locked.proposals.count()},
            )
            hearing = locked.transcript.hearing
            transaction.on_commit(lambda: rebuild_pdf(hearing), robust=True)  # its marks
    return locked


# --- the organisers' side -------------------------------------------------------------------------
def decide(proposal: Proposal, *, accept: bool, actor) -> Proposal:
    """Accept (the segment takes the wording, as a correction by ``actor``) or refuse a
    speaker's proposal. Raises PermissionDenied; StateError when it was decided already."""
    require(actor, "hearing.manage", proposal.segment.hearing)
    with transaction.atomic():
        locked = Proposal.objects.select_for_update().select_related("segment").get(pk=proposal.pk)
        if locked.state != ProposalState.OPEN:
            raise StateError(_("Über diesen Vorschlag ist schon entschieden."))
        if accept:
            correct_segment(
                locked.segment,
                actor=actor,
                text=locked.text,
                speaker_name=locked.segment.speaker_name,
            )
        locked.state = ProposalState.ACCEPTED if accept else ProposalState.REFUSED
        locked.decided_by, locked.decided_at = actor, timezone.now()
        locked.save(update_fields=["state", "decided_by", "decided_at"])
        log_action(
            f"documentation.proposal.{locked.state}",
            actor,
            locked,
            {"segment": locked.segment_id, "text": locked.text},
        )
        hearing = locked.segment.hearing
        transaction.on_commit(lambda: rebuild_pdf(hearing), robust=True)  # its marks
    return locked


def overview(transcript: Transcript, now=None) -> list[dict]:
    """Per speaker: the authorisation, its status (AuthorisationStatus), its proposals (open
    first) and how many passages it covers. For the organisers only (e-mail addresses)."""
    now = now or timezone.now()
    rows = (
        Authorisation.objects.filter(transcript=transcript)
        .prefetch_related("proposals__segment")
        .order_by("speaker_name")
    )
    counts = {}
    for name in Segment.objects.filter(transcript=transcript).values_list(
        "speaker_name", flat=True
    ):
        counts[name] = counts.get(name, 0) + 1
    return [
        {
            "row": row,
            "status": AuthorisationStatus(row.status(now)),
            "proposals": sorted(
                row.proposals.all(), key=lambda p: (p.state != ProposalState.OPEN, p.pk)
            ),
            "passages": counts.get(row.speaker_name, 0),
        }
        for row in rows
    ]


def authorised_segments(segments) -> dict[int, bool]:
    """For the protocol: segment id → whether its speaker authorised it: approved, no proposal
    of theirs for it still open, and its text still the wording they approved (an organiser's
    later change, or a passage given to them afterwards, is not authorised). Segments without an
    authorisation (no speaker, or a transcript never put in review) are absent."""
    segments = list(segments)
    transcripts = {s.transcript_id for s in segments}
    approved = {
        (row.transcript_id, row.speaker_name): row.approved_texts if row.approved_at else None
        for row in Authorisation.objects.filter(transcript_id__in=transcripts)
    }
    open_ = set(
        Proposal.objects.filter(
            segment__in=[s.pk for s in segments], state=ProposalState.OPEN
        ).values_list("segment_id", flat=True)
    )
    marks = {}
    for segment in segments:
        key = (segment.transcript_id, segment.speaker_name)
        if key in approved:
            wording = (approved[key] or {}).get(str(segment.pk))
            marks[segment.pk] = wording == segment.text and segment.pk not in open_
    return marks
