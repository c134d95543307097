"""Output formats for coded events: JSON lines, a JSON array, and a compact terminal table."""
from __future__ import annotations

import json
import shutil
from collections.abc import Iterable
from typing import TextIO

from .records import Event

FORMATS = ("jsonl", "json", "table")


def write_jsonl(events: Iterable[Event], out: TextIO, *, explain: bool = False) -> int:
    count = 0
    for event in events:
        out.write(json.dumps(event.to_dict(explain), ensure_ascii=False) + "\n")
        count += 1
    return count


def write_json(events: Iterable[Event], out: TextIO, *, explain: bool = False) -> int:
    items = [event.to_dict(explain) for event in events]
    json.dump(items, out, ensure_ascii=False, indent=2)
    out.write("\n")
    return len(items)


def write_table(events: Iterable[Event], out: TextIO, *, explain: bool = False) -> int:
    width = shutil.get_terminal_size((120, 20)).columns
    header = f"{'date':<10}  {'source':<10} {'event':<34} {'target':<10} {'place':<16} sentence"
    out.write(header + "\n" + "-" * min(width, len(header) + 30) + "\n")
    count = 0
    for event in events:
        what = f"{event.cameo} {event.cameo_name}"[:34]
        place = (event.place.name if event.place else "")[:16]
        flags = "".join([" [intent]" if event.modality == "intent" else "",
                         f" [{event.modality}]" if event.modality not in (None, "intent") else "",
                         " [historical]" if event.historical else ""])
        line = f"{event.date.isoformat() if event.date else '?':<10}  {event.source.code:<10} {what:<34} " \
               f"{event.target.code if event.target else '-':<10} {place:<16} "
        room = max(20, width - len(line) - 1)
        sentence = event.sentence.text.replace("\n", " ")
        out.write(line + (sentence if len(sentence) <= room else sentence[: room - 1] + "…") + flags + "\n")
        if explain:
            out.write(f"{'':12}pattern {event.pattern!r} on {event.trigger!r}; date {event.date_text!r} "
                      f"({event.date_precision})\n")
            for role, actor in (("source", event.source), ("target", event.target)):
                if actor is None:
                    continue
                out.write(f"{'':12}{role} {actor.name!r} = {actor.code}: {'; '.join(actor.entries)}\n")
        count += 1
    return count


WRITERS = {"jsonl": write_jsonl, "json": write_json, "table": write_table}
