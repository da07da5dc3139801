"""The demo's data files (demo/data/): every file loads and is used, and a bad edit fails with a
message naming the file and the key, before anything touches a database."""

import datetime as dt
import re
import shutil
import tomllib
from pathlib import Path

import pytest

from demo import pools
from demo.datafiles import DATA_DIR, DemoDataError, file_load
from demo.dataset import CASES, DEFENDERS, demo_set_load
from demo.records import CaseData

ALL_FILES = sorted(DATA_DIR.rglob("*.toml"))
KGZ = Path("cases") / "kgz-osh-kara-darya.toml"


@pytest.fixture
def data_dir(tmp_path):
    """A copy of demo/data/ to break."""
    copy = tmp_path / "data"
    shutil.copytree(DATA_DIR, copy)
    return copy


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def raised(data_dir: Path) -> str:
    with pytest.raises(DemoDataError) as excinfo:
        demo_set_load(data_dir)
    return str(excinfo.value)


@pytest.mark.parametrize("path", ALL_FILES, ids=lambda path: str(path.relative_to(DATA_DIR)))
def test_every_file_is_valid_toml(path):
    with path.open("rb") as file:
        assert tomllib.load(file)


def test_every_file_is_read_by_a_loader():
    read = {*demo_set_load().files, pools.POOLS_FILE, pools.TRANSLITERATION_FILE}
    assert set(ALL_FILES) == read


def test_the_demo_set_as_the_files_hold_it():
    demo = demo_set_load()
    assert (len(demo.cases), len(demo.defenders), len(demo.authorities), len(demo.embassies)) == (
        15,
        20,
        51,
        98,
    )
    assert demo.cases == CASES and demo.defenders == DEFENDERS
    # Typed as the records say: TOML dates are dates, arrays become tuples.
    kgz = next(case for case in CASES if case.key == "kgz-osh-kara-darya")
    assert kgz.appeals[0].issue_date == dt.date(2025, 4, 14)
    assert isinstance(kgz.charges, tuple) and isinstance(kgz.defenders, tuple)
    # In the order of the first issued appeal; the cases without one come last.
    firsts = [
        min((a.issue_date for a in case.appeals if a.issue_date), default=dt.date.max)
        for case in CASES
    ]
    assert firsts == sorted(firsts)


def test_the_generator_pools_load():
    assert len(pools.COUNTRIES) > 10
    assert all(country.cities for country in pools.COUNTRIES)
    assert pools.TRANSLITERATION.cyrillic["щ"] == "shch"
    assert set(pools.HEARING_OUTCOMES) >= {"remand", "verdict"}


def test_the_demo_stays_fictional():
    """Every e-mail address and web address in the data is under a reserved example domain."""
    text = "\n".join(path.read_text(encoding="utf-8") for path in ALL_FILES)
    hosts = re.findall(r"[\w.+-]+@([\w.-]+)", text) + re.findall(r"https?://([\w.-]+)", text)
    assert hosts
    real = sorted({host for host in hosts if "example" not in host.split(".")})
    assert real == []


def test_an_unknown_key_names_the_file_and_the_key(data_dir):
    edit(data_dir / KGZ, "[appeals.original]\n", "[appeals.original]\ntitel = 'typo'\n")
    message = raised(data_dir)
    assert str(KGZ) in message
    assert "appeals[0].original.titel: unknown key" in message


def test_a_missing_required_key_names_the_file_and_the_key(data_dir):
    edit(data_dir / KGZ, 'status = "published"\n', "")
    message = raised(data_dir)
    assert str(KGZ) in message and "status: required key missing" in message


def test_a_value_of_the_wrong_type_names_the_file_and_the_key(data_dir):
    edit(data_dir / KGZ, "issue_date = 2025-04-14", 'issue_date = "April 14, 2025"')
    message = raised(data_dir)
    assert str(KGZ) in message
    assert "appeals[0].issue_date: expected a date" in message


def test_a_number_where_a_string_is_expected(data_dir):
    edit(data_dir / "defenders.toml", 'gender = "female"', "gender = 1")
    message = raised(data_dir)
    assert "defenders.toml: defenders[0].gender: expected a string" in message


