"""Benchmark of the main job, measured in one run on this machine; writes reports/bench.md.

(a) ``make all`` from a clean state (processed data and reports removed, .venv kept);
(b) ``make all`` again straight after, nothing changed;
(c) ``mutualstats audit``;
(d) the floor: as many trivial notebooks as the project has, each importing only pandas,
    matplotlib and pandera, executed by the same runner (``python -m mutualstats.notebooks``,
    papermill underneath) with the same parallelism (make, two jobs);
the scale check: ``mutualstats build`` on a generated input of 50 years for every time-series
source (in a temporary folder, never committed) against the real data;
(e) setup as ``make setup`` does it (venv, uv, ``uv pip sync requirements.lock``) against
    plain ``python -m venv`` plus ``pip install -r requirements.lock``, each in a new folder;
(f) ``make test`` against its floor: nbval (same runner, same workers) on as many trivial
    notebooks as the project has, plus ruff on the tree.

For (a) and (d) the report also adds up what papermill recorded in each notebook: the whole run,
the cells, and (for the project's notebooks) the cells that draw and export a chart, so the gap
between them can be read off.

(a) and (d) are timed alternately, and so are the two sides of (f) and of the scale check, so a
change in the machine's speed during the run weighs on both sides of a ratio alike.

Targets: (a)/(d) <= 1.3; (b) <= 2 s; (c) <= 1.5 s; scale <= 1.2; setup uv/pip <= 0.3;
make test / floor <= 3. This script reports; no test asserts a timing.
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import nbformat

sys.path.insert(0, str(Path(__file__).parent))

from synthetic_years import write_fifty_year_inputs

ROOT = Path(__file__).resolve().parents[1]
BIN = ROOT / ".venv" / "bin"
RUNS = 3
TARGETS = {"a/d": 1.3, "b": 2.0, "c": 1.5, "scale": 1.2, "setup uv/pip": 0.3, "test/floor": 3.0}
UV_VERSION = "0.13.8"


def timed(command: list[str], cwd: Path = ROOT, env: dict[str, str] | None = None) -> float:
    """Wall-clock seconds of one run of ``command``; fails loudly if the command fails."""
    started = time.perf_counter()
    subprocess.run(
        command, cwd=cwd, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    return time.perf_counter() - started


def median_of(runs: int, measure: Callable[[], float]) -> tuple[float, list[float]]:
    samples = [measure() for _ in range(runs)]
    return statistics.median(samples), samples


def paired_medians(
    runs: int, measure: Callable[[], float], floor: Callable[[], float]
) -> tuple[tuple[float, list[float]], tuple[float, list[float]]]:
    """Median of ``runs`` of a measure and of its floor, timed alternately, so a change in the
    machine's speed during the benchmark weighs on both sides of their ratio alike."""
    samples: tuple[list[float], list[float]] = ([], [])
    for _ in range(runs):
        samples[0].append(measure())
        samples[1].append(floor())
    return (
        (statistics.median(samples[0]), samples[0]),
        (statistics.median(samples[1]), samples[1]),
    )


def clean_then_make_all() -> float:
    timed(["make", "clean"])
    return timed(["make", "all"])


def notebook_seconds(folder: Path) -> dict[str, float]:
    """Where the executed notebooks in ``folder`` spent their time, as papermill recorded it:
    whole runs, all cells, and the cells that export a chart."""
    runs = cells = charts = 0.0
    for path in sorted(folder.glob("*.ipynb")):
        notebook = nbformat.read(path, as_version=4)
        runs += notebook.metadata["papermill"]["duration"]
        for cell in notebook.cells:
            seconds = cell.metadata.get("papermill", {}).get("duration") or 0.0
            cells += seconds
            charts += seconds if "figures.export(" in cell.source else 0.0
    return {"runs": runs, "cells": cells, "charts": charts}


