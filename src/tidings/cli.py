"""Command line: parse arguments, call one library function, turn TidingsError into a message and exit code."""
from __future__ import annotations

import argparse
import os
import sys

from . import commands
from .config import Options
from .errors import TidingsError, UsageError
from .evaluate import FORMATS as FORMATS_GOLD
from .evaluate import evaluate_command
from .clean import usage_date
from .export import FORMATS as EXPORT_FORMATS
from .export import TABLES as EXPORT_TABLES
from .render import FORMATS


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # usage errors: one line, exit 2
        raise UsageError(self.prog, message, f"see {self.prog} --help")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="tidings", description="Code news articles into political events (CAMEO/PLOVER).")
    sub = parser.add_subparsers(dest="command", parser_class=_Parser)
    code = sub.add_parser("code", help="code articles and print their events",
                          description="Code text, HTML or JSONL articles (files, directories, - for stdin).")
    code.add_argument("inputs", nargs="+", metavar="INPUT", help="file, directory, or - for standard input")
    code.add_argument("--date", help="publication date YYYY-MM-DD (else from JSONL or HTML metadata)")
    code.add_argument("--format", default="jsonl", choices=FORMATS, help="output format (default jsonl)")
    code.add_argument("--explain", action="store_true", help="show the pattern and dictionary entries used")
    code.add_argument("--skip-errors", action="store_true", help="skip bad inputs, list them at the end")
    code.add_argument("--actors", action="append", default=[], metavar="FILE",
                      help="extra actor dictionary (tidings TSV or PETRARCH format); repeatable")
    code.add_argument("--agents", action="append", default=[], metavar="FILE",
                      help="extra agents dictionary (tidings TSV or PETRARCH format); repeatable")
    code.add_argument("--model", help="spaCy pipeline to use (default en_core_web_sm, else its PyPI copy)")
    code.add_argument("--config", metavar="TOML", help="options file (see docs/options.md)")
    evaluate = sub.add_parser("evaluate", help="measure accuracy on gold sets",
                              description="Code the texts of gold sets and report precision, recall and accuracy.")
    evaluate.add_argument("gold", nargs="+", metavar="GOLD", help="gold file(s): see docs/accuracy.md")
    evaluate.add_argument("--format", dest="gold_format", choices=FORMATS_GOLD,
                          help="gold format (default: guessed from the file)")
    evaluate.add_argument("--json", metavar="FILE", help="also write the full reports as JSON")
    evaluate.add_argument("--misses", action="store_true", help="list every record tidings got wrong")
    evaluate.add_argument("--cross-validate", type=int, metavar="K",
                          help="k-fold: train a model per fold on the team corpus and the other folds, "
                               "score the held-out fold (needs the [train] extra)")
    evaluate.add_argument("--fold", type=int, action="append", default=[], metavar="N",
                          help="with --cross-validate: score only fold N (repeatable; quicker, fewer records)")
    train = sub.add_parser("train", help="train the learned event model (needs the [train] extra)",
                           description="Fine-tune the event model on the team corpus and your annotations; "
                                       "example: tidings train -o my-model --gold mine.jsonl, then "
                                       "tidings code --event-model my-model ...")
    train.add_argument("-o", "--output", required=True, help="folder for the model")
    train.add_argument("--gold", action="append", default=[], metavar="JSONL",
                       help="annotations: 5-class JSONL or generic JSONL (cameo or your own 'label'); repeatable")
    train.add_argument("--no-team-corpus", action="store_true",
                       help="leave out tidings' own training sentences (for your own event types)")
    train.add_argument("--epochs", type=int, default=5, help="passes over the data (default 5, as the shipped model)")
    train.add_argument("--seed", type=int, default=13, help="random seed (default 13)")
    train.add_argument("--layers", type=int, default=6, choices=range(1, 7), metavar="N",
                       help="encoder layers kept, 1-6 (default 6, as the shipped model; fewer is faster, less accurate)")
    for sub_parser in (evaluate, train):
        sub_parser.add_argument("--corpora", metavar="DIR",
                                help="folder holding the corpora that tidings' own annotations point into "
                                     "(scale.jsonl.gz); without it those sentences are left out of training")
    ingest = sub.add_parser("ingest", help="code a corpus into an event database",
                            description="Code files, directories, feeds and URLs into a DuckDB database.")
    ingest.add_argument("inputs", nargs="+", metavar="INPUT", help="file, directory, RSS/Atom feed or URL")
    ingest.add_argument("--db", default="tidings.duckdb", help="database file (default tidings.duckdb)")
    ingest.add_argument("--date", help="publication date for inputs that carry none")
    ingest.add_argument("--batch-size", type=int, default=64, help="articles per transaction (default 64)")
    recode = sub.add_parser("recode", help="code the stored articles again after a dictionary change")
    for sub_parser in (code, evaluate, ingest, recode):
        sub_parser.add_argument("--event-model", metavar="DIR",
                                help="learned event model folder from `tidings train` (default: the shipped one)")
        sub_parser.add_argument("--patterns-only", action="store_true",
                                help="code with the pattern lexicon alone, without the learned model")
        sub_parser.add_argument("--min-confidence", type=float, metavar="P",
                                help="leave out events with a confidence below P (0-1)")
    for sub_parser in (evaluate, ingest, recode):
        sub_parser.add_argument("--actors", action="append", default=[], metavar="FILE")
        sub_parser.add_argument("--agents", action="append", default=[], metavar="FILE")
        sub_parser.add_argument("--model")
        sub_parser.add_argument("--config", metavar="TOML")
    recode.add_argument("--db", required=True)

    events = sub.add_parser("events", help="list deduplicated events from a database")
    events.add_argument("--dyad", help="A,B: events between two actors or countries (both directions)")
    events.add_argument("--directed", action="store_true", help="with --dyad: only A -> B")
    for flag, text in (("--actor", "actor or country code, as source or target"), ("--country", "country code"),
                       ("--role", "role code, e.g. MIL"), ("--root", "CAMEO root, e.g. 19"),
                       ("--code", "CAMEO code prefix, e.g. 19 or 195"), ("--place-country", "ISO3 of the place"),
                       ("--since", "YYYY-MM-DD"), ("--until", "YYYY-MM-DD")):
        events.add_argument(flag, help=text)
    events.add_argument("--quad-class", type=int, choices=(1, 2, 3, 4))
    events.add_argument("--include-historical", action="store_true")
    events.add_argument("--limit", type=int)
    dyad = sub.add_parser("dyad", help="a dyad's cooperation and conflict over time")
    dyad.add_argument("a")
    dyad.add_argument("b")
    dyad.add_argument("--by", default="month", choices=("day", "week", "month", "year"))
    dyad.add_argument("--since")
    dyad.add_argument("--until")
    dyad.add_argument("--include-historical", action="store_true")
    dyad.add_argument("--plot", metavar="FILE.png|svg", help="also draw a line chart")
    actors = sub.add_parser("actors", help="the most frequent actors of a database")
    actors.add_argument("--top", type=int, default=20)
    errors = sub.add_parser("errors", help="inputs an ingest could not read, with the reason")
    export = sub.add_parser("export", help="export a database: Parquet, CSV, JSONL or GDELT TSV")
    export.add_argument("--format", dest="export_format", required=True, choices=EXPORT_FORMATS)
    export.add_argument("-o", "--output", required=True, help="output file")
    export.add_argument("--table", default="events", choices=EXPORT_TABLES)
    for sub_parser in (events, export):
        sub_parser.add_argument("--min-confidence", type=float, metavar="P",
                                help="only events at least this confident (0-1; the best mention counts)")
    sql = sub.add_parser("sql", help="run read-only SQL on a database")
    sql.add_argument("query")
    for sub_parser in (events, dyad, actors, errors, export, sql):
        sub_parser.add_argument("--db", required=True, help="database file")
    for sub_parser in (events, dyad, actors, errors, sql):
        sub_parser.add_argument("--format", dest="table_format", default="table", choices=("table", "csv", "jsonl"))
    return parser


