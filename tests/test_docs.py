"""The README documents what the code does: the quick start and the event record."""
import re

from conftest import ROOT

README = (ROOT / "README.md").read_text()


def test_quick_start_has_exactly_two_commands():
    section = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    commands = [line for line in section.splitlines() if line.startswith("    $ ")]
    assert len(commands) == 2
    assert all(".venv" in c for c in commands) and "pytest" in commands[1] and "tidings code" in commands[0]


def test_event_record_fields_are_documented(code):
    [event] = code("Turkey condemned Russia on Monday.")
    section = README.split("## The event record", 1)[1].split("\n## ", 1)[0]
    documented = set(re.findall(r"^\| `([a-z_]+)`(?:, `([a-z_]+)`)?", section, flags=re.M))
    names = {n for pair in documented for n in pair if n}
    assert names == set(event.to_dict())


def test_every_module_in_the_stage_table_exists():
    section = README.split("## How it works", 1)[1].split("\n## ", 1)[0]
    for module in re.findall(r"`([a-z]+\.py)`", section):
        assert (ROOT / "src" / "tidings" / module).exists(), module
