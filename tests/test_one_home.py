"""One fact, one home: a name, a vocabulary or a pattern is written once in the package, and a
period or a published number is never typed into a notebook.

The package is read as text (its syntax tree), so a second module that types a folder's name, a
table's name or a vocabulary again instead of importing it fails here, naming both places. The
notebooks are read cell by cell, so a year typed in their code or prose, or a number typed in their
prose, fails here: an analyst adding a year or an edition adds data rows and edits no notebook.
"""

from __future__ import annotations

import ast
import re
from collections import defaultdict
from pathlib import Path

import nbformat
import pytest

import mutualstats
from mutualstats import claims
from mutualstats.config import notebooks_dir

pytestmark = pytest.mark.unit

PACKAGE = Path(mutualstats.__file__).parent

#: Constants that hold the same text as another by coincidence, not as a second home of one
#: fact, each with its reason.
COINCIDENCES = {
    "config.RESPONDENTS_MEASURE": (
        "the measure counting respondents is spelled like the base code of a share of them"
    ),
}

#: Literal vocabularies typed inside code that equal a constant by coincidence, with the reason.
INLINE_COINCIDENCES = {
    "statistic": "format_value lists the units printed with their own decimals, not the finance "
    "table's units",
}

Text = str | tuple[str, ...]


def _text(node: ast.expr) -> Text | None:
    """A node's value when it is a non-empty text or a literal collection of two or more texts."""
    try:
        value = ast.literal_eval(node)
    except (ValueError, SyntaxError, TypeError):
        return None
    if isinstance(value, str):
        return value or None
    if not isinstance(value, tuple | list | set | frozenset) or len(value) < 2:
        return None
    if not all(isinstance(item, str) for item in value):
        return None
    return tuple(sorted(value)) if isinstance(value, set | frozenset) else tuple(value)


def _module_name(path: Path, package: Path) -> str:
    return ".".join(path.relative_to(package).with_suffix("").parts)


def _assignments(tree: ast.Module) -> list[tuple[str, ast.expr]]:
    """Module-level ``NAME = value`` pairs, ``A, B = x, y`` included."""
    pairs: list[tuple[str, ast.expr]] = []
    for node in tree.body:
        if isinstance(node, ast.AnnAssign) and node.value and isinstance(node.target, ast.Name):
            pairs.append((node.target.id, node.value))
        elif isinstance(node, ast.Assign) and len(node.targets) == 1:
            target = node.targets[0]
            if isinstance(target, ast.Name):
                pairs.append((target.id, node.value))
            elif isinstance(target, ast.Tuple) and isinstance(node.value, ast.Tuple):
                names = [name.id for name in target.elts if isinstance(name, ast.Name)]
                pairs.extend(zip(names, node.value.elts, strict=False))
    return pairs


def _constants_and_inline(
    package: Path,
) -> tuple[dict[Text, list[str]], list[tuple[Text, str]]]:
    """Each text constant's places (``module.NAME``), and each literal collection of texts typed
    elsewhere in the code (``module:line``)."""
    constants: dict[Text, list[str]] = defaultdict(list)
    inline: list[tuple[Text, str]] = []
    for path in sorted(package.rglob("*.py")):
        module = _module_name(path, package)
        tree = ast.parse(path.read_text(encoding="utf-8"))
        declared = set()
        for name, node in _assignments(tree):
            value = _text(node)
            if value is not None:
                constants[value].append(f"{module}.{name}")
                declared.add(id(node))
        for node in ast.walk(tree):
            if isinstance(node, ast.Tuple | ast.List | ast.Set) and id(node) not in declared:
                value = _text(node)
                if value is not None:
                    inline.append((value, f"{module}:{node.lineno}"))
    return constants, inline


def _repeated_constants(package: Path) -> dict[Text, list[str]]:
    constants, _ = _constants_and_inline(package)
    repeated = {}
    for value, places in constants.items():
        homes = [place for place in places if place not in COINCIDENCES]
        if len(homes) > 1:
            repeated[value] = homes
    return repeated


def _vocabularies_typed_again(package: Path) -> list[str]:
    constants, inline = _constants_and_inline(package)
    return [
        f"{where} types {value!r}, which is {', '.join(constants[value])}"
        for value, where in inline
        if value in constants and where.split(":")[0] not in INLINE_COINCIDENCES
    ]


def test_no_two_constants_of_the_package_hold_one_text() -> None:
    repeated = _repeated_constants(PACKAGE)
    assert not repeated, f"one fact, two homes (import one from the other): {repeated}"


def test_no_vocabulary_is_typed_again_where_a_constant_holds_it() -> None:
    typed_again = _vocabularies_typed_again(PACKAGE)
    assert not typed_again, "; ".join(typed_again)


