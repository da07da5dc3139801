"""Reminders before hearings and detention terms run out, and notices of changes to a case:
planned as rows when cases announce a change (cases.signals), claimed by a periodic scan,
sent once by idempotent tasks, by e-mail, daily digest or a partner's signed webhook."""
