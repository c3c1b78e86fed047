"""The kit's CSV table loader: raw text cells, strict and lenient modes, errors that name file, line and fix."""

from __future__ import annotations

import csv
import io
import re
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pivot_opt.envs.kit.generate import write_tables
from pivot_opt.envs.kit.tables import Table, TableError, TableLayout, TableSpec, find_task_dir
from pivot_opt.errors import ConfigError

LAYOUT = TableLayout(
    (
        TableSpec("items", "shop/items.csv", ("item_id", "name", "price"), filled=("item_id",), whole_rows=True),
        TableSpec("places", "places/coords.csv", ("poi_name", "lat"), aliases={"poi_name": ("place_name",)}),
    ),
    what="shop folder",
    reference="the data card",
    source_hint=" (see make_shop)",
)


def write(folder: Path, rel: str, text: str) -> Path:
    path = folder / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode("utf-8"))
    return path


def shop(folder: Path, items: str = "item_id,name,price\n1, Tea ,4.50\n2,\"Cake, lemon\",NA\n") -> Path:
    write(folder, "shop/items.csv", items)
    write(folder, "places/coords.csv", "poi_name,lat\nKiosk,31.000100\n")
    return folder


def test_cells_are_raw_text_in_file_order(tmp_path: Path) -> None:
    tables = LAYOUT.read(shop(tmp_path))
    items = tables["items"]
    assert items.columns == ["item_id", "name", "price"] and items.present and len(items) == 2
    assert items.rows[0] == {"item_id": "1", "name": " Tea ", "price": "4.50"}  # no stripping, no numbers
    assert items.rows[1]["name"] == "Cake, lemon" and items.rows[1]["price"] == "NA"
    assert tables["places"].rows == [{"poi_name": "Kiosk", "lat": "31.000100"}]


def test_a_byte_order_mark_and_an_alias_column_are_accepted(tmp_path: Path) -> None:
    write(tmp_path, "shop/items.csv", "\ufeffitem_id,name,price\n1,Tea,4\n")
    write(tmp_path, "places/coords.csv", "place_name,lat\nKiosk,31\n")
    tables = LAYOUT.read(tmp_path)
    assert tables["items"].columns[0] == "item_id"
    assert tables["places"].columns == ["place_name", "lat"]


def test_missing_folder_file_and_column_say_how_to_fix(tmp_path: Path) -> None:
    with pytest.raises(TableError, match=r"shop folder .* does not exist; .*shop/, places/ \(see make_shop\)"):
        LAYOUT.read(tmp_path / "nowhere")
    shop(tmp_path)
    (tmp_path / "places" / "coords.csv").unlink()
    with pytest.raises(TableError, match=r"missing file .*coords\.csv: a shop folder needs places/coords\.csv "
                                         r"\(write a header-only CSV .*strict=False\)"):
        LAYOUT.read(tmp_path)
    lenient = LAYOUT.read(tmp_path, strict=False)
    assert not lenient["places"].present and lenient["places"].rows == [] and lenient["items"].present
    write(tmp_path, "places/coords.csv", "name,lat\n")
    with pytest.raises(TableError, match=r"lacks column\(s\) \['poi_name'\]; add them to the header \(the data card "
                                         r"lists every column of places/coords\.csv\)"):
        LAYOUT.read(tmp_path)
    assert LAYOUT.read(tmp_path, strict=False)["places"].columns == ["name", "lat"]
    assert issubclass(TableError, ConfigError)


def test_row_errors_name_the_line_and_the_column(tmp_path: Path) -> None:
    shop(tmp_path, "item_id,name,price\n1,Tea,4\n2,Cake\n")
    with pytest.raises(TableError, match=r"items\.csv line 3 has no cell for column\(s\) \['price'\]"):
        LAYOUT.read(tmp_path)
    assert LAYOUT.read(tmp_path, strict=False)["items"].rows[1] == {"item_id": "2", "name": "Cake", "price": ""}
    shop(tmp_path, "item_id,name,price\n1,Tea,4,extra\n")
    with pytest.raises(TableError, match=r"line 2 has 4 cells for 3 columns; quote cells that contain commas"):
        LAYOUT.read(tmp_path)
    assert LAYOUT.read(tmp_path, strict=False)["items"].rows == [{"item_id": "1", "name": "Tea", "price": "4"}]
    shop(tmp_path, "item_id,name,price\n1,Tea,4\n  ,Cake,5\n")
    with pytest.raises(TableError, match=r"line 3 leaves column\(s\) \['item_id'\] empty"):
        LAYOUT.read(tmp_path)


def test_a_quoted_cell_over_several_lines_counts_its_lines(tmp_path: Path) -> None:
    shop(tmp_path, 'item_id,name,price\n1,"Tea\nwith milk",4\n,Cake,5\n')
    assert LAYOUT.read(tmp_path, strict=False)["items"].rows[0]["name"] == "Tea\nwith milk"
    with pytest.raises(TableError, match="line 4 leaves"):
        LAYOUT.read(tmp_path)