def _run(args) -> None:
    """Dispatch a parsed command line to its one library function."""
    if args.command == "evaluate":
        evaluate_command(args.gold, fmt=args.gold_format, json_path=args.json, misses=args.misses,
                         options=_options(args), folds=args.cross_validate, only_folds=args.fold,
                         corpora=args.corpora)
    elif args.command == "train":
        from .model.train import TrainSettings, train_model
        train_model(output=args.output, gold=args.gold, team=not args.no_team_corpus, corpora=args.corpora,
                    settings=TrainSettings(epochs=args.epochs, seed=args.seed, layers=args.layers))
    elif args.command == "ingest":
        commands.ingest_command(args.inputs, db=args.db, date=args.date, options=_options(args),
                                batch_size=args.batch_size)
    elif args.command == "recode":
        commands.recode_command(db=args.db, options=_options(args))
    elif args.command == "events":
        commands.events_command(db=args.db, fmt=args.table_format, dyad=_pair(args.dyad), directed=args.directed,
                                actor=args.actor, country=args.country, role=args.role, root=args.root,
                                code=args.code, quad_class=args.quad_class, since=usage_date(args.since),
                                until=usage_date(args.until), place_country=args.place_country,
                                include_historical=args.include_historical, min_confidence=args.min_confidence,
                                limit=args.limit)
    elif args.command == "dyad":
        commands.dyad_command(args.a, args.b, db=args.db, by=args.by, plot=args.plot, fmt=args.table_format,
                              since=usage_date(args.since), until=usage_date(args.until),
                              include_historical=args.include_historical)
    elif args.command == "actors":
        commands.actors_command(db=args.db, top=args.top, fmt=args.table_format)
    elif args.command == "errors":
        commands.errors_command(db=args.db, fmt=args.table_format)
    elif args.command == "export":
        commands.export_command(db=args.db, fmt=args.export_format, output=args.output, table=args.table,
                                min_confidence=args.min_confidence)
    elif args.command == "sql":
        commands.sql_command(args.query, db=args.db, fmt=args.table_format)


