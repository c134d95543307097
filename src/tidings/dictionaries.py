"""Loaders for the human-editable data files: our TSV/YAML tables and PETRARCH-format dictionaries.

A TSV table starts with "# " comment lines (what it is, where its facts come from), then a header row.
Lists inside a cell are "|"-separated.
"""
from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources
from pathlib import Path

import yaml

from .errors import DictionaryError

DATA = resources.files("tidings") / "data"


def data_path(name: str | Path) -> Path:
    """A bundled data file by bare name, or any path the user gives."""
    path = Path(name)
    return path if path.exists() or path.parent != Path(".") else Path(str(DATA / str(name)))


def read_table(name: str | Path) -> list[dict[str, str]]:
    """Rows of a TSV table as dicts keyed by the header; comment and blank lines are skipped."""
    path = data_path(name)
    header: list[str] | None = None
    rows = []
    for number, line in enumerate(_lines(path), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.rstrip("\n").split("\t")
        if header is None:
            header = [c.strip() for c in cells]
            continue
        if len(cells) > len(header):
            raise DictionaryError(f"{path} line {number}", f"has {len(cells)} fields, the header has {len(header)}")
        rows.append(dict(zip(header, [c.strip() for c in cells] + [""] * (len(header) - len(cells)))))
    return rows


@lru_cache(maxsize=None)
def read_yaml(name: str) -> dict:
    path = data_path(name)
    try:
        return yaml.safe_load("".join(_lines(path))) or {}
    except yaml.YAMLError as exc:
        raise DictionaryError(str(path), f"is not valid YAML: {exc}") from None


def split_list(cell: str) -> list[str]:
    return [item.strip() for item in cell.split("|") if item.strip()]


def _lines(path: Path) -> list[str]:
    try:
        return path.read_text(encoding="utf-8").splitlines(keepends=True)
    except FileNotFoundError:
        raise DictionaryError(str(path), "no such dictionary file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise DictionaryError(str(path), f"cannot be read: {exc}") from None


# --- PETRARCH / Phoenix formats -------------------------------------------------------------------
# Actors file: a name line "NAME_WORDS [CODE]" (or "[CODE date-restriction]" lines following it),
# synonyms as "+OTHER_NAME" lines, comments after "#". Agents file: "NOUN [~ROLE]" or "NOUN [ROLE~]".

_CODE = re.compile(r"\[([^\]]*)\]")


def read_petrarch_actors(path: str | Path) -> list[tuple[list[str], list[tuple[str, str | None, str | None]]]]:
    """(names, [(code, start, end)]) per actor block of a PETRARCH actors dictionary."""
    blocks: list[tuple[list[str], list[tuple[str, str | None, str | None]]]] = []
    for line in _petrarch_lines(path):
        if line.startswith("+") and blocks:
            blocks[-1][0].append(_petrarch_phrase(line[1:]))
        elif line.startswith("[") and blocks:
            blocks[-1][1].extend(_petrarch_codes(line))
        elif not line.startswith(("+", "[")):
            name, _, rest = line.partition("[")
            codes = _petrarch_codes("[" + rest) if rest else []
            blocks.append(([_petrarch_phrase(name)], codes))
    return [(names, codes) for names, codes in blocks if codes and any(names)]


def read_petrarch_agents(path: str | Path) -> list[tuple[str, str, bool]]:
    """(phrase, role code, role-before-country?) for each entry of a PETRARCH agents dictionary.

    Substitution sets ("!MINST! = MINISTER, MINISTRY") are expanded; "{PLURAL}" forms become entries too.
    """
    macros = _petrarch_macros(path)
    out = []
    for line in _petrarch_lines(path):
        match = _CODE.search(line)
        if not match or "~" not in match.group(1):
            continue
        code = match.group(1).strip()
        forms = [line[: match.start()].split("{")[0]] + re.findall(r"\{([^}]+)\}", line[: match.start()])
        for form in forms:
            for phrase in _expand_macros(_petrarch_phrase(form), macros):
                out.append((phrase, code.replace("~", ""), code.endswith("~")))
    return out


def _petrarch_macros(path) -> dict[str, list[str]]:
    macros = {}
    for raw in _lines(Path(path)):
        match = re.match(r"^\s*(![A-Z]+!)\s*=\s*(.+)$", raw.split("#", 1)[0])
        if match:
            macros[match.group(1)] = [w.strip().replace("_", " ") for w in match.group(2).split(",") if w.strip()]
    return macros


def _expand_macros(phrase: str, macros: dict[str, list[str]]) -> list[str]:
    match = re.search(r"![A-Z]+!", phrase)
    if not phrase or not match:
        return [phrase] if phrase else []
    out = []
    for value in macros.get(match.group(0), []):
        out.extend(_expand_macros(phrase[: match.start()] + value + phrase[match.end():], macros))
    return out


def _petrarch_lines(path: str | Path) -> list[str]:
    out = []
    for raw in _lines(Path(path)):
        line = raw.split("#", 1)[0].strip()
        if line and not line.startswith(("<", "!", "=", "-")) and not re.match(r"^![A-Z]+!\s*=", line):
            out.append(line)
    return out


def _petrarch_phrase(text: str) -> str:
    words = text.strip().replace("_", " ").split("{")[0].split()
    return " ".join(words).strip()


def _petrarch_codes(text: str) -> list[tuple[str, str | None, str | None]]:
    """Codes with their date restrictions: [CODE], [CODE < 950601], [CODE > 990816], [CODE 19950601 - 19990815]."""
    out = []
    for body in _CODE.findall(text):
        parts = body.split(None, 1)
        if not parts:
            continue
        code, rest = parts[0], (parts[1] if len(parts) > 1 else "").replace(" ", "")
        start = end = None
        if rest.startswith("<"):
            end = rest[1:]
        elif rest.startswith(">"):
            start = rest[1:]
        elif "-" in rest:
            start, _, end = rest.partition("-")
        out.append((code, start or None, end or None))
    return out
