"""Command line: mutualstats build, figures, audit, scan, report, restate, diff, run, checksum,
describe and store-notebooks.

A thin layer over the package; the Makefile calls these commands by the same names.
"""

from __future__ import annotations

import argparse
import contextlib
import errno
import functools
import io
import os
import sys
import tempfile
from pathlib import Path

from mutualstats.config import check_matplotlib_backend
from mutualstats.errors import DataPackageError, DataValidationError, MutualstatsError


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``mutualstats`` command."""
    parser = _parser()
    args = parser.parse_args(argv)
    if sys.stdout is None:
        print(f"mutualstats {args.command}: standard output is closed", file=sys.stderr)
        return 2
    # Characters the output's encoding cannot show (e.g. "£" under an ASCII locale) are escaped.
    with contextlib.suppress(AttributeError, io.UnsupportedOperation):
        sys.stdout.reconfigure(errors="backslashreplace")
    try:
        check_matplotlib_backend()
        status = int(args.handler(args) or 0)
        sys.stdout.flush()
        return status
    except BrokenPipeError:
        # The reader stopped early (e.g. `| head`): stop quietly, with the shell's status for it.
        _silence_stdout()
        return 141
    except DataValidationError as error:
        print(error, file=sys.stderr)
        return 2
    except MutualstatsError as error:
        return _refused(args.command, str(error))
    except OSError as error:
        print(f"mutualstats {args.command}: {_file_problem(error)}", file=sys.stderr)
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


def _refused(command: str, message: str, status: int = 2) -> int:
    """Say why ``command`` stopped, on one line as every command says it
    (``mutualstats <command>: <message>``); ``status`` is its exit status."""
    print(f"mutualstats {command}: {message}", file=sys.stderr)
    return status


#: What to do about the operating system's commonest refusals.
_FILE_REMEDIES = {
    errno.EACCES: "check the permissions of the file and its folder",
    errno.EPERM: "check the permissions of the file and its folder",
    errno.EROFS: "the file system is read-only",
    errno.ENOSPC: "the disk is full",
    errno.EISDIR: "a folder is where a file should be",
    errno.ENOTDIR: "a file is where a folder should be",
    errno.EEXIST: "a file is where a folder should be",
}


def _file_problem(error: OSError) -> str:
    """One line for a file or folder the command could not read or write: which, and why."""
    from mutualstats.provenance import _label

    reason = error.strerror or str(error)
    remedy = _FILE_REMEDIES.get(error.errno)
    reason += f" ({remedy})" if remedy else ""
    if not error.filename:
        return f"could not finish: {reason}"
    path = Path(os.fsdecode(error.filename))
    # os.path's tests answer False where the path cannot even be looked at (a name longer than
    # the file system allows); pathlib's raise again, inside this handler.
    if os.path.islink(path) and not os.path.exists(path):
        target = os.readlink(path)
        return f"cannot use {_label(path)}: it is a link to {target}, which does not exist"
    if path.name.startswith("."):
        # A file being written beside its target, to be moved into place: the folder is at fault.
        return f"cannot write in {_label(path.parent)}: {reason}"
    return f"cannot use {_label(path)}: {reason}"


def _silence_stdout() -> None:
    """Point stdout at /dev/null, so Python's last flush at exit does not meet the closed pipe."""
    with contextlib.suppress(OSError, ValueError, AttributeError, io.UnsupportedOperation):
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


def _build(args: argparse.Namespace) -> int:
    from mutualstats.config import processed_dir, raw_dir, reports_dir
    from mutualstats.errors import write_validation_report
    from mutualstats.freshness import processed_is_current

    # Checked before pandas is imported, so an unchanged build answers at once.
    if not args.force and processed_is_current(raw_dir(), processed_dir()):
        write_validation_report(reports_dir() / "validation.json", [])
        print("data/processed is up to date: no input changed")
        return 0
    from mutualstats.build import build

    built = build(force=args.force)
    if not built.wrote:
        # Another build (e.g. a second `make all`) held the lock and finished first.
        print("data/processed is up to date: no input changed")
        return 0
    for name, path in built.tables.items():
        print(f"built {name}: {_relative(path)}")
    return 0


