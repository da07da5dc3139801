"""Reminders in the staff admin: the rules, who follows what, staff's delivery settings, every
reminder with its state and error, a page of what is coming up, and the Follow button on the
case screen (a tool the case admin shows without knowing this app: cases.admin.screen_tools)."""

from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cases.admin.screen_tools import CaseScreenTool, case_screen_tool_register
from cases.admin.visibility import CaseVisibilityMixin
from cases.models import Case
from cases.selectors import case_visibility_condition, cases_visible_to
from reminders.forms import MyRemindersForm
from reminders.models import (
    Digest,
    NotificationSettings,
    Reminder,
    ReminderRule,
    Subscription,
)
from reminders.selectors import upcoming_with_reminders
from reminders.services import (
    case_follow,
    notification_settings_save,
    notification_settings_update,
    reminder_retry_now,
    reminder_rule_delete,
    reminder_rule_save,
    subscription_delete,
    subscription_save,
)

UPCOMING_DAYS = 30


@admin.register(ReminderRule)
class ReminderRuleAdmin(admin.ModelAdmin):
    list_display = ["__str__", "subject", "days_before", "at_local_time", "is_active"]
    list_filter = ["subject", "is_active"]

    def save_model(self, request, obj, form, change):
        reminder_rule_save(rule=obj)

    def delete_model(self, request, obj):
        reminder_rule_delete(rule=obj)

    def delete_queryset(self, request, queryset):
        for rule in queryset:
            reminder_rule_delete(rule=rule)


@admin.register(Subscription)
class SubscriptionAdmin(CaseVisibilityMixin, admin.ModelAdmin):
    case_optional = True  # a country subscription has no case
    list_display = ["__str__", "user", "partner", "case", "country", "created_at"]
    list_filter = ["country"]
    list_select_related = ["user", "partner", "case"]
    autocomplete_fields = ["case", "partner"]
    raw_id_fields = ["user"]
    search_fields = ["user__username", "partner__name", "case__title", "case__reference"]

    def save_model(self, request, obj, form, change):
        subscription_save(subscription=obj)

    def delete_model(self, request, obj):
        subscription_delete(subscription=obj)

    def delete_queryset(self, request, queryset):
        for subscription in queryset:
            subscription_delete(subscription=subscription)


@admin.register(NotificationSettings)
class NotificationSettingsAdmin(admin.ModelAdmin):
    list_display = ["user", "delivery", "time_zone", "digest_time"]
    list_filter = ["delivery"]
    raw_id_fields = ["user"]
    search_fields = ["user__username", "user__email"]

    def save_model(self, request, obj, form, change):
        notification_settings_save(row=obj)

    def get_urls(self):
        return [
            path(
                "mine/",
                self.admin_site.admin_view(self.my_reminders_view),
                name="my_reminders",
            ),
            *super().get_urls(),
        ]

    def my_reminders_view(self, request):
        """Every member of staff sets their own delivery, time zone and followed countries
        here, whatever their role (no model permission is needed for one's own settings)."""
        user = request.user
        row = NotificationSettings.objects.filter(user=user).first()
        followed_cases = list(
            Subscription.objects.filter(user=user, case__in=cases_visible_to(user)).select_related(
                "case"
            )
        )
        initial = {
            "delivery": row.delivery if row else NotificationSettings.Delivery.IMMEDIATE,
            "time_zone": row.time_zone if row else settings.TIME_ZONE,
            "digest_time": row.digest_time if row else "07:00",
            "countries": list(
                Subscription.objects.filter(user=user, case__isnull=True).values_list(
                    "country", flat=True
                )
            ),
        }
        form = MyRemindersForm(request.POST or None, initial=initial)
        if request.method == "POST" and form.is_valid():
            notification_settings_update(user=user, **form.cleaned_data)
            messages.success(request, _("Your reminder settings are saved."))
            return redirect("admin:my_reminders")
        context = {
            **self.admin_site.each_context(request),
            "title": _("My reminders"),
            "opts": self.model._meta,
            "form": form,
            "followed_cases": followed_cases,
            "has_email": bool(user.email),
        }
        return TemplateResponse(request, "admin/reminders/reminder/mine.html", context)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Reminder)
