from django.contrib import admin

from hearing.core.admin import KeepRows
from hearing.core.audit import log_action
from hearing.participants.models import (
    InvitationImport,
    Participant,
    ParticipantGroup,
    RegistrationSettings,
)


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
        "in_statistics",
    ]
    list_editable = [
        "may_ask_questions",
        "may_join_speakers_list",
        "may_attend_in_person",
        "may_attend_virtually",
        "admission",
        "in_statistics",
    ]
    list_filter = ["hearing", "admission"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(RegistrationSettings)
class RegistrationSettingsAdmin(admin.ModelAdmin):
    list_display = ["hearing", "seat_capacity", "registration_open", "consent_version"]


@admin.register(Participant)
class ParticipantAdmin(KeepRows, admin.ModelAdmin):
    list_display = ["name", "email", "group", "status", "attendance", "checked_in_at"]
    list_filter = ["hearing", "group", "status", "attendance"]
    search_fields = ["name", "email", "organisation"]

    # Organisers' views of personal data are audit-logged here as on the back-office pages.
    def changelist_view(self, request, extra_context=None):
        log_action("participants.personal_data.viewed", request.user, None, {"view": "admin-list"})
        return super().changelist_view(request, extra_context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        log_action(
            "participants.personal_data.viewed",
            request.user,
            None,
            {"view": "admin-change", "participant": str(object_id)[:20]},
        )
        return super().change_view(request, object_id, form_url, extra_context)

    readonly_fields = [
        "status",
        "consent_recording",
        "consent_at",
        "consent_version",
        "registered_at",
        "waiting_since",
        "checked_in_at",
        "invitation_sent_at",
        "anonymised_at",
    ]


@admin.register(InvitationImport)
class InvitationImportAdmin(admin.ModelAdmin):
    list_display = ["filename", "hearing", "created", "confirmed_at"]
    readonly_fields = ["hearing", "created_by", "filename", "encoding", "confirmed_at"]
    exclude = ["rows", "problems"]
