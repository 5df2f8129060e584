"""The briefing's own claims, transcribed as data, and the numbers of its text that are not claims.

Input: ``data/raw/briefing/claims.csv``, ``exclusions.csv`` and their ``source.yaml``. Output: the
``briefing_claims`` table, validated by :class:`~mutualstats.schemas.briefing.CleanBriefingClaims`
(each claim's ``cited_publication_id`` must be a publication declared in some source.yaml), and
``briefing_exclusions`` (:class:`~mutualstats.schemas.briefing.CleanBriefingExclusions`), which
``mutualstats scan`` reads.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from mutualstats import number_grammar as grammar
from mutualstats.config import (
    EXCLUSIONS_TABLE,
    REGISTER_FILE,
    REGISTER_FOLDER,
    REGISTER_TABLE,
    REGISTERED_ONE_IN_N_TOLERANCE,
    REGISTERED_VALUE_TOLERANCE,
)
from mutualstats.dates import year_published
from mutualstats.errors import DataValidationError, Problem
from mutualstats.provenance import Publication, _label, load_verified_source, publications
from mutualstats.rawcsv import line_of, read_raw_csv
from mutualstats.scan_text import KIND_QUALIFIERS, find_expressions, parse_briefing
from mutualstats.schemas.briefing import (
    SECTIONS,
    CleanBriefingClaims,
    CleanBriefingExclusions,
    RawBriefingClaims,
    RawBriefingExclusions,
)
from mutualstats.sources._long import clean_long, every_table, load_long, validate_all

SOURCE_ID, CLAIMS_FILE, TABLE = REGISTER_FOLDER, REGISTER_FILE, REGISTER_TABLE
CITED_COLUMN = "cited_publication_id"
#: What one footnote gives every claim citing it: the folder and publication it cites, and the
#: footnote's words and page.
FOOTNOTE_COLUMNS = ("cited_source_id", CITED_COLUMN, "cited_source", "cited_page")
EXCLUSIONS_FILE = "exclusions.csv"
#: Qualifiers a number's printed form shows, as the scan reads it, with a form of each.
FORM_EXAMPLES = {
    "one_in_n": "one in four",
    "range": "4-5%",
    "lowest_in_n_years": "lowest in ten years",
}

#: The loader's own rules of each file, beyond its models (``mutualstats describe`` lists them).
LOADER_RULES = {
    CLAIMS_FILE: (
        "value (value_high for a range): exactly the number printed in value_as_printed, e.g. "
        "1500000 for 'over 1.5 million'; a share 'one in n' is 100/n, to 1%; not compared where "
        "the qualifier is above or below, or where nothing numeric is printed",
        "qualifier: what the words just before the printed number say ("
        + ", ".join(f"'{word}' is {code}" for word, code in grammar.QUALIFIER_WORDS.items())
        + "); one of those codes needs its words printed; one_in_n, range and "
        "lowest_in_n_years are what the number's form shows ("
        + ", ".join(f"'{form}' is {code}" for code, form in FORM_EXAMPLES.items())
        + "; a range may be two numbers, '4% to 5%'), and need that form printed",
        "unit: a percentage unit where '%' is printed, a money unit where '£' is printed; a "
        "share (pct) lies between 0 and 100",
        "footnote: every claim citing one footnote gives the same "
        + ", ".join(FOOTNOTE_COLUMNS)
        + " (or none)",
        "section: every claim under one paragraph (subheading) names the same section",
        "cited_publication_id: an id under publications: in the source.yaml of the folder "
        "cited_source_id names; where the footnote (cited_source) names a year in brackets, a "
        "publication that came out that year or whose title names it",
        "cited_source_id: a folder of data/raw",
        "cited_source_id, cited_publication_id: both given (a folder and a publication declared "
        "in it) or both empty",
        "period: not later than the year the cited publication came out",
        "period: given exactly where the claim's check reads a survey year or edition (checked "
        "when the claims are judged)",
        "unit, measure: the unit and measure the claim's check declares it judges, so a row "
        "given another claim's id is refused (checked when the claims are judged)",
    )
}


def build(folder: Path) -> dict[str, pd.DataFrame]:
    """Verify the register's checksums, then load and clean the claims and the exclusions."""
    record = load_verified_source(folder)
    path = record.path(CLAIMS_FILE)
    exclusions = record.path(EXCLUSIONS_FILE)

    def claims() -> pd.DataFrame:
        known = _known_publications(folder.parent)
        return clean_claims(load_claims(path, known, _source_ids(folder.parent)), _label(path))

    def excluded() -> pd.DataFrame:
        return clean_exclusions(load_exclusions(exclusions), _label(exclusions))

    return every_table(**{TABLE: claims, EXCLUSIONS_TABLE: excluded})


