"""Command line: ``mutualstats build|figures|audit|scan|report|restate|diff|notebooks|checksum``.

A thin layer over the package; the Makefile calls these commands.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from mutualstats.config import project_root
from mutualstats.errors import DataValidationError, MutualstatsError

#: The claim whose period is the BSA survey year the charts highlight unless told otherwise.
HIGHLIGHT_CLAIM = "C24"


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``mutualstats`` command."""
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        return int(args.handler(args) or 0)
    except DataValidationError as error:
        print(error, file=sys.stderr)
        return 2
    except MutualstatsError as error:
        print(f"mutualstats {args.command}: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except Exception as error:
        # Every expected failure has its own message above; this one names the surprise in one
        # line. MUTUALSTATS_DEBUG=1 shows the traceback.
        if os.environ.get("MUTUALSTATS_DEBUG"):
            raise
        print(
            f"mutualstats {args.command}: unexpected error: {type(error).__name__}: {error} "
            "(run again with MUTUALSTATS_DEBUG=1 for the traceback)",
            file=sys.stderr,
        )
        return 3


def _build(args: argparse.Namespace) -> int:
    from mutualstats.config import processed_dir, raw_dir, reports_dir
    from mutualstats.errors import write_validation_report
    from mutualstats.freshness import processed_is_current

    # Checked before pandas is imported, so an unchanged build answers at once.
    if not args.force and processed_is_current(raw_dir(), processed_dir()):
        write_validation_report(reports_dir() / "validation.json", [])
        print("data/processed is up to date: no input changed")
        return 0
    from mutualstats.build import build_all

    written = build_all(force=args.force)
    for name, path in written.items():
        print(f"built {name}: {_relative(path)}")
    return 0


def _figures(args: argparse.Namespace) -> int:
    from mutualstats.figures import build_and_export_all

    for path in build_and_export_all(_highlight_year(args.year)):
        print(f"wrote {_relative(path)}")
    return 0


def _audit(args: argparse.Namespace) -> int:
    from mutualstats.claims import audit
    from mutualstats.claims.report import to_csv, to_terminal, write_reports
    from mutualstats.config import reports_dir

    table = audit()
    write_reports(table, reports_dir())
    sys.stdout.write(to_csv(table) if args.format == "csv" else to_terminal(table))
    return 0


def _scan(args: argparse.Namespace) -> int:
    from mutualstats import datasets
    from mutualstats.config import reports_dir
    from mutualstats.scan import has_gaps, read_briefing, scan
    from mutualstats.scan_report import ANNOTATED_HTML, summary, to_csv, to_table, write_annotated

    path = Path(args.path)
    try:
        text = read_briefing(path)
    except UnicodeDecodeError:
        print(f"mutualstats scan: {path} is not UTF-8 text", file=sys.stderr)
        return 2
    except OSError as error:
        print(f"mutualstats scan: cannot read {path}: {error.strerror or error}", file=sys.stderr)
        return 2
    result = scan(text, datasets.load("briefing_claims"), datasets.load("briefing_exclusions"))
    for key in result.unused_exclusions:
        print(f"warning: exclusion matches nothing in the text: {key}", file=sys.stderr)
    if args.format == "html":
        written = write_annotated(result, reports_dir() / ANNOTATED_HTML, path.name)
        print(f"wrote {_relative(written)}\n{summary(result.rows)}")
    else:
        sys.stdout.write(to_csv(result.rows) if args.format == "csv" else to_table(result.rows))
    return 1 if has_gaps(result.rows) else 0


def _report(args: argparse.Namespace) -> int:
    from mutualstats.config import reports_dir
    from mutualstats.site import write_site

    site = reports_dir() / "site"
    written = write_site(_highlight_year(args.year), site)
    print(f"wrote {len(written)} files; open {_relative(site / 'index.html')}")
    return 0


def _restate(args: argparse.Namespace) -> int:
    from mutualstats.restate import render, restate

    sys.stdout.write(render(args.year, restate(args.year)))
    return 0


def _diff(args: argparse.Namespace) -> int:
    import pandas as pd

    from mutualstats.editions import diff, summary

    for edition in (args.from_edition, args.to_edition):
        if not edition.isascii() or not edition.isdigit():
            print(f"an edition is a year, e.g. 2023; got {edition!r}", file=sys.stderr)
            return 2
    try:
        changes = diff(args.source, args.from_edition, args.to_edition)
    except KeyError as error:
        print(error.args[0], file=sys.stderr)
        return 2
    shown = changes if args.all else changes.loc[changes["status"] != "unchanged"]
    with pd.option_context("display.width", 200, "display.max_rows", None):
        print(shown.to_string(index=False))
    print(f"{args.source} {args.from_edition} -> {args.to_edition}: {summary(changes)}")
    return 0


def _notebooks(args: argparse.Namespace) -> int:
    from mutualstats.periods import PeriodError, checked
    from mutualstats.runs import RunError, run_notebooks

    notebooks = [Path(name) for name in args.notebooks] or None
    try:
        assignments = dict(_assignment(text) for text in args.period)
        if args.check:
            for name, value in checked(assignments).items():
                print(f"{name} = {value}: held")
            return 0
        written = run_notebooks(assignments, notebooks, progress=print)
    except PeriodError as error:
        print(error, file=sys.stderr)
        return 2
    except RunError as error:
        print(error, file=sys.stderr)
        return 1
    for path in written:
        print(f"wrote {_relative(path)}")
    return 0


def _assignment(text: str) -> tuple[str, str]:
    from mutualstats.periods import PeriodError

    name, equals, value = text.partition("=")
    if not equals or not value:
        raise PeriodError(f"--period takes NAME=VALUE, e.g. BSA_YEAR=2025; got {text!r}")
    return name, value


def _checksum(args: argparse.Namespace) -> int:
    from mutualstats.checksums import record_checksums, stale_descriptions

    folder = Path(args.source)
    if not folder.is_dir():
        print(f"mutualstats checksum: {args.source} is not a folder", file=sys.stderr)
        return 2
    changed = record_checksums(folder.resolve())
    for name in changed:
        print(f"recorded sha256 of {name} in {_relative(folder / 'source.yaml')}")
    if not changed:
        print("all checksums already up to date")
    for warning in stale_descriptions(folder):
        print(f"warning: {warning}", file=sys.stderr)
    return 0


def _describe(args: argparse.Namespace) -> int:
    from mutualstats.describe import describe

    try:
        sys.stdout.write(describe(args.source))
    except KeyError as error:
        print(error.args[0], file=sys.stderr)
        return 2
    return 0


def _store_notebook(args: argparse.Namespace) -> int:
    from mutualstats.notebooks import execute_in_place

    for notebook in args.notebooks:
        execute_in_place(Path(notebook))
        print(f"stored outputs of {notebook}")
    return 0


def _parser() -> argparse.ArgumentParser:
    from mutualstats.periods import PARAMETERS

    period_names = ", ".join(item.variable for item in PARAMETERS)
    parser = argparse.ArgumentParser(prog="mutualstats", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(required=True, metavar="COMMAND", dest="command")
    build = commands.add_parser(
        "build", help="validate data/raw and write data/processed (only when an input changed)"
    )
    build.add_argument("--force", action="store_true", help="build even when nothing changed")
    build.set_defaults(handler=_build)
    figures = commands.add_parser("figures", help="export every chart to reports/figures")
    figures.add_argument(
        "--year", type=int, help="survey year to highlight (default: the briefing's)"
    )
    figures.set_defaults(handler=_figures)
    audit = commands.add_parser(
        "audit", help="judge every claim of the briefing; write reports/audit.csv and audit.md"
    )
    audit.add_argument("--format", choices=("table", "csv"), default="table")
    audit.set_defaults(handler=_audit)
    scan = commands.add_parser(
        "scan", help="check every number of a briefing's text is a registered claim or excluded"
    )
    scan.add_argument("path", help="the briefing as plain text")
    scan.add_argument(
        "--format",
        choices=("table", "csv", "html"),
        default="table",
        help="html writes reports/briefing-annotated.html",
    )
    scan.set_defaults(handler=_scan)
    report = commands.add_parser(
        "report", help="build the reviewer's site and data package under reports/site"
    )
    report.add_argument(
        "--year", type=int, help="survey year charts highlight (default: the briefing's)"
    )
    report.set_defaults(handler=_report)
    restate = commands.add_parser(
        "restate", help="restate the briefing's period-dependent statements for another year"
    )
    restate.add_argument("--year", type=int, required=True)
    restate.set_defaults(handler=_restate)
    diff = commands.add_parser("diff", help="what changed between two editions of a source")
    diff.add_argument("source", help="a source with editions, e.g. skills_for_care")
    diff.add_argument("--from", dest="from_edition", required=True, help="earlier edition")
    diff.add_argument("--to", dest="to_edition", required=True, help="later edition")
    diff.add_argument("--all", action="store_true", help="list unchanged values too")
    diff.set_defaults(handler=_diff)
    notebooks = commands.add_parser(
        "notebooks",
        help="execute the notebooks for other periods into reports/runs/<label>/, all or nothing",
        description="Example: mutualstats notebooks --period BSA_YEAR=2024 "
        "--period SFC_EDITION=2025",
    )
    notebooks.add_argument(
        "--period",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help=f"a period to move, one of {period_names} (repeatable)",
    )
    notebooks.add_argument(
        "--check", action="store_true", help="only check that the data hold every period given"
    )
    notebooks.add_argument("notebooks", nargs="*", help="default: every committed notebook")
    notebooks.set_defaults(handler=_notebooks)
    checksum = commands.add_parser("checksum", help="record new or changed files in source.yaml")
    checksum.add_argument("source", help="a source folder, e.g. data/raw/bsa")
    checksum.set_defaults(handler=_checksum)
    describe = commands.add_parser(
        "describe",
        help="what a new row, year or edition of a source needs: columns, rules, vocabularies",
        description="Example: mutualstats describe skills_for_care",
    )
    describe.add_argument("source", help="a data/raw folder, e.g. bsa or skills_for_care")
    describe.set_defaults(handler=_describe)
    store = commands.add_parser(
        "store-notebook", help="re-execute committed notebooks and store their outputs"
    )
    store.add_argument("notebooks", nargs="+", help="notebooks/NN-topic.ipynb")
    store.set_defaults(handler=_store_notebook)
    return parser


def _highlight_year(year: int | None) -> int:
    from mutualstats.claims import briefing_period

    return briefing_period(HIGHLIGHT_CLAIM) if year is None else year


def _relative(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(project_root()))
    except ValueError:
        return str(path)


if __name__ == "__main__":
    sys.exit(main())
