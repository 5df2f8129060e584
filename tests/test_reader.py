"""The audit as a notebook's reader sees it (``mutualstats.reader``): what each notebook covers,
its claims and verdicts, the evidence, and tables of the processed data, with no code where a
reader needs words."""

from __future__ import annotations

import ast
import re
import subprocess
import sys

import nbformat
import pandas as pd
import pytest

from mutualstats import claims, datasets, finance, reader
from mutualstats.config import REGISTER_TABLE, VALUE_STATUS_WORDS, VERDICTS
from mutualstats.dates import year_published
from mutualstats.site_claims import text_labels
from mutualstats.statistic import format_value
from mutualstats.vocabulary import CLAIM_DIGITS, CLAIM_PREFIX, SECTION_TITLES, STATUS_WORDS

pytestmark = pytest.mark.unit


@pytest.fixture(scope="module")
def audit_table() -> pd.DataFrame:
    return claims.audit()


@pytest.fixture(scope="module")
def publication_ids() -> set[str]:
    return set(datasets.load("publications")["publication_id"])


def _section(audit_table: pd.DataFrame, section: str) -> pd.DataFrame:
    return audit_table.loc[audit_table["section"] == section]


def _codes_in(text: str, codes: set[str]) -> set[str]:
    return {code for code in codes if re.search(rf"\b{re.escape(code)}\b", text)}


def test_the_claims_table_states_each_claim_in_words(
    audit_table: pd.DataFrame, publication_ids: set[str]
) -> None:
    """One row per claim, indexed by its id, with what the register says it states, its verdict,
    its footnote, and the publications by publisher and year: no publication id, no NaN."""
    shown = reader.claims_table(audit_table)
    register = datasets.load(REGISTER_TABLE).set_index("claim_id")
    assert shown.index.tolist() == audit_table["claim_id"].tolist()
    assert shown["what the briefing states"].to_dict() == register["subject"].to_dict()
    assert shown["verdict"].tolist() == audit_table["verdict"].tolist()
    publications = datasets.load("publications").set_index("publication_id")
    cited_ids = audit_table["cited_publication_id"]
    for claim_id, cited in zip(audit_table["claim_id"], cited_ids, strict=True):
        cell = shown.at[claim_id, "footnote cites"]
        if pd.isna(cited):
            assert cell == ""
            continue
        publication = publications.loc[cited]
        assert cell.startswith(str(publication["publisher"]))
        year = year_published(str(publication["date_published"]))
        assert cell.endswith(str(year) if year is not None else "undated")
    cells = " ".join(shown.astype(str).to_numpy().ravel())
    assert not _codes_in(cells, publication_ids)
    assert not re.search(r"\b(nan|None|<NA>)\b", cells)


def test_claim_ids_choose_the_claims_audited(audit_table: pd.DataFrame) -> None:
    """``audit(claim_ids=...)`` judges those claims only, in the register's order, as the whole
    audit judges them."""
    chosen = audit_table["claim_id"].iloc[::-5].tolist()
    some = claims.audit(claim_ids=chosen)
    expected = audit_table.loc[audit_table["claim_id"].isin(chosen)].reset_index(drop=True)
    pd.testing.assert_frame_equal(some, expected)


def test_a_claim_id_the_register_does_not_hold_is_refused(audit_table: pd.DataFrame) -> None:
    """A mistyped id in a notebook's ``claim_ids`` is named, not silently left out of its
    table (it was an audit of the other claims, or of none)."""
    numbers = [int(claim_id[len(CLAIM_PREFIX) :]) for claim_id in audit_table["claim_id"]]
    unknown = f"{CLAIM_PREFIX}{max(numbers) + 1:0{CLAIM_DIGITS}d}"
    known = audit_table["claim_id"].iloc[0]
    with pytest.raises(KeyError, match=f"no claim {unknown} in the register"):
        claims.audit(claim_ids=[known, unknown])


def test_a_subheading_s_audit_holds_the_register_s_claims_under_it(
    audit_table: pd.DataFrame,
) -> None:
    """``audit(paragraph=...)`` judges the claims the register prints under that subheading,
    as the whole audit judges them; a subheading it does not hold is named with those it does."""
    register = datasets.load(REGISTER_TABLE)
    for paragraph, rows in register.groupby("paragraph", sort=False):
        under = claims.audit(paragraph=paragraph)
        expected = audit_table.loc[audit_table["claim_id"].isin(rows["claim_id"])]
        pd.testing.assert_frame_equal(under, expected.reset_index(drop=True))
    mistyped = f"{register['paragraph'].iloc[-1]}s"
    with pytest.raises(KeyError, match=f"subheading “{mistyped}”; its subheadings: “"):
        claims.audit(paragraph=mistyped)


@pytest.mark.parametrize("section", list(SECTION_TITLES))
def test_a_notebook_opens_with_its_section_footnotes_and_data(
    audit_table: pd.DataFrame, publication_ids: set[str], section: str
) -> None:
    """The opening names the section and its paragraphs, each claim's footnote, and each folder
    read by its publisher and place, from the register and the folders' source.yaml."""
    rows = _section(audit_table, section)
    text = reader.covers(rows)
    register = datasets.load(REGISTER_TABLE)
    paragraphs = register.loc[register["section"] == section, "paragraph"].unique()
    assert SECTION_TITLES[section] in text
    assert all(f"“{paragraph}”" in text for paragraph in paragraphs)
    phrase = re.search(r"footnotes? ([0-9 ,toand]+)\.", text.split("\n")[0])
    assert phrase is not None
    written: set[int] = set()
    for part in re.split(r", | and ", phrase.group(1)):
        first, _, last = part.partition(" to ")
        written.update(range(int(first), int(last or first) + 1))
    assert written == {int(note) for note in rows["footnote"].dropna()}
    for source_id in rows["source_id"].dropna().unique():
        record = datasets.provenance(source_id)
        assert f"{record.publisher}, *{record.title}*" in text
        assert f"`data/raw/{source_id}/`" in text
    assert not _codes_in(re.sub(r"`data/raw/[^`]*`", "", text), publication_ids)


def test_a_notebook_whose_claims_cite_no_footnote_says_so(audit_table: pd.DataFrame) -> None:
    """Claims the briefing gives without a footnote open with "no footnote", not an error."""
    uncited = audit_table.loc[audit_table["footnote"].isna()]
    assert not uncited.empty, "every claim has a footnote: nothing to check"
    opening = reader.covers(uncited).split("\n")[0]
    assert opening.endswith("; no footnote."), opening


def test_runs_of_numbers_are_written_by_their_ends() -> None:
    # Two consecutive numbers are two items of the list, not a pair joined inside it.
    assert reader._runs([14, 15, 16, 20, 22, 23]) == "14 to 16, 20, 22 and 23"
    assert reader._runs([3, 4]) == "3 and 4"
    assert reader._runs([5, 6, 7], "C", 2) == "C05 to C07"


def test_the_verdict_table_gives_each_verdict_its_meaning_and_count(
    audit_table: pd.DataFrame,
) -> None:
    table = reader.verdict_table(audit_table)
    assert table.index.tolist() == list(VERDICTS)
    assert table["meaning"].tolist() == list(VERDICTS.values())
    counts = audit_table["verdict"].value_counts()
    assert table["claims"].to_dict() == {verdict: counts.get(verdict, 0) for verdict in VERDICTS}
    assert table["claims"].sum() == len(audit_table)


def test_the_evidence_names_publications_and_measures_in_words(
    audit_table: pd.DataFrame, publication_ids: set[str]
) -> None:
    """Each claim given a chosen verdict once, in order, its note with publication ids and
    measure codes in words; the caveats likewise for the claims reproduced with a caveat."""
    chosen = ["differs", "misattributed", "unverified"]
    text = reader.evidence(audit_table, chosen)
    expected = audit_table.loc[audit_table["verdict"].isin(chosen), "claim_id"].tolist()
    assert re.findall(r"^\*\*(C\d+)\*\*", text, flags=re.MULTILINE) == expected
    measures = set(audit_table["note"].str.findall(r"\b[a-z]+(?:_[a-z0-9]+)+_pct\b").sum())
    assert measures, "no note names a measure code to put in words"
    assert not _codes_in(text, publication_ids | measures)
    caveated = audit_table.loc[audit_table["verdict"] == "reproduced-with-caveat"]
    listed = reader.caveats(audit_table, ["reproduced-with-caveat"])
    assert re.findall(r"^- \*\*(C\d+)\*\*", listed, flags=re.MULTILINE) == (
        caveated.dropna(subset=["caveats"])["claim_id"].tolist()
    )


def test_each_caveat_reads_as_a_sentence_of_its_own(audit_table: pd.DataFrame) -> None:
    """Each caveat is a sentence ending in a full stop; they were joined by "; " after it
    ("... a financial year.; The briefing labels ...")."""
    listed = reader.caveats(audit_table, ["reproduced-with-caveat"])
    (c08,) = [line for line in listed.splitlines() if line.startswith("- **C08**")]
    assert ".;" not in listed
    assert "states no financial year. The briefing labels the same figure 2018 here" in c08


def test_a_table_of_the_data_reads_in_words() -> None:
    """Headings without underscores, measure codes by their definitions, values unchanged."""
    money = datasets.load("health_finance")
    rows = finance.figures_for(money, ["health_spending_growth_pct", *finance.GROWTH_BASES])
    table = finance.source_table(rows)
    shown = reader.table_in_words(table)
    names = text_labels()
    assert not any("_" in str(heading) for heading in shown.columns)
    assert shown["measure"].tolist() == [names[code] for code in table["measure"]]
    assert shown["value"].tolist() == table["value"].tolist()
    assert not _codes_in(" ".join(shown["measure"]), set(table["measure"]))


