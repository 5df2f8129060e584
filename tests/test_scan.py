"""The briefing scan: every number of a text is a registered claim or an excluded one.

The unit tests write their own synthetic texts (about widgets, not the briefing) and pass a small
register and exclusions as frames; one test scans the real briefing excerpt.
"""

from __future__ import annotations

import math
import re
from pathlib import Path

import pandas as pd
import pytest

from mutualstats import cli
from mutualstats.number_grammar import POUND_UNITS, UNIT_SCALES
from mutualstats.scan import FOOTNOTE_STATUSES, ScanRow, has_gaps, scan
from mutualstats.scan_report import (
    COLUMNS,
    footnote_summary,
    summary,
    to_csv,
    to_table,
    write_annotated,
)
from mutualstats.scan_text import Expression, find_expressions, parse_briefing

BRIEFING = (
    Path(__file__).resolve().parents[1].parent / "shared" / "briefing" / "briefing_excerpt.txt"
)
NO_EXCLUSIONS = pd.DataFrame({"expression": [], "context": [], "reason": []})


def register(*claims: tuple[str, str, float, str, int | None]) -> pd.DataFrame:
    """A synthetic register: (claim id, value as printed, value, unit, footnote) per claim."""
    frame = pd.DataFrame(
        claims, columns=["claim_id", "value_as_printed", "value", "unit", "footnote"]
    )
    frame["value_high"] = float("nan")
    frame["qualifier"] = "none"
    frame["footnote"] = frame["footnote"].astype("Int64")
    return frame


def exclusions(*rows: tuple[str, str, str]) -> pd.DataFrame:
    """Synthetic exclusions: (expression, context, reason) per row."""
    return pd.DataFrame(rows, columns=["expression", "context", "reason"])


def expressions_of(text: str) -> list[tuple[str, str, str, str]]:
    """(expression, value, unit, qualifier) of every expression in a synthetic text."""
    rows = scan(text, register(), NO_EXCLUSIONS).rows
    return [(row.expression, row.value, row.unit, row.qualifier) for row in rows]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Synthetic: 41% of widgets are blue.", ("41%", "41", "pct", "none")),
        ("Synthetic: widgets grew by 2.5 per cent.", ("2.5 per cent", "2.5", "pct", "none")),
        (
            "Synthetic: twenty-six per cent of widgets.",
            ("twenty-six per cent", "26", "pct", "none"),
        ),
        ("Synthetic: almost 12,000 widgets.", ("almost 12,000", "12000", "count", "almost")),
        ("Synthetic: over 2.5 million widgets.", ("over 2.5 million", "2500000", "count", "over")),
        (
            "Synthetic: approximately 40 depots.",
            ("approximately 40", "40", "count", "approximately"),
        ),
        ("Synthetic: around 300 depots.", ("around 300", "300", "count", "around")),
        ("Synthetic: a grant of £7 billion.", ("£7 billion", "7", "gbp_billion", "none")),
        ("Synthetic: a 6-8% gain in widgets.", ("6-8%", "6-8", "pct", "range")),
        # A scale word abbreviated, as the register reads it.
        ("Synthetic: widgets worth 1.5bn.", ("1.5bn", "1500000000", "count", "none")),
        ("Synthetic: 10k widgets.", ("10k", "10000", "count", "none")),
        # Digits in any other form are still read, never passed over (then unregistered).
        ("Synthetic: 10x widgets.", ("10x", "10", "number", "none")),
        ("Synthetic: US$4bn of widgets.", ("US$4bn", "4", "other_currency", "none")),
        # Money in another currency is not a count, nor pounds.
        ("Synthetic: €5 billion of widgets.", ("€5 billion", "5", "other_currency", "none")),
        ("Synthetic: widget growth of 2x.", ("2x", "2", "number", "none")),
        ("Synthetic: one in five widgets is red.", ("one in five", "20", "pct", "one_in_n")),
        ("Synthetic: one out of three widgets.", ("one out of three", "33.333", "pct", "one_in_n")),
        ("In 1999, the Widget Board was founded.", ("1999", "1999", "year", "none")),
        (
            "Synthetic: its lowest in twelve years.",
            ("lowest in twelve years", "12", "years", "lowest_in_n_years"),
        ),
        ("Synthetic: grown over the past decade.", ("the past decade", "10", "years", "none")),
        (
            "Synthetic: with a similar number of gadgets.",
            ("a similar number", "", "count", "approximately"),
        ),
        ("Synthetic: widgets rose on average by 9% a year.", ("9%", "9", "pct", "average")),
        ("Synthetic: output in 2020/21 was flat.", ("2020/21", "2020", "year", "none")),
        ("Synthetic: twelve depots opened.", ("twelve", "12", "count", "none")),
        # A minus sign is part of the value, whichever sign is printed; a minus sign is a dash
        # in a range.
        ("Synthetic: widget output fell -3%.", ("-3%", "-3", "pct", "none")),
        ("Synthetic: widget output fell \u22123%.", ("\u22123%", "-3", "pct", "none")),
        ("Synthetic: a change of -40 widgets.", ("-40", "-40", "count", "none")),
        ("Synthetic: a 6\u22128% gain in widgets.", ("6\u22128%", "6-8", "pct", "range")),
    ],
)
def test_each_kind_of_expression_is_found(text: str, expected: tuple[str, str, str, str]) -> None:
    assert expressions_of(text) == [expected]


