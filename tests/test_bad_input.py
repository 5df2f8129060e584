"""Bad input stops the build with a message naming file, line and column; nothing is lost.

Each test corrupts a private copy of the project's raw data (made in a temporary folder) and
checks the message and that previously built processed tables are untouched.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import fails_leaving_processed, rewrite

from mutualstats.build import build_all
from mutualstats.cli import main

CSV = "satisfaction.csv"


@pytest.fixture
def project(built_project: Path) -> Iterator[Path]:
    """A copy of the project's raw data, built (once per session, then copied)."""
    yield built_project


ROW_2018 = "2018,published,53,,,2926,published,26,34,973,"
#: Each row starts with the publication it was read from; the years' rows are found by it.
PUB_2017 = "kf_public_satisfaction_nhs_2017"
PUB_2024 = "kf_bsa_satisfaction_2024"


def _bsa(project: Path) -> Path:
    return project / "data" / "raw" / "bsa"


def _replace(project: Path, old: str, new: str) -> None:
    folder = _bsa(project)
    text = (folder / CSV).read_text(encoding="utf-8")
    assert old in text
    rewrite(folder, CSV, text.replace(old, new, 1))


@pytest.mark.parametrize(
    ("old", "new", "fragments"),
    [
        (
            ROW_2018,
            "2018,published,n/a,,,2926,published,26,34,973,",
            ["bsa/satisfaction.csv:37", "'nhs_satisfied_pct'"],
        ),
        (
            ROW_2018,
            "2018,published,53%,,,2926,published,26,34,973,",
            ["satisfaction.csv:37", "'nhs_satisfied_pct'"],
        ),
        (
            ROW_2018,
            "2018,published,153,,,2926,published,26,34,973,",
            ["satisfaction.csv:37", "must be at most 100 (value: "],
        ),
        (
            ROW_2018,
            "2018,published,-3,,,2926,published,26,34,973,",
            ["satisfaction.csv:37", "must be at least 0 (value: "],
        ),
        (
            ROW_2018,
            "2018,published,0.53,,,2926,published,26,34,973,",
            ["satisfaction.csv:37", "a percentage, not a fraction"],
        ),
        (
            ROW_2018,
            '2018,published,53,,,"2,926",published,26,34,973,',
            ["satisfaction.csv:37", "'nhs_base_n'"],
        ),
        (f"\n{PUB_2017},2017,", f"\n{PUB_2017},2018,", ["one row per year"]),
        (f"\n{PUB_2024},2024,", f"\n{PUB_2024},1899,", ["satisfaction.csv:43", "'year'"]),
        (f"\n{PUB_2024},2024,", f"\n{PUB_2024},2201,", ["satisfaction.csv:43", "'year'"]),
        (
            ",mode,",
            ",survey_mode,",
            ["column 'mode': missing column", "column 'survey_mode': unexpected column"],
        ),
        (
            ROW_2018,
            "2018,published, 53,,,2926,published,26,34,973,",
            ["satisfaction.csv:37 column 'nhs_satisfied_pct'", "starts or ends with spaces"],
        ),
        (
            ROW_2018 + "Jul-Oct",
            ROW_2018 + "   ",
            ["satisfaction.csv:37 column 'fieldwork'", "value is only spaces", "'   '"],
        ),
    ],
    ids=[
        "text-in-numeric",
        "percent-sign",
        "above-100",
        "below-0",
        "fraction",
        "thousands-separator",
        "duplicate-key",
        "year-too-early",
        "year-too-late",
        "renamed-column",
        "padded-number",
        "only-spaces",
    ],
)
def test_bad_cell_or_header(project: Path, old: str, new: str, fragments: list[str]) -> None:
    _replace(project, old, new)
    fails_leaving_processed(project, *fragments)


def test_unexpected_extra_column(project: Path) -> None:
    folder = _bsa(project)
    lines = (folder / CSV).read_text(encoding="utf-8").splitlines()
    rewrite(folder, CSV, "\n".join(f"{line},x" for line in lines) + "\n")
    fails_leaving_processed(project, "unexpected column")


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        (b"", "file is empty"),
        (None, "header but no rows"),
        (b"\xef\xbb\xbfyear\n", "byte-order mark"),
        (b"year,nhs_status\n2018,caf\xe9\n", "bytes are not UTF-8"),
        (None, "wrong delimiter"),
    ],
    ids=["empty", "header-only", "bom", "not-utf8", "semicolons"],
)
def test_bad_file(project: Path, content: bytes | None, fragment: str) -> None:
    folder = _bsa(project)
    text = (folder / CSV).read_text(encoding="utf-8")
    if fragment == "header but no rows":
        content = text.splitlines()[0].encode() + b"\n"
    elif fragment == "wrong delimiter":
        content = text.replace(",", ";").encode()
    rewrite(folder, CSV, content)
    fails_leaving_processed(project, "bsa/satisfaction.csv", fragment)


