"""Pages for organisers and door staff. Every view declares its permission; the domain checks again.
Every page that shows personal data writes an audit entry."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from hearing.core.audit import log_action
from hearing.core.permissions import has_permission, permission_required
from hearing.participants import phrases
from hearing.participants.domain import checkin, csv_import, mail, registration
from hearing.participants.enums import Status
from hearing.participants.forms import CheckInForm, CsvUploadForm
from hearing.participants.models import InvitationImport, Participant

PAGE_SIZE = 100


@permission_required("participants.view_personal_data")
@require_safe
def participant_list(request, hearing):
    query = request.GET.get("q", "").strip()[:100]
    participants = Participant.objects.filter(hearing=hearing).select_related("group")
    if query:
        participants = participants.filter(
            Q(name__icontains=query) | Q(email__icontains=query) | Q(organisation__icontains=query)
        )
    page = Paginator(participants.order_by("group__position", "name", "pk"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    log_action(
        "participants.personal_data.viewed",
        request.user,
        hearing,
        {"view": "list", "page": page.number, "q": query},
    )
    context = {
        "hearing": hearing,
        "page": page,
        "query": query,
        "can_manage": has_permission(request.user, "participants.manage", hearing),
        "unsent": Participant.objects.filter(
            hearing=hearing, status=Status.INVITED, invitation_sent_at__isnull=True
        )
        .exclude(email="")
        .count(),
    }
    return render(request, "participants/backoffice/list.html", context)


@permission_required("participants.manage")
@require_POST
def send_invitations(request, hearing):
    count = mail.send_invitations(hearing, actor=request.user)
    messages.success(request, phrases.INVITATIONS_SENT % {"count": count})
    return redirect("participants:list", slug=hearing.slug)


def _participant(hearing, pk) -> Participant:
    return get_object_or_404(Participant.objects.select_related("hearing"), hearing=hearing, pk=pk)


@permission_required("participants.manage")
@require_POST
def resend(request, hearing, pk):
    participant = _participant(hearing, pk)
    if participant.status == Status.REVOKED or not participant.email:
        raise Http404("participant")
    mail.resend_invitation(participant, actor=request.user)
    messages.success(request, phrases.INVITATION_RESENT % {"name": participant.display_name})
    return redirect("participants:list", slug=hearing.slug)


@permission_required("participants.manage")
@require_POST
def revoke(request, hearing, pk):
    participant = _participant(hearing, pk)
    registration.revoke(participant, actor=request.user)
    messages.success(request, phrases.INVITATION_REVOKED % {"name": participant.display_name})
    return redirect("participants:list", slug=hearing.slug)


@permission_required("participants.manage")
@require_http_methods(["GET", "HEAD", "POST"])
def import_upload(request, hearing):
    form = CsvUploadForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                staged = csv_import.stage(
                    hearing, upload.read(csv_import.MAX_BYTES + 1), upload.name, actor=request.user
                )
            except csv_import.CsvImportError as exc:
                form.add_error("file", str(exc))
                status = 400
            else:
                return redirect("participants:import_preview", slug=hearing.slug, pk=staged.pk)
        else:
            status = 400
    return render(
        request,
        "participants/backoffice/import.html",
        {"hearing": hearing, "form": form},
        status=status,
    )


PREVIEW_ROWS = 200


@permission_required("participants.manage")
@require_safe
def import_preview(request, hearing, pk):
    staged = get_object_or_404(InvitationImport, hearing=hearing, pk=pk)
    log_action(
        "participants.personal_data.viewed", request.user, hearing, {"view": "import", "import": pk}
    )
    context = {
        "hearing": hearing,
        "staged": staged,
        "rows": staged.rows[:PREVIEW_ROWS],
        "more": max(len(staged.rows) - PREVIEW_ROWS, 0),
        "valid": len(staged.rows),
    }
    return render(request, "participants/backoffice/import_preview.html", context)


@permission_required("participants.manage")
@require_POST
def import_confirm(request, hearing, pk):
    staged = get_object_or_404(InvitationImport, hearing=hearing, pk=pk)
    if not staged.rows:
        messages.error(request, phrases.IMPORT_NOTHING)
        return redirect("participants:import_preview", slug=hearing.slug, pk=pk)
    try:
        count = csv_import.confirm(staged, actor=request.user)
    except csv_import.CsvImportError as exc:
        messages.error(request, str(exc))
        return redirect("participants:import_preview", slug=hearing.slug, pk=pk)
    messages.success(request, phrases.IMPORTED % {"count": count})
    return redirect("participants:list", slug=hearing.slug)


@never_cache
@permission_required("participants.check_in")
@require_http_methods(["GET", "HEAD", "POST"])
def check_in(request, hearing):
    form = CheckInForm(request.POST or None)
    result = None
    if request.method == "POST" and form.is_valid():
        try:
            participant = checkin.check_in(hearing, form.cleaned_data["code"], actor=request.user)
        except checkin.CheckInError as exc:
            # 200 with the refusal in the page: the door staff's phone shows the message, and the
            # form stays ready for the next code.
            result = {"ok": False, "message": str(exc)}
        else:
            # Door staff see the group; only those who may see personal data see the name.
            if has_permission(request.user, "participants.view_personal_data", hearing):
                who = f"{participant.display_name} ({participant.group.name})"
            else:
                who = participant.group.name
            result = {"ok": True, "message": phrases.CHECKIN_OK % {"who": who}}
            form = CheckInForm()
    context = {"hearing": hearing, "form": form, "result": result}
    return render(request, "participants/backoffice/checkin.html", context)


@never_cache
@permission_required("participants.check_in")
@require_safe
def attendance(request, hearing):
    context = {"hearing": hearing, "figures": checkin.attendance_figures(hearing)}
    return render(request, "participants/backoffice/attendance.html", context)


@never_cache
@permission_required("participants.check_in")
@require_safe
def attendance_json(request, hearing):
    figures = checkin.attendance_figures(hearing)
    keys = ["invited", "registered", "in_person", "virtual", "waiting", "checked_in"]
    return JsonResponse(
        {
            "capacity": figures["capacity"],
            "totals": figures["totals"],
            "groups": [
                {"slug": g.slug, **{key: getattr(g, key) for key in keys}}
                for g in figures["groups"]
            ],
        }
    )
