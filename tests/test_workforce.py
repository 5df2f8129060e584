"""Workforce and finance sources: schemas, back tests of every number the notebooks state,
vintages, and the data behind the charts."""

from __future__ import annotations

import csv
import dataclasses
import io
import re
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from conftest import rewrite

from mutualstats import claims, datasets, figures, finance, workforce
from mutualstats.config import LOWER_BOUND_QUALIFIERS, SETTLEMENT_GROWTH_MEASURES, raw_dir
from mutualstats.errors import DataValidationError
from mutualstats.figures import chart_record
from mutualstats.figures.finance import SHARE_MEASURES
from mutualstats.figures.workforce import NHS_GROUPS
from mutualstats.number_grammar import NUMBER_WORDS
from mutualstats.provenance import record_checksums
from mutualstats.rawcsv import read_raw_csv
from mutualstats.schemas.count_rate import COUNT_RATE_PAIRS, zero_beside_positive
from mutualstats.schemas.workforce import NHS_VACANCY_PAIR_KEY, SFC_PAIR_KEY
from mutualstats.sources import nhs_workforce, skills_for_care
from mutualstats.statistic import format_value, in_words


@pytest.fixture(scope="module")
def sfc() -> pd.DataFrame:
    return datasets.load("sfc_workforce_estimates")


@pytest.fixture(scope="module")
def money() -> pd.DataFrame:
    return datasets.load("health_finance")


def _sfc_problems(tmp_path: Path, old: str, new: str) -> list[str]:
    folder = tmp_path / "skills_for_care"
    shutil.copytree(raw_dir() / "skills_for_care", folder)
    text = (folder / "workforce_estimates.csv").read_text(encoding="utf-8")
    assert old in text
    rewrite(folder, "workforce_estimates.csv", text.replace(old, new, 1))
    with pytest.raises(DataValidationError) as caught:
        skills_for_care.build(folder)
    return [str(problem) for problem in caught.value.problems]


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "2018,2017,vacancy_rate_pct,8.0,",
            "2018,2017,vacancy_rate_pct,108.0,",
            "column 'value': a pct lies in [0, 100] (a change in [-100, 100]) (value: '108.0')",
        ),
        ("2018,2017,jobs,1600000,count,", "2018,2017,jobz,1600000,count,", "column 'measure'"),
        ("2018,2017,jobs,1600000,count,", "2018,2017,jobs,1600000,kg,", "column 'unit'"),
        (
            "2018,2017,jobs,1600000,count,all_sectors_jobs",
            "2018,2017,jobs,1600000,count,x",
            "'scope'",
        ),
    ],
)
def test_bad_values_are_rejected_naming_the_column(tmp_path, old, new, expected) -> None:
    problems = _sfc_problems(tmp_path, old, new)
    assert any(expected in problem for problem in problems), problems


def test_negative_level_is_rejected_but_negative_change_is_allowed(tmp_path, sfc) -> None:
    problems = _sfc_problems(tmp_path, "2018,2017,jobs,1600000,", "2018,2017,jobs,-1600000,")
    assert any("level (not a change) cannot be negative" in p for p in problems)
    assert (sfc.loc[sfc["measure"] == "vacancy_rate_change_pp", "value"] < 0).all()


def test_duplicate_key_is_rejected(tmp_path) -> None:
    folder = tmp_path / "dup"
    shutil.copytree(raw_dir() / "skills_for_care", folder)
    lines = (folder / "workforce_estimates.csv").read_text(encoding="utf-8").splitlines()
    rewrite(folder, "workforce_estimates.csv", "\n".join([*lines, lines[1]]) + "\n")
    with pytest.raises(DataValidationError, match="one row per"):
        skills_for_care.build(folder)


def test_revised_back_series_does_not_overwrite_first_published(sfc) -> None:
    rows = sfc.loc[(sfc["measure"] == "vacancy_rate_pct") & (sfc["reference_year"] == 2018)]
    assert sorted(zip(rows["edition"], rows["value"], strict=True)) == [(2019, 7.8), (2020, 7.6)]
    v = workforce.vintages(sfc, "vacancy_rate_pct", 2018)
    assert (v.first.value, v.first.edition, v.latest.value, v.latest.edition) == (
        7.8,
        "2019",
        7.6,
        "2020",
    )
    assert (v.first.period, v.first.publication_id) == ("2018/19", "sfc_sotw_2019")
    assert v.revised
    assert v.revision == pytest.approx(-0.2)


def test_revisions_list_each_revised_data_year_with_units(sfc) -> None:
    """One row per data year a later edition changed, the first-published and latest values with
    their units and editions, as :func:`workforce.vintage_series` holds them; an unrevised year
    is left out."""
    measures = ["vacancies", "vacancy_rate_pct"]
    shown = workforce.revisions(sfc, measures)
    expected = []
    for measure in measures:
        unit = str(sfc.loc[sfc["measure"] == measure, "unit"].iloc[0])
        series = workforce.vintage_series(sfc, measure)
        for row in series.loc[series["first_published"] != series["latest"]].itertuples():
            expected.append(
                (
                    measure,
                    workforce.financial_year(row.reference_year),
                    format_value(row.first_published, unit),
                    str(row.first_edition),
                    format_value(row.latest, unit),
                    str(row.latest_edition),
                )
            )
    assert expected, "no revised data year held to list"
    assert list(shown.itertuples(index=False, name=None)) == expected
    assert any("," in value for value in shown["first_published"]), "counts without separators"
    assert len(shown) < sum(len(workforce.vintage_series(sfc, m)) for m in measures)


