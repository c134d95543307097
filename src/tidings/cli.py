"""Command line: parse arguments, call one library function, turn TidingsError into a message and exit code."""
from __future__ import annotations

import argparse
import sys

from . import commands
from .config import Options
from .errors import TidingsError, UsageError
from .evaluate import FORMATS as FORMATS_GOLD
from .evaluate import evaluate_command
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
    for sub_parser in (code, evaluate):
        if sub_parser is evaluate:
            sub_parser.add_argument("--actors", action="append", default=[], metavar="FILE")
            sub_parser.add_argument("--agents", action="append", default=[], metavar="FILE")
            sub_parser.add_argument("--model")
            sub_parser.add_argument("--config", metavar="TOML")
    return parser


def _options(args) -> Options:
    options = Options.from_toml(args.config) if args.config else Options()
    changes = {"actors": options.actors + tuple(args.actors), "agents": options.agents + tuple(args.agents)}
    if args.model:
        changes["model"] = args.model
    return options.replace(**changes)


def main(argv: list[str] | None = None) -> int:
    try:
        args = build_parser().parse_args(argv)
        if args.command is None:
            build_parser().print_help()
            return 2
        if args.command == "evaluate":
            evaluate_command(args.gold, fmt=args.gold_format, json_path=args.json, misses=args.misses,
                             options=_options(args))
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


if __name__ == "__main__":
    sys.exit(main())
