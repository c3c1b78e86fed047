"""Loading tasks and per-task databases, their indexes, error messages and the official download."""

from __future__ import annotations

import hashlib
import io
import shutil
import tarfile
import zipfile
from pathlib import Path
from typing import Any

import pytest

from pivot_opt.envs.travel import (
    DatabaseError,
    TravelDatabase,
    download_official,
    load_database,
    load_task,
    load_task_database,
    load_tasks,
    query_train_info,
    resolve_task_dir,
)
from pivot_opt.errors import ConfigError

DATA = Path(__file__).parent / "data"


def copy_db(tmp_path: Path, name: str = "id_1") -> Path:
    return Path(shutil.copytree(DATA / "id_9001", tmp_path / name))


def test_fixture_loads_with_both_index_views() -> None:
    db = load_database(DATA / "id_9001")
    assert {n: len(t) for n, t in db.tables.items()} == {
        "trains": 8,
        "flights": 3,
        "hotels": 3,
        "attractions": 7,
        "restaurants": 9,
        "locations": 23,
        "distance_matrix": 36,
    }
    assert db.hotels["Orange Hotel Nanjing Confucius Temple"]["price"] == "441"
    # The evaluator keeps the last row of a repeated restaurant, the tools the first.
    assert (
        db.restaurants["Six Dynasties Pine Teahouse"]["nearby_attraction_name"]
        == "Orange Hotel Nanjing Confucius Temple"
    )
    assert db.tool_restaurant_by_name["Six Dynasties Pine Teahouse"]["nearby_attraction_name"] == "Laomendong"
    assert db.locations["Laomendong"] == ("32.017745", "118.790011")
    assert db.station_city["Hefei Xinqiao International Airport"] == "Hefei"
    assert db.station_city["Wuhu Station"] == "Nanjing"  # quirk: a transfer station maps to the final city
    assert len(db.numbers["trains"]["G7001"]) == 2 and "MU1002" in db.numbers["flights"]
    assert db.matrix_minutes[("31.968789,118.797499", "32.017745,118.790011")] == "20"
    assert "id_9001" in repr(db)


def test_tasks_are_read_by_id() -> None:
    tasks = load_tasks(DATA / "tasks.json")
    assert [t.id for t in tasks] == ["9001", "9002", "9003"]
    task = load_task(DATA / "tasks.json", 9001)
    assert (
        task.days == 3 and "budget_constraint" in task.hard_constraints and task.query.endswith("Wednesday.")
    )


def test_task_file_errors_say_what_to_fix(tmp_path: Path) -> None:
    with pytest.raises(DatabaseError, match=r"travelplanning_query_en\.json"):
        load_tasks(tmp_path / "missing.json")
    (tmp_path / "bad.json").write_text("[{", encoding="utf-8")
    with pytest.raises(DatabaseError, match="not valid JSON"):
        load_tasks(tmp_path / "bad.json")
    (tmp_path / "odd.json").write_text('[{"id": "1"}]', encoding="utf-8")
    with pytest.raises(DatabaseError, match="meta_info"):
        load_tasks(tmp_path / "odd.json")
    with pytest.raises(DatabaseError, match="not in"):
        load_task(DATA / "tasks.json", "42")
    assert issubclass(DatabaseError, ConfigError)


def test_database_errors_name_the_missing_piece(tmp_path: Path) -> None:
    with pytest.raises(DatabaseError, match="does not exist"):
        load_database(tmp_path / "nowhere")
    root = copy_db(tmp_path)
    (root / "trains" / "trains.csv").unlink()
    with pytest.raises(DatabaseError, match=r"trains/trains\.csv.*header-only"):
        load_database(root)
    lenient = load_database(root, strict=False)
    assert not lenient.tables["trains"].present and lenient.tables["hotels"].present
    assert query_train_info(lenient, "Hefei", "Nanjing", "2025-11-12") == "No information found"  # official text
    assert "not loaded" in query_train_info(lenient, "Hefei", "Nanjing", "2025-11-12", helpful_messages=True)
    shutil.copy(DATA / "id_9001" / "trains" / "trains.csv", root / "trains" / "trains.csv")
    hotels = root / "hotels" / "hotels.csv"
    hotels.write_text(hotels.read_text(encoding="utf-8").replace("hotel_star", "stars"), encoding="utf-8")
    with pytest.raises(DatabaseError, match=r"lacks column\(s\) \['hotel_star'\]"):
        load_database(root)
    assert load_database(root, strict=False).hotels  # tolerated when not strict


