"""The whole demo set, read from demo/data/ (demo.datafiles checks each file), in the order the
loader issues it.

- authorities.toml: the shared directory of authorities;
- embassies.toml: the tables the embassies are built from (one per target and host country);
- defenders.toml: the defenders;
- cases.toml: the list of case files, cases/<key>.toml, one per case.

Records refer to each other by key; a reference to a key that no file defines is an error here,
not a failure halfway through a load. Cases are loaded in the order of their first issued
appeal, so that the organisation's running intervention numbers grow with the issue dates, as
they would have in real life; cases with the same date, or without an issued appeal, keep the
order of cases.toml.
"""

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from demo.datafiles import DATA_DIR, DemoDataError, display_path, file_load
from demo.records import (
    AuthoritiesFile,
    AuthorityData,
    CaseData,
    CaseIndex,
    DefenderData,
    DefendersFile,
    EmbassiesFile,
    EmbassyData,
)


@dataclass(frozen=True)
class DemoSet:
    authorities: tuple[AuthorityData, ...]
    embassies: tuple[EmbassyData, ...]
    defenders: tuple[DefenderData, ...]
    cases: tuple[CaseData, ...]
    # Every file read, for the check that demo/data/ holds no file the loader ignores.
    files: tuple[Path, ...]


def embassies_build(tables: EmbassiesFile) -> tuple[EmbassyData, ...]:
    """Return each target country's embassy in each host country (see embassies.toml)."""
    emails = {(row.country, row.host_country): row.email for row in tables.emails}
    rows = []
    for target in tables.targets:
        for host in tables.hosts:
            city_slug = host.city.lower()
            domain = f"{target.slug}-{city_slug}.example.{host.tld}"
            rows.append(
                EmbassyData(
                    country=target.country,
                    host_country=host.country,
                    name=f"Embassy of {target.name} in {host.name}",
                    city=host.city,
                    address=host.address.format(n=target.number),
                    phone=host.phone.format(n=target.number),
                    email=emails.pop((target.country, host.country), f"embassy@{domain}"),
                    website=f"https://{domain}/",
                )
            )
    if emails:
        raise DemoDataError(
            f"embassies.toml: emails: no target and host country for {sorted(emails)}"
        )
    return tuple(rows)


def _first_issue(case: CaseData) -> dt.date:
    dates = [appeal.issue_date for appeal in case.appeals if appeal.issue_date]
    return min(dates, default=dt.date.max)


def _unique(keys: list[str], source: Path, what: str) -> set[str]:
    seen: set[str] = set()
    for key in keys:
        if key in seen:
            raise DemoDataError(f"{display_path(source)}: {what} {key!r} appears twice")
        seen.add(key)
    return seen


def _references_check(
    case: CaseData, source: Path, defenders: set[str], authorities: set[str]
) -> None:
    """Raise DemoDataError for a defender or authority key the case names but no file
    defines, and for a defender of a record who is not among the case's defenders."""
    own = set(case.defenders)
    # (where in the file, the key, the keys it must be one of, what is missing, where to look)
    references = [
        *(
            (f"defenders[{i}]", key, defenders, "defender", "defenders.toml")
            for i, key in enumerate(case.defenders)
        ),
        *(
            (f"authorities[{i}]", key, authorities, "authority", "authorities.toml")
            for i, key in enumerate(case.authorities)
        ),
        *(
            (f"appeals[{i}].authorities[{j}]", key, authorities, "authority", "authorities.toml")
            for i, appeal in enumerate(case.appeals)
            for j, key in enumerate(appeal.authorities)
        ),
    ]
    members = [
        *((f"charges[{i}].defender", r.defender) for i, r in enumerate(case.charges)),
        *(
            (f"detention_periods[{i}].defender", r.defender)
            for i, r in enumerate(case.detention_periods)
        ),
        *(
            (f"hearings[{i}].defenders[{j}]", key)
            for i, hearing in enumerate(case.hearings)
            for j, key in enumerate(hearing.defenders)
        ),
        *(
            (f"events[{i}].defenders[{j}]", key)
            for i, event in enumerate(case.events)
            for j, key in enumerate(event.defenders)
        ),
    ]
    references += [
        (where, key, own, "defender of the case", "the case's defenders") for where, key in members
    ]
    for where, key, known, what, place in references:
        if key not in known:
            raise DemoDataError(f"{display_path(source)}: {where}: no {what} {key!r} (see {place})")


def demo_set_load(data_dir: Path = DATA_DIR) -> DemoSet:
    """Read and check every file of the demo set in `data_dir`; raise DemoDataError, naming
    the file and the key, for the first mistake."""
    authorities = file_load(data_dir / "authorities.toml", AuthoritiesFile).authorities
    embassies = file_load(data_dir / "embassies.toml", EmbassiesFile)
    defenders = file_load(data_dir / "defenders.toml", DefendersFile).defenders
    index = file_load(data_dir / "cases.toml", CaseIndex)
    authority_keys = _unique(
        [row.key for row in authorities], data_dir / "authorities.toml", "authority"
    )
    defender_keys = _unique([row.key for row in defenders], data_dir / "defenders.toml", "defender")
    _unique(list(index.cases), data_dir / "cases.toml", "case")
    files = [data_dir / name for name in ("authorities.toml", "embassies.toml", "defenders.toml")]
    files.append(data_dir / "cases.toml")
    cases = []
    for key in index.cases:
        path = data_dir / "cases" / f"{key}.toml"
        case = file_load(path, CaseData, key=key)
        _references_check(case, path, defender_keys, authority_keys)
        cases.append(case)
        files.append(path)
    unlisted = sorted(
        path.name for path in (data_dir / "cases").glob("*.toml") if path not in files
    )
    if unlisted:
        raise DemoDataError(
            f"{display_path(data_dir / 'cases.toml')}: cases: does not list {', '.join(unlisted)}"
        )
    return DemoSet(
        authorities=authorities,
        embassies=embassies_build(embassies),
        defenders=defenders,
        cases=tuple(sorted(cases, key=_first_issue)),
        files=tuple(files),
    )


DEMO = demo_set_load()
AUTHORITIES = DEMO.authorities
EMBASSIES = DEMO.embassies
DEFENDERS = DEMO.defenders
CASES = DEMO.cases

__all__ = ["AUTHORITIES", "CASES", "DEFENDERS", "EMBASSIES", "DemoSet", "demo_set_load"]
