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
)


def measure(python: str, repeat: int) -> list[tuple[str, float]]:
    """The best wall time of each layer, in seconds."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    subprocess.run(
        [python, "-c", "import compileall, perfeval, os; "
         "compileall.compile_dir(os.path.dirname(perfeval.__file__), quiet=1)"],
        check=True, env=env, stdout=subprocess.DEVNULL,
    )  # fmt: skip
    best = [float("inf")] * len(LAYERS)
    for _ in range(repeat):
        for i, (_name, args) in enumerate(LAYERS):
            started = time.perf_counter()
            subprocess.run(
                [python, *args], check=True, env=env, cwd=ROOT,
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            )  # fmt: skip
            best[i] = min(best[i], time.perf_counter() - started)
    return [(name, seconds) for (name, _args), seconds in zip(LAYERS, best, strict=True)]


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
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
