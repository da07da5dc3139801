"""What the cases app announces to the apps that build on it.

Cases know nothing of letters or reminders: a service of cases.services sends one of these
signals at the moment a thing happens, inside its transaction, and the apps above connect a
receiver in their AppConfig.ready() that calls a service of their own (which defers its work
with transaction.on_commit where it must not run before the commit). The logic stays in those
services; a signal is only the dispatch.
"""

from django.dispatch import Signal

# A case became public (published, or published again). Arguments: case_id.
case_published = Signal()
# An appeal was issued on a case that is public. Arguments: appeal_id.
appeal_issued_on_public_case = Signal()
