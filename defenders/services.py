"""Writes to defenders. The API (and later the admin) go through these functions."""

from collections.abc import Iterable

from django.contrib.auth.models import AnonymousUser, User
from django.db import transaction
from django.utils import timezone

from defenders.models import AreaOfWork, Defender

ActingUser = User | AnonymousUser | None


def _with_history_user(instance, acting_user: ActingUser):
    if isinstance(acting_user, User):
        instance._history_user = acting_user
    return instance


def defender_cases_touch(*, defender: Defender) -> None:
    """A defender is part of every case document that names them: mark those cases changed,
    so that partners' next sync picks the change up."""
    from cases.models import Case

    Case.objects.filter(pk__in=defender.cases.values("pk")).update(updated_at=timezone.now())


@transaction.atomic
def defender_create(
    *,
    acting_user: ActingUser,
    areas_of_work: Iterable[AreaOfWork] | None = None,
    **fields: object,
) -> Defender:
    """Create a defender from model field values; return it."""
    defender = Defender(**fields)
    defender.full_clean()
    _with_history_user(defender, acting_user).save()
    if areas_of_work is not None:
        defender.areas_of_work.set(areas_of_work)
    return defender


@transaction.atomic
def defender_update(
    *,
    defender: Defender,
    acting_user: ActingUser,
    areas_of_work: Iterable[AreaOfWork] | None = None,
    **fields: object,
) -> Defender:
    """Change the given fields (and areas of work, if given) of the defender; return it."""
    for name, value in fields.items():
        setattr(defender, name, value)
    defender.full_clean()
    _with_history_user(defender, acting_user).save()
    if areas_of_work is not None:
        defender.areas_of_work.set(areas_of_work)
    defender_cases_touch(defender=defender)
    return defender
