"""pandera models of the briefing's claims register (``data/raw/briefing/claims.csv``)."""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from mutualstats.config import FIRST_YEAR, LAST_YEAR, QUALIFIERS
from mutualstats.dates import is_written_period, period_words
from mutualstats.schemas.common import PUBLICATION_ID, one_row_per
from mutualstats.vocabulary import CLAIM_DIGITS, CLAIM_PREFIX, REFERENCE_PERIOD_SEPARATOR

SECTIONS = ("brief_history", "benefits", "case_for_mutuals")
CLAIM_UNITS = ("pct", "count", "gbp_billion", "year", "years", "pct_per_year", "pct_points")


#: A claim id: :data:`CLAIM_PREFIX` and :data:`CLAIM_DIGITS` digits (C05).
CLAIM_ID = rf"^{CLAIM_PREFIX}\d{{{CLAIM_DIGITS}}}$"
#: A measure name in snake case, after its data/raw folder where it is a comparator population's
#: (``seuk_social_enterprise.profitable_pct``; see ``claims.registry.check``).
MEASURE = r"^([a-z0-9_]+\.)?[a-z][a-z0-9_]*$"


class RawBriefingClaims(pa.DataFrameModel):
    """Every numeric statement of the briefing, paraphrased, with the number as printed."""

    claim_id: Series[str] = pa.Field(
        str_matches=CLAIM_ID, unique=True, title="Claim id", description="Stable id, C01..."
    )
    section: Series[str] = pa.Field(isin=SECTIONS, title="Section", description="Briefing section.")
    paragraph: Series[str] = pa.Field(title="Paragraph", description="Nearest subheading.")
    subject: Series[str] = pa.Field(
        title="Subject", description="What the number measures (paraphrase)."
    )
    measure: Series[str] = pa.Field(
        nullable=True,
        str_matches=MEASURE,
        title="Measure",
        description=(
            "The measure the claim's check judges it on, as the check declares it; empty for a "
            "span with no figure."
        ),
    )
    value_as_printed: Series[str] = pa.Field(
        title="As printed", description="The number as printed."
    )
    value: Series[float] = pa.Field(
        title="Value", description="The printed number as a plain number."
    )
    value_high: Series[float] = pa.Field(
        nullable=True, title="Upper value", description="Upper bound of a printed range."
    )
    unit: Series[str] = pa.Field(isin=CLAIM_UNITS, title="Unit", description="Unit of value.")
    qualifier: Series[str] = pa.Field(
        isin=tuple(QUALIFIERS), title="Qualifier", description="Wording around the number."
    )
    reference_period: Series[str] = pa.Field(
        nullable=True, title="Reference period", description="Year or period the claim refers to."
    )
    period: Series[pd.Int64Dtype] = pa.Field(
        nullable=True,
        ge=FIRST_YEAR,
        le=LAST_YEAR,
        title="Period",
        description=(
            "Survey year or edition the claim's check reads for the briefing; empty where the "
            "claim does not depend on one. Restatement moves it."
        ),
    )
    footnote: Series[pd.Int64Dtype] = pa.Field(
        nullable=True, gt=0, title="Footnote", description="Footnote marker covering the claim."
    )
    cited_source: Series[str] = pa.Field(
        nullable=True, title="Cited source", description="The footnote's source, Ibid resolved."
    )
    cited_source_id: Series[str] = pa.Field(
        nullable=True, title="Cited source id", description="data/raw folder of the cited source."
    )
    cited_publication_id: Series[str] = pa.Field(
        nullable=True,
        str_matches=PUBLICATION_ID,
        title="Cited publication id",
        description=(
            "Id (in the publications table) of the work the footnote cites, Ibid resolved; empty "
            "where the footnote is missing or cites a work no source.yaml holds."
        ),
    )
    cited_page: Series[str] = pa.Field(
        nullable=True,
        title="Cited page",
        description="Page, table or section the footnote gives; empty where it gives none.",
    )

    class Config:
        strict = True
        coerce = True

    # The finance check (C20) and chart look up the year this names: "2018/2019" would find none.
    @pa.check("reference_period", error=period_words(REFERENCE_PERIOD_SEPARATOR))
    def reference_period_as_written(cls, period: Series[str]) -> Series[bool]:
        return period.map(
            lambda text: pd.isna(text) or is_written_period(str(text), REFERENCE_PERIOD_SEPARATOR)
        ).astype(bool)


class CleanBriefingClaims(RawBriefingClaims):
    """Claims register of the briefing: one row per claim, as the audit reads it."""

    @pa.dataframe_check(error="a range needs value_high above value; other qualifiers need none")
    def range_has_upper_bound(cls, frame: pd.DataFrame) -> Series[bool]:
        is_range = frame["qualifier"] == "range"
        ordered = frame["value_high"] > frame["value"]
        return (is_range & ordered) | (~is_range & frame["value_high"].isna())


class RawBriefingExclusions(pa.DataFrameModel):
    """Numbers in the briefing's body text that are not claims, each with the reason why.

    An exclusion names the expression as the scan prints it and a few words of its sentence, so it
    holds when the text is re-flowed (``data/raw/briefing/exclusions.csv``).
    """

    expression: Series[str] = pa.Field(
        str_length={"min_value": 1},
        title="Expression",
        description="The numeric expression as the scan prints it, e.g. 2018 or 2018/19.",
    )
    context: Series[str] = pa.Field(
        str_length={"min_value": 1},
        title="Context",
        description="Words of the expression's sentence that contain it, line breaks ignored.",
    )
    reason: Series[str] = pa.Field(
        str_length={"min_value": 1},
        title="Reason",
        description="Why the number is not a claim (dates another figure, not a quantity...).",
    )

    class Config:
        strict = True
        coerce = True


class CleanBriefingExclusions(RawBriefingExclusions):
    """Numbers of the briefing that are not claims: the exclusions, as the scan reads them."""

    @pa.dataframe_check(error="context must contain the expression (case-insensitive)")
    def context_contains_expression(cls, frame: pd.DataFrame) -> Series[bool]:
        return pd.Series(
            [
                expression.lower() in context.lower()
                for expression, context in zip(frame["expression"], frame["context"], strict=True)
            ],
            index=frame.index,
        )

    one_row_per_key = one_row_per("expression", "context")