def _figures(args: argparse.Namespace) -> int:
    from mutualstats.config import PUBLISHED_FILE_MODE, figures_dir
    from mutualstats.figures import build_and_export_all
    from mutualstats.folders import publish_files

    # Every chart is drawn into a staging folder first: the figures are replaced all or none.
    year = _highlight_year(args.year)
    target = figures_dir()
    target.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".figures-", dir=target.parent) as staging:
        drawn = [path for chart in build_and_export_all(year, Path(staging))
                 for path in chart]  # fmt: skip
        moves = {target / path.name: functools.partial(os.replace, path) for path in drawn}
        for path in publish_files(moves, PUBLISHED_FILE_MODE):
            print(f"wrote {_relative(path)}")
    return 0


def _audit(args: argparse.Namespace) -> int:
    from mutualstats.claims import audit
    from mutualstats.claims.report import to_csv, to_terminal, write_reports
    from mutualstats.config import reports_dir
    from mutualstats.site_claims import text_labels

    table = audit()
    write_reports(table, reports_dir(), text_labels())
    sys.stdout.write(to_csv(table) if args.format == "csv" else to_terminal(table))
    return 0


def _scan(args: argparse.Namespace) -> int:
    from mutualstats import datasets
    from mutualstats.config import EXCLUSIONS_TABLE, REGISTER_TABLE, reports_dir
    from mutualstats.scan import has_gaps, scan
    from mutualstats.scan_report import (
        ANNOTATED_HTML,
        footnote_summary,
        summary,
        to_csv,
        to_table,
        write_annotated,
    )

    path = Path(args.path)
    text = _briefing_text("scan", path)
    if text is None:
        return 2
    result = scan(text, datasets.load(REGISTER_TABLE), datasets.load(EXCLUSIONS_TABLE))
    for key in result.unused_exclusions:
        print(f"warning: exclusion matches nothing in the text: {key}", file=sys.stderr)
    if args.format == "html":
        written = write_annotated(result, reports_dir() / ANNOTATED_HTML, path.name)
        print(f"wrote {_relative(written)}\n{summary(result.rows)}")
        print(footnote_summary(result.footnotes))
    else:
        table = to_table(result.rows, result.footnotes)
        sys.stdout.write(to_csv(result.rows) if args.format == "csv" else table)
    return 1 if has_gaps(result.rows) else 0


def _report(args: argparse.Namespace) -> int:
    from mutualstats.config import reports_dir
    from mutualstats.scan_report import ANNOTATED_HTML, SITE_CLAIM_PAGES
    from mutualstats.site import write_briefing, write_site

    site = reports_dir() / "site"
    briefing = Path(args.briefing) if args.briefing else None
    if briefing is not None and _briefing_text("report", briefing) is None:
        return 2  # said before anything is built
    try:
        written = write_site(_highlight_year(args.year), site, briefing)
        if briefing is not None:
            annotated = reports_dir() / ANNOTATED_HTML
            write_briefing(briefing, annotated, SITE_CLAIM_PAGES)
            print(f"wrote {_relative(annotated)}")
    except UnicodeDecodeError:
        print(f"mutualstats report: {_relative(briefing)} is not UTF-8 text", file=sys.stderr)
        return 2
    except DataPackageError as error:
        print(f"mutualstats report: {error}; {_relative(site)} is left as it was", file=sys.stderr)
        return 2
    except FileNotFoundError as error:
        if isinstance(error, MutualstatsError):
            raise  # e.g. data not built: its own message, below
        missing = _relative(Path(os.fsdecode(error.filename))) if error.filename else error
        print(f"mutualstats report: cannot read {missing}", file=sys.stderr)
        return 2
    print(f"wrote {len(written)} files; open {_relative(site / 'index.html')}")
    return 0


