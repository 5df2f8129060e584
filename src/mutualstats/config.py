"""Paths, vocabularies and tolerances: the one place the rest of the package reads them from."""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path
from statistics import NormalDist


def project_root() -> Path:
    """The project folder: ``MUTUALSTATS_ROOT`` if set, else the checkout holding ``src/``."""
    return _resolved_root(os.environ.get("MUTUALSTATS_ROOT") or None)


@cache
def _resolved_root(override: str | None) -> Path:
    if not override:
        return Path(__file__).resolve().parents[2]
    if not os.path.isdir(override):
        from mutualstats.errors import MutualstatsError

        raise MutualstatsError(
            f"MUTUALSTATS_ROOT={override} is not a folder: point it at a project folder (one "
            "holding data/raw), or unset it"
        )
    return Path(override).resolve()


def check_matplotlib_backend() -> None:
    """Refuse an ``MPLBACKEND`` that matplotlib rejects, before anything runs.

    matplotlib reads the variable on import and raises there, so every chart, notebook and site
    page would fail one by one with matplotlib's own words. Every chart here is drawn with Agg;
    a valid ``MPLBACKEND`` is harmless and left as it is.

    Raises
    ------
    MutualstatsError
        Naming the variable, its value and what to do.
    """
    value = os.environ.get("MPLBACKEND")
    # matplotlib accepts any "module://" name here (the module is imported only when used), so
    # such a value, as Jupyter sets it, is not checked and matplotlib is not imported for it.
    if not value or value.startswith("module://"):
        return
    os.environ.pop("MPLBACKEND")
    try:
        from matplotlib import rcsetup

        rcsetup.validate_backend(value)
    except ValueError:
        from mutualstats.errors import MutualstatsError

        raise MutualstatsError(
            f"the environment variable MPLBACKEND={value} is not a matplotlib backend, so no "
            "chart can be drawn: unset it (`unset MPLBACKEND`; the charts are drawn with Agg) or "
            "name one, e.g. MPLBACKEND=Agg"
        ) from None
    finally:
        os.environ["MPLBACKEND"] = value


def raw_dir() -> Path:
    """Folder of the immutable published tables, one sub-folder per source."""
    return project_root() / "data" / "raw"


def processed_dir() -> Path:
    """Folder of the generated, validated tables (Parquet)."""
    return project_root() / "data" / "processed"


def reports_dir() -> Path:
    """Folder of generated outputs: figures, audit, executed notebooks."""
    return project_root() / "reports"


def figures_dir() -> Path:
    """Folder the charts are exported to, as PNG and SVG: ``MUTUALSTATS_FIGURES_DIR`` if set
    (runs for another year write beside their notebooks), else ``reports/figures``."""
    override = os.environ.get("MUTUALSTATS_FIGURES_DIR")
    if override:
        return Path(override).resolve()
    return reports_dir() / "figures"


def notebooks_dir() -> Path:
    """Folder of the committed notebooks."""
    return project_root() / "notebooks"


#: Permissions of generated files and folders: readable by everyone, like the rest of the checkout
#: (temporary files are created private, then opened up before they are moved into place).
PUBLISHED_FILE_MODE = 0o644
PUBLISHED_FOLDER_MODE = 0o755

#: Survey modes of British Social Attitudes in the order the survey used them (a year never
#: returns to an earlier one), with the words for each.
SURVEY_MODE_WORDS = {"face_to_face": "face to face", "online_telephone": "online and telephone"}
SURVEY_MODES = tuple(SURVEY_MODE_WORDS)

#: Whether a value was published, the question was not asked, or no published number was found.
VALUE_STATUS_WORDS = {
    "published": "a published value is held",
    "not_asked": "the question was not asked",
    "not_found": "no published value was found",
}
VALUE_STATUSES = tuple(VALUE_STATUS_WORDS)
#: What a year without a value does to a comparison with earlier years ("lowest since").
VALUE_STATUS_EFFECTS = {
    "not_asked": "a comparison with earlier years skips it: it cannot contradict one",
    "not_found": "a comparison with earlier years cannot be proved across it",
}

#: A change a publisher states on unrounded shares may differ from the change of the rounded
#: shares by up to this many points (each share is within half a point of its unrounded value).
STATED_CHANGE_TOLERANCE_PP = 1
#: Percentages printed as integers may sum above 100 by this much through rounding.
ROUNDING_TOLERANCE_PCT = 1.0