def test_a_folder_name_written_twice_is_found(tmp_path: Path) -> None:
    (tmp_path / "loader.py").write_text('SOURCE_ID = "skills_for_care"\n', encoding="utf-8")
    (tmp_path / "topic.py").write_text(
        'FLAGS = ("true", "false")\nSFC, TABLE = "skills_for_care", "sfc"\n'
        'def f(x):\n    return x in ("true", "false")\n',
        encoding="utf-8",
    )
    assert _repeated_constants(tmp_path) == {"skills_for_care": ["loader.SOURCE_ID", "topic.SFC"]}
    assert _vocabularies_typed_again(tmp_path) == [
        "topic:4 types ('true', 'false'), which is topic.FLAGS"
    ]


def test_each_coincidence_is_still_there_and_gives_a_reason() -> None:
    constants, inline = _constants_and_inline(PACKAGE)
    places = {place for found in constants.values() for place in found}
    assert set(COINCIDENCES) <= places
    assert set(INLINE_COINCIDENCES) <= {where.split(":")[0] for _, where in inline}
    assert all(reason.strip() for reason in [*COINCIDENCES.values(), *INLINE_COINCIDENCES.values()])


# Notebooks narrate: a period or a published number in their words is generated from the data,
# never typed. Their prose may name claims (by id) and other notebooks (by number) only.

NOTEBOOKS = sorted(notebooks_dir().glob("[0-9][0-9]-*.ipynb"))
#: A year of four digits anywhere in a cell, inside an id too (``sfc_sotw_2018``).
TYPED_YEAR = re.compile(r"(?<!\d)(?:1[89]|20)\d{2}(?!\d)")
#: A number in prose, with the letter before it when it is part of an id ("C05").
PROSE_NUMBER = re.compile(r"(?<![\d.,])[A-Za-z]?\d[\d,.]*%?")


def _typed_numbers(cell_type: str, source: str, claim_ids: set[str], numbers: set[str]) -> list:
    """The years typed in a cell; in a markdown cell also every number that is not a registered
    claim's id or another notebook's number."""
    found = [match.group() for match in TYPED_YEAR.finditer(source)]
    if cell_type == "markdown":
        words = (match.group().rstrip(".,") for match in PROSE_NUMBER.finditer(source))
        found += [word for word in words if word not in claim_ids | numbers and word not in found]
    return found


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[path.name for path in NOTEBOOKS])
def test_a_notebook_types_no_year_and_its_prose_no_number(path: Path) -> None:
    claim_ids = {claim.claim_id for claim in claims.claims()}
    numbers = {notebook.name[:2] for notebook in NOTEBOOKS}
    notebook = nbformat.read(path, as_version=4)
    typed = {
        f"cell {number}": found
        for number, cell in enumerate(notebook.cells, start=1)
        if (found := _typed_numbers(cell.cell_type, cell.source, claim_ids, numbers))
    }
    assert not typed, f"{path.name}: read these from the register or the data: {typed}"


def test_a_typed_year_or_number_in_a_notebook_is_found() -> None:
    ids, numbers = {"C05"}, {"01"}
    prose = '# 01 · Counts\n\nThe "approximately 60" (claim C05, notebook 01) of 2019, C99.'
    assert _typed_numbers("markdown", prose, ids, numbers) == ["2019", "60", "C99"]
    assert _typed_numbers("code", 'find("C05"); load("kf_bsa_2018"); x[0]', ids, numbers) == [
        "2018"
    ]


#: Whole numbers a schema's bound would hold as a year.
YEARS = range(1800, 2201)


def _year_bounds_typed(package: Path) -> list[str]:
    """Bounds of a schema field (``ge=``, ``le=``, ``gt=``, ``lt=``) typed as a year."""
    typed = []
    for path in sorted(package.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.keyword) and node.arg in ("ge", "le", "gt", "lt"):
                value = node.value
                if isinstance(value, ast.Constant) and value.value in YEARS:
                    typed.append(f"{_module_name(path, package)}:{node.lineno} {node.arg}=")
    return typed


def test_a_year_bound_of_a_schema_is_read_from_config() -> None:
    assert not _year_bounds_typed(PACKAGE), "use config.FIRST_YEAR, LAST_YEAR or FIRST_SECTOR_YEAR"


def test_a_year_bound_typed_in_a_schema_is_found(tmp_path: Path) -> None:
    (tmp_path / "model.py").write_text(
        "year = Field(ge=FIRST_YEAR, le=2100)\nshare = Field(ge=0, le=100)\n", encoding="utf-8"
    )
    assert _year_bounds_typed(tmp_path) == ["model:1 le="]
