from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    """The audit log: who logged in, who read a restricted case or confidential facts, who
    exported, downloaded, published or erased what (appeals_site.audit.services)."""

    name = "appeals_site.audit"
    label = "audit"
    verbose_name = _("Audit log")

    def ready(self) -> None:
        # Django's documented hook for logins: the login views are Django's and django-axes'.
        # Everything else is recorded by explicit calls to audit_record.
        from django.contrib.auth import signals

        from appeals_site.audit import receivers

        signals.user_logged_in.connect(receivers.logged_in, dispatch_uid="audit_logged_in")
        signals.user_login_failed.connect(receivers.login_failed, dispatch_uid="audit_failed")
        signals.user_logged_out.connect(receivers.logged_out, dispatch_uid="audit_logged_out")
