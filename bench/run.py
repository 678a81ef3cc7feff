"""perfeval's benchmarks: each against a baseline measured in the same run.

    python -m bench.run            # the full run (about two minutes on 2 cores)
    python -m bench.run --quick    # smaller sizes, for a smoke test
    python -m bench.run --json out.json

Every figure is the best of several repetitions, and every comparison is a
ratio to a baseline timed in the same process or on the same machine a
moment earlier, so the numbers say something on any machine. They are
measurements, not tests: nothing here fails.

1. In-memory scoring, in indicators per second, against a bare loop doing the
   same Decimal arithmetic over plain tuples (goal: ≤ 5×, stretch ≤ 3×).
2. Load + validate + score from YAML files, against ``yaml.load`` with the C
   loader alone on the same files (goal: ≤ 1.3×).
3. ``perfeval batch --jobs 2`` against ``--jobs 1`` (goal: ≥ 1.7× faster).
4. CLI start-up for one small card, JSON and table, against
   ``python -c "import yaml"`` (goal: ≤ 2.5× and ≤ 3.5×).
5. Load + score per indicator for one card of 10 to 10,000 indicators: the
   cost per indicator at 10,000 against that at 100 (goal: ≤ 1.3×, no cliff).
6. Peak memory of ``perfeval batch`` over 100 to 10,000 cards (goal: flat).

1 and 2 are given twice: *warm*, the best of several repetitions over the
same cards (perfeval's parse caches hit after the first), and *cold*, every
repetition with the caches cleared first, as a finance tool meets new cards.
The garbage collector stays on and every result is kept until the repetition
ends, as a tool that holds its results would.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import yaml

import perfeval
from bench.generate import card_text, generate, write_cards

ROOT = Path(__file__).resolve().parent.parent


def best_of(function: Callable[[], object], repeat: int) -> float:
    """The fastest of ``repeat`` runs, in seconds."""
    return interleaved([function], repeat)[0]


def interleaved(
    functions: list[Callable[[], object]], repeat: int, cold: frozenset[int] = frozenset()
) -> list[float]:
    """The fastest of ``repeat`` runs of each function, the functions taken in
    turn in every round (A B C, A B C, …), so that a machine whose load
    drifts during the run slows a baseline and what is compared with it
    alike. Before each function whose index is in ``cold``, perfeval's
    caches are cleared."""
    best = [float("inf")] * len(functions)
    for _ in range(repeat):
        for i, function in enumerate(functions):
            if i in cold:
                clear_caches()
            started = time.perf_counter()
            function()
            best[i] = min(best[i], time.perf_counter() - started)
    return best


def clear_caches() -> None:
    """Empty every memo of perfeval's parsers (targets, quantities, …), so
    that the next repetition reads its texts as if for the first time."""
    for name, module in list(sys.modules.items()):
        if not name.startswith("perfeval"):
            continue
        for value in list(vars(module).values()):
            if (
                callable(value)
                and hasattr(value, "cache_clear")
                and module.__name__ == getattr(value, "__module__", None)
            ):
                if name.endswith("frameworks"):
                    continue  # the shipped frameworks are read once per process, by design
                value.cache_clear()


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
    """Warm: the same cards scored again (their plans made by the first
    score). Cold: every repetition scores cards loaded afresh (caches
    cleared, not timed), so each first score makes its card's plan."""
    texts = generate(count, seed=2020)
    cards = [perfeval.loads(text) for text in texts]
    indicators = sum(len(c.indicators) for c in cards)
    rows = _bare_rows(cards)
    fresh: list[perfeval.Scorecard] = []

    def load_fresh() -> None:  # not a measurement: cards for the cold run
        fresh[:] = [perfeval.loads(text) for text in texts]

    def cold_run() -> None:
        kept = [perfeval.score(c) for c in fresh]
        del kept

    bare, ours, _, cold = interleaved(
        [
            lambda: bare_loop(rows),
            lambda: [perfeval.score(c) for c in cards],
            load_fresh,
            cold_run,
        ],
        repeat,
        cold=frozenset({2}),
    )
    return {
        "cards": count,
        "indicators": indicators,
        "perfeval_per_second": indicators / ours,
        "cold_per_second": indicators / cold,
        "bare_per_second": len(rows) / bare,
        "ratio": (ours / indicators) / (bare / len(rows)),
        "cold_ratio": (cold / indicators) / (bare / len(rows)),
    }