def load_claims(
    path: Path,
    known_publications: Mapping[str, Publication] | None = None,
    source_ids: set[str] | None = None,
) -> pd.DataFrame:
    """Format step: read the CSV as text and coerce dtypes through the Raw schema.

    Cross-checks, each a problem with its line: ``value`` (and ``value_high``) must be the number
    printed in ``value_as_printed``; footnotes follow the order of the text, and claims citing one
    footnote cite one source folder;
    with ``known_publications``, a cited publication id outside them is a problem, as is one
    declared in another folder than ``cited_source_id``, or a ``period`` later than the year the
    cited publication came out; with ``source_ids``, a ``cited_source_id`` that is not a folder of
    data/raw.
    """
    label = _label(path)
    text = read_raw_csv(path, list(RawBriefingClaims.to_schema().columns))
    problems = []
    if known_publications is not None:
        check = "cited_publication_id is not the id of any publication in a source.yaml"
        problems = [
            Problem(label, line_of(index), CITED_COLUMN, check, value)
            for index, value in text[CITED_COLUMN].items()
            if value is not None and value not in known_publications
        ]
        problems += _citation_problems(text, known_publications, label)
    if source_ids is not None:
        check = "cited_source_id is not a source folder of data/raw"
        problems += [
            Problem(label, line_of(index), "cited_source_id", check, value)
            for index, value in text["cited_source_id"].items()
            if value is not None and value not in source_ids
        ]
    # A unit that does not fit the printed value is the one problem of its row: the value read
    # with the wrong unit (a scale word applied) would disagree with the printed number too.
    unit_problems = _unit_problems(text, label)
    wrong_unit = {problem.line for problem in unit_problems if problem.column == "unit"}
    problems += [p for p in _printed_value_problems(text, label) if p.line not in wrong_unit]
    problems += unit_problems + _footnote_problems(text, label) + _qualifier_problems(text, label)
    problems += _section_problems(text, label)
    named = {(problem.line, problem.column) for problem in problems}
    problems += [p for p in _half_citation_problems(text, label) if (p.line, p.column) not in named]
    if known_publications is not None:
        # A citation already named (at odds with its footnote's other rows, or outside its
        # folder) is not named again for its year.
        cited = {p.line for p in problems if p.column in FOOTNOTE_COLUMNS}
        problems += [
            problem
            for problem in _footnote_year_problems(text, known_publications, label)
            if problem.line not in cited
        ]
    return validate_all(text, RawBriefingClaims, label, problems)


#: Digits as printed: a minus sign only where one begins a number (at the start, after a space
#: or a bracket: "4-5%" is 4 to 5, "mid-2018" is 2018); not inside another number ("1.5" once),
#: but after an abbreviated qualifier's full stop ("c.60").
_DIGITS = (
    rf"(?<![^\s(])[{grammar.MINUS_SIGNS}](?:{grammar.DIGITS})"
    r"|(?:(?<![\d.])"
    + "".join(rf"|(?<=\b{re.escape(word)})" for word in grammar.ABBREVIATIONS)
    + rf")(?:{grammar.DIGITS})"
)
#: A number as printed (:mod:`mutualstats.number_grammar`): digits and any scale word ("110k",
#: "£20,000m"), or a number word ("twenty-six", "the past decade") and any scale word written out.
PRINTED_NUMBER = re.compile(
    rf"(?P<digits>{_DIGITS}){grammar.scale_pattern('scale')}?"
    rf"|\b(?P<word>{grammar.WORD}|decade)\b"
    + grammar.scale_pattern("word_scale", after_digits=False)
    + "?",
    flags=re.IGNORECASE,
)
#: A share printed as a ratio, the whole value: "five in ten", "3 out of 10", "nine in every
#: ten", after any qualifier words (a share "one in n" has its own qualifier, ``one_in_n``).
PRINTED_RATIO = re.compile(
    rf"^\s*(?:(?:{grammar.QUALIFIER_PATTERN}){grammar.QUALIFIER_GAP})?"
    rf"(?P<part>{grammar.WORD}|{grammar.DIGITS}){grammar.RATIO_LINK}"
    rf"(?P<whole>{grammar.WORD}|{grammar.DIGITS})\s*$",
    flags=re.IGNORECASE,
)


