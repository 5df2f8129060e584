"""No wrong or stale number gets through: content-based rebuilds, complete source folders, strict
YAML and cells, a cross-checked register, and one clear message (never a traceback) for bad input.

Each test corrupts a private copy of the project's raw data, built once per session and copied.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import nbformat
import pandas as pd
import pytest
from conftest import fails_leaving_processed, rewrite, synthetic_notebook

from mutualstats import build as build_module
from mutualstats import freshness
from mutualstats.build import build_all, is_current
from mutualstats.cli import main
from mutualstats.config import STATED_CHANGE_TOLERANCE_PP, VALUE_QUALIFIERS, project_root
from mutualstats.errors import MAX_PROBLEMS_PER_FILE
from mutualstats.runs import RunError, run_directory, run_notebooks

ROW_2018 = "kf_bsa_satisfaction_2018,2018,published,53,,,2926,published,26,34,973,"


def _raw(project: Path, source: str) -> Path:
    return project / "data" / "raw" / source


def _edit(project: Path, source: str, name: str, old: str, new: str) -> None:
    folder = _raw(project, source)
    text = (folder / name).read_text(encoding="utf-8")
    assert old in text, old
    rewrite(folder, name, text.replace(old, new, 1))


# 1. Rebuild by content, not by modification time.


def test_an_unchanged_build_does_nothing(built_project: Path) -> None:
    manifest = built_project / "data" / "processed" / "manifest.json"
    before = manifest.stat().st_mtime_ns
    assert is_current()
    build_all()
    assert manifest.stat().st_mtime_ns == before
    assert json.loads(manifest.read_text(encoding="utf-8"))["inputs"]


def test_a_deleted_listed_file_fails_the_build(built_project: Path) -> None:
    (_raw(built_project, "bsa") / "publisher_statements.csv").unlink()
    assert not is_current()
    fails_leaving_processed(
        built_project, "bsa/publisher_statements.csv: file listed in source.yaml is missing"
    )


def test_checksum_names_a_listed_file_that_is_missing_and_records_nothing(
    built_project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """It said every checksum was up to date, and the build then refused the folder."""
    folder = _raw(built_project, "bsa")
    (folder / "publisher_statements.csv").unlink()
    shutil.copy(folder / "satisfaction.csv", folder / "satisfaction_copy.csv")
    recorded = (folder / "source.yaml").read_bytes()
    assert main(["checksum", str(folder)]) == 2
    out, err = capsys.readouterr()
    assert "up to date" not in out and "recorded" not in out
    assert err.count("\n  - ") == 1, err
    assert (
        "data/raw/bsa/publisher_statements.csv: file listed in source.yaml is missing: restore "
        "it, or remove its entry from the files list"
    ) in err
    assert (folder / "source.yaml").read_bytes() == recorded


def test_a_backdated_recorded_edit_is_rebuilt(built_project: Path) -> None:
    _edit(built_project, "bsa", "satisfaction.csv", ROW_2018, ROW_2018.replace(",53,", ",54,"))
    old = time.mktime((2020, 1, 1, 0, 0, 0, 0, 0, -1))
    for path in _raw(built_project, "bsa").iterdir():
        os.utime(path, (old, old))
    assert not is_current()
    build_all()
    table = pd.read_parquet(built_project / "data" / "processed" / "bsa_satisfaction.parquet")
    assert table.set_index("year").loc[2018, "nhs_satisfied_pct"] == 54


@pytest.mark.parametrize("damage", ["edit", "delete", "remove_folder", "manifest"])
def test_a_damaged_processed_folder_is_rebuilt(built_project: Path, damage: str) -> None:
    processed = built_project / "data" / "processed"
    table = processed / "bsa_satisfaction.parquet"
    if damage == "edit":
        table.write_bytes(table.read_bytes() + b"x")
    elif damage == "delete":
        table.unlink()
    elif damage == "remove_folder":
        for path in processed.iterdir():
            path.unlink()
        processed.rmdir()
    else:
        (processed / "manifest.json").write_text("{", encoding="utf-8")
    assert not is_current()
    build_all()
    assert is_current()


def test_a_changed_package_file_is_an_input(tmp_path: Path) -> None:
    package = tmp_path / "package"
    (package / "sources").mkdir(parents=True)
    (package / "sources" / "bsa.py").write_text("A = 1\n", encoding="utf-8")
    before = freshness.build_inputs(tmp_path / "raw", package)
    (package / "sources" / "bsa.py").write_text("A = 2\n", encoding="utf-8")
    assert freshness.build_inputs(tmp_path / "raw", package) != before


def test_every_module_a_build_runs_is_an_input(tmp_path: Path) -> None:
    """The data step reruns when any code it executes changes: each module of the package that a
    whole build imports is listed in ``freshness.TABLE_CODE``."""
    shutil.copytree(project_root() / "data" / "raw", tmp_path / "data" / "raw")
    script = (
        "import sys; from mutualstats.build import build_all; build_all(); "
        "print('\\n'.join(m.__file__ for n, m in sys.modules.items() "
        "if n.split('.')[0] == 'mutualstats'))"
    )
    env = {**os.environ, "MUTUALSTATS_ROOT": str(tmp_path)}
    ran = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True
    )
    package = Path(freshness.__file__).parent
    executed = {Path(line).relative_to(package).as_posix() for line in ran.stdout.splitlines()}
    listed = set(freshness.build_inputs(tmp_path / "data" / "raw", package))
    assert {f"package/{name}" for name in executed} <= listed


def test_a_step_runs_again_when_an_output_is_deleted_or_edited(tmp_path: Path) -> None:
    source, output, runs = tmp_path / "in.txt", tmp_path / "out.txt", tmp_path / "runs.txt"
    source.write_text("a", encoding="utf-8")
    script = (
        "import os, pathlib, sys; pathlib.Path(sys.argv[1]).write_text('made');"
        "open(sys.argv[2], 'a').write('x');"
        "pathlib.Path(os.environ['MUTUALSTATS_FIGURES_DIR'], 'chart.svg').write_text('svg')"
    )
    command = [sys.executable, "-c", script, str(output), str(runs)]
    figures = tmp_path / "figures"

    def step() -> int:
        reports = tmp_path / "reports"
        assert freshness.run_step("s", [source], [output], command, reports, figures) == 0
        return len(runs.read_text(encoding="utf-8"))

    assert step() == 1
    assert step() == 1, "nothing changed: the command is not run"
    output.write_text("edited by hand", encoding="utf-8")
    assert step() == 2
    (figures / "chart.svg").unlink()
    assert step() == 3
    source.write_text("b", encoding="utf-8")
    assert step() == 4
    assert (figures / "chart.svg").read_text(encoding="utf-8") == "svg"


def _chart_step(tmp_path: Path, step: str) -> Callable[[str], int]:
    """A step that exports one chart per word of its input file (a chart file's text is the
    step's name), and fails when a word is ``fail``; given the words, it runs the step."""
    listing, output = tmp_path / f"{step}.txt", tmp_path / f"{step}.out"
    script = (
        "import os, pathlib, sys; names = pathlib.Path(sys.argv[1]).read_text().split();"
        "'fail' in names and sys.exit(1);"
        "staging = pathlib.Path(os.environ['MUTUALSTATS_FIGURES_DIR']);"
        "[(staging / (name + '.svg')).write_text(sys.argv[3]) for name in names];"
        "pathlib.Path(sys.argv[2]).write_text('made')"
    )
    command = [sys.executable, "-c", script, str(listing), str(output), step]

    def run(names: str) -> int:
        listing.write_text(names, encoding="utf-8")
        reports, figures = tmp_path / "reports", tmp_path / "figures"
        return freshness.run_step(step, [listing], [output], command, reports, figures)

    return run


def _charts(tmp_path: Path) -> dict[str, str]:
    return {path.name: path.read_text("utf-8") for path in (tmp_path / "figures").iterdir()}


def test_a_chart_a_step_no_longer_exports_is_removed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    first, second = _chart_step(tmp_path, "first"), _chart_step(tmp_path, "second")
    assert first("kept dropped") == 0 and second("other") == 0
    assert _charts(tmp_path) == {"kept.svg": "first", "dropped.svg": "first", "other.svg": "second"}
    capsys.readouterr()
    assert first("kept") == 0
    assert capsys.readouterr().out == (
        f"first: removed from {tmp_path / 'figures'} the charts it no longer exports: dropped.svg\n"
    )
    assert _charts(tmp_path) == {"kept.svg": "first", "other.svg": "second"}
    assert first("kept") == 0, "up to date: nothing runs, nothing is removed"
    assert capsys.readouterr().out == ""
    assert _charts(tmp_path) == {"kept.svg": "first", "other.svg": "second"}


def test_a_chart_another_step_now_exports_is_left(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A chart moved from one notebook to another: whichever step runs first, the chart stays,
    as the step exporting it now wrote it."""
    first, second = _chart_step(tmp_path, "first"), _chart_step(tmp_path, "second")
    assert first("kept moved") == 0 and second("other") == 0
    assert second("other moved") == 0
    assert first("kept") == 0
    assert "removed" not in capsys.readouterr().out
    assert _charts(tmp_path) == {"kept.svg": "first", "moved.svg": "second", "other.svg": "second"}


def test_a_failing_step_keeps_its_charts_and_a_later_run_removes_the_dropped_ones(
    tmp_path: Path,
) -> None:
    first = _chart_step(tmp_path, "first")
    assert first("kept dropped") == 0
    assert first("kept fail") == 1
    assert _charts(tmp_path) == {"kept.svg": "first", "dropped.svg": "first"}
    assert first("kept") == 0, "the stamp of the failed run still names the last good charts"
    assert _charts(tmp_path) == {"kept.svg": "first"}


# 2. A source folder is complete and self-contained.


def test_an_unlisted_file_is_an_error(built_project: Path) -> None:
    (_raw(built_project, "bsa") / "extra.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    fails_leaving_processed(
        built_project, "data/raw/bsa/extra.csv: file is not listed under files:"
    )


@pytest.mark.parametrize("name", ["satisfaction.csv~", ".satisfaction.csv.swp", "notes.bak"])
def test_an_editor_backup_is_an_error_and_never_recorded(built_project: Path, name: str) -> None:
    folder = _raw(built_project, "bsa")
    (folder / name).write_text("x", encoding="utf-8")
    fails_leaving_processed(built_project, f"bsa/{name}: editor backup or temporary file")
    assert main(["checksum", str(folder)]) == 2
    assert name not in (folder / "source.yaml").read_text(encoding="utf-8")


def test_a_symlinked_source_folder_is_reported_and_not_read(
    built_project: Path, tmp_path: Path
) -> None:
    folder = _raw(built_project, "bsa")
    outside = tmp_path / "outside-bsa"
    folder.rename(outside)
    folder.symlink_to(outside, target_is_directory=True)
    fails_leaving_processed(built_project, "data/raw/bsa: is a symlink")


def test_a_symlinked_file_is_reported_as_a_symlink(built_project: Path, tmp_path: Path) -> None:
    path = _raw(built_project, "bsa") / "satisfaction.csv"
    outside = tmp_path / "satisfaction.csv"
    path.rename(outside)
    path.symlink_to(outside)
    fails_leaving_processed(built_project, "bsa/satisfaction.csv: is a symlink")


def test_a_file_name_with_a_space_is_an_error(built_project: Path) -> None:
    (_raw(built_project, "bsa") / "my notes.csv").write_text("a\n1\n", encoding="utf-8")
    fails_leaving_processed(built_project, "file name must be lower case")


# 3. YAML is loaded safely.


def test_a_duplicate_key_is_rejected_with_its_line(built_project: Path) -> None:
    yaml_path = _raw(built_project, "bsa") / "source.yaml"
    text = yaml_path.read_text(encoding="utf-8")
    tampered = text.replace(
        "    sha256: ",
        "    sha256: " + "0" * 64 + "\n    sha256: ",
        1,
    )
    yaml_path.write_text(tampered, encoding="utf-8")
    messages = fails_leaving_processed(
        built_project, "data/raw/bsa/source.yaml:", "duplicate key 'sha256'"
    )
    assert len(messages) == 1


def test_an_alias_bomb_is_rejected_at_once(built_project: Path) -> None:
    bomb = "a: &a ['x','x','x','x','x','x','x','x','x']\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
        for i in range(20)
    )
    yaml_path = _raw(built_project, "bsa") / "source.yaml"
    yaml_path.write_text(yaml_path.read_text(encoding="utf-8") + bomb, encoding="utf-8")
    started = time.perf_counter()
    fails_leaving_processed(
        built_project, "data/raw/bsa/source.yaml:", "anchors (&name) are not allowed"
    )
    assert time.perf_counter() - started < 30


def test_an_oversized_yaml_is_rejected(built_project: Path) -> None:
    yaml_path = _raw(built_project, "bsa") / "source.yaml"
    yaml_path.write_text(yaml_path.read_text(encoding="utf-8") + "#" * 600_000, encoding="utf-8")
    fails_leaving_processed(built_project, "data/raw/bsa/source.yaml: file is larger than")


def test_a_files_list_that_leaves_out_a_csv_names_it(built_project: Path) -> None:
    yaml_path = _raw(built_project, "bsa") / "source.yaml"
    text = yaml_path.read_text(encoding="utf-8")
    start = text.index("  - path: publisher_statements.csv")
    end = text.find("\n  - ", start + 1)
    yaml_path.write_text(text[:start] + (text[end + 1 :] if end > 0 else ""), encoding="utf-8")
    fails_leaving_processed(
        built_project, "bsa/publisher_statements.csv: file is not listed under files:"
    )


@pytest.mark.parametrize(
    ("entry", "fragment"),
    [
        ("  - path: x.csv\n", "needs path: and sha256:"),
        ("  - path: x.csv\n    sha256: abc\n", "sha256 must be 64 lower-case hex digits"),
        ("  - path: [a, b]\n    sha256: " + "0" * 64 + "\n", "path must name a file"),
    ],
    ids=["no-sha256", "short-sha256", "path-not-text"],
)
def test_a_malformed_files_entry_is_named(built_project: Path, entry: str, fragment: str) -> None:
    yaml_path = _raw(built_project, "bsa") / "source.yaml"
    text = yaml_path.read_text(encoding="utf-8").replace("files:\n", "files:\n" + entry, 1)
    yaml_path.write_text(text, encoding="utf-8")
    fails_leaving_processed(built_project, "data/raw/bsa/source.yaml", fragment)


def test_checksum_appends_with_the_indentation_of_the_entries(built_project: Path) -> None:
    """The briefing's source.yaml lists files with `- path:` at the key's column."""
    folder = _raw(built_project, "briefing")
    assert "\n- path: claims.csv" in (folder / "source.yaml").read_text(encoding="utf-8")
    (folder / "notes.md").write_text("Notes.\n", encoding="utf-8")
    assert main(["checksum", str(folder)]) == 0
    assert "\n- path: notes.md\n  sha256: " in (folder / "source.yaml").read_text(encoding="utf-8")
    build_all()


@pytest.mark.parametrize(
    "text",
    [
        "id: bsa\nfiles: [{path: satisfaction.csv, sha256: abc}]\n",
        "id: bsa\nfiles: [unclosed\n",
        "- just\n- a list\n",
        "id: &x bsa\nfiles: *x\n",
    ],
    ids=["flow-style", "malformed", "not-a-mapping", "alias"],
)
def test_checksum_on_bad_yaml_is_one_message(
    built_project: Path, text: str, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = _raw(built_project, "bsa")
    (folder / "source.yaml").write_text(text, encoding="utf-8")
    assert main(["checksum", str(folder)]) == 2
    err = capsys.readouterr().err
    assert "source.yaml" in err and "Traceback" not in err


@pytest.mark.parametrize(
    "written",
    ["/tmp/satisfaction.csv", "../bsa/satisfaction.csv", "./satisfaction.csv", "."],
)
def test_checksum_names_a_files_path_outside_the_folder_as_the_build_does(
    built_project: Path, written: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """A path that is no file name is named at its line in the build's words, not called a
    missing file (the file it means may well be there), and nothing is recorded."""
    folder = _raw(built_project, "bsa")
    yaml_path = folder / "source.yaml"
    text = yaml_path.read_text(encoding="utf-8")
    assert text.count("  - path: satisfaction.csv\n") == 1
    text = text.replace("  - path: satisfaction.csv\n", f"  - path: {written}\n")
    yaml_path.write_text(text, encoding="utf-8")
    line = text.splitlines().index(f"  - path: {written}") + 1
    expected = (
        f"data/raw/bsa/source.yaml:{line} column 'files': files entry 1: path must name a file "
        f"inside the source folder (a-z, 0-9, _, -) (value: '{written}')"
    )
    assert main(["checksum", str(folder)]) == 2
    err = capsys.readouterr().err
    assert expected in err and "missing" not in err and "Traceback" not in err, err
    assert yaml_path.read_text(encoding="utf-8") == text
    assert main(["build"]) == 2
    assert expected in capsys.readouterr().err


# 4. Cells are checked strictly.

BAD_CELLS = [
    ("cipfa", ",more_innovative_pct,82,", ",more_innovative_pct,0.82,", "whole percentage"),
    ("cipfa", ",more_innovative_pct,82,", ",more_innovative_pct,82.4,", "whole percentage"),
    # Named with the value as written, not as read (1e+23).
    (
        "bsa",
        ROW_2018,
        ROW_2018.replace("53,,,", "99999999999999999999999,,,"),
        "(value: '99999999999999999999999')",
    ),
    ("bsa", ROW_2018, ROW_2018.replace("2926", "99999999999999999999"), "too large a whole number"),
    ("dcms_replication", ",20,count,", ",-20,count,", "whole number, zero or more"),
    ("dcms_replication", ",20,count,", ",inf,count,", "not a plain number"),
    # A pattern in words, and the cell named once (not also as an unknown publication).
    (
        "bsa",
        ROW_2018,
        ROW_2018.replace("kf_bsa_satisfaction_2018", "KF_bsa_satisfaction_2018"),
        "column 'publication_id': not a code: lower-case letters, digits and underscores, "
        "starting with a letter (e.g. seuk_psm_2019) (value: 'KF_bsa_satisfaction_2018')",
    ),
    # A rule on the row names the cell it is about.
    (
        "seuk_psm",
        ",faster_decision_making_pct,90,pct,",
        ",faster_decision_making_pct,190,pct,",
        "column 'value': value must lie in [0, 100] where unit is pct (value: '190')",
    ),
    # Negative: out of range, and not also "a percentage, not a fraction".
    ("bsa", ROW_2018, ROW_2018.replace("53,,,", "-5,,,"), "must be at least 0 (value: '-5')"),
    # A row's edition is its publication's (a new-edition row filed under an old publication).
    (
        "skills_for_care",
        "sfc_sotw_2016,2016,",
        "sfc_sotw_2016,2019,",
        ":2 column 'edition': edition differs from the edition of sfc_sotw_2016 in "
        "data/raw/skills_for_care/source.yaml (2016) (value: '2019')",
    ),
    (
        "seuk_psm",
        "seuk_psm_2018,seuk_psm,2018,combined",
        "seuk_psm_2018,seuk_psm,2019,combined",
        ":2 column 'edition': edition differs from the edition of seuk_psm_2018",
    ),
    # Read as a float it would be infinity (or another number): refused, not stored.
    ("dcms_replication", ",20,count,", f",1{'0' * 400},count,", "too many digits to hold exactly"),
    ("bsa", ROW_2018, ROW_2018.replace("53,,,", "53.0000000000000001,,,"), "(this has 18)"),
    ("dcms_replication", ",20,count,", ",1_470_000,count,", "not a plain number"),
    ("dcms_replication", ",20,count,", ",２０,count,", "not a plain number"),
    ("dcms_replication", ",20,count,", ",2e1,count,", "not a plain number"),
    ("bsa", ROW_2018, ROW_2018.replace("53,,,", "53,nan,,"), "not a plain number"),
    ("bsa", ROW_2018, ROW_2018.replace("2926", "2_926"), "not a whole number"),
    ("bsa", ",https://www.kingsfund.org.uk/", ",httpnotaurl.kingsfund.org.uk/", "web address"),
    ("bsa", ",https://www.kingsfund.org.uk/", ",https:///kingsfund", "web address"),
    (
        "nhs_workforce",
        ",2018-09-30,hchs_staff_fte,",
        ",2018-02-30,hchs_staff_fte,",
        "date that exists",
    ),
    (
        "nhs_workforce",
        ",2018-09-30,hchs_staff_fte,",
        ",2018-13,hchs_staff_fte,",
        "date that exists",
    ),
    ("health_finance", ",2019-01-18,2018-19,", ",2019-02-29,2018-19,", "date that exists"),
    # Written wrongly rather than impossible: still one problem, not one per check.
    ("health_finance", ",2019-01-18,2018-19,", ",2019-1-18,2018-19,", "(value: '2019-1-18')"),
    (
        "nhs_workforce",
        ",2018-09-30,hchs_staff_fte,",
        ",2018-9-30,hchs_staff_fte,",
        "as YYYY-MM or YYYY-MM-DD (value: '2018-9-30')",
    ),
    (
        "nhs_workforce",
        ",2018-09-30,hchs_staff_fte,",
        ",２０１８-09-30,hchs_staff_fte,",
        "as YYYY-MM or YYYY-MM-DD",
    ),
    ("nhs_vacancies", ",2017-06-30,all,", ",2017-13-30,all,", "not a date: a day that exists"),
    # A publication has one publisher: a row naming it another way is refused.
    (
        "nhs_workforce",
        "nhsi_qpr_2018_19_q1,NHS Improvement,",
        "nhsi_qpr_2018_19_q1,NHS Improvement (NHSI),",
        "column 'publisher': publisher differs from nhsi_qpr_2018_19_q1's in source.yaml "
        "(NHS Improvement); a publication has one publisher (value: 'NHS Improvement (NHSI)')",
    ),
    (
        "health_finance",
        "nhse_long_term_plan_2019,NHS England,",
        "nhse_long_term_plan_2019,Department of Health and Social Care,",
        "column 'publisher': publisher differs from nhse_long_term_plan_2019's in source.yaml "
        "(NHS England)",
    ),
    (
        "health_foundation",
        "hf_key_facts_social_care_page,The Health Foundation,",
        "hf_key_facts_social_care_page,Health Foundation,",
        "column 'publisher': publisher differs from hf_key_facts_social_care_page's in "
        "source.yaml (The Health Foundation)",
    ),
    # A rate typed as a fraction: 30.7% as 0.307, 9.0% as 0.09.
    (
        "skills_for_care",
        ",turnover_rate_pct,30.7,pct,",
        ",turnover_rate_pct,0.307,pct,",
        "column 'value': a rate in percent, not a fraction (30.7, not 0.307), for "
        "turnover_rate_pct, vacancy_rate_pct (value: '0.307')",
    ),
    (
        "nhs_vacancies",
        ",all,vacancy_rate_pct,9.0,",
        ",all,vacancy_rate_pct,0.09,",
        "column 'value': a rate in percent, not a fraction (30.7, not 0.307), for "
        "turnover_rate_pct, vacancy_rate_pct (value: '0.09')",
    ),
    ("nhs_vacancies", ",2017-06-30,all,", ",June 2017,all,", "YYYY-MM-DD (value: 'June 2017')"),
    ("nhs_vacancies", ",2017-06-30,all,", ",2017-6-30,all,", "YYYY-MM-DD (value: '2017-6-30')"),
    (
        "nhs_vacancies",
        ",2017/18 Q1,2017-06-30,all,",
        ",2017/25 Q1,2017-06-30,all,",
        "column 'period': a quarter is written as a financial year's (2018/19 Q3) or as the "
        "three months of a calendar quarter (2018 Jul-Sep) (value: '2017/25 Q1')",
    ),
    (
        "nhs_vacancies",
        ",2017/18 Q1,2017-06-30,all,",
        ",2017 Foo-Bar,2017-06-30,all,",
        "column 'period': a quarter is written as a financial year's (2018/19 Q3) or as the "
        "three months of a calendar quarter (2018 Jul-Sep) (value: '2017 Foo-Bar')",
    ),
    (
        "nhs_vacancies",
        ",vacancy_rate_pct,9.0,none,pct,",
        ",vacancy_rate_pct,9.0,none,count,",
        "column 'unit': pct for a measure whose code ends in _pct or _pp, count for any other",
    ),
    (
        "skills_for_care",
        ",vacancy_rate_pct,6.6,pct,",
        ",vacancy_rate_pct,6.6,count,",
        "column 'unit': pct for a measure whose code ends in _pct or _pp, count for any other",
    ),
    (
        "health_finance",
        ",2019-01-18,2018-19,",
        ",2019-01-18,\u200b2018-19,",
        "column 'period': value holds an invisible character (U+200B ZERO WIDTH SPACE): remove it",
    ),
    (
        "psm_population",
        ",Cabinet Office Mutuals Taskforce",
        ",Cabinet\u00adOffice Mutuals Taskforce",
        "value holds an invisible character (U+00AD SOFT HYPHEN)",
    ),
    (
        "nhs_vacancies",
        ",2017/18 Q1,2017-06-30,all,",
        ",2017 May-Jul,2017-06-30,all,",
        "three months of a calendar quarter (2018 Jul-Sep) (value: '2017 May-Jul')",
    ),
    (
        "nhs_vacancies",
        ",2017-06-30,all,",
        ",2017-06-30 12:00,all,",
        "YYYY-MM-DD (value: '2017-06-30 12:00')",
    ),
    (
        "nhs_vacancies",
        ",nursing,vacancies_fte,38328,",
        ",Nursing,vacancies_fte,38328,",
        "not one of",
    ),
    ("nhs_vacancies", "_vacancies,NHS Improvement,PQ", "_vacancies,,PQ", "publisher': is empty"),
    (
        "nhs_vacancies",
        ",2018 Jul-Sep,2018-09-30,all,",
        ",2018 Jul-Sep,2018-08-31,all,",
        "column 'period_end': 2018 Jul-Sep ends on 2018-09-30 (value: '2018-08-31')",
    ),
    # One report's name written another way would give the same quarter twice in one publication.
    (
        "nhs_vacancies",
        "nhsi_qpr_2017_18_q3,NHS Improvement,QPR Q3 2017/18,2017/18 Q2,",
        "nhsi_qpr_2017_18_q3,NHS Improvement,QPR Q3 2017-18,2017/18 Q2,",
        "column 'edition': edition: its publication's edition in source.yaml, alone or followed "
        "by a note in brackets naming the vintage or the report quoted ((revised), (via CQC State "
        "of Care 2021/22)); nhsi_qpr_2017_18_q3's is QPR Q3 2017/18 (value: 'QPR Q3 2017-18')",
    ),
    (
        "nhs_vacancies",
        ",NHS Digital,NHS Vacancy Statistics (revised),",
        ",NHS Digital,NHS Vacancy Statistics revised,",
        "nhsd_nhs_vacancy_statistics's is NHS Vacancy Statistics (value: 'NHS Vacancy Statistics "
        "revised')",
    ),
    # A value dated after its publication came out: a full date against a full date, a year
    # against the year a date begins with.
    (
        "nhs_vacancies",
        "QPR Q1 2018/19,2018/19 Q1,2018-06-30,medical,vacancies_fte,",
        "QPR Q1 2018/19,2018/19 Q2,2018-09-30,medical,vacancies_fte,",
        "column 'period_end': period_end is later than nhsi_qpr_2018_19_q1 came out (2018-09-11, "
        "its date_published in source.yaml): a publication cannot give a value for a later date; "
        "correct one of them (value: '2018-09-30')",
    ),
    (
        "nhs_workforce",
        '(published 25 Apr 2019)",2018-09-30,hchs_staff_fte,',
        '(published 25 Apr 2019)",2019-09-30,hchs_staff_fte,',
        "column 'reference_date': reference_date is later than "
        "nhsd_healthcare_workforce_stats_sep_2018 came out (2019-04-25,",
    ),
    (
        "psm_population",
        "civil_society_taskforce_launch_2012,2010,9,",
        "civil_society_taskforce_launch_2012,2014,9,",
        "column 'year': year is later than civil_society_taskforce_launch_2012 came out (2012-06,",
    ),
    # A staff count of 0 would be divided by (C16's ratio of the two workforces).
    (
        "nhs_workforce",
        ",hchs_staff_fte,1111359,fte,",
        ",hchs_staff_fte,0,fte,",
        "column 'value': a count of staff is more than 0",
    ),
    # A period_end that is not a date is named as such, not also as the wrong day.
    ("nhs_vacancies", ",2018/19 Q3,2018-12-31,all,", ",2018/19 Q3,2018-12-32,all,", "not a date"),
    # A real day that a timestamp cannot hold is named as such, once, at its line.
    (
        "nhs_vacancies",
        ",2018/19 Q3,2018-12-31,all,",
        ",2018/19 Q3,0001-01-01,all,",
        "column 'period_end': a day too early or too late to hold: from 1677-09-22 to "
        "2262-04-11 (value: '0001-01-01')",
    ),
    (
        "nhs_vacancies",
        ",2018/19 Q3,2018-12-31,all,",
        ",2018/19 Q3,9999-12-31,all,",
        "too early or too late to hold",
    ),
    ("bsa", "kf_bsa_satisfaction_2018,2018,", "kf_bsa_satisfaction_2018,,", "year': is empty"),
    # A lower bound is written with the vocabulary's word (config.VALUE_QUALIFIERS), not the
    # publisher's: "more than" is "over".
    (
        "nhs_vacancies",
        ",over,count,",
        ",more than,count,",
        f"column 'qualifier': not one of: {', '.join(VALUE_QUALIFIERS)} (value: 'more than')",
    ),
    # A blank value (unverified) has no printed word before it.
    (
        "nhs_vacancies",
        ",,none,count,",
        ",,over,count,",
        "column 'qualifier': a qualifier other than 'none' needs a value",
    ),
]

#: The raw table each source's bad cells are written into.
BAD_CELL_FILES = {
    "bsa": "satisfaction.csv",
    "cipfa": "headline_figures.csv",
    "dcms_replication": "headline_figures.csv",
    "nhs_workforce": "nhs_staff.csv",
    "health_finance": "finance_figures.csv",
    "nhs_vacancies": "trust_vacancies.csv",
    "skills_for_care": "workforce_estimates.csv",
    "seuk_psm": "headline_figures.csv",
    "psm_population": "psm_counts.csv",
    "health_foundation": "key_facts.csv",
}


@pytest.mark.parametrize(("source", "old", "new", "fragment"), BAD_CELLS)
def test_a_bad_cell_is_named_once(
    built_project: Path, source: str, old: str, new: str, fragment: str
) -> None:
    name = BAD_CELL_FILES[source]
    _edit(built_project, source, name, old, new)
    messages = fails_leaving_processed(built_project, f"data/raw/{source}/{name}:", fragment)
    assert len(messages) == 1, messages
    assert "TypeError" not in messages[0]


def test_a_bad_vocabulary_is_named_once_not_again_by_every_table_reading_it(
    built_project: Path,
) -> None:
    measures = built_project / "data" / "raw" / "seuk_psm" / "measures.csv"
    lines = measures.read_text(encoding="utf-8").splitlines()
    with measures.open("a", encoding="utf-8") as stream:
        stream.write(lines[-1] + "\n")
    assert main(["checksum", str(measures.parent)]) == 0
    messages = fails_leaving_processed(built_project, "appears more than once")
    assert [message.split(" column")[0] for message in messages] == [
        f"data/raw/seuk_psm/measures.csv:{line}" for line in (len(lines), len(lines) + 1)
    ]


def test_every_file_of_a_source_folder_is_checked_in_one_build(built_project: Path) -> None:
    """A bad row in each of BSA's two tables: both are named at once, not the second only after
    the first is mended."""
    for name in ("satisfaction.csv", "publisher_statements.csv"):
        _edit(built_project, "bsa", name, "kf_bsa_satisfaction_2018,", "kf_bsa_unknown_2018,")
    assert main(["checksum", str(built_project / "data" / "raw" / "bsa")]) == 0
    messages = fails_leaving_processed(
        built_project,
        "data/raw/bsa/satisfaction.csv:26 column 'publication_id'",
        "data/raw/bsa/publisher_statements.csv:2 column 'publication_id'",
    )
    assert len(messages) == 2, messages


@pytest.mark.parametrize(
    ("old", "new", "column", "rule"),
    [
        (
            ",change_from_previous_year,-3,pct_points,",
            ",change_from_previous_year,-3,year,",
            "unit",
            "column 'unit': lowest_since and highest_since give a survey year",
        ),
        (
            ",lowest_since,2007,year,",
            ",lowest_since,2018,year,",
            "value",
            "column 'value': a year statement gives a survey year",
        ),
        (
            ",change_from_previous_year,-3,pct_points,",
            ",change_from_previous_year,-300,pct_points,",
            "value",
            "a change lies in [-100, 100]",
        ),
        (
            ",2018,nhs,nhs_satisfied_pct,lowest_since,",
            ",2018,social_care,nhs_satisfied_pct,lowest_since,",
            "service",
            "column 'service': the service of the measure",
        ),
    ],
    ids=["change-in-years", "lowest-since-itself", "change-over-100", "service-of-another-measure"],
)
def test_a_publisher_statement_whose_value_does_not_fit_its_kind_is_named(
    built_project: Path, old: str, new: str, column: str, rule: str
) -> None:
    """A change from the year before is in percentage points, a "lowest since" is an earlier
    survey year: a row mixing them is named at its line."""
    path = _raw(built_project, "bsa") / "publisher_statements.csv"
    line = next(
        number
        for number, text in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if old in f"{text},"
    )
    _edit(built_project, "bsa", "publisher_statements.csv", old, new)
    messages = fails_leaving_processed(built_project, f"publisher_statements.csv:{line}", rule)
    assert len(messages) == 1, messages


def _statement_line(project: Path, old: str) -> int:
    path = _raw(project, "bsa") / "publisher_statements.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(number for number, text in enumerate(lines, start=1) if old in f"{text},")


def test_a_statement_the_published_shares_rule_out_is_named(
    built_project: Path, bsa: pd.DataFrame
) -> None:
    """2018 cannot be the lowest since a year whose share is higher, nor since one before a
    lower year; a stated change cannot be two points off the rounded shares' change. Each is
    named at its line with the shares that rule it out."""
    satisfied = bsa.set_index("year")["nhs_satisfied_pct"].dropna()
    share, before = satisfied[2018], satisfied[2017]
    unheld = min(set(bsa["year"]) - set(satisfied.index))
    lower = min(year for year, value in satisfied.items() if unheld < year < 2018 and value < share)
    change = share - before
    cases = [
        (",lowest_since,2007,year,", ",lowest_since,2017,year,"),
        (
            ",change_from_previous_year,-3,pct_points,",
            f",change_from_previous_year,{change - 2:g},pct_points,",
        ),
    ]
    lines = [_statement_line(built_project, old) for old, _ in cases]
    for old, new in cases:
        _edit(built_project, "bsa", "publisher_statements.csv", old, new)
    messages = fails_leaving_processed(built_project)
    label = "data/raw/bsa/publisher_statements.csv"
    assert messages == [
        f"{label}:{lines[0]} column 'value': satisfaction.csv gives nhs_satisfied_pct {before:g} "
        f"in 2017 against {share:g} in 2018, so 2018 is not the lowest since 2017 (value: '2017')",
        f"{label}:{lines[1]} column 'value': satisfaction.csv gives nhs_satisfied_pct {before:g} "
        f"in 2017 and {share:g} in 2018, a change of {change:+g} points; a change stated on "
        f"unrounded shares differs from it by at most {STATED_CHANGE_TOLERANCE_PP} (value: "
        f"'{change - 2:g}')",
    ]
    since = f",lowest_since,{unheld},year,"
    _edit(built_project, "bsa", "publisher_statements.csv", ",lowest_since,2017,year,", since)
    messages = [m for m in fails_leaving_processed(built_project) if f":{lines[0]} " in m]
    assert messages == [
        f"{label}:{lines[0]} column 'value': satisfaction.csv gives nhs_satisfied_pct "
        f"{satisfied[lower]:g} in {lower} against {share:g} in 2018, so 2018 is not the lowest "
        f"since {unheld} (value: '{unheld}')"
    ]


def test_a_repeated_unique_value_names_each_line(built_project: Path) -> None:
    _edit(
        built_project,
        "skills_for_care",
        "scopes.csv",
        "\nall_sectors_people,",
        "\nall_sectors_jobs,",
    )
    messages = fails_leaving_processed(built_project, "appears more than once")
    assert sorted(message.split(" column")[0] for message in messages) == [
        "data/raw/skills_for_care/scopes.csv:2",
        "data/raw/skills_for_care/scopes.csv:3",
    ]


def test_swapped_header_names_are_out_of_order(built_project: Path) -> None:
    middle = ",social_care_status,social_care_satisfied_pct,social_care_dissatisfied_pct,"
    header = f"nhs_base_n{middle}social_care_base_n"
    swapped = f"social_care_base_n{middle}nhs_base_n"
    _edit(built_project, "bsa", "satisfaction.csv", header, swapped)
    fails_leaving_processed(built_project, "satisfaction.csv:1", "columns are in the wrong order")


@pytest.mark.parametrize(
    ("transform", "fragment"),
    [
        (lambda t: t.replace(ROW_2018, ROW_2018.replace(",,,", ",a, b,,"), 1), "row has 18 fields"),
        (lambda t: t.rstrip("\n") + t.splitlines()[5].replace("1983", "2030") + "\n", "row has"),
        (lambda t: t.replace("\n", "\r"), "CR alone"),
        (lambda t: t.replace(ROW_2018, ROW_2018.replace("53", "5\x003"), 1), "control character"),
        (lambda t: t.replace(ROW_2018, ROW_2018.replace("2018,pub", '2018,"pub"x'), 1), "quotes"),
        (lambda t: t.replace(ROW_2018, ROW_2018.replace("53", "5\x853"), 1), "U+0085"),
        (lambda t: t.replace(ROW_2018, ROW_2018.replace("53", "5\u20283"), 1), "U+2028"),
    ],
    ids=["unquoted-comma", "no-final-newline", "cr-only", "nul", "bad-quote", "c1", "separator"],
)
def test_a_malformed_file_is_named_with_its_line(
    built_project: Path, transform: object, fragment: str
) -> None:
    folder = _raw(built_project, "bsa")
    text = (folder / "satisfaction.csv").read_text(encoding="utf-8")
    rewrite(folder, "satisfaction.csv", transform(text))  # type: ignore[operator]
    fails_leaving_processed(built_project, "data/raw/bsa/satisfaction.csv", fragment)


def test_a_lone_carriage_return_is_named_with_its_line(built_project: Path) -> None:
    folder = _raw(built_project, "bsa")
    text = (folder / "satisfaction.csv").read_text(encoding="utf-8")
    line = text[: text.index(ROW_2018)].count("\n") + 1
    rewrite(folder, "satisfaction.csv", text.replace(ROW_2018, ROW_2018.replace("53", "5\r3"), 1))
    fails_leaving_processed(built_project, f"data/raw/bsa/satisfaction.csv:{line}:", "CR alone")


def test_lines_count_blank_lines(built_project: Path) -> None:
    folder = _raw(built_project, "bsa")
    rows = (folder / "satisfaction.csv").read_text(encoding="utf-8").split("\n")
    rows.insert(2, "")  # a blank line before the 1984 row
    at = next(i for i, row in enumerate(rows) if row.startswith(ROW_2018))
    rows[at] = rows[at].replace(",53,", ",n/a,", 1)
    rewrite(folder, "satisfaction.csv", "\n".join(rows))
    fails_leaving_processed(built_project, f"satisfaction.csv:{at + 1} column 'nhs_satisfied_pct'")


def test_a_quoted_newline_counts_as_a_line(built_project: Path) -> None:
    folder = _raw(built_project, "bsa")
    rows = (folder / "satisfaction.csv").read_text(encoding="utf-8").split("\n")
    at = next(i for i, row in enumerate(rows) if row.startswith(ROW_2018))
    before = rows[at - 1]
    assert before.endswith(",") or before.count('"') % 2 == 0
    head, _, note = before.rpartition(",")
    rows[at - 1] = f'{head},"{note} (first line)\nsecond line"'
    rows[at] = rows[at].replace(",53,", ",n/a,", 1)
    rewrite(folder, "satisfaction.csv", "\n".join(rows))
    fails_leaving_processed(built_project, f"satisfaction.csv:{at + 2} column 'nhs_satisfied_pct'")


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            ROW_2018,
            ROW_2018.replace(",53,", ",,"),
            "satisfaction.csv:37 column 'nhs_status': nhs_status 'published' needs "
            "nhs_satisfied_pct; other statuses need no values (value: 'published')",
        ),
        # Marked not asked with its dissatisfied share and base left in (only the share
        # satisfied was checked before).
        (
            ROW_2018 + "Jul-Oct,",
            ROW_2018.replace(",published,26,34,973,", ",not_asked,,34,973,") + "Jul-Oct,",
            "satisfaction.csv:37 column 'social_care_status': social_care_status 'published' "
            "needs social_care_satisfied_pct; other statuses need no values (value: 'not_asked')",
        ),
    ],
    ids=["published-without-share", "not-asked-with-values"],
)
def test_a_row_rule_is_reported_once_per_row(
    built_project: Path, old: str, new: str, message: str
) -> None:
    _edit(built_project, "bsa", "satisfaction.csv", old, new)
    messages = fails_leaving_processed(built_project, message)
    assert len(messages) == 1, messages


def test_a_year_going_back_to_an_earlier_survey_mode_is_named(built_project: Path) -> None:
    """2017 marked online while 2018 and 2019 stay face to face: each of those two rows goes
    back to an earlier mode, and each message names 2017's line, the row an analyst may have
    meant to change."""
    _edit(
        built_project,
        "bsa",
        "satisfaction.csv",
        ",Jul-Oct,face_to_face,https://www.kingsfund.org.uk/publications/public-satisfaction-nhs-2017,",
        ",Jul-Oct,online_telephone,https://www.kingsfund.org.uk/publications/public-satisfaction-nhs-2017,",
    )
    rule = (
        "a year cannot go back to an earlier survey mode (face_to_face, online_telephone, in "
        "that order) (value: 'face_to_face')"
    )
    messages = fails_leaving_processed(
        built_project,
        f"satisfaction.csv:37 column 'mode': face_to_face in 2018 after online_telephone in 2017 "
        f"(line 36): {rule}",
        f"satisfaction.csv:38 column 'mode': face_to_face in 2019 after online_telephone in 2017 "
        f"(line 36): {rule}",
    )
    assert len(messages) == 2, messages


def test_a_later_year_going_back_to_face_to_face_names_the_year_before(
    built_project: Path,
) -> None:
    """The latest online year before it is named (2021 for 2022), not the first."""
    lines = (_raw(built_project, "bsa") / "satisfaction.csv").read_text(encoding="utf-8")
    row = next(line for line in lines.splitlines() if ",2022," in line)
    _edit(
        built_project,
        "bsa",
        "satisfaction.csv",
        row,
        row.replace("online_telephone", "face_to_face"),
    )
    line = lines.splitlines().index(row) + 1
    before = next(n for n, text in enumerate(lines.splitlines(), start=1) if ",2021," in text)
    messages = fails_leaving_processed(
        built_project,
        f"satisfaction.csv:{line} column 'mode': face_to_face in 2022 after online_telephone in "
        f"2021 (line {before})",
    )
    assert len(messages) == 1, messages


def test_a_duplicate_key_is_reported_once_per_row(built_project: Path) -> None:
    _edit(built_project, "bsa", "satisfaction.csv", ",2017,", ",2018,")
    messages = fails_leaving_processed(built_project, "one row per year")
    assert len(messages) == 2, messages


def _append_copy(project: Path, source: str, name: str, line: int, old: str, new: str) -> int:
    """Append a copy of ``line`` of a raw file with ``old`` replaced by ``new``; the copy's line."""
    lines = (_raw(project, source) / name).read_text(encoding="utf-8").splitlines()
    assert old in lines[line - 1], lines[line - 1]
    lines.append(lines[line - 1].replace(old, new, 1))
    rewrite(_raw(project, source), name, "\n".join(lines) + "\n")
    return len(lines)


@pytest.mark.parametrize(
    ("source", "name", "line", "old", "new", "key"),
    [
        (
            "health_finance",
            "finance_figures.csv",
            33,
            ',nhs_england_revenue_real_increase,20.5,gbp_billion,"chapter 6, para 6.1",',
            ',nhs_england_revenue_real_increase,20,gbp_billion,"chapter 6, para 6.1 (web)",',
            "one row per (publication_id, period, measure)",
        ),
        (
            "nhs_workforce",
            "nhs_staff.csv",
            2,
            ",hchs_staff_fte,1111359,fte,false,Key Facts,",
            ",hchs_staff_fte,1111359,fte,false,Key Facts (web),",
            "one row per (publication_id, reference_date, measure)",
        ),
    ],
    ids=["finance-page", "staff-page"],
)
def test_a_figure_repeated_in_other_words_is_reported_once_per_row(
    built_project: Path, source: str, name: str, line: int, old: str, new: str, key: str
) -> None:
    """A publication's figure for one period given twice, the copy differing only in free text
    (a page as written), names both lines and the key."""
    copy = _append_copy(built_project, source, name, line, old, new)
    messages = fails_leaving_processed(built_project, key)
    assert messages == [f"data/raw/{source}/{name}:{at}: {key}" for at in (line, copy)]


def test_a_quarter_ending_on_another_day_is_named(built_project: Path) -> None:
    """The end of a financial-year quarter follows from its label: 2018/19 Q3 ends 2018-12-31."""
    for _ in range(2):  # lines 29 and 30
        _edit(
            built_project,
            "nhs_vacancies",
            "trust_vacancies.csv",
            ",2018/19 Q3,2018-12-31,all,",
            ",2018/19 Q3,2018-03-31,all,",
        )
    messages = fails_leaving_processed(built_project)
    assert messages == [
        f"data/raw/nhs_vacancies/trust_vacancies.csv:{line} column 'period_end': "
        "2018/19 Q3 ends on 2018-12-31 (value: '2018-03-31')"
        for line in (29, 30)
    ], messages


def test_one_quarter_written_two_ways_is_one_key(built_project: Path) -> None:
    """A copy of line 29 (all staff, 2018/19 Q3) with the quarter written "2018 Oct-Dec": the
    same publication, edition and quarter end twice. It was built, and moved C18's value."""
    path = _raw(built_project, "nhs_vacancies") / "trust_vacancies.csv"
    lines = path.read_text(encoding="utf-8").split("\n")
    assert ",2018/19 Q3,2018-12-31,all,vacancies_fte,100521," in lines[28]
    copy = lines[28].replace(",2018/19 Q3,", ",2018 Oct-Dec,").replace(",100521,", ",90000,")
    rewrite(path.parent, path.name, "\n".join([*lines[:29], copy, *lines[29:]]))
    messages = fails_leaving_processed(
        built_project, "one row per (publication_id, edition, period_end, staff_group, measure)"
    )
    assert messages == [
        f"data/raw/nhs_vacancies/trust_vacancies.csv:{line}: one row per (publication_id, "
        "edition, period_end, staff_group, measure)"
        for line in (29, 30)
    ], messages


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            ",53,,,2926,",
            ",53,50,,2926,",
            "column 'nhs_neither_pct': nhs_satisfied_pct 53 + nhs_neither_pct 50 = 103 exceeds "
            "100 beyond rounding (value: '50')",
        ),
        (
            ",2926,published,26,34,",
            ",2926,published,26,76,",
            "column 'social_care_dissatisfied_pct': social_care_satisfied_pct 26 + "
            "social_care_dissatisfied_pct 76 = 102 exceeds 100 beyond rounding (value: '76')",
        ),
    ],
    ids=["nhs-neither", "social-care"],
)
def test_shares_over_100_name_the_parts_summed(
    built_project: Path, old: str, new: str, message: str
) -> None:
    _edit(built_project, "bsa", "satisfaction.csv", ROW_2018, ROW_2018.replace(old, new))
    messages = fails_leaving_processed(built_project)
    assert messages == [f"data/raw/bsa/satisfaction.csv:37 {message}"], messages