def test_edition_choice(sfc) -> None:
    cited = workforce.estimate(sfc, "vacancies", claims.briefing_period("C17"))
    assert (cited.edition, cited.period, cited.value) == ("2018", "2017/18", 110000)
    assert cited.publication_id == "sfc_sotw_2018"
    # "latest": the newest edition publishing the measure, read here from the raw rows as
    # written, so the test holds as editions are added.
    with (raw_dir() / "skills_for_care" / "workforce_estimates.csv").open(encoding="utf-8") as f:
        published = [
            row
            for row in csv.DictReader(f)
            if row["measure"] == "vacancies" and row["scope"] == "headline_vacancy" and row["value"]
        ]
    newest = max(int(row["edition"]) for row in published)
    year, value = max(
        (int(row["reference_year"]), float(row["value"]))
        for row in published
        if int(row["edition"]) == newest
    )
    latest = workforce.estimate(sfc, "vacancies", "latest")
    assert (latest.edition, latest.period, latest.value) == (
        str(newest),
        workforce.financial_year(year),
        value,
    )
    assert newest >= 2025
    restated = {
        int(row["edition"]): float(row["value"])
        for row in published
        if row["reference_year"] == "2023"
    }
    assert (
        workforce.estimate(sfc, "vacancies", "latest", reference_year=2023).value
        == (restated[max(restated)])
    )


def test_workforce_numbers_stated_in_notebook_03(sfc) -> None:
    staff = datasets.load("nhs_staff").set_index(["measure", "reference_date"])["value"]
    assert staff[("hchs_staff_fte", "2018-09-30")] == 1111359
    assert staff[("nhs_staff_fte", "2018-09-30")] == 1240853
    assert workforce.estimate(sfc, "jobs", 2018).value == 1_600_000
    assert workforce.estimate(sfc, "people", 2018).value == 1_470_000
    assert workforce.estimate(sfc, "fte_jobs", 2018).value == 1_130_000
    growth = workforce.growth_from_change_pct(1_600_000, 19_000)
    assert round(growth, 1) == 1.2
    assert workforce.estimate(sfc, "vacancies", 2018).value == 110_000
    assert workforce.estimate(sfc, "vacancy_rate_pct", 2018).value == 8.0
    assert round(workforce.implied_posts(110_000, 8.0) / 1e6, 2) == 1.38
    trust = workforce.nhs_vacancies(datasets.load("nhs_trust_vacancies")).set_index("period")
    assert trust.loc["2018/19 Q1", "value"] == 107743
    leaving = workforce.leaving_sector_for(sfc, 2018)
    assert (leaving.turnover_rate_pct, leaving.leavers_staying_in_sector_pct) == (30.7, 67)
    assert round(leaving.rate_pct, 1) == 10.1
    hf = datasets.load("hf_key_facts")
    assert (
        hf.loc[
            (hf["measure"] == "leavers_rate_pct") & (hf["reference_year"] == 2015), "value"
        ].item()
        == 27
    )


@pytest.mark.parametrize(
    ("edition", "expected"),
    [
        (2016, None),  # jobs only: no people figure
        (2018, ("jobs", 1_600_000 - 1_470_000)),
        (2022, ("filled_posts", 1_620_000 - 1_500_000)),
        (2025, ("filled_posts", 1_600_000 - 1_500_000)),  # not "over 100,000"
    ],
)
def test_posts_over_people_is_read_per_edition(sfc, edition: int, expected) -> None:
    assert workforce.posts_over_people(sfc, edition) == expected


def test_posts_over_people_takes_the_all_sector_figures_and_is_stated(sfc) -> None:
    """A people figure for one sector only (SYNTHETIC row) is not set against all-sector jobs."""
    people = sfc.loc[(sfc["edition"] == 2018) & (sfc["measure"] == "people")]
    one_sector = people.assign(scope="independent_sector", value=1_000_000.0)
    only_one_sector = pd.concat([sfc.drop(people.index), one_sector], ignore_index=True)
    assert workforce.posts_over_people(only_one_sector, 2018) is None
    assert (
        "Its jobs exceed the people working in the sector by 130,000: a person with two jobs "
        "counts twice." in workforce.describe_edition(sfc, 2018)
    )
    assert "exceed" not in workforce.describe_edition(sfc, 2016)


def test_finance_numbers_stated_in_notebook_04(money) -> None:
    assert finance.figure(money, "health_spending_growth_pct", "2018-19").value is None
    assert finance.figure(money, "dhsc_rdel_growth_pct", "2018-19").value == 1.8
    assert finance.figure(money, "dhsc_rdel_incl_pay_deal_growth_pct", "2018-19").value == 2.5
    assert finance.figure(money, "uk_health_spending_real_growth_pct", "2018-19").value == 2
    assert finance.figure(money, "health_share_public_service_spending", "2017-18").value == 30
    assert finance.figure(money, "health_share_total_public_spending", "2018-19").value == 17.9
    assert finance.figure(money, "nhs_england_revenue_real_increase", "2023-24").value == 20.5
    assert finance.figure(money, "nhs_england_revenue_real_growth_avg").value == 3.4
    plan = finance.settlement(114, 3.4, 5)
    assert round(plan.increase_in_final_year_gbp_billion, 1) == 20.7
    assert round(plan.cumulative_increase_gbp_billion) == 61


