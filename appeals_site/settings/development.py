"""Development settings: production's (`base`, read from the same environment) plus the demo
app, whose commands load the fictional demo set (`load_demo`) and generate cases for benchmarks
(`generate_cases`).

`make run`, `make demo` and `make bench` use this module; the test settings build on it. A
deployment uses `base`, which never installs the demo: its commands do not exist there.
DEBUG is the environment's in both (the Makefile's local commands default it to true).
"""

from appeals_site.settings.base import *  # noqa: F403
from appeals_site.settings.base import INSTALLED_APPS

INSTALLED_APPS = [*INSTALLED_APPS, "demo"]