HEADER_START = "publication_id,year,"


@pytest.mark.parametrize(
    ("old", "new", "fragment"),
    [
        (
            HEADER_START,
            "publication_id,year ,",
            "satisfaction.csv:1 column 'year': column name starts or ends with spaces: remove "
            "them (value: 'year ')",
        ),
        (
            HEADER_START,
            "publication_id,year\u200b,",
            "satisfaction.csv:1 column 'year': column name holds an invisible character (U+200B "
            "ZERO WIDTH SPACE): remove it (value: 'year\\u200b')",
        ),
        (
            HEADER_START,
            "publication_id,Year,",
            "satisfaction.csv:1 column 'year': column name must be lower case, as in year "
            "(value: 'Year')",
        ),
        (
            ",note\n",
            ",note,\n",
            "satisfaction.csv:1: column {after_last} of the header has no name: remove the comma "
            "that makes it, or name the column",
        ),
    ],
    ids=["padded", "invisible-character", "capitals", "trailing-comma"],
)
def test_a_column_name_written_another_way_is_one_problem(
    project: Path, old: str, new: str, fragment: str
) -> None:
    """A name that reads as an expected column in a spreadsheet is that column, named once; it
    was a missing column beside an unexpected one that looked the same. A header cell left
    empty is named by its place."""
    header = (_bsa(project) / CSV).read_text(encoding="utf-8").splitlines()[0]
    _replace(project, old, new)
    # The place of a cell after the last: one more than the header's columns, however many.
    messages = fails_leaving_processed(
        project, fragment.replace("{after_last}", str(len(header.split(",")) + 1))
    )
    assert len(messages) == 1, messages


def test_a_row_of_commas_alone_is_one_problem(project: Path) -> None:
    """A row whose cells were cleared in a spreadsheet: one problem, not one per column that
    needs a value."""
    folder = _bsa(project)
    text = (folder / CSV).read_text(encoding="utf-8")
    columns = len(text.splitlines()[0].split(","))
    rewrite(folder, CSV, text + "," * (columns - 1) + "\n")
    line = len(text.splitlines()) + 1
    messages = fails_leaving_processed(
        project, f"satisfaction.csv:{line}: row has no values (commas only): delete the line"
    )
    assert len(messages) == 1, messages


@pytest.mark.parametrize(
    ("row", "check"),
    [
        ("   ", "row has no values (only spaces): delete the line"),
        (" , ,", "row has no values (only spaces): delete the line"),
        ("{header}", "row repeats the header (two files joined?): delete the line"),
        ("{header_capitalised}", "row repeats the header (two files joined?): delete the line"),
    ],
)
def test_a_row_without_values_is_one_problem(project: Path, row: str, check: str) -> None:
    """A line of spaces left by an editor, or the header again where two files were joined:
    one problem naming the line, not a count of fields or a failure in every column."""
    folder = _bsa(project)
    lines = (folder / CSV).read_text(encoding="utf-8").splitlines()
    header = lines[0]
    inserted = row.format(header=header, header_capitalised=header.title())
    rewrite(folder, CSV, "\n".join([*lines[:10], inserted, *lines[10:]]) + "\n")
    messages = fails_leaving_processed(project, f"satisfaction.csv:11: {check}")
    assert len(messages) == 1, messages


