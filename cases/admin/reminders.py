"""Reminders in the staff admin: the rules, who follows what, staff's delivery settings, every
reminder with its state and error, and a page of what is coming up."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cases.reminders.models import (
    Digest,
    NotificationSettings,
    Reminder,
    ReminderRule,
    Subscription,
)
from cases.reminders.selectors import upcoming_with_reminders
from cases.reminders.services import reminder_retry_now, reminders_plan_after_commit

UPCOMING_DAYS = 30


@admin.register(ReminderRule)
class ReminderRuleAdmin(admin.ModelAdmin):
    list_display = ["__str__", "subject", "days_before", "at_local_time", "is_active"]
    list_filter = ["subject", "is_active"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        reminders_plan_after_commit(case_ids=None)

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        reminders_plan_after_commit(case_ids=None)


@admin.register(Subscription)
class SubscriptionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "user", "partner", "case", "country", "created_at"]
    list_filter = ["country"]
    list_select_related = ["user", "partner", "case"]
    autocomplete_fields = ["case", "partner"]
    raw_id_fields = ["user"]
    search_fields = ["user__username", "partner__name", "case__title", "case__reference"]

    def _replan(self, subscription: Subscription) -> None:
        reminders_plan_after_commit(
            case_ids=[subscription.case_id] if subscription.case_id else None
        )

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        self._replan(obj)

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        self._replan(obj)


@admin.register(NotificationSettings)
class NotificationSettingsAdmin(admin.ModelAdmin):
    list_display = ["user", "delivery", "time_zone", "digest_time"]
    list_filter = ["delivery"]
    raw_id_fields = ["user"]
    search_fields = ["user__username", "user__email"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        reminders_plan_after_commit(case_ids=None)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Reminder)
class ReminderAdmin(ReadOnlyAdmin):
    list_display = [
        "due_at",
        "kind",
        "recipient",
        "channel",
        "state",
        "attempts",
        "sent_at",
        "error",
        "case",
    ]
    list_filter = ["state", "channel", "kind"]
    list_select_related = ["user", "partner", "case"]
    search_fields = ["case__title", "case__reference", "user__username", "partner__name"]
    date_hierarchy = "due_at"
    actions = ["send_again"]
    change_list_template = "admin/cases/reminder/change_list.html"
    readonly_fields = [f.name for f in Reminder._meta.fields if f.name != "id"]

    @admin.display(description=gettext_lazy("recipient"))
    def recipient(self, reminder: Reminder) -> str:
        return str(reminder.user or reminder.partner)

    @admin.display(description=gettext_lazy("error"))
    def error(self, reminder: Reminder) -> str:
        return (reminder.last_error or reminder.cancel_reason)[:120]

    @admin.action(description=gettext_lazy("Send again at the next scan"), permissions=["view"])
    def send_again(self, request, queryset):
        count = 0
        for reminder in queryset.filter(
            state__in=[Reminder.State.FAILED, Reminder.State.CANCELLED]
        ):
            reminder_retry_now(reminder=reminder)
            count += 1
        messages.success(request, _("%(count)s reminder(s) will be sent again.") % {"count": count})

    def get_urls(self):
        return [
            path(
                "upcoming/",
                self.admin_site.admin_view(self.upcoming_view),
                name="cases_reminder_upcoming",
            ),
            *super().get_urls(),
        ]

    def upcoming_view(self, request):
        """The hearings and term ends of the next weeks, each with its reminders' states."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        data = upcoming_with_reminders(now=timezone.now(), days=UPCOMING_DAYS)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Upcoming hearings and term ends (next %(days)s days)")
            % {"days": UPCOMING_DAYS},
            "opts": self.model._meta,
            "hearings": data["hearings"],
            "periods": data["periods"],
            "changelist_url": reverse("admin:cases_reminder_changelist"),
        }
        return TemplateResponse(request, "admin/cases/reminder/upcoming.html", context)


@admin.register(Digest)
class DigestAdmin(ReadOnlyAdmin):
    list_display = ["local_date", "user", "state", "attempts", "sent_at", "short_error"]
    list_filter = ["state"]
    list_select_related = ["user"]
    readonly_fields = [f.name for f in Digest._meta.fields if f.name != "id"]

    @admin.display(description=gettext_lazy("error"))
    def short_error(self, digest: Digest) -> str:
        return digest.last_error[:120]