#: Confidence level for every interval the package reports, and the significance level of every
#: test (one minus it); each is written as text from here ("95%", "5%").
CONFIDENCE_LEVEL = 0.95
CONFIDENCE_TEXT = f"{CONFIDENCE_LEVEL:.0%}"
SIGNIFICANCE_TEXT = f"{1 - CONFIDENCE_LEVEL:.0%}"

#: z for a two-sided interval at ``CONFIDENCE_LEVEL`` (1.96 for 95%).
Z_95 = NormalDist().inv_cdf(1 - (1 - CONFIDENCE_LEVEL) / 2)

#: Design effect assumed when a publisher gives none: 1.0 treats the sample as simple random.
#: BSA's clustered face-to-face design inflates variance, so intervals made with 1.0 are narrower
#: than the truth; pass a larger design effect where the publisher states one. No BSA design factor
#: is held: ``data/raw/bsa/source.yaml`` (method notes) names the pages that give none. A design
#: factor (DEFT) scales the standard error, so the design effect is its square.
DEFAULT_DESIGN_EFFECT = 1.0

#: Smallest unweighted base a published share of a population survey may rest on (British
#: Social Attitudes' ``nhs_base_n`` and ``social_care_base_n``). BSA asks these questions of about
#: a third of its sample or more, so its published bases run from just under 1,000 (a social
#: care base) to over 3,000; a base below 100 is not one it publishes but a slip (1, 10 or a
#: dropped digit), and a 95% interval computed on it would be meaningless.
MIN_SURVEY_BASE_N = 100
#: Smallest base a published share of survey respondents among organisations may rest on (the
#: mutual-sector surveys: ``base_n`` where ``base`` is ``respondents``). These surveys reach a
#: small population (about 115 public service mutuals, 70% of which answered in 2018), so the
#: population floor above would refuse a real base; below 30 one respondent moves a share by
#: more than 3 points and a 95% interval spans over 30 points, which no publisher prints as a
#: headline share. A base of one organisation is a case, not a survey: its ``base`` says so.
MIN_RESPONDENT_BASE_N = 30

#: The last year any row or claim may carry: a bound that catches a slip ("2108" for 2018), far
#: beyond any year the data will reach, so adding a year never meets it.
LAST_YEAR = 2100
#: The first year a claim's period may carry (the register's bound; the sources' are later).
FIRST_YEAR = 1900
#: The first year a row of the workforce or mutual-sector tables may carry: their series begin
#: after it, so an earlier one is a slip.
FIRST_SECTOR_YEAR = 2000
#: First and last survey years a BSA row may carry.
BSA_FIRST_YEAR = 1983
BSA_LAST_YEAR = LAST_YEAR

#: Units of a mutual-sector headline figure (``data/raw/<source>/headline_figures.csv``).
MUTUAL_SECTOR_UNITS = ("pct", "count", "gbp_million", "year")

#: Whether a mutual-sector value was read on a published page (verified) or not found or not
#: readable (unverified, value left empty where nothing was read).
MUTUAL_SECTOR_STATUSES = ("verified", "unverified")

#: The measure codes of the mutual-sector vocabulary (``seuk_psm/measures.csv``) that the checks,
#: charts, site and rules name: a code renamed in the vocabulary must be renamed here and where
#: it is read, or the build stops, rather than the checks silently finding nothing. A test keeps
#: this list in step with the codes the package names.
MUTUAL_SECTOR_MEASURES_READ = frozenset(
    {
        "act_commencement_year",
        "act_year",
        "avg_profit_margin_pct",
        "better_quality_than_public_sector_pct",
        "breakeven_pct",
        "developed_new_products_services_pct",
        "faster_decision_making_pct",
        "more_engaged_happier_workforce_pct",
        "more_innovative_pct",
        "more_productive_workforce_pct",
        "more_responsive_pct",
        "nhs_productivity_target_pct",
        "productivity_growth_pct",
        "productivity_growth_pct_high",
        "productivity_growth_pct_low",
        "productivity_growth_wider_public_sector_pct",
        "profitable_pct",
        "rated_good_or_outstanding_pct",
        "reinvest_profits_pct",
        "scheme_introduced_year",
        "share_of_psms_in_health_social_care_pct",
        "staff_transferred",
        "turnover_growth_since_launch_pct",
    }
)
#: Each share worked out from published shares of parts of one whole (never held), and those
#: parts, of one publication and base (``mutual_sector.with_derived_shares``).
DERIVED_SHARES = {"profit_or_breakeven_pct": ("profitable_pct", "breakeven_pct")}