def test_an_expression_may_run_across_a_line_break() -> None:
    assert expressions_of("Synthetic: almost\n12,000 widgets.")[0][0] == "almost 12,000"


def test_an_expression_overlapping_one_already_found_is_not_found_again() -> None:
    """Patterns run in turn; a later pattern's match inside or across an earlier one's is
    dropped, and one just beside it is kept."""
    found = expressions_of("Synthetic: 6-8% of 41% of widgets, up from 12,000 in 2019/20 to 9%.")
    assert [text for text, *_ in found] == ["6-8%", "41%", "12,000", "2019/20", "9%"]


@pytest.mark.parametrize(
    ("start", "end", "overlaps"),
    [(0, 5, False), (0, 6, True), (12, 20, False), (11, 12, True), (8, 9, True), (15, 21, True)],
)
def test_a_span_overlaps_a_taken_span_only_where_they_share_a_character(
    start: int, end: int, overlaps: bool
) -> None:
    from bisect import bisect_right

    from mutualstats.scan_text import _overlaps_taken

    starts, ends = [5, 20], [12, 25]  # the spans [5, 12) and [20, 25)
    at = bisect_right(starts, start)
    assert _overlaps_taken(start, end, at, starts, ends) is overlaps


def test_footnote_markers_are_read_and_never_reported_as_numbers() -> None:
    text = (
        "Synthetic: 41% of widgets are blue7. Margins averaged 1.5%8. Widgets are made in\n"
        "depots.9 Output was 62% in 2020/2110 and rising. Critics called it ‘slow’11.\n"
    )
    briefing = parse_briefing(text)
    assert [marker.number for marker in briefing.markers] == [7, 8, 9, 10, 11]
    found = [(e.text, e.footnote) for e in find_expressions(briefing)]
    assert found == [("41%", 7), ("1.5%", 8), ("62%", 10), ("2020/21", 10)]


def test_a_sentence_without_a_marker_knows_the_next_one() -> None:
    text = "Synthetic: 41% of widgets are blue. The rest are red5."
    expression = find_expressions(parse_briefing(text))[0]
    assert (expression.footnote, expression.next_footnote) == (None, 5)


def test_footnote_text_and_page_numbers_are_not_scanned() -> None:
    text = (
        "Synthetic: 41% of widgets are blue7.\n"
        "\n"
        "7 Example Widget Institute (2001). Widget census 2000,\n"
        "volume 3, https://example.org/widgets-2001\n"
        " Next page heading\n"
        "12\n"
    )
    briefing = parse_briefing(text)
    assert briefing.skipped_lines == {2, 3, 5}
    assert [e.text for e in find_expressions(briefing)] == ["41%"]


def test_a_body_line_opening_with_a_number_is_not_footnote_text() -> None:
    text = "Synthetic: widgets are blue7.\n60 depots make them.\n"
    assert [e.text for e in find_expressions(parse_briefing(text))] == ["60"]


STATUS_TEXT = (
    "Synthetic widget report. In 1999, the Widget Board was founded. It now runs\n"
    "approximately 40 depots4. Of its widgets, 41% are blue5 and 30% are green6.\n"
    "Output in 2020 was up by 12%7.\n"
)
STATUS_REGISTER = register(
    ("W01", "1999", 1999, "year", 4),
    ("W02", "approximately 40", 40, "count", 4),
    ("W03", "41%", 41, "pct", 5),
    ("W04", "35%", 35, "pct", 6),
    ("W05", "5%", 5, "pct", 8),
)
STATUS_REGISTER.loc[STATUS_REGISTER["claim_id"] == "W02", "qualifier"] = "approximately"
STATUS_EXCLUSIONS = exclusions(("2020", "output in 2020 was", "dates the 12% rise"))


def test_every_status_is_given() -> None:
    rows = scan(STATUS_TEXT, STATUS_REGISTER, STATUS_EXCLUSIONS).rows
    assert [(row.expression, row.claim_id, row.status) for row in rows] == [
        ("1999", "W01", "matched"),  # no marker of its own: takes the next one, as registered
        ("approximately 40", "W02", "matched"),
        ("41%", "W03", "matched"),
        ("30%", "W04", "value-differs"),
        ("2020", "", "excluded"),
        ("12%", "", "unregistered"),
        ("5%", "W05", "missing-from-text"),
    ]
    assert has_gaps(rows)