def floor_notebooks(count: int, spent: dict[str, float] | None = None) -> float:
    """Execute ``count`` trivial notebooks with papermill under make with two jobs; ``spent``,
    if given, is filled with where they spent their time (:func:`notebook_seconds`)."""
    with tempfile.TemporaryDirectory(prefix="mutualstats-floor-") as folder:
        work = Path(folder)
        names = [path.name for path in trivial_notebooks(work, count)]
        outputs = " ".join(f"out/{name}" for name in names)
        makefile = (
            f"MAKEFLAGS += --jobs=2 --output-sync=target\nall: {outputs}\n"
            f"out/%.ipynb: %.ipynb\n\t@mkdir -p out\n"
            f"\t{BIN}/python -m mutualstats.notebooks $< $@\n"
        )
        (work / "Makefile").write_text(makefile, encoding="utf-8")
        seconds = timed(["make", "all"], cwd=work)
        if spent is not None:
            spent.update(notebook_seconds(work / "out"))
        return seconds


def trivial_notebooks(folder: Path, count: int) -> list[Path]:
    """``count`` notebooks that only import pandas, matplotlib and pandera, written to folder."""
    paths = []
    for number in range(count):
        notebook = nbformat.v4.new_notebook()
        notebook.cells = [
            nbformat.v4.new_code_cell(
                "import pandas\nimport matplotlib.pyplot\nimport pandera.pandas", metadata={}
            )
        ]
        notebook.metadata["kernelspec"] = {
            "name": "python3",
            "display_name": "Python 3",
            "language": "python",
        }
        path = folder / f"{number:02d}-trivial.ipynb"
        nbformat.write(notebook, path)
        paths.append(path)
    return paths


def setup_times() -> tuple[float, float]:
    """Seconds for a new environment: as ``make setup`` does it (uv), and with plain pip."""
    lock = str(ROOT / "requirements.lock")
    with tempfile.TemporaryDirectory(prefix="mutualstats-setup-") as folder:
        uv_env, pip_env = Path(folder) / "uv", Path(folder) / "pip"
        started = time.perf_counter()
        timed([sys.executable, "-m", "venv", str(uv_env)])
        timed([str(uv_env / "bin" / "python"), "-m", "pip", "install", f"uv=={UV_VERSION}"])
        timed(
            [
                str(uv_env / "bin" / "uv"),
                "pip",
                "sync",
                "--python",
                str(uv_env / "bin" / "python"),
                lock,
            ]
        )
        with_uv = time.perf_counter() - started
        started = time.perf_counter()
        timed([sys.executable, "-m", "venv", str(pip_env)])
        timed([str(pip_env / "bin" / "python"), "-m", "pip", "install", "-r", lock])
        with_pip = time.perf_counter() - started
    return with_uv, with_pip


def test_floor(count: int) -> float:
    """nbval on ``count`` trivial notebooks with the workers ``make test`` uses, plus ruff."""
    with tempfile.TemporaryDirectory(prefix="mutualstats-test-floor-") as folder:
        trivial_notebooks(Path(folder), count)
        started = time.perf_counter()
        timed(
            [
                str(BIN / "python"),
                "-m",
                "pytest",
                "-p",
                "no:cacheprovider",
                "-n",
                "2",
                "--dist",
                "loadfile",
                "--no-loadscope-reorder",
                "--nbval",
                "--nbval-current-env",
                folder,
            ],
            cwd=Path(folder),
        )
        timed([str(BIN / "ruff"), "format", "--check", "src", "tests", "benchmarks"])
        timed([str(BIN / "ruff"), "check", "src", "tests", "notebooks", "benchmarks"])
        return time.perf_counter() - started


def build_time(root: Path) -> float:
    env = {**os.environ, "MUTUALSTATS_ROOT": str(root)}
    # --force: the build skips unchanged inputs, and each run must do the work to be timed.
    return timed([str(BIN / "mutualstats"), "build", "--force"], env=env)


def scale_ratio() -> tuple[float, float]:
    """Median build time on 50 generated years against the real data, each in a copy."""
    with tempfile.TemporaryDirectory(prefix="mutualstats-scale-") as folder:
        real, scaled = Path(folder) / "real", Path(folder) / "scaled"
        for target in (real, scaled):
            shutil.copytree(ROOT / "data" / "raw", target / "data" / "raw")
        write_fifty_year_inputs(scaled / "data" / "raw")
        (scaled_time, _), (real_time, _) = paired_medians(
            RUNS, lambda: build_time(scaled), lambda: build_time(real)
        )
    return real_time, scaled_time


