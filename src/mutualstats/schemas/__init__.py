"""pandera models: the data dictionary of every table, raw (as transcribed) and clean (as used).

One module per source family. Each field carries a title, a description and a unit. Raw models
check values cell by cell, so a failure points at a line of the raw file; Clean models add the
cross-row rules.
"""

from mutualstats.schemas.bsa import CleanBsaSatisfaction, RawBsaSatisfaction

__all__ = ["CleanBsaSatisfaction", "RawBsaSatisfaction"]
