import pytest

from tidings.errors import ModelError
from tidings.nlp import load_model, parse


def test_default_model_has_parser_and_ner(coder):
    assert {"parser", "ner", "lemmatizer"} <= set(coder.nlp.pipe_names)


def test_parse_is_batched_and_ordered(coder):
    docs = list(parse(coder.nlp, ["Turkey condemned Russia.", "Iran met Iraq. They talked."], batch_size=2))
    assert [len(list(d.sents)) for d in docs] == [1, 2]


def test_missing_model_is_a_clear_error():
    with pytest.raises(ModelError, match="no_such_model"):
        load_model("no_such_model")
