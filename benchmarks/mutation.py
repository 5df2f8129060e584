"""Mutation testing of the statistics and the verdict rule: does the suite notice a wrong number?

Each mutant changes one operator in one function of ``stats.py`` or ``claims/registry.py`` (a
comparison such as ``<=`` to ``<``, ``*`` to ``/``, ``+`` to ``-``, ``and`` to ``or``), then runs
the unit tests of those modules. A mutant the tests still pass on has "survived": a wrong statistic
that would get through. Prints each survivor and the score, and writes ``reports/mutation.json``,
which ``make bench`` reports. The mutants are written into a copy of the project in a temporary
folder (code, tests and built data, beside a link to the briefing folder), never into the
checkout: the checkout can be edited, built or committed while the run goes on.

A small runner of our own rather than mutmut: it needs nothing beyond the pinned dependencies and
mutates only the operators a statistic's meaning hangs on.
"""

from __future__ import annotations

import ast
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGETS = {
    "src/mutualstats/stats.py": None,  # every function
    "src/mutualstats/claims/registry.py": {"admitted_interval", "judge", "_half_step", "_one_in_n"},
}
TESTS = ["tests/test_stats.py", "tests/test_claims.py", "tests/test_spine.py"]
SWAPS: dict[type, type] = {
    ast.Lt: ast.LtE,
    ast.LtE: ast.Lt,
    ast.Gt: ast.GtE,
    ast.GtE: ast.Gt,
    ast.Eq: ast.NotEq,
    ast.NotEq: ast.Eq,
    ast.Mult: ast.Div,
    ast.Div: ast.Mult,
    ast.Add: ast.Sub,
    ast.Sub: ast.Add,
    ast.And: ast.Or,
    ast.Or: ast.And,
}


def mutants(source: str, functions: set[str] | None) -> list[tuple[int, int, str, type]]:
    """(line, column, description, replacement) for every swappable operator in scope."""
    found = []
    for function in ast.walk(ast.parse(source)):
        if not isinstance(function, ast.FunctionDef):
            continue
        if functions is not None and function.name not in functions:
            continue
        for node in ast.walk(function):
            for op in _operators(node):
                if type(op) in SWAPS:
                    new = SWAPS[type(op)]
                    label = f"{function.name}: {type(op).__name__} -> {new.__name__}"
                    found.append((node.lineno, node.col_offset, label, new))
    return sorted(set(found), key=lambda item: (item[0], item[1], item[2]))


def _operators(node: ast.AST) -> list[ast.AST]:
    if isinstance(node, ast.Compare):
        return list(node.ops)
    if isinstance(node, ast.BinOp | ast.BoolOp):
        return [node.op]
    return []


def mutate(source: str, line: int, column: int, label: str, new: type) -> str:
    """``source`` with the one operator at (line, column) named by ``label`` replaced."""
    tree = ast.parse(source)
    old_name = label.split(": ")[1].split(" -> ")[0]
    for node in ast.walk(tree):
        if getattr(node, "lineno", None) != line or getattr(node, "col_offset", None) != column:
            continue
        if isinstance(node, ast.Compare):
            node.ops = [new() if type(op).__name__ == old_name else op for op in node.ops]
        elif isinstance(node, ast.BinOp | ast.BoolOp) and type(node.op).__name__ == old_name:
            node.op = new()
    return ast.unparse(tree)


#: What the copy leaves out: history, environments, reports and caches.
NOT_COPIED = (".git", ".venv", ".venv-lab", "reports", "__pycache__", ".pytest_cache")


def working_copy(folder: Path) -> Path:
    """A copy of the project in ``folder`` (its code, tests and built data), with the briefing
    folder the tests read beside it as a link, as ``shared/`` is beside the checkout."""
    copy = folder / ROOT.name
    shutil.copytree(ROOT, copy, symlinks=True, ignore=shutil.ignore_patterns(*NOT_COPIED))
    shared = ROOT.parent / "shared"
    if shared.is_dir():
        (folder / "shared").symlink_to(shared)
    return copy


def tests_pass(copy: Path) -> bool:
    """Whether the tests pass on ``copy``, its package imported from its own ``src/``."""
    command = [sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", *TESTS]
    env = {**os.environ, "PYTHONPATH": str(copy / "src")}
    result = subprocess.run(
        command, cwd=copy, env=env, capture_output=True, check=False, timeout=300
    )
    return result.returncode == 0


def _stopped(signum: int, frame: object) -> None:
    """A stop asked for (SIGTERM, SIGHUP) ends the run through the ``finally`` that removes the
    copy, as Ctrl-C does."""
    raise SystemExit(128 + signum)


def main() -> int:
    for stop in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(stop, _stopped)
    with tempfile.TemporaryDirectory(prefix="mutualstats-mutation-") as folder:
        copy = working_copy(Path(folder))
        if not tests_pass(copy):
            print("the tests fail before any mutation; fix them first", file=sys.stderr)
            return 2
        started, killed, survivors = time.perf_counter(), 0, []
        for relative, functions in TARGETS.items():
            path = copy / relative
            original = path.read_text(encoding="utf-8")
            for line, column, label, new in mutants(original, functions):
                path.write_text(mutate(original, line, column, label, new), encoding="utf-8")
                if tests_pass(copy):
                    survivors.append(f"{relative}:{line} {label}")
                    print(f"survived: {survivors[-1]}", flush=True)
                else:
                    killed += 1
            path.write_text(original, encoding="utf-8")
    total = killed + len(survivors)
    score = killed / total if total else 1.0
    summary = {
        "mutants": total,
        "killed": killed,
        "survived": survivors,
        "score": round(score, 3),
        "seconds": round(time.perf_counter() - started, 1),
    }
    out = ROOT / "reports" / "mutation.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
    print(f"mutation score {killed}/{total} = {score:.0%}; {len(survivors)} survived")
    return 0 if not survivors else 1


if __name__ == "__main__":
    sys.exit(main())
