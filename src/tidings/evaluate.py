"""Evaluation: read gold sets, code their texts, and measure how often tidings agrees.

Readers: `cameo-sentences` (ConfliBERT-style JSONL with a 5-class label and actor spans), `plover-gsr`
(the PLOVER gold standard records, a JSON array), `petrarch-validate` (PETRARCH's validation suite, coded with
its own actor and agent dictionaries on top of ours) and `generic` (our documented JSONL, see
docs/accuracy.md). The matching rules are documented there too; in short, the primary prediction of a record
is its first coded event in text order, and a record without any coded event counts as wrong.
"""
from __future__ import annotations

import datetime as dt
import html
import json
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .config import Options
from .errors import InputError, TidingsError, UsageError
from .pipeline import Coder
from .records import Event, GoldActor, GoldEvent, GoldRecord

FORMATS = ("cameo-sentences", "plover-gsr", "petrarch-validate", "generic")
PENTACLASS = {0: "statement", 1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict",
              4: "material conflict"}
# The 2016 PLOVER draft names that the 2021 draft renamed or merged.
PLOVER_2016 = {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "INVESTIGATE": "ACCUSE", "FIGHT": "ASSAULT"}
# Non-standard country codes of the PLOVER gold records.
COUNTRY_FIXES = {"JAP": "JPN", "ITL": "ITA", "VTN": "VNM"}
_WORD = re.compile(r"[A-Za-z0-9]+")
_SPAN_STOPWORDS = frozenset("the a an of 's and in on for to its their his her".split())


def pentaclass(code: str) -> int:
    """The 5-class label of a CAMEO code in the scheme of the ConfliBERT annotation project, which
    labelled cameo_sentences_dev: appeals (02) are statements (class 0), reductions of relations (16) verbal
    conflict (class 3), as in `model.data.PENTACLASS_ROOTS`."""
    from .model.data import PENTACLASS_ROOTS
    root = code[:2]
    return next((label for label, roots in PENTACLASS_ROOTS.items() if root in roots), 0)


# --- readers -------------------------------------------------------------------------------------------
def detect_format(path: Path) -> str:
    """Guess a gold file's format from its name and first record."""
    if path.suffix.lower() == ".xml":
        return "petrarch-validate"
    head = _read(path)[:4000].lstrip()
    if head.startswith("["):
        return "plover-gsr"
    first = json.loads(head.splitlines()[0]) if head else {}
    if "pentaclass" in first:
        return "cameo-sentences"
    if "events" in first:
        return "generic"
    raise UsageError(str(path), "cannot tell the gold format", f"pass --format, one of {', '.join(FORMATS)}")


def read_gold(path: Path, fmt: str) -> list[GoldRecord]:
    readers = {"cameo-sentences": read_cameo_sentences, "plover-gsr": read_plover_gsr,
               "petrarch-validate": read_petrarch_validate, "generic": read_generic}
    if fmt not in readers:
        raise UsageError("--format", f"unknown gold format {fmt!r}", f"choose one of {', '.join(FORMATS)}")
    return readers[fmt](path)


def read_cameo_sentences(path: Path) -> list[GoldRecord]:
    out = []
    for number, row in _jsonl(path):
        event = GoldEvent(_spans(row, "source_actors"), _spans(row, "target_actors"),
                          pentaclass=int(row["pentaclass"]))
        out.append(GoldRecord(str(row.get("id", number)), row["text"], None, (event,)))
    return out


def read_plover_gsr(path: Path) -> list[GoldRecord]:
    try:
        rows = json.loads(_read(path))
    except json.JSONDecodeError as exc:
        raise InputError(str(path), f"is not a JSON array of PLOVER records ({exc.msg})") from None
    out = []
    for row in rows:
        if row.get("event") in (None, "DOCUMENT") or not row.get("text"):
            continue
        event = GoldEvent(_gsr_actors(row, "source"), _gsr_actors(row, "target"),
                          plover=PLOVER_2016.get(row["event"], row["event"]))
        out.append(GoldRecord(row["id"], row["text"], _date(row.get("date")), (event,), row["event"]))
    return out


def _spans(row: dict, key: str) -> tuple[GoldActor, ...]:
    return tuple(GoldActor(text=t) for t in row.get(key) or ())


def _gsr_actors(row: dict, key: str) -> tuple[GoldActor, ...]:
    return tuple(_gsr_actor(a) for a in row.get(key) or () if isinstance(a, dict))  # a few are stray strings