def _pair(value: str | None) -> tuple[str, str] | None:
    if value is None:
        return None
    parts = [p.strip() for p in value.split(",") if p.strip()]
    if len(parts) != 2:
        raise UsageError("--dyad", f"{value!r} is not two codes", "write it as A,B, e.g. --dyad RUS,TUR")
    return parts[0], parts[1]


def _options(args) -> Options:
    options = Options.from_toml(args.config) if args.config else Options()
    changes = {"actors": options.actors + tuple(args.actors), "agents": options.agents + tuple(args.agents)}
    if args.model:
        changes["model"] = args.model
    for name in ("event_model", "patterns_only", "min_confidence"):
        if getattr(args, name, None):
            changes[name] = getattr(args, name)
    return options.replace(**changes)


def main(argv: list[str] | None = None) -> int:
    try:
        args = build_parser().parse_args(argv)
        if args.command is None:
            build_parser().print_help()
            return 2
        if args.command != "code":
            _run(args)
            return 0
        summary = commands.code_inputs(args.inputs, date=args.date, fmt=args.format, explain=args.explain,
                                       skip_errors=args.skip_errors, options=_options(args))
        if summary.skipped:
            print(f"tidings: skipped {len(summary.skipped)} input(s):", file=sys.stderr)
            for item in summary.skipped:
                print(f"  {item.name}: {item.reason}", file=sys.stderr)
        return 0
    except TidingsError as exc:
        print(f"tidings: error: {exc.message}", file=sys.stderr)
        return exc.exit_code
    except BrokenPipeError:
        return 0
    except KeyboardInterrupt:
        print("tidings: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # a bug: one line for the user, the traceback with TIDINGS_DEBUG=1
        if os.environ.get("TIDINGS_DEBUG"):
            raise
        print(f"tidings: internal error ({type(exc).__name__}: {exc}); please report it, "
              "and run again with TIDINGS_DEBUG=1 for details", file=sys.stderr)
        return 70


if __name__ == "__main__":
    sys.exit(main())