def test_notebook_and_chart_name_each_growth_basis_from_one_home(money) -> None:
    """The notebook's lines and the growth chart's bars name each basis of one year's growth
    from ``finance.GROWTH_BASES``, with the value the table gives."""
    period = finance.period_label(claims.find("C20").reference_period)
    lines = finance.growth_on_other_bases(money, period)
    assert len(lines) == len(finance.GROWTH_BASES)
    for line, (measure, (what, terms)) in zip(lines, finance.GROWTH_BASES.items(), strict=True):
        item = finance.figure(money, measure, period)
        assert line == f"{what}, {terms}: {item.shown()} ({item.publisher})"
    drawn = chart_record(figures.build_health_spending_growth(money, "footer", period)).data
    labels = dict(zip(drawn["measure"], drawn["label"], strict=True))
    assert all(
        labels[measure].startswith(what) for measure, (what, _) in finance.GROWTH_BASES.items()
    )


def test_the_settlement_spans_the_years_its_plan_gives(money) -> None:
    """The settlement's years are read from the data (the plan's span of average growth): as
    many as from the budget the notebook grows to the year the plan's increase is reached, and
    the audit's caveat on C22 says as many."""
    plan = claims.find("C22").cited_publication_id
    extra = finance.figure(money, "nhs_england_revenue_real_increase", publication_id=plan)
    rate = finance.figure(money, "nhs_england_revenue_real_growth_avg", publication_id=plan)
    period = finance.period_label(claims.find("C20").reference_period)
    base = finance.figure(money, "nhs_england_budget", period)
    years = finance.years_in(rate.period)
    assert years == int(extra.period[:4]) - int(base.period[:4])
    assert finance.years_in(period) == 1
    caveats = claims.recompute(claims.find("C22")).caveats
    assert any(caveat.endswith(f"not a sum over {in_words(years)} years") for caveat in caveats)


def test_a_small_whole_number_is_written_in_words() -> None:
    for number in range(1, 21):
        assert NUMBER_WORDS[in_words(number)] == number
    assert in_words(21) == "21" and in_words(1200) == "1,200"


def test_leaving_sector_rate_arithmetic() -> None:
    assert workforce.leaving_sector_rate(30, 67).rate_pct == pytest.approx(9.9)
    assert workforce.vacancy_rate_pct(10, 90) == 10
    assert workforce.average_annual_growth_pct(100, 121, 2) == pytest.approx(10)


def test_asc_vacancy_chart_plots_latest_line_and_first_published_points(sfc) -> None:
    fig = figures.build_asc_vacancies(sfc, "footer")
    counts = fig.axes[0]
    line = dict(zip(counts.lines[0].get_xdata(), counts.lines[0].get_ydata(), strict=True))
    # Hollow points: only first-published values a later edition revised.
    points = {int(x): y for x, y in counts.collections[0].get_offsets()}
    assert line[2023] == 126 and points[2023] == 131
    assert line[2017] == 110 and 2017 not in points


def test_turnover_chart_data(sfc) -> None:
    series = workforce.leaving_sector_series(sfc)
    assert series["reference_year"].tolist() == [2017, 2018, 2019]
    fig = figures.build_turnover_vs_leaving(sfc, "footer")
    heights = [bar.get_height() for bar in fig.axes[0].patches]
    assert heights[:3] == [30.7, 30.8, 30.4]


def test_turnover_chart_rows_are_those_of_the_scope_derived_from(sfc) -> None:
    """An edition publishing turnover for a second scope (SYNTHETIC row, listed first) does not
    lend that row to the chart: each bar's source row is of the scope its rate was derived on."""
    series = workforce.leaving_sector_series(sfc)
    last = series.iloc[-1]
    turnover = sfc.loc[
        (sfc["measure"] == "turnover_rate_pct")
        & (sfc["edition"] == last["edition"])
        & (sfc["reference_year"] == last["reference_year"])
        & (sfc["scope"] == last["scope"])
    ]
    other_scope = next(scope for scope in sfc["scope"].unique() if scope != last["scope"])
    synthetic = turnover.assign(scope=other_scope, value=99.0, note="SYNTHETIC")
    data = figures.workforce.turnover_data(pd.concat([synthetic, sfc], ignore_index=True))
    drawn = data.loc[data["reference_year"] == last["reference_year"]]
    assert set(drawn["scope"]) == {last["scope"]}
    assert 99.0 not in set(drawn["value"])


def test_the_turnover_chart_csv_writes_derived_rates_without_binary_residue(
    sfc, tmp_path: Path
) -> None:
    fig = figures.build_turnover_vs_leaving(sfc, "footer")
    paths = figures.export(fig, "turnover", tmp_path)
    written = next(path for path in paths if path.suffix == ".csv").read_text(encoding="utf-8")
    for rate in workforce.leaving_sector_series(sfc)["leaving_sector_rate_pct"]:
        assert f",{rate:.12g}," in written
    numbers = [cell for row in csv.reader(written.splitlines()) for cell in row if _is_number(cell)]
    assert numbers and all(len(cell.replace(".", "").strip("-0")) <= 12 for cell in numbers)


