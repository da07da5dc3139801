"""The whole demo set, in the order the loader issues it.

Cases are loaded in the order of their first issued appeal, so that the organisation's running
intervention numbers grow with the issue dates, as they would have in real life; cases without
an issued appeal come last.
"""

import datetime as dt

from demo.directory import AUTHORITIES, EMBASSIES
from demo.invented import INVENTED_CASES, INVENTED_DEFENDERS
from demo.records import CaseData
from demo.samples import SAMPLE_CASES, SAMPLE_DEFENDERS


def _first_issue(case: CaseData) -> dt.date:
    dates = [appeal.issue_date for appeal in case.appeals if appeal.issue_date]
    return min(dates, default=dt.date.max)


DEFENDERS = SAMPLE_DEFENDERS + INVENTED_DEFENDERS
CASES: tuple[CaseData, ...] = tuple(sorted(SAMPLE_CASES + INVENTED_CASES, key=_first_issue))

__all__ = ["AUTHORITIES", "CASES", "DEFENDERS", "EMBASSIES"]
