"""Where CLI start-up goes, layer by layer, in an installed environment.

    python -m bench.startup                    # this interpreter's environment
    python -m bench.startup /path/to/venv/bin/python --repeat 30

Each row is a fresh process, best of ``--repeat`` runs taken in turn (A B C,
A B C, …), as a ratio to ``python -c "import yaml"`` in the same run: the
interpreter alone, then yaml and attrs, then the standard modules perfeval
needs, then perfeval's modules, then ``perfeval score`` of one example card
as JSON and as a table. Bytecode is compiled first and
``PYTHONDONTWRITEBYTECODE`` dropped, as for an installed wheel. The numbers
in docs/performance.md (Start-up) come from this.

Two *floors* follow: what start-up would cost if perfeval's own code took no
time at all, only its stated dependencies doing what they must. For JSON:
yaml, attrs and the standard modules, plus the time attrs takes to build the
frozen classes a run of ``score --format json`` creates (timed in a fresh
process around attrs' own class builder, best of ``--repeat``). For the table:
that, plus importing tabulate (which imports wcwidth, and reads its own
version with ``importlib.metadata``). A floor above a goal means no change to
perfeval's code can meet it while those dependencies stay.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CARD = str(ROOT / "examples" / "yueyang-2020.yaml")
#: Where the processes run: not the checkout, whose ``perfeval/`` would come
#: first on ``sys.path`` and stand in for the installed one being measured.
NEUTRAL = Path(CARD).anchor
STDLIB = "decimal, argparse, json, pathlib, unicodedata"
PERFEVAL = "perfeval.cli, perfeval.read.loading, perfeval.write.report"
LAYERS = (
    ("import yaml", ["-c", "import yaml"]),
    ("python -c pass", ["-c", "pass"]),
    ("import yaml, attr", ["-c", "import yaml, attr"]),
    (f"… and {STDLIB}", ["-c", f"import yaml, attr, {STDLIB}"]),
    (
        "… and perfeval's modules for score --format json",
        ["-c", f"import yaml, attr, {STDLIB}, {PERFEVAL}"],
    ),
    ("perfeval score CARD --format json", ["-m", "perfeval", "score", "--format", "json", CARD]),
    ("perfeval score CARD (table)", ["-m", "perfeval", "score", CARD]),
    (f"import yaml, attr, {STDLIB}, tabulate", ["-c", f"import yaml, attr, {STDLIB}, tabulate"]),
)

#: Run ``score --format json`` in-process with attrs' class builder timed;
#: prints the number of classes built and the seconds spent building them.
CLASS_TIMER = f"""
import contextlib, io, time, attr._next_gen as ng
build, spent, count = ng.attrs, [0.0], [0]
def timed(*args, **kwargs):
    started = time.perf_counter()
    try:
        return build(*args, **kwargs)
    finally:
        spent[0] += time.perf_counter() - started
        count[0] += 1
ng.attrs = timed
import perfeval.cli
with contextlib.redirect_stdout(io.StringIO()):
    perfeval.cli.main(["score", "--format", "json", {CARD!r}])
print(count[0], spent[0])
"""


def measure(python: str, repeat: int) -> list[tuple[str, float]]:
    """The best wall time of each layer, in seconds."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    subprocess.run(
        [python, "-c", "import compileall, perfeval, os; "
         "compileall.compile_dir(os.path.dirname(perfeval.__file__), quiet=1)"],
        check=True, env=env, cwd=NEUTRAL, stdout=subprocess.DEVNULL,
    )  # fmt: skip
    best = [float("inf")] * len(LAYERS)
    for _ in range(repeat):
        for i, (_name, args) in enumerate(LAYERS):
            started = time.perf_counter()
            subprocess.run(
                [python, *args], check=True, env=env, cwd=NEUTRAL,
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            )  # fmt: skip
            best[i] = min(best[i], time.perf_counter() - started)
    return [(name, seconds) for (name, _args), seconds in zip(LAYERS, best, strict=True)]


def attrs_classes(python: str, repeat: int) -> tuple[int, float]:
    """How many attrs classes a JSON run builds, and the least time spent building them."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    count, best = 0, float("inf")
    for _ in range(repeat):
        out = subprocess.run(
            [python, "-c", CLASS_TIMER], check=True, env=env, cwd=NEUTRAL,
            capture_output=True, text=True,
        ).stdout.split()  # fmt: skip
        count, best = int(out[0]), min(best, float(out[1]))
    return count, best


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("python", nargs="?", default=sys.executable, help="the interpreter")
    parser.add_argument("--repeat", type=int, default=20, help="runs of each layer (best kept)")
    args = parser.parse_args(argv)
    rows = measure(args.python, args.repeat)
    base = rows[0][1]
    versions = subprocess.run(
        [args.python, "-c", "import importlib.metadata as m; print(', '.join(f'{d} '"
         " + m.version(d) for d in ('attrs', 'PyYAML', 'tabulate', 'wcwidth')))"],
        check=True, capture_output=True, text=True,
    ).stdout.strip()  # fmt: skip
    print(f"{args.python}: {versions}")
    for name, seconds in rows:
        print(f"{seconds * 1000:7.1f} ms  {seconds / base:5.2f}x  {name}")
    count, building = attrs_classes(args.python, args.repeat)
    stdlib = rows[3][1]
    tabulate = rows[-1][1] - stdlib
    floors = (
        (f"floor, JSON: the standard layer + building {count} attrs classes", stdlib + building),
        ("floor, table: the JSON floor + importing tabulate", stdlib + building + tabulate),
    )
    for name, seconds in floors:
        print(f"{seconds * 1000:7.1f} ms  {seconds / base:5.2f}x  {name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
