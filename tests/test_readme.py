"""The README's tables and examples say what the project holds and does: each is read from the
README and checked against the code, the Makefile or the data it describes."""

from __future__ import annotations

import re

import pytest

from mutualstats import periods
from mutualstats.config import QUALIFIERS, VERDICTS, project_root

pytestmark = pytest.mark.unit


def readme_text() -> str:
    """The README as written."""
    return (project_root() / "README.md").read_text(encoding="utf-8")


def table_after(heading: str) -> list[list[str]]:
    """The cells of each body row of the first table after the line ``heading``, stripped."""
    lines = readme_text().splitlines()
    start = lines.index(heading)
    rows: list[list[str]] = []
    for line in lines[start + 1 :]:
        if line.startswith("|"):
            rows.append([cell.strip() for cell in line.strip().strip("|").split(" | ")])
        elif rows:
            break
    return rows[2:] if rows and set(rows[1][0]) <= {"-", " "} else rows[1:]


def codes(cell: str) -> list[str]:
    """The words in backticks of a table cell (`none`, `average` -> none, average)."""
    return re.findall(r"`([^`]+)`", cell)


def test_the_verdict_table_quotes_every_verdict_and_its_meaning_in_order() -> None:
    """The README gave three verdicts other meanings than notebook 00, audit.md and the site
    show (config.VERDICTS): reproduced-with-caveat left out a differing base and a value
    published as a lower bound, which the rule gives that verdict for."""
    rows = table_after("### Verdicts")
    assert [(codes(name)[0], meaning) for name, meaning in rows] == list(VERDICTS.items())


def test_the_verdict_meanings_name_every_case_the_rule_gives_a_caveat_for() -> None:
    """``claims.registry.judge`` adds a caveat for a value published as a lower bound and for a
    claim citing no publication held; the meaning says both."""
    meaning = VERDICTS["reproduced-with-caveat"]
    assert "lower bound" in meaning
    assert "no publication held is cited" in meaning
    assert "another edition of the same source" in VERDICTS["misattributed"]


def test_the_qualifier_table_names_every_qualifier_once() -> None:
    named = [code for name, _ in table_after("### Qualifiers") for code in codes(name)]
    assert sorted(named) == sorted(QUALIFIERS)


def test_the_target_table_lists_the_targets_make_help_lists() -> None:
    """Every target the Makefile documents with ``##`` (but ``help``) is in the README's table,
    and no other."""
    makefile = (project_root() / "Makefile").read_text(encoding="utf-8")
    documented = set(re.findall(r"^([a-z-]+):.*## ", makefile, flags=re.MULTILINE)) - {"help"}
    rows = table_after("| target | what it does |")
    listed = [codes(target)[0].split()[1] for target, _ in rows]
    assert sorted(listed) == sorted(documented)


def test_the_figures_target_says_it_writes_each_charts_csv() -> None:
    """``make help`` said PNG and SVG; ``mutualstats figures`` also writes each chart's CSV."""
    makefile = (project_root() / "Makefile").read_text(encoding="utf-8")
    (line,) = re.findall(r"^figures:.*## (.*)$", makefile, flags=re.MULTILINE)
    assert "CSV" in line


def test_the_sources_table_lists_every_raw_folder() -> None:
    folders = sorted(path.name for path in (project_root() / "data" / "raw").iterdir())
    rows = table_after("## Sources so far")
    assert sorted(codes(folder)[0].split("/")[2] for folder, *_ in rows) == folders


def test_the_progress_line_quoted_is_the_one_make_prints() -> None:
    """The README quoted ``[3/6] 03-workforce``; 03 is the fourth of six notebooks (00 to 05)."""
    notebooks = sorted(path.stem for path in (project_root() / "notebooks").glob("[0-9][0-9]-*"))
    (position, total, name) = re.findall(r"`\[(\d+)/(\d+)\] ([0-9]{2}-[a-z-]+)`", readme_text())[0]
    assert (int(position), int(total)) == (notebooks.index(name) + 1, len(notebooks))


def test_the_new_period_example_gives_periods_the_data_do_not_hold_yet() -> None:
    """The example run of "Adding a new year or edition" gave SE_EDITION=2019, an edition
    already held: each value it gives is later than every one held."""
    (example,) = re.findall(r"make all ((?:[A-Z_]+=\d{4} ?)+)\n", readme_text())
    given = dict(pair.split("=") for pair in example.split())
    assert set(given) == {item.variable for item in periods.PARAMETERS}
    for name, value in given.items():
        held = periods.parameter(name).held()
        assert int(value) > max(int(year) for year in held), (name, value, held)
