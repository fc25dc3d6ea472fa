"""Pages for invitees and participants: the personal link, registration, ticket, personal page,
self-registration and their own data. Who they are comes only from the session (domain.identity)."""

import json

import segno
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from hearing.core.actions import form_error
from hearing.core.errors import UserError
from hearing.core.ratelimit import check_public_limit, client_address, visitor_session
from hearing.hearings import selectors
from hearing.hearings.models import Hearing
from hearing.participants import phrases
from hearing.participants.domain import privacy, registration, self_registration, tokens
from hearing.participants.domain.identity import (
    current_participant,
    forget,
    remember,
    session_participant,
)
from hearing.participants.enums import Attendance, Status
from hearing.participants.forms import EraseForm, RegistrationForm, SelfRegistrationForm

LINK_STATUS = {"tampered": 400, "expired": 410, "revoked": 410}


def _hearing(slug: str) -> Hearing:
    # The personal link itself is the authorisation: invitees of a hearing that is not (yet)
    # public must still reach their registration, ticket and data.
    return get_object_or_404(Hearing, slug=slug)


def _participant_or_404(request, hearing, *, registered=False):
    participant = (current_participant if registered else session_participant)(request, hearing)
    if participant is None or participant.status == Status.PENDING:
        raise Http404("participant")
    return participant


def _link_problem(request, hearing, reason: str):
    return render(
        request,
        "participants/public/link_invalid.html",
        {"hearing": hearing, "message": phrases.LINK_PROBLEMS[reason]},
        status=LINK_STATUS[reason],
    )


@never_cache
@require_safe
def link(request, slug, token):
    """The personal link from the invitation e-mail: binds this browser to the invitee."""
    hearing = _hearing(slug)
    try:
        participant = tokens.read_token(token, hearing)
    except tokens.LinkError as exc:
        return _link_problem(request, hearing, exc.reason)
    if participant.status == Status.PENDING:
        self_registration.confirm(participant)
    remember(request, participant)
    if participant.status == Status.REGISTERED:
        return redirect("participants:personal", slug=hearing.slug)
    return redirect("participants:register", slug=hearing.slug)


@never_cache
@require_safe
def confirm(request, slug, token):
    """The confirmation link of a self-registration."""
    hearing = _hearing(slug)
    try:
        participant = tokens.read_token(token, hearing, tokens.CONFIRMATION_SALT)
    except tokens.LinkError as exc:
        return _link_problem(request, hearing, exc.reason)
    self_registration.confirm(participant)
    remember(request, participant)
    return redirect("participants:register", slug=hearing.slug)


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def register(request, slug):
    hearing = _hearing(slug)
    participant = _participant_or_404(request, hearing)
    rules = registration.settings_for(hearing)
    initial = {
        "attendance": participant.attendance
        or (participant.group.attendance_choices or [[""]])[0][0],
        "accessibility_needs": participant.accessibility_needs,
        "consent": participant.consent_recording
        and participant.consent_version == rules.consent_version,
    }
    form = RegistrationForm(
        request.POST or None,
        initial=initial,
        group=participant.group,
        consent_text=rules.consent_text,
    )
    if request.method == "POST" and form.is_valid():
        try:
            participant = registration.register(
                participant,
                attendance=form.cleaned_data["attendance"],
                consent=form.cleaned_data["consent"],
                accessibility_needs=form.cleaned_data["accessibility_needs"],
                actor=request.user,
            )
        except UserError as exc:
            form_error(form, exc)  # the page answers 200 with the form and the reason in it
        else:
            if participant.status == Status.WAITING:
                messages.warning(
                    request,
                    phrases.WAITING % {"position": registration.waiting_position(participant)},
                )
                return redirect("participants:register", slug=hearing.slug)
            messages.success(
                request, phrases.REGISTERED % {"mode": participant.get_attendance_display()}
            )
            if participant.has_ticket:
                return redirect("participants:ticket", slug=hearing.slug)
            return redirect("participants:personal", slug=hearing.slug)
    context = {
        "hearing": hearing,
        "participant": participant,
        "form": form,
        "rules": rules,
        "seats_free": max(rules.seat_capacity - registration.seats_taken(hearing), 0),
        "waiting_position": registration.waiting_position(participant)
        if participant.status == Status.WAITING
        else None,
    }
    return render(request, "participants/public/register.html", context)