def test_a_data_year_after_its_edition_names_the_year(built_project: Path) -> None:
    _edit(
        built_project,
        "skills_for_care",
        "workforce_estimates.csv",
        "sfc_sotw_2016,2016,2015,",
        "sfc_sotw_2016,2016,2017,",
    )
    messages = fails_leaving_processed(built_project)
    assert messages == [
        "data/raw/skills_for_care/workforce_estimates.csv:2 column 'reference_year': "
        "reference_year is later than sfc_sotw_2016 came out (2016, its date_published in "
        "source.yaml): a publication cannot give a value for a later date; correct one of them "
        "(value: '2017')"
    ], messages


def test_problems_are_capped_per_file_with_the_total(built_project: Path) -> None:
    folder = _raw(built_project, "bsa")
    text = (folder / "satisfaction.csv").read_text(encoding="utf-8")
    rewrite(folder, "satisfaction.csv", text.replace(",face_to_face,", ",by_pigeon,"))
    messages = fails_leaving_processed(built_project, "more problem(s) in this file")
    assert len(messages) == MAX_PROBLEMS_PER_FILE + 1


# 5. The claims register is cross-checked.


@pytest.mark.parametrize(
    ("old", "new", "fragment"),
    [
        (",53%,53,", ",53%,35,", "value does not agree with value_as_printed '53%'"),
    ],
    ids=["value-not-printed"],
)
def test_claim_value_agrees_with_the_printed_value(
    built_project: Path, old: str, new: str, fragment: str | None
) -> None:
    _edit(built_project, "briefing", "claims.csv", old, new)
    fails_leaving_processed(built_project, "briefing/claims.csv:25 column 'value'", fragment)


