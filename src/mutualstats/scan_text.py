"""Read a briefing's plain text: footnote lines, footnote markers and numeric expressions.

Input: the text of a briefing. Output: a :class:`Briefing` (the body as one stream, with the line
and column of each character and the footnote markers) and its :class:`Expression` list.

The text is read structurally: footnote text (a line opening with the number of a footnote marker
used in the text, and the lines that continue it) and page numbers are not scanned; the body's
lines are joined into one stream, so an expression or a sentence may run across a line break.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from mutualstats import number_grammar as grammar

#: A grouping space between two digits: kept in the body stream (any other space becomes " ").
_GROUPING = re.compile(rf"(?<=\d){grammar.GROUP}(?=\d)")

_WORDS = grammar.WORD
_NUM = grammar.DIGITS
#: A minus sign before a number ("-1.9%", "−1.9%"): part of its value, never dropped.
_MINUS = rf"(?P<minus>[{grammar.MINUS_SIGNS}])?"
#: Qualifier words before a number ("over 100,000", "c.60").
_QUALIFIED = rf"\b(?P<qual>{grammar.QUALIFIER_PATTERN}){grammar.QUALIFIER_GAP}"
#: A year, which no ratio has as its whole ("60 in 2018", "one in 2019" are not shares).
_YEAR = r"(?:1[89]|20)\d{2}\b"


def _after_qualifier(guard: str) -> str:
    """Qualifier words, or else ``guard`` (what may not stand just before the number)."""
    return rf"(?:{_QUALIFIED}|{guard})"


#: Expression patterns, most specific first: a later pattern never takes text an earlier one took.
PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (kind, re.compile(pattern, re.IGNORECASE))
    for kind, pattern in (
        (
            "ratio",
            rf"\b(?:one|1)(?:{grammar.RATIO_LINK}|\s+of\s+)(?!{_YEAR})(?P<num>{_WORDS}|{_NUM})\b",
        ),
        (
            "share",
            _after_qualifier(r"(?<![\w.,/£$€¥])")
            + rf"(?P<part>{_WORDS}|{_NUM}){grammar.RATIO_LINK}(?!{_YEAR})(?P<num>{_WORDS}|{_NUM})"
            r"\b(?!\s*(?:%|per\s*cent\b)|\s+years\b|[.,]\d)",
        ),
        ("lowest", rf"\blowest\s+(?:in|for)\s+(?P<num>{_WORDS}|{_NUM})\s+years\b"),
        ("decade", r"\b(?:(?:the\s+)?(?:past|last|next|previous|coming)|a)\s+decade\b"),
        (
            "span",
            rf"\b(?:the\s+)?(?:past|last|next|previous|coming)\s+(?P<num>{_WORDS}|{_NUM})"
            r"\s+years\b",
        ),
        ("similar", r"\ba\s+similar\s+(?P<noun>number|amount|figure|proportion|share)\b"),
        (
            "range",
            rf"(?<![\w.])(?P<num>{_NUM})\s*[-–—−]\s*(?P<high>{_NUM})\s*(?:%|per\s*cent\b)",
        ),
        ("money", rf"(?:{_QUALIFIED})?£\s?(?P<num>{_NUM}){grammar.scale_pattern('scale')}?"),
        (
            "foreign_money",
            rf"(?:{_QUALIFIED})?(?:US\$|[$€¥])\s?(?P<num>{_NUM}){grammar.scale_pattern('scale')}?",
        ),
        # "26%", "26 per cent" and "twenty-six per cent", as the register reads them.
        (
            "percent",
            _after_qualifier(r"(?<![\w.])")
            + rf"{_MINUS}(?P<num>{_NUM}|(?:{_WORDS})\b)\s?(?:%|per\s?cent\b)",
        ),
        ("fiscal_year", r"(?<![\w.])(?P<num>(?:19|20)\d{2})/\d{2}\b"),
        # "110k", "1.5bn", "2.5 million"; a number word takes a scale word written out only.
        (
            "scaled",
            _after_qualifier(r"(?<![\w.])") + rf"(?P<num>{_NUM})" + grammar.scale_pattern("scale"),
        ),
        (
            "scaled",
            _after_qualifier(r"(?<![\w.])")
            + rf"(?P<num>{_WORDS})"
            + grammar.scale_pattern("scale", after_digits=False),
        ),
        ("years", rf"(?<![\w.,])(?P<num>{_WORDS}|{_NUM})\s+years\b"),
        ("year", r"(?<![\w.,/£])(?P<num>1[89]\d{2}|20\d{2})(?![\w/%]|[.,]\d)"),
        (
            "count",
            _after_qualifier(r"(?<![\w.,/£])") + rf"{_MINUS}(?P<num>{_NUM})(?![\w%]|[.,]\d)",
        ),
        ("word", _after_qualifier(r"\b") + rf"(?P<num>{_WORDS})\b"),
        # Any other digits ("10x", "Q3", "21st", "€3bn"): never passed over unread.
        ("other", r"(?:US\$|[$€¥])?(?P<num>\d+(?:[.,]\d+)*)[A-Za-z]*"),
    )
)

#: Unit each kind of expression carries ("similar" takes its unit from the noun).
KIND_UNITS = {
    "ratio": "pct",
    "share": "pct",
    "money": "gbp",
    "lowest": "years",
    "decade": "years",
    "span": "years",
    "range": "pct",
    "percent": "pct",
    "fiscal_year": "year",
    "scaled": "count",
    "years": "years",
    "year": "year",
    "count": "count",
    "word": "count",
    "foreign_money": "other_currency",
    "other": "number",
}
KIND_QUALIFIERS = {"ratio": "one_in_n", "lowest": "lowest_in_n_years", "range": "range"}
SIMILAR_UNITS = {"number": "count", "proportion": "pct", "share": "pct"}

#: A footnote marker: digits glued to a word, a percentage, a bracket, a quote or a sentence's
#: full stop ("launch17.", "1.5%19.", "cooperatives.26"), but not to an abbreviated qualifier
#: word ("c.60" is a number).
MARKER = re.compile(
    r"(?:(?<=[A-Za-z]{2})|(?<=[%)”’\"'])|(?<=[A-Za-z)%]\.)"
    + "".join(rf"(?<!\b(?i:{re.escape(word)}))" for word in grammar.ABBREVIATIONS)
    + r")(?P<number>\d{1,3})(?=[\s.,;:!?)]|$)"
)
#: A marker glued to a financial year: "2018/1934" is 2018/19 with footnote 34.
FISCAL_MARKER = re.compile(
    r"(?<!\d)(?P<year>\d{4})/(?P<yy>\d{2})(?P<number>\d{1,3})(?=[\s.,;:!?)]|$)"
)
#: The first line of a footnote's text: its number, a space, then the text.
FOOTNOTE_START = re.compile(r"^(?P<number>\d{1,3}) +\S")
#: A line holding only a number: a page number.
PAGE_NUMBER = re.compile(r"^\s*\d{1,4}\s*$")
_AVERAGE_BEFORE = re.compile(r"\baverage\b(?:\s+\w+){0,3}\s+(?:of|by)\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class Marker:
    """A footnote marker in the body stream."""

    start: int
    end: int
    number: int


@dataclass(frozen=True)
class Briefing:
    """The body text as one stream, with the line and column each character came from."""

    stream: str
    line_of: tuple[int, ...]
    column_of: tuple[int, ...]
    markers: tuple[Marker, ...]
    sentence_ends: tuple[int, ...]
    skipped_lines: frozenset[int]
    lines: tuple[str, ...]


@dataclass(frozen=True)
class Expression:
    """A numeric expression of the body text."""

    start: int
    end: int
    line: int
    text: str
    #: ``text`` in one spelling (:func:`printed_key`), as the register's printed values are kept.
    printed: str
    kind: str
    value: float | None
    value_high: float | None
    unit: str
    qualifier: str
    footnote: int | None
    next_footnote: int | None
    sentence: str


def parse_briefing(text: str) -> Briefing:
    """Split the text into footnote lines, page numbers and the body stream with its markers.

    Lines end at a newline only (CRLF and CR read as one), as an editor and ``grep`` count them:
    a form feed or a Unicode line separator inside a line does not move every later line number.
    """
    lines = tuple(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"))
    lines = lines[:-1] if lines and lines[-1] == "" else lines
    skipped = footnote_lines(lines) | {i for i, line in enumerate(lines) if PAGE_NUMBER.match(line)}
    chars: list[str] = []
    line_of: list[int] = []
    column_of: list[int] = []
    for index, line in enumerate(lines):
        if index in skipped or not line.strip():
            continue
        if chars:
            chars.append(" ")
            line_of.append(index + 1)
            column_of.append(-1)
        length = len(line.rstrip())  # once per line: a long line is not stripped per character
        for column, char in enumerate(line):
            if char.isspace() and (not chars or chars[-1] == " " or column >= length):
                continue
            grouping = char in grammar.GROUP_SPACES and _GROUPING.match(line, column) is not None
            chars.append(" " if char.isspace() and not grouping else char)
            line_of.append(index + 1)
            column_of.append(column)
    stream = "".join(chars)
    markers = find_markers(stream)
    return Briefing(
        stream=stream,
        line_of=tuple(line_of),
        column_of=tuple(column_of),
        markers=markers,
        sentence_ends=_sentence_ends(stream, markers),
        skipped_lines=frozenset(skipped),
        lines=lines,
    )


def find_markers(text: str) -> tuple[Marker, ...]:
    """Footnote markers in ``text``, in order."""
    found = {m.start("number"): m for m in MARKER.finditer(text)}
    for m in FISCAL_MARKER.finditer(text):
        # Only a financial year ("2018/19") has a second part one more than the first's last two.
        if int(m["yy"]) == (int(m["year"]) + 1) % 100:
            found[m.start("number")] = m
    return tuple(
        Marker(start, found[start].end("number"), int(found[start]["number"]))
        for start in sorted(found)
    )


def footnote_lines(lines: tuple[str, ...]) -> frozenset[int]:
    """Indexes of footnote text: a line opening with a marker's number, and the lines after it
    that continue it (not blank, not indented, not another footnote).

    Footnotes stand in blocks: a footnote's first line follows a blank line, a page number or
    another footnote's text. A body line that only begins with a number ("20 of them ...", a
    sentence wrapped there) follows body text, so it is read as body text.
    """
    candidates = {
        i: int(m["number"]) for i, line in enumerate(lines) if (m := FOOTNOTE_START.match(line))
    }
    tentative = set(candidates) | _continuations(lines, set(candidates))
    used = {
        marker.number
        for i, line in enumerate(lines)
        if i not in tentative
        for marker in find_markers(line)
    }
    found: set[int] = set()
    for i in sorted(i for i, number in candidates.items() if number in used):
        before = lines[i - 1] if i > 0 else ""
        if not before.strip() or PAGE_NUMBER.match(before) or (i - 1) in found:
            found |= {i} | _continuations(lines, {i})
    return frozenset(found)


def find_expressions(briefing: Briefing) -> list[Expression]:
    """Every numeric expression of the body stream, in reading order."""
    masked = _masked(briefing.stream, briefing.markers)
    # The spans already taken by an earlier pattern: disjoint, kept sorted by start.
    taken_starts: list[int] = []
    taken_ends: list[int] = []
    found = []
    # Each sentence's key, made once however many numbers the sentence holds.
    sentences: dict[tuple[int, int], str] = {}
    for kind, pattern in PATTERNS:
        for m in pattern.finditer(masked):
            if not _is_share(kind, m):
                continue
            at = bisect.bisect_right(taken_starts, m.start())
            if _overlaps_taken(m.start(), m.end(), at, taken_starts, taken_ends):
                continue
            taken_starts.insert(at, m.start())
            taken_ends.insert(at, m.end())
            found.append(_expression(briefing, masked, kind, m, sentences))
    return sorted(found, key=lambda expression: expression.start)


def _overlaps_taken(
    start: int, end: int, at: int, taken_starts: list[int], taken_ends: list[int]
) -> bool:
    """Whether [start, end) overlaps a taken span; ``at`` is where ``start`` sorts among the
    spans' starts. The spans are disjoint, so only the one before and the one after can."""
    before = at > 0 and start < taken_ends[at - 1]
    after = at < len(taken_starts) and taken_starts[at] < end
    return before or after