def _gsr_actor(actor: dict) -> GoldActor:
    country = COUNTRY_FIXES.get(actor.get("code", ""), actor.get("code")) or None
    role = actor.get("sector") or None
    return GoldActor((country or "") + (role or "") or None, country, role, actor.get("actorText"))


_SENTENCE = re.compile(r"<Sentence\b([^>]*)>(.*?)</Sentence>", re.S)
_ATTR = re.compile(r'(\w+)="([^"]*)"')


def read_petrarch_validate(path: Path) -> list[GoldRecord]:
    """Records with evaluate="true" and expected codings; error records are not evaluated."""
    out = []
    for attrs_text, body in _SENTENCE.findall(_read(path)):
        attrs = dict(_ATTR.findall(attrs_text))
        body = re.sub(r"<!--.*?-->", "", body, flags=re.S)
        codings = [dict(_ATTR.findall(c)) for c in re.findall(r"<EventCoding\b([^>]*)/?>", body)]
        text = re.search(r"<Text>(.*?)</Text>", body, re.S)
        if attrs.get("evaluate", "true") != "true" or not text or any("error" in c for c in codings):
            continue
        events = tuple(GoldEvent((_petr_actor(c["sourcecode"]),), (_petr_actor(c["targetcode"]),), c["eventcode"])
                       for c in codings if "eventcode" in c)
        out.append(GoldRecord(attrs.get("id", str(len(out))), html.unescape(" ".join(text.group(1).split())),
                              _date(attrs.get("date")), events, attrs.get("category")))
    return out


def _petr_actor(code: str) -> GoldActor:
    code = code.strip().upper()
    return GoldActor(code, code[:3], code[3:6] or None)


def read_generic(path: Path) -> list[GoldRecord]:
    """Our documented format: {"id", "text", "date", "events": [{"source", "target", "cameo"}]} per line."""
    out = []
    for number, row in _jsonl(path):
        where = f"{path} line {number}"
        if not isinstance(row.get("events"), list) or not isinstance(row.get("text"), str):
            raise InputError(where, "needs a 'text' string and an 'events' list (empty for no event)")
        events = []
        for item in row["events"]:
            if not item.get("cameo"):
                raise InputError(where, "has an event without a 'cameo' code")
            events.append(GoldEvent(_generic_actors(item.get("source")), _generic_actors(item.get("target")),
                                    str(item["cameo"])))
        out.append(GoldRecord(str(row.get("id", number)), row["text"], _date(row.get("date")), tuple(events)))
    return out


def _generic_actors(value) -> tuple[GoldActor, ...]:
    values = value if isinstance(value, list) else [value] if value else []
    return tuple(_petr_actor(v) for v in values)