def test_an_exclusion_holds_when_the_text_is_reflowed() -> None:
    reflowed = STATUS_TEXT.replace("Output in 2020 was", "Output\nin 2020\n\nwas")
    rows = scan(reflowed, STATUS_REGISTER, STATUS_EXCLUSIONS).rows
    assert [row.status for row in rows if row.expression == "2020"] == ["excluded"]


def test_an_exclusion_that_matches_nothing_is_reported() -> None:
    stale = exclusions(("2020", "output in 2020 was", "r"), ("1888", "in 1888", "r"))
    assert scan(STATUS_TEXT, STATUS_REGISTER, stale).unused_exclusions == ["1888 | in 1888"]


def test_the_same_printed_value_matches_the_claim_at_its_footnote() -> None:
    text = "Synthetic: 41% of widgets are blue5. Later, 41% were blue again9."
    claims = register(("W01", "41%", 41, "pct", 5), ("W02", "41%", 41, "pct", 9))
    rows = scan(text, claims, NO_EXCLUSIONS).rows
    assert [(row.footnote, row.claim_id, row.status) for row in rows] == [
        (5, "W01", "matched"),
        (9, "W02", "matched"),
    ]


@pytest.mark.parametrize(
    ("text", "printed", "unit"),
    [
        ("Synthetic: 41% of widgets are blue5.", "41%", "pct"),
        # Words implying a claim rather than a number of its own.
        ("Synthetic: widgets sell better than the average5.", "than the average", "pct"),
    ],
    ids=["number", "words"],
)
def test_a_row_registered_twice_is_missing_not_matched_where_its_twin_is(
    text: str, printed: str, unit: str
) -> None:
    """A copied row given a new id prints what its twin prints: the text holds it once, so the
    second is missing from the text, and the scan fails."""
    claims = register(("W01", printed, 41, unit, 5), ("W02", printed, 41, unit, 5))
    rows = scan(text, claims, NO_EXCLUSIONS).rows
    assert [(row.claim_id, row.status) for row in rows] == [
        ("W01", "matched"),
        ("W02", "missing-from-text"),
    ]
    assert has_gaps(rows)


def test_a_text_with_every_claim_matched_has_no_gaps() -> None:
    text = "Synthetic: 41% of widgets are blue5."
    rows = scan(text, register(("W01", "41%", 41, "pct", 5)), NO_EXCLUSIONS).rows
    assert not has_gaps(rows)


def test_csv_has_the_columns_in_order_and_the_table_a_summary() -> None:
    rows = scan(STATUS_TEXT, STATUS_REGISTER, STATUS_EXCLUSIONS).rows
    assert to_csv(rows).splitlines()[0] == ",".join(COLUMNS)
    assert to_csv(rows).splitlines()[1] == "1,1999,1999,year,none,,W01,matched"
    expected = (
        "matched 3, value-differs 1, unregistered 1, excluded 1, missing-from-text 1, "
        "qualifier-differs 0, footnote-differs 0"
    )
    assert summary(rows) == expected
    assert to_table(rows).splitlines()[-1] == expected


def test_the_annotated_copy_marks_each_expression_and_escapes_the_text(tmp_path: Path) -> None:
    text = STATUS_TEXT + "Synthetic <b>bold</b> & 77 widgets.\n"
    result = scan(text, STATUS_REGISTER, STATUS_EXCLUSIONS)
    html = write_annotated(result, tmp_path / "annotated.html", "synthetic").read_text()
    assert (
        '<a class="claim" href="site/claims/W03.html"><mark class="matched" '
        'title="W03 (matched)" data-claim="W03">41%</mark></a>'
    ) in html
    assert '<mark class="unregistered" title="unregistered">77</mark>' in html
    linked = write_annotated(result, tmp_path / "site.html", "synthetic", claim_pages="claims/")
    assert 'href="claims/W03.html"' in linked.read_text()
    assert "&lt;b&gt;bold&lt;/b&gt; &amp;" in html
    assert "W05: 5%" in html


def test_cli_exit_codes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["scan", str(tmp_path / "absent.txt")]) == 2
    assert cli.main(["scan", str(tmp_path)]) == 2
    (tmp_path / "latin1.txt").write_bytes("Synthetic caf\xe9 41%".encode("latin-1"))
    assert cli.main(["scan", str(tmp_path / "latin1.txt")]) == 2
    errors = capsys.readouterr().err.splitlines()
    assert len(errors) == 3
    assert all(line.startswith("mutualstats scan: ") for line in errors)
    # A synthetic text against the real register: every claim is missing, so the scan fails.
    (tmp_path / "synthetic.txt").write_text("Synthetic: 41% of widgets are blue.\n")
    assert cli.main(["scan", "--format", "csv", str(tmp_path / "synthetic.txt")]) == 1
    assert capsys.readouterr().out.startswith(",".join(COLUMNS))