def mutation_line() -> str:
    """The score of the last ``make mutation`` (statistics and verdict rule), if one was run."""
    path = ROOT / "reports" / "mutation.json"
    if not path.is_file():
        return "Mutation score: not measured; run `make mutation`."
    result = json.loads(path.read_text(encoding="utf-8"))
    survivors = "; ".join(result["survived"]) or "none"
    return (
        f"Mutation score (stats.py and the verdict rule, `make mutation`): {result['killed']}/"
        f"{result['mutants']} killed ({result['score']:.0%}); survivors: {survivors}."
    )


def main() -> int:
    notebooks = sorted((ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb"))
    floor_spent: dict[str, float] = {}
    (a, a_runs), (d, d_runs) = paired_medians(
        RUNS, clean_then_make_all, lambda: floor_notebooks(len(notebooks), floor_spent)
    )
    # The notebooks of the last clean `make all`, before anything else runs them.
    spent = notebook_seconds(ROOT / "reports" / "notebooks")
    b, b_runs = median_of(RUNS, lambda: timed(["make", "all"]))
    c, c_runs = median_of(5, lambda: timed([str(BIN / "mutualstats"), "audit"]))
    real_build, scaled_build = scale_ratio()
    with_uv, with_pip = setup_times()
    (suite, suite_runs), (floor, floor_runs) = paired_medians(
        RUNS, lambda: timed(["make", "test"]), lambda: test_floor(len(notebooks))
    )
    ratios = {
        "a/d": a / d,
        "b": b,
        "c": c,
        "scale": scaled_build / real_build,
        "setup uv/pip": with_uv / with_pip,
        "test/floor": suite / floor,
    }
    rows = [
        ("(a) make all, clean state", a, a_runs),
        (
            f"(a) its {len(notebooks)} notebooks as papermill timed them, added up",
            spent["runs"],
            [],
        ),
        ("(a) their cells, added up", spent["cells"], []),
        ("(a) the cells that draw and export a chart, added up", spent["charts"], []),
        ("(b) make all, nothing changed", b, b_runs),
        ("(c) mutualstats audit", c, c_runs),
        (f"(d) floor: {len(notebooks)} trivial notebooks, same runner, 2 jobs", d, d_runs),
        ("(d) its notebooks as papermill timed them, added up", floor_spent["runs"], []),
        ("(d) their cells, added up", floor_spent["cells"], []),
        ("build, real data", real_build, []),
        ("build, 50 generated years per time series", scaled_build, []),
        ("(e) setup: venv + uv pip sync requirements.lock", with_uv, []),
        ("(e) setup: venv + pip install -r requirements.lock", with_pip, []),
        ("(f) make test", suite, suite_runs),
        (f"(f) floor: nbval on {len(notebooks)} trivial notebooks + ruff", floor, floor_runs),
    ]
    lines = [
        "# Benchmark",
        "",
        f"Median of repeated runs on this machine ({os.cpu_count()} cores).",
        "",
    ]
    lines += ["| measure | median (s) | runs (s) |", "| --- | --- | --- |"]
    lines += [
        f"| {name} | {median:.2f} | {', '.join(f'{x:.2f}' for x in runs)} |"
        for name, median, runs in rows
    ]
    lines += ["", "| check | value | target | met |", "| --- | --- | --- | --- |"]
    for name, value in ratios.items():
        unit = "" if name in ("a/d", "scale", "setup uv/pip", "test/floor") else " s"
        met = "yes" if value <= TARGETS[name] else "NO"
        lines.append(f"| {name} | {value:.2f}{unit} | <= {TARGETS[name]}{unit} | {met} |")
    lines += ["", mutation_line()]
    report = "\n".join(lines) + "\n"
    (ROOT / "reports").mkdir(exist_ok=True)
    (ROOT / "reports" / "bench.md").write_text(report, encoding="utf-8")
    print(report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