def test_bad_encoding_and_bad_csv_name_the_line(tmp_path: Path) -> None:
    shop(tmp_path)
    (tmp_path / "shop" / "items.csv").write_bytes(b"item_id,name,price\n1,Tea,4\n2,Caf\xe9,5\n")
    with pytest.raises(TableError, match=r"cannot read .*items\.csv as UTF-8 CSV \(line 3: .*re-save it as UTF-8"):
        LAYOUT.read(tmp_path, strict=False)
    huge = "x" * (csv.field_size_limit() + 1)
    (tmp_path / "shop" / "items.csv").write_text(f"item_id,name,price\n1,Tea,4\n2,{huge},5\n", encoding="utf-8")
    with pytest.raises(TableError, match=r"line 3: field larger than field limit"):
        LAYOUT.read(tmp_path)


def test_rows_in_memory_and_unknown_tables() -> None:
    tables = LAYOUT.from_rows({"items": [{"item_id": 1, "name": None}, {"price": 4.5, "item_id": 2}]})
    assert tables["items"].columns == ["item_id", "name", "price"]
    assert tables["items"].rows == [{"item_id": "1", "name": "", "price": ""}, {"item_id": "2", "name": "",
                                                                              "price": "4.5"}]
    assert not tables["places"].present and isinstance(tables["places"], Table)
    with pytest.raises(TableError, match=r"unknown table 'boats'; expected one of \['items', 'places'\]"):
        LAYOUT.from_rows({"boats": []})
    with pytest.raises(ValueError, match="unique"):
        TableLayout((TableSpec("a", "a.csv"), TableSpec("a", "b.csv")))


def test_task_folders_are_found_by_id(tmp_path: Path) -> None:
    (tmp_path / "id_7").mkdir()
    (tmp_path / "8").mkdir()
    assert find_task_dir(tmp_path, "7").name == "id_7"
    assert LAYOUT.task_dir(tmp_path, "8").name == "8"
    with pytest.raises(TableError, match=r"no shop folder folder for task '9' .*id_9.* \(e\.g\. shops/\)"):
        LAYOUT.task_dir(tmp_path, "9", hint=" (e.g. shops/)")

    class MyError(TableError):
        pass

    with pytest.raises(MyError):
        find_task_dir(tmp_path, "9", error=MyError)


def test_written_tables_read_back_the_same(tmp_path: Path) -> None:
    rows = {"items": [{"item_id": "1", "name": "Tea, hot", "price": "4.50", "note": 'say "hi"'}]}
    write_tables(tmp_path, LAYOUT, rows)
    tables = LAYOUT.read(tmp_path)
    assert tables["items"].columns == ["item_id", "name", "price", "note"]
    assert tables["items"].rows == rows["items"]
    assert tables["places"].present and tables["places"].rows == [] and tables["places"].columns == ["poi_name", "lat"]


# -- properties of the error paths -----------------------------------------------------------
cells = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00\r\n"), max_size=6)
rows_st = st.lists(st.lists(cells, min_size=0, max_size=5), max_size=5)


def _csv(header: list[str], rows: list[list[str]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(header=st.lists(st.sampled_from(["item_id", "name", "price", "other"]), min_size=1, max_size=4, unique=True),
       rows=rows_st, strict=st.booleans())
def test_any_file_loads_or_fails_with_an_error_that_names_it(header: list[str], rows: list[list[str]],
                                                             strict: bool) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        write(folder, "places/coords.csv", "poi_name,lat\n")
        path = write(folder, "shop/items.csv", _csv(header, rows))
        try:
            tables = LAYOUT.read(folder, strict=strict)
        except TableError as exc:
            message = str(exc)
            assert strict, "lenient loading of a readable file never fails"
            assert str(path) in message and "strict=False" in message
            missing = [c for c in ("item_id", "name", "price") if c not in header]
            if missing:
                assert f"lacks column(s) {missing}" in message
            else:
                line = int(re.search(r"line (\d+)", message).group(1))  # type: ignore[union-attr]
                assert 2 <= line <= len(rows) + 1
                bad = rows[line - 2]
                assert len(bad) != len(header) or "empty" in message
            return
        items = tables["items"]
        assert items.columns == header
        kept = [r for r in rows if r]  # csv skips empty lines
        assert len(items.rows) == len(kept)
        for row, raw in zip(items.rows, kept, strict=True):
            assert list(row) == header and all(isinstance(v, str) for v in row.values())
            assert [row[c] for c in header][: len(raw)] == raw[: len(header)]


def test_a_file_without_header_is_refused_even_when_lenient(tmp_path: Path) -> None:
    shop(tmp_path, items="")
    for strict in (True, False):
        with pytest.raises(TableError, match=r"items\.csv is empty; write at least its header line \(item_id"):
            LAYOUT.read(tmp_path, strict=strict)


def test_rows_needed_refuses_a_header_only_table_in_strict_mode(tmp_path: Path) -> None:
    layout = TableLayout((TableSpec("items", "shop/items.csv", ("item_id",), rows_needed=True),))
    write(tmp_path, "shop/items.csv", "item_id\n")
    with pytest.raises(TableError, match=r"items\.csv has a header but no rows"):
        layout.read(tmp_path)
    assert len(layout.read(tmp_path, strict=False)["items"]) == 0