def test_broken_toml_names_the_file(data_dir):
    edit(data_dir / "authorities.toml", "[[authorities]]", "[[authorities]")
    message = raised(data_dir)
    assert "authorities.toml: not valid TOML" in message


def test_an_unknown_defender_names_the_case_file_and_the_key(data_dir):
    edit(data_dir / KGZ, '"kgz-omurzakov"', '"kgz-omurzakova"')
    message = raised(data_dir)
    assert str(KGZ) in message and "defenders[1]: no defender 'kgz-omurzakova'" in message


def test_a_record_of_a_defender_outside_the_case_is_refused(data_dir):
    edit(data_dir / KGZ, 'defender = "kgz-omurzakov"', 'defender = "rus-lebedeva"')
    message = raised(data_dir)
    assert str(KGZ) in message and "no defender of the case 'rus-lebedeva'" in message


def test_an_event_of_a_defender_outside_the_case_names_the_event(data_dir):
    arrest = 'Kara-Darya river."""\ndefenders = '
    edit(data_dir / KGZ, arrest + '["kgz-dzhaksybekova"', arrest + '["rus-lebedeva"')
    message = raised(data_dir)
    assert "events[0].defenders[0]: no defender of the case 'rus-lebedeva'" in message


def test_an_unknown_authority_names_the_file(data_dir):
    edit(data_dir / KGZ, '"kgz-president"', '"kgz-king"')
    message = raised(data_dir)
    assert str(KGZ) in message and "no authority 'kgz-king'" in message


def test_a_duplicate_defender_key_is_refused(data_dir):
    edit(data_dir / "defenders.toml", 'key = "kgz-omurzakov"', 'key = "kgz-dzhaksybekova"')
    message = raised(data_dir)
    assert "defenders.toml: defender 'kgz-dzhaksybekova' appears twice" in message


def test_a_case_file_not_listed_is_refused(data_dir):
    shutil.copy(data_dir / KGZ, data_dir / "cases" / "kgz-copy.toml")
    message = raised(data_dir)
    assert "cases.toml: cases: does not list kgz-copy.toml" in message


def test_a_listed_case_without_a_file_is_refused(data_dir):
    (data_dir / KGZ).unlink()
    message = raised(data_dir)
    assert f"{KGZ}: no such file" in message


def test_a_case_file_does_not_repeat_its_key(data_dir):
    edit(data_dir / KGZ, 'country = "KG"', 'key = "other"\ncountry = "KG"')
    message = raised(data_dir)
    assert str(KGZ) in message and "key: not allowed here" in message


def test_an_embassy_email_for_no_embassy_is_refused(data_dir):
    edit(data_dir / "embassies.toml", 'host_country = "BE"', 'host_country = "XX"')
    assert "embassies.toml: emails: no target and host country" in raised(data_dir)


def test_the_pools_are_checked_too(tmp_path):
    path = tmp_path / "pools.toml"
    text = pools.POOLS_FILE.read_text(encoding="utf-8")
    path.write_text(text.replace("weight = 5", "weight = 5\nwieght = 6", 1), encoding="utf-8")
    with pytest.raises(DemoDataError, match=r"pools\.toml: countries\[0\]\.wieght: unknown key"):
        pools.pools_load(path)
    path.write_text(text.replace('["fraud", ', '["fraud", "x", ', 1), encoding="utf-8")
    with pytest.raises(DemoDataError, match=r"criminal_offences\[10\]: expected an array of 2"):
        pools.pools_load(path)


def test_a_time_must_be_a_local_time(tmp_path):
    path = tmp_path / "case.toml"
    path.write_text(
        'country = "KG"\ntime_zone = "Asia/Bishkek"\ntitle = "T"\nstatus = "draft"\n'
        "[[hearings]]\ncourt = 'C'\ncity = 'Osh'\nlocal_date = 2025-04-22\n"
        "time_zone = 'Asia/Bishkek'\npurpose = 'remand'\nlocal_time = 1979-05-27T07:32:00\n",
        encoding="utf-8",
    )
    with pytest.raises(DemoDataError, match=r"hearings\[0\]\.local_time: expected a local time"):
        file_load(path, CaseData, key="case")
