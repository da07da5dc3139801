"""What the admin tests share: the admin's URLs of a model or a record, its messages, the
payload of a change page as displayed (tests.admin_forms), and a case with one of each record."""

from django.contrib.messages import get_messages
from django.urls import reverse

from cases.models import Case
from tests.admin_forms import AdminPost
from tests.factories import (
    CaseAuthorityFactory,
    CaseFactory,
    ChargeFactory,
    DefenderFactory,
    DetentionExtensionFactory,
    DetentionPeriodFactory,
    EventFactory,
    HearingFactory,
)


def changelist(model) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")


def add_url(model) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_add")


def change_url(obj) -> str:
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def edit(client, obj) -> AdminPost:
    """Return the payload of the object's change page, as displayed."""
    return AdminPost.from_page(client.get(change_url(obj)))


def a_case_with_records(**kwargs) -> Case:
    """Return a case with a defender, a charge, a detention period and its extension, a
    hearing, an event and a target authority."""
    case = CaseFactory(**kwargs)
    defender = DefenderFactory(full_name="Aigerim Dzhaksybekova", local_name="Айгерим")
    case.defenders.add(defender)
    ChargeFactory(case=case, defender=defender)
    period = DetentionPeriodFactory(case=case, defender=defender)
    DetentionExtensionFactory(period=period)
    HearingFactory(case=case)
    EventFactory(case=case)
    CaseAuthorityFactory(case=case, position=0)
    return case
