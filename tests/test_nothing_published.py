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
#: Each chart and the source folders it draws.
CHART_SOURCES = {
    "nhs_satisfaction": ("bsa",),
    "social_care_satisfaction": ("bsa",),
    "asc_vacancies": ("skills_for_care",),
    "asc_turnover_vs_leaving_sector": ("skills_for_care",),
    "nhs_trust_vacancies": ("nhs_vacancies",),
    "health_spending_growth": ("health_finance",),
    "health_share_of_spending": ("health_finance",),
    "psm_indicators": ("seuk_psm",),
    "psm_profitability": ("seuk_psm", "seuk_social_enterprise"),
    "cipfa_benefits": ("cipfa",),
}
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


@pytest.mark.parametrize("name", list(CHART_SOURCES))
def test_a_chart_with_nothing_published_says_so_and_the_audit_still_runs(
    built_project: Path, name: str
) -> None:
    import matplotlib.pyplot as plt

    from mutualstats import claims, figures
    from mutualstats.build import build_all
    from mutualstats.errors import MutualstatsError

    for source in CHART_SOURCES[name]:
        _empty(built_project, source)
    build_all()
    table = claims.audit()
    reading = table.loc[table["source_id"].isin(CHART_SOURCES[name])]
    assert set(reading["verdict"]) <= {"unverified"}, reading[["claim_id", "verdict"]]
    try:
        fig = figures.CHARTS[name](claims.briefing_period("C24"))
    except MutualstatsError as refused:
        message = str(refused)
        assert f"the {name} chart" in message and "\n" not in message, message
        assert any(f"data/raw/{source}/" in message for source in CHART_SOURCES[name]), message
    else:
        plt.close(fig)