def test_a_cited_source_typo_is_named(built_project: Path) -> None:
    line = _edit_claim(built_project, "C24", ",bsa,", ",bsaa,")
    fails_leaving_processed(built_project, f"claims.csv:{line} column 'cited_source_id'", "bsaa")


@pytest.mark.parametrize(
    ("claim_id", "old", "new", "fragment"),
    [
        (
            "C24",
            ",none,2018,2018,36,",
            ",none,2018,1950,36,",
            "C24's period is the briefing's British Social Attitudes survey year (BSA_YEAR), but "
            "the data hold no British Social Attitudes survey year 1950; held: 1983, 1997, 1999, "
            "2001, 2009, 2010, 2011, 2012, 2013, 2014, 2015, 2016, 2017, 2018, 2019, 2020, 2021, "
            "2022, 2023, 2024 ",
        ),
        (
            "C17",
            ",around,2018,2018,28,",
            ",around,2018,2015,28,",
            "C17's period is the briefing's Skills for Care edition (SFC_EDITION), but the data "
            "hold no Skills for Care edition 2015; held: 2016, 2017, 2018, 2019, 2020, 2021, "
            "2022, 2023, 2024, 2025 ",
        ),
    ],
    ids=["bsa-year", "sfc-edition"],
)
def test_a_briefing_period_the_data_do_not_hold_is_named_at_its_row(
    built_project: Path, claim_id: str, old: str, new: str, fragment: str
) -> None:
    """The register's period is every chart's and notebook's default (each reads it through
    ``periods.resolve``): one the data do not hold refuses each of them, naming the row to
    correct rather than only the year."""
    from mutualstats import periods

    line = _edit_claim(built_project, claim_id, old, new)
    build_all()
    name = next(item.name for item in periods.PARAMETERS if item.claim_id == claim_id)
    with pytest.raises(periods.PeriodError) as refused:
        periods.resolve(name)
    assert str(refused.value) == (
        f"data/raw/briefing/claims.csv:{line} column 'period': {fragment}"
        f"(value: '{new.split(',')[3]}')"
    )


