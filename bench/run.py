"""perfeval's benchmarks: each against a baseline measured in the same run.

    python -m bench.run            # the full run (about two minutes on 2 cores)
    python -m bench.run --quick    # smaller sizes, for a smoke test
    python -m bench.run --json out.json

Every figure is the best of several repetitions, and every comparison is a
ratio to a baseline timed in the same process or on the same machine a
moment earlier, so the numbers say something on any machine. They are
measurements, not tests: nothing here fails.

1. In-memory scoring, in indicators per second, against a bare loop doing the
   same Decimal arithmetic over plain tuples (goal: ≥ 1,000,000/s, ≤ 3×).
2. Load + validate + score from YAML files, against ``yaml.load`` with the C
   loader alone on the same files (goal: ≤ 1.3×).
3. ``perfeval batch --jobs 2`` against ``--jobs 1`` (goal: ≥ 1.7× faster).
4. CLI start-up for one small card against ``python -c "import yaml"``
   (goal: ≤ 2.5×).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import yaml

import perfeval
from bench.generate import generate, write_cards

ROOT = Path(__file__).resolve().parent.parent


def best_of(function: Callable[[], object], repeat: int) -> float:
    """The fastest of ``repeat`` runs, in seconds."""
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
    return min(times)


def _bare_rows(cards: list[perfeval.Scorecard]) -> list[tuple[Decimal, Decimal, Decimal, int]]:
    """Each indicator as (A, T, W, direction): 1 for ≥, -1 for ≤, 0 for a tier."""
    rows = []
    for card in cards:
        for ind in card.indicators:
            target = ind.target
            if not ind.applicable:
                continue
            if ind.rule.input == "number" and isinstance(ind.actual, perfeval.Quantity):
                value = target.value if target.value is not None else Decimal(0)
                direction = -1 if target.op in ("<=", "<") else 1
                rows.append((ind.actual.value, value, ind.weight, direction))
            else:
                rows.append((Decimal(0), Decimal(0), ind.weight, 0))
    return rows


def bare_loop(rows: list[tuple[Decimal, Decimal, Decimal, int]]) -> Decimal:
    """The scoring arithmetic alone: clamp, compare, ratio, round half up, sum."""
    zero, cent, total = Decimal(0), Decimal("0.01"), Decimal(0)
    for a, t, w, direction in rows:
        a = a if a > zero else zero
        if direction == 1:
            s = w if a >= t else (a / t * w if t else zero)
        elif direction == -1:
            s = w if a <= t else ((2 * t - a) / t * w if a < 2 * t else zero)
        else:
            s = w
        total += s.quantize(cent, rounding=ROUND_HALF_UP)
    return total


def bench_scoring(count: int, repeat: int) -> dict[str, float]:
    cards = [perfeval.loads(text) for text in generate(count, seed=2020)]
    indicators = sum(len(c.indicators) for c in cards)
    rows = _bare_rows(cards)
    bare = best_of(lambda: bare_loop(rows), repeat)
    ours = best_of(lambda: [perfeval.score(c) for c in cards], repeat)
    return {
        "cards": count,
        "indicators": indicators,
        "perfeval_per_second": indicators / ours,
        "bare_per_second": len(rows) / bare,
        "ratio": (ours / indicators) / (bare / len(rows)),
    }


def bench_loading(count: int, repeat: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as folder:
        paths = write_cards(Path(folder), count, seed=2021)
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

        def baseline() -> None:
            for path in paths:
                with path.open("rb") as stream:
                    yaml.load(stream.read().decode("utf-8"), Loader=loader)

        def ours() -> None:
            for path in paths:
                perfeval.score(perfeval.load(path))

        base = best_of(baseline, repeat)
        mine = best_of(ours, repeat)
    return {
        "cards": count,
        "yaml_load_seconds": base,
        "perfeval_seconds": mine,
        "ratio": mine / base,
    }


def _cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "perfeval", *args]


def _run(command: list[str], cwd: Path | None = None) -> None:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    subprocess.run(
        command, check=True, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )


def bench_batch(count: int, repeat: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as folder:
        write_cards(Path(folder) / "cards", count, seed=2022)
        cards = str(Path(folder) / "cards")
        out = str(Path(folder) / "out.csv")
        one = best_of(
            lambda: _run(_cli("batch", cards, "--jobs", "1", "--format", "csv", "-o", out)), repeat
        )
        two = best_of(
            lambda: _run(_cli("batch", cards, "--jobs", "2", "--format", "csv", "-o", out)), repeat
        )
    return {
        "cards": count,
        "jobs1_seconds": one,
        "jobs2_seconds": two,
        "speedup": one / two,
        "cpus": os.cpu_count() or 1,
    }


def bench_startup(repeat: int) -> dict[str, float]:
    card = str(ROOT / "examples" / "training-programme-en.yaml")
    base = best_of(lambda: _run([sys.executable, "-c", "import yaml"]), repeat)
    mine = best_of(lambda: _run(_cli("score", card)), repeat)
    return {"import_yaml_seconds": base, "perfeval_score_seconds": mine, "ratio": mine / base}


def machine() -> dict[str, str]:
    return {
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "system": f"{platform.system()} {platform.release()}",
        "machine": platform.machine(),
        "cpus": str(os.cpu_count()),
        "pyyaml": f"{yaml.__version__} (C loader: {yaml.__with_libyaml__})",
        "perfeval": perfeval.__version__,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="small sizes, one repetition less")
    parser.add_argument("--json", type=Path, help="also write the results as JSON")
    args = parser.parse_args(argv)
    quick = args.quick
    results = {"machine": machine()}
    print("machine:", ", ".join(f"{k} {v}" for k, v in results["machine"].items()))

    r = bench_scoring(200 if quick else 2000, 3 if quick else 5)
    results["scoring"] = r
    print(
        f"1. in-memory scoring: {r['perfeval_per_second']:,.0f} indicators/s "
        f"(bare loop {r['bare_per_second']:,.0f}/s); ratio {r['ratio']:.2f}x "
        f"[goal >= 1,000,000/s and <= 3x]"
    )

    r = bench_loading(100 if quick else 1000, 3)
    results["loading"] = r
    print(
        f"2. load+validate+score {r['cards']} files: {r['perfeval_seconds']:.3f}s vs yaml.load "
        f"{r['yaml_load_seconds']:.3f}s; ratio {r['ratio']:.2f}x [goal <= 1.3x]"
    )

    r = bench_batch(500 if quick else 10_000, 1 if quick else 2)
    results["batch"] = r
    print(
        f"3. batch of {r['cards']} cards: --jobs 1 {r['jobs1_seconds']:.2f}s, --jobs 2 "
        f"{r['jobs2_seconds']:.2f}s; speedup {r['speedup']:.2f}x on {r['cpus']} CPUs "
        f"[goal >= 1.7x]"
    )

    r = bench_startup(5 if quick else 10)
    results["startup"] = r
    print(
        f"4. CLI start-up: perfeval score {r['perfeval_score_seconds'] * 1000:.0f} ms vs "
        f"import yaml {r['import_yaml_seconds'] * 1000:.0f} ms; ratio {r['ratio']:.2f}x "
        f"[goal <= 2.5x]"
    )
    if args.json:
        args.json.write_text(json.dumps(results, indent=2, default=str), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