@pytest.mark.parametrize(
    "content",
    ["", " \n\t\n\u3000\r\n", "\ufeff", "\ufeff \u200b\n\x00"],
    ids=["empty", "blank", "byte-order-mark", "marks-only"],
)
def test_an_empty_briefing_is_one_message_not_every_claim_missing(
    tmp_path: Path, content: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """A file holding nothing a page would show (white space, a byte-order mark, zero-width or
    control marks) has no numbers to check: exit 2, one line."""
    path = tmp_path / "briefing.txt"
    path.write_text(content, encoding="utf-8")
    for argv in (["scan", str(path)], ["report", "--briefing", str(path)]):
        assert cli.main(argv) == 2
        captured = capsys.readouterr()
        assert captured.out == ""
        assert captured.err == f"mutualstats {argv[0]}: {path}: the briefing is empty\n"


@pytest.mark.skipif(not BRIEFING.is_file(), reason=f"the briefing excerpt is not at {BRIEFING}")
def test_every_number_of_the_real_briefing_is_registered_or_excluded() -> None:
    from mutualstats import datasets

    register = datasets.load("briefing_claims")
    result = scan(
        BRIEFING.read_text(encoding="utf-8"), register, datasets.load("briefing_exclusions")
    )
    statuses = {row.status for row in result.rows}
    assert statuses <= {"matched", "excluded"}, [r for r in result.rows if _is_gap(r)]
    matched = [row.claim_id for row in result.rows if row.status == "matched"]
    assert sorted(matched) == sorted(register["claim_id"])
    worded = {
        row.claim_id: row.expression for row in result.rows if row.status == "matched" and row.note
    }
    assert worded == {
        "C27": "than the average",
        "C28": "falling to 53%",
        "C29": "faster decisions",
        "C30": "the majority reinvest",
        "C31": "bare minimum",
    }
    assert result.unused_exclusions == []
    assert cli.main(["scan", str(BRIEFING)]) == 0


@pytest.mark.skipif(not BRIEFING.is_file(), reason=f"the briefing excerpt is not at {BRIEFING}")
def test_the_annotated_briefing_writes_every_character_once(tmp_path: Path) -> None:
    """C28's words ("falling to 53%") hold C24's number: the text is written once."""
    from html import unescape

    from mutualstats import datasets

    text = BRIEFING.read_text(encoding="utf-8")
    result = scan(text, datasets.load("briefing_claims"), datasets.load("briefing_exclusions"))
    html = write_annotated(result, tmp_path / "annotated.html", "briefing").read_text()
    pre = html.split("<pre>", 1)[1].split("</pre>", 1)[0]
    assert unescape(re.sub(r"<[^>]+>", "", pre)).strip("\n") == "\n".join(text.splitlines()).strip(
        "\n"
    )
    assert 'title="C28 (matched)" data-claim="C28">falling to </mark>' in html
    assert 'title="C28 (matched); C24 (matched)" data-claim="C24">53%</mark>' in html
    assert "<h1>Every number of briefing, checked against the claims register</h1>" in html
    # The legend says what each status means.
    assert (
        '<dt><mark class="value-differs">value-differs</mark></dt><dd>a claim is registered at '
        "this place with another value</dd>"
    ) in html


#: A synthetic text whose four footnotes close, in turn: no number, a registered claim, only an
#: excluded year, and a number no claim at that footnote accounts for.
FOOTNOTE_TEXT = (
    "Synthetic: widgets rose sharply1. Widgets were 41% blue2.\n"
    "Output in 2020 was up3. Gadgets were 12% red4.\n"
)


def test_every_footnote_of_the_text_says_what_it_closes(tmp_path: Path) -> None:
    claims = register(("W01", "41%", 41, "pct", 2), ("W02", "5%", 5, "pct", 7))
    excluded = exclusions(("2020", "output in 2020 was", "a year"))
    result = scan(FOOTNOTE_TEXT, claims, excluded)
    assert [(row.footnote, row.line, row.claim_ids, row.status) for row in result.footnotes] == [
        (1, 1, (), "no-number"),
        (2, 1, ("W01",), "cited"),
        (3, 2, (), "numbers-excluded"),
        (4, 2, (), "numbers-not-cited"),
    ]  # W02's footnote 7 is marked nowhere in the text: it is no row here
    assert footnote_summary(result.footnotes) == (
        "footnotes 4: cited 1, no-number 1 (1), numbers-excluded 1 (3), numbers-not-cited 1 (4)"
    )
    assert to_table(result.rows, result.footnotes).splitlines()[-1] == footnote_summary(
        result.footnotes
    )
    html = write_annotated(result, tmp_path / "annotated.html", "synthetic").read_text()
    assert '<td>2</td><td>1</td><td><a href="site/claims/W01.html">W01</a></td>' in html
    assert f"<td>{FOOTNOTE_STATUSES['no-number']}</td>" in html


@pytest.mark.skipif(not BRIEFING.is_file(), reason=f"the briefing excerpt is not at {BRIEFING}")
def test_every_footnote_of_the_real_briefing_is_cited_or_closes_no_number() -> None:
    """A footnote no claim cites closes a passage with no digit in it since the marker before."""
    from mutualstats import datasets

    register = datasets.load("briefing_claims")
    result = scan(
        BRIEFING.read_text(encoding="utf-8"), register, datasets.load("briefing_exclusions")
    )
    markers = result.briefing.markers
    assert [row.footnote for row in result.footnotes] == sorted({m.number for m in markers})
    assert {row.status for row in result.footnotes} <= {"cited", "no-number"}
    cited = {row.footnote for row in result.footnotes if row.status == "cited"}
    assert cited == set(register["footnote"].dropna().astype(int))
    uncited = [row.footnote for row in result.footnotes if row.status == "no-number"]
    assert uncited, "the briefing has footnotes to qualitative points"
    for number in uncited:
        at = next(i for i, marker in enumerate(markers) if marker.number == number)
        since = markers[at - 1].end if at else 0
        assert not re.search(r"[0-9]", result.briefing.stream[since : markers[at].start])
    # The README quotes the excerpt's footnote line: it is the scan's, not typed from memory.
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    quoted = re.search(r"For the excerpt: `(footnotes [^`]*?), \.\.\.`", readme)
    assert quoted, "the README quotes no footnote line of the excerpt"
    assert footnote_summary(result.footnotes).startswith(quoted.group(1))


def _is_gap(row: ScanRow) -> bool:
    return row.status not in ("matched", "excluded")


def test_a_number_in_another_form_is_unregistered_so_the_scan_fails() -> None:
    rows = scan("Synthetic: widgets worth 1.5bn.\n", register(), NO_EXCLUSIONS).rows
    assert [(row.expression, row.status) for row in rows] == [("1.5bn", "unregistered")]
    assert has_gaps(rows)


def test_a_form_feed_inside_the_text_does_not_move_line_numbers() -> None:
    text = "Synthetic widgets.\n\x0cSynthetic page break.\nSynthetic: 41% of widgets are blue.\n"
    rows = scan(text, register(), NO_EXCLUSIONS).rows
    assert [(row.line, row.expression) for row in rows] == [(3, "41%")]


def test_an_exclusion_excludes_one_place_not_every_sentence_with_its_words() -> None:
    text = "Synthetic: in 2018 widgets were blue.\nSynthetic: in 2018 widgets were red as well.\n"
    rows = scan(text, register(), exclusions(("2018", "in 2018 widgets", "synthetic date"))).rows
    assert [(row.line, row.status) for row in rows] == [(1, "excluded"), (2, "unregistered")]


def test_a_body_line_that_begins_with_a_footnote_number_is_still_read() -> None:
    """Footnotes stand in blocks after a blank line: "20 of them ..." wrapped from body text is
    body text, while the same number opening a line after a blank line is footnote 20."""
    text = (
        "Synthetic: most widgets are blue20.\n"
        "Synthetic: of all the depots\n"
        "20 of them hold over 500 widgets each.\n"
        "\n"
        "20 Synthetic Widget Survey (2019).\n"
    )
    rows = scan(text, register(), NO_EXCLUSIONS).rows
    assert [(row.line, row.expression) for row in rows] == [(3, "20"), (3, "over 500")]


@pytest.mark.parametrize(
    ("printed", "unit", "qualifier", "note"),
    [
        ("about 60", "count", "over", "qualifier over registered, approximately printed"),
        ("60%", "count", "none", "unit count registered, pct printed"),
        ("60", "count", "none", ""),
    ],
)
def test_a_qualifier_or_unit_the_text_does_not_show_is_a_gap(
    printed: str, unit: str, qualifier: str, note: str
) -> None:
    """A register row saying "over" where the text says "about", or a count where the text
    prints a percentage, would be judged otherwise: the scan names it rather than matching."""
    text = f"Synthetic: there are {printed} widgets.1\n\n1 A source (2019).\n"
    claims = register(("W01", printed, 60, unit, 1))
    claims["qualifier"] = qualifier
    (row,) = [row for row in scan(text, claims, NO_EXCLUSIONS).rows if row.claim_id == "W01"]
    assert (row.status, row.note) == (("qualifier-differs", note) if note else ("matched", ""))
    assert has_gaps([row]) == bool(note)


@pytest.mark.parametrize(
    ("text", "registered", "note"),
    [
        ("Synthetic: 41% of widgets are blue5.\n\n5 A source (2019).\n", 5, ""),
        (
            "Synthetic: 41% of widgets are blue5.\n\n5 A source (2019).\n",
            9,
            "footnote 9 registered, 5 printed",
        ),
        (
            "Synthetic: 41% of widgets are blue5.\n\n5 A source (2019).\n",
            None,
            "footnote none registered, 5 printed",
        ),
        # A sentence with no marker takes the next one, or none.
        ("Synthetic: 41% are blue. Most are round7.\n\n7 A source (2019).\n", 7, ""),
        ("Synthetic: 41% are blue. Most are round7.\n\n7 A source (2019).\n", None, ""),
        (
            "Synthetic: 41% are blue. Most are round7.\n\n7 A source (2019).\n",
            3,
            "footnote 3 registered, 7 printed",
        ),
    ],
)
def test_a_claim_registered_at_another_footnote_than_the_text_gives_is_a_gap(
    text: str, registered: int | None, note: str
) -> None:
    """A footnote typed 91 for 19 was matched by the printed value alone, so the scan proved
    coverage while the audit named another citation than the briefing's."""
    (row,) = [
        row
        for row in scan(text, register(("W01", "41%", 41, "pct", registered)), NO_EXCLUSIONS).rows
        if row.claim_id == "W01"
    ]
    assert (row.status, row.note) == (("footnote-differs", note) if note else ("matched", ""))
    assert has_gaps([row]) == bool(note)


# Digits grouped in threes by a thin or no-break space

#: The spaces that group digits, by name: thin, narrow no-break and no-break.
GROUPING_SPACES = {"thin": "\u2009", "narrow no-break": "\u202f", "no-break": "\u00a0"}


@pytest.mark.parametrize("space", list(GROUPING_SPACES.values()), ids=list(GROUPING_SPACES))
@pytest.mark.parametrize(
    ("printed", "expected"),
    [
        ("Synthetic: 110{s}000 widgets.", ("110{s}000", "110000", "count", "none")),
        ("Synthetic: 1{s}250{s}000 widgets.", ("1{s}250{s}000", "1250000", "count", "none")),
        ("Synthetic: over 12{s}500 widgets.", ("over 12{s}500", "12500", "count", "over")),
        ("Synthetic: 3{s}100.5 widgets.", ("3{s}100.5", "3100.5", "count", "none")),
        (
            "Synthetic: a grant of £1{s}500 million.",
            ("£1{s}500 million", "1500", "gbp_million", "none"),
        ),
        ("Synthetic: 4{s}500% more widgets.", ("4{s}500%", "4500", "pct", "none")),
        ("Synthetic: widgets for 1{s}000 years.", ("1{s}000 years", "1000", "years", "none")),
        ("Synthetic: one in 1{s}000 widgets.", ("one in 1{s}000", "0.1", "pct", "one_in_n")),
    ],
)
def test_digits_grouped_by_a_thin_or_no_break_space_are_one_number(
    space: str, printed: str, expected: tuple[str, str, str, str]
) -> None:
    """As "110,000": one to three digits, then groups of exactly three."""
    text = printed.replace("{s}", space)
    assert expressions_of(text) == [tuple(part.replace("{s}", space) for part in expected)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # An ordinary space parts two numbers in prose: never merged, and each is unregistered.
        ("Synthetic: 110 000 widgets.", ["110", "000"]),
        ("Synthetic: chapter 3 100 widgets.", ["3", "100"]),
        ("Synthetic: in 2018 2,000 widgets.", ["2018", "2,000"]),
        # A first group of four digits, or a last group not of three, is not a grouping.
        ("Synthetic: in 2018\u00a0200 widgets.", ["2018", "200"]),
        ("Synthetic: 12\u202f0000 widgets.", ["12", "0000"]),
        ("Synthetic: 12\u202f00 widgets.", ["12", "00"]),
        ("Synthetic: 1\u2009234\u20095678 widgets.", ["1", "234", "5678"]),
        # A line break between the digits is not a grouping space.
        ("Synthetic: 110\n000 widgets.", ["110", "000"]),
    ],
)
def test_digits_parted_otherwise_are_not_merged(text: str, expected: list[str]) -> None:
    assert [expression for expression, *_ in expressions_of(text)] == expected