#: The average annual real growth a settlement gives NHS England, by what a publication says
#: grows: its funding, its revenue budget, or its budget as re-estimated with later inflation
#: figures. Each is a settlement's growth to set beside the growth needed.
SETTLEMENT_GROWTH_MEASURES = (
    "nhs_england_funding_real_growth_avg",
    "nhs_england_revenue_real_growth_avg",
    "nhs_england_budget_real_growth_avg",
)
#: The growth a publication says is needed to keep up with demand (to maintain current standards
#: of care as demand grows): the bare minimum.
MAINTENANCE_MEASURE = "maintenance_required_real_growth"
#: The published measures a settlement's margin over the minimum needed is worked out from
#: (``settlement_margin_over_minimum_pp``): a settlement's growth, on any of its measures, and
#: the growth the same publication says is needed to keep up with demand.
SETTLEMENT_MARGIN_INPUTS = (*SETTLEMENT_GROWTH_MEASURES, MAINTENANCE_MEASURE)
#: The growth a publication judges the minimum to tackle the NHS's backlog: more than keeping up
#: with demand, so it is set beside the settlement, never judged as its bare minimum.
BACKLOG_MINIMUM_MEASURE = "minimum_required_real_growth"

#: Sources about another population than public service mutuals, held as comparators (social
#: enterprises): a figure of theirs is never read in place of a mutuals figure a claim states.
#: SEUK's State of Social Enterprise survey, the comparator the briefing cites.
SOCIAL_ENTERPRISE_SOURCE = "seuk_social_enterprise"
COMPARATOR_SOURCES = (SOCIAL_ENTERPRISE_SOURCE,)
#: The base of a share of survey respondents: its ``base_n`` is a survey base, at least
#: :data:`MIN_RESPONDENT_BASE_N`.
RESPONDENT_BASE = "respondents"
#: The measure giving how many answered a mutual-sector survey: its value is a survey base too.
RESPONDENTS_MEASURE = "respondents"
#: The bases (``seuk_psm/bases.csv``) the checks name: a share of survey respondents carries the
#: respondent-base caveat.
MUTUAL_SECTOR_BASES_READ = frozenset({RESPONDENT_BASE})

#: How the year of a published count of mutuals (``psm_population/psm_counts.csv``) is known:
#: the year the text read states, or the year inferred where the page is undated.
INFERRED_YEAR = "inferred"
YEAR_BASIS_WORDS = {
    "stated": "the year is stated in the text read, or dated by its publication",
    INFERRED_YEAR: "the page is undated, so the year is inferred (the note says from what)",
}
YEAR_BASES = tuple(YEAR_BASIS_WORDS)

#: Qualifiers a publisher prints on a value in a source table ("over 110" mutuals, "more than
#: 132,000" NHS trust vacancies), with what each says of the true value. One vocabulary for every
#: raw table with a ``qualifier`` column; the words shown before the value ("over 132,000", "at
#: least 58") are :data:`VALUE_QUALIFIER_WORDS`. The briefing's qualifiers, judged by the interval
#: each admits, are :data:`QUALIFIERS`.
VALUE_QUALIFIERS = {
    "none": "the value as printed, with no qualifying word",
    "approximately": "printed as approximately or c. x: an estimate near x",
    "about": "printed as about x: an estimate near x",
    "over": "printed as over or more than x: a lower bound, the true value is above x",
    "almost": "printed as almost or nearly x: the true value is just below x",
    "at_least": "printed as at least x: a lower bound, the true value is x or above",
}

#: The words each value qualifier prints before the value ("at least 58"); ``none`` prints none.
VALUE_QUALIFIER_WORDS = {
    code: "" if code == "none" else code.replace("_", " ") for code in VALUE_QUALIFIERS
}

#: The value qualifiers that make the printed value a lower bound (the audit says so; the NHS
#: trust vacancies chart draws one as a hollow point).
LOWER_BOUND_QUALIFIERS = ("over", "at_least")

#: Areas a figure may cover, with the words a chart prints for each: a source folder's
#: ``geography`` (its source.yaml, where every figure in it covers one area) and each published
#: count's (``psm_population/psm_counts.csv``) are codes of this vocabulary. ``not_stated`` is
#: the area of a figure whose text read names none: never guessed.
GEOGRAPHY_WORDS = {
    "england": "England",
    "great_britain": "Great Britain",
    "uk": "UK",
    "not_stated": "area not stated",
}
GEOGRAPHIES = tuple(GEOGRAPHY_WORDS)
GEOGRAPHY_NOT_STATED = "not_stated"