def printed_numbers(printed: str, unit: str) -> list[float]:
    """The numbers in a value as printed, in order, in the unit's scale: "over 1.5 million" and
    "1.5m" give 1500000, "twenty-six" 26, "two thousand" 2000, "one hundred" 100, "one out of
    four" 1 and 4, "£20 billion", "£20bn" and "£20,000m" in gbp_billion 20 ("£1-2 billion" is 1
    and 2)."""
    numbers = []
    for match in PRINTED_NUMBER.finditer(grammar.grouped_as_one(printed)):
        if match["word"]:
            word = match["word"].lower()
            number = float(grammar.DECADE_YEARS if word == "decade" else grammar.word_value(word))
        else:
            number = grammar.digits_value(match["digits"])
        scale = match["scale"] or match["word_scale"]
        if scale:
            number = number * grammar.scale_factor(scale) / grammar.UNIT_SCALES.get(unit, 1.0)
        numbers.append(number)
    return numbers


def printed_ratio(printed: str, unit: str) -> float | None:
    """The share, in %, a value printed wholly as a ratio gives ("five in ten" is 50), or None."""
    ratio = PRINTED_RATIO.match(printed)
    if ratio is None or unit != "pct":
        return None
    part, whole = (printed_numbers(ratio.group(name), unit) for name in ("part", "whole"))
    if len(part) != 1 or len(whole) != 1 or whole[0] <= 0:
        return None
    return grammar.share_pct(part[0], whole[0])


def printed_value(printed: str, unit: str, qualifier: str) -> tuple[dict[str, float], float]:
    """The value (and ``value_high`` for a range) a row printed so must give, by column, and the
    relative tolerance it is compared within: the number printed, exactly; a share "one in n" is
    100/n and one printed as a ratio ("five in ten") its share, to 1%. Nothing where no number is
    printed ("a similar number") or a direction is stated by words (qualifier ``above`` or
    ``below``: "falling to 53%" claims a change below 0, and the 53 printed is another claim's)."""
    numbers = printed_numbers(printed, unit)
    if not numbers or qualifier in DIRECTIONS:
        return {}, REGISTERED_VALUE_TOLERANCE
    # A ratio printed whole is its share whatever the qualifier ("five in ten" is 50, not 10,
    # where one_in_n is registered by mistake: the qualifier is then named, not the value).
    ratio = printed_ratio(printed, unit)
    if ratio is not None and qualifier != "range":
        return {"value": ratio}, REGISTERED_ONE_IN_N_TOLERANCE
    if qualifier == "one_in_n" and len(numbers) >= 2 and numbers[-1] > 0:
        return {"value": grammar.one_in_n_pct(numbers[-1])}, REGISTERED_ONE_IN_N_TOLERANCE
    if qualifier == "range" and len(numbers) >= 2:
        return {"value": numbers[0], "value_high": numbers[1]}, REGISTERED_VALUE_TOLERANCE
    return {"value": numbers[0]}, REGISTERED_VALUE_TOLERANCE


def printed_qualifier(printed: str) -> str | None:
    """The qualifier the words just before a printed number say ("c.60" is approximately), or
    None where none is printed."""
    words = PRINTED_QUALIFIER.search(printed)
    return grammar.qualifier_code(words.group(1)) if words else None


def _printed_value_problems(text: pd.DataFrame, label: str) -> list[Problem]:
    """``value`` (and ``value_high`` for a range) must be what ``value_as_printed`` gives
    (:func:`printed_value`)."""
    problems = []
    for index, row in text.iterrows():
        expected, tolerance = printed_value(
            _text(row["value_as_printed"]), _text(row["unit"]), _text(row["qualifier"])
        )
        for column, number in expected.items():
            given = _number(row[column])
            if given is not None and not math.isclose(given, number, rel_tol=tolerance):
                check = f"{column} does not agree with value_as_printed {row['value_as_printed']!r}"
                problems.append(Problem(label, line_of(index), column, check, row[column]))
    return problems