def _is_number(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return True


def test_nhs_and_finance_chart_data(money) -> None:
    fig = figures.build_nhs_trust_vacancies(datasets.load("nhs_trust_vacancies"), "footer")
    # All staff are the first two lines: before and after the change of publisher.
    all_staff = np.concatenate([line.get_ydata() for line in fig.axes[0].lines[:2]])
    assert np.nanmax(all_staff) == 132
    growth = figures.build_health_spending_growth(money, "footer")
    # Cash and real growth are separate panels, in order.
    from mutualstats.figures.finance import GROWTH_PANELS, growth_data

    widths = [bar.get_width() for ax in growth.axes for bar in ax.patches]
    drawn = growth_data(money, finance.period_label(claims.find("C20").reference_period))
    assert widths == drawn["value"].tolist()
    assert len(widths) == sum(len(bars) for bars in GROWTH_PANELS.values())
    assert drawn["basis"].tolist() == [basis for basis, bars in GROWTH_PANELS.items() for _ in bars]
    share = figures.build_health_share_of_spending(money, "footer")
    totals = sorted(bar.get_width() for bar in share.axes[0].patches)
    assert totals == [17.9, 20.0]


def test_the_growth_title_sets_no_measure_against_another(money) -> None:
    """UK health spending's real growth is not set against the long-run average of NHS funding
    (another measure), and the cash figures are called the budget's."""
    text = chart_record(figures.build_health_spending_growth(money, "footer")).text
    real = finance.figure(money, "uk_health_spending_real_growth_pct", "2018-19").value
    cash = money.loc[
        money["measure"].isin(["dhsc_rdel_growth_pct", "dhsc_rdel_incl_pay_deal_growth_pct"])
        & (money["period"] == "2018-19"),
        "value",
    ]
    assert text.title == (
        f"UK health spending grew {real:g}% in real terms in 2018/19; the DHSC budget was set to "
        f"grow {cash.min():g}-{cash.max():g}% in cash"
    )
    assert any("not of UK health spending" in note for note in text.notes)


def test_a_share_not_drawn_is_named_by_its_denominator(money) -> None:
    """The 2016/17 report gives health's share of all public spending (drawn) but not of spending
    on public services: the note names the share left out, not the report alone."""
    missing = money.loc[money["value"].isna() & money["measure"].str.startswith("health_share")]
    notes = chart_record(figures.build_health_share_of_spending(money, "footer")).text.notes
    not_drawn = [note for note in notes if note.startswith("Not drawn")]
    assert len(not_drawn) == len(missing) > 0
    for note, row in zip(not_drawn, missing.itertuples(), strict=True):
        assert note.startswith(f"Not drawn: {SHARE_MEASURES[row.measure].lower()}, {row.publisher}")


def test_every_workforce_chart_is_registered() -> None:
    for name in (
        "asc_vacancies",
        "asc_turnover_vs_leaving_sector",
        "nhs_trust_vacancies",
        "health_spending_growth",
        "health_share_of_spending",
    ):
        assert name in figures.CHARTS


def test_an_edition_whose_share_staying_is_not_found_derives_no_rate() -> None:
    """An unverified row (no value) is not a number: the prose says the rate cannot be derived,
    never "about nan%"."""
    frame = datasets.load("sfc_workforce_estimates")
    staying = (frame["measure"] == "leavers_staying_in_sector_pct") & (frame["edition"] == 2018)
    frame.loc[staying, ["value", "status"]] = [None, "unverified"]
    with pytest.raises(LookupError, match="gives no value"):
        workforce.leaving_sector_for(frame, 2018)
    text = workforce.describe_edition(frame, 2018)
    assert "nan" not in text
    assert text.endswith(
        "The rate of leaving the sector cannot be derived from what is held of it."
    )
    assert (
        "No figure from it is held for filled posts. Its figure for leavers staying in the sector "
        "was not "
        "found." in text
    )


def _lower_bounds(rows: pd.DataFrame) -> pd.DataFrame:
    """The rows the data record as published lower bounds ("more than 132,000")."""
    return rows.loc[rows["qualifier"].isin(LOWER_BOUND_QUALIFIERS)]


def test_a_vacancy_published_as_a_lower_bound_is_drawn_labelled_and_noted_as_one() -> None:
    table = datasets.load("nhs_trust_vacancies")
    fig = figures.build_nhs_trust_vacancies(table, "footer")
    record = chart_record(fig)
    plotted = record.data
    # The chart's CSV carries each plotted row's qualifier as the data record it.
    groups = {label: group for group, (label, _) in NHS_GROUPS.items()}
    merged = plotted.assign(staff_group=plotted["series"].map(groups)).merge(
        table,
        on=["publication_id", "edition", "period_end", "staff_group", "value"],
        suffixes=("", "_table"),
        validate="one_to_one",
    )
    assert len(merged) == len(plotted)
    assert merged["qualifier"].tolist() == merged["qualifier_table"].tolist()
    bounds = _lower_bounds(plotted)
    assert not bounds.empty
    # Hollow points (white face) at exactly those values, in thousands as drawn.
    hollow = [
        tuple(point)
        for collection in fig.axes[0].collections
        if len(collection.get_offsets()) and tuple(collection.get_facecolor()[0]) == (1, 1, 1, 1)
        for point in collection.get_offsets()
    ]
    assert sorted(y for _, y in hollow) == sorted(bounds["value"] / 1000)
    # Every piece of text naming a lower bound's number names its qualifier with it.
    texts = [record.text.title, *record.text.notes, *(t.get_text() for t in fig.axes[0].texts)]
    for row in bounds.itertuples():
        number = f"{row.value:,.0f}"
        for text in texts:
            assert text.count(number) == text.count(f"{row.qualifier} {number}"), text
    noted = [note for note in record.text.notes if "lower bound" in note]
    assert len(noted) == 1
    assert all(
        f"{row.qualifier} {row.value:,.0f} in {row.period}" in noted[0]
        for row in bounds.itertuples()
    )


def test_a_quarter_published_as_a_lower_bound_is_shown_and_judged_as_one() -> None:
    """Restating C18 for the year whose latest quarter is a lower bound: the value is shown with
    its qualifier (audit, restatement, notebook 03) and the verdict carries a caveat."""
    quarters = workforce.nhs_vacancies(datasets.load("nhs_trust_vacancies"))
    latest = quarters.groupby(quarters["period_end"].dt.year).tail(1)
    bound = _lower_bounds(latest).iloc[-1]
    shown = f"{bound['qualifier']} {bound['value']:,.0f}"
    claim = claims.find("C18")
    found = claims.recompute(claim, bound["period_end"].year)
    assert found.statistic.lower_bound
    assert found.statistic.shown() == shown
    assert f"{shown} FTE vacancies" in found.evidence
    finding = claims.judge(claim, found)
    assert any("lower bound" in caveat and shown in caveat for caveat in finding.caveats)
    lines = workforce.nhs_vacancy_lines(quarters)
    for row, line in zip(quarters.itertuples(), lines, strict=True):
        number = f"{row.value:,.0f}"
        expected = number if row.qualifier == "none" else f"{row.qualifier} {number}"
        assert f": {expected} WTE vacancies" in line


def test_a_rate_of_nobody_leaving_is_not_one_in_n() -> None:
    """All leavers staying in the sector (or no turnover) is a rate of 0: there is no "one in
    n" to say, where dividing by it stopped the audit."""
    from mutualstats.workforce import leaving_sector_rate, one_in

    nobody = leaving_sector_rate(30.0, 100.0)
    assert nobody.rate_pct == 0 and one_in(nobody.rate_pct) == ""
    assert one_in(leaving_sector_rate(30.0, 70.0).rate_pct) == ", one in 11"


# A count and the rate of the same thing agree on being 0

#: Each table holding counts and rates of the same thing: folder, file, builder, and the columns
#: that make rows one publication's figures for one period and population.
PAIRED_TABLES = {
    "skills_for_care": ("workforce_estimates.csv", skills_for_care.build, SFC_PAIR_KEY),
    "nhs_vacancies": ("trust_vacancies.csv", nhs_workforce.build_vacancies, NHS_VACANCY_PAIR_KEY),
}


def _paired_rows(folder: str) -> list[tuple[str, str, int, int]]:
    """(measure, the other measure, line, the other's line), each way round, for the first count
    and rate of the same thing (per pair of COUNT_RATE_PAIRS) that the raw table gives, both more
    than 0, with the same key."""
    name, _, key = PAIRED_TABLES[folder]
    text = _read(raw_dir() / folder / name)
    text["number"] = pd.to_numeric(text["value"])
    found = []
    for count, rate in COUNT_RATE_PAIRS:
        counts = text.loc[(text["measure"] == count) & (text["number"] > 0)]
        rates = text.loc[(text["measure"] == rate) & (text["number"] > 0)]
        both = counts.assign(line=counts.index).merge(
            rates.assign(line=rates.index), on=list(key), suffixes=("_count", "_rate")
        )
        if not both.empty:
            line_count, line_rate = both["line_count"].iloc[0], both["line_rate"].iloc[0]
            found += [(count, rate, line_count, line_rate), (rate, count, line_rate, line_count)]
    return found


def _read(path: Path) -> pd.DataFrame:
    """A raw table as text, indexed by the line each row starts on."""
    return read_raw_csv(path, list(pd.read_csv(path, nrows=0).columns))


def _zeroed(tmp_path: Path, folder: str, lines: list[int]) -> tuple[Path, list[str] | None]:
    """A copy of ``folder`` with the value at each of ``lines`` set to 0; the build's problems,
    or None where it passes."""
    name, build, _ = PAIRED_TABLES[folder]
    copy = tmp_path / folder
    shutil.copytree(raw_dir() / folder, copy)
    text = (copy / name).read_text(encoding="utf-8")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    at = rows[0].index("value")
    row_of_line = {line: row for row, line in enumerate(_read(copy / name).index, start=1)}
    for line in lines:
        rows[row_of_line[line]][at] = "0"
    with (copy / name).open("w", encoding="utf-8", newline="") as out:
        csv.writer(out, lineterminator="\n").writerows(rows)
    rewrite(copy, name, (copy / name).read_bytes())
    try:
        build(copy)
    except DataValidationError as error:
        return copy / name, [str(problem) for problem in error.problems]
    return copy / name, None


@pytest.mark.parametrize("folder", list(PAIRED_TABLES))
def test_the_tables_hold_counts_and_rates_of_the_same_thing(folder: str) -> None:
    """Every direction of every pair declared for a table is exercised by the tests below."""
    measures = {measure for measure, *_ in _paired_rows(folder)}
    declared = {m for pair in COUNT_RATE_PAIRS for m in pair}
    vocabulary = set(pd.read_csv(raw_dir() / folder / PAIRED_TABLES[folder][0])["measure"])
    assert measures == declared & vocabulary and measures


@pytest.mark.parametrize("folder", list(PAIRED_TABLES))
def test_a_zero_beside_a_positive_count_or_rate_is_named(tmp_path: Path, folder: str) -> None:
    """A vacancy rate of 0 beside 110,000 vacancies, or 0 leavers beside a turnover rate, is a
    slip: each direction of each pair is refused at the zero's line, naming the other's."""
    for measure, other, line, other_line in _paired_rows(folder):
        path, problems = _zeroed(tmp_path / f"{measure}-{line}", folder, [line])
        assert problems is not None and len(problems) == 1, (measure, line, problems)
        assert problems[0].startswith(f"{path}:{line} column 'value': {measure} is 0 beside ")
        assert f"{other} " in problems[0] and f"(line {other_line})" in problems[0]
        assert problems[0].endswith("(value: '0')")


@pytest.mark.parametrize("folder", list(PAIRED_TABLES))
def test_a_count_and_rate_both_zero_are_accepted(tmp_path: Path, folder: str) -> None:
    for measure, _, line, other_line in _paired_rows(folder):
        _, problems = _zeroed(tmp_path / f"{measure}-{line}", folder, [line, other_line])
        assert problems is None, (measure, line, problems)


def test_zero_beside_positive_reads_the_key_and_the_pairs() -> None:
    """Hand-built: only a zero whose partner of the same key is positive is found; another key,
    another population or a measure outside the pairs is not."""
    count, rate = COUNT_RATE_PAIRS[0]
    frame = pd.DataFrame(
        {
            "publication_id": ["a", "a", "a", "b", "a", "a"],
            "edition": [2018] * 6,
            "reference_year": [2017] * 6,
            "scope": ["x", "x", "y", "x", "x", "x"],
            "measure": [count, rate, rate, rate, "jobs", count],
            "value": [110000.0, 0.0, 0.0, 0.0, 0.0, 5.0],
        },
        index=[2, 3, 4, 5, 6, 7],
    )
    assert zero_beside_positive(frame, SFC_PAIR_KEY) == {3: 2}


def test_c31_is_the_settlements_growth_less_the_growth_needed_to_keep_up_with_demand() -> None:
    """C31 (the extra funding judged the bare minimum to keep up with current demand) is judged
    on the settlement's growth less the growth the same publication says is needed to maintain
    current standards, both traced; a minimum to tackle the backlog asks for more, so it is set
    beside the settlement as a caveat and never judged as the bare minimum."""
    from mutualstats.claims.registry import admitted_interval
    from mutualstats.claims.trace import raw_rows
    from mutualstats.config import (
        BACKLOG_MINIMUM_MEASURE,
        MAINTENANCE_MEASURE,
        SETTLEMENT_GROWTH_MEASURES,
    )

    money = datasets.load("health_finance").dropna(subset=["value"])
    need = money.loc[money["measure"] == MAINTENANCE_MEASURE].iloc[0]
    growth = money.loc[
        money["measure"].isin(SETTLEMENT_GROWTH_MEASURES)
        & (money["publication_id"] == need["publication_id"])
    ].iloc[0]
    claim = claims.find("C31")
    found = claims.recompute(claim)
    assert found.statistic.value == pytest.approx(growth["value"] - need["value"])
    assert found.statistic.publication_id == need["publication_id"]
    assert found.statistic.period == growth["period"]
    traced = {row.cells["measure"] for row in raw_rows(found.statistic)}
    assert traced == {growth["measure"], MAINTENANCE_MEASURE}
    low, high = admitted_interval(claim)
    assert low <= found.statistic.value <= high
    judged = claims.judge(claim, found)
    cited = claim.cited_publication_id == need["publication_id"]
    assert judged.verdict == ("reproduced-with-caveat" if cited else "misattributed")
    assert "at the minimum or above it" in judged.note
    backlog = money.loc[money["measure"] == BACKLOG_MINIMUM_MEASURE]
    assert not backlog.empty
    assert found.statistic.publication_id not in set(backlog["publication_id"])
    for row in backlog.itertuples():
        assert any(
            row.publication_id in caveat and "tackle the backlog" in caveat
            for caveat in judged.caveats
        )


def test_c31_without_a_publication_giving_both_is_unverified(built_project: Path) -> None:
    """A minimum needed with no settlement growth from the same publication is not judged
    against another publication's growth: C31 is unverified and says what is missing."""
    from mutualstats.build import build_all
    from mutualstats.config import MAINTENANCE_MEASURE, SETTLEMENT_GROWTH_MEASURES

    path = built_project / "data" / "raw" / "health_finance" / "finance_figures.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    kept = [
        line
        for line in lines
        if not any(f",{growth}," in line for growth in SETTLEMENT_GROWTH_MEASURES)
    ]
    assert len(kept) < len(lines)
    assert any(f",{MAINTENANCE_MEASURE}," in line for line in kept)
    rewrite(path.parent, path.name, "".join(kept))
    build_all()
    judged = claims.audit("case_for_mutuals").set_index("claim_id").loc["C31"]
    assert judged["verdict"] == "unverified"
    assert (
        f"gives both a settlement's growth ({', '.join(SETTLEMENT_GROWTH_MEASURES)}) and "
        in (judged["note"])
    )
    assert MAINTENANCE_MEASURE in judged["note"]