def _briefing_text(command: str, path: Path) -> str | None:
    """The briefing's text, or None once one message has said why it cannot be read or that it
    is empty (nothing a page would show): an empty briefing has no numbers to check, not every
    claim missing."""
    from mutualstats.encoding import bad_bytes
    from mutualstats.scan import hidden_character, read_briefing

    try:
        text = read_briefing(path)
        # Nothing shown on a page: white space, a byte-order mark, zero-width or control marks.
        if not any(character.isprintable() and not character.isspace() for character in text):
            print(
                f"mutualstats {command}: {_relative(path)}: the briefing is empty", file=sys.stderr
            )
            return None
        hidden = hidden_character(text)
        if hidden is not None:
            line, column, name = hidden
            print(
                f"mutualstats {command}: {_relative(path)}:{line} column {column}: a character "
                f"that prints as nothing ({name}) would split or hide a number: remove it",
                file=sys.stderr,
            )
            return None
        return text
    except UnicodeDecodeError as error:
        # The error holds the bytes read: the first that are not UTF-8 are named where they are.
        bad = bad_bytes(error.object, error)
        where = f"{_relative(path)}:{bad.line} column {bad.column}"
        print(f"mutualstats {command}: {where}: {bad.check(column=False)}", file=sys.stderr)
    except OSError as error:
        reason = error.strerror or error
        print(f"mutualstats {command}: cannot read {_relative(path)}: {reason}", file=sys.stderr)
    return None


def _restate(args: argparse.Namespace) -> int:
    from mutualstats.restate import check_held, render, restate

    check_held(args.year)
    sys.stdout.write(render(args.year, restate(args.year)))
    return 0


def _diff(args: argparse.Namespace) -> int:
    import pandas as pd

    from mutualstats.display import tidy_table
    from mutualstats.editions import diff, summary

    if args.from_edition == args.to_edition:
        return _refused("diff", f"--from and --to are both {args.from_edition}: give two editions")
    if args.from_edition > args.to_edition:
        return _refused(
            "diff",
            f"--from {args.from_edition} is later than --to {args.to_edition}: give the earlier "
            "edition first",
        )
    try:
        changes = diff(args.source, str(args.from_edition), str(args.to_edition))
    except KeyError as error:
        return _refused("diff", error.args[0])
    shown = changes if args.all else changes.loc[changes["status"] != "unchanged"]
    if shown.empty:
        print("no value changed" + ("" if args.all else " (--all lists the unchanged ones)"))
    else:
        with pd.option_context("display.width", 200, "display.max_rows", None):
            print(tidy_table(shown).to_string(index=False))
    print(f"{args.source} {args.from_edition} -> {args.to_edition}: {summary(changes)}")
    return 0


def _run(args: argparse.Namespace) -> int:
    from mutualstats.periods import PeriodError
    from mutualstats.runs import RunError, planned_run, run_notebooks

    notebooks = [Path(name) for name in args.notebooks] or None
    try:
        assignments = _assignments(args.period)
        if args.check:
            values, chosen = planned_run(assignments, notebooks)
            for name, value in values.items():
                print(f"{name} = {value}: held")
            print(f"notebooks taking them: {', '.join(path.stem for path in chosen)}")
            return 0
        written = run_notebooks(assignments, notebooks, progress=print)
    except PeriodError as error:
        return _refused("run", str(error))
    except RunError as error:
        return _refused("run", str(error), status=1)
    for path in written:
        print(f"wrote {_relative(path)}")
    return 0


def _assignments(texts: list[str]) -> dict[str, str]:
    """``--period NAME=VALUE`` options as a mapping; a period given twice is refused."""
    from mutualstats.periods import PeriodError

    assignments: dict[str, str] = {}
    for text in texts:
        name, value = _assignment(text)
        if name in assignments and assignments[name] != value:
            raise PeriodError(f"--period {name} is given twice ({assignments[name]}, {value})")
        assignments[name] = value
    return assignments


#: How ``--period`` is written, for its messages.
PERIOD_FORM = "NAME=VALUE, e.g. BSA_YEAR=2025"


def _assignment(text: str) -> tuple[str, str]:
    """``NAME=VALUE`` as its name and value; a name or value left out, or padded with spaces
    (which no period name or held value has), is refused."""
    from mutualstats.periods import PeriodError

    name, equals, value = text.partition("=")
    if not name.strip() or not equals or not value.strip():
        raise PeriodError(f"--period takes {PERIOD_FORM}; got {text!r}")
    for part, said in ((name, "name"), (value, "value")):
        if part != part.strip():
            raise PeriodError(
                f"--period {text!r}: the {said} {part!r} has spaces around it; write it "
                f"without spaces, as {PERIOD_FORM}"
            )
    return name, value


