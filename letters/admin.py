"""Letters in the staff admin: what was made, what failed and why, and "Render again"."""

from django.contrib import admin, messages
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from cases.admin.visibility import CaseVisibilityMixin
from letters.models import Letter
from letters.services import letter_render_again


@admin.register(Letter)
class LetterAdmin(CaseVisibilityMixin, admin.ModelAdmin):
    case_path = "appeal__case"
    list_display = [
        "appeal_reference",
        "authority",
        "language",
        "kind",
        "status",
        "error_short",
        "attempts",
        "render_ms",
        "created_at",
    ]
    list_filter = ["status", "language", "is_standard"]
    list_select_related = ["appeal", "authority"]
    search_fields = ["appeal__reference", "render_key", "campaigner_name"]
    date_hierarchy = "created_at"
    actions = ["render_again"]
    fields = [
        "id",
        "appeal",
        "authority",
        "language",
        "is_standard",
        ("campaigner_name", "campaigner_organisation"),
        ("campaigner_city", "campaigner_country"),
        "status",
        "error",
        ("attempts", "render_ms"),
        ("created_at", "claimed_at", "rendered_at"),
        "render_key",
        "template_version",
        "pdf",
    ]

    def get_readonly_fields(self, request, obj=None):
        return [name for f in self.fields for name in ((f,) if isinstance(f, str) else f)]

    def has_add_permission(self, request) -> bool:
        return False  # letters are asked for by campaigners, or made ahead on publishing

    def has_change_permission(self, request, obj=None) -> bool:
        return False  # read-only; "Render again" is an action

    @admin.display(description=gettext_lazy("appeal"), ordering="appeal__reference_key")
    def appeal_reference(self, letter: Letter) -> str:
        return letter.appeal.reference or ""

    @admin.display(description=gettext_lazy("kind"), ordering="is_standard")
    def kind(self, letter: Letter) -> str:
        return _("Standard") if letter.is_standard else _("Personalised")

    @admin.display(description=gettext_lazy("error"))
    def error_short(self, letter: Letter) -> str:
        return Truncator(letter.error).chars(80)

    def has_render_permission(self, request) -> bool:
        return request.user.has_perm("cases.change_letter")

    @admin.action(description=gettext_lazy("Render again"), permissions=["render"])
    def render_again(self, request, queryset):
        count = 0
        for letter in queryset:
            letter_render_again(letter=letter)
            count += 1
        self.message_user(
            request,
            ngettext(
                "%(count)d letter will be rendered again.",
                "%(count)d letters will be rendered again.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )
