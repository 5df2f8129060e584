"""What an analyst is told: ``mutualstats describe`` and the period parameters of a run."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import make_dry_run

from mutualstats import claims, periods
from mutualstats.addresses import URL
from mutualstats.cli import main
from mutualstats.config import MIN_SURVEY_BASE_N, project_root
from mutualstats.describe import describe
from mutualstats.dictionary import KIND_WORDS, model_fields
from mutualstats.provenance import record_checksums
from mutualstats.sources import BUILDERS, RAW_MODELS
from mutualstats.vocabulary import STATUS_WORDS


def test_describe_lists_columns_vocabularies_and_a_publication_entry() -> None:
    text = describe("skills_for_care")
    assert "data/raw/skills_for_care/workforce_estimates.csv" in text
    columns = text.split("Columns, in order:")[1].split("Vocabularies:")[0]
    names = [line.split()[0] for line in columns.strip().splitlines()]
    assert names[:4] == ["publication_id", "edition", "reference_year", "measure"]
    vocabulary = text.split("  status, one of:\n")[1].split("\n\n")[0].splitlines()
    assert [line.split(None, 1) for line in vocabulary] == [
        [status, words] for status, words in STATUS_WORDS.items()
    ]
    assert "  - id: ...\n    publisher: ...\n    title: ...\n    edition: ..." in text
    assert "make all SFC_EDITION=<new value>" in text


@pytest.mark.parametrize("source_id", sorted(BUILDERS))
def test_describe_gives_each_column_its_kind_in_the_dictionary_s_words(source_id: str) -> None:
    """Each column reads as what it holds, worded as the data dictionary words it (a date column
    is a date, never a pandas type such as datetime64[ns])."""
    parts = re.split(r"^data/raw/[^/\n]+/([^/:\n]+\.csv): ", describe(source_id), flags=re.M)
    assert len(parts) > 1
    for file_name, section in zip(parts[1::2], parts[2::2], strict=True):
        rows = section.split("Columns, in order:\n")[1].split("\n\n")[0].splitlines()
        kinds = {row.split()[0]: row.split(None, 1)[1].split(",")[0] for row in rows}
        fields = {field.name: field for field in model_fields(RAW_MODELS[file_name])}
        assert kinds.keys() == fields.keys()
        assert set(kinds.values()) <= set(KIND_WORDS.values()), kinds
        dates = {name for name, field in fields.items() if field.dtype.startswith("datetime64")}
        assert {name for name, kind in kinds.items() if kind == KIND_WORDS["date"]} == dates


def test_a_raw_date_column_is_described_as_a_date() -> None:
    assert "  period_end       date, required:" in describe("nhs_vacancies")


@pytest.mark.parametrize("parameter", periods.PARAMETERS, ids=lambda item: item.variable)
def test_describe_tells_to_store_notebooks_whose_outputs_list_every_period(parameter) -> None:
    """The committed notebooks taking a period show the latest one held (they count and list
    every period held), so a new year or edition changes their stored outputs even where the
    briefing's audit does not move: describe's next steps say to store them whatever changed,
    and where a chart's changed baseline is shown, as the README's procedure does."""
    import nbformat

    from mutualstats.runs import notebooks_for

    latest = parameter.held()[-1]
    stored = "\n".join(
        str(output.get("text", "")) + str(output.get("data", {}).get("text/plain", ""))
        for notebook in notebooks_for({parameter.name: latest})
        for cell in nbformat.read(notebook, as_version=4).cells
        for output in cell.get("outputs", [])
    )
    assert latest in stored, (parameter.variable, latest)
    steps = describe(parameter.folder).split("\nThen")[1].splitlines()
    store = [line for line in steps if "make store-notebooks" in line]
    assert store and not any(" if " in line for line in store), store
    assert any("reports/mpl/" in line for line in steps), steps


def test_describe_gives_every_range_and_pattern_in_words() -> None:
    """Each column's bounds and pattern, read from the models, are listed in words: no pattern
    is shown as a regular expression, and the BSA survey years are the model's own bounds."""
    from mutualstats.schemas import PATTERN_WORDS
    from mutualstats.schemas.bsa import RawBsaSatisfaction
    from mutualstats.sources import BUILDERS, RAW_MODELS

    texts = "\n".join(describe(source) for source in BUILDERS)
    listed = {
        check.statistics["pattern"]
        for model in RAW_MODELS.values()
        for column in model.to_schema().columns.values()
        for check in column.checks
        if check.name == "str_matches"
    }
    assert listed <= set(PATTERN_WORDS), listed - set(PATTERN_WORDS)
    assert "matches " not in texts.split("Checked on each value:")[1]
    checks = {c.name: c.statistics for c in RawBsaSatisfaction.to_schema().columns["year"].checks}
    first, last = (
        checks["greater_than_or_equal_to"]["min_value"],
        checks["less_than_or_equal_to"]["max_value"],
    )
    bsa = describe("bsa").split("Checked on each value:\n")[1].split("\n\n")[0]
    assert f"  year: from {first} to {last}" in bsa.splitlines()
    assert f"  nhs_base_n: from {MIN_SURVEY_BASE_N}" in bsa.splitlines()
    assert f"  source_url: {PATTERN_WORDS[URL]}" in bsa.splitlines()


def test_describe_says_which_columns_each_status_needs() -> None:
    text = describe("bsa")
    assert "nhs_status 'published' needs nhs_satisfied_pct" in text
    assert "  mode: face_to_face, online_telephone" in text


def test_describe_lists_the_shared_measure_vocabulary_for_headline_sources() -> None:
    """Each code with its definition from the vocabulary file, aligned."""
    text = describe("cipfa")
    assert "  measure, one of (data/raw/seuk_psm/measures.csv):\n" in text
    assert re.search(r"\n    profitable_pct +share reporting a profit or surplus", text)


def test_describe_gives_each_measure_code_its_meaning() -> None:
    """The codes a new row may use, with what each counts, so an analyst need not guess."""
    from mutualstats.vocabulary import NHS_STAFF_MEASURES, SFC_MEASURES

    workforce = describe("skills_for_care")
    assert "  measure, one of:\n" in workforce
    assert re.search(
        r"\n    people +people working in adult social care, each counted once\n", workforce
    )
    assert all(re.search(rf"\n    {code} +\S", workforce) for code in SFC_MEASURES)
    assert "  scope, one of (data/raw/skills_for_care/scopes.csv):\n" in workforce
    assert re.search(r"\n    all_sectors_people +Estimated number of individual people", workforce)
    staff = describe("nhs_workforce")
    assert all(f"  {NHS_STAFF_MEASURES[code]}" in staff for code in NHS_STAFF_MEASURES)


def test_describe_lists_the_rules_checked_as_each_file_is_read() -> None:
    """The loader's own rules, beyond the models, are listed with the file they apply to: an
    analyst adding a quarter learns that period_end is the quarter's last day before the build
    refuses it. Every rule a loader declares is listed for each folder holding its file."""
    from mutualstats.sources import BUILDERS, LOADER_RULES
    from mutualstats.sources._long import DATED_RULE, PUBLICATION_RULE, VINTAGE_EDITION_RULE
    from mutualstats.sources.nhs_workforce import QUARTER_RULE

    vacancies = describe("nhs_vacancies").split("Checked as the file is read:\n")[1]
    assert vacancies.startswith(
        f"  {PUBLICATION_RULE}\n  {VINTAGE_EDITION_RULE}\n"
        f"  {DATED_RULE.format(column='period_end')}\n  period: {QUARTER_RULE}\n  period_end: the "
        "last day of the quarter in period (2018/19 Q3 ends on 2018-12-31)\n\n"
    )
    texts = {source: describe(source) for source in BUILDERS}
    for name, rules in LOADER_RULES.items():
        holding = [source for source, text in texts.items() if f"data/raw/{source}/{name}:" in text]
        assert holding, name
        for source in holding:
            table = texts[source].split(f"data/raw/{source}/{name}:")[1]
            read = table.split("Checked as the file is read:\n")[1].split("\n\n")[0]
            assert [line.strip() for line in read.splitlines()][-len(rules) :] == list(rules)


@pytest.mark.parametrize("source", ["nhs_vacancies", "psm_population"])
def test_describe_gives_each_value_qualifier_its_meaning(source: str) -> None:
    """Both tables with a qualifier column read one vocabulary, each word with what it says of
    the value (``over``: a lower bound)."""
    from mutualstats.config import VALUE_QUALIFIERS

    text = describe(source)
    columns = text.split("Columns, in order:")[1].split("Vocabularies:")[0]
    assert re.search(r"\n  qualifier +text, required: ", columns)
    assert "  qualifier, one of:\n" in text
    width = max(len(code) for code in VALUE_QUALIFIERS)
    for code, meaning in VALUE_QUALIFIERS.items():
        assert f"    {code:<{width}}  {meaning}\n" in text


def test_describe_gives_the_method_notes_and_what_each_status_means() -> None:
    """An analyst adding a BSA year learns what not_asked and not_found do to a comparison, and
    reads the folder's method notes (how values are read and coded) without opening source.yaml."""
    from mutualstats.config import VALUE_STATUS_EFFECTS, VALUE_STATUS_WORDS
    from mutualstats.datasets import provenance

    text = describe("bsa")
    notes = str(provenance("bsa").method_notes).strip().splitlines()
    assert "Method notes (source.yaml)" in text
    assert all(f"  {line}\n" in text for line in notes)
    statuses = text.split("  nhs_status, one of:\n")[1]
    for status, effect in VALUE_STATUS_EFFECTS.items():
        assert f"{status}  {VALUE_STATUS_WORDS[status]}; {effect}\n" in statuses
    statements = text.split("publisher_statements.csv:")[1].split("Vocabularies:")[0]
    assert not re.search(r"required: \n", statements)


def test_describe_an_unknown_source_is_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["describe", "nope"]) == 2
    error = capsys.readouterr().err
    assert error.startswith("mutualstats describe: no source 'nope'; sources: briefing, bsa")
    assert error.count("\n") == 1


def _appended(text: bytes) -> Callable[[bytes], bytes]:
    return lambda old: old + text


@pytest.mark.parametrize(
    ("source", "name", "change", "problem"),
    [
        (
            "cipfa",
            "seuk_psm/measures.csv",
            _appended(b'garbage,"unterminated\n'),
            "{new}: cannot be read as CSV (unexpected end of data); check the quotes on this line",
        ),
        (
            "cipfa",
            "seuk_psm/measures.csv",
            _appended(b"long_definition," + b"x" * 200_000 + b",pct\n"),
            "{new}: cannot be read as CSV: a value is longer than the limit of 131,072 "
            "characters; a quote opened on this line and never closed can also cause this",
        ),
        (
            "cipfa",
            "seuk_psm/measures.csv",
            _appended(b'garbage,"unterminated\n' + b"a_measure,a definition,pct\n" * 10_000),
            "{new}: cannot be read as CSV: a value is longer than the limit of 131,072 "
            "characters; a quote opened on this line and never closed can also cause this",
        ),
        (
            "cipfa",
            "seuk_psm/measures.csv",
            lambda old: b"measure,definition,unit\n",
            ": file has a header but no rows",
        ),
        ("cipfa", "seuk_psm/bases.csv", lambda old: b"", ": file is empty"),
        (
            "cipfa",
            "seuk_psm/bases.csv",
            _appended(b"\xff\xfe\n"),
            "{new} column 'base': bytes are not UTF-8 ('ÿ' is byte ff in Windows-1252): save "
            "the file as UTF-8 (value: 'ff')",
        ),
        (
            "skills_for_care",
            "skills_for_care/scopes.csv",
            lambda old: b"scope;label;definition" + old[old.index(b"\n") :],
            ":1: wrong delimiter: columns must be separated by commas "
            "(value: 'scope;label;definition')",
        ),
        (
            "skills_for_care",
            "skills_for_care/scopes.csv",
            lambda old: b"\xef\xbb\xbf" + old,
            ":1: file starts with a byte-order mark; save as UTF-8 without BOM",
        ),
        (
            "seuk_psm",
            "seuk_psm/measures.csv",
            _appended(b"Bad Code,a measure,pct\n"),
            "{new} column 'measure': not a code: lower-case letters, digits and underscores, "
            "starting with a letter (e.g. seuk_psm_2019) (value: 'Bad Code')",
        ),
        ("cipfa", "cipfa/headline_figures.csv", lambda old: b"", ": file is empty"),
    ],
    ids=[
        "broken-quote",
        "long-value",
        "unclosed-quote-before-many-lines",
        "no-rows",
        "empty",
        "not-utf8",
        "semicolons",
        "byte-order-mark",
        "bad-code",
        "empty-table",
    ],
)
def test_describe_refuses_a_broken_file_as_the_build_does(
    built_project: Path,
    source: str,
    name: str,
    change: Callable[[bytes], bytes],
    problem: str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """A vocabulary or table describe reads is read as the build reads it: a broken one is the
    build's problem with its file and line (``{new}`` is the line of an appended row), exit 2."""
    path = built_project / "data" / "raw" / name
    old = path.read_bytes()
    path.write_bytes(change(old))
    assert main(["describe", source]) == 2
    captured = capsys.readouterr()
    appended = old.count(b"\n") + 1
    where = f"data/raw/{name}{problem.format(new=f':{appended}')}"
    assert captured.err == f"1 problem(s) in the raw data:\n  - {where}\n"
    assert captured.out == ""
    record_checksums(path.parent)  # as the analyst would next; then the build says the same
    assert main(["build"]) == 2
    assert f"  - {where}\n" in capsys.readouterr().err


def test_each_period_defaults_to_the_briefing_and_lists_what_is_held() -> None:
    assert periods.resolve("survey_year") == claims.briefing_period("C24") == 2018
    assert periods.resolve("SFC_EDITION") == 2018
    assert periods.resolve("seuk_edition") == 2019
    assert periods.parameter("sfc_edition").held()[:2] == ["2016", "2017"]
    held = periods.parameter("seuk_edition").held()
    assert held[:2] == ["2018", "2019"]
    absent = int(held[-1]) + 5
    with pytest.raises(
        periods.PeriodError, match=rf"^SEUK_EDITION={absent}: .*; held: {', '.join(held)}$"
    ):
        periods.resolve("seuk_edition", absent)
    with pytest.raises(periods.PeriodError, match="no period called YEAR"):
        periods.parameter("YEAR")


def test_the_makefile_lists_every_period_variable() -> None:
    makefile = (project_root() / "Makefile").read_text(encoding="utf-8")
    (listed,) = re.findall(r"^PERIOD_VARS := (.*)$", makefile, flags=re.MULTILINE)
    assert listed.split() == [item.variable for item in periods.PARAMETERS]


@pytest.mark.parametrize("given", ["BSA_YEAR", "BSA_YEAR=", "=2023"])
def test_the_notebooks_command_refuses_a_malformed_period(
    given: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """A name or a value left out; "=2023" was "no period called ; periods: ..."."""
    assert main(["run", "--period", given]) == 2
    assert capsys.readouterr().err.strip() == (
        f"mutualstats run: --period takes NAME=VALUE, e.g. BSA_YEAR=2025; got {given!r}"
    )
    assert main(["run", "--check", "--period", "BSA_YEAR=2023"]) == 0
    assert "survey_year = 2023: held" in capsys.readouterr().out


@pytest.mark.parametrize(
    "padded",
    [" {name}={value}", "{name} ={value}", "{name}= {value}", "{name}={value} "],
    ids=["name-leading", "name-trailing", "value-leading", "value-trailing"],
)
def test_a_period_padded_with_spaces_is_refused_as_malformed(
    padded: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """A space around the name or the value is one message naming the part that has it, not
    "no period called  BSA_YEAR" (two spaces) or "no ... year  2018 in the data"."""
    survey_year = periods.parameter("survey_year")
    given = padded.format(name=survey_year.variable, value=survey_year.briefing())
    name, _, value = given.partition("=")
    part, written = ("name", name) if name != name.strip() else ("value", value)
    assert main(["run", "--check", "--period", given]) == 2
    assert capsys.readouterr().err == (
        f"mutualstats run: --period {given!r}: the {part} {written!r} has spaces around it; "
        "write it without "
        "spaces, as NAME=VALUE, e.g. BSA_YEAR=2025\n"
    )


def test_make_run_drops_spaces_before_a_period_and_the_command_refuses_them_after(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """make itself drops the spaces before a value given on its command line (``make run
    BSA_YEAR=' 2018'`` runs 2018); spaces after it reach the command, which refuses them."""
    survey_year = periods.parameter("survey_year")
    name, value = survey_year.variable, str(survey_year.briefing())
    for written, passed in ((f" {value}", value), (f"{value} ", f"{value} ")):
        lines = make_dry_run(tmp_path / "project", "run", f"{name}={written}")
        runs = [words[1:] for words in lines if words[1:2] == ["run"]]
        given = ["--period", f"{name}={passed}"]
        assert runs == [["run", "--check", *given], ["run", *given]]
    assert main(runs[0]) == 2
    assert "has spaces around it" in capsys.readouterr().err


def test_every_command_has_help_with_an_example_and_no_markup(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from mutualstats.cli import _parser

    parser = _parser()
    (commands,) = [action for action in parser._actions if action.dest == "command"]
    assert len(commands.choices) >= 11
    for name, sub in commands.choices.items():
        text = sub.format_help()
        assert "Example: mutualstats " in text, name
        assert "``" not in text and ":func:" not in text, name
    assert "``" not in parser.format_help()


def test_make_targets_and_commands_share_their_names() -> None:
    makefile = (project_root() / "Makefile").read_text(encoding="utf-8")
    for shared in ("run", "audit", "figures", "report", "restate", "scan", "store-notebooks"):
        assert re.search(rf"^{shared}:", makefile, flags=re.MULTILINE), shared
        assert f"mutualstats {shared}" in makefile, shared


def test_the_readme_names_every_file_whose_publisher_is_checked() -> None:
    """The README's list of bad input names each raw file whose loader checks a row's publisher
    against its publication's, by folder and file, as ``describe`` finds them; it named two of
    the three."""
    from mutualstats.sources import BUILDERS, LOADER_RULES
    from mutualstats.sources._long import PUBLISHER_RULE

    readme = re.sub(r"\s+", " ", (project_root() / "README.md").read_text(encoding="utf-8"))
    (listed,) = re.findall(r"[^;]*a row's `publisher` other than its publication's", readme)
    texts = {source: describe(source) for source in BUILDERS}
    checked = {
        f"`{source}/{name}`"
        for name, rules in LOADER_RULES.items()
        if PUBLISHER_RULE in rules
        for source, text in texts.items()
        if f"data/raw/{source}/{name}:" in text
    }
    assert checked
    assert {name for name in checked if name not in listed} == set()


def test_describe_lists_a_rule_a_stricter_one_implies_once() -> None:
    """BSA's rule that a survey year comes before the year its publication came out implies the
    shared rule that it is not later than the publication's date: each column's rule read as
    the file is read is listed once, the stricter one."""
    from mutualstats.sources import IMPLIED_RULES, LOADER_RULES

    assert IMPLIED_RULES
    text = describe("bsa")
    for name, implied in IMPLIED_RULES.items():
        table = text.split(f"data/raw/bsa/{name}:")[1]
        read = table.split("Checked as the file is read:\n")[1].split("\n\n")[0]
        lines = [line.strip() for line in read.splitlines()]
        assert not set(implied) & set(lines)
        assert set(LOADER_RULES[name]) <= set(lines)
        columns = [line.split(":")[0] for line in lines]
        assert len(columns) == len(set(columns)), lines


def test_describe_and_checksum_take_a_source_by_name_or_by_path(
    built_project: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """``describe`` took only a name (``bsa``) and ``checksum`` only a path (``data/raw/bsa``),
    each refusing the other form; both now take either."""
    monkeypatch.chdir(built_project)
    assert main(["describe", "data/raw/bsa"]) == 0
    assert capsys.readouterr().out == describe("bsa")
    assert main(["checksum", "bsa"]) == 0
    assert capsys.readouterr().out == "all checksums already up to date\n"
    assert main(["checksum", "nope"]) == 2
    assert capsys.readouterr().err == (
        "mutualstats checksum: nope is not a folder (nor a folder of data/raw)\n"
    )


@pytest.mark.parametrize("source_id", sorted(BUILDERS))
def test_describe_states_each_rule_as_a_rule(source_id: str) -> None:
    """Rules read as what a row must be, not as a failure ("pct outside [0, 100]", "looks like
    a fraction", "exceeds 100") nor as pandera's call ("str_length(1, None)")."""
    text = describe(source_id)
    listed = [
        line
        for heading in ("Other rules:", "Columns required by status:", "Checked on each value:")
        for block in text.split(f"\n{heading}\n")[1:]
        for line in block.split("\n\n")[0].splitlines()
    ]
    assert listed
    for line in listed:
        assert not re.search(r"\b[a-z_]+\(\d", line), line
        assert not re.search(r"\b(outside|looks like|exceeds)\b", line), line