def test_a_number_grouped_by_an_ordinary_space_fails_the_scan() -> None:
    """Read as two numbers, neither registered: the scan does not pass it silently."""
    rows = scan("Synthetic: 110 000 widgets.", register(), NO_EXCLUSIONS).rows
    assert [(row.expression, row.value, row.status) for row in rows] == [
        ("110", "110", "unregistered"),
        ("000", "0", "unregistered"),
    ]
    assert has_gaps(rows)


@pytest.mark.parametrize(
    ("in_text", "in_register"), [("110\u202f000", "110,000"), ("110,000", "110\u00a0000")]
)
def test_a_grouped_number_matches_the_claim_printed_with_commas(
    in_text: str, in_register: str
) -> None:
    text = f"Synthetic: {in_text} widgets5."
    claims = register(("W01", in_register, 110000, "count", 5))
    rows = scan(text, claims, NO_EXCLUSIONS).rows
    assert [(row.expression, row.claim_id, row.status) for row in rows] == [
        (in_text, "W01", "matched")
    ]
    assert not has_gaps(rows)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Was read as "000 years", its "1" passed over unread.
        ("Synthetic: widgets for 1,000 years.", ("1,000 years", "1000", "years", "none")),
        # Was read as "one in 1" (100%) and a count of 0.
        ("Synthetic: one in 1,000 widgets.", ("one in 1,000", "0.1", "pct", "one_in_n")),
    ],
)
def test_a_comma_grouped_number_in_a_span_or_ratio_is_one_number(
    text: str, expected: tuple[str, str, str, str]
) -> None:
    assert expressions_of(text) == [expected]


