"""Moderation: every view needs ``hearing.moderate``; the domain checks again."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from hearing.core.actions import perform
from hearing.core.permissions import permission_required
from hearing.core.text import is_number
from hearing.live import phrases, selectors
from hearing.live.domain import announcements, qa, speakers
from hearing.live.models import Question, SpeakingTurn


def _console_url(hearing) -> str:
    return reverse("backoffice:console", kwargs={"slug": hearing.slug}) + "#live"


def _console(hearing):
    return redirect(_console_url(hearing))


def _run(request, hearing, action, success):
    """:func:`perform`, back to the console's live part; ``%(name)s`` in ``success`` is the
    speaker's name where the action returns a speaking turn."""

    def message(result) -> str:
        name = getattr(result, "speaker_name", "")
        return success % {"name": name} if "%(name)" in str(success) else success

    return perform(request, action, back=_console_url(hearing), success=message)


@permission_required("hearing.moderate")
@never_cache
@require_safe
def console_panel(request, hearing):
    context = selectors.console_context(hearing)
    return render(request, "live/_console_live_body.html", {**context, "request": request})


QUESTION_ACTIONS = {
    "approve": (qa.approve_question, phrases.APPROVED),
    "answering": (qa.start_answering, phrases.ANSWERING),
    "answered": (qa.mark_answered, phrases.ANSWERED),
}


@permission_required("hearing.moderate")
@require_POST
def question_action(request, hearing, pk, action):
    question = get_object_or_404(Question.objects.select_related("item"), pk=pk, hearing=hearing)
    user = request.user
    if action in QUESTION_ACTIONS:
        function, success = QUESTION_ACTIONS[action]
        return _run(request, hearing, lambda: function(question, actor=user), success)
    if action == "reject":
        reason = request.POST.get("reason", "")
        return _run(
            request,
            hearing,
            lambda: qa.reject_question(question, actor=user, reason=reason),
            phrases.REJECTED,
        )
    if action == "edit":
        text = request.POST.get("text", "")
        return _run(
            request,
            hearing,
            lambda: qa.edit_question(question, actor=user, text=text),
            phrases.EDITED,
        )
    if action == "merge":
        raw = request.POST.get("into", "")
        into = (
            Question.objects.filter(pk=int(raw), hearing=hearing).first()
            if is_number(raw)
            else None
        )
        if into is None:
            messages.error(request, phrases.MERGE_TARGET)
            return _console(hearing)
        return _run(
            request,
            hearing,
            lambda: qa.merge_question(question, into=into, actor=user),
            phrases.MERGED,
        )
    raise Http404("action")


@permission_required("hearing.moderate")
@require_POST
def ask_for_room(request, hearing):
    item = selectors.interactive_item(hearing)
    if item is None:
        messages.error(request, phrases.NOT_INTERACTIVE)
        return _console(hearing)
    from hearing.live.domain.common import Who

    text = request.POST.get("text", "")
    return _run(
        request,
        hearing,
        lambda: qa.ask_question(item, text, who=Who(user=request.user)),
        phrases.QUESTION_RECEIVED,
    )


@permission_required("hearing.moderate")
@require_POST
def call_next(request, hearing):
    item = selectors.interactive_item(hearing)
    if item is None:
        messages.error(request, phrases.NOT_INTERACTIVE)
        return _console(hearing)
    return _run(
        request, hearing, lambda: speakers.call_next(item, actor=request.user), phrases.CALLED
    )


@permission_required("hearing.moderate")
@require_POST
def add_speaker(request, hearing):
    item = selectors.interactive_item(hearing)
    if item is None:
        messages.error(request, phrases.NOT_INTERACTIVE)
        return _console(hearing)
    name, attendance = request.POST.get("name", ""), request.POST.get("attendance", "")
    return _run(
        request,
        hearing,
        lambda: speakers.add_speaker(item, actor=request.user, name=name, attendance=attendance),
        phrases.HAND_RAISED,
    )


TURN_ACTIONS = {
    "start": (speakers.start_speaking, phrases.STARTED),
    "stop": (speakers.stop_speaking, phrases.STOPPED),
}


@permission_required("hearing.moderate")
@require_POST
def turn_action(request, hearing, pk, action):
    turn = get_object_or_404(SpeakingTurn.objects.select_related("item"), pk=pk, hearing=hearing)
    if action in TURN_ACTIONS:
        function, success = TURN_ACTIONS[action]
        return _run(request, hearing, lambda: function(turn, actor=request.user), success)
    if action in ("up", "down"):
        step = -1 if action == "up" else 1
        return _run(
            request,
            hearing,
            lambda: speakers.move(turn, actor=request.user, step=step),
            phrases.MOVED,
        )
    raise Http404("action")


@permission_required("hearing.moderate")
@require_POST
def announce(request, hearing):
    text = request.POST.get("text", "")
    return _run(
        request,
        hearing,
        lambda: announcements.announce(hearing, actor=request.user, text=text),
        phrases.ANNOUNCED,
    )


@permission_required("hearing.moderate")
@require_POST
def live_settings(request, hearing):
    return _run(
        request,
        hearing,
        lambda: announcements.update_settings(
            hearing,
            actor=request.user,
            premoderation=request.POST.get("premoderation") == "on",
            public_questions=request.POST.get("public_questions") == "on",
            speaking_time=request.POST.get("speaking_time", ""),
        ),
        phrases.SETTINGS_SAVED,
    )