def _second_publication_giving_both(
    project: Path,
    publication_id: str,
    margin: float,
    growth_measure: str | None = None,
    need_above_held: float = 0,
) -> None:
    """Add a SYNTHETIC publication of the briefing's year to ``project``'s health_finance giving
    a settlement's growth (on ``growth_measure``, default the first of its measures) and the
    growth needed to keep up with demand (``need_above_held`` points above the one held),
    ``margin`` points apart, then build."""
    from mutualstats.build import build_all
    from mutualstats.claims.lookup import briefing_year
    from mutualstats.config import MAINTENANCE_MEASURE, SETTLEMENT_GROWTH_MEASURES

    folder = project / "data" / "raw" / "health_finance"
    growth_measure = growth_measure or SETTLEMENT_GROWTH_MEASURES[0]
    minimum_measure = MAINTENANCE_MEASURE
    held = datasets.load("health_finance").dropna(subset=["value"])
    minimum = held.loc[held["measure"] == minimum_measure].iloc[0]
    year = briefing_year()
    entry = (
        f"  - id: {publication_id}\n"
        '    publisher: "SYNTHETIC publisher"\n'
        f'    edition: "{year}"\n'
        '    title: "SYNTHETIC publication giving both"\n'
        f'    date_published: "{year}"\n'
        "    url: https://example.org/synthetic-both\n"
    )
    yaml_text = (folder / "source.yaml").read_text(encoding="utf-8")
    (folder / "source.yaml").write_text(
        yaml_text.replace("licence:", entry + "licence:", 1), encoding="utf-8"
    )
    lines = [
        f"{publication_id},SYNTHETIC publisher,{year},{minimum['period']},{measure},{value},"
        f"pct_per_year,SYNTHETIC,https://example.org/synthetic-both,false,publisher,SYNTHETIC\n"
        for measure, value in (
            (growth_measure, minimum["value"] + need_above_held + margin),
            (minimum_measure, minimum["value"] + need_above_held),
        )
    ]
    with (folder / "finance_figures.csv").open("a", encoding="utf-8") as stream:
        stream.writelines(lines)
    record_checksums(folder)
    build_all()


