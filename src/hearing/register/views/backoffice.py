"""Register pages for organisers (``register.manage``)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from hearing.core.permissions import has_permission
from hearing.register.domain.assessment import assess_record
from hearing.register.forms import AssessmentForm
from hearing.register.models import Record


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def assess(request, pk):
    if not has_permission(request.user, "register.manage"):
        raise PermissionDenied("register.manage")
    record = get_object_or_404(Record, pk=pk)
    form = AssessmentForm(request.POST or None, instance=record)
    if request.method == "POST" and form.is_valid():
        assess_record(
            record, actor=request.user, ai_act=form.ai_act_values(), ethics=form.ethics_values()
        )
        messages.success(request, _("Bewertung gespeichert."))
        return redirect(record)
    status = 400 if form.errors else 200
    return render(request, "register/assess.html", {"record": record, "form": form}, status=status)


assess.permission = "register.manage"
