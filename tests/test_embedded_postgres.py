"""The embedded PostgreSQL of `make run` and `make test` (tools/embedded_postgres.py).

Each test runs the real command, `python -m tools.embedded_postgres run`, in a fresh
process with an environment of its own and a data directory in tmp_path, and watches the real
server it starts."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tools.embedded_postgres import running_server

BASE_DIR = Path(__file__).resolve().parents[1]

# What a command run on the server prints: where the server keeps its data, whether it listens
# on TCP at all, and the database it was given.
_REPORT = """
import os, psycopg2, dj_database_url
db = dj_database_url.parse(os.environ["DATABASE_URL"])
connection = psycopg2.connect(host=db["HOST"], user=db["USER"], dbname=db["NAME"])
cursor = connection.cursor()
cursor.execute("SHOW data_directory")
print(cursor.fetchone()[0])
cursor.execute("SHOW listen_addresses")
print(repr(cursor.fetchone()[0]))
print(db["NAME"], db["HOST"])
"""

pytestmark = pytest.mark.slow


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DATABASE_URL")}
    return {**env, **extra}


def _command(data_dir: Path, *command: str, exclusive: bool = False) -> list[str]:
    flags = ["--exclusive"] if exclusive else []
    return [
        sys.executable, "-m", "tools.embedded_postgres", "run",
        "--data-dir", str(data_dir), *flags, "--", *command,
    ]  # fmt: skip


def _run(data_dir: Path, *command: str, exclusive: bool = False, **env: str):
    return subprocess.run(
        _command(data_dir, *command, exclusive=exclusive),
        cwd=BASE_DIR,
        env=_env(**env),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _sql(statement: str) -> list[str]:
    """Return a command that runs `statement` on DATABASE_URL and prints the rows."""
    script = (
        "import os, psycopg2, dj_database_url\n"
        "db = dj_database_url.parse(os.environ['DATABASE_URL'])\n"
        "c = psycopg2.connect(host=db['HOST'], user=db['USER'], dbname=db['NAME'])\n"
        "c.autocommit = True\n"
        "cur = c.cursor()\n"
        f"cur.execute({statement!r})\n"
        "print(cur.fetchall() if cur.description else 'ok')\n"
    )
    return [sys.executable, "-c", script]


def _start_in_background(data_dir: Path, *, exclusive: bool = False) -> subprocess.Popen:
    """Start a command that holds the server until it is stopped; return once it is up."""
    ready = data_dir.parent / f"ready-{time.monotonic_ns()}"
    holder = (
        f"import pathlib, time; pathlib.Path({str(ready)!r}).touch(); "
        "[time.sleep(0.1) for _ in range(1200)]"
    )
    process = subprocess.Popen(
        _command(data_dir, sys.executable, "-c", holder, exclusive=exclusive),
        cwd=BASE_DIR,
        env=_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # its own process group, as a terminal's foreground job
    )
    deadline = time.monotonic() + 60
    while not ready.exists():
        if process.poll() is not None:
            pytest.fail(f"the holder exited: {process.communicate()}")
        if time.monotonic() > deadline:
            process.kill()
            pytest.fail("the embedded server did not start within 60 s")
        time.sleep(0.05)
    return process


def _wait_stopped(data_dir: Path, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while running_server(data_dir) is not None:
        assert time.monotonic() < deadline, f"the server in {data_dir} still runs"
        time.sleep(0.05)


def test_a_command_runs_on_a_private_server_that_stops_when_it_ends(tmp_path):
    data_dir = tmp_path / "postgres"

    result = _run(data_dir, sys.executable, "-c", _REPORT)

    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        str(data_dir),
        "''",  # no TCP at all: never the system PostgreSQL's port, never reachable from outside
        f"appeals {data_dir}",
    ]
    assert running_server(data_dir) is None


def test_a_second_run_finds_the_data_of_the_first(tmp_path):
    data_dir = tmp_path / "postgres"
    first = _run(data_dir, *_sql("CREATE TABLE kept AS SELECT 'from the first run' AS note"))
    assert first.returncode == 0, first.stderr

    second = _run(data_dir, *_sql("SELECT note FROM kept"))

    assert second.returncode == 0, second.stderr
    assert second.stdout.strip() == "[('from the first run',)]"


def test_the_command_s_exit_status_is_passed_on(tmp_path):
    result = _run(tmp_path / "postgres", sys.executable, "-c", "raise SystemExit(7)")

    assert result.returncode == 7


def test_a_second_make_run_is_refused_while_the_first_owns_the_server(tmp_path):
    data_dir = tmp_path / "postgres"
    first = _start_in_background(data_dir, exclusive=True)
    try:
        second = _run(data_dir, sys.executable, "-c", "print('ran')", exclusive=True)
        server = running_server(data_dir)
    finally:
        os.killpg(first.pid, signal.SIGTERM)
        first.wait(timeout=60)

    assert second.returncode == 2
    assert "ran" not in second.stdout
    assert second.stderr.strip() == (
        f"embedded PostgreSQL: {data_dir} is taken: the embedded PostgreSQL there "
        f"(pid {server.pid}) belongs to another command (pid {first.pid}), such as a `make run` "
        "in another terminal. Stop that one first, or set VAR_DIR to run a second copy on "
        "other data."
    )
    _wait_stopped(data_dir)


def test_other_commands_share_the_running_server_and_leave_it_running(tmp_path):
    data_dir = tmp_path / "postgres"
    owner = _start_in_background(data_dir, exclusive=True)
    try:
        pid = running_server(data_dir).pid

        shared = _run(data_dir, *_sql("SELECT 1"))

        assert shared.returncode == 0, shared.stderr
        assert running_server(data_dir).pid == pid
    finally:
        os.killpg(owner.pid, signal.SIGTERM)
        owner.wait(timeout=60)
    _wait_stopped(data_dir)


def test_ctrl_c_stops_the_command_and_then_the_server(tmp_path):
    data_dir = tmp_path / "postgres"
    process = _start_in_background(data_dir, exclusive=True)
    assert running_server(data_dir) is not None

    # Ctrl-C in a terminal: SIGINT to the whole foreground process group.
    os.killpg(process.pid, signal.SIGINT)

    assert process.wait(timeout=60) != 0
    _wait_stopped(data_dir)
    assert not (data_dir / "owner.pid").exists()


def test_a_server_whose_owner_was_killed_is_adopted_and_stopped_by_the_next_command(tmp_path):
    data_dir = tmp_path / "postgres"
    killed = _start_in_background(data_dir, exclusive=True)
    os.killpg(killed.pid, signal.SIGKILL)  # no chance to stop the server
    killed.wait(timeout=60)
    assert running_server(data_dir) is not None

    result = _run(data_dir, *_sql("SELECT 1"), exclusive=True)

    assert result.returncode == 0, result.stderr
    _wait_stopped(data_dir)


def test_a_directory_holding_something_else_is_refused_by_name(tmp_path):
    data_dir = tmp_path / "postgres"
    data_dir.mkdir()
    (data_dir / "notes.txt").write_text("not a database")

    result = _run(data_dir, sys.executable, "-c", "print('ran')")

    assert result.returncode == 2
    assert result.stderr.strip() == (
        f"embedded PostgreSQL: {data_dir} is taken: it holds files but no PostgreSQL data "
        "(no PG_VERSION). Move it away, or set VAR_DIR to use another directory."
    )
    assert (data_dir / "notes.txt").read_text() == "not a database"


def test_with_database_url_set_nothing_is_started(tmp_path):
    data_dir = tmp_path / "postgres"
    given = "postgres://someone@db.example.org:5432/theirs"

    result = _run(
        data_dir,
        sys.executable,
        "-c",
        "import os; print(os.environ['DATABASE_URL'])",
        DATABASE_URL=given,
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == given
    assert not data_dir.exists()