@pytest.mark.parametrize("publication_id", ["aaa_synthetic_both", "zzz_synthetic_both"])
def test_c31_does_not_hang_on_how_publication_ids_sort(
    built_project: Path, publication_id: str
) -> None:
    """With a second publication giving both (SYNTHETIC, its settlement a point short of what
    it says is needed), C31's verdict is the same whether its id sorts before or after the held
    one's: the margin the claim admits is judged, the other stands beside it as a caveat, and
    neither is dropped."""
    before = claims.judge(claims.find("C31"), claims.recompute(claims.find("C31")))
    held = claims.recompute(claims.find("C31")).statistic
    _second_publication_giving_both(built_project, publication_id, margin=-1)
    claim = claims.find("C31")
    found = claims.recompute(claim)
    judged = claims.judge(claim, found)
    assert judged.verdict == before.verdict
    assert found.statistic.publication_id == held.publication_id
    assert found.statistic.value == held.value
    margins = [other for other in found.context if other.measure == held.measure]
    assert [other.publication_id for other in margins] == [publication_id]
    assert publication_id in found.evidence
    assert any(publication_id in caveat for caveat in found.caveats)


def test_c31_names_a_second_pairing_of_the_judged_publication_as_its_own(
    built_project: Path,
) -> None:
    """A second growth needed in the publication judged (SYNTHETIC, a point above its settlement
    and of another span) gives a margin the claim does not admit: it is that publication's own
    other pairing, never "another publication"."""
    from mutualstats.build import build_all
    from mutualstats.config import MAINTENANCE_MEASURE

    held = claims.recompute(claims.find("C31")).statistic
    path = built_project / "data" / "raw" / "health_finance" / "finance_figures.csv"
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    need = next(
        row
        for row in rows
        if row["measure"] == MAINTENANCE_MEASURE and row["publication_id"] == held.publication_id
    )
    second = {**need, "period": held.period, "value": f"{float(need['value']) + 1:g}"}
    assert second["period"] != need["period"]
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows([*rows, second])
    rewrite(path.parent, path.name, out.getvalue())
    build_all()
    found = claims.recompute(claims.find("C31"))
    assert found.statistic.publication_id == held.publication_id
    assert found.statistic.value == held.value
    assert "another publication" not in " ".join(found.caveats)
    assert "Other publications giving both" not in found.evidence
    assert any("the same publication gives another pairing" in c for c in found.caveats)
    assert "The same publication also gives another pairing" in found.evidence