#: A qualifier's words printed just before a value's number ("over 100,000", "c.60", "about
#: twenty"), as the scan reads them (:data:`number_grammar.QUALIFIER_WORDS`).
PRINTED_QUALIFIER = re.compile(
    rf"\b({grammar.QUALIFIER_PATTERN}){grammar.QUALIFIER_GAP}"
    rf"(?=[{grammar.MINUS_SIGNS}£]?\d|(?:{grammar.WORD})\b)",
    flags=re.IGNORECASE,
)


#: Qualifiers that state a direction in words, whose printed number is not the claim's value.
DIRECTIONS = ("above", "below")
#: What a number alone is printed with: digits, signs, %, £ and scale words.
BARE_NUMBER = re.compile(
    r"[-\u2212£%,.\d\s]|(?<![a-z])(?:" + "|".join(grammar.SCALES) + r"|per\s*cent)(?![a-z])",
    flags=re.IGNORECASE,
)


def _qualifier_problems(text: pd.DataFrame, label: str) -> list[Problem]:
    """``qualifier`` must be what the words before the printed number say ("almost 25,000" is
    ``almost``), and a qualifier only words can show (almost, over, around, approximately) needs
    its words printed; where no words are printed, the qualifier a number's form shows ("one in
    four", "4-5%", "lowest in ten years") is the one registered (:func:`_form_problem`). A value
    printed without a number ("a similar number") is not compared."""
    shown_by_words = set(grammar.QUALIFIER_WORDS.values())
    problems = []
    for index, row in text.iterrows():
        printed = _text(row["value_as_printed"])
        if not printed_numbers(printed, _text(row["unit"])):
            continue
        printed_as = printed_qualifier(printed)
        registered = row["qualifier"]
        if registered in DIRECTIONS and not BARE_NUMBER.sub("", printed).strip():
            check = (
                f"{registered} is a direction printed in words ('falling to 53%', 'faster'), but "
                f"value_as_printed {printed!r} is a number alone"
            )
        elif printed_as is not None and registered != printed_as:
            check = f"value_as_printed {printed!r} says {printed_as}, not {registered}"
        elif printed_as is None and registered in shown_by_words:
            said = ", ".join(repr(w) for w, q in grammar.QUALIFIER_WORDS.items() if q == registered)
            check = (
                f"{registered} is printed as words before the number ({said}), but "
                f"value_as_printed {printed!r} shows none"
            )
        elif printed_as is None and registered not in DIRECTIONS:
            check = _form_problem(printed, _text(row["unit"]), registered)
            if check is None:
                continue
        else:
            continue
        problems.append(Problem(label, line_of(index), "qualifier", check, registered))
    return problems


def printed_form(printed: str) -> str | None:
    """The qualifier the form of a printed number shows, as the scan reads it ("one in four" is
    one_in_n, "4-5%" range, "lowest in ten years" lowest_in_n_years); None for any other form."""
    forms = {
        KIND_QUALIFIERS[expression.kind]
        for expression in find_expressions(parse_briefing(printed))
        if expression.kind in KIND_QUALIFIERS
    }
    return forms.pop() if len(forms) == 1 else None


def _form_problem(printed: str, unit: str, registered: str) -> str | None:
    """Why ``registered`` does not fit the form of the number printed, or None where it does: a
    form that shows a qualifier needs it, and one_in_n, range and lowest_in_n_years need their
    form printed (a range may also be two numbers the scan reads apart: "4% to 5%")."""
    form = printed_form(printed)
    if form is not None and registered != form:
        return (
            f"value_as_printed {printed!r} has the form of {FORM_EXAMPLES[form]!r}, which is "
            f"{form}, not {registered}"
        )
    if form is None and registered in FORM_EXAMPLES:
        if registered == "range" and len(printed_numbers(printed, unit)) >= 2:
            return None
        return (
            f"{registered} is a number printed in the form of {FORM_EXAMPLES[registered]!r}, but "
            f"value_as_printed {printed!r} is not"
        )
    return None


#: Units of a value printed with "%" (a share, a change in points, a growth rate), and with "£".
PERCENT_UNITS = ("pct", "pct_points", "pct_per_year")
MONEY_UNITS = ("gbp_billion",)