HOTELS = "hotels/hotels.csv"


def _header(path: Path) -> str:
    return path.read_text(encoding="utf-8").splitlines()[0] + "\n"


@pytest.mark.parametrize(("breaks", "says"), [
    (lambda p: p.write_bytes(b""), r"hotels\.csv is empty; write at least its header line"),
    (lambda p: p.write_text("  \n", encoding="utf-8"), r"hotels\.csv is empty"),
    (lambda p: p.write_text(_header(p), encoding="utf-8"), r"hotels\.csv has a header but no rows"),
    (lambda p: p.write_bytes(p.read_bytes() + "Caf\u00e9,x\n".encode("latin-1")), r"as UTF-8 CSV \(line \d+"),
    (lambda p: p.write_bytes(bytes(range(256)) * 4), r"hotels\.csv as UTF-8 CSV"),
    (lambda p: p.write_text("lorem ipsum\n\"unclosed, quote\nx", encoding="utf-8"), r"hotels\.csv lacks column"),
    (lambda p: p.write_text(p.read_text(encoding="utf-8") + "a,b,c,d,e,f,g,h,i,j,k,l,m,n,o\n", encoding="utf-8"),
     r"hotels\.csv line \d+ has 15 cells for \d+ columns"),
    (lambda p: p.write_text(p.read_text(encoding="utf-8") + "Half Row,somewhere\n", encoding="utf-8"),
     r"hotels\.csv line \d+ has no cell for column\(s\) \['latitude'.* more; add the missing cells"),
    (lambda p: (p.unlink(), p.mkdir()), r"missing file .*hotels\.csv"),
])
def test_a_broken_table_is_one_clear_error_naming_the_file(tmp_path: Path, breaks: Any, says: str) -> None:
    root = copy_db(tmp_path)
    breaks(root / HOTELS)
    with pytest.raises(DatabaseError, match=says):
        load_database(root)


def test_lenient_loading_still_refuses_a_file_without_a_header(tmp_path: Path) -> None:
    root = copy_db(tmp_path)
    header = _header(root / HOTELS)
    (root / HOTELS).write_bytes(b"")
    with pytest.raises(DatabaseError, match="is empty"):
        load_database(root, strict=False)  # the official reader (pandas) cannot read it either
    (root / HOTELS).write_text(header, encoding="utf-8")
    assert not load_database(root, strict=False).hotels  # header-only is the official tolerance


