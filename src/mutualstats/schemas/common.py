"""Field helpers shared by every table's pandera models."""

from __future__ import annotations

import pandera.pandas as pa


def pct_field(title: str, description: str, nullable: bool = True) -> object:
    """A percentage in [0, 100]."""
    return pa.Field(
        nullable=nullable,
        ge=0,
        le=100,
        title=title,
        description=description,
        metadata={"unit": "%"},
    )


def base_n_field(title: str, description: str) -> object:
    """A positive count of survey respondents, absent where not published."""
    return pa.Field(
        nullable=True, gt=0, title=title, description=description, metadata={"unit": "respondents"}
    )