@pytest.mark.parametrize(
    ("printed", "key"),
    [
        ("110\u202f000", "110,000"),
        ("1\u20091000", "1 1000"),
        ("2018\u00a0200", "2018 200"),
        ("1\u2009000\u2009000", "1,000,000"),
    ],
)
def test_a_printed_key_groups_only_what_is_read_as_one_number(printed: str, key: str) -> None:
    """A first group of four digits, or a group of four after it, is not a thousands group."""
    from mutualstats.scan_text import printed_key

    assert printed_key(printed) == key


# The scan and the register's reader read printed numbers with one grammar

#: Forms a briefing prints a number in, each read by the register's reader of value_as_printed.
PRINTED_FORMS = (
    "c.60",
    "c. 60",
    "approx.60",
    "twenty-six",
    "twenty six",
    "about twenty-six",
    "twenty-six thousand",
    "two thousand",
    "one hundred",
    "two hundred thousand",
    "3 hundred",
    "five in ten",
    "two out of five",
    "nine in every ten",
    "almost five in ten",
    "110k",
    "over 110k",
    "1.5m",
    "1.5bn",
    "£1.5bn",
    "£20,000m",
    "c.£20bn",
    "twenty-six per cent",
    "about five per cent",
)


def the_one_expression(text: str) -> Expression:
    (expression,) = find_expressions(parse_briefing(text))
    return expression


