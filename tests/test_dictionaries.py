"""The bundled data files are well formed and cover what the issue promises."""
from collections import Counter

import pytest

from tidings.dictionaries import read_table, read_yaml, split_list
from tidings.errors import DictionaryError
from tidings.events import Lexicon
from tidings.ontology import cameo_table

DATA_FILES = ["countries.tsv", "regions.tsv", "leaders.tsv", "organisations.tsv", "agents.tsv", "patterns.yaml",
              "modality.yaml", "cameo.tsv", "gazetteer.tsv", "boilerplate.tsv"]


@pytest.mark.parametrize("name", DATA_FILES)
def test_every_data_file_starts_with_a_provenance_comment(name):
    from tidings.dictionaries import data_path
    assert data_path(name).read_text(encoding="utf-8").startswith("#")


def test_countries_cover_the_world_without_clashes():
    rows = read_table("countries.tsv")
    assert len(rows) >= 195
    names = Counter(n for r in rows for c in ("name", "aliases", "demonyms", "metonyms") for n in split_list(r[c]))
    assert [n for n, k in names.items() if k > 1] == []


def test_leaders_have_dates_for_sixty_countries():
    rows = read_table("leaders.tsv")
    countries = {r["country"] for r in rows}
    assert len(countries) >= 60
    for required in ("USA", "RUS", "TUR", "SYR", "IRN", "CHN", "UKR", "ISR", "SAU", "NGA", "IND"):
        offices = {r["office"] for r in rows if r["country"] == required}
        assert offices >= {"head_of_state", "foreign_minister", "defence_minister"}, required
    assert all(r["start"] for r in rows)


def test_lexicon_covers_all_twenty_roots_with_valid_codes():
    lexicon = Lexicon.load()
    codes = {p.code for ps in lexicon.verbs.values() for p in ps} | {p.code for p in lexicon.nouns.values()}
    assert {c[:2] for c in codes} == {f"{r:02d}" for r in range(1, 21)}
    assert codes <= set(cameo_table())
    intent = read_yaml("modality.yaml")
    assert set(intent["intent_codes"].values()) <= set(cameo_table())
    assert set(intent["threat_codes"].values()) <= set(cameo_table())


def test_malformed_table_names_file_and_line(tmp_path):
    path = tmp_path / "x.tsv"
    path.write_text("# comment\na\tb\n1\t2\t3\n")
    with pytest.raises(DictionaryError, match="x.tsv line 3"):
        read_table(path)
