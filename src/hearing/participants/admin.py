from django.contrib import admin

from hearing.participants.models import ParticipantGroup


@admin.register(ParticipantGroup)
class ParticipantGroupAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "hearing",
        "may_ask_questions",
        "may_join_speakers_list",
        "may_attend_in_person",
        "may_attend_virtually",
        "admission",
    ]
    list_filter = ["hearing", "admission"]
    prepopulated_fields = {"slug": ["name"]}
