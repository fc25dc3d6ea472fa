"""Register pages for organisers (``register.manage``)."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from hearing.core.permissions import permission_required
from hearing.register.domain.assessment import assess_record
from hearing.register.forms import AssessmentForm
from hearing.register.models import Record


@permission_required("register.manage", via="global")
@require_http_methods(["GET", "HEAD", "POST"])
def assess(request, pk):
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
