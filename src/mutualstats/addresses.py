"""Web addresses as raw tables and source.yaml hold them: the publisher's page a value is on.

Kept apart from the pandera models so that reading provenance (figure footers, citations) does
not import pandera.
"""

from __future__ import annotations

import re

#: An http(s) address with a host name (letters, digits and hyphens, with at least one dot), an
#: optional port, and no spaces.
URL = r"^https?://[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+(:[0-9]+)?([/?#][^\s]*)?$"


def is_web_address(value: object) -> bool:
    """``value`` is text holding one http(s) address with a host (see :data:`URL`)."""
    return isinstance(value, str) and re.match(URL, value) is not None