def test_bom_header_only_and_place_name_are_accepted(tmp_path: Path) -> None:
    root = copy_db(tmp_path)
    flights = root / "flights" / "flights.csv"
    flights.write_text(flights.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")
    hotels = root / "hotels" / "hotels.csv"
    hotels.write_text("\ufeff" + hotels.read_text(encoding="utf-8"), encoding="utf-8")
    locations = root / "locations" / "locations_coords.csv"
    locations.write_text(
        locations.read_text(encoding="utf-8").replace("poi_name", "place_name", 1), encoding="utf-8"
    )
    db = load_database(root)
    assert len(db.tables["flights"]) == 0 and "Ji Hotel Nanjing Xinjiekou" in db.hotels
    assert "Laomendong" in db.tool_location_by_name and db.locations == {}  # the evaluator needs poi_name


def test_task_folders_resolve_with_or_without_prefix(tmp_path: Path) -> None:
    copy_db(tmp_path, "id_7")
    copy_db(tmp_path, "8")
    assert resolve_task_dir(tmp_path, "7").name == "id_7"
    assert resolve_task_dir(tmp_path, "8").name == "8"
    assert load_task_database(tmp_path, "7").tables["hotels"].present
    with pytest.raises(DatabaseError, match="id_9"):
        resolve_task_dir(tmp_path, "9")


def test_in_memory_databases() -> None:
    db = TravelDatabase.from_rows({"hotels": [{"name": " Spacey Inn ", "price": 100, "brand": None}]})
    assert db.hotels[" Spacey Inn ".strip()]["brand"] == "" and not db.tables["trains"].present
    with pytest.raises(DatabaseError, match="unknown table"):
        TravelDatabase.from_rows({"boats": []})


# -- download_official -------------------------------------------------------------------------
def make_zip(tmp_path: Path) -> Path:
    archive = tmp_path / "database_en.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for path in (DATA / "id_9001").rglob("*.csv"):
            zf.write(path, f"database_en/id_0/{path.relative_to(DATA / 'id_9001')}")
    return archive


def test_download_from_a_file_url_unpacks_and_returns_the_root(tmp_path: Path) -> None:
    archive = make_zip(tmp_path)
    digest = hashlib.sha256(archive.read_bytes()).hexdigest()
    root = download_official(tmp_path / "dl", archive.as_uri(), sha256=digest)
    assert root == tmp_path / "dl" / "database_en" and (root / "id_0").is_dir()
    assert load_task_database(root, "0").tables["restaurants"].present
    assert not list((tmp_path / "dl").glob("*.archive"))

    def refuse(url: str) -> io.BytesIO:
        raise AssertionError("an unpacked folder must be reused, not downloaded again")

    assert download_official(tmp_path / "dl", archive.as_uri(), opener=refuse) == root


def test_download_with_a_custom_opener_and_tar_archive(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as tf:
        tf.add(DATA / "id_9001", arcname="id_3")
    seen: list[str] = []

    def opener(url: str) -> io.BytesIO:
        seen.append(url)
        return io.BytesIO(buffer.getvalue())

    root = download_official(tmp_path / "dl", "https://example.invalid/db.tar.gz", opener=opener)
    assert (
        seen == ["https://example.invalid/db.tar.gz"] and (root / "id_3" / "hotels" / "hotels.csv").is_file()
    )


def test_download_problems_are_clear(tmp_path: Path) -> None:
    archive = make_zip(tmp_path)
    with pytest.raises(DatabaseError, match="checksum mismatch"):
        download_official(tmp_path / "a", archive.as_uri(), sha256="0" * 64)

    def offline(url: str) -> io.BytesIO:
        raise OSError("network unreachable")

    with pytest.raises(DatabaseError, match="file:///"):
        download_official(tmp_path / "b", opener=offline)
    evil = tmp_path / "evil.zip"
    with zipfile.ZipFile(evil, "w") as zf:
        zf.writestr("../escape/id_0/x.csv", "a,b\n")
    with pytest.raises(DatabaseError, match="outside"):
        download_official(tmp_path / "c", evil.as_uri())
    (tmp_path / "plain.txt").write_text("not an archive", encoding="utf-8")
    with pytest.raises(DatabaseError, match="neither a zip nor a tar"):
        download_official(tmp_path / "d", (tmp_path / "plain.txt").as_uri())


def test_official_environments_read_their_database_strictly(tmp_path: Path) -> None:
    from pivot_opt.envs.travel.environment import TravelEnv

    copy_db(tmp_path, "id_9001")
    (tmp_path / "id_9001" / HOTELS).unlink()
    with pytest.raises(DatabaseError, match=r"missing file .*hotels\.csv"):
        TravelEnv.from_official(DATA / "tasks.json", tmp_path, "9001")
    env = TravelEnv.from_official(DATA / "tasks.json", tmp_path, "9001", strict=False)
    assert not env.db.tables["hotels"].present
