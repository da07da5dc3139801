"""Whom an answer is for: a partner (published cases, no confidential field unless disclosed)
or staff. Selectors shape their reads by it; the API decides it from the request."""

PARTNER = "partner"
STAFF = "staff"
