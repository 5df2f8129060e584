"""A build uses a source folder's earlier result only while nothing its builder read has changed,
and writes exactly what a build from scratch writes."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pandas as pd
import pytest
from conftest import fails_leaving_processed, processed_digests, rewrite

from mutualstats import build as build_module
from mutualstats import folder_memo
from mutualstats.build import build, build_all
from mutualstats.mutual_sector import PSM_SOURCE
from mutualstats.sources.mutual_sector import HEADLINE_FOLDERS

MEASURE = "more_innovative_pct"
DEFINITION = "share reporting more innovative services since spinning out"


def _counted(monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    """Count each run of a source folder's builder (an earlier result used again is no run)."""
    runs: Counter[str] = Counter()

    def counting(builder: folder_memo.Builder) -> folder_memo.Builder:
        def run(folder: Path) -> dict[str, pd.DataFrame]:
            runs[folder.name] += 1
            return builder(folder)

        return run

    wrapped = {name: counting(builder) for name, builder in build_module.BUILDERS.items()}
    monkeypatch.setattr(build_module, "BUILDERS", wrapped)
    return runs


def _edit(folder: Path, name: str, old: str, new: str) -> None:
    text = (folder / name).read_text(encoding="utf-8")
    assert old in text, old
    rewrite(folder, name, text.replace(old, new, 1))


def test_only_the_builders_that_read_an_edited_folder_run_again(
    built_project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    runs = _counted(monkeypatch)
    build(force=True)
    assert set(runs) == set(build_module.BUILDERS), "the first build runs every builder"
    runs.clear()
    build(force=True)
    assert not runs, "nothing changed, so every folder's result is used again"
    # The vocabulary of measures is read by every folder holding headline figures.
    raw = built_project / "data" / "raw"
    _edit(raw / PSM_SOURCE, "measures.csv", DEFINITION, DEFINITION + " (edited)")
    build_all()
    assert set(runs) == set(HEADLINE_FOLDERS) and max(runs.values()) == 1, runs
    headline = pd.read_parquet(built_project / "data/processed/psm_headline_figures.parquet")
    definitions = set(headline.loc[headline["measure"] == MEASURE, "definition"])
    assert definitions == {DEFINITION + " (edited)"}


def test_a_publication_edited_in_one_folder_runs_every_builder_again(
    built_project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Any builder may read any folder's publications (a claim cites one by id)."""
    runs = _counted(monkeypatch)
    build(force=True)
    runs.clear()
    raw = built_project / "data" / "raw"
    _edit(
        raw / "bsa",
        "source.yaml",
        'pages: "text; social care',
        'pages: "text (edited); social care',
    )
    build_all()
    assert set(runs) == set(build_module.BUILDERS), runs


def test_a_build_using_earlier_results_writes_what_a_build_from_scratch_writes(
    built_project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    runs = _counted(monkeypatch)
    build(force=True)
    raw = built_project / "data" / "raw"
    _edit(raw / PSM_SOURCE, "measures.csv", DEFINITION, DEFINITION + " (edited)")
    runs.clear()
    build_all()
    assert 0 < len(runs) < len(build_module.BUILDERS), "earlier results were used"
    with_earlier = processed_digests(built_project)
    monkeypatch.setattr(folder_memo, "_KEPT", {})
    runs.clear()
    build(force=True)
    assert set(runs) == set(build_module.BUILDERS)
    assert processed_digests(built_project) == with_earlier


def test_a_folder_that_failed_fails_again_with_the_same_problems_until_it_is_mended(
    built_project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    raw = built_project / "data" / "raw"
    _edit(raw / "bsa", "satisfaction.csv", ",53,", ",153,")
    runs = _counted(monkeypatch)
    first = fails_leaving_processed(built_project, "data/raw/bsa/satisfaction.csv")
    runs.clear()
    assert fails_leaving_processed(built_project) == first
    assert not runs, "the failure was kept with the folder's bytes"
    _edit(raw / "bsa", "satisfaction.csv", ",153,", ",53,")
    build(force=True)  # its inputs are those data/processed was built from
    assert set(runs) == {"bsa"}


def test_a_broken_source_yaml_is_named_on_every_build_until_it_is_mended(
    built_project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Where the publications cannot be read, builders are told none can be read, and that
    state, not the publications, is what their earlier results are kept against."""
    raw = built_project / "data" / "raw"
    text = (raw / "bsa" / "source.yaml").read_text(encoding="utf-8")
    broken = text.replace("- id: kf_bsa_satisfaction_2018", "- id: seuk_psm_2019", 1)
    rewrite(raw / "bsa", "source.yaml", broken)
    runs = _counted(monkeypatch)
    first = fails_leaving_processed(built_project, "seuk_psm_2019")
    assert set(runs) == set(build_module.BUILDERS)
    runs.clear()
    assert fails_leaving_processed(built_project) == first
    assert not runs
    rewrite(raw / "bsa", "source.yaml", text)
    build(force=True)
    assert set(runs) == set(build_module.BUILDERS), "the publications can be read again"