def _checksum(args: argparse.Namespace) -> int:
    from mutualstats.checksums import record_checksums, stale_descriptions

    folder = _source_folder(args.source)
    if not folder.is_dir():
        return _refused("checksum", f"{args.source} is not a folder (nor a folder of data/raw)")
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
        sys.stdout.write(describe(_source_name(args.source)))
    except KeyError as error:
        return _refused("describe", error.args[0])
    return 0


def _store_notebooks(args: argparse.Namespace) -> int:
    from mutualstats.notebooks import execute_in_place, read_notebook

    for notebook in args.notebooks:
        read_notebook(Path(notebook))  # every file is a notebook before any is executed
    for notebook in args.notebooks:
        execute_in_place(Path(notebook))
        print(f"stored outputs of {notebook}")
    return 0


def _parser() -> argparse.ArgumentParser:
    from mutualstats.periods import PARAMETERS

    period_names = ", ".join(item.variable for item in PARAMETERS)
    parser = argparse.ArgumentParser(
        prog="mutualstats",
        description="Reproduce and audit the numbers of the briefing on public service mutuals.",
        epilog="Run 'mutualstats COMMAND --help' for a command's options and an example.",
    )
    commands = parser.add_subparsers(required=True, metavar="COMMAND", dest="command")

    def command(name: str, summary: str, example: str, handler: object) -> argparse.ArgumentParser:
        sub = commands.add_parser(
            name,
            help=summary,
            description=f"{summary[0].upper()}{summary[1:]}.",
            epilog=f"Example: {example}",
        )
        sub.set_defaults(handler=handler)
        return sub

    build = command(
        "build",
        "validate data/raw and write data/processed (only when an input changed)",
        "mutualstats build",
        _build,
    )
    build.add_argument("--force", action="store_true", help="build even when nothing changed")
    figures = command(
        "figures", "export every chart to reports/figures", "mutualstats figures", _figures
    )
    figures.add_argument(
        "--year",
        type=_year,
        action=_Once,
        help="survey year to highlight (default: the briefing's)",
    )
    audit = command(
        "audit",
        "judge every claim of the briefing; write reports/audit.csv and audit.md",
        "mutualstats audit --format csv",
        _audit,
    )
    audit.add_argument(
        "--format",
        action=_Once,
        choices=("table", "csv"),
        default="table",
        help="table: verdicts then evidence (default); csv: the audit on standard output",
    )
    scan = command(
        "scan",
        "check every number of a briefing's text is a registered claim or excluded",
        "mutualstats scan ../shared/briefing/briefing_excerpt.txt",
        _scan,
    )
    scan.add_argument("path", type=_named_path, help="the briefing as plain text")
    scan.add_argument(
        "--format",
        action=_Once,
        choices=("table", "csv", "html"),
        default="table",
        help="html writes reports/briefing-annotated.html",
    )
    report = command(
        "report",
        "build the reviewer's site and data package under reports/site",
        "mutualstats report",
        _report,
    )
    report.add_argument(
        "--year",
        type=_year,
        action=_Once,
        help="survey year charts highlight (default: the briefing's)",
    )
    report.add_argument(
        "--briefing",
        type=_named_path,
        action=_Once,
        help="a briefing's plain text: also write its annotated copy (reports/"
        "briefing-annotated.html and the site's briefing.html), numbers linked to their claims",
    )
    restate = command(
        "restate",
        "restate the briefing's period-dependent claims for another year, with the same checks",
        "mutualstats restate --year 2023",
        _restate,
    )
    restate.add_argument(
        "--year",
        type=_year,
        required=True,
        action=_Once,
        help="the year or edition to move to",
    )
    diff = command(
        "diff",
        "what changed between two editions of a source",
        "mutualstats diff skills_for_care --from 2022 --to 2023",
        _diff,
    )
    diff.add_argument("source", help="a source with editions, e.g. skills_for_care")
    diff.add_argument(
        "--from",
        dest="from_edition",
        type=_year,
        required=True,
        action=_Once,
        help="earlier edition",
    )
    diff.add_argument(
        "--to", dest="to_edition", type=_year, required=True, action=_Once, help="later edition"
    )
    diff.add_argument("--all", action="store_true", help="list unchanged values too")
    run = command(
        "run",
        "run the notebooks that take the periods given into reports/runs/<label>/, all or nothing",
        "mutualstats run --period BSA_YEAR=2024 --period SFC_EDITION=2025",
        _run,
    )
    run.add_argument(
        "--period",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help=f"a period to move, one of {period_names} (repeatable)",
    )
    run.add_argument(
        "--check", action="store_true", help="only check that the data hold every period given"
    )
    run.add_argument(
        "notebooks", nargs="*", type=_named_path, help="default: every committed notebook"
    )
    checksum = command(
        "checksum",
        "record new or changed files of a source folder in its source.yaml",
        "mutualstats checksum data/raw/bsa",
        _checksum,
    )
    checksum.add_argument(
        "source", type=_named_path, help="a source folder, e.g. data/raw/bsa (or bsa)"
    )
    describe = command(
        "describe",
        "what a new row, year or edition of a source needs: columns, rules, vocabularies",
        "mutualstats describe skills_for_care",
        _describe,
    )
    describe.add_argument(
        "source", help="a data/raw folder, e.g. bsa or skills_for_care (or data/raw/bsa)"
    )
    store = command(
        "store-notebooks",
        "re-execute committed notebooks and store their outputs, after a deliberate change",
        "mutualstats store-notebooks notebooks/05-public-satisfaction.ipynb",
        _store_notebooks,
    )
    store.add_argument("notebooks", nargs="+", type=_named_path, help="notebooks/NN-topic.ipynb")
    return parser


