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


#: Publication ids are lower snake case, unique across every source.yaml of the project.
PUBLICATION_ID = r"^[a-z][a-z0-9_]*$"


def publication_id_field() -> object:
    """The publication a row's value was read from: an ``id`` under ``publications:`` in the
    folder's source.yaml (the loader checks it is declared there)."""
    return pa.Field(
        str_matches=PUBLICATION_ID,
        title="Publication id",
        description=(
            "Id of the publication the value was read from, declared under publications: in the "
            "source folder's source.yaml; the publications table gives its publisher, title, "
            "date, URL and pages."
        ),
    )