def test_an_address_is_cut_to_the_width_and_the_words_kept_in_full() -> None:
    """Web addresses longer than the width show their start, ending in the cut mark; notes and
    measures, however long, are as they were."""
    money = datasets.load("health_finance")
    table = finance.source_table(money)
    shown = reader.table_in_words(table)
    addresses = table["url or note"].str.fullmatch(r"https?://\S+")
    long = addresses & (table["url or note"].str.len() > reader.ADDRESS_WIDTH)
    assert long.any() and (~addresses).any(), "no long address and no note to compare"
    cut = shown.loc[long, "url or note"]
    assert (cut.str.len() == reader.ADDRESS_WIDTH).all()
    assert cut.str.endswith(reader.CUT_MARK).all()
    starts = [
        address[: reader.ADDRESS_WIDTH - len(reader.CUT_MARK)]
        for address in table.loc[long, "url or note"]
    ]
    assert [text[: -len(reader.CUT_MARK)] for text in cut] == starts
    assert shown.loc[~long, "url or note"].tolist() == table.loc[~long, "url or note"].tolist()
    names = text_labels()
    assert shown["measure"].tolist() == [names[code] for code in table["measure"]]
    assert max(map(len, shown["measure"])) > reader.ADDRESS_WIDTH, "no long definition kept"


@pytest.mark.parametrize(
    ("table", "column", "words"),
    [
        ("sfc_workforce_estimates", "status", STATUS_WORDS),
        ("bsa_satisfaction", "nhs_status", VALUE_STATUS_WORDS),
    ],
)
def test_statuses_are_counted_in_words_in_the_vocabularys_order(
    table: str, column: str, words: dict[str, str]
) -> None:
    statuses = datasets.load(table)[column]
    shown = reader.status_counts(statuses, words, "rows")
    assert shown.index.tolist() == list(words.values())
    counts = statuses.value_counts()
    assert shown["rows"].tolist() == [counts.get(status, 0) for status in words]
    assert shown["rows"].sum() == len(statuses)


def test_a_status_outside_the_vocabulary_is_refused_by_name() -> None:
    statuses = pd.Series([*STATUS_WORDS, "transcribed_later"])
    with pytest.raises(ValueError, match="transcribed_later"):
        reader.status_counts(statuses, STATUS_WORDS, "figures")


def test_published_statements_name_publications_measures_and_footnotes_in_words(
    publication_ids: set[str],
) -> None:
    """One item per row, in order, with its value as shown in a table; no publication id, measure
    code or ``fn`` footnote is left."""
    headline = datasets.load("psm_headline_figures")
    rows = headline.loc[headline["source_id"] == "dh_right_to_request"]
    text = reader.published_statements(rows)
    items = text.splitlines()
    assert len(items) == len(rows) and all(item.startswith("- **") for item in items)
    for item, row in zip(items, rows.itertuples(), strict=True):
        assert f"{row.definition}, **{format_value(row.value, row.unit)}**" in item
    assert re.search(r"\bfn\d", " ".join(rows["note"].dropna())), "no note cites a footnote"
    assert not re.search(r"\bfn\d", text)
    assert not _codes_in(text, publication_ids | set(rows["measure"]))


def test_the_notebooks_import_no_pandera() -> None:
    """The notebooks read tables the build has validated: what they import leaves the models
    (pandera, about 0.2 s of each kernel's start) to the build."""
    from mutualstats.config import notebooks_dir

    imports = []
    for path in sorted(notebooks_dir().glob("[0-9][0-9]-*.ipynb")):
        for cell in nbformat.read(path, as_version=4).cells:
            if cell.cell_type == "code":
                tree = ast.parse(cell.source)
                imports += [
                    ast.unparse(node)
                    for node in ast.walk(tree)
                    if isinstance(node, ast.Import | ast.ImportFrom)
                ]
    assert any("mutualstats" in line for line in imports)
    script = "\n".join([*imports, "import sys", "print(sorted(set(sys.modules) & {'pandera'}))"])
    ran = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert ran.stdout.strip() == "[]"


def _claims_shown(path: object) -> list[str]:
    """The claim ids of a notebook's stored claims table (the cell calling ``claims_table``)."""
    cells = [
        cell
        for cell in nbformat.read(path, as_version=4).cells
        if cell.cell_type == "code" and "reader.claims_table(" in cell.source
    ]
    assert len(cells) == 1, path
    text = "".join(output["data"]["text/plain"] for output in cells[0].outputs)
    return list(dict.fromkeys(re.findall(rf"^({CLAIM_PREFIX}\d{{{CLAIM_DIGITS}}})\s", text, re.M)))


def test_each_claim_is_shown_by_one_topic_notebook_and_all_by_the_audit_notebook() -> None:
    """Notebooks 01 to 05 take their claims from the register (a section, or a subheading), so
    between them they show every claim once, each beside the briefing's other claims there;
    notebook 00 shows them all."""
    from mutualstats.config import notebooks_dir

    register = list(datasets.load(REGISTER_TABLE)["claim_id"])
    paths = sorted(notebooks_dir().glob("[0-9][0-9]-*.ipynb"))
    assert _claims_shown(paths[0]) == register
    topics = [claim_id for path in paths[1:] for claim_id in _claims_shown(path)]
    assert sorted(topics) == sorted(register)