def bench_loading(count: int, repeat: int) -> dict[str, float]:
    """Load + validate + score files against ``yaml.load`` of the same files;
    and, for tools that hold plain data already, ``from_dict`` + score of the
    same cards as JSON text read with ``json.loads``, against the same baseline."""
    with tempfile.TemporaryDirectory() as folder:
        paths = write_cards(Path(folder), count, seed=2021)
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        as_json = [
            json.dumps(yaml.load(p.read_text(encoding="utf-8"), Loader=loader), default=str)
            for p in paths
        ]

        def baseline() -> None:
            for path in paths:
                with path.open("rb") as stream:
                    yaml.load(stream.read().decode("utf-8"), Loader=loader)

        def ours() -> None:
            kept = [perfeval.score(perfeval.load(path)) for path in paths]
            del kept

        def from_json() -> None:
            kept = [perfeval.score(perfeval.from_dict(json.loads(t))) for t in as_json]
            del kept

        base, mine, cold, plain = interleaved(
            [baseline, ours, ours, from_json], repeat, cold=frozenset({2, 3})
        )
    return {
        "cards": count,
        "yaml_load_seconds": base,
        "perfeval_seconds": mine,
        "cold_seconds": cold,
        "from_dict_seconds": plain,
        "ratio": mine / base,
        "cold_ratio": cold / base,
        "from_dict_ratio": plain / base,
    }


def bench_sweep(sizes: tuple[int, ...], repeat: int) -> dict[str, object]:
    """Load + score of one card of each size, per indicator, caches cleared;
    every repetition reads a new card (another seed), so no text repeats."""
    per_indicator = {}
    for size in sizes:
        texts = [card_text(1, random.Random(size * 100 + r), size) for r in range(repeat)]
        times = []
        for text in texts:
            clear_caches()
            started = time.perf_counter()
            result = perfeval.score(perfeval.loads(text))
            times.append(time.perf_counter() - started)
            del result
        per_indicator[size] = min(times) / size
    base = 100 if 100 in per_indicator else min(per_indicator)
    return {
        "microseconds_per_indicator": {k: v * 1e6 for k, v in per_indicator.items()},
        "ratio_largest_to_100": per_indicator[max(per_indicator)] / per_indicator[base],
    }


_PEAK = (
    "import resource, subprocess, sys; subprocess.run(sys.argv[1:], check=True, "
    "stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL); "
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
)