#: An abbreviated qualifier word and the spaces after it ("c. 60" is spelt "c.60").
_ABBREVIATION_GAP = re.compile(
    r"\b(" + "|".join(map(re.escape, grammar.ABBREVIATIONS)) + r")\s+(?=[-\u2212£\d])"
)


def printed_key(text: str) -> str:
    """A printed number in one spelling: lower case, single spaces, "-" for any dash, "%", digits
    grouped by a thin or no-break space grouped by a comma ("110\u202f000" is "110,000"), no
    space after an abbreviated qualifier ("c. 60" is "c.60") and a hyphen joining tens and units
    ("twenty six" is "twenty-six")."""
    key = grammar.grouped_as_one(str(text))
    key = re.sub(r"\s+", " ", key.strip().lower())
    key = _ABBREVIATION_GAP.sub(r"\1", key)
    key = grammar.COMPOUND_WORD.sub(lambda words: re.sub(r"\s*-\s*|\s+", "-", words.group()), key)
    key = re.sub(r"\s*[-–—\u2212]\s*", "-", key)
    return re.sub(r"\s*(?:%|per ?cent\b)", "%", key)


def _expression(
    briefing: Briefing,
    masked: str,
    kind: str,
    m: re.Match[str],
    sentences: dict[tuple[int, int], str],
) -> Expression:
    groups = m.groupdict()
    value, unit = _value_and_unit(kind, groups)
    qualifier = grammar.qualifier_code(groups["qual"]) if groups.get("qual") else "none"
    qualifier = KIND_QUALIFIERS.get(kind, qualifier)
    if kind == "similar":
        qualifier = "approximately"
    elif qualifier == "none" and _AVERAGE_BEFORE.search(masked[max(0, m.start() - 40) : m.start()]):
        qualifier = "average"
    high = groups.get("high")
    text = _one_line(m.group())
    sentence_start, sentence_end = _sentence_bounds(briefing, m.start(), m.end())
    bounds = (sentence_start, sentence_end + 1)
    if bounds not in sentences:
        sentences[bounds] = printed_key(_without_markers(briefing, *bounds))
    return Expression(
        start=m.start(),
        end=m.end(),
        line=briefing.line_of[m.start()],
        text=text,
        printed=printed_key(text),
        kind=kind,
        value=value,
        value_high=grammar.digits_value(high) if high else None,
        unit=unit,
        qualifier=qualifier,
        footnote=_first_marker(briefing, m.end(), sentence_end + 1),
        next_footnote=_first_marker(briefing, m.end(), len(briefing.stream)),
        sentence=sentences[bounds],
    )