def test_the_briefing_period_s_row_is_what_a_chart_s_refusal_names(
    built_project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    line = _edit_claim(built_project, "C24", ",none,2018,2018,36,", ",none,2018,1950,36,")
    build_all()
    assert main(["figures"]) == 2
    assert capsys.readouterr().err.startswith(
        f"mutualstats figures: data/raw/briefing/claims.csv:{line} column 'period': C24's period"
    )


def test_a_file_where_reports_should_be_hides_no_problem_of_the_data(
    built_project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The validation report cannot be written: the data's problems are said all the same, and
    then why the report is not there (not a permission the analyst cannot find)."""
    shutil.rmtree(built_project / "reports")
    (built_project / "reports").write_text("notes", encoding="utf-8")
    _edit(built_project, "bsa", "satisfaction.csv", ",2018,published,53,", ",2018,published,x53,")
    assert main(["build"]) == 2
    assert capsys.readouterr().err.splitlines()[-2:] == [
        "  - data/raw/bsa/satisfaction.csv:37 column 'nhs_satisfied_pct': not a plain number: "
        "digits with an optional minus sign and decimal point (no %, commas, spaces, "
        "underscores, exponents, nan or inf) (value: 'x53')",
        "cannot write reports/validation.json: File exists; a file is where the folder "
        "reports/ should be: move it away",
    ]


def _edit_claim(project: Path, claim_id: str, old: str, new: str) -> int:
    """Replace ``old`` by ``new`` in the row of ``claim_id`` in the copied register, recording
    its checksum; the row's line."""
    folder = _raw(project, "briefing")
    rows = (folder / "claims.csv").read_text(encoding="utf-8").split("\n")
    at = next(i for i, row in enumerate(rows) if row.startswith(f"{claim_id},"))
    assert old in rows[at]
    rows[at] = rows[at].replace(old, new, 1)
    rewrite(folder, "claims.csv", "\n".join(rows))
    return at + 1


# 6. No traceback; validation.json always rewritten; staging cleaned; data/processed never missing.


def test_validation_report_is_rewritten_on_success(built_project: Path) -> None:
    report = built_project / "reports" / "validation.json"
    report.parent.mkdir(exist_ok=True)
    report.write_text('{"problems": ["stale"]}', encoding="utf-8")
    build_all()
    assert json.loads(report.read_text(encoding="utf-8"))["status"] == "passed"


def test_orphan_staging_folders_are_removed(built_project: Path) -> None:
    data = built_project / "data"
    for name in (".processed-abc123", ".processed-retired"):
        (data / name).mkdir()
        (data / name / "x.parquet").write_bytes(b"x")
    build_all()
    assert not list(data.glob(".processed-*"))
    assert (data / "processed").is_dir()


def test_a_swap_exchanges_folders_atomically(built_project: Path) -> None:
    processed = built_project / "data" / "processed"
    inode = processed.stat().st_ino
    build_all(force=True)
    assert processed.is_dir() and processed.stat().st_ino != inode
    assert is_current()


@pytest.mark.parametrize("atomic", [True, False], ids=["exchange", "two-renames"])
def test_a_folder_is_replaced_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, atomic: bool
) -> None:
    from mutualstats import folders

    if not atomic:
        monkeypatch.setattr(folders, "exchange", lambda first, second: False)
    target = tmp_path / "site"
    for version in ("first", "second"):
        staging = tmp_path / f".site-{version}"
        staging.mkdir()
        (staging / "index.html").write_text(version, encoding="utf-8")
        folders.replace_folder(staging, target, ".site-")
        assert (target / "index.html").read_text(encoding="utf-8") == version
        assert sorted(path.name for path in tmp_path.iterdir()) == ["site"]


def test_an_unwritable_folder_is_one_message(
    built_project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def refuse(*args: object, **kwargs: object) -> str:
        raise PermissionError(13, "Permission denied", str(built_project / "data"))

    monkeypatch.setattr(build_module.tempfile, "mkdtemp", refuse)
    assert main(["build", "--force"]) == 2
    err = capsys.readouterr().err
    assert "Permission denied" in err and "writable" in err and "Traceback" not in err


def test_audit_without_processed_data_is_one_message(
    built_project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    processed = built_project / "data" / "processed"
    for path in processed.iterdir():
        path.unlink()
    processed.rmdir()
    from mutualstats import datasets

    datasets._VALIDATED.clear()
    assert main(["audit"]) == 2
    err = capsys.readouterr().err
    assert "make data" in err and "Traceback" not in err


@pytest.mark.parametrize(
    "argv",
    [
        ["checksum", "/etc"],
        ["checksum", "/nonexistent"],
        ["diff", "skills_for_care", "--from", "2099", "--to", "2018"],
        ["figures", "--year", "1700"],
        ["report", "--year", "2099"],
    ],
)
def test_bad_arguments_are_one_message(
    built_project: Path, argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.strip() and "Traceback" not in err
    if "--year" in argv:
        assert err.strip().count("\n") == 0
        assert f"--year {argv[-1]}: no British Social Attitudes survey year" in err
        assert not (built_project / "reports" / "figures").exists()


@pytest.mark.parametrize("briefing", ["folder", "latin-1", "missing"])
def test_an_unreadable_briefing_is_one_message_before_anything_is_built(
    built_project: Path, tmp_path: Path, briefing: str, capsys: pytest.CaptureFixture[str]
) -> None:
    path = {"folder": tmp_path, "missing": tmp_path / "missing.txt"}.get(briefing)
    if path is None:
        path = tmp_path / "briefing.txt"
        path.write_bytes(
            "Satisfaction fell to 53% in 2018 \u2013 caf\xe9".encode("latin-1", "replace")
        )
    for command in ("report", "scan"):
        argv = [command, "--briefing", str(path)] if command == "report" else [command, str(path)]
        assert main(argv) == 2
        err = capsys.readouterr().err.strip()
        assert err.startswith(f"mutualstats {command}: ") and err.count("\n") == 0, err
        assert str(path) in err and "Traceback" not in err
    assert not (built_project / "reports" / "site").exists()


@pytest.mark.parametrize(
    ("hidden", "named"),
    [
        ("\u200b", "U+200B ZERO WIDTH SPACE"),
        ("\u00ad", "U+00AD SOFT HYPHEN"),
        ("\x00", "U+0000, a control character"),
        ("\x7f", "U+007F, a control character"),
    ],
    ids=["zero-width-space", "soft-hyphen", "nul", "delete"],
)
def test_a_character_that_prints_as_nothing_in_a_briefing_is_named_where_it_is(
    built_project: Path,
    tmp_path: Path,
    hidden: str,
    named: str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """ "5\u200b3%" shows as 53% but was scanned as a count of 5 and a share of 3%: an
    unregistered number and a value that differs, neither on the page. It is one message naming
    the character's line and column, before anything is built."""
    path = tmp_path / "briefing.txt"
    path.write_text(f"A brief history\r\nSatisfaction fell to 5{hidden}3% in 2018.\n", "utf-8")
    for command in ("scan", "report"):
        argv = [command, "--briefing", str(path)] if command == "report" else [command, str(path)]
        assert main(argv) == 2
        err = capsys.readouterr().err.strip()
        assert err == (
            f"mutualstats {command}: {path}:2 column 23: a character that prints as nothing "
            f"({named}) would split or hide a number: remove it"
        )
    assert not (built_project / "reports" / "site").exists()


def test_page_breaks_and_a_byte_order_mark_in_a_briefing_are_read(
    built_project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """White space that prints as a break (a form feed between pages, a line separator) and a
    byte-order mark opening the file hide no number."""
    path = tmp_path / "briefing.txt"
    path.write_text("\ufeffA brief history\f\nSatisfaction fell\u2028to 53% in 2018.\n", "utf-8")
    assert main(["scan", str(path), "--format", "csv"]) in (0, 1)
    assert ",53%," in capsys.readouterr().out


def test_a_registered_claim_without_a_check_is_named_with_its_line(
    built_project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from mutualstats.build import build_all

    register = built_project / "data" / "raw" / "briefing" / "claims.csv"
    text = register.read_text(encoding="utf-8")
    # A copy of a claim with a period, so the restatement takes it too.
    dated = next(line for line in text.splitlines() if line.startswith("C28,"))
    lines = len(text.splitlines())
    rewrite(register.parent, "claims.csv", text + "C99" + dated[len("C28") :] + "\n")
    build_all()
    for argv in (["audit"], ["restate", "--year", "2018"]):
        assert main(argv) == 2
        err = capsys.readouterr().err.strip()
        assert err.count("\n") == 0 and "Traceback" not in err
        assert "claims.csv, column claim_id: no check recomputes C99" in err
        assert f"C99 (line {lines + 1})" in err


@pytest.mark.parametrize(
    ("claim_id", "edit", "fragment"),
    [
        ("C24", "blank period", "column 'period': C24's check reads a survey year or edition"),
        ("C02", "period 2010", "column 'period': C02's check reads no period"),
        ("C24", "delete", "no row for C24, which a check recomputes; restore its row"),
    ],
)
def test_a_register_the_checks_do_not_match_is_one_message_everywhere(
    built_project: Path, capsys: pytest.CaptureFixture[str], claim_id: str, edit: str, fragment: str
) -> None:
    """A period-dependent claim without its period, a period on a claim whose check reads none
    (restate would call its unchanged value restated), or a claim's row deleted: the audit,
    restate, figures and report each stop with one message naming the register and the row."""
    from mutualstats.build import build_all

    register = built_project / "data" / "raw" / "briefing" / "claims.csv"
    lines = register.read_text(encoding="utf-8").split("\n")
    at = next(i for i, line in enumerate(lines) if line.startswith(f"{claim_id},"))
    header = lines[0].split(",")
    if edit == "delete":
        del lines[at]
    else:
        cells = next(csv.reader([lines[at]]))
        cells[header.index("period")] = "" if edit == "blank period" else edit.split()[1]
        out = io.StringIO()
        csv.writer(out, lineterminator="").writerow(cells)
        lines[at] = out.getvalue()
    rewrite(register.parent, "claims.csv", "\n".join(lines))
    build_all()
    where = "" if edit == "delete" else f":{at + 1}"
    for argv in (["audit"], ["restate", "--year", "2023"], ["figures"]):
        assert main(argv) == 2, argv
        err = capsys.readouterr().err.strip()
        assert err.count("\n") == 0 and "Traceback" not in err, err
        assert f"data/raw/briefing/claims.csv{where}" in err and fragment in err, err


@pytest.mark.parametrize(("first", "second"), [("C24", "C26"), ("C17", "C18")])
def test_two_rows_that_exchange_claim_ids_are_one_message_everywhere(
    built_project: Path, capsys: pytest.CaptureFixture[str], first: str, second: str
) -> None:
    """Two claims printed in the same unit whose rows exchange claim ids would each be judged by
    the other's check: the audit, restate and figures each stop with one message naming both
    rows, their line and the measure column, what each check judges and what the row gives."""
    from mutualstats.build import build_all
    from mutualstats.claims.registry import DECLARATIONS

    register = built_project / "data" / "raw" / "briefing" / "claims.csv"
    lines = register.read_text(encoding="utf-8").split("\n")
    header = lines[0].split(",")
    at = {
        claim_id: next(i for i, line in enumerate(lines) if line.startswith(f"{claim_id},"))
        for claim_id in (first, second)
    }
    rows = {claim_id: next(csv.reader([lines[i]])) for claim_id, i in at.items()}
    unit = header.index("unit")
    assert rows[first][unit] == rows[second][unit]
    lines[at[first]] = second + lines[at[first]][len(first) :]
    lines[at[second]] = first + lines[at[second]][len(second) :]
    rewrite(register.parent, "claims.csv", "\n".join(lines))
    build_all()
    measure = header.index("measure")
    for argv in (["audit"], ["restate", "--year", "2023"], ["figures"]):
        assert main(argv) == 2, argv
        err = capsys.readouterr().err.strip()
        assert err.count("\n") == 0 and "Traceback" not in err, err
        for row_of, now in ((first, second), (second, first)):
            assert (
                f"data/raw/briefing/claims.csv:{at[row_of] + 1} column 'measure': {now}'s check "
                f"judges {DECLARATIONS[now]}, but the row gives {rows[row_of][measure]} in "
                f"{rows[row_of][unit]}, which the check of {row_of} judges"
            ) in err, err


def test_a_report_over_a_broken_manifest_says_to_build_again(
    built_project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (built_project / "data" / "processed" / "manifest.json").write_text("{", encoding="utf-8")
    assert main(["report"]) == 2
    err = capsys.readouterr().err.strip()
    # The first table the report reads has no recorded sha256 to be checked against.
    assert err == (
        "mutualstats report: data/processed/manifest.json records no sha256 for "
        "briefing_claims.parquet; run `make data` to build it again"
    )


class _ClosedPipe(io.StringIO):
    """Standard output whose reader has gone, as with ``mutualstats audit | head -1``."""

    def write(self, text: str) -> int:
        raise BrokenPipeError(32, "Broken pipe")


def test_output_read_only_in_part_stops_quietly(
    built_project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "stdout", _ClosedPipe())
    assert main(["audit"]) == 141
    assert capsys.readouterr().err == ""


def test_a_checksum_that_cannot_be_written_leaves_no_file_behind(
    built_project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A full disk while recording: one message, source.yaml as it was, and no staging file that
    would stop every later build."""
    folder = built_project / "data" / "raw" / "cqc"
    before = (folder / "source.yaml").read_bytes()
    table = folder / "headline_figures.csv"
    table.write_text(table.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    written = Path.write_text

    def full_disk(self: Path, *args: object, **kwargs: object) -> int:
        if self.name.startswith(".source.yaml"):
            written(self, "", encoding="utf-8")
            raise OSError(28, "No space left on device", str(self))
        return written(self, *args, **kwargs)

    monkeypatch.setattr(Path, "write_text", full_disk)
    assert main(["checksum", str(folder)]) == 2
    assert "No space left on device" in capsys.readouterr().err
    monkeypatch.undo()
    assert (folder / "source.yaml").read_bytes() == before
    assert sorted(path.name for path in folder.iterdir() if path.name.startswith(".")) == []
    assert main(["checksum", str(folder)]) == 0


def two_charts(monkeypatch: pytest.MonkeyPatch, *names: str) -> None:
    """Only ``names`` of the registered charts, for a test of how outputs are written (drawing
    all eleven would only make it slower)."""
    from mutualstats import figures

    monkeypatch.setattr(figures, "CHARTS", {name: figures.CHARTS[name] for name in names})


def test_a_file_where_an_output_folder_goes_is_replaced_and_not_left_behind(
    built_project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """data/processed, or reports/site, as a file (or a report stopped part-way): the next run
    puts the folder in place and no hidden copy stays beside it."""
    two_charts(monkeypatch, "nhs_satisfaction", "psm_profitability")
    processed = built_project / "data" / "processed"
    shutil.rmtree(processed)
    processed.write_text("not a folder", encoding="utf-8")
    assert main(["build"]) == 0
    assert processed.is_dir()
    assert [path.name for path in processed.parent.iterdir() if path.name.startswith(".pro")] == []
    reports = built_project / "reports"
    reports.mkdir(exist_ok=True)
    (reports / "site").write_text("not a folder", encoding="utf-8")
    (reports / ".site-stopped").mkdir()  # a report stopped part-way
    assert main(["report"]) == 0
    assert (reports / "site" / "index.html").is_file()
    assert [path.name for path in reports.iterdir() if path.name.startswith(".site")] == []


def test_a_link_to_nothing_where_reports_go_is_named_as_such(
    built_project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    reports = built_project / "reports"
    shutil.rmtree(reports, ignore_errors=True)
    reports.symlink_to(built_project / "missing")
    assert main(["audit"]) == 2
    assert capsys.readouterr().err == (
        f"mutualstats audit: cannot use reports: it is a link to {built_project / 'missing'}, "
        "which does not exist\n"
    )


def test_a_full_disk_during_the_build_says_to_free_space(
    built_project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from mutualstats import build
    from mutualstats.errors import MutualstatsError

    def full_disk(*args: object, **kwargs: object) -> None:
        raise OSError("Error writing bytes to file. Detail: [errno 28] No space left on device")

    monkeypatch.setattr(build, "_swap_in", full_disk)
    with pytest.raises(MutualstatsError, match="; free some space on the disk, then run"):
        build.build(force=True)


def test_the_audit_files_are_replaced_together_or_not_at_all(
    built_project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    reports = built_project / "reports"
    assert main(["audit"]) == 0
    before = (reports / "audit.csv").read_bytes()
    _edit(built_project, "bsa", "satisfaction.csv", ",published,53,", ",published,54,")
    assert main(["checksum", str(built_project / "data" / "raw" / "bsa")]) == 0
    assert main(["build"]) == 0
    (reports / "audit.md").unlink()
    (reports / "audit.md").mkdir()  # a folder where the Markdown report goes
    capsys.readouterr()
    assert main(["audit"]) == 2
    err = capsys.readouterr().err
    assert err == (
        "mutualstats audit: cannot use reports/audit.md: Is a directory "
        "(a folder is where a file should be)\n"
    )
    assert (reports / "audit.csv").read_bytes() == before
    assert sorted(path.name for path in reports.iterdir() if path.name.startswith(".audit")) == []


def test_the_figures_are_replaced_together_or_not_at_all(
    built_project: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    two_charts(monkeypatch, "nhs_satisfaction", "psm_profitability")
    figures = built_project / "reports" / "figures"
    assert main(["figures"]) == 0
    drawn = {path.name: path.read_bytes() for path in figures.iterdir()}
    _edit(built_project, "bsa", "satisfaction.csv", ",published,53,", ",published,54,")
    assert main(["checksum", str(built_project / "data" / "raw" / "bsa")]) == 0
    assert main(["build"]) == 0
    (figures / "psm_profitability.svg").unlink()
    (figures / "psm_profitability.svg").mkdir()
    capsys.readouterr()
    assert main(["figures"]) == 2
    assert capsys.readouterr().err == (
        "mutualstats figures: cannot use reports/figures/psm_profitability.svg: Is a directory "
        "(a folder is where a file should be)\n"
    )
    del drawn["psm_profitability.svg"]
    # The 2018 satisfaction chart changed with the data, but nothing was replaced.
    assert {name: (figures / name).read_bytes() for name in drawn} == drawn
    assert sorted(path.name for path in figures.iterdir()) == sorted(
        [*drawn, "psm_profitability.svg"]
    )
    assert [
        path.name for path in figures.parent.iterdir() if path.name.startswith(".figures")
    ] == []


# A run of notebooks for other periods is all or nothing.


@pytest.mark.slow
def test_a_failing_notebook_stops_the_run_and_keeps_the_previous_one(
    built_project: Path, tmp_path: Path
) -> None:
    passing = synthetic_notebook(tmp_path / "10-passing.ipynb", "print(survey_year)")
    failing = synthetic_notebook(
        tmp_path / "11-failing.ipynb", "raise ValueError('synthetic failure')"
    )
    written = run_notebooks({"BSA_YEAR": "2018"}, [passing])
    assert "2018" in "".join(
        output.get("text", "")
        for cell in nbformat.read(written[0], as_version=4).cells
        for output in cell.get("outputs", [])
    )
    target = run_directory({"survey_year": 2018})
    before = sorted(path.name for path in target.rglob("*"))
    failed = (
        "11-failing.ipynb: cell 2 (\"raise ValueError('synthetic failure')\") failed: ValueError"
    )
    with pytest.raises(RunError, match=re.escape(failed)):
        run_notebooks({"BSA_YEAR": "2018"}, [passing, failing])
    assert sorted(path.name for path in target.rglob("*")) == before
    assert not list(target.parent.glob(".staging-*")), "no staging folder is left behind"


def test_a_notebook_step_keeps_its_report_when_a_cell_fails(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``make``'s step (``python -m mutualstats.notebooks``): one message, the last good report
    kept, the failed run beside it; a later good run replaces the report and removes it."""
    from mutualstats.notebooks import main as notebook_step

    report = tmp_path / "reports" / "10-step.ipynb"
    notebook = synthetic_notebook(tmp_path / "10-step.ipynb", "print('first')")
    assert notebook_step([str(notebook), str(report)]) == 0
    kept = report.read_bytes()
    synthetic_notebook(notebook, "1 / 0")
    assert notebook_step([str(notebook), str(report)]) == 1
    err = capsys.readouterr().err
    assert "10-step.ipynb: cell 2 ('1 / 0') failed: ZeroDivisionError" in err
    assert "Traceback" not in err and "10-step.failed.ipynb" in err
    assert report.read_bytes() == kept
    assert (report.parent / "10-step.failed.ipynb").is_file()
    synthetic_notebook(notebook, "print('again')")
    assert notebook_step([str(notebook), str(report)]) == 0
    assert not (report.parent / "10-step.failed.ipynb").exists()
    assert sorted(path.name for path in report.parent.iterdir()) == ["10-step.ipynb"]


def test_a_file_that_is_not_a_notebook_is_named(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from mutualstats.notebooks import main as notebook_step

    broken = tmp_path / "10-broken.ipynb"
    broken.write_text("{ not json", encoding="utf-8")
    assert notebook_step([str(broken), str(tmp_path / "out.ipynb")]) == 1
    err = capsys.readouterr().err
    assert err.endswith(
        "10-broken.ipynb: not a notebook (invalid JSON at line 1 column 3: Expecting property "
        "name enclosed in double quotes)\n"
    )
    assert main(["store-notebooks", str(broken)]) == 2
    assert "not a notebook" in capsys.readouterr().err


def test_an_empty_claim_value_is_one_problem(built_project: Path) -> None:
    """Reported as empty, not also as disagreeing with the value as printed."""
    _edit(
        built_project,
        "briefing",
        "claims.csv",
        "profit,profitable_pct,96%,96,,pct,",
        "profit,profitable_pct,96%,,,pct,",
    )
    messages = fails_leaving_processed(built_project, "claims.csv:9 column 'value': is empty")
    assert len(messages) == 1, messages


@pytest.mark.parametrize(
    ("old", "new", "fragment"),
    [
        (
            ",seuk_psm,seuk_psm_2019,\n",
            ",seuk_psm,kf_bsa_satisfaction_2018,\n",
            "claims.csv:8 column 'cited_publication_id': declared in data/raw/bsa/source.yaml, "
            "not in the cited source folder seuk_psm (value: 'kf_bsa_satisfaction_2018')",
        ),
        (
            ",none,2018,2019,19,",
            ",none,2018,2099,19,",
            "claims.csv:9 column 'period': period is later than the cited publication, which came "
            "out in 2019 (value: '2099')",
        ),
        (
            ",none,2018,2019,19,",
            ",none,2018,02020,19,",
            "claims.csv:9 column 'period': period is later than the cited publication, which came "
            "out in 2019 (value: '02020')",
        ),
    ],
    ids=["publication-of-another-source", "period-after-publication", "period-with-leading-zero"],
)
def test_a_claim_citing_what_its_source_cannot_hold_is_named(
    built_project: Path, old: str, new: str, fragment: str
) -> None:
    """C07 and C08 (lines 8 and 9 of claims.csv) cite SEUK's 2019 report, C08 for 2019."""
    _edit(built_project, "briefing", "claims.csv", old, new)
    messages = fails_leaving_processed(built_project, fragment)
    assert len(messages) == 1, messages


@pytest.mark.parametrize(
    ("claim_id", "old", "new", "fragment"),
    [
        (
            "C09",
            ",seuk_psm,seuk_psm_2019,",
            ",seuk_psm,seuk_psm_2018,",
            "column 'cited_publication_id': footnote 19 cites 'seuk_psm_2019' in "
            "cited_publication_id on an earlier row (value: 'seuk_psm_2018')",
        ),
        (
            "C03",
            ",14,Department of Health (2011). Making Quality Your Business: A Guide to the Right "
            "to Provide,dh_right_to_request,dh_making_quality_your_business_2011",
            ",014,Department of Health (2011). Making Quality Your Business: A Guide to the Right "
            "to Provide,seuk_psm,seuk_psm_2019",
            "column 'cited_source_id': footnote 14 cites 'dh_right_to_request' in cited_source_id "
            "on an earlier row (value: 'seuk_psm')",
        ),
        (
            "C09",
            ",seuk_psm,seuk_psm_2019,",
            ",,,",
            "column 'cited_source_id': footnote 19 cites 'seuk_psm' in cited_source_id on an "
            "earlier row (the value is empty)",
        ),
        (
            "C08",
            ",96%,96,,pct,",
            ",96%,96,,count,",
            "column 'unit': % printed needs a unit of pct, pct_points, pct_per_year; "
            "value_as_printed is '96%' (value: 'count')",
        ),
        (
            "C22",
            ",20,,gbp_billion,",
            ",20,,pct,",
            "column 'unit': £ printed needs a unit of gbp_billion; value_as_printed is "
            "'£20 billion' (value: 'pct')",
        ),
        (
            "C15",
            ",1500000,,count,",
            ",1500000,,pct,",
            "column 'value': a share (unit pct) lies between 0 and 100 (value: '1500000')",
        ),
        # A year is the year printed, not one within 1% of it.
        (
            "C04",
            ",2013,2013,,year,none,",
            ",2013,2012,,year,none,",
            "column 'value': value does not agree with value_as_printed '2013' (value: '2012')",
        ),
        (
            "C03",
            ',"almost 25,000",25000,,count,almost,',
            ',"almost 25,000",24800,,count,almost,',
            "column 'value': value does not agree with value_as_printed 'almost 25,000' "
            "(value: '24800')",
        ),
        (
            "C18",
            ',"over 100,000",100000,,count,over,',
            ',"over 100,000",100000,,count,none,',
            "column 'qualifier': value_as_printed 'over 100,000' says over, not none "
            "(value: 'none')",
        ),
        (
            "C24",
            ",53%,53,,pct,none,",
            ",53%,53,,pct,around,",
            "column 'qualifier': around is printed as words before the number ('around'), but "
            "value_as_printed '53%' shows none (value: 'around')",
        ),
        # "c.60" is 60 approximately: a value of 70 was not compared, as no number was read.
        (
            "C05",
            ",approximately 60,60,,count,approximately,",
            ",c.60,70,,count,approximately,",
            "column 'value': value does not agree with value_as_printed 'c.60' (value: '70')",
        ),
        (
            "C17",
            ',"around 110,000",110000,,count,around,',
            ",around 110k,110,,count,around,",
            "column 'value': value does not agree with value_as_printed 'around 110k' "
            "(value: '110')",
        ),
        (
            "C22",
            ",£20 billion,20,,gbp_billion,none,",
            ',"£20,000m",20000,,gbp_billion,none,',
            "column 'value': value does not agree with value_as_printed '£20,000m' "
            "(value: '20000')",
        ),
        (
            "C24",
            ",53%,53,,pct,none,",
            ",five in ten,5,,pct,none,",
            "column 'value': value does not agree with value_as_printed 'five in ten' (value: '5')",
        ),
        (
            "C21",
            ",30%,30,,pct,none,",
            ",30%,30,,pct,below,",
            "column 'qualifier': below is a direction printed in words ('falling to 53%', "
            "'faster'), but value_as_printed '30%' is a number alone (value: 'below')",
        ),
        # A qualifier the number's form shows: "30%" as one in n admitted 26% to 35%; "two out
        # of five" as one in n needed the value 20; "one out of four" as a range 1% to 4%.
        (
            "C21",
            ",30%,30,,pct,none,",
            ",30%,30,,pct,one_in_n,",
            "column 'qualifier': one_in_n is a number printed in the form of 'one in four', but "
            "value_as_printed '30%' is not (value: 'one_in_n')",
        ),
        (
            "C19",
            ",one out of four,25,,pct,one_in_n,",
            ",two out of five,40,,pct,one_in_n,",
            "column 'qualifier': one_in_n is a number printed in the form of 'one in four', but "
            "value_as_printed 'two out of five' is not (value: 'one_in_n')",
        ),
        (
            "C19",
            ",one out of four,25,,pct,one_in_n,",
            ",one out of four,1,4,pct,range,",
            "column 'qualifier': value_as_printed 'one out of four' has the form of 'one in four', "
            "which is one_in_n, not range (value: 'range')",
        ),
        (
            "C21",
            ",30%,30,,pct,none,",
            ",30%,30,40,pct,range,",
            "column 'qualifier': range is a number printed in the form of '4-5%', but "
            "value_as_printed '30%' is not (value: 'range')",
        ),
        (
            "C26",
            ",26%,26,,pct,none,",
            ",26%,26,,pct,lowest_in_n_years,",
            "column 'qualifier': lowest_in_n_years is a number printed in the form of 'lowest in "
            "ten years', but value_as_printed '26%' is not (value: 'lowest_in_n_years')",
        ),
        # One footnote has one wording and page: C12 and C13 share footnote 24.
        (
            "C13",
            ",24,CIPFA (2017). Research into ",
            ",24,CIPFA (2017). Research on ",
            "column 'cited_source': footnote 24 cites 'CIPFA (2017). Research into the Public "
            "Service Mutuals Sector' in cited_source on an earlier row (value: 'CIPFA (2017). "
            "Research on the Public Service Mutuals Sector')",
        ),
        (
            "C13",
            ",cipfa_psm_research_2017,",
            ",cipfa_psm_research_2017,p. 4",
            "column 'cited_page': footnote 24 cites nothing in cited_page on an earlier row "
            "(value: 'p. 4')",
        ),
        # One subheading lies in one section: C02 and C03 are both under "Right to Request".
        (
            "C03",
            ",brief_history,Right to Request,",
            ",benefits,Right to Request,",
            "column 'section': paragraph 'Right to Request' is in section 'brief_history' on an "
            "earlier row (value: 'benefits')",
        ),
    ],
    ids=[
        "another-publication",
        "footnote-with-leading-zero",
        "nothing-cited",
        "percent-as-count",
        "money-as-share",
        "share-over-100",
        "year-off-by-one",
        "count-within-one-percent",
        "qualifier-dropped",
        "qualifier-not-printed",
        "approximately-without-a-space",
        "thousands-abbreviated",
        "millions-in-a-billions-unit",
        "ratio-as-its-first-number",
        "direction-on-a-bare-number",
        "one-in-n-on-a-percentage",
        "one-in-n-on-a-ratio-of-two",
        "range-on-one-in-n",
        "range-on-one-number",
        "lowest-on-a-share",
        "footnote-worded-otherwise",
        "footnote-page-otherwise",
        "subheading-in-another-section",
    ],
)
def test_a_claim_row_at_odds_with_its_footnote_or_printed_value_is_one_problem(
    built_project: Path, claim_id: str, old: str, new: str, fragment: str
) -> None:
    """Claims citing one footnote cite one source and publication in the footnote's one wording
    and page (C08 and C09 share footnote 19, C02 and C03 footnote 14; a footnote is a number, so
    014 is 14); claims under one subheading name one section; a unit fits the value as
    printed."""
    line = _edit_claim(built_project, claim_id, old, new)
    messages = fails_leaving_processed(built_project, f"claims.csv:{line} {fragment}")
    assert len(messages) == 1, messages


@pytest.mark.parametrize(
    ("claim_id", "old", "new"),
    [
        ("C11", ",4-5%,4,5,pct,range,", ",4% to 5%,4,5,pct,range,"),
        ("C19", ",one out of four,25,,pct,one_in_n,", ",almost one in four,25,,pct,almost,"),
        ("C24", ",53%,53,,pct,none,", ",five in ten,50,,pct,none,"),
    ],
    ids=["range-as-two-numbers", "qualifier-words-before-one-in-n", "ratio-as-its-share"],
)
def test_a_qualifier_fitting_the_printed_form_is_accepted(
    built_project: Path, claim_id: str, old: str, new: str
) -> None:
    """A range printed as two numbers, qualifier words before "one in four" (which say the
    qualifier) and a share printed as a ratio with no qualifier are each as printed."""
    _edit_claim(built_project, claim_id, old, new)
    build_all()


@pytest.mark.parametrize("kind", ["pipe", "folder"])
def test_a_pipe_or_folder_in_a_source_folder_is_named_not_read(
    built_project: Path, kind: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """A pipe would block every read of it (the build and `checksum` hung on one)."""
    folder = _raw(built_project, "cqc")
    odd = folder / "odd.csv"
    if kind == "pipe":
        os.mkfifo(odd)
    else:
        odd.mkdir()
    what = "not a plain file (a pipe, socket or device)" if kind == "pipe" else "a folder"
    signal.alarm(60)  # fail rather than hang, were the pipe ever opened
    try:
        fails_leaving_processed(built_project, f"data/raw/cqc/odd.csv: {what} in a source folder")
        assert main(["checksum", str(folder)]) == 2
    finally:
        signal.alarm(0)
    assert "data/raw/cqc/odd.csv: " in capsys.readouterr().err


def test_a_recorded_table_no_loader_reads_is_named(built_project: Path) -> None:
    """Recorded by `checksum`, but its rows would be in no table: not a silent pass."""
    rewrite(_raw(built_project, "cqc"), "extra.csv", "year\n2018\n")
    messages = fails_leaving_processed(
        built_project, "data/raw/cqc/extra.csv: listed in source.yaml, but no loader reads it"
    )
    assert len(messages) == 1, messages


def test_a_figure_a_check_cannot_tell_apart_is_one_message(
    built_project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A second Long Term Plan increase, for a later period, builds (a period written another way,
    "2023/24", is refused by the build); the check reading one then names both rows instead of
    stopping with an unexpected error."""
    path = _raw(built_project, "health_finance") / "finance_figures.csv"
    lines = path.read_text(encoding="utf-8").split("\n")
    at = next(i for i, line in enumerate(lines) if ",nhs_england_revenue_real_increase," in line)
    copy = lines[at].replace(",2023-24,", ",2024-25,").replace(",20.5,", ",25,")
    rewrite(path.parent, path.name, "\n".join([*lines[: at + 1], copy, *lines[at + 1 :]]))
    assert main(["build"]) == 0
    capsys.readouterr()
    assert main(["audit"]) == 2
    err = capsys.readouterr().err
    assert err.startswith(
        "mutualstats audit: 2 rows of measure nhs_england_revenue_real_increase, publication_id "
        "nhse_long_term_plan_2019 in health_finance, where one is read (publication_id "
        "nhse_long_term_plan_2019, period 2023-24, edition 2019-01; publication_id "
        "nhse_long_term_plan_2019, period 2024-25, edition 2019-01)"
    ), err
    assert "Traceback" not in err and err.count("\n") == 1


def test_words_too_long_for_a_chart_are_one_message_naming_the_text(
    built_project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A scope label of 3,000 characters (its notes print it) left the turnover chart no room,
    and `figures` stopped with matplotlib's "bottom cannot be >= top"."""
    folder = _raw(built_project, "skills_for_care")
    rows = list(csv.DictReader((folder / "scopes.csv").open(encoding="utf-8")))
    long_label = "directly employed staff " + "and more words " * 198
    for row in rows:
        if row["scope"] == "directly_employed":
            row["label"] = long_label.strip()
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    rewrite(folder, "scopes.csv", out.getvalue())
    build_all()
    before = sorted(path for path in (built_project / "reports").rglob("*") if path.is_file())
    assert main(["figures"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and "Traceback" not in err, err
    assert "leaves its plot" in err and "begins 'Note: " in err and "shorten the label" in err
    after = sorted(path for path in (built_project / "reports").rglob("*") if path.is_file())
    assert after == before, "no chart is written"


def test_a_citation_of_another_year_than_the_footnote_names_is_one_problem(
    built_project: Path,
) -> None:
    """C20's footnote names NAO (2019): citing a publication of another year, whose title names
    no 2019, is refused (the briefing's year is read from what its footnotes cite)."""
    from mutualstats import datasets
    from mutualstats.dates import year_published
    from mutualstats.provenance import publications

    claim = datasets.load("briefing_claims").set_index("claim_id").loc["C20"]
    named = re.search(r"\((\d{4})\)", claim.cited_source).group(1)
    later = next(
        p
        for p in publications(built_project / "data" / "raw").values()
        if p.source_id == claim.cited_source_id
        and year_published(p.date_published) not in (None, int(named))
        and named not in p.title
    )
    line = _edit_claim(
        built_project, "C20", f",{claim.cited_publication_id},", f",{later.publication_id},"
    )
    messages = fails_leaving_processed(
        built_project,
        f"claims.csv:{line} column 'cited_publication_id': cited_source names the year {named}, "
        f"but {later.publication_id} came out in {year_published(later.date_published)}",
    )
    assert len(messages) == 1, messages


@pytest.mark.parametrize(
    ("claim_id", "old", "new"),
    [
        ("C05", ",approximately 60,60,", ",c.60,60,"),
        ("C17", ',"around 110,000",110000,', ",around 110k,110000,"),
        ("C22", ",£20 billion,20,", ',"£20,000m",20,'),
        (
            "C20",
            ",NAO (2019) Financial",
            ",Prime Minister's announcement (2018) and NAO (2019) Financial",
        ),
    ],
    ids=["c-dot-no-space", "k-for-thousand", "millions-of-pounds", "footnote-naming-two-years"],
)
def test_a_number_printed_another_legitimate_way_is_read(
    built_project: Path, claim_id: str, old: str, new: str
) -> None:
    """The register's reader takes the forms a briefing prints: "c.60", "110k", "£20,000m" for
    £20 billion, a footnote naming two years of which the cited publication's is one."""
    _edit_claim(built_project, claim_id, old, new)
    build_all()


@pytest.mark.parametrize(
    ("printed", "unit", "numbers"),
    [
        ("£1-2 billion", "gbp_billion", [1.0, 2.0]),
        ("£20", "gbp_billion", [20.0]),
        ("£20,000m", "gbp_billion", [20.0]),
        ("4%-5%", "pct", [4.0, 5.0]),
        ("mid-2018", "year", [2018.0]),
        ("-3 points", "pct_points", [-3.0]),
        ("two thousand", "count", [2000.0]),
        ("one hundred", "count", [100.0]),
        ("two hundred thousand", "count", [200_000.0]),
        ("a hundred", "count", [100.0]),
        ("1.5mn", "count", [1_500_000.0]),
        ("110\u202f000", "count", [110_000.0]),
        ("5 km", "count", [5.0]),
        ("approx.60", "count", [60.0]),
    ],
)
def test_the_register_reads_each_printed_number_once_in_its_unit(
    printed: str, unit: str, numbers: list[float]
) -> None:
    """A hyphen between numbers is not a minus sign; a bare number in a money unit is in that
    unit; a scale follows a number word; thin-space groups are one number."""
    from mutualstats.sources.briefing import printed_numbers

    assert printed_numbers(printed, unit) == numbers


@pytest.mark.parametrize(
    ("printed", "unit", "share"),
    [("five in ten", "pct", 50.0), ("3 out of 10", "pct", 30.0), ("60 in 2018", "count", None)],
)
def test_only_a_value_printed_wholly_as_a_ratio_is_a_share(
    printed: str, unit: str, share: float | None
) -> None:
    from mutualstats.sources.briefing import printed_ratio

    assert printed_ratio(printed, unit) == share


@pytest.mark.parametrize(
    ("footnote", "years"),
    [
        ("NAO, 2019.", {"2019"}),
        ("Announcement (2018), as set out in the Long Term Plan (2019a)", {"2018", "2019"}),
        ("R. Author (2013). A report. RSA 2020 Public Services", {"2013"}),
        ("HC 1920, session 2017-19 (2019)", {"2019"}),
        ("accessed 12 March 2020", set()),
    ],
)
def test_a_footnotes_years_are_those_it_gives_a_publication(footnote: str, years: set) -> None:
    from mutualstats.sources.briefing import FOOTNOTE_YEAR

    assert {y for pair in FOOTNOTE_YEAR.findall(footnote) for y in pair if y} == years


def test_addresses_of_one_page_share_a_key_and_routed_pages_do_not() -> None:
    from mutualstats.provenance import same_page_key

    page = "https://www.example.org/report"
    for written in (page + "/", "http://example.org/report#top", page + "?utm_source=x"):
        assert same_page_key(written) == same_page_key(page)
    assert same_page_key(page + "?id=1") != same_page_key(page + "?id=2")
    assert same_page_key("https://t.example/#!/s/1") != same_page_key("https://t.example/#!/s/2")