def bench_batch_memory(counts: tuple[int, ...]) -> dict[str, object]:
    """Peak resident memory (MiB) of ``perfeval batch --jobs 1`` per folder size."""
    peaks = {}
    with tempfile.TemporaryDirectory() as folder:
        for count in counts:
            cards = Path(folder) / f"cards{count}"
            write_cards(cards, count, seed=2023)
            out = str(Path(folder) / "out.csv")
            command = _cli("batch", str(cards), "--jobs", "1", "--format", "csv", "-o", out)
            env = dict(os.environ, PYTHONPATH=str(ROOT))
            done = subprocess.run(
                [sys.executable, "-c", _PEAK, *command],
                check=True,
                env=env,
                capture_output=True,
                text=True,
            )
            peaks[count] = int(done.stdout.split()[-1]) / 1024
    return {
        "peak_mib": peaks,
        "ratio_largest_to_smallest": peaks[max(peaks)] / peaks[min(peaks)],
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
        one, two = interleaved(
            [
                lambda j=jobs: _run(_cli("batch", cards, "--jobs", j, "--format", "csv", "-o", out))  # type: ignore[misc]
                for jobs in ("1", "2")
            ],
            repeat,
        )
    return {
        "cards": count,
        "jobs1_seconds": one,
        "jobs2_seconds": two,
        "speedup": one / two,
        "cpus": os.cpu_count() or 1,
    }


def bench_startup(repeat: int) -> dict[str, float]:
    """``perfeval score`` on one small card, JSON and table, against
    ``python -c "import yaml"``, as from an installed wheel: bytecode
    compiled first (pip compiles it at install; PYTHONDONTWRITEBYTECODE is
    dropped from the children's environment, so each run reads the .pyc)."""
    import compileall

    package = Path(perfeval.__file__).resolve().parent
    compileall.compile_dir(str(package), quiet=1)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    if package.parent == ROOT:
        env["PYTHONPATH"] = str(ROOT)

    def run(command: list[str]) -> None:
        subprocess.run(
            command, check=True, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )

    card = str(ROOT / "examples" / "yueyang-2020.yaml")
    base, as_json, table = interleaved(
        [
            lambda: run([sys.executable, "-c", "import yaml"]),
            lambda: run(_cli("score", "--format", "json", card)),
            lambda: run(_cli("score", card)),
        ],
        repeat,
    )
    return {
        "import_yaml_seconds": base,
        "json_seconds": as_json,
        "table_seconds": table,
        "json_ratio": as_json / base,
        "table_ratio": table / base,
    }


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
        f"1. in-memory scoring: warm {r['perfeval_per_second']:,.0f} indicators/s, cold "
        f"{r['cold_per_second']:,.0f}/s (bare loop {r['bare_per_second']:,.0f}/s); ratio warm "
        f"{r['ratio']:.2f}x, cold {r['cold_ratio']:.2f}x [goal <= 5x, stretch <= 3x]"
    )

    r = bench_loading(100 if quick else 1000, 3)
    results["loading"] = r
    print(
        f"2. load+validate+score {r['cards']} files: warm {r['perfeval_seconds']:.3f}s, cold "
        f"{r['cold_seconds']:.3f}s vs yaml.load {r['yaml_load_seconds']:.3f}s; ratio warm "
        f"{r['ratio']:.2f}x, cold {r['cold_ratio']:.2f}x [goal <= 1.3x cold]; json.loads + "
        f"from_dict + score {r['from_dict_seconds']:.3f}s ({r['from_dict_ratio']:.2f}x)"
    )

    r = bench_batch(500 if quick else 10_000, 1 if quick else 2)
    results["batch"] = r
    print(
        f"3. batch of {r['cards']} cards: --jobs 1 {r['jobs1_seconds']:.2f}s, --jobs 2 "
        f"{r['jobs2_seconds']:.2f}s; speedup {r['speedup']:.2f}x on {r['cpus']} CPUs "
        f"[goal >= 1.7x]"
    )

    r = bench_startup(5 if quick else 20)
    results["startup"] = r
    print(
        f"4. CLI start-up: perfeval score --format json {r['json_seconds'] * 1000:.0f} ms, "
        f"table {r['table_seconds'] * 1000:.0f} ms vs import yaml "
        f"{r['import_yaml_seconds'] * 1000:.0f} ms; ratio json {r['json_ratio']:.2f}x "
        f"[goal <= 2.5x], table {r['table_ratio']:.2f}x [goal <= 3.5x]"
    )
    r = bench_sweep((10, 100, 1000) if quick else (10, 100, 1000, 3000, 5000, 10_000), 3)
    results["sweep"] = r
    sizes = ", ".join(f"{k:,}: {v:.0f}" for k, v in r["microseconds_per_indicator"].items())
    print(
        f"5. load+score per indicator (us), cold, by card size: {sizes}; largest/100 "
        f"{r['ratio_largest_to_100']:.2f}x [goal <= 1.3x]"
    )

    r = bench_batch_memory((100, 300) if quick else (100, 1000, 10_000))
    results["batch_memory"] = r
    peaks = ", ".join(f"{k:,} cards: {v:.0f}" for k, v in r["peak_mib"].items())
    print(
        f"6. batch peak memory (MiB): {peaks}; largest/smallest "
        f"{r['ratio_largest_to_smallest']:.2f}x [goal: flat]"
    )
    if args.json:
        args.json.write_text(json.dumps(results, indent=2, default=str), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
