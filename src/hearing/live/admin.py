"""Read-mostly admin views: moderation happens in the console, where every action is audit-logged."""

from django.contrib import admin

from hearing.live.models import Event, LiveSettings, Question, SpeakingTurn


@admin.register(LiveSettings)
class LiveSettingsAdmin(admin.ModelAdmin):
    list_display = ["hearing", "premoderation", "public_questions", "speaking_time"]


class ReadOnly(admin.ModelAdmin):
    """What the hearing recorded is changed by its named actions only (reject, anonymise), never
    edited or removed here: a removed question would stay in the search and the event log."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Question)
class QuestionAdmin(ReadOnly):
    list_display = ["text", "item", "status", "asker_name", "show_name", "votes_count", "created"]
    list_filter = ["status", "hearing"]
    search_fields = ["text", "original_text", "asker_name"]


@admin.register(SpeakingTurn)
class SpeakingTurnAdmin(ReadOnly):
    list_display = ["speaker_name", "item", "attendance", "status", "started_at", "ended_at"]
    list_filter = ["status", "hearing"]


@admin.register(Event)
class EventAdmin(ReadOnly):
    list_display = ["hearing", "seq", "type", "created"]
    list_filter = ["type", "hearing"]
