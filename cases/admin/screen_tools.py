"""What the apps built on cases add to the case screen, without cases knowing them.

An app (the reminders app's Follow button) subclasses CaseScreenTool and registers an instance
from its own admin module with `case_screen_tool_register()`. The case admin then adds the
tool's URLs under the case's own (`/admin/cases/case/<id>/…/`, named `cases_case_…`), puts the
tool's context on the case's change page, and its template includes the tool's template among
the object tools. Admin modules are all imported (autodiscovery) before the URLs are read.
"""

from typing import Any


class CaseScreenTool:
    """A button among the case screen's object tools, with the admin views it posts to."""

    # Included in the object tools (an <li>), with the change page's context.
    template: str = ""

    def get_urls(self, case_admin: Any) -> list:
        """Return the tool's URL patterns, relative to the case admin's own; `case_admin`
        gives the views the case (get_object, which hides restricted cases) and its
        permissions."""
        return []

    def context(self, request, case: Any) -> dict:
        """Return what the tool's template needs on the change page of `case` (None on the
        add page)."""
        return {}


_TOOLS: list[CaseScreenTool] = []


def case_screen_tool_register(tool: CaseScreenTool) -> CaseScreenTool:
    """Add `tool` to the case screen (once, however often its module is imported)."""
    if not any(type(known) is type(tool) for known in _TOOLS):
        _TOOLS.append(tool)
    return tool


def case_screen_tools() -> list[CaseScreenTool]:
    """Return the registered tools, in the order they were registered."""
    return list(_TOOLS)
