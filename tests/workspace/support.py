"""Records the workspace's tests build: a restricted case, a released or held defender."""

import datetime as dt

from django.utils import timezone

from cases.models import Case, Decision, Ruling
from tests.factories import CaseFactory, DefenderFactory, DetentionPeriodFactory, ProceedingFactory


def restricted_case(**kwargs) -> Case:
    return CaseFactory(is_restricted=True, **kwargs)


def held_defender(*, case: Case, since: dt.date, name: str = ""):
    """Return a defender of `case` held since `since` in pre-trial detention, still held."""
    defender = DefenderFactory(**({"full_name": name} if name else {}))
    case.defenders.add(defender)
    DetentionPeriodFactory(case=case, defender=defender, start_date=since, actual_end=None)
    return defender


def ruling(*, case: Case, outcome: str) -> Ruling:
    defender = DefenderFactory()
    case.defenders.add(defender)
    decision = Decision.objects.create(proceeding=ProceedingFactory(case=case))
    return Ruling.objects.create(decision=decision, defender=defender, outcome=outcome)


def days_ago(days: int) -> dt.datetime:
    return timezone.now() - dt.timedelta(days=days)
