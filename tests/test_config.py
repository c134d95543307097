import pytest

from tidings.config import Options
from tidings.errors import DictionaryError


def test_defaults_and_toml(tmp_path):
    path = tmp_path / "o.toml"
    path.write_text('[tidings]\nbatch_size = 16\nactors = ["a.tsv"]\n')
    options = Options.from_toml(path)
    assert options.batch_size == 16 and options.actors == ("a.tsv",) and options.historical_days == 180


def test_unknown_and_broken_options_are_named(tmp_path):
    with pytest.raises(DictionaryError, match="colour"):
        Options().replace(colour="red")
    path = tmp_path / "bad.toml"
    path.write_text("batch_size = = 3")
    with pytest.raises(DictionaryError, match="bad.toml"):
        Options.from_toml(path)
