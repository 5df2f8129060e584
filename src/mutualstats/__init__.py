"""mutualstats: reproduce and audit the statistics of a briefing on public service mutuals."""

__version__ = "0.1.0"
