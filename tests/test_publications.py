"""Publications are ids: every raw row names one, every id is declared once, claims cite them."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
from conftest import rewrite

from mutualstats import datasets
from mutualstats.build import build_all
from mutualstats.cli import main
from mutualstats.config import project_root
from mutualstats.errors import DataValidationError
from mutualstats.provenance import Publication, publication, publications

#: Processed tables that hold published values (vocabularies and the register excluded).
VALUE_TABLES = (
    "bsa_satisfaction",
    "bsa_publisher_statements",
    "health_finance",
    "hf_key_facts",
    "nhs_staff",
    "nhs_trust_vacancies",
    "psm_counts",
    "psm_headline_figures",
    "sfc_workforce_estimates",
)


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A private copy of the raw data, with MUTUALSTATS_ROOT pointing at it."""
    shutil.copytree(project_root() / "data" / "raw", tmp_path / "data" / "raw")
    monkeypatch.setenv("MUTUALSTATS_ROOT", str(tmp_path))
    yield tmp_path


@pytest.mark.parametrize("table", VALUE_TABLES)
def test_every_row_names_a_known_publication(table: str) -> None:
    frame = datasets.load(table)
    known = set(datasets.load("publications")["publication_id"])
    assert frame["publication_id"].notna().all()
    assert set(frame["publication_id"]) <= known


def test_each_row_names_a_publication_of_its_own_folder() -> None:
    """A row's publication is declared in its folder (directly, or by a declared_in reference)."""
    staff = datasets.load("nhs_staff")
    hchs = staff[staff["measure"] == "hchs_staff_fte"]
    assert set(hchs["publication_id"]) == {"nhsd_healthcare_workforce_stats_sep_2018"}
    headline = datasets.load("psm_headline_figures")
    sfc_2018 = datasets.load("sfc_workforce_estimates").query("edition == 2018")
    assert set(sfc_2018["publication_id"]) == {"sfc_sotw_2018"}
    seuk = headline[headline["source_id"] == "seuk_psm"]
    # The briefing's two editions (later ones are added beside them).
    assert set(seuk["publication_id"]) >= {"seuk_psm_2018", "seuk_psm_2019"}
    assert seuk.groupby("edition")["publication_id"].nunique().eq(1).all()


def test_publications_table_has_one_row_per_id_with_publisher() -> None:
    table = datasets.load("publications")
    assert table["publication_id"].is_unique
    assert table["publisher"].notna().all()
    assert table.set_index("publication_id").loc["seuk_psm_2019", "source_id"] == "seuk_psm"


def test_publication_lookup_gives_the_declared_entry() -> None:
    nao = publication("nao_nhs_financial_sustainability_2019")
    assert isinstance(nao, Publication)
    assert nao.publisher == "National Audit Office"
    assert nao.source_id == "health_finance"
    assert nao.url == "https://nao.org.uk/report/nhs-financial-sustainability"
    with pytest.raises(KeyError, match="no publication has id 'nao_2099'"):
        publication("nao_2099")


def test_the_guide_cited_by_footnote_14_is_held_without_an_invented_url() -> None:
    guide = publications()["dh_making_quality_your_business_2011"]
    assert guide.title == "Making Quality Your Business: A Guide to the Right to Provide"
    assert guide.url is None
    statement = publication("dh_right_to_provide_wms_2011")
    assert statement.publication_id != guide.publication_id


def test_cited_publications_of_the_claims() -> None:
    claims = datasets.load("briefing_claims").set_index("claim_id")
    cited = claims["cited_publication_id"]
    assert cited["C24"] == "kf_bsa_satisfaction_2018"
    assert cited["C03"] == "dh_making_quality_your_business_2011"
    assert pd.isna(cited["C04"]), "Hazenberg et al. (2013) is not held"
    assert pd.isna(cited["C10"]), "footnote 20 has no text"
    assert set(cited.dropna()) <= set(publications())


def test_the_social_value_act_dates_are_data() -> None:
    headline = datasets.load("psm_headline_figures")
    act = headline[headline["source_id"] == "legislation"].set_index("measure")
    assert act.loc["act_year", "value"] == 2012
    assert act.loc["act_commencement_year", "value"] == 2013
    assert act.loc["act_year", "publication_id"] == "ukpga_2012_3_social_value_act"


def test_an_unknown_publication_id_names_file_line_and_column(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = project / "data" / "raw" / "cipfa"
    text = (folder / "headline_figures.csv").read_text(encoding="utf-8")
    lines = text.split("\n")
    lines[2] = lines[2].replace("cipfa_psm_research_2017", "cipfa_2099", 1)
    rewrite(folder, "headline_figures.csv", "\n".join(lines))

    assert main(["build"]) == 2
    err = capsys.readouterr().err
    assert "data/raw/cipfa/headline_figures.csv:3 column 'publication_id'" in err
    assert "cipfa_2099" in err
    # What to do: declare it, with the command that prints an entry to fill in.
    assert "declare it there (`mutualstats describe cipfa` prints an entry to fill in)" in err
    assert "Traceback" not in err


def test_an_unknown_cited_publication_id_names_file_line_and_column(project: Path) -> None:
    folder = project / "data" / "raw" / "briefing"
    text = (folder / "claims.csv").read_text(encoding="utf-8")
    rewrite(folder, "claims.csv", text.replace("kf_bsa_satisfaction_2018", "kf_2099", 1))

    with pytest.raises(DataValidationError) as caught:
        build_all()
    messages = [str(problem) for problem in caught.value.problems]
    assert any(
        "data/raw/briefing/claims.csv:25 column 'cited_publication_id'" in message
        and "kf_2099" in message
        for message in messages
    ), messages


def test_a_publication_id_declared_in_two_folders_fails(project: Path) -> None:
    folder = project / "data" / "raw" / "seuk_social_enterprise"
    text = (folder / "source.yaml").read_text(encoding="utf-8")
    rewrite(folder, "source.yaml", text.replace("id: seuk_sose_2019", "id: seuk_psm_2019", 1))

    with pytest.raises(DataValidationError) as caught:
        build_all()
    messages = [str(problem) for problem in caught.value.problems]
    assert any(
        "data/raw/seuk_social_enterprise/source.yaml" in message
        and "already declared in data/raw/seuk_psm/source.yaml" in message
        and "seuk_psm_2019" in message
        for message in messages
    ), messages


def test_a_publication_entry_without_publisher_fails(project: Path) -> None:
    folder = project / "data" / "raw" / "cipfa"
    text = (folder / "source.yaml").read_text(encoding="utf-8")
    old = '    publisher: "CIPFA (for the Cabinet Office)"\n'
    assert old in text
    rewrite(folder, "source.yaml", text.replace(old, "", 1))

    with pytest.raises(DataValidationError) as caught:
        build_all()
    messages = [str(problem) for problem in caught.value.problems]
    assert any(
        # The entry's first line, where the publisher belongs.
        "data/raw/cipfa/source.yaml:6 column 'publications'" in message
        and "has no publisher" in message
        for message in messages
    ), messages