@pytest.mark.parametrize("growth_measure", SETTLEMENT_GROWTH_MEASURES)
def test_c31_reads_a_settlements_growth_on_each_of_its_measures(
    built_project: Path, growth_measure: str
) -> None:
    """A publication giving the settlement's growth as growth of NHS England's funding, revenue
    budget or budget, beside the growth needed (SYNTHETIC, a point short), is read by C31 and
    stands beside the margin judged; one measure only was read, so a publication naming its
    growth otherwise was left out with no message."""
    _second_publication_giving_both(built_project, "zzz_synthetic_both", -1, growth_measure)
    found = claims.recompute(claims.find("C31"))
    margins = [other for other in found.context if other.measure == found.statistic.measure]
    assert [other.publication_id for other in margins] == ["zzz_synthetic_both"]
    assert any("zzz_synthetic_both" in caveat for caveat in found.caveats)


def test_every_average_growth_of_nhs_englands_settlement_is_read_as_one() -> None:
    """Each finance measure of NHS England's average annual real growth over a span is one of
    the settlement's growth measures C31 reads, so a new way of naming it is not left out."""
    from mutualstats.vocabulary import FINANCE_MEASURES

    averages = {m for m in FINANCE_MEASURES if re.fullmatch(r"nhs_england_\w+_real_growth_avg", m)}
    assert averages == set(SETTLEMENT_GROWTH_MEASURES)


