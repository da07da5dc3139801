from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LettersConfig(AppConfig):
    name = "letters"
    verbose_name = _("Letters")

    def ready(self) -> None:
        from cases.signals import appeal_issued_on_public_case, case_published
        from letters import receivers

        case_published.connect(receivers.case_published, dispatch_uid="letters.case_published")
        appeal_issued_on_public_case.connect(
            receivers.appeal_issued, dispatch_uid="letters.appeal_issued"
        )
