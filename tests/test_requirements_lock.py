"""The lock files agree with the requirements they are compiled from (docs/dependencies.md).

requirements.txt and requirements-dev.txt pin the top-level packages; `make lock` compiles
requirements.lock and requirements-dev.lock from them with pip-compile, every package pinned
with its hashes. A pin bumped in a requirements file without `make lock` fails here. Plain file
parsing: no database, no Django.
"""

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import NormalizedName, canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
REQUIREMENTS = "requirements.txt"
REQUIREMENTS_DEV = "requirements-dev.txt"
LOCK = "requirements.lock"
LOCK_DEV = "requirements-dev.lock"
RELOCK = "run `make lock` and commit the lock files with the requirements (docs/dependencies.md)"
HASH = re.compile(r"--hash=sha256:[0-9a-f]{64}")


def pinned_version(requirement: Requirement) -> str | None:
    """The version of `name==version`, else None."""
    specifiers = list(requirement.specifier)
    if len(specifiers) == 1 and specifiers[0].operator == "==":
        return specifiers[0].version
    return None


@cache
def top_level(filename: str) -> dict[NormalizedName, Requirement]:
    """The requirements written in one requirements file, by PEP 503 name; not those it
    includes with -r (nor any other option line)."""
    requirements = {}
    for line in (ROOT / filename).read_text().splitlines():
        line = line.split(" #", 1)[0].strip()
        if not line or line.startswith(("#", "-")):
            continue
        requirement = Requirement(line)
        requirements[canonicalize_name(requirement.name)] = requirement
    return requirements


@dataclass
class Locked:
    requirement: Requirement
    hashes: list[str] = field(default_factory=list)
    # What pip-compile's "# via" annotation names: packages, "-r file" and "-c file".
    via: list[str] = field(default_factory=list)

    @property
    def version(self) -> str | None:
        return pinned_version(self.requirement)


@cache
def lock(filename: str) -> dict[NormalizedName, Locked]:
    """A lock file as pip-compile writes it: `name==version \\`, its `--hash=` lines, then
    `# via x` or `# via` followed by one `#   x` line each. Option lines (an index URL,
    find-links, an editable) fail here: a lock file holds names, versions and hashes only."""
    locked: dict[NormalizedName, Locked] = {}
    current: Locked | None = None
    in_via = False
    for number, line in enumerate((ROOT / filename).read_text().splitlines(), 1):
        text = line.strip().removesuffix("\\").strip()
        if not text:
            continue
        if not line[0].isspace():
            in_via = False
            if text.startswith("#"):  # the header, the "unsafe" packages' notice
                current = None
                continue
            assert not text.startswith("-"), f"{filename}:{number}: an option line: {text}"
            requirement = Requirement(text)
            assert requirement.url is None, f"{filename}:{number}: a URL or path: {text}"
            current = locked[canonicalize_name(requirement.name)] = Locked(requirement)
            continue
        assert current is not None, f"{filename}:{number}: indented, but under no package"
        if text.startswith("--hash="):
            current.hashes.append(text)
        elif text.startswith("# via"):
            in_via = True
            if rest := text.removeprefix("# via").strip():
                current.via.append(rest)
        elif text.startswith("#") and in_via:
            current.via.append(text.lstrip("#").strip())
        else:
            raise AssertionError(f"{filename}:{number}: unexpected line: {text}")
    return locked


def version_mismatches(
    pins: dict[NormalizedName, Requirement], locked: dict[NormalizedName, Locked]
) -> list[str]:
    return [
        f"{name}: {pinned_version(requirement)} pinned, "
        + (f"{locked[name].version} locked" if name in locked else "not locked")
        for name, requirement in sorted(pins.items())
        if name not in locked or locked[name].version != pinned_version(requirement)
    ]


@pytest.mark.parametrize("filename", [REQUIREMENTS, REQUIREMENTS_DEV])
def test_requirements_pin_each_top_level_package_exactly(filename):
    loose = [str(r) for r in top_level(filename).values() if pinned_version(r) is None]
    assert not loose, f"{filename}: pin these with ==: {loose}"


@pytest.mark.parametrize("lock_file", [LOCK, LOCK_DEV])
def test_the_runtime_pins_are_locked_at_the_same_version(lock_file):
    mismatches = version_mismatches(top_level(REQUIREMENTS), lock(lock_file))
    assert not mismatches, f"{REQUIREMENTS} and {lock_file} disagree ({RELOCK}): {mismatches}"


def test_the_dev_pins_are_locked_at_the_same_version():
    mismatches = version_mismatches(top_level(REQUIREMENTS_DEV), lock(LOCK_DEV))
    assert not mismatches, f"{REQUIREMENTS_DEV} and {LOCK_DEV} disagree ({RELOCK}): {mismatches}"


def test_the_dev_lock_has_every_runtime_package_at_the_same_version():
    runtime, dev = lock(LOCK), lock(LOCK_DEV)
    mismatches = [
        f"{name}: {locked.version} in {LOCK}, "
        + (f"{dev[name].version} in {LOCK_DEV}" if name in dev else f"not in {LOCK_DEV}")
        for name, locked in sorted(runtime.items())
        if name not in dev or dev[name].version != locked.version
    ]
    assert not mismatches, f"The lock files disagree ({RELOCK}): {mismatches}"


@pytest.mark.parametrize("lock_file", [LOCK, LOCK_DEV])
def test_every_locked_package_is_pinned_with_a_sha256_hash(lock_file):
    locked = lock(lock_file)
    assert len(locked) >= len(top_level(REQUIREMENTS)), f"{lock_file} locks too few packages"
    unpinned = [str(entry.requirement) for entry in locked.values() if entry.version is None]
    assert not unpinned, f"{lock_file}: not pinned with == ({RELOCK}): {unpinned}"
    unhashed = [
        name
        for name, entry in sorted(locked.items())
        if not entry.hashes or not all(HASH.fullmatch(h) for h in entry.hashes)
    ]
    assert not unhashed, f"{lock_file}: no sha256 hash, or a malformed one: {unhashed}"


@pytest.mark.parametrize("lock_file", [LOCK, LOCK_DEV])
def test_every_locked_package_is_needed_by_a_requirement_file_or_a_locked_package(lock_file):
    """A `-c` constraint alone is no reason to be there: something must require the package."""
    locked = lock(lock_file)
    requirement_files = {REQUIREMENTS, REQUIREMENTS_DEV}

    def needed_because(name: NormalizedName, entry: str) -> bool:
        if entry.startswith("-r "):
            return entry.removeprefix("-r ").strip() in requirement_files
        return canonicalize_name(entry) in locked and canonicalize_name(entry) != name

    orphans = [
        f"{name} (via {entry.via or 'nothing'})"
        for name, entry in sorted(locked.items())
        if not any(needed_because(name, reason) for reason in entry.via)
    ]
    assert not orphans, f"{lock_file}: orphaned packages ({RELOCK}): {orphans}"


@pytest.mark.parametrize("lock_file", [LOCK, LOCK_DEV])
def test_the_lock_files_say_how_to_regenerate_them(lock_file):
    header = (ROOT / lock_file).read_text().splitlines()[:8]
    assert "#    make lock" in header, header
