"""How long reading a published form takes, beyond the libraries' import.

    python -m bench.forms          # a 20-row form as .docx, .html, .xlsx and .pdf

Each format's library is imported first (a warm-up read), then the same
form is read ``repeat`` times and the best time kept.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path


def twenty_rows() -> list[list[tuple[str, int, int]]]:
    from tests.forms import c

    head = ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分",
            "偏差原因分析及改进措施"]  # fmt: skip
    table = [[c("项目支出绩效自评表（2022年度）", 1, 8)], [c(h) for h in head]]
    for i in range(20):
        first = [c("产出指标", 20)] if i == 0 else []
        table.append([*first, c("数量指标"), c(f"指标{i}"), c("≥50个"), c("52个"), c("4.5"),
                      c("4.5"), c("")])  # fmt: skip
    table.append([c("总分", 1, 5), c("90"), c("90"), c("")])
    return table


def bench_forms(repeat: int = 20) -> dict[str, float]:
    """Best milliseconds to read the 20-row form, per format."""
    from perfeval.read.forms import read_forms
    from tests import forms as F  # noqa: N812

    table = twenty_rows()
    out: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as folder:
        for suffix, data in (
            (".docx", F.to_docx([table])),
            (".html", F.to_html(table)),
            (".xlsx", F.to_xlsx([table])),
            (".pdf", F.to_pdf([table])),
        ):
            path = Path(folder) / f"form{suffix}"
            path.write_bytes(data)
            forms, problems = read_forms(path)  # warm-up: the library's import
            assert len(forms[0].data["indicators"]) == 20
            assert not problems
            best = float("inf")
            for _ in range(repeat if suffix != ".pdf" else 3):
                start = time.perf_counter()
                read_forms(path)
                best = min(best, time.perf_counter() - start)
            out[suffix] = best * 1000
    return out


def bench_review_jobs(
    count: int = 300, suffix: str = ".docx", fmt: str = "csv"
) -> dict[int, tuple[float, float]]:
    """Wall and CPU seconds (user + sys of the run and its workers) for
    ``perfeval review FOLDER --jobs N`` (N = 1, 2) over ``count`` copies of
    the 20-row form, each run in a fresh process. On a shared machine the
    wall time depends on the other load; the CPU time much less."""
    import resource
    import subprocess

    from tests import forms as F  # noqa: N812

    writer = {".docx": lambda t: F.to_docx([t]), ".html": F.to_html}[suffix]
    data = writer(twenty_rows())
    out: dict[int, tuple[float, float]] = {}

    def cpu() -> float:
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)  # waited-for descendants
        return usage.ru_utime + usage.ru_stime

    with tempfile.TemporaryDirectory() as folder:
        for i in range(count):
            (Path(folder) / f"form{i:03}{suffix}").write_bytes(data)
        for jobs in (1, 2):
            start, used = time.perf_counter(), cpu()
            subprocess.run(
                [sys.executable, "-m", "perfeval", "review", folder, "--jobs", str(jobs),
                 "--format", fmt],
                capture_output=True, check=False,
            )  # fmt: skip
            out[jobs] = (time.perf_counter() - start, cpu() - used)
    return out


def split_cpu(jobs: int, folder: str, fmt: str = "csv") -> tuple[float, float, float]:
    """Wall seconds, the parent's CPU and the workers' CPU of one
    ``perfeval review FOLDER --jobs N`` run in this process (run it in a
    fresh one: ``python -m bench.forms --split JOBS FOLDER [FORMAT]``)."""
    import io
    import resource

    from perfeval.cli import main

    start = time.perf_counter()
    main(["review", folder, "--jobs", str(jobs), "--format", fmt],
         stdout=io.StringIO(), stderr=io.StringIO())  # fmt: skip
    wall = time.perf_counter() - start
    me = resource.getrusage(resource.RUSAGE_SELF)
    them = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, me.ru_utime + me.ru_stime, them.ru_utime + them.ru_stime


if __name__ == "__main__":
    if "--split" in sys.argv:
        at = sys.argv.index("--split")
        jobs, folder, *rest = sys.argv[at + 1 :]
        wall, parent, workers = split_cpu(int(jobs), folder, *rest[:1])
        print(f"--jobs {jobs}: wall {wall:.2f} s, parent CPU {parent:.2f} s, "
              f"workers' CPU {workers:.2f} s")  # fmt: skip
        sys.exit(0)
    for suffix, ms in bench_forms().items():
        print(f"{suffix:6} {ms:7.1f} ms")
    if "--jobs" in sys.argv:
        for fmt in ("csv", "table", "json"):
            timed = bench_review_jobs(fmt=fmt)
            for jobs, (wall, cpu) in timed.items():
                print(f"review 300 .docx forms --format {fmt} --jobs {jobs}: "
                      f"wall {wall:5.2f} s, cpu {cpu:5.2f} s")  # fmt: skip
            print(f"  --jobs 2 / --jobs 1: wall {timed[2][0] / timed[1][0]:.2f}")
    sys.exit(0)
