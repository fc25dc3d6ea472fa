"""The event log, to read: events change only by publishing (and superseding)."""

from django.contrib import admin

from hearing.core.admin import ReadOnlyAdmin
from hearing.events.models import Event


@admin.register(Event)
class EventAdmin(ReadOnlyAdmin):
    list_display = ["hearing", "seq", "type", "topic", "created"]
    list_filter = ["type", "hearing"]