class _Once(argparse.Action):
    """An option that may be given once: a second value is an error, not silently the winner."""

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: object,
        option_string: str | None = None,
    ) -> None:
        given = f"_given_{self.dest}"  # the default does not count as given
        if getattr(namespace, given, False) and getattr(namespace, self.dest) != values:
            parser.error(f"{option_string} is given twice")
        setattr(namespace, given, True)
        setattr(namespace, self.dest, values)


def _source_folder(given: str) -> Path:
    """The source folder ``given`` names: a path (``data/raw/bsa``), or a folder name of
    data/raw (``bsa``) where no folder of that name is here."""
    from mutualstats.config import raw_dir

    path = Path(given)
    if path.is_dir() or len(path.parts) != 1:
        return path
    return raw_dir() / given


def _source_name(given: str) -> str:
    """The data/raw folder name ``given`` names: ``bsa`` as given, or from a path to it
    (``data/raw/bsa``); any other text as given, for the command to refuse."""
    from mutualstats.config import raw_dir

    path = Path(given)
    if len(path.parts) > 1 and path.is_dir() and path.resolve().parent == raw_dir().resolve():
        return path.name
    return given


def _named_path(text: str) -> str:
    """A path argument as given; an empty one names no file (rather than the current folder)."""
    if not text.strip():
        raise argparse.ArgumentTypeError("an empty path names no file")
    return text


def _year(text: str) -> int:
    """A year or edition argument (``--year``, ``--from``, ``--to``): four ASCII digits, the
    first not 0 (``0201`` would be read as 201).

    Python's ``int`` would also take full-width digits, a leading zero, spaces or underscores
    (``２０１８``, ``02018``, ``2_018``) as 2018; every command refuses them alike.
    """
    if len(text) != 4 or not text.isascii() or not text.isdigit() or text.startswith("0"):
        raise argparse.ArgumentTypeError(
            f"must be a year of four digits, the first not 0, e.g. 2023; got {text!r}"
        )
    return int(text)


def _highlight_year(year: int | None) -> int:
    """The survey year the charts highlight: ``--year``, checked against the data, or the
    briefing's."""
    from mutualstats import periods

    try:
        given_as = f"--year {year}" if year is not None else "the briefing's survey year"
        return int(periods.parameter("survey_year").resolve(year, given_as=given_as))
    except periods.PeriodError as error:
        raise MutualstatsError(str(error)) from None


def _relative(path: Path) -> str:
    from mutualstats.provenance import _label

    return _label(path)


if __name__ == "__main__":
    sys.exit(main())
