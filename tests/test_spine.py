"""One spine: a claim is judged against the publication it cites, for the register's period.

The tests change a copy of the register (generated here, in a temporary folder; the committed
register is never touched) and check that the one verdict rule, the audit and the restatement
follow the data with no code change.
"""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pytest
from conftest import rewrite

from mutualstats import claims, datasets, periods
from mutualstats.build import build_all
from mutualstats.config import project_root
from mutualstats.dates import year_published
from mutualstats.provenance import publication
from mutualstats.restate import restate

pytestmark = pytest.mark.integration

REGISTER = "claims.csv"


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copytree(project_root() / "data" / "raw", tmp_path / "data" / "raw")
    monkeypatch.setenv("MUTUALSTATS_ROOT", str(tmp_path))
    return tmp_path


def _edit_register(
    project: Path, claim_id: str, column: str, value: str, *, whole_footnote: bool = False
) -> None:
    """Set one cell of the copied register and record its checksum, as an analyst would; with
    ``whole_footnote``, that cell of every claim citing the claim's footnote (they cite one
    publication)."""
    folder = project / "data" / "raw" / "briefing"
    with (folder / REGISTER).open(encoding="utf-8", newline="") as stream:
        rows = list(csv.DictReader(stream))
    footnote = next(row["footnote"] for row in rows if row["claim_id"] == claim_id)
    for row in rows:
        if row["claim_id"] == claim_id or (whole_footnote and row["footnote"] == footnote):
            row[column] = value
    text = io.StringIO()
    writer = csv.DictWriter(text, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    rewrite(folder, REGISTER, text.getvalue())


def _verdicts() -> dict[str, str]:
    return dict(zip(*[claims.audit()[column] for column in ("claim_id", "verdict")], strict=True))


def test_citing_another_edition_of_the_same_source_is_misattributed(project: Path) -> None:
    build_all()
    assert _verdicts()["C24"] == "reproduced"
    other_edition = "kf_bsa_satisfaction_2024"
    assert (
        datasets.load("publications").set_index("publication_id").at[other_edition, "source_id"]
        == "bsa"
    )
    # A briefing whose footnote names the other edition: its year and title.
    cited = publication(other_edition)
    footnote = f"The King's Fund ({year_published(cited.date_published)}). {cited.title}"
    _edit_register(project, "C24", "cited_source", footnote, whole_footnote=True)
    _edit_register(project, "C24", "cited_publication_id", other_edition, whole_footnote=True)
    build_all()
    audit = claims.audit().set_index("claim_id")
    assert audit.at["C24", "verdict"] == "misattributed"
    assert audit.at["C24", "publication_id"] == "kf_bsa_satisfaction_2018"
    held = publication(other_edition).pages
    assert (
        f"not found in what is held of kf_bsa_satisfaction_2024 (cited): {held}"
        in (audit.at["C24", "note"])
    )


def test_the_briefing_period_is_read_from_the_register(project: Path) -> None:
    # A briefing of 2023 cites a publication that reports 2023 (a 2019 one cannot).
    _edit_register(
        project,
        "C24",
        "cited_publication_id",
        "kf_press_satisfaction_new_record_low",
        whole_footnote=True,
    )
    _edit_register(project, "C24", "period", "2023")
    build_all()
    assert claims.briefing_period("C24") == 2023
    assert periods.resolve("survey_year") == 2023
    audit = claims.audit().set_index("claim_id")
    assert audit.at["C24", "recomputed_value"] == 24
    assert audit.at["C24", "verdict"] == "differs"


def test_restatement_and_audit_share_one_check() -> None:
    by_claim = {item.claim_id: item for item in restate(2023)}
    assert by_claim["C24"].statistic.value == 24
    assert by_claim["C24"].statistic.publication_id == "kf_press_satisfaction_new_record_low"
    assert by_claim["C17"].text.startswith("sfc_sotw_2023 (2023 edition)")