def as_registered(expression: Expression) -> tuple[float, str]:
    """The scan's reading in a unit the register holds: pounds at any scale in the register's
    money unit."""
    from mutualstats.sources import briefing

    unit = briefing.MONEY_UNITS[0] if expression.unit in POUND_UNITS else expression.unit
    assert expression.value is not None
    pounds = expression.value * UNIT_SCALES.get(expression.unit, 1.0)
    return pounds / UNIT_SCALES.get(unit, 1.0), unit


@pytest.mark.parametrize("printed", PRINTED_FORMS)
def test_the_scan_reads_a_printed_form_as_the_register_does(printed: str) -> None:
    """One expression, whose value, unit and qualifier the register's reader gives for the same
    printed text."""
    from mutualstats.sources import briefing

    expression = the_one_expression(f"Synthetic: {printed} widgets5.")
    assert expression.text == printed
    value, unit = as_registered(expression)
    expected, _ = briefing.printed_value(printed, unit, expression.qualifier)
    assert math.isclose(expected["value"], value)
    assert (briefing.printed_qualifier(printed) or "none") == expression.qualifier
    unit_problems = briefing._unit_problems(
        pd.DataFrame(
            {"value_as_printed": [printed], "unit": [unit], "value": [value], "value_high": [None]}
        ),
        "x",
    )
    assert unit_problems == []


@pytest.mark.parametrize("printed", PRINTED_FORMS)
def test_a_printed_form_matches_the_claim_registered_in_it(printed: str) -> None:
    """A register row printed in the form, with the value the register's reader gives, is the
    claim the scan matches, with no qualifier or unit named otherwise."""
    expression = the_one_expression(f"Synthetic: {printed} widgets5.")
    value, unit = as_registered(expression)
    claims = register(("W01", printed, value, unit, 5))
    claims["qualifier"] = expression.qualifier
    rows = scan(f"Synthetic: {printed} widgets5.", claims, NO_EXCLUSIONS).rows
    assert [(row.claim_id, row.status, row.note) for row in rows] == [("W01", "matched", "")]


