"""Partners and API keys in the staff admin.

Keys and calendar URLs are made by the services (partners.services) through admin
actions; a new secret is shown once, on a page rendered for that request alone, and never
stored or logged.
"""

from django.contrib import admin, messages
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partners.models import ApiKey, Partner
from partners.services import (
    api_key_create,
    api_key_revoke,
    partner_calendar_token_rotate,
    partner_webhook_secret_rotate,
)


def calendar_url(request, raw: str) -> str:
    """Return the partner's secret calendar URL for `raw`."""
    return request.build_absolute_uri(reverse("hearing-calendar-by-token", args=[raw]))


def _show_secrets(model_admin, request, title: str):
    """Render the messages added so far on a page of their own: displayed in this response,
    they are not carried to the next page in the session or a cookie."""
    opts = model_admin.model._meta
    context = {
        **model_admin.admin_site.each_context(request),
        "title": title,
        "opts": opts,
        "back_url": reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"),
    }
    return TemplateResponse(request, "admin/api/secret_shown.html", context)


class ApiKeyInline(admin.TabularInline):
    model = ApiKey
    fk_name = "partner"
    extra = 0
    can_delete = False
    fields = ["name", "prefix", "created_at", "last_used_at", "expires_at", "revoked_at"]
    readonly_fields = fields
    show_change_link = True

    def has_add_permission(self, request, obj=None) -> bool:
        return False  # keys are made by the "Create a key" action, which shows the key once


@admin.register(Partner)
class PartnerAdmin(admin.ModelAdmin):
    list_display = ["name", "contact_email", "is_active", "calendar_token_prefix", "updated_at"]
    list_filter = ["is_active"]
    search_fields = ["name", "contact_email"]
    fields = [
        "name",
        "contact_email",
        "is_active",
        "calendar_token_prefix",
        "webhook_url",
        "has_webhook_secret",
        "time_zone",
        "notes",
    ]
    readonly_fields = ["calendar_token_prefix", "has_webhook_secret"]
    inlines = [ApiKeyInline]
    actions = ["create_key", "new_calendar_url", "new_webhook_secret"]

    @admin.display(description=gettext_lazy("webhook secret"))
    def has_webhook_secret(self, partner: Partner) -> str:
        if partner.webhook_secret:
            return _("Set (starts with %(prefix)s…)") % {"prefix": partner.webhook_secret[:8]}
        return _("None: use the action “New webhook secret”; webhooks are not sent without it.")

    @admin.action(description=gettext_lazy("New webhook secret"), permissions=["change"])
    def new_webhook_secret(self, request, queryset):
        for partner in queryset:
            raw = partner_webhook_secret_rotate(partner=partner)
            messages.success(
                request,
                _(
                    "New webhook secret for %(partner)s (shown once; give it to the partner, "
                    "who checks the X-Appeals-Signature header with it): %(secret)s"
                )
                % {"partner": partner, "secret": raw},
            )
        return _show_secrets(self, request, _("New webhook secrets"))

    @admin.action(description=gettext_lazy("Create a key"), permissions=["change"])
    def create_key(self, request, queryset):
        for partner in queryset:
            _key, raw = api_key_create(partner=partner, acting_user=request.user)
            messages.success(
                request,
                _("New key for %(partner)s (shown once): %(key)s")
                % {"partner": partner, "key": raw},
            )
        return _show_secrets(self, request, _("New API keys"))

    @admin.action(description=gettext_lazy("New calendar URL"), permissions=["change"])
    def new_calendar_url(self, request, queryset):
        for partner in queryset:
            raw = partner_calendar_token_rotate(partner=partner)
            messages.success(
                request,
                _(
                    "New calendar URL for %(partner)s (shown once; the old one no longer works): "
                    "%(url)s"
                )
                % {"partner": partner, "url": calendar_url(request, raw)},
            )
        return _show_secrets(self, request, _("New calendar URLs"))


class RevokedFilter(admin.SimpleListFilter):
    title = gettext_lazy("revoked")
    parameter_name = "revoked"

    def lookups(self, request, model_admin):
        return [("yes", _("Revoked")), ("no", _("In use"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(revoked_at__isnull=False)
        if self.value() == "no":
            return queryset.filter(revoked_at__isnull=True)
        return queryset


@admin.register(ApiKey)
class ApiKeyAdmin(admin.ModelAdmin):
    list_display = [
        "prefix",
        "holder",
        "name",
        "created_at",
        "last_used_at",
        "expires_at",
        "revoked_at",
    ]
    list_filter = [RevokedFilter]
    list_select_related = ["partner", "user"]
    search_fields = ["prefix", "name", "partner__name", "user__username"]
    fields = [
        "holder",
        "name",
        "prefix",
        "created_at",
        "created_by",
        "last_used_at",
        "expires_at",
        "revoked_at",
    ]
    readonly_fields = ["holder", "prefix", "created_at", "created_by", "last_used_at", "revoked_at"]
    actions = ["revoke"]

    @admin.display(description=gettext_lazy("holder"))
    def holder(self, key: ApiKey) -> str:
        return str(key.partner or key.user)

    def has_add_permission(self, request) -> bool:
        # A key is made with its raw value shown once: the partner's "Create a key" action,
        # or `manage.py create_api_key` for staff.
        return False

    @admin.action(description=gettext_lazy("Revoke"), permissions=["change"])
    def revoke(self, request, queryset):
        count = 0
        for key in queryset.filter(revoked_at__isnull=True):
            api_key_revoke(key=key)
            count += 1
        messages.success(request, _("%(count)d key(s) revoked.") % {"count": count})