class ReminderAdmin(CaseVisibilityMixin, ReadOnlyAdmin):
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
    change_list_template = "admin/reminders/reminder/change_list.html"
    readonly_fields = [f.name for f in Reminder._meta.fields if f.name != "id"]

    @admin.display(description=gettext_lazy("recipient"))
    def recipient(self, reminder: Reminder) -> str:
        return str(reminder.user or reminder.partner)

    @admin.display(description=gettext_lazy("error"))
    def error(self, reminder: Reminder) -> str:
        return (reminder.last_error or reminder.cancel_reason)[:120]

    def has_send_permission(self, request) -> bool:
        # Sending again writes to the reminder: the permission to change reminders, not to
        # view them (the list is read-only for everyone, so not has_change_permission).
        return request.user.has_perm("reminders.change_reminder")

    @admin.action(description=gettext_lazy("Send again at the next scan"), permissions=["send"])
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
                name="reminders_reminder_upcoming",
            ),
            *super().get_urls(),
        ]

    def upcoming_view(self, request):
        """The hearings and term ends of the next weeks, each with its reminders' states."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        data = upcoming_with_reminders(now=timezone.now(), days=UPCOMING_DAYS)
        # Not the hearings and terms of restricted cases hidden from this user.
        visible = case_visibility_condition(request.user)
        hidden = set()
        if visible != Q():  # Q() is an administrator's: everything
            hidden = set(Case.objects.exclude(visible).values_list("pk", flat=True))
        data = {
            key: [row for row in rows if row.case_id not in hidden] for key, rows in data.items()
        }
        context = {
            **self.admin_site.each_context(request),
            "title": _("Upcoming hearings and term ends (next %(days)s days)")
            % {"days": UPCOMING_DAYS},
            "opts": self.model._meta,
            "hearings": data["hearings"],
            "periods": data["periods"],
            "changelist_url": reverse("admin:reminders_reminder_changelist"),
        }
        return TemplateResponse(request, "admin/reminders/reminder/upcoming.html", context)


@admin.register(Digest)
class DigestAdmin(ReadOnlyAdmin):
    list_display = ["local_date", "user", "state", "attempts", "sent_at", "short_error"]
    list_filter = ["state"]
    list_select_related = ["user"]
    readonly_fields = [f.name for f in Digest._meta.fields if f.name != "id"]

    @admin.display(description=gettext_lazy("error"))
    def short_error(self, digest: Digest) -> str:
        return digest.last_error[:120]


class CaseFollowTool(CaseScreenTool):
    """The case screen's Follow / Unfollow button, posting to /admin/cases/case/<id>/follow/
    (named admin:cases_case_follow)."""

    template = "admin/reminders/case_follow.html"

    def get_urls(self, case_admin) -> list:
        info = case_admin.opts.app_label, case_admin.opts.model_name

        def view(request, object_id):
            return self.follow_view(case_admin, request, object_id)

        return [
            path(
                "<path:object_id>/follow/",
                case_admin.admin_site.admin_view(view),
                name=f"{info[0]}_{info[1]}_follow",
            )
        ]

    def context(self, request, case) -> dict:
        return {
            "follows_case": case is not None
            and Subscription.objects.filter(user=request.user, case=case).exists()
        }

    def follow_view(self, case_admin, request, object_id):
        """Follow the case, or stop (POST follow=1 or 0): its reminders and colleagues'
        changes reach the member of staff. Any member of staff who sees the case may."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        case = case_admin.get_object(request, unquote(object_id))
        if case is None or not case_admin.has_view_permission(request, case):
            raise Http404
        follow = request.POST.get("follow") == "1"
        case_follow(user=request.user, case=case, follow=follow)
        case_admin.message_user(
            request,
            _("You follow this case: its reminders and changes reach you.")
            if follow
            else _("You no longer follow this case."),
            messages.SUCCESS,
        )
        return redirect(reverse("admin:cases_case_change", args=[case.pk]))


case_screen_tool_register(CaseFollowTool())