#: The source folder whose ``measures.csv`` and ``bases.csv`` are the controlled vocabularies of
#: every mutual-sector headline table; read (and checksum-verified) by the loaders, not copied here,
#: so the vocabulary has one home beside the data it describes. It is SEUK's State of the Sector
#: folder (``mutual_sector.PSM_SOURCE``).
MUTUAL_SECTOR_VOCABULARY_SOURCE = "seuk_psm"

#: Source folders and processed tables the checks read by name. Each loader in
#: ``mutualstats.sources`` takes its own from here, so the audit names them without importing
#: the loaders (and pandera, which only the build needs).
BSA_SOURCE = "bsa"
HEALTH_FINANCE_SOURCE = "health_finance"
SKILLS_FOR_CARE_SOURCE = "skills_for_care"
MUTUAL_SECTOR_COUNTS_SOURCE = "psm_population"
NHS_VACANCIES_SOURCE = "nhs_vacancies"
NHS_STAFF_SOURCE = "nhs_workforce"
#: The finance table is named as its folder.
HEALTH_FINANCE_TABLE = HEALTH_FINANCE_SOURCE
MUTUAL_SECTOR_HEADLINE_TABLE = "psm_headline_figures"
MUTUAL_SECTOR_COUNTS_TABLE = "psm_counts"

#: Audit verdicts, in the order a reviewer reads them, with their meaning: the words of every
#: case ``claims.registry.judge`` gives each verdict in (the README's table quotes them; a test
#: checks it).
VERDICTS = {
    "reproduced": "the cited source's table gives the value within the precision printed",
    "reproduced-with-caveat": (
        "the value matches, with a caveat: its base, scope or year differ from the wording, it was"
        " published as a lower bound, or no publication held is cited"
    ),
    "differs": "the best source gives another value; both are shown",
    "misattributed": (
        "the value is published, but not in what is held of the publication the footnote cites"
        " (another edition of the same source included)"
    ),
    "unverified": "no published table or text giving the value was found",
    "not-checkable": "the statement has no figure to recompute (a loose span)",
}

#: Qualifiers the briefing puts on a number, and the closed interval of true values each admits.
#: ``x`` is the printed value; an unqualified figure admits its rounding interval. The one
#: definition: ``claims.registry.admitted_interval`` computes these bounds; the README quotes them.
QUALIFIERS = {
    "none": "the rounding interval of the printed digits: 53% admits [52.5, 53.5]",
    "average": "as none: the printed value is a mean, judged within its rounding interval",
    "approximately": "within 10% of x: [0.9x, 1.1x]",
    "around": "within 10% of x: [0.9x, 1.1x]",
    "almost": "at or just below x: [0.9x, x]",
    "over": "above x, by no more than a quarter: [x, 1.25x]",
    "one_in_n": "a share of about 1/n: from 1/(n+0.5) to 1/(n-0.5), in percent",
    "range": "from the lower to the upper printed bound, each within its rounding interval",
    "lowest_in_n_years": "the value is provably the lowest of at least the n years before it",
    "above": "at or above x: [x, inf)",
    "below": "at or below x: (-inf, x]",
    "loose_span": 'a loose span of time ("the past decade") with no figure to recompute: '
    "not-checkable",
}

#: Relative width of "approximately" and "around".
APPROXIMATE_TOLERANCE = 0.10

#: Relative width below x that "almost" admits.
ALMOST_TOLERANCE = 0.10

#: Relative width above x that "over" admits.
OVER_TOLERANCE = 0.25

#: How far (relative) a claim's registered value may be from the number printed: none, a year, a
#: count or a share is the number as printed; but a share written "one in n" is 100/n rounded as
#: registered (one in three is 33.3).
REGISTERED_VALUE_TOLERANCE = 1e-9
REGISTERED_ONE_IN_N_TOLERANCE = 0.01


#: The claims register: its folder and file under ``data/raw``, and the processed tables of the
#: register and of the briefing's numbers it leaves out (its exclusions).
REGISTER_FOLDER, REGISTER_FILE = "briefing", "claims.csv"
REGISTER_TABLE, EXCLUSIONS_TABLE = "briefing_claims", "briefing_exclusions"
