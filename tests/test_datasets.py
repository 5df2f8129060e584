"""The one door to the processed data: a table is read only as the build wrote it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest
from conftest import rewrite

from mutualstats import datasets
from mutualstats.build import MANIFEST, build_all
from mutualstats.cli import main
from mutualstats.config import project_root
from mutualstats.errors import ProcessedTableError, StaleDataError


@pytest.fixture
def built(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copytree(project_root() / "data" / "raw", tmp_path / "data" / "raw")
    monkeypatch.setenv("MUTUALSTATS_ROOT", str(tmp_path))
    build_all()
    return tmp_path / "data" / "processed"


def test_build_records_every_table_it_validated(built: Path) -> None:
    manifest = pd.read_json(built / MANIFEST, typ="series")["validated_tables"]
    assert set(manifest) == set(datasets.available())


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda frame: frame.assign(nhs_satisfied_pct=153.0), id="out-of-range"),
        # Still fits the Clean model: a reader would silently judge C28 on five rows.
        pytest.param(lambda frame: frame.head(5), id="rows-cut"),
        pytest.param(lambda frame: frame.iloc[:0], id="emptied"),
    ],
)
def test_a_processed_file_changed_after_the_build_is_refused(built: Path, damage) -> None:
    path = built / "bsa_satisfaction.parquet"
    damage(pd.read_parquet(path)).to_parquet(path, index=False)
    with pytest.raises(ProcessedTableError) as caught:
        datasets.load("bsa_satisfaction")
    assert str(caught.value) == (
        "data/processed/bsa_satisfaction.parquet was changed after the build (its sha256 is not "
        "the one recorded in manifest.json); run `make data` to build it again"
    )


def test_another_table_copied_over_one_is_refused(built: Path) -> None:
    shutil.copyfile(built / "nhs_staff.parquet", built / "bsa_satisfaction.parquet")
    with pytest.raises(ProcessedTableError, match=r"bsa_satisfaction\.parquet was changed after"):
        datasets.load("bsa_satisfaction")
    assert main(["audit"]) == 2


def test_tables_built_before_a_raw_file_changed_are_refused_until_rebuilt(
    built: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A claim taken out of the register and recorded, but not built: the audit would still judge
    it from the old tables. Reading refuses, naming the file; the next build makes it current."""
    raw = built.parent / "raw" / "briefing"
    lines = (raw / "claims.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    rewrite(raw, "claims.csv", "".join(line for line in lines if not line.startswith("C03,")))
    expected = (
        "data/processed was built before data/raw/briefing/claims.csv, "
        "data/raw/briefing/source.yaml changed, so its tables are out of date; run `make data` to "
        "build it again"
    )
    with pytest.raises(StaleDataError) as caught:
        datasets.load("briefing_claims")
    assert str(caught.value) == expected
    assert main(["audit"]) == 2
    assert capsys.readouterr().err == f"mutualstats audit: {expected}\n"
    build_all()
    assert "C03" not in set(datasets.load("briefing_claims")["claim_id"])


def test_a_file_added_to_data_raw_makes_the_tables_out_of_date(built: Path) -> None:
    (built.parent / "raw" / "bsa" / "notes.txt").write_text("SYNTHETIC note\n", encoding="utf-8")
    with pytest.raises(StaleDataError, match=r"before data/raw/bsa/notes\.txt changed"):
        datasets.load("bsa_satisfaction")


def test_a_processed_file_that_is_not_a_table_is_one_message(built: Path) -> None:
    path = built / "bsa_satisfaction.parquet"
    path.write_bytes(path.read_bytes()[:100])
    with pytest.raises(
        ProcessedTableError,
        match=r"^data/processed/bsa_satisfaction.parquet "
        r"cannot be read as a table \(.+\); run `make data`",
    ):
        datasets.load("bsa_satisfaction")


def test_unknown_and_unbuilt_tables_are_named(built: Path) -> None:
    with pytest.raises(KeyError, match="unknown table 'no_such_table'"):
        datasets.load("no_such_table")
    (built / "bsa_satisfaction.parquet").unlink()
    with pytest.raises(FileNotFoundError, match="run `make data` first"):
        datasets.load("bsa_satisfaction")


def test_build_records_the_folders_feeding_each_table(built: Path) -> None:
    from mutualstats.sources import BUILDERS

    assert datasets.source_folders("bsa_satisfaction") == ("bsa",)
    assert datasets.source_folders("publications") == ()
    feeding = {folder for name in datasets.available() for folder in datasets.source_folders(name)}
    assert feeding == set(BUILDERS)
    with pytest.raises(KeyError, match="unknown table 'no_such_table'"):
        datasets.source_folders("no_such_table")
    (built / MANIFEST).write_text("{", encoding="utf-8")
    with pytest.raises(FileNotFoundError, match=r"manifest\.json records no source folders for"):
        datasets.source_folders("bsa_satisfaction")


@pytest.mark.parametrize(
    ("table", "column", "value"),
    [
        ("nhs_trust_vacancies", "period", "2017/18 Q3"),
        ("psm_headline_figures", "measure", "profitable_pct"),
    ],
)
def test_raw_locations_name_the_data_rows_a_processed_row_was_read_from(
    table: str, column: str, value: str
) -> None:
    """Dates are matched as written (2017-12-31, not a timestamp), and a vocabulary file that
    shares a column with the table (measures.csv) is never named as where a row was read."""
    from mutualstats.config import raw_dir
    from mutualstats.rawcsv import read_rows

    frame = datasets.load(table)
    chosen = frame.loc[frame[column] == value]
    assert len(chosen) >= 2
    locations = datasets.raw_locations(table, chosen)
    assert len(locations) == len(chosen), locations
    rows = {
        f"{row.path}:{row.line}": row
        for folder in datasets.source_folders(table)
        for path in sorted((raw_dir() / folder).glob("*.csv"))
        for row in read_rows(path, raw_dir())
    }
    for location in locations:
        assert rows[location].cells[column] == value, location
        assert set(chosen["publication_id"]) >= {rows[location].cells["publication_id"]}
