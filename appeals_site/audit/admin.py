"""The audit log in the admin: administrators (superusers) see who looked at what; nobody,
not even they, may add, change or delete an entry here."""

from django.contrib import admin
from django.db.models import Q, TextField
from django.db.models.functions import Cast
from django.utils.translation import gettext_lazy as _

from appeals_site.audit.models import AuditEntry


class ActorFilter(admin.SimpleListFilter):
    """The names that appear in the log (also those of deleted accounts and failed logins)."""

    title = _("actor")
    parameter_name = "actor"

    def lookups(self, request, model_admin):
        names = (
            AuditEntry.objects.exclude(actor_label="")
            .order_by("actor_label")
            .values_list("actor_label", flat=True)
            .distinct()
        )
        return [(name, name) for name in names[:200]]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(actor_label=self.value())
        return queryset


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ["at", "actor_label", "action", "object_type", "object_id", "object_label"]
    list_filter = ["action", ActorFilter, ("at", admin.DateFieldListFilter)]
    date_hierarchy = "at"
    search_fields = ["=object_id", "actor_label"]
    search_help_text = _(
        "An object's id (also found among the records a list read names), or an actor's name."
    )
    list_per_page = 100
    fields = [
        "at",
        ("actor", "actor_label"),
        "action",
        ("object_type", "object_id"),
        "object_label",
        "source_ip",
        "detail",
    ]
    readonly_fields = ["at", "actor", "actor_label", "action", "object_type", "object_id"]
    readonly_fields += ["object_label", "source_ip", "detail"]

    def get_search_results(self, request, queryset, search_term):
        matched, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        term = search_term.strip()
        if not term:
            return matched, may_have_duplicates
        # A read of a page lists its records' ids in `detail`, not as the entry's object.
        in_detail = Q(
            pk__in=AuditEntry.objects.annotate(text=Cast("detail", TextField()))
            .filter(text__contains=term)
            .values("pk")
        )
        return queryset.filter(Q(pk__in=matched.values("pk")) | in_detail), False

    def _is_administrator(self, request) -> bool:
        return request.user.is_active and request.user.is_superuser

    def has_module_permission(self, request) -> bool:
        return self._is_administrator(request)

    def has_view_permission(self, request, obj=None) -> bool:
        return self._is_administrator(request)

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


# --- Third-party admins whose actions carry no permission --------------------------------------
# django-celery-beat's task actions (enable, disable, toggle, run now) and django-axes' clean-up
# action run for anyone who may see their lists. Registered again here (this app comes after
# both in INSTALLED_APPS, so their admins are registered already), their actions are offered
# only to those who may change the records; Django refuses an action it does not offer.


class ActionsNeedChangePermission:
    def get_actions(self, request):
        actions = super().get_actions(request)  # type: ignore[misc]
        if self.has_change_permission(request):  # type: ignore[attr-defined]
            return actions
        return {name: action for name, action in actions.items() if name == "delete_selected"}


def _actions_need_change_permission(model) -> None:
    registered = admin.site._registry.get(model)
    if registered is None or isinstance(registered, ActionsNeedChangePermission):
        return
    admin_class = type(
        registered.__class__.__name__, (ActionsNeedChangePermission, registered.__class__), {}
    )
    admin.site.unregister(model)
    admin.site.register(model, admin_class)


def third_party_actions_guard() -> None:
    from axes.models import AccessAttempt
    from django_celery_beat.models import PeriodicTask

    for model in (PeriodicTask, AccessAttempt):
        _actions_need_change_permission(model)


third_party_actions_guard()
