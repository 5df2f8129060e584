"""A source whose values are all unpublished (every row ``unverified`` or ``not_found``, as the
README says to record a value that could not be found) is valid input: the build passes, the
audit judges the claims that read it ``unverified``, and a chart with nothing to draw says so in
one message naming the chart and the source, never with an unexpected error.

The emptied copies are SYNTHETIC, made here from the project's raw data in a temporary folder.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from conftest import rewrite

from mutualstats import figures
from mutualstats.figures import CHART_SOURCES

pytestmark = pytest.mark.integration

#: The value and status columns emptied in each table, with the status meaning "no value".
BSA_EMPTIED = {
    "nhs_status": "not_found",
    "social_care_status": "not_found",
}
BSA_VALUES = (
    "nhs_satisfied_pct",
    "nhs_neither_pct",
    "nhs_dissatisfied_pct",
    "nhs_base_n",
    "social_care_satisfied_pct",
    "social_care_dissatisfied_pct",
    "social_care_base_n",
    "social_care_source_url",
)
#: Files whose rows carry a value and a status, by folder.
VALUE_FILES = {
    "bsa": "satisfaction.csv",
    "skills_for_care": "workforce_estimates.csv",
    "nhs_vacancies": "trust_vacancies.csv",
    "health_finance": "finance_figures.csv",
    "seuk_psm": "headline_figures.csv",
    "seuk_social_enterprise": "headline_figures.csv",
    "cipfa": "headline_figures.csv",
}


def _emptied(text: str) -> str:
    """Every row of a raw table with its values blank and its status saying so."""
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    fields = list(rows[0])
    for row in rows:
        if "nhs_status" in row:
            row.update(BSA_EMPTIED)
            row.update(dict.fromkeys(BSA_VALUES, ""))
        else:
            row["value"] = ""
            row["status"] = "unverified"
            if "qualifier" in row:
                row["qualifier"] = "none"
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=fields, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def _empty(project: Path, source: str) -> None:
    folder = project / "data" / "raw" / source
    name = VALUE_FILES[source]
    rewrite(folder, name, _emptied((folder / name).read_text(encoding="utf-8")))


#: The charts drawn from tables whose values can be left unpublished (the published counts are
#: counts only, each a published figure).
EMPTIABLE = [name for name, sources in CHART_SOURCES.items() if set(sources) <= set(VALUE_FILES)]


@pytest.fixture(scope="module")
def found_in() -> dict[str, str]:
    """The folder each claim's value is found in, on the project's data (judged once)."""
    from mutualstats import claims

    table = claims.audit()
    return dict(zip(table["claim_id"], table["source_id"], strict=True))


@pytest.mark.parametrize("name", EMPTIABLE)
def test_a_chart_with_nothing_published_says_so_and_the_audit_still_runs(
    built_project: Path, name: str, found_in: dict[str, str]
) -> None:
    from mutualstats import claims
    from mutualstats.build import build_all
    from mutualstats.figures.layout import NothingToDrawError

    sources = CHART_SOURCES[name]
    reading = sorted(claim_id for claim_id, source in found_in.items() if source in sources)
    assert reading, "a claim reads each chart's sources"
    for source in sources:
        _empty(built_project, source)
    build_all()
    register = {claim.claim_id: claim for claim in claims.claims()}
    verdicts = {
        claim_id: claims.judge(register[claim_id], claims.recompute(register[claim_id])).verdict
        for claim_id in reading
    }
    assert set(verdicts.values()) == {"unverified"}, verdicts
    with pytest.raises(NothingToDrawError) as refused:
        figures.CHARTS[name](claims.briefing_period("C24"))
    message = str(refused.value)
    assert message.startswith(f"the {name} chart ") and "\n" not in message, message
    assert any(f"data/raw/{source}/" in message for source in sources), message
