from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublicConfig(AppConfig):
    name = "public"
    verbose_name = _("Public site")

    def ready(self) -> None:
        # Imported once the models are loaded, as Django requires of receivers.
        from django.db.models.signals import m2m_changed, post_save, pre_delete

        from cases.signals import cases_touched
        from public import receivers

        # Every save and delete: public.page_cache.record_changed keeps those of the case
        # record's apps. Before a delete, so that a defender's cases are still found.
        post_save.connect(receivers.record_saved, dispatch_uid="public.record_saved")
        pre_delete.connect(receivers.record_saved, dispatch_uid="public.record_deleted")
        m2m_changed.connect(receivers.relation_changed, dispatch_uid="public.relation_changed")
        cases_touched.connect(receivers.cases_touched, dispatch_uid="public.cases_touched")
