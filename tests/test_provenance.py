"""Every raw folder declares its provenance and its checksums hold."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from mutualstats.config import raw_dir
from mutualstats.errors import DataValidationError
from mutualstats.provenance import load_verified_source, read_source

SOURCE_FOLDERS = sorted(path for path in raw_dir().iterdir() if path.is_dir())


@pytest.mark.parametrize("folder", SOURCE_FOLDERS, ids=lambda path: path.name)
def test_every_source_has_valid_provenance(folder: Path) -> None:
    record = load_verified_source(folder)
    assert record.source_id == folder.name
    declared = set(record.files)
    present = {path.name for path in folder.iterdir() if path.name != "source.yaml"}
    assert declared == present


def test_a_path_outside_the_source_folder_is_refused(tmp_path: Path) -> None:
    (tmp_path / "source.yaml").write_text(
        "id: x\npublisher: p\ntitle: t\ndate_accessed: d\nlicence: l\ntranscribed_by: m\n"
        "files:\n  - path: ../secret.csv\n    sha256: abc\n",
        encoding="utf-8",
    )
    with pytest.raises(DataValidationError, match="inside the source folder"):
        read_source(tmp_path)


def test_missing_source_yaml_is_named(tmp_path: Path) -> None:
    with pytest.raises(DataValidationError, match=r"source\.yaml is missing"):
        read_source(tmp_path)


def test_reading_a_built_table_and_citing_its_source_do_not_import_pandera() -> None:
    """Notebooks load tables and cite sources; the models (pandera) are the build's."""
    script = (
        "import sys; from mutualstats import datasets, provenance; "
        "datasets.load('bsa_satisfaction'); "
        "print(provenance.citation(datasets.provenance('bsa'))); print('pandera' in sys.modules)"
    )
    ran = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    cited, pandera_imported = ran.stdout.splitlines()
    assert cited.startswith("Source: ") and "Accessed 20" in cited
    assert pandera_imported == "False"


def test_a_build_reads_each_folder_once_and_other_callers_afresh(bsa_copy: Path) -> None:
    from mutualstats.provenance import reading_each_folder_once

    yaml_path = bsa_copy / "source.yaml"
    text = yaml_path.read_text(encoding="utf-8")
    with reading_each_folder_once():
        first = load_verified_source(bsa_copy)
        yaml_path.write_text(text.replace("\npublisher:", "\npublisher: Edited", 1), "utf-8")
        assert load_verified_source(bsa_copy) is first
        assert read_source(bsa_copy).publisher == first.publisher
    assert read_source(bsa_copy).publisher.startswith("Edited")
    yaml_path.write_text("id: [unclosed\n", encoding="utf-8")
    with reading_each_folder_once():
        raised = []
        for _ in range(2):
            with pytest.raises(DataValidationError) as caught:
                read_source(bsa_copy)
            raised.append([str(problem) for problem in caught.value.problems])
        yaml_path.write_text(text, encoding="utf-8")
        assert raised[0] == raised[1] and "source.yaml" in raised[0][0]
        with pytest.raises(DataValidationError):
            read_source(bsa_copy)
    assert read_source(bsa_copy).source_id == "bsa"