def _value_and_unit(kind: str, groups: dict[str, str | None]) -> tuple[float | None, str]:
    if kind == "similar":
        return None, SIMILAR_UNITS.get(str(groups["noun"]).lower(), "")
    if kind == "decade":
        return float(grammar.DECADE_YEARS), "years"
    value = grammar.number_value(str(groups["num"]))
    if groups.get("minus"):
        value = -value
    scale = (groups.get("scale") or "").lower()
    if kind == "ratio":
        return grammar.one_in_n_pct(value), "pct"
    if kind == "share":
        return grammar.share_pct(grammar.number_value(str(groups["part"])), value), "pct"
    if kind == "money" and scale in grammar.MONEY_UNITS:
        return value, grammar.MONEY_UNITS[scale]
    if kind in ("money", "scaled"):
        return value * grammar.scale_factor(scale), KIND_UNITS[kind]
    return value, KIND_UNITS[kind]


def _is_share(kind: str, m: re.Match[str]) -> bool:
    """Whether a match of a ``share`` is one: its part no more than its whole ("40 in ten
    regions" is not a share of 400%). Other kinds always are."""
    if kind != "share":
        return True
    part, whole = (grammar.number_value(m[name]) for name in ("part", "num"))
    return 0 <= part <= whole and whole > 0


