"""Read-mostly admin views: moderation happens in the console, where every action is audit-logged.
What the hearing recorded is changed by its named actions only (reject, anonymise), never edited
or removed here: a removed question would stay in the search and the event log."""

from django.contrib import admin

from hearing.core.admin import KeepRows, ReadOnlyAdmin
from hearing.live.models import LiveSettings, Question, SpeakingTurn


@admin.register(LiveSettings)
class LiveSettingsAdmin(KeepRows, admin.ModelAdmin):
    list_display = ["hearing", "premoderation", "public_questions", "speaking_time"]


@admin.register(Question)
class QuestionAdmin(ReadOnlyAdmin):
    list_display = ["text", "item", "status", "asker_name", "show_name", "votes_count", "created"]
    list_filter = ["status", "hearing"]
    search_fields = ["text", "original_text", "asker_name"]


@admin.register(SpeakingTurn)
class SpeakingTurnAdmin(ReadOnlyAdmin):
    list_display = ["speaker_name", "item", "attendance", "status", "started_at", "ended_at"]
    list_filter = ["status", "hearing"]
