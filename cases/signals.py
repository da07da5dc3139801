"""What the cases app announces to the apps that build on it.

Cases know nothing of letters or reminders: a service of cases.services sends one of these
signals at the moment a thing happens, inside its transaction, and the apps above connect a
receiver in their AppConfig.ready() that calls a service of their own (which defers its work
with transaction.on_commit where it must not run before the commit). The logic stays in those
services; a signal is only the dispatch.

Receivers run synchronously, in the sender's transaction, and an error in one propagates to
the sender (`send`, not `send_robust`): a change whose consequences fail is rolled back whole.
"""

from django.dispatch import Signal

# A case became public (published, or published again). Arguments: case_id.
case_published = Signal()
# An appeal was issued on a case that is public. Arguments: appeal_id.
appeal_issued_on_public_case = Signal()
# A case became public or stopped being public (partners hear of public cases only).
# Arguments: case_id.
case_publicity_changed = Signal()
# An existing hearing's time or status changed (moved, cancelled, postponed, held …), sent
# before case_records_changed for the same save. Arguments: hearing, previous_starts_at.
hearing_changed = Signal()
# A case's records changed (charges, detention periods and their terms, hearings …).
# Arguments: case_id; acting_user (None for imports and data loads); changes, one line each
# for what a colleague would want to hear ("New charge: …", "Released: …"; may be empty);
# replan (default True): False when the sender announces once more, for all its changes
# together, at the end of the same save, so that what depends on the case's dates is
# computed once.
case_records_changed = Signal()
# Cases were marked changed by an UPDATE that sends no post_save (cases.services.case_touch,
# and the defenders' and authorities' services that touch the cases naming them): what
# caches a case's public page hears of it. Arguments: case_ids (a list, possibly empty).
cases_touched = Signal()