def _one_line(text: str) -> str:
    """An expression's text on one line: each run of spaces as one space, but a space grouping
    digits kept as printed."""
    return re.sub(
        r"\s+",
        lambda m: (
            m.group() if m.end() - m.start() == 1 and _GROUPING.match(text, m.start()) else " "
        ),
        text,
    )


def _continuations(lines: tuple[str, ...], starts: set[int]) -> set[int]:
    following = set()
    for start in starts:
        index = start + 1
        while (
            index < len(lines)
            and lines[index].strip()
            and not lines[index][0].isspace()
            and index not in starts
            and not FOOTNOTE_START.match(lines[index])
        ):
            following.add(index)
            index += 1
    return following


def _sentence_ends(stream: str, markers: tuple[Marker, ...]) -> tuple[int, ...]:
    """Positions of full stops, question and exclamation marks that end a sentence: followed by a
    space, the end of the text, or a footnote marker."""
    marker_starts = {marker.start for marker in markers}
    return tuple(
        i
        for i, char in enumerate(stream)
        if char in ".!?"
        and (i + 1 == len(stream) or stream[i + 1] == " " or i + 1 in marker_starts)
    )


def _sentence_bounds(briefing: Briefing, start: int, end: int) -> tuple[int, int]:
    ends = briefing.sentence_ends
    before = bisect.bisect_left(ends, start) - 1
    after = bisect.bisect_left(ends, end)
    first = ends[before] + 1 if before >= 0 else 0
    last = ends[after] if after < len(ends) else len(briefing.stream) - 1
    return first, last


def _first_marker(briefing: Briefing, start: int, limit: int) -> int | None:
    """The number of the first marker starting in [start, limit] (markers are sorted and apart,
    so found by bisection: the scan's time grows with the text, not with its square)."""
    markers = briefing.markers
    at = bisect.bisect_left(markers, start, key=lambda marker: marker.start)
    return markers[at].number if at < len(markers) and markers[at].start <= limit else None


def _masked(stream: str, markers: tuple[Marker, ...]) -> str:
    """The stream with each footnote marker blanked, so "1.5%19" reads as "1.5%"."""
    chars = list(stream)
    for marker in markers:
        chars[marker.start : marker.end] = " " * (marker.end - marker.start)
    return "".join(chars)


def _without_markers(briefing: Briefing, start: int, end: int) -> str:
    """The stream from ``start`` to ``end`` with the footnote markers taken out (the markers in
    that stretch found by bisection)."""
    markers = briefing.markers
    pieces, position = [], start
    at = bisect.bisect_right(markers, start, key=lambda marker: marker.end)
    while at < len(markers) and markers[at].start < end:
        marker = markers[at]
        pieces.append(briefing.stream[position : max(position, marker.start)])
        position = min(marker.end, end)
        at += 1
    pieces.append(briefing.stream[position:end])
    return "".join(pieces)
