"""Shared fixtures. Synthetic inputs are generated here, in temporary folders, never committed."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from mutualstats import datasets
from mutualstats.config import project_root, raw_dir
from mutualstats.provenance import record_checksums


@pytest.fixture(scope="session")
def bsa() -> pd.DataFrame:
    """The processed BSA table, as claims and notebooks see it."""
    return datasets.load("bsa_satisfaction")


@pytest.fixture
def bsa_copy(tmp_path: Path) -> Path:
    """A private copy of data/raw/bsa that a test may corrupt."""
    folder = tmp_path / "bsa"
    shutil.copytree(raw_dir() / "bsa", folder)
    return folder


def rewrite(folder: Path, name: str, text: str | bytes) -> Path:
    """Replace a raw file of a copied source and record its checksum, as an analyst would."""
    path = folder / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    record_checksums(folder)
    return path


@pytest.fixture(scope="session")
def built_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The project's raw data, built once per session; tests corrupt copies of it."""
    from mutualstats.build import build_all

    template = tmp_path_factory.mktemp("built")
    shutil.copytree(project_root() / "data" / "raw", template / "data" / "raw")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("MUTUALSTATS_ROOT", str(template))
        build_all()
    return template


@pytest.fixture
def built_project(built_template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private copy of the built template, with MUTUALSTATS_ROOT pointing at it."""
    copy = tmp_path / "project"
    shutil.copytree(built_template, copy, symlinks=True)
    monkeypatch.setenv("MUTUALSTATS_ROOT", str(copy))
    return copy


#: Fixtures that build on a copy of the project: a test using one is an integration test.
INTEGRATION_FIXTURES = {"project", "site", "bsa_copy", "built_project", "built_template"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark each test unit, integration or notebooks, so a subset can be run with ``-m``."""
    for item in items:
        if item.path.suffix == ".ipynb":
            item.add_marker(pytest.mark.notebooks)
        elif INTEGRATION_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.integration)
        elif not any(item.iter_markers(name="integration")) and not any(
            item.iter_markers(name="browser")
        ):
            item.add_marker(pytest.mark.unit)