def _unit_problems(text: pd.DataFrame, label: str) -> list[Problem]:
    """The unit must fit the value as printed: a value printed with "%" is in a percentage unit,
    one printed with "£" in a money unit; a share (``pct``) lies between 0 and 100."""
    problems = []
    for index, row in text.iterrows():
        printed, unit = _text(row["value_as_printed"]), _text(row["unit"])
        checks = [
            (sign in printed and unit not in units, f"{sign} printed needs a unit of {names}")
            for sign, units, names in (
                ("%", PERCENT_UNITS, ", ".join(PERCENT_UNITS)),
                ("£", MONEY_UNITS, ", ".join(MONEY_UNITS)),
            )
        ]
        failed = [check for broken, check in checks if broken]
        if failed:
            check = f"{failed[0]}; value_as_printed is {printed!r}"
            problems.append(Problem(label, line_of(index), "unit", check, unit))
            continue
        if unit == "pct":
            for column in ("value", "value_high"):
                number = _number(row[column])
                if number is not None and not 0 <= number <= 100:
                    check = "a share (unit pct) lies between 0 and 100"
                    problems.append(Problem(label, line_of(index), column, check, row[column]))
    return problems


def _footnote_problems(text: pd.DataFrame, label: str) -> list[Problem]:
    """Claims citing one footnote cite one source folder and one publication (an empty cell is
    an answer too: no publication held), in the footnote's one wording and page. Footnotes are
    compared as numbers, so "014" is 14.
    (Whether each footnote is the one the text prints beside the number is checked against the
    briefing's text by ``mutualstats scan``.)
    """
    footnotes = text["footnote"].map(_number)
    return [
        Problem(
            label,
            line_of(index),
            column,
            f"footnote {footnote:g} cites {cited} in {column} on an earlier row",
            _text(text.at[index, column]),
        )
        for index, footnote, column, cited in _disagreeing(text, footnotes, FOOTNOTE_COLUMNS)
    ]


def _section_problems(text: pd.DataFrame, label: str) -> list[Problem]:
    """Claims under one subheading (``paragraph``) name one section: a heading lies in one
    section of the briefing. A section outside the vocabulary is named by the model alone."""
    known = text["section"].isin(SECTIONS)
    paragraphs = text["paragraph"].where(known)
    return [
        Problem(
            label,
            line_of(index),
            "section",
            f"paragraph {paragraph!r} is in section {section} on an earlier row",
            _text(text.at[index, "section"]),
        )
        for index, paragraph, _, section in _disagreeing(text, paragraphs, ("section",))
    ]


def _disagreeing(
    text: pd.DataFrame, keys: pd.Series, columns: tuple[str, ...]
) -> list[tuple[object, object, str, str]]:
    """Rows giving another value in one of ``columns`` than the first row of the same key (rows
    without a key are left out): each row's index, its key, the first column that differs, and
    the first row's value there, quoted (or "nothing" where it is empty)."""
    found = []
    first: dict[object, object] = {}
    for index, key in keys.items():
        if key is None or pd.isna(key):
            continue
        earlier = first.setdefault(key, index)
        column = next(
            (c for c in columns if _text(text.at[index, c]) != _text(text.at[earlier, c])), None
        )
        if column is not None:
            value = _text(text.at[earlier, column])
            found.append((index, key, column, repr(value) if value else "nothing"))
    return found


def _half_citation_problems(text: pd.DataFrame, label: str) -> list[Problem]:
    """A claim names both its cited source folder and the publication declared in it, or
    neither: a folder without its publication leaves the check to choose one (C07 was judged on
    another edition than the one cited, C21 stopped the audit), and a publication without its
    folder is never checked against it."""
    problems = []
    for index, folder, publication in zip(
        text.index, text["cited_source_id"], text[CITED_COLUMN], strict=True
    ):
        if _text(folder) and not _text(publication):
            empty, other, given = CITED_COLUMN, "cited_source_id", folder
        elif _text(publication) and not _text(folder):
            empty, other, given = "cited_source_id", CITED_COLUMN, publication
        else:
            continue
        check = (
            f"is empty, but {other} is {given!r}: a claim names its cited source folder and the "
            "publication declared in it, or neither"
        )
        problems.append(Problem(label, line_of(index), empty, check, None))
    return problems


