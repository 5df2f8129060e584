"""nbval compares every stored output strictly: no cell may opt out without a stated reason.

A cell tagged ``nbval-ignore-output`` or ``nbval-skip`` (or with a ``# NBVAL_IGNORE_OUTPUT``
style comment) could have its stored output edited without ``make test`` noticing. None is allowed
today; an exception must be listed in ``ALLOWED`` with the reason.
"""

from __future__ import annotations

import re

import nbformat
import pytest

from mutualstats.config import notebooks_dir

#: (notebook name, tag) pairs allowed to opt out of comparison, each with its reason. Empty.
ALLOWED: dict[tuple[str, str], str] = {}

OPT_OUT_TAGS = {"nbval-ignore-output", "nbval-skip", "nbval-raises-exception"}
OPT_OUT_COMMENT = re.compile(r"#\s*NBVAL_(IGNORE_OUTPUT|SKIP|RAISES_EXCEPTION)", re.IGNORECASE)
NOTEBOOKS = sorted(notebooks_dir().glob("[0-9][0-9]-*.ipynb"))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[path.name for path in NOTEBOOKS])
def test_no_cell_opts_out_of_output_comparison(path: object) -> None:
    notebook = nbformat.read(path, as_version=4)
    found = []
    for number, cell in enumerate(notebook.cells, start=1):
        for tag in set(cell.metadata.get("tags", [])) & OPT_OUT_TAGS:
            if (path.name, tag) not in ALLOWED:  # type: ignore[attr-defined]
                found.append(f"cell {number}: tag {tag}")
        if cell.cell_type == "code" and OPT_OUT_COMMENT.search(cell.source):
            found.append(f"cell {number}: NBVAL comment")
    assert not found, f"{path}: {found}; remove them or list each in ALLOWED with a reason"


def test_allowed_exceptions_give_a_reason() -> None:
    assert all(reason.strip() for reason in ALLOWED.values())
