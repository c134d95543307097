import pytest

from tidings import ontology
from tidings.errors import DictionaryError


@pytest.mark.parametrize("code, quad", [("010", 1), ("057", 1), ("0312", 1), ("061", 2), ("084", 2),
                                        ("112", 3), ("138", 3), ("145", 4), ("163", 4), ("195", 4)])
def test_quad_class_follows_the_root(code, quad):
    assert ontology.quad_class(code) == quad


def test_lookup_gives_name_goldstein_and_plover():
    entry = ontology.lookup("043")
    assert entry.name == "Host a visit" and entry.goldstein == 2.8 and entry.plover == "CONSULT"
    assert ontology.lookup("195").goldstein == -10.0
    assert ontology.lookup("010").plover is None  # PLOVER drops plain statements


def test_every_code_has_a_goldstein_value_in_range():
    table = ontology.cameo_table()
    assert len(table) > 300
    assert all(-10 <= c.goldstein <= 10 for c in table.values())


def test_unknown_code_is_a_dictionary_error():
    with pytest.raises(DictionaryError, match="999"):
        ontology.lookup("999")
