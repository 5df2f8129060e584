"""The benchmark's generated 50-year input builds, so `make bench` measures a real build."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

from mutualstats import datasets
from mutualstats.build import build_all
from mutualstats.config import project_root

sys.path.insert(0, str(project_root() / "benchmarks"))

from synthetic_years import YEARS, write_fifty_year_inputs


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copytree(project_root() / "data" / "raw", tmp_path / "data" / "raw")
    monkeypatch.setenv("MUTUALSTATS_ROOT", str(tmp_path))
    return tmp_path


def test_the_fifty_year_input_builds(project: Path) -> None:
    write_fifty_year_inputs(project / "data" / "raw")
    build_all()
    years = datasets.load("bsa_satisfaction")["year"]
    assert (years.min(), years.max(), len(years)) == (YEARS[0], YEARS[-1], len(YEARS))