def test_a_table_saved_in_another_encoding_is_named_at_its_cell(project: Path) -> None:
    """A spreadsheet's "CSV" is often Windows-1252, or UTF-16 as "Unicode text": the first byte
    that is not UTF-8 is named at its line and column, with what it is and what to do."""
    folder = _bsa(project)
    text = (folder / CSV).read_text(encoding="utf-8")
    assert text.count(f"{PUB_2017},") == 1
    line = text[: text.index(f"{PUB_2017},")].count("\n") + 1
    rewrite(folder, CSV, text.replace(f"{PUB_2017},", f"{PUB_2017}\u00a3,").encode("cp1252"))
    messages = fails_leaving_processed(
        project,
        f"satisfaction.csv:{line} column 'publication_id': bytes are not UTF-8 ('£' is byte a3 "
        "in Windows-1252): save the file as UTF-8 (value: 'a3')",
    )
    assert len(messages) == 1, messages
    rewrite(folder, CSV, text.encode("utf-16"))
    fails_leaving_processed(
        project,
        "satisfaction.csv:1: file is UTF-16 (it starts with a UTF-16 byte-order mark): save it as "
        "UTF-8 (value: 'ff')",
    )


def test_a_source_yaml_in_another_encoding_is_named_at_its_line_and_column(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = _bsa(project)
    yaml_path = folder / "source.yaml"
    lines = yaml_path.read_text(encoding="utf-8").splitlines(keepends=True)
    assert lines[1].startswith("publisher: NatCen")
    lines[1] = lines[1].replace("NatCen", "NatC\u00e9n", 1)
    yaml_path.write_bytes("".join(lines).encode("cp1252"))
    expected = (
        "data/raw/bsa/source.yaml:2: bytes are not UTF-8 at column 16 ('é' is byte e9 in "
        "Windows-1252): save the file as UTF-8 (value: 'e9')"
    )
    fails_leaving_processed(project, expected)
    assert main(["checksum", str(folder)]) == 2
    assert expected in capsys.readouterr().err


def test_a_briefing_in_another_encoding_is_named_at_its_line_and_column(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "briefing.txt"
    path.write_bytes("A brief history\nSpending rose by \u00a320.5 billion.\n".encode("cp1252"))
    for command in ("scan", "report"):
        argv = [command, "--briefing", str(path)] if command == "report" else [command, str(path)]
        assert main(argv) == 2
        assert capsys.readouterr().err.strip() == (
            f"mutualstats {command}: {path}:2 column 18: bytes are not UTF-8 ('£' is byte a3 in "
            "Windows-1252): save the file as UTF-8"
        )
    assert not (project / "reports" / "site").exists()


def test_checksum_mismatch_names_the_file_and_the_command(project: Path) -> None:
    path = _bsa(project) / CSV
    path.write_text(path.read_text(encoding="utf-8").replace(",53,", ",54,", 1), encoding="utf-8")
    messages = fails_leaving_processed(project, "bsa/satisfaction.csv")
    assert any("mutualstats checksum data/raw/bsa" in message for message in messages)


def test_missing_source_yaml(project: Path) -> None:
    (_bsa(project) / "source.yaml").unlink()
    fails_leaving_processed(project, "data/raw/bsa/source.yaml: source.yaml is missing")


def test_malformed_yaml(project: Path) -> None:
    (_bsa(project) / "source.yaml").write_text("id: bsa\nfiles: [unclosed\n", encoding="utf-8")
    fails_leaving_processed(project, "data/raw/bsa/source.yaml", "malformed YAML")


def test_yaml_is_never_evaluated(project: Path) -> None:
    payload = "id: !!python/object/apply:os.system ['echo unsafe']\n"
    (_bsa(project) / "source.yaml").write_text(payload, encoding="utf-8")
    fails_leaving_processed(project, "malformed YAML")


def test_files_path_may_not_leave_the_source_folder(project: Path) -> None:
    yaml_path = _bsa(project) / "source.yaml"
    text = yaml_path.read_text(encoding="utf-8").replace(
        "path: satisfaction.csv", "path: ../satisfaction.csv"
    )
    yaml_path.write_text(text, encoding="utf-8")
    fails_leaving_processed(project, "path must name a file inside the source folder")


def test_unknown_unit(project: Path) -> None:
    folder = project / "data" / "raw" / "cipfa"
    text = (folder / "headline_figures.csv").read_text(encoding="utf-8")
    rewrite(folder, "headline_figures.csv", text.replace(",pct,", ",percent,", 1))
    fails_leaving_processed(project, "cipfa/headline_figures.csv:3", "'unit'")


def test_problems_in_several_sources_are_reported_together(project: Path) -> None:
    _replace(project, ROW_2018, "2018,published,n/a,,,2926,published,26,34,973,")
    folder = project / "data" / "raw" / "cipfa"
    text = (folder / "headline_figures.csv").read_text(encoding="utf-8")
    rewrite(folder, "headline_figures.csv", text.replace(",pct,", ",percent,", 1))
    fails_leaving_processed(project, "bsa/satisfaction.csv", "cipfa/headline_figures.csv")


def test_cli_build_exits_2_and_prints_every_problem(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _replace(project, ROW_2018, "2018,published,n/a,,,2926,published,26,34,973,")
    assert main(["build"]) == 2
    assert "data/raw/bsa/satisfaction.csv:37 column 'nhs_satisfied_pct'" in capsys.readouterr().err


def test_checksum_command_records_a_deliberate_change(project: Path) -> None:
    path = _bsa(project) / CSV
    path.write_text(path.read_text(encoding="utf-8").replace(",53,", ",54,", 1), encoding="utf-8")
    assert main(["checksum", str(_bsa(project))]) == 0
    build_all()


def test_nothing_reaches_the_network(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Build and audit run with every socket refused: no data is fetched at run time."""
    import socket

    from mutualstats.claims import audit

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("network access attempted")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    build_all()
    register = (project / "data" / "raw" / "briefing" / "claims.csv").read_text(encoding="utf-8")
    assert len(audit()) == len(register.splitlines()) - 1 > 0


def _edit_yaml(project: Path, folder: str, old: str, new: str) -> None:
    path = project / "data" / "raw" / folder / "source.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _accessed(project: Path, folder: str) -> tuple[str, str]:
    """The folder's ``date_accessed:`` line as written, and its date: an analyst updates it with
    each new year, so no test types it in."""
    text = (project / "data" / "raw" / folder / "source.yaml").read_text(encoding="utf-8")
    found = re.search(r'^date_accessed: "(\d{4}-\d{2}-\d{2})"$', text, flags=re.MULTILINE)
    assert found, f"{folder}/source.yaml has no quoted date_accessed line"
    return found[0], found[1]


@pytest.mark.parametrize(
    ("written", "fragment"),
    [
        ("2026-13-45", "date_accessed': must be the day the citations were checked"),
        ("2999-01-01", "not after today"),
        ("29/11/2026", "a real date (YYYY-MM-DD)"),
        ("!!timestamp 2026-13-45", "a tagged value cannot be read"),
    ],
    ids=["no-such-day", "future", "day-first", "tagged"],
)
def test_date_accessed_is_a_real_past_day(project: Path, written: str, fragment: str) -> None:
    """An unquoted date that does not exist is one problem on its key, not a failed parse."""
    _edit_yaml(project, "bsa", _accessed(project, "bsa")[0], f"date_accessed: {written}")
    messages = fails_leaving_processed(project, "data/raw/bsa/source.yaml", fragment)
    assert len(messages) == 1, messages


def test_an_unquoted_real_date_is_read_as_written(project: Path) -> None:
    from mutualstats.build import build_all
    from mutualstats.datasets import provenance

    line, day = _accessed(project, "bsa")
    _edit_yaml(project, "bsa", line, f"date_accessed: {day}")
    build_all()
    assert provenance("bsa").date_accessed == day


def test_a_publication_url_is_a_web_address(project: Path) -> None:
    _edit_yaml(
        project, "nhs_vacancies", "url: https://improvement.nhs.uk/", "url: improvement.nhs.uk/"
    )
    fails_leaving_processed(
        project, "data/raw/nhs_vacancies/source.yaml", "url must be an http(s) address with a host"
    )


def test_a_broken_source_yaml_is_reported_once_not_by_the_folders_citing_it(
    project: Path,
) -> None:
    """nhs_workforce cites publications declared in nhs_vacancies: only the broken file is named."""
    line = _accessed(project, "nhs_vacancies")[0]
    _edit_yaml(project, "nhs_vacancies", line, "date_accessed: 2026-13-45")
    messages = fails_leaving_processed(project, "data/raw/nhs_vacancies/source.yaml")
    assert not [message for message in messages if "nhs_workforce" in message], messages


def test_a_missing_source_folder_is_named(project: Path) -> None:
    """A folder a loader reads is missing (deleted or renamed): the build names it first."""
    shutil.rmtree(project / "data" / "raw" / "cqc")
    messages = fails_leaving_processed(project, "data/raw/cqc: source folder is missing")
    assert messages[0].startswith("data/raw/cqc:"), messages
