from django.contrib import admin
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet

from hearing.core.admin import KeepRows
from hearing.hearings.models import AgendaItem, Attachment, Hearing, HearingRole, ItemPeriod
from hearing.hearings.validators import PlannedSlot, agenda_problems


class AgendaFormSet(BaseInlineFormSet):
    """Checks the agenda as a whole: items edited together must not overlap each other."""

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        # The stored siblings may be the very items this formset is moving; compare the
        # submitted set in clean() instead.
        form.instance.agenda_checked_together = True
        return form

    def clean(self):
        super().clean()
        hearing = self.instance
        if any(self.errors) or not (hearing.date and hearing.planned_start and hearing.planned_end):
            return
        slots = []
        for index, form in enumerate(self.forms):
            data = getattr(form, "cleaned_data", None)
            if not data or data.get("DELETE") or not data.get("planned_start"):
                continue
            slots.append(
                PlannedSlot(
                    index,
                    data.get("title", ""),
                    data["planned_start"],
                    data.get("planned_duration") or 0,
                )
            )
        problems = agenda_problems(hearing.date, hearing.planned_start, hearing.planned_end, slots)
        for index, messages in problems.items():
            for message in messages:
                self.forms[index].add_error("planned_start", message)
        if problems:
            raise ValidationError("")


class AgendaItemInline(KeepRows, admin.TabularInline):
    model = AgendaItem
    formset = AgendaFormSet
    extra = 0
    fields = [
        "position",
        "number",
        "title",
        "kind",
        "planned_start",
        "planned_duration",
        "speaker_note",
        "deleted",
    ]
    show_change_link = True


class HearingRoleInline(admin.TabularInline):
    model = HearingRole
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Hearing)
class HearingAdmin(KeepRows, admin.ModelAdmin):
    list_display = [
        "title",
        "date",
        "planned_start",
        "planned_end",
        "location",
        "is_public",
        "deleted",
    ]
    list_filter = ["is_public", "deleted"]
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["papers"]
    readonly_fields = ["current_item"]
    inlines = [AgendaItemInline, HearingRoleInline]


class AttachmentInline(KeepRows, admin.TabularInline):
    model = Attachment
    extra = 0
    fields = ["title", "kind", "file", "mime_type", "size", "deleted"]
    readonly_fields = ["mime_type", "size"]


class ItemPeriodInline(admin.TabularInline):
    model = ItemPeriod
    extra = 0
    readonly_fields = ["started_at", "ended_at", "started_by"]
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(AgendaItem)
class AgendaItemAdmin(KeepRows, admin.ModelAdmin):
    list_display = ["__str__", "hearing", "kind", "planned_start", "planned_duration"]
    list_filter = ["hearing", "kind"]
    filter_horizontal = ["speakers"]
    inlines = [AttachmentInline, ItemPeriodInline]
