"""The staff admin of cases, one module per concept; importing them registers them."""

from cases.admin import appeal, case, library, records  # noqa: F401