@pytest.mark.parametrize(
    ("in_text", "in_register"),
    [("c. 60", "c.60"), ("approx.60", "approx. 60"), ("twenty six", "twenty-six")],
)
def test_one_form_spelt_two_ways_matches_its_claim(in_text: str, in_register: str) -> None:
    value, unit = as_registered(the_one_expression(f"Synthetic: {in_text} widgets5."))
    claims = register(("W01", in_register, value, unit, 5))
    claims["qualifier"] = the_one_expression(f"Synthetic: {in_text} widgets5.").qualifier
    rows = scan(f"Synthetic: {in_text} widgets5.", claims, NO_EXCLUSIONS).rows
    assert [(row.claim_id, row.status) for row in rows] == [("W01", "matched")]


def test_pounds_at_a_scale_other_than_the_registered_unit_must_be_the_same_amount() -> None:
    """ "£20" registered in billions is not the £20 printed: the scan names the unit."""
    claims = register(("W01", "£20", 20, "gbp_billion", 5))
    (row,) = scan("Synthetic: £20 widgets5.", claims, NO_EXCLUSIONS).rows
    assert (row.status, row.note) == (
        "qualifier-differs",
        "unit gbp_billion registered, gbp printed",
    )


def test_the_scale_words_have_one_home(monkeypatch: pytest.MonkeyPatch) -> None:
    """Both readers take a scale word's factor from :data:`number_grammar.SCALES`, so a change
    to it moves both."""
    from mutualstats import number_grammar, scan_text
    from mutualstats.sources import briefing

    assert not hasattr(scan_text, "SCALES") and not hasattr(briefing, "SCALES")
    for factor in (number_grammar.SCALES["k"], 2 * number_grammar.SCALES["k"]):
        monkeypatch.setitem(number_grammar.SCALES, "k", factor)
        assert the_one_expression("Synthetic: 110k widgets.").value == 110 * factor
        assert briefing.printed_numbers("110k", "count") == [110 * factor]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A hyphen between numbers is not a minus sign, in the text or in the register.
        ("Synthetic: a 2-3% gain in widgets.", [("2-3%", "2-3", "pct", "range")]),
        ("Synthetic: 2-3 widgets.", [("2", "2", "count", "none"), ("3", "3", "count", "none")]),
        # A ratio's whole is not a year, a span of years, or smaller than its part.
        (
            "Synthetic: 60 in 2018.",
            [("60", "60", "count", "none"), ("2018", "2018", "year", "none")],
        ),
        (
            "Synthetic: one in 2019.",
            [("one", "1", "count", "none"), ("2019", "2019", "year", "none")],
        ),
        (
            "Synthetic: two in five years.",
            [("two", "2", "count", "none"), ("five years", "5", "years", "none")],
        ),
        (
            "Synthetic: 40 in ten regions.",
            [("40", "40", "count", "none"), ("ten", "10", "count", "none")],
        ),
        # A full stop after another word is a footnote marker's, not a qualifier's.
        ("Synthetic: widgets etc.60", []),
        # An abbreviation ends a scale word: "5 km" has no scale.
        ("Synthetic: 5 km of widgets.", [("5", "5", "count", "none")]),
    ],
)
def test_forms_that_are_not_one_number_are_read_as_before(
    text: str, expected: list[tuple[str, str, str, str]]
) -> None:
    assert expressions_of(text) == expected


@pytest.mark.parametrize(("printed", "numbers"), [("2-3%", [2.0, 3.0]), ("2-3", [2.0, 3.0])])
def test_the_register_reads_a_hyphen_between_numbers_as_a_range(
    printed: str, numbers: list[float]
) -> None:
    from mutualstats.sources import briefing

    assert briefing.printed_numbers(printed, "pct") == numbers


def test_one_of_many_is_still_the_word_one_and_excluded() -> None:
    text = "Synthetic: a depot is one of many examples."
    excluded = exclusions(("one", "one of many", "an example, not a quantity"))
    rows = scan(text, register(), excluded).rows
    assert [(row.expression, row.status) for row in rows] == [("one", "excluded")]
    assert [row.status for row in scan(text, register(), NO_EXCLUSIONS).rows] == ["unregistered"]


def test_a_line_of_many_numbers_is_marked_number_by_number() -> None:
    """Synthetic: one line of 500 numbers, none registered. Each is marked once, as unregistered,
    and the line is written whole between the marks."""
    from mutualstats.scan_report import annotated_lines

    line = " ".join(f"{count:,} widgets," for count in range(1000, 1500))
    result = scan(line + "\n", register(), NO_EXCLUSIONS)
    (segments,) = annotated_lines(result.briefing, result.rows)
    marked = [segment for segment in segments if segment.status]
    assert [segment.text for segment in marked[:3]] == ["1,000", "1,001", "1,002"]
    assert len(marked) == 500 and {segment.status for segment in marked} == {"unregistered"}
    assert "".join(segment.text for segment in segments) == line
