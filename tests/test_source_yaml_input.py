"""Bad input in a source.yaml is one message naming the file and line; nothing is built from it.

Each test edits a private copy of the project's raw data (``built_project``) and checks the message,
its line, and that data/processed is left as it was.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import fails_leaving_processed, processed_digests

from mutualstats.build import build_all
from mutualstats.cli import main
from mutualstats.provenance import publications, read_source

CQC_LICENCE = 'licence: "Crown copyright (cqc.org.uk); Open Government Licence v3.0"'
CQC_TITLE = (
    'title: "State of Care: national shares of services rated good and outstanding by sector"'
)


def _yaml(project: Path, folder: str) -> Path:
    return project / "data" / "raw" / folder / "source.yaml"


def _edit(project: Path, folder: str, old: str, new: str) -> int:
    """Replace ``old`` by ``new`` in a folder's source.yaml; the line ``new`` starts on."""
    path = _yaml(project, folder)
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    at = text.index(old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return text.count("\n", 0, at) + 1


def _fails_once(project: Path, folder: str, line: int, fragment: str) -> str:
    """The build fails with one problem, on ``line`` of the folder's source.yaml."""
    messages = fails_leaving_processed(project, f"data/raw/{folder}/source.yaml:{line}", fragment)
    assert len(messages) == 1, messages
    return messages[0]


# 1. The id is the folder's name.


def test_the_real_publications_belong_to_their_folders(built_project: Path) -> None:
    known = publications()
    assert known["cqc_state_of_care_2019_20"].source_id == "cqc"
    assert read_source(_yaml(built_project, "cqc").parent).source_id == "cqc"


@pytest.mark.parametrize("written", ["bsa", "123", '"CQC"'])
def test_an_id_that_is_not_the_folder_name_fails(built_project: Path, written: str) -> None:
    line = _edit(built_project, "cqc", "id: cqc\n", f"id: {written}\n")
    message = _fails_once(
        built_project, "cqc", line, "column 'id': must be the name of the source folder, cqc"
    )
    assert message.endswith(f"(value: '{written.strip(chr(34))}')")


def test_a_geography_outside_the_vocabulary_is_named_with_its_line(built_project: Path) -> None:
    line = _edit(built_project, "cqc", "licence:", "geography: wales\nlicence:")
    message = _fails_once(built_project, "cqc", line, "column 'geography': must be one of")
    assert message.endswith("(value: 'wales')")


def test_a_geography_of_the_vocabulary_is_read(built_project: Path) -> None:
    from mutualstats.config import GEOGRAPHIES

    _edit(built_project, "cqc", "licence:", f"geography: {GEOGRAPHIES[0]}\nlicence:")
    assert read_source(_yaml(built_project, "cqc").parent).geography == GEOGRAPHIES[0]


# 2. Unknown keys are named with their line and the keys allowed.


def test_a_misspelt_publication_key_is_named(built_project: Path) -> None:
    line = _edit(built_project, "cqc", "    url: http://cqc.org.uk", "    ulr: http://cqc.org.uk")
    message = _fails_once(built_project, "cqc", line, "publications entry 1: unknown key 'ulr'")
    assert line == 10
    assert "optionally, edition, date_published, url, mirror_url, pages" in message


@pytest.mark.parametrize("key", ["bogus_top", "yes"])
def test_an_unknown_top_level_key_is_named_as_written(built_project: Path, key: str) -> None:
    line = _edit(built_project, "cqc", "licence:", f"{key}: 1\nlicence:")
    message = _fails_once(built_project, "cqc", line, f"unknown key '{key}'")
    assert "optionally, commissioned_by, known_discrepancies" in message


def test_a_reference_holds_only_id_and_declared_in(built_project: Path) -> None:
    old = "declared_in: nhs_vacancies\n"
    line = _edit(built_project, "nhs_workforce", old, old + "    title: Copied title\n") + 1
    _fails_once(built_project, "nhs_workforce", line, "unknown key 'title'")


# 3. Each field has its type, and dates are in the calendar.


@pytest.mark.parametrize(
    ("old", "new", "fragment"),
    [
        (
            "publisher: Care Quality Commission\n",
            "publisher: [a, b]\n",
            "column 'publisher': must be text, not a list",
        ),
        (CQC_TITLE, "title: 42", "column 'title': must be text, not a number; write it in quotes"),
        (
            "method_notes: |\n",
            "method_notes: []\nold_notes: |\n",
            "column 'method_notes': must be text, not a list",
        ),
        (CQC_LICENCE, "licence: !!binary aGVsbG8=", "must be text, not binary data (!!binary)"),
        (CQC_LICENCE, "licence: !!set {a, b}", "column 'licence': must be text, not a set (!!set)"),
        (
            'known_discrepancies:\n  - "The',
            'known_discrepancies:\n  first: "The',
            "column 'known_discrepancies': must be a list of text items",
        ),
        (
            'known_discrepancies:\n  - "The',
            'known_discrepancies:\n  - [1, 2]\n  - "The',
            "known_discrepancies': item 1 must be text, not a list",
        ),
        (
            'date_published: "2020-10"',
            'date_published: "2020-13"',
            "date_published 2020-13 is not a real date",
        ),
        (
            'date_published: "2020-10"',
            'date_published: "2021-02-29 (issue date)"',
            "date_published 2021-02-29 is not a real date",
        ),
        ('    edition: "2019/20"', "    edition: 2019", "edition must be text, not a number"),
        (
            'date_published: "2020-10"',
            'date_published: "2029-10"',
            "date_published 2029-10 is after date_accessed",
        ),
        (
            'date_published: "2020-10"',
            'date_published: "autumn 2029"',
            "date_published 2029 is after date_accessed",
        ),
        (
            'date_published: "2020-10"',
            'date_published: "２０３０-10"',
            "date_published write digits as 0-9, not ０２３ (value: '２０３０-10')",
        ),
        (
            'date_published: "2020-10"',
            'date_published: "0000"',
            "0000 is not a year of publication",
        ),
    ],
    ids=[
        "publisher-list",
        "title-number",
        "notes-list",
        "binary",
        "set",
        "discrepancies-mapping",
        "discrepancy-not-text",
        "month-13",
        "february-29",
        "edition-number",
        "month-after-checked",
        "year-after-checked",
        "full-width-digits",
        "year-zero",
    ],
)
def test_a_value_of_the_wrong_kind_is_named_with_its_line(
    built_project: Path, old: str, new: str, fragment: str
) -> None:
    line = _edit(built_project, "cqc", old, new)
    # A key's problem is on the key's line; a list item's on the item's (one line below).
    line += 1 if "item 1" in fragment else 0
    messages = fails_leaving_processed(built_project, f"data/raw/cqc/source.yaml:{line}", fragment)
    assert len([message for message in messages if fragment in message]) == 1, messages


def test_a_quoted_real_month_and_free_text_are_accepted(built_project: Path) -> None:
    _edit(
        built_project,
        "cqc",
        'date_published: "2020-10"',
        'date_published: "unknown (after quarter end 2020-06-30)"',
    )
    build_all()
    assert publications()["cqc_state_of_care_2019_20"].date_published.endswith("2020-06-30)")


def test_a_publication_dated_on_or_before_the_day_it_was_checked_is_accepted(
    built_project: Path,
) -> None:
    """The day the folder was checked and its month and year are not after it."""
    text = (built_project / "data" / "raw" / "cqc" / "source.yaml").read_text(encoding="utf-8")
    found = re.search(r'^date_accessed: "(\d{4}-\d{2}-\d{2})"$', text, flags=re.MULTILINE)
    assert found, "cqc/source.yaml has no quoted date_accessed line"
    accessed = found.group(1)
    for written in (accessed, accessed[:7], accessed[:4]):
        _edit(built_project, "cqc", 'date_published: "2020-10"', f'date_published: "{written}"')
        build_all()
        assert publications()["cqc_state_of_care_2019_20"].date_published == written
        _edit(built_project, "cqc", f'date_published: "{written}"', 'date_published: "2020-10"')


@pytest.mark.parametrize(
    ("key", "fragment"),
    [
        ("licence", "column 'licence': must be text"),
        ("date_accessed", "column 'date_accessed': must be the day the citations were checked"),
        ("id", "column 'id': must be the name of the source folder, cqc"),
        ("    sha256", "column 'files': files entry 1: sha256 must be 64 lower-case hex digits"),
    ],
    ids=["licence", "date-accessed", "id", "sha256"],
)
def test_a_key_with_nothing_after_it_is_said_to_be_empty(
    built_project: Path, key: str, fragment: str
) -> None:
    """``licence:`` with nothing after it is read as None: the message says the value is empty,
    not that it is 'None'."""
    text = _yaml(built_project, "cqc").read_text(encoding="utf-8")
    written = re.search(rf"^{key}: .*$", text, flags=re.MULTILINE)
    assert written, key
    line = _edit(built_project, "cqc", f"{written.group(0)}\n", f"{key}:\n")
    message = _fails_once(built_project, "cqc", line, fragment)
    assert message.endswith(" (the value is empty)") and "None" not in message, message


@pytest.mark.parametrize("written", ['""', "' '"], ids=["empty-quotes", "a-space-quoted"])
@pytest.mark.parametrize("key", ["licence", "publisher", "transcribed_by"])
def test_a_required_text_written_as_empty_quotes_is_named(
    built_project: Path, key: str, written: str
) -> None:
    """``licence: ""`` is text, but says nothing: a required key is refused as it is left empty."""
    text = _yaml(built_project, "cqc").read_text(encoding="utf-8")
    found = re.search(rf"^{key}: .*$", text, flags=re.MULTILINE)
    assert found, key
    line = _edit(built_project, "cqc", f"{found.group(0)}\n", f"{key}: {written}\n")
    _fails_once(built_project, "cqc", line, f"column '{key}': must say what it is")


def test_the_cli_exits_2_without_a_traceback(
    built_project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    line = _edit(built_project, "cqc", CQC_TITLE, "title: [a]")
    before = processed_digests(built_project)
    assert main(["build"]) == 2
    err = capsys.readouterr().err
    assert f"data/raw/cqc/source.yaml:{line} column 'title': must be text, not a list" in err
    assert "Traceback" not in err and processed_digests(built_project) == before


# 4. `mutualstats checksum` adds to an empty files: [].


def _files_written_as(project: Path, folder: str, written: str) -> Path:
    path = _yaml(project, folder)
    text = path.read_text(encoding="utf-8")
    path.write_text(text[: text.index("\nfiles:")] + f"\n{written}\n", encoding="utf-8")
    return path


def test_checksum_fills_an_empty_files_list(built_project: Path) -> None:
    recorded = read_source(_yaml(built_project, "cqc").parent).files["headline_figures.csv"]
    path = _files_written_as(built_project, "cqc", "files: []  # none yet")
    assert main(["checksum", str(path.parent)]) == 0
    text = path.read_text(encoding="utf-8")
    assert f"\nfiles: # none yet\n  - path: headline_figures.csv\n    sha256: {recorded}\n" in text
    assert text.count("files:") == 1
    build_all()


def test_checksum_refuses_to_add_to_a_one_line_files_list(
    built_project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _files_written_as(built_project, "cqc", "files: [{path: other.csv, sha256: x}]")
    before = path.read_text(encoding="utf-8")
    assert main(["checksum", str(path.parent)]) == 2
    err = capsys.readouterr().err
    line = before.count("\n")
    assert f"data/raw/cqc/source.yaml:{line} column 'files': cannot add to files: written" in err
    assert "duplicate key" not in err and path.read_text(encoding="utf-8") == before


# 5. A year in other digits is not a year to the description check.


@pytest.mark.parametrize("year", ["²", "١٢"])
def test_checksum_counts_only_ascii_years(
    built_project: Path, year: str, capsys: pytest.CaptureFixture[str]
) -> None:
    csv = built_project / "data" / "raw" / "bsa" / "satisfaction.csv"
    text = csv.read_text(encoding="utf-8")
    csv.write_text(text.replace(",1983,", f",{year},", 1), encoding="utf-8")
    assert main(["checksum", str(csv.parent)]) == 0
    out, err = capsys.readouterr()
    assert out == "recorded sha256 of satisfaction.csv in data/raw/bsa/source.yaml\n"
    latest = max(int(line.split(",")[1]) for line in text.splitlines()[1:] if line)
    assert f"states 1983-{latest}, but the file covers 1984-{latest}" in err
    assert "unexpected error" not in err and "12-" not in err
    fails_leaving_processed(built_project, "data/raw/bsa/satisfaction.csv:2 column 'year'")


# 6. YAML's own errors, in the project's words.


def test_a_nul_is_named_with_its_line(built_project: Path) -> None:
    line = _edit(built_project, "cqc", "licence:", "note: a\0b\nlicence:")
    message = _fails_once(built_project, "cqc", line, "character U+0000 is not allowed")
    assert "position" not in message and "\n" not in message


TRANSCRIBED = "transcribed_by: mutualstats maintainers"
DISCREPANCY = '  - "The Local'

#: A slip in cqc's source.yaml: the text replaced, its replacement, the text the message points
#: at (once in the file after the edit) and the message's plain words.
YAML_SLIPS = [
    ("  - id: cqc_", "\t- id: cqc_", "\t", "a tab is used for indentation: indent with spaces"),
    ("  - id: cqc_", "  -\tid: cqc_", "\t", "a tab is used where YAML needs a space: use spaces"),
    ("licence:", "---\nlicence:", "---", "a second YAML document starts here, after '---'"),
    ("licence:", "...\nlicence:", "licence:", "text follows the end marker '...': remove"),
    (
        'outstanding."\nfiles:',
        "outstanding.\nfiles:",
        '"The Local',
        "the quoted value that starts here is never closed: close it with the same quote",
    ),
    (
        TRANSCRIBED,
        TRANSCRIBED.replace(":", ""),
        "transcribed_by",
        "a key without ':' after it: write 'key: value'",
    ),
    (
        DISCREPANCY,
        '  - "First."\n- "The Local',
        '- "The Local',
        "a list item ('- ') where a key is expected: indent a list's items alike",
    ),
    (
        "\nfiles:\n",
        "\n  note: added\nfiles:\n",
        "note: added",
        "a key where a list item ('- ') is expected: a list and keys are mixed",
    ),
    (DISCREPANCY, '  first: x\n  - "The Local', '- "The Local', "a list item ('- ')"),
    (
        TRANSCRIBED,
        "transcribed_by: mutualstats: maintainers",
        ": maintainers",
        "a value holds ': ': put the whole value in quotes",
    ),
    (
        TRANSCRIBED,
        f"{TRANSCRIBED}\n  team: data",
        ": data",
        "a key indented more than the line above it: line it up with its mapping's keys",
    ),
    (TRANSCRIBED, "transcribed_by: @maintainers", "@", "a value cannot start with '@'"),
    (
        TRANSCRIBED,
        "transcribed_by: [mutualstats, maintainers",
        "[",
        "the '[' opened here is not closed: close it with ']'",
    ),
    # Any other parse error still names its line and column, in PyYAML's words.
    ("id: cqc\n", "%YAML 1.1\n%YAML 1.1\n---\nid: cqc\n", "%YAML 1.1\n---", "found duplicate"),
]


@pytest.mark.parametrize(
    ("old", "new", "point", "words"),
    YAML_SLIPS,
    ids=[
        "tab-indent",
        "tab-after-dash",
        "second-document",
        "text-after-end-marker",
        "unclosed-quote",
        "missing-colon",
        "list-item-at-wrong-indent",
        "key-in-a-list",
        "list-item-in-a-mapping",
        "colon-in-value",
        "key-indented-too-far",
        "reserved-character",
        "unclosed-bracket",
        "other-parse-error",
    ],
)
def test_a_yaml_slip_is_one_plain_message_with_its_line_and_column(
    built_project: Path,
    old: str,
    new: str,
    point: str,
    words: str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """build, checksum and describe give the same message: where the slip is (PyYAML's position,
    or for an unclosed quote or bracket and a key without its colon, where it starts) and what to
    do, without PyYAML's own words; exit 2, no traceback."""
    _edit(built_project, "cqc", old, new)
    text = _yaml(built_project, "cqc").read_text(encoding="utf-8")
    assert text.count(point) == 1, point
    at = text.index(point)
    line, column = text.count("\n", 0, at) + 1, at - text.rfind("\n", 0, at)
    expected = f"malformed YAML at column {column}: {words}"
    (message,) = _fails_once(built_project, "cqc", line, expected).splitlines()
    for commands in (["build"], ["checksum", str(_yaml(built_project, "cqc").parent)]):
        assert main(commands) == 2
        err = capsys.readouterr().err
        assert f"  - {message}\n" in err and "Traceback" not in err
    assert main(["describe", "cqc"]) == 2
    assert capsys.readouterr().err == f"1 problem(s) in the raw data:\n  - {message}\n"
    unclear = ("cannot start any token", "another document", "<document start>", "end of stream")
    assert not any(phrase in message for phrase in unclear), message


def test_a_merge_key_is_refused_with_its_line(built_project: Path) -> None:
    line = _edit(built_project, "cqc", "licence:", "<<: {publisher: x}\nlicence:")
    _fails_once(built_project, "cqc", line, "merge keys (<<) are not allowed")


def test_declared_in_a_missing_folder_says_so(built_project: Path) -> None:
    old = "declared_in: nhs_vacancies"
    line = _edit(built_project, "nhs_workforce", old, "declared_in: nonexistent_folder")
    message = _fails_once(
        built_project,
        "nhs_workforce",
        line,
        "declared_in: nonexistent_folder is not a source folder",
    )
    assert "does not declare" not in message


# 5. A files: entry names the line of its key.


@pytest.mark.parametrize(
    ("old", "new", "fragment"),
    [
        (
            "  - path: headline_figures.csv\n",
            "  - path: ../cqc/headline_figures.csv\n",
            "files entry 1: path must name a file inside the source folder",
        ),
        (
            "    sha256: {sha256}\n",
            "    sha256: 12345\n",
            "files entry 1: sha256 must be 64 lower-case hex digits (value: '12345')",
        ),
        (
            "    sha256: {sha256}\n",
            "    sha256: {sha256}\n    size: 1\n",
            "files entry 1: unknown key(s)",
        ),
    ],
    ids=["path-outside", "short-sha256", "unknown-key"],
)
def test_a_bad_files_entry_is_named_with_the_line_of_its_key(
    built_project: Path, old: str, new: str, fragment: str
) -> None:
    recorded = read_source(_yaml(built_project, "cipfa").parent).files["headline_figures.csv"]
    old, new = old.format(sha256=recorded), new.format(sha256=recorded)
    line = _edit(built_project, "cipfa", old, new)
    line += new.count("\n") - 1 if "size" in new else 0
    _fails_once(built_project, "cipfa", line, fragment)


def test_files_written_as_text_says_it_must_be_a_list(built_project: Path) -> None:
    path = _yaml(built_project, "cipfa")
    text = path.read_text(encoding="utf-8")
    at = text.index("files:\n")
    listed = text[at:].split("\n\n")[0]
    path.write_text(text.replace(listed, "files: headline_figures.csv"), encoding="utf-8")
    _fails_once(
        built_project,
        "cipfa",
        text.count("\n", 0, at) + 1,
        "must be a list of entries (- path: ..., sha256: ...), not text "
        "(value: 'headline_figures.csv')",
    )


def test_a_source_without_method_notes_is_named(built_project: Path) -> None:
    """How a folder's values were read and coded is part of its record: a source.yaml without
    method_notes is refused, as one without a licence is."""
    from conftest import fails_leaving_processed

    path = built_project / "data" / "raw" / "cqc" / "source.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("method_notes:")
    end = text.index("\n", start)
    while end + 1 < len(text) and text[end + 1] == " ":
        end = text.index("\n", end + 1)
    path.write_text(text[:start] + text[end + 1 :], encoding="utf-8")
    messages = fails_leaving_processed(built_project, "data/raw/cqc/source.yaml")
    assert any("method_notes" in message for message in messages), messages


@pytest.mark.parametrize(
    "written",
    [
        lambda url: url,
        lambda url: url + "/",
        lambda url: url.replace("https://", "http://", 1),
        lambda url: url.replace("://www.", "://", 1) + "#top",
        lambda url: url + "?utm_source=newsletter",
    ],
    ids=["same", "trailing-slash", "http", "no-www-with-fragment", "tracking-parameter"],
)
def test_one_page_held_as_two_publications_is_named_at_the_second(
    built_project: Path, written
) -> None:
    """A second publication entry with the address of another in the same file, however the
    address is written, would let a row cite the page under a new id, and a claim citing the
    first be judged misattributed."""
    path = _yaml(built_project, "bsa")
    text = path.read_text(encoding="utf-8")
    first = re.search(r"  - id: (\S+)\n(?:    .*\n)*?    url: (\S+)\n", text)
    assert first is not None
    publication_id, url = first.group(1), first.group(2)
    entry = (
        '  - id: synthetic_same_page\n    edition: "2018"\n'
        '    title: "SYNTHETIC test publication: the same page under another id"\n'
        '    publisher: SYNTHETIC\n    date_published: "2019-03"\n'
        f"    url: {written(url)}\n"
    )
    after_first = text.index("  - id: ", first.end(2))
    path.write_text(text[:after_first] + entry + text[after_first:], encoding="utf-8")
    second = text.count("\n", 0, after_first) + entry.count("\n")
    _fails_once(
        built_project, "bsa", second, f"url is also the address of {publication_id} in this file"
    )


@pytest.mark.parametrize(
    ("written", "said"),
    [
        ("", "source.yaml is empty: it needs the keys id, publisher,"),
        ("# nothing yet\n", "source.yaml is empty: it needs the keys id, publisher,"),
        ("- id: cqc\n", "source.yaml must be a mapping of keys (key: value lines), not a list"),
        ("cqc\n", "source.yaml must be a mapping of keys (key: value lines), not a single value"),
    ],
    ids=["empty", "comment-only", "a-list", "a-word"],
)
def test_a_source_yaml_that_is_no_mapping_is_named_alike_by_build_and_checksum(
    built_project: Path, capsys: pytest.CaptureFixture[str], written: str, said: str
) -> None:
    """An empty file was "must be a mapping of keys" to the build and "must be a mapping whose
    files: is a list of entries" to ``checksum``; both now say what the file is, in one wording."""
    _yaml(built_project, "cqc").write_text(written, encoding="utf-8")
    (message,) = fails_leaving_processed(built_project, said)
    assert message.startswith(f"data/raw/cqc/source.yaml: {said}")
    capsys.readouterr()
    assert main(["checksum", str(built_project / "data" / "raw" / "cqc")]) == 2
    assert capsys.readouterr().err.startswith(f"1 problem(s) in the raw data:\n  - {message}")