@require_POST
def cancel(request, slug):
    hearing = _hearing(slug)
    participant = _participant_or_404(request, hearing)
    registration.cancel(participant, actor=request.user)
    messages.success(request, phrases.CANCELLED)
    return redirect("participants:register", slug=hearing.slug)


def _qr_data_uri(code: str) -> str:
    # Always a full QR code: for a short code segno.make would choose a Micro QR code, which
    # neither phone cameras nor the check-in page's decoder read.
    return segno.make_qr(code, error="m").svg_data_uri(scale=6, border=4, dark="#000", light="#fff")


def _ticket_participant(request, slug):
    hearing = _hearing(slug)
    participant = _participant_or_404(request, hearing, registered=True)
    if not participant.has_ticket:
        raise Http404("ticket")
    return hearing, participant


@never_cache
@require_safe
def ticket(request, slug):
    hearing, participant = _ticket_participant(request, slug)
    context = {
        "hearing": hearing,
        "participant": participant,
        "qr": _qr_data_uri(participant.ticket_code),
    }
    return render(request, "participants/public/ticket.html", context)


@never_cache
@require_safe
def ticket_pdf(request, slug):
    from weasyprint import HTML

    hearing, participant = _ticket_participant(request, slug)
    html = render_to_string(
        "participants/public/ticket_pdf.html",
        {
            "hearing": hearing,
            "participant": participant,
            "qr": _qr_data_uri(participant.ticket_code),
        },
        request=request,
    )
    pdf = HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf()
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="ticket-{hearing.slug}.pdf"'
    return response


@never_cache
@require_safe
def personal(request, slug):
    """A registered participant's page for the hearing; other apps fill it with their panels."""
    hearing = _hearing(slug)
    participant = _participant_or_404(request, hearing, registered=True)
    return render(
        request,
        "participants/public/personal.html",
        {"hearing": hearing, "participant": participant},
    )


@never_cache
@require_safe
def my_data(request, slug):
    hearing = _hearing(slug)
    participant = _participant_or_404(request, hearing)
    context = {
        "hearing": hearing,
        "participant": participant,
        "data": privacy.export(participant),
        "form": EraseForm(),
    }
    return render(request, "participants/public/my_data.html", context)


@never_cache
@require_safe
def my_data_json(request, slug):
    hearing = _hearing(slug)
    participant = _participant_or_404(request, hearing)
    body = json.dumps(privacy.export(participant), ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="meine-daten-{hearing.slug}.json"'
    return response


@require_POST
def erase(request, slug):
    hearing = _hearing(slug)
    participant = _participant_or_404(request, hearing)
    form = EraseForm(request.POST)
    if not form.is_valid():
        context = {
            "hearing": hearing,
            "participant": participant,
            "data": privacy.export(participant),
            "form": form,
        }
        return render(request, "participants/public/my_data.html", context, status=400)
    privacy.erase(participant, actor=request.user)
    forget(request, hearing)
    messages.success(request, phrases.DATA_ERASED)
    return redirect(hearing.get_absolute_url() if hearing.is_public else "public:index")


RATE_LIMIT = 5  # self-registrations per browser session or e-mail address and hour


def _check_rate(request) -> None:
    check_public_limit(
        "participants.self_registration",
        personal=[visitor_session(request)],
        address=client_address(request),
        limit=RATE_LIMIT,
        window=3600,
        what=_("Anmeldungen"),
    )


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def self_register(request, slug):
    hearing = selectors.hearing_for(request.user, slug)
    form = SelfRegistrationForm(request.POST or None, hearing=hearing)
    if not form.fields["group"].queryset.exists():
        raise Http404("self-registration")
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            language = get_language() if get_language() in ("de", "en") else "de"
            try:
                _check_rate(request)
                self_registration.self_register(
                    data["group"],
                    name=data["name"],
                    email=data["email"],
                    organisation=data["organisation"],
                    language=language,
                )
            except UserError as exc:
                status = form_error(form, exc)
            else:
                return render(
                    request, "participants/public/self_register_sent.html", {"hearing": hearing}
                )
        else:
            status = 400
    return render(
        request,
        "participants/public/self_register.html",
        {"hearing": hearing, "form": form, "in_person": Attendance.IN_PERSON},
        status=status,
    )
