"""The public site listens to every change of the case record (Django's model signals and
cases.signals.cases_touched): each receiver only calls public.page_cache, which forgets the
cached pages the change shows on."""

from cases.models import Case
from public.page_cache import public_pages_invalidate, record_changed


def record_saved(*, instance, **_kwargs) -> None:
    record_changed(record=instance)


def relation_changed(*, instance, action, model, pk_set, **_kwargs) -> None:
    if not action.startswith("post_"):
        return
    if model is Case and pk_set:
        # defender.cases.add(case) …: the cases are the other end.
        public_pages_invalidate(case_ids=list(pk_set))
    record_changed(record=instance)


def cases_touched(*, case_ids, **_kwargs) -> None:
    public_pages_invalidate(case_ids=case_ids)
