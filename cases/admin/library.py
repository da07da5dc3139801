"""The controlled lists staff extend (violation labels, standard actions, issuers) and the
reference counters (read-only, for administrators)."""

from django.contrib import admin
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from cases.models import ActionClause, Issuer, ReferenceCounter, ViolationLabel


@admin.register(ViolationLabel)
class ViolationLabelAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Issuer)
class IssuerAdmin(admin.ModelAdmin):
    """Who issues appeals. The organisation itself is made by migration and stays: only its
    appeals are numbered from the counters."""

    list_display = ["name", "slug", "is_own"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = ["is_own"]

    def has_delete_permission(self, request, obj=None) -> bool:
        if obj is not None and obj.is_own:
            return False
        return super().has_delete_permission(request, obj)


@admin.register(ActionClause)
class ActionClauseAdmin(admin.ModelAdmin):
    list_display = ["name", "text_en_short", "has_fr", "has_es", "has_ru"]
    search_fields = ["name", "text_en"]
    fields = ["name", "text_en", "text_fr", "text_es", "text_ru"]

    @admin.display(description=_("text (English)"))
    def text_en_short(self, clause: ActionClause) -> str:
        return Truncator(clause.text_en).chars(100)

    @admin.display(description=_("French"), boolean=True)
    def has_fr(self, clause: ActionClause) -> bool:
        return bool(clause.text_fr)

    @admin.display(description=_("Spanish"), boolean=True)
    def has_es(self, clause: ActionClause) -> bool:
        return bool(clause.text_es)

    @admin.display(description=_("Russian"), boolean=True)
    def has_ru(self, clause: ActionClause) -> bool:
        return bool(clause.text_ru)


@admin.register(ReferenceCounter)
class ReferenceCounterAdmin(admin.ModelAdmin):
    """The last numbers handed out, for an administrator checking a reference. Only
    cases.services.appeal_issue writes them: a hand edit could hand out a code twice."""

    list_display = ["scope", "value"]
    search_fields = ["scope"]

    def has_module_permission(self, request) -> bool:
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None) -> bool:
        return request.user.is_active and request.user.is_superuser

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
