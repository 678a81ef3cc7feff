"""The benchmarks run (a smoke test: their numbers are measured, not tested)."""

from __future__ import annotations

import json
from pathlib import Path

from bench.run import main


def test_quick_benchmark_runs(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["--quick", "--json", str(tmp_path / "out.json")]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line[:2] for line in lines[1:]] == ["1.", "2.", "3.", "4.", "5.", "6."]
    data = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))
    assert set(data) == {
        "machine",
        "scoring",
        "loading",
        "batch",
        "startup",
        "sweep",
        "batch_memory",
    }
    assert data["sweep"]["microseconds_per_indicator"].keys() == {"10", "100", "1000"}
    assert data["scoring"]["cold_per_second"] > 0
    assert data["batch"]["cards"] == 500


def test_startup_layers_run(capsys) -> None:  # type: ignore[no-untyped-def]
    """bench.startup measures each layer of start-up in a fresh process."""
    from bench import startup

    assert startup.main(["--repeat", "1"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert "attrs" in lines[0]
    assert len(lines) == 1 + len(startup.LAYERS) + 2  # and the two floors
    assert "floor, JSON" in lines[-2]
    assert "floor, table" in lines[-1]
    assert lines[1].split()[2] == "1.00x"  # import yaml, the baseline