def _jsonl(path: Path):
    for number, line in enumerate(_read(path).splitlines(), start=1):
        if line.strip():
            try:
                yield number, json.loads(line)
            except json.JSONDecodeError as exc:
                raise InputError(f"{path} line {number}", f"is not valid JSON ({exc.msg})") from None


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(str(path), "no such gold file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(str(path), f"cannot be read: {exc}") from None


def _date(value) -> dt.date | None:
    if not value:
        return None
    digits = str(value).replace("-", "")[:8]
    try:
        return dt.datetime.strptime(digits, "%Y%m%d").date()
    except ValueError:
        return None


# --- scoring -------------------------------------------------------------------------------------------
@dataclass
class Report:
    """What `tidings evaluate` prints: headline metrics, a confusion matrix, per-category figures, misses."""

    gold: str
    format: str
    records: int
    metrics: dict[str, float | None] = field(default_factory=dict)
    confusion: dict[str, dict[str, int]] = field(default_factory=dict)
    per_category: dict[str, dict[str, float]] = field(default_factory=dict)
    misses: list[dict] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {"gold": self.gold, "format": self.format, "records": self.records, "metrics": self.metrics,
                "confusion": self.confusion, "per_category": self.per_category, "misses": self.misses}


def evaluate(path: str | Path, *, fmt: str | None = None, coder: Coder | None = None,
             options: Options = Options()) -> Report:
    """Code every record of a gold file and score the result."""
    path = Path(path)
    fmt = fmt or detect_format(path)
    records = read_gold(path, fmt)
    if not records:
        raise InputError(str(path), "holds no records to evaluate")
    if fmt == "petrarch-validate":
        coder = Coder(options=_with_suite_dictionaries(path, options))
    coder = coder or Coder(options=options)
    predictions = [_code(coder, record) for record in records]
    return score(records, predictions, gold=str(path), fmt=fmt)


def cross_validate(path: str | Path, *, folds: int = 5, fmt: str | None = None, options: Options = Options(),
                   settings=None, log=print, only: Iterable[int] = (), corpora: str | Path | None = None) -> Report:
    """k-fold: train on the team corpus plus all folds but one, code the held-out fold; no record is ever
    scored by a model that saw it. `only` (fold numbers from 1) scores just those folds: a quicker estimate
    on fewer records. Needs the [train] extra."""
    path = Path(path)
    fmt = fmt or detect_format(path)
    if fmt not in ("cameo-sentences", "generic"):
        raise UsageError(str(path), f"cannot be cross-validated ({fmt} records are not training data)",
                         "cross-validate a 5-class or generic JSONL file")
    if folds < 2:
        raise UsageError("--cross-validate", "needs at least 2 folds")
    chosen = sorted(set(only)) or list(range(1, folds + 1))
    if not all(1 <= k <= folds for k in chosen):
        raise UsageError("--fold", f"must be between 1 and {folds}")
    import tempfile
    from .model.data import fold_of, read_jsonl
    from .model.infer import EventModel
    from .model.train import TrainSettings, train, training_examples
    records, examples = read_gold(path, fmt), read_jsonl(path)
    team = training_examples(corpora=corpora, log=log)
    coder = Coder(options=options)
    predictions: list[list[Event] | None] = [None] * len(records)
    with tempfile.TemporaryDirectory() as tmp:
        for k in (n - 1 for n in chosen):
            held = [i for i, e in enumerate(examples) if fold_of(e, folds) == k]
            train_set = team + [e for i, e in enumerate(examples) if fold_of(e, folds) != k]
            log(f"fold {k + 1}/{folds}: training on {len(train_set)}, scoring {len(held)}")
            folder = train(train_set, Path(tmp) / f"fold{k}", settings or TrainSettings(), log=log)
            coder.event_model = EventModel(folder)
            for i in held:
                predictions[i] = _code(coder, records[i])
    scored = [i for i, p in enumerate(predictions) if p is not None]
    report = score([records[i] for i in scored], [predictions[i] for i in scored], gold=str(path), fmt=fmt)
    report.metrics["folds"] = folds
    if len(chosen) < folds:
        report.metrics["folds_scored"] = len(chosen)
    return report


def _with_suite_dictionaries(path: Path, options: Options) -> Options:
    """PETRARCH's validation records name their dictionaries in an <Environment> block next to them."""
    text = _read(path)
    found = {}
    for tag, key in (("Actorfile", "actors"), ("Agentfile", "agents")):
        match = re.search(rf"<{tag}>\s*([^<\s]+)\s*</{tag}>", text)
        if match:
            hits = sorted(path.parent.rglob(match.group(1)))
            if not hits:
                raise InputError(str(path), f"names {match.group(1)} but it is not beside the records")
            found[key] = getattr(options, key) + (str(hits[0]),)
    # the suite follows PETRARCH's conventions: dyads only, and "will contribute" coded as contributing
    return options.replace(require_target=True, future_as_intent=False, **found)


def _code(coder: Coder, record: GoldRecord) -> list[Event]:
    try:
        return coder.code_text(record.text, published=record.published, id=record.id)
    except InputError:
        return []


def score(records: list[GoldRecord], predictions: list[list[Event]], *, gold: str = "", fmt: str = "generic"
          ) -> Report:
    scorer = _Scorer(fmt)
    for record, events in zip(records, predictions):
        scorer.add(record, events)
    return scorer.report(gold, len(records))


CONFIDENT = 0.8  # the calibration check: events at least this confident should be right this often


class _Scorer:
    def __init__(self, fmt: str) -> None:
        self.fmt = fmt
        self.counts: Counter = Counter()
        self.confusion: dict[str, Counter] = defaultdict(Counter)
        self.category: dict[str, Counter] = defaultdict(Counter)
        self.misses: list[dict] = []

    # labels: what "the same kind of event" means for this set
    def gold_label(self, event: GoldEvent) -> str:
        if event.cameo:
            return event.cameo[:2]
        if event.plover:
            return event.plover
        return PENTACLASS[event.pentaclass]

    def label(self, event: Event, gold: GoldEvent) -> str:
        if gold.cameo:
            return event.root
        if gold.plover:
            return event.plover or "(none: statement)"
        return PENTACLASS[pentaclass(event.cameo)]

    def add(self, record: GoldRecord, events: list[Event]) -> None:
        c = self.counts
        c["records"] += 1
        if not record.events:
            c["no_event_records"] += 1
            c["false_event_records"] += bool(events)
            c["passed"] += not events
            if events:
                self._miss(record, events, "expected no event")
            return
        gold = record.events[0]
        c["event_records"] += 1
        c["covered"] += bool(events)
        self._events(record, events)
        expected = self.gold_label(gold)
        labels = [self.label(e, gold) for e in events]
        primary = events[0] if events else None
        correct = bool(events) and labels[0] == expected
        c["class_correct"] += correct
        c["class_any"] += expected in labels
        self.confusion[expected][labels[0] if events else "(no event)"] += 1
        self.category[expected]["n"] += 1
        self.category[expected]["correct"] += correct
        self.category[expected]["covered"] += bool(events)
        expected_all = {self.gold_label(g) for g in record.events}
        for event, label in zip(events, labels):  # calibration: are confident events right that often?
            if event.confidence >= CONFIDENT:
                c["confident_events"] += 1
                c["confident_right"] += label in expected_all
        best = next((e for e, lab in zip(events, labels) if lab == expected), primary)
        self._actors(record, gold, best)
        passed = self._passes(record, events)
        c["passed"] += passed
        if not correct or (record.events[0].cameo and not passed):
            self._miss(record, events, "wrong or missing event" if not correct else "actors or extra events differ")

    def _events(self, record: GoldRecord, events: list[Event]) -> None:
        """Event-level counts: predicted and expected (source, target, code) keys, at root and exact level."""
        for level in ("root", "code"):
            gold_keys = Counter(self._gold_key(g, level) for g in record.events)
            if None in gold_keys:
                continue
            pred_keys = Counter(self._pred_key(e, record.events[0], level) for e in events)
            if not record.events[0].sources:  # labels only: compare the set of kinds of event
                gold_keys, pred_keys = Counter(set(gold_keys)), Counter(set(pred_keys))
            self.counts[f"{level}_tp"] += sum((gold_keys & pred_keys).values())
            self.counts[f"{level}_pred"] += sum(pred_keys.values())
            self.counts[f"{level}_gold"] += sum(gold_keys.values())

    def _gold_key(self, gold: GoldEvent, level: str):
        if level == "code" and not gold.cameo:
            return None
        what = gold.cameo if level == "code" else self.gold_label(gold)
        if not gold.sources or not gold.sources[0].country:
            return (what,)
        target = gold.targets[0].country if gold.targets else None
        return (gold.sources[0].country, target, what)

    def _pred_key(self, event: Event, gold: GoldEvent, level: str):
        what = event.cameo if level == "code" else self.label(event, gold)
        if not gold.sources or not gold.sources[0].country:
            return (what,)
        target = event.target.country if event.target and gold.targets else None
        return (event.source.country, target, what)

    def _actors(self, record: GoldRecord, gold: GoldEvent, event: Event | None) -> None:
        for side, expected in (("source", gold.sources), ("target", gold.targets)):
            if not expected:
                continue
            actor = getattr(event, side) if event else None
            if expected[0].country:
                self.counts[f"{side}_n"] += 1
                self.counts[f"{side}_country"] += bool(actor) and actor.country in {g.country for g in expected}
                self.counts[f"{side}_code"] += bool(actor) and actor.code in {g.code for g in expected}
            elif expected[0].text:
                self.counts[f"{side}_span_n"] += 1
                self.counts[f"{side}_span"] += bool(actor) and any(_overlap(actor.name, g.text) for g in expected)

    def _passes(self, record: GoldRecord, events: list[Event]) -> bool:
        """A record passes when the coded (source, target, code) triples are exactly the expected ones."""
        if not record.events[0].cameo:
            return False
        expected = {(_first_code(g.sources), _first_code(g.targets) or "---", g.cameo) for g in record.events}
        return {(e.source.code, e.target.code if e.target else "---", e.cameo) for e in events} == expected

    def _miss(self, record: GoldRecord, events: list[Event], why: str) -> None:
        self.misses.append({
            "id": record.id, "why": why, "text": record.text,
            "expected": [_describe_gold(g) for g in record.events],
            "produced": [f"{e.source.code} {e.cameo} {e.target.code if e.target else '-'} ({e.pattern!r} on {e.trigger!r})"
                         for e in events]})

    def report(self, gold: str, n: int) -> Report:
        c = self.counts
        ratio = lambda a, b: round(c[a] / c[b], 4) if c[b] else None  # noqa: E731
        metrics = {
            "class_accuracy": ratio("class_correct", "event_records"),
            "class_accuracy_any_event": ratio("class_any", "event_records"),
            "coverage": ratio("covered", "event_records"),
            "false_event_rate": ratio("false_event_records", "no_event_records"),
            "right_at_confidence_0.8": ratio("confident_right", "confident_events"),
        }
        for level in ("root", "code"):
            precision, recall = ratio(f"{level}_tp", f"{level}_pred"), ratio(f"{level}_tp", f"{level}_gold")
            metrics[f"{level}_precision"], metrics[f"{level}_recall"] = precision, recall
            metrics[f"{level}_f1"] = (round(2 * precision * recall / (precision + recall), 4)
                                      if precision and recall else (0.0 if c[f"{level}_gold"] else None))
        for side in ("source", "target"):
            metrics[f"{side}_country_accuracy"] = ratio(f"{side}_country", f"{side}_n")
            metrics[f"{side}_code_accuracy"] = ratio(f"{side}_code", f"{side}_n")
            metrics[f"{side}_span_match"] = ratio(f"{side}_span", f"{side}_span_n")
        if self.fmt in ("petrarch-validate", "generic"):
            metrics["records_passing"] = ratio("passed", "records")
        metrics = {k: v for k, v in metrics.items() if v is not None}
        per_category = {label: {"n": k["n"], "accuracy": round(k["correct"] / k["n"], 4),
                                "coverage": round(k["covered"] / k["n"], 4)}
                        for label, k in sorted(self.category.items())}
        confusion = {label: dict(row.most_common()) for label, row in sorted(self.confusion.items())}
        return Report(gold, self.fmt, n, metrics, confusion, per_category, self.misses)


def _first_code(actors: tuple[GoldActor, ...]) -> str | None:
    return actors[0].code if actors else None


def _overlap(produced: str, expected: str) -> bool:
    words = lambda text: {w.lower() for w in _WORD.findall(text)} - _SPAN_STOPWORDS  # noqa: E731
    return bool(words(produced) & words(expected))


def _describe_gold(gold: GoldEvent) -> str:
    actor = lambda actors: "/".join(a.code or a.text or "?" for a in actors) or "?"  # noqa: E731
    what = gold.cameo or gold.plover or PENTACLASS.get(gold.pentaclass, "?")
    return f"{actor(gold.sources)} {what} {actor(gold.targets)}"


# --- output --------------------------------------------------------------------------------------------
def format_report(report: Report, *, misses: bool = False) -> str:
    lines = [f"{report.gold} ({report.format}): {report.records} records", ""]
    width = max(len(k) for k in report.metrics)
    lines += [f"  {name:<{width}}  {value:.3f}" for name, value in report.metrics.items()]
    lines += ["", "  per category: n, accuracy, coverage"]
    lines += [f"    {label:<22} {v['n']:>5} {v['accuracy']:>8.3f} {v['coverage']:>8.3f}"
              for label, v in report.per_category.items()]
    lines += ["", "  confusion (expected -> produced: count)"]
    for label, row in report.confusion.items():
        lines.append(f"    {label:<22} " + ", ".join(f"{k}: {v}" for k, v in row.items()))
    if misses:
        lines += ["", f"  misses ({len(report.misses)})"]
        for miss in report.misses:
            lines.append(f"    [{miss['id']}] {miss['why']}: {miss['text']}")
            lines.append(f"        expected {'; '.join(miss['expected']) or 'no event'}")
            lines.append(f"        produced {'; '.join(miss['produced']) or 'nothing'}")
    return "\n".join(lines) + "\n"


def evaluate_command(paths: Iterable[str], *, fmt: str | None = None, json_path: str | None = None,
                     misses: bool = False, options: Options = Options(), folds: int | None = None,
                     only_folds: Iterable[int] = (), corpora: str | None = None) -> list[Report]:
    """`tidings evaluate`: score each gold file, print the tables, optionally write all reports as JSON."""
    reports, coder = [], None
    for path in paths:
        if not Path(path).exists():
            raise InputError(path, "no such gold file")
        chosen = fmt or detect_format(Path(path))
        if folds:
            reports.append(cross_validate(path, folds=folds, fmt=chosen, options=options, only=only_folds,
                                          corpora=corpora, log=lambda m: print(m, file=sys.stderr)))
            print(format_report(reports[-1], misses=misses), end="")
            continue
        if chosen != "petrarch-validate":
            coder = coder or Coder(options=options)
        reports.append(evaluate(path, fmt=chosen, coder=coder, options=options))
        print(format_report(reports[-1], misses=misses), end="")
    if json_path:
        try:
            Path(json_path).write_text(json.dumps([r.to_dict() for r in reports], indent=2) + "\n")
        except OSError as exc:
            raise TidingsError(json_path, f"cannot write the report: {exc.strerror}") from None
    return reports