def _text(value: object) -> str:
    return "" if pd.isna(value) else str(value)


def _number(value: object) -> float | None:
    """The cell as a number; None for an empty cell (reported once, by the model, as empty)."""
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return None if math.isnan(number) else number


def _citation_problems(
    text: pd.DataFrame, known: Mapping[str, Publication], label: str
) -> list[Problem]:
    """A cited publication must be declared in the cited source folder, and cannot report on a
    period later than the year it came out."""
    problems = []
    for row in text.itertuples():
        cited = known.get(row.cited_publication_id) if row.cited_publication_id else None
        if cited is None:
            continue
        if row.cited_source_id and cited.source_id != row.cited_source_id:
            check = (
                f"declared in data/raw/{cited.source_id}/source.yaml, not in the cited source "
                f"folder {row.cited_source_id}"
            )
            problems.append(
                Problem(label, line_of(row.Index), CITED_COLUMN, check, cited.publication_id)
            )
        published, period = year_published(cited.date_published), _number(row.period)
        if published is not None and period is not None and period > published:
            check = f"period is later than the cited publication, which came out in {published}"
            problems.append(Problem(label, line_of(row.Index), "period", check, row.period))
    return problems


def _footnote_year_problems(
    text: pd.DataFrame, known: Mapping[str, Publication], label: str
) -> list[Problem]:
    """A cited publication is of the year its footnote names, where it names one
    (:func:`_names_year`)."""
    problems = []
    for row in text.itertuples():
        cited = known.get(row.cited_publication_id) if row.cited_publication_id else None
        found = FOOTNOTE_YEAR.findall(str(row.cited_source or ""))
        named = sorted({year for pair in found for year in pair if year})
        published = year_published(cited.date_published) if cited is not None else None
        if (
            named
            and published is not None
            and not any(_names_year(cited, published, year) for year in named)
        ):
            years = " or ".join(named)
            check = (
                f"cited_source names the year {years}, but {cited.publication_id} came out in "
                f"{published} and its title names no {years}: cite the publication the footnote "
                "names"
            )
            problems.append(
                Problem(label, line_of(row.Index), CITED_COLUMN, check, cited.publication_id)
            )
    return problems


#: A year a footnote gives a publication, in the forms references print it: "NAO (2019)",
#: "(2019a)", "NAO, 2019.". A footnote may name several ("announced (2018), as set out in the
#: Long Term Plan (2019)"): the publication cited is of one of them. Another number in a footnote
#: (an organisation's name, a session, an access date) is not read as its year.
FOOTNOTE_YEAR = re.compile(r"\(((?:19|20)\d{2})[a-z]?\)|,\s*((?:19|20)\d{2})[a-z]?\.(?!\d)")


def _names_year(cited: Publication, published: int, year: str) -> bool:
    """Whether a footnote's ``year`` is the year ``cited`` came out (``published``) or one its
    title names (a report "in 2018" that came out in 2019): the briefing's year is read from the
    publications its footnotes cite, so a citation the footnote does not name would move it."""
    return int(year) == published or re.search(rf"\b{year}\b", str(cited.title or "")) is not None


def _source_ids(raw: Path) -> set[str]:
    return {path.name for path in raw.iterdir() if path.is_dir()}


def clean_claims(raw: pd.DataFrame, file_label: str) -> pd.DataFrame:
    """Meaning step: cross-row rules, then order by claim id."""
    return clean_long(raw, CleanBriefingClaims, file_label, ["claim_id"])


def _known_publications(raw: Path) -> dict[str, Publication] | None:
    """Every publication of the project by id, or None when a source.yaml is broken: the build
    reports that problem once, from the publications table."""
    try:
        return publications(raw)
    except DataValidationError:
        return None


def load_exclusions(path: Path) -> pd.DataFrame:
    """Format step: read the exclusions as text and coerce dtypes through the Raw schema."""
    return load_long(path, RawBriefingExclusions)


def clean_exclusions(raw: pd.DataFrame, file_label: str) -> pd.DataFrame:
    """Meaning step: each context contains its expression, one row per key; order by key."""
    return clean_long(raw, CleanBriefingExclusions, file_label, ["expression", "context"])
