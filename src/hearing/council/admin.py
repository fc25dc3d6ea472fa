from django.contrib import admin

from hearing.core.admin import KeepRows
from hearing.council import models


@admin.register(models.Body)
class BodyAdmin(KeepRows, admin.ModelAdmin):
    list_display = ["name", "short_name", "ags"]


@admin.register(models.LegislativeTerm)
class LegislativeTermAdmin(KeepRows, admin.ModelAdmin):
    list_display = ["name", "body", "start_date", "end_date"]


@admin.register(models.Organization)
class OrganizationAdmin(KeepRows, admin.ModelAdmin):
    list_display = ["name", "short_name", "classification", "parent"]
    search_fields = ["name", "short_name"]
    list_filter = ["classification", "deleted"]


class MembershipInline(KeepRows, admin.TabularInline):
    model = models.Membership
    extra = 0
    autocomplete_fields = ["organization"]


@admin.register(models.Person)
class PersonAdmin(KeepRows, admin.ModelAdmin):
    list_display = ["name", "role", "affiliation", "is_public", "deleted"]
    list_filter = ["is_public", "deleted"]
    search_fields = ["name", "role"]
    inlines = [MembershipInline]


@admin.register(models.Location)
class LocationAdmin(KeepRows, admin.ModelAdmin):
    list_display = ["description", "street_address", "locality", "room"]


class StatementInline(KeepRows, admin.TabularInline):
    model = models.Statement
    extra = 0
    fk_name = "paper"


@admin.register(models.Paper)
class PaperAdmin(KeepRows, admin.ModelAdmin):
    list_display = ["reference", "paper_type", "name", "date", "deleted"]
    list_filter = ["deleted"]
    search_fields = ["reference", "name"]
    filter_horizontal = ["originators", "related_papers"]
    inlines = [StatementInline]


@admin.register(models.Statement)
class StatementAdmin(KeepRows, admin.ModelAdmin):
    list_display = ["paper", "number", "organization"]
    list_filter = ["organization"]
