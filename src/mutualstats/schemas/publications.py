"""pandera model of the ``publications`` table: every publication declared in a source.yaml.

Raw tables name a publication by ``publication_id``; this table says what each id is.
"""

from __future__ import annotations

import pandera.pandas as pa
from pandera.typing import Series

from mutualstats.schemas.common import PUBLICATION_ID, url_field


class CleanPublications(pa.DataFrameModel):
    """Publications the values were read from: one row per publication, from the
    ``publications:`` entries of every source.yaml."""

    publication_id: Series[str] = pa.Field(
        str_matches=PUBLICATION_ID,
        unique=True,
        title="Publication id",
        description="Stable id, unique across the project; named by raw rows and the claims.",
    )
    source_id: Series[str] = pa.Field(
        title="Source", description="data/raw folder whose source.yaml declares the publication."
    )
    publisher: Series[str] = pa.Field(
        title="Publisher", description="Organisation that published it."
    )
    title: Series[str] = pa.Field(title="Title", description="Title as published, or described.")
    date_published: Series[str] = pa.Field(
        nullable=True,
        title="Date published",
        description="As precise as known; text where not recorded or only inferred.",
    )
    url: Series[str] = url_field(
        "The publisher's page for the publication; where none is known, the copy read; "
        "empty where no copy is known.",
        nullable=True,
    )
    mirror_url: Series[str] = url_field(
        "Another copy of the publication, hosted elsewhere (a document-sharing site): shown "
        "only as a second link, after the publisher's page; empty where none is held.",
        title="Another copy",
        nullable=True,
    )
    pages: Series[str] = pa.Field(
        nullable=True,
        title="Pages",
        description="Page, table or section read, or why it was not read.",
    )

    class Config:
        strict = True
        coerce = True