@pytest.mark.parametrize("publication_id", ["aaa_synthetic_both", "zzz_synthetic_both"])
def test_the_growth_chart_draws_the_growth_needed_c31_judges(
    built_project: Path, publication_id: str
) -> None:
    """With a second publication giving a growth needed (SYNTHETIC, a point above its
    settlement), the growth chart's bar is the one C31 judges, whatever the row order, and a note
    gives the other; the bar was the first row held, so the chart could show another need than
    the audit judged."""
    from mutualstats.config import MAINTENANCE_MEASURE
    from mutualstats.figures.finance import chart_health_spending_growth

    _second_publication_giving_both(built_project, publication_id, margin=-1, need_above_held=1)
    judged = claims.recompute(claims.find("C31")).statistic
    record = chart_record(chart_health_spending_growth(0))
    (bar,) = record.data.loc[record.data["measure"] == MAINTENANCE_MEASURE].itertuples()
    assert bar.publication_id == judged.publication_id != publication_id
    (note,) = [note for note in record.text.notes if "another publication gives" in note]
    assert "SYNTHETIC publisher" in note


def test_c31_says_what_the_cited_publication_holds_only_where_it_is_another() -> None:
    """Where the publication judged is the cited one, the evidence does not say the cited
    publication gives no minimum; where it is another, it says so only if the cited one holds
    none."""
    claim = claims.find("C31")
    found = claims.recompute(claim)
    assert found.statistic.publication_id != claim.cited_publication_id
    assert f"The cited {claim.cited_publication_id} as held gives" in found.evidence
    assert found.evidence.endswith("and no minimum.")
    cited_is_judged = dataclasses.replace(
        claim, cited_publication_id=found.statistic.publication_id
    )
    assert "The cited" not in claims.recompute(cited_is_judged).evidence


def test_c31_does_not_say_a_cited_publication_holding_a_backlog_minimum_gives_none() -> None:
    """A cited publication holding a minimum to tackle the backlog, and no growth needed to keep
    up with demand, is not said to give "no minimum" beside its listed minimum."""
    from mutualstats.config import BACKLOG_MINIMUM_MEASURE, MAINTENANCE_MEASURE

    money = datasets.load("health_finance").dropna(subset=["value"])
    needs = set(money.loc[money["measure"] == MAINTENANCE_MEASURE, "publication_id"])
    backlog = money.loc[money["measure"] == BACKLOG_MINIMUM_MEASURE, "publication_id"]
    cited = next(publication for publication in backlog if publication not in needs)
    claim = dataclasses.replace(claims.find("C31"), cited_publication_id=cited)
    evidence = claims.recompute(claim).evidence
    said = evidence.partition(f"The cited {cited} as held gives ")[2]
    assert BACKLOG_MINIMUM_MEASURE in said
    assert "no minimum" not in evidence
    assert evidence.endswith(
        "no growth needed to keep up with demand (its minimum tackles the backlog)."
    )


def test_c31_evidence_gives_what_the_publication_says_of_its_minimum() -> None:
    """The evidence names the minimum's purpose as the publication words it (its row's note),
    as the briefing's words tie the minimum to a purpose of their own."""
    from mutualstats.config import MAINTENANCE_MEASURE

    found = claims.recompute(claims.find("C31"))
    money = datasets.load("health_finance")
    minimum = money.loc[
        (money["measure"] == MAINTENANCE_MEASURE)
        & (money["publication_id"] == found.statistic.publication_id)
    ].iloc[0]
    assert str(minimum["note"]).rstrip(".") in found.evidence
